//! The `f64` values of [`Special`](crate::Special) that the `libm` crate does not have: the
//! polygamma functions `ψ⁽ⁿ⁾` (digamma `ψ = ψ⁽⁰⁾`, trigamma `ψ⁽¹⁾`, ...) and the spherical
//! Bessel functions `jₙ`. Each algorithm is stated beside its code, with its accuracy
//! (measured against mpmath in `tests/special_functions.rs`). `f32` evaluates them in `f64`
//! and rounds.

use core::f64::consts::PI;

// Without std, f64's maths methods (`powi`, `sin`, ...) come from num-traits (on libm).
#[cfg(not(feature = "std"))]
use num_traits::Float;

/// The Bernoulli numbers `B₂, B₄, ..., B₂₀` (exact rationals, rounded to `f64`).
const BERNOULLI: [f64; 10] = [
    1.0 / 6.0,
    -1.0 / 30.0,
    1.0 / 42.0,
    -1.0 / 30.0,
    5.0 / 66.0,
    -691.0 / 2730.0,
    7.0 / 6.0,
    -3617.0 / 510.0,
    43867.0 / 798.0,
    -174611.0 / 330.0,
];

/// The highest order of [`polygamma`]: `n!` overflows above `170!`.
pub(crate) const MAX_POLYGAMMA_ORDER: u32 = 170;

/// `n!` as an `f64` (exact up to `22!`, rounded above, `+∞` above `170!`).
fn factorial(n: u32) -> f64 {
    (1..=n).fold(1.0, |p, k| p * f64::from(k))
}

/// The polygamma function `ψ⁽ⁿ⁾(x) = dⁿ⁺¹/dxⁿ⁺¹ ln Γ(x)`.
///
/// Algorithm:
/// 1. Reflection for `x < 1/2`: `ψ⁽ⁿ⁾(x) = (-1)ⁿ ψ⁽ⁿ⁾(1 - x) - πⁿ⁺¹ Pₙ(cot πx)`, where
///    `Pₙ` is the polynomial with `dⁿ/dyⁿ cot y = Pₙ(cot y)`: `P₀(c) = c`,
///    `Pₖ₊₁(c) = -(1 + c²) Pₖ'(c)` (the `n`-th derivative of `ψ(1 - x) - ψ(x) = π cot πx`).
///    `cot πx` is taken of `x` reduced to `r` in `[-1/2, 1/2]` (cot has period π), so
///    large negative arguments keep their accuracy, as `sin π(1/2 - |r|) / sin πr`, exact
///    zero at the half-integers.
/// 2. Recurrence up to `x ≥ 12 + 2n`: `ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x + 1) + (-1)ⁿ⁺¹ n! / xⁿ⁺¹`.
/// 3. The asymptotic series there, ten Bernoulli terms:
///    `ψ(x) ~ ln x - 1/(2x) - Σₖ B₂ₖ / (2k x²ᵏ)` and, for `n ≥ 1`,
///    `ψ⁽ⁿ⁾(x) ~ (-1)ⁿ⁺¹ [(n-1)!/xⁿ + n!/(2xⁿ⁺¹) + Σₖ B₂ₖ (2k+n-1)! / ((2k)! x²ᵏ⁺ⁿ)]`;
///    the first omitted term is below `10⁻¹⁹` of the sum for `n ≤ 10` at the shift point.
///
/// Accuracy (against mpmath, `tests/special_functions.rs`): relative `5·10⁻¹⁵` for
/// `n ≤ 3` away from the zeros of `ψ⁽ⁿ⁾` (measured: `3.4·10⁻¹⁵`); near a zero (that of
/// `ψ` at 1.4616..., and those on `x < 0`) the error is absolute, about `10⁻¹⁶` times the
/// terms that cancel; near a pole `-k` the reflection inherits the rounding of `x + k`.
///
/// Edges: at the poles `x = 0, -1, -2, ...` the value is NaN for even `n` (the two
/// one-sided limits are `±∞`) and `+∞` for odd `n` (both limits are `+∞`); `ψ(+∞) = +∞`,
/// `ψ⁽ⁿ⁾(+∞) = 0` for `n ≥ 1`; `-∞` and NaN give NaN, and so does every order above
/// [`MAX_POLYGAMMA_ORDER`] (170, where `n!` overflows). The cost grows with `n` (the
/// shift to `12 + 2n`, and for `x < 1/2` the degree-`n + 1` polynomial).
pub(crate) fn polygamma(n: u32, x: f64) -> f64 {
    if x.is_nan() || x == f64::NEG_INFINITY || n > MAX_POLYGAMMA_ORDER {
        return f64::NAN;
    }
    if x == f64::INFINITY {
        return if n == 0 { f64::INFINITY } else { 0.0 };
    }
    if x <= 0.0 && x == x.floor() {
        return if n.is_multiple_of(2) {
            f64::NAN
        } else {
            f64::INFINITY
        };
    }
    if x < 0.5 {
        let sign = if n.is_multiple_of(2) { 1.0 } else { -1.0 };
        let reduced = x - x.round();
        // cos πr as sin π(1/2 - |r|): exactly 0 at the half-integers (1/2 - |r| is exact
        // there), where cos(π/2) in floating point is 6e-17
        let cot = (PI * (0.5 - reduced.abs())).sin() / (PI * reduced).sin();
        let derivative_of_cot = PI.powi(n as i32 + 1) * cot_derivative_polynomial(n, cot);
        return sign * polygamma_positive(n, 1.0 - x) - derivative_of_cot;
    }
    polygamma_positive(n, x)
}

