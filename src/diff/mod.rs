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
#[cfg(feature = "nalgebra")]
mod chunked;
#[cfg(feature = "nalgebra")]
mod chunked_hessian;
mod error;
mod fallible;
#[cfg(feature = "nalgebra")]
mod hessian;
#[cfg(feature = "nalgebra")]
mod hvp;
#[cfg(feature = "nalgebra")]
mod implicit;
#[cfg(feature = "nalgebra")]
mod jacobian;
mod output;
mod scalar;
pub(crate) mod seed;
mod taylor;

pub use buffers::{gradient_into, hessian_into, hessian2_into, jacobian_into};
#[cfg(feature = "nalgebra")]
pub use chunked::{ChunkedJacobian, jacobian_chunked};
#[cfg(feature = "nalgebra")]
pub use chunked_hessian::ChunkedHessian;
pub use error::JacobianError;
pub use fallible::{
    Constants, DualOutput, Fallible, derivative_of, try_derivative, try_derivative_with,
};
#[cfg(feature = "nalgebra")]
pub use fallible::{
    TryJacobianError, partials, try_gradient, try_gradient_with, try_jacobian,
    try_jacobian_chunked, try_partials,
};
#[cfg(feature = "nalgebra")]
pub use hessian::{hessian, hessian2};
#[cfg(feature = "nalgebra")]
pub use hvp::{hvp, second_directional_derivative};
#[cfg(feature = "nalgebra")]
pub use implicit::{implicit, implicit_dvector, implicit_scalar};
#[cfg(feature = "nalgebra")]
pub use jacobian::{gradient, jacobian};
pub use output::{MatrixOut, MatrixSlice, Order};
pub use scalar::derivative;
#[cfg(feature = "nalgebra")]
pub use scalar::{derivative_matrix, derivative_vector, directional_derivative, jvp};
pub use taylor::{derivatives, taylor_coefficients};
#[cfg(feature = "nalgebra")]
pub use taylor::{directional_derivatives, directional_derivatives_vector, mixed_partial};
