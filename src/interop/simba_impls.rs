//! `simba_impls!`: every simba scalar trait of a number type of the crate, written once.
//!
//! What it generates, for one number type (`Dual`, `Dual2` or `Taylor`) and one simba
//! version (the crate path given: `simba`, 0.10, for nalgebra 0.35; `simba_v0_9` for
//! nalgebra 0.34 behind the `nalgebra_v0_34` feature), with the matching nalgebra path:
//!
//! - `SubsetOf<Self> for Self` (the identity) and `SubsetOf<Self> for f32 / f64` (a plain
//!   float is a constant; back, the value is kept and the derivative parts dropped;
//!   `is_in_subset` is always true: nalgebra's matrix exponential relies on it);
//! - `c * M`, `c * &M`, `c * P`, `c * &P`, `P * c`, `&P * c` for a number `c`, a matrix `M`
//!   of numbers and a plain matrix `P` of that nalgebra;
//! - `SimdValue` (one lane, `bool` mask) and `Field`;
//! - `ComplexField` (a real field seen as a trivially complex one) and `RealField`.
//!
//! Forwarding only: each method calls the inherent method of the type where its formula
//! is written (`sin`, `pow`, `atan2`, ...), or looks at / builds the value. The three
//! number types answer every method in the same way (their former near-copies differed in
//! the wording of their docs only), so the only per-type inputs are the generics, the
//! type, its constructor path and the name of its derivative parts in the docs. The type
//! must have the public field `re` (the value), `constant`, `abs`, `sqrt`, `sinh`, `cosh`,
//! `clamp`, `copysign`, `max`, `min`, `atan2`, `mul_add`, `hypot`, `sin_cos`,
//! `log_dual_base`, `powi`, `pow` and every function of `with_unary_function_names!`.
//!
//! simba 0.9.1 and 0.10.2 declare the same scalar traits with the same methods (0.10
//! writes out by hand the `ComplexField` methods that 0.9 generated with its own macro,
//! and moves to rand 0.10): one body serves both, with no per-version arm. Should a later
//! simba add or drop a method, that difference goes into an arm of this macro keyed on the
//! version, not into a copy.
//!
//! Called as
//! `simba_impls!(simba, nalgebra; [T: Real, const N: usize] Dual<T, N>, Dual, "tangent");`
//! in a file that imports the type; every trait path inside is absolute (`::simba::...`,
//! `::num_traits::...`), so two versions can be generated in the same file.

