//! Tracing: [`trace_pattern`], and the thread-local record behind
//! [`Tracer`](super::Tracer), a DAG of dependency sets.
//!
//! A tracer must be `Copy` (as `Float` requires), so it cannot own the set of inputs it
//! depends on. It holds a node id instead. Node `EMPTY` is the empty set (a constant); a
//! trace of `n` inputs starts with `n` leaves `{j}`; every binary operation on two
//! non-constant tracers appends one node `a ∪ b`. Unary operations keep their argument's
//! node, operations with zero derivative return `EMPTY`, so the arena grows by at most one
//! node per binary operation. At the end, the set of each output is read by a depth-first
//! traversal from its node, and the trace's nodes are dropped.
//!
//! Traces nest (a trace started inside another one stacks its nodes above the outer ones
//! and truncates them when it ends) and are tied to their thread. Each trace has an
//! *epoch*, a number unique in the process; a tracer carries the epoch of the trace that
//! made its node, and a union of tracers from a trace that is not the innermost one on this
//! thread yields the `POISON` node, which makes the trace fail with
//! [`SparseError::StaleTracer`] instead of reading another trace's nodes.

use core::cell::RefCell;
use core::sync::atomic::{AtomicU32, Ordering};

use super::{Pattern, SparseError, Tracer, VectorFunction};

/// The sparsity pattern of the Jacobian of `f` at `x`: row `i` lists the inputs output `i`
/// depends on, found by evaluating `f` once on [`Tracer`]s.
///
/// The pattern is exact for the branches `f` takes at `x` (comparisons look at the values)
/// and *structural*: an entry whose derivative happens to vanish at `x` (as `∂(x₀x₁)/∂x₀`
/// at `x₁ = 0`) is kept, while functions with a zero derivative everywhere (`floor`,
/// `signum`, comparisons, ...) add no entry. See [`Tracer`] for the rules.
///
/// Cost: one evaluation on tracers (a thread-local node per binary operation), then one
/// traversal per output of the operations it depends on. The nodes are freed at the end.
///
/// # Errors
/// [`SparseError::InputLength`] if `x.len() != f.input_len()`;
/// [`SparseError::StaleTracer`] if a tracer from another trace reached the outputs;
/// [`SparseError::TraceTooLarge`] past `2^32 - 2` nodes.
///
/// ```
/// use dualnum::Real;
/// use dualnum::sparse::{trace_pattern, VectorFunction};
///
/// struct F;
/// impl VectorFunction for F {
///     fn input_len(&self) -> usize { 3 }
///     fn output_len(&self) -> usize { 2 }
///     fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
///         y[0] = x[0] * x[2].sin();
///         y[1] = x[1].floor() + x[1].exp(); // floor adds nothing, exp adds x1
///     }
/// }
/// let p = trace_pattern(&F, &[1.0, 2.0, 3.0]).unwrap();
/// assert_eq!(p.row(0), &[0, 2]);
/// assert_eq!(p.row(1), &[1]);
/// ```
pub fn trace_pattern<F: VectorFunction>(f: &F, x: &[f64]) -> Result<Pattern, SparseError> {
    let n = f.input_len();
    if x.len() != n {
        return Err(SparseError::InputLength {
            expected: n,
            found: x.len(),
        });
    }
    trace_pattern_fn(f.output_len(), x, |x, y| f.eval(x, y))
}

