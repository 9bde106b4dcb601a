//! Derivatives of any order from truncated Taylor arithmetic ([`Taylor<T, K>`](Taylor)):
//! all derivatives up to order `K` of `f: R -> R` ([`derivatives`]) or its Taylor
//! coefficients ([`taylor_coefficients`]); the `k`-th derivatives of `t ↦ f(x + t v)` for
//! `f: R^N -> R` and `R^N -> R^M` ([`directional_derivatives`],
//! [`directional_derivatives_vector`]); and one mixed partial derivative of any order
//! from directional ones ([`mixed_partial`]). Each evaluates `f` once on Taylor numbers,
//! except `mixed_partial`, once per direction of its combination.

#[cfg(feature = "nalgebra")]
use nalgebra::SVector;

use super::seed;
#[cfg(feature = "nalgebra")]
use crate::taylor::factorial;
use crate::{Real, Taylor};

/// `(f(x), [c_1, ..., c_K])`: the value and the Taylor coefficients of `f` at `x`, so
/// `f(x + h) = f(x) + c_1 h + ... + c_K h^K + O(h^{K+1})`, from one evaluation on
/// `Taylor<T, K>`.
///
/// ```
/// use dualnum::taylor_coefficients;
/// // 1/(1 - x) at 0: every coefficient is 1
/// let (y, c) = taylor_coefficients::<f64, 5>(|x| 1.0 / (1.0 - x), 0.0);
/// assert_eq!((y, c), (1.0, [1.0; 5]));
/// ```
#[inline]
pub fn taylor_coefficients<T: Real, const K: usize>(
    f: impl FnOnce(Taylor<T, K>) -> Taylor<T, K>,
    x: T,
) -> (T, [T; K]) {
    let y = f(seed::taylor_along(x, T::one()));
    (y.re, y.c)
}

/// `(f(x), [f'(x), f''(x), ..., f^(K)(x)])` for `f: R -> R`: element `k - 1` is the
/// `k`-th derivative `k! c_k`, from one evaluation on `Taylor<T, K>` (`K + 1` numbers per
/// quantity, `O(K²)` work per product).
///
/// ```
/// use dualnum::derivatives;
/// // sin: the derivatives cycle cos, -sin, -cos, sin
/// let x = 0.7_f64;
/// let (y, d) = derivatives::<f64, 4>(|t| t.sin(), x);
/// assert_eq!(y, x.sin());
/// let expected = [x.cos(), -x.sin(), -x.cos(), x.sin()];
/// for k in 0..4 {
///     assert!((d[k] - expected[k]).abs() < 1e-15);
/// }
/// ```
#[inline]
pub fn derivatives<T: Real, const K: usize>(
    f: impl FnOnce(Taylor<T, K>) -> Taylor<T, K>,
    x: T,
) -> (T, [T; K]) {
    let y = f(seed::taylor_along(x, T::one()));
    (y.re, y.derivatives())
}

/// `(f(x), [D¹, ..., D^K])` with `D^k = dᵏ/dtᵏ f(x + t v)` at `t = 0` for `f: R^N -> R`:
/// the `k`-th directional derivative along `v` (`D^k = D^k f(x)[v, ..., v]`, the `k`-th
/// derivative tensor applied to `v` `k` times), from one evaluation on `Taylor<T, K>`
/// whatever `N` is.
///
/// ```
/// use dualnum::directional_derivatives;
/// use nalgebra::Vector2;
/// // f = x² y along v = (1, 1) at (1, 2): f(1 + t, 2 + t) = 2 + 5t + 4t² + t³
/// let f = |p: &Vector2<_>| p[0] * p[0] * p[1];
/// let (y, d) = directional_derivatives::<f64, 3, 2>(f, &Vector2::new(1.0, 2.0), &Vector2::new(1.0, 1.0));
/// assert_eq!((y, d), (2.0, [5.0, 8.0, 6.0]));
/// ```
#[cfg(feature = "nalgebra")]
#[inline]
pub fn directional_derivatives<T: Real, const K: usize, const N: usize>(
    f: impl FnOnce(&SVector<Taylor<T, K>, N>) -> Taylor<T, K>,
    x: &SVector<T, N>,
    v: &SVector<T, N>,
) -> (T, [T; K]) {
    let y = f(&seed::taylor_line(x, v));
    (y.re, y.derivatives())
}

