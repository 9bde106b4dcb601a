//! Exact derivatives for [argmin](https://docs.rs/argmin)'s solvers (feature `argmin`).
//!
//! Write the objective once, generic over the number type, and [`Exact`] gives argmin its
//! cost, exact gradient and exact Hessian ([`ScalarFunction`]), or its residuals and exact
//! Jacobian ([`VectorFunction`], for least squares), all on `Vec<f64>` parameters, so no
//! nalgebra version couples the two crates:
//!
//! | argmin trait | implemented for `Exact<F>` when | returns |
//! | --- | --- | --- |
//! | `CostFunction` | `F: ScalarFunction` | `f(x)`: `f64` |
//! | `Gradient` | `F: ScalarFunction` | `∇f(x)`: `Vec<f64>`, `ceil(n / N)` evaluations on `Dual<f64, N>` |
//! | `Hessian` | `F: ScalarFunction` | `∇²f(x)`: `Vec<Vec<f64>>` (`n` rows of `n`), `m(m+1)/2` evaluations on `Dual<Dual<f64, N>, N>`, `m = ceil(n / N)` |
//! | `Operator` | `F: VectorFunction` | the residuals `r(x)`: `Vec<f64>` |
//! | `Jacobian` | `F: VectorFunction` | `J(x)`: `Vec<Vec<f64>>`, one row per residual (`J[i][j] = ∂r_i/∂x_j`) |
//!
//! These are the layouts of argmin-math's `vec` backend (and of the `finitediff` crate's
//! `Vec` functions): a matrix is a `Vec` of rows. The gradient and Jacobian come from a
//! [`ChunkedJacobian`], the Hessian from a [`ChunkedHessian`]; both workspaces are kept in
//! the wrapper behind a `Mutex` (argmin's traits take `&self`), so repeated calls reuse
//! their buffers; a call that finds the workspace busy (a parallel evaluation) uses a fresh
//! one instead of waiting.
//!
//! ```
//! use argmin::core::{CostFunction, Gradient, Hessian};
//! use dualnum::Real;
//! use dualnum::argmin::{Exact, ScalarFunction};
//!
//! /// f(x) = x0² x1 + sin x1
//! struct F;
//!
//! impl ScalarFunction for F {
//!     fn eval<T: Real>(&self, x: &[T]) -> T {
//!         x[0] * x[0] * x[1] + x[1].sin()
//!     }
//! }
//!
//! let problem = Exact::<F>::new(F);
//! let x = vec![2.0, 0.5];
//! assert_eq!(problem.cost(&x).unwrap(), 2.0 + 0.5f64.sin());
//! // ∇f = (2 x0 x1, x0² + cos x1)
//! assert_eq!(problem.gradient(&x).unwrap(), vec![2.0, 4.0 + 0.5f64.cos()]);
//! // ∇²f = [[2 x1, 2 x0], [2 x0, -sin x1]]
//! let h = problem.hessian(&x).unwrap();
//! assert_eq!(h, vec![vec![1.0, 4.0], vec![4.0, -(0.5f64.sin())]]);
//! ```

use std::sync::{Mutex, TryLockError};

use ::argmin::core::{CostFunction, Error, Gradient, Hessian, Jacobian, Operator};
use nalgebra::DMatrix;

use crate::sparse::VectorFunction;
use crate::{ChunkedHessian, ChunkedJacobian, Real};

/// A function `f: R^n -> R` that can be evaluated on any [`Real`] number type: `f64` for
/// its value, dual numbers for its gradient and Hessian.
///
/// A closure has one fixed argument type, so the function is a type with a *generic
/// method* (the scalar counterpart of [`VectorFunction`]); see the [module](self) example.
/// `x.len()` is the `n` of the parameter vector argmin passes in.
pub trait ScalarFunction {
    /// `f(x)`.
    fn eval<T: Real>(&self, x: &[T]) -> T;
}

impl<F: ScalarFunction> ScalarFunction for &F {
    #[inline]
    fn eval<T: Real>(&self, x: &[T]) -> T {
        (**self).eval(x)
    }
}

/// An argmin problem with exact derivatives: wraps a [`ScalarFunction`] (cost, gradient,
/// Hessian) or a [`VectorFunction`] (residuals, Jacobian) and implements argmin's
/// `CostFunction`, `Gradient`, `Hessian`, `Operator` and `Jacobian` on `Vec<f64>`
/// parameters (see the [module](self) table).
///
/// `N` (default 4, at least 1, checked at compile time) is the chunk width: the number of
/// partial derivatives carried per evaluation.
#[derive(Debug)]
pub struct Exact<F, const N: usize = 4> {
    /// The user's function.
    function: F,
    /// The gradient and Jacobian workspace.
    jacobian: Mutex<ChunkedJacobian<N, f64>>,
    /// The Hessian workspace.
    hessian: Mutex<ChunkedHessian<N, f64>>,
}

