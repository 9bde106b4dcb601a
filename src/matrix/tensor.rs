//! Reshaping the derivative of a function of a matrix: the depth x rows x cols tensor of
//! the lecture notes and its two vectorized (flattened) forms.
//!
//! Nothing here differentiates: the matrix helpers ([`jacobian_wrt_matrix`](crate::jacobian_wrt_matrix) and its kin) compute a matrix-input Jacobian (a
//! `D x RC` matrix, one column per entry of the `R x C` input `X`), and this module only
//! moves its numbers around, losslessly. Two choices must be stated to read such numbers:
//!
//! - [`VecOrder`]: in which order the entries of `X` are numbered, i.e. which column of the
//!   Jacobian belongs to which entry. [`VecOrder::RowMajor`] reads `X` row by row (the notes'
//!   `vec(X) = [x1, ..., x6]` for a 2 x 3 `X`, NumPy's `flatten`); [`VecOrder::ColumnMajor`]
//!   stacks the columns (Magnus and Neudecker's `vec`, the order nalgebra stores a matrix in,
//!   and the order the matrix helpers seed tangents in).
//! - [`Layout`]: how the derivative of output `d` is laid out as a matrix (a *slice* of the
//!   tensor). [`Layout::Numerator`] (the crate's convention, the notes'): shaped like `Xᵀ`,
//!   `T[d][i][j] = ∂y_d / ∂X[j][i]`. [`Layout::Denominator`]: shaped like `X`,
//!   `T[d][i][j] = ∂y_d / ∂X[i][j]` (what JAX's `jacfwd` returns).
//!
//! # The notes' example
//!
//! `f: R^(2x3) -> R^4`, `X = [[x1, x2, x3], [x4, x5, x6]]`,
//! `y = [Σ xᵢⱼ, x1 x5 x6, x2 x4, x3 x4 x5]`. The numerator tensor is 4 x 3 x 2; its slice
//! for `y2 = x1 x5 x6` is
//!
//! ```text
//! [ ∂y2/∂x1  ∂y2/∂x4 ]   [ x5 x6    0   ]
//! [ ∂y2/∂x2  ∂y2/∂x5 ] = [   0    x1 x6 ]
//! [ ∂y2/∂x3  ∂y2/∂x6 ]   [   0    x1 x5 ]
//! ```
//!
//! The denominator tensor is 4 x 2 x 3, each slice the transpose of the one above. The
//! vectorized Jacobian is 4 x 6; its row for `y2` is `[x5 x6, 0, 0, 0, x1 x6, x1 x5]` in
//! row-major order (columns `x1 .. x6`) and `[x5 x6, 0, 0, x1 x6, 0, x1 x5]` in column-major
//! order (columns `x1, x4, x2, x5, x3, x6`). Reading a numerator slice row by row gives the
//! column-major row: flattening the numerator tensor row-major *is* the column-order
//! vectorized Jacobian.
//!
//! ```
//! use dualnum::tensor::{Layout, Tensor3, VecOrder};
//! use nalgebra::dmatrix;
//!
//! // Row y2 = x1 x5 x6 of the Jacobian at x = (1, 2, 3, 4, 5, 6), row-major columns x1..x6.
//! let jacobian = dmatrix![30.0, 0.0, 0.0, 0.0, 6.0, 5.0];
//! let t = Tensor3::from_jacobian(&jacobian, (2, 3), VecOrder::RowMajor, Layout::Numerator);
//! assert_eq!(t.shape(), (1, 3, 2));
//! assert_eq!(t.slice(0), dmatrix![30.0, 0.0; 0.0, 6.0; 0.0, 5.0]);
//! assert_eq!(
//!     t.to_jacobian(Layout::Numerator, VecOrder::ColumnMajor),
//!     dmatrix![30.0, 0.0, 0.0, 6.0, 0.0, 5.0]
//! );
//! ```

use core::fmt;
use core::ops::{Index, IndexMut};

use nalgebra::allocator::Allocator;
use nalgebra::{
    DMatrix, DMatrixView, DMatrixViewMut, DVector, DefaultAllocator, Dim, Matrix, OMatrix,
    RawStorage, Scalar,
};

