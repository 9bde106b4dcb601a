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
//! included), and each value is bit for bit the `f64` method's. Three details:
//!
//! - `to_exp` returns `(x, 1)` or `(-x, -1)` as for `f64`, so `modulus · unit = x` holds
//!   with the tangent, also at `x = ±0` (where the modulus part then has the slope of the
//!   branch chosen, not the midpoint rule of `abs`);
//! - `copysign(x, s)` is `±|x|`, so at `x = ±0` its slope in `x` is 0 (the midpoint rule of
//!   `abs`), and its slope in `s` is 0 (piecewise constant);
//! - `sinc`, `sinhc`, `cosc`, `coshc` are simba's definitions (1 at 0, even for `cosc`).
//!
//! # What is verified against matrix calculus
//!
//! `tests/linalg.rs` checks, against independent `f64` oracles: determinants (Jacobi's
//! formula; the explicit 2 x 2 / 3 x 3 formulas and LU), `try_inverse` (explicit and LU,
//! QR, full-pivot LU), `solve` with LU, QR, full-pivot LU, column-pivot QR and Cholesky,
//! the Cholesky factor itself, `exp` (every Padé branch and scaling and squaring),
//! products, transposes, norms, Kronecker products, symmetric eigenvalues and singular
//! values (iterative: the tangents converge with the values), second derivatives through
//! nested duals, and `Complex<Dual>` matrices. A matrix whose value is singular is
//! singular whatever its tangent.
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
//! A dual scalar multiplies any matrix, dual or plain, from either side for a plain one
//! (`t * P`, `P * t`, `t * M`, and nalgebra's own `M * t`), giving a dual matrix. That is
//! the natural way to write a matrix function such as `A(t) = A₀ + t A₁` with plain
//! `A₀`, `A₁`.
//!
//! Beyond that, nalgebra combines matrices with the same element type only, and the
//! orphan rule forbids this crate from adding `Matrix<f64> * Matrix<Dual>`,
//! `Matrix<Dual> + Matrix<f64>` or `Matrix<Dual> * f64` (the trait and `Matrix` are both
//! foreign, and `Matrix<Dual>` is not a local type). Lift the plain operand to constants
//! (zero tangent) with `p.map(Dual::constant)`, `p.cast::<Dual<f64, N>>()` or
//! `nalgebra::convert(p)`; scale by a plain number with a dual constant or element-wise:
//!
//! ```
//! use dualnum::Dual;
//! use nalgebra::{Matrix2, Vector2};
//!
//! type D = Dual<f64, 1>;
//! let a0 = Matrix2::new(1.0, 2.0, 3.0, 4.0);
//! let a1 = Matrix2::new(0.0, 1.0, -1.0, 0.0);
//! let t = D::variable(0.5, 0);
//! let a = a0.cast::<D>() + t * a1; // A(t) = A₀ + t A₁, A' = A₁
//! assert_eq!(a.map(|x| x.eps[0]), a1);
//! assert_eq!(a0.map(D::constant), a0.cast::<D>());
//!
//! let x = Vector2::new(D::variable(0.5, 0), D::from(1.0));
//! let y = a0.cast::<D>() * x; // d y / d x₀ = first column of A₀
//! assert_eq!(y.map(|v| v.eps[0]), Vector2::new(1.0, 3.0));
//!
//! // `y * 2.0` does not compile; these do, all with tangent 2 y':
//! let z = y * D::from(2.0);
//! assert_eq!(z, y.map(|v| v * 2.0));
//! assert_eq!(z, D::from(2.0) * y);
//! ```
//!
//! # Conversions from `f64`/`f32`
//!
//! `RealField` requires `SupersetOf<f64>` and `SupersetOf<f32>`: a plain float converts to
//! a dual constant, and a dual converts back to its value, dropping the tangent
//! (`is_in_subset` is always true, like `f64 -> f32`, which drops precision). nalgebra relies
//! on that: its matrix exponential converts dual norms to `f64` to choose a Padé degree
//! and `unwrap`s the result.

use core::ops::Mul;

use approx::{AbsDiffEq, RelativeEq, UlpsEq};
use nalgebra::allocator::Allocator;
use nalgebra::{DefaultAllocator, Dim, Matrix, OMatrix, RawStorage};
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

// ----- a dual scalar times a matrix -------------------------------------------------------

/// The scalar multiples that involve a dual and a matrix, owned or borrowed, with the
/// result a dual matrix: `c · M` has entries `c mᵢⱼ` and tangents `dc mᵢⱼ + c dmᵢⱼ`.
/// (nalgebra itself provides `Matrix<Dual> * Dual`; the orphan rule rules out
/// `Matrix<Dual> * T` and `Matrix<T> * Matrix<Dual>`, see the module docs.)
macro_rules! dual_times_matrix {
    ($(#[$doc:meta] impl Mul<$rhs:ty> for $lhs:ty, elem $elem:ty, |$a:ident, $m:ident| $body:expr;)*) => {$(
        #[$doc]
        impl<'a, T: Real, const N: usize, R: Dim, C: Dim, S> Mul<$rhs> for $lhs
        where
            S: RawStorage<$elem, R, C>,
            DefaultAllocator: Allocator<R, C>,
        {
            type Output = OMatrix<Dual<T, N>, R, C>;

            #[inline]
            fn mul(self, rhs: $rhs) -> Self::Output {
                let ($a, $m) = (self, rhs);
                $body
            }
        }
    )*};
}

