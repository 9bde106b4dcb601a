//! Special functions: the [`Special`] trait (error function, gamma family, polygamma,
//! Bessel functions), its implementation for [`Dual`] through [`Dual::chain`] with each
//! derivative formula beside its code, and three functions of several arguments
//! ([`Dual::lerp`], [`Dual::midpoint`], [`Dual::hypot3`], inherent on `Dual` and in the
//! trait, so generic code has them too).
//!
//! The `f64` and `f32` values come from the `libm` crate (`interop/libm.rs`), except the
//! polygamma and spherical Bessel functions, which `libm` lacks (`special_kernels.rs`).
//! Because a `Dual<T, N>` is `Special` whenever `T` is, the slopes below are computed with
//! `T`'s own special functions, and nesting (`Dual<Dual<f64, 1>, 1>`) gives second and
//! higher derivatives.
//!
//! These names are not in the crate's table of elementary functions (`macros.rs`): number
//! types that forward every elementary function do not have to provide them.

use super::tangent;
use crate::{Dual, Real};

/// Special functions of a real number, implemented for `f64` and `f32` (values from the
/// `libm` crate and from documented series) and for [`Dual<T, N>`](Dual) whenever `T`
/// is `Special`, so generic code differentiates, and nests:
///
/// ```
/// use dualnum::{Dual, Special};
/// // the standard normal CDF Φ(x) = (1 + erf(x/√2))/2, Φ'(x) = e^(-x²/2)/√(2π)
/// fn normal_cdf<T: Special>(x: T) -> T {
///     let half = T::literal(0.5);
///     half * (T::one() + (x * T::FRAC_1_SQRT_2()).erf())
/// }
/// let y = normal_cdf(Dual::<f64, 1>::variable(0.3, 0));
/// let pdf = (-0.045_f64).exp() / (2.0 * std::f64::consts::PI).sqrt();
/// assert!((y.eps[0] - pdf).abs() < 1e-15);
/// // second derivative by nesting: Φ''(x) = -x Φ'(x)
/// let x = Dual::new(Dual::<f64, 1>::new(0.3, [1.0]), [Dual::new(1.0, [0.0])]);
/// let y2 = normal_cdf(x);
/// assert!((y2.eps[0].eps[0] + 0.3 * pdf).abs() < 1e-15);
/// ```
///
/// Domain edges (also in `docs/conventions.md`): every function returns NaN for a NaN
/// input and never panics; where a value is infinite or NaN, the tangents of a dual may be
/// NaN, as for the elementary functions.
pub trait Special: Real {
    /// The error function `erf x = 2/√π ∫₀ˣ e^(-t²) dt`; `erf(±∞) = ±1`.
    fn erf(self) -> Self;

    /// The complementary error function `erfc x = 1 - erf x`, accurate where `erf x` is
    /// near 1; `erfc(+∞) = 0`, `erfc(-∞) = 2`.
    fn erfc(self) -> Self;

    /// The gamma function `Γ(x)`. At `±0` it is `±∞`; at the negative integers (poles of
    /// either sign) NaN; it overflows to `+∞` above 171.62; `Γ(+∞) = +∞`, `Γ(-∞)` is NaN.
    fn gamma(self) -> Self;

    /// `ln |Γ(x)|`, the logarithm of the absolute value (the sign of `Γ(x)` is lost: it is
    /// negative on `(-1, 0)`, `(-3, -2)`, ...). `+∞` at the poles `0, -1, -2, ...` and at
    /// `±∞`.
    fn ln_gamma(self) -> Self;

    /// The polygamma function `ψ⁽ⁿ⁾(x) = dⁿ⁺¹/dxⁿ⁺¹ ln Γ(x)` (`n = 0`: digamma). At the
    /// poles `0, -1, -2, ...`: NaN for even `n`, `+∞` for odd `n`; `ψ(+∞) = +∞`,
    /// `ψ⁽ⁿ⁾(+∞) = 0` for `n ≥ 1`, `ψ⁽ⁿ⁾(-∞)` is NaN. Orders above 170 (where `n!`
    /// overflows) give NaN.
    fn polygamma(self, n: u32) -> Self;

    /// The digamma function `ψ(x) = Γ'(x)/Γ(x)`, [`polygamma`](Special::polygamma) of
    /// order 0.
    #[inline]
    fn digamma(self) -> Self {
        self.polygamma(0)
    }

    /// The trigamma function `ψ'(x)`, [`polygamma`](Special::polygamma) of order 1.
    #[inline]
    fn trigamma(self) -> Self {
        self.polygamma(1)
    }

