//! Fallible and structured outputs, and extra arguments that stay constants.
//!
//! - [`Fallible`]: a function's outcome that may fail, `Result<V, E>` or `Option<V>`. The
//!   `try_` helpers ([`try_derivative`], [`try_gradient`], [`try_jacobian`],
//!   [`try_partials`], and [`try_jacobian_chunked`] for dynamic inputs) evaluate `f` once
//!   (per chunk) on duals and return its `Err` or `None`
//!   untouched, or the value and derivatives inside `Ok` or `Some`: they never panic on a
//!   user's error.
//! - [`DualOutput`]: an output made of duals, a dual itself, a tuple, an array, a `Vec` or
//!   a nalgebra matrix of them; its values and each tangent component come out in the
//!   same shape ([`derivative_of`], [`partials`] and the `try_` forms).
//! - [`Constants`]: extra arguments of `f` (numbers, arrays, vectors, tuples of them)
//!   lifted to constant duals of the type `f` works in, by [`try_derivative_with`] and
//!   [`try_gradient_with`], so no closure converts them by hand.

#[cfg(feature = "nalgebra")]
use core::fmt;

#[cfg(all(feature = "alloc", not(feature = "std")))]
use alloc::vec::Vec;

#[cfg(feature = "nalgebra")]
use nalgebra::{
    DMatrix, DVector, DefaultAllocator, Dim, OMatrix, RowSVector, SMatrix, SVector, Scalar,
    allocator::Allocator,
};

use super::seed;
#[cfg(feature = "nalgebra")]
use crate::JacobianError;
use crate::{Dual, Real};

/// The outcome of a function that may fail: `Result<V, E>` (the error `E` is passed
/// through untouched) or `Option<V>`.
pub trait Fallible {
    /// The value on success.
    type Value;
    /// The same outcome with the success value replaced by a `U`: `Result<U, E>` or
    /// `Option<U>`.
    type Map<U>;
    /// Applies `g` to the success value, keeping an error or `None` as it is.
    fn map_value<U>(self, g: impl FnOnce(Self::Value) -> U) -> Self::Map<U>;
}

impl<V, E> Fallible for Result<V, E> {
    type Value = V;
    type Map<U> = Result<U, E>;
    #[inline]
    fn map_value<U>(self, g: impl FnOnce(V) -> U) -> Result<U, E> {
        self.map(g)
    }
}

impl<V> Fallible for Option<V> {
    type Value = V;
    type Map<U> = Option<U>;
    #[inline]
    fn map_value<U>(self, g: impl FnOnce(V) -> U) -> Option<U> {
        self.map(g)
    }
}

/// An output built of duals `Dual<T, N>`: its values ([`value`](DualOutput::value)) and
/// tangent component `k` ([`tangent`](DualOutput::tangent)), each in the output's shape
/// with `T` in place of every dual.
pub trait DualOutput<T: Real, const N: usize> {
    /// The output's shape with `T` in place of each dual.
    type Value;
    /// The values of every dual.
    fn value(&self) -> Self::Value;
    /// Tangent component `k` of every dual (`k < N`): the derivative of the output with
    /// respect to input `k`.
    fn tangent(&self, k: usize) -> Self::Value;
}

impl<T: Real, const N: usize> DualOutput<T, N> for Dual<T, N> {
    type Value = T;
    #[inline]
    fn value(&self) -> T {
        self.re
    }
    #[inline]
    fn tangent(&self, k: usize) -> T {
        self.eps[k]
    }
}

impl<T: Real, const N: usize, O: DualOutput<T, N>, const K: usize> DualOutput<T, N> for [O; K] {
    type Value = [O::Value; K];
    fn value(&self) -> Self::Value {
        core::array::from_fn(|i| self[i].value())
    }
    fn tangent(&self, k: usize) -> Self::Value {
        core::array::from_fn(|i| self[i].tangent(k))
    }
}

#[cfg(feature = "alloc")]
impl<T: Real, const N: usize, O: DualOutput<T, N>> DualOutput<T, N> for Vec<O> {
    type Value = Vec<O::Value>;
    fn value(&self) -> Self::Value {
        self.iter().map(O::value).collect()
    }
    fn tangent(&self, k: usize) -> Self::Value {
        self.iter().map(|o| o.tangent(k)).collect()
    }
}

#[cfg(feature = "nalgebra")]
impl<T: Real, const N: usize, R: Dim, C: Dim> DualOutput<T, N> for OMatrix<Dual<T, N>, R, C>
where
    DefaultAllocator: Allocator<R, C>,
{
    type Value = OMatrix<T, R, C>;
    fn value(&self) -> Self::Value {
        self.map(|d| d.re)
    }
    fn tangent(&self, k: usize) -> Self::Value {
        self.map(|d| d.eps[k])
    }
}

