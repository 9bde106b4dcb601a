//! `num-traits` implementations for [`Dual2`], so it is a drop-in `Float` for generic code.
//! Forwarding only, as for [`Dual`](crate::Dual) (`interop/num_traits.rs`): every method
//! calls the inherent function of the same name, or looks at the value; `to_f64` keeps the
//! fraction, `clamp` never panics, `is_zero` looks at the value only.

use core::num::FpCategory;

use num_traits::{
    Float, FloatConst, FromPrimitive, Inv, MulAdd, MulAddAssign, Num, NumCast, One, Pow, Signed,
    ToPrimitive, Zero,
};

use crate::{Dual2, Real};

num_traits_impls!([T: Real, const N: usize, const P: usize] Dual2<T, N, P>, Dual2);
