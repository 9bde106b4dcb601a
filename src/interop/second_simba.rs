//! nalgebra integration of [`Dual2`]: a `simba` [`RealField`] whenever `T` is, so
//! matrices of second-order numbers multiply, factor, solve and invert with exact
//! gradients and Hessians. Forwarding only: every method calls the inherent [`Dual2`]
//! method that carries its formulas, with the same conventions as for
//! [`Dual`](crate::Dual) (`interop/simba.rs`): comparisons and `approx` look at the value,
//! complex parts are trivial, `to_exp` returns `(x, 1)` or `(-x, -1)`, conversions from
//! `f64`/`f32` give constants and back drop the derivatives.

use core::ops::Mul;

use nalgebra::allocator::Allocator;
use nalgebra::{DefaultAllocator, Dim, Matrix, OMatrix, RawStorage};
use num_traits::{Float, One, Zero};
use simba::scalar::{ComplexField, Field, RealField, SubsetOf, SupersetOf};
use simba::simd::SimdValue;

use crate::{Dual2, Real};

// ----- conversions ---------------------------------------------------------------------

/// A dual is a subset of itself (the identity conversion).
impl<T: Real, const N: usize, const P: usize> SubsetOf<Dual2<T, N, P>> for Dual2<T, N, P> {
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
        impl<T: Real + SupersetOf<$f>, const N: usize, const P: usize> SubsetOf<Dual2<T, N, P>> for $f {
            #[inline]
            fn to_superset(&self) -> Dual2<T, N, P> {
                Dual2::constant(T::from_subset(self))
            }

            #[inline]
            fn from_superset_unchecked(element: &Dual2<T, N, P>) -> $f {
                element.re.to_subset_unchecked()
            }

            #[inline]
            fn is_in_subset(_: &Dual2<T, N, P>) -> bool {
                true
            }
        }
    )*};
}

float_subset_of_dual!(f32, f64);

// ----- a dual scalar times a matrix -------------------------------------------------------

