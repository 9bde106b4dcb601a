//! Elementary functions of a [`Dual2`], all through the second-order chain rule
//! [`Dual2::chain`] (or [`Dual2::chain2`] for two arguments): each method computes the
//! value `f(a)`, the slope `f'(a)` and the curvature `f''(a)`, and its documentation gives
//! all three.
//!
//! The conventions are those of [`Dual`](crate::Dual) (`docs/conventions.md`), one order
//! up. At a kink (`abs`, `relu`, `max` on a tie, `hypot` at the origin) the slope is the
//! midpoint of the one-sided slopes and the curvature is the midpoint of the one-sided
//! curvatures, which is `0` for every kink here: the Dirac delta of `|x|''` at 0 is
//! dropped, as a jump's delta is at first order. Where a curvature is infinite
//! (`sqrt` at 0) it is the one-sided limit of the formula, and zero components stay zero.
//!
//! Every function is an inherent method, so `x.sin()` resolves with both
//! `num_traits::Float` and nalgebra's `RealField` in scope.

// Without std, f64's maths methods (`powi`, `sin`, ...) come from num-traits (on libm).
#[cfg(not(feature = "std"))]
use num_traits::Float;

use super::triangle::by_value as tangent;
use crate::dual::elementary::{
    midpoint_sign, sigmoid_pair, unit_step_value, without_negative_zero, x_to_n_minus_one,
};
use crate::dual::selection;
use crate::{Dual2, Real};

impl<T: Real, const N: usize, const P: usize> Dual2<T, N, P> {
    /// `c x` for a constant `c`: every derivative scaled, curvature 0.
    #[inline(always)]
    fn linear(self, value: T, c: T) -> Self {
        Dual2 {
            re: value,
            grad: tangent::scale(self.grad, c),
            hess: tangent::scale(self.hess, c),
        }
    }

    // ----- exponentials and logarithms -------------------------------------------------

    /// `eˣ`; `f' = f'' = eˣ`.
    #[inline]
    pub fn exp(self) -> Self {
        let v = self.re.exp();
        self.chain(v, v, v)
    }

    /// `2ˣ`; `f' = 2ˣ ln 2`, `f'' = 2ˣ ln² 2`.
    #[inline]
    pub fn exp2(self) -> Self {
        let v = self.re.exp2();
        let s = v * T::LN_2();
        self.chain(v, s, s * T::LN_2())
    }

    /// `eˣ - 1`, accurate near 0; `f' = f'' = eˣ`.
    #[inline]
    pub fn exp_m1(self) -> Self {
        let e = self.re.exp();
        self.chain(self.re.exp_m1(), e, e)
    }

    /// Natural logarithm; `f' = 1/x`, `f'' = -1/x²`. At ±0: value `-∞`, slope `+∞`,
    /// curvature `-∞`.
    #[inline]
    pub fn ln(self) -> Self {
        let r = without_negative_zero(self.re).recip();
        self.chain(self.re.ln(), r, -(r * r))
    }

    /// `ln(1 + x)`, accurate near 0; `f' = 1/(1 + x)`, `f'' = -1/(1 + x)²`.
    #[inline]
    pub fn ln_1p(self) -> Self {
        let r = (T::one() + self.re).recip();
        self.chain(self.re.ln_1p(), r, -(r * r))
    }

    /// `log_b x` with `L = ln b`: `f' = 1/(x L)`, `f'' = -1/(x² L)`.
    #[inline]
    fn log_with_ln_base(self, value: T, ln_base: T) -> Self {
        let r = without_negative_zero(self.re).recip();
        let s = r / ln_base;
        self.chain(value, s, -(s * r))
    }

    /// Base-2 logarithm; `f' = 1/(x ln 2)`, `f'' = -1/(x² ln 2)`.
    #[inline]
    pub fn log2(self) -> Self {
        self.log_with_ln_base(self.re.log2(), T::LN_2())
    }

