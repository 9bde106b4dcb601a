//! [`Colouring`]: a partition of the Jacobian's columns into structurally orthogonal groups.
//!
//! Two columns *conflict* when they have an entry in a common row (they are adjacent in the
//! column intersection graph). A colouring gives conflicting columns different colours;
//! then each row has at most one entry per colour, and seeding all columns of one colour
//! in one tangent direction gives, in each row, the single entry of that colour: the
//! columns of a colour group are recovered from one forward pass (Curtis, Powell and Reid's
//! compression). The fewer colours, the fewer passes.
//!
//! Minimising the colours is NP-hard; a greedy colouring (each column in turn gets the
//! smallest colour none of its coloured neighbours has) is close to optimal on many
//! Jacobian patterns with a good column order. [`Colouring::greedy`] tries several orders
//! and keeps the best, stopping early when it reaches the lower bound `max row length`
//! (every row's columns conflict pairwise). The graph is never stored: neighbours are
//! enumerated from the pattern, so memory stays `O(nnz + n)` and time `O(Σᵢ |row i|²)` per
//! order.
//!
//! Greedy orders miss the optimum on grids: 6 or 7 colours on the 2-D 5-point stencil,
//! where 5 suffice, and 8 to 12 on the 3-D 7-point one, where 7 suffice.
//! [`Colouring::new`] starts from the best greedy colouring and improves it: a saturation
//! (DSatur) search with bounded backtracking aimed at the lower bound, then iterated
//! greedy recolouring by colour classes, then the search again one colour below the best
//! found. It never returns more colours than the best greedy order.

use std::cmp::Reverse;

use super::saturation::{self, Adjacency};
use super::{Pattern, SparseError};

/// The most entries the saturation search may allocate for neighbour lists or counters.
const COLOURING_MEMORY: usize = 1 << 24;

/// The order in which a greedy colouring visits the columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColumnOrder {
    /// Columns `0, 1, ..., n-1`: optimal (`l + u + 1` colours) on a band with `l`
    /// sub- and `u` super-diagonals.
    Natural,
    /// Decreasing degree in the column intersection graph (Welsh and Powell).
    LargestFirst,
    /// Smallest-last (Matula and Beck): repeatedly remove a column of smallest remaining
    /// degree; colour in the reverse order of removal. Uses at most `1 + degeneracy`
    /// colours.
    SmallestLast,
    /// Incidence degree: next, a column with the most already-ordered neighbours
    /// (Coleman and Moré).
    IncidenceDegree,
    /// Saturation degree (DSatur, Brélaz): next, an uncoloured column with the most
    /// distinct colours among its neighbours (ties: the most uncoloured neighbours, then
    /// the lowest index). The order depends on the colours given so far, so it is chosen
    /// while colouring. Not in [`ALL`](Self::ALL): [`Colouring::new`] runs it as a search
    /// with backtracking, and reports it as the order of the colourings that search finds.
    Saturation,
}

impl ColumnOrder {
    /// Every order, in the order [`Colouring::greedy`] tries them.
    pub const ALL: [ColumnOrder; 4] = [
        ColumnOrder::Natural,
        ColumnOrder::LargestFirst,
        ColumnOrder::SmallestLast,
        ColumnOrder::IncidenceDegree,
    ];
}

/// A colour for each column of a pattern such that two columns sharing a row differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Colouring {
    colours: Vec<usize>,
    count: usize,
    order: Option<ColumnOrder>,
}

/// The column intersection graph of a pattern, enumerated on the fly.
struct Graph<'a> {
    rows: &'a Pattern,
    /// The transpose: row `j` holds the rows of column `j`.
    cols: Pattern,
}

impl<'a> Graph<'a> {
    fn new(rows: &'a Pattern) -> Self {
        Graph {
            rows,
            cols: rows.transpose(),
        }
    }

    fn n(&self) -> usize {
        self.cols.nrows()
    }

    /// Calls `visit(u)` for every column `u != j` sharing a row with `j`, possibly more
    /// than once.
    #[inline]
    fn for_each_neighbour_rep(&self, j: usize, mut visit: impl FnMut(usize)) {
        for &i in self.cols.row(j) {
            for &u in self.rows.row(i) {
                if u != j {
                    visit(u);
                }
            }
        }
    }