/// See the module docs: `simba_impls!(simba_crate, nalgebra_crate; [generics] Type<..>,
/// Constructor, "name of the derivative parts");`.
macro_rules! simba_impls {
    ($simba:ident, $na:ident; [$($gen:tt)*] $self_ty:ty, $ty:ident, $parts:literal) => {
        // ----- conversions -------------------------------------------------------------

        /// The identity conversion.
        impl<$($gen)*> ::$simba::scalar::SubsetOf<$self_ty> for $self_ty {
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

        simba_impls!(@float_subset $simba; [$($gen)*] $self_ty, $ty, $parts, f32);
        simba_impls!(@float_subset $simba; [$($gen)*] $self_ty, $ty, $parts, f64);

        // ----- a number times a matrix -------------------------------------------------

        simba_impls!(@times_matrix $na; [$($gen)*] $self_ty, $parts);

        // ----- SIMD value (a scalar: one lane) and field -------------------------------

        /// A scalar for simba: one lane, itself as the element, `bool` as the mask. The lane
        /// index is ignored, as for `f64`.
        impl<$($gen)*> ::$simba::simd::SimdValue for $self_ty {
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

            // The trait declares this method `unsafe`; the body is safe (one lane, nothing
            // to index), so the declaration is the only unsafe thing here.
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

        /// `+ - * /` with their `*Assign` forms and negation, from the type's `ops.rs` (for
        /// a truncated Taylor series: a field wherever the value is non-zero).
        impl<$($gen)*> ::$simba::scalar::Field for $self_ty {}

        // ----- ComplexField ------------------------------------------------------------

        #[doc = concat!(
            "A real field seen as a (trivially) complex one: `RealField = Self`. Each method ",
            "returns the value of the `f64` method and the ", $parts, " of the function; see ",
            "the inherent methods for the formulas."
        )]
        impl<$($gen)*> ::$simba::scalar::ComplexField for $self_ty
        where
            T: ::$simba::scalar::RealField,
        {
            type RealField = Self;

            with_unary_function_names!(forward_unary!(without_degrees to $ty;));

            // For a real type `powc` is `powf`: both take the inherent `pow` (an exponent
            // of the number type).
            forward_methods!($ty;
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
                <Self as ::num_traits::Zero>::zero()
            }

            #[doc = concat!("`|x|`, the inherent `abs` (", $parts, " 0 at ±0).")]
            #[inline]
            fn modulus(self) -> Self {
                $ty::abs(self)
            }

            /// `x · x`.
            #[inline]
            fn modulus_squared(self) -> Self {
                self * self
            }

            /// 0 for `x ≥ 0`, π otherwise (NaN included, as for `f64`): piecewise constant,
            /// so a constant.
            #[inline]
            fn argument(self) -> Self {
                if self.re >= T::zero() {
                    <Self as ::num_traits::Zero>::zero()
                } else {
                    $ty::constant(T::PI())
                }
            }

            /// `|x|`, the inherent `abs`.
            #[inline]
            fn norm1(self) -> Self {
                $ty::abs(self)
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

            /// `(|x|, argument)`: the modulus of `modulus` and the constant angle.
            #[inline]
            fn to_polar(self) -> (Self, Self) {
                (
                    $ty::abs(self),
                    <Self as ::$simba::scalar::ComplexField>::argument(self),
                )
            }

            #[doc = concat!(
                "`(x, 1)` for `x ≥ 0` and `(-x, -1)` otherwise, as for `f64`: the unit part ",
                "is a constant and the product of the two parts is `x` exactly, ", $parts,
                " included. (So at `x = 0` the modulus part is the branch chosen, not the ",
                "midpoint rule of `abs`; the callers, such as Householder reflections, need ",
                "`modulus · unit = x` to hold.)"
            )]
            #[inline]
            fn to_exp(self) -> (Self, Self) {
                let one = <Self as ::num_traits::One>::one();
                if self.re >= T::zero() {
                    (self, one)
                } else {
                    (-self, -one)
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
                ($ty::sinh(self), $ty::cosh(self))
            }

            /// True when the value is finite (as `num_traits::Float::is_finite`).
            #[inline]
            fn is_finite(&self) -> bool {
                <T as ::num_traits::Float>::is_finite(self.re)
            }

            /// `Some(√x)` for `x ≥ 0` (the inherent `sqrt`; slope `+∞` at 0), `None` below 0
            /// and for NaN, as for `f64`.
            #[inline]
            fn try_sqrt(self) -> Option<Self> {
                if self.re >= T::zero() {
                    Some($ty::sqrt(self))
                } else {
                    None
                }
            }
        }

        // ----- RealField ---------------------------------------------------------------

        #[doc = concat!(
            "Ordering, signs and constants look at or build the value; `max`, `min`, `clamp`, ",
            "`copysign` and `atan2` carry the ", $parts, " as their inherent counterparts do."
        )]
        impl<$($gen)*> ::$simba::scalar::RealField for $self_ty
        where
            T: ::$simba::scalar::RealField,
        {
            simba_impls!(@constants $ty;
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
                <T as ::num_traits::Float>::is_sign_positive(self.re)
            }

            /// The sign bit of the value.
            #[inline]
            fn is_sign_negative(&self) -> bool {
                <T as ::num_traits::Float>::is_sign_negative(self.re)
            }

            // `copysign` is `±|x|` (derivative parts 0 at `x = ±0`); ties of `max`/`min`
            // average the derivative parts and a NaN is ignored; `atan2(self, other)` has
            // `self = y`.
            forward_methods!($ty;
                fn copysign(self, sign: Self) -> Self;
                fn max(self, other: Self) -> Self;
                fn min(self, other: Self) -> Self;
                fn atan2(self, other: Self) -> Self;
            );

            /// The inherent `clamp` (never panics), except that with crossed bounds
            /// (`min > max`) a value below `min` gives `min`, as simba's `f64` clamp does (it
            /// tests `min` first); `Float::clamp` gives `max` there, as `min(max(x, lo), hi)`.
            #[inline]
            fn clamp(self, min: Self, max: Self) -> Self {
                if self < min && min > max {
                    min
                } else {
                    $ty::clamp(self, min, max)
                }
            }

            /// The most negative finite value, as a constant.
            #[inline]
            fn min_value() -> Option<Self> {
                Some($ty::constant(<T as ::num_traits::Float>::min_value()))
            }

            /// The largest finite value, as a constant.
            #[inline]
            fn max_value() -> Option<Self> {
                Some($ty::constant(<T as ::num_traits::Float>::max_value()))
            }
        }
    };

    // `SubsetOf<Self> for $f` (a plain float).
    (@float_subset $simba:ident; [$($gen:tt)*] $self_ty:ty, $ty:ident, $parts:literal, $f:ty) => {
        #[doc = concat!(
            "A plain `", stringify!($f), "` embeds as a constant (zero ", $parts, "); back, ",
            "the value is converted and the ", $parts, " dropped; `is_in_subset` is always ",
            "true, like `f64 -> f32` (nalgebra's matrix exponential relies on it)."
        )]
        impl<$($gen)*> ::$simba::scalar::SubsetOf<$self_ty> for $f
        where
            T: ::$simba::scalar::SupersetOf<$f>,
        {
            #[inline]
            fn to_superset(&self) -> $self_ty {
                $ty::constant(<T as ::$simba::scalar::SupersetOf<$f>>::from_subset(self))
            }

            #[inline]
            fn from_superset_unchecked(element: &$self_ty) -> $f {
                <T as ::$simba::scalar::SupersetOf<$f>>::to_subset_unchecked(&element.re)
            }

            #[inline]
            fn is_in_subset(_: &$self_ty) -> bool {
                true
            }
        }
    };

    // The six scalar multiples of a number and a matrix, result a matrix of numbers:
    // `c · M` has entries `c mᵢⱼ`. (nalgebra itself provides `Matrix<Self> * Self`; the
    // orphan rule rules out `Matrix<Self> * T` and `Matrix<T> * Matrix<Self>`.)
    (@times_matrix $na:ident; [$($gen:tt)*] $self_ty:ty, $parts:literal) => {
        simba_impls!(@mul $na; [$($gen)*] $self_ty;
            "`c M` for a number `c` and a matrix `M` of numbers (the scalar on the left).",
            impl Mul<::$na::Matrix<$self_ty, R, C, S>> for $self_ty, elem $self_ty,
            |c, m| m.map(|x| c * x));
        simba_impls!(@mul $na; [$($gen)*] $self_ty;
            "`c M` for a number `c` and a borrowed matrix `M` of numbers.",
            impl Mul<&'a ::$na::Matrix<$self_ty, R, C, S>> for $self_ty, elem $self_ty,
            |c, m| m.map(|x| c * x));
        simba_impls!(@mul $na; [$($gen)*] $self_ty;
            concat!("`c P` for a number `c` and a plain matrix `P`: ", $parts, " `dc P`."),
            impl Mul<::$na::Matrix<T, R, C, S>> for $self_ty, elem T,
            |c, p| p.map(|x| c * x));
        simba_impls!(@mul $na; [$($gen)*] $self_ty;
            "`c P` for a number `c` and a borrowed plain matrix `P`.",
            impl Mul<&'a ::$na::Matrix<T, R, C, S>> for $self_ty, elem T,
            |c, p| p.map(|x| c * x));
        simba_impls!(@mul $na; [$($gen)*] $self_ty;
            concat!("`P c` for a plain matrix `P` and a number `c`: ", $parts, " `P dc`."),
            impl Mul<$self_ty> for ::$na::Matrix<T, R, C, S>, elem T,
            |p, c| p.map(|x| c * x));
        simba_impls!(@mul $na; [$($gen)*] $self_ty;
            "`P c` for a borrowed plain matrix `P` and a number `c`.",
            impl Mul<$self_ty> for &'a ::$na::Matrix<T, R, C, S>, elem T,
            |p, c| p.map(|x| c * x));
    };

    (@mul $na:ident; [$($gen:tt)*] $self_ty:ty; $doc:expr,
        impl Mul<$rhs:ty> for $lhs:ty, elem $elem:ty, |$a:ident, $m:ident| $body:expr) => {
        #[doc = $doc]
        impl<'a, $($gen)*, R: ::$na::Dim, C: ::$na::Dim, S> ::core::ops::Mul<$rhs> for $lhs
        where
            S: ::$na::RawStorage<$elem, R, C>,
            ::$na::DefaultAllocator: ::$na::allocator::Allocator<R, C>,
        {
            type Output = ::$na::OMatrix<$self_ty, R, C>;

            #[inline]
            fn mul(self, rhs: $rhs) -> Self::Output {
                let ($a, $m) = (self, rhs);
                $body
            }
        }
    };

    // `RealField` constants: the number type's constants of `T`'s.
    (@constants $ty:ident; $($name:ident = $konst:ident),*) => {$(
        #[inline]
        fn $name() -> Self {
            $ty::constant(T::$konst())
        }
    )*};
}
