//! [`trace_pattern`]: the Jacobian's sparsity pattern, by evaluating on tracers.

use super::arena::{Dep, Trace};
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
    let trace = Trace::begin(n)?;
    let xs: Vec<Tracer> = x
        .iter()
        .enumerate()
        .map(|(j, &v)| Tracer::from_dep(v, trace.leaf(j)))
        .collect();
    let mut ys = vec![Tracer::constant(0.0); f.output_len()];
    f.eval(&xs, &mut ys);
    let deps: Vec<Dep> = ys.iter().map(Tracer::dep).collect();
    trace.collect(&deps)
}
