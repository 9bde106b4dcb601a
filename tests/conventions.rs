//! Every convention of the crate pinned at its edge: kinks (the midpoint of the one-sided
//! slopes), infinite slopes (a zero tangent stays zero), zero bases, rounding functions,
//! the machine-learning functions' tails, conversions, printing, the `%` rule, operators
//! with a plain float on either side, the `*Assign` forms, `Sum` and `Product`; the
//! conventions table of `docs/conventions.md` row by row, the zero-tangent guard (a constant
//! stays a constant through every row of the function table), NaN poisoning, `identical`
//! and the zero tests, the special points of the `ComplexField` paths, `to_exp`, the approx
//! traits (values only), a quotient by a subnormal. `docs/conventions.md` is the prose
//! version of this file.
//!
//! Oracles: expected numbers worked out by hand from the stated convention or formula; the
//! `f64` function for values (bit for bit).

mod common;

use std::f64::consts::{FRAC_PI_2, PI};

use approx::{AbsDiffEq, RelativeEq, UlpsEq};
use common::functions::{
    Fn1, Id, Id2, binary as binary_table, binary_row, ternary, trait_only, trait_only2,
    unary as unary_table, unary_row,
};
use common::grids::{METHOD_POINTS, TRAIT_POINTS, short_f64};
use common::tolerance::{
    LAST_BITS, assert_rel, assert_value_exact as check, near, same, same_up_to_zero_sign,
};
use dualnum::{Dual, Real, hessian};
use nalgebra::{Matrix2, Vector1};
use num_traits::{Float, NumCast, ToPrimitive, Zero};

type D1 = Dual<f64, 1>;
type D2 = Dual<f64, 2>;
type D3 = Dual<f64, 3>;

fn var(x: f64) -> D1 {
    D1::variable(x, 0)
}

/// Value and tangent equal, bit for bit up to the sign of zero (NaN equals NaN).
#[track_caller]
fn assert_dual<const N: usize>(got: Dual<f64, N>, re: f64, eps: [f64; N]) {
    let same = same_up_to_zero_sign::<f64>;
    assert!(
        same(got.re, re) && got.eps.iter().zip(eps.iter()).all(|(a, b)| same(*a, *b)),
        "got {got:?}, expected re = {re:?}, eps = {eps:?}"
    );
}

// ----- kinks: the midpoint of the one-sided slopes ---------------------------------------

#[test]
fn abs_at_zero_has_slope_zero() {
    assert_dual(var(0.0).abs(), 0.0, [0.0]);
    assert_dual(var(-0.0).abs(), 0.0, [0.0]);
    assert!(var(-0.0).abs().re.is_sign_positive());
    assert_dual(Float::abs(var(0.0)), 0.0, [0.0]);
    assert_dual(num_traits::Signed::abs(&var(-0.0)), 0.0, [0.0]);
    // Away from 0, the sign; NaN stays NaN.
    assert_dual(var(-2.0).abs(), 2.0, [-1.0]);
    assert_dual(var(3.0).abs(), 3.0, [1.0]);
    assert_dual(var(f64::NAN).abs(), f64::NAN, [f64::NAN]);
}

#[test]
fn relu_at_zero_has_slope_one_half() {
    assert_dual(var(0.0).relu(), 0.0, [0.5]);
    assert_dual(var(-0.0).relu(), 0.0, [0.5]);
    assert_dual(var(2.0).relu(), 2.0, [1.0]);
    assert_dual(var(-2.0).relu(), 0.0, [0.0]);
    assert!(var(f64::NAN).relu().re.is_nan());
    // The same as max(x, 0) with its tie rule.
    assert!(var(0.0).relu().identical(&var(0.0).max(D1::constant(0.0))));
}

#[test]
fn max_and_min_ties_average_the_tangents_in_either_order() {
    let [a, b] = D2::variables([1.5, 1.5]);
    assert_dual(a.max(b), 1.5, [0.5, 0.5]);
    assert_dual(b.max(a), 1.5, [0.5, 0.5]);
    assert_dual(a.min(b), 1.5, [0.5, 0.5]);
    assert_dual(b.min(a), 1.5, [0.5, 0.5]);
    assert_dual(Float::max(b, a), 1.5, [0.5, 0.5]);
    assert_dual(Float::min(a, b), 1.5, [0.5, 0.5]);
    // No tie: the larger (smaller) one, with its own tangent.
    let [a, b] = D2::variables([1.0, 2.0]);
    assert_dual(a.max(b), 2.0, [0.0, 1.0]);
    assert_dual(a.min(b), 1.0, [1.0, 0.0]);
}

#[test]
fn max_and_min_ignore_nan() {
    let x = D1::new(2.0, [3.0]);
    let nan = D1::new(f64::NAN, [7.0]);
    for y in [x.max(nan), nan.max(x), x.min(nan), nan.min(x)] {
        assert_dual(y, 2.0, [3.0]);
    }
    assert!(nan.max(nan).re.is_nan());
}

#[test]
fn copysign_is_plus_or_minus_abs() {
    // ±|x|: slope ±sign(x), 0 at x = ±0 (the kink of abs); the sign argument's tangent
    // never enters.
    let [x, s] = D2::variables([-3.0, 2.0]);
    assert_dual(x.copysign(s), 3.0, [-1.0, 0.0]);
    assert_dual(x.copysign(-s), -3.0, [1.0, 0.0]);
    let [x, s] = D2::variables([0.0, -2.0]);
    let y = x.copysign(s);
    assert_dual(y, 0.0, [0.0, 0.0]);
    assert!(y.re.is_sign_negative());
}

#[test]
fn copysign_is_unambiguous_with_float_and_realfield_in_scope() {
    // Both traits define `copysign`; the inherent method makes the call resolve, and the
    // two trait paths agree with it.
    use nalgebra::RealField;
    let [x, s] = D2::variables([-3.0, 2.0]);
    let y = x.copysign(-s);
    assert_dual(y, -3.0, [1.0, 0.0]);
    assert!(y.identical(&Float::copysign(x, -s)));
    assert!(y.identical(&RealField::copysign(x, -s)));
}

