//! Arithmetic operators: `+ - * / %` and unary `-` for dual with dual, dual with a plain
//! scalar and (for `f32`/`f64`) a plain scalar with a dual, their `*Assign` forms, and
//! `Sum`/`Product`.
//!
//! Each rule is the derivative of the operation, with `a`, `b` duals and `da`, `db`
//! their tangents:
//!
//! | operation | value | tangent |
//! |---|---|---|
//! | `a + b` | `a + b` | `da + db` |
//! | `a - b` | `a - b` | `da - db` |
//! | `a * b` | `a b` | `b da + a db` |
//! | `a / b` | `a / b` | `(da - (a/b) db) / b`, with one reciprocal of `b` |
//! | `a % b` | `a - b trunc(a/b)` | `da - db trunc(a/b)` (`trunc` is locally constant) |
//!
//! In the `%` rule `trunc(a/b)` is the truncation of the exact quotient: the integer `k`
//! with `a % b = a - k b`, recovered from the remainder itself.
//!
//! With a plain scalar `c` the rules simplify (`d(a c) = c da`, `d(a + c) = da`) and
//! never touch a tangent more than needed.

use core::iter::{Product, Sum};
use core::ops::{
    Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Rem, RemAssign, Sub, SubAssign,
};

use super::tangent;
use crate::{Dual, Real};

/// `a + b`: tangent `da + db`.
impl<T: Real, const N: usize> Add for Dual<T, N> {
    type Output = Self;
    #[inline(always)]
    fn add(mut self, rhs: Self) -> Self {
        self.re = self.re + rhs.re;
        tangent::add(&mut self.eps, &rhs.eps);
        self
    }
}

/// `a - b`: tangent `da - db`.
impl<T: Real, const N: usize> Sub for Dual<T, N> {
    type Output = Self;
    #[inline(always)]
    fn sub(mut self, rhs: Self) -> Self {
        self.re = self.re - rhs.re;
        tangent::sub(&mut self.eps, &rhs.eps);
        self
    }
}

/// `a b`: tangent `b da + a db` (the product rule).
impl<T: Real, const N: usize> Mul for Dual<T, N> {
    type Output = Self;
    #[inline(always)]
    fn mul(mut self, rhs: Self) -> Self {
        tangent::scale(&mut self.eps, rhs.re);
        tangent::axpy(&mut self.eps, self.re, &rhs.eps);
        self.re = self.re * rhs.re;
        self
    }
}

/// `a / b`: tangent `(da - q db) / b` with `q = a / b` (the quotient rule), computed with
/// one reciprocal of `b` whatever `N` is. The value is the correctly rounded `a / b`, so a
/// dual evaluation gives exactly the float result.
///
/// Where `1/b` overflows (a subnormal `b`) the tangent is divided by `b` instead: a finite
/// `(da - q db)/b` stays finite, and a zero component stays zero rather than `0 · ∞`.
impl<T: Real, const N: usize> Div for Dual<T, N> {
    type Output = Self;
    #[inline(always)]
    fn div(mut self, rhs: Self) -> Self {
        let q = self.re / rhs.re;
        tangent::axpy(&mut self.eps, -q, &rhs.eps);
        tangent::divide(&mut self.eps, rhs.re);
        self.re = q;
        self
    }
}

/// `a % b = a - b trunc(a/b)`: tangent `da - db trunc(a/b)`, since `trunc(a/b)` is
/// piecewise constant.
impl<T: Real, const N: usize> Rem for Dual<T, N> {
    type Output = Self;
    #[inline(always)]
    fn rem(self, rhs: Self) -> Self {
        let r = self.re % rhs.re;
        let k = remainder_quotient(self.re, rhs.re, r);
        // slopes 1 and -k; the chain rule's guard keeps a zero component of `db` from
        // turning into NaN where `a/b`, and so `k`, overflows (a huge `a`, a tiny `b`)
        Self::chain2(r, &self, T::one(), &rhs, -k)
    }
}

/// The integer `k` with `a % b = a - k b` (`r = a % b`): `trunc` of the exact quotient
/// `a/b`. It is `(a - r)/b` rounded to the nearest integer, not `trunc(a/b)` of the
/// rounded quotient, which is one too large where `a/b` rounds up to an integer: `1 / 0.1`
/// rounds to 10, but `1 % 0.1 = 1 - 9 · 0.1` since 0.1 is stored slightly above 1/10.
#[inline]
pub(crate) fn remainder_quotient<T: Real>(a: T, b: T, r: T) -> T {
    ((a - r) / b).round()
}

