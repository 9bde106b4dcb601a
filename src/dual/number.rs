//! The [`Dual`] number type: constructors, accessors, comparisons and printing.

use core::cmp::Ordering;
use core::fmt;

use crate::Real;

/// A dual number `re + eps[0] ε₀ + ... + eps[N-1] ε_{N-1}`, with `εᵢ εⱼ = 0`.
///
/// `re` is the value of a quantity and `eps[i]` its derivative with respect to the i-th
/// seeded input. Every arithmetic operation and elementary function carries the tangent
/// along by the chain rule, so evaluating `f` on a dual gives `f(x)` and the directional
/// derivatives of `f` in one pass. Everything lives on the stack: `Dual<f64, N>` is
/// `N + 1` floats, and `Copy`.
///
/// # Comparisons look at the value only
///
/// `==`, `<`, `max`, `is_zero`, ... compare `re` and ignore `eps`, so generic code takes
/// the same branches on duals as on floats. Two duals with the same value but different
/// tangents are `==`. To compare tangents too, use [`Dual::identical`] or compare the
/// fields.
///
/// ```
/// use dualnum::Dual;
/// let x = Dual::<f64, 1>::variable(3.0, 0);
/// let y = x * x + 2.0 * x; // y = x² + 2x, dy/dx = 2x + 2
/// assert_eq!(y.re, 15.0);
/// assert_eq!(y.eps, [8.0]);
/// ```
#[derive(Clone, Copy)]
pub struct Dual<T, const N: usize> {
    /// The value.
    pub re: T,
    /// The tangent components: `eps[i]` is the derivative with respect to input `i`.
    pub eps: [T; N],
}

impl<T: Real, const N: usize> Dual<T, N> {
    /// A dual with the given value and tangent.
    #[inline]
    pub const fn new(re: T, eps: [T; N]) -> Self {
        Dual { re, eps }
    }

    /// A constant: the value `re` with a zero tangent (its derivative is zero).
    #[inline]
    pub fn constant(re: T) -> Self {
        Dual {
            re,
            eps: [T::zero(); N],
        }
    }

    /// The `i`-th independent variable at the value `re`: tangent `e_i`
    /// (one in component `i`, zero elsewhere).
    ///
    /// # Panics
    /// If `i >= N`: there is no tangent component `i` to seed.
    #[inline]
    pub fn variable(re: T, i: usize) -> Self {
        assert!(
            i < N,
            "Dual::variable: index {i} is out of range for a dual with {N} tangent components"
        );
        let mut x = Self::constant(re);
        x.eps[i] = T::one();
        x
    }

    /// Seeds `N` independent variables at once: element `i` of the result is
    /// `Dual::variable(values[i], i)`.
    ///
    /// ```
    /// use dualnum::Dual;
    /// let [x, y] = Dual::variables([2.0, 5.0]);
    /// let f = x * y; // df/dx = y, df/dy = x
    /// assert_eq!(f.eps, [5.0, 2.0]);
    /// ```
    #[inline]
    pub fn variables(values: [T; N]) -> [Self; N] {
        let mut out = values.map(Self::constant);
        for (i, x) in out.iter_mut().enumerate() {
            x.eps[i] = T::one();
        }
        out
    }

    /// The value `re`.
    #[inline]
    pub fn value(&self) -> T {
        self.re
    }

    /// The tangent `eps`.
    #[inline]
    pub fn tangent(&self) -> &[T; N] {
        &self.eps
    }

    /// True when the values and all tangent components are equal (`==` compares the values
    /// only). NaN components are unequal, as for floats.
    #[inline]
    pub fn identical(&self, other: &Self) -> bool {
        self.re == other.re && self.eps == other.eps
    }

    /// True when the tangent is zero in every component (the number is a constant).
    #[inline]
    pub fn has_zero_tangent(&self) -> bool {
        self.eps.iter().all(Real::is_exact_zero)
    }
}

impl<T: Real, const N: usize> Real for Dual<T, N> {
    #[inline]
    fn is_exact_zero(&self) -> bool {
        self.re.is_exact_zero() && self.has_zero_tangent()
    }

    #[inline]
    fn literal(x: f64) -> Self {
        Dual::constant(T::literal(x))
    }

    /// Every component times `c`: `d(c x) = c dx`, `N + 1` multiplications.
    #[inline(always)]
    fn mul_f64(mut self, c: f64) -> Self {
        self.re = self.re.mul_f64(c);
        for e in self.eps.iter_mut() {
            *e = e.mul_f64(c);
        }
        self
    }
}

impl<T: Real, const N: usize> From<T> for Dual<T, N> {
    /// A constant (zero tangent).
    #[inline]
    fn from(re: T) -> Self {
        Dual::constant(re)
    }
}

impl<T: Real, const N: usize> Default for Dual<T, N> {
    /// The constant zero.
    #[inline]
    fn default() -> Self {
        Dual::constant(T::zero())
    }
}

impl<T: PartialEq, const N: usize> PartialEq for Dual<T, N> {
    /// Compares the values only; see the type's documentation.
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.re == other.re
    }
}

impl<T: PartialOrd, const N: usize> PartialOrd for Dual<T, N> {
    /// Orders by the values only; see the type's documentation.
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.re.partial_cmp(&other.re)
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for Dual<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dual")
            .field("re", &self.re)
            .field("eps", &self.eps)
            .finish()
    }
}

impl<T: fmt::Display, const N: usize> fmt::Display for Dual<T, N> {
    /// Prints `re + [eps0, eps1, ...]ε`, e.g. `1.5 + [2, 3]ε`. A precision applies to
    /// every component: `format!("{:.2}", x)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let write_one = |f: &mut fmt::Formatter<'_>, x: &T| match f.precision() {
            Some(p) => write!(f, "{x:.p$}"),
            None => write!(f, "{x}"),
        };
        write_one(f, &self.re)?;
        f.write_str(" + [")?;
        for (i, e) in self.eps.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write_one(f, e)?;
        }
        f.write_str("]ε")
    }
}