macro_rules! tuple_output {
    ($($name:ident $index:tt),+) => {
        impl<T: Real, const N: usize, $($name: DualOutput<T, N>),+> DualOutput<T, N> for ($($name,)+) {
            type Value = ($($name::Value,)+);
            fn value(&self) -> Self::Value {
                ($(self.$index.value(),)+)
            }
            fn tangent(&self, k: usize) -> Self::Value {
                ($(self.$index.tangent(k),)+)
            }
        }
    };
}
tuple_output!(A 0, B 1);
tuple_output!(A 0, B 1, C 2);
tuple_output!(A 0, B 1, C 2, D 3);

/// Extra arguments of a function, lifted to constants (zero tangent) of the dual type `D`
/// the function is evaluated in: a number becomes `Dual::constant`, a dual becomes a
/// constant of the next nesting level, and arrays, `Vec`s, nalgebra vectors and tuples are
/// lifted element by element.
pub trait Constants<D> {
    /// The arguments with every number replaced by a constant `D`.
    type Lifted;
    /// The arguments as constants of `D`.
    fn lift(&self) -> Self::Lifted;
}

macro_rules! float_constants {
    ($($t:ty),+) => {$(
        impl<const N: usize> Constants<Dual<$t, N>> for $t {
            type Lifted = Dual<$t, N>;
            #[inline]
            fn lift(&self) -> Dual<$t, N> {
                Dual::constant(*self)
            }
        }
    )+};
}
float_constants!(f32, f64);

impl<T: Real, const K: usize, const N: usize> Constants<Dual<Dual<T, K>, N>> for Dual<T, K> {
    type Lifted = Dual<Dual<T, K>, N>;
    #[inline]
    fn lift(&self) -> Self::Lifted {
        Dual::constant(*self)
    }
}

impl<D, A: Constants<D>, const K: usize> Constants<D> for [A; K] {
    type Lifted = [A::Lifted; K];
    fn lift(&self) -> Self::Lifted {
        core::array::from_fn(|i| self[i].lift())
    }
}

#[cfg(feature = "alloc")]
impl<D, A: Constants<D>> Constants<D> for Vec<A> {
    type Lifted = Vec<A::Lifted>;
    fn lift(&self) -> Self::Lifted {
        self.iter().map(A::lift).collect()
    }
}

#[cfg(feature = "nalgebra")]
impl<D, A: Constants<D> + Scalar, const M: usize> Constants<D> for SVector<A, M>
where
    A::Lifted: Scalar,
{
    type Lifted = SVector<A::Lifted, M>;
    fn lift(&self) -> Self::Lifted {
        self.map(|a| a.lift())
    }
}

#[cfg(feature = "nalgebra")]
impl<D, A: Constants<D> + Scalar> Constants<D> for DVector<A>
where
    A::Lifted: Scalar,
{
    type Lifted = DVector<A::Lifted>;
    fn lift(&self) -> Self::Lifted {
        self.map(|a| a.lift())
    }
}

macro_rules! tuple_constants {
    ($($name:ident $index:tt),+) => {
        impl<D, $($name: Constants<D>),+> Constants<D> for ($($name,)+) {
            type Lifted = ($($name::Lifted,)+);
            fn lift(&self) -> Self::Lifted {
                ($(self.$index.lift(),)+)
            }
        }
    };
}
tuple_constants!(A 0, B 1);
tuple_constants!(A 0, B 1, C 2);
tuple_constants!(A 0, B 1, C 2, D2 3);

/// The value and the derivative of an output `O` of one scalar, each in `O`'s shape.
type ValueAndDerivative<T, O> = (
    <O as DualOutput<T, 1>>::Value,
    <O as DualOutput<T, 1>>::Value,
);

/// The value and the `N` partial derivatives of an output `O`, each in `O`'s shape.
#[cfg(feature = "nalgebra")]
type ValueAndPartials<T, const N: usize, O> = (
    <O as DualOutput<T, N>>::Value,
    [<O as DualOutput<T, N>>::Value; N],
);

