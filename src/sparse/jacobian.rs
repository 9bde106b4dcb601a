//! [`SparseJacobian`]: a reusable plan that computes a sparse Jacobian with one forward pass
//! per `N` colours.

use nalgebra::DMatrix;
use nalgebra_sparse::CscMatrix;
use nalgebra_sparse::pattern::SparsityPattern;

use super::{Colouring, Pattern, SparseError, VectorFunction, trace_pattern};
use crate::Dual;

/// The [`Pass::table`] mark of a component in which a row has no entry.
const GAP: u32 = u32::MAX;

/// One forward pass: the colours `first .. first + N` (fewer in the last pass), in tangent
/// components `0 .. N`.
#[derive(Clone, Debug)]
struct Pass {
    /// `(column, component)` for every column whose colour is in this pass, columns
    /// ascending: the seeds.
    columns: Vec<(usize, usize)>,
    /// The slots (indices in compressed-column order) this pass fills, as maximal runs
    /// `start..end` of consecutive columns: one run when the pass holds every column.
    runs: Vec<(usize, usize)>,
    /// The first colour of the pass.
    first: usize,
    /// The number of colours in the pass (`<= N`).
    width: usize,
    /// `table[i * width + k]`: the slot (index in compressed-column order) of row `i`'s
    /// entry in component `k`, or [`GAP`] where row `i` has no entry in the colour
    /// `first + k`, so its compressed derivative there must be zero. One linear sweep over
    /// the outputs then both decompresses and checks the gaps. `None` when the plan's gaps
    /// outnumber `nnz + m` or its tables would exceed `4 (nnz + m)` words (many colours,
    /// short rows: the tables would dwarf the `nnz` entries): then the entries are copied
    /// through `sources` and the gaps found at each call from the pass's entries, in
    /// `O(m + entries)`.
    table: Option<Vec<u32>>,
}

impl Pass {
    /// The mask of the components of word `w` this pass uses.
    fn used_mask(&self, w: usize) -> u64 {
        let used = self.width - 64 * w;
        if used >= 64 {
            u64::MAX
        } else {
            (1u64 << used) - 1
        }
    }
}

