//! The saturation search behind [`Colouring::new`](super::Colouring::new): DSatur (Brélaz)
//! with bounded backtracking, looking for a colouring of the column intersection graph
//! with at most `limit` colours.
//!
//! The next column is always an uncoloured one of largest *saturation* (the number of
//! distinct colours among its neighbours), ties broken by the most uncoloured neighbours,
//! then the lowest index. It tries the colours its neighbours do not have, lowest first,
//! and at most one colour never used so far (colours are interchangeable, so a second new
//! colour would repeat the same subtree). A column whose neighbours already hold all
//! `limit` colours ends the branch at once (forward checking), and the search backtracks
//! to the latest choice. Without backtracking this is the DSatur heuristic; with it, an
//! exact search, stopped when its budget of neighbour updates runs out.
//!
//! On the standard stencils (2-D 5- and 9-point, 3-D 7-point) asked for `limit` = the
//! largest row, the search finds a colouring in about one step per column: each choice
//! leaves the next column few colours.

/// The column intersection graph with explicit, deduplicated neighbour lists.
pub(super) struct Adjacency {
    /// `offsets[j]..offsets[j + 1]` indexes the neighbours of column `j` in `neighbours`.
    offsets: Vec<usize>,
    neighbours: Vec<usize>,
}

impl Adjacency {
    /// Builds the lists with `for_each_neighbour(j, visit)` calling `visit` once per
    /// neighbour of `j`.
    pub(super) fn new(
        n: usize,
        mut for_each_neighbour: impl FnMut(usize, &mut Vec<usize>),
    ) -> Self {
        let mut offsets = Vec::with_capacity(n + 1);
        let mut neighbours = Vec::new();
        offsets.push(0);
        for j in 0..n {
            for_each_neighbour(j, &mut neighbours);
            offsets.push(neighbours.len());
        }
        Adjacency {
            offsets,
            neighbours,
        }
    }

    fn n(&self) -> usize {
        self.offsets.len() - 1
    }

    fn of(&self, j: usize) -> &[usize] {
        &self.neighbours[self.offsets[j]..self.offsets[j + 1]]
    }

    /// The largest degree, `Δ`.
    pub(super) fn max_degree(&self) -> usize {
        self.offsets
            .windows(2)
            .map(|w| w[1] - w[0])
            .max()
            .unwrap_or(0)
    }

    /// The number of edge ends, `Σ deg`.
    pub(super) fn degree_sum(&self) -> usize {
        self.neighbours.len()
    }
}

const NONE: usize = usize::MAX;

/// Buckets of columns by key `saturation * (max degree + 1) + uncoloured degree`, with lazy
/// deletion: a column is pushed whenever its key changes, and an entry counts only while
/// its column is uncoloured and the entry's bucket is its current key. Popping takes the
/// last entry of the highest non-empty bucket (ties: the column updated last), in
/// amortised constant time.
struct Buckets {
    stacks: Vec<Vec<usize>>,
    /// No bucket above `top` holds an entry.
    top: usize,
    /// Entries in all buckets, stale ones included.
    len: usize,
}

impl Buckets {
    fn push(&mut self, v: usize, key: usize) {
        self.stacks[key].push(v);
        self.top = self.top.max(key);
        self.len += 1;
    }

    fn clear(&mut self) {
        for s in &mut self.stacks[..=self.top] {
            s.clear();
        }
        self.top = 0;
        self.len = 0;
    }
}

/// The search state: colours, per-column colour counts among neighbours, saturations,
/// uncoloured degrees, and the uncoloured columns in [`Buckets`] by key.
struct State<'a> {
    adj: &'a Adjacency,
    limit: usize,
    colour: Vec<usize>,
    /// `count[v * limit + c]`: the neighbours of `v` with colour `c`.
    count: Vec<u32>,
    sat: Vec<usize>,
    udeg: Vec<usize>,
    queue: Buckets,
    /// `max degree + 1`: the stride of the saturation in a key.
    width: usize,
    /// Neighbour updates left.
    budget: usize,
}

