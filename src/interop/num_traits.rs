//! `num-traits` implementations, so a dual is a drop-in `Float` for generic code.
//!
//! Every method delegates to the inherent elementary function of the same name (where
//! the derivative is written down) or, for queries such as `is_nan`, looks at the value.
//! Methods whose `num-traits` default would be wrong for a dual are written out: `to_f64`
//! keeps the fraction (the default goes through `to_i64`), `clamp` never panics, and
//! `is_zero` looks at the value only, as `==` does.

use core::num::FpCategory;

use num_traits::{
    Float, FloatConst, FromPrimitive, Inv, MulAdd, MulAddAssign, Num, NumCast, One, Pow, Signed,
    ToPrimitive, Zero,
};

use crate::{Dual, Real};

impl<T: Real, const N: usize> Zero for Dual<T, N> {
    /// The constant 0.
    #[inline]
    fn zero() -> Self {
        Dual::constant(T::zero())
    }

    /// True when the value is 0, whatever the tangent: it agrees with `==`, so nalgebra's
    /// pivoting and singularity checks treat a dual matrix exactly as its value matrix.
    #[inline]
    fn is_zero(&self) -> bool {
        self.re.is_zero()
    }
}

impl<T: Real, const N: usize> One for Dual<T, N> {
    /// The constant 1.
    #[inline]
    fn one() -> Self {
        Dual::constant(T::one())
    }
}

impl<T: Real, const N: usize> Num for Dual<T, N> {
    type FromStrRadixErr = T::FromStrRadixErr;

    /// Parses the value; the result is a constant.
    fn from_str_radix(s: &str, radix: u32) -> Result<Self, Self::FromStrRadixErr> {
        T::from_str_radix(s, radix).map(Dual::constant)
    }
}

impl<T: Real, const N: usize> ToPrimitive for Dual<T, N> {
    /// The value converted to `i64` (the tangent is dropped).
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

impl<T: Real, const N: usize> NumCast for Dual<T, N> {
    /// A constant with the converted value.
    #[inline]
    fn from<U: ToPrimitive>(n: U) -> Option<Self> {
        <T as NumCast>::from(n).map(Dual::constant)
    }
}

impl<T: Real, const N: usize> FromPrimitive for Dual<T, N> {
    /// A constant with the value `n`.
    #[inline]
    fn from_i64(n: i64) -> Option<Self> {
        <T as NumCast>::from(n).map(Dual::constant)
    }

    /// A constant with the value `n`.
    #[inline]
    fn from_u64(n: u64) -> Option<Self> {
        <T as NumCast>::from(n).map(Dual::constant)
    }

    /// A constant with the value `n`, rounded as `T` converts it (the trait's default
    /// would give `None` outside the `i64` range).
    #[inline]
    fn from_i128(n: i128) -> Option<Self> {
        <T as NumCast>::from(n).map(Dual::constant)
    }

    /// A constant with the value `n`, rounded as `T` converts it (the trait's default
    /// would give `None` outside the `u64` range).
    #[inline]
    fn from_u128(n: u128) -> Option<Self> {
        <T as NumCast>::from(n).map(Dual::constant)
    }

    /// A constant with the value `n`.
    #[inline]
    fn from_f32(n: f32) -> Option<Self> {
        <T as NumCast>::from(n).map(Dual::constant)
    }

    /// A constant with the value `n`, fraction kept.
    #[inline]
    fn from_f64(n: f64) -> Option<Self> {
        <T as NumCast>::from(n).map(Dual::constant)
    }
}

/// Every `FloatConst` constant is a dual constant (zero tangent).
macro_rules! float_constants {
    ($($name:ident),*) => {
        impl<T: Real, const N: usize> FloatConst for Dual<T, N> {
            $(
                #[doc = concat!("The constant `", stringify!($name), "`.")]
                #[inline]
                fn $name() -> Self {
                    Dual::constant(T::$name())
                }
            )*
        }
    };
}

with_float_const_names!(float_constants);

impl<T: Real, const N: usize> Float for Dual<T, N> {
    float_constants_and_queries!(T);

    with_unary_function_names!(forward_unary!(all to Dual;));

    #[inline]
    fn classify(self) -> FpCategory {
        self.re.classify()
    }

    #[inline]
    fn integer_decode(self) -> (u64, i16, i8) {
        self.re.integer_decode()
    }

    // A dual exponent takes `Dual::pow` (a constant one then the `powf` path), a dual base
    // `Dual::log_dual_base`; `clamp` never panics; `abs_sub` is C's `fdim` with the tie rule.
    forward_methods!(Dual;
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

impl<T: Real, const N: usize> Signed for Dual<T, N> {
    #[inline]
    fn abs(&self) -> Self {
        Dual::abs(*self)
    }

    #[inline]
    fn abs_sub(&self, other: &Self) -> Self {
        Dual::abs_sub(*self, *other)
    }

    #[inline]
    fn signum(&self) -> Self {
        Dual::signum(*self)
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

impl<T: Real, const N: usize> Inv for Dual<T, N> {
    type Output = Self;

    /// `1/x`; see [`Dual::recip`].
    #[inline]
    fn inv(self) -> Self {
        self.recip()
    }
}

impl<T: Real, const N: usize> MulAdd for Dual<T, N> {
    type Output = Self;

    #[inline]
    fn mul_add(self, a: Self, b: Self) -> Self {
        Dual::mul_add(self, a, b)
    }
}

impl<T: Real, const N: usize> MulAddAssign for Dual<T, N> {
    #[inline]
    fn mul_add_assign(&mut self, a: Self, b: Self) {
        *self = Dual::mul_add(*self, a, b);
    }
}

impl<T: Real, const N: usize> Pow<Self> for Dual<T, N> {
    type Output = Self;

    /// A dual exponent; see [`Dual::pow`].
    #[inline]
    fn pow(self, n: Self) -> Self {
        Dual::pow(self, n)
    }
}

impl<T: Real, const N: usize> Pow<T> for Dual<T, N> {
    type Output = Self;

    /// A plain exponent; see [`Dual::powf`].
    #[inline]
    fn pow(self, n: T) -> Self {
        Dual::powf(self, n)
    }
}

impl<T: Real, const N: usize> Pow<i32> for Dual<T, N> {
    type Output = Self;

    /// An integer exponent; see [`Dual::powi`].
    #[inline]
    fn pow(self, n: i32) -> Self {
        Dual::powi(self, n)
    }
}
