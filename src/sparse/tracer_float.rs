//! `num-traits` and [`Real`] implementations for [`Tracer`], so generic code runs on it.
//!
//! Each function computes its value with `f64` and decides the dependencies: those of its
//! argument(s) for a function with a derivative that is not identically zero, none for a
//! piecewise-constant function, and for `max`/`min`/`clamp` those of the argument the value
//! selects (both on a tie), as the [`Dual`](crate::Dual) rules do. Queries (`is_nan`,
//! `to_f64`, ...) look at the value.

use core::num::FpCategory;

use num_traits::{Float, FloatConst, FromPrimitive, Num, NumCast, One, Signed, ToPrimitive, Zero};

use super::Tracer;
use super::trace;
use crate::Real;
use crate::dual::selection::{self, ByValue};

impl Zero for Tracer {
    /// The constant 0.
    #[inline]
    fn zero() -> Self {
        Tracer::constant(0.0)
    }

    /// True when the value is 0 (whatever the dependencies), agreeing with `==`.
    #[inline]
    fn is_zero(&self) -> bool {
        self.value() == 0.0
    }
}

impl One for Tracer {
    /// The constant 1.
    #[inline]
    fn one() -> Self {
        Tracer::constant(1.0)
    }
}

impl Num for Tracer {
    type FromStrRadixErr = <f64 as Num>::FromStrRadixErr;

    /// Parses a constant.
    fn from_str_radix(s: &str, radix: u32) -> Result<Self, Self::FromStrRadixErr> {
        f64::from_str_radix(s, radix).map(Tracer::constant)
    }
}

impl ToPrimitive for Tracer {
    /// The value converted to `i64`.
    #[inline]
    fn to_i64(&self) -> Option<i64> {
        self.value().to_i64()
    }

    /// The value converted to `u64`.
    #[inline]
    fn to_u64(&self) -> Option<u64> {
        self.value().to_u64()
    }

    /// The value as `f32`.
    #[inline]
    fn to_f32(&self) -> Option<f32> {
        self.value().to_f32()
    }

    /// The value, fraction kept.
    #[inline]
    fn to_f64(&self) -> Option<f64> {
        Some(self.value())
    }
}

impl NumCast for Tracer {
    /// A constant with the converted value.
    #[inline]
    fn from<U: ToPrimitive>(n: U) -> Option<Self> {
        n.to_f64().map(Tracer::constant)
    }
}

impl FromPrimitive for Tracer {
    /// A constant.
    #[inline]
    fn from_i64(n: i64) -> Option<Self> {
        Some(Tracer::constant(n as f64))
    }

    /// A constant.
    #[inline]
    fn from_u64(n: u64) -> Option<Self> {
        Some(Tracer::constant(n as f64))
    }

    /// A constant.
    #[inline]
    fn from_f64(n: f64) -> Option<Self> {
        Some(Tracer::constant(n))
    }
}

/// Every `FloatConst` constant is a tracer constant.
macro_rules! float_constants {
    ($($name:ident),*) => {
        impl FloatConst for Tracer {
            $(
                #[doc = concat!("The constant `", stringify!($name), "`.")]
                #[inline]
                fn $name() -> Self {
                    Tracer::constant(f64::$name())
                }
            )*
        }
    };
}

with_float_const_names!(float_constants);

/// The one-argument functions of the crate's table (`with_unary_function_names!`): those
/// with a derivative that is not identically zero keep the argument's dependencies, the
/// piecewise-constant ones drop them.
macro_rules! tracer_unary {
    (differentiable [$($d:ident),*] degrees [$($g:ident),*] constant [$($c:ident),*]) => {
        $(
            #[inline]
            fn $d(self) -> Self {
                self.keep(self.value().$d())
            }
        )*
        $(
            #[inline]
            fn $g(self) -> Self {
                self.keep(self.value().$g())
            }
        )*
        $(
            #[inline]
            fn $c(self) -> Self {
                Tracer::constant(self.value().$c())
            }
        )*
    };
}

/// The selection rules' view of a tracer: compared by its value; a tie depends on both.
impl ByValue for Tracer {
    type Value = f64;

