//! [`SparseError`]: everything that can go wrong while detecting a pattern, building a
//! plan or computing a sparse Jacobian.

use core::fmt;

/// Why a sparse-Jacobian operation refused to give a result.
///
/// Every failure is reported instead of returning a Jacobian that might be wrong: lengths
/// that do not match the plan, a function whose derivative has an entry the plan's pattern
/// does not hold, a tracer used outside the trace that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SparseError {
    /// The input point `x` has the wrong length.
    InputLength {
        /// The number of inputs the plan (or the function) expects.
        expected: usize,
        /// The length that was given.
        found: usize,
    },
    /// An output buffer has the wrong length.
    OutputLength {
        /// The number of outputs the plan (or the function) produces.
        expected: usize,
        /// The length that was given.
        found: usize,
    },
    /// A dense output matrix has the wrong shape (it must be `m x n`).
    MatrixShape {
        /// `(rows, columns)` it must have.
        expected: (usize, usize),
        /// `(rows, columns)` it has.
        found: (usize, usize),
    },
    /// The function's `input_len()`/`output_len()` differ from the plan's shape: the plan
    /// was built for another function.
    FunctionShape {
        /// `(outputs, inputs)` of the plan: its Jacobian is `outputs x inputs`.
        expected: (usize, usize),
        /// `(output_len(), input_len())` of the function given.
        found: (usize, usize),
    },
    /// A pattern entry `(row, col)` lies outside a `nrows x ncols` matrix.
    EntryOutOfBounds {
        /// The row of the entry.
        row: usize,
        /// The column of the entry.
        col: usize,
        /// The number of rows of the pattern.
        nrows: usize,
        /// The number of columns of the pattern.
        ncols: usize,
    },
    /// A colouring gives two columns that share a row the same colour, or does not have
    /// one colour per column: compressing with it would add their entries together.
    InvalidColouring {
        /// What is wrong, in words.
        reason: String,
    },
    /// The output matrix given to fill does not have the plan's sparsity pattern (make it
    /// with `SparseJacobian::new_matrix`).
    MatrixPattern,
    /// Re-tracing the function at the new point found a dependency of output `row` on input
    /// `col` that the plan's pattern does not hold: the function took another branch there,
    /// so the compressed Jacobian would be wrong. Build a new plan at this point, or supply
    /// a pattern that covers every branch.
    OutsidePattern {
        /// The output (Jacobian row).
        row: usize,
        /// The input (Jacobian column).
        col: usize,
    },
    /// A compressed pass found a nonzero derivative of output `row` in colour group
    /// `colour`, where the plan's pattern holds no entry of that row in any column of that
    /// colour: some derivative lies outside the pattern (the function changed branch).
    UnexpectedDerivative {
        /// The output (Jacobian row).
        row: usize,
        /// The colour group whose compressed column was nonzero.
        colour: usize,
    },
    /// A tracer made by another trace (or another thread) reached this trace's arithmetic
    /// or outputs, so the dependencies it carries cannot be read.
    StaleTracer,
    /// The trace needed more than `u32::MAX - 1` dependency nodes.
    TraceTooLarge,
}

impl fmt::Display for SparseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SparseError::InputLength { expected, found } => {
                write!(f, "input has length {found}, expected {expected}")
            }
            SparseError::OutputLength { expected, found } => {
                write!(f, "output buffer has length {found}, expected {expected}")
            }
            SparseError::MatrixShape { expected, found } => write!(
                f,
                "output matrix is {} x {}, expected {} x {}",
                found.0, found.1, expected.0, expected.1
            ),
            SparseError::FunctionShape { expected, found } => write!(
                f,
                "function maps {} inputs to {} outputs, but the plan is for {} inputs and {} outputs",
                found.1, found.0, expected.1, expected.0
            ),
            SparseError::EntryOutOfBounds {
                row,
                col,
                nrows,
                ncols,
            } => write!(
                f,
                "pattern entry ({row}, {col}) is outside a {nrows} x {ncols} matrix"
            ),
            SparseError::InvalidColouring { reason } => write!(f, "invalid colouring: {reason}"),
            SparseError::MatrixPattern => f.write_str(
                "the output matrix does not have the plan's sparsity pattern (use SparseJacobian::new_matrix)",
            ),
            SparseError::OutsidePattern { row, col } => write!(
                f,
                "output {row} depends on input {col} at this point, but the plan's pattern has no entry ({row}, {col}): the function took another branch; build a new plan"
            ),
            SparseError::UnexpectedDerivative { row, colour } => write!(
                f,
                "output {row} has a nonzero derivative in colour group {colour}, where the plan's pattern has no entry: the function's pattern changed at this point; build a new plan"
            ),
            SparseError::StaleTracer => f.write_str(
                "a tracer from another trace reached this trace: tracers are only valid inside the trace that made them",
            ),
            SparseError::TraceTooLarge => {
                f.write_str("the trace needed more than 2^32 - 2 dependency nodes")
            }
        }
    }
}

impl core::error::Error for SparseError {}
