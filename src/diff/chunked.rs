//! Jacobians of functions of a dynamically sized vector, computed column by column in
//! chunks of `N` columns: `ceil(n / N)` evaluations on `Dual<T, N>`, each seeding the next
//! `N` inputs, with results identical to one pass of width `n`.
//!
//! [`ChunkedJacobian`] is a reusable workspace: after the first call with a given size,
//! recomputing a Jacobian allocates nothing itself (the seed and output buffers are kept,
//! and the results go into the caller's buffers). Two forms of the function are accepted:
//! slices that write into the caller's output slice (`Fn(&[Dual], &mut [Dual])`), whose
//! Jacobian is written column-major into a plain slice, ready for a solver on another
//! nalgebra version, and which then allocate nothing at all; and nalgebra vectors
//! (`Fn(&DVector<Dual>) -> DVector<Dual>`), where each pass allocates the vector the
//! function returns.

use nalgebra::{DMatrix, DVector};

use super::seed;
use crate::{Dual, JacobianError, Real};

/// A reusable workspace for Jacobians computed `N` columns at a time (`N` > 0, checked at
/// compile time).
///
/// ```
/// use dualnum::{ChunkedJacobian, Dual};
/// // f_i = x_i x_(i+1), n = 5 inputs, 4 outputs, 2 columns per pass (3 passes)
/// let f = |x: &[Dual<f64, 2>], y: &mut [Dual<f64, 2>]| {
///     for i in 0..y.len() {
///         y[i] = x[i] * x[i + 1];
///     }
/// };
/// let x = [1.0, 2.0, 3.0, 4.0, 5.0];
/// let (mut values, mut jac) = ([0.0; 4], [0.0; 20]);
/// let mut work = ChunkedJacobian::<2, f64>::new();
/// work.jacobian_slice_into(f, &x, &mut values, &mut jac).unwrap();
/// // column-major: entry (i, j) at j * 4 + i; ∂f_1/∂x_2 = x_1 = 2
/// assert_eq!(jac[2 * 4 + 1], 2.0);
/// assert_eq!(values, [2.0, 6.0, 12.0, 20.0]);
/// ```
#[derive(Clone, Debug)]
pub struct ChunkedJacobian<const N: usize, T> {
    /// The inputs as constants; each pass seeds `N` of them.
    inputs: DVector<Dual<T, N>>,
    /// The outputs of the slice form, reset before each pass.
    outputs: Vec<Dual<T, N>>,
}

impl<const N: usize, T: Real> Default for ChunkedJacobian<N, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize, T: Real> ChunkedJacobian<N, T> {
    /// An empty workspace; its buffers grow on first use.
    ///
    /// A chunk width of 0 does not compile:
    ///
    /// ```compile_fail
    /// let work = dualnum::ChunkedJacobian::<0, f64>::new();
    /// ```
    pub fn new() -> Self {
        const {
            assert!(
                N > 0,
                "the chunk width N of a chunked Jacobian must be at least 1"
            )
        };
        ChunkedJacobian {
            inputs: DVector::from_vec(Vec::new()),
            outputs: Vec::new(),
        }
    }

    /// The number of evaluations of `f` for `n` inputs: `ceil(n / N)`, and 1 when `n = 0`
    /// (the value is still computed).
    pub fn passes(n: usize) -> usize {
        n.div_ceil(N).max(1)
    }

    /// Computes `f(x)` into `values` and its Jacobian, column-major, into
    /// `jacobian_col_major` (entry `(i, j)` at `j * m + i`, with `m = values.len()`
    /// outputs), for `f` written over slices: it reads the `n` inputs and must write all
    /// `m` outputs (they are reset to zero before each pass).
    ///
    /// # Errors
    /// [`JacobianError::BufferSize`] if `jacobian_col_major.len() != m * n`; nothing is
    /// evaluated then.
    pub fn jacobian_slice_into(
        &mut self,
        mut f: impl FnMut(&[Dual<T, N>], &mut [Dual<T, N>]),
        x: &[T],
        values: &mut [T],
        jacobian_col_major: &mut [T],
    ) -> Result<(), JacobianError> {
        let (n, m) = (x.len(), values.len());
        JacobianError::check_len("jacobian", m * n, jacobian_col_major.len())?;
        seed::load_constants(&mut self.inputs, x);
        self.outputs.resize(m, Dual::default());
        let (inputs, outputs) = (&mut self.inputs, &mut self.outputs);
        seed::for_each_chunk(inputs, |inputs, start, width| {
            outputs.fill(Dual::default());
            f(inputs.as_slice(), outputs);
            if start == 0 {
                for (v, y) in values.iter_mut().zip(outputs.iter()) {
                    *v = y.re;
                }
            }
            write_columns(outputs, start, width, jacobian_col_major);
            Ok(())
        })
    }

