//! Crate-internal macros. Declared before every module (`#[macro_use]` in `lib.rs`), so
//! each is visible in every file below; each says what it generates.
//!
//! - `with_float_const_names!`: the list of `FloatConst` constants, for a callback;
//! - `with_unary_function_names!`: THE table of one-argument elementary functions, by
//!   kind, from which the `Float`, `ComplexField` and tracer impls are generated;
//! - `forward_unary!`: trait methods that forward to the inherent function of the same
//!   name (where its formula is written);
//! - `float_constants_and_queries!`: the `Float` constants and queries shared by every
//!   number type of the crate;
//! - `num_traits_impls!`, `float_const_impl!`: all `num-traits` impls of a number type,
//!   forwarding only (`interop/*num_traits.rs` each call it once).

/// Calls the macro `$m` with the names of every `num_traits::FloatConst` constant, so each
/// number type that implements `FloatConst` lists them once, here.
macro_rules! with_float_const_names {
    ($m:ident!($($args:tt)*)) => {
        $m!($($args)* E,
            FRAC_1_PI,
            FRAC_1_SQRT_2,
            FRAC_2_PI,
            FRAC_2_SQRT_PI,
            FRAC_PI_2,
            FRAC_PI_3,
            FRAC_PI_4,
            FRAC_PI_6,
            FRAC_PI_8,
            LN_10,
            LN_2,
            LOG10_E,
            LOG2_E,
            PI,
            SQRT_2,
            TAU,
            LOG10_2,
            LOG2_10);
    };
    ($m:ident) => {
        $m!(E,
            FRAC_1_PI,
            FRAC_1_SQRT_2,
            FRAC_2_PI,
            FRAC_2_SQRT_PI,
            FRAC_PI_2,
            FRAC_PI_3,
            FRAC_PI_4,
            FRAC_PI_6,
            FRAC_PI_8,
            LN_10,
            LN_2,
            LOG10_E,
            LOG2_E,
            PI,
            SQRT_2,
            TAU,
            LOG10_2,
            LOG2_10);
    };
}

/// THE table of one-argument elementary functions, by kind; calls `$m!($args ...)` with
/// the table appended:
/// `differentiable [...] degrees [...] constant [...]`.
///
/// - `differentiable`: a derivative that is not identically zero (for a tracer: the
///   result keeps the argument's dependencies); each is an inherent `Dual` method whose
///   doc gives its formula;
/// - `degrees`: `to_degrees` and `to_radians` (in `Float`, not in `ComplexField`);
/// - `constant`: piecewise constant, zero derivative (for a tracer: no dependency).
///
/// Adding a one-argument function to the crate is one inherent method plus one name here.
macro_rules! with_unary_function_names {
    ($m:ident!($($args:tt)*)) => {
        $m!($($args)*
            differentiable [
                fract, abs, recip, sqrt, cbrt, exp, exp2, exp_m1, ln, ln_1p, log2, log10, sin,
                cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh
            ]
            degrees [to_degrees, to_radians]
            constant [floor, ceil, round, trunc, signum]
        );
    };
}

/// Trait methods `fn name(self) -> Self { Ty::name(self) }` forwarding to the inherent
/// method of the same name, where the derivative is written. Used with
/// `with_unary_function_names!`: `all to Ty;` generates every function of the table
/// (the `Float` methods), `without_degrees to Ty;` all but the degree conversions (the
/// `ComplexField` methods).
macro_rules! forward_unary {
    (all to $ty:ident; differentiable [$($d:ident),*] degrees [$($g:ident),*]
        constant [$($c:ident),*]) => {
        forward_unary!(@emit $ty; $($d,)* $($g,)* $($c),*);
    };
    (without_degrees to $ty:ident; differentiable [$($d:ident),*] degrees [$($g:ident),*]
        constant [$($c:ident),*]) => {
        forward_unary!(@emit $ty; $($d,)* $($c),*);
    };
    (@emit $ty:ident; $($name:ident),*) => {$(
        #[inline]
        fn $name(self) -> Self {
            $ty::$name(self)
        }
    )*};
}

/// The `num_traits::Float` methods that every number type of this crate answers the same
/// way: the constants (`nan`, `epsilon`, ...) as `Self::constant` of the inner type's, and
/// the queries (`is_nan`, `is_sign_negative`, ...) from `self.value()`. Used inside
/// `impl Float` blocks, with the inner (value) type as the argument.
macro_rules! float_constants_and_queries {
    ($inner:ty) => {
        float_constants_and_queries!(@constants $inner;
            nan, infinity, neg_infinity, neg_zero, min_value, min_positive_value, epsilon,
            max_value);
        float_constants_and_queries!(@queries
            is_nan, is_infinite, is_finite, is_normal, is_subnormal, is_sign_positive,
            is_sign_negative);
    };
    (@constants $inner:ty; $($name:ident),*) => {$(
        #[inline]
        fn $name() -> Self {
            Self::constant(<$inner as num_traits::Float>::$name())
        }
    )*};
    (@queries $($name:ident),*) => {$(
        #[inline]
        fn $name(self) -> bool {
            self.value().$name()
        }
    )*};
}

