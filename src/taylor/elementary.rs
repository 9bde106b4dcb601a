//! Elementary functions of a [`Taylor`] number, each by its coefficient recurrence (G&W =
//! Griewank and Walther, *Evaluating Derivatives*, 2nd ed., ch. 13, Table 13.2; the
//! kernels are in `series.rs`).
//!
//! Values are the float functions' (`x.sin().re == x.re.sin()` bit for bit), and the first
//! coefficient agrees with [`Dual`](crate::Dual)'s tangent; where a recurrence needs the
//! slope `f'(x_0)` to full relative accuracy (`tanh`, `sigmoid` in their tails) it starts
//! from the dual's. The conventions at kinks and domain edges, collected in
//! `docs/conventions.md`:
//!
//! - **Kinks** (`abs`, `relu`, `max`/`min`/`clamp` ties, `copysign`): the midpoint of the
//!   one-sided expansions, coefficient by coefficient, as the dual's midpoint rule. So
//!   `abs` at `±0` is the constant `+0` (the midpoint of `x` and `-x`), `relu` at `±0` is
//!   `x/2` (value `+0`), and a tie of `max(a, b)` averages every coefficient.
//! - **Jumps** (`floor`, `ceil`, `round`, `trunc`, `signum`, `unit_step`): constants;
//!   `fract` keeps every higher coefficient.
//! - **Domain edges with a finite value and an infinite slope** (`sqrt`, `cbrt`, `powf`
//!   with a non-integer exponent at 0; `asin`, `acos` at ±1; `acosh` at 1) and the
//!   logarithms at 0 and `atanh` at ±1: there is no Taylor expansion. A constant stays a
//!   constant; otherwise `c_1` is the dual's tangent (`±∞`, or 0 where `c_1` of the
//!   argument is 0) and every higher coefficient is NaN.
//! - **Isolated singular points of two-argument functions**: `hypot` and `atan2` at the
//!   origin are constants (value as `f64`), as for `Dual`.
//! - Integer powers (`powi`, and `powf` with an integer-valued constant exponent) are
//!   polynomials: exact at 0 too (`x.powf(2.0)` at 0 is `t²`).

use super::{Taylor, series};
use crate::dual::selection;
use crate::{Dual, Real};

/// The value and slope `(f(x_0), f'(x_0))` of `f` at `x_0`, as the dual number computes
/// them: the Taylor functions take their edge slopes and tail-accurate slopes from
/// there, so each formula stays written once.
#[inline(always)]
fn dual_value_slope<T: Real>(x0: T, f: impl FnOnce(Dual<T, 1>) -> Dual<T, 1>) -> (T, T) {
    let y = f(Dual::variable(x0, 0));
    (y.re, y.eps[0])
}

impl<T: Real, const K: usize> Taylor<T, K> {
    // ----- exponentials and logarithms -------------------------------------------------

    /// `eˣ`: `y' = y x'`, so `y_0 = e^{x_0}`, `y_{m+1} = (1/(m+1)) Σ_{i=0}^{m} (x')_i y_{m-i}`
    /// (G&W Table 13.2).
    #[inline]
    pub fn exp(self) -> Self {
        series::chain(&self, self.re.exp(), |y, m| y[m])
    }

    /// `2ˣ`: `y' = ln 2 · y x'`, the recurrence of [`exp`](Self::exp) with `g = y ln 2`.
    #[inline]
    pub fn exp2(self) -> Self {
        series::chain(&self, self.re.exp2(), |y, m| y[m] * T::LN_2())
    }

    /// `eˣ - 1`: the recurrence of [`exp`](Self::exp) (the higher coefficients of `eˣ` and
    /// `eˣ - 1` agree), with the value `exp_m1(x_0)`, accurate near 0.
    #[inline]
    pub fn exp_m1(self) -> Self {
        self.exp().with_value(self.re.exp_m1())
    }

    /// Natural logarithm: `x y' = x'`, so `y' = x'/x` by the division recurrence, then
    /// integrated (G&W Table 13.2). At `x_0 = ±0` (value `-∞`) see the module docs (domain
    /// edges); below 0 the value is NaN.
    #[inline]
    pub fn ln(self) -> Self {
        self.log_scaled(self.re.ln(), T::one(), |d| d.ln())
    }