#[test]
fn abs_sub_at_a_tie_has_half_the_slope() {
    // fdim(a, b) = max(a - b, 0): slope 1 above, 0 below, 1/2 at a = b.
    let [a, b] = D2::variables([1.0, 1.0]);
    assert_dual(Float::abs_sub(a, b), 0.0, [0.5, -0.5]);
    let [a, b] = D2::variables([3.0, 1.0]);
    assert_dual(Float::abs_sub(a, b), 2.0, [1.0, -1.0]);
}

#[test]
fn clamp_never_panics_and_follows_max_then_min() {
    let [x, lo, hi] = Dual::<f64, 3>::variables([0.5, 0.0, 1.0]);
    assert_dual(x.clamp(lo, hi), 0.5, [1.0, 0.0, 0.0]);
    let [x, lo, hi] = Dual::<f64, 3>::variables([-1.0, 0.0, 1.0]);
    assert_dual(x.clamp(lo, hi), 0.0, [0.0, 1.0, 0.0]);
    // A tie at a bound averages x and the bound.
    let [x, lo, hi] = Dual::<f64, 3>::variables([1.0, 0.0, 1.0]);
    assert_dual(x.clamp(lo, hi), 1.0, [0.5, 0.0, 0.5]);
    // NaN x stays NaN (with its tangent).
    let [x, lo, hi] = Dual::<f64, 3>::variables([f64::NAN, 0.0, 1.0]);
    assert_dual(x.clamp(lo, hi), f64::NAN, [1.0, 0.0, 0.0]);
    assert!(Float::clamp(x, lo, hi).re.is_nan());
    // lo > hi gives hi (f64::clamp would panic).
    let [x, lo, hi] = Dual::<f64, 3>::variables([0.5, 2.0, 1.0]);
    assert_dual(x.clamp(lo, hi), 1.0, [0.0, 0.0, 1.0]);
    assert_dual(Float::clamp(x, lo, hi), 1.0, [0.0, 0.0, 1.0]);
    // A NaN bound is ignored.
    let [x, lo, hi] = Dual::<f64, 3>::variables([5.0, f64::NAN, 1.0]);
    assert_dual(x.clamp(lo, hi), 1.0, [0.0, 0.0, 1.0]);
    let [x, lo, hi] = Dual::<f64, 3>::variables([-5.0, 0.0, f64::NAN]);
    assert_dual(x.clamp(lo, hi), 0.0, [0.0, 1.0, 0.0]);
}

#[test]
fn hypot_and_atan2_at_the_origin_have_zero_tangent() {
    let [x, y] = D2::variables([0.0, 0.0]);
    assert_dual(x.hypot(y), 0.0, [0.0, 0.0]);
    assert_dual(y.atan2(x), 0.0, [0.0, 0.0]);
    let [x, y] = D2::variables([-0.0, 0.0]);
    assert_dual(y.atan2(x), core::f64::consts::PI, [0.0, 0.0]);
}

#[test]
fn atan2_on_the_axes_has_finite_tangents() {
    // atan2(y = 1, x = 0): ∂/∂y = x/(x² + y²) = 0, ∂/∂x = -y/(x² + y²) = -1.
    let [y, x] = D2::variables([1.0, 0.0]);
    assert_dual(y.atan2(x), core::f64::consts::FRAC_PI_2, [0.0, -1.0]);
    // atan2(0, -2): ∂/∂y = -2/4, ∂/∂x = 0.
    let [y, x] = D2::variables([0.0, -2.0]);
    assert_dual(y.atan2(x), core::f64::consts::PI, [-0.5, 0.0]);
    // Huge and tiny coordinates neither overflow nor underflow: atan2(y, y) = π/4 with
    // ∂/∂y = y/(2y²) = 1/(2y), ∂/∂x = -1/(2y).
    for s in [1e300, 1e-300] {
        let [y, x] = D2::variables([s, s]);
        let a = y.atan2(x);
        assert_rel(a.eps[0], 0.5 / s, 1e-15);
        assert_rel(a.eps[1], -0.5 / s, 1e-15);
    }
}

#[test]
fn rounding_functions_have_zero_tangent_even_at_their_jumps() {
    for x in [-2.5, -1.0, -0.3, 0.0, 0.5, 2.0, 2.5, 7.9] {
        let d = var(x);
        assert_dual(d.floor(), x.floor(), [0.0]);
        assert_dual(d.ceil(), x.ceil(), [0.0]);
        assert_dual(d.round(), x.round(), [0.0]);
        assert_dual(d.trunc(), x.trunc(), [0.0]);
        // fract = x - trunc(x): slope 1, also at the integers.
        assert_dual(d.fract(), x.fract(), [1.0]);
        // signum is piecewise constant: zero tangent; ±1 at ±0 as f64::signum.
        assert_dual(d.signum(), x.signum(), [0.0]);
    }
    assert_dual(var(-0.0).signum(), -1.0, [0.0]);
    assert_dual(var(0.0).signum(), 1.0, [0.0]);
}

#[test]
fn unit_step_is_one_half_at_zero_with_zero_tangent() {
    assert_dual(var(0.0).unit_step(), 0.5, [0.0]);
    assert_dual(var(-0.0).unit_step(), 0.5, [0.0]);
    assert_dual(var(3.0).unit_step(), 1.0, [0.0]);
    assert_dual(var(-3.0).unit_step(), 0.0, [0.0]);
    assert!(var(f64::NAN).unit_step().re.is_nan());
}

// ----- infinite slopes and zero bases ---------------------------------------------------

#[test]
fn sqrt_and_cbrt_at_zero() {
    for z in [0.0, -0.0] {
        // Value 0, slope +∞; a component that is exactly zero stays zero.
        let x = D2::new(z, [1.0, 0.0]);
        assert_dual(x.sqrt(), 0.0, [f64::INFINITY, 0.0]);
        assert_dual(x.cbrt(), 0.0, [f64::INFINITY, 0.0]);
        // A constant stays a constant.
        assert!(D2::constant(z).sqrt().has_zero_tangent());
        assert!(D2::constant(z).cbrt().has_zero_tangent());
    }
}

