//! The derivative helpers for functions of a matrix `X ∈ R^(R x C)`: seeding its entries,
//! the gradient of a scalar and the vectorized Jacobians of a vector or a matrix, static and
//! dynamic sizes, and elementwise maps. The crate docs ("Derivatives with respect to a
//! matrix") state the seeding order and the result shapes.

use nalgebra::{DMatrix, DVector, SMatrix, SVector};

use super::MatrixJacobian;
use super::tensor::VecOrder;
use crate::diff::seed;
use crate::{Dual, JacobianError, MatrixOut, Real, jacobian_chunked};

/// `X` as dual numbers of width `N = R·C`: entry `(r, c)` is the variable with tangent
/// index `c·R + r` (column-major, nalgebra's storage order). This is the seeding the
/// functions of this module use, for callers who evaluate a function of `X` themselves.
///
/// A width other than `R·C` is a compile-time error.
///
/// ```
/// use dualnum::seed_matrix;
/// use nalgebra::matrix;
/// let x = seed_matrix::<4, _, 2, 2>(&matrix![1.0, 2.0; 3.0, 4.0]);
/// assert_eq!(x[(1, 0)].eps, [0.0, 1.0, 0.0, 0.0]); // X[1][0] is entry number 0·2 + 1
/// assert_eq!(x[(0, 1)].eps, [0.0, 0.0, 1.0, 0.0]); // X[0][1] is entry number 1·2 + 0
/// ```
#[inline]
pub fn seed_matrix<const N: usize, T: Real, const R: usize, const C: usize>(
    x: &SMatrix<T, R, C>,
) -> SMatrix<Dual<T, N>, R, C> {
    const {
        assert!(
            N == R * C,
            "the tangent width N must equal R * C, the number of entries of the R x C input"
        )
    }
    let mut seeded = SMatrix::<Dual<T, N>, R, C>::from_element(Dual::constant(T::zero()));
    // nalgebra stores column-major: storage entry k is (k mod R, k div R).
    seed::seed_variables(seeded.as_mut_slice(), x.as_slice());
    seeded
}

/// The value and derivative of a scalar function of a matrix, `y = f(X)` with
/// `X ∈ R^(R x C)`: `(f(X), ∂y/∂X)`, the derivative in **numerator layout**, a `C x R`
/// matrix (shaped like `Xᵀ`) with entry `(i, j) = ∂y/∂X[j][i]`. Transpose it for the
/// denominator layout (shaped like `X`, the gradient-descent step's shape).
///
/// One forward pass with duals of width `N = R·C` (checked at compile time). The notes'
/// example, the sum of the entries of a 3 x 4 matrix, has `∂y/∂X` = the 4 x 3 matrix of ones:
///
/// ```
/// use dualnum::gradient_wrt_matrix;
/// use nalgebra::{SMatrix, Matrix3x4};
/// let x = Matrix3x4::from_fn(|r, c| (4 * r + c + 1) as f64); // x1 .. x12, row by row
/// let (y, dy_dx) = gradient_wrt_matrix::<12, _, _, _>(|x| x.sum(), &x);
/// assert_eq!(y, 78.0);
/// assert_eq!(dy_dx, SMatrix::<f64, 4, 3>::repeat(1.0));
/// ```
#[inline]
pub fn gradient_wrt_matrix<const N: usize, T: Real, const R: usize, const C: usize>(
    f: impl FnOnce(&SMatrix<Dual<T, N>, R, C>) -> Dual<T, N>,
    x: &SMatrix<T, R, C>,
) -> (T, SMatrix<T, C, R>) {
    let y = f(&seed_matrix::<N, T, R, C>(x));
    // numerator entry (i, j) = ∂y/∂X[j][i]; X[j][i] has tangent index i·R + j
    (y.re, SMatrix::from_fn(|i, j| y.eps[i * R + j]))
}