/// `Pₙ(c)` with `dⁿ/dyⁿ cot y = Pₙ(cot y)`, from `P₀ = c` and `Pₖ₊₁ = -(1 + c²) Pₖ'`
/// (coefficients in ascending powers of `c`; `Pₙ` has degree `n + 1`), for
/// `n ≤` [`MAX_POLYGAMMA_ORDER`]. The coefficients live in a stack buffer, updated in
/// place: with `p` the coefficients of one polynomial, coefficient `j` of the next is
/// `-(j + 1) pⱼ₊₁ - (j - 1) pⱼ₋₁` (no heap, so `no_std` without `alloc` has it too).
fn cot_derivative_polynomial(n: u32, c: f64) -> f64 {
    let mut buffer = [0.0; MAX_POLYGAMMA_ORDER as usize + 2];
    let p = &mut buffer[..n as usize + 2];
    p[1] = 1.0; // P₀ = c
    for len in 2..p.len() {
        // from the `len` coefficients of Pₖ to the `len + 1` of Pₖ₊₁
        let mut below = 0.0; // the old coefficient j - 1
        for j in 0..=len {
            let mut next = 0.0;
            if j >= 2 {
                next -= (j - 1) as f64 * below;
            }
            if j + 1 < len {
                next -= (j + 1) as f64 * p[j + 1];
            }
            below = p[j];
            p[j] = next;
        }
    }
    p.iter().rev().fold(0.0, |acc, &a| acc * c + a)
}