    /// `ln(1 + x)`: `(1 + x) y' = x'`, as [`ln`](Self::ln) with the denominator `1 + x`;
    /// the value `ln_1p(x_0)` is accurate near 0.
    #[inline]
    pub fn ln_1p(self) -> Self {
        let one_plus = self + T::one();
        if one_plus.re == T::zero() {
            let (v, s) = dual_value_slope(self.re, |d| d.ln_1p());
            return series::edge(&self, v, s);
        }
        series::over(&self, self.re.ln_1p(), &one_plus)
    }

    /// Base-2 logarithm: the coefficients of [`ln`](Self::ln) divided by `ln 2`.
    #[inline]
    pub fn log2(self) -> Self {
        self.log_scaled(self.re.log2(), T::LN_2().recip(), |d| d.log2())
    }

    /// Base-10 logarithm: the coefficients of [`ln`](Self::ln) divided by `ln 10`.
    #[inline]
    pub fn log10(self) -> Self {
        self.log_scaled(self.re.log10(), T::LN_10().recip(), |d| d.log10())
    }

    /// Logarithm to a plain (constant) base `b`: the coefficients of [`ln`](Self::ln)
    /// divided by `ln b`. For a base that is itself a Taylor number use
    /// [`Taylor::log_dual_base`].
    #[inline]
    pub fn log(self, base: T) -> Self {
        self.log_scaled(self.re.log(base), base.ln().recip(), |d| d.log(base))
    }

    /// `ln x · s` with the value `value`: the logarithm recurrence, the higher coefficients
    /// scaled by `s`; at `x_0 = ±0` the edge convention, with the slope of `dual`.
    #[inline(always)]
    fn log_scaled(self, value: T, s: T, dual: impl FnOnce(Dual<T, 1>) -> Dual<T, 1>) -> Self {
        if self.re == T::zero() {
            let (v, slope) = dual_value_slope(self.re, dual);
            return series::edge(&self, v, slope);
        }
        let ln = series::over(&self, value, &self);
        if s == T::one() {
            ln
        } else {
            series::scaled(ln, s, value)
        }
    }

    /// Logarithm to a base that is itself a Taylor number: `ln x / ln b` (Taylor
    /// division), with the value `log` of the values. A constant base takes the
    /// [`Taylor::log`] path. `num_traits::Float::log` and nalgebra's `ComplexField::log`
    /// forward here.
    #[inline]
    pub fn log_dual_base(self, base: Self) -> Self {
        if base.is_constant() {
            return self.log(base.re);
        }
        (self.ln() / base.ln()).with_value(self.re.log(base.re))
    }

    // ----- powers and roots ------------------------------------------------------------

    /// `xⁿ` for an integer `n`: a polynomial. For `|n| <= 4` or `x_0 = 0` (and non-finite
    /// `x_0`) by repeated squaring of the series (exact at 0, where the power recurrence
    /// would divide by `x_0`), otherwise by the power recurrence (see
    /// [`powf`](Self::powf)); negative `n` takes the reciprocal. The value is
    /// `x_0.powi(n)`; `n = 0` gives the constant 1, as `f64::powi` gives 1 even for NaN.
    #[inline]
    pub fn powi(self, n: i32) -> Self {
        if n == 0 {
            return Taylor::constant(T::one());
        }
        let value = self.re.powi(n);
        let m = n.unsigned_abs();
        if m > 4 && self.re != T::zero() && self.re.is_finite() {
            return series::power(&self, value, T::literal(n as f64));
        }
        // x^m = Π over the set bits b of m of x^(2^b), the squares built one by one
        let (mut square, mut bits) = (self, m);
        let mut result: Option<Self> = None;
        loop {
            if bits & 1 == 1 {
                result = Some(result.map_or(square, |r| r * square));
            }
            bits >>= 1;
            if bits == 0 {
                break;
            }
            square = square * square;
        }
        let mut result = result.unwrap_or(self);
        if n < 0 {
            result = result.recip();
        }
        result.with_value(value)
    }

    /// `xⁿ` for a plain (constant) exponent `n`, by the power recurrence of G&W Table 13.2
    /// (from `x y' = n y x'`): `y_k = (1/(k x_0)) Σ_{j=0}^{k-1} (n(k-j) - j) x_{k-j} y_j`.
    ///
    /// An integer-valued `n` (exactly, tangents of a nested exponent included) takes
    /// [`powi`](Self::powi), so `x.powf(2.0)` is exact and analytic at 0. At `x_0 = 0` a
    /// non-integer `n` has no expansion: the edge convention (module docs), with `c_1` the
    /// dual's `n · 0ⁿ⁻¹ x_1`. `n = 0` gives the constant 1. A negative base with a
    /// non-integer exponent gives NaN, as for `f64`. For a Taylor exponent use
    /// [`Taylor::pow`].
    #[inline]
    pub fn powf(self, n: T) -> Self {
        if n.is_exact_zero() {
            return Taylor::constant(T::one());
        }
        let rounded = n.round();
        let integer = (n - rounded).is_exact_zero() && n.abs() <= T::literal(i32::MAX as f64);
        if let Some(i) = rounded.to_i32().filter(|_| integer) {
            return self.powi(i);
        }
        if self.re == T::zero() {
            let (v, s) = dual_value_slope(self.re, |d| d.powf(n));
            return series::edge(&self, v, s);
        }
        series::power(&self, self.re.powf(n), n)
    }

