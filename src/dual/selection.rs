//! The rules that choose between numbers by value, written once for every number type of
//! the crate ([`Dual`](crate::Dual) and the sparsity [`Tracer`](crate::sparse::Tracer)):
//! `max`, `min`, `clamp` and `abs_sub`.
//!
//! Each looks at the values only, as `f64` does, so generic code takes the same branch on
//! every number type. What differs is the tie, where both arguments have the same value:
//! a dual averages the two tangents (order-independent, a valid subgradient), a tracer
//! depends on both arguments.

use core::ops::Sub;

use num_traits::Float;

/// A number that the selection rules can choose between by value.
pub(crate) trait ByValue: Copy {
    /// The type of the value compared.
    type Value: Float;

    /// The value compared.
    fn compared_value(&self) -> Self::Value;

    /// `self` and `other` at their common value, with what both contribute: the average of
    /// the tangents for a dual, the union of the dependencies for a tracer.
    fn tie(self, other: Self) -> Self;
}

/// The larger of `a` and `b` by value; a tie gives [`ByValue::tie`], and a NaN argument is
/// ignored, as in `f64::max`.
#[inline]
pub(crate) fn max<X: ByValue>(a: X, b: X) -> X {
    let (av, bv) = (a.compared_value(), b.compared_value());
    if bv > av || av.is_nan() {
        b
    } else if av > bv || bv.is_nan() {
        a
    } else {
        a.tie(b)
    }
}

/// The smaller of `a` and `b` by value; ties and NaN as for [`max`].
#[inline]
pub(crate) fn min<X: ByValue>(a: X, b: X) -> X {
    let (av, bv) = (a.compared_value(), b.compared_value());
    if bv < av || av.is_nan() {
        b
    } else if av < bv || bv.is_nan() {
        a
    } else {
        a.tie(b)
    }
}

/// `min(max(x, lo), hi)`, never panicking (unlike `f64::clamp`): a NaN `x` stays NaN, a
/// NaN bound is ignored, and with `lo > hi` the result is `hi`.
#[inline]
pub(crate) fn clamp<X: ByValue>(x: X, lo: X, hi: X) -> X {
    if x.compared_value().is_nan() {
        return x;
    }
    min(max(x, lo), hi)
}

/// `max(a - b, 0)` (C's `fdim`) with the tie rule of [`max`] at `a == b`; a NaN argument
/// propagates. Equal infinities give `zero`, as for `f64` (`∞ - ∞` is NaN, which `max`
/// ignores).
#[inline]
pub(crate) fn abs_sub<X: ByValue + Sub<Output = X>>(a: X, b: X, zero: X) -> X {
    let d = a - b;
    if a.compared_value().is_nan() || b.compared_value().is_nan() {
        d
    } else {
        max(d, zero)
    }
}
