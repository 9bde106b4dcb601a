//! Elementary functions of a dual number, all through one chain-rule helper.
//!
//! For a function `f` of one argument, `f(a + da ε) = f(a) + f'(a) da ε`: each method below
//! computes the value `f(a)` and the slope `f'(a)` and hands them to [`Dual::chain`], whose
//! zero-tangent guard protects a zero tangent component where a finite value meets a
//! non-finite slope. A function whose slope is finite wherever its value is (`exp`, `sin`,
//! `tanh`, ...) uses the unguarded form, saying why beside the call; the logarithms divide
//! by `x` instead of multiplying by `1/x` (`chain_divided`), which needs no guard. Each
//! method's documentation gives its derivative formula; edge cases are explained where
//! they are handled. The conventions at non-differentiable points (one rule: the midpoint
//! of the one-sided slopes) are collected in `docs/conventions.md`.
//!
//! Every function is an inherent method, so `x.sin()` resolves even when both
//! `num_traits::Float` and nalgebra's `RealField` are in scope.

// Without std, f64's maths methods (`powi`, `sin`, ...) come from num-traits (on libm).
#[cfg(not(feature = "std"))]
use num_traits::Float;

use super::{selection, tangent};
use crate::{Dual, Real};

impl<T: Real, const N: usize> Dual<T, N> {
    // ----- exponentials and logarithms -------------------------------------------------

    /// `eˣ`; `d/dx eˣ = eˣ`.
    #[inline]
    pub fn exp(self) -> Self {
        let v = self.re.exp();
        // f' = f: the slope is not finite only where the value is not
        self.chain_unguarded(v, v)
    }

    /// `2ˣ`; `d/dx 2ˣ = 2ˣ ln 2`.
    #[inline]
    pub fn exp2(self) -> Self {
        let v = self.re.exp2();
        // f' = f ln 2 < f
        self.chain_unguarded(v, v * T::LN_2())
    }

    /// `eˣ - 1`, accurate near 0; `d/dx (eˣ - 1) = eˣ`.
    #[inline]
    pub fn exp_m1(self) -> Self {
        self.chain(self.re.exp_m1(), self.re.exp())
    }

    /// Natural logarithm; `d/dx ln x = 1/x`. At 0 (and -0) the value is `-∞` and the slope `+∞`;
    /// below 0 the value is NaN.
    #[inline]
    pub fn ln(self) -> Self {
        self.chain_divided(self.re.ln(), without_negative_zero(self.re))
    }

    /// `ln(1 + x)`, accurate near 0; `d/dx ln(1 + x) = 1/(1 + x)`.
    #[inline]
    pub fn ln_1p(self) -> Self {
        // 1 + x is 0 only at x = -1, where the value is -∞; elsewhere |1 + x| >= 2⁻⁵³
        self.chain_unguarded(self.re.ln_1p(), (T::one() + self.re).recip())
    }

    /// Base-2 logarithm; `d/dx log₂ x = 1/(x ln 2)`.
    #[inline]
    pub fn log2(self) -> Self {
        self.log_scaled(self.re.log2(), T::LOG2_E())
    }

    /// Base-10 logarithm; `d/dx log₁₀ x = 1/(x ln 10)`.
    #[inline]
    pub fn log10(self) -> Self {
        self.log_scaled(self.re.log10(), T::LOG10_E())
    }

    /// Logarithm to a plain (constant) base `b`; `d/dx log_b x = 1/(x ln b)`.
    /// For a base that is itself a dual use [`Dual::log_dual_base`].
    #[inline]
    pub fn log(self, base: T) -> Self {
        // 1/ln b is finite for every base but 1, where the value is not finite either
        self.log_scaled(self.re.log(base), base.ln().recip())
    }