dual_times_matrix! {
    /// `c M` for a dual `c` and a dual matrix `M` (the scalar on the left).
    impl Mul<Matrix<Dual<T, N>, R, C, S>> for Dual<T, N>, elem Dual<T, N>, |c, m| m.map(|x| c * x);
    /// `c M` for a dual `c` and a borrowed dual matrix `M`.
    impl Mul<&'a Matrix<Dual<T, N>, R, C, S>> for Dual<T, N>, elem Dual<T, N>, |c, m| m.map(|x| c * x);
    /// `c P` for a dual `c` and a plain matrix `P`: a dual matrix with tangent `dc P`.
    impl Mul<Matrix<T, R, C, S>> for Dual<T, N>, elem T, |c, p| p.map(|x| c * x);
    /// `c P` for a dual `c` and a borrowed plain matrix `P`.
    impl Mul<&'a Matrix<T, R, C, S>> for Dual<T, N>, elem T, |c, p| p.map(|x| c * x);
    /// `P c` for a plain matrix `P` and a dual `c`: a dual matrix with tangent `P dc`.
    impl Mul<Dual<T, N>> for Matrix<T, R, C, S>, elem T, |p, c| p.map(|x| c * x);
    /// `P c` for a borrowed plain matrix `P` and a dual `c`.
    impl Mul<Dual<T, N>> for &'a Matrix<T, R, C, S>, elem T, |p, c| p.map(|x| c * x);
}

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

    /// `log_base x = ln x / ln base` (the value is `f64::log`'s), with
    /// `∂/∂x = 1/(x ln base)` and `∂/∂base = -log_base x / (base ln base)`. Written with
    /// [`Dual::chain2`] rather than as a quotient of duals, so that a tangent component
    /// that is zero stays zero where a slope is infinite (at `x = 0` the quotient rule
    /// would compute `∞ · 0`).
    #[inline]
    fn log(self, base: Self) -> Self {
        if base.has_zero_tangent() {
            return Dual::log(self, base.re);
        }
        let ln_base = Float::ln(base.re);
        let value = Float::ln(self.re) / ln_base;
        let slope_x = Float::recip(self.re * ln_base);
        let slope_base = -value / (base.re * ln_base);
        Dual::chain2(value, &self, slope_x, &base, slope_base)
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

    /// `|x|` with the sign of `sign`: `±|x|`, so the tangent is `±d|x|`, that is
    /// `sign(s) sign(x) dx`, and 0 at `x = ±0` (the midpoint rule of `abs`); see
    /// `num_traits::Float::copysign` for `Dual`.
    #[inline]
    fn copysign(self, sign: Self) -> Self {
        Dual::copysign(self, sign)
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

    /// [`Dual::clamp`] (never panics), except that with crossed bounds (`min > max`) a value
    /// below `min` gives `min`, as simba's `f64` clamp does (it tests `min` first);
    /// `Float::clamp` gives `max` there, as `min(max(x, lo), hi)`.
    #[inline]
    fn clamp(self, min: Self, max: Self) -> Self {
        if self < min && min > max {
            min
        } else {
            Dual::clamp(self, min, max)
        }
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

#[cfg(test)]
mod tests {
    //! Every `ComplexField`/`RealField` method on ordinary, boundary and non-finite values:
    //! the value must be the `f64` method's (bit for bit, or both NaN), the tangent the
    //! derivative formula written out below (independently of `functions.rs`), and, where
    //! the function is smooth around the point, a central finite difference. At a kink
    //! (one-sided slopes finite but different) the tangent must be their midpoint.

    use super::*;
    const NAN: f64 = f64::NAN;
    const INFINITY: f64 = f64::INFINITY;
    const NEG_INFINITY: f64 = f64::NEG_INFINITY;

    type D = Dual<f64, 1>;
    type D2 = Dual<f64, 2>;
    type D3 = Dual<f64, 3>;

    const POINTS: [f64; 15] = [
        -2.5,
        -1.0,
        -0.5,
        -0.0,
        0.0,
        0.25,
        0.5,
        1.0,
        1.5,
        2.0,
        3.0,
        1e-3,
        NAN,
        INFINITY,
        NEG_INFINITY,
    ];

    const PAIR_POINTS: [f64; 9] = [-2.0, -0.5, 0.0, 0.5, 1.0, 2.0, NAN, INFINITY, NEG_INFINITY];

    /// Bit-identical, or both NaN.
    fn same(a: f64, b: f64) -> bool {
        (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
    }

    /// Equal within `1e-12` relative, both NaN, or the same infinity (the sign of a zero
    /// does not matter for a derivative).
    fn close(a: f64, b: f64) -> bool {
        (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= 1e-12 * (1.0 + b.abs())
    }

    /// Equal to the formula; or NaN where the value itself is not finite or an input is
    /// infinite: the product and quotient rules of `ops.rs` compute `0 · ∞ = NaN` for the
    /// component of a factor that does not move when the other factor (or the quotient) is
    /// infinite, e.g. `x · c` at `x = ∞` with a constant `c`, or `a / b` at `b = 0`.
    fn tangent_ok(tangent: f64, formula: f64, nan_allowed: bool) -> bool {
        close(tangent, formula) || (nan_allowed && tangent.is_nan())
    }

    /// Checks `tangent` against central differences of `f` at `x` where `f` is smooth
    /// (one-sided slopes agree, and central differences with steps `h` and `h/4` agree, so
    /// a jump is not mistaken for a steep slope), and against the midpoint of the
    /// one-sided slopes at a kink. Jumps, infinite slopes and points where `f` is not
    /// finite nearby are left to the formula.
    fn check_against_differences(name: &str, f: impl Fn(f64) -> f64, x: f64, tangent: f64) {
        if !x.is_finite() {
            return;
        }
        let h = 1e-6 * x.abs().max(1.0);
        let (fl, f0, fr) = (f(x - h), f(x), f(x + h));
        let (fl4, fr4) = (f(x - h / 4.0), f(x + h / 4.0));
        if ![fl, f0, fr, fl4, fr4].iter().all(|v| v.is_finite()) {
            return;
        }
        let (left, right) = ((f0 - fl) / h, (fr - f0) / h);
        let central = (fr - fl) / (2.0 * h);
        let central4 = (fr4 - fl4) / (h / 2.0);
        let agree = |a: f64, b: f64| (a - b).abs() <= 1e-3 * (1.0 + b.abs());
        if agree(left, right) && agree(central4, central) {
            // smooth: O(h²) truncation, O(ε/h) rounding
            assert!(
                (tangent - central).abs() <= 1e-5 * (1.0 + central.abs()),
                "{name}({x}): tangent {tangent} vs central difference {central}"
            );
        } else if left.abs() < 1e3 && right.abs() < 1e3 {
            // a kink: the crate's convention is the midpoint of the one-sided slopes
            let mid = 0.5 * (left + right);
            assert!(
                (tangent - mid).abs() <= 1e-4 * (1.0 + mid.abs()),
                "{name}({x}): tangent {tangent} vs midpoint of one-sided slopes {mid}"
            );
        }
    }

    /// The sign with 0 at ±0: the slope of |x| under the midpoint rule.
    fn sign0(x: f64) -> f64 {
        if x > 0.0 {
            1.0
        } else if x < 0.0 {
            -1.0
        } else if x == 0.0 {
            0.0
        } else {
            NAN
        }
    }

    type Unary = (&'static str, fn(D) -> D, fn(f64) -> f64, fn(f64) -> f64);

    /// `(name, dual method, f64 method, derivative formula)`.
    macro_rules! unary {
        ($($name:literal : |$x:ident| $dual:expr, $float:expr, $slope:expr;)*) => {
            [$((
                $name,
                (|$x: D| $dual) as fn(D) -> D,
                (|$x: f64| $float) as fn(f64) -> f64,
                (|#[allow(unused_variables)] $x: f64| $slope) as fn(f64) -> f64,
            )),*]
        };
    }

    fn unary_methods() -> Vec<Unary> {
        unary![
            "floor": |x| ComplexField::floor(x), ComplexField::floor(x), 0.0;
            "ceil": |x| ComplexField::ceil(x), ComplexField::ceil(x), 0.0;
            "round": |x| ComplexField::round(x), ComplexField::round(x), 0.0;
            "trunc": |x| ComplexField::trunc(x), ComplexField::trunc(x), 0.0;
            "fract": |x| ComplexField::fract(x), ComplexField::fract(x), 1.0;
            "signum": |x| ComplexField::signum(x), ComplexField::signum(x), 0.0;
            "recip": |x| ComplexField::recip(x), ComplexField::recip(x), -1.0 / (x * x);
            "sin": |x| ComplexField::sin(x), ComplexField::sin(x), x.cos();
            "cos": |x| ComplexField::cos(x), ComplexField::cos(x), -x.sin();
            "tan": |x| ComplexField::tan(x), ComplexField::tan(x), 1.0 / (x.cos() * x.cos());
            "asin": |x| ComplexField::asin(x), ComplexField::asin(x), 1.0 / (1.0 - x * x).sqrt();
            "acos": |x| ComplexField::acos(x), ComplexField::acos(x), -1.0 / (1.0 - x * x).sqrt();
            "atan": |x| ComplexField::atan(x), ComplexField::atan(x), 1.0 / (1.0 + x * x);
            "sinh": |x| ComplexField::sinh(x), ComplexField::sinh(x), x.cosh();
            "cosh": |x| ComplexField::cosh(x), ComplexField::cosh(x), x.sinh();
            "tanh": |x| ComplexField::tanh(x), ComplexField::tanh(x), 1.0 / (x.cosh() * x.cosh());
            "asinh": |x| ComplexField::asinh(x), ComplexField::asinh(x), 1.0 / (x * x + 1.0).sqrt();
            "acosh": |x| ComplexField::acosh(x), ComplexField::acosh(x), 1.0 / (x * x - 1.0).sqrt();
            "atanh": |x| ComplexField::atanh(x), ComplexField::atanh(x), 1.0 / (1.0 - x * x);
            "log2": |x| ComplexField::log2(x), ComplexField::log2(x), 1.0 / (x * core::f64::consts::LN_2);
            "log10": |x| ComplexField::log10(x), ComplexField::log10(x), 1.0 / (x * core::f64::consts::LN_10);
            "ln": |x| ComplexField::ln(x), ComplexField::ln(x), 1.0 / x;
            "ln_1p": |x| ComplexField::ln_1p(x), ComplexField::ln_1p(x), 1.0 / (1.0 + x);
            // the crate's convention: slope +∞ at -0 too
            "sqrt": |x| ComplexField::sqrt(x), ComplexField::sqrt(x), 0.5 / x.sqrt().abs();
            "exp": |x| ComplexField::exp(x), ComplexField::exp(x), x.exp();
            "exp2": |x| ComplexField::exp2(x), ComplexField::exp2(x), x.exp2() * core::f64::consts::LN_2;
            "exp_m1": |x| ComplexField::exp_m1(x), ComplexField::exp_m1(x), x.exp();
            "cbrt": |x| ComplexField::cbrt(x), ComplexField::cbrt(x), 1.0 / (3.0 * x.cbrt() * x.cbrt());
            "from_real": |x| D::from_real(x), f64::from_real(x), 1.0;
            "real": |x| ComplexField::real(x), ComplexField::real(x), 1.0;
            "conjugate": |x| ComplexField::conjugate(x), ComplexField::conjugate(x), 1.0;
            "imaginary": |x| ComplexField::imaginary(x), ComplexField::imaginary(x), 0.0;
            "modulus": |x| ComplexField::modulus(x), ComplexField::modulus(x), sign0(x);
            "norm1": |x| ComplexField::norm1(x), ComplexField::norm1(x), sign0(x);
            "abs": |x| ComplexField::abs(x), ComplexField::abs(x), sign0(x);
            "modulus_squared": |x| ComplexField::modulus_squared(x), ComplexField::modulus_squared(x), 2.0 * x;
            "argument": |x| ComplexField::argument(x), ComplexField::argument(x), 0.0;
            "to_polar.0": |x| ComplexField::to_polar(x).0, ComplexField::to_polar(x).0, sign0(x);
            "to_polar.1": |x| ComplexField::to_polar(x).1, ComplexField::to_polar(x).1, 0.0;
            // modulus · unit = x exactly: the modulus part follows the sign chosen
            "to_exp.0": |x| ComplexField::to_exp(x).0, ComplexField::to_exp(x).0, if x >= 0.0 { 1.0 } else { -1.0 };
            "to_exp.1": |x| ComplexField::to_exp(x).1, ComplexField::to_exp(x).1, 0.0;
            "sin_cos.0": |x| ComplexField::sin_cos(x).0, ComplexField::sin_cos(x).0, x.cos();
            "sin_cos.1": |x| ComplexField::sin_cos(x).1, ComplexField::sin_cos(x).1, -x.sin();
            "sinh_cosh.0": |x| ComplexField::sinh_cosh(x).0, ComplexField::sinh_cosh(x).0, x.cosh();
            "sinh_cosh.1": |x| ComplexField::sinh_cosh(x).1, ComplexField::sinh_cosh(x).1, x.sinh();
            "sinc": |x| ComplexField::sinc(x), ComplexField::sinc(x),
                if x == 0.0 { 0.0 } else { (x * x.cos() - x.sin()) / (x * x) };
            "sinhc": |x| ComplexField::sinhc(x), ComplexField::sinhc(x),
                if x == 0.0 { 0.0 } else { (x * x.cosh() - x.sinh()) / (x * x) };
            // simba defines cosc(0) = coshc(0) = 1 (a constant there)
            "cosc": |x| ComplexField::cosc(x), ComplexField::cosc(x),
                if x == 0.0 { 0.0 } else { (-x * x.sin() - x.cos()) / (x * x) };
            "coshc": |x| ComplexField::coshc(x), ComplexField::coshc(x),
                if x == 0.0 { 0.0 } else { (x * x.sinh() - x.cosh()) / (x * x) };
            "powi(0)": |x| ComplexField::powi(x, 0), ComplexField::powi(x, 0), 0.0;
            "powi(1)": |x| ComplexField::powi(x, 1), ComplexField::powi(x, 1), 1.0;
            "powi(2)": |x| ComplexField::powi(x, 2), ComplexField::powi(x, 2), 2.0 * x;
            "powi(5)": |x| ComplexField::powi(x, 5), ComplexField::powi(x, 5), 5.0 * x.powi(4);
            "powi(-1)": |x| ComplexField::powi(x, -1), ComplexField::powi(x, -1), -1.0 / (x * x);
            "powi(-3)": |x| ComplexField::powi(x, -3), ComplexField::powi(x, -3), -3.0 / x.powi(4);
            "powf(2.5) constant exponent": |x| ComplexField::powf(x, D::from(2.5)),
                ComplexField::powf(x, 2.5), 2.5 * x.powf(1.5);
            "powc(-0.5) constant exponent": |x| ComplexField::powc(x, D::from(-0.5)),
                ComplexField::powc(x, -0.5), -0.5 * x.powf(-1.5);
            "log(base 3)": |x| ComplexField::log(x, D::from(3.0)), ComplexField::log(x, 3.0),
                1.0 / (x * 3f64.ln());
            "scale(-1.5)": |x| ComplexField::scale(x, D::from(-1.5)), ComplexField::scale(x, -1.5), -1.5;
            "unscale(4)": |x| ComplexField::unscale(x, D::from(4.0)), ComplexField::unscale(x, 4.0), 0.25;
            "mul_add(x, 3, 1)": |x| ComplexField::mul_add(x, D::from(3.0), D::from(1.0)),
                ComplexField::mul_add(x, 3.0, 1.0), 3.0;
            "max(x, 0.5)": |x| RealField::max(x, D::from(0.5)), RealField::max(x, 0.5),
                if x > 0.5 { 1.0 } else if x < 0.5 { 0.0 } else if x == 0.5 { 0.5 } else { 0.0 };
            "min(x, 0.5)": |x| RealField::min(x, D::from(0.5)), RealField::min(x, 0.5),
                if x < 0.5 { 1.0 } else if x > 0.5 { 0.0 } else if x == 0.5 { 0.5 } else { 0.0 };
            // copysign(x, -1) = -|x|: slope -sign(x), and 0 at ±0 (the midpoint rule of abs)
            "copysign(x, -1)": |x| RealField::copysign(x, D::from(-1.0)), RealField::copysign(x, -1.0),
                if x == 0.0 { 0.0 } else if x.is_sign_negative() { 1.0 } else { -1.0 };
            "atan2(x, 2)": |x| RealField::atan2(x, D::from(2.0)), RealField::atan2(x, 2.0),
                2.0 / (x * x + 4.0);
            "atan2(1, x)": |x| RealField::atan2(D::from(1.0), x), RealField::atan2(1.0, x),
                -1.0 / (x * x + 1.0);
        ]
        .to_vec()
    }

    #[test]
    fn every_unary_method_has_the_f64_value_and_the_right_tangent() {
        let methods = unary_methods();
        for (name, dual, float, slope) in &methods {
            for x in POINTS {
                let y = dual(D::variable(x, 0));
                let want = float(x);
                assert!(
                    same(y.re, want),
                    "{name}({x}): value {} vs f64 {want}",
                    y.re
                );
                let d = slope(x);
                let nan_allowed = !y.re.is_finite() || x.is_infinite();
                assert!(
                    tangent_ok(y.eps[0], d, nan_allowed),
                    "{name}({x}): tangent {} vs formula {d}",
                    y.eps[0]
                );
                // At ±0, `to_exp` follows the branch its sign bit picks (the formula above),
                // not the midpoint rule: it is a decomposition (see `to_exp_reconstructs...`).
                // At a kink (copysign at 0) finite differences see neither one-sided slope.
                let branch_at_zero = name.starts_with("to_exp") || name.starts_with("copysign");
                if d.is_finite() && !(branch_at_zero && x == 0.0) {
                    check_against_differences(name, float, x, y.eps[0]);
                }
                // a constant argument gives a constant result
                assert!(
                    tangent_ok(dual(D::constant(x)).eps[0], 0.0, nan_allowed),
                    "{name}({x}): a constant's tangent must stay 0"
                );
            }
        }
        assert!(methods.len() > 60);
    }

    /// `(name, dual method, f64 method, (∂/∂a, ∂/∂b) formula)`.
    type Binary = (
        &'static str,
        fn(D2, D2) -> D2,
        fn(f64, f64) -> f64,
        fn(f64, f64) -> [f64; 2],
    );

    fn binary_methods() -> [Binary; 10] {
        [
            (
                "hypot",
                |a, b| ComplexField::hypot(a, b),
                |a, b| ComplexField::hypot(a, b),
                |a, b| {
                    let h = a.hypot(b);
                    if h == 0.0 { [0.0, 0.0] } else { [a / h, b / h] }
                },
            ),
            (
                "atan2",
                |a, b| RealField::atan2(a, b),
                |a, b| RealField::atan2(a, b),
                |a, b| {
                    let r2 = a * a + b * b;
                    if r2 == 0.0 {
                        [0.0, 0.0]
                    } else {
                        [b / r2, -a / r2]
                    }
                },
            ),
            (
                "powf",
                |a, b| ComplexField::powf(a, b),
                |a, b| ComplexField::powf(a, b),
                pow_slopes,
            ),
            (
                "powc",
                |a, b| ComplexField::powc(a, b),
                |a, b| ComplexField::powc(a, b),
                pow_slopes,
            ),
            (
                "log",
                |a, b| ComplexField::log(a, b),
                |a, b| ComplexField::log(a, b),
                |a, b| [1.0 / (a * b.ln()), -a.ln() / (b * b.ln() * b.ln())],
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
                    // ±|a|: the slope of abs (0 at a = ±0, the midpoint rule), signed
                    let same_sign = a.is_sign_negative() == b.is_sign_negative();
                    let abs_slope = if a == 0.0 { 0.0 } else { 1.0 };
                    [if same_sign { abs_slope } else { -abs_slope }, 0.0]
                },
            ),
            (
                "max",
                |a, b| RealField::max(a, b),
                |a, b| RealField::max(a, b),
                |a, b| {
                    if b > a || a.is_nan() {
                        [0.0, 1.0]
                    } else if a > b || b.is_nan() {
                        [1.0, 0.0]
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
                    if b < a || a.is_nan() {
                        [0.0, 1.0]
                    } else if a < b || b.is_nan() {
                        [1.0, 0.0]
                    } else {
                        [0.5, 0.5]
                    }
                },
            ),
        ]
    }

    /// `d(aᵇ) = b aᵇ⁻¹ da + aᵇ ln a db`, with the limits `b = 0 → ∂a = 0` and
    /// `aᵇ = 0 → ∂b = 0`.
    fn pow_slopes(a: f64, b: f64) -> [f64; 2] {
        let v = a.powf(b);
        let da = if b == 0.0 { 0.0 } else { b * a.powf(b - 1.0) };
        let db = if v == 0.0 { 0.0 } else { v * a.ln() };
        [da, db]
    }

    #[test]
    fn every_binary_method_has_the_f64_value_and_both_partials() {
        for (name, dual, float, slopes) in binary_methods() {
            for a in PAIR_POINTS {
                for b in PAIR_POINTS {
                    let [ad, bd] = D2::variables([a, b]);
                    let y = dual(ad, bd);
                    let want = float(a, b);
                    assert!(
                        same(y.re, want),
                        "{name}({a}, {b}): value {} vs {want}",
                        y.re
                    );
                    let d = slopes(a, b);
                    for (i, (&got, &formula)) in y.eps.iter().zip(d.iter()).enumerate() {
                        let nan_allowed = !y.re.is_finite() || a.is_infinite() || b.is_infinite();
                        assert!(
                            tangent_ok(got, formula, nan_allowed),
                            "{name}({a}, {b}): ∂{i} {got} vs formula {formula}"
                        );
                        // copysign at a = ±0: a kink, where finite differences see neither side
                        let branch_at_zero = name == "copysign" && i == 0 && a == 0.0;
                        if formula.is_finite() && !branch_at_zero {
                            let what = format!("{name} ∂{i} at ({a}, {b})");
                            if i == 0 {
                                check_against_differences(&what, |x| float(x, b), a, got);
                            } else {
                                check_against_differences(&what, |x| float(a, x), b, got);
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn ternary_methods_mul_add_and_clamp() {
        for x in PAIR_POINTS {
            for lo in PAIR_POINTS {
                for hi in PAIR_POINTS {
                    let [xd, ld, hd] = D3::variables([x, lo, hi]);
                    let m = ComplexField::mul_add(xd, ld, hd);
                    assert!(same(m.re, ComplexField::mul_add(x, lo, hi)));
                    // d(x·a + b) = a dx + x da + db
                    for (got, want) in m.eps.iter().zip([lo, x, 1.0]) {
                        let nan_allowed =
                            !m.re.is_finite() || [x, lo, hi].iter().any(|v| v.is_infinite());
                        assert!(
                            tangent_ok(*got, want, nan_allowed),
                            "mul_add({x}, {lo}, {hi})"
                        );
                    }

                    // clamp never panics (f64's inherent clamp would, for NaN bounds or
                    // lo > hi); its value is simba's f64 clamp everywhere, crossed bounds
                    // and NaNs included.
                    let c = RealField::clamp(xd, ld, hd);
                    let want = RealField::clamp(x, lo, hi);
                    assert!(
                        same(c.re, want),
                        "clamp({x}, {lo}, {hi}): {} vs {want}",
                        c.re
                    );
                    let expect = if x.is_nan() {
                        xd
                    } else if x < lo && lo > hi {
                        ld
                    } else {
                        Dual::min(Dual::max(xd, ld), hd)
                    };
                    assert!(c.identical(&expect) || (c.re.is_nan() && expect.re.is_nan()));
                    // inside the bounds the tangent is that of x alone
                    if lo < x && x < hi {
                        assert_eq!(c.eps, [1.0, 0.0, 0.0]);
                    }
                    // at a bound, the tie rule averages the tangents of x and the bound
                    if lo == x && x < hi {
                        assert_eq!(c.eps, [0.5, 0.5, 0.0]);
                    }
                }
            }
        }
        // simba's f64 clamp agrees where it is defined
        assert_eq!(
            RealField::clamp(D::from(3.0), D::from(0.0), D::from(1.0)).re,
            1.0
        );
        assert_eq!(
            RealField::clamp(D::from(-3.0), D::from(0.0), D::from(1.0)).re,
            0.0
        );
    }

    #[test]
    fn to_exp_reconstructs_the_number_with_its_tangent() {
        // modulus · unit = x, tangent included, on both sides of 0 and at ±0; the unit
        // part is a constant ±1. (Householder reflections in nalgebra's QR rely on it.)
        for x in POINTS {
            let d = D::new(x, [1.5]);
            let (m, u) = ComplexField::to_exp(d);
            assert!(u.has_zero_tangent() && (u.re == 1.0 || u.re == -1.0));
            // m · u with a constant u, written out (a dual product would compute 0 · ∞ for
            // u's zero tangent at x = ±∞)
            let back = D::new(m.re * u.re, [m.eps[0] * u.re]);
            if x.is_nan() {
                assert!(back.re.is_nan());
            } else {
                assert!(back.identical(&d), "to_exp({x}): {back} vs {d}");
                assert!(m.re >= 0.0, "to_exp({x}): the modulus is not negative");
            }
        }
    }

    #[test]
    fn queries_constants_and_bounds() {
        for x in POINTS {
            let d = D::variable(x, 0);
            assert_eq!(
                ComplexField::is_finite(&d),
                ComplexField::is_finite(&x),
                "{x}"
            );
            assert_eq!(
                RealField::is_sign_positive(&d),
                RealField::is_sign_positive(&x)
            );
            assert_eq!(
                RealField::is_sign_negative(&d),
                RealField::is_sign_negative(&x)
            );
            match (ComplexField::try_sqrt(d), ComplexField::try_sqrt(x)) {
                (Some(s), Some(r)) => {
                    assert!(same(s.re, r));
                    assert!(close(s.eps[0], 0.5 / r.abs()), "try_sqrt({x}) tangent");
                }
                (None, None) => {}
                (s, r) => panic!("try_sqrt({x}): {s:?} vs {r:?}"),
            }
        }
        assert_eq!(ComplexField::try_sqrt(D::variable(-1.0, 0)), None);
        assert_eq!(ComplexField::try_sqrt(D::variable(NAN, 0)), None);

        let bounds: [(Option<D>, Option<f64>); 2] = [
            (
                <D as RealField>::min_value(),
                <f64 as RealField>::min_value(),
            ),
            (
                <D as RealField>::max_value(),
                <f64 as RealField>::max_value(),
            ),
        ];
        for (d, f) in bounds {
            let (d, f) = (d.unwrap(), f.unwrap());
            assert!(same(d.re, f) && d.has_zero_tangent());
        }

        let constants: [(D, f64); 15] = [
            (D::pi(), f64::pi()),
            (D::two_pi(), f64::two_pi()),
            (D::frac_pi_2(), f64::frac_pi_2()),
            (D::frac_pi_3(), f64::frac_pi_3()),
            (D::frac_pi_4(), f64::frac_pi_4()),
            (D::frac_pi_6(), f64::frac_pi_6()),
            (D::frac_pi_8(), f64::frac_pi_8()),
            (D::frac_1_pi(), f64::frac_1_pi()),
            (D::frac_2_pi(), f64::frac_2_pi()),
            (D::frac_2_sqrt_pi(), f64::frac_2_sqrt_pi()),
            (D::e(), f64::e()),
            (D::log2_e(), f64::log2_e()),
            (D::log10_e(), f64::log10_e()),
            (D::ln_2(), f64::ln_2()),
            (D::ln_10(), f64::ln_10()),
        ];
        for (i, (d, f)) in constants.iter().enumerate() {
            assert!(same(d.re, *f) && d.has_zero_tangent(), "constant {i}");
        }
    }

    #[test]
    fn nested_duals_give_second_derivatives_through_the_traits() {
        type DD = Dual<Dual<f64, 1>, 1>;
        type Case = (&'static str, fn(DD) -> DD, f64);
        // x seeded in both levels: eps[0].eps[0] is the second derivative
        let seed = |x: f64| DD::new(Dual::variable(x, 0), [Dual::constant(1.0)]);
        let x = 0.7_f64;
        let cases: [Case; 6] = [
            ("sin", |v| ComplexField::sin(v), -x.sin()),
            ("exp", |v| ComplexField::exp(v), x.exp()),
            ("ln", |v| ComplexField::ln(v), -1.0 / (x * x)),
            ("sqrt", |v| ComplexField::sqrt(v), -0.25 * x.powf(-1.5)),
            (
                "atan",
                |v| ComplexField::atan(v),
                -2.0 * x / (1.0 + x * x).powi(2),
            ),
            (
                "powf(x, x)",
                |v| ComplexField::powf(v, v),
                // (xˣ)'' = xˣ ((ln x + 1)² + 1/x)
                x.powf(x) * ((x.ln() + 1.0).powi(2) + 1.0 / x),
            ),
        ];
        for (name, f, want) in cases {
            let y = f(seed(x));
            assert!(
                (y.eps[0].eps[0] - want).abs() < 1e-12 * (1.0 + want.abs()),
                "{name}'' = {} vs {want}",
                y.eps[0].eps[0]
            );
            assert_eq!(
                y.eps[0].re, y.re.eps[0],
                "{name}: both first derivatives agree"
            );
        }
        // constants and conversions reach the inner level
        let p: DD = RealField::pi();
        assert_eq!(p.re.re, core::f64::consts::PI);
        assert!(p.re.has_zero_tangent() && p.eps[0].is_exact_zero());
        let two: DD = DD::from_subset(&2.0_f64);
        assert!(two.identical(&DD::constant(Dual::constant(2.0))));
    }

    #[test]
    fn subset_conversions() {
        let x = D::variable(1.25, 0);
        // f64 ⊂ Dual: a constant, and back the value (tangent dropped)
        let c: D = D::from_subset(&3.5_f64);
        assert!(c.identical(&D::constant(3.5)));
        assert_eq!(x.to_subset(), Some(1.25_f64));
        assert!(<f64 as SubsetOf<D>>::is_in_subset(&x));
        assert_eq!(<f64 as SubsetOf<D>>::from_superset_unchecked(&x), 1.25);
        // f32 ⊂ Dual<f64> and ⊂ Dual<f32>
        let c32: D = D::from_subset(&0.5_f32);
        assert!(c32.identical(&D::constant(0.5)));
        let d32 = Dual::<f32, 1>::variable(0.75, 0);
        assert_eq!(SupersetOf::<f32>::to_subset(&d32), Some(0.75_f32));
        assert_eq!(SupersetOf::<f64>::to_subset(&d32), Some(0.75_f64));
        // Dual ⊂ Dual: the identity, tangent kept
        let same_x: D = SupersetOf::<D>::to_subset(&x).unwrap();
        assert!(same_x.identical(&x));
        assert!(<D as SubsetOf<D>>::to_superset(&x).identical(&x));
    }

    #[test]
    fn simd_value_is_a_single_lane() {
        let x = D::variable(2.0, 0);
        let y = D::new(-1.0, [3.0]);
        assert_eq!(D::LANES, 1);
        assert!(D::splat(x).identical(&x));
        assert!(x.extract(0).identical(&x));
        let mut z = x;
        z.replace(0, y);
        assert!(z.identical(&y));
        assert!(x.select(true, y).identical(&x));
        assert!(x.select(false, y).identical(&y));
        // the provided lane maps go through the two `unsafe fn`s
        assert!(x.map_lanes(|v| v * v).identical(&(x * x)));
        assert!(x.zip_map_lanes(y, |a, b| a - b).identical(&(x - y)));
    }

    #[test]
    fn approx_compares_values_only() {
        let a = D::new(1.0, [5.0]);
        let b = D::new(1.0 + 1e-9, [-7.0]);
        let eps = D::from(1e-6);
        assert!(a.abs_diff_eq(&b, eps));
        assert!(!a.abs_diff_eq(&D::from(1.1), eps));
        assert!(a.relative_eq(&b, eps, D::from(1e-6)));
        assert!(!a.relative_eq(&D::from(2.0), eps, D::from(1e-6)));
        let next = D::new(f64::from_bits(1.0_f64.to_bits() + 1), [9.0]);
        let two_away = D::new(f64::from_bits(1.0_f64.to_bits() + 2), [-9.0]);
        assert!(a.ulps_eq(&next, D::from(0.0), 1));
        assert!(!a.ulps_eq(&two_away, D::from(0.0), 1));
        assert!(a.ulps_eq(&two_away, D::from(0.0), 2));
        assert_eq!(D::default_max_ulps(), f64::default_max_ulps());
        assert!(D::default_epsilon().identical(&D::constant(f64::EPSILON)));
        assert!(D::default_max_relative().identical(&D::constant(f64::EPSILON)));
        // NaN equals nothing
        assert!(!D::from(NAN).abs_diff_eq(&D::from(NAN), eps));
    }
}
