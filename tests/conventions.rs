//! Every convention of the crate pinned at its edge: kinks (the midpoint of the one-sided
//! slopes), infinite slopes (a zero tangent stays zero), zero bases, rounding functions,
//! the machine-learning functions' tails, conversions, printing, the `%` rule, operators
//! with a plain float on either side, the `*Assign` forms, `Sum` and `Product`.
//! `docs/conventions.md` is the prose version of this file.
//!
//! Oracles: expected numbers worked out by hand from the stated convention or formula.

mod common;

use common::tolerance::{assert_rel, same_up_to_zero_sign};

use dualnum::{Dual, hessian};
use nalgebra::Vector1;
use num_traits::{Float, NumCast, ToPrimitive, Zero};

type D1 = Dual<f64, 1>;
type D2 = Dual<f64, 2>;

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
    for z in [0.0, -0.0] {
        let x = D2::new(z, [1.0, 0.0]);
        assert_dual(x.ln(), f64::NEG_INFINITY, [f64::INFINITY, 0.0]);
        assert_dual(x.log2(), f64::NEG_INFINITY, [f64::INFINITY, 0.0]);
        assert_dual(x.log10(), f64::NEG_INFINITY, [f64::INFINITY, 0.0]);
        assert_dual(x.log(10.0), f64::NEG_INFINITY, [f64::INFINITY, 0.0]);
        // log to a base below 1 decreases: slope -∞.
        assert_dual(x.log(0.5), f64::INFINITY, [f64::NEG_INFINITY, 0.0]);
        // The same through num-traits, with a constant dual base (as generic code writes
        // `x.log(T::from(10.0).unwrap())`).
        let ten = D2::constant(10.0);
        assert_dual(Float::log(x, ten), f64::NEG_INFINITY, [f64::INFINITY, 0.0]);
    }
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