    /// Logarithm to a base that is itself a dual: `log_b x = ln x / ln b` (the value is
    /// `log` of the values), with `∂/∂x = 1/(x ln b)` and `∂/∂b = -log_b x / (b ln b)`.
    /// `num_traits::Float::log` and nalgebra's `ComplexField::log` both forward here.
    ///
    /// Written with [`Dual::chain2`] rather than as the quotient of duals `ln x / ln b`, so a
    /// tangent component that is zero stays zero where a slope is infinite (at `x = 0` the
    /// quotient rule would compute `(-∞) · 0`). A base with a zero tangent takes the
    /// [`Dual::log`] path.
    #[inline]
    pub fn log_dual_base(self, base: Self) -> Self {
        if base.has_zero_tangent() {
            return self.log(base.re);
        }
        let ln_base = base.re.ln();
        let value = self.re.ln() / ln_base;
        let slope_x = (self.re * ln_base).recip();
        let slope_base = -value / (base.re * ln_base);
        Self::chain2(value, &self, slope_x, &base, slope_base)
    }

    // ----- powers and roots ------------------------------------------------------------

    /// `xⁿ` for an integer `n`; `d/dx xⁿ = n xⁿ⁻¹`.
    ///
    /// `n = 0` gives the constant 1 (tangent 0), everywhere, as `f64::powi` gives 1 even
    /// for NaN; this also avoids `0 · 0⁻¹ = NaN` at `x = 0`.
    #[inline]
    pub fn powi(self, n: i32) -> Self {
        if n == 0 {
            return Dual::constant(T::one());
        }
        let x_to_n_minus_1 = match n.checked_sub(1) {
            Some(m) => self.re.powi(m),
            // n = i32::MIN: -2^31 - 1 is not an i32 (nor an f32, where it rounds to the
            // even -2^31: the helper then takes x^n / x)
            None => x_to_n_minus_one(self.re, T::literal(n as f64)),
        };
        self.chain(self.re.powi(n), T::literal(n as f64) * x_to_n_minus_1)
    }

    /// `xⁿ` for a plain (constant) exponent `n`; `d/dx xⁿ = n xⁿ⁻¹`.
    ///
    /// At `x = 0`: `x.powf(2.0)` has slope `2 · 0 = 0`, and `x.powf(0.5)` has value 0 and
    /// slope `+∞` (as `sqrt`). `n = 0` gives the constant 1 with tangent 0. A negative base
    /// with a non-integer exponent gives NaN, as for `f64`. For a dual exponent use
    /// [`Dual::pow`].
    #[inline]
    pub fn powf(self, n: T) -> Self {
        if n.is_exact_zero() {
            return Dual::constant(T::one());
        }
        self.chain(self.re.powf(n), n * x_to_n_minus_one(self.re, n))
    }

    /// `aᵇ` with both base and exponent duals:
    /// `d(aᵇ) = b aᵇ⁻¹ da + aᵇ ln a db`.
    ///
    /// Edge cases, each the limit of the formula: where `aᵇ = 0` (a zero base, `b > 0`) the
    /// exponent term `aᵇ ln a` is 0, not `0 · (-∞)`; an exponent with a zero tangent takes
    /// the [`Dual::powf`] path and never evaluates `ln a`, so `(-2)³` stays exact. A negative
    /// base with a varying exponent has no real derivative in `b`: NaN.
    #[inline]
    pub fn pow(self, exponent: Self) -> Self {
        if exponent.has_zero_tangent() {
            return self.powf(exponent.re);
        }
        let b = exponent.re;
        let value = self.re.powf(b);
        let slope_base = if b.is_exact_zero() {
            T::zero()
        } else {
            b * x_to_n_minus_one(self.re, b)
        };
        let slope_exponent = if value.is_exact_zero() {
            T::zero()
        } else {
            value * self.re.ln()
        };
        Self::chain2(value, &self, slope_base, &exponent, slope_exponent)
    }