#[test]
fn ln_at_zero_has_slope_plus_infinity() {
    // The value is infinite, so the zero component is not protected (the guard's rule):
    // it is 0 / 0 = NaN, as the tangent is divided by x.
    let nan = f64::NAN;
    for z in [0.0, -0.0] {
        let x = D2::new(z, [1.0, 0.0]);
        assert_dual(x.ln(), f64::NEG_INFINITY, [f64::INFINITY, nan]);
        assert_dual(x.log2(), f64::NEG_INFINITY, [f64::INFINITY, nan]);
        assert_dual(x.log10(), f64::NEG_INFINITY, [f64::INFINITY, nan]);
        assert_dual(x.log(10.0), f64::NEG_INFINITY, [f64::INFINITY, nan]);
        // log to a base below 1 decreases: slope -∞.
        assert_dual(x.log(0.5), f64::INFINITY, [f64::NEG_INFINITY, nan]);
        // The same through num-traits, with a constant dual base (as generic code writes
        // `x.log(T::from(10.0).unwrap())`).
        let ten = D2::constant(10.0);
        assert_dual(Float::log(x, ten), f64::NEG_INFINITY, [f64::INFINITY, nan]);
    }
}

/// The guard's rule where a finite value meets a slope that overflows: `ln` of a
/// subnormal `x` (`1/x` overflows, `ln x` is about -713) divides the tangent by `x`, so
/// the slope is the exact quotient and a zero component stays zero. The same for the
/// other logarithms, and for `sqrt` (guarded) at its infinite slope.
#[test]
fn logarithms_of_a_subnormal_keep_a_finite_slope_and_zero_components() {
    let x = 1e-310; // 1/x = 1e310 overflows
    let d = D2::new(x, [1e-10, 0.0]);
    // hand: d ln x = dx / x, about 1e300 (1e-310 is stored with 3e-15 relative error)
    let slope = 1e-10 / x;
    assert!(slope.is_finite() && (slope / 1e300 - 1.0).abs() < 1e-14);
    let y = d.ln();
    assert!(y.re.is_finite());
    assert!(near(y.eps[0], slope, 1e-15), "ln slope {}", y.eps[0]);
    assert_eq!(y.eps[1], 0.0);
    // d log2 x = dx / (x ln 2), d log10 x = dx / (x ln 10), d log_3 x = dx / (x ln 3)
    for (got, ln_b) in [
        (d.log2(), 2f64.ln()),
        (d.log10(), 10f64.ln()),
        (d.log(3.0), 3f64.ln()),
    ] {
        assert!(got.re.is_finite());
        assert!(
            near(got.eps[0], slope / ln_b, 1e-15),
            "slope {}",
            got.eps[0]
        );
        assert_eq!(got.eps[1], 0.0);
    }
    // sqrt at 0: finite value, infinite slope: the guard keeps the zero component
    assert_dual(D2::new(0.0, [1.0, 0.0]).sqrt(), 0.0, [f64::INFINITY, 0.0]);
}

#[test]
fn powf_at_zero() {
    // x² at 0: slope 2 · 0 = 0.
    assert_dual(var(0.0).powf(2.0), 0.0, [0.0]);
    // x^0.5 at 0: (0, +∞), as sqrt.
    assert_dual(var(0.0).powf(0.5), 0.0, [f64::INFINITY]);
    // x¹ at 0: slope 1; x⁰ is the constant 1 everywhere.
    assert_dual(var(0.0).powf(1.0), 0.0, [1.0]);
    assert_dual(var(0.0).powf(0.0), 1.0, [0.0]);
    assert_dual(var(f64::NAN).powf(0.0), 1.0, [0.0]);
    // A zero tangent stays zero through the infinite slope.
    assert_dual(
        D2::new(0.0, [1.0, 0.0]).powf(0.5),
        0.0,
        [f64::INFINITY, 0.0],
    );
}

#[test]
fn float_powf_with_a_constant_dual_exponent_at_zero() {
    assert_dual(Float::powf(var(0.0), D1::constant(2.0)), 0.0, [0.0]);
    assert_dual(
        Float::powf(var(0.0), D1::constant(0.5)),
        0.0,
        [f64::INFINITY],
    );
    assert_dual(Float::powf(var(0.0), D1::constant(0.0)), 1.0, [0.0]);
    // A negative base with a constant integer exponent stays exact (no ln of a negative).
    assert_dual(Float::powf(var(-2.0), D1::constant(3.0)), -8.0, [12.0]);
}

#[test]
fn pow_with_a_dual_exponent_at_zero_base() {
    // d(aᵇ) = b aᵇ⁻¹ da + aᵇ ln a db. At a = 0, b = 2: both terms are 0 (aᵇ ln a → 0).
    let [a, b] = D2::variables([0.0, 2.0]);
    assert_dual(a.pow(b), 0.0, [0.0, 0.0]);
    assert_dual(Float::powf(a, b), 0.0, [0.0, 0.0]);
    // b = 0.5: slope in a is +∞ (as sqrt), in b still 0.
    let [a, b] = D2::variables([0.0, 0.5]);
    assert_dual(a.pow(b), 0.0, [f64::INFINITY, 0.0]);
    // A constant base 0 with a varying exponent b > 0: the tangent is 0, not 0 · (-∞).
    let b = D2::variable(3.0, 1);
    assert_dual(D2::constant(0.0).pow(b), 0.0, [0.0, 0.0]);
    // b = 0: 0⁰ = 1; in a the slope is 0 (a⁰ is constant), in b it is ln 0 = -∞.
    let [a, b] = D2::variables([0.0, 0.0]);
    assert_dual(a.pow(b), 1.0, [0.0, f64::NEG_INFINITY]);
    // A negative base with a varying exponent has no real derivative in b: NaN.
    let [a, b] = D2::variables([-2.0, 3.0]);
    let y = a.pow(b);
    assert_eq!((y.re, y.eps[0]), (-8.0, 12.0));
    assert!(y.eps[1].is_nan());
}

#[test]
fn powi_zero_is_the_constant_one() {
    for x in [0.0, -0.0, 2.0, f64::INFINITY, f64::NAN] {
        assert_dual(var(x).powi(0), 1.0, [0.0]);
        assert_dual(Float::powi(var(x), 0), 1.0, [0.0]);
    }
    // x⁻¹ at 0: value +∞, slope -1/x² = -∞; x¹ at 0: slope 1.
    assert_dual(var(0.0).powi(-1), f64::INFINITY, [f64::NEG_INFINITY]);
    assert_dual(var(0.0).powi(1), 0.0, [1.0]);
    assert_dual(var(0.0).powi(2), 0.0, [0.0]);
}

