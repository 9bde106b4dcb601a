//! The coefficient kernels every operation of [`Taylor`] is built from, each written once.
//!
//! Notation: `x_k` is the coefficient of `t^k` (`x_0 = re`, `x_k = c[k-1]`). Two arrays of
//! length `K` carry a series to order `K - 1`, which is all a derivative needs:
//!
//! - the *lower* coefficients `[x_0, ..., x_{K-1}]` ([`lower`]);
//! - the *derivative series* of `x' = dx/dt`, `[1 x_1, 2 x_2, ..., K x_K]`
//!   ([`derivative_series`]): coefficient `m` of `x'` is `(m + 1) x_{m+1}`.
//!
//! The recurrences are those of Griewank and Walther, *Evaluating Derivatives*, 2nd ed.,
//! ch. 13, Table 13.1 (arithmetic) and Table 13.2 (elementary functions); they follow from
//! two facts: the coefficients of a product are the Cauchy product
//! `(a b)_m = Σ_{i=0}^{m} a_i b_{m-i}`, and a series is fixed by its value and its
//! derivative, `y_{m+1} = (y')_m / (m + 1)`.

use super::Taylor;
use crate::Real;

/// The Cauchy product `z = a b`: `z_k = Σ_{j=0}^{k} a_j b_{k-j}` (G&W Table 13.1), written
/// with the two terms that involve the values first,
/// `z_k = a_0 b_k + a_k b_0 + Σ_{j=1}^{k-1} a_j b_{k-j}`, so order 1 is exactly the dual
/// product; `(K + 1)(K + 2)/2` multiplications.
#[inline(always)]
pub(super) fn product<T: Real, const K: usize>(a: &Taylor<T, K>, b: &Taylor<T, K>) -> Taylor<T, K> {
    Taylor {
        re: a.re * b.re,
        c: core::array::from_fn(|i| {
            // coefficient k = i + 1
            let mut s = a.re * b.c[i] + a.c[i] * b.re;
            for j in 0..i {
                s = s + a.c[j] * b.c[i - 1 - j];
            }
            s
        }),
    }
}

/// The quotient `q = a / b` by the division recurrence (G&W Table 13.1, from `b q = a`):
/// `q_0 = a_0 / b_0` (correctly rounded, the float quotient) and
/// `q_k = (a_k - q_0 b_k - Σ_{j=1}^{k-1} q_j b_{k-j}) / b_0`, with one reciprocal of `b_0`
/// (a division per coefficient where it overflows, a subnormal `b_0`).
#[inline(always)]
pub(super) fn quotient<T: Real, const K: usize>(
    a: &Taylor<T, K>,
    b: &Taylor<T, K>,
) -> Taylor<T, K> {
    let q0 = a.re / b.re;
    let inv = b.re.recip();
    let finite = inv.is_finite();
    let mut q = Taylor::constant(q0);
    for i in 0..K {
        let mut s = a.c[i] - q0 * b.c[i];
        for j in 0..i {
            s = s - q.c[j] * b.c[i - 1 - j];
        }
        q.c[i] = if finite { s * inv } else { s / b.re };
    }
    q
}

/// `1/(m + 1)`, the factor that turns coefficient `m` of `y'` into `y_{m+1}`.
#[inline(always)]
pub(super) fn inv_next(m: usize) -> f64 {
    1.0 / (m + 1) as f64
}

/// The lower coefficients `[x_0, ..., x_{K-1}]` of `x`.
#[inline(always)]
pub(super) fn lower<T: Real, const K: usize>(x: &Taylor<T, K>) -> [T; K] {
    core::array::from_fn(|m| if m == 0 { x.re } else { x.c[m - 1] })
}

/// The derivative series `[1 x_1, 2 x_2, ..., K x_K]` of `x`: `(x')_m = (m + 1) x_{m+1}`.
#[inline(always)]
pub(super) fn derivative_series<T: Real, const K: usize>(x: &Taylor<T, K>) -> [T; K] {
    core::array::from_fn(|m| x.c[m].mul_f64((m + 1) as f64))
}

/// Coefficient `m` of the Cauchy product of two series given by (at least) their
/// coefficients `0 ..= m`: `Σ_{i=0}^{m} a_i b_{m-i}`.
#[inline(always)]
pub(super) fn cauchy<T: Real>(a: &[T], b: &[T], m: usize) -> T {
    let mut s = a[0] * b[m];
    for i in 1..=m {
        s = s + a[i] * b[m - i];
    }
    s
}

/// The series `y` with value `y0` and derivative series `p`: `y_{m+1} = p_m / (m + 1)`.
#[inline(always)]
pub(super) fn integrate<T: Real, const K: usize>(y0: T, p: &[T; K]) -> Taylor<T, K> {
    Taylor {
        re: y0,
        c: core::array::from_fn(|m| p[m].mul_f64(inv_next(m))),
    }
}

