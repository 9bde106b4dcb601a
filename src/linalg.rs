//! nalgebra integration: `Dual<T, N>` is a `simba` [`RealField`] whenever `T` is (`f32`,
//! `f64`, or a dual of those, to any depth), so matrices of duals multiply, factor
//! (LU, QR, Cholesky, ...), solve, invert and exponentiate, and every result carries its
//! derivative.
//!
//! ```
//! use dualnum::Dual;
//! use nalgebra::Matrix2;
//!
//! // A(t) = [[t, 1], [2, t²]] at t = 3: det A = t³ - 2, d(det A)/dt = 3t² = 27.
//! let t = Dual::<f64, 1>::variable(3.0, 0);
//! let a = Matrix2::new(t, Dual::from(1.0), Dual::from(2.0), t * t);
//! let det = a.determinant();
//! assert_eq!((det.re, det.eps[0]), (25.0, 27.0));
//! ```
//!
//! # Every method is differentiated
//!
//! Each `ComplexField`/`RealField` method delegates to the inherent method of [`Dual`] that
//! carries its derivative formula (`sin`, `powf`, `atan2`, ...), so the kink conventions of
//! the crate (midpoint of the one-sided slopes) hold here too. For a real type the complex
//! parts are trivial: `real = conjugate = self`, `imaginary = 0`, `modulus = norm1 = abs`,
//! `argument` is 0 or π (a constant). None of them panics, for any value (NaN and infinities
//! included).
//!
//! # Comparisons look at the value
//!
//! `approx`'s [`AbsDiffEq`], [`RelativeEq`] and [`UlpsEq`] compare the values only (with
//! the value of the epsilon), as `==` and `is_zero` do: nalgebra's pivoting, rank and
//! singularity decisions are then exactly those of the value matrix. To compare tangents
//! too, compare them explicitly, e.g. `a.map(|x| x.eps[0])`.
//!
//! # Mixing plain and dual matrices
//!
//! nalgebra multiplies matrices with the same element type only, and the orphan rule
//! forbids this crate from adding `Matrix<f64> * Matrix<Dual>` or `Matrix<Dual> * f64`
//! (both the trait and `Matrix` are foreign). Lift the plain operand instead, as a
//! constant (zero tangent):
//!
//! ```
//! use dualnum::Dual;
//! use nalgebra::{Matrix2, Vector2};
//!
//! type D = Dual<f64, 1>;
//! let plain = Matrix2::new(1.0, 2.0, 3.0, 4.0);
//! let lifted = plain.map(D::constant); // or plain.cast::<D>(), or nalgebra::convert(plain)
//! assert_eq!(lifted, plain.cast::<D>());
//!
//! let x = Vector2::new(D::variable(0.5, 0), D::from(1.0));
//! let y = lifted * x; // d y / d x₀ = first column of `plain`
//! assert_eq!(y.map(|v| v.eps[0]), Vector2::new(1.0, 3.0));
//!
//! // Scaling by a plain scalar: lift it, or scale element-wise with `Dual * T`.
//! let z = y * D::from(2.0);
//! assert_eq!(z, y.map(|v| v * 2.0));
//! ```
//!
//! # Conversions from `f64`/`f32`
//!
//! `RealField` requires `SupersetOf<f64>` and `SupersetOf<f32>`: a plain float converts to
//! a dual constant, and a dual converts back to its value, dropping the tangent
//! (`is_in_subset` is always true, like `f64 -> f32`, which drops precision). nalgebra relies
//! on that: its matrix exponential converts dual norms to `f64` to choose a Padé degree
//! and `unwrap`s the result.

use approx::{AbsDiffEq, RelativeEq, UlpsEq};
use num_traits::{Float, One, Zero};
use simba::scalar::{ComplexField, Field, RealField, SubsetOf, SupersetOf};
use simba::simd::SimdValue;

use crate::{Dual, Real};

// ----- conversions ---------------------------------------------------------------------

/// A dual is a subset of itself (the identity conversion).
impl<T: Real, const N: usize> SubsetOf<Dual<T, N>> for Dual<T, N> {
    #[inline]
    fn to_superset(&self) -> Self {
        *self
    }