// ----- the machine-learning functions' tails ----------------------------------------------

#[test]
fn sigmoid_tails_keep_relative_accuracy() {
    // Far left: σ(-800) = e⁻⁸⁰⁰ underflows to 0 (not NaN, not 1/∞ = NaN · 0).
    assert_dual(var(-800.0).sigmoid(), 0.0, [0.0]);
    assert_dual(var(800.0).sigmoid(), 1.0, [0.0]);
    // At 40, σ' = e⁻⁴⁰/(1 + e⁻⁴⁰)² = e⁻⁴⁰ (1 - 2e⁻⁴⁰ + ...): e⁻⁴⁰ to 1e-12 relative,
    // where 1 - σ(40) computed by subtraction would round to 0.
    let y = var(40.0).sigmoid();
    assert_eq!(y.re, 1.0);
    assert_rel(y.eps[0], (-40.0f64).exp(), 1e-12);
    let y = var(-40.0).sigmoid();
    assert_rel(y.re, (-40.0f64).exp(), 1e-12);
    assert_rel(y.eps[0], (-40.0f64).exp(), 1e-12);
    // The middle: σ(0) = 1/2, σ'(0) = 1/4.
    assert_dual(var(0.0).sigmoid(), 0.5, [0.25]);
}

#[test]
fn softplus_for_large_arguments() {
    // softplus(x) = ln(1 + eˣ): x for large x (slope σ(x) = 1), eˣ for very negative x.
    assert_dual(var(800.0).softplus(), 800.0, [1.0]);
    assert_dual(var(-800.0).softplus(), 0.0, [0.0]);
    assert_dual(var(1e308).softplus(), 1e308, [1.0]);
    let y = var(-40.0).softplus();
    assert_rel(y.re, (-40.0f64).exp(), 1e-12);
    assert_rel(y.eps[0], (-40.0f64).exp(), 1e-12);
    // softplus(0) = ln 2, slope σ(0) = 1/2.
    assert_dual(var(0.0).softplus(), core::f64::consts::LN_2, [0.5]);
}

// ----- nested duals follow the same conventions at every level ---------------------------

type Nested = Dual<Dual<f64, 1>, 1>;

/// `x` seeded in both the inner and the outer tangent (as `hessian` seeds it).
fn nested(x: f64) -> Nested {
    Dual::new(Dual::variable(x, 0), [Dual::constant(1.0)])
}

#[test]
fn nested_duals_give_the_same_first_derivative_at_both_levels() {
    // (function, its slope at 0 by the crate's conventions)
    type Case = (&'static str, fn(Nested) -> Nested, f64);
    let cases: [Case; 5] = [
        ("sigmoid", |x| x.sigmoid(), 0.25),
        ("softplus", |x| x.softplus(), 0.5),
        ("relu", |x| x.relu(), 0.5),
        ("abs", |x| x.abs(), 0.0),
        (
            "max(x, 0)",
            |x| x.max(Nested::constant(Dual::constant(0.0))),
            0.5,
        ),
    ];
    for (name, f, slope) in cases {
        let y = f(nested(0.0));
        assert_eq!(y.re.eps[0], slope, "{name}: inner tangent");
        assert_eq!(y.eps[0].re, slope, "{name}: outer tangent");
    }
    // The hessian helper reads the gradient from the inner tangent.
    let (v, g, h) = hessian(|x: &Vector1<Nested>| x[0].sigmoid(), &Vector1::new(0.0));
    assert_eq!((v, g[0], h[(0, 0)]), (0.5, 0.25, 0.0));
}

#[test]
fn nested_max_is_order_independent_at_every_level() {
    // x and y tie in value at both levels but have different tangents.
    let x = Nested::new(Dual::new(1.0, [2.0]), [Dual::new(3.0, [4.0])]);
    let y = Nested::new(Dual::new(1.0, [6.0]), [Dual::new(5.0, [8.0])]);
    for m in [x.max(y), y.max(x), x.min(y), y.min(x)] {
        assert!(m.re.identical(&Dual::new(1.0, [4.0])), "{m:?}");
        assert!(m.eps[0].identical(&Dual::new(4.0, [6.0])), "{m:?}");
    }
}

// ----- conversions, comparisons, printing ------------------------------------------------

#[test]
fn to_f64_keeps_the_fraction() {
    let x = D1::new(1.75, [3.0]);
    assert_eq!(x.to_f64(), Some(1.75));
    assert_eq!(x.to_f32(), Some(1.75));
    assert_eq!(<f64 as NumCast>::from(x), Some(1.75));
    assert_eq!(D1::new(-2.5, [1.0]).to_f64(), Some(-2.5));
    // Integer conversions truncate, as for f64.
    assert_eq!(x.to_i64(), Some(1));
    assert_eq!(D1::new(f64::NAN, [0.0]).to_i64(), None);
}

#[test]
fn is_zero_agrees_with_eq() {
    let zero = D1::zero();
    for x in [
        D1::new(0.0, [5.0]),
        D1::new(-0.0, [0.0]),
        D1::new(f64::from_bits(1), [0.0]),
        D1::new(1.0, [0.0]),
        D1::new(f64::NAN, [0.0]),
    ] {
        assert_eq!(x.is_zero(), x == zero, "{x:?}");
    }
    // == compares values only; identical compares the tangents too.
    assert!(D1::new(0.0, [5.0]) == zero);
    assert!(!D1::new(0.0, [5.0]).identical(&zero));
    assert!(D1::new(1.0, [9.0]) < D1::new(2.0, [-9.0]));
}

#[test]
fn display_format() {
    assert_eq!(format!("{}", D2::new(1.5, [2.0, 3.0])), "1.5 + [2, 3]ε");
    assert_eq!(
        format!("{:.2}", D2::new(1.5, [2.0, 3.0])),
        "1.50 + [2.00, 3.00]ε"
    );
    assert_eq!(format!("{}", Dual::<f64, 0>::constant(-1.0)), "-1 + []ε");
    assert_eq!(
        format!("{}", D1::new(f64::NAN, [f64::INFINITY])),
        "NaN + [inf]ε"
    );
}

#[test]
#[should_panic(
    expected = "Dual::variable: index 2 is out of range for a dual with 2 tangent components"
)]
fn variable_out_of_range_panics_with_a_clear_message() {
    let _ = D2::variable(1.0, 2);
}

