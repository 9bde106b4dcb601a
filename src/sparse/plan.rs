//! [`SparseJacobian`]: a reusable plan that computes a sparse Jacobian with one forward pass
//! per `K` colours.

use nalgebra::DMatrix;
use nalgebra_sparse::CscMatrix;
use nalgebra_sparse::pattern::SparsityPattern;

use super::{Colouring, Pattern, SparseError, VectorFunction, trace_pattern};
use crate::Dual;

/// One forward pass: the colours `first .. first + width`, in tangent components
/// `0 .. width`.
#[derive(Clone, Debug)]
struct Pass {
    /// `(column, component)` for every column whose colour is in this pass, columns
    /// ascending.
    columns: Vec<(usize, usize)>,
    /// The first colour of the pass.
    first: usize,
    /// `covered[i * words + w]`, bit `b`: row `i` has an entry in a column of colour
    /// `first + 64 w + b`. A nonzero compressed derivative in an uncovered component is an
    /// entry outside the pattern.
    covered: Vec<u64>,
    /// `ceil(width / 64)`.
    words: usize,
    /// The number of colours in the pass (`<= K`).
    width: usize,
}

/// A sparse Jacobian plan: the pattern of `f: R^n -> R^m` and a colouring of its columns,
/// computed once, then used to evaluate the Jacobian at many points with
/// `ceil(colours / K)` evaluations of `f` on [`Dual<f64, K>`](Dual).
///
/// # How it works
/// Columns of the same colour share no row ([`Colouring`]). Pass `p` seeds every column of
/// colour `g = pK + k` with the tangent `e_k` (all of that colour at once), evaluates `f`
/// once, and reads entry `(i, j)` of a column `j` of colour `g` as `∂yᵢ/∂εₖ`: the sum over
/// the colour's columns, of which only `j` has an entry in row `i`. A tridiagonal Jacobian
/// of any size takes 3 colours, so one pass with `K >= 3`, where a dense Jacobian would
/// take `n / K` passes.
///
/// Choose `K` at least the number of colours when it is known (3 for tridiagonal, `l+u+1`
/// for a band): then one pass suffices and a larger `K` only adds work. With more colours
/// than `K`, the colours are chunked over several passes.
///
/// # The pattern is fixed
/// The plan's pattern comes from a trace at one point (or from the user). If at a new
/// point `f` takes branches with other dependencies, the compressed values would mix
/// entries. Three guards:
/// - [`verify`](Self::verify) re-traces at the new point and reports the first dependency
///   outside the pattern ([`SparseError::OutsidePattern`]);
/// - with *auto-verify* on (the default in debug builds, see
///   [`set_auto_verify`](Self::set_auto_verify)), every Jacobian call verifies first;
/// - always, at no cost for a tight colouring: a row with no entry in a colour group must
///   get an exactly zero compressed derivative there, otherwise the call fails with
///   [`SparseError::UnexpectedDerivative`] (a NaN there is not counted, as it proves no
///   dependency). This catches many but not all pattern changes; `verify` catches every
///   change at the point verified.
///
/// # Allocation
/// Building the plan allocates (trace, colouring, seeds). [`jacobian_into`](Self::jacobian_into),
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
pub struct SparseJacobian<const K: usize> {
    pattern: Pattern,
    colouring: Colouring,
    csc: SparsityPattern,
    passes: Vec<Pass>,
    x_seed: Vec<Dual<f64, K>>,
    y_out: Vec<Dual<f64, K>>,
    auto_verify: bool,
}

impl<const K: usize> SparseJacobian<K> {
    /// Traces `f` at `x` for its pattern ([`trace_pattern`]), colours the columns
    /// ([`Colouring::greedy`]) and prepares the passes.
    ///
    /// The pattern holds the dependencies of the branches `f` takes at `x`.
    ///
    /// # Errors
    /// Those of [`trace_pattern`].
    pub fn new<F: VectorFunction>(f: &F, x: &[f64]) -> Result<Self, SparseError> {
        Ok(Self::from_pattern(trace_pattern(f, x)?))
    }