/// `(f(x), f'(x))` for a function of one scalar with any [`DualOutput`] (a dual, a tuple,
/// an array, a `Vec`, a matrix): value and derivative in the output's shape.
///
/// ```
/// use dualnum::derivative_of;
/// // (x², [sin x, cos x]), derivative (2x, [cos x, -sin x])
/// let (v, d) = derivative_of(|x| (x * x, [x.sin(), x.cos()]), 0.5_f64);
/// assert_eq!(v.0, 0.25);
/// assert_eq!(d.0, 1.0);
/// assert_eq!(d.1, [0.5_f64.cos(), -0.5_f64.sin()]);
/// ```
#[inline]
pub fn derivative_of<T: Real, O: DualOutput<T, 1>>(
    f: impl FnOnce(Dual<T, 1>) -> O,
    x: T,
) -> (O::Value, O::Value) {
    let y = f(seed::along(x, T::one()));
    (y.value(), y.tangent(0))
}

/// `(f(x), [∂f/∂x₀, ..., ∂f/∂x_(N-1)])` for a function of `N` inputs with any
/// [`DualOutput`]: the value, and each partial derivative in the output's shape.
///
/// ```
/// use dualnum::partials;
/// use nalgebra::Vector2;
/// // (x y, [x + y, x - y])
/// let (v, p) = partials(|x| (x[0] * x[1], vec![x[0] + x[1], x[0] - x[1]]), &Vector2::new(2.0, 3.0));
/// assert_eq!(v.0, 6.0);
/// assert_eq!(p[0], (3.0, vec![1.0, 1.0])); // ∂/∂x
/// assert_eq!(p[1], (2.0, vec![1.0, -1.0])); // ∂/∂y
/// ```
#[cfg(feature = "nalgebra")]
#[inline]
pub fn partials<T: Real, const N: usize, O: DualOutput<T, N>>(
    f: impl FnOnce(&SVector<Dual<T, N>, N>) -> O,
    x: &SVector<T, N>,
) -> (O::Value, [O::Value; N]) {
    let y = f(&seeded(x));
    (y.value(), core::array::from_fn(|k| y.tangent(k)))
}

/// [`derivative_of`] for a function returning a `Result` or an `Option`: an `Err` or
/// `None` is returned untouched (no panic), a success as `(value, derivative)`.
///
/// ```
/// use dualnum::try_derivative;
/// let ln_checked = |x: dualnum::Dual<f64, 1>| if x.re > 0.0 { Ok(x.ln()) } else { Err("x <= 0") };
/// assert_eq!(try_derivative(ln_checked, 2.0), Ok((2f64.ln(), 0.5)));
/// assert_eq!(try_derivative(ln_checked, -1.0), Err("x <= 0"));
/// let none = try_derivative(|x| if x.re < 1.0 { Some(x * x) } else { None }, 3.0);
/// assert_eq!(none, None);
/// ```
#[inline]
pub fn try_derivative<T: Real, R>(
    f: impl FnOnce(Dual<T, 1>) -> R,
    x: T,
) -> R::Map<ValueAndDerivative<T, R::Value>>
where
    R: Fallible,
    R::Value: DualOutput<T, 1>,
{
    f(seed::along(x, T::one())).map_value(|y| (y.value(), y.tangent(0)))
}

/// [`gradient`](crate::gradient) for a function returning `Result<Dual, E>` or
/// `Option<Dual>`: the error or `None` untouched, or `(f(x), ∂f/∂x)` with the `1 x N`
/// gradient row.
///
/// ```
/// use dualnum::try_gradient;
/// use nalgebra::Vector2;
/// let f = |x: &Vector2<dualnum::Dual<f64, 2>>| (x[0] * x[1]).sqrt_checked();
/// # trait Checked: Sized { fn sqrt_checked(self) -> Option<Self>; }
/// # impl Checked for dualnum::Dual<f64, 2> {
/// #     fn sqrt_checked(self) -> Option<Self> { (self.re >= 0.0).then(|| self.sqrt()) }
/// # }
/// let (v, g) = try_gradient(f, &Vector2::new(2.0, 8.0)).unwrap();
/// assert_eq!((v, g[0], g[1]), (4.0, 1.0, 0.25));
/// assert!(try_gradient(f, &Vector2::new(-2.0, 8.0)).is_none());
/// ```
#[cfg(feature = "nalgebra")]
#[inline]
pub fn try_gradient<T: Real, const N: usize, R>(
    f: impl FnOnce(&SVector<Dual<T, N>, N>) -> R,
    x: &SVector<T, N>,
) -> R::Map<(T, RowSVector<T, N>)>
where
    R: Fallible<Value = Dual<T, N>>,
{
    f(&seeded(x)).map_value(|y| (y.re, RowSVector::from_fn(|_, j| y.eps[j])))
}

