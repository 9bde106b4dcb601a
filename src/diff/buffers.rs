//! Gradients and Jacobians of functions of fixed-size arrays, written into the caller's
//! buffers: no nalgebra type on the way in or out, nothing allocated, and the Jacobian in
//! the layout the caller picks through [`MatrixOut`].
//!
//! Layout: numerator, as everywhere in the crate: `J_ij = ∂f_i/∂x_j`, rows = outputs.
//! Output `i`'s tangent is row `i` of the Jacobian, so a row-major destination receives
//! each row as one contiguous copy.

use super::seed;
use super::{JacobianError, MatrixOut};
use crate::{Dual, Real};

/// Writes `∂f/∂x` for `f: R^N -> R` into `gradient` and returns `f(x)`, for `f` written
/// over arrays. One evaluation on duals of width `N`; nothing is allocated.
///
/// ```
/// use dualnum::{gradient_into, Dual};
/// // y = x0² x1 + sin x1: ∇y = [2 x0 x1, x0² + cos x1]
/// let f = |x: &[Dual<f64, 2>; 2]| x[0] * x[0] * x[1] + x[1].sin();
/// let mut g = [0.0; 2];
/// let y = gradient_into(f, &[3.0, 0.5], &mut g);
/// assert_eq!(y, 4.5 + 0.5_f64.sin());
/// assert_eq!(g, [3.0, 9.0 + 0.5_f64.cos()]);
/// ```
#[inline]
pub fn gradient_into<T: Real, const N: usize>(
    f: impl FnOnce(&[Dual<T, N>; N]) -> Dual<T, N>,
    x: &[T; N],
    gradient: &mut [T; N],
) -> T {
    let mut xd = [Dual::constant(T::zero()); N];
    seed::seed_variables(&mut xd, x);
    let y = f(&xd);
    *gradient = y.eps;
    y.re
}

/// Writes the `M x N` Jacobian of `f: R^N -> R^M` (written over arrays) into `jacobian`,
/// in the destination's own layout, and `f(x)` into `values` when given. One evaluation on
/// duals of width `N`; nothing is allocated.
///
/// `jacobian` is any [`MatrixOut`]: a [`MatrixSlice`](super::MatrixSlice) over a row- or
/// column-major slice, or an nalgebra matrix or view.
///
/// # Errors
/// [`JacobianError::BufferShape`] if `jacobian` is not `M x N`; nothing is evaluated then.
///
/// ```
/// use dualnum::{jacobian_into, Dual, MatrixSlice};
/// // f = [x0 x1, x0 + 3 x1], J = [[x1, x0], [1, 3]]
/// let f = |x: &[Dual<f64, 2>; 2]| [x[0] * x[1], x[0] + 3.0 * x[1]];
/// let (mut values, mut rows) = ([0.0; 2], [0.0; 4]);
/// let mut jac = MatrixSlice::row_major(&mut rows, 2, 2).unwrap();
/// jacobian_into(f, &[2.0, 5.0], Some(&mut values), &mut jac).unwrap();
/// assert_eq!(rows, [5.0, 2.0, 1.0, 3.0]);
/// assert_eq!(values, [10.0, 17.0]);
/// ```
#[inline]
pub fn jacobian_into<T: Real, const N: usize, const M: usize>(
    f: impl FnOnce(&[Dual<T, N>; N]) -> [Dual<T, N>; M],
    x: &[T; N],
    values: Option<&mut [T; M]>,
    jacobian: &mut impl MatrixOut<T>,
) -> Result<(), JacobianError> {
    JacobianError::check_shape("jacobian", (M, N), jacobian.shape())?;
    let mut xd = [Dual::constant(T::zero()); N];
    seed::seed_variables(&mut xd, x);
    let y = f(&xd);
    for (i, yi) in y.iter().enumerate() {
        jacobian.set_row_segment(i, 0, &yi.eps);
    }
    if let Some(values) = values {
        for (v, yi) in values.iter_mut().zip(&y) {
            *v = yi.re;
        }
    }
    Ok(())
}
