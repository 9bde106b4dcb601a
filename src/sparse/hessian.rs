//! [`SeparableHessian`]: the sparse Hessian of a partially separable objective
//! `f(x) = Σ_k f_k(x[S_k])`, each term on `K` of the `n` inputs.
//!
//! Least squares, finite elements, bundle adjustment and every residual-block problem
//! have this form. Each term's dense `K x K` Hessian comes from one evaluation on the
//! symmetric second-order [`Dual2<f64, K, P>`](crate::Dual2) over the term's own variables;
//! the plan maps each of its `K(K+1)/2` entries to its slot in a symmetric
//! [`CscMatrix`] (both triangles stored) once, so a Hessian costs one evaluation per term
//! and `O(K²)` additions: linear in the number of terms, whatever `n` is. Nothing is
//! coloured or compressed, so no entry can be mixed with another.

use nalgebra_sparse::CscMatrix;
use nalgebra_sparse::pattern::SparsityPattern;

use super::SparseError;
use crate::Dual2;

/// The mark of a packed entry on the term's diagonal: it has no mirror slot.
const NO_MIRROR: usize = usize::MAX;

/// A plan for the sparse Hessian of `f(x) = Σ_k f_k(x[S_k])`: the index sets `S_k` (`K`
/// indices each, `P = K(K+1)/2` checked at compile time), the pattern of the Hessian (the
/// union of the `S_k x S_k` blocks, both triangles) and, for every term, where each of its
/// Hessian entries goes.
///
/// A term on fewer than `K` variables repeats one of its indices: the copy is a variable of
/// its own, whose derivatives are zero where the term ignores it and are summed into the
/// same entries where it does not (`∂²/∂x² = H_aa + H_ab + H_ba + H_bb` for `S_a = S_b = x`).
///
/// ```
/// use dualnum::Dual2;
/// use dualnum::sparse::SeparableHessian;
/// // chained Rosenbrock: f = Σ_i 100 (x_(i+1) - x_i²)² + (1 - x_i)², terms on (x_i, x_(i+1))
/// let n = 5;
/// let terms: Vec<[usize; 2]> = (0..n - 1).map(|i| [i, i + 1]).collect();
/// let mut plan = SeparableHessian::<2, 3>::new(n, terms).unwrap();
/// let term = |_k: usize, v: &[Dual2<f64, 2, 3>; 2]| {
///     let t = v[1] - v[0] * v[0];
///     let s = 1.0 - v[0];
///     t * t * 100.0 + s * s
/// };
/// let x = vec![0.5; n];
/// let (mut g, mut h) = (vec![0.0; n], plan.new_matrix());
/// let value = plan.hessian_into(term, &x, &mut g, &mut h).unwrap();
/// assert_eq!(h.nnz(), 3 * n - 2); // tridiagonal
/// // ∂²f/∂x_1² = 1200 x_1² - 400 x_2 + 2 + 200 = 302, ∂²f/∂x_1∂x_2 = -400 x_1 = -200
/// assert_eq!(h.get_entry(1, 1).unwrap().into_value(), 302.0);
/// assert_eq!(h.get_entry(2, 1).unwrap().into_value(), -200.0);
/// assert_eq!(value, 4.0 * (100.0 * 0.0625 + 0.25));
/// ```
#[derive(Clone, Debug)]
pub struct SeparableHessian<const K: usize, const P: usize> {
    /// The number of inputs.
    n: usize,
    /// The index sets `S_k`.
    terms: Vec<[usize; K]>,
    /// For term `k`, packed entry `p = (a, b)`: `slots[k P + p] = (slot of (S_a, S_b), slot
    /// of (S_b, S_a))`, the second [`NO_MIRROR`] for `a = b`.
    slots: Vec<(usize, usize)>,
    /// The symmetric pattern of the Hessian.
    pattern: SparsityPattern,
}

