//! The traits of other crates, implemented for [`Dual`](crate::Dual) by forwarding to its
//! inherent methods, where the formulas are: no formula is written here.
//!
//! - `num_traits.rs`: `Float`, `FloatConst`, `Signed`, `Num`, `ToPrimitive`, `NumCast`,
//!   `FromPrimitive`, `Inv`, `MulAdd`, `Pow`, ...: a dual is a drop-in `Float`;
//! - `simba.rs`: nalgebra's scalar traits (`ComplexField`, `RealField`, `Field`,
//!   `SimdValue`, `SubsetOf`) and a dual scalar times a matrix;
//! - `approx.rs`: `AbsDiffEq`, `RelativeEq`, `UlpsEq`, comparing values;
//! - `taylor_num_traits.rs`, `taylor_simba.rs`, `taylor_approx.rs`: the same traits for
//!   [`Taylor`](crate::Taylor), forwarding to its inherent methods.

mod approx;
mod num_traits;
mod simba;
mod taylor_approx;
mod taylor_num_traits;
mod taylor_simba;