    /// A plan for a pattern given by hand (it must cover every dependency at every point
    /// the plan is used at: a superset is fine, it only stores zeros), with a greedy
    /// colouring.
    ///
    /// `SparseJacobian::from_pattern(Pattern::dense(m, n))` is a dense Jacobian in
    /// `ceil(n / K)` passes.
    pub fn from_pattern(pattern: Pattern) -> Self {
        let colouring = Colouring::greedy(&pattern);
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
    pub fn with_width<const K2: usize>(self) -> SparseJacobian<K2> {
        let mut plan = SparseJacobian::<K2>::build(self.pattern, self.colouring);
        plan.auto_verify = self.auto_verify;
        plan
    }

    fn build(pattern: Pattern, colouring: Colouring) -> Self {
        const { assert!(K > 0, "SparseJacobian needs a tangent width K >= 1") };
        let (m, n) = (pattern.nrows(), pattern.ncols());
        let colours = colouring.count();
        let pass_count = colours.div_ceil(K).max(1);
        let mut passes: Vec<Pass> = (0..pass_count)
            .map(|p| {
                let first = p * K;
                let width = colours.saturating_sub(first).min(K);
                let words = width.div_ceil(64);
                Pass {
                    columns: Vec::new(),
                    first,
                    covered: vec![0; m * words],
                    words,
                    width,
                }
            })
            .collect();
        for j in 0..n {
            let c = colouring.colour(j);
            passes[c / K].columns.push((j, c % K));
        }
        for i in 0..m {
            for &j in pattern.row(i) {
                let c = colouring.colour(j);
                let pass = &mut passes[c / K];
                let k = c % K;
                pass.covered[i * pass.words + k / 64] |= 1 << (k % 64);
            }
        }
        let csc = pattern.to_csc_pattern();
        SparseJacobian {
            pattern,
            colouring,
            csc,
            passes,
            x_seed: vec![Dual::constant(0.0); n],
            y_out: vec![Dual::constant(0.0); m],
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

    /// The number of evaluations of `f` per Jacobian: `ceil(colours / K)`, at least 1.
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
        self.run(f, x, None, |slot, _, _, v| values[slot] = v)?;
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
        self.run(f, x, None, |_, i, j, v| jac[(i, j)] = v)?;
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
        self.run(f, x, Some(values), |slot, _, _, v| {
            jacobian_values[slot] = v
        })
    }

    /// Writes `f(x)` into `values` and the Jacobian into the dense `m x n` matrix
    /// `jacobian` (entries outside the pattern set to 0). Allocation-free unless
    /// auto-verify is on.
    ///
    /// # Errors
    /// [`SparseError::OutputLength`] if `jacobian` is not `m x n`; otherwise see
    /// [`jacobian_values_into`](Self::jacobian_values_into).
    pub fn jacobian_dense_into<F: VectorFunction>(
        &mut self,
        f: &F,
        x: &[f64],
        values: &mut [f64],
        jacobian: &mut DMatrix<f64>,
    ) -> Result<(), SparseError> {
        if jacobian.shape() != (self.nrows(), self.ncols()) {
            return Err(SparseError::OutputLength {
                expected: self.nrows() * self.ncols(),
                found: jacobian.len(),
            });
        }
        jacobian.fill(0.0);
        self.run(f, x, Some(values), |_, i, j, v| jacobian[(i, j)] = v)
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

    /// The compressed passes: for each pass, seed, evaluate, check the uncovered
    /// components, and hand every entry to `store(slot, row, col, value)`, where `slot` is
    /// its index in compressed-column order.
    fn run<F: VectorFunction>(
        &mut self,
        f: &F,
        x: &[f64],
        mut values: Option<&mut [f64]>,
        mut store: impl FnMut(usize, usize, usize, f64),
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
        if self.auto_verify {
            self.verify(f, x)?;
        }
        for (s, &xj) in self.x_seed.iter_mut().zip(x) {
            *s = Dual::constant(xj);
        }
        let offsets = self.csc.major_offsets();
        let rows = self.csc.minor_indices();
        for (p, pass) in self.passes.iter().enumerate() {
            if p > 0 {
                for &(j, k) in &self.passes[p - 1].columns {
                    self.x_seed[j].eps[k] = 0.0;
                }
            }
            for &(j, k) in &pass.columns {
                self.x_seed[j].eps[k] = 1.0;
            }
            self.y_out.fill(Dual::constant(0.0));
            f.eval(&self.x_seed, &mut self.y_out);
            if p == 0
                && let Some(v) = values.as_deref_mut()
            {
                for (vi, yi) in v.iter_mut().zip(&self.y_out) {
                    *vi = yi.re;
                }
            }
            check_uncovered(pass, &self.y_out)?;
            for &(j, k) in &pass.columns {
                let start = offsets[j];
                for (slot, &i) in (start..).zip(&rows[start..offsets[j + 1]]) {
                    store(slot, i, j, self.y_out[i].eps[k]);
                }
            }
        }
        Ok(())
    }
}

/// Fails when a row has a nonzero (non-NaN) compressed derivative in a component where the
/// pattern holds no entry of that row.
#[inline]
fn check_uncovered<const K: usize>(pass: &Pass, y: &[Dual<f64, K>]) -> Result<(), SparseError> {
    for w in 0..pass.words {
        let used = pass.width - 64 * w;
        let used_mask = if used >= 64 {
            u64::MAX
        } else {
            (1u64 << used) - 1
        };
        for (i, yi) in y.iter().enumerate() {
            let mut missing = !pass.covered[i * pass.words + w] & used_mask;
            while missing != 0 {
                let k = 64 * w + missing.trailing_zeros() as usize;
                let e = yi.eps[k];
                if e != 0.0 && !e.is_nan() {
                    return Err(SparseError::UnexpectedDerivative {
                        row: i,
                        colour: pass.first + k,
                    });
                }
                missing &= missing - 1;
            }
        }
    }
    Ok(())
}