/// The order in which the entries of an `R x C` matrix are numbered when it is flattened
/// into a vector, i.e. which column of a matrix-input Jacobian belongs to which entry.
///
/// For `X = [[x1, x2, x3], [x4, x5, x6]]`:
/// `RowMajor` gives `[x1, x2, x3, x4, x5, x6]`, `ColumnMajor` gives `[x1, x4, x2, x5, x3, x6]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VecOrder {
    /// Row by row: entry `(r, c)` is number `r·C + c`. The notes' `vec(X)`, NumPy's
    /// `flatten()` (C order).
    RowMajor,
    /// Column by column: entry `(r, c)` is number `c·R + r`. Magnus and Neudecker's
    /// `vec(X)`, nalgebra's storage order, Fortran order, and the tangent index that
    /// the matrix helpers seed entry `(r, c)` with.
    ColumnMajor,
}

impl VecOrder {
    /// The position of entry `(r, c)` of a matrix of shape `(rows, cols)` in its flattening.
    ///
    /// # Panics
    /// If `(r, c)` is outside the shape.
    ///
    /// ```
    /// use dualnum::tensor::VecOrder;
    /// // x5 = X[1][1] of a 2 x 3 X
    /// assert_eq!(VecOrder::RowMajor.position((1, 1), (2, 3)), 4);
    /// assert_eq!(VecOrder::ColumnMajor.position((1, 1), (2, 3)), 3);
    /// ```
    #[inline]
    pub fn position(self, (r, c): (usize, usize), (rows, cols): (usize, usize)) -> usize {
        assert!(
            r < rows && c < cols,
            "VecOrder::position: entry ({r}, {c}) is outside a {rows} x {cols} matrix"
        );
        match self {
            VecOrder::RowMajor => r * cols + c,
            VecOrder::ColumnMajor => c * rows + r,
        }
    }

    /// The entry `(r, c)` at position `k` of the flattening of a `(rows, cols)` matrix: the
    /// inverse of [`VecOrder::position`].
    ///
    /// # Panics
    /// If `k >= rows·cols`.
    #[inline]
    pub fn entry(self, k: usize, (rows, cols): (usize, usize)) -> (usize, usize) {
        assert!(
            k < rows * cols,
            "VecOrder::entry: position {k} is outside a {rows} x {cols} matrix"
        );
        match self {
            VecOrder::RowMajor => (k / cols, k % cols),
            VecOrder::ColumnMajor => (k % rows, k / rows),
        }
    }

    /// The flattening `vec(X)` of a matrix in this order.
    ///
    /// ```
    /// use dualnum::tensor::VecOrder;
    /// use nalgebra::{dmatrix, dvector};
    /// let x = dmatrix![1.0, 2.0, 3.0; 4.0, 5.0, 6.0];
    /// assert_eq!(VecOrder::RowMajor.vectorize(&x), dvector![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    /// assert_eq!(VecOrder::ColumnMajor.vectorize(&x), dvector![1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    /// ```
    pub fn vectorize<T: Scalar, R: Dim, C: Dim, S: RawStorage<T, R, C>>(
        self,
        x: &Matrix<T, R, C, S>,
    ) -> DVector<T> {
        let shape = x.shape();
        DVector::from_fn(shape.0 * shape.1, |k, _| x[self.entry(k, shape)].clone())
    }
}

/// How the derivative of one output with respect to an `R x C` matrix `X` is laid out as
/// a matrix (one depth slice of the tensor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Shaped like `Xᵀ` (`C x R`): entry `(i, j)` of slice `d` is `∂y_d / ∂X[j][i]`. The
    /// crate's convention and the notes' (a gradient is a row; `∂y/∂X` of a scalar of a
    /// 3 x 4 matrix is 4 x 3).
    Numerator,
    /// Shaped like `X` (`R x C`): entry `(i, j)` of slice `d` is `∂y_d / ∂X[i][j]`. What
    /// JAX's `jacfwd` returns (shape `out.shape + in.shape`) and what gradient descent
    /// subtracts from `X`.
    Denominator,
}

impl Layout {
    /// The shape of one slice for an input of shape `(rows, cols)`: `(cols, rows)` in
    /// numerator layout, `(rows, cols)` in denominator layout.
    #[inline]
    pub fn slice_shape(self, (rows, cols): (usize, usize)) -> (usize, usize) {
        match self {
            Layout::Numerator => (cols, rows),
            Layout::Denominator => (rows, cols),
        }
    }

    /// The shape of the input `X` whose slices have shape `slice_shape` in this layout
    /// (the inverse of [`Layout::slice_shape`]; both are their own inverse).
    #[inline]
    pub fn input_shape(self, slice_shape: (usize, usize)) -> (usize, usize) {
        self.slice_shape(slice_shape)
    }