/// The value and vectorized Jacobian of a vector function of a matrix, `y = f(X)` with
/// `X ∈ R^(R x C)`, `y ∈ R^D`: `(f(X), J)` where `J` is `D x N` (`N = R·C`, checked at
/// compile time) and column `c·R + r` holds `∂y/∂X[r][c]`: the entries of `X` are numbered
/// column-major ([`VecOrder::ColumnMajor`]).
///
/// [`Tensor3::from_jacobian`] turns `J` into the notes' tensor; [`reorder_jacobian`]
/// renumbers its columns row by row (the notes' `vec(X)`).
///
/// ```
/// use dualnum::jacobian_wrt_matrix;
/// use dualnum::tensor::{Layout, Tensor3, VecOrder};
/// use nalgebra::{matrix, vector, SMatrix};
/// // the notes' f: R^(2x3) -> R^4 at X = [[1, 2, 3], [4, 5, 6]]
/// let x = matrix![1.0, 2.0, 3.0; 4.0, 5.0, 6.0];
/// let (y, j) = jacobian_wrt_matrix::<6, _, _, _, _>(
///     |x| vector![x.sum(), x[(0, 0)] * x[(1, 1)] * x[(1, 2)], x[(0, 1)] * x[(1, 0)],
///                 x[(0, 2)] * x[(1, 0)] * x[(1, 1)]],
///     &x,
/// );
/// assert_eq!(y, vector![21.0, 30.0, 8.0, 60.0]);
/// // ∂y3/∂X for y3 = x2 x4: columns x1, x4, x2, x5, x3, x6
/// assert_eq!(j.row(2), matrix![0.0, 2.0, 4.0, 0.0, 0.0, 0.0]);
/// let t = Tensor3::from_jacobian(&j, (2, 3), VecOrder::ColumnMajor, Layout::Numerator);
/// assert_eq!(t.shape(), (4, 3, 2));
/// ```
///
/// [`VecOrder::ColumnMajor`]: crate::tensor::VecOrder::ColumnMajor
/// [`Tensor3::from_jacobian`]: crate::tensor::Tensor3::from_jacobian
/// [`reorder_jacobian`]: crate::tensor::reorder_jacobian
#[inline]
pub fn jacobian_wrt_matrix<
    const N: usize,
    T: Real,
    const R: usize,
    const C: usize,
    const D: usize,
>(
    f: impl FnOnce(&SMatrix<Dual<T, N>, R, C>) -> SVector<Dual<T, N>, D>,
    x: &SMatrix<T, R, C>,
) -> (SVector<T, D>, SMatrix<T, D, N>) {
    let y = f(&seed_matrix::<N, T, R, C>(x));
    (y.map(|yi| yi.re), SMatrix::from_fn(|d, k| y[d].eps[k]))
}

/// `X` as dual numbers of width `N = R·C` with entry `(r, c)` the variable of tangent index
/// `order.position((r, c), (R, C))`: [`seed_matrix`] in either [`VecOrder`].
#[inline]
fn seed_matrix_in<const N: usize, T: Real, const R: usize, const C: usize>(
    x: &SMatrix<T, R, C>,
    order: VecOrder,
) -> SMatrix<Dual<T, N>, R, C> {
    match order {
        VecOrder::ColumnMajor => seed_matrix::<N, T, R, C>(x),
        VecOrder::RowMajor => {
            let mut seeded = seed_matrix::<N, T, R, C>(x);
            for (k, d) in seeded.iter_mut().enumerate() {
                // storage entry k is (k mod R, k div R), numbered (k mod R)·C + k div R
                d.eps[k] = T::zero();
                d.eps[(k % R) * C + k / R] = T::one();
            }
            seeded
        }
    }
}

/// [`gradient_wrt_matrix`] into the caller's `C x R` destination (any [`MatrixOut`]: a
/// row- or column-major [`MatrixSlice`](crate::MatrixSlice), an nalgebra matrix or view):
/// `gradient[(i, j)] = ∂y/∂X[j][i]` (numerator layout); returns `f(X)`. Nothing is
/// allocated.
///
/// # Errors
/// [`JacobianError::BufferShape`] if `gradient` is not `C x R`; nothing is evaluated then.
///
/// ```
/// use dualnum::{gradient_wrt_matrix_into, MatrixSlice};
/// use nalgebra::matrix;
/// // y = X[0][1]² + 3 X[1][0] for a 2 x 2 X: ∂y/∂X (numerator, shaped like Xᵀ)
/// let mut g = [0.0; 4];
/// let y = gradient_wrt_matrix_into::<4, _, _, _>(
///     |x| x[(0, 1)] * x[(0, 1)] + x[(1, 0)] * 3.0,
///     &matrix![1.0, 2.0; 3.0, 4.0],
///     &mut MatrixSlice::row_major(&mut g, 2, 2).unwrap(),
/// )
/// .unwrap();
/// assert_eq!((y, g), (13.0, [0.0, 3.0, 4.0, 0.0]));
/// ```
#[inline]
pub fn gradient_wrt_matrix_into<const N: usize, T: Real, const R: usize, const C: usize>(
    f: impl FnOnce(&SMatrix<Dual<T, N>, R, C>) -> Dual<T, N>,
    x: &SMatrix<T, R, C>,
    gradient: &mut impl MatrixOut<T>,
) -> Result<T, JacobianError> {
    JacobianError::check_shape("gradient (C x R)", (C, R), gradient.shape())?;
    let y = f(&seed_matrix::<N, T, R, C>(x));
    // X[j][i] has tangent index i·R + j: row i of the gradient is eps[i·R .. (i + 1)·R]
    for i in 0..C {
        gradient.set_row_segment(i, 0, &y.eps[i * R..(i + 1) * R]);
    }
    Ok(y.re)
}

