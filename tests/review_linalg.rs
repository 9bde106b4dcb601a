//! Independent review of `src/linalg.rs` (simba/nalgebra/approx traits for `Dual`) and of
//! `src/sparse/` (tracer, pattern detection, colouring, `SparseJacobian`).
//!
//! Oracles: the `f64` implementation of the same simba trait method for every VALUE (bit for
//! bit, NaN for NaN); derivative formulas written out by hand here; central finite
//! differences (Richardson-extrapolated where stated, with the tolerance stated); matrix
//! calculus closed forms (Jacobi's formula, `d A⁻¹ = -A⁻¹ dA A⁻¹`, `dσ = uᵀ dA v`,
//! `dλ = vᵀ dA v`, the block-triangular Fréchet derivative of `exp`); for the sparse
//! Jacobians a dense `ChunkedJacobian` (a different code path) and finite differences.

use std::panic::{AssertUnwindSafe, catch_unwind};

use approx::{AbsDiffEq, RelativeEq, UlpsEq};
use dualnum::sparse::{
    Colouring, ColumnOrder, Pattern, SparseError, SparseJacobian, Tracer, VectorFunction,
    trace_pattern,
};
use dualnum::{ChunkedJacobian, Dual, Real};
use nalgebra::{ComplexField, DMatrix, DVector, Matrix2, Matrix3, Matrix4, RealField, SMatrix};
use num_traits::Float;

mod common;
use common::Rng;

type D = Dual<f64, 1>;
type D2 = Dual<f64, 2>;
type DD = Dual<Dual<f64, 1>, 1>;

const NAN: f64 = f64::NAN;
const INF: f64 = f64::INFINITY;

// ======================================================================================
// helpers
// ======================================================================================

/// Bit-identical, or both NaN.
fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

/// `|a - b| <= tol (1 + |b|)`, or both NaN, or equal (same infinity).
fn near(a: f64, b: f64, tol: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= tol * (1.0 + b.abs())
}

/// Central difference with Richardson extrapolation,
/// `(8 (f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h`: truncation `O(h⁴)`.
fn richardson(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (8.0 * (f(x + h) - f(x - h)) - (f(x + 2.0 * h) - f(x - 2.0 * h))) / (12.0 * h)
}

/// The derivative of `f` at `x` by finite differences, if `f` looks smooth there: the
/// Richardson estimates with steps `h` and `h/2` must agree to `1e-6` and every sample be
/// finite; `None` otherwise (a jump, a kink, the edge of the domain).
fn smooth_derivative(f: impl Fn(f64) -> f64, x: f64) -> Option<f64> {
    // the step: relative to x, so it never crosses a pole near x; 1e-5 at 0; none for
    // |x| below 1e-100, where relative steps underflow
    if !x.is_finite() || (x != 0.0 && x.abs() < 1e-100) {
        return None;
    }
    let h = if x == 0.0 { 1e-5 } else { 1e-3 * x.abs() };
    let samples = [-2.0, -1.0, -0.5, 0.5, 1.0, 2.0].map(|k| f(x + k * h));
    if !samples.iter().all(|v| v.is_finite()) {
        return None;
    }
    let d1 = richardson(&f, x, h);
    let d2 = richardson(&f, x, h / 2.0);
    let one_sided_left = (f(x) - f(x - h / 2.0)) / (h / 2.0);
    let one_sided_right = (f(x + h / 2.0) - f(x)) / (h / 2.0);
    let kink = (one_sided_left - one_sided_right).abs() > 1e-2 * (1.0 + d2.abs());
    if kink || (d1 - d2).abs() > 1e-6 * (1.0 + d2.abs()) {
        return None;
    }
    Some(d2)
}

// ======================================================================================
// 1. every ComplexField / RealField method, called through the trait
// ======================================================================================

/// `1/x` overflows (a subnormal `x`, other than 0).
fn overflowing_recip(x: f64) -> bool {
    x != 0.0 && x.recip().is_infinite()
}

/// Ordinary, boundary and non-finite points: zeros of both signs, subnormals, the domain
/// edges of asin/acos/acosh/atanh/ln_1p, integers and half-integers (rounding), overflow
/// thresholds of exp/sinh, and the extremes.
const POINTS: [f64; 40] = [
    NAN,
    INF,
    -INF,
    f64::MAX,
    f64::MIN,
    1e300,
    -1e300,
    711.0,
    709.5,
    -745.5,
    50.0,
    20.0,
    -20.0,
    3.5,
    2.5,
    -2.5,
    2.0,
    1.5,
    1.0,
    -1.0,
    1.0 + f64::EPSILON,
    1.0 - f64::EPSILON / 2.0,
    0.75,
    0.5,
    -0.5,
    0.3,
    -0.3,
    1e-3,
    1e-8,
    -1e-8,
    f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
    0.0,
    -0.0,
    -0.9999,
    0.9999,
    core::f64::consts::FRAC_PI_2,
    -7.25,
    12.0,
];

/// A unary method: its name, the dual version (through the trait), the nested-dual version,
/// the `f64` version (through the same trait) and the slope written out by hand.
struct Unary {
    name: &'static str,
    dual: fn(D2) -> D2,
    nested: fn(DD) -> DD,
    float: fn(f64) -> f64,
    slope: fn(f64) -> f64,
    /// The method is a product or quotient of duals (not a chain rule): where the value or
    /// the input is not finite, the zero tangent component may become NaN (IEEE `0 · ∞`),
    /// by the crate's documented decision.
    arithmetic: bool,
}

macro_rules! unary {
    ($($name:literal $(arith $arith:tt)? => |$x:ident| $call:expr, slope $slope:expr;)*) => {
        vec![$(Unary {
            name: $name,
            dual: |$x: D2| $call,
            nested: |$x: DD| $call,
            float: |$x: f64| $call,
            slope: |#[allow(unused_variables)] $x: f64| $slope,
            arithmetic: false $(|| $arith)?,
        }),*]
    };
}

/// The sign with 0 at ±0 (the slope of |x| under the midpoint rule).
fn sign0(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        0.0
    }
}

fn unary_methods() -> Vec<Unary> {
    use std::f64::consts::{LN_2, LN_10};
    unary![
        "floor" => |x| ComplexField::floor(x), slope 0.0;
        "ceil" => |x| ComplexField::ceil(x), slope 0.0;
        "round" => |x| ComplexField::round(x), slope 0.0;
        "trunc" => |x| ComplexField::trunc(x), slope 0.0;
        "fract" => |x| ComplexField::fract(x), slope 1.0;
        "signum" => |x| ComplexField::signum(x), slope 0.0;
        "recip" => |x| ComplexField::recip(x), slope -1.0 / (x * x);
        "sin" => |x| ComplexField::sin(x), slope x.cos();
        "cos" => |x| ComplexField::cos(x), slope -x.sin();
        "tan" => |x| ComplexField::tan(x), slope 1.0 / x.cos().powi(2);
        "asin" => |x| ComplexField::asin(x), slope 1.0 / (1.0 - x * x).sqrt();
        "acos" => |x| ComplexField::acos(x), slope -1.0 / (1.0 - x * x).sqrt();
        "atan" => |x| ComplexField::atan(x), slope 1.0 / (1.0 + x * x);
        "sinh" => |x| ComplexField::sinh(x), slope x.cosh();
        "cosh" => |x| ComplexField::cosh(x), slope x.sinh();
        "tanh" => |x| ComplexField::tanh(x), slope 1.0 / x.cosh().powi(2);
        "asinh" => |x| ComplexField::asinh(x), slope 1.0 / (1.0 + x * x).sqrt();
        "acosh" => |x| ComplexField::acosh(x), slope 1.0 / (x * x - 1.0).sqrt();
        "atanh" => |x| ComplexField::atanh(x), slope 1.0 / (1.0 - x * x);
        "log2" => |x| ComplexField::log2(x), slope 1.0 / (x * LN_2);
        "log10" => |x| ComplexField::log10(x), slope 1.0 / (x * LN_10);
        "ln" => |x| ComplexField::ln(x), slope 1.0 / x;
        "ln_1p" => |x| ComplexField::ln_1p(x), slope 1.0 / (1.0 + x);
        "sqrt" => |x| ComplexField::sqrt(x), slope 0.5 / x.sqrt();
        "exp" => |x| ComplexField::exp(x), slope x.exp();
        "exp2" => |x| ComplexField::exp2(x), slope x.exp2() * LN_2;
        "exp_m1" => |x| ComplexField::exp_m1(x), slope x.exp();
        "cbrt" => |x| ComplexField::cbrt(x), slope 1.0 / (3.0 * x.cbrt().powi(2));
        "abs" => |x| ComplexField::abs(x), slope sign0(x);
        "modulus" => |x| ComplexField::modulus(x), slope sign0(x);
        "norm1" => |x| ComplexField::norm1(x), slope sign0(x);
        "modulus_squared" arith true => |x| ComplexField::modulus_squared(x), slope 2.0 * x;
        "argument" => |x| ComplexField::argument(x), slope 0.0;
        "real" => |x| ComplexField::real(x), slope 1.0;
        "imaginary" => |x| ComplexField::imaginary(x), slope 0.0;
        "conjugate" => |x| ComplexField::conjugate(x), slope 1.0;
        "from_real" => |x| ComplexField::from_real(x), slope 1.0;
        "sin_cos.0" => |x| ComplexField::sin_cos(x).0, slope x.cos();
        "sin_cos.1" => |x| ComplexField::sin_cos(x).1, slope -x.sin();
        "sinh_cosh.0" => |x| ComplexField::sinh_cosh(x).0, slope x.cosh();
        "sinh_cosh.1" => |x| ComplexField::sinh_cosh(x).1, slope x.sinh();
        "to_polar.0" => |x| ComplexField::to_polar(x).0, slope sign0(x);
        "to_polar.1" => |x| ComplexField::to_polar(x).1, slope 0.0;
        // to_exp: (x, 1) for x >= 0, (-x, -1) otherwise (NaN: the second), as f64's.
        "to_exp.0" => |x| ComplexField::to_exp(x).0, slope if x >= 0.0 { 1.0 } else { -1.0 };
        "to_exp.1" => |x| ComplexField::to_exp(x).1, slope 0.0;
        "powi(-3)" => |x| ComplexField::powi(x, -3), slope -3.0 / x.powi(4);
        "powi(-1)" => |x| ComplexField::powi(x, -1), slope -1.0 / (x * x);
        "powi(0)" => |x| ComplexField::powi(x, 0), slope 0.0;
        "powi(1)" => |x| ComplexField::powi(x, 1), slope 1.0;
        "powi(2)" => |x| ComplexField::powi(x, 2), slope 2.0 * x;
        "powi(7)" => |x| ComplexField::powi(x, 7), slope 7.0 * x.powi(6);
        // simba's provided definitions: 1 at 0 (cosc too), f(x)/x elsewhere.
        "sinc" arith true => |x| ComplexField::sinc(x),
            slope if x == 0.0 { 0.0 } else { (x * x.cos() - x.sin()) / (x * x) };
        "sinhc" arith true => |x| ComplexField::sinhc(x),
            slope if x == 0.0 { 0.0 } else { (x * x.cosh() - x.sinh()) / (x * x) };
        "cosc" arith true => |x| ComplexField::cosc(x),
            slope if x == 0.0 { 0.0 } else { (-x * x.sin() - x.cos()) / (x * x) };
        "coshc" arith true => |x| ComplexField::coshc(x),
            slope if x == 0.0 { 0.0 } else { (x * x.sinh() - x.cosh()) / (x * x) };
        // a constant base through `log`, `powf`, `powc`, `scale`, `unscale`
        "log(., 3)" => |x| ComplexField::log(x, ComplexField::from_real(nalgebra::convert(3.0))),
            slope 1.0 / (x * 3.0_f64.ln());
        "powf(., 2.5)" => |x| ComplexField::powf(x, nalgebra::convert(2.5)), slope 2.5 * x.powf(1.5);
        "powc(., -0.5)" => |x| ComplexField::powc(x, nalgebra::convert(-0.5)), slope -0.5 * x.powf(-1.5);
        "scale(., 3)" arith true => |x| ComplexField::scale(x, nalgebra::convert(3.0)), slope 3.0;
        "unscale(., 4)" arith true => |x| ComplexField::unscale(x, nalgebra::convert(4.0)), slope 0.25;
    ]
}

/// Where the hand formula is trustworthy in double precision (no overflow in `x²`, no
/// cancellation in the cardinal functions' `x cos x - sin x` near 0).
fn formula_point(name: &str, x: f64) -> bool {
    let moderate = x.is_finite() && x.abs() <= 50.0;
    let cardinal = name.ends_with('c') && name.len() <= 5 && name != "fract";
    moderate && !(cardinal && x != 0.0 && x.abs() < 0.25)
}

#[test]
fn unary_methods_value_is_f64s_bit_for_bit_and_tangent_is_the_formula() {
    for m in unary_methods() {
        for &x in &POINTS {
            let y = (m.dual)(D2::new(x, [1.0, 0.0]));
            let want = (m.float)(x);
            assert!(
                same(y.re, want),
                "{}({x:e}): value {:e} vs f64 {want:e}",
                m.name,
                y.re
            );

            // the zero component stays zero (the guard), except the documented IEEE NaN
            // for products at non-finite values
            let non_finite = !x.is_finite() || !y.re.is_finite();
            // (a quotient by x with 1/x overflowing: the separate ignored test
            // `division_by_a_subnormal_keeps_unrelated_components_zero`)
            let excused = non_finite || overflowing_recip(x);
            assert!(
                y.eps[1] == 0.0 || (m.arithmetic && excused && y.eps[1].is_nan()),
                "{}({x:e}): a zero tangent component became {}",
                m.name,
                y.eps[1]
            );

            if formula_point(m.name, x) && y.re.is_finite() {
                let s = (m.slope)(x);
                if s.is_finite() {
                    assert!(
                        near(y.eps[0], s, 1e-12),
                        "{}({x:e}): tangent {:e} vs formula {s:e}",
                        m.name,
                        y.eps[0]
                    );
                }
                if let Some(fd) = smooth_derivative(m.float, x) {
                    assert!(
                        near(y.eps[0], fd, 1e-6),
                        "{}({x:e}): tangent {:e} vs finite differences {fd:e}",
                        m.name,
                        y.eps[0]
                    );
                }
            }
        }
    }
}

