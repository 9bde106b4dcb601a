//! `num-traits` implementations for [`Taylor`](crate::Taylor), so a Taylor number is a
//! drop-in `Float` for generic code. Forwarding only, as for `Dual`: every method calls the
//! inherent function of the same name (where its recurrence is written) or, for queries
//! such as `is_nan`, looks at the value; `to_f64` keeps the fraction, `clamp` never panics
//! and `is_zero` looks at the value only, as `==` does.

use core::num::FpCategory;

use num_traits::{
    Float, FloatConst, FromPrimitive, Inv, MulAdd, MulAddAssign, Num, NumCast, One, Pow, Signed,
    ToPrimitive, Zero,
};

use crate::{Real, Taylor};

impl<T: Real, const K: usize> Zero for Taylor<T, K> {
    /// The constant 0.
    #[inline]
    fn zero() -> Self {
        Taylor::constant(T::zero())
    }

    /// True when the value is 0, whatever the higher coefficients: it agrees with `==`, so
    /// nalgebra's pivoting and singularity checks treat a Taylor matrix as its value matrix.
    #[inline]
    fn is_zero(&self) -> bool {
        self.re.is_zero()
    }
}

impl<T: Real, const K: usize> One for Taylor<T, K> {
    /// The constant 1.
    #[inline]
    fn one() -> Self {
        Taylor::constant(T::one())
    }
}

impl<T: Real, const K: usize> Num for Taylor<T, K> {
    type FromStrRadixErr = T::FromStrRadixErr;

    /// Parses the value; the result is a constant.
    fn from_str_radix(s: &str, radix: u32) -> Result<Self, Self::FromStrRadixErr> {
        T::from_str_radix(s, radix).map(Taylor::constant)
    }
}

impl<T: Real, const K: usize> ToPrimitive for Taylor<T, K> {
    /// The value converted to `i64` (the higher coefficients are dropped).
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

impl<T: Real, const K: usize> NumCast for Taylor<T, K> {
    /// A constant with the converted value.
    #[inline]
    fn from<U: ToPrimitive>(n: U) -> Option<Self> {
        <T as NumCast>::from(n).map(Taylor::constant)
    }
}

impl<T: Real, const K: usize> FromPrimitive for Taylor<T, K> {
    /// A constant with the value `n`.
    #[inline]
    fn from_i64(n: i64) -> Option<Self> {
        <T as NumCast>::from(n).map(Taylor::constant)
    }

    /// A constant with the value `n`.
    #[inline]
    fn from_u64(n: u64) -> Option<Self> {
        <T as NumCast>::from(n).map(Taylor::constant)
    }

    /// A constant with the value `n`, rounded as `T` converts it (the trait's default
    /// would give `None` outside the `i64` range).
    #[inline]
    fn from_i128(n: i128) -> Option<Self> {
        <T as NumCast>::from(n).map(Taylor::constant)
    }

    /// A constant with the value `n`, rounded as `T` converts it (the trait's default
    /// would give `None` outside the `u64` range).
    #[inline]
    fn from_u128(n: u128) -> Option<Self> {
        <T as NumCast>::from(n).map(Taylor::constant)
    }

    /// A constant with the value `n`.
    #[inline]
    fn from_f32(n: f32) -> Option<Self> {
        <T as NumCast>::from(n).map(Taylor::constant)
    }

    /// A constant with the value `n`, fraction kept.
    #[inline]
    fn from_f64(n: f64) -> Option<Self> {
        <T as NumCast>::from(n).map(Taylor::constant)
    }
}

/// Every `FloatConst` constant is a Taylor constant.
macro_rules! float_constants {
    ($($name:ident),*) => {
        impl<T: Real, const K: usize> FloatConst for Taylor<T, K> {
            $(
                #[doc = concat!("The constant `", stringify!($name), "`.")]
                #[inline]
                fn $name() -> Self {
                    Taylor::constant(T::$name())
                }
            )*
        }
    };
}

with_float_const_names!(float_constants);

impl<T: Real, const K: usize> Float for Taylor<T, K> {
    float_constants_and_queries!(T);

    with_unary_function_names!(forward_unary!(all to Taylor;));

    #[inline]
    fn classify(self) -> FpCategory {
        self.re.classify()
    }

    #[inline]
    fn integer_decode(self) -> (u64, i16, i8) {
        self.re.integer_decode()
    }

    // A Taylor exponent takes `Taylor::pow` (a constant one then the `powf` path), a Taylor
    // base `Taylor::log_dual_base`; `clamp` never panics; `abs_sub` is C's `fdim` with the tie rule.
    forward_methods!(Taylor;
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

impl<T: Real, const K: usize> Signed for Taylor<T, K> {
    #[inline]
    fn abs(&self) -> Self {
        Taylor::abs(*self)
    }

    #[inline]
    fn abs_sub(&self, other: &Self) -> Self {
        Taylor::abs_sub(*self, *other)
    }

    #[inline]
    fn signum(&self) -> Self {
        Taylor::signum(*self)
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

impl<T: Real, const K: usize> Inv for Taylor<T, K> {
    type Output = Self;

    /// `1/x`; see [`Taylor::recip`].
    #[inline]
    fn inv(self) -> Self {
        self.recip()
    }
}

impl<T: Real, const K: usize> MulAdd for Taylor<T, K> {
    type Output = Self;

    #[inline]
    fn mul_add(self, a: Self, b: Self) -> Self {
        Taylor::mul_add(self, a, b)
    }
}

impl<T: Real, const K: usize> MulAddAssign for Taylor<T, K> {
    #[inline]
    fn mul_add_assign(&mut self, a: Self, b: Self) {
        *self = Taylor::mul_add(*self, a, b);
    }
}

impl<T: Real, const K: usize> Pow<Self> for Taylor<T, K> {
    type Output = Self;

    /// A Taylor exponent; see [`Taylor::pow`].
    #[inline]
    fn pow(self, n: Self) -> Self {
        Taylor::pow(self, n)
    }
}

impl<T: Real, const K: usize> Pow<T> for Taylor<T, K> {
    type Output = Self;

    /// A plain exponent; see [`Taylor::powf`].
    #[inline]
    fn pow(self, n: T) -> Self {
        Taylor::powf(self, n)
    }
}

impl<T: Real, const K: usize> Pow<i32> for Taylor<T, K> {
    type Output = Self;

    /// An integer exponent; see [`Taylor::powi`].
    #[inline]
    fn pow(self, n: i32) -> Self {
        Taylor::powi(self, n)
    }
}