/// [`jacobian_wrt_matrix`] into the caller's `D x N` destination (any [`MatrixOut`]), with
/// the entries of `X` numbered in `order`: column `order.position((r, c), (R, C))` of
/// `jacobian` holds `∂y/∂X[r][c]` ([`VecOrder::ColumnMajor`] gives the columns of
/// [`jacobian_wrt_matrix`], [`VecOrder::RowMajor`] the notes' `vec(X)`), and `f(X)` goes
/// into `values` when given. Each output's tangent is one row, written as one run; nothing
/// is allocated.
///
/// # Errors
/// [`JacobianError::BufferShape`] if `jacobian` is not `D x N`; nothing is evaluated then.
///
/// ```
/// use dualnum::jacobian_wrt_matrix_into;
/// use dualnum::tensor::VecOrder;
/// use dualnum::MatrixSlice;
/// use nalgebra::{matrix, vector};
/// // the notes' y3 = x2 x4 of X = [[x1, x2, x3], [x4, x5, x6]], columns x1 .. x6 row by row
/// let x = matrix![1.0, 2.0, 3.0; 4.0, 5.0, 6.0];
/// let mut j = [0.0; 6];
/// jacobian_wrt_matrix_into::<6, _, _, _, _>(
///     |x| vector![x[(0, 1)] * x[(1, 0)]],
///     &x,
///     VecOrder::RowMajor,
///     None,
///     &mut MatrixSlice::row_major(&mut j, 1, 6).unwrap(),
/// )
/// .unwrap();
/// assert_eq!(j, [0.0, 4.0, 0.0, 2.0, 0.0, 0.0]);
/// ```
#[inline]
pub fn jacobian_wrt_matrix_into<
    const N: usize,
    T: Real,
    const R: usize,
    const C: usize,
    const D: usize,
>(
    f: impl FnOnce(&SMatrix<Dual<T, N>, R, C>) -> SVector<Dual<T, N>, D>,
    x: &SMatrix<T, R, C>,
    order: VecOrder,
    values: Option<&mut [T; D]>,
    jacobian: &mut impl MatrixOut<T>,
) -> Result<(), JacobianError> {
    JacobianError::check_shape("jacobian (D x RC)", (D, N), jacobian.shape())?;
    let y = f(&seed_matrix_in::<N, T, R, C>(x, order));
    jacobian.set_tangents(0, N, y.as_slice());
    if let Some(values) = values {
        for (v, yd) in values.iter_mut().zip(y.iter()) {
            *v = yd.re;
        }
    }
    Ok(())
}

/// The value and vectorized Jacobian of a matrix function of a matrix, `Y = f(X)` with
/// `X ∈ R^(R x C)`, `Y ∈ R^(P x Q)`: `(f(X), J)` where `J` is `M x N` (`M = P·Q`,
/// `N = R·C`, both checked at compile time). Both matrices are read as vectors of their
/// entries numbered column-major, so `J[(q·P + p, c·R + r)] = ∂Y[p][q] / ∂X[r][c]`: the
/// Jacobian of `vec Y` with respect to `vec X` in Magnus and Neudecker's sense.
///
/// ```
/// use dualnum::jacobian_matrix_wrt_matrix;
/// use nalgebra::{matrix, Matrix2, SMatrix};
/// // Y = A X: vec Y = (I ⊗ A) vec X, so J = I ⊗ A (block diagonal)
/// let a = matrix![1.0, 2.0; 3.0, 4.0];
/// let x = matrix![5.0, 6.0; 7.0, 8.0];
/// let (y, j) = jacobian_matrix_wrt_matrix::<4, 4, _, _, _, _, _>(|x| a.map(dualnum::Dual::constant) * x, &x);
/// assert_eq!(y, a * x);
/// assert_eq!(j, Matrix2::identity().kronecker(&a));
/// ```
#[inline]
pub fn jacobian_matrix_wrt_matrix<
    const N: usize,
    const M: usize,
    T: Real,
    const R: usize,
    const C: usize,
    const P: usize,
    const Q: usize,
