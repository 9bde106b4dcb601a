//! The chain rule, through which every elementary function of [`Dual`] is written (and
//! through which a user adds their own): `f(a + da ε) = f(a) + f'(a) da ε`, and for two
//! arguments `f(a, b) + (∂f/∂a da + ∂f/∂b db) ε`.

use super::tangent;
use crate::{Dual, Real};

impl<T: Real, const N: usize> Dual<T, N> {
    /// The chain rule: a dual with value `value = f(a)` and tangent `slope · da`, where
    /// `slope = f'(a)`. This is how every elementary function here is written, and how you
    /// can add your own:
    ///
    /// ```
    /// use dualnum::Dual;
    /// // a custom function g(x) = x³ with g'(x) = 3x²
    /// let x = Dual::<f64, 1>::variable(2.0, 0);
    /// let g = x.chain(x.re.powi(3), 3.0 * x.re * x.re);
    /// assert_eq!((g.re, g.eps[0]), (8.0, 12.0));
    /// ```
    ///
    /// Where the slope is infinite or NaN (`sqrt` or `ln` at 0, `asin` at ±1, ...), a tangent
    /// component that is exactly zero stays zero instead of becoming `0 · ∞ = NaN`: that
    /// component means "this input does not influence the argument", and so it does not
    /// influence the result either. The check runs only when the slope is not finite, so
    /// the common path is one multiplication per component.
    #[inline]
    pub fn chain(self, value: T, slope: T) -> Self {
        let mut eps = self.eps;
        tangent::guarded_scale(&mut eps, slope);
        Dual { re: value, eps }
    }

    /// The chain rule for a function of two duals: value `f(a, b)`, tangent
    /// `∂f/∂a · da + ∂f/∂b · db`, with the same zero-tangent guard as [`Dual::chain`] on
    /// each term.
    #[inline]
    pub fn chain2(value: T, a: &Self, slope_a: T, b: &Self, slope_b: T) -> Self {
        let (mut eps, mut from_b) = (a.eps, b.eps);
        tangent::guarded_scale(&mut eps, slope_a);
        tangent::guarded_scale(&mut from_b, slope_b);
        tangent::add(&mut eps, &from_b);
        Dual { re: value, eps }
    }
}