/// A sparse Jacobian plan: the pattern of `f: R^n -> R^m` and a colouring of its columns,
/// computed once, then used to evaluate the Jacobian at many points with
/// `ceil(colours / N)` evaluations of `f` on [`Dual<f64, N>`](Dual).
///
/// # How it works
/// Columns of the same colour share no row ([`Colouring`]). Pass `p` seeds every column of
/// colour `g = pK + k` with the tangent `e_k` (all of that colour at once), evaluates `f`
/// once, and reads entry `(i, j)` of a column `j` of colour `g` as `∂yᵢ/∂εₖ`: the sum over
/// the colour's columns, of which only `j` has an entry in row `i`. A tridiagonal Jacobian
/// of any size takes 3 colours, so one pass with `N >= 3`, where a dense Jacobian would
/// take `n / N` passes.
///
/// Choose `N` at least the number of colours when it is known (3 for tridiagonal, `l+u+1`
/// for a band): then one pass suffices and a larger `N` only adds work. With more colours
/// than `N`, the colours are chunked over several passes.
///
/// # The pattern is fixed
/// The plan's pattern comes from a trace at one point (or from the user). If at a new
/// point `f` takes branches with other dependencies, the compressed values would mix
/// entries. Three guards:
/// - [`verify`](Self::verify) re-traces at the new point and reports the first dependency
///   outside the pattern ([`SparseError::OutsidePattern`]);
/// - with *auto-verify* on (the default in debug builds, see
///   [`set_auto_verify`](Self::set_auto_verify)), every Jacobian call verifies first;
/// - always: a row with no entry in a colour group must get an exactly zero compressed
///   derivative there, otherwise the call fails with [`SparseError::UnexpectedDerivative`]
///   (a NaN there is not counted, as it proves no dependency). This catches a new
///   dependency on a column whose colour the row did not have, but not one on a column
///   sharing a colour with an entry of the row (the two derivatives would be added):
///   only `verify` catches every change, at the point verified. If there are at most
///   `nnz + m` gaps (rows with a gap in a pass; a tight colouring, as for a band, has a
///   handful) and `m * colours <= 4 (nnz + m)`, the plan keeps a table of `m x width`
///   slots per pass and one sweep over the outputs both decompresses and checks them
///   (nearly free); otherwise the gaps are found at each call in `O(m + nnz)` per pass.
///
/// Without auto-verify, a pattern change of the second kind goes unnoticed: in release
/// builds, call `verify` wherever the function may switch branches, or give a pattern
/// that covers every branch.
///
/// # Allocation
/// Building the plan allocates: the trace, the colouring, the seed and output duals
/// (`(n + m)(N + 1)` floats), the slot map (`2 nnz` words), a scratch of `nnz` floats for
/// the dense outputs, and the destination tables (at most `4 (nnz + m)` words). After that,
/// [`jacobian_into`](Self::jacobian_into),
/// [`jacobian_values_into`](Self::jacobian_values_into) and
/// [`jacobian_dense_into`](Self::jacobian_dense_into) allocate nothing when auto-verify is
/// off (verification traces, which allocates); [`jacobian`](Self::jacobian) and
/// [`jacobian_dense`](Self::jacobian_dense) allocate the matrix they return.
///
/// ```
/// use dualnum::Real;
/// use dualnum::sparse::{SparseJacobian, VectorFunction};
///
/// /// y_i = x_i² + x_{i+1} (the last one wraps nothing)
/// struct F(usize);
/// impl VectorFunction for F {
///     fn input_len(&self) -> usize { self.0 }
///     fn output_len(&self) -> usize { self.0 }
///     fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
///         for i in 0..self.0 {
///             y[i] = x[i] * x[i];
///             if i + 1 < self.0 { y[i] = y[i] + x[i + 1]; }
///         }
///     }
/// }
///
/// let f = F(1000);
/// let x = vec![1.0; 1000];
/// let mut plan = SparseJacobian::<2>::new(&f, &x).unwrap();
/// assert_eq!(plan.colours(), 2);
/// let x2: Vec<f64> = (0..1000).map(|i| i as f64).collect();
/// let jac = plan.jacobian(&f, &x2).unwrap();
/// assert_eq!(jac.nnz(), 1999);
/// assert_eq!(jac.get_entry(7, 7).unwrap().into_value(), 14.0);
/// assert_eq!(jac.get_entry(7, 8).unwrap().into_value(), 1.0);
/// ```
#[derive(Clone, Debug)]
pub struct SparseJacobian<const N: usize> {
    pattern: Pattern,
    colouring: Colouring,
    csc: SparsityPattern,
    passes: Vec<Pass>,
    /// `sources[slot] = (row, component)`: where the entry in compressed-column slot
    /// `slot` is read from, in the pass of its column's colour.
    sources: Vec<(usize, usize)>,
    x_seed: Vec<Dual<f64, N>>,
    /// The pass whose seeds `x_seed`'s tangents hold (`None`: all zero). A one-pass plan
    /// seeds once and keeps its seeds from call to call.
    seeded: Option<usize>,
    y_out: Vec<Dual<f64, N>>,
    /// Whether `y_out` is all zeros (the table sweep clears it as it reads it), so the
    /// next pass need not fill it.
    y_zeroed: bool,
    /// The entries in compressed-column order, for the dense outputs.
    scratch: Vec<f64>,
    /// `m * ceil(N / 64)` words for passes whose gaps are found at each call.
    coverage: Vec<u64>,
    auto_verify: bool,
}

impl<const N: usize> SparseJacobian<N> {
    /// Traces `f` at `x` for its pattern ([`trace_pattern`]), colours the columns
    /// ([`Colouring::new`]) and prepares the passes.
    ///
    /// The pattern holds the dependencies of the branches `f` takes at `x`.
    ///
    /// # Errors
    /// Those of [`trace_pattern`].
    pub fn new<F: VectorFunction>(f: &F, x: &[f64]) -> Result<Self, SparseError> {
        Ok(Self::from_pattern(trace_pattern(f, x)?))
    }

    /// A plan for a pattern given by hand (it must cover every dependency at every point
    /// the plan is used at: a superset is fine, it only stores zeros), coloured by
    /// [`Colouring::new`].
    ///
    /// `SparseJacobian::from_pattern(Pattern::dense(m, n))` is a dense Jacobian in
    /// `ceil(n / N)` passes.
    pub fn from_pattern(pattern: Pattern) -> Self {
        let colouring = Colouring::new(&pattern);
        Self::build(pattern, colouring)
    }