    /// Base-10 logarithm; `f' = 1/(x ln 10)`, `f'' = -1/(x² ln 10)`.
    #[inline]
    pub fn log10(self) -> Self {
        self.log_with_ln_base(self.re.log10(), T::LN_10())
    }

    /// Logarithm to a plain base `b`; `f' = 1/(x ln b)`, `f'' = -1/(x² ln b)`.
    #[inline]
    pub fn log(self, base: T) -> Self {
        self.log_with_ln_base(self.re.log(base), base.ln())
    }

    /// Logarithm to a base that varies: `f = ln x / L` with `L = ln b`;
    /// `f_x = 1/(x L)`, `f_b = -f/(b L)`, `f_xx = -1/(x² L)`, `f_xb = -1/(x b L²)`,
    /// `f_bb = f (L + 2)/(b² L²)`. A constant base takes the [`Dual2::log`] path.
    #[inline]
    pub fn log_dual_base(self, base: Self) -> Self {
        if base.has_zero_derivatives() {
            return self.log(base.re);
        }
        let l = base.re.ln();
        let value = self.re.ln() / l;
        let (rx, rb) = (self.re.recip(), base.re.recip());
        let fx = rx / l;
        let fb = -value * rb / l;
        let fxx = -fx * rx;
        let fxb = -fx * rb / l;
        let fbb = value * (l + T::literal(2.0)) * rb * rb / (l * l);
        Self::chain2(value, &self, &base, (fx, fb), (fxx, fxb, fbb))
    }

    // ----- powers and roots ------------------------------------------------------------

    /// `xⁿ` for an integer `n`; `f' = n xⁿ⁻¹`, `f'' = n(n-1) xⁿ⁻²`.
    ///
    /// `n = 0` is the constant 1 (also for NaN, as `f64::powi`), `n = 1` is `x` itself
    /// (curvature 0, also at `x = 0`, where `x⁻¹` is infinite).
    #[inline]
    pub fn powi(self, n: i32) -> Self {
        match n {
            0 => Self::constant(T::one()),
            1 => self,
            _ => {
                let (x, nf) = (self.re, T::literal(n as f64));
                // n - 1 and n - 2 overflow an i32 only at its minimum: powf there
                let x_n1 = n
                    .checked_sub(1)
                    .map_or_else(|| x_to_n_minus_one(x, nf), |m| x.powi(m));
                let x_n2 = n
                    .checked_sub(2)
                    .map_or_else(|| x_to_n_minus_two(x, nf), |m| x.powi(m));
                self.chain(x.powi(n), nf * x_n1, nf * (nf - T::one()) * x_n2)
            }
        }
    }

    /// `xⁿ` for a plain exponent `n`; `f' = n xⁿ⁻¹`, `f'' = n(n-1) xⁿ⁻²`.
    ///
    /// At `x = 0`, the limits of the formulas: for `n = 2` slope 0, curvature 2; for
    /// `n > 2` both 0; for `1 < n < 2` slope 0, curvature `+∞`; for `0 < n < 1` slope `+∞`,
    /// curvature `-∞`; for `n < 0` both infinite. `n = 0` is the constant 1, `n = 1` is `x`
    /// itself (curvature 0). A negative base with a non-integer exponent gives NaN.
    #[inline]
    pub fn powf(self, n: T) -> Self {
        if n.is_exact_zero() {
            return Self::constant(T::one());
        }
        if n == T::one() {
            return self;
        }
        self.chain(
            self.re.powf(n),
            n * x_to_n_minus_one(self.re, n),
            n * (n - T::one()) * x_to_n_minus_two(self.re, n),
        )
    }