    #[inline]
    fn from_superset_unchecked(element: &Self) -> Self {
        *element
    }

    #[inline]
    fn is_in_subset(_: &Self) -> bool {
        true
    }
}

/// Plain floats embed in the duals over any `T` that contains them: `to_superset` is a
/// constant (zero tangent); `from_superset_unchecked` keeps the value (converted to the
/// float) and drops the tangent; `is_in_subset` is always true (see the module docs).
macro_rules! float_subset_of_dual {
    ($($f:ty),*) => {$(
        impl<T: Real + SupersetOf<$f>, const N: usize> SubsetOf<Dual<T, N>> for $f {
            #[inline]
            fn to_superset(&self) -> Dual<T, N> {
                Dual::constant(T::from_subset(self))
            }

            #[inline]
            fn from_superset_unchecked(element: &Dual<T, N>) -> $f {
                element.re.to_subset_unchecked()
            }

            #[inline]
            fn is_in_subset(_: &Dual<T, N>) -> bool {
                true
            }
        }
    )*};
}

float_subset_of_dual!(f32, f64);

// ----- SIMD value (a scalar: one lane) and field ----------------------------------------

/// A dual is a scalar for simba: one lane, itself as the element, `bool` as the mask.
/// The lane index is ignored, as for `f64`.
impl<T: Real, const N: usize> SimdValue for Dual<T, N> {
    const LANES: usize = 1;
    type Element = Self;
    type SimdBool = bool;

    #[inline(always)]
    fn splat(val: Self) -> Self {
        val
    }

    #[inline(always)]
    fn extract(&self, _: usize) -> Self {
        *self
    }

    // The trait declares this method `unsafe`; the body is safe (one lane, nothing to
    // index), so the declaration is the only unsafe thing here.
    #[allow(unsafe_code)]
    #[inline(always)]
    unsafe fn extract_unchecked(&self, _: usize) -> Self {
        *self
    }

    #[inline(always)]
    fn replace(&mut self, _: usize, val: Self) {
        *self = val;
    }

    // As for `extract_unchecked`: unsafe in the trait's signature only.
    #[allow(unsafe_code)]
    #[inline(always)]
    unsafe fn replace_unchecked(&mut self, _: usize, val: Self) {
        *self = val;
    }

    #[inline(always)]
    fn select(self, cond: bool, other: Self) -> Self {
        if cond { self } else { other }
    }
}

/// Duals form a field: `+ - * /` with their `*Assign` forms and negation (`ops.rs`).
impl<T: Real, const N: usize> Field for Dual<T, N> {}

// ----- approx: compare values ------------------------------------------------------------

/// Compares the values only (see the module docs); the epsilon's value is the tolerance.
impl<T: Real + AbsDiffEq<Epsilon = T>, const N: usize> AbsDiffEq for Dual<T, N> {
    type Epsilon = Self;

    /// The value type's default epsilon, as a constant.
    #[inline]
    fn default_epsilon() -> Self {
        Dual::constant(T::default_epsilon())
    }

    #[inline]
    fn abs_diff_eq(&self, other: &Self, epsilon: Self) -> bool {
        self.re.abs_diff_eq(&other.re, epsilon.re)
    }
}

/// Compares the values only (see the module docs).
impl<T: Real + RelativeEq<Epsilon = T>, const N: usize> RelativeEq for Dual<T, N> {
    /// The value type's default relative tolerance, as a constant.
    #[inline]
    fn default_max_relative() -> Self {
        Dual::constant(T::default_max_relative())
    }

    #[inline]
    fn relative_eq(&self, other: &Self, epsilon: Self, max_relative: Self) -> bool {
        self.re.relative_eq(&other.re, epsilon.re, max_relative.re)
    }
}

/// Compares the values only (see the module docs).
impl<T: Real + UlpsEq<Epsilon = T>, const N: usize> UlpsEq for Dual<T, N> {
    /// The value type's default number of units in the last place.
    #[inline]
    fn default_max_ulps() -> u32 {
        T::default_max_ulps()
    }