#[test]
fn unary_methods_on_nested_duals_give_f64_values_and_second_derivatives() {
    for m in unary_methods() {
        for &x in &POINTS {
            // x seeded at both levels: re.eps = eps.re = f', eps.eps = f''
            let y = (m.nested)(DD::new(D::variable(x, 0), [D::constant(1.0)]));
            let want = (m.float)(x);
            assert!(
                same(y.re.re, want),
                "nested {}({x:e}): value {:e} vs f64 {want:e}",
                m.name,
                y.re.re
            );
            if !formula_point(m.name, x) || !y.re.re.is_finite() {
                continue;
            }
            // both first derivatives agree (symmetry of the nesting)
            let (d1a, d1b) = (y.re.eps[0], y.eps[0].re);
            assert!(
                same(d1a, d1b) || (d1a == 0.0 && d1b == 0.0),
                "nested {}({x:e}): first derivatives {d1a:e} and {d1b:e}",
                m.name
            );
            // the second derivative: finite differences of the hand-written slope
            if let Some(second) = smooth_derivative(m.slope, x)
                && smooth_derivative(m.float, x).is_some()
            {
                let got = y.eps[0].eps[0];
                assert!(
                    near(got, second, 1e-5),
                    "nested {}({x:e}): second derivative {got:e} vs differences of the slope {second:e}",
                    m.name
                );
            }
        }
    }
}