/// Steps 2 and 3 of [`polygamma`], for `x ≥ 1/2`.
fn polygamma_positive(n: u32, mut x: f64) -> f64 {
    let threshold = 12.0 + 2.0 * f64::from(n);
    let n_factorial = factorial(n);
    // (-1)^(n+1)
    let sign = if n.is_multiple_of(2) { -1.0 } else { 1.0 };
    let mut shifted = 0.0;
    while x < threshold {
        shifted += 1.0 / x.powi(n as i32 + 1);
        x += 1.0;
    }
    let shift_sum = sign * n_factorial * shifted;
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    let series = if n == 0 {
        let mut sum = 0.0;
        let mut power = inv2;
        for (k, &b) in BERNOULLI.iter().enumerate() {
            sum += b / (2.0 * (k + 1) as f64) * power;
            power *= inv2;
        }
        x.ln() - 0.5 * inv - sum
    } else {
        // (2k + n - 1)! / (2k)! for k = 1, ..., built up by the ratio of consecutive terms
        let mut sum =
            factorial(n - 1) * inv.powi(n as i32) + 0.5 * n_factorial * inv.powi(n as i32 + 1);
        let mut ratio = factorial(n + 1) / 2.0; // (n + 1)! / 2!
        let mut power = inv.powi(n as i32 + 2);
        for (k, &b) in BERNOULLI.iter().enumerate() {
            let k = (k + 1) as f64;
            sum += b * ratio * power;
            // from (2k+n-1)!/(2k)! to (2k+n+1)!/(2k+2)!
            let m = f64::from(n);
            ratio *= (2.0 * k + m) * (2.0 * k + m + 1.0) / ((2.0 * k + 1.0) * (2.0 * k + 2.0));
            power *= inv2;
        }
        sign * sum
    };
    // ψ⁽ⁿ⁾(x₀) = ψ⁽ⁿ⁾(x₀ + m) + (-1)ⁿ⁺¹ n! Σₖ<ₘ 1/(x₀ + k)ⁿ⁺¹
    series + shift_sum
}

/// The spherical Bessel function of the first kind `jₙ(x) = √(π/(2x)) J_{n+1/2}(x)`:
/// `j₀ = sin x / x`, `j₁ = sin x / x² - cos x / x`, `j₂ = (3/x² - 1) sin x / x - 3 cos x / x²`.
///
/// Algorithm: for `|x| < n + 1` (and always for `|x| < 1`) the power series
/// `jₙ(x) = xⁿ/(2n+1)!! Σₖ (-x²/2)ᵏ / (k! (2n+3)(2n+5)···(2n+2k+1))`, summed until the terms
/// stop changing the sum (no cancellation of `sin x / x²` against `cos x / x` near 0);
/// above, the upward recurrence `jₖ₊₁ = (2k+1)/x jₖ - jₖ₋₁` from `j₀`, `j₁`, which is
/// stable for `k < |x|`. `jₙ(-x) = (-1)ⁿ jₙ(x)`; `jₙ(±∞) = 0`; NaN gives NaN.
///
/// Accuracy (against mpmath, orders 0 to 5): relative `10⁻¹⁵` away from the zeros of `jₙ`
/// (absolute `10⁻¹⁶` near a zero, as the recurrence subtracts).
pub(crate) fn spherical_bessel_j(n: u32, x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x.is_infinite() {
        return 0.0;
    }
    if x < 0.0 {
        let v = spherical_bessel_j(n, -x);
        return if n.is_multiple_of(2) { v } else { -v };
    }
    let nf = f64::from(n);
    if x < nf + 1.0 || x < 1.0 {
        // xⁿ / (2n+1)!!, then the series
        let mut lead = 1.0;
        for k in 1..=n {
            lead *= x / (2.0 * f64::from(k) + 1.0);
        }
        if lead == 0.0 {
            return 0.0;
        }
        let y = -0.5 * x * x;
        let (mut term, mut sum) = (1.0, 1.0);
        for k in 1..200 {
            let k = f64::from(k);
            term *= y / (k * (2.0 * nf + 2.0 * k + 1.0));
            let next = sum + term;
            if next == sum {
                break;
            }
            sum = next;
        }
        return lead * sum;
    }
    let (s, c) = x.sin_cos();
    let j0 = s / x;
    if n == 0 {
        return j0;
    }
    let mut previous = j0;
    let mut current = s / (x * x) - c / x;
    for k in 1..n {
        let next = (2.0 * f64::from(k) + 1.0) / x * current - previous;
        previous = current;
        current = next;
    }
    current
}