    /// Square root; `d/dx √x = 1/(2√x)`. At 0 (and -0) the value is 0 and the slope `+∞`.
    #[inline]
    pub fn sqrt(self) -> Self {
        let v = self.re.sqrt();
        // sqrt(-0) = -0 in IEEE arithmetic; |v| keeps the slope +∞ there.
        self.chain(v, (v.abs() + v.abs()).recip())
    }

    /// Cube root; `d/dx ∛x = 1/(3 ∛x²)`. At 0 the slope is `+∞`.
    #[inline]
    pub fn cbrt(self) -> Self {
        let v = self.re.cbrt();
        self.chain(v, (T::literal(3.0) * v * v).recip())
    }

    /// `1/x`; `d/dx (1/x) = -1/x²`.
    #[inline]
    pub fn recip(self) -> Self {
        let v = self.re.recip();
        self.chain(v, -(v * v))
    }

    /// `√(a² + b²)` without overflow; `dh = (a da + b db)/h`.
    ///
    /// At the origin, where the norm has a kink, the tangent is 0 (the midpoint of its
    /// subdifferential, the unit disc). Where `h` is subnormal, and so has few significant
    /// bits, the slopes are taken from the arguments scaled by `2^100` (exactly), where
    /// the norm is a normal number: `hypot(5e-324, 5e-324)` has slopes `1/√2`, not 1.
    #[inline]
    pub fn hypot(self, other: Self) -> Self {
        let h = self.re.hypot(other.re);
        if h.is_exact_zero() {
            return Dual::constant(h);
        }
        if h < T::min_positive_value() {
            let scale = T::literal(2f64.powi(100));
            let (a, b) = (self.re * scale, other.re * scale);
            let hs = a.hypot(b);
            return Self::chain2(h, &self, a / hs, &other, b / hs);
        }
        Self::chain2(h, &self, self.re / h, &other, other.re / h)
    }

    /// A logarithm to base `b` from its value and `c = 1/ln b`: tangent `(da / x) · c`.
    /// Dividing by `x` first keeps the slope exact where `x ln b` would round or underflow
    /// (a subnormal `x`, a base near 1) while `da / x` does not.
    #[inline]
    fn log_scaled(self, value: T, c: T) -> Self {
        let mut y = self.chain_divided(value, without_negative_zero(self.re));
        tangent::scale(&mut y.eps, c);
        y
    }

    // ----- trigonometric ---------------------------------------------------------------

    /// Sine; `d/dx sin x = cos x`.
    #[inline]
    pub fn sin(self) -> Self {
        let (s, c) = self.re.sin_cos();
        self.chain_unguarded(s, c) // |f'| <= 1
    }

    /// Cosine; `d/dx cos x = -sin x`.
    #[inline]
    pub fn cos(self) -> Self {
        let (s, c) = self.re.sin_cos();
        self.chain_unguarded(c, -s) // |f'| <= 1
    }

    /// Sine and cosine at once, sharing one evaluation of each.
    #[inline]
    pub fn sin_cos(self) -> (Self, Self) {
        let (s, c) = self.re.sin_cos();
        (self.chain_unguarded(s, c), self.chain_unguarded(c, -s)) // |f'| <= 1
    }

    /// Tangent; `d/dx tan x = 1 + tan² x`.
    #[inline]
    pub fn tan(self) -> Self {
        let v = self.re.tan();
        // the floats closest to odd multiples of π/2 are about 2⁻⁶¹ away (for f64), so
        // |tan x| stays below about 1e19 and 1 + tan² x is finite wherever tan x is
        self.chain_unguarded(v, T::one() + v * v)
    }

    /// Arcsine; `d/dx asin x = 1/√(1 - x²)`, computed as `1/√((1 - x)(1 + x))` for accuracy
    /// near ±1, where the slope is `+∞`. Outside [-1, 1] the value is NaN.
    #[inline]
    pub fn asin(self) -> Self {
        let one = T::one();
        let slope = ((one - self.re) * (one + self.re)).sqrt().recip();
        self.chain(self.re.asin(), slope)
    }

