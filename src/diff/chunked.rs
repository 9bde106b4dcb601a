//! Jacobians of functions of a dynamically sized vector, computed column by column in
//! chunks of `N` columns: `ceil(n / N)` evaluations on `Dual<T, N>`, each seeding the next
//! `N` inputs, with results identical to one pass of width `n`.
//!
//! [`ChunkedJacobian`] is a reusable workspace: after the first call with a given size,
//! recomputing a Jacobian allocates nothing itself (the seed and output buffers are kept,
//! and the results go into the caller's buffers). Two forms of the function are accepted:
//! slices that write into the caller's output slice (`FnMut(&[Dual], &mut [Dual])`), whose
//! Jacobian goes into any [`MatrixOut`] (a row- or column-major slice, an nalgebra matrix
//! or view) and which then allocate nothing at all; and nalgebra vectors
//! (`FnMut(&DVector<Dual>) -> DVector<Dual>`), where each pass allocates the vector the
//! function returns.
//!
//! The kernel, per pass: seed only what changes (the previous chunk's `N` diagonal
//! entries back to 0, the next chunk's to 1; the inputs' values are loaded once per call),
//! evaluate `f` on the outputs as it left them (it assigns every output, so nothing is
//! reset), and hand each output's `width` tangent components to the destination as one
//! contiguous run, row `i`, columns `start .. start + width`: a row-major destination
//! takes one `copy_from_slice` per output and pass.

use nalgebra::{DMatrix, DVector};

use super::{MatrixOut, MatrixSlice, seed};
use crate::{Dual, JacobianError, Real};

