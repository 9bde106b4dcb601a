//! Arithmetic operators of [`Dual2`]: `+ - * / %` and unary `-`, with a plain scalar on
//! either side (`f32`/`f64` on the left), the `*Assign` forms, `Sum` and `Product`.
//!
//! With `a`, `b` second-order numbers (gradients `g_a`, `g_b`, Hessians `H_a`, `H_b`):
//!
//! | operation | gradient | Hessian |
//! |---|---|---|
//! | `a ± b` | `g_a ± g_b` | `H_a ± H_b` |
//! | `a b` | `b g_a + a g_b` | `b H_a + a H_b + g_a g_bᵀ + g_b g_aᵀ` |
//! | `q = a / b` | `g_q = (g_a - q g_b) / b` | `(H_a - q H_b - g_q g_bᵀ - g_b g_qᵀ) / b` |
//! | `a % b` | `g_a - k g_b` | `H_a - k H_b`, `k = trunc(a/b)` locally constant |
//!
//! The quotient's Hessian is the product rule solved for `q` (from `a = q b`), so it costs
//! one reciprocal and the same updates as a product.

use core::iter::{Product, Sum};
use core::ops::{
    Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Rem, RemAssign, Sub, SubAssign,
};

use super::triangle;
use super::triangle::by_value as tangent;
use crate::dual::ops::remainder_quotient;
use crate::{Dual2, Real};

/// `a + b`.
impl<T: Real, const N: usize, const P: usize> Add for Dual2<T, N, P> {
    type Output = Self;
    #[inline(always)]
    fn add(self, rhs: Self) -> Self {
        Dual2 {
            re: self.re + rhs.re,
            grad: tangent::add(self.grad, &rhs.grad),
            hess: tangent::add(self.hess, &rhs.hess),
        }
    }
}

/// `a - b`.
impl<T: Real, const N: usize, const P: usize> Sub for Dual2<T, N, P> {
    type Output = Self;
    #[inline(always)]
    fn sub(self, rhs: Self) -> Self {
        Dual2 {
            re: self.re - rhs.re,
            grad: tangent::sub(self.grad, &rhs.grad),
            hess: tangent::sub(self.hess, &rhs.hess),
        }
    }
}

/// `a b`: gradient `b g_a + a g_b`, Hessian `b H_a + a H_b + g_a g_bᵀ + g_b g_aᵀ`.
impl<T: Real, const N: usize, const P: usize> Mul for Dual2<T, N, P> {
    type Output = Self;
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        Dual2 {
            re: self.re * rhs.re,
            grad: tangent::axpy(tangent::scale(self.grad, rhs.re), self.re, &rhs.grad),
            hess: triangle::product(self.hess, rhs.re, &rhs.hess, self.re, &self.grad, &rhs.grad),
        }
    }
}

/// `q = a / b`: gradient `g_q = (g_a - q g_b) / b`, Hessian
/// `(H_a - q H_b - g_q g_bᵀ - g_b g_qᵀ) / b`, with one reciprocal of `b` (a division of each
/// component where `1/b` overflows, as for [`Dual`](crate::Dual)).
impl<T: Real, const N: usize, const P: usize> Div for Dual2<T, N, P> {
    type Output = Self;
    #[inline(always)]
    fn div(self, rhs: Self) -> Self {
        let q = self.re / rhs.re;
        let grad = tangent::divide(tangent::axpy(self.grad, -q, &rhs.grad), rhs.re);
        let numerator = triangle::add_sym_rank2(
            tangent::axpy(self.hess, -q, &rhs.hess),
            -T::one(),
            &grad,
            &rhs.grad,
        );
        Dual2 {
            re: q,
            grad,
            hess: tangent::divide(numerator, rhs.re),
        }
    }
}

/// `a % b = a - b trunc(a/b)`: gradient `g_a - k g_b`, Hessian `H_a - k H_b` (`k` is
/// piecewise constant; guarded where `k` overflows, as for [`Dual`](crate::Dual)).
impl<T: Real, const N: usize, const P: usize> Rem for Dual2<T, N, P> {
    type Output = Self;
    #[inline(always)]
    fn rem(self, rhs: Self) -> Self {
        let r = self.re % rhs.re;
        let k = remainder_quotient(self.re, rhs.re, r);
        let zero = T::zero();
        Self::chain2(r, &self, &rhs, (T::one(), -k), (zero, zero, zero))
    }
}

/// `-a`.
impl<T: Real, const N: usize, const P: usize> Neg for Dual2<T, N, P> {
    type Output = Self;
    #[inline(always)]
    fn neg(mut self) -> Self {
        self.re = -self.re;
        for e in self.grad.iter_mut().chain(self.hess.iter_mut()) {
            *e = -*e;
        }
        self
    }
}

/// `a + c` for a plain `c`: only the value changes.
impl<T: Real, const N: usize, const P: usize> Add<T> for Dual2<T, N, P> {
    type Output = Self;
    #[inline(always)]
    fn add(mut self, c: T) -> Self {
        self.re = self.re + c;
        self
    }
}

/// `a - c` for a plain `c`: only the value changes.
impl<T: Real, const N: usize, const P: usize> Sub<T> for Dual2<T, N, P> {
    type Output = Self;
    #[inline(always)]
    fn sub(mut self, c: T) -> Self {
        self.re = self.re - c;
        self
    }
}