>(
    f: impl FnOnce(&SMatrix<Dual<T, N>, R, C>) -> SMatrix<Dual<T, N>, P, Q>,
    x: &SMatrix<T, R, C>,
) -> (SMatrix<T, P, Q>, SMatrix<T, M, N>) {
    const {
        assert!(
            M == P * Q,
            "the Jacobian height M must equal P * Q, the number of entries of the P x Q output"
        )
    }
    let y = f(&seed_matrix::<N, T, R, C>(x));
    // y.as_slice() is column-major: element m is Y[m mod P][m div P]
    let entries = y.as_slice();
    (
        y.map(|yi| yi.re),
        SMatrix::from_fn(|m, k| entries[m].eps[k]),
    )
}

/// The derivatives of an **elementwise** map `Y = f(X)` (each `Y[r][c]` depends on
/// `X[r][c]` only, through its own function `g_rc`): `(f(X), D)` with
/// `D[r][c] = g_rc'(X[r][c])`, i.e. the diagonal of the (diagonal) Jacobian of `vec Y`
/// with respect to `vec X`, shaped like `X`. Vectors are `n x 1` matrices.
///
/// One pass with width-1 duals, every entry seeded with tangent 1: the tangent of `Y[r][c]`
/// is then `Σ ∂Y[r][c]/∂X[i][j]`, which is `g_rc'(X[r][c])` *because* the other terms
/// vanish. **The caller asserts that `f` is elementwise**; nothing checks it, and for a map
/// that mixes entries the result is the row sums of the Jacobian, not its diagonal. (To
/// check a map once, compare with the full Jacobian, [`jacobian_matrix_wrt_matrix`].)
///
/// The notes' derivative of the identity: the Jacobian of `f(x) = x` on `R³` is `I`, stored
/// as its diagonal `[1, 1, 1]`:
///
/// ```
/// use dualnum::elementwise_derivative;
/// use nalgebra::vector;
/// let (y, diag) = elementwise_derivative(|x| *x, &vector![0.5, -2.0, 7.0]);
/// assert_eq!(y, vector![0.5, -2.0, 7.0]);
/// assert_eq!(diag, vector![1.0, 1.0, 1.0]);
/// // v = sin(u) elementwise: ∂v/∂u = diag(cos u)
/// let u = vector![0.1, 0.2];
/// let (_, d) = elementwise_derivative(|u| u.map(|ui| ui.sin()), &u);
/// assert_eq!(d, u.map(f64::cos));
/// ```
#[inline]
pub fn elementwise_derivative<T: Real, const R: usize, const C: usize>(
    f: impl FnOnce(&SMatrix<Dual<T, 1>, R, C>) -> SMatrix<Dual<T, 1>, R, C>,
    x: &SMatrix<T, R, C>,
) -> (SMatrix<T, R, C>, SMatrix<T, R, C>) {
    let y = f(&x.map(|xi| seed::along(xi, T::one())));
    (y.map(|yi| yi.re), y.map(|yi| yi.eps[0]))
}

/// [`elementwise_derivative`] for a dynamically sized matrix (or vector: an `n x 1`
/// matrix). The same caveat holds: the caller asserts that `f` is elementwise.
///
/// # Panics
/// If `f` returns a matrix of another shape than `X` (an elementwise map keeps the shape).
///
/// ```
/// use dualnum::elementwise_derivative_dmatrix;
/// use nalgebra::dmatrix;
/// let x = dmatrix![1.0, 2.0; 3.0, 4.0];
/// let (y, d) = elementwise_derivative_dmatrix(|x| x.map(|e| e * e), &x);
/// assert_eq!(y, dmatrix![1.0, 4.0; 9.0, 16.0]);
/// assert_eq!(d, dmatrix![2.0, 4.0; 6.0, 8.0]);
/// ```
pub fn elementwise_derivative_dmatrix<T: Real>(
    f: impl FnOnce(&DMatrix<Dual<T, 1>>) -> DMatrix<Dual<T, 1>>,
    x: &DMatrix<T>,
) -> (DMatrix<T>, DMatrix<T>) {
    let y = f(&x.map(|xi| seed::along(xi, T::one())));
    assert!(
        y.shape() == x.shape(),
        "elementwise_derivative_dmatrix: the map returned a {} x {} matrix for a {} x {} \
         input; an elementwise map keeps the shape",
        y.nrows(),
        y.ncols(),
        x.nrows(),
        x.ncols()
    );
    (y.map(|yi| yi.re), y.map(|yi| yi.eps[0]))
}

