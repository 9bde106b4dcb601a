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
// `deny`, not `forbid`: simba's `SimdValue` declares two `unsafe fn`s that `linalg.rs` must
// implement (with safe bodies); only those two declarations are allowed, nothing else.
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod chunked;
mod derivative;
mod dual;
mod error;
mod float;
mod functions;
mod hessian;
mod jacobian;
mod linalg;
pub mod matrix;
mod ops;
mod real;
pub mod sparse;
pub mod tensor;

pub use chunked::{ChunkedJacobian, jacobian_chunked};
pub use derivative::{
    derivative, derivative_matrix, derivative_vector, directional_derivative, jvp,
};
pub use dual::Dual;
pub use error::JacobianError;
pub use hessian::hessian;
pub use jacobian::{gradient, jacobian};
pub use matrix::{
    elementwise_derivative, elementwise_derivative_dmatrix, gradient_wrt_dmatrix_chunked,
    gradient_wrt_matrix, jacobian_matrix_wrt_matrix, jacobian_wrt_dmatrix_chunked,
    jacobian_wrt_matrix, seed_matrix,
};
pub use real::Real;
pub use sparse::{SparseJacobian, VectorFunction};
pub use tensor::{Layout, Tensor3, VecOrder, reorder_jacobian};

/// The code snippets of `docs/guide.md` (the lecture notes mapped to the API, and the
/// layout conventions worked out), compiled and run as doc tests.
#[doc = include_str!("../docs/guide.md")]
#[cfg(doctest)]
pub struct GuideDoctests;

// The README's example runs as a doc test.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