    /// A plan with a colouring given by hand.
    ///
    /// # Errors
    /// [`SparseError::InvalidColouring`] if it is not a valid colouring of `pattern`.
    pub fn with_colouring(pattern: Pattern, colouring: Colouring) -> Result<Self, SparseError> {
        colouring.check(&pattern)?;
        Ok(Self::build(pattern, colouring))
    }

    /// The same plan with another tangent width.
    pub fn with_width<const N2: usize>(self) -> SparseJacobian<N2> {
        let mut plan = SparseJacobian::<N2>::build(self.pattern, self.colouring);
        plan.auto_verify = self.auto_verify;
        plan
    }

    fn build(pattern: Pattern, colouring: Colouring) -> Self {
        const { assert!(N > 0, "SparseJacobian needs a tangent width N >= 1") };
        let (m, n) = (pattern.nrows(), pattern.ncols());
        let colours = colouring.count();
        let pass_count = colours.div_ceil(N).max(1);
        let csc = pattern.to_csc_pattern();
        let (offsets, rows) = (csc.major_offsets(), csc.minor_indices());
        let mut passes: Vec<Pass> = (0..pass_count)
            .map(|p| Pass {
                columns: Vec::new(),
                runs: Vec::new(),
                first: p * N,
                width: colours.saturating_sub(p * N).min(N),
                table: None,
            })
            .collect();
        let mut sources = vec![(0, 0); pattern.nnz()];
        for j in 0..n {
            let (c, (start, end)) = (colouring.colour(j), (offsets[j], offsets[j + 1]));
            let pass = &mut passes[c / N];
            pass.columns.push((j, c % N));
            for slot in start..end {
                sources[slot] = (rows[slot], c % N);
            }
            match pass.runs.last_mut() {
                _ if start == end => {}
                Some(run) if run.1 == start => run.1 = end,
                _ => pass.runs.push((start, end)),
            }
        }
        // The gaps: (row, pass, 64-bit word of components) where the row has no entry in
        // some used component. Few gaps (a tight colouring, as for a band): a destination
        // table per pass, of `m * colours = nnz + (gap components)` words in all.
        let words = N.div_ceil(64);
        let mut covered = vec![0u64; pass_count * words];
        let mut gaps = 0usize;
        for i in 0..m {
            covered.fill(0);
            for &j in pattern.row(i) {
                let (p, k) = (colouring.colour(j) / N, colouring.colour(j) % N);
                covered[p * words + k / 64] |= 1 << (k % 64);
            }
            for (p, pass) in passes.iter().enumerate() {
                for w in 0..pass.width.div_ceil(64) {
                    gaps += usize::from(!covered[p * words + w] & pass.used_mask(w) != 0);
                }
            }
        }
        let (nnz, table_words) = (pattern.nnz(), m.saturating_mul(colours));
        if gaps <= nnz + m && table_words <= 4 * (nnz + m) && nnz < GAP as usize {
            for pass in &mut passes {
                let mut table = vec![GAP; m * pass.width];
                for &(j, k) in &pass.columns {
                    for slot in offsets[j]..offsets[j + 1] {
                        // `slot < nnz < GAP`: checked above.
                        table[rows[slot] * pass.width + k] = slot as u32;
                    }
                }
                pass.table = Some(table);
            }
        }
        let passes_need_coverage = passes.iter().any(|p| p.table.is_none());
        SparseJacobian {
            pattern,
            colouring,
            csc,
            passes,
            sources,
            x_seed: vec![Dual::constant(0.0); n],
            seeded: None,
            y_out: vec![Dual::constant(0.0); m],
            y_zeroed: true,
            scratch: vec![0.0; nnz],
            coverage: if passes_need_coverage {
                vec![0; m * words]
            } else {
                Vec::new()
            },
            auto_verify: cfg!(debug_assertions),
        }
    }

    /// The pattern: the Jacobian's possible nonzeros.
    pub fn pattern(&self) -> &Pattern {
        &self.pattern
    }

    /// The colouring of the columns.
    pub fn colouring(&self) -> &Colouring {
        &self.colouring
    }

    /// The number of colours: how many tangent directions one Jacobian needs.
    pub fn colours(&self) -> usize {
        self.colouring.count()
    }

    /// The number of evaluations of `f` per Jacobian: `ceil(colours / N)`, at least 1.
    pub fn passes(&self) -> usize {
        self.passes.len()
    }

    /// `m`, the number of outputs (rows).
    pub fn nrows(&self) -> usize {
        self.pattern.nrows()
    }

