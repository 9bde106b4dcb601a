//! Truncated Taylor arithmetic: [`Taylor<T, K>`](Taylor) carries the Taylor coefficients
//! `c_0 .. c_K` of a quantity along one direction, so one evaluation gives every
//! derivative up to order `K` (the `k`-th is `k! c_k`) with `K + 1` numbers and `O(K²)`
//! work per product, where duals nested `K` deep need `2^K` components.
//!
//! Every operation is a recurrence on the coefficients, written once beside its code with
//! its source; the references are A. Griewank and A. Walther, *Evaluating Derivatives*,
//! 2nd ed., SIAM 2008, chapter 13 (Table 13.1 and 13.2: the Taylor coefficient
//! recurrences of the arithmetic operations and the elementary functions), and R. E.
//! Moore, *Interval Analysis*, 1966, chapter 11 (the same recurrences for Taylor-series
//! integration of ODEs). All of them come from one idea: for `y = f(x)` with
//! `f' = g(x)`, the series of `y' = g · x'` is a Cauchy product, and `y_{k+1}` is
//! coefficient `k` of `y'` divided by `k + 1`.
//!
//! | file | holds |
//! |---|---|
//! | `number.rs` | `Taylor`: storage, constructors, accessors, comparisons, `Display`, `Real` |
//! | `series.rs` | the coefficient kernels: Cauchy products, the derivative series, integration, the division recurrence |
//! | `ops.rs` | `+ - * / %` with plain scalars on either side, `*Assign`, `Sum`, `Product` |
//! | `elementary.rs` | every elementary function by its recurrence, the kinks and domain edges, the selection rules |

mod elementary;
mod number;
mod ops;
mod series;

pub use number::Taylor;
#[cfg(feature = "nalgebra")]
pub(crate) use number::factorial;
