//! `num-traits` implementations for [`Dual2`], so it is a drop-in `Float` for generic code.
//! Forwarding only, as for [`Dual`](crate::Dual) (`interop/num_traits.rs`): every method
//! calls the inherent function of the same name, or looks at the value; `to_f64` keeps the
//! fraction, `clamp` never panics, `is_zero` looks at the value only.

use core::num::FpCategory;

use num_traits::{
    Float, FloatConst, FromPrimitive, Inv, MulAdd, MulAddAssign, Num, NumCast, One, Pow, Signed,
    ToPrimitive, Zero,
};

use crate::{Dual2, Real};

impl<T: Real, const N: usize, const P: usize> Zero for Dual2<T, N, P> {
    /// The constant 0.
    #[inline]
    fn zero() -> Self {
        Dual2::constant(T::zero())
    }

    /// True when the value is 0, whatever the tangent: it agrees with `==`, so nalgebra's
    /// pivoting and singularity checks treat a dual matrix exactly as its value matrix.
    #[inline]
    fn is_zero(&self) -> bool {
        self.re.is_zero()
    }
}

impl<T: Real, const N: usize, const P: usize> One for Dual2<T, N, P> {
    /// The constant 1.
    #[inline]
    fn one() -> Self {
        Dual2::constant(T::one())
    }
}

impl<T: Real, const N: usize, const P: usize> Num for Dual2<T, N, P> {
    type FromStrRadixErr = T::FromStrRadixErr;

    /// Parses the value; the result is a constant.
    fn from_str_radix(s: &str, radix: u32) -> Result<Self, Self::FromStrRadixErr> {
        T::from_str_radix(s, radix).map(Dual2::constant)
    }
}

impl<T: Real, const N: usize, const P: usize> ToPrimitive for Dual2<T, N, P> {
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

impl<T: Real, const N: usize, const P: usize> NumCast for Dual2<T, N, P> {
    /// A constant with the converted value.
    #[inline]
    fn from<U: ToPrimitive>(n: U) -> Option<Self> {
        <T as NumCast>::from(n).map(Dual2::constant)
    }
}

impl<T: Real, const N: usize, const P: usize> FromPrimitive for Dual2<T, N, P> {
    /// A constant with the value `n`.
    #[inline]
    fn from_i64(n: i64) -> Option<Self> {
        <T as NumCast>::from(n).map(Dual2::constant)
    }

    /// A constant with the value `n`.
    #[inline]
    fn from_u64(n: u64) -> Option<Self> {
        <T as NumCast>::from(n).map(Dual2::constant)
    }

    /// A constant with the value `n`, rounded as `T` converts it (the trait's default
    /// would give `None` outside the `i64` range).
    #[inline]
    fn from_i128(n: i128) -> Option<Self> {
        <T as NumCast>::from(n).map(Dual2::constant)
    }

    /// A constant with the value `n`, rounded as `T` converts it (the trait's default
    /// would give `None` outside the `u64` range).
    #[inline]
    fn from_u128(n: u128) -> Option<Self> {
        <T as NumCast>::from(n).map(Dual2::constant)
    }

    /// A constant with the value `n`.
    #[inline]
    fn from_f32(n: f32) -> Option<Self> {
        <T as NumCast>::from(n).map(Dual2::constant)
    }

    /// A constant with the value `n`, fraction kept.
    #[inline]
    fn from_f64(n: f64) -> Option<Self> {
        <T as NumCast>::from(n).map(Dual2::constant)
    }
}

/// Every `FloatConst` constant is a dual constant (zero tangent).
macro_rules! float_constants {
    ($($name:ident),*) => {
        impl<T: Real, const N: usize, const P: usize> FloatConst for Dual2<T, N, P> {
            $(
                #[doc = concat!("The constant `", stringify!($name), "`.")]
                #[inline]
                fn $name() -> Self {
                    Dual2::constant(T::$name())
                }
            )*
        }
    };
}

with_float_const_names!(float_constants);

impl<T: Real, const N: usize, const P: usize> Float for Dual2<T, N, P> {
    float_constants_and_queries!(T);

    with_unary_function_names!(forward_unary!(all to Dual2;));

    #[inline]
    fn classify(self) -> FpCategory {
        self.re.classify()
    }

    #[inline]
    fn integer_decode(self) -> (u64, i16, i8) {
        self.re.integer_decode()
    }

    // A dual exponent takes `Dual2::pow` (a constant one then the `powf` path), a dual base
    // `Dual2::log_dual_base`; `clamp` never panics; `abs_sub` is C's `fdim` with the tie rule.
    forward_methods!(Dual2;
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

impl<T: Real, const N: usize, const P: usize> Signed for Dual2<T, N, P> {
    #[inline]
    fn abs(&self) -> Self {
        Dual2::abs(*self)
    }

    #[inline]
    fn abs_sub(&self, other: &Self) -> Self {
        Dual2::abs_sub(*self, *other)
    }

    #[inline]
    fn signum(&self) -> Self {
        Dual2::signum(*self)
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

impl<T: Real, const N: usize, const P: usize> Inv for Dual2<T, N, P> {
    type Output = Self;

    /// `1/x`; see [`Dual2::recip`].
    #[inline]
    fn inv(self) -> Self {
        self.recip()
    }
}

impl<T: Real, const N: usize, const P: usize> MulAdd for Dual2<T, N, P> {
    type Output = Self;

    #[inline]
    fn mul_add(self, a: Self, b: Self) -> Self {
        Dual2::mul_add(self, a, b)
    }
}

impl<T: Real, const N: usize, const P: usize> MulAddAssign for Dual2<T, N, P> {
    #[inline]
    fn mul_add_assign(&mut self, a: Self, b: Self) {
        *self = Dual2::mul_add(*self, a, b);
    }
}

impl<T: Real, const N: usize, const P: usize> Pow<Self> for Dual2<T, N, P> {
    type Output = Self;

    /// A dual exponent; see [`Dual2::pow`].
    #[inline]
    fn pow(self, n: Self) -> Self {
        Dual2::pow(self, n)
    }
}

impl<T: Real, const N: usize, const P: usize> Pow<T> for Dual2<T, N, P> {
    type Output = Self;

    /// A plain exponent; see [`Dual2::powf`].
    #[inline]
    fn pow(self, n: T) -> Self {
        Dual2::powf(self, n)
    }
}

impl<T: Real, const N: usize, const P: usize> Pow<i32> for Dual2<T, N, P> {
    type Output = Self;

    /// An integer exponent; see [`Dual2::powi`].
    #[inline]
    fn pow(self, n: i32) -> Self {
        Dual2::powi(self, n)
    }
}
