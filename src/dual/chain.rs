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
    /// Where the value is finite but the slope is not (`sqrt` and `cbrt` at 0, `asin` at
    /// ±1, ...), a tangent component that is exactly zero stays zero instead of becoming
    /// `0 · ∞ = NaN`: that component means "this input does not influence the argument",
    /// and so it does not influence the result either. The check runs only when the slope
    /// is not finite, so the common path is one multiplication per component. (It also
    /// runs where the value is not finite: there the rule allows either answer, and a
    /// function of yours gets the safe one.)
    #[inline]
    pub fn chain(self, value: T, slope: T) -> Self {
        let mut eps = self.eps;
        tangent::guarded_scale(&mut eps, slope);
        Dual { re: value, eps }
    }

    /// The chain rule without the zero-tangent guard, for a function whose slope is
    /// finite wherever its value is (`exp`: `f' = f`; `sin`: `|f'| <= 1`; ...): where the
    /// slope is not finite the value is not either, and there the documented rule lets
    /// the tangent follow IEEE arithmetic, so no test is needed. Each caller says why its
    /// slope qualifies.
    #[inline(always)]
    pub(crate) fn chain_unguarded(self, value: T, slope: T) -> Self {
        let mut eps = self.eps;
        tangent::scale(&mut eps, slope);
        Dual { re: value, eps }
    }

    /// The chain rule for a slope `1 / d`: tangent `da / d`, divided rather than
    /// multiplied by a reciprocal, so a subnormal `d` (whose reciprocal overflows while the
    /// value stays finite, as for `ln` there) gives the finite quotient and a zero component
    /// stays zero. At `d = 0` the quotient is `±∞`, or NaN for a zero component: the
    /// logarithms' value is `-∞` there.
    #[inline(always)]
    pub(crate) fn chain_divided(self, value: T, d: T) -> Self {
        let mut eps = self.eps;
        if N <= 4 {
            tangent::divide_each(&mut eps, d); // as cheap as one reciprocal, and no test
        } else {
            tangent::divide(&mut eps, d);
        }
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