/// The scalar multiples that involve a dual and a matrix, owned or borrowed, with the
/// result a dual matrix: `c · M` has entries `c mᵢⱼ` and tangents `dc mᵢⱼ + c dmᵢⱼ`.
/// (nalgebra itself provides `Matrix<Dual2> * Dual2`.)
macro_rules! dual_times_matrix {
    ($(#[$doc:meta] impl Mul<$rhs:ty> for $lhs:ty, elem $elem:ty, |$a:ident, $m:ident| $body:expr;)*) => {$(
        #[$doc]
        impl<'a, T: Real, const N: usize, const P: usize, R: Dim, C: Dim, S> Mul<$rhs> for $lhs
        where
            S: RawStorage<$elem, R, C>,
            DefaultAllocator: Allocator<R, C>,
        {
            type Output = OMatrix<Dual2<T, N, P>, R, C>;

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
    impl Mul<Matrix<Dual2<T, N, P>, R, C, S>> for Dual2<T, N, P>, elem Dual2<T, N, P>, |c, m| m.map(|x| c * x);
    /// `c M` for a dual `c` and a borrowed dual matrix `M`.
    impl Mul<&'a Matrix<Dual2<T, N, P>, R, C, S>> for Dual2<T, N, P>, elem Dual2<T, N, P>, |c, m| m.map(|x| c * x);
    /// `c P` for a dual `c` and a plain matrix `P`: a dual matrix with tangent `dc P`.
    impl Mul<Matrix<T, R, C, S>> for Dual2<T, N, P>, elem T, |c, p| p.map(|x| c * x);
    /// `c P` for a dual `c` and a borrowed plain matrix `P`.
    impl Mul<&'a Matrix<T, R, C, S>> for Dual2<T, N, P>, elem T, |c, p| p.map(|x| c * x);
    /// `P c` for a plain matrix `P` and a dual `c`: a dual matrix with tangent `P dc`.
    impl Mul<Dual2<T, N, P>> for Matrix<T, R, C, S>, elem T, |p, c| p.map(|x| c * x);
    /// `P c` for a borrowed plain matrix `P` and a dual `c`.
    impl Mul<Dual2<T, N, P>> for &'a Matrix<T, R, C, S>, elem T, |p, c| p.map(|x| c * x);
}

// ----- SIMD value (a scalar: one lane) and field ----------------------------------------

/// A dual is a scalar for simba: one lane, itself as the element, `bool` as the mask.
/// The lane index is ignored, as for `f64`.
impl<T: Real, const N: usize, const P: usize> SimdValue for Dual2<T, N, P> {
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
impl<T: Real, const N: usize, const P: usize> Field for Dual2<T, N, P> {}

// ----- ComplexField ----------------------------------------------------------------------

/// A dual is a real field seen as a (trivially) complex one: `RealField = Self`.
///
/// Each method returns the value of the `f64` method and the tangent of its derivative;
/// see the module docs and the inherent methods of [`Dual2`] for the formulas.
impl<T: Real + RealField, const N: usize, const P: usize> ComplexField for Dual2<T, N, P> {
    type RealField = Self;

    with_unary_function_names!(forward_unary!(without_degrees to Dual2;));

    // For a real type `powc` is `powf`: both take `Dual2::pow` (a dual exponent).
    forward_methods!(Dual2;
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

    /// `|x|`, see [`Dual2::abs`] (tangent 0 at ±0).
    #[inline]
    fn modulus(self) -> Self {
        Dual2::abs(self)
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
            Dual2::constant(T::PI())
        }
    }

    /// `|x|`, see [`Dual2::abs`].
    #[inline]
    fn norm1(self) -> Self {
        Dual2::abs(self)
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
        (Dual2::abs(self), ComplexField::argument(self))
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

    /// The identity.
    #[inline]
    fn conjugate(self) -> Self {
        self
    }

    /// `(sinh x, cosh x)`.
    #[inline]
    fn sinh_cosh(self) -> (Self, Self) {
        (Dual2::sinh(self), Dual2::cosh(self))
    }

    /// True when the value is finite (as `num_traits::Float::is_finite`).
    #[inline]
    fn is_finite(&self) -> bool {
        Float::is_finite(self.re)
    }

    /// `Some(√x)` for `x ≥ 0` (see [`Dual2::sqrt`]; slope `+∞` at 0), `None` below 0 and
    /// for NaN, as for `f64`.
    #[inline]
    fn try_sqrt(self) -> Option<Self> {
        if self.re >= T::zero() {
            Some(Dual2::sqrt(self))
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
            Dual2::constant(T::$konst())
        }
    )*};
}

/// Ordering, signs and constants look at or build the value; `max`, `min`, `clamp`,
/// `copysign` and `atan2` carry tangents as their inherent / `Float` counterparts do.
impl<T: Real + RealField, const N: usize, const P: usize> RealField for Dual2<T, N, P> {
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

    // `copysign` is `±|x|` (tangent 0 at `x = ±0`); ties of `max`/`min` average the
    // tangents and a NaN is ignored; `atan2(self, other)` has `self = y`.
    forward_methods!(Dual2;
        fn copysign(self, sign: Self) -> Self;
        fn max(self, other: Self) -> Self;
        fn min(self, other: Self) -> Self;
        fn atan2(self, other: Self) -> Self;
    );

    /// [`Dual2::clamp`] (never panics), except that with crossed bounds (`min > max`) a value
    /// below `min` gives `min`, as simba's `f64` clamp does (it tests `min` first);
    /// `Float::clamp` gives `max` there, as `min(max(x, lo), hi)`.
    #[inline]
    fn clamp(self, min: Self, max: Self) -> Self {
        if self < min && min > max {
            min
        } else {
            Dual2::clamp(self, min, max)
        }
    }

    /// The most negative finite value, as a constant.
    #[inline]
    fn min_value() -> Option<Self> {
        Some(Dual2::constant(<T as Float>::min_value()))
    }

    /// The largest finite value, as a constant.
    #[inline]
    fn max_value() -> Option<Self> {
        Some(Dual2::constant(<T as Float>::max_value()))
    }
}