    #[inline]
    fn ulps_eq(&self, other: &Self, epsilon: Self, max_ulps: u32) -> bool {
        self.re.ulps_eq(&other.re, epsilon.re, max_ulps)
    }
}

// ----- ComplexField ----------------------------------------------------------------------

/// `ComplexField` methods that forward to the inherent method of the same name (where
/// the derivative is documented).
macro_rules! forward_unary {
    ($($name:ident),*) => {$(
        #[inline]
        fn $name(self) -> Self {
            Dual::$name(self)
        }
    )*};
}

/// A dual is a real field seen as a (trivially) complex one: `RealField = Self`.
///
/// Each method returns the value of the `f64` method and the tangent of its derivative;
/// see the module docs and the inherent methods of [`Dual`] for the formulas.
impl<T: Real + RealField, const N: usize> ComplexField for Dual<T, N> {
    type RealField = Self;

    forward_unary!(
        floor, ceil, round, trunc, fract, recip, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh,
        asinh, acosh, atanh, log2, log10, ln, ln_1p, sqrt, exp, exp2, exp_m1, cbrt, signum
    );

    /// The identity.
    #[inline]
    fn from_real(re: Self) -> Self {
        re
    }

    /// The identity.
    #[inline]
    fn real(self) -> Self {
        self
    }

    /// The constant 0.
    #[inline]
    fn imaginary(self) -> Self {
        Self::zero()
    }

    /// `|x|`, see [`Dual::abs`] (tangent 0 at ±0).
    #[inline]
    fn modulus(self) -> Self {
        Dual::abs(self)
    }

    /// `x²`, tangent `2x dx`.
    #[inline]
    fn modulus_squared(self) -> Self {
        self * self
    }

    /// 0 for `x ≥ 0`, π otherwise (NaN included, as for `f64`); piecewise constant, so the
    /// tangent is 0.
    #[inline]
    fn argument(self) -> Self {
        if self.re >= T::zero() {
            Self::zero()
        } else {
            Dual::constant(T::PI())
        }
    }

    /// `|x|`, see [`Dual::abs`].
    #[inline]
    fn norm1(self) -> Self {
        Dual::abs(self)
    }

    /// `x · factor`, with both tangents.
    #[inline]
    fn scale(self, factor: Self) -> Self {
        self * factor
    }

    /// `x / factor`, with both tangents.
    #[inline]
    fn unscale(self, factor: Self) -> Self {
        self / factor
    }

    /// `(|x|, argument)`: the modulus of [`ComplexField::modulus`] and the constant angle.
    #[inline]
    fn to_polar(self) -> (Self, Self) {
        (Dual::abs(self), ComplexField::argument(self))
    }

    /// `(x, 1)` for `x ≥ 0` and `(-x, -1)` otherwise, as for `f64`: the unit part is a
    /// constant and the product of the two parts is `x` exactly, tangent included. (So
    /// at `x = 0` the modulus part carries the tangent `dx`, the one-sided slope on the
    /// side of the sign chosen; the callers, such as Householder reflections, need
    /// `modulus · unit = x` to hold.)
    #[inline]
    fn to_exp(self) -> (Self, Self) {
        if self.re >= T::zero() {
            (self, Self::one())
        } else {
            (-self, -Self::one())
        }
    }

    #[inline]
    fn mul_add(self, a: Self, b: Self) -> Self {
        Dual::mul_add(self, a, b)
    }

    /// `|x|`, see [`Dual::abs`].
    #[inline]
    fn abs(self) -> Self {
        Dual::abs(self)
    }

    #[inline]
    fn hypot(self, other: Self) -> Self {
        Dual::hypot(self, other)
    }

    /// The identity.
    #[inline]
    fn conjugate(self) -> Self {
        self
    }

    #[inline]
    fn sin_cos(self) -> (Self, Self) {
        Dual::sin_cos(self)
    }

    /// `(sinh x, cosh x)`.
    #[inline]
    fn sinh_cosh(self) -> (Self, Self) {
        (Dual::sinh(self), Dual::cosh(self))
    }