    /// Arccosine; `d/dx acos x = -1/√(1 - x²)` (`-∞` at ±1).
    #[inline]
    pub fn acos(self) -> Self {
        let one = T::one();
        let slope = -((one - self.re) * (one + self.re)).sqrt().recip();
        self.chain(self.re.acos(), slope)
    }

    /// Arctangent; `d/dx atan x = 1/(1 + x²)`.
    #[inline]
    pub fn atan(self) -> Self {
        self.chain_unguarded(self.re.atan(), (T::one() + self.re * self.re).recip()) // 0 <= f' <= 1
    }

    /// The angle of the point `(x, y)` with `self = y`:
    /// `d atan2(y, x) = (x dy - y dx)/(x² + y²)`, computed with `h = hypot(x, y)` as
    /// `(x/h)/h` and `(y/h)/h` so it neither overflows nor underflows.
    ///
    /// On the axes the formula is finite (`atan2(1, 0)` has slopes 0 in `y` and -1 in `x`).
    /// At the origin the angle is undefined; the value follows `f64::atan2` and the
    /// tangent is 0.
    #[inline]
    pub fn atan2(self, x: Self) -> Self {
        let value = self.re.atan2(x.re);
        let h = self.re.hypot(x.re);
        if h.is_exact_zero() {
            return Dual::constant(value);
        }
        let slope_y = (x.re / h) / h;
        let slope_x = -(self.re / h) / h;
        Self::chain2(value, &self, slope_y, &x, slope_x)
    }

    // ----- hyperbolic ------------------------------------------------------------------

    /// Hyperbolic sine; `d/dx sinh x = cosh x`.
    #[inline]
    pub fn sinh(self) -> Self {
        self.chain(self.re.sinh(), self.re.cosh())
    }

    /// Hyperbolic cosine; `d/dx cosh x = sinh x`.
    #[inline]
    pub fn cosh(self) -> Self {
        self.chain(self.re.cosh(), self.re.sinh())
    }

    /// Hyperbolic tangent; `d/dx tanh x = 1 - tanh² x = 4e/(1 + e)²` with `e = e^(-2|x|)`.
    ///
    /// For `|x| <= 1` the slope is `1 - tanh²`. Beyond, `tanh x` is close to ±1 and
    /// `1 - tanh²` would keep only the rounding error of `tanh` (it is exactly 0 from
    /// `|x| ≈ 19`, where the slope is about 1e-16), so the slope is computed from `e`,
    /// to full relative accuracy in both tails.
    #[inline]
    pub fn tanh(self) -> Self {
        let v = self.re.tanh();
        let one = T::one();
        let slope = if self.re > one || self.re < -one {
            // e^(-2|x|), written without `abs` so nested duals keep their inner tangent
            let minus_two_abs_x = if self.re > one {
                T::literal(-2.0) * self.re
            } else {
                T::literal(2.0) * self.re
            };
            let e = minus_two_abs_x.exp();
            let one_plus_e = one + e;
            T::literal(4.0) * e / (one_plus_e * one_plus_e)
        } else {
            one - v * v
        };
        self.chain_unguarded(v, slope) // 0 <= f' <= 1
    }

    /// Inverse hyperbolic sine; `d/dx asinh x = 1/√(x² + 1)`, computed as
    /// `1/hypot(x, 1)` so large `x` does not overflow.
    #[inline]
    pub fn asinh(self) -> Self {
        self.chain_unguarded(self.re.asinh(), self.re.hypot(T::one()).recip()) // 0 <= f' <= 1
    }

    /// Inverse hyperbolic cosine; `d/dx acosh x = 1/√(x² - 1)`, computed as
    /// `1/(√(x - 1) √(x + 1))`, accurate near 1 and without overflow for large `x` (where
    /// `(x - 1)(x + 1)` would overflow from about 1.3e154); `+∞` at 1, NaN below 1.
    #[inline]
    pub fn acosh(self) -> Self {
        let one = T::one();
        let slope = ((self.re - one).sqrt() * (self.re + one).sqrt()).recip();
        self.chain(self.re.acosh(), slope)
    }

