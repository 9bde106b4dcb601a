//! Where a dense Jacobian (or Hessian) goes: the caller's own buffer, in the layout the
//! caller chooses. Every `_into` helper writes through [`MatrixOut`], so one kernel serves
//! a row-major slice, a column-major slice, and any nalgebra matrix or view.
//!
//! The kernels hand over each output's tangent as one contiguous run: entry `(i, j0 + k)`
//! of the Jacobian is `y[i].eps[k]` in the pass that seeds columns `j0 ..`. A row-major
//! destination then takes a plain copy of that run; a column-major one writes it with a
//! stride of `rows`.

use crate::{Dual, JacobianError, Real};

/// The storage order of a dense matrix in a flat slice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Order {
    /// Entry `(i, j)` of an `r x c` matrix at `i * c + j`: rows contiguous (C, NumPy).
    RowMajor,
    /// Entry `(i, j)` of an `r x c` matrix at `j * r + i`: columns contiguous (nalgebra,
    /// Fortran, LAPACK).
    ColMajor,
}

/// A destination for a dense `rows x cols` matrix of `T`, written by the `_into` helpers.
///
/// Implemented by [`MatrixSlice`] (a slice in either [`Order`]) and by every nalgebra
/// matrix or view with mutable storage (`SMatrix`, `DMatrix`, `view_mut`, ...).
pub trait MatrixOut<T> {
    /// `(rows, cols)`.
    fn shape(&self) -> (usize, usize);

    /// Writes `segment[k]` to entry `(i, j0 + k)` for every `k`. The caller keeps
    /// `i < rows` and `j0 + segment.len() <= cols`.
    fn set_row_segment(&mut self, i: usize, j0: usize, segment: &[T]);

    /// Writes `v` to entry `(i, j)`.
    fn set(&mut self, i: usize, j: usize, v: T);

    /// Sets every entry to `v`.
    fn fill(&mut self, v: T);

    /// Writes tangent components `0..width` of `outputs[i]` to entries
    /// `(i, j0) .. (i, j0 + width)` for every `i`: one pass of a Jacobian kernel (seeding
    /// columns `j0 ..`). The caller keeps `outputs.len() <= rows`, `width <= W` and
    /// `j0 + width <= cols`.
    ///
    /// Provided: one [`set_row_segment`](Self::set_row_segment) per output. A column-major
    /// destination overrides it to write each column contiguously instead.
    #[inline]
    fn set_tangents<const W: usize>(&mut self, j0: usize, width: usize, outputs: &[Dual<T, W>])
    where
        Self: Sized,
        T: Real,
    {
        for (i, y) in outputs.iter().enumerate() {
            self.set_row_segment(i, j0, &y.eps[..width]);
        }
    }
}

/// The caller's slice seen as a dense `rows x cols` matrix in a given [`Order`].
///
/// ```
/// use dualnum::{MatrixOut, MatrixSlice, Order};
/// let mut buf = [0.0; 6];
/// let mut m = MatrixSlice::new(&mut buf, 2, 3, Order::RowMajor).unwrap();
/// m.set_row_segment(1, 1, &[5.0, 6.0]);
/// assert_eq!(buf, [0.0, 0.0, 0.0, 0.0, 5.0, 6.0]);
/// // a wrong length is an error naming both sizes
/// let mut short = [0.0; 5];
/// let err = MatrixSlice::new(&mut short, 2, 3, Order::ColMajor).unwrap_err();
/// assert_eq!(err.to_string(), "wrong buffer size for matrix slice: 5, expected 6");
/// ```
#[derive(Debug)]
pub struct MatrixSlice<'a, T> {
    data: &'a mut [T],
    rows: usize,
    cols: usize,
    order: Order,
}

impl<'a, T> MatrixSlice<'a, T> {
    /// `data` as a `rows x cols` matrix in `order`.
    ///
    /// # Errors
    /// [`JacobianError::BufferSize`] if `data.len() != rows * cols`.
    pub fn new(
        data: &'a mut [T],
        rows: usize,
        cols: usize,
        order: Order,
    ) -> Result<Self, JacobianError> {
        JacobianError::check_len("matrix slice", rows * cols, data.len())?;
        Ok(MatrixSlice {
            data,
            rows,
            cols,
            order,
        })
    }

    /// `data` as a row-major `rows x cols` matrix; see [`new`](Self::new).
    ///
    /// # Errors
    /// [`JacobianError::BufferSize`] if `data.len() != rows * cols`.
    pub fn row_major(data: &'a mut [T], rows: usize, cols: usize) -> Result<Self, JacobianError> {
        Self::new(data, rows, cols, Order::RowMajor)
    }

