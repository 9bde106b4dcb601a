//! `num-traits` implementations for [`Taylor`](crate::Taylor), so a Taylor number is a
//! drop-in `Float` for generic code. Forwarding only, as for `Dual`: every method calls the
//! inherent function of the same name (where its recurrence is written) or, for queries
//! such as `is_nan`, looks at the value; `to_f64` keeps the fraction, `clamp` never panics
//! and `is_zero` looks at the value only, as `==` does.

use core::num::FpCategory;

use num_traits::{
    Float, FloatConst, FromPrimitive, Inv, MulAdd, MulAddAssign, Num, NumCast, One, Pow, Signed,
    ToPrimitive, Zero,
};

use crate::{Real, Taylor};

num_traits_impls!([T: Real, const K: usize] Taylor<T, K>, Taylor);
