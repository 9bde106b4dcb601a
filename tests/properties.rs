//! Property tests (quickcheck): the dual's tangents against independent oracles on random
//! inputs.
//!
//! * every elementary function and operator against a numerical derivative;
//! * the product, quotient and chain rules against hand-written derivative formulas;
//! * identities (d/dx exp(ln x) = 1, d/dx (sin² x + cos² x) = 0);
//! * gradients with N > 1 tangent components;
//! * random expression trees against the symbolic differentiator of `common::expression`, to first
//!   order (`Dual<f64, 1>`, `Dual<f64, 3>`) and second order (`Dual<Dual<f64, 1>, 1>`).
//!
//! # The numerical derivative
//!
//! `numeric_derivative` is a fourth-order central difference: two central differences
//! `C(h) = (f(x+h) - f(x-h)) / 2h` with `h = 1e-3 · max(|x|, 1e-2)` and `h/2`, combined by
//! Richardson extrapolation `(4 C(h/2) - C(h)) / 3`, which cancels the `h²` error term.
//! What is left is `h⁴ f⁽⁵⁾/480` (truncation, below 1e-9 relative on the domains used) and
//! about `1e-15 |f| / h` (rounding). The dual's slope `d` must then satisfy
//! `|d - numeric| <= 1e-7 · (|d| + F / max(|x|, 1e-2))`, with `F` the largest `|f|` at the
//! sample points: a relative tolerance of 1e-7, with a floor of 1e-7 times the scale of
//! the rounding error (1e-12 of the same) so that slopes crossing zero are still checked. A wrong derivative formula (a sign, a factor, a
//! missing term) misses by far more than that.

mod common;

use common::expression::Expr::{self, *};
use common::expression::{NVARS, d, eval, magnitude, matches_symbolic};
use common::functions::{Id, Id2, binary, unary, unary_row};
use common::oracles::{agrees_with_numeric, numeric_derivative};
use dualnum::Dual;
use num_traits::{Float, Pow, Signed};
use quickcheck::{Arbitrary, Gen, QuickCheck, TestResult};

type D1 = Dual<f64, 1>;
type D2 = Dual<f64, 2>;
type D3 = Dual<f64, 3>;

/// How many random cases each property runs (quickcheck's default is 100).
const TESTS: u64 = 1000;

fn check<A: Arbitrary + std::fmt::Debug>(prop: fn(A) -> TestResult) {
    QuickCheck::new()
        .tests(TESTS)
        .max_tests(100 * TESTS)
        .quickcheck(prop);
}

fn check2<A, B>(prop: fn(A, B) -> TestResult)
where
    A: Arbitrary + std::fmt::Debug,
    B: Arbitrary + std::fmt::Debug,
{
    QuickCheck::new()
        .tests(TESTS)
        .max_tests(100 * TESTS)
        .quickcheck(prop);
}

// ----- random numbers in a domain ------------------------------------------------------

/// A number uniform in [0, 1): the top 53 bits of quickcheck's random `u64`.
#[derive(Clone, Copy, Debug)]
struct Unit(f64);

impl Arbitrary for Unit {
    fn arbitrary(g: &mut Gen) -> Self {
        Unit((u64::arbitrary(g) >> 11) as f64 / (1u64 << 53) as f64)
    }

    /// Shorter decimals (1, 2, 4 digits) for a readable failing case.
    fn shrink(&self) -> Box<dyn Iterator<Item = Unit>> {
        let u = self.0;
        let shorter = [1e1, 1e2, 1e4]
            .into_iter()
            .map(move |scale| ((u * scale).round() / scale).min(1.0 - f64::EPSILON))
            .filter(move |&v| v != u)
            .map(Unit);
        Box::new(shorter)
    }
}

impl Unit {
    /// Uniform in [lo, hi).
    fn lin(self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.0
    }

    /// Log-uniform in [lo, hi), 0 < lo < hi.
    fn log(self, lo: f64, hi: f64) -> f64 {
        (lo.ln() + (hi.ln() - lo.ln()) * self.0).exp()
    }

    /// Log-uniform magnitude in [lo, hi), either sign.
    fn both(self, lo: f64, hi: f64) -> f64 {
        let u = 2.0 * self.0;
        if u < 1.0 {
            -Unit(u).log(lo, hi)
        } else {
            Unit(u - 1.0).log(lo, hi)
        }
    }

    /// `k + f` with an integer `k` in [-10, 10) and `f` in (0.05, 0.45): at least 0.05 away
    /// from every integer and half-integer (the jumps of floor, ceil, round, trunc, fract).
    fn between_jumps(self) -> f64 {
        let t = self.0 * 20.0;
        t.floor() - 10.0 + 0.05 + 0.4 * t.fract()
    }
}

// ----- the numerical oracle ------------------------------------------------------------

fn to_result(r: Result<(), String>) -> TestResult {
    match r {
        Ok(()) => TestResult::passed(),
        Err(msg) => TestResult::error(msg),
    }
}

// ----- every one-argument function and operator ----------------------------------------

