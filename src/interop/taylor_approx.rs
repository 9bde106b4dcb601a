//! `approx` implementations for [`Taylor`](crate::Taylor): [`AbsDiffEq`], [`RelativeEq`]
//! and [`UlpsEq`] compare the values only, with the value of the epsilon, as `==` and
//! `is_zero` do (and as for `Dual`). To compare coefficients too, compare them explicitly.

use approx::{AbsDiffEq, RelativeEq, UlpsEq};

use crate::{Real, Taylor};

/// Compares the values only (see the module docs); the epsilon's value is the tolerance.
impl<T: Real + AbsDiffEq<Epsilon = T>, const K: usize> AbsDiffEq for Taylor<T, K> {
    type Epsilon = Self;

    /// The value type's default epsilon, as a constant.
    #[inline]
    fn default_epsilon() -> Self {
        Taylor::constant(T::default_epsilon())
    }

    #[inline]
    fn abs_diff_eq(&self, other: &Self, epsilon: Self) -> bool {
        self.re.abs_diff_eq(&other.re, epsilon.re)
    }
}

/// Compares the values only (see the module docs).
impl<T: Real + RelativeEq<Epsilon = T>, const K: usize> RelativeEq for Taylor<T, K> {
    /// The value type's default relative tolerance, as a constant.
    #[inline]
    fn default_max_relative() -> Self {
        Taylor::constant(T::default_max_relative())
    }

    #[inline]
    fn relative_eq(&self, other: &Self, epsilon: Self, max_relative: Self) -> bool {
        self.re.relative_eq(&other.re, epsilon.re, max_relative.re)
    }
}

/// Compares the values only (see the module docs).
impl<T: Real + UlpsEq<Epsilon = T>, const K: usize> UlpsEq for Taylor<T, K> {
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