    /// `aᵇ` with a varying exponent: `f_a = b aᵇ⁻¹`, `f_b = aᵇ ln a`,
    /// `f_aa = b(b-1) aᵇ⁻²`, `f_ab = aᵇ⁻¹ (1 + b ln a)`, `f_bb = aᵇ ln² a`.
    ///
    /// Where `aᵇ = 0` (a zero base, `b > 0`) `f_b = f_bb = 0` (the limits of `aᵇ lnᵏ a`),
    /// and `f_ab = 0` for `b > 1`; a constant exponent takes the [`Dual2::powf`] path and
    /// never evaluates `ln a`. A negative base with a varying exponent gives NaN
    /// derivatives in `b`.
    #[inline]
    pub fn pow(self, exponent: Self) -> Self {
        if exponent.has_zero_derivatives() {
            return self.powf(exponent.re);
        }
        let (a, b) = (self.re, exponent.re);
        let one = T::one();
        let value = a.powf(b);
        let a_b1 = x_to_n_minus_one(a, b);
        let (fa, faa) = if b.is_exact_zero() {
            (T::zero(), T::zero())
        } else {
            (b * a_b1, b * (b - one) * x_to_n_minus_two(a, b))
        };
        let (fb, fab, fbb) = if value.is_exact_zero() {
            let fab = if b > one {
                T::zero()
            } else {
                a_b1 * (one + b * a.ln())
            };
            (T::zero(), fab, T::zero())
        } else {
            let l = a.ln();
            (value * l, a_b1 * (one + b * l), value * l * l)
        };
        Self::chain2(value, &self, &exponent, (fa, fb), (faa, fab, fbb))
    }

    /// Square root; `f' = 1/(2√x)`, `f'' = -1/(4 x^(3/2)) = -2 f'³`. At ±0: value 0,
    /// slope `+∞`, curvature `-∞`.
    #[inline]
    pub fn sqrt(self) -> Self {
        let v = self.re.sqrt();
        let s = (v.abs() + v.abs()).recip();
        self.chain(v, s, T::literal(-2.0) * s * s * s)
    }

    /// Cube root; `f' = 1/(3 ∛x²)`, `f'' = -2/(9 ∛x⁵) = f' · (-2/(3x))`. At `x = ±0` the
    /// slope is `+∞` and the curvature the one-sided limit on the side of the zero's sign
    /// (`-∞` at `+0`, `+∞` at `-0`).
    #[inline]
    pub fn cbrt(self) -> Self {
        let v = self.re.cbrt();
        let s = (T::literal(3.0) * v * v).recip();
        let c = s * (T::literal(-2.0) / (T::literal(3.0) * v * v * v));
        self.chain(v, s, c)
    }

    /// `1/x`; `f' = -1/x²`, `f'' = 2/x³`.
    #[inline]
    pub fn recip(self) -> Self {
        let v = self.re.recip();
        let v2 = v * v;
        self.chain(v, -v2, (v2 + v2) * v)
    }

    /// `h = √(a² + b²)` without overflow; with `u = a/h`, `w = b/h`: `f_a = u`, `f_b = w`,
    /// `f_aa = w²/h`, `f_ab = -u w/h`, `f_bb = u²/h`.
    ///
    /// At the origin, the norm's kink, the result is the constant 0 (slope: the midpoint
    /// of the subdifferential; curvature 0, as `abs`, which `hypot(x, 0)` is). Where `h` is
    /// subnormal, `u` and `w` come from the arguments scaled by `2^100`, as for
    /// [`Dual::hypot`](crate::Dual::hypot).
    #[inline]
    pub fn hypot(self, other: Self) -> Self {
        let h = self.re.hypot(other.re);
        if h.is_exact_zero() {
            return Self::constant(h);
        }
        let (u, w) = if h < T::min_positive_value() {
            let scale = T::literal(2f64.powi(100));
            let (a, b) = (self.re * scale, other.re * scale);
            let hs = a.hypot(b);
            (a / hs, b / hs)
        } else {
            (self.re / h, other.re / h)
        };
        Self::chain2(
            h,
            &self,
            &other,
            (u, w),
            (w * w / h, -(u * w) / h, u * u / h),
        )
    }

    // ----- trigonometric ---------------------------------------------------------------

    /// Sine; `f' = cos x`, `f'' = -sin x`.
    #[inline]
    pub fn sin(self) -> Self {
        let (s, c) = self.re.sin_cos();
        self.chain(s, c, -s)
    }

