//! The traits of other crates, implemented for [`Dual`](crate::Dual) by forwarding to its
//! inherent methods, where the formulas are: no formula is written here.
//!
//! - `num_traits.rs`: `Float`, `FloatConst`, `Signed`, `Num`, `ToPrimitive`, `NumCast`,
//!   `FromPrimitive`, `Inv`, `MulAdd`, `Pow`, ...: a dual is a drop-in `Float`;
//! - `simba.rs`: nalgebra's scalar traits (`ComplexField`, `RealField`, `Field`,
//!   `SimdValue`, `SubsetOf`) and a dual scalar times a matrix;
//! - `approx.rs`: `AbsDiffEq`, `RelativeEq`, `UlpsEq`, comparing values;
//! - `libm.rs`: [`Special`](crate::Special) for `f64` and `f32`, values from the `libm` crate.
//! - `second_num_traits.rs`, `second_simba.rs`, `second_approx.rs`: the same traits for the
//!   second-order [`Dual2`](crate::Dual2), generated from the same name tables.
//! - `simba_impls.rs`: the `simba_impls!` macro that writes the simba impls of each number
//!   type, once for simba 0.10 (nalgebra 0.35) and, with the `nalgebra_v0_34` feature, once
//!   for simba 0.9 (nalgebra 0.34);
//! - `taylor_num_traits.rs`, `taylor_simba.rs`, `taylor_approx.rs`: the same traits for
//!   [`Taylor`](crate::Taylor), forwarding to its inherent methods.
//! - `serde.rs` (feature `serde`): `Serialize`/`Deserialize` for the number types, read
//!   back through the crate's checking constructors; `serde_nalgebra.rs` the same for the
//!   tensor and the sparse plans (with `nalgebra`).
//! - `argmin.rs` (feature `argmin`): argmin's problem traits on a wrapper of a generic
//!   cost or residual function, public as [`dualnum::argmin`](crate::argmin).

// The generator of the three `*simba.rs` files, first so they see it.
#[cfg(feature = "nalgebra")]
#[macro_use]
mod simba_impls;

mod approx;
#[cfg(feature = "argmin")]
pub mod argmin;
mod libm;
mod num_traits;
mod second_approx;
mod second_num_traits;
#[cfg(feature = "nalgebra")]
mod second_simba;
#[cfg(feature = "serde")]
mod serde;
#[cfg(all(feature = "serde", feature = "nalgebra"))]
mod serde_nalgebra;
#[cfg(feature = "nalgebra")]
mod simba;
mod taylor_approx;
mod taylor_num_traits;
#[cfg(feature = "nalgebra")]
mod taylor_simba;
