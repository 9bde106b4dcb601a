//! [`Pattern`]: which entries of a Jacobian may be nonzero.

use nalgebra_sparse::pattern::SparsityPattern;

use super::SparseError;

/// The sparsity pattern of an `nrows x ncols` Jacobian: for each row (output), the sorted
/// list of columns (inputs) it may depend on. Stored row by row (compressed sparse rows).
///
/// A pattern is *structural*: `(i, j)` is in it when output `i` depends on input `j` through
/// the operations performed, even if the derivative happens to be zero at some point. Every
/// entry outside the pattern is an exact zero of the Jacobian.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    nrows: usize,
    ncols: usize,
    /// `row_offsets[i]..row_offsets[i + 1]` indexes row `i` in `col_indices`.
    row_offsets: Vec<usize>,
    /// Column indices, sorted and unique within each row.
    col_indices: Vec<usize>,
}

impl Pattern {
    /// The pattern with the given rows: `rows[i]` lists the columns of row `i`, in any order,
    /// duplicates allowed (they are sorted and merged).
    ///
    /// # Errors
    /// [`SparseError::EntryOutOfBounds`] if a column index is `>= ncols`.
    ///
    /// ```
    /// use dualnum::sparse::Pattern;
    /// let p = Pattern::from_rows(3, &[vec![0, 1], vec![2, 1, 1], vec![]]).unwrap();
    /// assert_eq!(p.row(1), &[1, 2]);
    /// assert_eq!(p.nnz(), 4);
    /// ```
    pub fn from_rows<R: AsRef<[usize]>>(ncols: usize, rows: &[R]) -> Result<Self, SparseError> {
        let nrows = rows.len();
        let mut row_offsets = Vec::with_capacity(nrows + 1);
        let mut col_indices = Vec::new();
        row_offsets.push(0);
        for (i, row) in rows.iter().enumerate() {
            let start = col_indices.len();
            for &j in row.as_ref() {
                if j >= ncols {
                    return Err(SparseError::EntryOutOfBounds {
                        row: i,
                        col: j,
                        nrows,
                        ncols,
                    });
                }
                col_indices.push(j);
            }
            col_indices[start..].sort_unstable();
            let mut kept = start;
            for k in start..col_indices.len() {
                if kept == start || col_indices[k] != col_indices[kept - 1] {
                    col_indices[kept] = col_indices[k];
                    kept += 1;
                }
            }
            col_indices.truncate(kept);
            row_offsets.push(kept);
        }
        Ok(Pattern {
            nrows,
            ncols,
            row_offsets,
            col_indices,
        })
    }

    /// The pattern holding the given `(row, col)` entries, in any order, duplicates allowed.
    ///
    /// # Errors
    /// [`SparseError::EntryOutOfBounds`] for an entry outside `nrows x ncols`.
    pub fn from_entries(
        nrows: usize,
        ncols: usize,
        entries: impl IntoIterator<Item = (usize, usize)>,
    ) -> Result<Self, SparseError> {
        let mut rows = vec![Vec::new(); nrows];
        for (i, j) in entries {
            if i >= nrows || j >= ncols {
                return Err(SparseError::EntryOutOfBounds {
                    row: i,
                    col: j,
                    nrows,
                    ncols,
                });
            }
            rows[i].push(j);
        }
        Self::from_rows(ncols, &rows)
    }

    /// Every entry of an `nrows x ncols` matrix.
    pub fn dense(nrows: usize, ncols: usize) -> Self {
        let row_offsets = (0..=nrows).map(|i| i * ncols).collect();
        let col_indices = (0..nrows).flat_map(|_| 0..ncols).collect();
        Pattern {
            nrows,
            ncols,
            row_offsets,
            col_indices,
        }
    }

    /// The `n x n` band with `lower` diagonals below the main one and `upper` above it:
    /// `(i, j)` with `i - lower <= j <= i + upper`.
    pub fn banded(n: usize, lower: usize, upper: usize) -> Self {
        let mut row_offsets = Vec::with_capacity(n + 1);
        let mut col_indices = Vec::new();
        row_offsets.push(0);
        for i in 0..n {
            let lo = i.saturating_sub(lower);
            let hi = i.saturating_add(upper).min(n - 1);
            col_indices.extend(lo..=hi);
            row_offsets.push(col_indices.len());
        }
        Pattern {
            nrows: n,
            ncols: n,
            row_offsets,
            col_indices,
        }
    }

    /// Internal constructor from rows that are already sorted, unique and in bounds.
    pub(crate) fn from_sorted_parts(
        nrows: usize,
        ncols: usize,
        row_offsets: Vec<usize>,
        col_indices: Vec<usize>,
    ) -> Self {
        debug_assert_eq!(row_offsets.len(), nrows + 1);
        debug_assert!((0..nrows).all(|i| {
            let r = &col_indices[row_offsets[i]..row_offsets[i + 1]];
            r.windows(2).all(|w| w[0] < w[1]) && r.iter().all(|&j| j < ncols)
        }));
        Pattern {
            nrows,
            ncols,
            row_offsets,
            col_indices,
        }
    }