// ----- the % rule ----------------------------------------------------------------------

#[test]
fn remainder_rule() {
    // a % b = a - b trunc(a/b); d = da - db trunc(a/b).
    let [a, b] = D2::variables([7.5, 2.0]); // trunc(3.75) = 3
    assert_dual(a % b, 1.5, [1.0, -3.0]);
    let [a, b] = D2::variables([-7.5, 2.0]); // trunc(-3.75) = -3
    assert_dual(a % b, -1.5, [1.0, 3.0]);
    let [a, b] = D2::variables([7.5, -2.0]); // trunc(-3.75) = -3
    assert_dual(a % b, 1.5, [1.0, 3.0]);
    // 0.1 is stored slightly above 1/10, so 1 % 0.1 = 1 - 9 · 0.1 (≈ 0.0999...), although
    // 1 / 0.1 rounds to 10: the tangent wrt b is -9.
    let [a, b] = D2::variables([1.0, 0.1]);
    let r = a % b;
    assert_eq!(r.re, 1.0 % 0.1);
    assert_eq!(r.eps, [1.0, -9.0]);
    // With a plain float on either side.
    assert_dual(var(7.5) % 2.0, 1.5, [1.0]);
    assert_dual(7.5 % var(2.0), 1.5, [-3.0]);
    assert_dual(1.0 % var(0.1), 1.0 % 0.1, [-9.0]);
    let mut x = var(7.5);
    x %= var(2.0); // the same variable: d = 1 - 3
    assert_dual(x, 1.5, [-2.0]);
}

// ----- operators with a plain float, assignment forms, Sum and Product -------------------

#[test]
fn a_float_on_the_left_of_a_dual() {
    let x = D1::new(4.0, [2.0]); // x = 4, dx = 2
    assert_dual(3.0 + x, 7.0, [2.0]);
    assert_dual(3.0 - x, -1.0, [-2.0]);
    assert_dual(3.0 * x, 12.0, [6.0]);
    assert_dual(3.0 / x, 0.75, [-3.0 / 16.0 * 2.0]); // d(c/x) = -c dx/x²
    assert_dual(9.0 % x, 1.0, [-2.0 * 2.0]); // 9 - 4 · 2, d = -dx · 2
    // The same with f32.
    let y = Dual::<f32, 1>::new(4.0, [2.0]);
    let r = (3.0f32 + y, 3.0f32 - y, 3.0f32 * y, 3.0f32 / y, 9.0f32 % y);
    assert_eq!((r.0.re, r.0.eps), (7.0, [2.0]));
    assert_eq!((r.1.re, r.1.eps), (-1.0, [-2.0]));
    assert_eq!((r.2.re, r.2.eps), (12.0, [6.0]));
    assert_eq!((r.3.re, r.3.eps), (0.75, [-0.375]));
    assert_eq!((r.4.re, r.4.eps), (1.0, [-4.0]));
}

#[test]
fn a_float_on_the_right_of_a_dual() {
    let x = D1::new(4.0, [2.0]);
    assert_dual(x + 3.0, 7.0, [2.0]);
    assert_dual(x - 3.0, 1.0, [2.0]);
    assert_dual(x * 3.0, 12.0, [6.0]);
    assert_dual(x / 2.0, 2.0, [1.0]);
    assert_dual(x % 3.0, 1.0, [2.0]);
    assert_dual(-x, -4.0, [-2.0]);
}

#[test]
fn dual_with_dual_operators() {
    // a = 3 + 1ε₀, b = 2 + 1ε₁.
    let [a, b] = D2::variables([3.0, 2.0]);
    assert_dual(a + b, 5.0, [1.0, 1.0]);
    assert_dual(a - b, 1.0, [1.0, -1.0]);
    assert_dual(a * b, 6.0, [2.0, 3.0]);
    assert_dual(a / b, 1.5, [0.5, -0.75]); // (1/b, -a/b²)
}

#[test]
fn every_assign_form() {
    let [a, b] = D2::variables([3.0, 2.0]);
    type Assign = fn(&mut D2, D2);
    let ops: [(Assign, D2); 5] = [
        (|x, y| *x += y, a + b),
        (|x, y| *x -= y, a - b),
        (|x, y| *x *= y, a * b),
        (|x, y| *x /= y, a / b),
        (|x, y| *x %= y, a % b),
    ];
    let expected = [
        (5.0, [1.0, 1.0]),
        (1.0, [1.0, -1.0]),
        (6.0, [2.0, 3.0]),
        (1.5, [0.5, -0.75]),
        (1.0, [1.0, -1.0]), // 3 - 2 · 1
    ];
    for ((op, binary), (re, eps)) in ops.into_iter().zip(expected) {
        let mut x = a;
        op(&mut x, b);
        assert_dual(x, re, eps);
        assert!(x.identical(&binary));
    }
    // With a plain float on the right.
    let mut x = D1::new(4.0, [2.0]);
    x += 1.0;
    assert_dual(x, 5.0, [2.0]);
    x -= 2.0;
    assert_dual(x, 3.0, [2.0]);
    x *= 4.0;
    assert_dual(x, 12.0, [8.0]);
    x /= 8.0;
    assert_dual(x, 1.5, [1.0]);
    x %= 1.0;
    assert_dual(x, 0.5, [1.0]);
}

#[test]
fn sum_and_product() {
    let xs = D2::variables([2.0, 3.0]);
    let extra = D2::new(4.0, [1.0, 1.0]);
    let all = [xs[0], xs[1], extra];
    // Sum: values and tangents add.
    assert_dual(all.iter().sum(), 9.0, [2.0, 2.0]);
    assert_dual(all.into_iter().sum(), 9.0, [2.0, 2.0]);
    // Product x y z with z = 4 + ε₀ + ε₁: ∂/∂x = yz + xy, ∂/∂y = xz + xy.
    assert_dual(all.iter().product(), 24.0, [12.0 + 6.0, 8.0 + 6.0]);
    assert_dual(all.into_iter().product(), 24.0, [18.0, 14.0]);
    // Empty: 0 and 1, constants.
    let none: [D2; 0] = [];
    assert_dual(none.iter().sum(), 0.0, [0.0, 0.0]);
    assert_dual(none.iter().product(), 1.0, [0.0, 0.0]);
}