    /// `aᵇ` with a Taylor exponent: `exp(b ln a)` with the value `a_0.powf(b_0)`. An
    /// exponent that is a constant takes [`powf`](Self::powf). Where `a_0 <= 0` and the
    /// exponent varies there is no real expansion in `b`: the higher coefficients are NaN
    /// (or infinite), the value is `f64::powf`'s.
    #[inline]
    pub fn pow(self, exponent: Self) -> Self {
        if exponent.is_constant() {
            return self.powf(exponent.re);
        }
        (exponent * self.ln())
            .exp()
            .with_value(self.re.powf(exponent.re))
    }

    /// Square root: `y² = x`, so `y_0 = √x_0`, `y_k = (x_k - Σ_{j=1}^{k-1} y_j y_{k-j}) / (2 y_0)`
    /// (G&W Table 13.2). At `x_0 = ±0` the edge convention (module docs: `c_1` is `+∞`
    /// for `x_1 > 0`, higher coefficients NaN).
    #[inline]
    pub fn sqrt(self) -> Self {
        let y0 = self.re.sqrt();
        if y0 == T::zero() {
            let (v, s) = dual_value_slope(self.re, |d| d.sqrt());
            return series::edge(&self, v, s);
        }
        let inv = (y0 + y0).recip();
        let mut y = Taylor::constant(y0);
        for i in 0..K {
            // coefficient k = i + 1
            let mut s = self.c[i];
            for j in 0..i {
                s = s - y.c[j] * y.c[i - 1 - j];
            }
            y.c[i] = s * inv;
        }
        y
    }

    /// Cube root: the power recurrence with `n = 1/3` (no logarithm, so negative `x_0`
    /// works), value `cbrt(x_0)`. At `x_0 = ±0` the edge convention.
    #[inline]
    pub fn cbrt(self) -> Self {
        let y0 = self.re.cbrt();
        if y0 == T::zero() {
            let (v, s) = dual_value_slope(self.re, |d| d.cbrt());
            return series::edge(&self, v, s);
        }
        series::power(&self, y0, T::literal(1.0 / 3.0))
    }

    /// `1/x`: the division recurrence with numerator 1,
    /// `q_k = -(Σ_{j=0}^{k-1} q_j x_{k-j}) / x_0`. At `x_0 = 0` IEEE arithmetic, as for
    /// `1 / x`.
    #[inline]
    pub fn recip(self) -> Self {
        Taylor::constant(T::one()) / self
    }

    /// `√(a² + b²)`: the square root of the series `a² + b²`, both scaled by
    /// `s = max(|a_0|, |b_0|)` first so nothing overflows, with the value `hypot(a_0, b_0)`.
    /// At the origin the constant 0 (as for `Dual`: the centre of the subdifferential).
    #[inline]
    pub fn hypot(self, other: Self) -> Self {
        let h = self.re.hypot(other.re);
        if h.is_exact_zero() {
            return Taylor::constant(h);
        }
        let s = self.re.abs().max(other.re.abs());
        let (a, b) = (self / s, other / s);
        ((a * a + b * b).sqrt() * s).with_value(h)
    }

    // ----- trigonometric ---------------------------------------------------------------

    /// Sine: see [`sin_cos`](Self::sin_cos).
    #[inline]
    pub fn sin(self) -> Self {
        self.sin_cos().0
    }

    /// Cosine: see [`sin_cos`](Self::sin_cos).
    #[inline]
    pub fn cos(self) -> Self {
        self.sin_cos().1
    }