/// Special points where the slope is infinite or a kink: the documented limits.
#[test]
fn unary_methods_at_their_special_points() {
    let t = |f: fn(D2) -> D2, x: f64| f(D2::new(x, [1.0, 0.0]));
    type Case = (&'static str, fn(D2) -> D2, f64, f64);
    let cases: [Case; 14] = [
        ("sqrt", |x| ComplexField::sqrt(x), 0.0, INF),
        ("sqrt", |x| ComplexField::sqrt(x), -0.0, INF),
        ("cbrt", |x| ComplexField::cbrt(x), 0.0, INF),
        ("ln", |x| ComplexField::ln(x), 0.0, INF),
        ("ln", |x| ComplexField::ln(x), -0.0, INF),
        ("log10", |x| ComplexField::log10(x), 0.0, INF),
        ("asin", |x| ComplexField::asin(x), 1.0, INF),
        ("asin", |x| ComplexField::asin(x), -1.0, INF),
        ("acos", |x| ComplexField::acos(x), 1.0, -INF),
        ("acosh", |x| ComplexField::acosh(x), 1.0, INF),
        ("atanh", |x| ComplexField::atanh(x), 1.0, INF),
        ("ln_1p", |x| ComplexField::ln_1p(x), -1.0, INF),
        ("abs", |x| ComplexField::abs(x), 0.0, 0.0),
        ("abs", |x| ComplexField::abs(x), -0.0, 0.0),
    ];
    for (name, f, x, slope) in cases {
        let y = t(f, x);
        assert_eq!(y.eps[0], slope, "{name}({x}) slope");
        assert_eq!(y.eps[1], 0.0, "{name}({x}) zero component");
    }
    // try_sqrt: Some exactly when f64's is, with the value of f64's
    for &x in &POINTS {
        let d = ComplexField::try_sqrt(D2::new(x, [1.0, 0.0]));
        let f = ComplexField::try_sqrt(x);
        match (d, f) {
            (Some(d), Some(f)) => {
                assert!(same(d.re, f), "try_sqrt({x:e})");
                if x > 0.0 && x.is_finite() && x < 1e300 {
                    assert!(near(d.eps[0], 0.5 / f, 1e-14), "try_sqrt({x:e}) slope");
                }
                assert_eq!(d.eps[1], 0.0);
            }
            (None, None) => {}
            (d, f) => panic!("try_sqrt({x:e}): dual {d:?} vs f64 {f:?}"),
        }
    }
}

/// `(name, dual method, f64 method, partials by hand)`.
type Binary = (
    &'static str,
    fn(D2, D2) -> D2,
    fn(f64, f64) -> f64,
    fn(f64, f64) -> [f64; 2],
);

fn binary_methods() -> Vec<Binary> {
    vec![
        (
            "atan2",
            |a, b| RealField::atan2(a, b),
            |a, b| RealField::atan2(a, b),
            |y, x| [x / (x * x + y * y), -y / (x * x + y * y)],
        ),
        (
            "hypot",
            |a, b| ComplexField::hypot(a, b),
            |a, b| ComplexField::hypot(a, b),
            // scaled by 2^600 (exact) so a subnormal norm keeps its bits
            |a, b| {
                let (a, b) = (a * 2f64.powi(600), b * 2f64.powi(600));
                [a / a.hypot(b), b / a.hypot(b)]
            },
        ),
        (
            "powf",
            |a, b| ComplexField::powf(a, b),
            |a, b| ComplexField::powf(a, b),
            |a, b| [b * a.powf(b - 1.0), a.powf(b) * a.ln()],
        ),
        (
            "powc",
            |a, b| ComplexField::powc(a, b),
            |a, b| ComplexField::powc(a, b),
            |a, b| [b * a.powf(b - 1.0), a.powf(b) * a.ln()],
        ),
        (
            "log",
            |a, b| ComplexField::log(a, b),
            |a, b| ComplexField::log(a, b),
            |a, b| [1.0 / (a * b.ln()), -a.ln() / (b * b.ln().powi(2))],
        ),
        (
            "scale",
            |a, b| ComplexField::scale(a, b),
            |a, b| ComplexField::scale(a, b),
            |a, b| [b, a],
        ),
        (
            "unscale",
            |a, b| ComplexField::unscale(a, b),
            |a, b| ComplexField::unscale(a, b),
            |a, b| [1.0 / b, -a / (b * b)],
        ),
        (
            "copysign",
            |a, b| RealField::copysign(a, b),
            |a, b| RealField::copysign(a, b),
            |a, b| {
                let flip = if a.is_sign_negative() != b.is_sign_negative() {
                    -1.0
                } else {
                    1.0
                };
                [flip * sign0(a).abs(), 0.0]
            },
        ),
        (
            "max",
            |a, b| RealField::max(a, b),
            |a, b| RealField::max(a, b),
            |a, b| {
                if a > b {
                    [1.0, 0.0]
                } else if b > a {
                    [0.0, 1.0]
                } else {
                    [0.5, 0.5]
                }
            },
        ),
        (
            "min",
            |a, b| RealField::min(a, b),
            |a, b| RealField::min(a, b),
            |a, b| {
                if a < b {
                    [1.0, 0.0]
                } else if b < a {
                    [0.0, 1.0]
                } else {
                    [0.5, 0.5]
                }
            },
        ),
    ]
}

/// `f64::max`/`f64::min` may return either zero when the arguments are `+0` and `-0` (the
/// standard library leaves it unspecified, and the result changes with inlining), so for
/// those two methods a pair of zeros only needs a zero.
fn same_value(name: &str, a: f64, b: f64, got: f64, want: f64) -> bool {
    let signed_zero_tie = (name == "max" || name == "min") && a == 0.0 && b == 0.0;
    same(got, want) || (signed_zero_tie && got == 0.0 && want == 0.0)
}

#[test]
fn binary_methods_value_is_f64s_bit_for_bit_and_partials_are_the_formulas() {
    const GRID: [f64; 17] = [
        NAN, INF, -INF, -3.0, -1.0, -0.5, -0.0, 0.0, 5e-324, 0.25, 0.5, 1.0, 2.0, 3.0, 7.5, 1e300,
        -1e-300,
    ];
    for (name, dual, float, partials) in binary_methods() {
        for &a in &GRID {
            for &b in &GRID {
                let y = dual(D2::variable(a, 0), D2::variable(b, 1));
                let want = float(a, b);
                assert!(
                    same_value(name, a, b, y.re, want),
                    "{name}({a:e}, {b:e}): value {:e} vs f64 {want:e}",
                    y.re
                );
                // one argument constant: the other component must be exactly 0 where the
                // method is a chain rule (the guard), whatever the value
                let arithmetic = name == "scale" || name == "unscale";
                for (seed_a, k) in [(true, 1), (false, 0)] {
                    let (da, db) = if seed_a {
                        (D2::new(a, [1.0, 0.0]), D2::constant(b))
                    } else {
                        (D2::constant(a), D2::new(b, [0.0, 1.0]))
                    };
                    let z = dual(da, db);
                    let non_finite = !(a.is_finite() && b.is_finite() && z.re.is_finite());
                    let excused = non_finite || (name == "unscale" && overflowing_recip(b));
                    assert!(
                        z.eps[k] == 0.0 || (arithmetic && excused && z.eps[k].is_nan()),
                        "{name}({a:e}, {b:e}): the unseeded component became {}",
                        z.eps[k]
                    );
                }

                let moderate = a.is_finite() && b.is_finite() && a.abs() < 1e3 && b.abs() < 1e3;
                let moderate = moderate && !(name == "unscale" && overflowing_recip(b));
                if !moderate || !y.re.is_finite() {
                    continue;
                }
                let p = partials(a, b);
                for k in 0..2 {
                    if p[k].is_finite() {
                        assert!(
                            near(y.eps[k], p[k], 1e-12),
                            "{name}({a:e}, {b:e}): ∂{k} {:e} vs formula {:e}",
                            y.eps[k],
                            p[k]
                        );
                    }
                    let fd = if k == 0 {
                        smooth_derivative(|t| float(t, b), a)
                    } else {
                        smooth_derivative(|t| float(a, t), b)
                    };
                    if let Some(fd) = fd {
                        assert!(
                            near(y.eps[k], fd, 1e-6),
                            "{name}({a:e}, {b:e}): ∂{k} {:e} vs differences {fd:e}",
                            y.eps[k]
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn mul_add_value_and_partials() {
    const GRID: [f64; 9] = [NAN, INF, -INF, -2.0, -0.0, 0.0, 0.5, 3.0, 1e308];
    for &x in &GRID {
        for &a in &GRID {
            for &b in &GRID {
                let y = ComplexField::mul_add(
                    Dual::<f64, 3>::variable(x, 0),
                    Dual::variable(a, 1),
                    Dual::variable(b, 2),
                );
                let want = ComplexField::mul_add(x, a, b);
                assert!(same(y.re, want), "mul_add({x}, {a}, {b})");
                if [x, a, b].iter().all(|v| v.is_finite()) && y.re.is_finite() {
                    assert_eq!(y.eps, [a, x, 1.0], "mul_add({x}, {a}, {b}) partials");
                }
            }
        }
    }
}

#[test]
fn clamp_with_ordered_bounds_is_f64s_and_never_panics() {
    const GRID: [f64; 9] = [NAN, INF, -INF, -2.0, -0.0, 0.0, 0.5, 1.0, 3.0];
    for &x in &GRID {
        for &lo in &GRID {
            for &hi in &GRID {
                let y = RealField::clamp(
                    Dual::<f64, 3>::variable(x, 0),
                    Dual::variable(lo, 1),
                    Dual::variable(hi, 2),
                );
                if lo > hi {
                    continue; // see the ignored test below
                }
                let want = RealField::clamp(x, lo, hi);
                // ±0 ties: see `same_value`
                let zero_tie = y.re == 0.0 && want == 0.0;
                assert!(
                    same(y.re, want) || zero_tie,
                    "clamp({x}, {lo}, {hi}): {} vs f64 {want}",
                    y.re
                );
                if lo < x && x < hi {
                    assert_eq!(y.eps, [1.0, 0.0, 0.0], "clamp({x}, {lo}, {hi}) inside");
                } else if x < lo && lo < hi {
                    assert_eq!(y.eps, [0.0, 1.0, 0.0], "clamp({x}, {lo}, {hi}) below");
                } else if lo < hi && hi < x {
                    assert_eq!(y.eps, [0.0, 0.0, 1.0], "clamp({x}, {lo}, {hi}) above");
                }
            }
        }
    }
}

/// The module docs of `linalg.rs` promise "each value is bit for bit the `f64` method's".
/// simba's `RealField::clamp` for `f64` is `if x < lo { lo } else if x > hi { hi } else { x }`,
/// so with `lo > hi` and `x < lo` it returns `lo`; the dual returns `hi` (it is
/// `min(max(x, lo), hi)`, as documented for `Float::clamp` in docs/conventions.md).
#[test]
fn clamp_with_crossed_bounds_is_f64s() {
    for (x, lo, hi) in [(0.0, 2.0, 1.0), (1.5, 2.0, 1.0), (5.0, 2.0, 1.0)] {
        let y = RealField::clamp(D::variable(x, 0), D::from(lo), D::from(hi));
        let want = RealField::clamp(x, lo, hi);
        assert!(
            same(y.re, want),
            "clamp({x}, {lo}, {hi}): {} vs f64 {want}",
            y.re
        );
    }
}

#[test]
fn queries_constants_and_bounds_through_the_traits() {
    for &x in &POINTS {
        let d = D2::new(x, [1.0, -2.0]);
        assert_eq!(ComplexField::is_finite(&d), ComplexField::is_finite(&x));
        assert_eq!(
            RealField::is_sign_positive(&d),
            RealField::is_sign_positive(&x)
        );
        assert_eq!(
            RealField::is_sign_negative(&d),
            RealField::is_sign_negative(&x)
        );
    }
    type C = fn() -> f64;
    type CD = fn() -> D2;
    let constants: [(&str, CD, C); 15] = [
        ("pi", <D2 as RealField>::pi, <f64 as RealField>::pi),
        (
            "two_pi",
            <D2 as RealField>::two_pi,
            <f64 as RealField>::two_pi,
        ),
        (
            "frac_pi_2",
            <D2 as RealField>::frac_pi_2,
            <f64 as RealField>::frac_pi_2,
        ),
        (
            "frac_pi_3",
            <D2 as RealField>::frac_pi_3,
            <f64 as RealField>::frac_pi_3,
        ),
        (
            "frac_pi_4",
            <D2 as RealField>::frac_pi_4,
            <f64 as RealField>::frac_pi_4,
        ),
        (
            "frac_pi_6",
            <D2 as RealField>::frac_pi_6,
            <f64 as RealField>::frac_pi_6,
        ),
        (
            "frac_pi_8",
            <D2 as RealField>::frac_pi_8,
            <f64 as RealField>::frac_pi_8,
        ),
        (
            "frac_1_pi",
            <D2 as RealField>::frac_1_pi,
            <f64 as RealField>::frac_1_pi,
        ),
        (
            "frac_2_pi",
            <D2 as RealField>::frac_2_pi,
            <f64 as RealField>::frac_2_pi,
        ),
        (
            "frac_2_sqrt_pi",
            <D2 as RealField>::frac_2_sqrt_pi,
            <f64 as RealField>::frac_2_sqrt_pi,
        ),
        ("e", <D2 as RealField>::e, <f64 as RealField>::e),
        (
            "log2_e",
            <D2 as RealField>::log2_e,
            <f64 as RealField>::log2_e,
        ),
        (
            "log10_e",
            <D2 as RealField>::log10_e,
            <f64 as RealField>::log10_e,
        ),
        ("ln_2", <D2 as RealField>::ln_2, <f64 as RealField>::ln_2),
        ("ln_10", <D2 as RealField>::ln_10, <f64 as RealField>::ln_10),
    ];
    for (name, d, f) in constants {
        let (d, f) = (d(), f());
        assert!(same(d.re, f) && d.eps == [0.0, 0.0], "{name}");
    }
    let (lo, hi) = (
        <D2 as RealField>::min_value().unwrap(),
        <D2 as RealField>::max_value().unwrap(),
    );
    assert!(same(lo.re, <f64 as RealField>::min_value().unwrap()) && lo.eps == [0.0; 2]);
    assert!(same(hi.re, <f64 as RealField>::max_value().unwrap()) && hi.eps == [0.0; 2]);
    // nested: the constants reach the innermost value with zero tangents everywhere
    let p = <DD as RealField>::pi();
    assert!(same(p.re.re, std::f64::consts::PI));
    assert!(p.re.eps[0] == 0.0 && p.eps[0].re == 0.0 && p.eps[0].eps[0] == 0.0);
}

#[test]
fn approx_traits_compare_values_only() {
    let a = D2::new(1.0, [3.0, 4.0]);
    let b = D2::new(1.0 + 1e-10, [-30.0, 1e10]);
    let c = D2::new(1.1, [3.0, 4.0]);
    // the tolerance is the epsilon's value; its tangent plays no part
    let eps_with_tangent = D2::new(1e-8, [1e6, 1e6]);
    assert!(a.abs_diff_eq(&b, eps_with_tangent));
    assert!(!a.abs_diff_eq(&c, eps_with_tangent));
    assert!(!a.abs_diff_eq(&b, D2::new(1e-12, [1e6, 1e6])));
    assert!(a.relative_eq(&b, D2::from(0.0), D2::from(1e-9)));
    assert!(!a.relative_eq(&c, D2::from(0.0), D2::from(1e-9)));
    assert!(a.ulps_eq(
        &D2::new(f64::from_bits(1f64.to_bits() + 3), [9.0; 2]),
        D2::from(0.0),
        3
    ));
    // same answers as the f64 implementations on a grid, NaN and infinities included
    for &x in &POINTS {
        for &y in &POINTS {
            let (dx, dy) = (D2::new(x, [1.0, 2.0]), D2::new(y, [-5.0, 0.0]));
            assert_eq!(
                dx.abs_diff_eq(&dy, D2::from(1e-9)),
                x.abs_diff_eq(&y, 1e-9),
                "abs_diff_eq({x}, {y})"
            );
            assert_eq!(
                dx.relative_eq(&dy, D2::from(1e-12), D2::from(1e-6)),
                x.relative_eq(&y, 1e-12, 1e-6),
                "relative_eq({x}, {y})"
            );
            assert_eq!(
                dx.ulps_eq(&dy, D2::from(1e-300), 4),
                x.ulps_eq(&y, 1e-300, 4),
                "ulps_eq({x}, {y})"
            );
        }
    }
    // matrices of duals: element-wise on the values
    let m1 = Matrix2::new(a, D2::from(2.0), D2::from(3.0), D2::new(4.0, [1.0, 1.0]));
    let m2 = Matrix2::new(b, D2::from(2.0), D2::new(3.0, [7.0, 7.0]), D2::from(4.0));
    assert!(approx::relative_eq!(m1, m2, epsilon = D2::from(1e-9)));
    assert!(approx::abs_diff_eq!(m1, m2, epsilon = D2::from(1e-9)));
    let m3 = m2.map(|v| v * D2::from(1.001));
    assert!(!approx::relative_eq!(m1, m3, epsilon = D2::from(1e-9)));
}

/// A quotient whose divisor is subnormal: `1/b` overflows although `a/b` and the true
/// partials are finite. docs/conventions.md: "a slope that overflows is ±∞, and the guard
/// above keeps zero components zero"; the quotient rule in `ops.rs` (`Div`) multiplies
/// every component by the overflowed `1/b` without that guard, so `0 · ∞ = NaN` appears in
/// components that do not move, at a finite value. Seen here through `unscale` and `sinc`.
#[test]
fn division_by_a_subnormal_keeps_unrelated_components_zero() {
    // ∂(a/b)/∂z = 0 for an unrelated input z; value 1e-300 / 1e-310 = 1e10
    let q = ComplexField::unscale(D2::new(1e-300, [1.0, 0.0]), D2::constant(1e-310));
    assert!(q.re.is_finite());
    assert_eq!(q.eps[1], 0.0, "unrelated component of a / b");
    // ∂(0/b)/∂b = -0/b² = 0
    let q = ComplexField::unscale(D2::constant(0.0), D2::new(1e-310, [0.0, 1.0]));
    assert_eq!(q.re, 0.0);
    assert_eq!(q.eps[1], 0.0, "∂(0/b)/∂b");
    // sinc'(x) = (x cos x - sin x)/x² ≈ -x/3 → 0 at the smallest subnormal
    let s = ComplexField::sinc(D2::new(5e-324, [1.0, 0.0]));
    assert_eq!(s.re, 1.0);
    assert!(s.eps[0].abs() < 1e-300, "sinc'(5e-324) = {}", s.eps[0]);
    assert_eq!(s.eps[1], 0.0, "sinc: unrelated component");
}

// ======================================================================================
// 2. matrices of duals: derivatives with respect to a scalar parameter t
// ======================================================================================

/// `A(t) = Σ_k c_k t^k` for the coefficient matrices `c`, in any scalar type.
fn poly<S: RealField + Copy>(t: S, c: &[DMatrix<f64>]) -> DMatrix<S> {
    let mut out = DMatrix::<S>::zeros(c[0].nrows(), c[0].ncols());
    let mut power = S::one();
    for ck in c {
        out += ck.map(|v| nalgebra::convert::<f64, S>(v)) * power;
        power *= t;
    }
    out
}

/// `A'(t) = Σ_k k c_k t^(k-1)`.
fn dpoly(t: f64, c: &[DMatrix<f64>]) -> DMatrix<f64> {
    let mut out = DMatrix::zeros(c[0].nrows(), c[0].ncols());
    for (k, ck) in c.iter().enumerate().skip(1) {
        out += ck * (k as f64 * t.powi(k as i32 - 1));
    }
    out
}

fn random_matrix(rng: &mut Rng, r: usize, c: usize) -> DMatrix<f64> {
    DMatrix::from_fn(r, c, |_, _| rng.uniform())
}

/// Three coefficient matrices with a well-conditioned `A(t)` near the `t` used (condition
/// number below 30 at t = 0.3), redrawn until so.
fn coefficients(rng: &mut Rng, r: usize, c: usize) -> Vec<DMatrix<f64>> {
    loop {
        let cs = vec![
            random_matrix(rng, r, c),
            random_matrix(rng, r, c),
            random_matrix(rng, r, c) * 0.5,
        ];
        let sv = poly(0.3, &cs).singular_values();
        if sv.min() > 0.0 && sv.max() / sv.min() < 30.0 {
            return cs;
        }
    }
}

/// Checks a matrix function of `t` computed on duals: its values bit for bit against the
/// same computation in `f64`; its tangents against Richardson-extrapolated central
/// differences of the `f64` computation (step 1e-4, truncation ~1e-14, tolerance 1e-7
/// relative to the largest derivative) and, if given, against a closed form (tolerance
/// 1e-9 relative).
fn check_t(
    what: &str,
    t: f64,
    on_duals: impl Fn(D) -> Vec<D>,
    on_floats: impl Fn(f64) -> Vec<f64>,
    closed: Option<Vec<f64>>,
) {
    let y = on_duals(D::variable(t, 0));
    let v = on_floats(t);
    assert_eq!(y.len(), v.len(), "{what}: lengths");
    for (k, (yk, vk)) in y.iter().zip(&v).enumerate() {
        assert!(
            same(yk.re, *vk),
            "{what}[{k}]: dual value {:e} vs f64 {vk:e}",
            yk.re
        );
    }
    let h = 1e-4;
    let samples: Vec<Vec<f64>> = [-2.0, -1.0, 1.0, 2.0]
        .iter()
        .map(|k| on_floats(t + k * h))
        .collect();
    let fd: Vec<f64> = (0..v.len())
        .map(|i| {
            (8.0 * (samples[2][i] - samples[1][i]) - (samples[3][i] - samples[0][i])) / (12.0 * h)
        })
        .collect();
    let scale = 1.0 + fd.iter().fold(0.0_f64, |m, d| m.max(d.abs()));
    for (k, (yk, dk)) in y.iter().zip(&fd).enumerate() {
        assert!(
            (yk.eps[0] - dk).abs() <= 1e-7 * scale,
            "{what}[{k}]: tangent {:e} vs finite differences {dk:e}",
            yk.eps[0]
        );
    }
    if let Some(closed) = closed {
        assert_eq!(closed.len(), y.len(), "{what}: closed form length");
        let scale = 1.0 + closed.iter().fold(0.0_f64, |m, d| m.max(d.abs()));
        for (k, (yk, ck)) in y.iter().zip(&closed).enumerate() {
            assert!(
                (yk.eps[0] - ck).abs() <= 1e-9 * scale,
                "{what}[{k}]: tangent {:e} vs closed form {ck:e}",
                yk.eps[0]
            );
        }
    }
}

fn to_static<S: nalgebra::Scalar, const R: usize>(m: &DMatrix<S>) -> SMatrix<S, R, R> {
    SMatrix::from_iterator(m.iter().cloned())
}

#[test]
fn determinant_derivative_is_jacobis_formula_for_every_size() {
    let mut rng = Rng(11);
    let t = 0.3;
    for n in 1..=7 {
        let c = coefficients(&mut rng, n, n);
        let a = poly(t, &c);
        let da = dpoly(t, &c);
        // d det = det tr(A⁻¹ A')
        let closed = a.determinant() * (a.clone().try_inverse().unwrap() * &da).trace();
        check_t(
            &format!("det {n}x{n}"),
            t,
            |t| vec![poly(t, &c).determinant()],
            |t| vec![poly(t, &c).determinant()],
            Some(vec![closed]),
        );
        check_t(
            &format!("lu det {n}x{n}"),
            t,
            |t| vec![poly(t, &c).lu().determinant()],
            |t| vec![poly(t, &c).lu().determinant()],
            Some(vec![closed]),
        );
        check_t(
            &format!("full-pivot lu det {n}x{n}"),
            t,
            |t| vec![poly(t, &c).full_piv_lu().determinant()],
            |t| vec![poly(t, &c).full_piv_lu().determinant()],
            Some(vec![closed]),
        );
    }
    // the fixed-size explicit formulas (2x2, 3x3) and 4x4
    let c2 = coefficients(&mut rng, 2, 2);
    check_t(
        "det Matrix2",
        t,
        |t| vec![to_static::<D, 2>(&poly(t, &c2)).determinant()],
        |t| vec![to_static::<f64, 2>(&poly(t, &c2)).determinant()],
        None,
    );
    let c3 = coefficients(&mut rng, 3, 3);
    check_t(
        "det Matrix3",
        t,
        |t| vec![to_static::<D, 3>(&poly(t, &c3)).determinant()],
        |t| vec![to_static::<f64, 3>(&poly(t, &c3)).determinant()],
        None,
    );
    let c4 = coefficients(&mut rng, 4, 4);
    check_t(
        "det Matrix4",
        t,
        |t| vec![to_static::<D, 4>(&poly(t, &c4)).determinant()],
        |t| vec![to_static::<f64, 4>(&poly(t, &c4)).determinant()],
        None,
    );
}

fn flat<S: Copy>(m: &DMatrix<S>) -> Vec<S> {
    m.iter().copied().collect()
}

#[test]
fn inverse_derivative_is_minus_inv_da_inv_through_every_route() {
    let mut rng = Rng(12);
    let t = 0.3;
    for n in 1..=6 {
        let c = coefficients(&mut rng, n, n);
        let inv = poly(t, &c).try_inverse().unwrap();
        let closed = flat(&(-&inv * dpoly(t, &c) * &inv));
        type Route<S> = fn(DMatrix<S>) -> Option<DMatrix<S>>;
        let routes: [(&str, Route<D>, Route<f64>); 4] = [
            ("try_inverse", |m| m.try_inverse(), |m| m.try_inverse()),
            ("lu", |m| m.lu().try_inverse(), |m| m.lu().try_inverse()),
            (
                "full_piv_lu",
                |m| m.full_piv_lu().try_inverse(),
                |m| m.full_piv_lu().try_inverse(),
            ),
            ("qr", |m| m.qr().try_inverse(), |m| m.qr().try_inverse()),
        ];
        for (name, on_d, on_f) in routes {
            check_t(
                &format!("{name} inverse {n}x{n}"),
                t,
                |t| flat(&on_d(poly(t, &c)).unwrap()),
                |t| flat(&on_f(poly(t, &c)).unwrap()),
                Some(closed.clone()),
            );
        }
    }
    // fixed sizes (explicit 2x2, 3x3, 4x4 inverses)
    macro_rules! fixed {
        ($n:literal) => {{
            let c = coefficients(&mut rng, $n, $n);
            let inv = poly(t, &c).try_inverse().unwrap();
            let closed = flat(&(-&inv * dpoly(t, &c) * &inv));
            check_t(
                concat!("fixed inverse ", $n),
                t,
                |t| {
                    let m = to_static::<D, $n>(&poly(t, &c)).try_inverse().unwrap();
                    m.iter().copied().collect()
                },
                |t| {
                    let m = to_static::<f64, $n>(&poly(t, &c)).try_inverse().unwrap();
                    m.iter().copied().collect()
                },
                Some(closed),
            );
        }};
    }
    fixed!(2);
    fixed!(3);
    fixed!(4);
}

/// An SPD matrix `B(t) B(t)ᵀ + I`, as coefficients of a polynomial in t (degree 4).
fn spd_coefficients(rng: &mut Rng, n: usize) -> Vec<DMatrix<f64>> {
    let b = [
        random_matrix(rng, n, n),
        random_matrix(rng, n, n),
        random_matrix(rng, n, n) * 0.5,
    ];
    let mut c = vec![DMatrix::zeros(n, n); 5];
    for i in 0..3 {
        for j in 0..3 {
            c[i + j] += &b[i] * b[j].transpose();
        }
    }
    c[0] += DMatrix::identity(n, n);
    c
}

#[test]
fn solve_derivatives_through_every_factorisation() {
    let mut rng = Rng(13);
    let t = 0.3;
    for n in 1..=6 {
        let c = coefficients(&mut rng, n, n);
        let cb = coefficients(&mut rng, n, 1);
        let a = poly(t, &c);
        let x = a.clone().lu().solve(&poly(t, &cb)).unwrap();
        // x = A⁻¹ b: x' = A⁻¹ (b' - A' x)
        let closed =
            flat(&(a.clone().try_inverse().unwrap() * (dpoly(t, &cb) - dpoly(t, &c) * &x)));
        type Solve<S> = fn(DMatrix<S>, DMatrix<S>) -> Option<DMatrix<S>>;
        let routes: [(&str, Solve<D>, Solve<f64>); 4] = [
            ("lu", |a, b| a.lu().solve(&b), |a, b| a.lu().solve(&b)),
            ("qr", |a, b| a.qr().solve(&b), |a, b| a.qr().solve(&b)),
            (
                "full_piv_lu",
                |a, b| a.full_piv_lu().solve(&b),
                |a, b| a.full_piv_lu().solve(&b),
            ),
            (
                "col_piv_qr",
                |a, b| a.col_piv_qr().solve(&b),
                |a, b| a.col_piv_qr().solve(&b),
            ),
        ];
        for (name, on_d, on_f) in routes {
            check_t(
                &format!("{name} solve {n}x{n}"),
                t,
                |t| flat(&on_d(poly(t, &c), poly(t, &cb)).unwrap()),
                |t| flat(&on_f(poly(t, &c), poly(t, &cb)).unwrap()),
                Some(closed.clone()),
            );
        }
        // triangular solves on the triangles of A (diagonal made dominant)
        let tri = |m: DMatrix<f64>| {
            let mut m = m;
            for i in 0..n {
                m[(i, i)] += 3.0;
            }
            m
        };
        let ct: Vec<DMatrix<f64>> = c
            .iter()
            .enumerate()
            .map(|(k, m)| if k == 0 { tri(m.clone()) } else { m.clone() })
            .collect();
        let up = poly(t, &ct).upper_triangle();
        let xu = up.solve_upper_triangular(&poly(t, &cb)).unwrap();
        let closed_u = flat(
            &(up.clone().try_inverse().unwrap()
                * (dpoly(t, &cb) - dpoly(t, &ct).upper_triangle() * &xu)),
        );
        check_t(
            &format!("upper triangular solve {n}"),
            t,
            |t| {
                flat(
                    &poly(t, &ct)
                        .upper_triangle()
                        .solve_upper_triangular(&poly(t, &cb))
                        .unwrap(),
                )
            },
            |t| {
                flat(
                    &poly(t, &ct)
                        .upper_triangle()
                        .solve_upper_triangular(&poly(t, &cb))
                        .unwrap(),
                )
            },
            Some(closed_u),
        );
        check_t(
            &format!("lower triangular solve {n}"),
            t,
            |t| {
                flat(
                    &poly(t, &ct)
                        .lower_triangle()
                        .solve_lower_triangular(&poly(t, &cb))
                        .unwrap(),
                )
            },
            |t| {
                flat(
                    &poly(t, &ct)
                        .lower_triangle()
                        .solve_lower_triangular(&poly(t, &cb))
                        .unwrap(),
                )
            },
            None,
        );

        // Cholesky on an SPD matrix: solve, inverse, and the factor's determinant
        let cs = spd_coefficients(&mut rng, n);
        let s = poly(t, &cs);
        let xs = s.clone().cholesky().unwrap().solve(&poly(t, &cb));
        let closed =
            flat(&(s.clone().try_inverse().unwrap() * (dpoly(t, &cb) - dpoly(t, &cs) * &xs)));
        check_t(
            &format!("cholesky solve {n}x{n}"),
            t,
            |t| flat(&poly(t, &cs).cholesky().unwrap().solve(&poly(t, &cb))),
            |t| flat(&poly(t, &cs).cholesky().unwrap().solve(&poly(t, &cb))),
            Some(closed),
        );
        let inv = s.clone().try_inverse().unwrap();
        check_t(
            &format!("cholesky inverse {n}x{n}"),
            t,
            |t| flat(&poly(t, &cs).cholesky().unwrap().inverse()),
            |t| flat(&poly(t, &cs).cholesky().unwrap().inverse()),
            Some(flat(&(-&inv * dpoly(t, &cs) * &inv))),
        );
        // ln det S = 2 Σ ln L_ii: d = tr(S⁻¹ S')
        check_t(
            &format!("cholesky log-det {n}x{n}"),
            t,
            |t| {
                let l = poly(t, &cs).cholesky().unwrap().unpack();
                vec![l.diagonal().map(|v| v.ln()).sum() * D::from(2.0)]
            },
            |t| {
                let l = poly(t, &cs).cholesky().unwrap().unpack();
                vec![l.diagonal().map(|v| v.ln()).sum() * 2.0]
            },
            Some(vec![(&inv * dpoly(t, &cs)).trace()]),
        );
    }
}

#[test]
fn singular_value_derivatives_are_u_transpose_da_v() {
    let mut rng = Rng(14);
    let t = 0.3;
    for (r, c) in [(2, 2), (3, 3), (4, 4), (3, 5), (5, 3), (6, 2), (1, 4)] {
        let cs = coefficients(&mut rng, r, c);
        let a = poly(t, &cs);
        let svd = a.clone().svd(true, true);
        let (u, vt) = (svd.u.unwrap(), svd.v_t.unwrap());
        let da = dpoly(t, &cs);
        // dσᵢ = uᵢᵀ A' vᵢ (distinct, nonzero singular values)
        let closed: Vec<f64> = (0..svd.singular_values.len())
            .map(|i| (u.column(i).transpose() * &da * vt.row(i).transpose())[(0, 0)])
            .collect();
        check_t(
            &format!("singular values {r}x{c}"),
            t,
            |t| poly(t, &cs).singular_values().iter().copied().collect(),
            |t| poly(t, &cs).singular_values().iter().copied().collect(),
            Some(closed.clone()),
        );
        check_t(
            &format!("svd(true, true) {r}x{c}"),
            t,
            |t| {
                poly(t, &cs)
                    .svd(true, true)
                    .singular_values
                    .iter()
                    .copied()
                    .collect()
            },
            |t| {
                poly(t, &cs)
                    .svd(true, true)
                    .singular_values
                    .iter()
                    .copied()
                    .collect()
            },
            Some(closed),
        );
        // the reconstruction U Σ Vᵀ = A holds for the tangents too: (UΣVᵀ)' = A'
        let s = poly(D::variable(t, 0), &cs).svd(true, true);
        let back = s.recompose().unwrap();
        let err = (back.map(|v| v.eps[0]) - &da).amax();
        assert!(err < 1e-10, "{r}x{c}: (U Σ Vᵀ)' - A' = {err:e}");
    }
    // the fixed-size special paths (svd2 / svd3)
    let c2 = coefficients(&mut rng, 2, 2);
    check_t(
        "singular values Matrix2",
        t,
        |t| {
            to_static::<D, 2>(&poly(t, &c2))
                .singular_values()
                .iter()
                .copied()
                .collect()
        },
        |t| {
            to_static::<f64, 2>(&poly(t, &c2))
                .singular_values()
                .iter()
                .copied()
                .collect()
        },
        None,
    );
    let c3 = coefficients(&mut rng, 3, 3);
    check_t(
        "singular values Matrix3",
        t,
        |t| {
            to_static::<D, 3>(&poly(t, &c3))
                .singular_values()
                .iter()
                .copied()
                .collect()
        },
        |t| {
            to_static::<f64, 3>(&poly(t, &c3))
                .singular_values()
                .iter()
                .copied()
                .collect()
        },
        None,
    );
}

fn symmetrise(c: &[DMatrix<f64>]) -> Vec<DMatrix<f64>> {
    c.iter().map(|m| m + m.transpose()).collect()
}

#[test]
fn symmetric_eigen_derivatives_values_and_vectors() {
    let mut rng = Rng(15);
    let t = 0.3;
    for n in 1..=6 {
        let cs = symmetrise(&coefficients(&mut rng, n, n));
        let s = poly(t, &cs);
        let ds = dpoly(t, &cs);
        let eig = s.clone().symmetric_eigen();
        let lam = eig.eigenvalues.clone();
        let v = eig.eigenvectors.clone();
        let mut sorted: Vec<f64> = lam.iter().copied().collect();
        sorted.sort_by(f64::total_cmp);
        assert!(
            sorted.windows(2).all(|w| w[1] - w[0] > 1e-3),
            "pick a seed with distinct eigenvalues"
        );
        // dλᵢ = vᵢᵀ S' vᵢ
        let closed: Vec<f64> = (0..n)
            .map(|i| (v.column(i).transpose() * &ds * v.column(i))[(0, 0)])
            .collect();
        check_t(
            &format!("symmetric eigenvalues {n}x{n}"),
            t,
            |t| {
                poly(t, &cs)
                    .symmetric_eigenvalues()
                    .iter()
                    .copied()
                    .collect()
            },
            |t| {
                poly(t, &cs)
                    .symmetric_eigenvalues()
                    .iter()
                    .copied()
                    .collect()
            },
            Some(closed.clone()),
        );
        check_t(
            &format!("symmetric_eigen().eigenvalues {n}x{n}"),
            t,
            |t| {
                poly(t, &cs)
                    .symmetric_eigen()
                    .eigenvalues
                    .iter()
                    .copied()
                    .collect()
            },
            |t| {
                poly(t, &cs)
                    .symmetric_eigen()
                    .eigenvalues
                    .iter()
                    .copied()
                    .collect()
            },
            Some(closed),
        );
        // eigenvectors, sign fixed by their largest component at t:
        // vᵢ' = Σ_{j≠i} (vⱼᵀ S' vᵢ) / (λᵢ - λⱼ) vⱼ
        let signs: Vec<(usize, f64)> = (0..n)
            .map(|i| {
                let k = v.column(i).iamax();
                (k, v[(k, i)].signum())
            })
            .collect();
        let mut closed_v = DMatrix::<f64>::zeros(n, n);
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    let coef =
                        (v.column(j).transpose() * &ds * v.column(i))[(0, 0)] / (lam[i] - lam[j]);
                    let vj = v.column(j).clone_owned();
                    closed_v.column_mut(i).axpy(coef, &vj, 1.0);
                }
            }
        }
        let fix_d = |m: DMatrix<D>| {
            let mut m = m;
            for (i, &(k, _)) in signs.iter().enumerate() {
                if m[(k, i)].re < 0.0 {
                    m.column_mut(i).neg_mut();
                }
            }
            flat(&m)
        };
        let fix_f = |m: DMatrix<f64>| {
            let mut m = m;
            for (i, &(k, _)) in signs.iter().enumerate() {
                if m[(k, i)] < 0.0 {
                    m.column_mut(i).neg_mut();
                }
            }
            flat(&m)
        };
        let mut closed_fixed = closed_v.clone();
        for (i, &(_, sign)) in signs.iter().enumerate() {
            if sign < 0.0 {
                closed_fixed.column_mut(i).neg_mut();
            }
        }
        check_t(
            &format!("symmetric eigenvectors {n}x{n}"),
            t,
            |t| fix_d(poly(t, &cs).symmetric_eigen().eigenvectors),
            |t| fix_f(poly(t, &cs).symmetric_eigen().eigenvectors),
            Some(flat(&closed_fixed)),
        );
    }
    // fixed sizes
    let c2 = symmetrise(&coefficients(&mut rng, 2, 2));
    check_t(
        "symmetric eigenvalues Matrix2",
        t,
        |t| {
            to_static::<D, 2>(&poly(t, &c2))
                .symmetric_eigenvalues()
                .iter()
                .copied()
                .collect()
        },
        |t| {
            to_static::<f64, 2>(&poly(t, &c2))
                .symmetric_eigenvalues()
                .iter()
                .copied()
                .collect()
        },
        None,
    );
    let c3 = symmetrise(&coefficients(&mut rng, 3, 3));
    check_t(
        "symmetric eigenvalues Matrix3",
        t,
        |t| {
            to_static::<D, 3>(&poly(t, &c3))
                .symmetric_eigenvalues()
                .iter()
                .copied()
                .collect()
        },
        |t| {
            to_static::<f64, 3>(&poly(t, &c3))
                .symmetric_eigenvalues()
                .iter()
                .copied()
                .collect()
        },
        None,
    );
}

/// The Fréchet derivative of `exp` at `A` in direction `E`: the upper-right block of
/// `exp([[A, E], [0, A]])`, computed in `f64`.
fn exp_frechet(a: &DMatrix<f64>, e: &DMatrix<f64>) -> DMatrix<f64> {
    let n = a.nrows();
    let mut big = DMatrix::zeros(2 * n, 2 * n);
    big.view_mut((0, 0), (n, n)).copy_from(a);
    big.view_mut((n, n), (n, n)).copy_from(a);
    big.view_mut((0, n), (n, n)).copy_from(e);
    big.exp().view((0, n), (n, n)).clone_owned()
}

#[test]
fn matrix_exp_derivative_is_the_frechet_derivative_for_every_pade_branch() {
    let mut rng = Rng(16);
    let t = 0.3;
    // scales from the degree-3 Padé branch to scaling and squaring
    for n in [1, 2, 3, 5] {
        for scale in [1e-3, 0.05, 0.4, 1.5, 4.0, 30.0] {
            let c: Vec<DMatrix<f64>> = coefficients(&mut rng, n, n)
                .into_iter()
                .map(|m| m * scale)
                .collect();
            let a = poly(t, &c);
            let closed = exp_frechet(&a, &dpoly(t, &c));
            let e = a.exp();
            let max = e.amax().max(closed.amax());
            // the Fréchet oracle carries its own rounding: compare relative to the largest
            // entry (check_t's closed-form tolerance is 1e-9 relative)
            let what = format!("exp {n}x{n} scale {scale}");
            let y = poly(D::variable(t, 0), &c).exp();
            for (k, (yk, ck)) in y.iter().zip(closed.iter()).enumerate() {
                assert!(
                    (yk.eps[0] - ck).abs() <= 1e-9 * max,
                    "{what}[{k}]: tangent {:e} vs Fréchet {ck:e}",
                    yk.eps[0]
                );
            }
            check_t(
                &what,
                t,
                |t| flat(&poly(t, &c).exp()),
                |t| flat(&poly(t, &c).exp()),
                None,
            );
        }
    }
    // exp(t M) has derivative M exp(t M) at every t, also at t = 0 (the zero matrix)
    let m = random_matrix(&mut rng, 4, 4);
    for t in [0.0, 0.25, 3.0] {
        let y = (m.map(D::from) * D::variable(t, 0)).exp();
        let want = &m * (&m * t).exp();
        let err = (y.map(|v| v.eps[0]) - &want).amax();
        assert!(
            err <= 1e-11 * (1.0 + want.amax()),
            "d exp(tM)/dt at {t}: {err:e}"
        );
    }
}

#[test]
fn vector_and_matrix_norms_and_normalize() {
    let mut rng = Rng(17);
    let t = 0.3;
    let c = coefficients(&mut rng, 6, 1);
    let v = poly(t, &c);
    let dv = dpoly(t, &c);
    let nrm = v.norm();
    let closed_norm = v.dot(&dv) / nrm;
    check_t(
        "norm",
        t,
        |t| vec![poly(t, &c).norm()],
        |t| vec![poly(t, &c).norm()],
        Some(vec![closed_norm]),
    );
    check_t(
        "norm_squared",
        t,
        |t| vec![poly(t, &c).norm_squared()],
        |t| vec![poly(t, &c).norm_squared()],
        Some(vec![2.0 * v.dot(&dv)]),
    );
    let u = &v / nrm;
    let closed_normalize = (&dv - &u * u.dot(&dv)) / nrm;
    check_t(
        "normalize",
        t,
        |t| flat(&poly(t, &c).normalize()),
        |t| flat(&poly(t, &c).normalize()),
        Some(flat(&closed_normalize)),
    );
    // lp norms: d‖v‖ₚ = Σ |vᵢ|^(p-1) sgn(vᵢ) vᵢ' / ‖v‖ₚ^(p-1)
    for p in [1, 3] {
        let np = v.lp_norm(p);
        let closed: f64 = v
            .iter()
            .zip(dv.iter())
            .map(|(x, dx)| x.abs().powi(p - 1) * x.signum() * dx)
            .sum::<f64>()
            / np.powi(p - 1);
        check_t(
            &format!("lp_norm({p})"),
            t,
            |t| vec![poly(t, &c).lp_norm(p)],
            |t| vec![poly(t, &c).lp_norm(p)],
            Some(vec![closed]),
        );
    }
    // the largest magnitude: d max|vᵢ| = sgn(v_k) v_k'
    let k = v.column(0).iamax();
    check_t(
        "amax",
        t,
        |t| vec![poly(t, &c).amax()],
        |t| vec![poly(t, &c).amax()],
        Some(vec![v[k].signum() * dv[k]]),
    );
    // a matrix's Frobenius norm
    let cm = coefficients(&mut rng, 3, 4);
    let m = poly(t, &cm);
    let dm = dpoly(t, &cm);
    check_t(
        "Frobenius norm",
        t,
        |t| vec![poly(t, &cm).norm()],
        |t| vec![poly(t, &cm).norm()],
        Some(vec![m.dot(&dm) / m.norm()]),
    );
    // the zero vector with a moving tangent: the value is 0 with finite tangents (the guard
    // at sqrt's infinite slope: the tangent of Σ vᵢ² is exactly 0 there); normalising fails
    // cleanly, as for f64
    let z = DVector::from_fn(3, |i, _| D::new(0.0, [i as f64 + 1.0]));
    let nz = z.norm();
    assert_eq!(nz.re, 0.0);
    assert!(nz.eps[0].is_finite(), "‖0‖' = {}", nz.eps[0]);
    assert!(z.try_normalize(D::from(1e-12)).is_none());
    assert_eq!(DVector::<f64>::zeros(3).try_normalize(1e-12), None);
}

/// Decisions (singular or not, pivot order) and values of every route, dual vs `f64`.
fn same_decisions(what: &str, a: &DMatrix<f64>, da: &DMatrix<f64>) {
    let ad = DMatrix::from_fn(a.nrows(), a.ncols(), |i, j| D::new(a[(i, j)], [da[(i, j)]]));
    let vals = |m: &DMatrix<D>| m.map(|v| v.re);
    let same_mat =
        |x: &DMatrix<f64>, y: &DMatrix<f64>| x.iter().zip(y.iter()).all(|(p, q)| same(*p, *q));
    let n = a.nrows();

    assert!(same(ad.determinant().re, a.determinant()), "{what}: det");
    assert!(
        same(
            ad.clone().lu().determinant().re,
            a.clone().lu().determinant()
        ),
        "{what}: lu det"
    );
    type Route<S> = fn(DMatrix<S>) -> Option<DMatrix<S>>;
    let routes: [(&str, Route<D>, Route<f64>); 4] = [
        ("try_inverse", |m| m.try_inverse(), |m| m.try_inverse()),
        ("lu", |m| m.lu().try_inverse(), |m| m.lu().try_inverse()),
        (
            "full_piv_lu",
            |m| m.full_piv_lu().try_inverse(),
            |m| m.full_piv_lu().try_inverse(),
        ),
        ("qr", |m| m.qr().try_inverse(), |m| m.qr().try_inverse()),
    ];
    for (name, on_d, on_f) in routes {
        match (on_d(ad.clone()), on_f(a.clone())) {
            (None, None) => {}
            (Some(x), Some(y)) => assert!(same_mat(&vals(&x), &y), "{what}: {name} inverse values"),
            (x, y) => panic!(
                "{what}: {name}: dual says {}, f64 says {}",
                if x.is_some() {
                    "invertible"
                } else {
                    "singular"
                },
                if y.is_some() {
                    "invertible"
                } else {
                    "singular"
                }
            ),
        }
    }
    assert_eq!(
        ad.clone().lu().is_invertible(),
        a.clone().lu().is_invertible(),
        "{what}: lu"
    );
    assert_eq!(
        ad.clone().full_piv_lu().is_invertible(),
        a.clone().full_piv_lu().is_invertible(),
        "{what}: full_piv_lu"
    );
    assert_eq!(
        ad.clone().qr().is_invertible(),
        a.clone().qr().is_invertible(),
        "{what}: qr"
    );
    let b = DVector::from_fn(n, |i, _| 1.0 + i as f64);
    let bd = b.map(|v| D::new(v, [1.0]));
    match (ad.clone().lu().solve(&bd), a.clone().lu().solve(&b)) {
        (None, None) => {}
        (Some(x), Some(y)) => assert!(
            x.iter().zip(y.iter()).all(|(p, q)| same(p.re, *q)),
            "{what}: lu solve values"
        ),
        (x, y) => panic!(
            "{what}: lu solve: dual {:?} vs f64 {:?}",
            x.is_some(),
            y.is_some()
        ),
    }
    assert_eq!(
        ad.clone().cholesky().is_some(),
        a.clone().cholesky().is_some(),
        "{what}: cholesky"
    );
    // rank runs an SVD without an iteration limit, which never ends on a NaN or infinite
    // entry in f64 too (nalgebra's behaviour): finite matrices only
    if a.iter().all(|v| v.is_finite()) {
        assert_eq!(ad.rank(D::from(1e-10)), a.rank(1e-10), "{what}: rank");
    }
}

#[test]
fn singular_value_matrices_are_singular_whatever_the_tangent() {
    let mut rng = Rng(18);
    for n in 2..=6 {
        // a repeated row, both copies moving with t
        let c = coefficients(&mut rng, n, n);
        let fix = |m: &DMatrix<f64>| {
            let mut m = m.clone();
            let r0 = m.row(0).clone_owned();
            m.row_mut(n - 1).copy_from(&r0);
            m
        };
        let cs: Vec<DMatrix<f64>> = c.iter().map(fix).collect();
        let t = D::variable(0.3, 0);
        let a = poly(t, &cs);
        // (nalgebra's LU multiplies by the pivot's reciprocal, so a repeated row may leave
        // a rounding residue and an "inverse" of size 1e16, in f64 as well: the dual must
        // decide as f64 does, which same_decisions checks)
        if n == 2 {
            // the explicit 2 x 2 formula: an exact zero
            assert_eq!(a.determinant().re, 0.0, "{n}: repeated row det");
            assert!(
                a.clone().try_inverse().is_none(),
                "{n}: repeated row try_inverse"
            );
        }
        same_decisions(
            &format!("repeated row {n}"),
            &a.map(|v| v.re),
            &a.map(|v| v.eps[0]),
        );

        // a zero column whose tangent is not zero: A(t) with column 0 = (t - t₀) e
        let mut z = poly(0.3, &c).map(D::from);
        for i in 0..n {
            z[(i, 0)] = D::new(0.0, [1.0 + i as f64]);
        }
        assert!(
            z.clone().try_inverse().is_none(),
            "{n}: zero column try_inverse"
        );
        assert!(
            z.clone().lu().try_inverse().is_none(),
            "{n}: zero column lu"
        );
        assert!(
            z.clone().qr().try_inverse().is_none(),
            "{n}: zero column qr"
        );
        assert!(
            z.clone().full_piv_lu().try_inverse().is_none(),
            "{n}: zero column fplu"
        );
        let det = z.determinant();
        assert_eq!(det.re, 0.0);
        assert!(
            det.eps[0].is_finite(),
            "{n}: zero column det tangent {}",
            det.eps[0]
        );
        same_decisions(
            &format!("zero column {n}"),
            &z.map(|v| v.re),
            &z.map(|v| v.eps[0]),
        );

        // numerically rank-deficient products: whatever f64 decides, the dual decides
        for _ in 0..5 {
            let b = random_matrix(&mut rng, n, n - 1);
            let cc = random_matrix(&mut rng, n - 1, n);
            same_decisions(
                &format!("rank-deficient {n}"),
                &(&b * &cc),
                &random_matrix(&mut rng, n, n),
            );
        }
    }
    // fixed-size explicit inverses of singular values with regular-looking tangents
    let s2 = Matrix2::new(
        D::new(1.0, [1.0]),
        D::new(2.0, [0.0]),
        D::new(2.0, [0.0]),
        D::new(4.0, [-1.0]),
    );
    assert!(s2.try_inverse().is_none());
    assert_eq!(s2.determinant().re, 0.0);
    // d det = a' d + a d' - b' c - b c' = 1·4 + 1·(-1) - 0 - 0
    assert_eq!(s2.determinant().eps[0], 3.0);
    let s3 = Matrix3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 5.0, 7.0, 9.0)
        .zip_map(&Matrix3::from_fn(|i, j| (i * 3 + j) as f64), |v, d| {
            D::new(v, [d])
        });
    assert!(s3.try_inverse().is_none());
    let s4 = Matrix4::from_fn(|i, j| D::new(((i + 1) * (j + 1)) as f64, [(i + j) as f64]));
    assert!(s4.try_inverse().is_none());
}

fn panics<R>(f: impl FnOnce() -> R) -> Option<R> {
    catch_unwind(AssertUnwindSafe(f)).ok()
}

#[test]
fn non_finite_matrices_behave_as_f64_matrices() {
    use nalgebra::linalg::{SVD, SymmetricEigen};
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(19);
    for bad in [NAN, INF, -INF, f64::MAX, 5e-324] {
        for n in [2, 3, 4] {
            let mut a = random_matrix(&mut rng, n, n);
            a[(1, 0)] = bad;
            let da = random_matrix(&mut rng, n, n);
            let what = format!("{n}x{n} with {bad:e}");
            let d = || DMatrix::from_fn(n, n, |i, j| D::new(a[(i, j)], [da[(i, j)]]));
            same_decisions(&what, &a, &da);

            // iterative decompositions with a bounded number of iterations
            let f_svd = panics(|| SVD::try_new(a.clone(), true, true, 1e-14, 500));
            let d_svd = panics(|| SVD::try_new(d(), true, true, D::from(1e-14), 500));
            match (&f_svd, &d_svd) {
                (Some(Some(x)), Some(Some(y))) => {
                    for (p, q) in x.singular_values.iter().zip(y.singular_values.iter()) {
                        assert!(same(*p, q.re), "{what}: svd values");
                    }
                }
                (Some(None), Some(None)) => {}
                (None, _) => {} // nalgebra panics on f64 too: not this crate's business
                _ => panic!(
                    "{what}: svd f64 {:?} vs dual {:?}",
                    f_svd.is_some(),
                    d_svd.is_some()
                ),
            }
            let sym = &a + a.transpose();
            let dsym = || {
                let m = d();
                &m + m.transpose()
            };
            let f_eig = panics(|| SymmetricEigen::try_new(sym.clone(), 1e-14, 500));
            let d_eig = panics(|| SymmetricEigen::try_new(dsym(), D::from(1e-14), 500));
            match (&f_eig, &d_eig) {
                (Some(Some(x)), Some(Some(y))) => {
                    for (p, q) in x.eigenvalues.iter().zip(y.eigenvalues.iter()) {
                        assert!(same(*p, q.re), "{what}: eigenvalues");
                    }
                }
                (Some(None), Some(None)) => {}
                (None, _) => {}
                _ => panic!(
                    "{what}: eigen f64 {:?} vs dual {:?}",
                    f_eig.is_some(),
                    d_eig.is_some()
                ),
            }
            // exp: not with an infinite entry (nalgebra's scaling and squaring would square
            // 2^64 times, on f64 as well)
            if !bad.is_infinite() && bad != f64::MAX {
                let fe = panics(|| a.exp());
                let de = panics(|| d().exp());
                match (&fe, &de) {
                    (Some(x), Some(y)) => {
                        assert!(
                            x.iter().zip(y.iter()).all(|(p, q)| same(*p, q.re)),
                            "{what}: exp values"
                        );
                    }
                    (None, _) => {}
                    (Some(_), None) => panic!("{what}: exp panics on duals only"),
                }
            }
        }
    }
    std::panic::set_hook(prev);
}

// ======================================================================================
// 3. sparse Jacobians: tracer, pattern, colouring, SparseJacobian
// ======================================================================================

#[derive(Clone, Copy, Debug)]
enum Un {
    Exp,
    Sin,
    Cos,
    Tanh,
    Sqrt,
    Ln,
    Atan,
    Abs,
    Cbrt,
    Floor,
    Recip,
    Powi3,
    Neg,
    Scale,
    Asinh,
    ExpM1,
    Fract,
    Signum,
}

#[derive(Clone, Copy, Debug)]
enum Bi {
    Add,
    Sub,
    Mul,
    Div,
    Powf,
    Hypot,
    Atan2,
    Max,
    Min,
    Log,
    Copysign,
    Rem,
    MulAdd,
    Clamp,
    AbsSub,
}

const UNS: [Un; 18] = [
    Un::Exp,
    Un::Sin,
    Un::Cos,
    Un::Tanh,
    Un::Sqrt,
    Un::Ln,
    Un::Atan,
    Un::Abs,
    Un::Cbrt,
    Un::Floor,
    Un::Recip,
    Un::Powi3,
    Un::Neg,
    Un::Scale,
    Un::Asinh,
    Un::ExpM1,
    Un::Fract,
    Un::Signum,
];

const BIS: [Bi; 15] = [
    Bi::Add,
    Bi::Sub,
    Bi::Mul,
    Bi::Div,
    Bi::Powf,
    Bi::Hypot,
    Bi::Atan2,
    Bi::Max,
    Bi::Min,
    Bi::Log,
    Bi::Copysign,
    Bi::Rem,
    Bi::MulAdd,
    Bi::Clamp,
    Bi::AbsSub,
];

/// An expression over the inputs, written once and evaluated on any `Real`. Every operation
/// keeps its argument in its domain (`sqrt(1 + a²)`, `ln(1 + a²)`, a positive base for
/// `powf`, ...) so that values stay finite and moderate at random points.
#[derive(Clone, Debug)]
enum Expr {
    Input(usize),
    Constant(f64),
    Unary(Un, Box<Expr>),
    Binary(Bi, Box<Expr>, Box<Expr>),
    /// `if a > b { c } else { d }`: only the branch taken is evaluated
    Branch(Box<[Expr; 4]>),
}

impl Expr {
    fn eval<S: Real>(&self, x: &[S]) -> S {
        let lit = S::literal;
        match self {
            Expr::Input(j) => x[*j],
            Expr::Constant(c) => lit(*c),
            Expr::Unary(op, a) => {
                let a = a.eval(x);
                match op {
                    Un::Exp => a.tanh().exp(),
                    Un::Sin => a.sin(),
                    Un::Cos => a.cos(),
                    Un::Tanh => a.tanh(),
                    Un::Sqrt => (S::one() + a * a).sqrt(),
                    Un::Ln => (S::one() + a * a).ln(),
                    Un::Atan => a.atan(),
                    Un::Abs => a.abs(),
                    Un::Cbrt => a.cbrt(),
                    Un::Floor => a.floor() + a.sin(),
                    Un::Recip => (lit(2.0) + a.sin()).recip(),
                    Un::Powi3 => a.tanh().powi(3),
                    Un::Neg => -a,
                    Un::Scale => a.mul_f64(1.5),
                    Un::Asinh => a.asinh(),
                    Un::ExpM1 => a.tanh().exp_m1(),
                    Un::Fract => a.fract(),
                    Un::Signum => a.signum() * a.cos(),
                }
            }
            Expr::Binary(op, a, b) => {
                let (a, b) = (a.eval(x), b.eval(x));
                match op {
                    Bi::Add => a + b,
                    Bi::Sub => a - b,
                    Bi::Mul => a.tanh() * b,
                    Bi::Div => a / (lit(1.5) + b.cos()),
                    Bi::Powf => (lit(1.5) + a.sin()).powf(b.tanh() * lit(2.0)),
                    Bi::Hypot => a.hypot(b),
                    Bi::Atan2 => a.atan2(b),
                    Bi::Max => a.max(b),
                    Bi::Min => a.min(b),
                    Bi::Log => (lit(2.0) + a * a).log(lit(3.0) + b * b),
                    Bi::Copysign => a.copysign(b),
                    Bi::Rem => a % (lit(1.5) + b * b),
                    Bi::MulAdd => a.tanh().mul_add(b, lit(0.5)),
                    Bi::Clamp => a.clamp(b - lit(0.5), b + lit(0.5)),
                    Bi::AbsSub => Float::abs_sub(a, b),
                }
            }
            Expr::Branch(parts) => {
                if parts[0].eval(x) > parts[1].eval(x) {
                    parts[2].eval(x)
                } else {
                    parts[3].eval(x)
                }
            }
        }
    }

    fn random(rng: &mut Rng, inputs: &[usize], depth: usize) -> Expr {
        let leaf = depth == 0 || rng.below(5) == 0;
        if leaf {
            return if rng.below(8) == 0 {
                Expr::Constant(rng.uniform() * 2.0)
            } else {
                Expr::Input(inputs[rng.below(inputs.len())])
            };
        }
        match rng.below(10) {
            0..=3 => Expr::Unary(
                UNS[rng.below(UNS.len())],
                Box::new(Expr::random(rng, inputs, depth - 1)),
            ),
            4..=8 => Expr::Binary(
                BIS[rng.below(BIS.len())],
                Box::new(Expr::random(rng, inputs, depth - 1)),
                Box::new(Expr::random(rng, inputs, depth - 1)),
            ),
            _ => Expr::Branch(Box::new([
                Expr::random(rng, inputs, depth - 1),
                Expr::random(rng, inputs, depth - 1),
                Expr::random(rng, inputs, depth - 1),
                Expr::random(rng, inputs, depth - 1),
            ])),
        }
    }
}

/// A random sparse function: each output an expression over a few inputs (a band around
/// its row, plus now and then a far input).
struct RandomFn {
    n: usize,
    outputs: Vec<Expr>,
}

impl RandomFn {
    fn new(seed: u64, n: usize, m: usize) -> Self {
        let mut rng = Rng(seed);
        let outputs = (0..m)
            .map(|i| {
                let centre = i * n / m.max(1);
                let mut inputs: Vec<usize> =
                    (0..1 + rng.below(3)).map(|k| (centre + k) % n).collect();
                if rng.below(4) == 0 {
                    inputs.push(rng.below(n));
                }
                Expr::random(&mut rng, &inputs, 4)
            })
            .collect();
        RandomFn { n, outputs }
    }
}

impl VectorFunction for RandomFn {
    fn input_len(&self) -> usize {
        self.n
    }
    fn output_len(&self) -> usize {
        self.outputs.len()
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        for (yi, e) in y.iter_mut().zip(&self.outputs) {
            *yi = e.eval(x);
        }
    }
}

/// The dense Jacobian by `ChunkedJacobian` (4 columns per pass): another code path.
fn dense_jacobian<F: VectorFunction>(f: &F, x: &[f64]) -> (Vec<f64>, DMatrix<f64>) {
    let (m, n) = (f.output_len(), f.input_len());
    let mut values = vec![0.0; m];
    let mut jac = vec![0.0; m * n];
    ChunkedJacobian::<4, f64>::new()
        .jacobian_slice_into(|x, y| f.eval(x, y), x, &mut values, &mut jac)
        .unwrap();
    (values, DMatrix::from_vec(m, n, jac))
}

/// Central differences (Richardson, step 1e-5 (1 + |xⱼ|)) where the entry looks smooth
/// (steps h and h/2 agree); `None` elsewhere (a jump of floor, fract, %, or a branch).
fn fd_entry<F: VectorFunction>(f: &F, x: &[f64], i: usize, j: usize) -> Option<f64> {
    let m = f.output_len();
    let g = |t: f64| {
        let mut xs = x.to_vec();
        xs[j] = t;
        let mut y = vec![0.0; m];
        f.eval(&xs, &mut y);
        y[i]
    };
    let h = 1e-5 * (1.0 + x[j].abs());
    let (d1, d2) = (richardson(g, x[j], h), richardson(g, x[j], h / 2.0));
    ((d1 - d2).abs() <= 1e-7 * (1.0 + d2.abs()) && d2.is_finite()).then_some(d2)
}

/// The first two columns of the same colour that share a row (checked here, not by the
/// crate), if any.
fn colour_clash(pattern: &Pattern, colours: &[usize]) -> Option<(usize, usize, usize)> {
    for i in 0..pattern.nrows() {
        let row = pattern.row(i);
        for (a, &j) in row.iter().enumerate() {
            for &k in &row[a + 1..] {
                if colours[j] == colours[k] {
                    return Some((i, j, k));
                }
            }
        }
    }
    None
}

fn assert_valid_colouring(pattern: &Pattern, colours: &[usize], what: &str) {
    assert_eq!(
        colours.len(),
        pattern.ncols(),
        "{what}: one colour per column"
    );
    if let Some((i, j, k)) = colour_clash(pattern, colours) {
        panic!(
            "{what}: columns {j} and {k} share row {i} and colour {}",
            colours[j]
        );
    }
}

/// Two Jacobian entries agree: equal, both NaN, or within 1e-13 relative. (Not always bit
/// for bit: `pow` and a `log` with a dual base take a cheaper path when the exponent or base
/// has an all-zero tangent, which depends on which columns share the pass, and the two
/// paths round differently in the last place.)
fn entry_eq(p: f64, q: f64) -> bool {
    p == q || (p.is_nan() && q.is_nan()) || (p - q).abs() <= 1e-13 * (1.0 + q.abs())
}

/// The entries where two matrices differ: `(i, j, a, b)`.
fn diffs(a: &DMatrix<f64>, b: &DMatrix<f64>) -> Vec<(usize, usize, f64, f64)> {
    let mut out = Vec::new();
    for i in 0..a.nrows() {
        for j in 0..a.ncols() {
            let (p, q) = (a[(i, j)], b[(i, j)]);
            if !entry_eq(p, q) {
                out.push((i, j, p, q));
            }
        }
    }
    out
}

fn mat_eq(a: &DMatrix<f64>, b: &DMatrix<f64>) -> bool {
    a.shape() == b.shape() && a.iter().zip(b.iter()).all(|(p, q)| entry_eq(*p, *q))
}

/// Every plan width gives exactly the dense Jacobian, values included.
fn check_plan<const K: usize>(
    f: &RandomFn,
    x: &[f64],
    dense: &DMatrix<f64>,
    values: &[f64],
    what: &str,
) {
    let mut plan = SparseJacobian::<K>::new(f, x).unwrap();
    assert_valid_colouring(plan.pattern(), plan.colouring().colours(), what);
    assert_eq!(
        plan.passes(),
        plan.colours().div_ceil(K).max(1),
        "{what}: passes"
    );
    let jd = plan.jacobian_dense(f, x).unwrap();
    assert!(
        mat_eq(&jd, dense),
        "{what} K={K}: sparse vs dense differ at {:?}",
        diffs(&jd, dense)
    );
    let csc = plan.jacobian(f, x).unwrap();
    for (i, j, v) in csc.triplet_iter() {
        assert!(entry_eq(*v, dense[(i, j)]), "{what} K={K}: csc ({i}, {j})");
    }
    let mut vals = vec![0.0; f.output_len()];
    let mut jac = plan.new_matrix();
    plan.set_auto_verify(false);
    plan.jacobian_into(f, x, &mut vals, &mut jac).unwrap();
    assert!(
        vals.iter().zip(values).all(|(a, b)| same(*a, *b)),
        "{what} K={K}: values"
    );
    assert_eq!(jac, csc, "{what} K={K}: jacobian_into");
}

#[test]
fn random_sparse_functions_pattern_colouring_and_every_width() {
    for seed in 0..40u64 {
        let n = 6 + (seed as usize * 7) % 40;
        let m = 4 + (seed as usize * 5) % 40;
        let f = RandomFn::new(seed, n, m);
        let mut rng = Rng(1000 + seed);
        let x: Vec<f64> = (0..n).map(|_| 2.0 * rng.uniform()).collect();
        let what = format!("seed {seed} ({m}x{n})");

        let pattern = trace_pattern(&f, &x).unwrap();
        let (values, dense) = dense_jacobian(&f, &x);
        // values on f64 agree with the dual values bit for bit
        let mut y = vec![0.0; m];
        f.eval(&x, &mut y);
        assert!(
            y.iter().zip(&values).all(|(a, b)| same(*a, *b)),
            "{what}: values"
        );
        // every nonzero of the dense Jacobian is in the pattern
        for i in 0..m {
            for j in 0..n {
                if dense[(i, j)] != 0.0 {
                    assert!(
                        pattern.contains(i, j),
                        "{what}: ∂y{i}/∂x{j} = {} but ({i}, {j}) is not in the pattern",
                        dense[(i, j)]
                    );
                }
                // and smooth entries are the finite differences
                if let Some(fd) = fd_entry(&f, &x, i, j) {
                    assert!(
                        near(dense[(i, j)], fd, 1e-6),
                        "{what}: ({i}, {j}) dense {} vs differences {fd}",
                        dense[(i, j)]
                    );
                }
            }
        }
        for order in ColumnOrder::ALL {
            let c = Colouring::greedy_with(&pattern, order);
            assert_valid_colouring(&pattern, c.colours(), &format!("{what} {order:?}"));
            assert!(
                c.count() >= pattern.max_row_len(),
                "{what}: fewer colours than a row's length"
            );
        }
        check_plan::<1>(&f, &x, &dense, &values, &what);
        check_plan::<2>(&f, &x, &dense, &values, &what);
        check_plan::<3>(&f, &x, &dense, &values, &what);
        check_plan::<8>(&f, &x, &dense, &values, &what);
        check_plan::<65>(&f, &x, &dense, &values, &what);
    }
}

/// A plan built at one point and used at others: where the branches are the same, the
/// Jacobian is the dense one; where they changed, `verify` says so, auto-verify refuses,
/// and without auto-verify the result is either an error or right, except in the
/// documented blind spot (a new dependency on a column whose colour the row already has).
#[test]
fn a_plan_reused_at_other_points_is_right_or_refuses() {
    let mut outcomes = [0usize; 4]; // same pattern, verify error, gap error, blind spot
    for seed in 0..40u64 {
        let n = 8 + (seed as usize * 3) % 20;
        let m = 6 + (seed as usize * 5) % 20;
        let f = RandomFn::new(500 + seed, n, m);
        let mut rng = Rng(2000 + seed);
        let x0: Vec<f64> = (0..n).map(|_| 2.0 * rng.uniform()).collect();
        let mut plan = SparseJacobian::<3>::new(&f, &x0).unwrap();
        for _ in 0..5 {
            let x: Vec<f64> = (0..n).map(|_| 2.0 * rng.uniform()).collect();
            let (_, dense) = dense_jacobian(&f, &x);
            let what = format!("seed {seed}");
            plan.set_auto_verify(true);
            match plan.verify(&f, &x) {
                Ok(()) => {
                    outcomes[0] += 1;
                    let jd = plan.jacobian_dense(&f, &x).unwrap();
                    assert!(
                        mat_eq(&jd, &dense),
                        "{what}: verified plan differs from dense at {:?}",
                        diffs(&jd, &dense)
                    );
                }
                Err(SparseError::OutsidePattern { row, col }) => {
                    outcomes[1] += 1;
                    assert!(!plan.pattern().contains(row, col));
                    assert!(
                        matches!(
                            plan.jacobian(&f, &x),
                            Err(SparseError::OutsidePattern { .. })
                        ),
                        "{what}: auto-verify let a changed pattern through"
                    );
                    plan.set_auto_verify(false);
                    match plan.jacobian_dense(&f, &x) {
                        Err(SparseError::UnexpectedDerivative { row, colour }) => {
                            outcomes[2] += 1;
                            // the row really has no entry of that colour
                            assert!(
                                plan.pattern()
                                    .row(row)
                                    .iter()
                                    .all(|&j| plan.colouring().colour(j) != colour),
                                "{what}: UnexpectedDerivative for a colour the row has"
                            );
                        }
                        Err(e) => panic!("{what}: unexpected error {e:?}"),
                        Ok(jd) => {
                            let wrong = diffs(&jd, &dense);
                            if !wrong.is_empty() {
                                outcomes[3] += 1;
                            }
                            for (i, j, _, _) in wrong {
                                assert!(
                                    blind_spot(&plan, &dense, i, j),
                                    "{what}: ({i}, {j}) wrong, and not the documented blind spot"
                                );
                            }
                        }
                    }
                }
                Err(e) => panic!("{what}: verify failed with {e:?}"),
            }
        }
    }
    // the random functions exercise both outcomes
    assert!(outcomes[0] > 20 && outcomes[1] > 5, "outcomes {outcomes:?}");
}

/// A wrong entry `(i, j)` of a plan used without verification is explained by the
/// documented blind spot: row `i` now depends on a column outside its pattern whose colour
/// the row already has (so the two derivatives were added, or the new one went unseen).
fn blind_spot<const K: usize>(
    plan: &SparseJacobian<K>,
    dense: &DMatrix<f64>,
    i: usize,
    j: usize,
) -> bool {
    let colour = |c: usize| plan.colouring().colour(c);
    let pattern = plan.pattern();
    let new_in_colour = |c: usize| {
        (0..dense.ncols())
            .any(|k| !pattern.contains(i, k) && dense[(i, k)] != 0.0 && colour(k) == c)
    };
    if pattern.contains(i, j) {
        // polluted by a new dependency sharing j's colour
        new_in_colour(colour(j))
    } else {
        // a new dependency, not stored; unseen because the row has j's colour
        pattern.row(i).iter().any(|&k| colour(k) == colour(j))
    }
}

/// A branch chosen by a comparison switches the dependency at a second point.
struct Switch;

impl VectorFunction for Switch {
    fn input_len(&self) -> usize {
        4
    }
    fn output_len(&self) -> usize {
        3
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        y[0] = if x[0] > S::zero() {
            x[1].sin()
        } else {
            x[2].exp()
        };
        y[1] = x[0].max(x[3]) * S::literal(2.0);
        y[2] = x[3].min(x[1]).mul_f64(3.0) + x[0];
    }
}

#[test]
fn branches_taken_differently_give_errors_not_wrong_matrices() {
    let x0 = [1.0, 0.5, 0.25, -1.0];
    let mut plan = SparseJacobian::<4>::new(&Switch, &x0).unwrap();
    assert_eq!(plan.pattern().row(0), &[1]);
    assert_eq!(plan.pattern().row(1), &[0]);
    assert_eq!(plan.pattern().row(2), &[0, 3]);
    let (_, dense) = dense_jacobian(&Switch, &x0);
    assert!(mat_eq(&plan.jacobian_dense(&Switch, &x0).unwrap(), &dense));

    for x in [
        [-1.0, 0.5, 0.25, -1.0],
        [1.0, 0.5, 0.25, 2.0],
        [1.0, -2.0, 0.25, -1.0],
    ] {
        assert!(
            matches!(
                plan.verify(&Switch, &x),
                Err(SparseError::OutsidePattern { .. })
            ),
            "verify at {x:?}"
        );
        plan.set_auto_verify(true);
        assert!(plan.jacobian(&Switch, &x).is_err(), "auto-verify at {x:?}");
        // without verification: an error where the new column's colour is new to the row;
        // a wrong matrix only in the documented blind spot (the colour is already there)
        plan.set_auto_verify(false);
        let dense = dense_jacobian(&Switch, &x).1;
        match plan.jacobian_dense(&Switch, &x) {
            Err(SparseError::UnexpectedDerivative { .. }) => {}
            Ok(j) => {
                for (i, col, _, _) in diffs(&j, &dense) {
                    assert!(
                        blind_spot(&plan, &dense, i, col),
                        "at {x:?}: ({i}, {col}) wrong without explanation"
                    );
                }
            }
            Err(e) => panic!("{e:?}"),
        }
    }
    // at a tie both arguments count: the pattern traced there covers both branches
    let tie = [1.0, 0.5, 0.25, 1.0];
    let p = trace_pattern(&Switch, &tie).unwrap();
    assert_eq!(p.row(1), &[0, 3]);
    let mut plan = SparseJacobian::<2>::new(&Switch, &tie).unwrap();
    let (_, dense) = dense_jacobian(&Switch, &tie);
    assert!(mat_eq(&plan.jacobian_dense(&Switch, &tie).unwrap(), &dense));
    assert_eq!(
        dense[(1, 0)],
        1.0,
        "tie: the average of the tangents, 2 · 1/2"
    );
    assert_eq!(dense[(1, 3)], 1.0);
}

#[test]
fn non_finite_inputs_do_not_panic() {
    for seed in 0..15u64 {
        let n = 10;
        let f = RandomFn::new(900 + seed, n, 12);
        let mut rng = Rng(3000 + seed);
        for bad in [NAN, INF, -INF, 0.0, -0.0, 5e-324, f64::MAX] {
            let mut x: Vec<f64> = (0..n).map(|_| rng.uniform()).collect();
            x[rng.below(n)] = bad;
            x[rng.below(n)] = bad;
            let pattern = catch_unwind(|| trace_pattern(&f, &x))
                .unwrap_or_else(|_| panic!("trace panics at {x:?}"))
                .unwrap();
            let (_, dense) = dense_jacobian(&f, &x);
            // structurally: a nonzero (non-NaN) dense entry is in the pattern
            for i in 0..12 {
                for j in 0..n {
                    let d = dense[(i, j)];
                    if d != 0.0 && !d.is_nan() {
                        assert!(
                            pattern.contains(i, j),
                            "seed {seed} at {x:?}: ({i}, {j}) = {d}"
                        );
                    }
                }
            }
            let mut plan = SparseJacobian::<3>::new(&f, &x).unwrap();
            let jd = catch_unwind(AssertUnwindSafe(|| plan.jacobian_dense(&f, &x)))
                .unwrap_or_else(|_| panic!("jacobian panics at {x:?}"));
            // in the pattern: the dense entry; outside: 0, where the dense Jacobian may
            // hold a NaN (a NaN value poisons the other tangent components, by decision)
            if let Ok(jd) = jd {
                for i in 0..12 {
                    for j in 0..n {
                        let (s, d) = (jd[(i, j)], dense[(i, j)]);
                        if pattern.contains(i, j) {
                            assert!(
                                entry_eq(s, d),
                                "seed {seed} at {x:?}: ({i}, {j}) {s} vs {d}"
                            );
                        } else {
                            assert!(
                                s == 0.0 && (d == 0.0 || d.is_nan()),
                                "seed {seed} at {x:?}: ({i}, {j}) {s} vs {d}"
                            );
                        }
                    }
                }
            }
        }
    }
}

/// One `Float`/`Real` operation on the inputs `x₀, x₁, x₂`, generic over the number type,
/// with the dependency set decided here for it.
#[derive(Clone, Copy, Debug)]
enum Op {
    U(&'static str),
    B(&'static str),
    MulAdd,
    Clamp,
}

const UNARY_OPS: [&str; 44] = [
    "floor",
    "ceil",
    "round",
    "trunc",
    "fract",
    "abs",
    "signum",
    "recip",
    "sqrt",
    "exp",
    "exp2",
    "ln",
    "log2",
    "log10",
    "to_degrees",
    "to_radians",
    "cbrt",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "exp_m1",
    "ln_1p",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "powi0",
    "powi3",
    "neg",
    "sin_cos.0",
    "sin_cos.1",
    "mul_f64(0)",
    "mul_f64(2)",
    "x*0",
    "x-x",
    "x/x",
    "numcast",
    "powf(const 0)",
    "x%2",
];

const BINARY_OPS: [&str; 13] = [
    "powf", "log", "max", "min", "hypot", "atan2", "copysign", "abs_sub", "rem", "add", "sub",
    "mul", "div",
];

impl Op {
    // `x - x` and `x / x` on purpose: structural dependencies with a zero derivative
    #[allow(clippy::eq_op)]
    fn apply<S: Real>(self, x: &[S]) -> S {
        let (a, b, c) = (x[0], x[1], x[2]);
        match self {
            Op::MulAdd => a.mul_add(b, c),
            Op::Clamp => a.clamp(b, c),
            Op::B(name) => match name {
                "powf" => a.powf(b),
                "log" => a.log(b),
                "max" => a.max(b),
                "min" => a.min(b),
                "hypot" => a.hypot(b),
                "atan2" => a.atan2(b),
                "copysign" => a.copysign(b),
                "abs_sub" => Float::abs_sub(a, b),
                "rem" => a % b,
                "add" => a + b,
                "sub" => a - b,
                "mul" => a * b,
                "div" => a / b,
                _ => unreachable!(),
            },
            Op::U(name) => match name {
                "floor" => a.floor(),
                "ceil" => a.ceil(),
                "round" => a.round(),
                "trunc" => a.trunc(),
                "fract" => a.fract(),
                "abs" => Float::abs(a),
                "signum" => Float::signum(a),
                "recip" => a.recip(),
                "sqrt" => a.sqrt(),
                "exp" => a.exp(),
                "exp2" => a.exp2(),
                "ln" => a.ln(),
                "log2" => a.log2(),
                "log10" => a.log10(),
                "to_degrees" => a.to_degrees(),
                "to_radians" => a.to_radians(),
                "cbrt" => a.cbrt(),
                "sin" => a.sin(),
                "cos" => a.cos(),
                "tan" => a.tan(),
                "asin" => a.asin(),
                "acos" => a.acos(),
                "atan" => a.atan(),
                "exp_m1" => a.exp_m1(),
                "ln_1p" => a.ln_1p(),
                "sinh" => a.sinh(),
                "cosh" => a.cosh(),
                "tanh" => a.tanh(),
                "asinh" => a.asinh(),
                "acosh" => a.acosh(),
                "atanh" => a.atanh(),
                "powi0" => a.powi(0),
                "powi3" => a.powi(3),
                "neg" => -a,
                "sin_cos.0" => a.sin_cos().0,
                "sin_cos.1" => a.sin_cos().1,
                "mul_f64(0)" => a.mul_f64(0.0),
                "mul_f64(2)" => a.mul_f64(2.0),
                "x*0" => a * S::literal(0.0),
                "x-x" => a - a,
                "x/x" => a / a,
                "numcast" => <S as num_traits::NumCast>::from(a).unwrap(),
                "powf(const 0)" => a.powf(S::literal(0.0)),
                "x%2" => a % S::literal(2.0),
                _ => unreachable!(),
            },
        }
    }

    /// The dependencies decided for this review at the point `v`: a function with a
    /// derivative that is not identically zero depends on its argument (structurally, even
    /// where the derivative vanishes, as `x * 0`, `x - x`); piecewise-constant functions
    /// (`floor`, ..., `signum`, `powi(0)`) and conversions to a constant depend on nothing;
    /// `max`/`min`/`clamp`/`abs_sub` on the argument the value selects (both on a tie, the
    /// other one when one is NaN); `copysign` on its magnitude only. Where the crate is
    /// allowed to be conservative (a superset), the second set lists what is tolerated.
    fn expected(self, v: [f64; 3]) -> (Vec<usize>, Vec<usize>) {
        let (a, b) = (v[0], v[1]);
        let pick = |greater: bool, x: f64, y: f64| -> Vec<usize> {
            let b_wins = if greater { y > x } else { y < x };
            let a_wins = if greater { x > y } else { x < y };
            if b_wins || x.is_nan() {
                vec![1]
            } else if a_wins || y.is_nan() {
                vec![0]
            } else {
                vec![0, 1]
            }
        };
        let exact = |d: Vec<usize>| (d.clone(), d);
        match self {
            Op::MulAdd => exact(vec![0, 1, 2]),
            Op::Clamp => {
                // min(max(a, lo), hi), NaN a passed through
                if a.is_nan() {
                    return exact(vec![0]);
                }
                let first = pick(true, a, b); // indices into (a, lo) = (0, 1)
                let m = if first == vec![1] { b } else { a };
                let second = pick(false, m, v[2]);
                let mut d: Vec<usize> = if second == vec![1] {
                    vec![2]
                } else if second == vec![0] {
                    first.clone()
                } else {
                    let mut d = first.clone();
                    d.push(2);
                    d
                };
                d.sort();
                d.dedup();
                exact(d)
            }
            Op::B(name) => match name {
                "max" => exact(pick(true, a, b)),
                "min" => exact(pick(false, a, b)),
                "copysign" => exact(vec![0]),
                "abs_sub" => {
                    // max(a - b, 0); a NaN argument propagates; ∞ - ∞ gives the constant 0
                    let d = a - b;
                    if a.is_nan() || b.is_nan() || d >= 0.0 {
                        exact(vec![0, 1]) // (a tie with 0 keeps d's dependencies)
                    } else {
                        exact(vec![])
                    }
                }
                _ => exact(vec![0, 1]),
            },
            Op::U(name) => match name {
                "floor" | "ceil" | "round" | "trunc" | "signum" | "powi0" | "numcast" => {
                    exact(vec![])
                }
                // a constant exponent 0: x⁰ = 1 is constant; depending on x is conservative
                "powf(const 0)" => (vec![], vec![0]),
                _ => exact(vec![0]),
            },
        }
    }
}

/// A one-output function applying one `Op`.
struct Apply(Op);

impl VectorFunction for Apply {
    fn input_len(&self) -> usize {
        3
    }
    fn output_len(&self) -> usize {
        1
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        y[0] = self.0.apply(x);
    }
}

#[test]
fn every_tracer_method_has_the_decided_dependencies_and_covers_the_dual() {
    let mut ops: Vec<Op> = UNARY_OPS.iter().map(|&n| Op::U(n)).collect();
    ops.extend(BINARY_OPS.iter().map(|&n| Op::B(n)));
    ops.extend([Op::MulAdd, Op::Clamp]);
    const VALUES: [f64; 11] = [NAN, INF, -INF, -2.5, -1.0, -0.0, 0.0, 0.5, 1.0, 2.0, 5e-324];
    for op in ops {
        for &a in &VALUES {
            for &b in &VALUES {
                for &c in &[0.0, 1.0, -1.0, NAN] {
                    let v = [a, b, c];
                    let got = trace_pattern(&Apply(op), &v).unwrap().row(0).to_vec();
                    let (least, most) = op.expected(v);
                    assert!(
                        least.iter().all(|j| got.contains(j))
                            && got.iter().all(|j| most.contains(j)),
                        "{op:?} at {v:?}: tracer depends on {got:?}, decided {least:?} (at most {most:?})"
                    );
                    // the tracer's value is f64's
                    // the f64 value; f64's clamp panics on a NaN bound or lo > hi, where the
                    // crate documents min(max(x, lo), hi) with a NaN x passed through
                    let y = if matches!(op, Op::Clamp) && (b.is_nan() || c.is_nan() || b > c) {
                        [if a.is_nan() { a } else { a.max(b).min(c) }]
                    } else {
                        let mut y = [0.0];
                        Apply(op).eval(&v, &mut y);
                        y
                    };
                    let mut t = [Tracer::constant(0.0)];
                    let xs = v.map(Tracer::constant);
                    Apply(op).eval(&xs, &mut t);
                    // (the sign of a zero from a ±0 tie of max/min/clamp/abs_sub is left
                    // open, as f64::max leaves it)
                    let tie_op = matches!(op, Op::B("max" | "min" | "abs_sub") | Op::Clamp);
                    let zero_tie = tie_op && t[0].value() == 0.0 && y[0] == 0.0;
                    assert!(
                        same(t[0].value(), y[0]) || zero_tie,
                        "{op:?} at {v:?}: tracer value {} vs f64 {}",
                        t[0].value(),
                        y[0]
                    );
                    let dual_value = {
                        let mut d = [D::constant(0.0)];
                        Apply(op).eval(&v.map(D::constant), &mut d);
                        d[0].re
                    };
                    assert!(
                        same(dual_value, y[0]) || (tie_op && dual_value == 0.0 && y[0] == 0.0),
                        "{op:?} at {v:?}: dual value {dual_value} vs f64 {}",
                        y[0]
                    );
                    // and the pattern covers every nonzero partial of the dual
                    let mut d = [Dual::<f64, 3>::constant(0.0)];
                    Apply(op).eval(&Dual::<f64, 3>::variables(v), &mut d);
                    for (j, e) in d[0].eps.iter().enumerate() {
                        if *e != 0.0 && !e.is_nan() {
                            assert!(
                                got.contains(&j),
                                "{op:?} at {v:?}: the dual's ∂/∂x{j} = {e} is not in the pattern {got:?}"
                            );
                        }
                    }
                }
            }
        }
    }
}

/// C's `fdim` and `f64`'s `abs_sub` give `+0` for equal infinities (`x <= y`); the dual and
/// the tracer computed `∞ - ∞ = NaN` and passed it through as if an argument were NaN.
/// Fixed in `float.rs` and `tracer_float.rs` (a NaN *argument* still propagates).
#[test]
fn abs_sub_of_equal_infinities_is_zero_as_for_f64() {
    for (a, b) in [
        (INF, INF),
        (-INF, -INF),
        (INF, -INF),
        (-INF, INF),
        (1.0, NAN),
        (NAN, 1.0),
        (2.0, 2.0),
    ] {
        let want = Float::abs_sub(a, b);
        let d = Float::abs_sub(D2::variable(a, 0), D2::variable(b, 1));
        assert!(
            same(d.re, want),
            "abs_sub({a}, {b}): dual {} vs f64 {want}",
            d.re
        );
        let t = Float::abs_sub(Tracer::constant(a), Tracer::constant(b));
        assert!(
            same(t.value(), want),
            "abs_sub({a}, {b}): tracer {} vs f64 {want}",
            t.value()
        );
    }
    // equal infinities: a constant 0 (no direction moves ∞ - ∞ off its NaN, and f64 says 0)
    let d = Float::abs_sub(D2::variable(INF, 0), D2::variable(INF, 1));
    assert_eq!((d.re, d.eps), (0.0, [0.0, 0.0]));
    // the tie rule for finite equal arguments is unchanged
    let d = Float::abs_sub(D2::variable(2.0, 0), D2::variable(2.0, 1));
    assert_eq!((d.re, d.eps), (0.0, [0.5, -0.5]));
}

/// My own greedy colouring over a random column order, with unused colours inserted (a
/// valid colouring need not be compact), and random invalid ones: `is_valid_for` /
/// `with_colouring` must agree with the direct check, and a plan on any valid colouring
/// must give the dense Jacobian.
#[test]
fn colourings_given_by_hand_valid_or_not() {
    for seed in 0..30u64 {
        let n = 5 + seed as usize % 17;
        let m = 4 + seed as usize % 13;
        let f = RandomFn::new(7000 + seed, n, m);
        let mut rng = Rng(8000 + seed);
        let x: Vec<f64> = (0..n).map(|_| 2.0 * rng.uniform()).collect();
        let pattern = trace_pattern(&f, &x).unwrap();
        let (_, dense) = dense_jacobian(&f, &x);

        // greedy over a shuffled order, colours spread out as 3c + 1 (gaps at 0, 2, 3, ...)
        let mut order: Vec<usize> = (0..n).collect();
        for k in (1..n).rev() {
            order.swap(k, rng.below(k + 1));
        }
        let mut colours = vec![usize::MAX; n];
        for &j in &order {
            let used: Vec<usize> = (0..m)
                .filter(|&i| pattern.contains(i, j))
                .flat_map(|i| pattern.row(i).iter().map(|&k| colours[k]))
                .collect();
            colours[j] = (0..).find(|c| !used.contains(c)).unwrap();
        }
        let spread: Vec<usize> = colours.iter().map(|&c| (3 * c + 1).min(n - 1)).collect();
        for cs in [colours.clone(), spread] {
            let direct_ok = colour_clash(&pattern, &cs).is_none();
            match Colouring::from_colours(&pattern, cs.clone()) {
                Ok(c) => {
                    assert!(
                        direct_ok,
                        "seed {seed}: an invalid colouring was accepted: {cs:?}"
                    );
                    assert!(c.is_valid_for(&pattern));
                    let mut plan = SparseJacobian::<2>::with_colouring(pattern.clone(), c).unwrap();
                    let jd = plan.jacobian_dense(&f, &x).unwrap();
                    assert!(
                        mat_eq(&jd, &dense),
                        "seed {seed} colours {cs:?}: {:?}",
                        diffs(&jd, &dense)
                    );
                }
                Err(e) => {
                    // (the spread colours can collide after the min(n - 1) cap)
                    assert!(
                        !direct_ok,
                        "seed {seed}: a valid colouring was refused: {e:?}"
                    );
                }
            }
        }
        // random colourings with few colours: mostly invalid
        for _ in 0..10 {
            let cs: Vec<usize> = (0..n).map(|_| rng.below(2)).collect();
            let direct_ok = colour_clash(&pattern, &cs).is_none();
            let accepted = Colouring::from_colours(&pattern, cs.clone()).is_ok();
            assert_eq!(accepted, direct_ok, "seed {seed}: colours {cs:?}");
        }
    }
}

/// No inputs, no outputs, or both.
#[test]
fn empty_shapes() {
    struct Shape(usize, usize);
    impl VectorFunction for Shape {
        fn input_len(&self) -> usize {
            self.0
        }
        fn output_len(&self) -> usize {
            self.1
        }
        fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
            for (i, yi) in y.iter_mut().enumerate() {
                *yi = x.iter().fold(S::literal(i as f64), |acc, &v| acc + v.sin());
            }
        }
    }
    for (n, m) in [(0, 0), (0, 3), (3, 0), (1, 1)] {
        let f = Shape(n, m);
        let x = vec![0.5; n];
        let mut plan = SparseJacobian::<3>::new(&f, &x).unwrap();
        let jd = plan.jacobian_dense(&f, &x).unwrap();
        assert_eq!(jd.shape(), (m, n));
        let (_, dense) = dense_jacobian(&f, &x);
        assert!(mat_eq(&jd, &dense), "{n} inputs, {m} outputs");
        let mut values = vec![0.0; m];
        let mut jac = plan.new_matrix();
        plan.jacobian_into(&f, &x, &mut values, &mut jac).unwrap();
        let mut y = vec![0.0; m];
        f.eval(&x, &mut y);
        assert_eq!(values, y);
    }
}

/// `c · P`, `P · c` (plain `P`) and `c · M` (dual `M`), owned and borrowed: entries `c pᵢⱼ`
/// with tangent `dc pᵢⱼ`, and `c mᵢⱼ` with `dc mᵢⱼ + c dmᵢⱼ` (the product rule by hand).
#[test]
#[allow(clippy::op_ref)] // the borrowed forms are impls of their own, tested on purpose
fn dual_scalar_times_plain_and_dual_matrices() {
    let p = Matrix2::new(1.0, -2.0, 0.5, 4.0);
    let c = D2::new(3.0, [1.0, 0.0]);
    let m = p.map(|v| D2::new(v, [0.0, v * v]));
    let check = |got: Matrix2<D2>, with_m: bool, what: &str| {
        for i in 0..2 {
            for j in 0..2 {
                let v = p[(i, j)];
                let want = if with_m { [v, 3.0 * v * v] } else { [v, 0.0] };
                assert_eq!(got[(i, j)].re, 3.0 * v, "{what}");
                assert_eq!(got[(i, j)].eps, want, "{what} ({i}, {j})");
            }
        }
    };
    check(c * p, false, "c * P");
    check(c * &p, false, "c * &P");
    check(p * c, false, "P * c");
    check(&p * c, false, "&P * c");
    check(c * m, true, "c * M");
    check(c * &m, true, "c * &M");
    check(m * c, true, "M * c (nalgebra's)");
    // a dynamic plain matrix, and a non-finite entry: value and tangent follow IEEE
    let q = DMatrix::from_row_slice(1, 3, &[INF, NAN, -0.0]);
    let r = c * &q;
    assert_eq!((r[0].re, r[0].eps[0]), (INF, INF));
    assert!(r[1].re.is_nan() && r[1].eps[0].is_nan());
    assert!(same(r[2].re, -0.0) && same(r[2].eps[0], -0.0));
}
