//! Helpers shared by the integration tests, one module per kind of helper. Each test file is
//! its own crate and uses a part of them (`mod common;` then `use common::...`).
//!
//! - [`rng`]: the one pseudo-random generator (SplitMix64).
//! - [`tolerance`]: named tolerances and the one family of comparisons.
//! - [`grids`]: the special-value grids (f64 and f32).
//! - [`oracles`]: finite differences, Richardson extrapolation, difference Jacobians.
//! - [`functions`]: the typed table of the elementary functions of `Dual`.
//! - [`expression`]: random expression trees and the symbolic differentiator.
//! - [`alloc`]: the counting allocator.
//! - [`fixtures`]: shared test functions (Broyden, ...).
#![allow(dead_code)]

pub mod alloc;
pub mod expression;
pub mod fixtures;
pub mod functions;
pub mod grids;
pub mod oracles;
pub mod oracles_matrix;
pub mod rng;
pub mod tolerance;

#[allow(unused_imports)]
pub use rng::Rng;