    /// Sine and cosine together, as their recurrences need each other (G&W Table 13.2):
    /// `s' = c x'`, `c' = -s x'`, so
    /// `s_{m+1} = (1/(m+1)) Σ_{i=0}^{m} (x')_i c_{m-i}` and
    /// `c_{m+1} = -(1/(m+1)) Σ_{i=0}^{m} (x')_i s_{m-i}`.
    #[inline]
    pub fn sin_cos(self) -> (Self, Self) {
        let (s0, c0) = self.re.sin_cos();
        self.coupled(s0, c0, -T::one())
    }

    /// The pair `(u, v)` with `u' = v x'`, `v' = σ u x'` from `(u_0, v_0)`: `σ = -1` gives
    /// `(sin, cos)`, `σ = +1` gives `(sinh, cosh)`.
    #[inline(always)]
    fn coupled(self, u0: T, v0: T, sigma: T) -> (Self, Self) {
        let dx = series::derivative_series(&self);
        let (mut u, mut v) = (Taylor::constant(u0), Taylor::constant(v0));
        let (mut ul, mut vl) = ([T::zero(); K], [T::zero(); K]);
        if K > 0 {
            ul[0] = u0;
            vl[0] = v0;
        }
        for m in 0..K {
            let r = series::inv_next(m);
            let un = series::cauchy(&dx, &vl, m).mul_f64(r);
            let vn = sigma * series::cauchy(&dx, &ul, m).mul_f64(r);
            u.c[m] = un;
            v.c[m] = vn;
            if m + 1 < K {
                ul[m + 1] = un;
                vl[m + 1] = vn;
            }
        }
        (u, v)
    }

    /// Tangent: `y' = (1 + y²) x'` (G&W Table 13.2), the recurrence of
    /// [`exp`](Self::exp) with `g = 1 + y²`, whose coefficients are the Cauchy squares of
    /// the `y_j` computed so far.
    #[inline]
    pub fn tan(self) -> Self {
        series::chain(&self, self.re.tan(), |y, m| {
            let sq = series::cauchy(y, y, m);
            if m == 0 { T::one() + sq } else { sq }
        })
    }

    /// Arcsine: `√(1 - x²) y' = x'` (G&W Table 13.2): `y' = x'/u` with the series
    /// `u = √((1 - x)(1 + x))` (factored for accuracy near ±1). At `x_0 = ±1` the edge
    /// convention; outside `[-1, 1]` NaN.
    #[inline]
    pub fn asin(self) -> Self {
        let one = Taylor::constant(T::one());
        let u2 = (one - self) * (one + self);
        if u2.re == T::zero() {
            let (v, s) = dual_value_slope(self.re, |d| d.asin());
            return series::edge(&self, v, s);
        }
        series::over(&self, self.re.asin(), &u2.sqrt())
    }

    /// Arccosine: `acos x = π/2 - asin x`, so the higher coefficients are those of
    /// [`asin`](Self::asin) negated; value `acos(x_0)`.
    #[inline]
    pub fn acos(self) -> Self {
        series::scaled(self.asin(), -T::one(), self.re.acos())
    }

    /// Arctangent: `(1 + x²) y' = x'` (G&W Table 13.2), `y' = x'/(1 + x²)`.
    #[inline]
    pub fn atan(self) -> Self {
        series::over(&self, self.re.atan(), &(self * self + T::one()))
    }

    /// The angle of the point `(x, y)` with `self = y`: `(x² + y²) z' = x y' - y x'`, so
    /// `z' = (x y' - y x') / (x² + y²)` by Cauchy products and the division recurrence,
    /// then integrated; both arguments are scaled by `s = max(|x_0|, |y_0|)` first (the
    /// angle does not change) so nothing overflows. Value `atan2(y_0, x_0)`. At the
    /// origin the constant value, as for `Dual`.
    #[inline]
    pub fn atan2(self, x: Self) -> Self {
        let value = self.re.atan2(x.re);
        if self.re.hypot(x.re).is_exact_zero() {
            return Taylor::constant(value);
        }
        let s = self.re.abs().max(x.re.abs());
        let (y, x) = (self / s, x / s);
        let (yl, xl) = (series::lower(&y), series::lower(&x));
        let (dy, dx) = (series::derivative_series(&y), series::derivative_series(&x));
        let w: [T; K] =
            core::array::from_fn(|m| series::cauchy(&xl, &dy, m) - series::cauchy(&yl, &dx, m));
        let q = series::lower(&(x * x + y * y));
        series::integrate(value, &series::divide(&w, &q))
    }

    // ----- hyperbolic ------------------------------------------------------------------

    /// Hyperbolic sine: `s' = c x'`, `c' = s x'` (G&W Table 13.2), as `sin_cos` without
    /// the sign.
    #[inline]
    pub fn sinh(self) -> Self {
        self.coupled(self.re.sinh(), self.re.cosh(), T::one()).0
    }