    /// Cosine; `f' = -sin x`, `f'' = -cos x`.
    #[inline]
    pub fn cos(self) -> Self {
        let (s, c) = self.re.sin_cos();
        self.chain(c, -s, -c)
    }

    /// Sine and cosine, sharing one evaluation of each.
    #[inline]
    pub fn sin_cos(self) -> (Self, Self) {
        let (s, c) = self.re.sin_cos();
        (self.chain(s, c, -s), self.chain(c, -s, -c))
    }

    /// Tangent; `f' = 1 + tan² x`, `f'' = 2 tan x (1 + tan² x)`.
    #[inline]
    pub fn tan(self) -> Self {
        let v = self.re.tan();
        let s = T::one() + v * v;
        self.chain(v, s, (v + v) * s)
    }

    /// `r = 1/√((1 - x)(1 + x))`, the slope of `asin`.
    #[inline(always)]
    fn asin_slope(x: T) -> T {
        let one = T::one();
        ((one - x) * (one + x)).sqrt().recip()
    }

    /// Arcsine; `f' = r = 1/√(1 - x²)`, `f'' = x r³`. At ±1 both are infinite (`±∞`
    /// curvature); outside [-1, 1] the value is NaN.
    #[inline]
    pub fn asin(self) -> Self {
        let r = Self::asin_slope(self.re);
        self.chain(self.re.asin(), r, self.re * r * r * r)
    }

    /// Arccosine; `f' = -r`, `f'' = -x r³` with `r = 1/√(1 - x²)`.
    #[inline]
    pub fn acos(self) -> Self {
        let r = Self::asin_slope(self.re);
        self.chain(self.re.acos(), -r, -(self.re * r * r * r))
    }

    /// Arctangent; `f' = 1/(1 + x²)`, `f'' = -2x/(1 + x²)²`.
    #[inline]
    pub fn atan(self) -> Self {
        let s = (T::one() + self.re * self.re).recip();
        self.chain(self.re.atan(), s, T::literal(-2.0) * self.re * s * s)
    }

    /// The angle of `(x, y)` with `self = y`; with `h = hypot(x, y)`, `u = x/h`, `w = y/h`:
    /// `f_y = u/h`, `f_x = -w/h`, `f_yy = -2uw/h²`, `f_yx = (w² - u²)/h²`,
    /// `f_xx = 2uw/h²` (written with `h` so they neither overflow nor underflow early).
    ///
    /// At the origin the angle is undefined: the value follows `f64::atan2`, the
    /// derivatives are 0.
    #[inline]
    pub fn atan2(self, x: Self) -> Self {
        let value = self.re.atan2(x.re);
        let h = self.re.hypot(x.re);
        if h.is_exact_zero() {
            return Self::constant(value);
        }
        let (u, w) = (x.re / h, self.re / h);
        let uw2 = (u * w + u * w) / h / h;
        let cross = (w * w - u * u) / h / h;
        Self::chain2(value, &self, &x, (u / h, -w / h), (-uw2, cross, uw2))
    }

    // ----- hyperbolic ------------------------------------------------------------------

    /// Hyperbolic sine; `f' = cosh x`, `f'' = sinh x`.
    #[inline]
    pub fn sinh(self) -> Self {
        let v = self.re.sinh();
        self.chain(v, self.re.cosh(), v)
    }

    /// Hyperbolic cosine; `f' = sinh x`, `f'' = cosh x`.
    #[inline]
    pub fn cosh(self) -> Self {
        let v = self.re.cosh();
        self.chain(v, self.re.sinh(), v)
    }

    /// Hyperbolic tangent; `f' = 1 - tanh² x`, `f'' = -2 tanh x · f'`. The slope is taken
    /// from [`Dual::tanh`](crate::Dual::tanh), accurate in both tails (`4e/(1 + e)²` with
    /// `e = e^(-2|x|)` for `|x| > 1`).
    #[inline]
    pub fn tanh(self) -> Self {
        let d = crate::Dual::<T, 1>::new(self.re, [T::one()]).tanh();
        let (v, s) = (d.re, d.eps[0]);
        self.chain(v, s, T::literal(-2.0) * v * s)
    }