/// tanh's slope in the tails: 1/cosh² x (an independent formula, accurate to a few ulps
/// where cosh does not overflow) to 1e-14 relative, where 1 - tanh² would lose every
/// digit from |x| ≈ 19 on; and both formulas agree across the switch at |x| = 1.
#[test]
fn tanh_slope_keeps_relative_accuracy_in_the_tails() {
    for x in [
        1.0, 1.0000001, 1.5, 3.0, 10.0, 19.5, 25.0, 300.0, -1.5, -10.0, -25.0,
    ] {
        let y = Dual::<f64, 1>::variable(x, 0).tanh();
        let expected = 1.0 / x.cosh().powi(2);
        assert_eq!(y.re, x.tanh());
        assert!(
            (y.eps[0] - expected).abs() <= 1e-14 * expected,
            "tanh'({x}) = {} vs 1/cosh^2 = {expected}",
            y.eps[0]
        );
    }
    let below = Dual::<f64, 1>::variable(1.0, 0).tanh().eps[0];
    let above = Dual::<f64, 1>::variable(1.0 + 1e-15, 0).tanh().eps[0];
    assert!((below - above).abs() < 1e-14);
    let at_infinity = Dual::<f64, 1>::variable(f64::INFINITY, 0).tanh();
    assert_eq!((at_infinity.re, at_infinity.eps[0]), (1.0, 0.0));
}