    /// Inverse hyperbolic tangent; `d/dx atanh x = 1/(1 - x²)`, computed as
    /// `1/((1 - x)(1 + x))`; infinite at ±1.
    #[inline]
    pub fn atanh(self) -> Self {
        let one = T::one();
        let slope = ((one - self.re) * (one + self.re)).recip();
        // (1 - x)(1 + x) is 0 only at ±1, where the value is ±∞; elsewhere >= 2⁻⁵³
        self.chain_unguarded(self.re.atanh(), slope)
    }

    // ----- sign, kinks and rounding ----------------------------------------------------

    /// Absolute value; `d/dx |x| = sign x`.
    ///
    /// At `x = ±0` the slope is 0, the midpoint of the one-sided slopes -1 and +1 (and the
    /// same answer as `max(x, -x)` with its tie rule). NaN stays NaN.
    #[inline]
    pub fn abs(self) -> Self {
        self.chain_unguarded(self.re.abs(), midpoint_sign(self.re)) // f' ∈ {-1, 0, 1}
    }

    /// `|self|` with the sign of `sign`'s value: `±|x|`, so the tangent is `±d|x|`, that is
    /// `sign(s) sign(x) dx`, and 0 at `x = ±0` (the kink of [`abs`](Self::abs)). `sign`
    /// only selects the branch: its tangent never enters. An inherent method, so that
    /// `x.copysign(s)` is not ambiguous with both `num_traits::Float` and nalgebra's
    /// `RealField` in scope.
    #[inline]
    pub fn copysign(self, sign: Self) -> Self {
        let magnitude = self.abs();
        if sign.re.is_sign_negative() {
            -magnitude
        } else {
            magnitude
        }
    }

    /// The sign of the value as `f64::signum` gives it (+1 for +0, -1 for -0, NaN for NaN),
    /// with a zero tangent: it is piecewise constant.
    #[inline]
    pub fn signum(self) -> Self {
        Dual::constant(self.re.signum())
    }

    /// The larger of two duals, by value.
    ///
    /// On a tie the tangent is the average of the two tangents: order-independent
    /// (`a.max(b)` and `b.max(a)` agree) and a valid subgradient. A NaN argument is
    /// ignored, as in `f64::max`.
    #[inline]
    pub fn max(self, other: Self) -> Self {
        selection::max(self, other)
    }

    /// The smaller of two duals, by value; ties average the tangents, NaN is ignored
    /// (see [`Dual::max`]).
    #[inline]
    pub fn min(self, other: Self) -> Self {
        selection::min(self, other)
    }

    /// `self` restricted to `[lo, hi]`: `min(max(x, lo), hi)`, with the tie rule of
    /// [`Dual::max`] at the bounds (tangent of `x` and of the bound averaged).
    ///
    /// Never panics, unlike `f64::clamp`: a NaN `x` stays NaN, a NaN bound is ignored, and
    /// with `lo > hi` the result is `hi`.
    #[inline]
    pub fn clamp(self, lo: Self, hi: Self) -> Self {
        selection::clamp(self, lo, hi)
    }

    /// `max(self - other, 0)` (C's `fdim`), with the tie rule of [`Dual::max`] at
    /// `self == other`; a NaN argument propagates. Equal infinities give the constant 0, as
    /// `f64` does (`∞ - ∞` is NaN, which `max` ignores).
    #[inline]
    pub fn abs_sub(self, other: Self) -> Self {
        selection::abs_sub(self, other, Dual::constant(T::zero()))
    }

    /// `self · a + b` with one rounding in the value;
    /// tangent `a dself + self da + db`.
    #[inline]
    pub fn mul_add(self, a: Self, b: Self) -> Self {
        let mut eps = b.eps;
        tangent::axpy(&mut eps, a.re, &self.eps);
        tangent::axpy(&mut eps, self.re, &a.eps);
        Dual {
            re: self.re.mul_add(a.re, b.re),
            eps,
        }
    }