/// `-a`: tangent `-da`.
impl<T: Real, const N: usize> Neg for Dual<T, N> {
    type Output = Self;
    #[inline(always)]
    fn neg(mut self) -> Self {
        self.re = -self.re;
        for e in self.eps.iter_mut() {
            *e = -*e;
        }
        self
    }
}

/// `a + c` for a plain scalar `c`: the tangent is unchanged.
impl<T: Real, const N: usize> Add<T> for Dual<T, N> {
    type Output = Self;
    #[inline(always)]
    fn add(mut self, c: T) -> Self {
        self.re = self.re + c;
        self
    }
}

/// `a - c` for a plain scalar `c`: the tangent is unchanged.
impl<T: Real, const N: usize> Sub<T> for Dual<T, N> {
    type Output = Self;
    #[inline(always)]
    fn sub(mut self, c: T) -> Self {
        self.re = self.re - c;
        self
    }
}

/// `a c` for a plain scalar `c`: tangent `c da`.
impl<T: Real, const N: usize> Mul<T> for Dual<T, N> {
    type Output = Self;
    #[inline(always)]
    fn mul(mut self, c: T) -> Self {
        self.re = self.re * c;
        tangent::scale(&mut self.eps, c);
        self
    }
}

/// `a / c` for a plain scalar `c`: tangent `da / c`, with one reciprocal of `c` (or, where
/// `1/c` overflows, a division of each component, as for `Dual / Dual`).
impl<T: Real, const N: usize> Div<T> for Dual<T, N> {
    type Output = Self;
    #[inline(always)]
    fn div(mut self, c: T) -> Self {
        self.re = self.re / c;
        tangent::divide(&mut self.eps, c);
        self
    }
}

/// `a % c` for a plain scalar `c`: `a - c trunc(a/c)` has tangent `da`.
impl<T: Real, const N: usize> Rem<T> for Dual<T, N> {
    type Output = Self;
    #[inline(always)]
    fn rem(mut self, c: T) -> Self {
        self.re = self.re % c;
        self
    }
}

/// The `*Assign` forms, each defined by its binary operator, for a dual and for a plain
/// scalar on the right.
macro_rules! assign_ops {
    ($($assign:ident $method:ident $op:tt),*) => {$(
        impl<T: Real, const N: usize> $assign for Dual<T, N> {
            #[inline(always)]
            fn $method(&mut self, rhs: Self) {
                *self = *self $op rhs;
            }
        }

        impl<T: Real, const N: usize> $assign<T> for Dual<T, N> {
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

/// A plain `f32` or `f64` on the left of a dual (`2.0 * x`). The orphan rule allows
/// these only for concrete scalar types, so each float gets its own impls.
macro_rules! scalar_on_the_left {
    ($($t:ty),*) => {$(
        /// `c + a`: tangent `da`.
        impl<const N: usize> Add<Dual<$t, N>> for $t {
            type Output = Dual<$t, N>;
            #[inline(always)]
            fn add(self, a: Dual<$t, N>) -> Dual<$t, N> {
                a + self
            }
        }

        /// `c - a`: tangent `-da`.
        impl<const N: usize> Sub<Dual<$t, N>> for $t {
            type Output = Dual<$t, N>;
            #[inline(always)]
            fn sub(self, a: Dual<$t, N>) -> Dual<$t, N> {
                -a + self
            }
        }

        /// `c a`: tangent `c da`.
        impl<const N: usize> Mul<Dual<$t, N>> for $t {
            type Output = Dual<$t, N>;
            #[inline(always)]
            fn mul(self, a: Dual<$t, N>) -> Dual<$t, N> {
                a * self
            }
        }

        /// `c / a`: value `q = c / a`, tangent `-q da / a` (the slope `-q / a` is one
        /// division, which stays finite where `1/a` alone would overflow; where the slope
        /// itself overflows a zero component stays zero, as in [`Dual::chain`]).
        impl<const N: usize> Div<Dual<$t, N>> for $t {
            type Output = Dual<$t, N>;
            #[inline(always)]
            fn div(self, a: Dual<$t, N>) -> Dual<$t, N> {
                let q = self / a.re;
                a.chain(q, -q / a.re)
            }
        }

        /// `c % a = c - a trunc(c/a)`: tangent `-da trunc(c/a)`.
        impl<const N: usize> Rem<Dual<$t, N>> for $t {
            type Output = Dual<$t, N>;
            #[inline(always)]
            fn rem(self, a: Dual<$t, N>) -> Dual<$t, N> {
                let r = self % a.re;
                let k = remainder_quotient(self, a.re, r);
                a.chain(r, -k) // guarded where k overflows
            }
        }
    )*};
}

scalar_on_the_left!(f32, f64);

/// The sum of an iterator of duals (zero when empty). As for `f64`, the sum starts from
/// `-0`, the identity of IEEE addition, so a sum of `-0`s (and the empty sum) is `-0`.
impl<T: Real, const N: usize> Sum for Dual<T, N> {
    #[inline(always)]
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Dual::constant(T::neg_zero()), |acc, x| acc + x)
    }
}

/// The sum of an iterator of borrowed duals (zero when empty, starting from `-0` as above).
impl<'a, T: Real, const N: usize> Sum<&'a Dual<T, N>> for Dual<T, N> {
    #[inline(always)]
    fn sum<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
        iter.fold(Dual::constant(T::neg_zero()), |acc, x| acc + *x)
    }
}

/// The product of an iterator of duals (one when empty).
impl<T: Real, const N: usize> Product for Dual<T, N> {
    #[inline(always)]
    fn product<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Dual::constant(T::one()), |acc, x| acc * x)
    }
}