impl<F, const N: usize> Exact<F, N> {
    /// Wraps `function`; the workspaces grow on first use.
    ///
    /// A chunk width of 0 does not compile:
    ///
    /// ```compile_fail
    /// struct F;
    /// let problem = dualnum::argmin::Exact::<F, 0>::new(F);
    /// ```
    pub fn new(function: F) -> Self {
        Exact {
            function,
            jacobian: Mutex::new(ChunkedJacobian::new()),
            hessian: Mutex::new(ChunkedHessian::new()),
        }
    }

    /// The wrapped function.
    pub fn function(&self) -> &F {
        &self.function
    }

    /// Unwraps the function.
    pub fn into_inner(self) -> F {
        self.function
    }
}

/// Runs `work` on the workspace in `slot`, or on a fresh one if another thread holds it.
/// A workspace poisoned by a panic in the user's function is reused: every call resets it.
fn with_workspace<W: Default, R>(slot: &Mutex<W>, work: impl FnOnce(&mut W) -> R) -> R {
    match slot.try_lock() {
        Ok(mut guard) => work(&mut guard),
        Err(TryLockError::Poisoned(poisoned)) => work(&mut poisoned.into_inner()),
        Err(TryLockError::WouldBlock) => work(&mut W::default()),
    }
}

/// `Err` naming both lengths when the parameter vector does not have the `n` entries the
/// residual function reads.
fn check_input_len(expected: usize, found: usize) -> Result<(), Error> {
    if expected == found {
        Ok(())
    } else {
        Err(Error::msg(format!(
            "dualnum::argmin: the parameter vector has {found} entries, the residual function \
             expects {expected} (VectorFunction::input_len)"
        )))
    }
}

impl<F: ScalarFunction, const N: usize> CostFunction for Exact<F, N> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, param: &Vec<f64>) -> Result<f64, Error> {
        Ok(self.function.eval(param))
    }
}

impl<F: ScalarFunction, const N: usize> Gradient for Exact<F, N> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;

    /// `∇f(x)`: the `1 x n` Jacobian of `f`, whose column-major layout is the gradient.
    fn gradient(&self, param: &Vec<f64>) -> Result<Vec<f64>, Error> {
        let mut value = [0.0];
        let mut gradient = vec![0.0; param.len()];
        with_workspace(&self.jacobian, |work| {
            work.jacobian_slice_into(
                |x, y| y[0] = self.function.eval(x),
                param,
                &mut value,
                &mut gradient,
            )
        })?;
        Ok(gradient)
    }
}

impl<F: ScalarFunction, const N: usize> Hessian for Exact<F, N> {
    type Param = Vec<f64>;
    type Hessian = Vec<Vec<f64>>;

    /// `∇²f(x)`, `n` rows of `n` (exactly symmetric).
    fn hessian(&self, param: &Vec<f64>) -> Result<Vec<Vec<f64>>, Error> {
        let n = param.len();
        let mut hessian = DMatrix::zeros(n, n);
        with_workspace(&self.hessian, |work| {
            work.hessian_into(|x| self.function.eval(x), param, None, &mut hessian)
        })?;
        Ok(hessian
            .row_iter()
            .map(|row| row.iter().copied().collect())
            .collect())
    }
}

impl<F: VectorFunction, const N: usize> Operator for Exact<F, N> {
    type Param = Vec<f64>;
    type Output = Vec<f64>;

    /// The residuals `r(x)`, `output_len()` of them.
    ///
    /// # Errors
    /// If `param.len() != input_len()` (the message names both).
    fn apply(&self, param: &Vec<f64>) -> Result<Vec<f64>, Error> {
        check_input_len(self.function.input_len(), param.len())?;
        let mut residuals = vec![0.0; self.function.output_len()];
        self.function.eval(param, &mut residuals);
        Ok(residuals)
    }
}

impl<F: VectorFunction, const N: usize> Jacobian for Exact<F, N> {
    type Param = Vec<f64>;
    type Jacobian = Vec<Vec<f64>>;

    /// `J(x)`, one row per residual: `J[i][j] = ∂r_i/∂x_j`.
    ///
    /// # Errors
    /// If `param.len() != input_len()` (the message names both).
    fn jacobian(&self, param: &Vec<f64>) -> Result<Vec<Vec<f64>>, Error> {
        let (n, m) = (self.function.input_len(), self.function.output_len());
        check_input_len(n, param.len())?;
        let mut values = vec![0.0; m];
        let mut col_major = vec![0.0; m * n];
        with_workspace(&self.jacobian, |work| {
            work.jacobian_slice_into(
                |x, y| self.function.eval(x, y),
                param,
                &mut values,
                &mut col_major,
            )
        })?;
        Ok((0..m)
            .map(|i| (0..n).map(|j| col_major[j * m + i]).collect())
            .collect())
    }
}
