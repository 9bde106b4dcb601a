//! Derivatives of functions of one scalar: `derivative` (scalar -> scalar),
//! `derivative_vector` and `derivative_matrix` (scalar -> vector or matrix), and
//! directional derivatives (`directional_derivative`, `jvp`) of functions of a vector.
//!
//! Each needs one evaluation of `f` on duals with a single tangent component, and returns
//! the value together with the derivative, since the value comes free.

#[cfg(feature = "nalgebra")]
use nalgebra::{SMatrix, SVector};

use super::seed;
use crate::{Dual, Real};

/// `(f(x), f'(x))` for `f: R -> R`, from one evaluation on `Dual<T, 1>`.
///
/// `T` may itself be a dual, so derivatives nest (a derivative of a derivative).
///
/// ```
/// use dualnum::derivative;
/// // y = x² ln x², dy/dx = 2x (ln x² + 1)
/// let (y, dy) = derivative(|x| (x * x) * (x * x).ln(), 1.7_f64);
/// assert!((dy - 2.0 * 1.7 * ((1.7_f64 * 1.7).ln() + 1.0)).abs() < 1e-12);
/// assert_eq!(y, 1.7_f64.powi(2) * (1.7_f64.powi(2)).ln());
/// ```
#[inline]
pub fn derivative<T: Real>(f: impl FnOnce(Dual<T, 1>) -> Dual<T, 1>, x: T) -> (T, T) {
    let y = f(seed::along(x, T::one()));
    (y.re, y.eps[0])
}

/// `(f(x), df/dx)` for `f: R -> R^(R x C)`: the derivative has the output's shape,
/// entry `(i, j)` being `d f_ij / dx`.
///
/// ```
/// use dualnum::{derivative_matrix, Dual};
/// use nalgebra::Matrix2;
/// // the notes' [[cos x, sin x], [e^x, tanh x]]
/// let f = |x: Dual<f64, 1>| Matrix2::new(x.cos(), x.sin(), x.exp(), x.tanh());
/// let (_, d) = derivative_matrix(f, 0.5);
/// let t = 0.5_f64.tanh();
/// assert!((d[(1, 1)] - (1.0 - t * t)).abs() < 1e-15);
/// assert!((d[(0, 0)] + 0.5_f64.sin()).abs() < 1e-15);
/// ```
#[cfg(feature = "nalgebra")]
#[inline]
pub fn derivative_matrix<T: Real, const R: usize, const C: usize>(
    f: impl FnOnce(Dual<T, 1>) -> SMatrix<Dual<T, 1>, R, C>,
    x: T,
) -> (SMatrix<T, R, C>, SMatrix<T, R, C>) {
    let y = f(seed::along(x, T::one()));
    (y.map(|d| d.re), y.map(|d| d.eps[0]))
}

/// `(f(x), df/dx)` for `f: R -> R^M`: the derivative is an `M`-vector (a column, in
/// numerator layout), entry `i` being `d f_i / dx`.
///
/// ```
/// use dualnum::{derivative_vector, Dual};
/// use nalgebra::Vector3;
/// // the notes' [3x² + x, e^x, ln x], derivative [6x + 1, e^x, 1/x]
/// let f = |x: Dual<f64, 1>| Vector3::new(3.0 * x * x + x, x.exp(), x.ln());
/// let (_, d) = derivative_vector(f, 2.0);
/// assert_eq!(d[0], 13.0);
/// assert_eq!(d[2], 0.5);
/// ```
#[cfg(feature = "nalgebra")]
#[inline]
pub fn derivative_vector<T: Real, const M: usize>(
    f: impl FnOnce(Dual<T, 1>) -> SVector<Dual<T, 1>, M>,
    x: T,
) -> (SVector<T, M>, SVector<T, M>) {
    derivative_matrix(f, x)
}

/// `(f(x), ∇f(x) · v)` for `f: R^N -> R`: the derivative of `f` along the direction `v`,
/// from one evaluation on `Dual<T, 1>` whatever `N` is.
///
/// ```
/// use dualnum::directional_derivative;
/// use nalgebra::Vector2;
/// // f = x y, ∇f = (y, x); along (1, 1) at (2, 3): 3 + 2
/// let (_, d) = directional_derivative(|x| x[0] * x[1], &Vector2::new(2.0, 3.0), &Vector2::new(1.0, 1.0));
/// assert_eq!(d, 5.0);
/// ```
#[cfg(feature = "nalgebra")]
#[inline]
pub fn directional_derivative<T: Real, const N: usize>(
    f: impl FnOnce(&SVector<Dual<T, 1>, N>) -> Dual<T, 1>,
    x: &SVector<T, N>,
    v: &SVector<T, N>,
) -> (T, T) {
    let xd = SVector::from_fn(|i, _| seed::along(x[i], v[i]));
    let y = f(&xd);
    (y.re, y.eps[0])
}

/// The Jacobian-vector product: `(f(x), J(x) v)` for `f: R^N -> R^M`, from one evaluation
/// on `Dual<T, 1>`, without forming the `M x N` Jacobian.
///
/// ```
/// use dualnum::jvp;
/// use nalgebra::Vector2;
/// // f = (x y, x + y), J = [[y, x], [1, 1]]; J (1, 0) = (y, 1)
/// let f = |x: &Vector2<_>| Vector2::new(x[0] * x[1], x[0] + x[1]);
/// let (_, jv) = jvp(f, &Vector2::new(2.0, 3.0), &Vector2::new(1.0, 0.0));
/// assert_eq!(jv, Vector2::new(3.0, 1.0));
/// ```
#[cfg(feature = "nalgebra")]
#[inline]
pub fn jvp<T: Real, const N: usize, const M: usize>(
    f: impl FnOnce(&SVector<Dual<T, 1>, N>) -> SVector<Dual<T, 1>, M>,
    x: &SVector<T, N>,
    v: &SVector<T, N>,
) -> (SVector<T, M>, SVector<T, M>) {
    let xd = SVector::from_fn(|i, _| seed::along(x[i], v[i]));
    let y = f(&xd);
    (y.map(|d| d.re), y.map(|d| d.eps[0]))
}
