//! The [`Taylor`] number type: storage, constructors, accessors, comparisons and printing.

use core::cmp::Ordering;
use core::fmt;

use crate::Real;

/// A truncated Taylor polynomial `re + c[0] t + c[1] t² + ... + c[K-1] t^K` of order `K`:
/// the Taylor coefficients `c_0 = re`, `c_k = c[k-1]` of a quantity `x(t)` at `t = 0`,
/// every power above `t^K` dropped.
///
/// Seed the input as `x + t` ([`Taylor::variable`]) and evaluate `f`: the result holds the
/// Taylor coefficients of `f(x + t)`, so `f^(k)(x) = k! c_k` for every `k <= K` from one
/// evaluation, with `K + 1` numbers and `O(K²)` work per multiplication (duals nested `K`
/// deep carry `2^K` components). Seeding `x + v t` along a direction `v` gives the
/// derivatives of `t ↦ f(x + t v)`.
///
/// The storage mirrors [`Dual`](crate::Dual): the value `re` and an array of the `K`
/// higher coefficients (stable Rust cannot write `[T; K + 1]`), so `Taylor<T, 1>` holds
/// the same numbers as `Dual<T, 1>` and `K` is the order. `Taylor<T, 0>` is a plain value.
///
/// # Comparisons look at the value only
///
/// As for `Dual`: `==`, `<`, `max`, `is_zero`, ... compare `re` and ignore the higher
/// coefficients, so generic code branches as on floats; [`Taylor::identical`] compares
/// every coefficient.
///
/// ```
/// use dualnum::Taylor;
/// // exp(x) at 0: every derivative is 1, so c_k = 1/k!
/// let y = Taylor::<f64, 4>::variable(0.0).exp();
/// assert_eq!(y.re, 1.0);
/// assert_eq!(y.c, [1.0, 0.5, 1.0 / 6.0, 1.0 / 24.0]);
/// assert_eq!(y.derivative(3), 1.0);
/// ```
#[derive(Clone, Copy)]
pub struct Taylor<T, const K: usize> {
    /// The value `c_0`.
    pub re: T,
    /// The higher coefficients: `c[k - 1]` is `c_k`, the coefficient of `t^k`
    /// (the `k`-th derivative divided by `k!`).
    pub c: [T; K],
}

impl<T: Real, const K: usize> Taylor<T, K> {
    /// A Taylor number with the value `re` and the higher coefficients `c` (`c[k-1]` is the
    /// coefficient of `t^k`).
    #[inline]
    pub const fn new(re: T, c: [T; K]) -> Self {
        Taylor { re, c }
    }

    /// A constant: the value `re`, every higher coefficient zero.
    #[inline]
    pub fn constant(re: T) -> Self {
        Taylor {
            re,
            c: [T::zero(); K],
        }
    }

    /// The independent variable at `x`: the polynomial `x + t` (for `K >= 1`).
    #[inline]
    pub fn variable(x: T) -> Self {
        Self::along(x, T::one())
    }

    /// The line `x + v t` (for `K >= 1`): evaluating `f` on it gives the Taylor
    /// coefficients of `t ↦ f(x + t v)`.
    #[inline]
    pub fn along(x: T, v: T) -> Self {
        let mut y = Self::constant(x);
        if let Some(c1) = y.c.first_mut() {
            *c1 = v;
        }
        y
    }

    /// The value `c_0 = re`.
    #[inline]
    pub fn value(&self) -> T {
        self.re
    }

    /// The coefficient `c_k` of `t^k`: `re` for `k = 0`, `c[k-1]` for `1 <= k <= K`, and 0
    /// above the order (those are the powers dropped).
    #[inline]
    pub fn coefficient(&self, k: usize) -> T {
        match k {
            0 => self.re,
            _ if k <= K => self.c[k - 1],
            _ => T::zero(),
        }
    }

    /// The `k`-th derivative with respect to `t`, `k! c_k` (0 above the order).
    #[inline]
    pub fn derivative(&self, k: usize) -> T {
        self.coefficient(k).mul_f64(factorial(k))
    }

    /// Every derivative `1! c_1, 2! c_2, ..., K! c_K` (the value is `re`).
    #[inline]
    pub fn derivatives(&self) -> [T; K] {
        let mut f = 1.0;
        let mut d = self.c;
        for (k, x) in d.iter_mut().enumerate() {
            f *= (k + 1) as f64;
            *x = x.mul_f64(f);
        }
        d
    }

    /// True when the values and every coefficient are equal (`==` compares the values
    /// only). NaN coefficients are unequal, as for floats.
    #[inline]
    pub fn identical(&self, other: &Self) -> bool {
        self.re == other.re && self.c == other.c
    }

    /// True when every higher coefficient is exactly zero (the number is a constant).
    #[inline]
    pub fn is_constant(&self) -> bool {
        self.c.iter().all(Real::is_exact_zero)
    }

    /// The number with the same higher coefficients and the value `re` (used where a
    /// value is computed by its own, more accurate, formula).
    #[inline]
    pub(crate) fn with_value(mut self, re: T) -> Self {
        self.re = re;
        self
    }
}

/// `k!` as an `f64` (`+∞` from `k = 171`).
#[inline]
pub(crate) fn factorial(k: usize) -> f64 {
    (2..=k).fold(1.0, |f, j| f * j as f64)
}

impl<T: Real, const K: usize> Real for Taylor<T, K> {
    #[inline]
    fn is_exact_zero(&self) -> bool {
        self.re.is_exact_zero() && self.is_constant()
    }

    #[inline]
    fn literal(x: f64) -> Self {
        Taylor::constant(T::literal(x))
    }

    /// Every coefficient times `c`.
    #[inline(always)]
    fn mul_f64(mut self, c: f64) -> Self {
        self.re = self.re.mul_f64(c);
        for x in self.c.iter_mut() {
            *x = x.mul_f64(c);
        }
        self
    }
}

impl<T: Real, const K: usize> From<T> for Taylor<T, K> {
    /// A constant.
    #[inline]
    fn from(re: T) -> Self {
        Taylor::constant(re)
    }
}

impl<T: Real, const K: usize> Default for Taylor<T, K> {
    /// The constant zero.
    #[inline]
    fn default() -> Self {
        Taylor::constant(T::zero())
    }
}

impl<T: PartialEq, const K: usize> PartialEq for Taylor<T, K> {
    /// Compares the values only; see the type's documentation.
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.re == other.re
    }
}

impl<T: PartialOrd, const K: usize> PartialOrd for Taylor<T, K> {
    /// Orders by the values only; see the type's documentation.
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.re.partial_cmp(&other.re)
    }
}

impl<T: fmt::Debug, const K: usize> fmt::Debug for Taylor<T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Taylor")
            .field("re", &self.re)
            .field("c", &self.c)
            .finish()
    }
}

impl<T: fmt::Display, const K: usize> fmt::Display for Taylor<T, K> {
    /// Prints the polynomial, `re + c1·t + c2·t^2 + ...`, e.g. `1 + 1·t + 0.5·t^2`. A
    /// precision applies to every coefficient: `format!("{:.2}", x)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let write_one = |f: &mut fmt::Formatter<'_>, x: &T| match f.precision() {
            Some(p) => write!(f, "{x:.p$}"),
            None => write!(f, "{x}"),
        };
        write_one(f, &self.re)?;
        for (i, x) in self.c.iter().enumerate() {
            f.write_str(" + ")?;
            write_one(f, x)?;
            match i {
                0 => f.write_str("·t")?,
                _ => write!(f, "·t^{}", i + 1)?,
            }
        }
        Ok(())
    }
}
