//! The number: [`Dual`] (constructors, comparisons, printing), the [`Real`] trait its
//! components satisfy, the tangent kernels, the chain rule, the operators and every
//! elementary function, each formula written once beside its code.
//!
//! | file | holds |
//! |---|---|
//! | `number.rs` | `Dual`: constructors, accessors, comparisons, `Display` |
//! | `real.rs` | `Real`: what a component type offers (`f32`, `f64`, a dual) |
//! | `tangent.rs` | the loops over the `N` tangent components (add, axpy, scale, guarded scale, guarded division, tie average) |
//! | `chain.rs` | the chain rule `chain`/`chain2`, with the zero-tangent guard |
//! | `ops.rs` | `+ - * / %`, with plain scalars on either side, `*Assign`, `Sum`, `Product` |
//! | `elementary.rs` | every elementary function, its derivative in its doc |
//! | `special.rs` | [`Special`]: erf, gamma, polygamma, Bessel functions, each derivative beside its code; `lerp`, `midpoint`, `hypot3` |
//! | `special_kernels.rs` | the `f64` polygamma and spherical Bessel values `libm` lacks, algorithms documented |
//! | `selection.rs` | `max`, `min`, `clamp`, `abs_sub` by value (shared with the sparsity tracer) |

mod chain;
pub(crate) mod elementary;
mod number;
pub(crate) mod ops;
mod real;
pub(crate) mod selection;
pub(crate) mod special;
pub(crate) mod special_kernels;
pub(crate) mod tangent;

pub use number::Dual;
pub use real::Real;
pub use special::Special;
