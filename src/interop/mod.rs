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
//! - `taylor_num_traits.rs`, `taylor_simba.rs`, `taylor_approx.rs`: the same traits for
//!   [`Taylor`](crate::Taylor), forwarding to its inherent methods.
//! - `argmin.rs` (feature `argmin`): argmin's problem traits on a wrapper of a generic
//!   cost or residual function, public as [`dualnum::argmin`](crate::argmin).

mod approx;
#[cfg(feature = "argmin")]
pub mod argmin;
mod libm;
mod num_traits;
mod second_approx;
mod second_num_traits;
mod second_simba;
mod simba;
mod taylor_approx;
mod taylor_num_traits;
mod taylor_simba;