    /// The entry of `X` that slice entry `(i, j)` differentiates with respect to:
    /// `(j, i)` in numerator layout, `(i, j)` in denominator layout.
    #[inline]
    pub fn input_entry(self, (i, j): (usize, usize)) -> (usize, usize) {
        match self {
            Layout::Numerator => (j, i),
            Layout::Denominator => (i, j),
        }
    }
}

/// A dense third-order tensor of shape `depth x rows x cols` (the notes' `D x R x C`):
/// `depth` matrices ("slices") of the same shape.
///
/// Storage is one contiguous `Vec`: slice after slice, each slice column-major (nalgebra's
/// order), so that [`Tensor3::slice`] is a plain matrix view. Entry `(d, r, c)` is at
/// `d·rows·cols + c·rows + r` in [`Tensor3::as_slice`].
///
/// The type knows nothing of derivatives or layouts; the conversions
/// ([`Tensor3::from_jacobian`], [`Tensor3::to_jacobian`]) take the [`Layout`] and
/// [`VecOrder`] explicitly.
#[derive(Clone, Debug, PartialEq)]
pub struct Tensor3<T> {
    depth: usize,
    rows: usize,
    cols: usize,
    data: Vec<T>,
}

impl<T> Tensor3<T> {
    /// The tensor with entries `f(d, r, c)`.
    ///
    /// ```
    /// use dualnum::tensor::Tensor3;
    /// let t = Tensor3::from_fn((2, 3, 4), |d, r, c| 100 * d + 10 * r + c);
    /// assert_eq!(t[(1, 2, 3)], 123);
    /// ```
    pub fn from_fn(
        (depth, rows, cols): (usize, usize, usize),
        mut f: impl FnMut(usize, usize, usize) -> T,
    ) -> Self {
        let mut data = Vec::with_capacity(depth * rows * cols);
        for d in 0..depth {
            for c in 0..cols {
                for r in 0..rows {
                    data.push(f(d, r, c));
                }
            }
        }
        Tensor3 {
            depth,
            rows,
            cols,
            data,
        }
    }

    /// The shape `(depth, rows, cols)`.
    #[inline]
    pub fn shape(&self) -> (usize, usize, usize) {
        (self.depth, self.rows, self.cols)
    }

    /// The storage, slice after slice, each slice column-major (see the type's documentation).
    #[inline]
    pub fn as_slice(&self) -> &[T] {
        &self.data
    }

    /// The storage as a `Vec`, in the order of [`Tensor3::as_slice`].
    #[inline]
    pub fn into_vec(self) -> Vec<T> {
        self.data
    }

    /// The tensor of this shape whose storage ([`Tensor3::as_slice`]) is `data`; the
    /// caller has checked that `data.len()` is `depth·rows·cols` (the serde reader).
    #[cfg(feature = "serde")]
    pub(crate) fn from_storage((depth, rows, cols): (usize, usize, usize), data: Vec<T>) -> Self {
        debug_assert_eq!(
            Some(data.len()),
            depth.checked_mul(rows).and_then(|n| n.checked_mul(cols))
        );
        Tensor3 {
            depth,
            rows,
            cols,
            data,
        }
    }

    #[inline]
    fn offset(&self, (d, r, c): (usize, usize, usize)) -> usize {
        assert!(
            d < self.depth && r < self.rows && c < self.cols,
            "Tensor3: index ({d}, {r}, {c}) is out of bounds for shape {} x {} x {}",
            self.depth,
            self.rows,
            self.cols
        );
        (d * self.cols + c) * self.rows + r
    }
}

impl<T: Scalar> Tensor3<T> {
    /// The tensor whose slice `d` is `slices[d]`.
    ///
    /// # Panics
    /// If the slices do not all have the same shape. No slices give a `0 x 0 x 0` tensor.
    ///
    /// ```
    /// use dualnum::tensor::Tensor3;
    /// use nalgebra::dmatrix;
    /// let t = Tensor3::from_slices(&[dmatrix![1, 2; 3, 4], dmatrix![5, 6; 7, 8]]);
    /// assert_eq!(t.shape(), (2, 2, 2));
    /// assert_eq!(t[(1, 0, 1)], 6);
    /// ```
    pub fn from_slices(slices: &[DMatrix<T>]) -> Self {
        let (rows, cols) = slices.first().map_or((0, 0), |s| s.shape());
        for (d, s) in slices.iter().enumerate() {
            assert!(
                s.shape() == (rows, cols),
                "Tensor3::from_slices: slice {d} is {} x {}, slice 0 is {rows} x {cols}",
                s.nrows(),
                s.ncols()
            );
        }
        Tensor3::from_fn((slices.len(), rows, cols), |d, r, c| {
            slices[d][(r, c)].clone()
        })
    }

