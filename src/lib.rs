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
//! | `R^N -> R`, second order | [`hessian`] | `N x N`, symmetric |
//! | along a direction | [`directional_derivative`], [`jvp`] | one pass of width 1 |
//! | `R^n -> R^m`, `n` large or dynamic | [`jacobian_chunked`], [`ChunkedJacobian`] | `m x n`, `C` columns per pass |
//! | `R^(R x C) -> R`, `-> R^D`, `-> R^(P x Q)` | [`gradient_wrt_matrix`], [`jacobian_wrt_matrix`], [`jacobian_matrix_wrt_matrix`] | reshaped by [`tensor`] |
//! | the same, `X` dynamically sized | [`gradient_wrt_dmatrix_chunked`], [`jacobian_wrt_dmatrix_chunked`], [`MatrixJacobian`] (reusable) | `CH` entries of `X` per pass |
//! | elementwise maps | [`elementwise_derivative`] | the Jacobian's diagonal |
//! | sparse `R^n -> R^m` | [`SparseJacobian`] | compressed by column colouring |
//!
//! [`tensor`] turns a matrix-input Jacobian into the `D x R x C` tensor of the notes
//! ([`Tensor3`]) in numerator or denominator [`Layout`], or into a vectorized Jacobian with
//! either [`VecOrder`]; `docs/guide.md` maps every section of the notes to the code.
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
// `deny`, not `forbid`: simba's `SimdValue` declares two `unsafe fn`s that `linalg.rs` must
// implement (with safe bodies); only those two declarations are allowed, nothing else.
#![deny(unsafe_code)]
#![warn(missing_docs)]

/// Calls the macro `$m` with the names of every `num_traits::FloatConst` constant, so each
/// number type that implements `FloatConst` lists them once, here.
macro_rules! with_float_const_names {
    ($m:ident) => {
        $m!(
            E,
            FRAC_1_PI,
            FRAC_1_SQRT_2,
            FRAC_2_PI,
            FRAC_2_SQRT_PI,
            FRAC_PI_2,
            FRAC_PI_3,
            FRAC_PI_4,
            FRAC_PI_6,
            FRAC_PI_8,
            LN_10,
            LN_2,
            LOG10_E,
            LOG2_E,
            PI,
            SQRT_2,
            TAU,
            LOG10_2,
            LOG2_10
        );
    };
}

/// The `num_traits::Float` methods that every number type of this crate answers the same
/// way: the constants (`nan`, `epsilon`, ...) as `Self::constant` of the inner type's, and
/// the queries (`is_nan`, `is_sign_negative`, ...) from `self.value()`. Used inside
/// `impl Float` blocks, with the inner (value) type as the argument.
macro_rules! float_constants_and_queries {
    ($inner:ty) => {
        float_constants_and_queries!(@constants $inner;
            nan, infinity, neg_infinity, neg_zero, min_value, min_positive_value, epsilon,
            max_value);
        float_constants_and_queries!(@queries
            is_nan, is_infinite, is_finite, is_normal, is_subnormal, is_sign_positive,
            is_sign_negative);
    };
    (@constants $inner:ty; $($name:ident),*) => {$(
        #[inline]
        fn $name() -> Self {
            Self::constant(<$inner as num_traits::Float>::$name())
        }
    )*};
    (@queries $($name:ident),*) => {$(
        #[inline]
        fn $name(self) -> bool {
            self.value().$name()
        }
    )*};
}

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
mod matrix_jacobian;
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
pub use matrix_jacobian::MatrixJacobian;
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
