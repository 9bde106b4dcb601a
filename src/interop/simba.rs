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
//! `tests/linear_algebra.rs` checks, against independent `f64` oracles: determinants (Jacobi's
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

/// Duals form a field: `+ - * /` with their `*Assign` forms and negation (`dual/ops.rs`).
impl<T: Real, const N: usize> Field for Dual<T, N> {}

// ----- ComplexField ----------------------------------------------------------------------

/// A dual is a real field seen as a (trivially) complex one: `RealField = Self`.
///
/// Each method returns the value of the `f64` method and the tangent of its derivative;
/// see the module docs and the inherent methods of [`Dual`] for the formulas.
impl<T: Real + RealField, const N: usize> ComplexField for Dual<T, N> {
    type RealField = Self;

    with_unary_function_names!(forward_unary!(without_degrees to Dual;));

    // For a real type `powc` is `powf`: both take `Dual::pow` (a dual exponent).
    forward_methods!(Dual;
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

    /// The identity.
    #[inline]
    fn conjugate(self) -> Self {
        self
    }

    /// `(sinh x, cosh x)`.
    #[inline]
    fn sinh_cosh(self) -> (Self, Self) {
        (Dual::sinh(self), Dual::cosh(self))
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

    // `copysign` is `±|x|` (tangent 0 at `x = ±0`); ties of `max`/`min` average the
    // tangents and a NaN is ignored; `atan2(self, other)` has `self = y`.
    forward_methods!(Dual;
        fn copysign(self, sign: Self) -> Self;
        fn max(self, other: Self) -> Self;
        fn min(self, other: Self) -> Self;
        fn atan2(self, other: Self) -> Self;
    );

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
