//! The loops over the packed upper triangle of a [`Dual2`](crate::Dual2) Hessian, each
//! written once: the scaled sums of Hessians and the symmetric rank-one and rank-two
//! updates by gradients, from which every rule of the second-order chain rule is built.
//!
//! The triangle is packed row by row: entry `(i, j)`, `i <= j`, follows `(i, j - 1)`, and
//! row `i + 1` follows `(i, N - 1)`. The loops walk it with one running index, so the
//! compiler sees `P` consecutive stores.
//!
//! Each update has a guarded form for a non-finite coefficient (the zero-tangent guard of
//! `docs/conventions.md`, one order up): a product with an exactly zero gradient component
//! or Hessian entry contributes zero instead of `0 · ∞ = NaN`. The common, finite path
//! does no test per entry.

use crate::Real;

/// `s h`, with the zero-tangent guard where `s` is not finite.
#[inline(always)]
pub(crate) fn guarded_scale<T: Real, const P: usize>(h: [T; P], s: T) -> [T; P] {
    by_value::guarded_scale(h, s)
}

/// `s h + c g gᵀ` on the packed triangle: the Hessian of `f(a)` with `s = f'(a)`,
/// `c = f''(a)`, `g`, `h` the gradient and Hessian of `a`. Where `s` or `c` is not finite,
/// a zero entry or component contributes zero.
#[inline(always)]
pub(crate) fn scale_rank1<T: Real, const N: usize, const P: usize>(
    mut h: [T; P],
    s: T,
    c: T,
    g: &[T; N],
) -> [T; P] {
    if s.is_finite() && c.is_finite() {
        let mut start = 0;
        for i in 0..N {
            let cgi = c * g[i];
            let len = N - i;
            for (hk, &gj) in h[start..start + len].iter_mut().zip(&g[i..]) {
                *hk = s * *hk + cgi * gj;
            }
            start += len;
        }
        return h;
    }
    let mut h = guarded_scale(h, s);
    if c.is_exact_zero() {
        return h;
    }
    let mut k = 0;
    for i in 0..N {
        for j in i..N {
            if !g[i].is_exact_zero() && !g[j].is_exact_zero() {
                h[k] = h[k] + c * g[i] * g[j];
            }
            k += 1;
        }
    }
    h
}

/// `h + c (a bᵀ + b aᵀ)` on the packed triangle: the cross term of a product or of a
/// two-argument function. Where `c` is not finite, a product with a zero component
/// contributes zero.
#[inline(always)]
pub(crate) fn add_sym_rank2<T: Real, const N: usize, const P: usize>(
    mut h: [T; P],
    c: T,
    a: &[T; N],
    b: &[T; N],
) -> [T; P] {
    let guarded = !c.is_finite();
    let mut k = 0;
    for i in 0..N {
        let (cai, cbi) = (c * a[i], c * b[i]);
        for j in i..N {
            if guarded {
                let t1 = if a[i].is_exact_zero() || b[j].is_exact_zero() {
                    T::zero()
                } else {
                    cai * b[j]
                };
                let t2 = if b[i].is_exact_zero() || a[j].is_exact_zero() {
                    T::zero()
                } else {
                    cbi * a[j]
                };
                h[k] = h[k] + (t1 + t2);
            } else {
                h[k] = h[k] + (cai * b[j] + cbi * a[j]);
            }
            k += 1;
        }
    }
    h
}

/// `sa ha + sb hb + (a bᵀ + b aᵀ)`: the Hessian of the product `a b` with `sa = b`,
/// `sb = a` (values), `a`, `b` the gradients. The hot path of every product: one pass,
/// row by row, each row a contiguous run of the packed triangle (so it vectorizes).
#[inline(always)]
pub(crate) fn product<T: Real, const N: usize, const P: usize>(
    mut ha: [T; P],
    sa: T,
    hb: &[T; P],
    sb: T,
    a: &[T; N],
    b: &[T; N],
) -> [T; P] {
    let mut start = 0;
    for i in 0..N {
        let (ai, bi) = (a[i], b[i]);
        let len = N - i;
        let row = &mut ha[start..start + len];
        let row_b = &hb[start..start + len];
        for (((h, &hb), &aj), &bj) in row.iter_mut().zip(row_b).zip(&a[i..]).zip(&b[i..]) {
            *h = sa * *h + sb * hb + (ai * bj + bi * aj);
        }
        start += len;
    }
    ha
}

/// The tangent kernels of `dual/tangent.rs` (which work in place) in the by-value form the
/// second-order rules are written in: each takes its first array by value and returns it.
pub(crate) mod by_value {
    use core::ops::{Add, Div, Mul, Sub};

    use num_traits::Float;

    use crate::Real;
    use crate::dual::tangent;

    /// `a + b`.
    #[inline(always)]
    pub(crate) fn add<E: Copy + Add<Output = E>, const N: usize>(
        mut a: [E; N],
        b: &[E; N],
    ) -> [E; N] {
        tangent::add(&mut a, b);
        a
    }

    /// `a - b`.
    #[inline(always)]
    pub(crate) fn sub<E: Copy + Sub<Output = E>, const N: usize>(
        mut a: [E; N],
        b: &[E; N],
    ) -> [E; N] {
        tangent::sub(&mut a, b);
        a
    }

    /// `y + s x`.
    #[inline(always)]
    pub(crate) fn axpy<E, S, const N: usize>(mut y: [E; N], s: S, x: &[E; N]) -> [E; N]
    where
        E: Copy + Add<Output = E> + Mul<S, Output = E>,
        S: Copy,
    {
        tangent::axpy(&mut y, s, x);
        y
    }

    /// `s a`.
    #[inline(always)]
    pub(crate) fn scale<E: Copy + Mul<S, Output = E>, S: Copy, const N: usize>(
        mut a: [E; N],
        s: S,
    ) -> [E; N] {
        tangent::scale(&mut a, s);
        a
    }

    /// `slope · a` with the zero-tangent guard.
    #[inline(always)]
    pub(crate) fn guarded_scale<T: Real, const N: usize>(mut a: [T; N], slope: T) -> [T; N] {
        tangent::guarded_scale(&mut a, slope);
        a
    }

    /// `a / c`, one reciprocal where it is finite.
    #[inline(always)]
    pub(crate) fn divide<E, S, const N: usize>(mut a: [E; N], c: S) -> [E; N]
    where
        E: Copy + Mul<S, Output = E> + Div<S, Output = E>,
        S: Float,
    {
        tangent::divide(&mut a, c);
        a
    }

    /// `(a + b) / 2`.
    #[inline(always)]
    pub(crate) fn average<T: Real, const N: usize>(mut a: [T; N], b: &[T; N]) -> [T; N] {
        tangent::average(&mut a, b);
        a
    }
}