    /// Slice `d` (a `rows x cols` matrix), as a view into the tensor.
    ///
    /// # Panics
    /// If `d >= depth`.
    pub fn slice(&self, d: usize) -> DMatrixView<'_, T> {
        assert!(
            d < self.depth,
            "Tensor3::slice: slice {d} is out of bounds for depth {}",
            self.depth
        );
        let n = self.rows * self.cols;
        DMatrixView::from_slice(&self.data[d * n..(d + 1) * n], self.rows, self.cols)
    }

    /// Slice `d` as a mutable view.
    ///
    /// # Panics
    /// If `d >= depth`.
    pub fn slice_mut(&mut self, d: usize) -> DMatrixViewMut<'_, T> {
        assert!(
            d < self.depth,
            "Tensor3::slice_mut: slice {d} is out of bounds for depth {}",
            self.depth
        );
        let n = self.rows * self.cols;
        DMatrixViewMut::from_slice(&mut self.data[d * n..(d + 1) * n], self.rows, self.cols)
    }

    /// The tensor with every slice transposed (`depth x cols x rows`). This converts a
    /// derivative between [`Layout::Numerator`] and [`Layout::Denominator`], both ways.
    pub fn transpose_slices(&self) -> Self {
        Tensor3::from_fn((self.depth, self.cols, self.rows), |d, r, c| {
            self[(d, c, r)].clone()
        })
    }

    /// The tensor of the derivative of `y ∈ R^D` with respect to an `R x C` matrix `X`, in
    /// `layout`, from its vectorized Jacobian: the `D x RC` matrix whose column `k` holds
    /// `∂y/∂x_k`, the entries of `X` numbered in `order` (`input_shape = (R, C)`).
    ///
    /// The result is `D x C x R` in numerator layout (slice `d` is `∂y_d/∂X` shaped like
    /// `Xᵀ`) and `D x R x C` in denominator layout (shaped like `X`). Any nalgebra matrix
    /// (static or dynamic) is accepted.
    ///
    /// # Panics
    /// If the Jacobian does not have `R·C` columns.
    pub fn from_jacobian<D: Dim, K: Dim, S: RawStorage<T, D, K>>(
        jacobian: &Matrix<T, D, K, S>,
        input_shape: (usize, usize),
        order: VecOrder,
        layout: Layout,
    ) -> Self {
        let (rows, cols) = input_shape;
        assert!(
            jacobian.ncols() == rows * cols,
            "Tensor3::from_jacobian: a {} x {} Jacobian cannot be the derivative with respect \
             to a {rows} x {cols} matrix (it needs {} columns)",
            jacobian.nrows(),
            jacobian.ncols(),
            rows * cols
        );
        let (sr, sc) = layout.slice_shape(input_shape);
        Tensor3::from_fn((jacobian.nrows(), sr, sc), |d, i, j| {
            let k = order.position(layout.input_entry((i, j)), input_shape);
            jacobian[(d, k)].clone()
        })
    }

    /// The vectorized Jacobian (`D x RC`, columns numbered in `order`) of the derivative
    /// this tensor holds in `layout`: the inverse of [`Tensor3::from_jacobian`]. The input
    /// shape `(R, C)` is read off the slices (`layout.input_shape(slice shape)`).
    ///
    /// Identities (tested): a numerator tensor in `ColumnMajor` order is each slice
    /// flattened row by row; a denominator tensor in `ColumnMajor` order is each slice
    /// flattened column by column, i.e. [`Tensor3::as_slice`] read as `depth` rows.
    pub fn to_jacobian(&self, layout: Layout, order: VecOrder) -> DMatrix<T> {
        let input_shape = layout.input_shape((self.rows, self.cols));
        DMatrix::from_fn(self.depth, self.rows * self.cols, |d, k| {
            let (i, j) = layout.input_entry(order.entry(k, input_shape));
            self[(d, i, j)].clone()
        })
    }
}