    /// Inverse hyperbolic sine; `f' = r = 1/√(x² + 1)` (as `1/hypot(x, 1)`),
    /// `f'' = -x r³`.
    #[inline]
    pub fn asinh(self) -> Self {
        let r = self.re.hypot(T::one()).recip();
        self.chain(self.re.asinh(), r, -(self.re * r * r * r))
    }

    /// Inverse hyperbolic cosine; `f' = r = 1/(√(x - 1) √(x + 1))`, `f'' = -x r³`;
    /// infinite at 1, NaN below.
    #[inline]
    pub fn acosh(self) -> Self {
        let one = T::one();
        let r = ((self.re - one).sqrt() * (self.re + one).sqrt()).recip();
        self.chain(self.re.acosh(), r, -(self.re * r * r * r))
    }

    /// Inverse hyperbolic tangent; `f' = r = 1/((1 - x)(1 + x))`, `f'' = 2x r²`.
    #[inline]
    pub fn atanh(self) -> Self {
        let one = T::one();
        let r = ((one - self.re) * (one + self.re)).recip();
        self.chain(self.re.atanh(), r, (self.re + self.re) * r * r)
    }

    // ----- sign, kinks and rounding ----------------------------------------------------

    /// Absolute value; `f' = sign x`, `f'' = 0`. At `x = ±0`: slope 0 (the midpoint of -1
    /// and +1) and curvature 0 (the midpoint of the one-sided curvatures; the delta is
    /// dropped). NaN stays NaN.
    #[inline]
    pub fn abs(self) -> Self {
        let s = midpoint_sign(self.re);
        Dual2 {
            re: self.re.abs(),
            grad: tangent::scale(self.grad, s),
            hess: tangent::scale(self.hess, s),
        }
    }

    /// `±|x|` with the sign of `sign`'s value: the derivatives of [`Dual2::abs`], negated
    /// for a negative sign; `sign`'s derivatives never enter.
    #[inline]
    pub fn copysign(self, sign: Self) -> Self {
        let magnitude = self.abs();
        if sign.re.is_sign_negative() {
            -magnitude
        } else {
            magnitude
        }
    }

    /// The sign of the value as `f64::signum`, a constant (piecewise constant function).
    #[inline]
    pub fn signum(self) -> Self {
        Self::constant(self.re.signum())
    }

    /// The larger by value; a tie averages the values' gradients and Hessians, a NaN is
    /// ignored (the rules of [`Dual::max`](crate::Dual::max)).
    #[inline]
    pub fn max(self, other: Self) -> Self {
        selection::max(self, other)
    }

    /// The smaller by value; ties average, NaN is ignored.
    #[inline]
    pub fn min(self, other: Self) -> Self {
        selection::min(self, other)
    }

    /// `min(max(x, lo), hi)` with the tie rule at the bounds; never panics (a NaN `x` stays
    /// NaN, a NaN bound is ignored, `lo > hi` gives `hi`).
    #[inline]
    pub fn clamp(self, lo: Self, hi: Self) -> Self {
        selection::clamp(self, lo, hi)
    }

    /// `max(self - other, 0)` (C's `fdim`), with the tie rule at `self == other`.
    #[inline]
    pub fn abs_sub(self, other: Self) -> Self {
        selection::abs_sub(self, other, Self::constant(T::zero()))
    }

    /// `self · a + b` with one rounding in the value; derivatives those of `self * a + b`.
    #[inline]
    pub fn mul_add(self, a: Self, b: Self) -> Self {
        let mut y = self * a + b;
        y.re = self.re.mul_add(a.re, b.re);
        y
    }

    /// Rounds down; a constant.
    #[inline]
    pub fn floor(self) -> Self {
        Self::constant(self.re.floor())
    }

