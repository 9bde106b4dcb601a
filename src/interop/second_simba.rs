//! nalgebra integration of [`Dual2`]: a `simba` [`RealField`] whenever `T` is, so
//! matrices of second-order numbers multiply, factor, solve and invert with exact
//! gradients and Hessians. Forwarding only: every method calls the inherent [`Dual2`]
//! method that carries its formulas, with the same conventions as for
//! [`Dual`](crate::Dual) (`interop/simba.rs`): comparisons and `approx` look at the value,
//! complex parts are trivial, `to_exp` returns `(x, 1)` or `(-x, -1)`, conversions from
//! `f64`/`f32` give constants and back drop the derivatives.

use crate::{Dual2, Real};

// simba 0.10 (nalgebra 0.35), the default.
simba_impls!(simba, nalgebra; [T: Real, const N: usize, const P: usize] Dual2<T, N, P>, Dual2, "derivative parts");

// simba 0.9 (nalgebra 0.34), behind the `nalgebra_v0_34` feature: the same forwarding.
#[cfg(feature = "nalgebra_v0_34")]
simba_impls!(simba_v0_9, nalgebra_v0_34; [T: Real, const N: usize, const P: usize] Dual2<T, N, P>, Dual2, "derivative parts");
