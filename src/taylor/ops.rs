//! Arithmetic operators of [`Taylor`]: `+ - * / %` and unary `-` for Taylor with Taylor,
//! with a plain scalar and (for `f32`/`f64`) a plain scalar with a Taylor number, their
//! `*Assign` forms, and `Sum`/`Product`.
//!
//! With `a_k`, `b_k` the coefficients (G&W Table 13.1):
//!
//! | operation | coefficient `k` |
//! |---|---|
//! | `a ± b` | `a_k ± b_k` |
//! | `a b` | `Σ_{j=0}^{k} a_j b_{k-j}` (the Cauchy product, `(k+1)(k+2)/2` products up to order `k`) |
//! | `a / b` | `q_k = (a_k - Σ_{j=0}^{k-1} q_j b_{k-j}) / b_0` (from `b q = a`) |
//! | `a % b` | `a_k - trunc(a/b) b_k` (`trunc` is locally constant) |
//!
//! Division takes one reciprocal of `b_0`; where it overflows (a subnormal `b_0`) each
//! coefficient is divided by `b_0` instead, as for `Dual`. As for `Dual`, the arithmetic
//! follows IEEE (`1/0 = ∞`, `0 · ∞ = NaN`) and has no guard.

use core::iter::{Product, Sum};
use core::ops::{
    Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Rem, RemAssign, Sub, SubAssign,
};

use super::{Taylor, series};
use crate::Real;

/// `a + b`: coefficient by coefficient.
impl<T: Real, const K: usize> Add for Taylor<T, K> {
    type Output = Self;
    #[inline(always)]
    fn add(mut self, rhs: Self) -> Self {
        self.re = self.re + rhs.re;
        for (a, b) in self.c.iter_mut().zip(&rhs.c) {
            *a = *a + *b;
        }
        self
    }
}

/// `a - b`: coefficient by coefficient.
impl<T: Real, const K: usize> Sub for Taylor<T, K> {
    type Output = Self;
    #[inline(always)]
    fn sub(mut self, rhs: Self) -> Self {
        self.re = self.re - rhs.re;
        for (a, b) in self.c.iter_mut().zip(&rhs.c) {
            *a = *a - *b;
        }
        self
    }
}

/// `a b`: the Cauchy product (`series::product`).
impl<T: Real, const K: usize> Mul for Taylor<T, K> {
    type Output = Self;
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        series::product(&self, &rhs)
    }
}

/// `a / b`: the division recurrence (`series::quotient`).
impl<T: Real, const K: usize> Div for Taylor<T, K> {
    type Output = Self;
    #[inline(always)]
    fn div(self, rhs: Self) -> Self {
        series::quotient(&self, &rhs)
    }
}

/// `a % b = a - b trunc(a/b)`: coefficients `a_k - trunc(a/b) b_k`, with `trunc(a/b)` the
/// truncation of the exact quotient recovered from the remainder (as for `Dual`).
impl<T: Real, const K: usize> Rem for Taylor<T, K> {
    type Output = Self;
    #[inline(always)]
    fn rem(mut self, rhs: Self) -> Self {
        let r = self.re % rhs.re;
        let k = ((self.re - r) / rhs.re).round();
        self.re = r;
        for (a, b) in self.c.iter_mut().zip(&rhs.c) {
            // a zero coefficient of b stays out where k overflows (a huge a, a tiny b)
            if !b.is_exact_zero() {
                *a = *a - k * *b;
            }
        }
        self
    }
}

/// `-a`: every coefficient negated.
impl<T: Real, const K: usize> Neg for Taylor<T, K> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        Taylor {
            re: -self.re,
            c: self.c.map(|x| -x),
        }
    }
}

/// `a + s` for a plain scalar `s`: only the value changes.
impl<T: Real, const K: usize> Add<T> for Taylor<T, K> {
    type Output = Self;
    #[inline(always)]
    fn add(mut self, s: T) -> Self {
        self.re = self.re + s;
        self
    }
}

/// `a - s` for a plain scalar `s`: only the value changes.
impl<T: Real, const K: usize> Sub<T> for Taylor<T, K> {
    type Output = Self;
    #[inline(always)]
    fn sub(mut self, s: T) -> Self {
        self.re = self.re - s;
        self
    }
}

/// `a s` for a plain scalar `s`: every coefficient times `s`.
impl<T: Real, const K: usize> Mul<T> for Taylor<T, K> {
    type Output = Self;
    #[inline(always)]
    fn mul(self, s: T) -> Self {
        Taylor {
            re: self.re * s,
            c: self.c.map(|x| x * s),
        }
    }
}

