//! Hessian-vector products and second directional derivatives, forward over forward,
//! without forming the Hessian.
//!
//! [`hvp`] evaluates `f` once on `Dual<Dual<T, N>, 1>`: the inner width-`N` tangent
//! carries the gradient, the outer width-1 tangent the direction `v`, so the outer
//! derivative of the gradient is `H v` (`d/dt ∇f(x + t v)` at `t = 0`). Each operation
//! costs about three width-`N` dual operations: the cost grows with `N`, not `N²`.
//! [`second_directional_derivative`] seeds both tangents with one direction each
//! (`Dual<Dual<T, 1>, 1>`, four numbers) for `vᵀ H w` at the cost of a few evaluations of
//! `f`, whatever `N` is.

use nalgebra::{RowSVector, SVector};

use super::seed;
use crate::{Dual, Real};

/// `(f(x), ∇f(x), H(x) v)` for `f: R^N -> R`, from one evaluation on
/// `Dual<Dual<T, N>, 1>` (inner tangent: the gradient; outer tangent: along `v`). The
/// gradient is a `1 x N` row (numerator layout), `H v` a column.
///
/// ```
/// use dualnum::hvp;
/// use nalgebra::Vector2;
/// // f = x² y + y³: H = [[2y, 2x], [2x, 6y]] = [[4, 2], [2, 12]] at (1, 2)
/// let f = |v: &Vector2<_>| v[0] * v[0] * v[1] + v[1] * v[1] * v[1];
/// let (y, g, hv) = hvp(f, &Vector2::new(1.0, 2.0), &Vector2::new(1.0, -1.0));
/// assert_eq!(y, 10.0);
/// assert_eq!((g[0], g[1]), (4.0, 13.0));
/// assert_eq!(hv, Vector2::new(2.0, -10.0));
/// ```
#[inline]
pub fn hvp<T: Real, const N: usize>(
    f: impl FnOnce(&SVector<Dual<Dual<T, N>, 1>, N>) -> Dual<Dual<T, N>, 1>,
    x: &SVector<T, N>,
    v: &SVector<T, N>,
) -> (T, RowSVector<T, N>, SVector<T, N>) {
    let y = f(&seed::along_over_variables(x, v));
    (
        y.re.re,
        RowSVector::from_fn(|_, j| y.re.eps[j]),
        SVector::from_fn(|i, _| y.eps[0].eps[i]),
    )
}

/// `(f(x), vᵀ H(x) w)` for `f: R^N -> R`, the second directional derivative
/// `∂²/∂s∂t f(x + s v + t w)` at `s = t = 0`, from one evaluation on
/// `Dual<Dual<T, 1>, 1>` (inner tangent along `w`, outer along `v`). With `v = w` it is
/// the curvature of `f` along `v`.
///
/// ```
/// use dualnum::second_directional_derivative;
/// use nalgebra::Vector2;
/// // f = x² y + y³, H = [[4, 2], [2, 12]] at (1, 2): e₀ᵀ H e₁ = 2
/// let f = |v: &Vector2<_>| v[0] * v[0] * v[1] + v[1] * v[1] * v[1];
/// let x = Vector2::new(1.0, 2.0);
/// let (_, d2) = second_directional_derivative(f, &x, &Vector2::x(), &Vector2::y());
/// assert_eq!(d2, 2.0);
/// ```
#[inline]
pub fn second_directional_derivative<T: Real, const N: usize>(
    f: impl FnOnce(&SVector<Dual<Dual<T, 1>, 1>, N>) -> Dual<Dual<T, 1>, 1>,
    x: &SVector<T, N>,
    v: &SVector<T, N>,
    w: &SVector<T, N>,
) -> (T, T) {
    let xd = SVector::from_fn(|i, _| seed::along_two(x[i], v[i], w[i]));
    let y = f(&xd);
    (y.re.re, y.eps[0].eps[0])
}