    /// Rounds up; a constant.
    #[inline]
    pub fn ceil(self) -> Self {
        Self::constant(self.re.ceil())
    }

    /// Rounds half away from zero; a constant.
    #[inline]
    pub fn round(self) -> Self {
        Self::constant(self.re.round())
    }

    /// Rounds toward zero; a constant.
    #[inline]
    pub fn trunc(self) -> Self {
        Self::constant(self.re.trunc())
    }

    /// `x - trunc(x)`; gradient and Hessian those of `x` (slope 1, curvature 0).
    #[inline]
    pub fn fract(mut self) -> Self {
        self.re = self.re.fract();
        self
    }

    // ----- machine-learning functions --------------------------------------------------

    /// The logistic sigmoid `σ`; `f' = σ(1 - σ)`, `f'' = σ(1 - σ)(1 - 2σ)`, with `1 - σ`
    /// as `σ(-x)` so both tails keep full relative accuracy.
    #[inline]
    pub fn sigmoid(self) -> Self {
        let (s, one_minus_s) = sigmoid_pair(self.re);
        let slope = s * one_minus_s;
        self.chain(s, slope, slope * (one_minus_s - s))
    }

    /// `max(x, 0)`; slope 1 for `x > 0`, 0 for `x < 0`, 1/2 at 0; curvature 0 everywhere
    /// (at 0 the midpoint of the one-sided curvatures, both 0).
    #[inline]
    pub fn relu(self) -> Self {
        let zero = T::zero();
        let value = if self.re > zero {
            self.re
        } else if self.re < zero {
            zero
        } else {
            self.re * T::literal(0.5) + zero
        };
        self.linear(value, unit_step_value(self.re))
    }

    /// `ln(1 + eˣ)`; `f' = σ(x)`, `f'' = σ(x)(1 - σ(x))`; evaluated without overflow.
    #[inline]
    pub fn softplus(self) -> Self {
        let x = self.re;
        let value = if x > T::zero() {
            x + (-x).exp().ln_1p()
        } else {
            x.exp().ln_1p()
        };
        let (s, one_minus_s) = sigmoid_pair(x);
        self.chain(value, s, s * one_minus_s)
    }

    /// The unit step (1/2 at 0, NaN for NaN), a constant.
    #[inline]
    pub fn unit_step(self) -> Self {
        Self::constant(unit_step_value(self.re))
    }

    /// Degrees from radians; slope `180/π`, curvature 0.
    #[inline]
    pub fn to_degrees(self) -> Self {
        self.linear(self.re.to_degrees(), T::literal(180.0) / T::PI())
    }

    /// Radians from degrees; slope `π/180`, curvature 0.
    #[inline]
    pub fn to_radians(self) -> Self {
        self.linear(self.re.to_radians(), T::PI() / T::literal(180.0))
    }
}

/// `xⁿ⁻²` for the curvature of the power rule. Where `n - 2` rounds back to `n` (`|n| >=
/// 2^54`), `n` is even and so is `n - 2`: the power is `xⁿ / x²`, and `xⁿ` itself where
/// that is `0/0` or `∞/∞` (`x = ±0`, `±∞`).
#[inline]
fn x_to_n_minus_two<T: Real>(x: T, n: T) -> T {
    let m = n - T::literal(2.0);
    if m != n {
        x.powf(m)
    } else if x == T::zero() || x.is_infinite() {
        x.powf(n)
    } else {
        x.powf(n) / (x * x)
    }
}

/// The selection rules' view: compared by value; a tie averages gradients and Hessians
/// (at the larger value, so nested numbers average their inner parts too).
impl<T: Real, const N: usize, const P: usize> selection::ByValue for Dual2<T, N, P> {
    type Value = T;

    #[inline]
    fn compared_value(&self) -> T {
        self.re
    }

    #[inline]
    fn tie(self, other: Self) -> Self {
        Dual2 {
            re: self.re.max(other.re),
            grad: tangent::average(self.grad, &other.grad),
            hess: tangent::average(self.hess, &other.hess),
        }
    }
}
