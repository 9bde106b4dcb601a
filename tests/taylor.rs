//! TAYLOR arithmetic ([`Taylor<T, K>`]) and its helpers, against independent oracles:
//!
//! 1. hand-derived series to order 10 (exact rational coefficients at 0; at ordinary
//!    points mpmath's `taylor` at 60 digits, tabled at the end) for every elementary
//!    function;
//! 2. the symbolic differentiator of `common::expression` on random expression trees, up
//!    to order 6, along coordinate axes and along random directions;
//! 3. duals nested three deep for orders 1 to 3, both ways of nesting with `Dual`
//!    (`Taylor<Dual>`, `Dual<Taylor>`), and `mixed_partial` against nested duals and the
//!    symbolic differentiator;
//! 4. the documented conventions at kinks and domain edges, and no panic on any float;
//! 5. generic code (`Float`, nalgebra's `RealField`) running unchanged.

#![allow(clippy::type_complexity)]
// The generated table of series holds coefficients such as √2 and -ln 2 as literals.
#![allow(clippy::approx_constant)]

mod common;

use common::Rng;
use common::expression::{Expr, NVARS, d, d_along_n, d_n, eval, matches_symbolic_within};
use common::grids::no_panic_f64;
use common::tolerance::{close, report};
use dualnum::{
    Dual, Real, Taylor, derivatives, directional_derivatives, directional_derivatives_vector,
    mixed_partial, taylor_coefficients,
};
use nalgebra::{Matrix3, Vector2, Vector3};
use num_traits::Float;
use quickcheck::{Gen, QuickCheck, TestResult};

type T3 = Taylor<f64, 3>;
type T6 = Taylor<f64, 6>;
type T10 = Taylor<f64, 10>;
type D1 = Dual<f64, 1>;
type D3 = Dual<Dual<Dual<f64, 1>, 1>, 1>;

/// The target accuracy of the issue: 1e-12 relative (plus 1e-12 of the largest coefficient
/// of the row, for coefficients that cancel to nearly 0).
const SERIES_TOL: f64 = 1e-12;

/// Every coefficient of `got` against `want` (`want[0]` the value), relative `SERIES_TOL`
/// plus `SERIES_TOL` times the largest `|want_k|`.
fn series_mismatches(what: &str, got: &T10, want: &[f64; 11]) -> Vec<String> {
    let scale = want.iter().fold(0.0f64, |m, c| m.max(c.abs()));
    (0..=10)
        .filter(|&k| !close(got.coefficient(k), want[k], SERIES_TOL, SERIES_TOL * scale))
        .map(|k| {
            format!(
                "{what}: c_{k} = {:e}, expected {:e}",
                got.coefficient(k),
                want[k]
            )
        })
        .collect()
}

// ================================================================================
// 1. HAND-DERIVED SERIES to order 10
// ================================================================================

/// Series at 0 with exact rational coefficients (derived by hand or from the classical
/// expansions: geometric, binomial, Bernoulli numbers for tan and tanh).
#[test]
fn series_at_zero_match_the_classical_expansions() {
    let odd = |c: [f64; 5]| {
        let mut s = [0.0; 11];
        for (j, cj) in c.iter().enumerate() {
            s[2 * j + 1] = *cj;
        }
        s
    };
    let binomial_half: [f64; 11] = core::array::from_fn(|k| {
        // (1/2 choose k)
        (0..k).fold(1.0, |p, j| p * (0.5 - j as f64) / (j + 1) as f64)
    });
    let cases: Vec<(&str, fn(T10) -> T10, [f64; 11])> = vec![
        (
            "exp(sin x)",
            |x| x.sin().exp(),
            [
                1.0,
                1.0,
                0.5,
                0.0,
                -1.0 / 8.0,
                -1.0 / 15.0,
                -1.0 / 240.0,
                1.0 / 90.0,
                31.0 / 5760.0,
                1.0 / 5670.0,
                -2951.0 / 3628800.0,
            ],
        ),
        ("1/(1 - x)", |x| 1.0 / (1.0 - x), [1.0; 11]),
        (
            "atan",
            |x| x.atan(),
            odd([1.0, -1.0 / 3.0, 1.0 / 5.0, -1.0 / 7.0, 1.0 / 9.0]),
        ),
        (
            "tan",
            |x| x.tan(),
            odd([1.0, 1.0 / 3.0, 2.0 / 15.0, 17.0 / 315.0, 62.0 / 2835.0]),
        ),
        (
            "tanh",
            |x| x.tanh(),
            odd([1.0, -1.0 / 3.0, 2.0 / 15.0, -17.0 / 315.0, 62.0 / 2835.0]),
        ),
        (
            "asin",
            |x| x.asin(),
            odd([1.0, 1.0 / 6.0, 3.0 / 40.0, 5.0 / 112.0, 35.0 / 1152.0]),
        ),
        (
            "asinh",
            |x| x.asinh(),
            odd([1.0, -1.0 / 6.0, 3.0 / 40.0, -5.0 / 112.0, 35.0 / 1152.0]),
        ),
        (
            "atanh",
            |x| x.atanh(),
            odd([1.0, 1.0 / 3.0, 1.0 / 5.0, 1.0 / 7.0, 1.0 / 9.0]),
        ),
        (
            "sinh",
            |x| x.sinh(),
            odd([1.0, 1.0 / 6.0, 1.0 / 120.0, 1.0 / 5040.0, 1.0 / 362880.0]),
        ),
        (
            "sin",
            |x| x.sin(),
            odd([1.0, -1.0 / 6.0, 1.0 / 120.0, -1.0 / 5040.0, 1.0 / 362880.0]),
        ),
        (
            "ln(1 + x)",
            |x| x.ln_1p(),
            core::array::from_fn(|k| {
                if k == 0 {
                    0.0
                } else {
                    (if k % 2 == 1 { 1.0 } else { -1.0 }) / k as f64
                }
            }),
        ),
        ("sqrt(1 + x)", |x| (x + 1.0).sqrt(), binomial_half),
        (
            "(1 + x)^0.5 by powf",
            |x| (x + 1.0).powf(0.5),
            binomial_half,
        ),
        (
            "exp",
            |x| x.exp(),
            core::array::from_fn(|k| 1.0 / (1..=k).map(|j| j as f64).product::<f64>()),
        ),
        (
            "sigmoid",
            |x| x.sigmoid(),
            [
                0.5,
                0.25,
                0.0,
                -1.0 / 48.0,
                0.0,
                1.0 / 480.0,
                0.0,
                -17.0 / 80640.0,
                0.0,
                31.0 / 1451520.0,
                0.0,
            ],
        ),
        (
            "(1 + x)^7 by powi",
            |x| (x + 1.0).powi(7),
            core::array::from_fn(|k| {
                if k > 7 {
                    0.0
                } else {
                    (0..k).fold(1.0, |p, j| p * (7 - j) as f64 / (j + 1) as f64)
                }
            }),
        ),
    ];
    let mut bad = Vec::new();
    for (what, f, want) in &cases {
        bad.extend(series_mismatches(what, &f(T10::variable(0.0)), want));
    }
    report(&bad);
}

