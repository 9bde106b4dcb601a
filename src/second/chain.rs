//! The second-order chain rule, through which every elementary function of [`Dual2`] is
//! written (and a user can add their own).
//!
//! One argument `a` (gradient `g`, Hessian `H`), `f` with slope `f'(a)` and curvature
//! `f''(a)`:
//!
//! ```text
//! f(a),   f'(a) g,   f'(a) H + f''(a) g gᵀ
//! ```
//!
//! Two arguments `a`, `b`, with the partials `f_a, f_b` and `f_aa, f_ab, f_bb`:
//!
//! ```text
//! gradient  f_a g_a + f_b g_b
//! Hessian   f_a H_a + f_b H_b + f_aa g_a g_aᵀ + f_ab (g_a g_bᵀ + g_b g_aᵀ) + f_bb g_b g_bᵀ
//! ```

use super::triangle;
use super::triangle::by_value as tangent;
use crate::{Dual2, Real};

impl<T: Real, const N: usize, const P: usize> Dual2<T, N, P> {
    /// The second-order chain rule: value `value = f(a)`, gradient `slope · g`, Hessian
    /// `slope · H + curvature · g gᵀ` (`slope = f'(a)`, `curvature = f''(a)`).
    ///
    /// ```
    /// use dualnum::Dual2;
    /// // g(x) = x³: g' = 3x², g'' = 6x
    /// let x = Dual2::<f64, 1, 1>::variable(2.0, 0);
    /// let g = x.chain(8.0, 12.0, 12.0);
    /// assert_eq!((g.re, g.grad[0], g.hess[0]), (8.0, 12.0, 12.0));
    /// ```
    ///
    /// Where the slope or the curvature is infinite or NaN (`sqrt` at 0, ...), a gradient
    /// component or Hessian entry that is exactly zero contributes zero instead of
    /// `0 · ∞ = NaN` (the zero-tangent guard of [`Dual::chain`](crate::Dual::chain)); the
    /// check runs only then.
    #[inline]
    pub fn chain(self, value: T, slope: T, curvature: T) -> Self {
        Dual2 {
            re: value,
            grad: tangent::guarded_scale(self.grad, slope),
            hess: triangle::scale_rank1(self.hess, slope, curvature, &self.grad),
        }
    }

    /// The chain rule for a function of two arguments: value `f(a, b)`, slopes
    /// `(f_a, f_b)`, curvatures `(f_aa, f_ab, f_bb)` (see the module formula), with the
    /// zero-tangent guard of [`Dual2::chain`] on every term.
    #[inline]
    pub fn chain2(
        value: T,
        a: &Self,
        b: &Self,
        (slope_a, slope_b): (T, T),
        (aa, ab, bb): (T, T, T),
    ) -> Self {
        let grad = tangent::add(
            tangent::guarded_scale(a.grad, slope_a),
            &tangent::guarded_scale(b.grad, slope_b),
        );
        let from_a = triangle::scale_rank1(a.hess, slope_a, aa, &a.grad);
        let from_b = triangle::scale_rank1(b.hess, slope_b, bb, &b.grad);
        let mut hess = tangent::add(from_a, &from_b);
        if !ab.is_exact_zero() {
            hess = triangle::add_sym_rank2(hess, ab, &a.grad, &b.grad);
        }
        Dual2 {
            re: value,
            grad,
            hess,
        }
    }
}
