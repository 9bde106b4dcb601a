//! The derivative helpers for functions of scalars and vectors: seeding and chunk
//! iteration (`seed.rs`, the one place inputs become duals), the scalar helpers
//! (`scalar.rs`: derivative, directional derivative, jvp), gradients and Jacobians
//! (`jacobian.rs`), Hessians (`hessian.rs`), derivatives of any order from Taylor
//! arithmetic (`taylor.rs`), the chunked workspace for wide or dynamic
//! inputs (`chunked.rs`) and the size and shape errors (`error.rs`).

mod chunked;
mod error;
mod hessian;
mod jacobian;
mod scalar;
pub(crate) mod seed;
mod taylor;

pub use chunked::{ChunkedJacobian, jacobian_chunked};
pub use error::JacobianError;
pub use hessian::hessian;
pub use jacobian::{gradient, jacobian};
pub use scalar::{derivative, derivative_matrix, derivative_vector, directional_derivative, jvp};
pub use taylor::{
    derivatives, directional_derivatives, directional_derivatives_vector, mixed_partial,
    taylor_coefficients,
};