    /// The Bessel function of the first kind of order 0, `J₀(x)` (even; `J₀(±∞) = 0`).
    fn bessel_j0(self) -> Self;

    /// The Bessel function of the first kind of order 1, `J₁(x)` (odd; `J₁(±∞) = 0`).
    fn bessel_j1(self) -> Self;

    /// The Bessel function of the first kind of integer order `n`, `Jₙ(x)`, with
    /// `J₋ₙ = (-1)ⁿ Jₙ`. The `f64` value takes `O(|n|)` steps of a recurrence.
    fn bessel_jn(self, n: i32) -> Self;

    /// The Bessel function of the second kind of order 0, `Y₀(x)`: `-∞` at `±0`, NaN for
    /// `x < 0`, `Y₀(+∞) = 0`.
    fn bessel_y0(self) -> Self;

    /// The Bessel function of the second kind of order 1, `Y₁(x)`: `-∞` at `±0`, NaN for
    /// `x < 0`.
    fn bessel_y1(self) -> Self;

    /// The Bessel function of the second kind of integer order `n`, `Yₙ(x)`, with
    /// `Y₋ₙ = (-1)ⁿ Yₙ`: `-∞` (times `(-1)ⁿ` for negative `n`) at `±0`, NaN for `x < 0`.
    fn bessel_yn(self, n: i32) -> Self;

    /// The spherical Bessel function of the first kind `jₙ(x) = √(π/(2x)) J_{n+1/2}(x)`
    /// (`j₀(0) = 1`, `jₙ(0) = 0` for `n ≥ 1`, `jₙ(±∞) = 0`).
    fn spherical_jn(self, n: u32) -> Self;

    /// `j₀(x) = sin x / x`, [`spherical_jn`](Special::spherical_jn) of order 0.
    #[inline]
    fn spherical_j0(self) -> Self {
        self.spherical_jn(0)
    }

    /// `j₁(x) = sin x / x² - cos x / x`, [`spherical_jn`](Special::spherical_jn) of order 1.
    #[inline]
    fn spherical_j1(self) -> Self {
        self.spherical_jn(1)
    }

    /// `j₂(x) = (3/x² - 1) sin x / x - 3 cos x / x²`,
    /// [`spherical_jn`](Special::spherical_jn) of order 2.
    #[inline]
    fn spherical_j2(self) -> Self {
        self.spherical_jn(2)
    }

    /// Linear interpolation `(1 - t) a + t b` with `t = self`, exact at `t = 0` and
    /// `t = 1` (the derivative is on [`Dual::lerp`]).
    fn lerp(self, start: Self, end: Self) -> Self;

    /// The midpoint `(a + b)/2` without overflow, correctly rounded (the derivative is on
    /// [`Dual::midpoint`]).
    fn midpoint(self, other: Self) -> Self;

    /// `√(x² + y² + z²)` without overflow or underflow (the derivative is on
    /// [`Dual::hypot3`]).
    fn hypot3(self, y: Self, z: Self) -> Self;
}

/// Each function's derivative, computed with the inner type's special functions.
impl<T: Special, const N: usize> Special for Dual<T, N> {
    /// `erf' x = 2/√π e^(-x²)` (0 at `±∞`).
    #[inline]
    fn erf(self) -> Self {
        let x = self.re;
        self.chain_unguarded(x.erf(), T::FRAC_2_SQRT_PI() * (-(x * x)).exp()) // 0 <= f' <= 2/√π
    }

    /// `erfc' x = -2/√π e^(-x²)`.
    #[inline]
    fn erfc(self) -> Self {
        let x = self.re;
        self.chain_unguarded(x.erfc(), -(T::FRAC_2_SQRT_PI() * (-(x * x)).exp())) // |f'| <= 2/√π
    }

    /// `Γ'(x) = Γ(x) ψ(x)`.
    #[inline]
    fn gamma(self) -> Self {
        let v = self.re.gamma();
        self.chain(v, v * self.re.digamma())
    }

    /// `d/dx ln |Γ(x)| = ψ(x)`, for either sign of `Γ(x)`.
    #[inline]
    fn ln_gamma(self) -> Self {
        self.chain(self.re.ln_gamma(), self.re.digamma())
    }

    /// `d/dx ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁺¹⁾(x)`.
    #[inline]
    fn polygamma(self, n: u32) -> Self {
        self.chain(self.re.polygamma(n), self.re.polygamma(n.saturating_add(1)))
    }

