//! [`ChunkedHessian`]: dense Hessians of functions of a dynamically sized (or wide) input,
//! in blocks of `N x N` entries, with a reusable workspace that allocates nothing after
//! its first use.
//!
//! The inputs are cut into `m = ceil(n / N)` blocks. For each pair of blocks `I <= J` one
//! evaluation on nested duals `Dual<Dual<T, N>, N>` seeds block `I` in the inner tangent
//! and block `J` in the outer one, so the result's `δ_l ε_k` components are the entries
//! `H[I_k, J_l]` of one block of the Hessian; the block `(J, I)` is its transpose. That is
//! `m(m+1)/2` evaluations, half of the `m²` of a chunked Jacobian of the gradient. On a
//! diagonal block the upper triangle is taken for both triangles, so the Hessian is exactly
//! symmetric. The gradient is read from the diagonal passes.

use super::{MatrixOut, seed};
use crate::{Dual, JacobianError, Real};

/// A reusable workspace for Hessians computed in `N x N` blocks (`N > 0`, checked at
/// compile time), for `f` written over slices of nested duals.
///
/// ```
/// use dualnum::{ChunkedHessian, Dual};
/// use nalgebra::DMatrix;
/// // f = Σ x_i² x_(i+1), n = 5, blocks of 2: 3 blocks, 6 passes
/// let f = |x: &[Dual<Dual<f64, 2>, 2>]| {
///     let mut s = Dual::default();
///     for i in 0..x.len() - 1 {
///         s += x[i] * x[i] * x[i + 1];
///     }
///     s
/// };
/// let x = [1.0, 2.0, 3.0, 4.0, 5.0];
/// let (mut g, mut h) = ([0.0; 5], DMatrix::zeros(5, 5));
/// let mut work = ChunkedHessian::<2, f64>::new();
/// let value = work.hessian_into(f, &x, Some(&mut g), &mut h).unwrap();
/// assert_eq!(value, 1.0 * 2.0 + 4.0 * 3.0 + 9.0 * 4.0 + 16.0 * 5.0);
/// // ∂²f/∂x_1² = 2 x_2, ∂²f/∂x_1∂x_2 = 2 x_1 (0-based indices)
/// assert_eq!((h[(1, 1)], h[(1, 2)], h[(2, 1)]), (6.0, 4.0, 4.0));
/// assert_eq!(ChunkedHessian::<2, f64>::passes(5), 6);
/// ```
#[derive(Clone, Debug)]
pub struct ChunkedHessian<const N: usize, T> {
    /// The inputs as constants; each pass seeds one block pair.
    inputs: Vec<Dual<Dual<T, N>, N>>,
}

impl<const N: usize, T: Real> Default for ChunkedHessian<N, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize, T: Real> ChunkedHessian<N, T> {
    /// An empty workspace; its buffer grows on first use.
    ///
    /// ```compile_fail
    /// let work = dualnum::ChunkedHessian::<0, f64>::new();
    /// ```
    pub fn new() -> Self {
        const {
            assert!(
                N > 0,
                "the block width N of a chunked Hessian must be at least 1"
            )
        };
        ChunkedHessian { inputs: Vec::new() }
    }

    /// The number of evaluations of `f` for `n` inputs: `m(m+1)/2` with `m = ceil(n/N)`,
    /// and 1 when `n = 0` (the value is still computed).
    pub fn passes(n: usize) -> usize {
        let m = n.div_ceil(N);
        (m * (m + 1) / 2).max(1)
    }

    /// Computes the gradient of `f` at `x` into `gradient` (when given) and its Hessian into `hessian`
    /// (`n x n`, any [`MatrixOut`]: an nalgebra matrix or view, a row- or column-major
    /// [`MatrixSlice`](crate::MatrixSlice)), and returns `f(x)`. Each block is written as
    /// contiguous row runs (the lower block `(J, I)` row by row, its mirror entry by
    /// entry).
    ///
    /// # Errors
    /// [`JacobianError::BufferSize`] if a `gradient` is given with `len() != n`, [`JacobianError::BufferShape`]
    /// if `hessian` is not `n x n`; nothing is evaluated then.
    pub fn hessian_into(
        &mut self,
        mut f: impl FnMut(&[Dual<Dual<T, N>, N>]) -> Dual<Dual<T, N>, N>,
        x: &[T],
        mut gradient: Option<&mut [T]>,
        hessian: &mut impl MatrixOut<T>,
    ) -> Result<T, JacobianError> {
        let n = x.len();
        if let Some(gradient) = &gradient {
            JacobianError::check_len("gradient", n, gradient.len())?;
        }
        JacobianError::check_shape("hessian", (n, n), hessian.shape())?;
        self.inputs.clear();
        self.inputs
            .extend(x.iter().map(|&xi| Dual::constant(Dual::constant(xi))));
        if n == 0 {
            return Ok(f(&self.inputs).re.re);
        }
        let mut value = T::zero();
        let block = |b: usize| (b * N, N.min(n - b * N));
        let m = n.div_ceil(N);
        for bi in 0..m {
            for bj in bi..m {
                let (inner, outer) = (block(bi), block(bj));
                seed::set_block_pair(&mut self.inputs, inner, outer, T::one());
                let y = f(&self.inputs);
                seed::set_block_pair(&mut self.inputs, inner, outer, T::zero());
                let ((i0, wi), (j0, wj)) = (inner, outer);
                if bi == bj {
                    value = y.re.re;
                    if let Some(gradient) = gradient.as_deref_mut() {
                        gradient[i0..i0 + wi].copy_from_slice(&y.re.eps[..wi]);
                    }
                }
                // Entry (j0 + l, i0 + k) of the block (J, I) is y.eps[l].eps[k]: row
                // j0 + l, columns i0 .. i0 + wi, one run. On a diagonal block only k <= l
                // is read, for both triangles.
                for l in 0..wj {
                    let run = if bi == bj { l + 1 } else { wi };
                    let row = &y.eps[l].eps[..run];
                    hessian.set_row_segment(j0 + l, i0, row);
                    for (k, &h) in row.iter().enumerate() {
                        if bi != bj || k < l {
                            hessian.set(i0 + k, j0 + l, h);
                        }
                    }
                }
            }
        }
        Ok(value)
    }
}