/// [`jacobian`](crate::jacobian) for a function returning `Result` or `Option` of a
/// vector of duals: the error or `None` untouched, or `(f(x), J)` with the `M x N`
/// Jacobian.
///
/// ```
/// use dualnum::try_jacobian;
/// use nalgebra::{Matrix2, Vector2};
/// let f = |x: &Vector2<dualnum::Dual<f64, 2>>| -> Result<_, String> {
///     if x[1].re == 0.0 { return Err("division by zero".into()) }
///     Ok(Vector2::new(x[0] / x[1], x[0] * x[1]))
/// };
/// let (_, j) = try_jacobian(f, &Vector2::new(1.0, 2.0)).unwrap();
/// assert_eq!(j, Matrix2::new(0.5, -0.25, 2.0, 1.0));
/// assert_eq!(try_jacobian(f, &Vector2::new(1.0, 0.0)), Err("division by zero".to_string()));
/// ```
#[cfg(feature = "nalgebra")]
#[inline]
pub fn try_jacobian<T: Real, const N: usize, const M: usize, R>(
    f: impl FnOnce(&SVector<Dual<T, N>, N>) -> R,
    x: &SVector<T, N>,
) -> R::Map<(SVector<T, M>, SMatrix<T, M, N>)>
where
    R: Fallible<Value = SVector<Dual<T, N>, M>>,
{
    f(&seeded(x)).map_value(|y| (y.map(|d| d.re), SMatrix::from_fn(|i, j| y[i].eps[j])))
}

/// [`partials`] for a function returning `Result` or `Option` of any [`DualOutput`].
///
/// ```
/// use dualnum::try_partials;
/// use nalgebra::Vector2;
/// let r: Result<_, ()> = try_partials(|x| Ok([x[0] * x[1], x[0]]), &Vector2::new(2.0, 3.0));
/// let (v, p) = r.unwrap();
/// assert_eq!((v, p[0], p[1]), ([6.0, 2.0], [3.0, 1.0], [2.0, 0.0]));
/// ```
#[cfg(feature = "nalgebra")]
#[inline]
pub fn try_partials<T: Real, const N: usize, R>(
    f: impl FnOnce(&SVector<Dual<T, N>, N>) -> R,
    x: &SVector<T, N>,
) -> R::Map<ValueAndPartials<T, N, R::Value>>
where
    R: Fallible,
    R::Value: DualOutput<T, N>,
{
    f(&seeded(x)).map_value(|y| (y.value(), core::array::from_fn(|k| y.tangent(k))))
}

/// [`try_derivative`] with extra arguments `args` that `f` receives as constants of its
/// dual type ([`Constants`]), lifted once, with no conversion written by hand.
///
/// ```
/// use dualnum::try_derivative_with;
/// // a x² + b with the constants (a, b) = (3, 1): derivative 2 a x
/// let r = try_derivative_with(|x, (a, b)| Some(a * x * x + b), 2.0_f64, &(3.0, 1.0));
/// assert_eq!(r, Some((13.0, 12.0)));
/// ```
#[inline]
pub fn try_derivative_with<T: Real, A: Constants<Dual<T, 1>>, R>(
    f: impl FnOnce(Dual<T, 1>, A::Lifted) -> R,
    x: T,
    args: &A,
) -> R::Map<ValueAndDerivative<T, R::Value>>
where
    R: Fallible,
    R::Value: DualOutput<T, 1>,
{
    let lifted = args.lift();
    try_derivative(|xd| f(xd, lifted), x)
}

/// [`try_gradient`] with extra arguments `args` that `f` receives as constants of its dual
/// type ([`Constants`]).
///
/// ```
/// use dualnum::try_gradient_with;
/// use nalgebra::{DVector, Vector2};
/// // the weighted sum of squares Σ wᵢ xᵢ², gradient 2 wᵢ xᵢ, weights as constants
/// let weights = DVector::from_vec(vec![1.0, 10.0]);
/// let r: Result<_, ()> = try_gradient_with(
///     |x, w| Ok(w[0] * x[0] * x[0] + w[1] * x[1] * x[1]),
///     &Vector2::new(1.0, 2.0),
///     &weights,
/// );
/// let (v, g) = r.unwrap();
/// assert_eq!((v, g[0], g[1]), (41.0, 2.0, 40.0));
/// ```
#[cfg(feature = "nalgebra")]
#[inline]
pub fn try_gradient_with<T: Real, const N: usize, A: Constants<Dual<T, N>>, R>(
    f: impl FnOnce(&SVector<Dual<T, N>, N>, A::Lifted) -> R,
    x: &SVector<T, N>,
    args: &A,
) -> R::Map<(T, RowSVector<T, N>)>
where
    R: Fallible<Value = Dual<T, N>>,
{
    let lifted = args.lift();
    try_gradient(|xd| f(xd, lifted), x)
}