/// The closure form of [`trace_pattern`]: the pattern of the `outputs x x.len()` Jacobian
/// of `t`, which writes `f(x)` into `y` (length `outputs`, constant zeros on entry) on
/// [`Tracer`]s. Write the function once, generic over [`Real`](crate::Real), and pass it
/// here on tracers and to the plan's closure forms
/// ([`SparseJacobian::jacobian_fn_dense_into`](super::SparseJacobian::jacobian_fn_dense_into), ...)
/// on duals.
///
/// # Errors
/// [`SparseError::StaleTracer`] if a tracer from another trace reached the outputs;
/// [`SparseError::TraceTooLarge`] past `2^32 - 2` nodes.
///
/// ```
/// use dualnum::sparse::{Tracer, trace_pattern_fn};
/// let p = trace_pattern_fn(2, &[1.0, 2.0, 3.0], |x: &[Tracer], y: &mut [Tracer]| {
///     y[0] = x[0] * x[2];
///     y[1] = x[1] * x[1];
/// })
/// .unwrap();
/// assert_eq!(p.row(0), &[0, 2]);
/// assert_eq!(p.row(1), &[1]);
/// ```
pub fn trace_pattern_fn<T>(outputs: usize, x: &[f64], mut t: T) -> Result<Pattern, SparseError>
where
    T: FnMut(&[Tracer], &mut [Tracer]),
{
    let trace = Trace::begin(x.len())?;
    let xs: Vec<Tracer> = x
        .iter()
        .enumerate()
        .map(|(j, &v)| Tracer::from_dep(v, trace.leaf(j)))
        .collect();
    let mut ys = vec![Tracer::constant(0.0); outputs];
    t(&xs, &mut ys);
    let deps: Vec<Dep> = ys.iter().map(Tracer::dep).collect();
    trace.collect(&deps)
}

/// The node of a constant: depends on no input.
pub(crate) const EMPTY: u32 = 0;
/// The node of a tracer whose dependencies cannot be known (mixed traces).
pub(crate) const POISON: u32 = u32::MAX;

/// A node of the dependency DAG. Leaves are not stored as a variant: the leaves of a trace
/// are its first `n` nodes, `{j}` at `base + j`.
#[derive(Clone, Copy)]
enum Node {
    /// A leaf (its input index is its position relative to the trace's base).
    Leaf,
    /// The union of two earlier nodes.
    Union(u32, u32),
}

/// One active trace.
struct Session {
    epoch: u32,
    /// Set when a tracer from another trace was combined during this one, or the arena
    /// overflowed.
    poisoned: Option<SparseError>,
}

struct Arena {
    nodes: Vec<Node>,
    sessions: Vec<Session>,
}

thread_local! {
    static ARENA: RefCell<Arena> = RefCell::new(Arena {
        // Node 0 is EMPTY's placeholder, never read.
        nodes: vec![Node::Leaf],
        sessions: Vec::new(),
    });
}

/// Epoch 0 is never a trace's, so a constant's epoch never matches one.
static NEXT_EPOCH: AtomicU32 = AtomicU32::new(1);

/// A tracer's dependency handle: `(node, epoch)`.
pub(crate) type Dep = (u32, u32);

/// The dependency of a constant.
pub(crate) const CONSTANT: Dep = (EMPTY, 0);

/// `a ∪ b`. Constants are the identity; equal handles are merged without a new node;
/// anything from outside the innermost trace of this thread poisons the result (and the
/// innermost trace, if there is one).
pub(crate) fn union(a: Dep, b: Dep) -> Dep {
    if a.0 == EMPTY {
        return b;
    }
    if b.0 == EMPTY || a == b {
        return a;
    }
    if a.0 == POISON || b.0 == POISON {
        poison_current(SparseError::StaleTracer);
        return (POISON, 0);
    }
    ARENA.with(|arena| {
        let mut arena = arena.borrow_mut();
        let Some(session) = arena.sessions.last_mut() else {
            return (POISON, 0);
        };
        let epoch = session.epoch;
        if a.1 != epoch || b.1 != epoch {
            session.poisoned.get_or_insert(SparseError::StaleTracer);
            return (POISON, 0);
        }
        let id = arena.nodes.len();
        if id >= POISON as usize {
            let session = arena.sessions.last_mut().expect("checked above");
            session.poisoned.get_or_insert(SparseError::TraceTooLarge);
            return (POISON, 0);
        }
        arena.nodes.push(Node::Union(a.0, b.0));
        (id as u32, epoch)
    })
}

/// `a ∪ b ∪ c`.
pub(crate) fn union3(a: Dep, b: Dep, c: Dep) -> Dep {
    union(union(a, b), c)
}