    /// `n`, the number of inputs (columns).
    pub fn ncols(&self) -> usize {
        self.pattern.ncols()
    }

    /// The number of stored entries.
    pub fn nnz(&self) -> usize {
        self.pattern.nnz()
    }

    /// Whether every Jacobian call re-traces and [`verify`](Self::verify)s first.
    pub fn auto_verify(&self) -> bool {
        self.auto_verify
    }

    /// Turns automatic verification on or off (on by default in debug builds, off in
    /// release builds). It costs one trace per call, and allocates.
    pub fn set_auto_verify(&mut self, on: bool) {
        self.auto_verify = on;
    }

    /// A zero `m x n` matrix with the plan's pattern, to fill with
    /// [`jacobian_into`](Self::jacobian_into).
    pub fn new_matrix(&self) -> CscMatrix<f64> {
        CscMatrix::try_from_pattern_and_values(self.csc.clone(), vec![0.0; self.nnz()])
            .expect("one value per entry")
    }

    /// Re-traces `f` at `x` and checks that every dependency found is in the plan's pattern.
    ///
    /// # Errors
    /// [`SparseError::OutsidePattern`] with the first dependency (in row order) outside the
    /// pattern; [`SparseError::FunctionShape`] / [`SparseError::InputLength`] for a
    /// function or point of the wrong size; the errors of [`trace_pattern`].
    pub fn verify<F: VectorFunction>(&self, f: &F, x: &[f64]) -> Result<(), SparseError> {
        self.check_shapes(f, x)?;
        let traced = trace_pattern(f, x)?;
        match traced.first_entry_not_in(&self.pattern) {
            Some((row, col)) => Err(SparseError::OutsidePattern { row, col }),
            None => Ok(()),
        }
    }

    /// The Jacobian of `f` at `x`, as a new compressed-column matrix with the plan's pattern.
    ///
    /// # Errors
    /// See [`jacobian_values_into`](Self::jacobian_values_into).
    pub fn jacobian<F: VectorFunction>(
        &mut self,
        f: &F,
        x: &[f64],
    ) -> Result<CscMatrix<f64>, SparseError> {
        let (pattern, mut values) = self.new_matrix().into_pattern_and_values();
        self.run(f, x, None, &mut values)?;
        Ok(CscMatrix::try_from_pattern_and_values(pattern, values).expect("one value per entry"))
    }

    /// The Jacobian of `f` at `x` as a dense `m x n` matrix.
    ///
    /// # Errors
    /// See [`jacobian_values_into`](Self::jacobian_values_into).
    pub fn jacobian_dense<F: VectorFunction>(
        &mut self,
        f: &F,
        x: &[f64],
    ) -> Result<DMatrix<f64>, SparseError> {
        let mut jac = DMatrix::zeros(self.nrows(), self.ncols());
        self.run_dense(f, x, None, &mut jac)?;
        Ok(jac)
    }

    /// Writes `f(x)` into `values` and the Jacobian into `jacobian`, which must have the
    /// plan's pattern (make it once with [`new_matrix`](Self::new_matrix)). Allocation-free
    /// unless auto-verify is on.
    ///
    /// # Errors
    /// [`SparseError::MatrixPattern`] if `jacobian` has another pattern; otherwise see
    /// [`jacobian_values_into`](Self::jacobian_values_into).
    pub fn jacobian_into<F: VectorFunction>(
        &mut self,
        f: &F,
        x: &[f64],
        values: &mut [f64],
        jacobian: &mut CscMatrix<f64>,
    ) -> Result<(), SparseError> {
        let (pattern, jac_values) = jacobian.pattern_and_values_mut();
        if pattern.major_offsets() != self.csc.major_offsets()
            || pattern.minor_indices() != self.csc.minor_indices()
            || pattern.minor_dim() != self.csc.minor_dim()
        {
            return Err(SparseError::MatrixPattern);
        }
        self.jacobian_values_into(f, x, values, jac_values)
    }