/// The product of an iterator of borrowed duals (one when empty).
impl<'a, T: Real, const N: usize> Product<&'a Dual<T, N>> for Dual<T, N> {
    #[inline(always)]
    fn product<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
        iter.fold(Dual::constant(T::one()), |acc, x| acc * *x)
    }
}

/// A plain `f32` or `f64` with a nested dual `Dual<Dual<f, N>, M>` (as `hessian` passes to
/// its function), on either side of `+ - * /`. Without these, `x * 100.0` on a nested dual
/// needs `Dual::constant(100.0)` and costs a full dual product per component; with them a
/// plain constant scales every component once. The rules are those of `Dual op T` above,
/// applied one level down.
macro_rules! scalar_with_nested {
    ($($t:ty),*) => {$(
        /// `a + c`: only the value changes.
        impl<const N: usize, const M: usize> Add<$t> for Dual<Dual<$t, N>, M> {
            type Output = Self;
            #[inline(always)]
            fn add(mut self, c: $t) -> Self {
                self.re += c;
                self
            }
        }

        /// `a - c`: only the value changes.
        impl<const N: usize, const M: usize> Sub<$t> for Dual<Dual<$t, N>, M> {
            type Output = Self;
            #[inline(always)]
            fn sub(mut self, c: $t) -> Self {
                self.re -= c;
                self
            }
        }

        /// `a c`: every component scaled by `c`.
        impl<const N: usize, const M: usize> Mul<$t> for Dual<Dual<$t, N>, M> {
            type Output = Self;
            #[inline(always)]
            fn mul(mut self, c: $t) -> Self {
                self.re *= c;
                tangent::scale(&mut self.eps, c);
                self
            }
        }

        /// `a / c`: the value divided by `c`, the tangent scaled by one reciprocal of `c`
        /// (divided by `c` where `1/c` overflows).
        impl<const N: usize, const M: usize> Div<$t> for Dual<Dual<$t, N>, M> {
            type Output = Self;
            #[inline(always)]
            fn div(mut self, c: $t) -> Self {
                self.re /= c;
                tangent::divide(&mut self.eps, c);
                self
            }
        }

        /// `c + a`: only the value changes.
        impl<const N: usize, const M: usize> Add<Dual<Dual<$t, N>, M>> for $t {
            type Output = Dual<Dual<$t, N>, M>;
            #[inline(always)]
            fn add(self, a: Dual<Dual<$t, N>, M>) -> Dual<Dual<$t, N>, M> {
                a + self
            }
        }

        /// `c - a`: the tangent is `-da`.
        impl<const N: usize, const M: usize> Sub<Dual<Dual<$t, N>, M>> for $t {
            type Output = Dual<Dual<$t, N>, M>;
            #[inline(always)]
            fn sub(self, a: Dual<Dual<$t, N>, M>) -> Dual<Dual<$t, N>, M> {
                -a + self
            }
        }

        /// `c a`: every component scaled by `c`.
        impl<const N: usize, const M: usize> Mul<Dual<Dual<$t, N>, M>> for $t {
            type Output = Dual<Dual<$t, N>, M>;
            #[inline(always)]
            fn mul(self, a: Dual<Dual<$t, N>, M>) -> Dual<Dual<$t, N>, M> {
                a * self
            }
        }

        /// `c / a`: value `q = c / a`, tangent `-q da / a` (as for `c / a` one level up).
        impl<const N: usize, const M: usize> Div<Dual<Dual<$t, N>, M>> for $t {
            type Output = Dual<Dual<$t, N>, M>;
            #[inline(always)]
            fn div(self, a: Dual<Dual<$t, N>, M>) -> Dual<Dual<$t, N>, M> {
                let q = self / a.re;
                a.chain(q, -q / a.re)
            }
        }
    )*};
}

scalar_with_nested!(f32, f64);