impl<T> Index<(usize, usize, usize)> for Tensor3<T> {
    type Output = T;

    /// Entry `(depth, row, col)`.
    ///
    /// # Panics
    /// If the index is out of bounds.
    #[inline]
    fn index(&self, index: (usize, usize, usize)) -> &T {
        &self.data[self.offset(index)]
    }
}

impl<T> IndexMut<(usize, usize, usize)> for Tensor3<T> {
    /// Entry `(depth, row, col)`, mutably.
    ///
    /// # Panics
    /// If the index is out of bounds.
    #[inline]
    fn index_mut(&mut self, index: (usize, usize, usize)) -> &mut T {
        let k = self.offset(index);
        &mut self.data[k]
    }
}

impl<T: fmt::Display> fmt::Display for Tensor3<T> {
    /// Prints the shape, then the slices one after another, as the notes draw the tensor;
    /// columns are aligned across the whole tensor and a precision (`{:.3}`) applies to
    /// every entry:
    ///
    /// ```text
    /// 2 x 2 x 1 tensor (depth x rows x cols)
    /// [0] ⎡ 1 ⎤
    ///     ⎣ 2 ⎦
    /// [1] ⎡ 3 ⎤
    ///     ⎣ 4 ⎦
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let strings: Vec<String> = self
            .data
            .iter()
            .map(|x| match f.precision() {
                Some(p) => format!("{x:.p$}"),
                None => format!("{x}"),
            })
            .collect();
        let width = strings.iter().map(|s| s.chars().count()).max().unwrap_or(0);
        write!(
            f,
            "{} x {} x {} tensor (depth x rows x cols)",
            self.depth, self.rows, self.cols
        )?;
        let label_width = format!("[{}]", self.depth.saturating_sub(1)).len();
        for d in 0..self.depth {
            for r in 0..self.rows {
                let label = if r == 0 {
                    format!("[{d}]")
                } else {
                    String::new()
                };
                let (open, close) = match (self.rows, r) {
                    (1, _) => ('[', ']'),
                    (_, 0) => ('⎡', '⎤'),
                    (n, r) if r + 1 == n => ('⎣', '⎦'),
                    _ => ('⎢', '⎥'),
                };
                write!(f, "\n{label:<label_width$} {open}")?;
                for c in 0..self.cols {
                    let s = &strings[(d * self.cols + c) * self.rows + r];
                    write!(f, " {s:>width$}")?;
                }
                write!(f, " {close}")?;
            }
        }
        Ok(())
    }
}

/// The vectorized Jacobian of a derivative with respect to an `R x C` matrix
/// (`input_shape = (R, C)`), its columns renumbered from order `from` to order `to`: a
/// column permutation, so lossless, and the static or dynamic shape is kept.
///
/// ```
/// use dualnum::tensor::{reorder_jacobian, VecOrder};
/// use nalgebra::matrix;
/// // ∂(x2 x4)/∂X at x = (1, ..., 6): columns x1..x6, then x1, x4, x2, x5, x3, x6
/// let row_major = matrix![0.0, 4.0, 0.0, 2.0, 0.0, 0.0];
/// let col_major = reorder_jacobian(&row_major, (2, 3), VecOrder::RowMajor, VecOrder::ColumnMajor);
/// assert_eq!(col_major, matrix![0.0, 2.0, 4.0, 0.0, 0.0, 0.0]);
/// ```
///
/// # Panics
/// If the Jacobian does not have `R·C` columns.
pub fn reorder_jacobian<T: Scalar, D: Dim, K: Dim, S: RawStorage<T, D, K>>(
    jacobian: &Matrix<T, D, K, S>,
    input_shape: (usize, usize),
    from: VecOrder,
    to: VecOrder,
) -> OMatrix<T, D, K>
where
    DefaultAllocator: Allocator<D, K>,
{
    let (rows, cols) = input_shape;
    assert!(
        jacobian.ncols() == rows * cols,
        "reorder_jacobian: a {} x {} Jacobian cannot be the derivative with respect to a \
         {rows} x {cols} matrix (it needs {} columns)",
        jacobian.nrows(),
        jacobian.ncols(),
        rows * cols
    );
    let (nrows, ncols) = jacobian.shape_generic();
    OMatrix::<T, D, K>::from_fn_generic(nrows, ncols, |d, k| {
        jacobian[(d, from.position(to.entry(k, input_shape), input_shape))].clone()
    })
}