/// `(f(x), [D¹, ..., D^K])` for `f: R^N -> R^M`: as [`directional_derivatives`], one
/// `M`-vector per order (element `k - 1` is `dᵏ/dtᵏ f(x + t v)` at `t = 0`), from one
/// evaluation. With `v` a unit vector `e_i` these are the pure partials `∂ᵏf/∂x_iᵏ`.
///
/// ```
/// use dualnum::directional_derivatives_vector;
/// use nalgebra::Vector2;
/// // f = (x y, x + y) along (1, -1) at (2, 3): x y = 6 + t - t², x + y = 5
/// let f = |p: &Vector2<_>| Vector2::new(p[0] * p[1], p[0] + p[1]);
/// let (y, d) = directional_derivatives_vector::<f64, 2, 2, 2>(f, &Vector2::new(2.0, 3.0), &Vector2::new(1.0, -1.0));
/// assert_eq!(y, Vector2::new(6.0, 5.0));
/// assert_eq!(d, [Vector2::new(1.0, 0.0), Vector2::new(-2.0, 0.0)]);
/// ```
#[cfg(feature = "nalgebra")]
#[inline]
pub fn directional_derivatives_vector<T: Real, const K: usize, const N: usize, const M: usize>(
    f: impl FnOnce(&SVector<Taylor<T, K>, N>) -> SVector<Taylor<T, K>, M>,
    x: &SVector<T, N>,
    v: &SVector<T, N>,
) -> (SVector<T, M>, [SVector<T, M>; K]) {
    let y = f(&seed::taylor_line(x, v));
    let d = y.map(|yi| yi.derivatives());
    (
        y.map(|yi| yi.re),
        core::array::from_fn(|k| d.map(|dk| dk[k])),
    )
}

/// The mixed partial `∂^α f(x) = ∂^{|α|} f / ∂x_0^{α_0} ... ∂x_{N-1}^{α_{N-1}}` of
/// order `d = |α| = α_0 + ... + α_{N-1} <= K`, from directional Taylor coefficients by
/// the polarization identity of symmetric multilinear forms (inclusion-exclusion): with
/// `c_d(w)` the coefficient of `t^d` in `f(x + t w)`,
///
/// `∂^α f(x) = Σ_{0 < β <= α} (-1)^{d - |β|} (α choose β) c_d(β)`,
///
/// summed over the multi-indices `β` with `0 <= β_i <= α_i`, not all zero, each used as
/// the direction `w = (β_0, ..., β_{N-1})`, and `(α choose β) = Π_i (α_i choose β_i)`.
/// (The `d`-th derivative tensor `T` is symmetric and `d! c_d(w) = T[w, ..., w]`;
/// polarization recovers `T[e_{i_1}, ..., e_{i_d}]` from the `2^d - 1` sums of subsets of
/// the `d` unit vectors, and equal unit vectors merge into the binomial weights.) It takes
/// `Π_i (α_i + 1) - 1` evaluations of `f`; the alternating sum loses accuracy as `d`
/// grows, about `2^d` times the rounding error of the coefficients. `α = 0` gives `f(x)`.
///
/// For every partial of order 2, [`hessian`](crate::hessian) is cheaper; this is for a few
/// partials of high order, such as `∂⁴f/∂x²∂y²`.
///
/// ```
/// use dualnum::{mixed_partial, Taylor};
/// use nalgebra::Vector2;
/// // f = x³ y²: ∂³f/∂x²∂y = 12 x y
/// let f = |p: &Vector2<Taylor<f64, 3>>| p[0].powi(3) * p[1] * p[1];
/// let d = mixed_partial(f, &Vector2::new(2.0, 5.0), [2, 1]);
/// assert!((d - 120.0).abs() < 1e-11);
/// ```
///
/// # Panics
/// If `|α| > K`: the Taylor numbers do not carry the coefficient of order `|α|`.
#[cfg(feature = "nalgebra")]
pub fn mixed_partial<T: Real, const K: usize, const N: usize>(
    f: impl Fn(&SVector<Taylor<T, K>, N>) -> Taylor<T, K>,
    x: &SVector<T, N>,
    alpha: [usize; N],
) -> T {
    let d: usize = alpha.iter().sum();
    assert!(
        d <= K,
        "mixed_partial: the order |alpha| = {d} is above the order K = {K} of the Taylor numbers"
    );
    if d == 0 {
        return f(&seed::taylor_line(x, &SVector::zeros())).re;
    }
    let mut beta = [0usize; N];
    let mut sum = T::zero();
    // every β with 0 <= β <= α, in odometer order, skipping β = 0
    loop {
        let mut i = 0;
        while i < N && beta[i] == alpha[i] {
            beta[i] = 0;
            i += 1;
        }
        if i == N {
            break;
        }
        beta[i] += 1;
        let size: usize = beta.iter().sum();
        let weight: f64 = (0..N).map(|i| binomial(alpha[i], beta[i])).product();
        let sign = if (d - size).is_multiple_of(2) {
            1.0
        } else {
            -1.0
        };
        let w = SVector::from_fn(|i, _| T::literal(beta[i] as f64));
        let c = f(&seed::taylor_line(x, &w)).coefficient(d);
        sum = sum + c.mul_f64(sign * weight);
    }
    sum
}

/// `n choose k` as an `f64`.
#[cfg(feature = "nalgebra")]
fn binomial(n: usize, k: usize) -> f64 {
    factorial(n) / (factorial(k) * factorial(n - k))
}
