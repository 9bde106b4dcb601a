//! Forward-mode automatic differentiation with dual numbers.
//!
//! A [`Dual<T, N>`](Dual) carries a value and `N` tangent components through every
//! arithmetic operation and elementary function, by the chain rule. It lives on the stack
//! (`N + 1` numbers, `Copy`), implements `num_traits::Float`, so a generic
//! `fn f<T: Float>(x: T) -> T` differentiates unchanged, and duals nest (a dual of duals
//! gives second derivatives). It is also a nalgebra `RealField`, so matrices of duals
//! multiply, factor, solve and invert with exact derivatives.
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
//! # Derivatives in every shape
//!
//! Each helper evaluates `f` on duals once (or once per chunk) and returns the value with
//! the derivative. Layout is numerator layout throughout, as in the lecture notes the
//! crate follows: rows index outputs, columns index inputs.
//!
//! | function | helper | derivative |
//! |---|---|---|
//! | `R -> R` | [`derivative`] | a scalar |
//! | `R -> R^M`, `R -> R^(R x C)` | [`derivative_vector`], [`derivative_matrix`] | shaped like the output |
//! | `R^N -> R` | [`gradient`] | a `1 x N` row |
//! | `R^N -> R^M` | [`jacobian`] | `M x N` |
//! | `R^N -> R`, second order | [`hessian2`] (on [`Dual2`]), [`hessian`] (nested duals) | `N x N`, exactly symmetric |
//! | Hessian-vector product, `vᵀ H w` | [`hvp`], [`second_directional_derivative`] | cost grows with `N`, not `N²` |
//! | `R^n -> R`, second order, `n` large or dynamic | [`ChunkedHessian`] | `n x n`, `N x N` blocks per pass |
//! | `f = Σ_k f_k(x[S_k])`, sparse Hessian | [`sparse::SeparableHessian`] | symmetric `CscMatrix` |
//! | sparse Hessian from a gradient | [`sparse::GradientHessian`] | star-coloured, symmetric `CscMatrix` |
//! | along a direction | [`directional_derivative`], [`jvp`] | one pass of width 1 |
//! | `R -> R`, every order up to `K` | [`derivatives`], [`taylor_coefficients`] | `[f', ..., f^(K)]`, one pass on [`Taylor<T, K>`](Taylor) |
//! | `R^N -> R`, `R^N -> R^M`, order `K` along a direction | [`directional_derivatives`], [`directional_derivatives_vector`] | `dᵏ/dtᵏ f(x + t v)`, one pass |
//! | `R^N -> R`, one mixed partial of order `d` | [`mixed_partial`] | `∂^α f`, by polarization of directional derivatives |
//! | `R^n -> R^m`, `n` large or dynamic | [`jacobian_chunked`], [`ChunkedJacobian`] | `m x n`, `N` columns per pass |
//! | `R^(R x C) -> R`, `-> R^D`, `-> R^(P x Q)` | [`gradient_wrt_matrix`], [`jacobian_wrt_matrix`], [`jacobian_matrix_wrt_matrix`] | reshaped by [`tensor`] |
//! | the same, `X` dynamically sized | [`gradient_wrt_dmatrix_chunked`], [`jacobian_wrt_dmatrix_chunked`], [`MatrixJacobian`] (reusable) | `N` entries of `X` per pass |
//! | elementwise maps | [`elementwise_derivative`] | the Jacobian's diagonal |
//! | a solution `x*(p)` of `F(x, p) = 0` | [`implicit_scalar`], [`implicit`], [`implicit_dvector`] | `x*` carried by duals: `dx*/dp = -F_x⁻¹ F_p` |
//! | `f` returning `Result`/`Option`, tuples, arrays, `Vec`s; extra constant arguments | [`try_derivative`], [`try_gradient`], [`try_jacobian`], [`try_partials`], [`try_jacobian_chunked`], [`derivative_of`], [`partials`], [`try_derivative_with`], [`try_gradient_with`] | errors pass through; derivatives in the output's shape |
//! | sparse `R^n -> R^m` | [`sparse::SparseJacobian`] | compressed by column colouring |
//!
//! [`tensor`] turns a matrix-input Jacobian into the `D x R x C` tensor of the notes
//! ([`tensor::Tensor3`]) in numerator or denominator [`tensor::Layout`], or into a
//! vectorized Jacobian with either [`tensor::VecOrder`]; `docs/guide.md` maps every section
//! of the notes to the code.
//!
//! The tangent width is called `N` everywhere: the `N` components of a [`Dual<T, N>`](Dual),
//! the `N` columns per pass of [`ChunkedJacobian`], the `N` entries of `X` per pass of
//! [`MatrixJacobian`], the `N` colours per pass of [`sparse::SparseJacobian`]. `R` and `C`
//! are always the rows and columns of a matrix.
//!
//! # Derivatives with respect to a matrix
//!
//! ## Seeding
//!
//! Every entry of `X` is an input. Entry `(r, c)` becomes the dual variable with tangent
//! index `c·R + r`: the entries are numbered column by column ([`VecOrder::ColumnMajor`],
//! Magnus and Neudecker's `vec`, the order nalgebra stores a matrix in, so seeding walks
//! the storage once, in place). The tangent width `N` of the duals must therefore be
//! `R·C`; this is checked at compile time:
//!
//! ```compile_fail,E0080
//! use dualnum::gradient_wrt_matrix;
//! use nalgebra::Matrix2;
//! // a 2 x 2 matrix has 4 entries: width 3 does not compile
//! let _ = gradient_wrt_matrix::<3, _, _, _>(|x| x.sum(), &Matrix2::<f64>::identity());
//! ```
//!
//! Rust cannot yet write `Dual<T, {R * C}>` in a generic signature, so `N` is a separate
//! parameter, the first one: name it in a turbofish (`gradient_wrt_matrix::<12, _, _, _>`)
//! or let a type annotation on the result fix it.
//!
//! ## Results
//!
//! - [`gradient_wrt_matrix`] (scalar of a matrix): `∂y/∂X` in numerator layout, `C x R`
//!   (the shape of `Xᵀ`, as in the notes: 4 x 3 for a 3 x 4 `X`). Its transpose is the
//!   denominator layout, shaped like `X`.
//! - [`jacobian_wrt_matrix`] (vector of a matrix) and [`jacobian_matrix_wrt_matrix`] (matrix
//!   of a matrix): the vectorized Jacobian, one row per output, one column per entry of `X`
//!   in column-major order. A matrix output is one vector of its entries, also numbered
//!   column-major (row `m` is output entry `(m mod P, m div P)` of a `P x Q` output).
//!   [`tensor`] turns it into the notes' `D x R x C` tensor in either layout, or
//!   renumbers its columns row-major (the notes' `vec(X)`).
//! - [`gradient_wrt_dmatrix_chunked`] and [`jacobian_wrt_dmatrix_chunked`]: the same for a
//!   dynamically sized `X`, `N` columns per pass (duals of width `N`);
//!   [`MatrixJacobian`] is their reusable workspace, for repeated
//!   calls without allocation.
//! - [`elementwise_derivative`]: the diagonal of the Jacobian of an elementwise map, from a
//!   single width-1 pass.
//!
//! [`VecOrder::ColumnMajor`]: tensor::VecOrder::ColumnMajor
//!
//! # Conventions
//!
//! - Comparisons (`==`, `<`, `max`, `is_zero`, ...) look at the value only, so generic code
//!   and nalgebra's pivoting branch exactly as on floats; [`Dual::identical`] compares the
//!   tangents too.
//! - At a kink the tangent is the midpoint of the one-sided slopes: `abs'(0) = 0`,
//!   `relu'(0) = 1/2`, ties of `max`/`min`/`clamp` average the two tangents. Rounding
//!   functions have zero tangent.
//! - Where a slope is infinite (`sqrt` at 0), a tangent component that is exactly zero stays
//!   zero. Once a value is infinite or NaN its tangents may be NaN, as IEEE arithmetic gives.
//!
//! Everything is documented on each function and collected in `docs/conventions.md`.
//!
//! # Linear algebra
//!
//! `Dual<T, N>` implements simba's `ComplexField` and `RealField` (and `approx`'s traits,
//! comparing values) whenever `T` does, so `SMatrix`/`DMatrix` of duals work with every
//! nalgebra decomposition. A plain matrix is lifted with `a.map(Dual::constant)` or
//! `a.cast::<Dual<f64, N>>()`; the orphan rule forbids `Matrix<f64> * Matrix<Dual>`, but a
//! dual scalar times a plain matrix works.
//!
//! # Features
//!
//! | feature | enables | default |
//! |---|---|---|
//! | `std` | the standard library: float maths from `std`; implies `alloc` | yes |
//! | `nalgebra` | nalgebra, simba and nalgebra-sparse: matrices of duals (the simba scalar traits), every helper that takes or returns an nalgebra vector or matrix, the chunked workspaces, derivatives with respect to a matrix, [`tensor`], [`sparse`], [`MatrixOut`] for nalgebra matrices; implies `std` and `alloc` | yes |
//! | `libm` | float maths from the `libm` crate (num-traits' `libm` feature), for `no_std` targets | no |
//! | `alloc` | what needs a heap without `std`: the `Vec` forms of [`DualOutput`] and [`Constants`] | with `std` |
//! | `nalgebra_v0_34` | simba 0.9's traits for every number type too, so matrices of duals work in code on nalgebra 0.34 (argmin-math, levenberg-marquardt 0.15); implies `nalgebra` | no |
//! | `serde` | `Serialize`/`Deserialize` for the number types (also without `std`, with `alloc`), and with `nalgebra` for [`tensor::Tensor3`] and the sparse plans, checked on load | no |
//! | `argmin` | `dualnum::argmin`: exact gradients, Hessians and Jacobians for argmin's solvers on `Vec<f64>`; implies `nalgebra` | no |
//!
//! Without `std` the crate is `#![no_std]`; one of `std` and `libm` must be on (else a
//! `compile_error!` says so). `nalgebra` needs `std`, because nalgebra-sparse does.
//! Without `nalgebra` (`default-features = false, features = ["libm"]` on a `no_std`
//! target, or `features = ["std"]`) the crate still has the number types [`Dual`],
//! [`Dual2`] and [`Taylor`] with every elementary function, [`Real`], [`Special`], the
//! num-traits and approx impls, the scalar helpers ([`derivative`], [`derivative_of`],
//! [`try_derivative`], [`try_derivative_with`], [`derivatives`], [`taylor_coefficients`]),
//! and gradients and Jacobians over arrays into the caller's buffers ([`gradient_into`],
//! [`jacobian_into`], [`hessian_into`], [`hessian2_into`], [`MatrixSlice`]), none of which
//! allocates. The links above to
//! nalgebra-only items resolve in the default build's documentation.
//!
//! # Where things are
//!
//! | module (folder) | layer |
//! |---|---|
//! | `dual/` | the number: [`Dual`], [`Real`], tangent kernels, the chain rule, operators, every elementary function; [`Special`] functions (erf, gamma, polygamma, Bessel) |
//! | `second/` | the second-order number [`Dual2`]: packed-triangle kernels, the second-order chain rule, operators, every elementary function with `f`, `f'`, `f''` |
//! | `taylor/` | truncated Taylor arithmetic: [`Taylor`], derivatives of any order along one direction, every elementary function by its recurrence |
//! | `interop/` | the traits of `num-traits`, nalgebra/simba and `approx`, forwarding to `dual/`, `second/` and `taylor/`; with the feature `argmin`, the `argmin` module: argmin's problem traits with exact derivatives |
//! | `diff/` | seeding and chunk iteration, the scalar helpers, gradient/Jacobian/Hessian, Hessian-vector products, derivatives of any order, [`ChunkedJacobian`], [`ChunkedHessian`], implicit differentiation, [`JacobianError`] |
//! | `matrix/` | derivatives with respect to a matrix, [`MatrixJacobian`], the [`tensor`] namespace |
//! | `sparse/` | the [`sparse`] namespace: tracer, pattern, colouring, the sparse Jacobian, the partially separable Hessian, star colouring and the Hessian from a gradient, its errors |
//! | `macros.rs` | crate-internal macros, among them the one table of elementary-function names |
// `deny`, not `forbid`: simba's `SimdValue` declares two `unsafe fn`s that `interop/simba.rs` must
// implement (with safe bodies); only those two declarations are allowed, nothing else.
#![deny(unsafe_code)]
#![warn(missing_docs)]
// The crate docs name the nalgebra-only helpers; without the feature those links have no
// target (the default build, where every item exists, checks them all).
#![cfg_attr(not(feature = "nalgebra"), allow(rustdoc::broken_intra_doc_links))]
#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(not(any(feature = "std", feature = "libm")))]
compile_error!(
    "dualnum needs float maths: enable the `std` feature (the default) or, on a `no_std` \
     target, the `libm` feature (`default-features = false, features = [\"libm\"]`)"
);