    /// Hyperbolic cosine: see [`sinh`](Self::sinh).
    #[inline]
    pub fn cosh(self) -> Self {
        self.coupled(self.re.sinh(), self.re.cosh(), T::one()).1
    }

    /// Hyperbolic tangent: `y' = (1 - y²) x'`, the recurrence of [`tan`](Self::tan) with
    /// `g = 1 - y²`; `g_0` is the dual's slope (accurate in both tails, where `1 - y_0²`
    /// would round to 0), `g_m = -Σ_{j=0}^{m} y_j y_{m-j}` above.
    #[inline]
    pub fn tanh(self) -> Self {
        let (v, g0) = dual_value_slope(self.re, |d| d.tanh());
        series::chain(
            &self,
            v,
            |y, m| {
                if m == 0 { g0 } else { -series::cauchy(y, y, m) }
            },
        )
    }

    /// Inverse hyperbolic sine: `√(x² + 1) y' = x'`, `y' = x'/u` with the series
    /// `u = √(x² + 1)`.
    #[inline]
    pub fn asinh(self) -> Self {
        series::over(&self, self.re.asinh(), &(self * self + T::one()).sqrt())
    }

    /// Inverse hyperbolic cosine: `√(x² - 1) y' = x'`, `y' = x'/u` with
    /// `u = √((x - 1)(x + 1))`. At `x_0 = 1` the edge convention; below 1 NaN.
    #[inline]
    pub fn acosh(self) -> Self {
        let u2 = (self - T::one()) * (self + T::one());
        if u2.re == T::zero() {
            let (v, s) = dual_value_slope(self.re, |d| d.acosh());
            return series::edge(&self, v, s);
        }
        series::over(&self, self.re.acosh(), &u2.sqrt())
    }

    /// Inverse hyperbolic tangent: `(1 - x²) y' = x'`, `y' = x'/u` with
    /// `u = (1 - x)(1 + x)`. At `x_0 = ±1` (value `±∞`) the edge convention.
    #[inline]
    pub fn atanh(self) -> Self {
        let one = Taylor::constant(T::one());
        let u = (one - self) * (one + self);
        if u.re == T::zero() {
            let (v, s) = dual_value_slope(self.re, |d| d.atanh());
            return series::edge(&self, v, s);
        }
        series::over(&self, self.re.atanh(), &u)
    }

    // ----- sign, kinks and rounding ----------------------------------------------------

    /// Absolute value: `x` for `x_0 > 0`, `-x` for `x_0 < 0`; at `x_0 = ±0` the constant
    /// `+0`, the midpoint of the two one-sided branches `x` and `-x` (the dual's slope 0,
    /// and the same as `max(x, -x)` with its tie rule). NaN stays NaN.
    #[inline]
    pub fn abs(self) -> Self {
        let (v, sign) = dual_value_slope(self.re, |d| d.abs());
        series::scaled(self, sign, v)
    }

    /// `±|x|` with the sign of `sign`'s value (see [`abs`](Self::abs)); `sign` only
    /// selects the branch, its coefficients never enter.
    #[inline]
    pub fn copysign(self, sign: Self) -> Self {
        let magnitude = self.abs();
        if sign.re.is_sign_negative() {
            -magnitude
        } else {
            magnitude
        }
    }

    /// The sign of the value as `f64::signum` gives it, a constant.
    #[inline]
    pub fn signum(self) -> Self {
        Taylor::constant(self.re.signum())
    }

    /// The larger of two numbers by value; a tie averages every coefficient, a NaN
    /// argument is ignored (as for [`Dual::max`]).
    #[inline]
    pub fn max(self, other: Self) -> Self {
        selection::max(self, other)
    }

    /// The smaller of two numbers by value; ties and NaN as for [`max`](Self::max).
    #[inline]
    pub fn min(self, other: Self) -> Self {
        selection::min(self, other)
    }

    /// `min(max(x, lo), hi)` with the tie rule at the bounds; never panics (a NaN `x`
    /// stays NaN, a NaN bound is ignored, `lo > hi` gives `hi`).
    #[inline]
    pub fn clamp(self, lo: Self, hi: Self) -> Self {
        selection::clamp(self, lo, hi)
    }

    /// `max(self - other, 0)` (C's `fdim`) with the tie rule at `self == other`.
    #[inline]
    pub fn abs_sub(self, other: Self) -> Self {
        selection::abs_sub(self, other, Taylor::constant(T::zero()))
    }

