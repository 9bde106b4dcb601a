//! `approx` implementations for [`Dual2`]: compare the values only, as `==` does
//! (see `interop/approx.rs`).

use approx::{AbsDiffEq, RelativeEq, UlpsEq};

use crate::{Dual2, Real};

/// Compares the values only (see the module docs); the epsilon's value is the tolerance.
impl<T: Real + AbsDiffEq<Epsilon = T>, const N: usize, const P: usize> AbsDiffEq
    for Dual2<T, N, P>
{
    type Epsilon = Self;

    /// The value type's default epsilon, as a constant.
    #[inline]
    fn default_epsilon() -> Self {
        Dual2::constant(T::default_epsilon())
    }

    #[inline]
    fn abs_diff_eq(&self, other: &Self, epsilon: Self) -> bool {
        self.re.abs_diff_eq(&other.re, epsilon.re)
    }
}

/// Compares the values only (see the module docs).
impl<T: Real + RelativeEq<Epsilon = T>, const N: usize, const P: usize> RelativeEq
    for Dual2<T, N, P>
{
    /// The value type's default relative tolerance, as a constant.
    #[inline]
    fn default_max_relative() -> Self {
        Dual2::constant(T::default_max_relative())
    }

    #[inline]
    fn relative_eq(&self, other: &Self, epsilon: Self, max_relative: Self) -> bool {
        self.re.relative_eq(&other.re, epsilon.re, max_relative.re)
    }
}

/// Compares the values only (see the module docs).
impl<T: Real + UlpsEq<Epsilon = T>, const N: usize, const P: usize> UlpsEq for Dual2<T, N, P> {
    /// The value type's default number of units in the last place.
    #[inline]
    fn default_max_ulps() -> u32 {
        T::default_max_ulps()
    }

    #[inline]
    fn ulps_eq(&self, other: &Self, epsilon: Self, max_ulps: u32) -> bool {
        self.re.ulps_eq(&other.re, epsilon.re, max_ulps)
    }
}
