//! Review of the documentation's checkable claims against the code's behaviour: README.md,
//! docs/guide.md, docs/conventions.md and the doc comments in `src/`. Each test cites the
//! claim it pins (file and wording) and checks it against an independent oracle: the `f64`
//! function for values (bit for bit, NaN for NaN), a hand-derived slope, or a count or
//! index worked out by hand. Claims that an existing test already pins are not repeated
//! here (see the report of this review).

mod common;

use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::cell::Cell;
use std::f64::consts::{FRAC_PI_2, PI};
use std::hint::black_box;

use common::Rng;
use dualnum::sparse::{Colouring, ColumnOrder, Pattern, SparseJacobian, Tracer, VectorFunction};
use dualnum::tensor::{Layout, Tensor3, VecOrder};
use dualnum::{Dual, Real, derivative, hessian, jacobian_matrix_wrt_matrix};
use nalgebra::{DMatrix, Matrix2x3, Vector2};
use num_traits::{Float, FromPrimitive, NumCast, Zero};

type D1 = Dual<f64, 1>;
type D2 = Dual<f64, 2>;
type D3 = Dual<f64, 3>;

/// Equal bit for bit (so `+0` and `-0` differ), or both NaN.
fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// Equal as numbers (`+0 == -0`), or both NaN.
fn eqn(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

/// Value bit for bit (`value` is the `f64` oracle), tangent equal as numbers.
#[track_caller]
fn check<const N: usize>(what: &str, got: Dual<f64, N>, value: f64, eps: [f64; N]) {
    assert!(
        same(got.re, value) && got.eps.iter().zip(&eps).all(|(&a, &b)| eqn(a, b)),
        "{what}: got {got:?}, expected re = {value:?} (bit for bit), eps = {eps:?}"
    );
}

/// Special values: zeros of both signs, ±1, ordinary, huge, tiny, subnormal, infinite, NaN.
fn specials() -> Vec<f64> {
    vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -0.5,
        2.0,
        -2.0,
        3.7,
        1e300,
        -1e300,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        f64::from_bits(1),
        -f64::from_bits(1),
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
    ]
}

// ----- docs/conventions.md: the kink table, row by row ------------------------------------
//
// "Every row below is pinned by a test": each row is checked here with the tangent of a
// seeded dual against the slope the table states, and (where the slope is infinite) with a
// second component that is exactly zero and must stay zero (the zero-tangent guard).

/// Table rows `abs`, `relu`, `unit_step`, `signum`, `copysign` at `x = ±0`.
#[test]
fn conventions_table_sign_and_step_rows_at_signed_zeros() {
    for z in [0.0, -0.0] {
        let x = D2::new(z, [3.0, 0.0]);
        // abs: value +0 (f64::abs), tangent 0 = midpoint of -1 and +1
        check("abs(±0)", x.abs(), z.abs(), [0.0, 0.0]);
        assert!(x.abs().re.is_sign_positive());
        // relu: value +0, tangent dx/2
        check("relu(±0)", x.relu(), 0.0, [1.5, 0.0]);
        // unit_step: 1/2, tangent 0
        check("unit_step(±0)", x.unit_step(), 0.5, [0.0, 0.0]);
        // signum: ±1 as f64::signum, tangent 0
        check("signum(±0)", x.signum(), z.signum(), [0.0, 0.0]);
        // copysign(x, s): ±0 with the sign of s, tangent 0; ds never enters
        for s in [2.0, -2.0, 0.0, -0.0] {
            let [xv, sv] = D2::variables([z, s]);
            check(
                "copysign(±0, s)",
                Float::copysign(xv, sv),
                z.copysign(s),
                [0.0, 0.0],
            );
        }
    }
}

/// Table rows `max`/`min` on a tie, `clamp` at a bound, `Float::abs_sub` at `a = b`
/// (including "equal infinities give the constant 0").
#[test]
fn conventions_table_ties() {
    // max(a, b), min(a, b) at a = b: value a, tangent (da + db)/2
    let a = D2::new(1.25, [2.0, 0.0]);
    let b = D2::new(1.25, [0.0, 5.0]);
    check("max tie", a.max(b), 1.25, [1.0, 2.5]);
    check("min tie", b.min(a), 1.25, [1.0, 2.5]);
    // clamp(x, lo, hi) at x = lo and at x = hi: the bound, (dx + dbound)/2
    let [x, lo, hi] = D3::variables([-1.0, -1.0, 4.0]);
    check("clamp at lo", x.clamp(lo, hi), -1.0, [0.5, 0.5, 0.0]);
    let [x, lo, hi] = D3::variables([4.0, -1.0, 4.0]);
    check("clamp at hi", x.clamp(lo, hi), 4.0, [0.5, 0.0, 0.5]);
    // abs_sub(a, b) at a = b: 0, (da - db)/2
    let [a, b] = D2::variables([-3.5, -3.5]);
    check("abs_sub tie", Float::abs_sub(a, b), 0.0, [0.5, -0.5]);
    // equal infinities: the constant 0 (f64's fdim(∞, ∞) is 0)
    for inf in [f64::INFINITY, f64::NEG_INFINITY] {
        let [a, b] = D2::variables([inf, inf]);
        let d = Float::abs_sub(a, b);
        #[allow(deprecated)]
        let oracle = inf.abs_sub(inf);
        check("abs_sub(∞, ∞)", d, oracle, [0.0, 0.0]);
        assert!(d.has_zero_tangent());
    }
}

/// Table rows `hypot` and `atan2` at the origin (every sign of zero) and `atan2` on the axes.
#[test]
fn conventions_table_hypot_and_atan2() {
    for (y0, x0) in [(0.0, 0.0), (0.0, -0.0), (-0.0, 0.0), (-0.0, -0.0)] {
        let [y, x] = D2::variables([y0, x0]);
        check("hypot(0, 0)", x.hypot(y), x0.hypot(y0), [0.0, 0.0]);
        check("atan2 at the origin", y.atan2(x), y0.atan2(x0), [0.0, 0.0]);
    }
    // On the axes: (x dy - y dx)/(x² + y²), by hand for the four half-axes at distance 2.
    for (y0, x0, dy, dx) in [
        (0.0, 2.0, 0.5, 0.0),
        (2.0, 0.0, 0.0, -0.5),
        (0.0, -2.0, -0.5, 0.0),
        (-2.0, 0.0, 0.0, 0.5),
    ] {
        let [y, x] = D2::variables([y0, x0]);
        check("atan2 on an axis", y.atan2(x), y0.atan2(x0), [dy, dx]);
    }
}

