//! `num-traits` implementations, so a dual is a drop-in `Float` for generic code.
//!
//! Every method delegates to the inherent elementary function of the same name (where
//! the derivative is written down) or, for queries such as `is_nan`, looks at the value.
//! Methods whose `num-traits` default would be wrong for a dual are written out: `to_f64`
//! keeps the fraction (the default goes through `to_i64`), `clamp` never panics, and
//! `is_zero` looks at the value only, as `==` does.

use core::num::FpCategory;

use num_traits::{
    Float, FloatConst, FromPrimitive, Inv, MulAdd, MulAddAssign, Num, NumCast, One, Pow, Signed,
    ToPrimitive, Zero,
};

use crate::{Dual, Real};

num_traits_impls!([T: Real, const N: usize] Dual<T, N>, Dual);