    /// Writes `f(x)` into `values` and the Jacobian's entries into `jacobian_values`, in the
    /// compressed-column order of the plan's pattern (the order of
    /// [`new_matrix`](Self::new_matrix)`().values()`). Allocation-free unless auto-verify
    /// is on.
    ///
    /// # Errors
    /// - [`SparseError::FunctionShape`]: `f`'s sizes differ from the plan's;
    /// - [`SparseError::InputLength`]: `x.len() != n`;
    /// - [`SparseError::OutputLength`]: `values.len() != m` or
    ///   `jacobian_values.len() != nnz`;
    /// - [`SparseError::UnexpectedDerivative`]: a derivative outside the pattern showed up;
    /// - with auto-verify, those of [`verify`](Self::verify).
    ///
    /// On an error the outputs may be partly written; do not use them.
    pub fn jacobian_values_into<F: VectorFunction>(
        &mut self,
        f: &F,
        x: &[f64],
        values: &mut [f64],
        jacobian_values: &mut [f64],
    ) -> Result<(), SparseError> {
        if jacobian_values.len() != self.nnz() {
            return Err(SparseError::OutputLength {
                expected: self.nnz(),
                found: jacobian_values.len(),
            });
        }
        self.run(f, x, Some(values), jacobian_values)
    }

    /// Writes `f(x)` into `values` and the Jacobian into the dense `m x n` matrix
    /// `jacobian` (entries outside the pattern set to 0). Allocation-free unless
    /// auto-verify is on.
    ///
    /// # Errors
    /// [`SparseError::MatrixShape`] if `jacobian` is not `m x n`; otherwise see
    /// [`jacobian_values_into`](Self::jacobian_values_into).
    pub fn jacobian_dense_into<F: VectorFunction>(
        &mut self,
        f: &F,
        x: &[f64],
        values: &mut [f64],
        jacobian: &mut DMatrix<f64>,
    ) -> Result<(), SparseError> {
        if jacobian.shape() != (self.nrows(), self.ncols()) {
            return Err(SparseError::MatrixShape {
                expected: (self.nrows(), self.ncols()),
                found: jacobian.shape(),
            });
        }
        self.run_dense(f, x, Some(values), jacobian)
    }

    fn check_shapes<F: VectorFunction>(&self, f: &F, x: &[f64]) -> Result<(), SparseError> {
        let (m, n) = (self.nrows(), self.ncols());
        if (f.output_len(), f.input_len()) != (m, n) {
            return Err(SparseError::FunctionShape {
                expected: (m, n),
                found: (f.output_len(), f.input_len()),
            });
        }
        if x.len() != n {
            return Err(SparseError::InputLength {
                expected: n,
                found: x.len(),
            });
        }
        Ok(())
    }

    /// [`run`](Self::run) into the scratch buffer, then scattered into `jacobian`
    /// (`m x n`, checked by the caller), zero elsewhere.
    fn run_dense<F: VectorFunction>(
        &mut self,
        f: &F,
        x: &[f64],
        values: Option<&mut [f64]>,
        jacobian: &mut DMatrix<f64>,
    ) -> Result<(), SparseError> {
        let mut scratch = core::mem::take(&mut self.scratch);
        let result = self.run(f, x, values, &mut scratch);
        if result.is_ok() {
            // The storage as one slice: nalgebra's element-wise `DMatrix::fill` took ~14 x as
            // long as the slice fill on 64 x 64 (4.4 µs against 0.32 µs).
            let m = jacobian.nrows();
            let data = jacobian.as_mut_slice();
            data.fill(0.0);
            let (offsets, rows) = (self.csc.major_offsets(), self.csc.minor_indices());
            for (j, column) in data.chunks_exact_mut(m.max(1)).enumerate() {
                for slot in offsets[j]..offsets[j + 1] {
                    column[rows[slot]] = scratch[slot];
                }
            }
        }
        self.scratch = scratch;
        result
    }