// ----- docs/conventions.md: the kink table, row by row (from review_docs.rs) -------------
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
/// at ±0; `asin`, `acos` at ±1; `acosh` at 1; `atanh` at ±1. Values are `f64`'s. The
/// second (zero) tangent component stays exactly zero where the value is finite (the
/// guard's rule); where the value is infinite (the logarithms at 0, `atanh` at ±1) it is
/// `0 / 0` or `0 · ∞`: NaN.
#[test]
fn conventions_table_infinite_slopes() {
    let (inf, nan) = (f64::INFINITY, f64::NAN);
    // (row, x, slope, zero component)
    let rows: [(Id, f64, f64, f64); 13] = [
        (Id::sqrt, 0.0, inf, 0.0),
        (Id::sqrt, -0.0, inf, 0.0),
        (Id::cbrt, 0.0, inf, 0.0),
        (Id::cbrt, -0.0, inf, 0.0),
        (Id::ln, -0.0, inf, nan),
        (Id::log2, -0.0, inf, nan),
        (Id::log10, -0.0, inf, nan),
        (Id::asin, 1.0, inf, 0.0),
        (Id::asin, -1.0, inf, 0.0),
        (Id::acos, 1.0, -inf, 0.0),
        (Id::acos, -1.0, -inf, 0.0),
        (Id::acosh, 1.0, inf, 0.0),
        (Id::atanh, 1.0, inf, nan),
    ];
    for (id, x, slope, zero_component) in rows {
        let row = unary_row::<f64, 2>(id);
        check(
            row.name,
            (row.inherent)(D2::new(x, [1.0, 0.0])),
            (row.f64)(x),
            [slope, zero_component],
        );
    }
    // log with a plain base: the binary row's inherent call (plain second argument)
    let log = binary_row::<f64, 2>(Id2::log);
    check(
        "log(3)",
        (log.inherent)(D2::new(-0.0, [1.0, 0.0]), D2::constant(3.0)),
        (log.f64)(-0.0, 3.0),
        [inf, nan],
    );
    check(
        "atanh(-1)",
        D2::new(-1.0, [1.0, 0.0]).atanh(),
        f64::NEG_INFINITY,
        [inf, nan],
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
    for x in short_f64() {
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

/// "it is the same answer however the function is written (`abs(x)` and `max(x, -x)` agree;
/// so do `relu(x)` and `max(x, 0)`)": the tangents agree everywhere (values as numbers),
/// except at NaN, where `max` ignores the NaN argument and `abs`, `relu` return NaN, as the
/// NaN section states.
#[test]
fn abs_is_max_x_minus_x_and_relu_is_max_x_zero() {
    for x0 in short_f64().into_iter().filter(|x| !x.is_nan()) {
        let x = D1::new(x0, [1.0]);
        let (a, m) = (x.abs(), x.max(-x));
        assert!(
            same_up_to_zero_sign(a.re, m.re) && same_up_to_zero_sign(a.eps[0], m.eps[0]),
            "abs({x0}): {a:?} vs {m:?}"
        );
        let (r, m) = (x.relu(), x.max(D1::constant(0.0)));
        assert!(
            same_up_to_zero_sign(r.re, m.re) && same_up_to_zero_sign(r.eps[0], m.eps[0]),
            "relu({x0}): {r:?} vs {m:?}"
        );
    }
}

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
/// elementary function, whatever its value": every function of one or two arguments of the
/// typed table (the inherent and trait paths, and every path of the two- and
/// three-argument ones), the methods only nalgebra's traits have, and `powi`,
/// `powf`, `log` with fixed exponents and bases, on every special value, keep a zero
/// tangent exactly zero. The arithmetic and `mul_add` do too while every value is finite;
/// beyond, a component is 0 or NaN (`0 · ∞`), never anything else (the NaN section: "once
/// a value is infinite, the arithmetic rules follow IEEE"). (From review_docs.rs.)
/// A two-argument function of `D2`, a path or a three-argument path with its arguments
/// arranged.
type Bin = Box<dyn Fn(D2, D2) -> D2>;

#[test]
fn a_constant_stays_a_constant_through_every_function() {
    type Un = (&'static str, fn(D2) -> D2);
    // fixed exponents and bases of the documentation's examples
    let fixed: Vec<Un> = vec![
        ("log(0.5)", |x| x.log(0.5)),
        ("powi(-3)", |x| x.powi(-3)),
        ("powi(i32::MIN)", |x| x.powi(i32::MIN)),
        ("powf(0.5)", |x| x.powf(0.5)),
        ("powf(-1.5)", |x| x.powf(-1.5)),
    ];
    // (name, call, a product or quotient of duals)
    let mut unary: Vec<(String, Fn1<f64, 2>, bool)> = Vec::new();
    // (not the `Float` paths: for `inv`, generic `Float` code writes the quotient `1 / x`)
    for row in unary_table::<f64, 2>() {
        for (path, f) in [
            Some(("", row.inherent)),
            row.complex.map(|f| ("ComplexField::", f)),
        ]
        .into_iter()
        .flatten()
        {
            unary.push((format!("{path}{}", row.name), f, false));
        }
    }
    for row in trait_only::<f64, 2>() {
        unary.push((row.name.to_string(), row.call, row.arithmetic));
    }
    for (name, f) in fixed {
        unary.push((name.to_string(), f, false));
    }
    let mut binary: Vec<(String, Bin, bool)> = Vec::new();
    for row in binary_table::<f64, 2>() {
        for (path, f) in [Some(("", row.inherent)), row.float.map(|f| ("Float::", f))]
            .into_iter()
            .chain([row.complex.map(|f| ("ComplexField::", f))])
            .flatten()
        {
            binary.push((format!("{path}{}", row.name), Box::new(f), row.arithmetic));
        }
    }
    for row in trait_only2::<f64, 2>() {
        binary.push((row.name.to_string(), Box::new(row.call), true));
    }
    // three arguments, as (a, b, b), (a, b, 1), (1, a, b), (a, a, b)
    for row in ternary::<f64, 2>() {
        let paths = [Some(row.inherent), row.float, row.complex, row.other]
            .into_iter()
            .flatten()
            .chain(row.own_path.map(|p| p.call));
        for f in paths {
            let one = D2::constant(1.0);
            let arrangements: [(&str, Bin); 4] = [
                ("(a, b, b)", Box::new(move |a, b| f(a, b, b))),
                ("(a, b, 1)", Box::new(move |a, b| f(a, b, one))),
                ("(1, a, b)", Box::new(move |a, b| f(one, a, b))),
                ("(a, a, b)", Box::new(move |a, b| f(a, a, b))),
            ];
            for (args, g) in arrangements {
                binary.push((format!("{}{args}", row.name), g, row.arithmetic));
            }
        }
    }
    let mut bad = Vec::new();
    for a in short_f64() {
        for (name, f, arithmetic) in &unary {
            let y = f(D2::constant(a));
            // protected wherever the value is finite; products also need finite inputs
            let protected = y.re.is_finite() && (!arithmetic || a.is_finite());
            if protected && !y.has_zero_tangent() || y.eps.iter().any(|&e| e != 0.0 && !e.is_nan())
            {
                bad.push(format!("{name}({a:e}) = {y:?}"));
            }
        }
        for b in short_f64() {
            for (name, f, arithmetic) in &binary {
                let y = f(D2::constant(a), D2::constant(b));
                let protected =
                    y.re.is_finite() && (!arithmetic || (a.is_finite() && b.is_finite()));
                if protected && !y.has_zero_tangent()
                    || y.eps.iter().any(|&e| e != 0.0 && !e.is_nan())
                {
                    bad.push(format!("{name}({a:e}, {b:e}) = {y:?}"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{} cases:\n{}", bad.len(), bad.join("\n"));
}

/// dual.rs `identical`: "NaN components are unequal, as for floats"; `is_exact_zero`: "the
/// value and every tangent component are zero" (`-0` is zero, as `-0 == 0`);
/// `has_zero_tangent`: "the tangent is zero in every component". (From review_docs.rs.)
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

// ----- through nalgebra's traits (from review_linalg.rs) ----------------------------------

/// Special points where the slope is infinite or a kink, through `ComplexField`: the
/// documented limits, the zero component staying zero; `try_sqrt` is `Some` exactly when
/// `f64`'s is. (From review_linalg.rs.)
#[test]
fn unary_methods_at_their_special_points() {
    let t = |f: fn(D2) -> D2, x: f64| f(D2::new(x, [1.0, 0.0]));
    // (row, x, slope), through the row's ComplexField path
    let cases: [(Id, f64, f64); 14] = [
        (Id::sqrt, 0.0, f64::INFINITY),
        (Id::sqrt, -0.0, f64::INFINITY),
        (Id::cbrt, 0.0, f64::INFINITY),
        (Id::ln, 0.0, f64::INFINITY),
        (Id::ln, -0.0, f64::INFINITY),
        (Id::log10, 0.0, f64::INFINITY),
        (Id::asin, 1.0, f64::INFINITY),
        (Id::asin, -1.0, f64::INFINITY),
        (Id::acos, 1.0, -f64::INFINITY),
        (Id::acosh, 1.0, f64::INFINITY),
        (Id::atanh, 1.0, f64::INFINITY),
        (Id::ln_1p, -1.0, f64::INFINITY),
        (Id::abs, 0.0, 0.0),
        (Id::abs, -0.0, 0.0),
    ];
    for (id, x, slope) in cases {
        let f = unary_row::<f64, 2>(id)
            .complex
            .expect("a ComplexField path");
        let y = t(f, x);
        assert_eq!(y.eps[0], slope, "{id:?}({x}) slope");
        // zero where the value is finite (the guard's rule), NaN where it is not
        if y.re.is_finite() {
            assert_eq!(y.eps[1], 0.0, "{id:?}({x}) zero component");
        } else {
            assert!(y.eps[1].is_nan(), "{id:?}({x}) zero component {}", y.eps[1]);
        }
    }
    // try_sqrt: Some exactly when f64's is, with the value of f64's
    for &x in &TRAIT_POINTS {
        let d = nalgebra::ComplexField::try_sqrt(D2::new(x, [1.0, 0.0]));
        let f = nalgebra::ComplexField::try_sqrt(x);
        match (d, f) {
            (Some(d), Some(f)) => {
                assert!(same(d.re, f), "try_sqrt({x:e})");
                if x > 0.0 && x.is_finite() && x < 1e300 {
                    assert!(near(d.eps[0], 0.5 / f, LAST_BITS), "try_sqrt({x:e}) slope");
                }
                assert_eq!(d.eps[1], 0.0);
            }
            (None, None) => {}
            (d, f) => panic!("try_sqrt({x:e}): dual {d:?} vs f64 {f:?}"),
        }
    }
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
    assert!(a.relative_eq(&b, d2_from(0.0), d2_from(1e-9)));
    assert!(!a.relative_eq(&c, d2_from(0.0), d2_from(1e-9)));
    assert!(a.ulps_eq(
        &D2::new(f64::from_bits(1f64.to_bits() + 3), [9.0; 2]),
        d2_from(0.0),
        3
    ));
    // same answers as the f64 implementations on a grid, NaN and infinities included
    for &x in &TRAIT_POINTS {
        for &y in &TRAIT_POINTS {
            let (dx, dy) = (D2::new(x, [1.0, 2.0]), D2::new(y, [-5.0, 0.0]));
            assert_eq!(
                dx.abs_diff_eq(&dy, d2_from(1e-9)),
                x.abs_diff_eq(&y, 1e-9),
                "abs_diff_eq({x}, {y})"
            );
            assert_eq!(
                dx.relative_eq(&dy, d2_from(1e-12), d2_from(1e-6)),
                x.relative_eq(&y, 1e-12, 1e-6),
                "relative_eq({x}, {y})"
            );
            assert_eq!(
                dx.ulps_eq(&dy, d2_from(1e-300), 4),
                x.ulps_eq(&y, 1e-300, 4),
                "ulps_eq({x}, {y})"
            );
        }
    }
    // matrices of duals: element-wise on the values
    let m1 = Matrix2::new(a, d2_from(2.0), d2_from(3.0), D2::new(4.0, [1.0, 1.0]));
    let m2 = Matrix2::new(b, d2_from(2.0), D2::new(3.0, [7.0, 7.0]), d2_from(4.0));
    assert!(approx::relative_eq!(m1, m2, epsilon = d2_from(1e-9)));
    assert!(approx::abs_diff_eq!(m1, m2, epsilon = d2_from(1e-9)));
    let m3 = m2.map(|v| v * d2_from(1.001));
    assert!(!approx::relative_eq!(m1, m3, epsilon = d2_from(1e-9)));
}

/// A quotient whose divisor is subnormal: `1/b` overflows although `a/b` and the true
/// partials are finite. docs/conventions.md: "a slope that overflows is ±∞, and the guard
/// above keeps zero components zero"; the quotient rule in `ops.rs` (`Div`) multiplies
/// every component by the overflowed `1/b` without that guard, so `0 · ∞ = NaN` appears in
/// components that do not move, at a finite value. Seen here through `unscale` and `sinc`.
#[test]
fn division_by_a_subnormal_keeps_unrelated_components_zero() {
    // ∂(a/b)/∂z = 0 for an unrelated input z; value 1e-300 / 1e-310 = 1e10
    let q = nalgebra::ComplexField::unscale(D2::new(1e-300, [1.0, 0.0]), D2::constant(1e-310));
    assert!(q.re.is_finite());
    assert_eq!(q.eps[1], 0.0, "unrelated component of a / b");
    // ∂(0/b)/∂b = -0/b² = 0
    let q = nalgebra::ComplexField::unscale(D2::constant(0.0), D2::new(1e-310, [0.0, 1.0]));
    assert_eq!(q.re, 0.0);
    assert_eq!(q.eps[1], 0.0, "∂(0/b)/∂b");
    // sinc'(x) = (x cos x - sin x)/x² ≈ -x/3 → 0 at the smallest subnormal
    let s = nalgebra::ComplexField::sinc(D2::new(5e-324, [1.0, 0.0]));
    assert_eq!(s.re, 1.0);
    assert!(s.eps[0].abs() < 1e-300, "sinc'(5e-324) = {}", s.eps[0]);
    assert_eq!(s.eps[1], 0.0, "sinc: unrelated component");
}

/// `to_exp`: modulus · unit = x, tangent included, on both sides of 0 and at ±0; the unit
/// part is a constant ±1 (Householder reflections in nalgebra's QR rely on it). (From the
/// unit tests of the old src/linalg.rs.)
#[test]
fn to_exp_reconstructs_the_number_with_its_tangent() {
    for x in METHOD_POINTS {
        let d = D1::new(x, [1.5]);
        let (m, u) = nalgebra::ComplexField::to_exp(d);
        assert!(u.has_zero_tangent() && (u.re == 1.0 || u.re == -1.0));
        // m · u with a constant u, written out (a dual product would compute 0 · ∞ for
        // u's zero tangent at x = ±∞)
        let back = D1::new(m.re * u.re, [m.eps[0] * u.re]);
        if x.is_nan() {
            assert!(back.re.is_nan());
        } else {
            assert!(back.identical(&d), "to_exp({x}): {back} vs {d}");
            assert!(m.re >= 0.0, "to_exp({x}): the modulus is not negative");
        }
    }
}

/// The approx traits compare values only, tangents ignored; the defaults are `f64`'s; NaN
/// equals nothing. (From the unit tests of the old src/linalg.rs.)
#[test]
fn approx_compares_values_only() {
    let a = D1::new(1.0, [5.0]);
    let b = D1::new(1.0 + 1e-9, [-7.0]);
    let eps = d1_from(1e-6);
    assert!(a.abs_diff_eq(&b, eps));
    assert!(!a.abs_diff_eq(&d1_from(1.1), eps));
    assert!(a.relative_eq(&b, eps, d1_from(1e-6)));
    assert!(!a.relative_eq(&d1_from(2.0), eps, d1_from(1e-6)));
    let next = D1::new(f64::from_bits(1.0_f64.to_bits() + 1), [9.0]);
    let two_away = D1::new(f64::from_bits(1.0_f64.to_bits() + 2), [-9.0]);
    assert!(a.ulps_eq(&next, d1_from(0.0), 1));
    assert!(!a.ulps_eq(&two_away, d1_from(0.0), 1));
    assert!(a.ulps_eq(&two_away, d1_from(0.0), 2));
    assert_eq!(D1::default_max_ulps(), f64::default_max_ulps());
    assert!(D1::default_epsilon().identical(&D1::constant(f64::EPSILON)));
    assert!(D1::default_max_relative().identical(&D1::constant(f64::EPSILON)));
    // NaN equals nothing
    assert!(!d1_from(f64::NAN).abs_diff_eq(&d1_from(f64::NAN), eps));
}

/// `From<f64>` of the duals (named, since `NumCast::from` is in scope too).
fn d2_from(x: f64) -> D2 {
    <D2 as From<f64>>::from(x)
}

fn d1_from(x: f64) -> D1 {
    <D1 as From<f64>>::from(x)
}
