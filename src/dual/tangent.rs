//! The tangent kernels: the loops over the `N` tangent components that every operator and
//! elementary function of [`Dual`](crate::Dual) is built from, each written once.
//!
//! Each works in place on a tangent (`&mut [E; N]`), so the operators update the
//! components of the dual they consume rather than build a new array: for wide tangents
//! (`N = 32` in a backprop gradient) a by-value array that LLVM fails to elide is a copy of
//! `8 N` bytes per operation.
//!
//! They are generic over the component type `E` and the scalar `S` it is multiplied by,
//! so the same kernel serves `Dual<T, N>` (components `T`, scalars `T`) and a nested dual
//! scaled by a plain float (components `Dual<f64, M>`, scalars `f64`).

use core::ops::{Add, Div, Mul, Sub};

use num_traits::Float;

use crate::Real;

/// `a += b`, component by component.
#[inline(always)]
pub(crate) fn add<E: Copy + Add<Output = E>, const N: usize>(a: &mut [E; N], b: &[E; N]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x = *x + *y;
    }
}

/// `a -= b`, component by component.
#[inline(always)]
pub(crate) fn sub<E: Copy + Sub<Output = E>, const N: usize>(a: &mut [E; N], b: &[E; N]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x = *x - *y;
    }
}

/// `y += s x` (the BLAS axpy), component by component.
#[inline(always)]
pub(crate) fn axpy<E, S, const N: usize>(y: &mut [E; N], s: S, x: &[E; N])
where
    E: Copy + Add<Output = E> + Mul<S, Output = E>,
    S: Copy,
{
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi = *yi + *xi * s;
    }
}

/// `a *= s`, component by component: `d(s x) = s dx` for a constant `s`.
#[inline(always)]
pub(crate) fn scale<E: Copy + Mul<S, Output = E>, S: Copy, const N: usize>(a: &mut [E; N], s: S) {
    for x in a.iter_mut() {
        *x = *x * s;
    }
}

/// `a *= slope`, except that where `slope` is infinite or NaN an exactly zero component
/// stays zero (the zero-tangent guard of [`Dual::chain`](crate::Dual::chain): that
/// component means "this input does not influence the argument"). The check runs only
/// when the slope is not finite, so the common path is one multiplication per component.
#[inline(always)]
pub(crate) fn guarded_scale<T: Real, const N: usize>(a: &mut [T; N], slope: T) {
    if slope.is_finite() {
        scale(a, slope);
        return;
    }
    for x in a.iter_mut() {
        if !x.is_exact_zero() {
            *x = *x * slope;
        }
    }
}

/// `a /= c`, component by component, with one reciprocal of `c` where `1/c` is finite;
/// where it overflows (a subnormal `c`) each component is divided by `c` instead, so a
/// finite `a / c` stays finite and a zero component stays zero rather than `0 · ∞`.
#[inline(always)]
pub(crate) fn divide<E, S, const N: usize>(a: &mut [E; N], c: S)
where
    E: Copy + Mul<S, Output = E> + Div<S, Output = E>,
    S: Float,
{
    let inv = c.recip();
    if inv.is_finite() {
        scale(a, inv);
        return;
    }
    divide_each(a, c);
}

/// `a /= c` by one division per component: rounded once, branch-free, and `0 / c = 0`
/// for every nonzero `c`, subnormal included. Up to a few components this costs no more
/// than the reciprocal [`divide`] starts with.
#[inline(always)]
pub(crate) fn divide_each<E: Copy + Div<S, Output = E>, S: Copy, const N: usize>(
    a: &mut [E; N],
    c: S,
) {
    for x in a.iter_mut() {
        *x = *x / c;
    }
}

/// `a = (a + b) / 2`, component by component: the tie rule of `max`, `min` and `clamp`.
#[inline(always)]
pub(crate) fn average<T: Real, const N: usize>(a: &mut [T; N], b: &[T; N]) {
    add(a, b);
    scale(a, T::literal(0.5));
}