    /// Rounds down; piecewise constant, so the tangent is 0 (also at the jumps).
    #[inline]
    pub fn floor(self) -> Self {
        Dual::constant(self.re.floor())
    }

    /// Rounds up; tangent 0.
    #[inline]
    pub fn ceil(self) -> Self {
        Dual::constant(self.re.ceil())
    }

    /// Rounds half away from zero; tangent 0.
    #[inline]
    pub fn round(self) -> Self {
        Dual::constant(self.re.round())
    }

    /// Rounds toward zero; tangent 0.
    #[inline]
    pub fn trunc(self) -> Self {
        Dual::constant(self.re.trunc())
    }

    /// The fractional part `x - trunc(x)`; tangent `dx` (slope 1, also at the jumps).
    #[inline]
    pub fn fract(self) -> Self {
        Dual {
            re: self.re.fract(),
            eps: self.eps,
        }
    }

    // ----- machine-learning functions of the notes -------------------------------------

    /// The logistic sigmoid `σ(x) = 1/(1 + e⁻ˣ)`; `σ'(x) = σ(x)(1 - σ(x))`.
    ///
    /// Evaluated with `e^(-|x|)` only, so it never overflows, and `1 - σ(x)` is computed as
    /// `σ(-x)`, so both tails keep full relative accuracy: at `x = -800` the value is
    /// 0 and at `x = 40` the slope is `e⁻⁴⁰`, not `1 - 1 = 0`.
    #[inline]
    pub fn sigmoid(self) -> Self {
        let (s, one_minus_s) = sigmoid_pair(self.re);
        self.chain_unguarded(s, s * one_minus_s) // 0 <= f' <= 1/4
    }

    /// The rectified linear unit `max(x, 0)`; slope 1 for `x > 0`, 0 for `x < 0`, and 1/2 at
    /// the kink `x = 0` (the midpoint rule, the same as `max(x, 0)` on a tie).
    #[inline]
    pub fn relu(self) -> Self {
        let zero = T::zero();
        let value = if self.re > zero {
            self.re
        } else if self.re < zero {
            zero
        } else {
            // x = ±0 or NaN. At the kink the value is x/2 + 0 = +0, which for a nested dual
            // carries the midpoint slope 1/2 in its inner tangent too, as the outer one
            // does (a plain 0 would carry slope 0 there); NaN passes through.
            self.re * T::literal(0.5) + zero
        };
        self.chain_unguarded(value, unit_step_value(self.re)) // f' ∈ {0, 1/2, 1}
    }

    /// `softplus(x) = ln(1 + eˣ)`, a smooth ReLU; `d/dx softplus x = σ(x)`.
    /// Evaluated as `max(x, 0) + ln(1 + e^(-|x|))`, which never overflows (written with a
    /// branch rather than `max` and `abs`, whose kinks at 0 would cut the inner tangent of
    /// a nested dual there).
    #[inline]
    pub fn softplus(self) -> Self {
        let x = self.re;
        let value = if x > T::zero() {
            x + (-x).exp().ln_1p()
        } else {
            x.exp().ln_1p()
        };
        self.chain_unguarded(value, sigmoid_pair(x).0) // 0 <= f' <= 1
    }

    /// The unit (Heaviside) step: 0 for `x < 0`, 1 for `x > 0`, 1/2 at `x = 0` (the midpoint,
    /// matching the slope of [`Dual::relu`] there), NaN for NaN. Its derivative is 0
    /// everywhere it exists and the delta "function" at 0, which no finite number
    /// represents: the tangent is 0 everywhere.
    #[inline]
    pub fn unit_step(self) -> Self {
        Dual::constant(unit_step_value(self.re))
    }

