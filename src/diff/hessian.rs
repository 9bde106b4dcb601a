//! Dense Hessians of functions of a fixed-size vector: [`hessian2`] on the symmetric
//! second-order [`Dual2`] (each mixed partial once), and [`hessian`] on nested duals
//! `Dual<Dual<T, N>, N>` (each mixed partial twice; kept for code written over nested duals).

use nalgebra::{RowSVector, SMatrix, SVector};

use super::seed;
use crate::{Dual, Dual2, Real};

/// `(f(x), ∇f(x), H(x))` for `f: R^N -> R`: the value, the gradient (a `1 x N` row,
/// numerator layout) and the symmetric `N x N` Hessian `H_ij = ∂²f/∂x_i∂x_j`, from one
/// evaluation on nested duals.
///
/// Input `i` is seeded as `x_i + ε_i + δ_i` (inner tangent `ε`, outer tangent `δ`), so the
/// result's inner tangent is the gradient and its `δ_i ε_j` component is `H_ij`. The two
/// mixed partials `H_ij` and `H_ji` are computed by different operation orders and can
/// differ in the last bit; the result takes the upper triangle's (`i <= j`) for both, so it
/// is exactly symmetric (and, unlike an average, cannot overflow near `f64::MAX`).
///
/// ```
/// use dualnum::hessian;
/// use nalgebra::Vector2;
/// // f = x² y + y³: H = [[2y, 2x], [2x, 6y]]
/// let f = |v: &Vector2<_>| v[0] * v[0] * v[1] + v[1] * v[1] * v[1];
/// let (_, g, h) = hessian(f, &Vector2::new(1.0, 2.0));
/// assert_eq!((g[0], g[1]), (4.0, 13.0));
/// assert_eq!(h, nalgebra::Matrix2::new(4.0, 2.0, 2.0, 12.0));
/// ```
#[inline]
pub fn hessian<T: Real, const N: usize>(
    f: impl FnOnce(&SVector<Dual<Dual<T, N>, N>, N>) -> Dual<Dual<T, N>, N>,
    x: &SVector<T, N>,
) -> (T, RowSVector<T, N>, SMatrix<T, N, N>) {
    let y = f(&seed::nested_variables(x));
    let gradient = RowSVector::from_fn(|_, j| y.re.eps[j]);
    // The mixed partials `y.eps[i].eps[j]` (outer direction i, inner j) and
    // `y.eps[j].eps[i]` are equal in exact arithmetic; the upper triangle's is taken for both,
    // so the result is exactly symmetric, with nothing to round or overflow.
    let hessian = SMatrix::from_fn(|i, j| {
        if i <= j {
            y.eps[i].eps[j]
        } else {
            y.eps[j].eps[i]
        }
    });
    (y.re.re, gradient, hessian)
}

/// `(f(x), ∇f(x), H(x))` for `f: R^N -> R` from one evaluation on the symmetric
/// second-order number [`Dual2<T, N, P>`](Dual2) (`P = N(N+1)/2`, checked at compile time),
/// which computes each mixed partial once: about half the time of the nested [`hessian`]
/// at `N = 16` and `32` (0.41-0.54 x in two runs), 0.71-1.05 x at `N = 6`
/// (`docs/performance.md`). Exactly
/// symmetric by construction (both triangles are read from the one packed entry).
///
/// `P` cannot be inferred from `x`: name it first, `hessian2::<21, _, _>` for `N = 6`, or
/// annotate the closure's argument.
///
/// ```
/// use dualnum::hessian2;
/// use nalgebra::{Matrix2, Vector2};
/// // f = x² y + y³: ∇f = (2xy, x² + 3y²), H = [[2y, 2x], [2x, 6y]]
/// let f = |v: &Vector2<_>| v[0] * v[0] * v[1] + v[1] * v[1] * v[1];
/// let (y, g, h) = hessian2::<3, _, _>(f, &Vector2::new(1.0, 2.0));
/// assert_eq!(y, 10.0);
/// assert_eq!((g[0], g[1]), (4.0, 13.0));
/// assert_eq!(h, Matrix2::new(4.0, 2.0, 2.0, 12.0));
/// ```
#[inline]
pub fn hessian2<const P: usize, T: Real, const N: usize>(
    f: impl FnOnce(&SVector<Dual2<T, N, P>, N>) -> Dual2<T, N, P>,
    x: &SVector<T, N>,
) -> (T, RowSVector<T, N>, SMatrix<T, N, N>) {
    let y = f(&seed::second_order_variables(x));
    (
        y.re,
        RowSVector::from_fn(|_, j| y.grad[j]),
        y.hessian_matrix(),
    )
}