/// `a c` for a plain `c`: every component times `c`.
impl<T: Real, const N: usize, const P: usize> Mul<T> for Dual2<T, N, P> {
    type Output = Self;
    #[inline(always)]
    fn mul(self, c: T) -> Self {
        Dual2 {
            re: self.re * c,
            grad: tangent::scale(self.grad, c),
            hess: tangent::scale(self.hess, c),
        }
    }
}

/// `a / c` for a plain `c`: every component divided by `c` (one reciprocal).
impl<T: Real, const N: usize, const P: usize> Div<T> for Dual2<T, N, P> {
    type Output = Self;
    #[inline(always)]
    fn div(self, c: T) -> Self {
        Dual2 {
            re: self.re / c,
            grad: tangent::divide(self.grad, c),
            hess: tangent::divide(self.hess, c),
        }
    }
}

/// `a % c` for a plain `c`: the derivatives are unchanged.
impl<T: Real, const N: usize, const P: usize> Rem<T> for Dual2<T, N, P> {
    type Output = Self;
    #[inline(always)]
    fn rem(mut self, c: T) -> Self {
        self.re = self.re % c;
        self
    }
}

/// The `*Assign` forms, each defined by its binary operator.
macro_rules! assign_ops {
    ($($assign:ident $method:ident $op:tt),*) => {$(
        impl<T: Real, const N: usize, const P: usize> $assign for Dual2<T, N, P> {
            #[inline(always)]
            fn $method(&mut self, rhs: Self) {
                *self = *self $op rhs;
            }
        }

        impl<T: Real, const N: usize, const P: usize> $assign<T> for Dual2<T, N, P> {
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

/// A plain `f32` or `f64` on the left (`2.0 * x`), one set of impls per float (orphan
/// rule).
macro_rules! scalar_on_the_left {
    ($($t:ty),*) => {$(
        /// `c + a`.
        impl<const N: usize, const P: usize> Add<Dual2<$t, N, P>> for $t {
            type Output = Dual2<$t, N, P>;
            #[inline(always)]
            fn add(self, a: Dual2<$t, N, P>) -> Dual2<$t, N, P> {
                a + self
            }
        }

        /// `c - a`.
        impl<const N: usize, const P: usize> Sub<Dual2<$t, N, P>> for $t {
            type Output = Dual2<$t, N, P>;
            #[inline(always)]
            fn sub(self, a: Dual2<$t, N, P>) -> Dual2<$t, N, P> {
                -a + self
            }
        }

        /// `c a`.
        impl<const N: usize, const P: usize> Mul<Dual2<$t, N, P>> for $t {
            type Output = Dual2<$t, N, P>;
            #[inline(always)]
            fn mul(self, a: Dual2<$t, N, P>) -> Dual2<$t, N, P> {
                a * self
            }
        }

        /// `q = c / a`: slope `-q / a`, curvature `2 q / a²`.
        impl<const N: usize, const P: usize> Div<Dual2<$t, N, P>> for $t {
            type Output = Dual2<$t, N, P>;
            #[inline(always)]
            fn div(self, a: Dual2<$t, N, P>) -> Dual2<$t, N, P> {
                let q = self / a.re;
                let slope = -q / a.re;
                a.chain(q, slope, -2.0 * slope / a.re)
            }
        }

        /// `c % a = c - a trunc(c/a)`: gradient `-k g_a`, Hessian `-k H_a`.
        impl<const N: usize, const P: usize> Rem<Dual2<$t, N, P>> for $t {
            type Output = Dual2<$t, N, P>;
            #[inline(always)]
            fn rem(self, a: Dual2<$t, N, P>) -> Dual2<$t, N, P> {
                let r = self % a.re;
                let k = remainder_quotient(self, a.re, r);
                a.chain(r, -k, 0.0)
            }
        }
    )*};
}

scalar_on_the_left!(f32, f64);

/// The sum of an iterator (starting from `-0`, the identity of IEEE addition, as for `f64`).
impl<T: Real, const N: usize, const P: usize> Sum for Dual2<T, N, P> {
    #[inline(always)]
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Dual2::constant(T::neg_zero()), |acc, x| acc + x)
    }
}

/// The sum of an iterator of borrowed numbers (from `-0`).
impl<'a, T: Real, const N: usize, const P: usize> Sum<&'a Dual2<T, N, P>> for Dual2<T, N, P> {
    #[inline(always)]
    fn sum<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
        iter.fold(Dual2::constant(T::neg_zero()), |acc, x| acc + *x)
    }
}

/// The product of an iterator (one when empty).
impl<T: Real, const N: usize, const P: usize> Product for Dual2<T, N, P> {
    #[inline(always)]
    fn product<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Dual2::constant(T::one()), |acc, x| acc * x)
    }
}

/// The product of an iterator of borrowed numbers (one when empty).
impl<'a, T: Real, const N: usize, const P: usize> Product<&'a Dual2<T, N, P>> for Dual2<T, N, P> {
    #[inline(always)]
    fn product<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
        iter.fold(Dual2::constant(T::one()), |acc, x| acc * *x)
    }
}