    /// Calls `visit(u)` once for every neighbour `u` of `j`; `mark` (length `n`, values
    /// `< *stamp`) is the scratch that removes repeats.
    #[inline]
    fn for_each_neighbour(
        &self,
        j: usize,
        mark: &mut [usize],
        stamp: &mut usize,
        mut visit: impl FnMut(usize),
    ) {
        *stamp += 1;
        let s = *stamp;
        self.for_each_neighbour_rep(j, |u| {
            if mark[u] != s {
                mark[u] = s;
                visit(u);
            }
        });
    }

    /// The degree of every column.
    fn degrees(&self, mark: &mut [usize], stamp: &mut usize) -> Vec<usize> {
        (0..self.n())
            .map(|j| {
                let mut d = 0;
                self.for_each_neighbour(j, mark, stamp, |_| d += 1);
                d
            })
            .collect()
    }

    fn order(&self, kind: ColumnOrder) -> Vec<usize> {
        let n = self.n();
        let mut mark = vec![0usize; n];
        let mut stamp = 0usize;
        match kind {
            // Saturation is chosen while colouring (`greedy_with`); as a fixed order, natural.
            ColumnOrder::Natural | ColumnOrder::Saturation => (0..n).collect(),
            ColumnOrder::LargestFirst => {
                let deg = self.degrees(&mut mark, &mut stamp);
                let mut order: Vec<usize> = (0..n).collect();
                order.sort_by(|&a, &b| deg[b].cmp(&deg[a]).then(a.cmp(&b)));
                order
            }
            ColumnOrder::SmallestLast => {
                let mut key = self.degrees(&mut mark, &mut stamp);
                let mut queue = BucketQueue::new(&key);
                let mut removed = vec![false; n];
                let mut order = Vec::with_capacity(n);
                let mut low = 0usize;
                while let Some(v) = queue.pop_min(&mut low, &key, &removed) {
                    removed[v] = true;
                    order.push(v);
                    self.for_each_neighbour(v, &mut mark, &mut stamp, |u| {
                        if !removed[u] {
                            key[u] -= 1;
                            queue.push(u, key[u]);
                        }
                    });
                    low = low.saturating_sub(1);
                }
                order.reverse();
                order
            }
            ColumnOrder::IncidenceDegree => {
                let mut key = vec![0usize; n];
                let mut queue = BucketQueue::new(&key);
                let mut ordered = vec![false; n];
                let mut order = Vec::with_capacity(n);
                let mut high = 0usize;
                while let Some(v) = queue.pop_max(&mut high, &key, &ordered) {
                    ordered[v] = true;
                    order.push(v);
                    self.for_each_neighbour(v, &mut mark, &mut stamp, |u| {
                        if !ordered[u] {
                            key[u] += 1;
                            queue.push(u, key[u]);
                        }
                    });
                    high += 1;
                }
                order
            }
        }
    }

    /// The number of neighbour visits of one greedy pass, `Σᵢ |row i|²`.
    fn neighbour_visits(&self) -> usize {
        (0..self.rows.nrows())
            .map(|i| {
                self.rows
                    .row(i)
                    .len()
                    .saturating_mul(self.rows.row(i).len())
            })
            .fold(0usize, usize::saturating_add)
    }

    /// The DSatur heuristic: the saturation search with `Δ + 1` colours, which never
    /// backtracks (a column has at most `Δ` coloured neighbours, so a colour is always
    /// free); `None` past the memory caps of [`Colouring::greedy_with`].
    fn saturation_heuristic(&self) -> Option<Colouring> {
        if self.neighbour_visits() > COLOURING_MEMORY {
            return None;
        }
        let adj = self.adjacency();
        let limit = adj.max_degree() + 1;
        if self.n().saturating_mul(limit) > COLOURING_MEMORY {
            return None;
        }
        let colours = saturation::search(&adj, limit, usize::MAX)?;
        let count = colours.iter().map(|&c| c + 1).max().unwrap_or(0);
        Some(Colouring {
            colours,
            count,
            order: Some(ColumnOrder::Saturation),
        })
    }

    /// The neighbour lists, each once.
    fn adjacency(&self) -> Adjacency {
        let mut mark = vec![0usize; self.n()];
        let mut stamp = 0usize;
        Adjacency::new(self.n(), |j, out| {
            self.for_each_neighbour(j, &mut mark, &mut stamp, |u| out.push(u))
        })
    }

