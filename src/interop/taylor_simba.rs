//! nalgebra integration for [`Taylor`]: `Taylor<T, K>` is a `simba` [`RealField`] whenever
//! `T` is, so matrices of Taylor numbers multiply, factor, solve and invert, and every
//! result carries its Taylor coefficients. Forwarding only: each method calls the inherent
//! method of [`Taylor`] with the same meaning (its recurrence is written there), and the
//! complex parts are trivial as for `Dual` (`real = conjugate = self`, `imaginary = 0`,
//! `modulus = abs`, `argument` a constant 0 or π). `approx` comparisons and ordering look
//! at the value only, so nalgebra pivots as on the value matrix.
//!
//! ```
//! use dualnum::Taylor;
//! use nalgebra::Matrix2;
//!
//! // A(t) = [[1 + t, t], [t, 1]]: det A = 1 + t - t², so c = [1, -1]
//! type T2 = Taylor<f64, 2>;
//! let t = T2::variable(0.0);
//! let one = T2::constant(1.0);
//! let det = Matrix2::new(one + t, t, t, one).determinant();
//! assert_eq!((det.re, det.c), (1.0, [1.0, -1.0]));
//! ```

use core::ops::Mul;

use nalgebra::allocator::Allocator;
use nalgebra::{DefaultAllocator, Dim, Matrix, OMatrix, RawStorage};
use num_traits::{Float, One, Zero};
use simba::scalar::{ComplexField, Field, RealField, SubsetOf, SupersetOf};
use simba::simd::SimdValue;

use crate::{Real, Taylor};

// ----- conversions ---------------------------------------------------------------------

/// A Taylor number is a subset of itself (the identity conversion).
impl<T: Real, const K: usize> SubsetOf<Taylor<T, K>> for Taylor<T, K> {
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

/// Plain floats embed in the Taylor numbers over any `T` that contains them: `to_superset`
/// is a constant; `from_superset_unchecked` keeps the value (converted to the float) and
/// drops the higher coefficients; `is_in_subset` is always true, as for `Dual` (nalgebra's
/// matrix exponential relies on it).
macro_rules! float_subset_of_taylor {
    ($($f:ty),*) => {$(
        impl<T: Real + SupersetOf<$f>, const K: usize> SubsetOf<Taylor<T, K>> for $f {
            #[inline]
            fn to_superset(&self) -> Taylor<T, K> {
                Taylor::constant(T::from_subset(self))
            }

            #[inline]
            fn from_superset_unchecked(element: &Taylor<T, K>) -> $f {
                element.re.to_subset_unchecked()
            }

            #[inline]
            fn is_in_subset(_: &Taylor<T, K>) -> bool {
                true
            }
        }
    )*};
}

float_subset_of_taylor!(f32, f64);

// ----- a Taylor scalar times a matrix ----------------------------------------------------

/// The scalar multiples that involve a Taylor number and a matrix, owned or borrowed,
/// with the result a matrix of Taylor numbers (`c · M` entry by entry, Cauchy products).
/// nalgebra itself provides `Matrix<Taylor> * Taylor`; the orphan rule rules out
/// `Matrix<Taylor> * T` and `Matrix<T> * Matrix<Taylor>`, as for `Dual`.
macro_rules! taylor_times_matrix {
    ($(#[$doc:meta] impl Mul<$rhs:ty> for $lhs:ty, elem $elem:ty, |$a:ident, $m:ident| $body:expr;)*) => {$(
        #[$doc]
        impl<'a, T: Real, const K: usize, R: Dim, C: Dim, S> Mul<$rhs> for $lhs
        where
            S: RawStorage<$elem, R, C>,
            DefaultAllocator: Allocator<R, C>,
        {
            type Output = OMatrix<Taylor<T, K>, R, C>;

            #[inline]
            fn mul(self, rhs: $rhs) -> Self::Output {
                let ($a, $m) = (self, rhs);
                $body
            }
        }
    )*};
}

taylor_times_matrix! {
    /// `c M` for a Taylor `c` and a Taylor matrix `M` (the scalar on the left).
    impl Mul<Matrix<Taylor<T, K>, R, C, S>> for Taylor<T, K>, elem Taylor<T, K>, |c, m| m.map(|x| c * x);
    /// `c M` for a Taylor `c` and a borrowed Taylor matrix `M`.
    impl Mul<&'a Matrix<Taylor<T, K>, R, C, S>> for Taylor<T, K>, elem Taylor<T, K>, |c, m| m.map(|x| c * x);
    /// `c P` for a Taylor `c` and a plain matrix `P`: entries `c pᵢⱼ`.
    impl Mul<Matrix<T, R, C, S>> for Taylor<T, K>, elem T, |c, p| p.map(|x| c * x);
    /// `c P` for a Taylor `c` and a borrowed plain matrix `P`.
    impl Mul<&'a Matrix<T, R, C, S>> for Taylor<T, K>, elem T, |c, p| p.map(|x| c * x);
    /// `P c` for a plain matrix `P` and a Taylor `c`: entries `pᵢⱼ c`.
    impl Mul<Taylor<T, K>> for Matrix<T, R, C, S>, elem T, |p, c| p.map(|x| c * x);
    /// `P c` for a borrowed plain matrix `P` and a Taylor `c`.
    impl Mul<Taylor<T, K>> for &'a Matrix<T, R, C, S>, elem T, |p, c| p.map(|x| c * x);
}

// ----- SIMD value (a scalar: one lane) and field ----------------------------------------

/// A Taylor number is a scalar for simba: one lane, itself as the element, `bool` as the mask.
/// The lane index is ignored, as for `f64`.
impl<T: Real, const K: usize> SimdValue for Taylor<T, K> {
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

/// Truncated Taylor polynomials form a ring, and a field wherever the value is non-zero:
/// `+ - * /` with their `*Assign` forms and negation (`taylor/ops.rs`).
impl<T: Real, const K: usize> Field for Taylor<T, K> {}

// ----- ComplexField ----------------------------------------------------------------------

/// A Taylor number is a real field seen as a (trivially) complex one: `RealField = Self`.
///
/// Each method returns the value of the `f64` method and the Taylor coefficients of the
/// function; see the inherent methods of [`Taylor`] for the recurrences.
impl<T: Real + RealField, const K: usize> ComplexField for Taylor<T, K> {
    type RealField = Self;