    /// `J₀' = -J₁`.
    #[inline]
    fn bessel_j0(self) -> Self {
        self.chain(self.re.bessel_j0(), -self.re.bessel_j1())
    }

    /// `J₁' = (J₀ - J₂)/2` (`1/2` at 0, where the form `J₀ - J₁/x` would divide by zero).
    #[inline]
    fn bessel_j1(self) -> Self {
        let x = self.re;
        let half = T::literal(0.5);
        self.chain(x.bessel_j1(), (x.bessel_j0() - x.bessel_jn(2)) * half)
    }

    /// `Jₙ' = (Jₙ₋₁ - Jₙ₊₁)/2` (for `n = 0` this is `-J₁`, as `J₋₁ = -J₁`).
    #[inline]
    fn bessel_jn(self, n: i32) -> Self {
        let x = self.re;
        let half = T::literal(0.5);
        let slope = (x.bessel_jn(n.saturating_sub(1)) - x.bessel_jn(n.saturating_add(1))) * half;
        self.chain(x.bessel_jn(n), slope)
    }

    /// `Y₀' = -Y₁` (`+∞` at 0).
    #[inline]
    fn bessel_y0(self) -> Self {
        self.chain(self.re.bessel_y0(), -self.re.bessel_y1())
    }

    /// `Y₁' = (Y₀ - Y₂)/2`.
    #[inline]
    fn bessel_y1(self) -> Self {
        let x = self.re;
        let half = T::literal(0.5);
        self.chain(x.bessel_y1(), (x.bessel_y0() - x.bessel_yn(2)) * half)
    }

    /// `Yₙ' = (Yₙ₋₁ - Yₙ₊₁)/2`.
    #[inline]
    fn bessel_yn(self, n: i32) -> Self {
        let x = self.re;
        let half = T::literal(0.5);
        let slope = (x.bessel_yn(n.saturating_sub(1)) - x.bessel_yn(n.saturating_add(1))) * half;
        self.chain(x.bessel_yn(n), slope)
    }

    /// `jₙ' = (n jₙ₋₁ - (n + 1) jₙ₊₁)/(2n + 1)`, and `j₀' = -j₁` (finite at 0, where the
    /// form `jₙ₋₁ - (n + 1) jₙ / x` would divide by zero).
    #[inline]
    fn spherical_jn(self, n: u32) -> Self {
        let x = self.re;
        let slope = if n == 0 {
            -x.spherical_jn(1)
        } else {
            let m = f64::from(n);
            (x.spherical_jn(n - 1).mul_f64(m)
                - x.spherical_jn(n.saturating_add(1)).mul_f64(m + 1.0))
            .mul_f64(1.0 / (2.0 * m + 1.0))
        };
        self.chain(x.spherical_jn(n), slope)
    }

    /// [`Dual::lerp`].
    #[inline]
    fn lerp(self, start: Self, end: Self) -> Self {
        Dual::lerp(self, start, end)
    }

    /// [`Dual::midpoint`].
    #[inline]
    fn midpoint(self, other: Self) -> Self {
        Dual::midpoint(self, other)
    }

    /// [`Dual::hypot3`].
    #[inline]
    fn hypot3(self, y: Self, z: Self) -> Self {
        Dual::hypot3(self, y, z)
    }
}

impl<T: Real, const N: usize> Dual<T, N> {
    /// Linear interpolation `(1 - t) a + t b` with `t = self`, `a = start`, `b = end`:
    /// `d = (b - a) dt + (1 - t) da + t db`.
    ///
    /// The value is exact at both ends (`t = 0` gives `a`, `t = 1` gives `b`, for finite
    /// `a`, `b`); it is not guaranteed monotonic in `t` to the last bit.
    ///
    /// ```
    /// use dualnum::Dual;
    /// let t = Dual::<f64, 1>::variable(0.25, 0);
    /// let y = t.lerp(Dual::constant(2.0), Dual::constant(10.0));
    /// assert_eq!((y.re, y.eps[0]), (4.0, 8.0));
    /// ```
    #[inline]
    pub fn lerp(self, start: Self, end: Self) -> Self {
        let t = self.re;
        let one_minus_t = T::one() - t;
        let value = lerp_value(t, start.re, end.re);
        Self::chain3(
            value,
            [&self, &start, &end],
            [end.re - start.re, one_minus_t, t],
        )
    }