    /// Iterated greedy (Culberson): `rounds` greedy passes, each in an order listing the
    /// columns of `best` colour class by colour class, so that each pass needs at most as
    /// many colours as the one before; keeps the best, stops at `bound`.
    fn recolour(&self, best: &mut Colouring, bound: usize, rounds: usize) {
        let mut current = best.colours.clone();
        let mut count = best.count;
        // xorshift64, fixed seed: the result is reproducible.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut classes: Vec<Vec<usize>> = Vec::new();
        for round in 0..rounds {
            if best.count <= bound {
                return;
            }
            classes.clear();
            classes.resize(count, Vec::new());
            for (j, &c) in current.iter().enumerate() {
                classes[c].push(j);
            }
            match round % 3 {
                0 => classes.reverse(),
                1 => classes.sort_by_key(|c| Reverse(c.len())),
                _ => {
                    for i in (1..classes.len()).rev() {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        classes.swap(i, (state % (i as u64 + 1)) as usize);
                    }
                }
            }
            let order: Vec<usize> = classes.iter().flatten().copied().collect();
            (current, count) = self.greedy(&order);
            if count < best.count {
                best.colours.clone_from(&current);
                best.count = count;
            }
        }
    }

    /// Greedy colouring in the given order: each column gets the smallest colour that none
    /// of its already coloured neighbours has.
    fn greedy(&self, order: &[usize]) -> (Vec<usize>, usize) {
        const NONE: usize = usize::MAX;
        let n = self.n();
        let mut colour = vec![NONE; n];
        // forbidden[c] == v + 1: colour c is taken by a neighbour of v.
        let mut forbidden = vec![0usize; n + 1];
        let mut count = 0;
        for &v in order {
            self.for_each_neighbour_rep(v, |u| {
                let c = colour[u];
                if c != NONE {
                    forbidden[c] = v + 1;
                }
            });
            let c = (0..).find(|&c| forbidden[c] != v + 1).expect("n + 1 slots");
            colour[v] = c;
            count = count.max(c + 1);
        }
        (colour, count)
    }
}

/// A bucket queue with lazy deletion: an entry is current when its vertex is not done
/// and its key still equals the bucket's.
struct BucketQueue {
    buckets: Vec<Vec<usize>>,
}

impl BucketQueue {
    fn new(key: &[usize]) -> Self {
        let top = key.iter().copied().max().unwrap_or(0);
        let mut buckets = vec![Vec::new(); key.len().max(top) + 1];
        // Pushed in reverse so that ties pop the smallest index first.
        for v in (0..key.len()).rev() {
            buckets[key[v]].push(v);
        }
        BucketQueue { buckets }
    }

    fn push(&mut self, v: usize, key: usize) {
        self.buckets[key].push(v);
    }

    /// Pops a current vertex of smallest key; `low` is a lower bound on the smallest key.
    fn pop_min(&mut self, low: &mut usize, key: &[usize], done: &[bool]) -> Option<usize> {
        while *low < self.buckets.len() {
            while let Some(v) = self.buckets[*low].pop() {
                if !done[v] && key[v] == *low {
                    return Some(v);
                }
            }
            *low += 1;
        }
        None
    }

    /// Pops a current vertex of largest key; `high` is an upper bound on the largest key.
    fn pop_max(&mut self, high: &mut usize, key: &[usize], done: &[bool]) -> Option<usize> {
        *high = (*high).min(self.buckets.len() - 1);
        loop {
            while let Some(v) = self.buckets[*high].pop() {
                if !done[v] && key[v] == *high {
                    return Some(v);
                }
            }
            if *high == 0 {
                return None;
            }
            *high -= 1;
        }
    }
}

impl Colouring {
    /// The best greedy colouring of the columns of `pattern` over the orders of
    /// [`ColumnOrder::ALL`] (the first one found with the fewest colours), stopping as soon
    /// as one reaches the lower bound [`Pattern::max_row_len`].
    ///
    /// ```
    /// use dualnum::sparse::{Colouring, Pattern};
    /// // tridiagonal: 3 colours, columns j ≡ j' (mod 3) share no row
    /// let c = Colouring::greedy(&Pattern::banded(10, 1, 1));
    /// assert_eq!(c.count(), 3);
    /// ```
    pub fn greedy(pattern: &Pattern) -> Colouring {
        let graph = Graph::new(pattern);
        let bound = pattern.max_row_len();
        let mut best: Option<Colouring> = None;
        for kind in ColumnOrder::ALL {
            let (colours, count) = graph.greedy(&graph.order(kind));
            if best.as_ref().is_none_or(|b| count < b.count) {
                best = Some(Colouring {
                    colours,
                    count,
                    order: Some(kind),
                });
            }
            if count <= bound {
                break;
            }
        }
        best.expect("ColumnOrder::ALL is not empty")
    }

