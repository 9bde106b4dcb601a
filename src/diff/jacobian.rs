//! Gradients and Jacobians of functions of a fixed-size vector, from one evaluation on
//! duals whose tangent width equals the input dimension.
//!
//! Layout: numerator, as in the lecture notes. The gradient of `f: R^N -> R` is a `1 x N`
//! row; the Jacobian of `f: R^N -> R^M` is `M x N`, rows = outputs, columns = inputs.

use nalgebra::{RowSVector, SMatrix, SVector};

use super::seed;
use crate::{Dual, Real};

/// `(f(x), ∂f/∂x)` for `f: R^N -> R`, the gradient as the notes define it in numerator
/// layout: a `1 x N` row `[∂f/∂x_1, ..., ∂f/∂x_N]`. Take `.transpose()` for the column
/// (denominator layout).
///
/// ```
/// use dualnum::{gradient, Dual};
/// use nalgebra::Vector3;
/// // the notes' y = x1² + x1 ln x2 + e^(x2 x3) + 2 x3
/// let f = |x: &Vector3<Dual<f64, 3>>| x[0] * x[0] + x[0] * x[1].ln() + (x[1] * x[2]).exp() + 2.0 * x[2];
/// let (x1, x2, x3) = (1.3_f64, 0.7, 0.4);
/// let (_, g) = gradient(f, &Vector3::new(x1, x2, x3));
/// let e = (x2 * x3).exp();
/// let expected = [2.0 * x1 + x2.ln(), x1 / x2 + x3 * e, x2 * e + 2.0];
/// for j in 0..3 {
///     assert!((g[j] - expected[j]).abs() < 1e-14);
/// }
/// ```
#[inline]
pub fn gradient<T: Real, const N: usize>(
    f: impl FnOnce(&SVector<Dual<T, N>, N>) -> Dual<T, N>,
    x: &SVector<T, N>,
) -> (T, RowSVector<T, N>) {
    let mut xd = seed::zeros::<T, N>();
    seed::seed_variables(xd.as_mut_slice(), x.as_slice());
    let y = f(&xd);
    (y.re, RowSVector::from_fn(|_, j| y.eps[j]))
}

/// `(f(x), J(x))` for `f: R^N -> R^M`: the `M x N` Jacobian `J_ij = ∂f_i/∂x_j`, its column
/// `j` read from tangent component `j` of the outputs.
///
/// ```
/// use dualnum::jacobian;
/// use nalgebra::{Matrix2x3, Vector2, Vector3};
/// // the notes' (errata) f = [x1 + x2 x3 + x1 x3, x1² + 2 x3]
/// let f = |x: &Vector3<_>| Vector2::new(x[0] + x[1] * x[2] + x[0] * x[2], x[0] * x[0] + 2.0 * x[2]);
/// let (x1, x2, x3) = (0.5, -1.2, 2.0);
/// let (_, j) = jacobian(f, &Vector3::new(x1, x2, x3));
/// assert_eq!(j, Matrix2x3::new(1.0 + x3, x3, x2 + x1, 2.0 * x1, 0.0, 2.0));
/// ```
#[inline]
pub fn jacobian<T: Real, const N: usize, const M: usize>(
    f: impl FnOnce(&SVector<Dual<T, N>, N>) -> SVector<Dual<T, N>, M>,
    x: &SVector<T, N>,
) -> (SVector<T, M>, SMatrix<T, M, N>) {
    let mut xd = seed::zeros::<T, N>();
    seed::seed_variables(xd.as_mut_slice(), x.as_slice());
    let y = f(&xd);
    (y.map(|d| d.re), SMatrix::from_fn(|i, j| y[i].eps[j]))
}
