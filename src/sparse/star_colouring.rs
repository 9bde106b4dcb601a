//! [`StarColouring`]: a colouring of the inputs of a symmetric pattern (a Hessian's) such
//! that adjacent inputs differ and every path on four inputs uses at least three colours.
//!
//! That is what a symmetric matrix needs to be recovered from its compressed columns
//! `B = H S` (Coleman and Moré; Gebremedhin, Manne and Pothen): for an entry `(i, j)`,
//! either `j` is the only neighbour of `i` with colour `c(j)`, so `H_ij = B[i, c(j)]`, or
//! `i` is the only neighbour of `j` with colour `c(i)`, so `H_ij = B[j, c(i)]`. It needs
//! fewer colours than a column colouring, which must separate every two columns that share
//! a row: an arrowhead pattern (a dense first row and column plus the diagonal) takes `n`
//! column colours and 2 star colours.

use super::{Pattern, SparseError};

/// The mark of an input not yet coloured.
const NONE: usize = usize::MAX;

/// A star colouring of the inputs of a square pattern, symmetrised (`(i, j)` and `(j, i)`
/// both count) and with the diagonal ignored.
///
/// ```
/// use dualnum::sparse::{Colouring, Pattern, StarColouring};
/// // arrowhead: input 0 couples with every other input
/// let n = 6;
/// let rows: Vec<Vec<usize>> = (0..n).map(|i| if i == 0 { (0..n).collect() } else { vec![0, i] }).collect();
/// let p = Pattern::from_rows(n, &rows).unwrap();
/// assert_eq!(StarColouring::greedy(&p).unwrap().count(), 2);
/// assert_eq!(Colouring::greedy(&p).count(), n);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StarColouring {
    /// The colour of each input.
    colours: Vec<usize>,
    /// The number of colours.
    count: usize,
}

/// The neighbours of each input in the symmetrised pattern, without the diagonal.
pub(crate) fn adjacency(pattern: &Pattern) -> Result<Vec<Vec<usize>>, SparseError> {
    let n = pattern.nrows();
    if pattern.ncols() != n {
        return Err(SparseError::MatrixShape {
            expected: (n, n),
            found: (pattern.nrows(), pattern.ncols()),
        });
    }
    let mut adj = vec![Vec::new(); n];
    for (i, j) in pattern.entries() {
        if i != j {
            adj[i].push(j);
            adj[j].push(i);
        }
    }
    for a in &mut adj {
        a.sort_unstable();
        a.dedup();
    }
    Ok(adj)
}

impl StarColouring {
    /// A greedy star colouring in the natural order: each input takes the smallest colour
    /// that no neighbour has and that closes no two-coloured path on four inputs with the
    /// inputs coloured before it. `O(n d³)` for `d` neighbours per input.
    ///
    /// # Errors
    /// [`SparseError::MatrixShape`] if the pattern is not square.
    pub fn greedy(pattern: &Pattern) -> Result<Self, SparseError> {
        let adj = adjacency(pattern)?;
        let n = adj.len();
        let mut colours = vec![NONE; n];
        // forbidden[c] == v + 1: colour c is forbidden for input v
        let mut forbidden: Vec<usize> = Vec::new();
        // neighbours of v with colour c, for the current v
        let mut around: Vec<usize> = Vec::new();
        let mut count = 0;
        for v in 0..n {
            let stamp = v + 1;
            let forbid = |c: usize, forbidden: &mut Vec<usize>| {
                if c >= forbidden.len() {
                    forbidden.resize(c + 1, 0);
                }
                forbidden[c] = stamp;
            };
            around.clear();
            around.resize(count, 0);
            for &w in &adj[v] {
                if colours[w] != NONE {
                    forbid(colours[w], &mut forbidden);
                    around[colours[w]] += 1;
                }
            }
            for &w in &adj[v] {
                let cw = colours[w];
                if cw == NONE {
                    continue;
                }
                for &x in &adj[w] {
                    let cx = colours[x];
                    if x == v || cx == NONE {
                        continue;
                    }
                    // v - w - x - y with c(y) = c(w): v must not take c(x)
                    let end = adj[x].iter().any(|&y| y != w && colours[y] == cw);
                    // u - v - w - x with c(u) = c(w), u another neighbour of v: the same
                    let inner = around[cw] >= 2;
                    if end || inner {
                        forbid(cx, &mut forbidden);
                    }
                }
            }
            let c = (0..)
                .find(|&c| forbidden.get(c) != Some(&stamp))
                .expect("a free colour");
            colours[v] = c;
            count = count.max(c + 1);
        }
        Ok(StarColouring { colours, count })
    }

    /// The number of colours.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The colour of every input.
    pub fn colours(&self) -> &[usize] {
        &self.colours
    }

    /// The colour of input `j`.
    ///
    /// # Panics
    /// If `j` is not an input of the pattern.
    pub fn colour(&self, j: usize) -> usize {
        self.colours[j]
    }
}