/// The `N` inputs as the `N` variables, seeded in place into a fresh buffer (as
/// [`gradient`](crate::gradient) does).
#[cfg(feature = "nalgebra")]
#[inline(always)]
fn seeded<T: Real, const N: usize>(x: &SVector<T, N>) -> SVector<Dual<T, N>, N> {
    let mut xd = seed::zeros::<T, N>();
    seed::seed_variables(xd.as_mut_slice(), x.as_slice());
    xd
}

/// The error of [`try_jacobian_chunked`]: the user's function failed (its error, untouched),
/// or the passes did not fit together.
#[cfg(feature = "nalgebra")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TryJacobianError<E> {
    /// The user's function returned this error, in the pass for the columns starting at
    /// `start`; no later pass ran.
    Function {
        /// The error, as the function returned it.
        error: E,
        /// The first column of the failing pass.
        start: usize,
    },
    /// A size mismatch between passes ([`JacobianError::OutputLengthChanged`]).
    Jacobian(JacobianError),
}

#[cfg(feature = "nalgebra")]
impl<E: fmt::Display> fmt::Display for TryJacobianError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TryJacobianError::Function { error, start } => {
                write!(
                    f,
                    "the function failed in the pass from column {start}: {error}"
                )
            }
            TryJacobianError::Jacobian(e) => e.fmt(f),
        }
    }
}

#[cfg(feature = "nalgebra")]
impl<E: fmt::Debug + fmt::Display> core::error::Error for TryJacobianError<E> {}

/// [`jacobian_chunked`](crate::jacobian_chunked) for a function returning
/// `Result<DVector<Dual>, E>`: `ceil(n / N)` passes of width `N`, stopping at the first
/// `Err`, which comes back untouched in [`TryJacobianError::Function`] (with the pass it
/// happened in). A function returning an `Option` can be passed as `|x| f(x).ok_or(())`.
///
/// ```
/// use dualnum::{Dual, TryJacobianError, try_jacobian_chunked};
/// use nalgebra::DVector;
/// // f_i = √x_i, refusing negative inputs
/// let f = |x: &DVector<Dual<f64, 2>>| {
///     if x.iter().any(|v| v.re < 0.0) { Err("negative input") } else { Ok(x.map(|v| v.sqrt())) }
/// };
/// let (v, j) = try_jacobian_chunked(f, &DVector::from_vec(vec![1.0, 4.0, 16.0])).unwrap();
/// assert_eq!((v[1], j[(1, 1)], j[(2, 2)], j[(0, 2)]), (2.0, 0.25, 0.125, 0.0));
/// let e = try_jacobian_chunked(f, &DVector::from_vec(vec![1.0, -4.0, 16.0])).unwrap_err();
/// assert_eq!(e, TryJacobianError::Function { error: "negative input", start: 0 });
/// ```
///
/// # Errors
/// [`TryJacobianError::Function`] with the function's error;
/// [`TryJacobianError::Jacobian`] with [`JacobianError::OutputLengthChanged`] when a later
/// pass returns a different number of outputs than the first.
#[cfg(feature = "nalgebra")]
pub fn try_jacobian_chunked<const N: usize, T: Real, E>(
    mut f: impl FnMut(&DVector<Dual<T, N>>) -> Result<DVector<Dual<T, N>>, E>,
    x: &DVector<T>,
) -> Result<(DVector<T>, DMatrix<T>), TryJacobianError<E>> {
    const {
        assert!(
            N > 0,
            "the chunk width N of a chunked Jacobian must be at least 1"
        )
    };
    let n = x.len();
    let mut inputs = DVector::from_element(0, Dual::default());
    seed::load_constants(&mut inputs, x.as_slice());
    let mut values: Option<DVector<T>> = None;
    let mut jacobian = DMatrix::from_element(0, n, T::zero());
    seed::for_each_chunk(&mut inputs, |inputs, start, width| {
        let y = f(inputs).map_err(|error| TryJacobianError::Function { error, start })?;
        let m = y.len();
        match &values {
            None => {
                values = Some(y.map(|d| d.re));
                jacobian = DMatrix::from_element(m, n, T::zero());
            }
            Some(first) if first.len() != m => {
                return Err(TryJacobianError::Jacobian(
                    JacobianError::OutputLengthChanged {
                        first: first.len(),
                        now: m,
                    },
                ));
            }
            Some(_) => {}
        }
        for k in 0..width {
            for i in 0..m {
                jacobian[(i, start + k)] = y[i].eps[k];
            }
        }
        Ok(())
    })?;
    let values = values.unwrap_or_else(|| DVector::from_element(0, T::zero()));
    Ok((values, jacobian))
}