/// Series at ordinary points (every coefficient non-zero, every term of the recurrences
/// used), tabled at the end of this file from mpmath's `taylor` at 60 digits.
#[test]
fn series_at_ordinary_points_match_mpmath() {
    let mut bad = Vec::new();
    for (name, x0, want) in SERIES {
        let got = series_function(name, T10::variable(*x0));
        bad.extend(series_mismatches(&format!("{name} at {x0}"), &got, want));
    }
    report(&bad);
}

/// `1/(1 - x)` at `x_0 = 1/2` is `2/(1 - 2t)`: `c_k = 2^(k+1)`, exactly (powers of two).
#[test]
fn geometric_series_is_exact() {
    let y = 1.0 / (1.0 - T10::variable(0.5));
    for k in 0..=10 {
        assert_eq!(y.coefficient(k), 2f64.powi(k as i32 + 1), "c_{k}");
    }
}

/// `sin` at `x_0`: `c_k = sin(x_0 + kπ/2) / k!`, for a few points.
#[test]
fn sine_and_cosine_coefficients_cycle() {
    let mut bad = Vec::new();
    for x0 in [-2.5, -0.3, 0.0, 0.7, 3.0, 10.0] {
        let (s, c) = T10::variable(x0).sin_cos();
        let mut f = 1.0;
        for k in 0..=10 {
            if k > 0 {
                f *= k as f64;
            }
            let phase = x0 + k as f64 * core::f64::consts::FRAC_PI_2;
            for (what, got, want) in [("sin", s, phase.sin() / f), ("cos", c, phase.cos() / f)] {
                if !close(got.coefficient(k), want, 1e-12, 1e-15 / f) {
                    bad.push(format!(
                        "{what} at {x0}: c_{k} = {:e}, expected {want:e}",
                        got.coefficient(k)
                    ));
                }
            }
        }
    }
    report(&bad);
}

/// Values are the float functions' bit for bit.
#[test]
fn values_are_the_float_functions() {
    let fs: Vec<(&str, fn(T10) -> T10, fn(f64) -> f64)> = vec![
        ("exp", |x| x.exp(), f64::exp),
        ("exp_m1", |x| x.exp_m1(), f64::exp_m1),
        ("ln", |x| x.ln(), f64::ln),
        ("ln_1p", |x| x.ln_1p(), f64::ln_1p),
        ("sqrt", |x| x.sqrt(), f64::sqrt),
        ("cbrt", |x| x.cbrt(), f64::cbrt),
        ("sin", |x| x.sin(), f64::sin),
        ("tan", |x| x.tan(), f64::tan),
        ("tanh", |x| x.tanh(), f64::tanh),
        ("asin", |x| x.asin(), f64::asin),
        ("acosh", |x| x.acosh(), f64::acosh),
        ("powi(5)", |x| x.powi(5), |x| x.powi(5)),
        ("powf(0.3)", |x| x.powf(0.3), |x| x.powf(0.3)),
    ];
    for x0 in [0.3, 1.7, 4.0, 0.999] {
        for (what, f, g) in &fs {
            let (a, b) = (f(T10::variable(x0)).re, g(x0));
            assert!(
                a == b || (a.is_nan() && b.is_nan()),
                "{what}({x0}): {a} vs {b}"
            );
        }
    }
}

// ================================================================================
// 2. THE SYMBOLIC DIFFERENTIATOR on random trees, up to order 6
// ================================================================================

/// The largest tree a repeated symbolic derivative may grow to before the case is skipped.
const MAX_TREE: usize = 40_000;
/// Taylor against the symbolic derivative of order `k`, relative to the rounding magnitude
/// of the symbolic expression: `1e-9` (as for duals at order 1), which for random trees
/// of depth 4 and order 6 leaves room for the different operation orders.
const SYMBOLIC_TOL: f64 = 1e-9;

fn point(g: &mut Gen) -> [f64; NVARS] {
    let mut r = Rng(u64::from(u32::arbitrary_u32(g)));
    core::array::from_fn(|_| r.range(-2.0, 2.0))
}

/// quickcheck's `u32` through a small helper trait, so `point` reads plainly.
trait ArbitraryU32 {
    fn arbitrary_u32(g: &mut Gen) -> u32;
}

impl ArbitraryU32 for u32 {
    fn arbitrary_u32(g: &mut Gen) -> u32 {
        <u32 as quickcheck::Arbitrary>::arbitrary(g)
    }
}

#[derive(Clone, Debug)]
struct Case(Expr, [f64; NVARS], [f64; NVARS]);