/// `(name, on a dual, on f64, where to sample)`.
type Unary = (&'static str, fn(D1) -> D1, fn(f64) -> f64, fn(Unit) -> f64);

/// Where to sample each row of the typed table (`common::functions::unary`): an exhaustive
/// match, so a new row needs its domain here.
fn sample(id: Id) -> fn(Unit) -> f64 {
    match id {
        Id::exp => |u| u.lin(-20.0, 20.0),
        Id::exp2 => |u| u.lin(-30.0, 30.0),
        Id::exp_m1 => |u| u.lin(-20.0, 20.0),
        Id::ln => |u| u.log(1e-3, 1e3),
        Id::ln_1p => |u| u.lin(-0.9, 100.0),
        Id::log2 => |u| u.log(1e-3, 1e3),
        Id::log10 => |u| u.log(1e-3, 1e3),
        Id::sqrt => |u| u.log(1e-3, 1e3),
        Id::cbrt => |u| u.both(1e-3, 1e3),
        Id::recip => |u| u.both(1e-2, 1e2),
        Id::inv => |u| u.both(1e-2, 1e2),
        Id::sin => |u| u.lin(-10.0, 10.0),
        Id::cos => |u| u.lin(-10.0, 10.0),
        Id::sin_cos_0 => |u| u.lin(-10.0, 10.0),
        Id::sin_cos_1 => |u| u.lin(-10.0, 10.0),
        Id::tan => |u| u.lin(-1.4, 1.4),
        Id::asin => |u| u.lin(-0.9, 0.9),
        Id::acos => |u| u.lin(-0.9, 0.9),
        Id::atan => |u| u.lin(-50.0, 50.0),
        Id::sinh => |u| u.lin(-10.0, 10.0),
        Id::cosh => |u| u.lin(-10.0, 10.0),
        Id::tanh => |u| u.lin(-10.0, 10.0),
        Id::asinh => |u| u.lin(-100.0, 100.0),
        Id::acosh => |u| u.log(1.1, 1e3),
        Id::atanh => |u| u.lin(-0.9, 0.9),
        Id::abs => |u| u.both(1e-2, 1e2),
        Id::signum => |u| u.both(1e-2, 1e2),
        Id::floor => Unit::between_jumps,
        Id::ceil => Unit::between_jumps,
        Id::round => Unit::between_jumps,
        Id::trunc => Unit::between_jumps,
        Id::fract => Unit::between_jumps,
        Id::sigmoid => |u| u.lin(-30.0, 30.0),
        Id::softplus => |u| u.lin(-30.0, 30.0),
        Id::relu => |u| u.both(1e-2, 1e2),
        Id::unit_step => |u| u.both(1e-2, 1e2),
        Id::to_degrees => |u| u.lin(-1e3, 1e3),
        Id::to_radians => |u| u.lin(-1e3, 1e3),
        Id::neg => |u| u.lin(-1e3, 1e3),
    }
}

/// The forms beyond the table's rows: fixed bases and exponents, other call paths, a plain
/// float on either side of an operator.
const FORMS: &[Unary] = &[
    (
        "log base 3",
        |x| x.log(3.0),
        |x| x.log(3.0),
        |u| u.log(1e-3, 1e3),
    ),
    (
        "log base 0.5",
        |x| x.log(0.5),
        |x| x.log(0.5),
        |u| u.log(1e-3, 1e3),
    ),
    (
        "Float::log constant base 7",
        |x| Float::log(x, D1::constant(7.0)),
        |x| x.log(7.0),
        |u| u.log(1e-3, 1e3),
    ),
    (
        "powi(2)",
        |x| x.powi(2),
        |x| x.powi(2),
        |u| u.lin(-10.0, 10.0),
    ),
    (
        "powi(3)",
        |x| x.powi(3),
        |x| x.powi(3),
        |u| u.lin(-10.0, 10.0),
    ),
    (
        "powi(7)",
        |x| x.powi(7),
        |x| x.powi(7),
        |u| u.both(1e-2, 10.0),
    ),
    (
        "powi(-1)",
        |x| x.powi(-1),
        |x| x.powi(-1),
        |u| u.both(1e-2, 1e2),
    ),
    (
        "powi(-3)",
        |x| x.powi(-3),
        |x| x.powi(-3),
        |u| u.both(1e-2, 1e2),
    ),
    (
        "Pow<i32>",
        |x| Pow::pow(x, 4),
        |x| x.powi(4),
        |u| u.both(1e-2, 1e2),
    ),
    (
        "powf(2.5)",
        |x| x.powf(2.5),
        |x| x.powf(2.5),
        |u| u.log(1e-3, 1e3),
    ),
    (
        "powf(-0.7)",
        |x| x.powf(-0.7),
        |x| x.powf(-0.7),
        |u| u.log(1e-3, 1e3),
    ),
    (
        "powf(1/3)",
        |x| x.powf(1.0 / 3.0),
        |x| x.powf(1.0 / 3.0),
        |u| u.log(1e-3, 1e3),
    ),
    (
        "powf(2) negative base",
        |x| x.powf(2.0),
        |x| x.powf(2.0),
        |u| u.lin(-10.0, 10.0),
    ),
    (
        "Pow<f64>",
        |x| Pow::pow(x, 1.5),
        |x| x.powf(1.5),
        |u| u.log(1e-3, 1e3),
    ),
    (
        "Float::powf constant exponent",
        |x| Float::powf(x, D1::constant(-1.5)),
        |x| x.powf(-1.5),
        |u| u.log(1e-3, 1e3),
    ),
    (
        "Signed::abs",
        |x| Signed::abs(&x),
        f64::abs,
        |u| u.both(1e-2, 1e2),
    ),
    ("x + 2.5", |x| x + 2.5, |x| x + 2.5, |u| u.lin(-1e3, 1e3)),
    ("x - 2.5", |x| x - 2.5, |x| x - 2.5, |u| u.lin(-1e3, 1e3)),
    ("x * 2.5", |x| x * 2.5, |x| x * 2.5, |u| u.lin(-1e3, 1e3)),
    ("x / 2.5", |x| x / 2.5, |x| x / 2.5, |u| u.lin(-1e3, 1e3)),
    (
        "x % 2.5",
        |x| x % 2.5,
        |x| x % 2.5,
        |u| 2.5 * u.between_jumps(),
    ),
    ("2.5 + x", |x| 2.5 + x, |x| 2.5 + x, |u| u.lin(-1e3, 1e3)),
    ("2.5 - x", |x| 2.5 - x, |x| 2.5 - x, |u| u.lin(-1e3, 1e3)),
    ("2.5 * x", |x| 2.5 * x, |x| 2.5 * x, |u| u.lin(-1e3, 1e3)),
    ("2.5 / x", |x| 2.5 / x, |x| 2.5 / x, |u| u.both(1e-2, 1e2)),
    (
        "2.5 % x",
        |x| 2.5 % x,
        |x| 2.5 % x,
        |u| 2.5 / u.between_jumps(),
    ),
    (
        "Float::abs_sub(x, 1.5)",
        |x| Float::abs_sub(x, D1::constant(1.5)),
        |x| (x - 1.5).max(0.0),
        |u| 1.5 + u.both(1e-2, 1e2),
    ),
    (
        "Float::copysign(x, -2)",
        |x| x.copysign(D1::constant(-2.0)),
        |x| x.copysign(-2.0),
        |u| u.both(1e-2, 1e2),
    ),
    (
        "Float::copysign(x, 2)",
        |x| x.copysign(D1::constant(2.0)),
        |x| x.copysign(2.0),
        |u| u.both(1e-2, 1e2),
    ),
];

#[test]
fn every_unary_function_matches_the_numerical_derivative() {
    fn prop(u: Unit) -> TestResult {
        let rows = unary::<f64, 1>()
            .into_iter()
            .map(|r| (r.name, r.inherent, r.f64, sample(r.id)));
        for (name, dual, plain, domain) in rows.chain(FORMS.iter().copied()) {
            let x = domain(u);
            let y = dual(D1::variable(x, 0));
            if y.re.to_bits() != plain(x).to_bits() && (y.re - plain(x)).abs() > 1e-14 * y.re.abs()
            {
                return TestResult::error(format!(
                    "{name} at {x:e}: value {:e}, f64 gives {:e}",
                    y.re,
                    plain(x)
                ));
            }
            if let Err(msg) = agrees_with_numeric(name, y.eps[0], plain, x) {
                return TestResult::error(msg);
            }
        }
        TestResult::passed()
    }
    check(prop as fn(Unit) -> TestResult);
}

#[test]
fn integer_powers_match_the_numerical_derivative() {
    fn prop(n: i8, u: Unit) -> TestResult {
        let n = i32::from(n % 12);
        let x = u.both(0.1, 10.0);
        let y = D1::variable(x, 0).powi(n);
        to_result(agrees_with_numeric(
            &format!("powi({n})"),
            y.eps[0],
            |t| t.powi(n),
            x,
        ))
    }
    check2(prop as fn(i8, Unit) -> TestResult);
}

#[test]
fn real_powers_match_the_numerical_derivative() {
    fn prop(n: Unit, u: Unit) -> TestResult {
        let n = n.lin(-6.0, 6.0);
        let x = u.log(1e-2, 1e2);
        let y = D1::variable(x, 0).powf(n);
        to_result(agrees_with_numeric(
            &format!("powf({n})"),
            y.eps[0],
            |t| t.powf(n),
            x,
        ))
    }
    check2(prop as fn(Unit, Unit) -> TestResult);
}

// ----- every two-argument function, both partial derivatives ---------------------------

/// `(path, name, on duals, on f64, where to sample (a, b))`.
type Binary = (
    &'static str,
    &'static str,
    fn(D2, D2) -> D2,
    fn(f64, f64) -> f64,
    fn(Unit, Unit) -> (f64, f64),
);

/// Where to sample each row of the typed table (`common::functions::binary`), an exhaustive
/// match. Every path with a dual second argument is checked: the inherent call and the
/// `Float` path (`powf` and `log` take a plain second argument inherently: their `Float`
/// paths only; plain exponents are `real_powers_match_the_numerical_derivative`).
fn sample2(id: Id2) -> fn(Unit, Unit) -> (f64, f64) {
    match id {
        Id2::add | Id2::sub | Id2::mul => |u, v| (u.lin(-1e3, 1e3), v.lin(-1e3, 1e3)),
        Id2::div => |u, v| (u.lin(-1e3, 1e3), v.both(1e-2, 1e2)),
        Id2::rem => |u, v| {
            // a / b = k + f, 0.05 away from the jumps of trunc(a/b).
            let b = v.both(0.1, 10.0);
            (b * u.between_jumps(), b)
        },
        Id2::pow | Id2::powf => |u, v| (u.log(0.1, 10.0), v.lin(-3.0, 3.0)),
        Id2::log => |u, v| (u.log(1e-2, 1e2), v.log(1.5, 10.0)),
        Id2::hypot | Id2::copysign => |u, v| (u.both(1e-2, 1e2), v.both(1e-2, 1e2)),
        // Away from the branch cut (b < 0, a = 0), where atan2 jumps by 2π.
        Id2::atan2 => |u, v| (u.both(1e-1, 1e2), v.both(1e-2, 1e2)),
        Id2::max | Id2::min | Id2::abs_sub => |u, v| {
            let a = u.lin(-10.0, 10.0);
            (a, a + v.both(1e-1, 10.0))
        },
    }
}

/// Every path of every row of the table with a dual second argument, and where to sample it.
fn binary_paths() -> Vec<Binary> {
    let mut out = Vec::new();
    for row in binary::<f64, 2>() {
        let inherent = (!row.second_plain).then_some(("", row.inherent));
        for (path, f) in [inherent, row.float.map(|f| ("Float::", f))]
            .into_iter()
            .flatten()
        {
            out.push((path, row.name, f, row.f64, sample2(row.id)));
        }
    }
    out
}

#[test]
fn every_binary_function_matches_the_numerical_partials() {
    fn prop(u: Unit, v: Unit) -> TestResult {
        for (path, name, dual, plain, domain) in binary_paths() {
            let name = format!("{path}{name}");
            let (a, b) = domain(u, v);
            let [da, db] = D2::variables([a, b]);
            let y = dual(da, db);
            if y.re != plain(a, b) {
                return TestResult::error(format!(
                    "{name} at ({a:e}, {b:e}): value {:e}, f64 gives {:e}",
                    y.re,
                    plain(a, b)
                ));
            }
            let wrt_a = agrees_with_numeric(
                &format!("d/da {name}(a, b = {b:e})"),
                y.eps[0],
                |t| plain(t, b),
                a,
            );
            let wrt_b = agrees_with_numeric(
                &format!("d/db {name}(a = {a:e}, b)"),
                y.eps[1],
                |t| plain(a, t),
                b,
            );
            if let Err(msg) = wrt_a.and(wrt_b) {
                return TestResult::error(msg);
            }
        }
        TestResult::passed()
    }
    check2(prop as fn(Unit, Unit) -> TestResult);
}

#[test]
fn mul_add_and_clamp_match_the_numerical_partials() {
    fn prop(u: Unit, v: Unit) -> TestResult {
        // mul_add(x, a, b) = x a + b, three partials.
        let (x, a, b) = (u.lin(-10.0, 10.0), v.lin(-10.0, 10.0), u.lin(-3.0, 7.0));
        let [dx, da, db] = D3::variables([x, a, b]);
        for (name, y) in [
            ("mul_add", dx.mul_add(da, db)),
            ("Float::mul_add", Float::mul_add(dx, da, db)),
            ("MulAdd::mul_add", num_traits::MulAdd::mul_add(dx, da, db)),
        ] {
            let r = agrees_with_numeric(name, y.eps[0], |t| t.mul_add(a, b), x)
                .and(agrees_with_numeric(name, y.eps[1], |t| x.mul_add(t, b), a))
                .and(agrees_with_numeric(name, y.eps[2], |t| x.mul_add(a, t), b));
            if r.is_err() {
                return to_result(r);
            }
        }
        // clamp(x, lo, hi) with x below, inside and above [lo, hi], away from the bounds.
        let lo = u.lin(-5.0, 5.0);
        let hi = lo + 1.0 + 4.0 * v.0;
        for x in [lo - 0.5 - v.0, (lo + hi) / 2.0, hi + 0.5 + u.0] {
            let [dx, dlo, dhi] = D3::variables([x, lo, hi]);
            for (name, y) in [
                ("clamp", dx.clamp(dlo, dhi)),
                ("Float::clamp", Float::clamp(dx, dlo, dhi)),
            ] {
                let r = agrees_with_numeric(name, y.eps[0], |t| t.clamp(lo, hi), x)
                    .and(agrees_with_numeric(name, y.eps[1], |t| x.clamp(t, hi), lo))
                    .and(agrees_with_numeric(name, y.eps[2], |t| x.clamp(lo, t), hi));
                if r.is_err() {
                    return to_result(r);
                }
            }
        }
        TestResult::passed()
    }
    check2(prop as fn(Unit, Unit) -> TestResult);
}

/// The `%` rule against the defining identity of the remainder: `a % b = a - b k` with the
/// integer `k = trunc(a/b)` of the EXACT quotient, and `d(a % b)/db = -k`. The inputs are
/// built as `a = fl(b · n)`, so the exact quotient sits within an ulp of the integer `n`, on
/// either side: the cases where `trunc` of the rounded quotient `fl(a/b)` is off by one.
#[test]
fn remainder_tangent_uses_the_quotient_of_the_remainder() {
    fn prop(n: i16, v: Unit) -> TestResult {
        let n = f64::from(n % 1000);
        let b = v.both(1e-3, 1e3);
        let a = b * n;
        let [da, db] = D2::variables([a, b]);
        let r = da % db;
        // The value is the f64 remainder, and the tangent wrt a is 1.
        if r.re.to_bits() != (a % b).to_bits() || r.eps[0] != 1.0 {
            return TestResult::error(format!("{a:e} % {b:e} = {r}"));
        }
        // k = -d/db must be an integer with a - k b = a % b (to the rounding of a - k b).
        let k = -r.eps[1];
        let residual = (a - k * b) - r.re;
        let ok = k == k.trunc() && residual.abs() <= 4.0 * f64::EPSILON * a.abs().max(b.abs());
        if ok {
            TestResult::passed()
        } else {
            TestResult::error(format!(
                "{a:e} % {b:e} = {:e}, tangent wrt b = {:e}, but a - k b - r = {residual:e} for k = {k}",
                r.re, r.eps[1]
            ))
        }
    }
    check2(prop as fn(i16, Unit) -> TestResult);
}

// ----- product, quotient and chain rules against hand-written derivatives ---------------

/// `(name, on a dual, on f64, its derivative written by hand)`, all smooth on (0.1, 3).
type Smooth = (&'static str, fn(D1) -> D1, fn(f64) -> f64, fn(f64) -> f64);

/// The rows of the typed table the rules combine (their `slope` is the hand derivative).
const SMOOTH_ROWS: [Id; 11] = [
    Id::exp,
    Id::ln,
    Id::sin,
    Id::cos,
    Id::sqrt,
    Id::atan,
    // 1/cosh² x rather than the notes' 1 - tanh² x, which loses relative accuracy in the
    // tails (where tanh x rounds towards ±1); the crate keeps full accuracy there.
    Id::tanh,
    Id::sigmoid,
    Id::recip,
    Id::cbrt,
    Id::softplus,
];

/// The table's [`SMOOTH_ROWS`], and `x³` as a product of duals.
fn smooth() -> Vec<Smooth> {
    let mut out: Vec<Smooth> = SMOOTH_ROWS
        .iter()
        .map(|&id| {
            let r = unary_row::<f64, 1>(id);
            (r.name, r.inherent, r.f64, r.slope)
        })
        .collect();
    out.push(("cube", |x| x * x * x, |x| x * x * x, |x| 3.0 * x * x));
    out
}

/// `|got - expected| <= 1e-12 · scale`, where `scale` is the sum of the magnitudes of the
/// terms of the rule (so a rule whose terms cancel is not held to a relative tolerance of
/// its tiny result).
fn rule_holds(what: String, got: f64, expected: f64, scale: f64) -> TestResult {
    if !(expected.is_finite() && scale.is_finite()) {
        return TestResult::discard();
    }
    if (got - expected).abs() <= 1e-12 * scale {
        TestResult::passed()
    } else {
        TestResult::error(format!("{what}: dual {got:e}, rule {expected:e}"))
    }
}

fn pick(i: u8) -> Smooth {
    let all = smooth();
    all[usize::from(i) % all.len()]
}

#[test]
fn product_rule() {
    fn prop(i: u8, j: u8, u: Unit) -> TestResult {
        let ((nf, f, _, df), (ng, g, _, dg)) = (pick(i), pick(j));
        let x = u.lin(0.1, 3.0);
        let d = D1::variable(x, 0);
        let got = (f(d) * g(d)).eps[0];
        let (fx, gx) = (f(d).re, g(d).re);
        let (t1, t2) = (df(x) * gx, fx * dg(x));
        rule_holds(
            format!("({nf} · {ng})' at {x}"),
            got,
            t1 + t2,
            t1.abs() + t2.abs(),
        )
    }
    QuickCheck::new()
        .tests(TESTS)
        .quickcheck(prop as fn(u8, u8, Unit) -> TestResult);
}

#[test]
fn quotient_rule() {
    fn prop(i: u8, j: u8, u: Unit) -> TestResult {
        let ((nf, f, _, df), (ng, g, _, dg)) = (pick(i), pick(j));
        let x = u.lin(0.1, 3.0);
        let d = D1::variable(x, 0);
        let (fx, gx) = (f(d).re, g(d).re);
        if gx.abs() < 1e-3 {
            return TestResult::discard();
        }
        let got = (f(d) / g(d)).eps[0];
        let (t1, t2) = (df(x) * gx / (gx * gx), fx * dg(x) / (gx * gx));
        rule_holds(
            format!("({nf} / {ng})' at {x}"),
            got,
            t1 - t2,
            t1.abs() + t2.abs(),
        )
    }
    QuickCheck::new()
        .tests(TESTS)
        .quickcheck(prop as fn(u8, u8, Unit) -> TestResult);
}

#[test]
fn chain_rule() {
    fn prop(i: u8, j: u8, u: Unit) -> TestResult {
        // f(g(x)): f' at g(x), times g'(x).
        let ((nf, f, _, df), (ng, g, pg, dg)) = (pick(i), pick(j));
        let x = u.lin(0.1, 3.0);
        let inner = pg(x);
        let got = f(g(D1::variable(x, 0))).eps[0];
        let expected = df(inner) * dg(x);
        if !got.is_finite() && !expected.is_finite() {
            return TestResult::discard(); // e.g. ln of a negative inner value
        }
        rule_holds(
            format!("{nf}({ng}(x))' at {x}"),
            got,
            expected,
            expected.abs(),
        )
    }
    QuickCheck::new()
        .tests(TESTS)
        .quickcheck(prop as fn(u8, u8, Unit) -> TestResult);
}

// ----- identities ----------------------------------------------------------------------

#[test]
fn exp_of_ln_has_slope_one() {
    fn prop(u: Unit) -> TestResult {
        let x = u.log(1e-3, 1e3);
        let y = D1::variable(x, 0).ln().exp();
        // exp(ln x) = x (1 + δ) with |δ| a few ulps times |ln x|.
        TestResult::from_bool((y.eps[0] - 1.0).abs() <= 1e-14 && (y.re - x).abs() <= 1e-14 * x)
    }
    check(prop as fn(Unit) -> TestResult);
}

#[test]
fn sin_squared_plus_cos_squared_has_slope_zero() {
    fn prop(u: Unit) -> TestResult {
        let x = u.lin(-100.0, 100.0);
        let d = D1::variable(x, 0);
        let y = d.sin().powi(2) + d.cos() * d.cos();
        // 2 sin x cos x - 2 cos x sin x, each term at most 1.
        TestResult::from_bool(y.eps[0].abs() <= 4.0 * f64::EPSILON && (y.re - 1.0).abs() < 1e-15)
    }
    check(prop as fn(Unit) -> TestResult);
}

// ----- N > 1: gradients -----------------------------------------------------------------

/// A function of three variables, written once for any `Float`.
fn three<T: Float>(x: T, y: T, z: T) -> T {
    x * y.sin() * z.exp() + (x * x + y * y).ln() - z / y + (x * z).atan()
}

#[test]
fn gradient_components_match_the_numerical_partials() {
    fn prop(u: Unit, v: Unit, w: Unit) -> TestResult {
        let (x, y, z) = (u.both(0.1, 3.0), v.both(0.1, 3.0), w.lin(-2.0, 2.0));
        let [dx, dy, dz] = D3::variables([x, y, z]);
        let g = three(dx, dy, dz);
        if g.re != three(x, y, z) {
            return TestResult::error(format!("value {} vs {}", g.re, three(x, y, z)));
        }
        let r = agrees_with_numeric("∂/∂x", g.eps[0], |t| three(t, y, z), x)
            .and(agrees_with_numeric("∂/∂y", g.eps[1], |t| three(x, t, z), y))
            .and(agrees_with_numeric("∂/∂z", g.eps[2], |t| three(x, y, t), z));
        // The same gradient component by component, with one-component duals.
        let by_one = [
            three(D1::variable(x, 0), D1::constant(y), D1::constant(z)).eps[0],
            three(D1::constant(x), D1::variable(y, 0), D1::constant(z)).eps[0],
            three(D1::constant(x), D1::constant(y), D1::variable(z, 0)).eps[0],
        ];
        for (i, (a, b)) in g.eps.iter().zip(by_one.iter()).enumerate() {
            if (a - b).abs() > 1e-13 * a.abs().max(1.0) {
                return TestResult::error(format!(
                    "component {i}: N = 3 gives {a}, N = 1 gives {b}"
                ));
            }
        }
        to_result(r)
    }
    QuickCheck::new()
        .tests(TESTS)
        .quickcheck(prop as fn(Unit, Unit, Unit) -> TestResult);
}

#[test]
fn a_seeded_direction_gives_the_directional_derivative() {
    // Seeding the tangent with a direction v (not a unit vector) gives ∇f · v.
    fn prop(u: Unit, v: Unit, w: Unit) -> TestResult {
        let (x, y, z) = (u.both(0.1, 3.0), v.both(0.1, 3.0), w.lin(-2.0, 2.0));
        let dir = [w.lin(-1.0, 1.0), u.lin(-2.0, 2.0), v.lin(-3.0, 3.0)];
        let s = three(
            D1::new(x, [dir[0]]),
            D1::new(y, [dir[1]]),
            D1::new(z, [dir[2]]),
        );
        let line = |t: f64| three(x + t * dir[0], y + t * dir[1], z + t * dir[2]);
        let (numeric, scale) = numeric_derivative(line, 0.0);
        let tol = 1e-7 * (s.eps[0].abs() + scale);
        TestResult::from_bool((s.eps[0] - numeric).abs() <= tol)
    }
    QuickCheck::new()
        .tests(TESTS)
        .quickcheck(prop as fn(Unit, Unit, Unit) -> TestResult);
}

// ----- a user's generic function, differentiated unchanged ------------------------------

/// A generic function as a user would write it: a loop (Horner's rule), a branch on the
/// value, `powi`, `max`, constants through `T::from`, and transcendental functions.
fn user_function<T: Float>(x: T) -> T {
    let coefficients = [0.5, -1.25, 2.0, 0.75];
    let mut p = T::zero();
    for c in coefficients {
        p = p * x + T::from(c).unwrap();
    }
    let bump = if x > T::one() {
        (x - T::one()).powi(3)
    } else {
        T::zero()
    };
    p / (T::one() + x * x) + bump + x.sin().max(x.cos() * T::from(0.5).unwrap()) + x.exp().sqrt()
}

/// Its derivative, by hand.
fn user_function_derivative(x: f64) -> f64 {
    let p = ((0.5 * x - 1.25) * x + 2.0) * x + 0.75;
    let dp = (1.5 * x - 2.5) * x + 2.0;
    let q = 1.0 + x * x;
    let dbump = if x > 1.0 {
        3.0 * (x - 1.0).powi(2)
    } else {
        0.0
    };
    let dmax = if x.sin() > 0.5 * x.cos() {
        x.cos()
    } else {
        -0.5 * x.sin()
    };
    (dp * q - p * 2.0 * x) / (q * q) + dbump + dmax + 0.5 * x.exp().sqrt()
}

#[test]
fn a_generic_user_function_differentiates_unchanged() {
    fn prop(u: Unit) -> TestResult {
        let x = u.lin(-5.0, 5.0);
        // Farther than the numerical derivative's steps (at most 5e-3) from the kink of max
        // (where sin x = cos x / 2) and from x = 1, where the branch's third derivative jumps.
        if (x - 1.0).abs() < 2e-2 || (x.sin() - 0.5 * x.cos()).abs() < 2e-2 {
            return TestResult::discard();
        }
        let y = user_function(D1::variable(x, 0));
        let expected = user_function_derivative(x);
        let ok_value = y.re == user_function(x);
        let ok_slope = (y.eps[0] - expected).abs() <= 1e-12 * expected.abs().max(1.0);
        let ok_numeric = agrees_with_numeric("user function", y.eps[0], user_function, x);
        if ok_value && ok_slope && ok_numeric.is_ok() {
            TestResult::passed()
        } else {
            TestResult::error(format!(
                "at {x}: dual {y}, f64 value {}, hand derivative {expected}, {ok_numeric:?}",
                user_function(x)
            ))
        }
    }
    check(prop as fn(Unit) -> TestResult);
}

// ----- random expression trees against a symbolic differentiator ------------------------
//
// The trees, their evaluation and the differentiator are in `common::expression`.

fn inputs(u: Unit, v: Unit, w: Unit) -> [f64; NVARS] {
    [u.lin(-2.0, 3.0), v.lin(-2.0, 3.0), w.lin(-2.0, 3.0)]
}

/// First partials of a random tree, with `Dual<f64, 3>` (all three) and `Dual<f64, 1>`.
fn first_order(e: Expr, u: Unit, v: Unit, w: Unit) -> TestResult {
    let x = inputs(u, v, w);
    let value = eval(&e, &x);
    if !value.is_finite() {
        return TestResult::discard();
    }
    // All three partials at once, N = 3.
    let y3 = eval(&e, &D3::variables(x));
    // One partial, N = 1: x_0 varies, the others are constants.
    let y1 = eval(
        &e,
        &[
            D1::variable(x[0], 0),
            D1::constant(x[1]),
            D1::constant(x[2]),
        ],
    );
    if y3.re.to_bits() != value.to_bits() || y1.re.to_bits() != value.to_bits() {
        return TestResult::error(format!("values {} {} vs f64 {value}", y3.re, y1.re));
    }
    let mut compared = false;
    for i in 0..NVARS {
        let de = d(&e, i);
        match matches_symbolic(&format!("∂/∂x{i} (N = 3)"), y3.eps[i], &de, &x) {
            Ok(c) => compared |= c,
            Err(msg) => return TestResult::error(msg),
        }
        if i == 0
            && let Err(msg) = matches_symbolic("∂/∂x0 (N = 1)", y1.eps[0], &de, &x)
        {
            return TestResult::error(msg);
        }
    }
    if compared {
        TestResult::passed()
    } else {
        TestResult::discard()
    }
}

#[test]
fn random_expressions_first_derivatives_match_the_symbolic_ones() {
    QuickCheck::new()
        .tests(2 * TESTS)
        .max_tests(200 * TESTS)
        .quickcheck(first_order as fn(Expr, Unit, Unit, Unit) -> TestResult);
}

type Nested = Dual<Dual<f64, 1>, 1>;

/// The inputs as nested duals: the outer tangent seeds `x_i`, the inner one `x_j`.
fn seed_nested(x: &[f64; NVARS], i: usize, j: usize) -> [Nested; NVARS] {
    let one_if = |b: bool| if b { 1.0 } else { 0.0 };
    core::array::from_fn(|k| {
        Dual::new(
            Dual::new(x[k], [one_if(k == j)]),
            [Dual::constant(one_if(k == i))],
        )
    })
}

/// First and second partials of a random tree with `Dual<Dual<f64, 1>, 1>`, the outer
/// tangent seeding `x_i` and the inner one `x_j`.
fn second_order(e: Expr, u: Unit, v: Unit, w: Unit, ij: u8) -> TestResult {
    let x = inputs(u, v, w);
    let (i, j) = (usize::from(ij % 3), usize::from(ij / 3 % 3));
    let value = eval(&e, &x);
    if !value.is_finite() {
        return TestResult::discard();
    }
    let y = eval(&e, &seed_nested(&x, i, j));
    if y.re.re.to_bits() != value.to_bits() {
        return TestResult::error(format!("value {} vs f64 {value}", y.re.re));
    }
    let di = d(&e, i);
    let checks = [
        (format!("∂/∂x{j} (inner tangent)"), y.re.eps[0], d(&e, j)),
        (format!("∂/∂x{i} (outer tangent)"), y.eps[0].re, di.clone()),
        (format!("∂²/∂x{i}∂x{j}"), y.eps[0].eps[0], d(&di, j)),
    ];
    let mut compared = 0;
    for (what, got, de) in &checks {
        match matches_symbolic(what, *got, de, &x) {
            Ok(c) => compared += usize::from(c),
            Err(msg) => return TestResult::error(format!("{msg}\n  expression: {e:?}")),
        }
    }
    if compared == checks.len() {
        TestResult::passed()
    } else {
        TestResult::discard()
    }
}

#[test]
fn random_expressions_second_derivatives_match_the_symbolic_ones() {
    QuickCheck::new()
        .tests(2 * TESTS)
        .max_tests(200 * TESTS)
        .quickcheck(second_order as fn(Expr, Unit, Unit, Unit, u8) -> TestResult);
}

/// The differentiator itself, on examples whose derivatives are known by hand, so a
/// mistake in it cannot hide a mistake in the crate (or fake one).
#[test]
fn the_symbolic_differentiator_is_right_on_known_cases() {
    let x = [0.7, -1.3, 2.1];
    let x0 = || Box::new(X(0));
    let x1 = || Box::new(X(1));
    let cases: Vec<(Expr, usize, f64)> = vec![
        (Mul(x0(), x1()), 0, x[1]),
        (Div(x0(), x1()), 1, -x[0] / (x[1] * x[1])),
        (Ln(Box::new(Mul(x0(), x0()))), 0, 2.0 / x[0]),
        (
            Sin(Box::new(Mul(x0(), x1()))),
            1,
            x[0] * (x[0] * x[1]).cos(),
        ),
        (Tanh(x0()), 0, 1.0 / x[0].cosh().powi(2)),
        (
            Sigmoid(x0()),
            0,
            (-x[0]).exp() / (1.0 + (-x[0]).exp()).powi(2),
        ),
        (Softplus(x1()), 1, 1.0 / (1.0 + (-x[1]).exp())),
        (Atan(x1()), 1, 1.0 / (1.0 + x[1] * x[1])),
        (Sqrt(x0()), 0, 0.5 / x[0].sqrt()),
        (Powi(x1(), -2), 1, -2.0 / x[1].powi(3)),
        (Exp(Box::new(Neg(x0()))), 0, -(-x[0]).exp()),
        (Cos(x0()), 2, 0.0),
        (Sub(Box::new(Const(3.0)), x0()), 0, -1.0),
        (Add(Box::new(Sigmoid(x1())), x0()), 0, 1.0),
    ];
    for (e, i, expected) in cases {
        let got = magnitude(&d(&e, i), &x).0;
        assert!(
            (got - expected).abs() <= 1e-14 * expected.abs().max(1.0),
            "d{e:?}/dx{i} = {got}, expected {expected}"
        );
    }
    // Second derivative: d²/dx² (x³ sin x) = 6x sin x + 6x² cos x - x³ sin x.
    let e = Mul(Box::new(Powi(x0(), 3)), Box::new(Sin(x0())));
    let (s, c) = x[0].sin_cos();
    let expected = 6.0 * x[0] * s + 6.0 * x[0] * x[0] * c - x[0].powi(3) * s;
    let got = magnitude(&d(&d(&e, 0), 0), &x).0;
    assert!((got - expected).abs() <= 1e-14, "{got} vs {expected}");
}