    /// The greedy colouring of the columns of `pattern` in the given order.
    ///
    /// [`ColumnOrder::Saturation`] runs the DSatur heuristic (no backtracking). It needs
    /// `n (Δ + 1)` counters and `(Δ + 2)(Δ + 1)` buckets (`Δ` the largest degree in the
    /// column intersection graph); when those would pass `2²⁴` and `2 n + 1024` (a column
    /// sharing rows with most others), it falls back to
    /// [`ColumnOrder::Natural`], and [`order`](Self::order) says so.
    pub fn greedy_with(pattern: &Pattern, order: ColumnOrder) -> Colouring {
        let graph = Graph::new(pattern);
        if order == ColumnOrder::Saturation
            && let Some(c) = graph.saturation_heuristic()
        {
            return c;
        }
        let order = match order {
            ColumnOrder::Saturation => ColumnOrder::Natural,
            o => o,
        };
        let (colours, count) = graph.greedy(&graph.order(order));
        Colouring {
            colours,
            count,
            order: Some(order),
        }
    }

    /// The default colouring (the one [`SparseJacobian::from_pattern`] uses): the best
    /// greedy colouring ([`greedy`](Self::greedy)), then, unless it already has
    /// [`Pattern::max_row_len`] colours (the lower bound, so optimal):
    ///
    /// 1. a saturation search ([`ColumnOrder::Saturation`] with backtracking) for a
    ///    colouring with `max_row_len` colours; if it finds one, that is optimal;
    /// 2. iterated greedy recolouring (Culberson): greedy again in an order that lists the
    ///    columns colour class by colour class (classes reversed, largest first, or
    ///    shuffled by a fixed-seed generator), which never needs more colours than the
    ///    colouring it starts from; 24 rounds;
    /// 3. the saturation search for one colour fewer than the best so far, repeated while
    ///    it succeeds.
    ///
    /// Each search stops after `max(2·10⁵, 20 Σ deg)` neighbour updates (`deg`: degree in
    /// the column intersection graph), and runs only when the graph's neighbour lists
    /// (`Σ deg` words, bounded by `Σᵢ |row i|²`) and the search's counters (`n ·` colours)
    /// stay below `2²⁴` entries each and its buckets (`(colours + 1)(Δ + 1)`, `Δ` the
    /// largest degree) below `2 n + 1024`, so the cost stays a small multiple of one greedy
    /// pass. The result never has
    /// more colours than the best greedy order. It reaches the optimum on bands
    /// (`l + u + 1`), on the 2-D 5-point (5) and 9-point (9) stencils and the 3-D 7-point
    /// stencil (7) at every grid size tested (`tests/colouring.rs`).
    ///
    /// [`SparseJacobian::from_pattern`]: super::SparseJacobian::from_pattern
    ///
    /// ```
    /// use dualnum::sparse::{Colouring, Pattern};
    /// // the 5-point stencil on a 10 x 10 grid: 5 colours, as (i + 2j) mod 5
    /// let k = 10;
    /// let rows: Vec<Vec<usize>> = (0..k * k)
    ///     .map(|v| {
    ///         let (i, j) = (v / k, v % k);
    ///         let mut r = vec![v];
    ///         if i > 0 { r.push(v - k); }
    ///         if i + 1 < k { r.push(v + k); }
    ///         if j > 0 { r.push(v - 1); }
    ///         if j + 1 < k { r.push(v + 1); }
    ///         r
    ///     })
    ///     .collect();
    /// let p = Pattern::from_rows(k * k, &rows).unwrap();
    /// assert!(Colouring::greedy(&p).count() > 5);
    /// assert_eq!(Colouring::new(&p).count(), 5);
    /// ```
    pub fn new(pattern: &Pattern) -> Colouring {
        let mut best = Self::greedy(pattern);
        let bound = pattern.max_row_len();
        if best.count <= bound {
            return best;
        }
        let graph = Graph::new(pattern);
        let n = graph.n();
        let adj = (graph.neighbour_visits() <= COLOURING_MEMORY).then(|| graph.adjacency());
        let search = |adj: &Adjacency, limit: usize| -> Option<Colouring> {
            if n.saturating_mul(limit) > COLOURING_MEMORY || adj.degree_sum() > COLOURING_MEMORY {
                return None;
            }
            let budget = (20 * adj.degree_sum()).max(200_000);
            let colours = saturation::search(adj, limit, budget)?;
            let count = colours.iter().map(|&c| c + 1).max().unwrap_or(0);
            Some(Colouring {
                colours,
                count,
                order: Some(ColumnOrder::Saturation),
            })
        };
        if let Some(adj) = &adj
            && let Some(c) = search(adj, bound)
        {
            return c;
        }
        graph.recolour(&mut best, bound, 24);
        if let Some(adj) = &adj {
            while best.count > bound + 1 {
                match search(adj, best.count - 1) {
                    Some(c) => best = c,
                    None => break,
                }
            }
        }
        best
    }