impl quickcheck::Arbitrary for Case {
    fn arbitrary(g: &mut Gen) -> Case {
        let e = Expr::arbitrary(g);
        let x = point(g);
        let v = point(g);
        Case(e, x, v)
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Case>> {
        let (x, v) = (self.1, self.2);
        Box::new(self.0.shrink().map(move |e| Case(e, x, v)))
    }
}

/// Counts the comparisons made, so the tests can check they assert something.
static COMPARED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn compare(what: &str, got: f64, de: &Expr, x: &[f64; NVARS]) -> Result<(), String> {
    if matches_symbolic_within(what, got, de, x, SYMBOLIC_TOL)? {
        COMPARED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    Ok(())
}

/// `∂ᵏf/∂x_iᵏ` for `k = 1 ..= 6` from one `Taylor<f64, 6>` evaluation seeded along `e_i`,
/// against the symbolic rule applied `k` times.
#[test]
fn partials_of_order_six_match_the_symbolic_differentiator() {
    fn prop(c: Case) -> TestResult {
        let Case(e, x, _) = c;
        for i in 0..NVARS {
            let xt: [T6; NVARS] = core::array::from_fn(|j| {
                if j == i {
                    T6::variable(x[j])
                } else {
                    T6::constant(x[j])
                }
            });
            let y = eval(&e, &xt);
            let mut de = e.clone();
            for k in 1..=6 {
                de = d(&de, i);
                if common::expression::size(&de) > MAX_TREE {
                    break;
                }
                if let Err(msg) = compare(
                    &format!("∂^{k}/∂x{i}^{k} of {e:?}"),
                    y.derivative(k),
                    &de,
                    &x,
                ) {
                    return TestResult::error(msg);
                }
            }
        }
        TestResult::passed()
    }
    let before = COMPARED.load(std::sync::atomic::Ordering::Relaxed);
    QuickCheck::new()
        .tests(300)
        .quickcheck(prop as fn(Case) -> TestResult);
    let compared = COMPARED.load(std::sync::atomic::Ordering::Relaxed) - before;
    assert!(compared > 500, "only {compared} finite comparisons");
}

/// `dᵏ/dtᵏ f(x + t v)` for `k = 1 ..= 6` from `directional_derivatives`, against the
/// symbolic directional rule `Σ v_i ∂/∂x_i` applied `k` times.
#[test]
fn directional_derivatives_match_the_symbolic_differentiator() {
    fn prop(c: Case) -> TestResult {
        let Case(e, x, v) = c;
        let (value, ds) = directional_derivatives::<f64, 6, NVARS>(
            |p| eval(&e, &[p[0], p[1], p[2]]),
            &Vector3::from(x),
            &Vector3::from(v),
        );
        let plain = eval(&e, &x);
        if !(value == plain || (value.is_nan() && plain.is_nan())) {
            return TestResult::error(format!("value {value} vs {plain}"));
        }
        for k in 1..=6 {
            let Some(de) = d_along_n(&e, &v, k, MAX_TREE) else {
                break;
            };
            if let Err(msg) = compare(&format!("D^{k} along {v:?} of {e:?}"), ds[k - 1], &de, &x) {
                return TestResult::error(msg);
            }
        }
        TestResult::passed()
    }
    QuickCheck::new()
        .tests(300)
        .quickcheck(prop as fn(Case) -> TestResult);
}

/// `mixed_partial` of orders 2 to 4 against the symbolic rule applied per variable.
#[test]
fn mixed_partials_match_the_symbolic_differentiator() {
    fn prop(c: Case) -> TestResult {
        let Case(e, x, _) = c;
        for alpha in [[1, 1, 0], [2, 1, 0], [1, 1, 1], [0, 2, 2], [1, 2, 1]] {
            let mut de = e.clone();
            for (i, &a) in alpha.iter().enumerate() {
                de = match d_n(&de, i, a, MAX_TREE) {
                    Some(t) => t,
                    None => return TestResult::discard(),
                };
            }
            let got = mixed_partial::<f64, 4, NVARS>(
                |p| eval(&e, &[p[0], p[1], p[2]]),
                &Vector3::from(x),
                alpha,
            );
            // polarization adds and subtracts up to Π(α_i + 1) - 1 = 17 directional
            // coefficients, along every β <= α (componentwise): 1e-7 of the magnitude, plus
            // 1e-13 · 4^d of the largest of those coefficients (the rounding they leave,
            // which stays where the partial itself is 0)
            let (expected, mag) = common::expression::magnitude(&de, &x);
            let order: usize = alpha.iter().sum();
            let mut largest = 0.0_f64;
            for b0 in 0..=alpha[0] {
                for b1 in 0..=alpha[1] {
                    for b2 in 0..=alpha[2] {
                        if b0 + b1 + b2 == 0 {
                            continue;
                        }
                        let beta = Vector3::new(b0 as f64, b1 as f64, b2 as f64);
                        let (_, ds) = directional_derivatives::<f64, 4, NVARS>(
                            |p| eval(&e, &[p[0], p[1], p[2]]),
                            &Vector3::from(x),
                            &beta,
                        );
                        largest = largest.max(ds[order - 1].abs());
                    }
                }
            }
            let floor = 1e-13 * 4f64.powi(order as i32) * (1.0 + largest);
            if !(got.is_finite() && expected.is_finite() && mag.is_finite() && floor.is_finite()) {
                continue;
            }
            COMPARED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if (got - expected).abs() > 1e-7 * mag + floor {
                return TestResult::error(format!(
                    "∂^{alpha:?} of {e:?} at {x:?}: {got:e} vs symbolic {expected:e} (magnitude {mag:e})"
                ));
            }
        }
        TestResult::passed()
    }
    QuickCheck::new()
        .tests(150)
        .quickcheck(prop as fn(Case) -> TestResult);
}

// ================================================================================
// 3. NESTED DUALS for orders 1 to 3; nesting with Dual both ways; mixed partials
// ================================================================================

/// `x + ε₁ + ε₂ + ε₃`: the `ε₁ε₂ε₃` component of `f` is `f'''(x)`.
fn seed3(x: f64) -> D3 {
    let one2 = Dual::new(Dual::new(1.0, [0.0]), [Dual::new(0.0, [0.0])]);
    let x2 = Dual::new(Dual::new(x, [1.0]), [Dual::new(1.0, [0.0])]);
    Dual::new(x2, [one2])
}

/// `(f', f'', f''')` from three-deep nested duals.
fn nested3(y: D3) -> [f64; 3] {
    [y.re.re.eps[0], y.re.eps[0].eps[0], y.eps[0].eps[0].eps[0]]
}

/// Every one-argument function of the crate, on `Taylor<f64, 3>` and three-deep duals,
/// written once for any `Float` (plus `Real` for the crate's extra functions).
fn one_argument<S: Real>(name: &str, x: S) -> S {
    match name {
        "exp" => x.exp(),
        "exp2" => x.exp2(),
        "exp_m1" => x.exp_m1(),
        "ln" => x.ln(),
        "ln_1p" => x.ln_1p(),
        "log2" => x.log2(),
        "log10" => x.log10(),
        "log(3)" => x.log(S::literal(3.0)),
        "sqrt" => x.sqrt(),
        "cbrt" => x.cbrt(),
        "recip" => x.recip(),
        "sin" => x.sin(),
        "cos" => x.cos(),
        "tan" => x.tan(),
        "asin" => x.asin(),
        "acos" => x.acos(),
        "atan" => x.atan(),
        "sinh" => x.sinh(),
        "cosh" => x.cosh(),
        "tanh" => x.tanh(),
        "asinh" => x.asinh(),
        "acosh" => (x + S::literal(1.5)).acosh(),
        "atanh" => x.atanh(),
        "abs" => x.abs(),
        "powi(-3)" => x.powi(-3),
        "powi(6)" => x.powi(6),
        "powf(2.5)" => x.powf(S::literal(2.5)),
        "pow(x, x)" => x.powf(x),
        "hypot" => x.hypot(S::literal(0.7) - x),
        "atan2" => x.atan2(S::literal(0.9) + x * x),
        "log(x, 2 + x)" => x.log(S::literal(2.0) + x),
        "mul_add" => x.mul_add(x, x.sin()),
        "to_degrees" => x.to_degrees(),
        "max(x, 1 - x)" => x.max(S::one() - x),
        "fract" => x.fract(),
        _ => unreachable!("{name}"),
    }
}

const ONE_ARGUMENT: [&str; 35] = [
    "exp",
    "exp2",
    "exp_m1",
    "ln",
    "ln_1p",
    "log2",
    "log10",
    "log(3)",
    "sqrt",
    "cbrt",
    "recip",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "abs",
    "powi(-3)",
    "powi(6)",
    "powf(2.5)",
    "pow(x, x)",
    "hypot",
    "atan2",
    "log(x, 2 + x)",
    "mul_add",
    "to_degrees",
    "max(x, 1 - x)",
    "fract",
];

#[test]
fn orders_one_to_three_match_duals_nested_three_deep() {
    let mut bad = Vec::new();
    let mut compared = 0;
    for name in ONE_ARGUMENT {
        for x0 in [0.23, 0.61, -0.37, 0.9] {
            let t = one_argument(name, T3::variable(x0));
            let n = nested3(one_argument(name, seed3(x0)));
            let d = t.derivatives();
            for k in 0..3 {
                if n[k].is_nan() && d[k].is_nan() {
                    continue;
                }
                compared += 1;
                if !close(d[k], n[k], 1e-12, 1e-13) {
                    bad.push(format!(
                        "{name} at {x0}: order {} Taylor {:e}, nested {:e}",
                        k + 1,
                        d[k],
                        n[k]
                    ));
                }
            }
        }
    }
    report(&bad);
    assert!(compared > 300, "{compared}");
}

/// The crate's machine-learning functions on the same footing (they are inherent methods,
/// not `Float`'s).
#[test]
fn sigmoid_softplus_relu_match_nested_duals() {
    for x0 in [-3.0, -0.4, 0.8, 5.0] {
        let t = T3::variable(x0);
        let n = seed3(x0);
        for (what, a, b) in [
            ("sigmoid", t.sigmoid().derivatives(), nested3(n.sigmoid())),
            (
                "softplus",
                t.softplus().derivatives(),
                nested3(n.softplus()),
            ),
            ("relu", t.relu().derivatives(), nested3(n.relu())),
        ] {
            for k in 0..3 {
                assert!(
                    close(a[k], b[k], 1e-12, 1e-15),
                    "{what} at {x0}, order {}: {a:?} vs {b:?}",
                    k + 1
                );
            }
        }
    }
}

/// `Taylor<Dual<f64, 1>, 3>`: the dual's tangent of the `k`-th coefficient is a mixed
/// partial `∂^{k+1} f/∂x^k ∂y`, checked against three-deep duals (two levels seeded in
/// `x`, one in `y`); and `Dual<Taylor<f64, 3>, 1>` gives the same numbers the other way
/// round.
#[test]
fn nesting_with_dual_both_ways_gives_mixed_partials() {
    fn f<S: Real>(x: S, y: S) -> S {
        (x * y).sin() + x.powi(3) * y.exp() / (S::one() + y * y)
    }
    let (x0, y0) = (0.7, -0.4);
    // ∂³f/∂x²∂y by nested duals: x seeded in the two inner levels, y in the outer one
    let x = Dual::new(
        Dual::new(Dual::new(x0, [1.0]), [Dual::new(1.0, [0.0])]),
        [Dual::constant(Dual::constant(0.0))],
    );
    let y = Dual::new(
        Dual::constant(Dual::constant(y0)),
        [Dual::constant(Dual::constant(1.0))],
    );
    let n: D3 = f(x, y);
    let fxxy = n.eps[0].eps[0].eps[0];
    let fxy = n.eps[0].re.eps[0];

    // Taylor over duals: x = x0 + t, y = y0 + ε
    let xt = Taylor::<D1, 3>::variable(Dual::constant(x0));
    let yt = Taylor::<D1, 3>::constant(Dual::variable(y0, 0));
    let a = f(xt, yt);
    assert!(close(a.derivative(1).eps[0], fxy, 1e-13, 1e-14));
    assert!(close(a.derivative(2).eps[0], fxxy, 1e-13, 1e-14));

    // duals over Taylor: x = x0 + t (inside), y = y0 + ε (outside)
    let xd = Dual::<T3, 1>::constant(T3::variable(x0));
    let yd = Dual::<T3, 1>::variable(T3::constant(y0), 0);
    let b = f(xd, yd);
    assert!(close(b.eps[0].derivative(1), fxy, 1e-13, 1e-14));
    assert!(close(b.eps[0].derivative(2), fxxy, 1e-13, 1e-14));
    assert_eq!(b.re.re, f(x0, y0));
}

/// `mixed_partial` of order 3 against nested duals, and of a polynomial against its hand
/// derivatives (orders 0 to 5).
#[test]
fn mixed_partial_matches_nested_duals_and_hand_derivatives() {
    fn f<S: Real>(p: &Vector2<S>) -> S {
        (p[0] * p[1]).sin() + p[0].powi(3) * p[1].exp() / (S::one() + p[1] * p[1])
    }
    let (x0, y0) = (0.7, -0.4);
    let x = Dual::new(
        Dual::new(Dual::new(x0, [1.0]), [Dual::new(1.0, [0.0])]),
        [Dual::constant(Dual::constant(0.0))],
    );
    let y = Dual::new(
        Dual::constant(Dual::constant(y0)),
        [Dual::constant(Dual::constant(1.0))],
    );
    let n: D3 = f(&Vector2::new(x, y));
    let got = mixed_partial::<f64, 3, 2>(f, &Vector2::new(x0, y0), [2, 1]);
    assert!(
        close(got, n.eps[0].eps[0].eps[0], 1e-11, 1e-12),
        "{got} vs {}",
        n.eps[0].eps[0].eps[0]
    );

    // p = x³ y²: every partial by hand
    let p = |v: &Vector2<Taylor<f64, 5>>| v[0].powi(3) * v[1] * v[1];
    let (a, b) = (1.5, -2.0);
    let at = Vector2::new(a, b);
    let cases: [([usize; 2], f64); 8] = [
        ([0, 0], a * a * a * b * b),
        ([1, 0], 3.0 * a * a * b * b),
        ([0, 1], 2.0 * a * a * a * b),
        ([1, 1], 6.0 * a * a * b),
        ([2, 1], 12.0 * a * b),
        ([3, 2], 12.0),
        ([2, 2], 12.0 * a),
        ([4, 1], 0.0),
    ];
    for (alpha, want) in cases {
        let got = mixed_partial(p, &at, alpha);
        assert!(
            close(got, want, 1e-12, 1e-12),
            "∂^{alpha:?}: {got} vs {want}"
        );
    }
}

#[test]
#[should_panic(expected = "mixed_partial: the order |alpha| = 4 is above the order K = 3")]
fn mixed_partial_panics_above_the_order() {
    let _ = mixed_partial::<f64, 3, 2>(|p| p[0] * p[1], &Vector2::new(1.0, 2.0), [2, 2]);
}

// ================================================================================
// 4. HELPERS, CONVENTIONS at kinks and domain edges, NO PANIC
// ================================================================================

#[test]
fn helpers_return_values_coefficients_and_derivatives() {
    // f = x⁵ at 2: f^(k) = 5!/(5-k)! 2^(5-k)
    let (y, c) = taylor_coefficients::<f64, 6>(|x| x.powi(5), 2.0);
    assert_eq!(y, 32.0);
    assert_eq!(c, [80.0, 80.0, 40.0, 10.0, 1.0, 0.0]);
    let (y, d) = derivatives::<f64, 6>(|x| x.powi(5), 2.0);
    assert_eq!(y, 32.0);
    assert_eq!(d, [80.0, 160.0, 240.0, 240.0, 120.0, 0.0]);

    // f(x, y) = (x y, x + y², e^x) along v = (1, 2) at (1, 0):
    // x y = 2t + 2t², x + y² = 1 + t + 4t², e^(1+t)
    let (y, d) = directional_derivatives_vector::<f64, 3, 2, 3>(
        |p| Vector3::new(p[0] * p[1], p[0] + p[1] * p[1], p[0].exp()),
        &Vector2::new(1.0, 0.0),
        &Vector2::new(1.0, 2.0),
    );
    let e = 1f64.exp();
    assert_eq!(y, Vector3::new(0.0, 1.0, e));
    assert_eq!(d[0], Vector3::new(2.0, 1.0, e));
    assert_eq!(d[1], Vector3::new(4.0, 8.0, e));
    assert_eq!(d[2], Vector3::new(0.0, 0.0, e));
}

/// The documented conventions (docs/conventions.md, "Taylor numbers").
#[test]
fn conventions_at_kinks_and_domain_edges() {
    let zero = T6::variable(0.0);
    let nan_after_first = |y: T6, c1: f64, what: &str| {
        assert_eq!(y.c[0], c1, "{what}: c_1");
        assert!(y.c[1..].iter().all(|c| c.is_nan()), "{what}: {y:?}");
    };
    // kinks: the midpoint of the branches
    assert!(zero.abs().identical(&T6::constant(0.0)), "abs at 0");
    assert!((-zero).abs().identical(&T6::constant(0.0)), "abs at -0");
    assert!(zero.relu().identical(&(zero * 0.5)), "relu at 0");
    let (a, b) = (
        T6::new(1.0, [1.0, 2.0, 0.0, 0.0, 0.0, 4.0]),
        T6::new(1.0, [3.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
    );
    assert_eq!(a.max(b).c, [2.0, 1.0, 0.0, 0.0, 0.0, 2.0], "max tie");
    assert_eq!(a.min(b).c, b.min(a).c, "min tie is order-independent");
    // jumps: constants
    for y in [
        zero.floor(),
        zero.ceil(),
        zero.round(),
        zero.trunc(),
        zero.signum(),
        zero.unit_step(),
    ] {
        assert!(y.is_constant());
    }
    assert_eq!(T6::variable(2.5).fract().c, T6::variable(2.5).c);
    // edges: c_1 as the dual's, the rest NaN; a constant stays constant
    nan_after_first(zero.sqrt(), f64::INFINITY, "sqrt at 0");
    nan_after_first(zero.cbrt(), f64::INFINITY, "cbrt at 0");
    nan_after_first(zero.powf(0.5), f64::INFINITY, "powf(0.5) at 0");
    nan_after_first(zero.powf(2.5), 0.0, "powf(2.5) at 0");
    nan_after_first(zero.ln(), f64::INFINITY, "ln at 0");
    nan_after_first(T6::variable(1.0).asin(), f64::INFINITY, "asin at 1");
    nan_after_first(T6::variable(1.0).acos(), f64::NEG_INFINITY, "acos at 1");
    nan_after_first(T6::variable(1.0).acosh(), f64::INFINITY, "acosh at 1");
    nan_after_first(T6::variable(1.0).atanh(), f64::INFINITY, "atanh at 1");
    nan_after_first(
        T6::along(0.0, 0.0).sqrt() + T6::new(0.0, [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]).sqrt(),
        0.0,
        "sqrt(t²) at 0",
    );
    for y in [
        T6::constant(0.0).sqrt(),
        T6::constant(0.0).ln(),
        T6::constant(1.0).asin(),
        T6::constant(-1.0).atanh(),
    ] {
        assert!(y.is_constant(), "{y:?}");
    }
    assert_eq!(zero.ln().re, f64::NEG_INFINITY);
    // integer powers are polynomials, exact at 0
    assert!(
        zero.powf(2.0)
            .identical(&T6::new(0.0, [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]))
    );
    assert!(
        zero.powi(3)
            .identical(&T6::new(0.0, [0.0, 0.0, 1.0, 0.0, 0.0, 0.0]))
    );
    assert!(T6::variable(f64::NAN).powi(0).identical(&T6::constant(1.0)));
    // isolated points of two-argument functions
    assert!(zero.hypot(zero).identical(&T6::constant(0.0)));
    assert!(zero.atan2(zero).is_constant());
}

/// No function panics on any float (NaN, ±∞, ±0, subnormals, extremes), with ordinary,
/// zero, NaN and infinite higher coefficients.
#[test]
fn no_function_panics_on_any_float() {
    let grid = no_panic_f64();
    let coefficient_sets = [
        [1.0, 0.0, 0.0],
        [0.0, 0.0, 0.0],
        [0.0, 1.0, -2.0],
        [f64::NAN, 1.0, 0.0],
        [f64::INFINITY, f64::NEG_INFINITY, 1e300],
    ];
    let mut evaluated = 0;
    for &x0 in &grid {
        for c in &coefficient_sets {
            let x = T3::new(x0, *c);
            for name in ONE_ARGUMENT {
                let _ = one_argument(name, x);
                evaluated += 1;
            }
            for &y0 in &[0.0, -0.0, 1.0, f64::NAN, f64::INFINITY, -3.0] {
                let y = T3::new(y0, [0.5, 0.0, 1.0]);
                let _ = (
                    x.hypot(y),
                    x.atan2(y),
                    x.pow(y),
                    x.powf(y0),
                    x.log(y0),
                    x.log_dual_base(y),
                );
                let _ = (
                    x / y,
                    x % y,
                    x.max(y),
                    x.min(y),
                    x.clamp(y, x),
                    x.abs_sub(y),
                    x.copysign(y),
                );
            }
            let _ = (
                x.sigmoid(),
                x.softplus(),
                x.relu(),
                x.unit_step(),
                x.powi(i32::MIN),
                x.powi(i32::MAX),
                x.powi(-7),
            );
            let _ = (
                x.floor(),
                x.ceil(),
                x.round(),
                x.trunc(),
                x.signum(),
                x.to_radians(),
                x.recip(),
            );
            let _ = (x.powf(f64::NAN), x.powf(1e10), x.powf(-0.5), x.powf(3.0e9));
        }
    }
    assert!(evaluated > 4000);
    // order 0 is a plain value; every function works there too
    let v = Taylor::<f64, 0>::variable(0.5);
    assert_eq!(v.sin().re, 0.5f64.sin());
    assert_eq!(v.derivatives(), []);
}

// ================================================================================
// 5. GENERIC CODE: Float and nalgebra
// ================================================================================

/// A generic `Float` function differentiates to order 10 unchanged: the Legendre
/// polynomial `P_5` by its three-term recurrence against its hand-expanded derivatives.
#[test]
fn generic_float_code_runs_unchanged() {
    fn legendre5<S: Float>(x: S) -> S {
        let (mut p0, mut p1) = (S::one(), x);
        for n in 1..5 {
            let n = S::from(n).unwrap();
            let p2 = ((n + n + S::one()) * x * p1 - n * p0) / (n + S::one());
            p0 = p1;
            p1 = p2;
        }
        p1
    }
    // P5 = (63x⁵ - 70x³ + 15x)/8
    let x = 0.3_f64;
    let want = [
        (315.0 * x.powi(4) - 210.0 * x * x + 15.0) / 8.0,
        (1260.0 * x.powi(3) - 420.0 * x) / 8.0,
        (3780.0 * x * x - 420.0) / 8.0,
        7560.0 * x / 8.0,
        7560.0 / 8.0,
        0.0,
    ];
    let (y, d) = derivatives::<f64, 6>(legendre5, x);
    assert!(close(
        y,
        (63.0 * x.powi(5) - 70.0 * x.powi(3) + 15.0 * x) / 8.0,
        1e-14,
        1e-15
    ));
    for k in 0..6 {
        assert!(
            close(d[k], want[k], 1e-13, 1e-13),
            "order {}: {} vs {}",
            k + 1,
            d[k],
            want[k]
        );
    }
}

/// nalgebra on Taylor numbers: the determinant and the inverse of `A(t) = A₀ + t A₁`
/// (Taylor coefficients of `det` by hand: a cubic in `t`; the inverse's series is the
/// Neumann series `A₀⁻¹ Σ (-A₁ A₀⁻¹)^k t^k`).
#[test]
fn nalgebra_decompositions_on_taylor_numbers() {
    type T4 = Taylor<f64, 4>;
    let a0 = Matrix3::new(2.0, 1.0, 0.0, 0.5, 3.0, 1.0, 0.0, -1.0, 4.0);
    let a1 = Matrix3::new(0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    let t = T4::variable(0.0);
    let a = a0.map(T4::constant) + a1.map(|v| t * v);
    // det(A0 + t A1) = det A0 + t (...) ...: compare with plain determinants at 4 points
    // through the interpolating cubic: c_k from finite sums is avoided, expand by hand:
    // A = [[2, 1 + t, 0], [0.5, 3, 1], [t, -1, 4]]
    // det = 2(12 + 1) - (1 + t)(2 - t) + 0 = 26 - (2 + t - t²) = 24 - t + t²
    let det = a.determinant();
    assert!(close(det.re, 24.0, 1e-14, 1e-14));
    assert!(close(det.c[0], -1.0, 1e-13, 1e-13), "{det:?}");
    assert!(close(det.c[1], 1.0, 1e-13, 1e-13), "{det:?}");
    assert!(det.c[2].abs() < 1e-13 && det.c[3].abs() < 1e-13, "{det:?}");

    let inv = a.try_inverse().expect("regular");
    let a0_inv = a0.try_inverse().unwrap();
    let mut term = a0_inv;
    for k in 0..=4 {
        for (got, want) in inv.iter().zip(term.iter()) {
            assert!(
                close(got.coefficient(k), *want, 1e-12, 1e-13),
                "inverse c_{k}: {got:?} vs {want}"
            );
        }
        term = -a0_inv * a1 * term;
    }
    // LU solve agrees with the inverse
    let b = Vector3::new(T4::constant(1.0), t, t * t);
    let x = a.lu().solve(&b).unwrap();
    let x2 = inv * b;
    for (p, q) in x.iter().zip(x2.iter()) {
        for k in 0..=4 {
            assert!(close(p.coefficient(k), q.coefficient(k), 1e-12, 1e-13));
        }
    }
}

#[test]
fn display_prints_the_polynomial() {
    let y = Taylor::<f64, 2>::variable(0.0).exp();
    assert_eq!(format!("{y}"), "1 + 1·t + 0.5·t^2");
    assert_eq!(format!("{y:.2}"), "1.00 + 1.00·t + 0.50·t^2");
}

// ================================================================================
// The table of series at ordinary points (generated with mpmath at 60 digits)
// ================================================================================
/// `(name, x_0, [c_0, ..., c_10])` of `f(x_0 + t)`, from mpmath's `taylor` at 60 digits.
const SERIES: &[(&str, f64, [f64; 11])] = &[
    (
        "exp_sin",
        0.5,
        [
            1.6151462964420837,
            1.4174242246593913,
            0.23478219963286703,
            -0.3940735734758669,
            -0.23782225150738892,
            0.009903492751612446,
            0.05996032246866122,
            0.01738454231647639,
            -0.006720049953405824,
            -0.005220966248051075,
            -0.0002353512158047346,
        ],
    ),
    (
        "recip_one_minus",
        0.5,
        [
            2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0, 2048.0,
        ],
    ),
    (
        "atan",
        0.5,
        [
            0.4636476090008061,
            0.8,
            -0.32,
            -0.042666666666666665,
            0.1536,
            -0.077824,
            -0.030037333333333333,
            0.06506788571428572,
            -0.02752512,
            -0.020913265777777777,
            0.03267362816,
        ],
    ),
    (
        "tan",
        0.3,
        [
            0.30933624960962325,
            1.095688915322547,
            0.3389362998047128,
            0.4700749222790018,
            0.25838998009489245,
            0.2609696707016498,
            0.17438929033510892,
            0.15369984700151434,
            0.11213402274195412,
            0.09294648579237616,
            0.07062363212401472,
        ],
    ),
    (
        "tanh",
        1.5,
        [
            0.9051482536448664,
            0.18070663892364852,
            -0.16356629864377392,
            0.0878162032646838,
            -0.024964583478826522,
            -0.002659715528871099,
            0.007094158055897006,
            -0.003965669661825086,
            0.001016203155837779,
            0.00019536097875240912,
            -0.000339699185982132,
        ],
    ),
    (
        "tanh_tail",
        20.0,
        [
            1.0,
            1.6993417021166355e-17,
            -1.6993417021166355e-17,
            1.132894468077757e-17,
            -5.664472340388785e-18,
            2.265788936155514e-18,
            -7.552629787185045e-19,
            2.1578942249100123e-19,
            -5.394735562275028e-20,
            1.1988301249500048e-20,
            -2.3976602499000045e-21,
        ],
    ),
    (
        "asin",
        0.4,
        [
            0.411516846067488,
            1.0910894511799618,
            0.2597832026618957,
            0.3401922892001015,
            0.3055839827230349,
            0.38596852436303003,
            0.46971337944853564,
            0.6249899752414142,
            0.8430977202154498,
            1.175482793604016,
            1.665314828867124,
        ],
    ),
    (
        "acos",
        -0.4,
        [
            1.9823131728623846,
            -1.0910894511799618,
            0.2597832026618957,
            -0.3401922892001015,
            0.3055839827230349,
            -0.38596852436303003,
            0.46971337944853564,
            -0.6249899752414142,
            0.8430977202154498,
            -1.175482793604016,
            1.665314828867124,
        ],
    ),
    (
        "sqrt",
        2.0,
        [
            1.4142135623730951,
            0.3535533905932738,
            -0.04419417382415922,
            0.011048543456039806,
            -0.003452669830012439,
            0.0012084344405043537,
            -0.0004531629151891326,
            0.0001780282881100164,
            -7.232399204469416e-05,
            3.0134996685289232e-05,
            -1.2807373591247923e-05,
        ],
    ),
    (
        "cbrt_negative",
        -2.0,
        [
            -1.2599210498948732,
            0.20998684164914552,
            0.034997806941524254,
            0.009721613039312293,
            0.0032405376797707643,
            0.0011881971492492802,
            0.00046207666915249786,
            0.00018703103275220152,
            7.792959698008397e-05,
            3.31922357507765e-05,
            1.4383302158669819e-05,
        ],
    ),
    (
        "ln",
        3.0,
        [
            1.0986122886681098,
            0.3333333333333333,
            -0.05555555555555555,
            0.012345679012345678,
            -0.0030864197530864196,
            0.0008230452674897119,
            -0.00022862368541380886,
            6.532105297537396e-05,
            -1.9051973784484073e-05,
            5.645029269476762e-06,
            -1.6935087808430286e-06,
        ],
    ),
    (
        "ln_1p",
        -0.5,
        [
            -0.6931471805599453,
            2.0,
            -2.0,
            2.6666666666666665,
            -4.0,
            6.4,
            -10.666666666666666,
            18.285714285714285,
            -32.0,
            56.888888888888886,
            -102.4,
        ],
    ),
    (
        "log2",
        0.7,
        [
            -0.5145731728297582,
            2.060992915555662,
            -1.472137796825473,
            1.4020359969766407,
            -1.502181425332115,
            1.7167787718081315,
            -2.0437842521525376,
            2.502592961819434,
            -3.1282412022742925,
            3.972369780665768,
            -5.107332575141702,
        ],
    ),
    (
        "log10",
        5.0,
        [
            0.6989700043360189,
            0.08685889638065036,
            -0.008685889638065037,
            0.0011581186184086716,
            -0.00017371779276130074,
            2.7794846841808115e-05,
            -4.632474473634686e-06,
            7.941384811945176e-07,
            -1.389742342090406e-07,
            2.4706530526051658e-08,
            -4.447175494689298e-09,
        ],
    ),
    (
        "exp2",
        -1.3,
        [
            0.40612619817811774,
            0.2815052292186919,
            0.09756227797290871,
            0.022541672635309113,
            0.0039061742080674458,
            0.0005415107278195855,
            6.25577723718516e-05,
            6.194534791665683e-06,
            5.367155407154445e-07,
            4.13358737566241e-08,
            2.865184435038583e-09,
        ],
    ),
    (
        "exp_m1",
        0.001,
        [
            0.0010005001667083417,
            1.0010005001667084,
            0.5005002500833542,
            0.1668334166944514,
            0.04170835417361285,
            0.00834167083472257,
            0.0013902784724537617,
            0.00019861121035053738,
            2.4826401293817172e-05,
            2.758489032646352e-06,
            2.7584890326463524e-07,
        ],
    ),
    (
        "sigmoid",
        2.0,
        [
            0.8807970779778824,
            0.10499358540350652,
            -0.03998125052807653,
            0.006475277924701003,
            0.0008660039645188824,
            -0.0007235538487595989,
            0.00014783067970173725,
            9.524094660156533e-06,
            -1.3421056140864829e-05,
            3.18475919723144e-06,
            4.930375742511342e-08,
        ],
    ),
    (
        "sigmoid_tail",
        30.0,
        [
            0.9999999999999064,
            9.357622968838423e-14,
            -4.678811484418336e-14,
            1.5596038281388614e-14,
            -3.899009570344235e-15,
            7.798019140676794e-16,
            -1.299669856775574e-16,
            1.8566712239539862e-17,
            -2.3208390299146847e-18,
            2.578710033176764e-19,
            -2.5787100330532153e-20,
        ],
    ),
    (
        "softplus",
        -1.0,
        [
            0.3132616875182228,
            0.2689414213699951,
            0.09830596662074093,
            0.0151429579454914,
            -0.0014718991881764853,
            -0.0010292238447199434,
            -7.089163350632362e-05,
            5.623688661302025e-05,
            1.3965623410455258e-05,
            -1.7377221277289724e-06,
            -1.3157581069466426e-06,
        ],
    ),
    (
        "asinh",
        0.7,
        [
            0.6526665660823557,
            0.8192319205190405,
            -0.19243702830984172,
            -0.0012300225523160224,
            0.043773118011112146,
            -0.028418889598891068,
            0.0043585041205206785,
            0.008135336363122744,
            -0.008091168200739013,
            0.0026195623328585257,
            0.0017694231096058817,
        ],
    ),
    (
        "acosh",
        1.8,
        [
            1.192910730993049,
            0.6681531047810609,
            -0.2684543724566763,
            0.16600849090409545,
            -0.12680103290862618,
            0.10930124197450672,
            -0.10155631061602716,
            0.09919598907123042,
            -0.10038485194268627,
            0.10430632784678785,
            -0.11062168732476911,
        ],
    ),
    (
        "atanh",
        0.3,
        [
            0.3095196042031117,
            1.098901098901099,
            0.3622750875498128,
            0.56176967178054,
            0.47685043524851584,
            0.6219230900962766,
            0.6910569617734236,
            0.8787159360856683,
            1.076503942609938,
            1.3819573232145765,
            1.7664396798063975,
        ],
    ),
    (
        "sinh",
        0.9,
        [
            1.0265167257081753,
            1.4330863854487743,
            0.5132583628540877,
            0.23884773090812905,
            0.04277153023784064,
            0.011942386545406454,
            0.0014257176745946878,
            0.00028434253679539176,
            2.5459244189190855e-05,
            3.9492018999359964e-06,
            2.828804909910095e-07,
        ],
    ),
    (
        "cosh",
        0.9,
        [
            1.4330863854487743,
            1.0265167257081753,
            0.7165431927243872,
            0.17108612095136255,
            0.05971193272703226,
            0.008554306047568128,
            0.001990397757567742,
            0.00020367395351352684,
            3.554281709942397e-05,
            2.828804909910095e-06,
            3.9492018999359965e-07,
        ],
    ),
    (
        "sin",
        2.0,
        [
            0.9092974268256817,
            -0.4161468365471424,
            -0.45464871341284085,
            0.0693578060911904,
            0.0378873927844034,
            -0.00346789030455952,
            -0.0012629130928134469,
            8.256881677522666e-05,
            2.2552019514525836e-05,
            -1.146789121878148e-06,
            -2.5057799460584263e-07,
        ],
    ),
    (
        "cos",
        2.0,
        [
            -0.4161468365471424,
            -0.9092974268256817,
            0.2080734182735712,
            0.1515495711376136,
            -0.0173394515227976,
            -0.007577478556880681,
            0.0005779817174265867,
            0.0001804161561162067,
            -1.0321102096903333e-05,
            -2.5057799460584263e-06,
            1.1467891218781481e-07,
        ],
    ),
    (
        "powf",
        1.3,
        [
            1.2016011812929526,
            0.6470160206962052,
            -0.07465569469571598,
            0.024885231565238662,
            -0.011006929346163253,
            0.005588133360359806,
            -0.003080637621736816,
            0.0017942175159566072,
            -0.001086881764473714,
            0.0006781399043297531,
            -0.0004329662466105347,
        ],
    ),
    (
        "powi_negative",
        1.2,
        [
            0.5787037037037037,
            -1.4467592592592593,
            2.4112654320987654,
            -3.348979766803841,
            4.186224708504801,
            -4.883928826588934,
            5.426587585098816,
            -5.814200984034446,
            6.056459358369215,
            -6.168616013153829,
            6.168616013153829,
        ],
    ),
    (
        "powi_large",
        -1.1,
        [
            -2.357947691,
            19.29229929,
            -70.1538156,
            148.811124,
            -202.92426,
            184.4766,
            -111.804,
            43.56,
            -9.9,
            1.0,
            0.0,
        ],
    ),
    (
        "hypot",
        1.2,
        [
            1.8439088914585775,
            0.2711630722733202,
            0.3190153791450826,
            -0.04691402634486509,
            -0.02069736456391107,
            0.011160343637403028,
            0.001342822095409455,
            -0.0026549260383095436,
            0.0003258963659081963,
            0.0005708406059807224,
            -0.00022658053978037818,
        ],
    ),
    (
        "atan2",
        0.3,
        [
            0.5585993153435624,
            3.146067415730337,
            9.544249463451584,
            18.5748120366522,
            -6.627114259434884,
            -245.0474341287766,
            -1154.6136613923961,
            -2661.3885598984957,
            2411.531727227708,
            52544.74522398976,
            250079.35988572292,
        ],
    ),
    (
        "atan2_left_half_plane",
        0.6,
        [
            2.0344439357957027,
            3.5,
            -10.5,
            17.208333333333332,
            34.125,
            -383.20625,
            1432.59375,
            -1551.1015625,
            -14688.6796875,
            103975.88693576389,
            -311762.234765625,
        ],
    ),
    (
        "pow",
        0.5,
        [
            1.118033988749895,
            0.5719546328697793,
            0.861839676366183,
            0.39696110915456956,
            0.11656765317393188,
            0.17339738013292835,
            -0.0024252087697515918,
            -0.011705415847259548,
            0.04201969042689819,
            -0.018858073153068637,
            -0.007410794349080969,
        ],
    ),
    (
        "exp_sin_composite",
        0.7,
        [
            2.536052584494918,
            -0.4362412862828164,
            -3.585491591738124,
            1.6183357787025563,
            2.4133869257668557,
            -1.4909426742031808,
            -1.1484565275918408,
            0.9738741164788022,
            0.1271360098412921,
            0.0473737052337732,
            -0.43101177335832164,
        ],
    ),
];

/// The function of each row of [`SERIES`], on `Taylor<f64, 10>`.
fn series_function(name: &str, x: T10) -> T10 {
    match name {
        "exp_sin" => x.sin().exp(),
        "recip_one_minus" => (1.0 - x).recip(),
        "atan" => x.atan(),
        "tan" => x.tan(),
        "tanh" => x.tanh(),
        "tanh_tail" => x.tanh(),
        "asin" => x.asin(),
        "acos" => x.acos(),
        "sqrt" => x.sqrt(),
        "cbrt_negative" => x.cbrt(),
        "ln" => x.ln(),
        "ln_1p" => x.ln_1p(),
        "log2" => x.log2(),
        "log10" => x.log10(),
        "exp2" => x.exp2(),
        "exp_m1" => x.exp_m1(),
        "sigmoid" => x.sigmoid(),
        "sigmoid_tail" => x.sigmoid(),
        "softplus" => x.softplus(),
        "asinh" => x.asinh(),
        "acosh" => x.acosh(),
        "atanh" => x.atanh(),
        "sinh" => x.sinh(),
        "cosh" => x.cosh(),
        "sin" => x.sin(),
        "cos" => x.cos(),
        "powf" => x.powf(0.7),
        "powi_negative" => x.powi(-3),
        "powi_large" => x.powi(9),
        "hypot" => x.hypot(2.0 - x * 0.5),
        "atan2" => (x * 0.5 + 0.1).atan2(1.0 - 2.0 * x),
        "atan2_left_half_plane" => (x * 0.5 + 0.1).atan2(1.0 - 2.0 * x),
        "pow" => (x * x + 1.0).pow(x * 0.5 + 0.25),
        "exp_sin_composite" => (x.sin() * x.cos() + x.sqrt()).exp() / (1.0 + x * x),
        _ => unreachable!(),
    }
}