/// `a / s` for a plain scalar `s`: every coefficient divided by `s` (one reciprocal, or a
/// division each where `1/s` overflows).
impl<T: Real, const K: usize> Div<T> for Taylor<T, K> {
    type Output = Self;
    #[inline(always)]
    fn div(self, s: T) -> Self {
        let inv = s.recip();
        if inv.is_finite() {
            Taylor {
                re: self.re / s,
                c: self.c.map(|x| x * inv),
            }
        } else {
            Taylor {
                re: self.re / s,
                c: self.c.map(|x| x / s),
            }
        }
    }
}

/// `a % s` for a plain scalar `s`: `a - s trunc(a/s)` changes the value only.
impl<T: Real, const K: usize> Rem<T> for Taylor<T, K> {
    type Output = Self;
    #[inline(always)]
    fn rem(mut self, s: T) -> Self {
        self.re = self.re % s;
        self
    }
}

/// The `*Assign` forms, each defined by its binary operator, for a Taylor number and for a
/// plain scalar on the right.
macro_rules! assign_ops {
    ($($assign:ident $method:ident $op:tt),*) => {$(
        impl<T: Real, const K: usize> $assign for Taylor<T, K> {
            #[inline(always)]
            fn $method(&mut self, rhs: Self) {
                *self = *self $op rhs;
            }
        }

        impl<T: Real, const K: usize> $assign<T> for Taylor<T, K> {
            #[inline(always)]
            fn $method(&mut self, rhs: T) {
                *self = *self $op rhs;
            }
        }
    )*};
}

assign_ops!(
    AddAssign add_assign +,
    SubAssign sub_assign -,
    MulAssign mul_assign *,
    DivAssign div_assign /,
    RemAssign rem_assign %
);

/// A plain `f32` or `f64` on the left of a Taylor number (`2.0 * x`); the orphan rule
/// allows these only for concrete scalar types.
macro_rules! scalar_on_the_left {
    ($($t:ty),*) => {$(
        /// `s + a`: only the value changes.
        impl<const K: usize> Add<Taylor<$t, K>> for $t {
            type Output = Taylor<$t, K>;
            #[inline(always)]
            fn add(self, a: Taylor<$t, K>) -> Taylor<$t, K> {
                a + self
            }
        }

        /// `s - a`: the coefficients negated, the value `s - a_0`.
        impl<const K: usize> Sub<Taylor<$t, K>> for $t {
            type Output = Taylor<$t, K>;
            #[inline(always)]
            fn sub(self, a: Taylor<$t, K>) -> Taylor<$t, K> {
                -a + self
            }
        }

        /// `s a`: every coefficient times `s`.
        impl<const K: usize> Mul<Taylor<$t, K>> for $t {
            type Output = Taylor<$t, K>;
            #[inline(always)]
            fn mul(self, a: Taylor<$t, K>) -> Taylor<$t, K> {
                a * self
            }
        }

        /// `s / a = s · (1/a)`, by the reciprocal's recurrence.
        impl<const K: usize> Div<Taylor<$t, K>> for $t {
            type Output = Taylor<$t, K>;
            #[inline(always)]
            fn div(self, a: Taylor<$t, K>) -> Taylor<$t, K> {
                Taylor::constant(self) / a
            }
        }

        /// `s % a = s - a trunc(s/a)`: coefficients `-trunc(s/a) a_k`.
        impl<const K: usize> Rem<Taylor<$t, K>> for $t {
            type Output = Taylor<$t, K>;
            #[inline(always)]
            fn rem(self, a: Taylor<$t, K>) -> Taylor<$t, K> {
                Taylor::constant(self) % a
            }
        }
    )*};
}

scalar_on_the_left!(f32, f64);

/// The sum of an iterator (zero when empty; as for `f64` it starts from `-0`).
impl<T: Real, const K: usize> Sum for Taylor<T, K> {
    #[inline(always)]
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Taylor::constant(T::neg_zero()), |acc, x| acc + x)
    }
}

/// The sum of an iterator of borrowed Taylor numbers.
impl<'a, T: Real, const K: usize> Sum<&'a Taylor<T, K>> for Taylor<T, K> {
    #[inline(always)]
    fn sum<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
        iter.fold(Taylor::constant(T::neg_zero()), |acc, x| acc + *x)
    }
}

/// The product of an iterator (one when empty).
impl<T: Real, const K: usize> Product for Taylor<T, K> {
    #[inline(always)]
    fn product<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Taylor::constant(T::one()), |acc, x| acc * x)
    }
}

/// The product of an iterator of borrowed Taylor numbers.
impl<'a, T: Real, const K: usize> Product<&'a Taylor<T, K>> for Taylor<T, K> {
    #[inline(always)]
    fn product<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
        iter.fold(Taylor::constant(T::one()), |acc, x| acc * *x)
    }
}
