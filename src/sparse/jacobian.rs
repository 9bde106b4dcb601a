//! [`SparseJacobian`]: a reusable plan that computes a sparse Jacobian with one forward pass
//! per `N` colours.

use nalgebra::DMatrix;
use nalgebra_sparse::CscMatrix;
use nalgebra_sparse::pattern::SparsityPattern;

use super::{Colouring, Pattern, SparseError, VectorFunction, trace_pattern};
use crate::{Dual, MatrixOut};

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
    /// outnumber `nnz + m` or its tables would exceed `4 (nnz + m)` words each (many colours,
    /// short rows: the tables would dwarf the `nnz` entries): then the entries are copied
    /// through `sources` and the gaps found at each call from the pass's entries, in
    /// `O(m + entries)`.
    table: Option<Vec<u32>>,
    /// The same table with the column of each entry instead of its slot, for the dense
    /// outputs (present with `table`).
    column_table: Option<Vec<u32>>,
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
///   handful) and `m * colours <= 4 (nnz + m)`, the plan keeps two tables of `m x width`
///   destinations per pass (slots for the compressed outputs, columns for the dense ones)
///   and one sweep over the outputs both decompresses and checks them (nearly free);
///   otherwise the gaps are found at each call in `O(m + nnz)` per pass.
///
/// Without auto-verify, a pattern change of the second kind goes unnoticed: in release
/// builds, call `verify` wherever the function may switch branches, or give a pattern
/// that covers every branch.
///
/// # Allocation
/// Building the plan allocates: the trace, the colouring, the seed and output duals
/// (`(n + m)(N + 1)` floats), the slot maps (`3 nnz` words: the source of each entry and
/// its column, for the dense outputs), and the destination tables (at most `8 (nnz + m)`
/// 32-bit words). After that, [`jacobian_into`](Self::jacobian_into),
/// [`jacobian_values_into`](Self::jacobian_values_into) and
/// [`jacobian_dense_into`](Self::jacobian_dense_into) allocate nothing when auto-verify is
/// off (verification traces, which allocates), and their closure forms
/// ([`jacobian_fn_into`](Self::jacobian_fn_into), ...) never do;
/// [`jacobian`](Self::jacobian) and [`jacobian_dense`](Self::jacobian_dense) allocate the
/// matrix they return.
///
/// # Closures
/// A function given as a closure on [`Dual<f64, N>`](Dual) (`FnMut(&[Dual<f64, N>], &mut
/// [Dual<f64, N>])`, no [`VectorFunction`] type) goes to the `jacobian_fn_*` forms, with the
/// pattern given by hand ([`from_pattern`](Self::from_pattern)) or traced from the same
/// code on tracers ([`trace_pattern_fn`](super::trace_pattern_fn)). Auto-verify does not
/// apply to them (a closure on duals cannot be re-traced); the gap check always runs, and
/// [`verify_fn`](Self::verify_fn) re-traces the tracer form of the closure on demand.
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
    /// `slot_columns[slot]`: the column of the entry in compressed-column slot `slot`, for
    /// the dense outputs.
    slot_columns: Vec<usize>,
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
                column_table: None,
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
        let small = nnz < GAP as usize && n < GAP as usize;
        if gaps <= nnz + m && table_words <= 4 * (nnz + m) && small {
            for pass in &mut passes {
                let mut table = vec![GAP; m * pass.width];
                let mut column_table = vec![GAP; m * pass.width];
                for &(j, k) in &pass.columns {
                    for slot in offsets[j]..offsets[j + 1] {
                        // `slot < nnz < GAP` and `j < n < GAP`: checked above.
                        table[rows[slot] * pass.width + k] = slot as u32;
                        column_table[rows[slot] * pass.width + k] = j as u32;
                    }
                }
                pass.table = Some(table);
                pass.column_table = Some(column_table);
            }
        }
        let slot_columns = (0..n)
            .flat_map(|j| core::iter::repeat_n(j, offsets[j + 1] - offsets[j]))
            .collect();
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
            slot_columns,
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
        self.checked_run(f, x, None, &mut Compressed(&mut values))?;
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
        self.jacobian_dense_any(|x, y| f.eval(x, y), Some(f), x, None, &mut jac)?;
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
        let jac_values = self.csc_values(jacobian)?;
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
        self.check_entries_len(jacobian_values)?;
        self.checked_run(f, x, Some(values), &mut Compressed(jacobian_values))
    }

    /// Writes `f(x)` into `values` and the Jacobian into the dense `m x n` destination
    /// `jacobian`, with entries outside the pattern set to 0: a row- or column-major slice
    /// ([`MatrixSlice`](crate::MatrixSlice)), or any nalgebra matrix or view
    /// ([`MatrixOut`]). Each entry is written straight from the pass that computes it: no
    /// intermediate buffer. Allocation-free unless auto-verify is on.
    ///
    /// ```
    /// use dualnum::MatrixSlice;
    /// use dualnum::sparse::{Pattern, SparseJacobian, VectorFunction};
    ///
    /// /// y_i = x_i² (an elementwise map: diagonal Jacobian, 1 colour)
    /// struct Squares;
    /// impl VectorFunction for Squares {
    ///     fn input_len(&self) -> usize { 3 }
    ///     fn output_len(&self) -> usize { 3 }
    ///     fn eval<S: dualnum::Real>(&self, x: &[S], y: &mut [S]) {
    ///         for (y, &x) in y.iter_mut().zip(x) { *y = x * x; }
    ///     }
    /// }
    /// let mut plan = SparseJacobian::<1>::new(&Squares, &[1.0; 3]).unwrap();
    /// let (mut values, mut buf) = ([0.0; 3], [f64::NAN; 9]);
    /// let mut jac = MatrixSlice::row_major(&mut buf, 3, 3).unwrap();
    /// plan.jacobian_dense_into(&Squares, &[1.0, 2.0, 3.0], &mut values, &mut jac).unwrap();
    /// assert_eq!(values, [1.0, 4.0, 9.0]);
    /// assert_eq!(buf, [2.0, 0.0, 0.0, 0.0, 4.0, 0.0, 0.0, 0.0, 6.0]);
    /// ```
    ///
    /// # Errors
    /// [`SparseError::MatrixShape`] if `jacobian` is not `m x n`; otherwise see
    /// [`jacobian_values_into`](Self::jacobian_values_into).
    pub fn jacobian_dense_into<F: VectorFunction, M: MatrixOut<f64> + ?Sized>(
        &mut self,
        f: &F,
        x: &[f64],
        values: &mut [f64],
        jacobian: &mut M,
    ) -> Result<(), SparseError> {
        self.jacobian_dense_any(|x, y| f.eval(x, y), Some(f), x, Some(values), jacobian)
    }

    /// The closure form of [`jacobian_values_into`](Self::jacobian_values_into): `g(x, y)`
    /// writes `f(x)` into `y` (length `m`, all zeros on entry) for `x` of length `n` on
    /// [`Dual<f64, N>`](Dual); `f(x)` goes into `values` when given.
    ///
    /// The plan's pattern must come from elsewhere: given by hand
    /// ([`from_pattern`](Self::from_pattern)), or traced from the same code on
    /// [`Tracer`](super::Tracer)s ([`trace_pattern_fn`](super::trace_pattern_fn)).
    ///
    /// **Verification.** A closure on duals cannot be re-traced, so auto-verify does not
    /// apply here (it is ignored). The gap check still runs at every call: a nonzero
    /// derivative in a colour where the row has no entry fails with
    /// [`SparseError::UnexpectedDerivative`]. A new dependency on a column that shares a
    /// colour with one of the row's entries is caught only by
    /// [`verify_fn`](Self::verify_fn), given the tracer form of the closure; call it where
    /// the function may switch branches. Allocation-free.
    ///
    /// # Errors
    /// [`SparseError::InputLength`]: `x.len() != n`; [`SparseError::OutputLength`]:
    /// `values.len() != m` or `jacobian_values.len() != nnz`;
    /// [`SparseError::UnexpectedDerivative`]: a derivative outside the pattern showed up.
    pub fn jacobian_fn_values_into<G>(
        &mut self,
        g: G,
        x: &[f64],
        values: Option<&mut [f64]>,
        jacobian_values: &mut [f64],
    ) -> Result<(), SparseError>
    where
        G: FnMut(&[Dual<f64, N>], &mut [Dual<f64, N>]),
    {
        self.check_entries_len(jacobian_values)?;
        self.check_input(x)?;
        self.run(g, x, values, &mut Compressed(jacobian_values))
    }

    /// The closure form of [`jacobian_into`](Self::jacobian_into): see
    /// [`jacobian_fn_values_into`](Self::jacobian_fn_values_into) for `g` and verification.
    ///
    /// # Errors
    /// [`SparseError::MatrixPattern`] if `jacobian` has another pattern; otherwise those of
    /// [`jacobian_fn_values_into`](Self::jacobian_fn_values_into).
    pub fn jacobian_fn_into<G>(
        &mut self,
        g: G,
        x: &[f64],
        values: Option<&mut [f64]>,
        jacobian: &mut CscMatrix<f64>,
    ) -> Result<(), SparseError>
    where
        G: FnMut(&[Dual<f64, N>], &mut [Dual<f64, N>]),
    {
        let jac_values = self.csc_values(jacobian)?;
        self.jacobian_fn_values_into(g, x, values, jac_values)
    }

    /// The closure form of [`jacobian_dense_into`](Self::jacobian_dense_into), values
    /// optional: see [`jacobian_fn_values_into`](Self::jacobian_fn_values_into) for `g` and
    /// verification. Allocation-free.
    ///
    /// ```
    /// use dualnum::{Dual, MatrixSlice, Real};
    /// use dualnum::sparse::{SparseJacobian, Tracer, trace_pattern_fn};
    ///
    /// // Broyden tridiagonal, written once for any number type
    /// fn broyden<S: Real>(x: &[S], y: &mut [S]) {
    ///     let n = x.len();
    ///     for i in 0..n {
    ///         let mut f = (S::literal(3.0) - x[i].mul_f64(2.0)) * x[i] + S::one();
    ///         if i > 0 { f = f - x[i - 1]; }
    ///         if i + 1 < n { f = f - x[i + 1].mul_f64(2.0); }
    ///         y[i] = f;
    ///     }
    /// }
    /// let x = [0.5, -1.0, 2.0, 0.0];
    /// // the pattern traced from the same code on tracers, then the plan
    /// let pattern = trace_pattern_fn(4, &x, |x: &[Tracer], y: &mut [Tracer]| broyden(x, y)).unwrap();
    /// let mut plan = SparseJacobian::<3>::from_pattern(pattern);
    /// let mut buf = [f64::NAN; 16];
    /// let mut jac = MatrixSlice::row_major(&mut buf, 4, 4).unwrap();
    /// plan.jacobian_fn_dense_into(|x: &[Dual<f64, 3>], y: &mut [Dual<f64, 3>]| broyden(x, y), &x, None, &mut jac)
    ///     .unwrap();
    /// // ∂F_i/∂x_i = 3 - 4 x_i, ∂F_i/∂x_(i-1) = -1, ∂F_i/∂x_(i+1) = -2
    /// assert_eq!(&buf[..8], &[1.0, -2.0, 0.0, 0.0, -1.0, 7.0, -2.0, 0.0]);
    /// assert_eq!(&buf[8..], &[0.0, -1.0, -5.0, -2.0, 0.0, 0.0, -1.0, 3.0]);
    /// ```
    ///
    /// # Errors
    /// [`SparseError::MatrixShape`] if `jacobian` is not `m x n`; otherwise those of
    /// [`jacobian_fn_values_into`](Self::jacobian_fn_values_into).
    pub fn jacobian_fn_dense_into<G, M>(
        &mut self,
        g: G,
        x: &[f64],
        values: Option<&mut [f64]>,
        jacobian: &mut M,
    ) -> Result<(), SparseError>
    where
        G: FnMut(&[Dual<f64, N>], &mut [Dual<f64, N>]),
        M: MatrixOut<f64> + ?Sized,
    {
        self.jacobian_dense_any::<G, M, NoFunction>(g, None, x, values, jacobian)
    }

    /// The closure form of [`verify`](Self::verify): re-traces `t` (the function on
    /// [`Tracer`](super::Tracer)s, `x` of length `n` to `y` of length `m`) at `x` and checks
    /// that every dependency found is in the plan's pattern.
    ///
    /// # Errors
    /// [`SparseError::OutsidePattern`] with the first dependency (in row order) outside the
    /// pattern; [`SparseError::InputLength`] for a point of the wrong length; the errors of
    /// [`trace_pattern_fn`](super::trace_pattern_fn).
    pub fn verify_fn<T>(&self, t: T, x: &[f64]) -> Result<(), SparseError>
    where
        T: FnMut(&[super::Tracer], &mut [super::Tracer]),
    {
        self.check_input(x)?;
        let traced = super::trace_pattern_fn(self.nrows(), x, t)?;
        match traced.first_entry_not_in(&self.pattern) {
            Some((row, col)) => Err(SparseError::OutsidePattern { row, col }),
            None => Ok(()),
        }
    }

    /// The values of `jacobian`, after checking that it has the plan's pattern.
    fn csc_values<'a>(
        &self,
        jacobian: &'a mut CscMatrix<f64>,
    ) -> Result<&'a mut [f64], SparseError> {
        let (pattern, jac_values) = jacobian.pattern_and_values_mut();
        if pattern.major_offsets() != self.csc.major_offsets()
            || pattern.minor_indices() != self.csc.minor_indices()
            || pattern.minor_dim() != self.csc.minor_dim()
        {
            return Err(SparseError::MatrixPattern);
        }
        Ok(jac_values)
    }

    fn check_entries_len(&self, jacobian_values: &[f64]) -> Result<(), SparseError> {
        if jacobian_values.len() != self.nnz() {
            return Err(SparseError::OutputLength {
                expected: self.nnz(),
                found: jacobian_values.len(),
            });
        }
        Ok(())
    }

    fn check_input(&self, x: &[f64]) -> Result<(), SparseError> {
        if x.len() != self.ncols() {
            return Err(SparseError::InputLength {
                expected: self.ncols(),
                found: x.len(),
            });
        }
        Ok(())
    }

    fn check_shapes<F: VectorFunction>(&self, f: &F, x: &[f64]) -> Result<(), SparseError> {
        let (m, n) = (self.nrows(), self.ncols());
        if (f.output_len(), f.input_len()) != (m, n) {
            return Err(SparseError::FunctionShape {
                expected: (m, n),
                found: (f.output_len(), f.input_len()),
            });
        }
        self.check_input(x)
    }

    /// [`run`](Self::run) on `f`, after the shape checks and, with auto-verify, a trace.
    fn checked_run<F: VectorFunction, E: Entries>(
        &mut self,
        f: &F,
        x: &[f64],
        values: Option<&mut [f64]>,
        entries: &mut E,
    ) -> Result<(), SparseError> {
        self.check_shapes(f, x)?;
        if self.auto_verify {
            self.verify(f, x)?;
        }
        self.run(|x, y| f.eval(x, y), x, values, entries)
    }

    /// The dense output of `g` (or, when given, the checked run of `f`, which `g` forwards
    /// to): shape check, zero fill, then every entry written where its pass computes it.
    fn jacobian_dense_any<G, M, F>(
        &mut self,
        g: G,
        f: Option<&F>,
        x: &[f64],
        values: Option<&mut [f64]>,
        jacobian: &mut M,
    ) -> Result<(), SparseError>
    where
        G: FnMut(&[Dual<f64, N>], &mut [Dual<f64, N>]),
        M: MatrixOut<f64> + ?Sized,
        F: VectorFunction,
    {
        let shape = (self.nrows(), self.ncols());
        if jacobian.shape() != shape {
            return Err(SparseError::MatrixShape {
                expected: shape,
                found: jacobian.shape(),
            });
        }
        match f {
            Some(f) => self.check_shapes(f, x)?,
            None => self.check_input(x)?,
        }
        if let Some(f) = f
            && self.auto_verify
        {
            self.verify(f, x)?;
        }
        jacobian.fill(0.0);
        self.run(g, x, values, &mut Dense(jacobian))
    }

    /// The compressed passes: for each pass, seed, evaluate `g`, check the gaps, and hand
    /// the pass's entries to `entries`; `f(x)` into `values` if given. `x` has length `n`
    /// (checked by the caller).
    fn run<G, E>(
        &mut self,
        mut g: G,
        x: &[f64],
        mut values: Option<&mut [f64]>,
        entries: &mut E,
    ) -> Result<(), SparseError>
    where
        G: FnMut(&[Dual<f64, N>], &mut [Dual<f64, N>]),
        E: Entries,
    {
        debug_assert_eq!(x.len(), self.ncols());
        if let Some(v) = &values
            && v.len() != self.nrows()
        {
            return Err(SparseError::OutputLength {
                expected: self.nrows(),
                found: v.len(),
            });
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
            g(&self.x_seed, &mut self.y_out);
            if p == 0
                && let Some(v) = values.as_deref_mut()
            {
                for (vi, yi) in v.iter_mut().zip(&self.y_out) {
                    *vi = yi.re;
                }
            }
            let table = if E::BY_COLUMN {
                &pass.column_table
            } else {
                &pass.table
            };
            match table {
                // Decompress and check the gaps in one sweep over the outputs, row by row.
                // Full passes in fixed-size rows (the component loop unrolls).
                Some(table) if pass.width == N => {
                    for (i, (y, dest)) in self
                        .y_out
                        .iter_mut()
                        .zip(table.as_chunks::<N>().0)
                        .enumerate()
                    {
                        sweep_row(i, &y.eps, dest, entries, pass.first)?;
                        // Cleared while in cache, for the next pass or call.
                        *y = Dual::constant(0.0);
                    }
                    self.y_zeroed = true;
                }
                Some(table) if pass.width > 0 => {
                    let rows = table.chunks_exact(pass.width);
                    for (i, (y, dest)) in self.y_out.iter_mut().zip(rows).enumerate() {
                        sweep_row(i, &y.eps[..pass.width], dest, entries, pass.first)?;
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
                        for (slot, &(i, k)) in (start..end).zip(&self.sources[start..end]) {
                            let index = if E::BY_COLUMN {
                                self.slot_columns[slot]
                            } else {
                                slot
                            };
                            entries.put(index, i, self.y_out[i].eps[k]);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// Where the passes put the Jacobian's entries.
trait Entries {
    /// Whether an entry is addressed by its column (dense) or by its slot (compressed).
    const BY_COLUMN: bool;
    /// The entry of row `row` at `index` (its column or its compressed-column slot, as
    /// [`BY_COLUMN`](Self::BY_COLUMN) says) is `v`.
    fn put(&mut self, index: usize, row: usize, v: f64);
}

/// The entries in compressed-column order (a [`CscMatrix`]'s values).
struct Compressed<'a>(&'a mut [f64]);

impl Entries for Compressed<'_> {
    const BY_COLUMN: bool = false;
    #[inline(always)]
    fn put(&mut self, slot: usize, _row: usize, v: f64) {
        self.0[slot] = v;
    }
}

/// A dense destination.
struct Dense<'a, M: ?Sized>(&'a mut M);

impl<M: MatrixOut<f64> + ?Sized> Entries for Dense<'_, M> {
    const BY_COLUMN: bool = true;
    #[inline(always)]
    fn put(&mut self, column: usize, row: usize, v: f64) {
        self.0.set(row, column, v);
    }
}

/// The `F` of [`SparseJacobian::jacobian_dense_any`] for a closure: never evaluated.
enum NoFunction {}

impl VectorFunction for NoFunction {
    fn input_len(&self) -> usize {
        match *self {}
    }
    fn output_len(&self) -> usize {
        match *self {}
    }
    fn eval<S: crate::Real>(&self, _: &[S], _: &mut [S]) {
        match *self {}
    }
}

/// One row of a table sweep: writes row `i`'s compressed derivatives `eps` to their
/// destinations `dest[k]` (slots or columns) and checks its gaps (`dest[k] == GAP`: the derivative must be zero or NaN).
#[inline(always)]
fn sweep_row<E: Entries>(
    i: usize,
    eps: &[f64],
    dest: &[u32],
    entries: &mut E,
    first: usize,
) -> Result<(), SparseError> {
    for (k, (&e, &slot)) in eps.iter().zip(dest).enumerate() {
        if slot != GAP {
            entries.put(slot as usize, i, e);
        } else if e != 0.0 && !e.is_nan() {
            return Err(SparseError::UnexpectedDerivative {
                row: i,
                colour: first + k,
            });
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