/// A reusable workspace for Jacobians computed `N` columns at a time (`N` > 0, checked at
/// compile time).
///
/// ```
/// use dualnum::{ChunkedJacobian, Dual, MatrixSlice};
/// // f_i = x_i x_(i+1), n = 5 inputs, 4 outputs, 2 columns per pass (3 passes)
/// let f = |x: &[Dual<f64, 2>], y: &mut [Dual<f64, 2>]| {
///     for i in 0..y.len() {
///         y[i] = x[i] * x[i + 1];
///     }
/// };
/// let x = [1.0, 2.0, 3.0, 4.0, 5.0];
/// let (mut values, mut rows) = ([0.0; 4], [0.0; 20]);
/// let mut work = ChunkedJacobian::<2, f64>::new();
/// let mut jac = MatrixSlice::row_major(&mut rows, 4, 5).unwrap(); // m = 4 from its rows
/// work.eval_into(f, &x, Some(&mut values), &mut jac).unwrap();
/// // row-major: entry (i, j) at i * 5 + j; ∂f_1/∂x_2 = x_1 = 2
/// assert_eq!(rows[1 * 5 + 2], 2.0);
/// assert_eq!(values, [2.0, 6.0, 12.0, 20.0]);
/// // the Jacobian alone, column-major (entry (i, j) at j * 4 + i)
/// let mut cols = [0.0; 20];
/// work.eval_into(f, &x, None, &mut MatrixSlice::col_major(&mut cols, 4, 5).unwrap())
///     .unwrap();
/// assert_eq!(cols[2 * 4 + 1], 2.0);
/// ```
#[derive(Clone, Debug)]
pub struct ChunkedJacobian<const N: usize, T> {
    /// The inputs; between calls they are constants (zero tangents), each pass seeds `N`
    /// of them.
    inputs: DVector<Dual<T, N>>,
    /// The outputs of the slice form, as `f` last wrote them (never reset: `f` assigns
    /// every output).
    outputs: Vec<Dual<T, N>>,
    /// Whether every input's tangent is zero: false only while passes run, so a call
    /// after a panic in `f` (caught by the caller) reloads the inputs from scratch.
    unseeded: bool,
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
            unseeded: true,
        }
    }

    /// The number of evaluations of `f` for `n` inputs: `ceil(n / N)`, and 1 when `n = 0`
    /// (the value is still computed).
    pub fn passes(n: usize) -> usize {
        n.div_ceil(N).max(1)
    }

    /// Computes the `m x n` Jacobian of `f` at `x` into `jacobian`, in the destination's
    /// own layout, and `f(x)` into `values` when given; `f` is written over slices: it
    /// reads the `n = x.len()` inputs and **must assign every one of the `m` outputs**,
    /// where `m` is the number of rows of `jacobian`. (The outputs are not reset between
    /// passes: an output `f` leaves alone keeps what the previous pass, or call, left in
    /// it.)
    ///
    /// `jacobian` is any [`MatrixOut`]: a [`MatrixSlice`] over a row-major slice (each
    /// output's `N` tangent components then go in with one `copy_from_slice` per pass), a
    /// column-major one, or an nalgebra matrix or view.
    ///
    /// # Errors
    /// [`JacobianError::BufferShape`] if `jacobian` does not have `n` columns,
    /// [`JacobianError::BufferSize`] if `values` does not have `m` entries; nothing is
    /// evaluated then.
    pub fn eval_into(
        &mut self,
        mut f: impl FnMut(&[Dual<T, N>], &mut [Dual<T, N>]),
        x: &[T],
        mut values: Option<&mut [T]>,
        jacobian: &mut impl MatrixOut<T>,
    ) -> Result<(), JacobianError> {
        let n = x.len();
        let m = jacobian.shape().0;
        JacobianError::check_shape("jacobian", (m, n), jacobian.shape())?;
        if let Some(values) = &values {
            JacobianError::check_len("values", m, values.len())?;
        }
        self.load(x);
        self.outputs.resize(m, Dual::default());
        let (inputs, outputs) = (&mut self.inputs, &mut self.outputs);
        self.unseeded = false;
        let result = seed::for_each_chunk(inputs, |inputs, start, width| {
            f(inputs.as_slice(), outputs);
            if start == 0 {
                write_values(outputs, values.as_deref_mut());
            }
            jacobian.set_tangents(start, width, outputs);
            Ok(())
        });
        self.unseeded = true;
        result
    }

    /// [`eval_into`](Self::eval_into) with `values` required and the Jacobian column-major
    /// in a plain slice, `jacobian_col_major` (entry `(i, j)` at `j * m + i`, with
    /// `m = values.len()` outputs): the layout of nalgebra's storage, ready for a solver
    /// on another nalgebra version. `f` must assign every output, as there.
    ///
    /// # Errors
    /// [`JacobianError::BufferSize`] if `jacobian_col_major.len() != m * n`; nothing is
    /// evaluated then.
    ///
    /// ```
    /// use dualnum::{ChunkedJacobian, Dual};
    /// let f = |x: &[Dual<f64, 2>], y: &mut [Dual<f64, 2>]| y[0] = x[0] * x[1] * x[2];
    /// let (mut values, mut jac) = ([0.0; 1], [0.0; 3]);
    /// let mut work = ChunkedJacobian::<2, f64>::new();
    /// work.jacobian_slice_into(f, &[2.0, 3.0, 4.0], &mut values, &mut jac).unwrap();
    /// assert_eq!((values, jac), ([24.0], [12.0, 8.0, 6.0]));
    /// ```
    pub fn jacobian_slice_into(
        &mut self,
        f: impl FnMut(&[Dual<T, N>], &mut [Dual<T, N>]),
        x: &[T],
        values: &mut [T],
        jacobian_col_major: &mut [T],
    ) -> Result<(), JacobianError> {
        let (n, m) = (x.len(), values.len());
        JacobianError::check_len("jacobian", m * n, jacobian_col_major.len())?;
        let mut jacobian = MatrixSlice::col_major(jacobian_col_major, m, n)?;
        self.eval_into(f, x, Some(values), &mut jacobian)
    }

    /// Computes `f(x)` into `values` and its `m x n` Jacobian into `jacobian` (any
    /// [`MatrixOut`]: an nalgebra matrix or view, a [`MatrixSlice`]), for `f` written over
    /// nalgebra vectors.
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
        jacobian: &mut impl MatrixOut<T>,
    ) -> Result<(), JacobianError> {
        let n = x.len();
        self.dvector_passes(f, x.as_slice(), |y, start, width| {
            if start == 0 {
                JacobianError::check_len("values", y.len(), values.len())?;
                JacobianError::check_shape("jacobian", (y.len(), n), jacobian.shape())?;
                write_values(y, Some(values.as_mut_slice()));
            }
            jacobian.set_tangents(start, width, y);
            Ok(())
        })
    }

    /// Runs the passes of the `DVector` form: `sink(y, start, width)` receives each pass's
    /// outputs, after the check that their number did not change since the first pass.
    fn dvector_passes(
        &mut self,
        mut f: impl FnMut(&DVector<Dual<T, N>>) -> DVector<Dual<T, N>>,
        x: &[T],
        mut sink: impl FnMut(&[Dual<T, N>], usize, usize) -> Result<(), JacobianError>,
    ) -> Result<(), JacobianError> {
        self.load(x);
        let mut first_len = None;
        self.unseeded = false;
        let result = seed::for_each_chunk(&mut self.inputs, |inputs, start, width| {
            let y = f(inputs);
            match first_len {
                None => first_len = Some(y.len()),
                Some(first) if first != y.len() => {
                    return Err(JacobianError::OutputLengthChanged {
                        first,
                        now: y.len(),
                    });
                }
                Some(_) => {}
            }
            sink(y.as_slice(), start, width)
        });
        self.unseeded = true;
        result
    }

    /// Loads the values `x` into the inputs: only their values when the inputs are known
    /// to be unseeded constants of the right length, else as fresh constants.
    fn load(&mut self, x: &[T]) {
        if self.unseeded && self.inputs.len() == x.len() {
            for (d, &xi) in self.inputs.iter_mut().zip(x) {
                d.re = xi;
            }
        } else {
            seed::load_constants(&mut self.inputs, x);
        }
    }
}

/// Writes the outputs' values into `values`, when given.
#[inline]
fn write_values<const N: usize, T: Real>(outputs: &[Dual<T, N>], values: Option<&mut [T]>) {
    if let Some(values) = values {
        for (v, y) in values.iter_mut().zip(outputs) {
            *v = y.re;
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
    let n = x.len();
    let mut values = DVector::from_element(0, T::zero());
    let mut jacobian = DMatrix::from_element(0, n, T::zero());
    ChunkedJacobian::<N, T>::new().dvector_passes(f, x.as_slice(), |y, start, width| {
        if start == 0 {
            values = DVector::from_iterator(y.len(), y.iter().map(|yi| yi.re));
            jacobian = DMatrix::from_element(y.len(), n, T::zero());
        }
        jacobian.set_tangents(start, width, y);
        Ok(())
    })?;
    Ok((values, jacobian))
}
