//! Sparse Jacobians: detect the sparsity pattern, colour the columns, compress the
//! forward passes; and sparse Hessians of partially separable objectives
//! ([`SeparableHessian`]: one small dense `Dual2` Hessian per term, assembled) and the
//! sparse Jacobian of a gradient ([`GradientHessian`], compressed with a symmetric
//! [`StarColouring`], which needs fewer colours than a column colouring).
//!
//! A dense forward-mode Jacobian of `f: R^n -> R^m` needs `n` tangent directions. When
//! most entries are structurally zero, columns that share no row can be seeded together
//! and separated afterwards (Curtis, Powell and Reid): a tridiagonal Jacobian of any size
//! needs 3 directions. Three steps, each usable on its own:
//!
//! 1. **Detect** the pattern: [`trace_pattern`] evaluates the function once on
//!    [`Tracer`]s, numbers that record which inputs they depend on. It is valid for the
//!    branches taken at the traced point; a [`Pattern`] can also be given by hand.
//! 2. **Colour** the columns: [`Colouring::new`] gives columns that share a row different
//!    colours: the best of several greedy orders ([`ColumnOrder`]), improved by a
//!    saturation search and recolouring until it reaches the lower bound (the longest row)
//!    or its budget.
//! 3. **Compress**: a [`SparseJacobian<N>`](SparseJacobian) plan seeds colour `g` in tangent
//!    component `g mod N` of a [`Dual<f64, N>`](crate::Dual), runs `ceil(colours / N)`
//!    passes, and decompresses into an nalgebra-sparse [`CscMatrix`], its values, or any
//!    dense [`MatrixOut`](crate::MatrixOut) (a row- or column-major
//!    [`MatrixSlice`](crate::MatrixSlice), an nalgebra matrix or view), zero outside the
//!    pattern. Built once, it is reused at new points without re-colouring,
//!    and without re-tracing unless auto-verify is on (the default in debug builds), and it
//!    never returns a Jacobian it knows to be wrong: see [`SparseJacobian::verify`] and
//!    [`SparseError`].
//!
//! The function is a type implementing [`VectorFunction`], whose `eval` is generic over the
//! number type, because it runs on tracers, on duals and on plain `f64`; or a plain
//! closure on duals (the `jacobian_fn_*` forms of [`SparseJacobian`]), with the pattern
//! given by hand or traced from the same code on tracers by [`trace_pattern_fn`].
//!
//! ```
//! use dualnum::Real;
//! use dualnum::sparse::{SparseJacobian, VectorFunction};
//!
//! /// Broyden tridiagonal: F_i = (3 - 2 x_i) x_i - x_{i-1} - 2 x_{i+1} + 1.
//! struct Broyden { n: usize }
//!
//! impl VectorFunction for Broyden {
//!     fn input_len(&self) -> usize { self.n }
//!     fn output_len(&self) -> usize { self.n }
//!     fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
//!         let three = S::literal(3.0);
//!         for i in 0..self.n {
//!             // `x.mul_f64(2.0)` is `2 x`: cheaper on duals than `S::literal(2.0) * x`.
//!             let mut f = (three - x[i].mul_f64(2.0)) * x[i] + S::one();
//!             if i > 0 { f = f - x[i - 1]; }
//!             if i + 1 < self.n { f = f - x[i + 1].mul_f64(2.0); }
//!             y[i] = f;
//!         }
//!     }
//! }
//!
//! let f = Broyden { n: 100 };
//! let x = vec![-1.0; 100];
//! let mut plan = SparseJacobian::<3>::new(&f, &x).unwrap(); // trace + colour, once
//! assert_eq!(plan.colours(), 3);
//! assert_eq!(plan.passes(), 1);
//!
//! let mut values = vec![0.0; 100];
//! let mut jac = plan.new_matrix();
//! plan.jacobian_into(&f, &x, &mut values, &mut jac).unwrap(); // no allocation in release
//! // ∂F_i/∂x_i = 3 - 4 x_i = 7, ∂F_i/∂x_{i-1} = -1, ∂F_i/∂x_{i+1} = -2
//! assert_eq!(jac.get_entry(5, 5).unwrap().into_value(), 7.0);
//! assert_eq!(jac.get_entry(5, 4).unwrap().into_value(), -1.0);
//! assert_eq!(jac.get_entry(5, 6).unwrap().into_value(), -2.0);
//! ```

mod colouring;
mod error;
mod function;
mod gradient_hessian;
mod hessian;
mod jacobian;
mod pattern;
mod saturation;
mod star_colouring;
mod trace;
mod tracer;
mod tracer_float;

pub use colouring::{Colouring, ColumnOrder};
pub use error::SparseError;
pub use function::VectorFunction;
pub use gradient_hessian::GradientHessian;
pub use hessian::SeparableHessian;
pub use jacobian::SparseJacobian;
pub use pattern::Pattern;
pub use star_colouring::StarColouring;
pub use trace::{trace_pattern, trace_pattern_fn};
pub use tracer::Tracer;

/// nalgebra-sparse's compressed-column matrix, the type [`SparseJacobian`] returns,
/// re-exported so it can be named without a direct nalgebra-sparse dependency.
pub use nalgebra_sparse::CscMatrix;