/// [`gradient_wrt_matrix`] for a dynamically sized `X` (`R x C`): `(f(X), ∂y/∂X)` with the
/// derivative in numerator layout, `C x R`, entry `(i, j) = ∂y/∂X[j][i]`. The `R·C` entries
/// are seeded `N` at a time, column-major (`ceil(R·C / N)` evaluations of `f` on
/// `Dual<T, N>`, reusing one matrix buffer); the chunk width comes first:
/// `gradient_wrt_dmatrix_chunked::<8, _>(f, &x)`. `N = 0` does not compile. Each call
/// sets up a fresh [`MatrixJacobian`]; keep one to recompute without allocating.
///
/// ```
/// use dualnum::gradient_wrt_dmatrix_chunked;
/// use nalgebra::DMatrix;
/// // y = Σ X[r][c]², ∂y/∂X = 2 Xᵀ (numerator layout)
/// let x = DMatrix::from_fn(3, 5, |r, c| (r + 2 * c) as f64);
/// let (y, g) = gradient_wrt_dmatrix_chunked::<4, _>(|x| x.map(|e| e * e).sum(), &x);
/// assert_eq!(y, x.norm_squared());
/// assert_eq!(g, 2.0 * x.transpose());
/// ```
pub fn gradient_wrt_dmatrix_chunked<const N: usize, T: Real>(
    f: impl FnMut(&DMatrix<Dual<T, N>>) -> Dual<T, N>,
    x: &DMatrix<T>,
) -> (T, DMatrix<T>) {
    let (rows, cols) = x.shape();
    let mut gradient = DMatrix::zeros(cols, rows);
    match MatrixJacobian::<N, T>::new().gradient_into(f, x, &mut gradient) {
        Ok(value) => (value, gradient),
        Err(e) => unreachable!("gradient_wrt_dmatrix_chunked sized its own buffer: {e}"),
    }
}

/// [`jacobian_wrt_matrix`] for a dynamically sized `X` (`R x C`) and output `y ∈ R^D`:
/// `(f(X), J)` with `J` of size `D x RC`, column `c·R + r` holding `∂y/∂X[r][c]`
/// (column-major, as in the static case). `N` columns per pass, through
/// [`jacobian_chunked`], reusing one matrix buffer for `X`;
/// the chunk width comes first: `jacobian_wrt_dmatrix_chunked::<8, _>(f, &x)`.
///
/// # Errors
/// [`JacobianError::OutputLengthChanged`] if `f` returns outputs of different lengths in
/// different passes.
///
/// ```
/// use dualnum::jacobian_wrt_dmatrix_chunked;
/// use dualnum::tensor::{Layout, Tensor3, VecOrder};
/// use nalgebra::{DMatrix, DVector};
/// // y = X v (a 4-vector) for a 4 x 3 X: ∂y_d/∂X[r][c] = [d == r] v_c
/// let v = [1.0, 2.0, 3.0];
/// let x = DMatrix::from_fn(4, 3, |r, c| (r * c) as f64);
/// let f = |x: &DMatrix<_>| DVector::from_fn(4, |d, _| (0..3).map(|c| x[(d, c)] * v[c]).sum());
/// let (_, j) = jacobian_wrt_dmatrix_chunked::<5, _>(f, &x).unwrap();
/// let t = Tensor3::from_jacobian(&j, (4, 3), VecOrder::ColumnMajor, Layout::Denominator);
/// assert_eq!(t[(2, 2, 1)], 2.0); // ∂y_2/∂X[2][1] = v_1
/// assert_eq!(t[(2, 1, 1)], 0.0);
/// ```
pub fn jacobian_wrt_dmatrix_chunked<const N: usize, T: Real>(
    mut f: impl FnMut(&DMatrix<Dual<T, N>>) -> DVector<Dual<T, N>>,
    x: &DMatrix<T>,
) -> Result<(DVector<T>, DMatrix<T>), JacobianError> {
    let (rows, cols) = x.shape();
    let mut buffer = DMatrix::from_element(rows, cols, Dual::default());
    // nalgebra stores X column-major, so its storage is vec(X) in column-major order.
    let x_vec = DVector::from_column_slice(x.as_slice());
    jacobian_chunked::<N, T>(
        |xs| {
            buffer.as_mut_slice().copy_from_slice(xs.as_slice());
            f(&buffer)
        },
        &x_vec,
    )
}