    /// `log_base x = ln x / ln base`, with the tangents of both; a constant base takes
    /// [`Dual::log`] (value exactly `f64::log`).
    #[inline]
    fn log(self, base: Self) -> Self {
        if base.has_zero_tangent() {
            Dual::log(self, base.re)
        } else {
            Dual::ln(self) / Dual::ln(base)
        }
    }

    #[inline]
    fn powi(self, n: i32) -> Self {
        Dual::powi(self, n)
    }

    /// A dual exponent, see [`Dual::pow`].
    #[inline]
    fn powf(self, n: Self) -> Self {
        Dual::pow(self, n)
    }

    /// The same as `powf` for a real type, see [`Dual::pow`].
    #[inline]
    fn powc(self, n: Self) -> Self {
        Dual::pow(self, n)
    }

    /// True when the value is finite (as `num_traits::Float::is_finite`).
    #[inline]
    fn is_finite(&self) -> bool {
        Float::is_finite(self.re)
    }

    /// `Some(√x)` for `x ≥ 0` (see [`Dual::sqrt`]; slope `+∞` at 0), `None` below 0 and
    /// for NaN, as for `f64`.
    #[inline]
    fn try_sqrt(self) -> Option<Self> {
        if self.re >= T::zero() {
            Some(Dual::sqrt(self))
        } else {
            None
        }
    }
}

// ----- RealField -------------------------------------------------------------------------

/// `RealField` constants: duals with a zero tangent.
macro_rules! constants {
    ($($name:ident = $konst:ident),*) => {$(
        #[inline]
        fn $name() -> Self {
            Dual::constant(T::$konst())
        }
    )*};
}

/// Ordering, signs and constants look at or build the value; `max`, `min`, `clamp`,
/// `copysign` and `atan2` carry tangents as their inherent / `Float` counterparts do.
impl<T: Real + RealField, const N: usize> RealField for Dual<T, N> {
    constants!(
        pi = PI,
        two_pi = TAU,
        frac_pi_2 = FRAC_PI_2,
        frac_pi_3 = FRAC_PI_3,
        frac_pi_4 = FRAC_PI_4,
        frac_pi_6 = FRAC_PI_6,
        frac_pi_8 = FRAC_PI_8,
        frac_1_pi = FRAC_1_PI,
        frac_2_pi = FRAC_2_PI,
        frac_2_sqrt_pi = FRAC_2_SQRT_PI,
        e = E,
        log2_e = LOG2_E,
        log10_e = LOG10_E,
        ln_2 = LN_2,
        ln_10 = LN_10
    );

    /// The sign bit of the value.
    #[inline]
    fn is_sign_positive(&self) -> bool {
        Float::is_sign_positive(self.re)
    }

    /// The sign bit of the value.
    #[inline]
    fn is_sign_negative(&self) -> bool {
        Float::is_sign_negative(self.re)
    }

    /// `|x|` with the sign of `sign`; the tangent is `±dx` with the sign applied
    /// (see `num_traits::Float::copysign` for `Dual`).
    #[inline]
    fn copysign(self, sign: Self) -> Self {
        Float::copysign(self, sign)
    }

    /// See [`Dual::max`] (ties average the tangents, NaN is ignored).
    #[inline]
    fn max(self, other: Self) -> Self {
        Dual::max(self, other)
    }

    /// See [`Dual::min`].
    #[inline]
    fn min(self, other: Self) -> Self {
        Dual::min(self, other)
    }

    /// See [`Dual::clamp`] (never panics).
    #[inline]
    fn clamp(self, min: Self, max: Self) -> Self {
        Dual::clamp(self, min, max)
    }

    /// `atan2(self, other)` with `self = y`; see [`Dual::atan2`].
    #[inline]
    fn atan2(self, other: Self) -> Self {
        Dual::atan2(self, other)
    }

    /// The most negative finite value, as a constant.
    #[inline]
    fn min_value() -> Option<Self> {
        Some(Dual::constant(<T as Float>::min_value()))
    }

    /// The largest finite value, as a constant.
    #[inline]
    fn max_value() -> Option<Self> {
        Some(Dual::constant(<T as Float>::max_value()))
    }
}