    #[inline]
    fn compared_value(&self) -> f64 {
        self.value()
    }

    #[inline]
    fn tie(self, other: Self) -> Self {
        self.join(other, self.value())
    }
}

impl Float for Tracer {
    float_constants_and_queries!(f64);

    with_unary_function_names!(tracer_unary!());

    #[inline]
    fn classify(self) -> FpCategory {
        self.value().classify()
    }

    #[inline]
    fn integer_decode(self) -> (u64, i16, i8) {
        self.value().integer_decode()
    }

    /// Depends on all three.
    #[inline]
    fn mul_add(self, a: Self, b: Self) -> Self {
        Tracer::from_dep(
            self.value().mul_add(a.value(), b.value()),
            trace::union3(self.dep(), a.dep(), b.dep()),
        )
    }

    /// `powi(0)` is the constant 1; otherwise the dependencies of `self`.
    #[inline]
    fn powi(self, n: i32) -> Self {
        if n == 0 {
            Tracer::constant(1.0)
        } else {
            self.keep(self.value().powi(n))
        }
    }

    /// Depends on base and exponent.
    #[inline]
    fn powf(self, n: Self) -> Self {
        self.join(n, self.value().powf(n.value()))
    }

    /// Depends on both.
    #[inline]
    fn log(self, base: Self) -> Self {
        self.join(base, self.value().log(base.value()))
    }

    /// The larger by value (its dependencies; both on a tie; a NaN is ignored).
    #[inline]
    fn max(self, other: Self) -> Self {
        selection::max(self, other)
    }

    /// The smaller by value (its dependencies; both on a tie; a NaN is ignored).
    #[inline]
    fn min(self, other: Self) -> Self {
        selection::min(self, other)
    }

    /// `min(max(self, lo), hi)` by value, never panicking (as `Dual::clamp`).
    #[inline]
    fn clamp(self, lo: Self, hi: Self) -> Self {
        selection::clamp(self, lo, hi)
    }

    /// `max(self - other, 0)`, with the dependencies of the branch taken (a NaN argument
    /// propagates; equal infinities give the constant 0, as for `f64` and `Dual`).
    #[inline]
    fn abs_sub(self, other: Self) -> Self {
        selection::abs_sub(self, other, Tracer::constant(0.0))
    }

    /// Depends on both.
    #[inline]
    fn hypot(self, other: Self) -> Self {
        self.join(other, self.value().hypot(other.value()))
    }

    /// Depends on both.
    #[inline]
    fn atan2(self, other: Self) -> Self {
        self.join(other, self.value().atan2(other.value()))
    }

    #[inline]
    fn sin_cos(self) -> (Self, Self) {
        let (s, c) = self.value().sin_cos();
        (self.keep(s), self.keep(c))
    }

    /// `|self|` with the sign of `sign`: the dependencies of `self` (the sign is piecewise
    /// constant).
    #[inline]
    fn copysign(self, sign: Self) -> Self {
        self.keep(self.value().copysign(sign.value()))
    }
}

impl Signed for Tracer {
    #[inline]
    fn abs(&self) -> Self {
        Float::abs(*self)
    }

    #[inline]
    fn abs_sub(&self, other: &Self) -> Self {
        Float::abs_sub(*self, *other)
    }

    #[inline]
    fn signum(&self) -> Self {
        Float::signum(*self)
    }

    /// True when the value's sign bit is clear, as for `f64` (`+0` is positive), so a
    /// function takes the same branch when traced as when evaluated.
    #[inline]
    fn is_positive(&self) -> bool {
        self.value().is_sign_positive()
    }

    /// True when the value's sign bit is set, as for `f64` (`-0` is negative).
    #[inline]
    fn is_negative(&self) -> bool {
        self.value().is_sign_negative()
    }
}

impl Real for Tracer {
    /// True when the value is 0 and the tracer depends on no input.
    #[inline]
    fn is_exact_zero(&self) -> bool {
        self.value() == 0.0 && self.is_constant()
    }

    /// A constant.
    #[inline]
    fn literal(x: f64) -> Self {
        Tracer::constant(x)
    }
}
