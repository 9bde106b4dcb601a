//! The [`Real`] trait: what a number must offer to sit inside a [`Dual`](crate::Dual).

use core::fmt::Debug;
use num_traits::{Float, FloatConst};

/// A real scalar that can be the value and tangent type of a [`Dual`](crate::Dual):
/// `f32`, `f64`, or a dual number itself (which is how duals nest for higher derivatives).
///
/// It is [`Float`] plus the two things the chain rule needs that `Float` cannot say:
/// an exact test for zero (for a dual, `==` compares the value only, by design), and
/// a way to write a literal constant without an `Option`.
pub trait Real: Float + FloatConst + Default + Debug + Send + Sync + 'static {
    /// True when this number is exactly zero in every component: for `f64`, `self == 0`;
    /// for a dual, the value and every tangent component are zero.
    fn is_exact_zero(&self) -> bool;

    /// The `f64` literal `x` in this type (rounded for `f32`; a constant for a dual).
    fn literal(x: f64) -> Self;
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
}