    /// `self · a + b`, with the value `mul_add` of the values (one rounding).
    #[inline]
    pub fn mul_add(self, a: Self, b: Self) -> Self {
        (self * a + b).with_value(self.re.mul_add(a.re, b.re))
    }

    /// Rounds down; a constant (piecewise constant, also at the jumps).
    #[inline]
    pub fn floor(self) -> Self {
        Taylor::constant(self.re.floor())
    }

    /// Rounds up; a constant.
    #[inline]
    pub fn ceil(self) -> Self {
        Taylor::constant(self.re.ceil())
    }

    /// Rounds half away from zero; a constant.
    #[inline]
    pub fn round(self) -> Self {
        Taylor::constant(self.re.round())
    }

    /// Rounds toward zero; a constant.
    #[inline]
    pub fn trunc(self) -> Self {
        Taylor::constant(self.re.trunc())
    }

    /// The fractional part `x - trunc(x)`: every higher coefficient kept (slope 1 on both
    /// sides of each jump).
    #[inline]
    pub fn fract(self) -> Self {
        self.with_value(self.re.fract())
    }

    // ----- machine-learning functions --------------------------------------------------

    /// The logistic sigmoid: `σ' = σ (1 - σ) x'`, the recurrence of [`exp`](Self::exp)
    /// with `g = y z`, `z = 1 - y` (`z_0 = σ(-x_0)`, `z_m = -y_m`), so both tails keep full
    /// relative accuracy (`1 - y_0` would round to 0 for large `x_0`).
    #[inline]
    pub fn sigmoid(self) -> Self {
        let s = Dual::<T, 0>::constant(self.re).sigmoid().re;
        let z0 = Dual::<T, 0>::constant(-self.re).sigmoid().re;
        series::chain(&self, s, |y, m| {
            // Σ_j y_j z_{m-j} with z_0 = σ(-x_0) and z_n = -y_n
            let mut g = y[m] * z0;
            for j in 0..m {
                g = g - y[j] * y[m - j];
            }
            g
        })
    }

    /// The rectified linear unit: `x` for `x_0 > 0`, 0 for `x_0 < 0`, and `x/2` at
    /// `x_0 = ±0` (value `+0`): the midpoint of the branches, as `max(x, 0)` on a tie and
    /// the dual's slope 1/2.
    #[inline]
    pub fn relu(self) -> Self {
        let (v, slope) = dual_value_slope(self.re, |d| d.relu());
        series::scaled(self, slope, v)
    }

    /// `softplus(x) = ln(1 + eˣ)`: `y' = σ(x) x'`, a Cauchy product with the
    /// [`sigmoid`](Self::sigmoid) series, integrated; the value as `Dual::softplus`'s
    /// (never overflows).
    #[inline]
    pub fn softplus(self) -> Self {
        let sigma = series::lower(&self.sigmoid());
        let dx = series::derivative_series(&self);
        let p: [T; K] = core::array::from_fn(|m| series::cauchy(&dx, &sigma, m));
        series::integrate(Dual::<T, 0>::constant(self.re).softplus().re, &p)
    }

    /// The unit step (0, 1, and 1/2 at `±0`, NaN for NaN), a constant.
    #[inline]
    pub fn unit_step(self) -> Self {
        Taylor::constant(Dual::<T, 0>::constant(self.re).unit_step().re)
    }

    /// Degrees from radians: every coefficient times `180/π`.
    #[inline]
    pub fn to_degrees(self) -> Self {
        series::scaled(self, T::literal(180.0) / T::PI(), self.re.to_degrees())
    }

    /// Radians from degrees: every coefficient times `π/180`.
    #[inline]
    pub fn to_radians(self) -> Self {
        series::scaled(self, T::PI() / T::literal(180.0), self.re.to_radians())
    }
}

/// The selection rules' view of a Taylor number: compared by its value; a tie averages
/// every coefficient at the common value (`max` of the two values, so nested numbers stay
/// order-independent, as for `Dual`).
impl<T: Real, const K: usize> selection::ByValue for Taylor<T, K> {
    type Value = T;

    #[inline]
    fn compared_value(&self) -> T {
        self.re
    }

    #[inline]
    fn tie(self, other: Self) -> Self {
        let half = T::literal(0.5);
        Taylor {
            re: self.re.max(other.re),
            c: core::array::from_fn(|i| (self.c[i] + other.c[i]) * half),
        }
    }
}
