//! [`Tracer`]: a number that records which inputs it depends on.

use core::cmp::Ordering;
use core::fmt;
use core::ops::{Add, Div, Mul, Neg, Rem, Sub};

use super::trace::{self, CONSTANT, Dep, EMPTY};

/// A number for sparsity detection: an `f64` value plus the set of inputs it depends on.
///
/// Evaluating a [`VectorFunction`](super::VectorFunction) on tracers seeded with the inputs
/// gives each output's set, which is row `i` of the Jacobian's pattern. The tracer
/// implements [`Real`](crate::Real) (so all of `num_traits::Float`), and a function written
/// generically runs on it unchanged.
///
/// # What depends on what
/// - Arithmetic and every differentiable function: the result depends on the union of its
///   arguments' sets (`x * y` depends on both even where `y = 0` at this point: the pattern
///   is *structural*).
/// - Functions whose derivative is zero everywhere (`floor`, `ceil`, `round`, `trunc`,
///   `signum`, `powi(0)`) and every constant: no dependency. A comparison returns a `bool`,
///   which carries no dependency either, so `if x > 0 { 1 } else { 0 }` is a constant.
/// - `max`, `min`, `clamp`, `abs_sub` follow the branch the *value* selects (on a tie: both
///   arguments), exactly as the [`Dual`](crate::Dual) rules do.
///
/// # The pattern is valid for the branches taken at the traced point
/// Comparisons, `max`/`min`, and any `if` in the user's function look at the value, so a
/// trace records the dependencies of the branches taken at that point. At another point the
/// function may take another branch with other dependencies;
/// [`SparseJacobian::verify`](super::SparseJacobian::verify) re-traces and reports such a
/// change, and a pattern covering all branches can be supplied by hand instead
/// ([`SparseJacobian::from_pattern`](super::SparseJacobian::from_pattern)).
///
/// # Lifetime
/// A tracer is a `Copy` handle (16 bytes) into a thread-local record kept by the trace that
/// made it ([`trace_pattern`](super::trace_pattern)). Its value can be read at any time, but
/// its dependencies mean something only inside that trace: a tracer kept from an earlier
/// trace, or sent from another thread, makes the trace that uses it fail with
/// [`SparseError::StaleTracer`](super::SparseError::StaleTracer) instead of giving a wrong
/// pattern. Constants (`Tracer::constant`, `S::literal`, `S::zero()`, ...) are valid
/// everywhere.
#[derive(Clone, Copy)]
pub struct Tracer {
    value: f64,
    node: u32,
    epoch: u32,
}

impl Tracer {
    /// A constant: the value `value`, depending on no input.
    #[inline]
    pub const fn constant(value: f64) -> Self {
        Tracer {
            value,
            node: CONSTANT.0,
            epoch: CONSTANT.1,
        }
    }

    /// The value.
    #[inline]
    pub const fn value(&self) -> f64 {
        self.value
    }

    /// True when this number depends on no input.
    #[inline]
    pub const fn is_constant(&self) -> bool {
        self.node == EMPTY
    }

    /// A tracer with the given value and dependency handle.
    #[inline]
    pub(crate) const fn from_dep(value: f64, dep: Dep) -> Self {
        Tracer {
            value,
            node: dep.0,
            epoch: dep.1,
        }
    }

    /// The dependency handle.
    #[inline]
    pub(crate) const fn dep(&self) -> Dep {
        (self.node, self.epoch)
    }

    /// The value `value` with the dependencies of `self` (a function of `self` alone with a
    /// derivative that is not identically zero).
    #[inline]
    pub(crate) const fn keep(self, value: f64) -> Self {
        Tracer { value, ..self }
    }

    /// The value `value` with the dependencies of both `self` and `other`.
    #[inline]
    pub(crate) fn join(self, other: Self, value: f64) -> Self {
        Self::from_dep(value, trace::union(self.dep(), other.dep()))
    }
}

impl From<f64> for Tracer {
    /// A constant.
    #[inline]
    fn from(value: f64) -> Self {
        Tracer::constant(value)
    }
}

impl Default for Tracer {
    /// The constant 0.
    #[inline]
    fn default() -> Self {
        Tracer::constant(0.0)
    }
}

impl PartialEq for Tracer {
    /// Compares the values only (as for [`Dual`](crate::Dual)).
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl PartialOrd for Tracer {
    /// Orders by the values only.
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl fmt::Debug for Tracer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tracer")
            .field("value", &self.value)
            .field("node", &self.node)
            .finish()
    }
}

impl fmt::Display for Tracer {
    /// Prints the value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value, f)
    }
}

/// Binary operators: the value by `f64` arithmetic, the dependencies joined.
macro_rules! binary_ops {
    ($($trait:ident $method:ident $op:tt),*) => {$(
        #[doc = concat!("`a ", stringify!($op), " b`: depends on the inputs of both.")]
        impl $trait for Tracer {
            type Output = Self;
            #[inline]
            fn $method(self, rhs: Self) -> Self {
                self.join(rhs, self.value $op rhs.value)
            }
        }
    )*};
}

binary_ops!(Add add +, Sub sub -, Mul mul *, Div div /, Rem rem %);

impl Neg for Tracer {
    type Output = Self;
    /// `-a`: the same dependencies.
    #[inline]
    fn neg(self) -> Self {
        self.keep(-self.value)
    }
}