    /// The number of rows (outputs).
    pub fn nrows(&self) -> usize {
        self.nrows
    }

    /// The number of columns (inputs).
    pub fn ncols(&self) -> usize {
        self.ncols
    }

    /// The number of entries.
    pub fn nnz(&self) -> usize {
        self.col_indices.len()
    }

    /// The sorted columns of row `i`.
    ///
    /// # Panics
    /// If `i >= nrows`.
    pub fn row(&self, i: usize) -> &[usize] {
        &self.col_indices[self.row_offsets[i]..self.row_offsets[i + 1]]
    }

    /// Whether `(i, j)` is an entry (false outside the matrix).
    pub fn contains(&self, i: usize, j: usize) -> bool {
        i < self.nrows && self.row(i).binary_search(&j).is_ok()
    }

    /// Every entry `(row, col)`, row by row, columns ascending.
    pub fn entries(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..self.nrows).flat_map(move |i| self.row(i).iter().map(move |&j| (i, j)))
    }

    /// The largest number of entries in one row: a lower bound on the number of colours of
    /// any valid column colouring, since the columns of one row must all differ.
    pub fn max_row_len(&self) -> usize {
        self.row_offsets
            .windows(2)
            .map(|w| w[1] - w[0])
            .max()
            .unwrap_or(0)
    }

    /// The first entry (in row order) of `self` that `other` does not hold, or `None` when
    /// `self` is a subset of `other`. The shapes need not agree: an entry outside `other`'s
    /// bounds is one it does not hold.
    pub fn first_entry_not_in(&self, other: &Pattern) -> Option<(usize, usize)> {
        for i in 0..self.nrows {
            let mine = self.row(i);
            if i >= other.nrows {
                if let Some(&j) = mine.first() {
                    return Some((i, j));
                }
                continue;
            }
            let theirs = other.row(i);
            let mut t = 0;
            for &j in mine {
                while t < theirs.len() && theirs[t] < j {
                    t += 1;
                }
                if t == theirs.len() || theirs[t] != j {
                    return Some((i, j));
                }
            }
        }
        None
    }

    /// True when every entry of `self` is an entry of `other`.
    pub fn is_subset_of(&self, other: &Pattern) -> bool {
        self.first_entry_not_in(other).is_none()
    }

    /// The transposed pattern (`ncols x nrows`): the rows of the result are the columns of
    /// `self`, each with its sorted row indices.
    pub fn transpose(&self) -> Pattern {
        let mut counts = vec![0usize; self.ncols + 1];
        for &j in &self.col_indices {
            counts[j + 1] += 1;
        }
        for j in 0..self.ncols {
            counts[j + 1] += counts[j];
        }
        let offsets = counts.clone();
        let mut next = counts;
        let mut indices = vec![0usize; self.nnz()];
        for i in 0..self.nrows {
            for &j in self.row(i) {
                indices[next[j]] = i;
                next[j] += 1;
            }
        }
        Pattern {
            nrows: self.ncols,
            ncols: self.nrows,
            row_offsets: offsets,
            col_indices: indices,
        }
    }

    /// The pattern as nalgebra-sparse's compressed-column structure (major dimension = the
    /// columns), ready for a [`CscMatrix`](nalgebra_sparse::CscMatrix).
    pub fn to_csc_pattern(&self) -> SparsityPattern {
        let t = self.transpose();
        SparsityPattern::try_from_offsets_and_indices(
            self.ncols,
            self.nrows,
            t.row_offsets,
            t.col_indices,
        )
        .expect("a transposed pattern has sorted, unique, in-bounds indices")
    }

    /// The pattern as nalgebra-sparse's compressed-row structure (major dimension = the
    /// rows), ready for a [`CsrMatrix`](nalgebra_sparse::CsrMatrix).
    pub fn to_csr_pattern(&self) -> SparsityPattern {
        SparsityPattern::try_from_offsets_and_indices(
            self.nrows,
            self.ncols,
            self.row_offsets.clone(),
            self.col_indices.clone(),
        )
        .expect("a pattern has sorted, unique, in-bounds indices")
    }

    /// The pattern of the nonzero positions of an nalgebra-sparse compressed-row structure
    /// (`major_dim` rows, `minor_dim` columns).
    pub fn from_csr_pattern(csr: &SparsityPattern) -> Pattern {
        Pattern {
            nrows: csr.major_dim(),
            ncols: csr.minor_dim(),
            row_offsets: csr.major_offsets().to_vec(),
            col_indices: csr.minor_indices().to_vec(),
        }
    }
}