    /// Computes `f(x)` into `values` and its `m x n` Jacobian into `jacobian`, for `f`
    /// written over nalgebra vectors.
    ///
    /// # Errors
    /// [`JacobianError::BufferSize`] if `values` does not have the `m` entries `f` returns,
    /// [`JacobianError::BufferShape`] if `jacobian` is not `m x n`; [`JacobianError::OutputLengthChanged`] if `f` returns
    /// a different number of outputs in a later pass. On an error the buffers' contents are
    /// unspecified.
    ///
    /// ```
    /// use dualnum::{ChunkedJacobian, Dual};
    /// use nalgebra::{DMatrix, DVector};
    /// // f = (x0 x1, x1 + x2), J = [[x1, x0, 0], [0, 1, 1]], in 2 passes of 2 columns
    /// let f = |x: &DVector<Dual<f64, 2>>| DVector::from_vec(vec![x[0] * x[1], x[1] + x[2]]);
    /// let x = DVector::from_vec(vec![2.0, 3.0, 4.0]);
    /// let (mut values, mut jac) = (DVector::zeros(2), DMatrix::zeros(2, 3));
    /// let mut work = ChunkedJacobian::<2, f64>::new();
    /// work.jacobian_into(f, &x, &mut values, &mut jac).unwrap(); // reuse `work` and the buffers
    /// assert_eq!(jac, DMatrix::from_row_slice(2, 3, &[3.0, 2.0, 0.0, 0.0, 1.0, 1.0]));
    /// assert_eq!(values, DVector::from_vec(vec![6.0, 7.0]));
    /// ```
    pub fn jacobian_into(
        &mut self,
        f: impl FnMut(&DVector<Dual<T, N>>) -> DVector<Dual<T, N>>,
        x: &DVector<T>,
        values: &mut DVector<T>,
        jacobian: &mut DMatrix<T>,
    ) -> Result<(), JacobianError> {
        self.jacobian_dvector(f, x, values, jacobian, false)
    }

    /// The body of [`ChunkedJacobian::jacobian_into`]; with `resize`, the output buffers are
    /// resized to fit instead of rejected.
    fn jacobian_dvector(
        &mut self,
        mut f: impl FnMut(&DVector<Dual<T, N>>) -> DVector<Dual<T, N>>,
        x: &DVector<T>,
        values: &mut DVector<T>,
        jacobian: &mut DMatrix<T>,
        resize: bool,
    ) -> Result<(), JacobianError> {
        let n = x.len();
        seed::load_constants(&mut self.inputs, x.as_slice());
        let mut first_len = None;
        seed::for_each_chunk(&mut self.inputs, |inputs, start, width| {
            let y = f(inputs);
            let m = y.len();
            match first_len {
                None => {
                    first_len = Some(m);
                    if resize {
                        values.resize_vertically_mut(m, T::zero());
                        jacobian.resize_mut(m, n, T::zero());
                    }
                    JacobianError::check_len("values", m, values.len())?;
                    JacobianError::check_shape("jacobian", (m, n), jacobian.shape())?;
                    for (v, yi) in values.iter_mut().zip(y.iter()) {
                        *v = yi.re;
                    }
                }
                Some(first) if first != m => {
                    return Err(JacobianError::OutputLengthChanged { first, now: m });
                }
                Some(_) => {}
            }
            write_columns(y.as_slice(), start, width, jacobian.as_mut_slice());
            Ok(())
        })
    }
}

/// Writes tangent components `0..width` of `outputs` into columns `start..start + width`
/// of a column-major Jacobian with `outputs.len()` rows.
#[inline]
fn write_columns<const N: usize, T: Real>(
    outputs: &[Dual<T, N>],
    start: usize,
    width: usize,
    jacobian_col_major: &mut [T],
) {
    let m = outputs.len();
    if m == 0 {
        return;
    }
    let columns = jacobian_col_major[start * m..(start + width) * m].chunks_exact_mut(m);
    for (k, column) in columns.enumerate() {
        for (entry, y) in column.iter_mut().zip(outputs) {
            *entry = y.eps[k];
        }
    }
}

/// `(f(x), J(x))` for `f: R^n -> R^m` on `DVector`s, in `ceil(n / N)` passes of `N`
/// columns; the chunk width comes first: `jacobian_chunked::<8, _>(f, &x)`.
///
/// For repeated calls, keep a [`ChunkedJacobian`] and call its [`jacobian_into`](ChunkedJacobian::jacobian_into), which reuses its
/// buffers and the caller's.
///
/// # Errors
/// [`JacobianError::OutputLengthChanged`] if `f` returns a different number of outputs in
/// a later pass.
///
/// ```
/// use dualnum::{jacobian_chunked, Dual};
/// use nalgebra::DVector;
/// // f_i = x_i², J = diag(2 x_i), 10 inputs in 3 passes of 4
/// let f = |x: &DVector<Dual<f64, 4>>| x.map(|xi| xi * xi);
/// let x = DVector::from_fn(10, |i, _| i as f64);
/// let (_, j) = jacobian_chunked::<4, _>(f, &x).unwrap();
/// assert_eq!(j[(7, 7)], 14.0);
/// assert_eq!(j[(7, 6)], 0.0);
/// ```
pub fn jacobian_chunked<const N: usize, T: Real>(
    f: impl FnMut(&DVector<Dual<T, N>>) -> DVector<Dual<T, N>>,
    x: &DVector<T>,
) -> Result<(DVector<T>, DMatrix<T>), JacobianError> {
    let mut values = DVector::from_element(0, T::zero());
    let mut jacobian = DMatrix::from_element(0, 0, T::zero());
    ChunkedJacobian::<N, T>::new().jacobian_dvector(f, x, &mut values, &mut jacobian, true)?;
    Ok((values, jacobian))
}