    /// Degrees from radians; `d/dx = 180/π`.
    #[inline]
    pub fn to_degrees(self) -> Self {
        self.chain_unguarded(self.re.to_degrees(), T::literal(180.0) / T::PI())
    }

    /// Radians from degrees; `d/dx = π/180`.
    #[inline]
    pub fn to_radians(self) -> Self {
        self.chain_unguarded(self.re.to_radians(), T::PI() / T::literal(180.0))
    }
}

/// `xⁿ⁻¹` for the power rule. For `|n| >= 2^53` (`2^24` in `f32`) `n - 1` rounds back to
/// `n`, an even integer, and `x^(n-1)` would lose the sign of a negative `x`
/// (`powf(-1, 2^60)` would get slope `+2^60`). There the odd power `x^(n-1)` is `xⁿ / x`,
/// except where that is `0/0` or `∞/∞` (`n > 0` at `x = ±0` or `±∞`): the odd power is `x`.
#[inline]
pub(crate) fn x_to_n_minus_one<T: Real>(x: T, n: T) -> T {
    let m = n - T::one();
    if m != n {
        x.powf(m)
    } else if n > T::zero() && (x == T::zero() || x.is_infinite()) {
        x
    } else {
        x.powf(n) / x
    }
}

/// `x` with -0 turned into +0 (IEEE: `-0 + +0 = +0`; every other `x` is unchanged), so that
/// a logarithm's slope `1/x` is `+∞` at both zeros, as the logarithm's value `-∞` is.
#[inline(always)]
pub(crate) fn without_negative_zero<T: Real>(x: T) -> T {
    x + T::zero()
}

/// The slope of `|x|`: the sign of `x`, and 0 at ±0 (midpoint rule); NaN for NaN.
#[inline]
pub(crate) fn midpoint_sign<T: Real>(x: T) -> T {
    if x > T::zero() {
        T::one()
    } else if x < T::zero() {
        -T::one()
    } else if x.is_nan() {
        x
    } else {
        T::zero()
    }
}

/// The unit step at `x`: 0, 1, or 1/2 at ±0; NaN for NaN.
#[inline]
pub(crate) fn unit_step_value<T: Real>(x: T) -> T {
    if x > T::zero() {
        T::one()
    } else if x < T::zero() {
        T::zero()
    } else if x.is_nan() {
        x
    } else {
        T::literal(0.5)
    }
}

/// `(σ(x), σ(-x)) = (σ(x), 1 - σ(x))`, each to full relative accuracy, from one `exp`.
/// With `e = e^(-|x|) ≤ 1`: for `x ≥ 0`, `σ(x) = 1/(1 + e)` and `σ(-x) = e/(1 + e)`;
/// for `x < 0` the two swap. A NaN argument gives NaN for both.
///
/// `e^(-|x|)` is written with a branch, not `abs`: for a nested dual, `abs` at 0 has slope
/// 0 (its kink rule), which would give `σ` a zero inner derivative at 0 instead of 1/4.
#[inline]
pub(crate) fn sigmoid_pair<T: Real>(x: T) -> (T, T) {
    let e = if x >= T::zero() { (-x).exp() } else { x.exp() };
    let inv = (T::one() + e).recip();
    let (big, small) = (inv, e * inv);
    if x >= T::zero() {
        (big, small)
    } else {
        (small, big)
    }
}

/// The selection rules' view of a dual: compared by its value; a tie averages the two
/// tangents at the common value. That value is `max` of the two values rather than either
/// one, so that for a nested dual (whose values are duals with equal values) the inner
/// tangents are averaged too and the result does not depend on the order of the arguments.
impl<T: Real, const N: usize> selection::ByValue for Dual<T, N> {
    type Value = T;

    #[inline]
    fn compared_value(&self) -> T {
        self.re
    }

    #[inline]
    fn tie(self, other: Self) -> Self {
        let mut eps = self.eps;
        tangent::average(&mut eps, &other.eps);
        Dual {
            re: self.re.max(other.re),
            eps,
        }
    }
}