/// The quotient `q = a / b` of two series to order `K - 1` (lower coefficients), by the
/// division recurrence (G&W Table 13.1): `b q = a` gives
/// `q_m = (a_m - Σ_{i=0}^{m-1} q_i b_{m-i}) / b_0`.
#[inline(always)]
pub(super) fn divide<T: Real, const K: usize>(a: &[T; K], b: &[T; K]) -> [T; K] {
    let mut q = [T::zero(); K];
    if K == 0 {
        return q;
    }
    let inv = b[0].recip();
    let finite = inv.is_finite();
    for m in 0..K {
        let mut s = a[m];
        for i in 0..m {
            s = s - q[i] * b[m - i];
        }
        q[m] = if finite { s * inv } else { s / b[0] };
    }
    q
}

/// `y = f(x)` for an `f` with `f' = g`, written as `y' = g · x'` (G&W Table 13.2): value
/// `y0 = f(x_0)`, and for `m = 0 .. K-1`
///
/// `y_{m+1} = (1/(m+1)) Σ_{i=0}^{m} (x')_i g_{m-i}`,
///
/// where `g_at(y, m)` returns `g_m` from the lower coefficients `y_0 ..= y_m` of `y`
/// computed so far (`g` is itself a series in `y`: `g = y` for `exp`, `1 + y²` for `tan`,
/// ...), so each coefficient costs one Cauchy sum.
#[inline(always)]
pub(super) fn chain<T: Real, const K: usize>(
    x: &Taylor<T, K>,
    y0: T,
    mut g_at: impl FnMut(&[T; K], usize) -> T,
) -> Taylor<T, K> {
    let dx = derivative_series(x);
    let mut y = Taylor::constant(y0);
    let mut yl = [T::zero(); K];
    let mut gl = [T::zero(); K];
    if let Some(first) = yl.first_mut() {
        *first = y0;
    }
    for m in 0..K {
        gl[m] = g_at(&yl, m);
        let next = cauchy(&dx, &gl, m).mul_f64(inv_next(m));
        y.c[m] = next;
        if m + 1 < K {
            yl[m + 1] = next;
        }
    }
    y
}

/// `y = f(x)` for an `f` with `f' = 1/u`, written as `u y' = x'` (the form of `ln`,
/// `atan`, `asin`, ... in G&W Table 13.2): `y' = x' / u` by [`divide`], then integrated
/// from `y0`. `u` is the series of the denominator (`x` for `ln`, `1 + x²` for `atan`).
#[inline(always)]
pub(super) fn over<T: Real, const K: usize>(
    x: &Taylor<T, K>,
    y0: T,
    u: &Taylor<T, K>,
) -> Taylor<T, K> {
    integrate(y0, &divide(&derivative_series(x), &lower(u)))
}

/// `y = xʳ` for `x_0 ≠ 0` with value `y0`, from `x y' = r y x'` (G&W Table 13.2, the
/// power recurrence): for `k = 1 ..= K`
///
/// `y_k = (1/(k x_0)) Σ_{j=0}^{k-1} (r (k - j) - j) x_{k-j} y_j`.
///
/// No logarithm is taken, so a negative `x_0` works wherever `x_0ʳ` is real (`cbrt`).
#[inline(always)]
pub(super) fn power<T: Real, const K: usize>(x: &Taylor<T, K>, y0: T, r: T) -> Taylor<T, K> {
    let mut y = Taylor::constant(y0);
    let inv_x0 = x.re.recip();
    for k in 1..=K {
        let mut s = r.mul_f64(k as f64) * x.c[k - 1] * y0;
        for j in 1..k {
            let factor = r.mul_f64((k - j) as f64) - T::literal(j as f64);
            s = s + factor * x.c[k - j - 1] * y.c[j - 1];
        }
        y.c[k - 1] = (s * inv_x0).mul_f64(1.0 / k as f64);
    }
    y
}

/// The convention where `f` has a finite value but no Taylor expansion because its slope
/// is infinite (`sqrt`, `cbrt`, `asin`, `acosh`, ... at the edge of their domain, and the
/// logarithms at 0): a constant stays a constant; otherwise `c_1` is the dual number's
/// tangent `slope · x_1` with its zero-tangent guard (`0` where `x_1 = 0`, `±∞` else) and
/// every higher coefficient is NaN (there is no expansion to report).
#[inline(never)]
pub(super) fn edge<T: Real, const K: usize>(x: &Taylor<T, K>, value: T, slope: T) -> Taylor<T, K> {
    if x.is_constant() {
        return Taylor::constant(value);
    }
    let mut y = Taylor::constant(value);
    for (k, c) in y.c.iter_mut().enumerate() {
        *c = if k > 0 {
            T::nan()
        } else if x.c[0].is_exact_zero() {
            T::zero()
        } else {
            x.c[0] * slope
        };
    }
    y
}

/// Every higher coefficient times `s`, the value replaced by `value` (a linear function of
/// the series, such as `log2 x = ln x / ln 2`, or a sign).
#[inline(always)]
pub(super) fn scaled<T: Real, const K: usize>(x: Taylor<T, K>, s: T, value: T) -> Taylor<T, K> {
    Taylor {
        re: value,
        c: x.c.map(|c| c * s),
    }
}