impl<const K: usize, const P: usize> SeparableHessian<K, P> {
    /// The plan for `n` inputs and the index sets `terms` (each term's `K` inputs): builds
    /// the pattern and the map from term entries to slots, `O(terms · K² log K)`.
    ///
    /// # Errors
    /// [`SparseError::EntryOutOfBounds`] if a term names an input `>= n` (as the diagonal
    /// entry `(i, i)` of the `n x n` Hessian).
    pub fn new(n: usize, terms: Vec<[usize; K]>) -> Result<Self, SparseError> {
        Dual2::<f64, K, P>::check_size();
        for s in &terms {
            if let Some(&i) = s.iter().find(|&&i| i >= n) {
                return Err(SparseError::EntryOutOfBounds {
                    row: i,
                    col: i,
                    nrows: n,
                    ncols: n,
                });
            }
        }
        // the rows of each column, sorted and without repeats
        let mut columns: Vec<Vec<usize>> = vec![Vec::new(); n];
        for s in &terms {
            for &c in s {
                columns[c].extend_from_slice(s);
            }
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut indices = Vec::new();
        offsets.push(0);
        for rows in &mut columns {
            rows.sort_unstable();
            rows.dedup();
            indices.extend_from_slice(rows);
            offsets.push(indices.len());
        }
        let slot = |r: usize, c: usize| {
            let rows = &indices[offsets[c]..offsets[c + 1]];
            offsets[c]
                + rows
                    .binary_search(&r)
                    .expect("every term entry is in the pattern")
        };
        let mut slots = Vec::with_capacity(terms.len() * P);
        for s in &terms {
            for a in 0..K {
                for b in a..K {
                    let mirror = if a == b { NO_MIRROR } else { slot(s[b], s[a]) };
                    slots.push((slot(s[a], s[b]), mirror));
                }
            }
        }
        let pattern = SparsityPattern::try_from_offsets_and_indices(n, n, offsets, indices)
            .expect("sorted, unique, in range");
        Ok(SeparableHessian {
            n,
            terms,
            slots,
            pattern,
        })
    }

    /// The number of inputs `n`.
    pub fn input_len(&self) -> usize {
        self.n
    }

    /// The number of terms.
    pub fn terms(&self) -> usize {
        self.terms.len()
    }

    /// The number of stored entries of the Hessian (both triangles).
    pub fn nnz(&self) -> usize {
        self.pattern.nnz()
    }

    /// A zero `n x n` matrix with the plan's pattern, to pass to
    /// [`hessian_into`](Self::hessian_into).
    pub fn new_matrix(&self) -> CscMatrix<f64> {
        CscMatrix::try_from_pattern_and_values(self.pattern.clone(), vec![0.0; self.nnz()])
            .expect("one value per entry")
    }

    /// Computes `f(x) = Σ_k term(k, x[S_k])`, its gradient into `gradient` and its Hessian
    /// into `hessian` (made by [`new_matrix`](Self::new_matrix)); `term(k, v)` evaluates
    /// term `k` on its `K` variables `v[a] = x[S_k[a]]`. Allocates nothing.
    ///
    /// # Errors
    /// [`SparseError::InputLength`] if `x.len() != n`, [`SparseError::OutputLength`] if
    /// `gradient.len() != n`, [`SparseError::MatrixPattern`] if `hessian` does not have the
    /// plan's pattern; nothing is evaluated then.
    pub fn hessian_into(
        &self,
        mut term: impl FnMut(usize, &[Dual2<f64, K, P>; K]) -> Dual2<f64, K, P>,
        x: &[f64],
        gradient: &mut [f64],
        hessian: &mut CscMatrix<f64>,
    ) -> Result<f64, SparseError> {
        let n = self.n;
        if x.len() != n {
            return Err(SparseError::InputLength {
                expected: n,
                found: x.len(),
            });
        }
        if gradient.len() != n {
            return Err(SparseError::OutputLength {
                expected: n,
                found: gradient.len(),
            });
        }
        if *hessian.pattern() != self.pattern {
            return Err(SparseError::MatrixPattern);
        }
        gradient.fill(0.0);
        let values = hessian.values_mut();
        values.fill(0.0);
        let mut total = 0.0;
        for (k, (s, slots)) in self
            .terms
            .iter()
            .zip(self.slots.chunks_exact(P))
            .enumerate()
        {
            let mut local = [Dual2::<f64, K, P>::constant(0.0); K];
            for (a, v) in local.iter_mut().enumerate() {
                v.re = x[s[a]];
                v.grad[a] = 1.0;
            }
            let y = term(k, &local);
            total += y.re;
            for (a, &i) in s.iter().enumerate() {
                gradient[i] += y.grad[a];
            }
            for (&(upper, mirror), &h) in slots.iter().zip(&y.hess) {
                values[upper] += h;
                if mirror != NO_MIRROR {
                    values[mirror] += h;
                }
            }
        }
        Ok(total)
    }
}
