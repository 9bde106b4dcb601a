//! [`MatrixJacobian`]: a reusable workspace for derivatives with respect to a dynamically
//! sized matrix `X`, `N` entries of `X` per pass, so that recomputing them at new points
//! allocates nothing of its own.

use nalgebra::{DMatrix, DVector};

use super::tensor::VecOrder;
use crate::{ChunkedJacobian, Dual, JacobianError, MatrixOut, Real};

/// A reusable workspace for the derivatives of `y = f(X)` with respect to a dynamically
/// sized `X ∈ R^(R x C)`: the work of [`gradient_wrt_dmatrix_chunked`] and
/// [`jacobian_wrt_dmatrix_chunked`], with the dual matrix handed to `f`, the seeds and the
/// results kept from call to call. The entries of `X` are numbered in a [`VecOrder`],
/// column-major by default (entry `(r, c)` is input `c·R + r`; [`with_vec_order`](Self::with_vec_order)
/// picks row-major, `r·C + c`), and seeded `N` at a time in that order: `ceil(R·C / N)`
/// evaluations of `f` on `Dual<T, N>`. After the first call for a given shape,
/// [`gradient_into`](Self::gradient_into) allocates nothing, and
/// [`jacobian_into`](Self::jacobian_into) only the vector `f` returns per pass. Both write
/// into any [`MatrixOut`] (an nalgebra matrix or view, a row- or column-major
/// [`MatrixSlice`](crate::MatrixSlice)).
///
/// ```
/// use dualnum::{Dual, MatrixJacobian};
/// use nalgebra::DMatrix;
/// // y = Σ X[r][c]², ∂y/∂X = 2 Xᵀ (numerator layout, C x R)
/// let f = |x: &DMatrix<Dual<f64, 4>>| x.map(|e| e * e).sum();
/// let mut work = MatrixJacobian::<4, f64>::new();
/// let mut g = DMatrix::zeros(5, 3);
/// for k in 0..3 {
///     let x = DMatrix::from_fn(3, 5, |r, c| (r + 2 * c + k) as f64);
///     let y = work.gradient_into(f, &x, &mut g).unwrap(); // no allocation after the first call
///     assert_eq!(y, x.norm_squared());
///     assert_eq!(g, 2.0 * x.transpose());
/// }
/// ```
///
/// [`gradient_wrt_dmatrix_chunked`]: crate::gradient_wrt_dmatrix_chunked
/// [`jacobian_wrt_dmatrix_chunked`]: crate::jacobian_wrt_dmatrix_chunked
#[derive(Clone, Debug)]
pub struct MatrixJacobian<const N: usize, T> {
    /// Seeds the vectorized `X` and collects the columns.
    chunks: ChunkedJacobian<N, T>,
    /// `X` as duals, filled from each pass's seeded inputs for `f`.
    x_dual: DMatrix<Dual<T, N>>,
    /// `vec X` in `order` (the chunked inputs' values).
    x_vec: Vec<T>,
    /// How the entries of `X` are numbered.
    order: VecOrder,
}

impl<const N: usize, T: Real> Default for MatrixJacobian<N, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize, T: Real> MatrixJacobian<N, T> {
    /// An empty workspace numbering `X`'s entries column-major; its buffers grow on first
    /// use. `N = 0` does not compile (see [`ChunkedJacobian::new`]).
    pub fn new() -> Self {
        Self::with_vec_order(VecOrder::ColumnMajor)
    }

    /// An empty workspace numbering `X`'s entries in `order`: the Jacobian's column
    /// `order.position((r, c), (R, C))` holds `∂y/∂X[r][c]`.
    ///
    /// ```
    /// use dualnum::tensor::VecOrder;
    /// use dualnum::{Dual, MatrixJacobian, MatrixSlice};
    /// use nalgebra::{dmatrix, DVector, DMatrix};
    /// // y = (X[0][1], 2 X[1][0]) for a 2 x 2 X; row-major vec X = [x00, x01, x10, x11]
    /// let f = |x: &DMatrix<Dual<f64, 3>>| DVector::from_vec(vec![x[(0, 1)], x[(1, 0)] * 2.0]);
    /// let mut work = MatrixJacobian::<3, f64>::with_vec_order(VecOrder::RowMajor);
    /// let mut rows = [0.0; 8];
    /// let mut jac = MatrixSlice::row_major(&mut rows, 2, 4).unwrap();
    /// work.jacobian_into(f, &dmatrix![1.0, 2.0; 3.0, 4.0], None, &mut jac).unwrap();
    /// assert_eq!(rows, [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0]);
    /// ```
    pub fn with_vec_order(order: VecOrder) -> Self {
        MatrixJacobian {
            chunks: ChunkedJacobian::new(),
            x_dual: DMatrix::from_element(0, 0, Dual::default()),
            x_vec: Vec::new(),
            order,
        }
    }

    /// How the entries of `X` are numbered (the Jacobian's columns).
    pub fn vec_order(&self) -> VecOrder {
        self.order
    }