    /// The midpoint `(a + b)/2` without overflow (`a/2 + b/2` where `a + b` overflows);
    /// `d = (da + db)/2`.
    ///
    /// ```
    /// use dualnum::Dual;
    /// let [a, b] = Dual::<f64, 2>::variables([f64::MAX, f64::MAX]);
    /// let m = a.midpoint(b);
    /// assert_eq!((m.re, m.eps), (f64::MAX, [0.5, 0.5]));
    /// ```
    #[inline]
    pub fn midpoint(self, other: Self) -> Self {
        let half = T::literal(0.5);
        let value = midpoint_value(self.re, other.re);
        let mut eps = self.eps;
        tangent::add(&mut eps, &other.eps);
        tangent::scale(&mut eps, half);
        Dual::new(value, eps)
    }

    /// `√(x² + y² + z²)` without overflow or underflow (scaled by the largest magnitude);
    /// `dh = (x dx + y dy + z dz)/h`.
    ///
    /// At the origin, where the norm has a kink, the tangent is 0 (the centre of its
    /// subdifferential, the unit ball), as for [`Dual::hypot`]. An infinite argument gives
    /// `+∞` (even with a NaN beside it, as IEEE `hypot`); a NaN otherwise gives NaN.
    ///
    /// ```
    /// use dualnum::Dual;
    /// let [x, y, z] = Dual::<f64, 3>::variables([2.0, 3.0, 6.0]);
    /// let h = x.hypot3(y, z);
    /// assert_eq!(h.re, 7.0);
    /// assert_eq!(h.eps, [2.0 / 7.0, 3.0 / 7.0, 6.0 / 7.0]);
    /// ```
    #[inline]
    pub fn hypot3(self, y: Self, z: Self) -> Self {
        let (h, slopes) = hypot3_parts(self.re, y.re, z.re);
        if h.is_exact_zero() {
            return Dual::constant(h);
        }
        Self::chain3(h, [&self, &y, &z], slopes)
    }

    /// The chain rule for three arguments, with the zero-tangent guard on each term.
    #[inline]
    fn chain3(value: T, args: [&Self; 3], slopes: [T; 3]) -> Self {
        let mut eps = args[0].eps;
        tangent::guarded_scale(&mut eps, slopes[0]);
        for (arg, &slope) in args[1..].iter().zip(&slopes[1..]) {
            let mut term = arg.eps;
            tangent::guarded_scale(&mut term, slope);
            tangent::add(&mut eps, &term);
        }
        Dual::new(value, eps)
    }
}

/// `(1 - t) a + t b`: exact at `t = 0` and `t = 1` (for finite `a`, `b`).
#[inline]
pub(crate) fn lerp_value<T: Real>(t: T, a: T, b: T) -> T {
    (T::one() - t) * a + t * b
}

/// `(a + b)/2`, or `a/2 + b/2` where `a + b` overflows: correctly rounded either way
/// (halving is exact, and a subnormal sum is exact).
#[inline]
pub(crate) fn midpoint_value<T: Real>(a: T, b: T) -> T {
    let half = T::literal(0.5);
    let sum = a + b;
    if sum.is_finite() || !a.is_finite() || !b.is_finite() {
        sum * half
    } else {
        a * half + b * half
    }
}

/// `(h, [x/h, y/h, z/h])` with `h = √(x² + y² + z²)`, scaled by the largest magnitude `m`
/// (`h = m √((x/m)² + (y/m)² + (z/m)²)`, the slopes `(x/m)/(h/m)`), so neither overflows
/// nor underflows. `(0, [0; 3])` at the origin; `+∞` (slopes `x/∞`) when an argument is
/// infinite, even beside a NaN, as IEEE `hypot`; NaN otherwise for a NaN argument.
#[inline]
pub(crate) fn hypot3_parts<T: Real>(x: T, y: T, z: T) -> (T, [T; 3]) {
    let (a, b, c) = (x.abs(), y.abs(), z.abs());
    if a.is_infinite() || b.is_infinite() || c.is_infinite() {
        let inf = T::infinity();
        return (inf, [x / inf, y / inf, z / inf]);
    }
    if a.is_nan() || b.is_nan() || c.is_nan() {
        return (T::nan(), [T::nan(); 3]);
    }
    let m = a.max(b).max(c);
    if m.is_exact_zero() {
        return (T::zero(), [T::zero(); 3]);
    }
    let (xs, ys, zs) = (x / m, y / m, z / m);
    let s = (xs * xs + ys * ys + zs * zs).sqrt();
    (m * s, [xs / s, ys / s, zs / s])
}
