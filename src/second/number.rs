//! The [`Dual2`] number type: constructors, accessors, the packed index, comparisons,
//! printing, and its [`Real`] implementation (so a [`Dual`](crate::Dual) can hold it).

use core::cmp::Ordering;
use core::fmt;

#[cfg(feature = "nalgebra")]
use nalgebra::SMatrix;

use crate::Real;

/// A second-order number in `N` variables: the value `re`, the gradient `grad`
/// (`grad[i] = ∂/∂xᵢ`) and the upper triangle of the symmetric Hessian, packed row by row
/// into `hess` (`P = N(N+1)/2` entries: `H₀₀, H₀₁, …, H₀,N₋₁, H₁₁, …`).
///
/// Every operation and elementary function carries all three through the second-order
/// chain rule (`H = f'(a) H_a + f''(a) g_a g_aᵀ`), computing each mixed partial once: about
/// half the work of the nested `Dual<Dual<T, N>, N>` (which carries `(N+1)²` components and
/// computes `Hᵢⱼ` and `Hⱼᵢ` separately), and exactly symmetric by construction.
///
/// # The second parameter `P`
///
/// Stable Rust cannot write `[T; N * (N + 1) / 2]` in a generic type, so the packed length
/// is a second parameter, checked at compile time (`P == N(N+1)/2`): `Dual2<f64, 2, 3>`,
/// `Dual2<f64, 6, 21>`. A wrong `P` does not compile:
///
/// ```compile_fail,E0080
/// let _ = dualnum::Dual2::<f64, 3, 5>::constant(1.0); // 3 variables need P = 6
/// ```
///
/// # Comparisons look at the value only
///
/// As for [`Dual`](crate::Dual): `==`, `<`, `max`, `is_zero`, ... compare `re`, so generic
/// code branches as on floats. [`Dual2::identical`] compares every component.
///
/// ```
/// use dualnum::Dual2;
/// // f = x² y at (3, 2): ∇f = (2xy, x²), H = [[2y, 2x], [2x, 0]]
/// let [x, y] = Dual2::<f64, 2, 3>::variables([3.0, 2.0]);
/// let f = x * x * y;
/// assert_eq!(f.re, 18.0);
/// assert_eq!(f.grad, [12.0, 9.0]);
/// assert_eq!(f.hess, [4.0, 6.0, 0.0]); // H₀₀, H₀₁, H₁₁
/// assert_eq!(f.hessian_entry(1, 0), 6.0);
/// ```
#[derive(Clone, Copy)]
pub struct Dual2<T, const N: usize, const P: usize> {
    /// The value.
    pub re: T,
    /// The gradient: `grad[i]` is the derivative with respect to input `i`.
    pub grad: [T; N],
    /// The upper triangle of the Hessian, row by row: entry `(i, j)`, `i <= j`, at
    /// [`Dual2::packed_index`]`(i, j)`.
    pub hess: [T; P],
}

impl<T: Real, const N: usize, const P: usize> Dual2<T, N, P> {
    /// Fails to compile unless `P == N(N+1)/2`.
    #[inline(always)]
    pub(crate) const fn check_size() {
        const {
            assert!(
                P == N * (N + 1) / 2,
                "Dual2<T, N, P> needs P = N(N+1)/2 packed Hessian entries"
            )
        };
    }

    /// The position of Hessian entry `(i, j)` in [`hess`](Dual2::hess), for either order of
    /// `i` and `j` (the matrix is symmetric): `i N - i(i-1)/2 + (j - i)` with `i <= j`.
    ///
    /// # Panics
    /// If `i >= N` or `j >= N`.
    #[inline]
    pub const fn packed_index(i: usize, j: usize) -> usize {
        let (i, j) = if i <= j { (i, j) } else { (j, i) };
        assert!(j < N, "Dual2::packed_index: index out of range");
        i * N - i * i.saturating_sub(1) / 2 + (j - i)
    }

    /// A number with the given value, gradient and packed Hessian.
    #[inline]
    pub const fn new(re: T, grad: [T; N], hess: [T; P]) -> Self {
        Self::check_size();
        Dual2 { re, grad, hess }
    }

    /// A constant: the value `re` with zero gradient and Hessian.
    #[inline]
    pub fn constant(re: T) -> Self {
        Self::check_size();
        Dual2 {
            re,
            grad: [T::zero(); N],
            hess: [T::zero(); P],
        }
    }

    /// The `i`-th independent variable at the value `re`: gradient `e_i`, Hessian zero.
    ///
    /// # Panics
    /// If `i >= N`: there is no input `i` to seed.
    #[inline]
    pub fn variable(re: T, i: usize) -> Self {
        assert!(
            i < N,
            "Dual2::variable: index {i} is out of range for a number with {N} variables"
        );
        let mut x = Self::constant(re);
        x.grad[i] = T::one();
        x
    }