    /// `data` as a column-major `rows x cols` matrix; see [`new`](Self::new).
    ///
    /// # Errors
    /// [`JacobianError::BufferSize`] if `data.len() != rows * cols`.
    pub fn col_major(data: &'a mut [T], rows: usize, cols: usize) -> Result<Self, JacobianError> {
        Self::new(data, rows, cols, Order::ColMajor)
    }

    /// The storage order.
    pub fn order(&self) -> Order {
        self.order
    }

    /// The underlying slice.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        self.data
    }
}

impl<T: Copy> MatrixOut<T> for MatrixSlice<'_, T> {
    #[inline]
    fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    #[inline]
    fn set_row_segment(&mut self, i: usize, j0: usize, segment: &[T]) {
        match self.order {
            Order::RowMajor => {
                let start = i * self.cols + j0;
                self.data[start..start + segment.len()].copy_from_slice(segment);
            }
            Order::ColMajor => {
                // stride `rows`; an empty segment touches nothing (also at `j0 = cols`)
                for (k, &s) in segment.iter().enumerate() {
                    self.data[(j0 + k) * self.rows + i] = s;
                }
            }
        }
    }

    #[inline]
    fn set(&mut self, i: usize, j: usize, v: T) {
        let k = match self.order {
            Order::RowMajor => i * self.cols + j,
            Order::ColMajor => j * self.rows + i,
        };
        self.data[k] = v;
    }

    #[inline]
    fn fill(&mut self, v: T) {
        self.data.fill(v);
    }

    /// Row-major: one contiguous copy per output (of fixed size `W` for a full chunk).
    /// Column-major: column by column, each a contiguous run of `outputs.len()` entries.
    #[inline]
    fn set_tangents<const W: usize>(&mut self, j0: usize, width: usize, outputs: &[Dual<T, W>])
    where
        T: Real,
    {
        if width == 0 {
            return; // no columns (no inputs): nothing to write, and no zero-length rows
        }
        match self.order {
            Order::RowMajor => {
                let rows = self.data.chunks_exact_mut(self.cols);
                if width == W {
                    // a full chunk: a copy of fixed size `W`, inlined (a `copy_from_slice`
                    // of run-time length calls `memmove`, 64 bytes at a time at W = 8)
                    for (row, y) in rows.zip(outputs) {
                        let run: &mut [T; W] = (&mut row[j0..j0 + W])
                            .try_into()
                            .expect("a run of W entries");
                        *run = y.eps;
                    }
                } else {
                    for (row, y) in rows.zip(outputs) {
                        row[j0..j0 + width].copy_from_slice(&y.eps[..width]);
                    }
                }
            }
            Order::ColMajor => {
                let m = self.rows;
                if m == 0 {
                    return;
                }
                let columns = self.data[j0 * m..(j0 + width) * m].chunks_exact_mut(m);
                for (k, column) in columns.enumerate() {
                    for (d, y) in column.iter_mut().zip(outputs) {
                        *d = y.eps[k];
                    }
                }
            }
        }
    }
}

/// Any nalgebra matrix or view with mutable storage, whatever its strides.
#[cfg(feature = "nalgebra")]
impl<T, R, C, S> MatrixOut<T> for nalgebra::Matrix<T, R, C, S>
where
    T: nalgebra::Scalar + Copy,
    R: nalgebra::Dim,
    C: nalgebra::Dim,
    S: nalgebra::RawStorageMut<T, R, C>,
{
    #[inline]
    fn shape(&self) -> (usize, usize) {
        self.shape()
    }

    #[inline]
    fn set_row_segment(&mut self, i: usize, j0: usize, segment: &[T]) {
        for (k, &s) in segment.iter().enumerate() {
            self[(i, j0 + k)] = s;
        }
    }

    #[inline]
    fn set(&mut self, i: usize, j: usize, v: T) {
        self[(i, j)] = v;
    }

    /// Column by column (nalgebra's storage order), each column's entries in sequence,
    /// indexed (as [`fill`](Self::fill), several times faster than nalgebra's iterators).
    #[inline]
    fn set_tangents<const W: usize>(&mut self, j0: usize, width: usize, outputs: &[Dual<T, W>])
    where
        T: Real,
    {
        for k in 0..width {
            for (i, y) in outputs.iter().enumerate() {
                self[(i, j0 + k)] = y.eps[k];
            }
        }
    }

    #[inline]
    fn fill(&mut self, v: T) {
        // Indexed, column by column: with the row stride known at compile time (1 for
        // `DMatrix`, `SMatrix` and their views) each column is a plain loop LLVM turns into
        // a fill. nalgebra's iterator-based `fill`, and a loop over `column_iter_mut`,
        // are an order of magnitude slower (64 x 64: about 10 µs against 0.4-0.6 µs).
        let (rows, cols) = self.shape();
        for j in 0..cols {
            for i in 0..rows {
                self[(i, j)] = v;
            }
        }
    }
}
