//! The [`Real`] trait: what a number must offer to sit inside a [`Dual`](crate::Dual).

use core::fmt::Debug;
use num_traits::{Float, FloatConst};

/// A real scalar that can be the value and tangent type of a [`Dual`](crate::Dual):
/// `f32`, `f64`, or a dual number itself (which is how duals nest for higher derivatives).
///
/// It is [`Float`] plus what the chain rule and fast generic code need that `Float` cannot
/// say: an exact test for zero (for a dual, `==` compares the value only, by design), a
/// way to write a literal constant without an `Option`, and multiplication by a plain
/// constant ([`mul_f64`](Real::mul_f64)).
pub trait Real: Float + FloatConst + Default + Debug + Send + Sync + 'static {
    /// True when this number is exactly zero in every component: for `f64`, `self == 0`;
    /// for a dual, the value and every tangent component are zero.
    fn is_exact_zero(&self) -> bool;

    /// The `f64` literal `x` in this type (rounded for `f32`; a constant for a dual).
    fn literal(x: f64) -> Self;

    /// `self * c` for a plain constant `c`: every component of a dual multiplied by `c`
    /// (`d(c x) = c dx`).
    ///
    /// Generic code gets the same result from `x * S::literal(c)`, but for a dual that is
    /// a full dual product, `re c + (c eps + 0 re)`, whose multiplications by the literal's
    /// zero tangent IEEE arithmetic does not let the compiler drop (`0 * inf` is NaN).
    /// `mul_f64` does only the `N + 1` multiplications. The default is that product.
    ///
    /// ```
    /// use dualnum::{Dual, Real};
    /// fn f<S: Real>(x: S) -> S {
    ///     x.mul_f64(3.0) * x // 3x², d/dx = 6x
    /// }
    /// let y = f(Dual::<f64, 1>::variable(2.0, 0));
    /// assert_eq!((y.re, y.eps[0]), (12.0, 12.0));
    /// assert_eq!(f(2.0_f64), 12.0);
    /// ```
    #[inline]
    fn mul_f64(self, c: f64) -> Self {
        self * Self::literal(c)
    }
}

impl Real for f64 {
    #[inline]
    fn is_exact_zero(&self) -> bool {
        *self == 0.0
    }

    #[inline]
    fn literal(x: f64) -> Self {
        x
    }

    #[inline]
    fn mul_f64(self, c: f64) -> Self {
        self * c
    }
}

impl Real for f32 {
    #[inline]
    fn is_exact_zero(&self) -> bool {
        *self == 0.0
    }

    #[inline]
    fn literal(x: f64) -> Self {
        x as f32
    }

    /// `self * (c as f32)`.
    #[inline]
    fn mul_f64(self, c: f64) -> Self {
        self * c as f32
    }
}
