//! Matrix calculus: derivatives with respect to a matrix (`wrt_matrix.rs`), the reusable
//! workspace for a dynamically sized matrix (`workspace.rs`), and the tensor that reshapes
//! a matrix-input Jacobian (`tensor.rs`, public as `dualnum::tensor`).

pub mod tensor;
mod workspace;
mod wrt_matrix;

pub use workspace::MatrixJacobian;
pub use wrt_matrix::{
    elementwise_derivative, elementwise_derivative_dmatrix, gradient_wrt_dmatrix_chunked,
    gradient_wrt_matrix, gradient_wrt_matrix_into, jacobian_matrix_wrt_matrix,
    jacobian_wrt_dmatrix_chunked, jacobian_wrt_matrix, jacobian_wrt_matrix_into, seed_matrix,
};
