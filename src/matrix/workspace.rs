//! [`MatrixJacobian`]: a reusable workspace for derivatives with respect to a dynamically
//! sized matrix `X`, `N` entries of `X` per pass, so that recomputing them at new points
//! allocates nothing of its own.

use nalgebra::{DMatrix, DVector};

use crate::{ChunkedJacobian, Dual, JacobianError, Real};

/// A reusable workspace for the derivatives of `y = f(X)` with respect to a dynamically
/// sized `X ∈ R^(R x C)`: the work of [`gradient_wrt_dmatrix_chunked`] and
/// [`jacobian_wrt_dmatrix_chunked`], with the dual matrix handed to `f`, the seeds and the
/// results kept from call to call. The entries of `X` are numbered column-major (entry
/// `(r, c)` is input `c·R + r`) and seeded `N` at a time: `ceil(R·C / N)` evaluations of
/// `f` on `Dual<T, N>`. After the first call for a given shape, [`gradient_into`](Self::gradient_into)
/// allocates nothing, and [`jacobian_into`](Self::jacobian_into) only the vector `f` returns per pass.
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
    /// `X` as duals, reshaped from each pass's seeded inputs for `f`.
    x_dual: DMatrix<Dual<T, N>>,
    /// The gradient in vec order (`∂y/∂X` shaped like `X`), before its transposition.
    by_entry: Vec<T>,
}

impl<const N: usize, T: Real> Default for MatrixJacobian<N, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize, T: Real> MatrixJacobian<N, T> {
    /// An empty workspace; its buffers grow on first use. `N = 0` does not compile (see
    /// [`ChunkedJacobian::new`]).
    pub fn new() -> Self {
        MatrixJacobian {
            chunks: ChunkedJacobian::new(),
            x_dual: DMatrix::from_element(0, 0, Dual::default()),
            by_entry: Vec::new(),
        }
    }

    /// `y = f(X)` and `∂y/∂X` in numerator layout, written into `gradient`, which must be
    /// `C x R` (the shape of `Xᵀ`): `gradient[(i, j)] = ∂y/∂X[j][i]`.
    ///
    /// # Errors
    /// [`JacobianError::BufferSize`] if `gradient` is not `C x R`; nothing is evaluated
    /// then.
    pub fn gradient_into(
        &mut self,
        mut f: impl FnMut(&DMatrix<Dual<T, N>>) -> Dual<T, N>,
        x: &DMatrix<T>,
        gradient: &mut DMatrix<T>,
    ) -> Result<T, JacobianError> {
        let (rows, cols) = x.shape();
        JacobianError::check_shape("gradient (C x R)", (cols, rows), gradient.shape())?;
        self.reshape(rows, cols);
        self.by_entry.resize(rows * cols, T::zero());
        let x_dual = &mut self.x_dual;
        let mut value = [T::zero()];
        self.chunks.jacobian_slice_into(
            |xs, ys| {
                x_dual.as_mut_slice().copy_from_slice(xs);
                ys[0] = f(x_dual);
            },
            x.as_slice(),
            &mut value,
            &mut self.by_entry,
        )?;
        // by_entry[c·R + r] = ∂y/∂X[r][c] = gradient[(c, r)]: `by_entry` is the gradient's
        // transpose in column-major order.
        for (k, &d) in self.by_entry.iter().enumerate() {
            gradient[(k / rows, k % rows)] = d;
        }
        Ok(value[0])
    }

    /// `y = f(X) ∈ R^D` into `values` and the vectorized Jacobian into `jacobian`, which
    /// must be `D x RC`: column `c·R + r` holds `∂y/∂X[r][c]` (column-major `vec X`, as
    /// [`jacobian_wrt_matrix`](crate::jacobian_wrt_matrix)). `D` is `values.len()`.
    ///
    /// # Errors
    /// [`JacobianError::BufferSize`] if `jacobian` is not `D x RC` (nothing is evaluated
    /// then) or `f` returns other than `D` outputs in the first pass;
    /// [`JacobianError::OutputLengthChanged`] if it returns another number in a later pass.
    /// On an error the buffers' contents are unspecified.
    pub fn jacobian_into(
        &mut self,
        mut f: impl FnMut(&DMatrix<Dual<T, N>>) -> DVector<Dual<T, N>>,
        x: &DMatrix<T>,
        values: &mut DVector<T>,
        jacobian: &mut DMatrix<T>,
    ) -> Result<(), JacobianError> {
        let (rows, cols) = x.shape();
        let outputs = values.len();
        JacobianError::check_shape(
            "jacobian (D x RC)",
            (outputs, rows * cols),
            jacobian.shape(),
        )?;
        self.reshape(rows, cols);
        let x_dual = &mut self.x_dual;
        // The first pass whose output length differed, and that length.
        let mut mismatch: Option<(usize, usize)> = None;
        let mut pass = 0;
        self.chunks.jacobian_slice_into(
            |xs, ys| {
                x_dual.as_mut_slice().copy_from_slice(xs);
                let y = f(x_dual);
                if y.len() == ys.len() {
                    ys.copy_from_slice(y.as_slice());
                } else if mismatch.is_none() {
                    mismatch = Some((pass, y.len()));
                }
                pass += 1;
            },
            x.as_slice(),
            values.as_mut_slice(),
            jacobian.as_mut_slice(),
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

    /// Makes the dual matrix `rows x cols`, allocating only when its size changes.
    fn reshape(&mut self, rows: usize, cols: usize) {
        if self.x_dual.shape() != (rows, cols) {
            self.x_dual = DMatrix::from_element(rows, cols, Dual::default());
        }
    }
}