    /// A colouring given by hand (`colours[j]` is the colour of column `j`), checked
    /// against `pattern`. The count is `max colour + 1`; unused colours in between cost
    /// passes but are allowed.
    ///
    /// # Errors
    /// [`SparseError::InvalidColouring`] if `colours.len() != pattern.ncols()`, a colour
    /// is `>= colours.len()`, or two columns sharing a row have the same colour.
    pub fn from_colours(pattern: &Pattern, colours: Vec<usize>) -> Result<Colouring, SparseError> {
        if let Some(&c) = colours.iter().find(|&&c| c >= colours.len()) {
            return Err(SparseError::InvalidColouring {
                reason: format!("colour {c} is not below the number of columns"),
            });
        }
        let count = colours.iter().map(|&c| c + 1).max().unwrap_or(0);
        let c = Colouring {
            colours,
            count,
            order: None,
        };
        c.check(pattern)?;
        Ok(c)
    }

    /// `Ok` when this is a valid colouring of `pattern`'s columns; otherwise the first
    /// conflict found.
    ///
    /// # Errors
    /// [`SparseError::InvalidColouring`] describing the problem.
    pub fn check(&self, pattern: &Pattern) -> Result<(), SparseError> {
        if self.colours.len() != pattern.ncols() {
            return Err(SparseError::InvalidColouring {
                reason: format!(
                    "{} colours for {} columns",
                    self.colours.len(),
                    pattern.ncols()
                ),
            });
        }
        // seen[c] == (i + 1, j): colour c was used by column j in row i.
        let mut seen = vec![(0usize, 0usize); self.count];
        for i in 0..pattern.nrows() {
            for &j in pattern.row(i) {
                let c = self.colours[j];
                if seen[c].0 == i + 1 {
                    return Err(SparseError::InvalidColouring {
                        reason: format!(
                            "columns {} and {j} share row {i} and both have colour {c}",
                            seen[c].1
                        ),
                    });
                }
                seen[c] = (i + 1, j);
            }
        }
        Ok(())
    }

    /// True when this is a valid colouring of `pattern`'s columns.
    pub fn is_valid_for(&self, pattern: &Pattern) -> bool {
        self.check(pattern).is_ok()
    }

    /// The number of colours (`max colour + 1`): the number of compressed columns, hence
    /// of tangent directions needed.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The colour of every column.
    pub fn colours(&self) -> &[usize] {
        &self.colours
    }

    /// The colour of column `j`.
    ///
    /// # Panics
    /// If `j` is out of range.
    pub fn colour(&self, j: usize) -> usize {
        self.colours[j]
    }

    /// The order that produced this colouring: the greedy order, or
    /// [`ColumnOrder::Saturation`] for one found by the saturation search of
    /// [`new`](Self::new) (recolouring keeps the order of the colouring it started from);
    /// `None` for one given by hand.
    pub fn order(&self) -> Option<ColumnOrder> {
        self.order
    }

    /// The same colouring, recording `order` as the one that produced it (for the serde
    /// reader, which restores a saved colouring through [`Colouring::from_colours`]).
    #[cfg(feature = "serde")]
    pub(crate) fn with_order(mut self, order: Option<ColumnOrder>) -> Self {
        self.order = order;
        self
    }

    /// The columns of each colour, ascending.
    pub fn groups(&self) -> Vec<Vec<usize>> {
        let mut groups = vec![Vec::new(); self.count];
        for (j, &c) in self.colours.iter().enumerate() {
            groups[c].push(j);
        }
        groups
    }
}
