//! The symmetric second-order number [`Dual2`]: a value, its gradient and the upper
//! triangle of its Hessian, packed; every operation and elementary function through one
//! second-order chain rule, each formula written once beside its code.
//!
//! For `f` of one argument `a` with gradient `g_a` and Hessian `H_a`:
//!
//! ```text
//! value f(a),   gradient f'(a) g_a,   Hessian f'(a) H_a + f''(a) g_a g_aᵀ
//! ```
//!
//! (`f'` is the *slope*, `f''` the *curvature*); products and quotients follow their
//! Leibniz forms (`ops.rs`), two-argument functions the chain rule with the three second
//! partials (`chain.rs`).
//!
//! | file | holds |
//! |---|---|
//! | `number.rs` | `Dual2`: constructors, accessors, the packed index, comparisons, `Display`, `Real` |
//! | `triangle.rs` | the loops over the packed upper triangle (scaled sums, symmetric rank-one and rank-two updates, with the zero-tangent guard) |
//! | `chain.rs` | the second-order chain rule `chain`/`chain2` |
//! | `ops.rs` | `+ - * / %`, with plain scalars on either side, `*Assign`, `Sum`, `Product` |
//! | `elementary.rs` | every elementary function: `f`, `f'`, `f''` in its doc; the curvature at kinks |

mod chain;
mod elementary;
mod number;
mod ops;
mod triangle;

pub use number::Dual2;