impl State<'_> {
    fn key(&self, v: usize) -> usize {
        self.sat[v] * self.width + self.udeg[v]
    }

    /// Files `v` (uncoloured) under its current key.
    fn file(&mut self, v: usize) {
        let key = self.key(v);
        self.queue.push(v, key);
    }

    /// Colours `v` with `c`; false when some uncoloured neighbour is left with no colour.
    fn place(&mut self, v: usize, c: usize) -> bool {
        self.colour[v] = c;
        let mut ok = true;
        for &u in self.adj.of(v) {
            let k = &mut self.count[u * self.limit + c];
            if *k == 0 {
                self.sat[u] += 1;
            }
            *k += 1;
            self.udeg[u] -= 1;
            if self.colour[u] == NONE {
                ok &= self.sat[u] < self.limit;
                self.file(u);
            }
        }
        self.budget = self.budget.saturating_sub(self.adj.of(v).len() + 1);
        ok
    }

    /// Undoes [`place`](Self::place) of `v`, whose colour is `c`.
    fn unplace(&mut self, v: usize, c: usize) {
        self.colour[v] = NONE;
        for &u in self.adj.of(v) {
            let k = &mut self.count[u * self.limit + c];
            *k -= 1;
            if *k == 0 {
                self.sat[u] -= 1;
            }
            self.udeg[u] += 1;
            if self.colour[u] == NONE {
                self.file(u);
            }
        }
        self.budget = self.budget.saturating_sub(self.adj.of(v).len() + 1);
    }

    /// Pops an uncoloured column of largest key, `None` when every column is coloured.
    /// Refiles the uncoloured columns when stale entries outnumber `4 n`.
    fn pop(&mut self) -> Option<usize> {
        let n = self.colour.len();
        if self.queue.len > 4 * n + 64 {
            self.queue.clear();
            for v in (0..n).rev() {
                if self.colour[v] == NONE {
                    self.file(v);
                }
            }
        }
        loop {
            let top = self.queue.top;
            match self.queue.stacks[top].pop() {
                Some(v) => {
                    self.queue.len -= 1;
                    if self.colour[v] == NONE && self.key(v) == top {
                        return Some(v);
                    }
                }
                None if top == 0 => return None,
                None => self.queue.top -= 1,
            }
        }
    }

    /// The lowest colour `>= from`, below `min(limit, used + 1)`, that no neighbour of `v`
    /// has.
    fn next_colour(&self, v: usize, from: usize, used: usize) -> Option<usize> {
        let top = self.limit.min(used + 1);
        (from..top).find(|&c| self.count[v * self.limit + c] == 0)
    }
}

/// One choice on the search path: column `v`, its colour `c` (tried), and the number of
/// colours in use before it.
struct Frame {
    v: usize,
    c: usize,
    used: usize,
}

/// A colouring of `adj` with at most `limit` colours, or `None` when the search proves
/// there is none, spends `budget` neighbour updates first, or would need more than
/// `2 n + 1024` buckets. `limit * n` counters are allocated: the caller keeps that
/// small.
pub(super) fn search(adj: &Adjacency, limit: usize, budget: usize) -> Option<Vec<usize>> {
    let n = adj.n();
    if n == 0 {
        return Some(Vec::new());
    }
    if limit == 0 {
        return None;
    }
    let udeg: Vec<usize> = (0..n).map(|j| adj.of(j).len()).collect();
    let width = udeg.iter().copied().max().unwrap_or(0) + 1;
    // The buckets stay within a small multiple of the graph (many colours and one column
    // adjacent to nearly all: give up rather than allocate `limit · n` empty buckets).
    if (limit + 1).saturating_mul(width) > 2 * n + 1024 {
        return None;
    }
    let queue = Buckets {
        stacks: vec![Vec::new(); (limit + 1) * width],
        top: 0,
        len: 0,
    };
    let mut s = State {
        adj,
        limit,
        colour: vec![NONE; n],
        count: vec![0; n * limit],
        sat: vec![0; n],
        udeg,
        queue,
        width,
        budget,
    };
    // Pushed in reverse, so that among equal keys the lowest index pops first.
    for v in (0..n).rev() {
        s.file(v);
    }
    let mut path: Vec<Frame> = Vec::with_capacity(n);
    // `Some(v)`: choose a colour for `v` from colour `from`; `None`: backtrack.
    let mut pending: Option<(usize, usize, usize)> = None;
    loop {
        if s.budget == 0 {
            return None;
        }
        let (v, from, used) = match pending.take() {
            Some(p) => p,
            None => {
                let Some(v) = s.pop() else {
                    debug_assert!(s.colour.iter().all(|&c| c != NONE));
                    return Some(s.colour);
                };
                let used = path.last().map_or(0, |f| f.used.max(f.c + 1));
                (v, 0, used)
            }
        };
        match s.next_colour(v, from, used) {
            Some(c) => {
                let ok = s.place(v, c);
                path.push(Frame { v, c, used });
                if !ok {
                    // Undo and try the next colour of the same column.
                    let f = path.pop().expect("just pushed");
                    s.unplace(f.v, f.c);
                    pending = Some((f.v, f.c + 1, f.used));
                }
            }
            None => {
                // No colour left for `v`: put it back and revise the previous choice.
                s.file(v);
                let f = path.pop()?;
                s.unplace(f.v, f.c);
                pending = Some((f.v, f.c + 1, f.used));
            }
        }
    }
}