#[cfg(feature = "alloc")]
extern crate alloc;

#[macro_use]
mod macros;

mod diff;
mod dual;
mod interop;
#[cfg(feature = "nalgebra")]
mod matrix;
mod second;
#[cfg(feature = "nalgebra")]
pub mod sparse;
mod taylor;

#[cfg(feature = "nalgebra")]
pub use diff::{
    ChunkedHessian, ChunkedJacobian, TryJacobianError, derivative_matrix, derivative_vector,
    directional_derivative, gradient, hessian, hessian2, hvp, implicit, implicit_dvector,
    implicit_scalar, jacobian, jacobian_chunked, jvp, partials, second_directional_derivative,
    try_gradient, try_gradient_with, try_jacobian, try_jacobian_chunked, try_partials,
};
pub use diff::{
    Constants, DualOutput, Fallible, JacobianError, derivative, derivative_of, try_derivative,
    try_derivative_with,
};
pub use diff::{
    MatrixOut, MatrixSlice, Order, gradient_into, hessian_into, hessian2_into, jacobian_into,
};
pub use diff::{derivatives, taylor_coefficients};
#[cfg(feature = "nalgebra")]
pub use diff::{directional_derivatives, directional_derivatives_vector, mixed_partial};
pub use dual::{Dual, Real, Special};
#[cfg(feature = "argmin")]
pub use interop::argmin;
#[cfg(feature = "nalgebra")]
pub use matrix::{
    MatrixJacobian, elementwise_derivative, elementwise_derivative_dmatrix,
    gradient_wrt_dmatrix_chunked, gradient_wrt_matrix, gradient_wrt_matrix_into,
    jacobian_matrix_wrt_matrix, jacobian_wrt_dmatrix_chunked, jacobian_wrt_matrix,
    jacobian_wrt_matrix_into, seed_matrix, tensor,
};
pub use second::Dual2;
pub use taylor::Taylor;

/// The code snippets of `docs/guide.md` (the lecture notes mapped to the API, and the
/// layout conventions worked out), compiled and run as doc tests.
#[doc = include_str!("../docs/guide.md")]
#[cfg(doctest)]
pub struct GuideDoctests;

// The README's example runs as a doc test.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