    /// `y = f(X)` and `∂y/∂X` in numerator layout, written into `gradient` (any
    /// [`MatrixOut`]), which must be `C x R` (the shape of `Xᵀ`):
    /// `gradient[(i, j)] = ∂y/∂X[j][i]`, whatever the vec order.
    ///
    /// # Errors
    /// [`JacobianError::BufferShape`] if `gradient` is not `C x R`; nothing is evaluated
    /// then.
    pub fn gradient_into(
        &mut self,
        mut f: impl FnMut(&DMatrix<Dual<T, N>>) -> Dual<T, N>,
        x: &DMatrix<T>,
        gradient: &mut impl MatrixOut<T>,
    ) -> Result<T, JacobianError> {
        let (rows, cols) = x.shape();
        JacobianError::check_shape("gradient (C x R)", (cols, rows), gradient.shape())?;
        self.prepare(x);
        let (x_dual, order) = (&mut self.x_dual, self.order);
        let mut value = [T::zero()];
        // The 1 x RC Jacobian, its column k = ∂y/∂X[r][c] with (r, c) = entry k, goes to
        // gradient (c, r).
        let mut transposed = EntriesTransposed {
            gradient,
            shape: (rows, cols),
            order,
        };
        self.chunks.eval_into(
            |xs, ys| {
                fill_dual(x_dual, xs, order);
                ys[0] = f(x_dual);
            },
            &self.x_vec,
            Some(&mut value),
            &mut transposed,
        )?;
        Ok(value[0])
    }

    /// `y = f(X) ∈ R^D` into `values` when given, and the vectorized Jacobian into
    /// `jacobian` (any [`MatrixOut`]), which is `D x RC`: column `k` holds `∂y/∂X[r][c]` for
    /// the entry `(r, c)` numbered `k` in the workspace's [`VecOrder`] (column-major by
    /// default, `k = c·R + r`, as [`jacobian_wrt_matrix`](crate::jacobian_wrt_matrix)). `D`
    /// is the number of rows of `jacobian`.
    ///
    /// # Errors
    /// [`JacobianError::BufferShape`] if `jacobian` does not have `RC` columns,
    /// [`JacobianError::BufferSize`] if `values` does not have `D` entries (nothing is
    /// evaluated then) or `f` returns other than `D` outputs in the first pass;
    /// [`JacobianError::OutputLengthChanged`] if it returns another number in a later pass.
    /// On an error the buffers' contents are unspecified.
    pub fn jacobian_into(
        &mut self,
        mut f: impl FnMut(&DMatrix<Dual<T, N>>) -> DVector<Dual<T, N>>,
        x: &DMatrix<T>,
        values: Option<&mut [T]>,
        jacobian: &mut impl MatrixOut<T>,
    ) -> Result<(), JacobianError> {
        let (rows, cols) = x.shape();
        let outputs = jacobian.shape().0;
        JacobianError::check_shape(
            "jacobian (D x RC)",
            (outputs, rows * cols),
            jacobian.shape(),
        )?;
        self.prepare(x);
        let (x_dual, order) = (&mut self.x_dual, self.order);
        // The first pass whose output length differed, and that length.
        let mut mismatch: Option<(usize, usize)> = None;
        let mut pass = 0;
        self.chunks.eval_into(
            |xs, ys| {
                fill_dual(x_dual, xs, order);
                let y = f(x_dual);
                if y.len() == ys.len() {
                    ys.copy_from_slice(y.as_slice());
                } else if mismatch.is_none() {
                    mismatch = Some((pass, y.len()));
                }
                pass += 1;
            },
            &self.x_vec,
            values,
            jacobian,
        )?;
        match mismatch {
            None => Ok(()),
            Some((0, found)) => Err(JacobianError::BufferSize {
                buffer: "values (the outputs of f)",
                expected: found,
                found: outputs,
            }),
            Some((_, now)) => Err(JacobianError::OutputLengthChanged {
                first: outputs,
                now,
            }),
        }
    }

    /// Makes the dual matrix the shape of `x` (allocating only when its size changes) and
    /// loads `vec X` in the workspace's order.
    fn prepare(&mut self, x: &DMatrix<T>) {
        let (rows, cols) = x.shape();
        if self.x_dual.shape() != (rows, cols) {
            self.x_dual = DMatrix::from_element(rows, cols, Dual::default());
        }
        self.x_vec.clear();
        match self.order {
            VecOrder::ColumnMajor => self.x_vec.extend_from_slice(x.as_slice()),
            VecOrder::RowMajor => self
                .x_vec
                .extend((0..rows).flat_map(|r| (0..cols).map(move |c| x[(r, c)]))),
        }
    }
}

/// Fills `X` as duals from its vectorization `xs` in `order`.
#[inline]
fn fill_dual<const N: usize, T: Real>(
    x_dual: &mut DMatrix<Dual<T, N>>,
    xs: &[Dual<T, N>],
    order: VecOrder,
) {
    match order {
        VecOrder::ColumnMajor => x_dual.as_mut_slice().copy_from_slice(xs),
        VecOrder::RowMajor => {
            let cols = x_dual.ncols();
            for (k, &d) in xs.iter().enumerate() {
                x_dual[(k / cols, k % cols)] = d;
            }
        }
    }
}

/// The `1 x RC` Jacobian of a scalar function of `X`, written as `∂y/∂X` in numerator
/// layout: column `k` (entry `(r, c)` of `X` in `order`) goes to `gradient[(c, r)]`.
struct EntriesTransposed<'a, O> {
    gradient: &'a mut O,
    shape: (usize, usize),
    order: VecOrder,
}

impl<T: Copy, O: MatrixOut<T>> MatrixOut<T> for EntriesTransposed<'_, O> {
    fn shape(&self) -> (usize, usize) {
        (1, self.shape.0 * self.shape.1)
    }

    fn set_row_segment(&mut self, _i: usize, j0: usize, segment: &[T]) {
        for (k, &v) in segment.iter().enumerate() {
            self.set(0, j0 + k, v);
        }
    }

    fn set(&mut self, _i: usize, j: usize, v: T) {
        let (r, c) = self.order.entry(j, self.shape);
        self.gradient.set(c, r, v);
    }

    fn fill(&mut self, v: T) {
        self.gradient.fill(v);
    }
}
