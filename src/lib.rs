//! Forward-mode automatic differentiation with dual numbers.
//!
//! A [`Dual<T, N>`](Dual) carries a value and `N` tangent components through every
//! arithmetic operation and elementary function, by the chain rule. It implements
//! `num_traits::Float`, so a generic `fn f<T: Float>(x: T) -> T` differentiates unchanged,
//! and duals nest (a dual of duals gives second derivatives).
//!
//! ```
//! use dualnum::Dual;
//! use num_traits::Float;
//!
//! // y = x² ln x², dy/dx = 2x (ln x² + 1)
//! fn f<T: Float>(x: T) -> T {
//!     let x2 = x * x;
//!     x2 * x2.ln()
//! }
//!
//! let x = 1.7_f64;
//! let y = f(Dual::<f64, 1>::variable(x, 0));
//! assert_eq!(y.re, f(x));
//! assert!((y.eps[0] - 2.0 * x * ((x * x).ln() + 1.0)).abs() < 1e-12);
//! ```
//!
//! Conventions at non-differentiable points, and comparisons (which look at the value
//! only), are documented on each function and collected in `docs/conventions.md`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod chunked;
mod derivative;
mod dual;
mod error;
mod float;
mod functions;
mod hessian;
mod jacobian;
mod ops;
mod real;
pub mod sparse;

pub use chunked::{ChunkedJacobian, jacobian_chunked};
pub use derivative::{
    derivative, derivative_matrix, derivative_vector, directional_derivative, jvp,
};
pub use dual::Dual;
pub use error::JacobianError;
pub use hessian::hessian;
pub use jacobian::{gradient, jacobian};
pub use real::Real;
pub use sparse::{SparseJacobian, VectorFunction};
