//! [`JacobianError`]: what can go wrong with the sizes of a dynamically sized Jacobian.

use core::fmt;

/// A size mismatch found while computing a dynamically sized Jacobian. Each variant names
/// the sizes involved; none of them leaves a partially written result that looks valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JacobianError {
    /// The function returned a different number of outputs in a later pass than in the
    /// first one, so the columns of the passes cannot form one matrix.
    OutputLengthChanged {
        /// Outputs in the first pass.
        first: usize,
        /// Outputs in the pass that differed.
        now: usize,
    },
    /// A caller's buffer has the wrong size.
    BufferSize {
        /// Which buffer (e.g. `"jacobian"`).
        buffer: &'static str,
        /// The size it must have (elements, or rows or columns as `buffer` says).
        expected: usize,
        /// The size it has.
        found: usize,
    },
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
        }
    }
}

impl std::error::Error for JacobianError {}