/// Table rows with an infinite slope: `sqrt`, `cbrt`, `ln`, `log2`, `log10`, `log(base > 1)`
/// at ±0; `asin`, `acos` at ±1; `acosh` at 1; `atanh` at ±1. Values are `f64`'s; the
/// second (zero) tangent component must stay exactly zero.
#[test]
fn conventions_table_infinite_slopes() {
    let inf = f64::INFINITY;
    type Row = (&'static str, fn(D2) -> D2, fn(f64) -> f64, f64, f64);
    let rows: [Row; 14] = [
        ("sqrt", |x| x.sqrt(), f64::sqrt, 0.0, inf),
        ("sqrt", |x| x.sqrt(), f64::sqrt, -0.0, inf),
        ("cbrt", |x| x.cbrt(), f64::cbrt, 0.0, inf),
        ("cbrt", |x| x.cbrt(), f64::cbrt, -0.0, inf),
        ("ln", |x| x.ln(), f64::ln, -0.0, inf),
        ("log2", |x| x.log2(), f64::log2, -0.0, inf),
        ("log10", |x| x.log10(), f64::log10, -0.0, inf),
        ("log(3)", |x| x.log(3.0), |v| v.log(3.0), -0.0, inf),
        ("asin", |x| x.asin(), f64::asin, 1.0, inf),
        ("asin", |x| x.asin(), f64::asin, -1.0, inf),
        ("acos", |x| x.acos(), f64::acos, 1.0, -inf),
        ("acos", |x| x.acos(), f64::acos, -1.0, -inf),
        ("acosh", |x| x.acosh(), f64::acosh, 1.0, inf),
        ("atanh", |x| x.atanh(), f64::atanh, 1.0, inf),
    ];
    for (name, f, g, x, slope) in rows {
        check(name, f(D2::new(x, [1.0, 0.0])), g(x), [slope, 0.0]);
    }
    check(
        "atanh(-1)",
        D2::new(-1.0, [1.0, 0.0]).atanh(),
        f64::NEG_INFINITY,
        [inf, 0.0],
    );
    // the values the table writes out
    assert_eq!(D1::variable(1.0, 0).asin().re, FRAC_PI_2);
    assert_eq!(D1::variable(-1.0, 0).acos().re, PI);
    assert!(same(D1::variable(-0.0, 0).cbrt().re, -0.0));
}

/// Table rows `powf(n)` at `x = 0` (slope `n · 0ⁿ⁻¹`: 0 for `n > 1`, 1 for `n = 1`, `+∞`
/// for `0 < n < 1`, `-∞` for `n < 0`), `powf(0)`/`powi(0)` everywhere, and `Float::powf`
/// with a constant dual exponent taking the same path.
#[test]
fn conventions_table_powers_at_zero() {
    let inf = f64::INFINITY;
    for (n, slope) in [
        (2.0, 0.0),
        (1.5, 0.0),
        (3.0, 0.0),
        (1.0, 1.0),
        (0.5, inf),
        (0.25, inf),
        (-0.5, -inf),
        (-1.0, -inf),
        (-2.0, -inf),
    ] {
        let x = D2::new(0.0, [1.0, 0.0]);
        check("powf at 0", x.powf(n), 0f64.powf(n), [slope, 0.0]);
        check(
            "Float::powf(x, constant) at 0",
            Float::powf(x, D2::constant(n)),
            0f64.powf(n),
            [slope, 0.0],
        );
    }
    for x in specials() {
        check("powf(0)", D1::variable(x, 0).powf(0.0), 1.0, [0.0]);
        check("powi(0)", D1::variable(x, 0).powi(0), 1.0, [0.0]);
    }
}

/// Table rows `pow(a, b)` with a dual exponent: `a = 0, b > 0`; `a = b = 0`; `a < 0`.
#[test]
fn conventions_table_pow_with_a_dual_exponent() {
    // a = 0, b > 0: value 0, tangent b 0^(b-1) da + 0 db
    for (b, slope_a) in [(2.0, 0.0), (1.0, 1.0), (0.5, f64::INFINITY)] {
        let [a, bd] = D2::variables([0.0, b]);
        check("pow(0, b > 0)", a.pow(bd), 0f64.powf(b), [slope_a, 0.0]);
    }
    // a = b = 0: value 1, tangent 0 da + (-∞) db
    let [a, b] = D2::variables([0.0, 0.0]);
    check("pow(0, 0)", a.pow(b), 1.0, [0.0, f64::NEG_INFINITY]);
    // a < 0, b varying: value as f64::powf, NaN in db
    for b0 in [3.0, 0.5] {
        let [a, b] = D2::variables([-2.0, b0]);
        let y = a.pow(b);
        assert!(same(y.re, (-2f64).powf(b0)), "pow(-2, {b0})");
        assert!(y.eps[1].is_nan(), "pow(-2, {b0}): d/db {}", y.eps[1]);
    }
}

/// Table rows for the jumps: rounding functions (tangent 0 at the jumps), `fract` (tangent
/// `dx`), and `a % b` where `trunc(a/b)` jumps (tangent `da - k db`, `k` by hand).
#[test]
fn conventions_table_jumps() {
    for x in [-3.0, -2.5, -0.5, 0.0, -0.0, 0.5, 1.0, 2.5, 4.0] {
        let d = D1::new(x, [7.0]);
        check("floor", d.floor(), x.floor(), [0.0]);
        check("ceil", d.ceil(), x.ceil(), [0.0]);
        check("round", d.round(), x.round(), [0.0]);
        check("trunc", d.trunc(), x.trunc(), [0.0]);
        check("fract", d.fract(), x - x.trunc(), [7.0]);
    }
    // a % b exactly at a jump of trunc(a/b): 6 % 2 (k = 3), -6 % 2 (k = -3), 6 % -2 (k = -3)
    for (a0, b0, k) in [(6.0, 2.0, 3.0), (-6.0, 2.0, -3.0), (6.0, -2.0, -3.0)] {
        let [a, b] = D2::variables([a0, b0]);
        check("a % b at a jump", a % b, a0 % b0, [1.0, -k]);
    }
}

// ----- docs/conventions.md: the midpoint rule's consequences -----------------------------

/// "it is the same answer however the function is written (`abs(x)` and `max(x, -x)` agree;
/// so do `relu(x)` and `max(x, 0)`)": the tangents agree everywhere (values as numbers),
/// except at NaN, where `max` ignores the NaN argument and `abs`, `relu` return NaN, as the
/// NaN section states.
#[test]
fn abs_is_max_x_minus_x_and_relu_is_max_x_zero() {
    for x0 in specials().into_iter().filter(|x| !x.is_nan()) {
        let x = D1::new(x0, [1.0]);
        let (a, m) = (x.abs(), x.max(-x));
        assert!(
            eqn(a.re, m.re) && eqn(a.eps[0], m.eps[0]),
            "abs({x0}): {a:?} vs {m:?}"
        );
        let (r, m) = (x.relu(), x.max(D1::constant(0.0)));
        assert!(
            eqn(r.re, m.re) && eqn(r.eps[0], m.eps[0]),
            "relu({x0}): {r:?} vs {m:?}"
        );
    }
}

// ----- docs/conventions.md: the zero-tangent guard and NaN -----------------------------

/// "in `f(x, y) = x + sqrt(y)` at `y = 0`, `∂f/∂x = 1` and `∂f/∂y = +∞`, not NaN for both".
#[test]
fn guard_example_x_plus_sqrt_y() {
    let [x, y] = D2::variables([2.0, 0.0]);
    check("x + sqrt(y)", x + y.sqrt(), 2.0, [1.0, f64::INFINITY]);
}

/// "the tangent of `x · ln x` at `x = 0` is NaN, as its value is" and "the gradient of
/// `Σ xᵢ²` with one `xᵢ` NaN is NaN in every component, as its value is".
#[test]
fn nan_and_infinity_poison_as_documented() {
    let x = D1::variable(0.0, 0);
    let y = x * x.ln();
    assert!(y.re.is_nan() && y.eps[0].is_nan(), "{y:?}");
    let xs = D3::variables([1.0, f64::NAN, 2.0]);
    let s: D3 = xs.iter().map(|&v| v * v).sum();
    assert!(s.re.is_nan() && s.eps.iter().all(|e| e.is_nan()), "{s:?}");
}

/// "A constant (all tangent components zero) therefore stays a constant through every
/// elementary function, whatever its value": every function of one or two arguments, on
/// every special value, keeps a zero tangent exactly zero. The arithmetic and `mul_add` do
/// too while every value is finite; beyond, a component is 0 or NaN (`0 · ∞`), never
/// anything else (the NaN section: "once a value is infinite, the arithmetic rules follow
/// IEEE").
#[test]
fn a_constant_stays_a_constant_through_every_function() {
    type Un = (&'static str, fn(D2) -> D2);
    let unary: Vec<Un> = vec![
        ("exp", |x| x.exp()),
        ("exp2", |x| x.exp2()),
        ("exp_m1", |x| x.exp_m1()),
        ("ln", |x| x.ln()),
        ("ln_1p", |x| x.ln_1p()),
        ("log2", |x| x.log2()),
        ("log10", |x| x.log10()),
        ("log(0.5)", |x| x.log(0.5)),
        ("powi(-3)", |x| x.powi(-3)),
        ("powi(i32::MIN)", |x| x.powi(i32::MIN)),
        ("powf(0.5)", |x| x.powf(0.5)),
        ("powf(-1.5)", |x| x.powf(-1.5)),
        ("sqrt", |x| x.sqrt()),
        ("cbrt", |x| x.cbrt()),
        ("recip", |x| x.recip()),
        ("sin", |x| x.sin()),
        ("cos", |x| x.cos()),
        ("tan", |x| x.tan()),
        ("asin", |x| x.asin()),
        ("acos", |x| x.acos()),
        ("atan", |x| x.atan()),
        ("sinh", |x| x.sinh()),
        ("cosh", |x| x.cosh()),
        ("tanh", |x| x.tanh()),
        ("asinh", |x| x.asinh()),
        ("acosh", |x| x.acosh()),
        ("atanh", |x| x.atanh()),
        ("abs", |x| x.abs()),
        ("signum", |x| x.signum()),
        ("floor", |x| x.floor()),
        ("fract", |x| x.fract()),
        ("sigmoid", |x| x.sigmoid()),
        ("relu", |x| x.relu()),
        ("softplus", |x| x.softplus()),
        ("unit_step", |x| x.unit_step()),
        ("to_degrees", |x| x.to_degrees()),
        ("to_radians", |x| x.to_radians()),
        ("sin_cos.1", |x| x.sin_cos().1),
    ];
    type Bin = (&'static str, fn(D2, D2) -> D2);
    let binary: Vec<Bin> = vec![
        ("pow", |a, b| a.pow(b)),
        ("hypot", |a, b| a.hypot(b)),
        ("atan2", |a, b| a.atan2(b)),
        ("max", |a, b| a.max(b)),
        ("min", |a, b| a.min(b)),
        ("clamp(a, b, b)", |a, b| a.clamp(b, b)),
        ("Float::log", |a, b| Float::log(a, b)),
        ("Float::abs_sub", |a, b| Float::abs_sub(a, b)),
        ("Float::copysign", |a, b| Float::copysign(a, b)),
        ("Float::powf", |a, b| Float::powf(a, b)),
        ("ComplexField::log", |a, b| {
            nalgebra::ComplexField::log(a, b)
        }),
        ("%", |a, b| a % b),
    ];
    // The arithmetic of two or three duals (and `mul_add`, `self · a + b`) is the product
    // and quotient rules: once a value is infinite or NaN, `0 · ∞ = NaN` may enter (the
    // NaN section); with every value finite a constant stays a constant.
    let arithmetic: Vec<Bin> = vec![
        ("+", |a, b| a + b),
        ("-", |a, b| a - b),
        ("*", |a, b| a * b),
        ("/", |a, b| a / b),
        ("mul_add(a, b, 1)", |a, b| a.mul_add(b, D2::constant(1.0))),
        ("mul_add(1, a, b)", |a, b| D2::constant(1.0).mul_add(a, b)),
        ("mul_add(a, a, b)", |a, b| a.mul_add(a, b)),
    ];
    let mut bad = Vec::new();
    for a in specials() {
        for (name, f) in &unary {
            let y = f(D2::constant(a));
            if !y.has_zero_tangent() {
                bad.push(format!("{name}({a:e}) = {y:?}"));
            }
        }
        for b in specials() {
            for (name, f) in &binary {
                let y = f(D2::constant(a), D2::constant(b));
                if !y.has_zero_tangent() {
                    bad.push(format!("{name}({a:e}, {b:e}) = {y:?}"));
                }
            }
            for (name, f) in &arithmetic {
                let y = f(D2::constant(a), D2::constant(b));
                let finite = a.is_finite() && b.is_finite() && y.re.is_finite();
                if finite && !y.has_zero_tangent() || y.eps.iter().any(|&e| e != 0.0 && !e.is_nan())
                {
                    bad.push(format!("{name}({a:e}, {b:e}) = {y:?}"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{} cases:\n{}", bad.len(), bad.join("\n"));
}

// ----- docs/conventions.md and functions.rs: tanh's tail -------------------------------

/// conventions.md: "`1 - tanh²` would be `0` from `|x| ≈ 19.1`, where `tanh x` rounds to
/// `±1`, instead of about `1e-16`"; functions.rs: "it is exactly 0 from `|x| ≈ 19`". The
/// threshold is found by bisection on `f64::tanh`; beyond it the dual's slope must be the
/// hand formula `4e/(1 + e)²`, `e = e^(-2x)`, nonzero and about 1e-16.
#[test]
fn tanh_rounds_to_one_from_about_19_1_and_the_slope_survives() {
    let (mut lo, mut hi) = (1.0_f64, 40.0_f64);
    assert!(lo.tanh() < 1.0 && hi.tanh() == 1.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid.tanh() == 1.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    assert!((19.0..19.2).contains(&hi), "tanh rounds to 1 from {hi}");
    for x in [hi, -hi] {
        let t = x.tanh();
        assert_eq!(1.0 - t * t, 0.0);
        let slope = D1::variable(x, 0).tanh().eps[0];
        let e = (-2.0 * x.abs()).exp();
        let want = 4.0 * e / ((1.0 + e) * (1.0 + e));
        assert!(
            (slope - want).abs() <= 1e-14 * want,
            "{slope:e} vs {want:e}"
        );
        assert!((5e-17..2e-16).contains(&slope), "slope {slope:e} at {x}");
    }
}

// ----- src/ops.rs, src/dual.rs, src/real.rs ------------------------------------------------

/// ops.rs `Sum`: "As for `f64`, the sum starts from `-0` ... so a sum of `-0`s (and the
/// empty sum) is `-0`". The oracle is `f64`'s own `Sum`.
#[test]
fn sums_start_from_minus_zero_as_f64_does() {
    let none: [f64; 0] = [];
    let f_empty: f64 = none.iter().sum();
    let d_empty: D1 = Vec::<D1>::new().into_iter().sum();
    let d_empty_ref: D1 = Vec::<D1>::new().iter().sum();
    assert!(same(d_empty.re, f_empty) && same(d_empty_ref.re, f_empty));
    let f_zeros: f64 = [-0.0, -0.0].iter().sum();
    let d_zeros: D1 = [D1::constant(-0.0), D1::constant(-0.0)].into_iter().sum();
    assert!(same(d_zeros.re, f_zeros));
    assert!(same(f_zeros, -0.0));
}

/// dual.rs `identical`: "NaN components are unequal, as for floats"; `is_exact_zero`: "the
/// value and every tangent component are zero" (`-0` is zero, as `-0 == 0`);
/// `has_zero_tangent`: "the tangent is zero in every component".
#[test]
fn identical_and_zero_tests() {
    let nan = D1::new(f64::NAN, [1.0]);
    assert!(!nan.identical(&nan));
    let nan_tangent = D1::new(1.0, [f64::NAN]);
    assert!(!nan_tangent.identical(&nan_tangent));
    assert!(D1::new(1.0, [0.0]).identical(&D1::new(1.0, [-0.0])));
    assert!(D2::new(-0.0, [-0.0, 0.0]).is_exact_zero());
    assert!(!D2::new(0.0, [0.0, 1e-300]).is_exact_zero());
    assert!(!D2::new(f64::from_bits(1), [0.0, 0.0]).is_exact_zero());
    assert!(D2::new(5.0, [-0.0, 0.0]).has_zero_tangent());
    // conventions.md: "`Dual::new(1.0, [5.0]) == Dual::new(1.0, [-2.0])`, and
    // `Dual::new(0.0, [1.0]).is_zero()` is true"
    assert!(D1::new(1.0, [5.0]) == D1::new(1.0, [-2.0]));
    assert!(D1::new(0.0, [1.0]).is_zero());
}

/// real.rs `mul_f64`: "`x * S::literal(c)` ... is a full dual product ... whose
/// multiplications by the literal's zero tangent IEEE arithmetic does not let the compiler
/// drop (`0 * inf` is NaN). `mul_f64` does only the `N + 1` multiplications"; for `f32` it
/// is "`self * (c as f32)`"; `literal` is "rounded for `f32`; a constant for a dual".
#[test]
fn mul_f64_and_literal_as_documented() {
    let x = D2::new(f64::INFINITY, [1.0, 0.0]);
    check("mul_f64", x.mul_f64(3.0), f64::INFINITY, [3.0, 0.0]);
    let full = x * D2::literal(3.0);
    assert!(full.eps[1].is_nan(), "the full product: {full:?}");
    for c in [0.1, 1e-50, 3.0, 1e40] {
        assert_eq!(2.5_f32.mul_f64(c).to_bits(), (2.5_f32 * c as f32).to_bits());
        assert_eq!(<f32 as Real>::literal(c).to_bits(), (c as f32).to_bits());
    }
    let lit = D2::literal(0.1);
    assert!(lit.re == 0.1 && lit.has_zero_tangent());
    // float.rs: "`NumCast::from` and `FromPrimitive` build constants"
    let a = <D2 as NumCast>::from(2.5_f64).unwrap();
    let b = D2::from_f64(2.5).unwrap();
    let c = D2::from_i64(-3).unwrap();
    assert!(a.re == 2.5 && b.re == 2.5 && c.re == -3.0);
    assert!(a.has_zero_tangent() && b.has_zero_tangent() && c.has_zero_tangent());
}

// ----- src/derivative.rs, src/hessian.rs ---------------------------------------------------

/// derivative.rs: "`T` may itself be a dual, so derivatives nest (a derivative of a
/// derivative)". Hand formulas: (x³)'' = 6x, (sin x)'' = -sin x.
#[test]
fn derivative_nests_for_second_derivatives() {
    for x in [-1.5, 0.0, 0.7, 2.0] {
        // f(u) = u³ on duals of duals: the derivative's value is f'(x), its tangent f''(x)
        let (y, d) = derivative(|u: Dual<D1, 1>| u * u * u, D1::variable(x, 0));
        assert_eq!((y.re, y.eps[0]), (x * x * x, 3.0 * x * x));
        assert_eq!((d.re, d.eps[0]), (3.0 * x * x, 6.0 * x));
        let (_, s) = derivative(|u: Dual<D1, 1>| u.sin(), D1::variable(x, 0));
        assert!((s.re - x.cos()).abs() < 1e-15);
        assert!((s.eps[0] + x.sin()).abs() < 1e-15);
    }
}

/// hessian.rs: "Input `i` is seeded as `x_i + ε_i + δ_i` ... its `δ_i ε_j` component is
/// `H_ij`. The two mixed partials `H_ij` and `H_ji` ... can differ in the last bit; the
/// result takes the upper triangle's (`i <= j`) for both". The oracle seeds the nested duals
/// by hand, as the doc describes, and reads both mixed partials; points where they differ
/// are searched for, and the helper must return the upper one on both sides.
#[test]
fn hessian_takes_the_upper_triangles_mixed_partial() {
    type N2 = Dual<Dual<f64, 2>, 2>;
    fn f<T: Float>(v: &[T]) -> T {
        let (x, y) = (v[0], v[1]);
        (x * y).exp() * (x + y * y).sin() / (T::one() + x * x) + x.ln_1p() * y.powi(3)
    }
    let mut rng = Rng(0xD0C5);
    let mut differing = 0;
    for _ in 0..400 {
        let p = [rng.range(0.1, 2.0), rng.range(-2.0, 2.0)];
        let seeded: Vec<N2> = (0..2)
            .map(|i| {
                let mut inner = Dual::constant(p[i]);
                inner.eps[i] = 1.0; // ε_i
                let mut outer = N2::constant(inner);
                outer.eps[i] = Dual::constant(1.0); // δ_i
                outer
            })
            .collect();
        let y = f(&seeded);
        let (h01, h10) = (y.eps[0].eps[1], y.eps[1].eps[0]);
        let (v, g, h) = hessian(|x: &Vector2<N2>| f(x.as_slice()), &Vector2::new(p[0], p[1]));
        assert_eq!(v, f(&p));
        assert_eq!((g[0], g[1]), (y.re.eps[0], y.re.eps[1]));
        assert_eq!(h[(0, 0)], y.eps[0].eps[0]);
        assert_eq!(h[(1, 1)], y.eps[1].eps[1]);
        assert_eq!((h[(0, 1)], h[(1, 0)]), (h01, h01), "at {p:?}");
        if h01 != h10 {
            differing += 1;
        }
    }
    assert!(
        differing > 0,
        "no point where the mixed partials differ was found"
    );
}

// ----- src/linalg.rs -----------------------------------------------------------------------

/// linalg.rs `RealField::copysign`: `|x|` with the sign of `sign`: its tangent is that of
/// `±|x|`, i.e. `sign(s) · sign(x) · dx` (0 at `x = ±0`). Hand values.
#[test]
fn realfield_copysign_tangent_is_plus_or_minus_d_abs_x() {
    use nalgebra::RealField;
    for (x0, s0, value, slope) in [
        (-2.0, 1.0, 2.0, -1.0),
        (-2.0, -1.0, -2.0, 1.0),
        (2.0, -1.0, -2.0, -1.0),
        (2.0, 1.0, 2.0, 1.0),
        (0.0, -1.0, -0.0, 0.0),
    ] {
        let [x, s] = D2::variables([x0, s0]);
        check(
            "RealField::copysign",
            RealField::copysign(x, s),
            value,
            [slope, 0.0],
        );
    }
}

/// linalg.rs `ComplexField::log`: "Written with `Dual::chain2` rather than as a quotient of
/// duals, so that a tangent component that is zero stays zero where a slope is infinite (at
/// `x = 0` ...)". Slopes by hand: `∂/∂x = 1/(x ln b) = +∞`, `∂/∂b = -log_b x/(b ln b) = +∞`.
#[test]
fn complexfield_log_with_a_dual_base_keeps_zero_components_zero() {
    let x = D3::new(0.0, [1.0, 0.0, 0.0]);
    let b = D3::new(10.0, [0.0, 1.0, 0.0]);
    let y = nalgebra::ComplexField::log(x, b);
    let inf = f64::INFINITY;
    check("log_b(0)", y, 0f64.log(10.0), [inf, inf, 0.0]);
    // away from 0, the hand formulas
    let x = D3::new(3.0, [1.0, 0.0, 0.0]);
    let b = D3::new(2.0, [0.0, 1.0, 0.0]);
    let y = nalgebra::ComplexField::log(x, b);
    let (dx, db) = (
        1.0 / (3.0 * 2f64.ln()),
        -(3f64.log(2.0)) / (2.0 * 2f64.ln()),
    );
    assert!((y.eps[0] - dx).abs() < 1e-15 && (y.eps[1] - db).abs() < 1e-15 && y.eps[2] == 0.0);
}

// ----- src/matrix.rs ------------------------------------------------------------------------

/// matrix.rs `jacobian_matrix_wrt_matrix`: "`J[(q·P + p, c·R + r)] = ∂Y[p][q] / ∂X[r][c]`".
/// `Y = (Xᵀ)∘²` for a 2 x 3 `X` (so `P = 3`, `Q = 2`): `∂Y[p][q]/∂X[r][c] = 2 X[q][p]` when
/// `(r, c) = (q, p)`, else 0; every one of the 36 entries is checked by hand.
#[test]
fn matrix_of_a_matrix_index_formula() {
    let x = Matrix2x3::new(1.0, -2.0, 3.0, 0.5, 4.0, -1.5);
    let (y, j) =
        jacobian_matrix_wrt_matrix::<6, 6, _, _, _, _, _>(|x| x.transpose().map(|e| e * e), &x);
    let (rr, cc, pp, qq) = (2, 3, 3, 2);
    for p in 0..pp {
        for q in 0..qq {
            assert_eq!(y[(p, q)], x[(q, p)] * x[(q, p)]);
            for r in 0..rr {
                for c in 0..cc {
                    let want = if (r, c) == (q, p) {
                        2.0 * x[(q, p)]
                    } else {
                        0.0
                    };
                    assert_eq!(
                        j[(q * pp + p, c * rr + r)],
                        want,
                        "Y[{p}][{q}] / X[{r}][{c}]"
                    );
                }
            }
        }
    }
}

// ----- src/tensor.rs ------------------------------------------------------------------------

/// tensor.rs: `Tensor3` storage "Entry `(d, r, c)` is at `d·rows·cols + c·rows + r`";
/// `from_slices`: "No slices give a `0 x 0 x 0` tensor"; `Layout::input_shape`: "the inverse
/// of `Layout::slice_shape`; both are their own inverse"; `input_entry`: "`(j, i)` in
/// numerator layout, `(i, j)` in denominator layout"; the `Display` example, exactly.
#[test]
fn tensor_storage_layout_and_display_as_documented() {
    let (dd, rr, cc) = (3, 4, 5);
    let t = Tensor3::from_fn((dd, rr, cc), |d, r, c| (100 * d + 10 * r + c) as f64);
    for d in 0..dd {
        for r in 0..rr {
            for c in 0..cc {
                assert_eq!(
                    t.as_slice()[d * rr * cc + c * rr + r],
                    (100 * d + 10 * r + c) as f64
                );
            }
        }
    }
    assert_eq!(Tensor3::<f64>::from_slices(&[]).shape(), (0, 0, 0));
    for layout in [Layout::Numerator, Layout::Denominator] {
        for shape in [(2, 3), (4, 1), (5, 5)] {
            assert_eq!(layout.input_shape(layout.slice_shape(shape)), shape);
            assert_eq!(layout.slice_shape(layout.slice_shape(shape)), shape);
        }
    }
    assert_eq!(Layout::Numerator.slice_shape((2, 3)), (3, 2));
    assert_eq!(Layout::Denominator.slice_shape((2, 3)), (2, 3));
    assert_eq!(Layout::Numerator.input_entry((1, 0)), (0, 1));
    assert_eq!(Layout::Denominator.input_entry((1, 0)), (1, 0));
    let small = Tensor3::from_fn((2, 2, 1), |d, r, _| (2 * d + r + 1) as i32);
    assert_eq!(
        format!("{small}"),
        "2 x 2 x 1 tensor (depth x rows x cols)\n[0] ⎡ 1 ⎤\n    ⎣ 2 ⎦\n[1] ⎡ 3 ⎤\n    ⎣ 4 ⎦"
    );
}

/// tensor.rs `VecOrder::entry`: "# Panics If `k >= rows·cols`".
#[test]
#[should_panic(expected = "VecOrder::entry: position 6 is outside a 2 x 3 matrix")]
fn vec_order_entry_panics_past_the_end() {
    let _ = VecOrder::RowMajor.entry(6, (2, 3));
}

/// tensor.rs `VecOrder::position`: "# Panics If `(r, c)` is outside the shape".
#[test]
#[should_panic(expected = "VecOrder::position: entry (2, 0) is outside a 2 x 3 matrix")]
fn vec_order_position_panics_outside_the_shape() {
    let _ = VecOrder::ColumnMajor.position((2, 0), (2, 3));
}

/// tensor.rs `Tensor3::slice`: "# Panics If `d >= depth`".
#[test]
#[should_panic(expected = "Tensor3::slice: slice 2 is out of bounds for depth 2")]
fn tensor_slice_panics_past_the_depth() {
    let t = Tensor3::from_fn((2, 1, 1), |_, _, _| 0.0);
    let _ = t.slice(2);
}

/// tensor.rs `Tensor3::slice_mut`: "# Panics If `d >= depth`".
#[test]
#[should_panic(expected = "Tensor3::slice_mut: slice 0 is out of bounds for depth 0")]
fn tensor_slice_mut_panics_past_the_depth() {
    let mut t = Tensor3::<f64>::from_slices(&[]);
    let _ = t.slice_mut(0);
}

// ----- src/sparse ---------------------------------------------------------------------------

/// Broyden tridiagonal, as in the sparse module's documentation.
struct Broyden(usize);

impl VectorFunction for Broyden {
    fn input_len(&self) -> usize {
        self.0
    }
    fn output_len(&self) -> usize {
        self.0
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        for i in 0..self.0 {
            let mut f = (S::literal(3.0) - x[i].mul_f64(2.0)) * x[i] + S::one();
            if i > 0 {
                f = f - x[i - 1];
            }
            if i + 1 < self.0 {
                f = f - x[i + 1].mul_f64(2.0);
            }
            y[i] = f;
        }
    }
}

/// An arrowhead: a dense first row (so `n` colours) and a dense first column.
/// `y_0 = Σ x_j²`, `y_i = x_i³ + x_0` for `i ≥ 1`.
struct Arrow(usize);

impl VectorFunction for Arrow {
    fn input_len(&self) -> usize {
        self.0
    }
    fn output_len(&self) -> usize {
        self.0
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        y[0] = x.iter().fold(S::zero(), |acc, &v| acc + v * v);
        for i in 1..self.0 {
            y[i] = x[i] * x[i] * x[i] + x[0];
        }
    }
}

/// Entry by entry within `1e-14` (the hand formulas round differently from the code's
/// operation order, e.g. `3 - 4x` against `(3 - 2x) - 2x`); the same zero pattern exactly.
#[track_caller]
fn assert_close(what: &str, got: &DMatrix<f64>, want: &DMatrix<f64>) {
    assert_eq!(got.shape(), want.shape(), "{what}");
    for (g, w) in got.iter().zip(want.iter()) {
        assert!(
            (g - w).abs() <= 1e-14 && (*w == 0.0) == (*g == 0.0),
            "{what}: {g} vs {w}"
        );
    }
}

fn broyden_hand(x: &[f64]) -> DMatrix<f64> {
    let n = x.len();
    DMatrix::from_fn(n, n, |i, j| {
        if i == j {
            3.0 - 4.0 * x[i]
        } else if j + 1 == i {
            -1.0
        } else if j == i + 1 {
            -2.0
        } else {
            0.0
        }
    })
}

fn arrow_hand(x: &[f64]) -> DMatrix<f64> {
    let n = x.len();
    DMatrix::from_fn(n, n, |i, j| match (i, j) {
        (0, j) => 2.0 * x[j],
        (_, 0) => 1.0,
        (i, j) if i == j => 3.0 * x[i] * x[i],
        _ => 0.0,
    })
}

/// `y_i += x_i² + x_(i+1)` (accumulating into `y`), and with `dense_row` also
/// `y_0 += Σ x_j`: right only if `y` comes in zeroed; counts the calls in which it did not.
struct Accumulate {
    n: usize,
    dense_row: bool,
    dirty: Cell<usize>,
    calls: Cell<usize>,
}

impl VectorFunction for Accumulate {
    fn input_len(&self) -> usize {
        self.n
    }
    fn output_len(&self) -> usize {
        self.n
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        self.calls.set(self.calls.get() + 1);
        if !y.iter().all(Real::is_exact_zero) {
            self.dirty.set(self.dirty.get() + 1);
        }
        for i in 0..self.n {
            y[i] = y[i] + x[i] * x[i];
            if i + 1 < self.n {
                y[i] = y[i] + x[i + 1];
            }
            if self.dense_row {
                y[0] = y[0] + x[i];
            }
        }
    }
}

/// function.rs `VectorFunction`: "`eval` receives `y` filled with zeros, and an output left
/// untouched is the constant 0": on the trace, on every pass of multi-pass plans (a band,
/// whose plan keeps destination tables, and a dense row, whose plan does not) and on
/// repeated calls. Hand Jacobian: `2 diag(x)`, ones above the diagonal, and with the dense
/// row ones added to row 0.
#[test]
fn vector_function_receives_zeroed_outputs_on_every_pass() {
    let n = 20;
    let x: Vec<f64> = (0..n).map(|i| 0.25 * i as f64 - 2.0).collect();
    for dense_row in [false, true] {
        let hand = DMatrix::from_fn(n, n, |i, j| {
            let mut d = if i == j { 2.0 * x[i] } else { 0.0 };
            if j == i + 1 {
                d += 1.0;
            }
            if dense_row && i == 0 {
                d += 1.0;
            }
            d
        });
        let f = Accumulate {
            n,
            dense_row,
            dirty: Cell::new(0),
            calls: Cell::new(0),
        };
        let mut narrow = SparseJacobian::<1>::new(&f, &x).unwrap();
        let mut wide = SparseJacobian::<8>::new(&f, &x).unwrap();
        let colours = if dense_row { n } else { 2 };
        assert_eq!(narrow.colours(), colours);
        narrow.set_auto_verify(false);
        wide.set_auto_verify(false);
        f.calls.set(0);
        for _ in 0..2 {
            assert_close("K = 1", &narrow.jacobian_dense(&f, &x).unwrap(), &hand);
            assert_close("K = 8", &wide.jacobian_dense(&f, &x).unwrap(), &hand);
        }
        assert_eq!(f.calls.get(), 2 * (colours + colours.div_ceil(8)));
        assert_eq!(
            f.dirty.get(),
            0,
            "dense row {dense_row}: calls with a dirty y"
        );
    }
}

/// tracer.rs: "A tracer is a `Copy` handle (16 bytes)"; a constant "depends on no input".
#[test]
fn tracer_is_a_16_byte_handle() {
    assert_eq!(std::mem::size_of::<Tracer>(), 16);
    assert!(Tracer::constant(2.0).is_constant());
    assert!(<Tracer as Real>::literal(3.0).is_constant());
}

/// plan.rs: "`SparseJacobian::from_pattern(Pattern::dense(m, n))` is a dense Jacobian in
/// `ceil(n / K)` passes"; `passes`: "`ceil(colours / K)`, at least 1"; auto-verify is "on
/// by default in debug builds, off in release builds"; `with_width` keeps the setting.
#[test]
fn sparse_plan_passes_and_auto_verify_defaults() {
    for n in [1, 5, 8, 9, 17] {
        for m in [1, 3] {
            assert_eq!(
                SparseJacobian::<4>::from_pattern(Pattern::dense(m, n)).passes(),
                n.div_ceil(4)
            );
            assert_eq!(
                SparseJacobian::<1>::from_pattern(Pattern::dense(m, n)).passes(),
                n
            );
        }
    }
    let empty = SparseJacobian::<4>::from_pattern(Pattern::dense(3, 0));
    assert_eq!((empty.colours(), empty.passes()), (0, 1));
    let mut plan = SparseJacobian::<3>::new(&Broyden(10), &[0.5; 10]).unwrap();
    assert_eq!(plan.auto_verify(), cfg!(debug_assertions));
    plan.set_auto_verify(!cfg!(debug_assertions));
    let plan = plan.with_width::<2>();
    assert_eq!(plan.auto_verify(), !cfg!(debug_assertions));
    assert_eq!(plan.passes(), 2); // 3 colours, 2 per pass
}

/// plan.rs `jacobian_dense_into`: "the dense `m x n` matrix `jacobian` (entries outside the
/// pattern set to 0)"; the values are the hand Jacobian.
#[test]
fn sparse_dense_output_zeroes_entries_outside_the_pattern() {
    let n = 12;
    let x: Vec<f64> = (0..n).map(|i| 0.3 * i as f64 - 1.0).collect();
    let mut plan = SparseJacobian::<3>::new(&Broyden(n), &x).unwrap();
    let mut values = vec![f64::NAN; n];
    let mut jac = DMatrix::from_element(n, n, f64::NAN);
    plan.jacobian_dense_into(&Broyden(n), &x, &mut values, &mut jac)
        .unwrap();
    assert_close("dense", &jac, &broyden_hand(&x));
    let mut y = vec![0.0; n];
    Broyden(n).eval(&x, &mut y);
    assert_eq!(values, y);
}

/// pattern.rs `first_entry_not_in`: "The first entry (in row order) of `self` that `other`
/// does not hold". With different shapes, an entry outside `other`'s bounds counts as not
/// held (and an entry inside them that `other` lacks comes first if it comes first in row
/// order).
#[test]
fn first_entry_not_in_with_different_shapes() {
    let a = Pattern::from_entries(3, 3, [(0, 0), (1, 1), (2, 2)]).unwrap();
    let small = Pattern::from_entries(2, 2, [(0, 0)]).unwrap();
    // (1, 1) is inside small's bounds and not held: it comes first
    assert_eq!(a.first_entry_not_in(&small), Some((1, 1)));
    let small = Pattern::from_entries(2, 2, [(0, 0), (1, 1)]).unwrap();
    // (2, 2): a row beyond small's rows
    assert_eq!(a.first_entry_not_in(&small), Some((2, 2)));
    let wide = Pattern::from_entries(1, 2, [(0, 0)]).unwrap();
    let b = Pattern::from_entries(1, 3, [(0, 0), (0, 2)]).unwrap();
    // (0, 2): a column beyond wide's columns
    assert_eq!(b.first_entry_not_in(&wide), Some((0, 2)));
    // a subset of a larger pattern
    assert_eq!(small.first_entry_not_in(&a), None);
    assert!(small.is_subset_of(&a) && !a.is_subset_of(&small));
}

/// pattern.rs `Pattern::row`: "# Panics If `i >= nrows`"; `contains`: "false outside the
/// matrix".
#[test]
fn pattern_row_and_contains_bounds() {
    let p = Pattern::banded(4, 1, 0);
    assert_eq!(p.row(3), &[2, 3]);
    assert!(!p.contains(4, 0) && !p.contains(0, 4) && p.contains(1, 0));
    assert!(std::panic::catch_unwind(|| p.row(4).len()).is_err());
}

/// Whether `colours` gives different colours to every two columns sharing a row.
fn valid_colouring(p: &Pattern, colours: &[usize]) -> bool {
    (0..p.nrows()).all(|i| {
        let row = p.row(i);
        row.iter()
            .enumerate()
            .all(|(a, &j)| row[a + 1..].iter().all(|&k| colours[j] != colours[k]))
    })
}

/// The degeneracy of the column intersection graph, by repeatedly removing a vertex of
/// smallest degree from an explicit adjacency matrix (quadratic, independent of the crate).
fn degeneracy(p: &Pattern) -> usize {
    let n = p.ncols();
    let mut adj = vec![vec![false; n]; n];
    for i in 0..p.nrows() {
        for &a in p.row(i) {
            for &b in p.row(i) {
                if a != b {
                    adj[a][b] = true;
                }
            }
        }
    }
    let mut alive = vec![true; n];
    let mut best = 0;
    for _ in 0..n {
        let (v, d) = (0..n)
            .filter(|&v| alive[v])
            .map(|v| (v, (0..n).filter(|&u| alive[u] && adj[v][u]).count()))
            .min_by_key(|&(_, d)| d)
            .unwrap();
        best = best.max(d);
        alive[v] = false;
    }
    best
}

/// colouring.rs: `SmallestLast` "Uses at most `1 + degeneracy` colours"; `Colouring::greedy`
/// is "The best greedy colouring ... over the orders of `ColumnOrder::ALL` (the first one
/// found with the fewest colours)"; `max_row_len` is "a lower bound on the number of
/// colours of any valid column colouring".
#[test]
fn colouring_claims_on_random_patterns() {
    let mut rng = Rng(0xC010);
    for case in 0..60 {
        let (m, n) = (1 + rng.below(25), 1 + rng.below(25));
        let density = rng.range(0.02, 0.4);
        let rows: Vec<Vec<usize>> = (0..m)
            .map(|_| (0..n).filter(|_| rng.range(0.0, 1.0) < density).collect())
            .collect();
        let p = Pattern::from_rows(n, &rows).unwrap();
        let sl = Colouring::greedy_with(&p, ColumnOrder::SmallestLast);
        assert!(valid_colouring(&p, sl.colours()), "case {case}");
        assert!(
            sl.count() <= 1 + degeneracy(&p),
            "case {case}: {} colours",
            sl.count()
        );
        let counts: Vec<usize> = ColumnOrder::ALL
            .iter()
            .map(|&o| Colouring::greedy_with(&p, o).count())
            .collect();
        let best = *counts.iter().min().unwrap();
        let first = counts.iter().position(|&c| c == best).unwrap();
        let g = Colouring::greedy(&p);
        assert!(valid_colouring(&p, g.colours()), "case {case}");
        assert_eq!(g.count(), best, "case {case}");
        assert_eq!(g.order(), Some(ColumnOrder::ALL[first]), "case {case}");
        assert!(g.count() >= p.max_row_len(), "case {case}");
    }
}

// ----- allocation claims of the sparse plan -------------------------------------------------
//
// plan.rs: "After that [building the plan], `jacobian_into`, `jacobian_values_into` and
// `jacobian_dense_into` allocate nothing when auto-verify is off (verification traces, which
// allocates)"; the module example: "no allocation in release". Not pinned elsewhere: a
// counting allocator, switched on per thread, counts the calls.

struct CountingAllocator;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn note() {
    let _ = COUNTING.try_with(|on| {
        if on.get() {
            let _ = COUNT.try_with(|c| c.set(c.get() + 1));
        }
    });
}

// SAFETY: each method forwards to `System` with the caller's arguments and guarantees;
// `note` only touches const-initialised thread-locals, which never allocate.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: AllocLayout) -> *mut u8 {
        note();
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: AllocLayout) -> *mut u8 {
        note();
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: AllocLayout, size: usize) -> *mut u8 {
        note();
        // SAFETY: forwarded unchanged.
        unsafe { System.realloc(ptr, layout, size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: AllocLayout) {
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// The heap allocations `f` makes on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> usize {
    COUNT.with(|c| c.set(0));
    COUNTING.with(|on| on.set(true));
    black_box(f());
    COUNTING.with(|on| on.set(false));
    COUNT.with(|c| c.get())
}

fn assert_sparse_calls_allocate_nothing<const K: usize, F: VectorFunction>(
    what: &str,
    f: &F,
    x: &[f64],
    hand: &DMatrix<f64>,
    uses_table: bool,
) {
    let n = x.len();
    let mut plan = SparseJacobian::<K>::new(f, x).unwrap();
    plan.set_auto_verify(false);
    // the case being exercised: a plan with or without its destination tables
    let tables_fit = plan.nrows() * plan.colours() <= 4 * (plan.nnz() + plan.nrows());
    assert_eq!(tables_fit, uses_table, "{what}");
    let mut values = vec![0.0; f.output_len()];
    let mut csc = plan.new_matrix();
    let mut entries = vec![0.0; plan.nnz()];
    let mut dense = DMatrix::zeros(f.output_len(), n);
    for round in 0..2 {
        let a = allocations(|| plan.jacobian_into(f, x, &mut values, &mut csc).unwrap());
        let b = allocations(|| {
            plan.jacobian_values_into(f, x, &mut values, &mut entries)
                .unwrap()
        });
        let c = allocations(|| {
            plan.jacobian_dense_into(f, x, &mut values, &mut dense)
                .unwrap()
        });
        assert_eq!((a, b, c), (0, 0, 0), "{what}, call {round}");
    }
    assert_close(what, &dense, hand);
    assert_close(what, &DMatrix::from(&csc), hand);
    assert_eq!(csc.values(), &entries[..], "{what}");
    // "verification traces, which allocates"
    plan.set_auto_verify(true);
    let v = allocations(|| plan.jacobian_into(f, x, &mut values, &mut csc).unwrap());
    assert!(v > 0, "{what}: auto-verify did not allocate");
}

#[test]
fn sparse_jacobian_calls_allocate_nothing_after_building_the_plan() {
    let x: Vec<f64> = (0..30).map(|i| 0.1 * i as f64 - 1.3).collect();
    let b = broyden_hand(&x);
    // tridiagonal: 3 colours, one pass (K = 3) or two (K = 2), with tables
    assert_sparse_calls_allocate_nothing::<3, _>("Broyden K = 3", &Broyden(30), &x, &b, true);
    assert_sparse_calls_allocate_nothing::<2, _>("Broyden K = 2", &Broyden(30), &x, &b, true);
    // arrowhead: 30 colours, 4 passes of 8 (the last partial), no tables (30·30 > 4 (88 + 30))
    let a = arrow_hand(&x);
    assert_sparse_calls_allocate_nothing::<8, _>("arrowhead K = 8", &Arrow(30), &x, &a, false);
    // 65 components: two 64-bit words of gaps per row
    assert_sparse_calls_allocate_nothing::<65, _>("arrowhead K = 65", &Arrow(30), &x, &a, false);
}
