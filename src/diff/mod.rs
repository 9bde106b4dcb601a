//! The derivative helpers for functions of scalars and vectors: seeding and chunk
//! iteration (`seed.rs`, the one place inputs become duals), the scalar helpers
//! (`scalar.rs`: derivative, directional derivative, jvp), gradients and Jacobians
//! (`jacobian.rs`; of arrays, into the caller's buffers: `buffers.rs`), the destinations
//! those buffers can be, slices in either order or nalgebra matrices (`output.rs`),
//! Hessians (`hessian.rs`), Hessian-vector products and second directional derivatives
//! (`hvp.rs`), derivatives of any order from Taylor arithmetic (`taylor.rs`), the chunked
//! workspaces for wide or dynamic inputs (`chunked.rs`, `chunked_hessian.rs`), implicit
//! differentiation of a solution of `F(x, p) = 0` (`implicit.rs`), fallible and
//! structured outputs (`fallible.rs`) and the size and shape errors (`error.rs`).

mod buffers;
mod chunked;
mod chunked_hessian;
mod error;
mod fallible;
mod hessian;
mod hvp;
mod implicit;
mod jacobian;
mod output;
mod scalar;
pub(crate) mod seed;
mod taylor;

pub use buffers::{gradient_into, hessian_into, hessian2_into, jacobian_into};
pub use chunked::{ChunkedJacobian, jacobian_chunked};
pub use chunked_hessian::ChunkedHessian;
pub use error::JacobianError;
pub use fallible::{
    Constants, DualOutput, Fallible, TryJacobianError, derivative_of, partials, try_derivative,
    try_derivative_with, try_gradient, try_gradient_with, try_jacobian, try_jacobian_chunked,
    try_partials,
};
pub use hessian::{hessian, hessian2};
pub use hvp::{hvp, second_directional_derivative};
pub use implicit::{implicit, implicit_dvector, implicit_scalar};
pub use jacobian::{gradient, jacobian};
pub use output::{MatrixOut, MatrixSlice, Order};
pub use scalar::{derivative, derivative_matrix, derivative_vector, directional_derivative, jvp};
pub use taylor::{
    derivatives, directional_derivatives, directional_derivatives_vector, mixed_partial,
    taylor_coefficients,
};