fn poison_current(err: SparseError) {
    ARENA.with(|arena| {
        if let Some(s) = arena.borrow_mut().sessions.last_mut() {
            s.poisoned.get_or_insert(err);
        }
    });
}

/// An active trace on this thread; dropping it (also while unwinding from a panic in the
/// user's function) ends the trace and frees its nodes.
pub(crate) struct Trace {
    epoch: u32,
    base: usize,
    inputs: usize,
}

impl Trace {
    /// Starts a trace with `inputs` leaves.
    pub(crate) fn begin(inputs: usize) -> Result<Self, SparseError> {
        let mut epoch = NEXT_EPOCH.fetch_add(1, Ordering::Relaxed);
        if epoch == 0 {
            // Wrapped around after 2^32 traces: 0 is reserved for constants.
            epoch = NEXT_EPOCH.fetch_add(1, Ordering::Relaxed);
        }
        ARENA.with(|arena| {
            let mut arena = arena.borrow_mut();
            let base = arena.nodes.len();
            if base.saturating_add(inputs) >= POISON as usize {
                return Err(SparseError::TraceTooLarge);
            }
            arena.nodes.extend(core::iter::repeat_n(Node::Leaf, inputs));
            arena.sessions.push(Session {
                epoch,
                poisoned: None,
            });
            Ok(Trace {
                epoch,
                base,
                inputs,
            })
        })
    }

    /// The dependency handle of input `j`: the leaf `{j}`.
    pub(crate) fn leaf(&self, j: usize) -> Dep {
        debug_assert!(j < self.inputs);
        ((self.base + j) as u32, self.epoch)
    }

    /// Reads the set of inputs of each output into a pattern with `outputs.len()` rows and
    /// `inputs` columns.
    pub(crate) fn collect(&self, outputs: &[Dep]) -> Result<Pattern, SparseError> {
        ARENA.with(|arena| {
            let arena = arena.borrow();
            let session = arena
                .sessions
                .last()
                .filter(|s| s.epoch == self.epoch)
                .ok_or(SparseError::StaleTracer)?;
            if let Some(err) = &session.poisoned {
                return Err(err.clone());
            }
            let base = self.base;
            let first_union = base + self.inputs;
            let nodes = &arena.nodes;
            // stamp[id - base] == k + 1 when node id was already visited for output k.
            let mut stamp = vec![0usize; nodes.len() - base];
            let mut stack: Vec<u32> = Vec::new();
            let mut row_offsets = Vec::with_capacity(outputs.len() + 1);
            let mut col_indices = Vec::new();
            row_offsets.push(0);
            for (k, &(node, epoch)) in outputs.iter().enumerate() {
                if node != EMPTY {
                    if node == POISON || epoch != self.epoch {
                        return Err(SparseError::StaleTracer);
                    }
                    let start = col_indices.len();
                    stack.push(node);
                    while let Some(id) = stack.pop() {
                        let id = id as usize;
                        if stamp[id - base] == k + 1 {
                            continue;
                        }
                        stamp[id - base] = k + 1;
                        if id < first_union {
                            col_indices.push(id - base);
                        } else if let Node::Union(l, r) = nodes[id] {
                            stack.push(l);
                            stack.push(r);
                        }
                    }
                    col_indices[start..].sort_unstable();
                }
                row_offsets.push(col_indices.len());
            }
            Ok(Pattern::from_sorted_parts(
                outputs.len(),
                self.inputs,
                row_offsets,
                col_indices,
            ))
        })
    }
}

impl Drop for Trace {
    fn drop(&mut self) {
        // `try_with`: during thread teardown the arena may already be gone.
        let _ = ARENA.try_with(|arena| {
            if let Ok(mut arena) = arena.try_borrow_mut() {
                if let Some(pos) = arena.sessions.iter().rposition(|s| s.epoch == self.epoch) {
                    arena.sessions.truncate(pos);
                }
                arena.nodes.truncate(self.base);
            }
        });
    }
}