    with_unary_function_names!(forward_unary!(without_degrees to Taylor;));

    // For a real type `powc` is `powf`: both take `Taylor::pow` (a Taylor exponent).
    forward_methods!(Taylor;
        fn mul_add(self, a: Self, b: Self) -> Self;
        fn hypot(self, other: Self) -> Self;
        fn sin_cos(self) -> (Self, Self);
        fn log(self, base: Self) -> Self => log_dual_base;
        fn powi(self, n: i32) -> Self;
        fn powf(self, n: Self) -> Self => pow;
        fn powc(self, n: Self) -> Self => pow;
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

    /// `|x|`, see [`Taylor::abs`] (the constant 0 at ±0).
    #[inline]
    fn modulus(self) -> Self {
        Taylor::abs(self)
    }

    /// `x²`, a Cauchy product.
    #[inline]
    fn modulus_squared(self) -> Self {
        self * self
    }

    /// 0 for `x ≥ 0`, π otherwise (NaN included, as for `f64`); piecewise constant, so a
    /// constant.
    #[inline]
    fn argument(self) -> Self {
        if self.re >= T::zero() {
            Self::zero()
        } else {
            Taylor::constant(T::PI())
        }
    }

    /// `|x|`, see [`Taylor::abs`].
    #[inline]
    fn norm1(self) -> Self {
        Taylor::abs(self)
    }

    /// `x · factor`.
    #[inline]
    fn scale(self, factor: Self) -> Self {
        self * factor
    }

    /// `x / factor`.
    #[inline]
    fn unscale(self, factor: Self) -> Self {
        self / factor
    }

    /// `(|x|, argument)`: the modulus of [`ComplexField::modulus`] and the constant angle.
    #[inline]
    fn to_polar(self) -> (Self, Self) {
        (Taylor::abs(self), ComplexField::argument(self))
    }

    /// `(x, 1)` for `x ≥ 0` and `(-x, -1)` otherwise, as for `f64`: the unit part is a
    /// constant and the product of the two parts is `x` exactly, every coefficient included
    /// (so at `x = 0` the modulus part is the branch chosen, not the midpoint rule of
    /// `abs`; the callers, such as Householder reflections, need `modulus · unit = x`).
    #[inline]
    fn to_exp(self) -> (Self, Self) {
        if self.re >= T::zero() {
            (self, Self::one())
        } else {
            (-self, -Self::one())
        }
    }

    /// The identity.
    #[inline]
    fn conjugate(self) -> Self {
        self
    }

    /// `(sinh x, cosh x)`.
    #[inline]
    fn sinh_cosh(self) -> (Self, Self) {
        (Taylor::sinh(self), Taylor::cosh(self))
    }

    /// True when the value is finite (as `num_traits::Float::is_finite`).
    #[inline]
    fn is_finite(&self) -> bool {
        Float::is_finite(self.re)
    }

    /// `Some(√x)` for `x ≥ 0` (see [`Taylor::sqrt`]; slope `+∞` at 0), `None` below 0 and
    /// for NaN, as for `f64`.
    #[inline]
    fn try_sqrt(self) -> Option<Self> {
        if self.re >= T::zero() {
            Some(Taylor::sqrt(self))
        } else {
            None
        }
    }
}

// ----- RealField -------------------------------------------------------------------------

/// `RealField` constants: Taylor constants.
macro_rules! constants {
    ($($name:ident = $konst:ident),*) => {$(
        #[inline]
        fn $name() -> Self {
            Taylor::constant(T::$konst())
        }
    )*};
}

/// Ordering, signs and constants look at or build the value; `max`, `min`, `clamp`,
/// `copysign` and `atan2` carry coefficients as their inherent / `Float` counterparts do.
impl<T: Real + RealField, const K: usize> RealField for Taylor<T, K> {
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

    // `copysign` is `±|x|` (the constant 0 at `x = ±0`); ties of `max`/`min` average the
    // coefficients and a NaN is ignored; `atan2(self, other)` has `self = y`.
    forward_methods!(Taylor;
        fn copysign(self, sign: Self) -> Self;
        fn max(self, other: Self) -> Self;
        fn min(self, other: Self) -> Self;
        fn atan2(self, other: Self) -> Self;
    );

    /// [`Taylor::clamp`] (never panics), except that with crossed bounds (`min > max`) a value
    /// below `min` gives `min`, as simba's `f64` clamp does (it tests `min` first);
    /// `Float::clamp` gives `max` there, as `min(max(x, lo), hi)`.
    #[inline]
    fn clamp(self, min: Self, max: Self) -> Self {
        if self < min && min > max {
            min
        } else {
            Taylor::clamp(self, min, max)
        }
    }

    /// The most negative finite value, as a constant.
    #[inline]
    fn min_value() -> Option<Self> {
        Some(Taylor::constant(<T as Float>::min_value()))
    }

    /// The largest finite value, as a constant.
    #[inline]
    fn max_value() -> Option<Self> {
        Some(Taylor::constant(<T as Float>::max_value()))
    }
}