/// Trait methods that forward to an inherent method of `$ty`, where the formula is
/// written: each `fn name(self, arg: Ty, ...) -> Ret => target;` generates
/// `#[inline] fn name(self, arg: Ty, ...) -> Ret { $ty::target(self, arg, ...) }`;
/// without `=> target` the inherent method has the trait method's name.
macro_rules! forward_methods {
    ($ty:ident; $(fn $name:ident(self $(, $arg:ident: $argty:ty)*) -> $ret:ty $(=> $target:ident)?;)*) => {$(
        #[inline]
        fn $name(self $(, $arg: $argty)*) -> $ret {
            forward_methods!(@target $ty, $name $(, $target)?)(self $(, $arg)*)
        }
    )*};
    (@target $ty:ident, $name:ident) => {
        $ty::$name
    };
    (@target $ty:ident, $name:ident, $target:ident) => {
        $ty::$target
    };
}

/// The `num-traits` implementations of a number type of the crate (`Dual`, `Dual2`,
/// `Taylor`): `Zero`, `One`, `Num`, `ToPrimitive`, `NumCast`, `FromPrimitive`,
/// `FloatConst`, `Float`, `Signed`, `Inv`, `MulAdd`, `MulAddAssign` and `Pow` for `Self`,
/// `T` and `i32`, every method forwarding to the inherent method of the same name (where
/// the formula is) or looking at the value. Called as
/// `num_traits_impls!([T: Real, const N: usize] Dual<T, N>, Dual);` in a file that imports
/// the `num_traits` traits; the type must have `re`, `constant`, `value` and every
/// function of `with_unary_function_names!`.
macro_rules! num_traits_impls {
    ([$($gen:tt)*] $self_ty:ty, $ty:ident) => {
        impl<$($gen)*> Zero for $self_ty {
            /// The constant 0.
            #[inline]
            fn zero() -> Self {
                $ty::constant(T::zero())
            }

            /// True when the value is 0, whatever the derivative parts: it agrees with `==`, so
            /// nalgebra's pivoting and singularity checks treat a matrix exactly as its value matrix.
            #[inline]
            fn is_zero(&self) -> bool {
                self.re.is_zero()
            }
        }

        impl<$($gen)*> One for $self_ty {
            /// The constant 1.
            #[inline]
            fn one() -> Self {
                $ty::constant(T::one())
            }
        }

        impl<$($gen)*> Num for $self_ty {
            type FromStrRadixErr = T::FromStrRadixErr;

            /// Parses the value; the result is a constant.
            fn from_str_radix(s: &str, radix: u32) -> Result<Self, Self::FromStrRadixErr> {
                T::from_str_radix(s, radix).map($ty::constant)
            }
        }

        impl<$($gen)*> ToPrimitive for $self_ty {
            /// The value converted to `i64` (the derivative parts are dropped).
            #[inline]
            fn to_i64(&self) -> Option<i64> {
                self.re.to_i64()
            }

            /// The value converted to `u64`.
            #[inline]
            fn to_u64(&self) -> Option<u64> {
                self.re.to_u64()
            }

            /// The value converted to `i128`.
            #[inline]
            fn to_i128(&self) -> Option<i128> {
                self.re.to_i128()
            }

            /// The value converted to `u128`.
            #[inline]
            fn to_u128(&self) -> Option<u128> {
                self.re.to_u128()
            }

            /// The value as `f32`, fraction kept.
            #[inline]
            fn to_f32(&self) -> Option<f32> {
                self.re.to_f32()
            }

            /// The value as `f64`, fraction kept (the trait's default would truncate through
            /// `to_i64`).
            #[inline]
            fn to_f64(&self) -> Option<f64> {
                self.re.to_f64()
            }
        }

        impl<$($gen)*> NumCast for $self_ty {
            /// A constant with the converted value.
            #[inline]
            fn from<U: ToPrimitive>(n: U) -> Option<Self> {
                <T as NumCast>::from(n).map($ty::constant)
            }
        }

        impl<$($gen)*> FromPrimitive for $self_ty {
            /// A constant with the value `n`.
            #[inline]
            fn from_i64(n: i64) -> Option<Self> {
                <T as NumCast>::from(n).map($ty::constant)
            }

            /// A constant with the value `n`.
            #[inline]
            fn from_u64(n: u64) -> Option<Self> {
                <T as NumCast>::from(n).map($ty::constant)
            }

            /// A constant with the value `n`, rounded as `T` converts it (the trait's default
            /// would give `None` outside the `i64` range).
            #[inline]
            fn from_i128(n: i128) -> Option<Self> {
                <T as NumCast>::from(n).map($ty::constant)
            }

            /// A constant with the value `n`, rounded as `T` converts it (the trait's default
            /// would give `None` outside the `u64` range).
            #[inline]
            fn from_u128(n: u128) -> Option<Self> {
                <T as NumCast>::from(n).map($ty::constant)
            }

            /// A constant with the value `n`.
            #[inline]
            fn from_f32(n: f32) -> Option<Self> {
                <T as NumCast>::from(n).map($ty::constant)
            }

            /// A constant with the value `n`, fraction kept.
            #[inline]
            fn from_f64(n: f64) -> Option<Self> {
                <T as NumCast>::from(n).map($ty::constant)
            }
        }

        with_float_const_names!(float_const_impl!([$($gen)*] $self_ty, $ty;));

        impl<$($gen)*> Float for $self_ty {
            float_constants_and_queries!(T);

            with_unary_function_names!(forward_unary!(all to $ty;));

            #[inline]
            fn classify(self) -> FpCategory {
                self.re.classify()
            }

            #[inline]
            fn integer_decode(self) -> (u64, i16, i8) {
                self.re.integer_decode()
            }

            // An exponent of the number type takes the inherent `pow` (a constant one then the `powf` path); a base of the number type
            // the inherent `log_dual_base`; `clamp` never panics; `abs_sub` is C's `fdim` with the tie rule.
            forward_methods!($ty;
                fn mul_add(self, a: Self, b: Self) -> Self;
                fn powi(self, n: i32) -> Self;
                fn powf(self, n: Self) -> Self => pow;
                fn log(self, base: Self) -> Self => log_dual_base;
                fn max(self, other: Self) -> Self;
                fn min(self, other: Self) -> Self;
                fn clamp(self, min: Self, max: Self) -> Self;
                fn abs_sub(self, other: Self) -> Self;
                fn hypot(self, other: Self) -> Self;
                fn atan2(self, other: Self) -> Self;
                fn sin_cos(self) -> (Self, Self);
                fn copysign(self, sign: Self) -> Self;
            );
        }

        impl<$($gen)*> Signed for $self_ty {
            #[inline]
            fn abs(&self) -> Self {
                $ty::abs(*self)
            }

            #[inline]
            fn abs_sub(&self, other: &Self) -> Self {
                $ty::abs_sub(*self, *other)
            }

            #[inline]
            fn signum(&self) -> Self {
                $ty::signum(*self)
            }

            /// True when the value's sign bit is clear, as `Signed::is_positive` is for `f32`/`f64`
            /// (`+0` and `+∞` are positive), so generic code branches as on floats.
            #[inline]
            fn is_positive(&self) -> bool {
                self.re.is_sign_positive()
            }

            /// True when the value's sign bit is set, as `Signed::is_negative` is for `f32`/`f64`
            /// (`-0` and `-∞` are negative).
            #[inline]
            fn is_negative(&self) -> bool {
                self.re.is_sign_negative()
            }
        }

        impl<$($gen)*> Inv for $self_ty {
            type Output = Self;

            /// `1/x`; see the inherent `recip`.
            #[inline]
            fn inv(self) -> Self {
                self.recip()
            }
        }

        impl<$($gen)*> MulAdd for $self_ty {
            type Output = Self;

            #[inline]
            fn mul_add(self, a: Self, b: Self) -> Self {
                $ty::mul_add(self, a, b)
            }
        }

        impl<$($gen)*> MulAddAssign for $self_ty {
            #[inline]
            fn mul_add_assign(&mut self, a: Self, b: Self) {
                *self = $ty::mul_add(*self, a, b);
            }
        }

        impl<$($gen)*> Pow<Self> for $self_ty {
            type Output = Self;

            /// A number-type exponent; see the inherent `pow`.
            #[inline]
            fn pow(self, n: Self) -> Self {
                $ty::pow(self, n)
            }
        }

        impl<$($gen)*> Pow<T> for $self_ty {
            type Output = Self;

            /// A plain exponent; see the inherent `powf`.
            #[inline]
            fn pow(self, n: T) -> Self {
                $ty::powf(self, n)
            }
        }

        impl<$($gen)*> Pow<i32> for $self_ty {
            type Output = Self;

            /// An integer exponent; see the inherent `powi`.
            #[inline]
            fn pow(self, n: i32) -> Self {
                $ty::powi(self, n)
            }
        }
    };
}

/// `impl FloatConst for $self_ty`: every constant of `with_float_const_names!` as
/// `$ty::constant` of the value type's.
macro_rules! float_const_impl {
    ([$($gen:tt)*] $self_ty:ty, $ty:ident; $($name:ident),*) => {
        impl<$($gen)*> FloatConst for $self_ty {
            $(
                #[doc = concat!("The constant `", stringify!($name), "`.")]
                #[inline]
                fn $name() -> Self {
                    $ty::constant(T::$name())
                }
            )*
        }
    };
}
