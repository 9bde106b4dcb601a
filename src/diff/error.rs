//! [`JacobianError`]: a size or shape mistake in a call of a dynamically sized helper.
//!
//! The sparse module's [`SparseError`](crate::sparse::SparseError) follows the same
//! conventions: `#[non_exhaustive]`, lengths as `expected`/`found`, and matrix shapes as
//! `(rows, cols)` pairs printed `rows x cols`, both named.

use core::fmt;

/// A size or shape mismatch found while computing a dynamically sized derivative. Each
/// variant names both sizes or both shapes; none leaves a partially written result that
/// looks valid. New variants may be added (`#[non_exhaustive]`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JacobianError {
    /// The function returned a different number of outputs in a later pass than in the
    /// first one, so the columns of the passes cannot form one matrix.
    OutputLengthChanged {
        /// Outputs in the first pass.
        first: usize,
        /// Outputs in the pass that differed.
        now: usize,
    },
    /// A caller's buffer (a vector or slice) has the wrong length.
    BufferSize {
        /// Which buffer (e.g. `"values"`).
        buffer: &'static str,
        /// The length it must have.
        expected: usize,
        /// The length it has.
        found: usize,
    },
    /// A caller's matrix has the wrong shape: `(rows, cols)` expected and found. (A
    /// transposed buffer has the right length and the wrong shape.)
    BufferShape {
        /// Which matrix (e.g. `"jacobian"`).
        buffer: &'static str,
        /// The shape it must have, `(rows, cols)`.
        expected: (usize, usize),
        /// The shape it has, `(rows, cols)`.
        found: (usize, usize),
    },
    /// The Jacobian of `F(x, p)` with respect to `x` is singular (or not finite) at the
    /// solution given to an implicit-differentiation helper, so `x*(p)` has no derivative
    /// there by the implicit function theorem.
    SingularJacobian,
}

impl JacobianError {
    /// `Ok` when `found == expected`, else [`JacobianError::BufferSize`].
    pub(crate) fn check_len(
        buffer: &'static str,
        expected: usize,
        found: usize,
    ) -> Result<(), Self> {
        if found == expected {
            Ok(())
        } else {
            Err(JacobianError::BufferSize {
                buffer,
                expected,
                found,
            })
        }
    }

    /// `Ok` when `found == expected`, else [`JacobianError::BufferShape`].
    pub(crate) fn check_shape(
        buffer: &'static str,
        expected: (usize, usize),
        found: (usize, usize),
    ) -> Result<(), Self> {
        if found == expected {
            Ok(())
        } else {
            Err(JacobianError::BufferShape {
                buffer,
                expected,
                found,
            })
        }
    }
}

impl fmt::Display for JacobianError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JacobianError::OutputLengthChanged { first, now } => write!(
                f,
                "the function returned {now} outputs in a later pass but {first} in the first; \
                 its output length must not depend on the pass"
            ),
            JacobianError::BufferSize {
                buffer,
                expected,
                found,
            } => write!(
                f,
                "wrong buffer size for {buffer}: {found}, expected {expected}"
            ),
            JacobianError::BufferShape {
                buffer,
                expected: (er, ec),
                found: (fr, fc),
            } => write!(
                f,
                "wrong shape for {buffer}: {fr} x {fc}, expected {er} x {ec}"
            ),
            JacobianError::SingularJacobian => write!(
                f,
                "the Jacobian of F(x, p) with respect to x is singular or not finite at the \
                 solution; the implicit function theorem does not apply there"
            ),
        }
    }
}

impl core::error::Error for JacobianError {}
