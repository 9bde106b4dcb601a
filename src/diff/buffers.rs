//! Gradients, Jacobians and Hessians of functions of fixed-size arrays, written into the
//! caller's buffers: no nalgebra type on the way in or out, nothing allocated, and the
//! Jacobian or Hessian in the layout the caller picks through [`MatrixOut`].
//!
//! Layout: numerator, as everywhere in the crate: `J_ij = ∂f_i/∂x_j`, rows = outputs.
//! Output `i`'s tangent is row `i` of the Jacobian, so a row-major destination receives
//! each row as one contiguous copy.

use super::seed;
use super::{JacobianError, MatrixOut};
use crate::{Dual, Dual2, Real};

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
    jacobian.set_tangents(0, N, &y);
    if let Some(values) = values {
        for (v, yi) in values.iter_mut().zip(&y) {
            *v = yi.re;
        }
    }
    Ok(())
}

/// Writes the `N x N` Hessian `H_ij = ∂²f/∂x_i∂x_j` of `f: R^N -> R` (written over arrays
/// of nested duals) into `hessian`, in the destination's own layout, and `∇f(x)` into
/// `gradient` when given; returns `f(x)`. One evaluation on `Dual<Dual<T, N>, N>` (input
/// `i` seeded `x_i + ε_i + δ_i`, as in [`hessian`](crate::hessian)); nothing is allocated.
/// The upper triangle's mixed partial (`i <= j`) is written to both triangles, so the
/// result is exactly symmetric.
///
/// # Errors
/// [`JacobianError::BufferShape`] if `hessian` is not `N x N`; nothing is evaluated then.
///
/// ```
/// use dualnum::{hessian_into, Dual, MatrixSlice};
/// // f = x0² x1 + x1³: ∇f = [2 x0 x1, x0² + 3 x1²], H = [[2 x1, 2 x0], [2 x0, 6 x1]]
/// let f = |x: &[Dual<Dual<f64, 2>, 2>; 2]| x[0] * x[0] * x[1] + x[1] * x[1] * x[1];
/// let (mut g, mut h) = ([0.0; 2], [0.0; 4]);
/// let y = hessian_into(f, &[1.0, 2.0], Some(&mut g), &mut MatrixSlice::row_major(&mut h, 2, 2).unwrap())
///     .unwrap();
/// assert_eq!((y, g, h), (10.0, [4.0, 13.0], [4.0, 2.0, 2.0, 12.0]));
/// ```
#[inline]
pub fn hessian_into<T: Real, const N: usize>(
    f: impl FnOnce(&[Dual<Dual<T, N>, N>; N]) -> Dual<Dual<T, N>, N>,
    x: &[T; N],
    gradient: Option<&mut [T; N]>,
    hessian: &mut impl MatrixOut<T>,
) -> Result<T, JacobianError> {
    JacobianError::check_shape("hessian", (N, N), hessian.shape())?;
    let mut xd = [Dual::constant(Dual::constant(T::zero())); N];
    for (i, d) in xd.iter_mut().enumerate() {
        d.re.re = x[i];
        d.re.eps[i] = T::one();
        d.eps[i].re = T::one();
    }
    let y = f(&xd);
    if let Some(gradient) = gradient {
        *gradient = y.re.eps;
    }
    // Row i of the upper triangle: (i, j) = y.eps[i].eps[j] for j >= i (outer direction
    // i, inner j), one contiguous run; mirrored into column i of the lower triangle.
    for i in 0..N {
        let upper = &y.eps[i].eps[i..];
        hessian.set_row_segment(i, i, upper);
        for (k, &h) in upper.iter().enumerate().skip(1) {
            hessian.set(i + k, i, h);
        }
    }
    Ok(y.re.re)
}

/// [`hessian_into`] on the symmetric second-order number [`Dual2<T, N, P>`](Dual2)
/// (`P = N(N+1)/2`, checked at compile time), which computes each mixed partial once (see
/// [`hessian2`](crate::hessian2)): the Hessian into `hessian` in the destination's layout,
/// the gradient into `gradient` when given, and `f(x)` returned. Nothing is allocated. `P`
/// cannot be inferred from `x`: name it first, `hessian2_into::<3, _, _>` for `N = 2`.
///
/// # Errors
/// [`JacobianError::BufferShape`] if `hessian` is not `N x N`; nothing is evaluated then.
///
/// ```
/// use dualnum::{hessian2_into, Dual2, MatrixSlice};
/// // f = x0² x1 + x1³: H = [[2 x1, 2 x0], [2 x0, 6 x1]]
/// let f = |x: &[Dual2<f64, 2, 3>; 2]| x[0] * x[0] * x[1] + x[1] * x[1] * x[1];
/// let mut h = [0.0; 4];
/// let y = hessian2_into(f, &[1.0, 2.0], None, &mut MatrixSlice::col_major(&mut h, 2, 2).unwrap())
///     .unwrap();
/// assert_eq!((y, h), (10.0, [4.0, 2.0, 2.0, 12.0]));
/// ```
#[inline]
pub fn hessian2_into<const P: usize, T: Real, const N: usize>(
    f: impl FnOnce(&[Dual2<T, N, P>; N]) -> Dual2<T, N, P>,
    x: &[T; N],
    gradient: Option<&mut [T; N]>,
    hessian: &mut impl MatrixOut<T>,
) -> Result<T, JacobianError> {
    JacobianError::check_shape("hessian", (N, N), hessian.shape())?;
    let mut xd = [Dual2::<T, N, P>::constant(T::zero()); N];
    for (i, d) in xd.iter_mut().enumerate() {
        d.re = x[i];
        d.grad[i] = T::one();
    }
    let y = f(&xd);
    if let Some(gradient) = gradient {
        *gradient = y.grad;
    }
    // `hess` packs the upper triangle row by row: row i, columns i .. N, is one run.
    let mut start = 0;
    for i in 0..N {
        let upper = &y.hess[start..start + N - i];
        hessian.set_row_segment(i, i, upper);
        for (k, &h) in upper.iter().enumerate().skip(1) {
            hessian.set(i + k, i, h);
        }
        start += N - i;
    }
    Ok(y.re)
}