    /// Seeds `N` independent variables at once: element `i` is
    /// `Dual2::variable(values[i], i)`.
    #[inline]
    pub fn variables(values: [T; N]) -> [Self; N] {
        let mut out = values.map(Self::constant);
        for (i, x) in out.iter_mut().enumerate() {
            x.grad[i] = T::one();
        }
        out
    }

    /// The value `re`.
    #[inline]
    pub fn value(&self) -> T {
        self.re
    }

    /// The gradient.
    #[inline]
    pub fn gradient(&self) -> &[T; N] {
        &self.grad
    }

    /// Hessian entry `(i, j)` (`= (j, i)`).
    ///
    /// # Panics
    /// If `i >= N` or `j >= N`.
    #[inline]
    pub fn hessian_entry(&self, i: usize, j: usize) -> T {
        self.hess[Self::packed_index(i, j)]
    }

    /// The full `N x N` Hessian, both triangles from the one packed entry: exactly
    /// symmetric.
    #[cfg(feature = "nalgebra")]
    #[inline]
    pub fn hessian_matrix(&self) -> SMatrix<T, N, N> {
        let mut h = SMatrix::<T, N, N>::from_element(T::zero());
        let mut k = 0;
        for i in 0..N {
            for j in i..N {
                h[(i, j)] = self.hess[k];
                h[(j, i)] = self.hess[k];
                k += 1;
            }
        }
        h
    }

    /// True when the values, gradients and Hessians are equal component by component
    /// (`==` compares the values only). NaN components are unequal, as for floats.
    #[inline]
    pub fn identical(&self, other: &Self) -> bool {
        self.re == other.re && self.grad == other.grad && self.hess == other.hess
    }

    /// True when the gradient and the Hessian are zero (the number is a constant).
    #[inline]
    pub fn has_zero_derivatives(&self) -> bool {
        self.grad.iter().all(Real::is_exact_zero) && self.hess.iter().all(Real::is_exact_zero)
    }
}

impl<T: Real, const N: usize, const P: usize> Real for Dual2<T, N, P> {
    #[inline]
    fn is_exact_zero(&self) -> bool {
        self.re.is_exact_zero() && self.has_zero_derivatives()
    }

    #[inline]
    fn literal(x: f64) -> Self {
        Dual2::constant(T::literal(x))
    }

    /// Every component times `c`: `d(c x) = c dx`, `d²(c x) = c d²x`.
    #[inline(always)]
    fn mul_f64(mut self, c: f64) -> Self {
        self.re = self.re.mul_f64(c);
        for e in self.grad.iter_mut().chain(self.hess.iter_mut()) {
            *e = e.mul_f64(c);
        }
        self
    }
}

impl<T: Real, const N: usize, const P: usize> From<T> for Dual2<T, N, P> {
    /// A constant.
    #[inline]
    fn from(re: T) -> Self {
        Dual2::constant(re)
    }
}

impl<T: Real, const N: usize, const P: usize> Default for Dual2<T, N, P> {
    /// The constant zero.
    #[inline]
    fn default() -> Self {
        Dual2::constant(T::zero())
    }
}

impl<T: PartialEq, const N: usize, const P: usize> PartialEq for Dual2<T, N, P> {
    /// Compares the values only; see the type's documentation.
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.re == other.re
    }
}

impl<T: PartialOrd, const N: usize, const P: usize> PartialOrd for Dual2<T, N, P> {
    /// Orders by the values only; see the type's documentation.
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.re.partial_cmp(&other.re)
    }
}

impl<T: fmt::Debug, const N: usize, const P: usize> fmt::Debug for Dual2<T, N, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dual2")
            .field("re", &self.re)
            .field("grad", &self.grad)
            .field("hess", &self.hess)
            .finish()
    }
}

impl<T: fmt::Display, const N: usize, const P: usize> fmt::Display for Dual2<T, N, P> {
    /// Prints `re + [g0, g1, ...]ε + [H00, H01, ...]ε²` (the packed upper triangle of the
    /// Hessian), e.g. `18 + [12, 9]ε + [4, 6, 0]ε²`. A precision applies to every
    /// component.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let write_one = |f: &mut fmt::Formatter<'_>, x: &T| match f.precision() {
            Some(p) => write!(f, "{x:.p$}"),
            None => write!(f, "{x}"),
        };
        let write_list = |f: &mut fmt::Formatter<'_>, xs: &[T]| -> fmt::Result {
            f.write_str("[")?;
            for (i, e) in xs.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write_one(f, e)?;
            }
            f.write_str("]")
        };
        write_one(f, &self.re)?;
        f.write_str(" + ")?;
        write_list(f, &self.grad)?;
        f.write_str("ε + ")?;
        write_list(f, &self.hess)?;
        f.write_str("ε²")
    }
}