    /// The compressed passes: for each pass, seed, evaluate, check the gaps, and copy the
    /// pass's entries into `jac_values` (compressed-column order, length `nnz`, checked by
    /// the caller); `f(x)` into `values` if given.
    fn run<F: VectorFunction>(
        &mut self,
        f: &F,
        x: &[f64],
        mut values: Option<&mut [f64]>,
        jac_values: &mut [f64],
    ) -> Result<(), SparseError> {
        self.check_shapes(f, x)?;
        if let Some(v) = &values
            && v.len() != self.nrows()
        {
            return Err(SparseError::OutputLength {
                expected: self.nrows(),
                found: v.len(),
            });
        }
        debug_assert_eq!(jac_values.len(), self.nnz());
        if self.auto_verify {
            self.verify(f, x)?;
        }
        for (s, &xj) in self.x_seed.iter_mut().zip(x) {
            s.re = xj;
        }
        for (p, pass) in self.passes.iter().enumerate() {
            if self.seeded != Some(p) {
                if let Some(q) = self.seeded {
                    for &(j, k) in &self.passes[q].columns {
                        self.x_seed[j].eps[k] = 0.0;
                    }
                }
                for &(j, k) in &pass.columns {
                    self.x_seed[j].eps[k] = 1.0;
                }
                self.seeded = Some(p);
            }
            if !self.y_zeroed {
                self.y_out.fill(Dual::constant(0.0));
            }
            self.y_zeroed = false;
            f.eval(&self.x_seed, &mut self.y_out);
            if p == 0
                && let Some(v) = values.as_deref_mut()
            {
                for (vi, yi) in v.iter_mut().zip(&self.y_out) {
                    *vi = yi.re;
                }
            }
            match &pass.table {
                // Decompress and check the gaps in one sweep over the outputs, row by row.
                // Full passes in fixed-size rows (the component loop unrolls).
                Some(table) if pass.width == N => {
                    for (i, (y, dest)) in self
                        .y_out
                        .iter_mut()
                        .zip(table.as_chunks::<N>().0)
                        .enumerate()
                    {
                        sweep_row(i, &y.eps, dest, jac_values, pass.first)?;
                        // Cleared while in cache, for the next pass or call.
                        *y = Dual::constant(0.0);
                    }
                    self.y_zeroed = true;
                }
                Some(table) if pass.width > 0 => {
                    let rows = table.chunks_exact(pass.width);
                    for (i, (y, dest)) in self.y_out.iter_mut().zip(rows).enumerate() {
                        sweep_row(i, &y.eps[..pass.width], dest, jac_values, pass.first)?;
                        *y = Dual::constant(0.0);
                    }
                    self.y_zeroed = true;
                }
                Some(_) => {}
                None => {
                    let words = N.div_ceil(64);
                    self.coverage.fill(0);
                    for &(start, end) in &pass.runs {
                        for &(i, k) in &self.sources[start..end] {
                            self.coverage[i * words + k / 64] |= 1 << (k % 64);
                        }
                    }
                    let coverage = &self.coverage;
                    let gaps = (0..self.y_out.len()).flat_map(|i| {
                        (0..pass.width.div_ceil(64)).filter_map(move |w| {
                            let missing = !coverage[i * words + w] & pass.used_mask(w);
                            (missing != 0).then_some((i, w, missing))
                        })
                    });
                    check_gaps(pass, gaps, &self.y_out)?;
                    for &(start, end) in &pass.runs {
                        for (v, &(i, k)) in jac_values[start..end]
                            .iter_mut()
                            .zip(&self.sources[start..end])
                        {
                            *v = self.y_out[i].eps[k];
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// One row of a table sweep: writes row `i`'s compressed derivatives `eps` to their slots
/// `dest[k]` and checks its gaps (`dest[k] == GAP`: the derivative must be zero or NaN).
#[inline(always)]
fn sweep_row(
    i: usize,
    eps: &[f64],
    dest: &[u32],
    jac_values: &mut [f64],
    first: usize,
) -> Result<(), SparseError> {
    for (k, (&e, &slot)) in eps.iter().zip(dest).enumerate() {
        match jac_values.get_mut(slot as usize) {
            Some(v) => *v = e,
            // `GAP` (every real slot is `< nnz`).
            None => {
                if e != 0.0 && !e.is_nan() {
                    return Err(SparseError::UnexpectedDerivative {
                        row: i,
                        colour: first + k,
                    });
                }
            }
        }
    }
    Ok(())
}

/// Fails when a row has a nonzero (non-NaN) compressed derivative in a component where the
/// pattern holds no entry of that row: `gaps` lists `(row, word, mask)`.
#[inline]
fn check_gaps<const N: usize>(
    pass: &Pass,
    gaps: impl Iterator<Item = (usize, usize, u64)>,
    y: &[Dual<f64, N>],
) -> Result<(), SparseError> {
    for (i, w, mut missing) in gaps {
        while missing != 0 {
            let k = 64 * w + missing.trailing_zeros() as usize;
            let e = y[i].eps[k];
            if e != 0.0 && !e.is_nan() {
                return Err(SparseError::UnexpectedDerivative {
                    row: i,
                    colour: pass.first + k,
                });
            }
            missing &= missing - 1;
        }
    }
    Ok(())
}
