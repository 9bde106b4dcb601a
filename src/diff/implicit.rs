//! Implicit differentiation: the derivatives of a solution `x*(p)` of `F(x, p) = 0` with
//! respect to the parameters `p`, given `x*` from any `f64` solver.
//!
//! By the implicit function theorem `dx*/dp = -F_x⁻¹ F_p`. The helpers get it from Newton
//! steps taken in dual arithmetic: the parameters are duals (their tangents say which
//! derivatives are wanted), the solver's `x*` enters as a constant, and
//!
//! `x ← x - F_x(x, p)⁻¹ F(x, p)`
//!
//! is evaluated on duals. At a solution `F(x*, p)` has value 0 and tangent `F_p dp`, so one
//! step gives the value `x*` (refined by one `f64` Newton step) and the tangent
//! `-F_x⁻¹ F_p dp`. Each step doubles the number of correct orders (the error after a step
//! is the square of the error before, in powers of the tangents), so the second step makes
//! nested duals exact through third order: `Dual<Dual<f64, N>, N>` gives
//! `d²x*/dpᵢdpⱼ`. Every step costs one evaluation of `F` on duals of width `M` (the
//! number of unknowns) over the parameter duals, which also gives `F_x`, and one LU solve
//! (in dual arithmetic).
//!
//! The helpers trust the solver: `x*` is assumed to solve `F(x, p) = 0` to the accuracy
//! wanted (the Newton steps refine it, but do not check convergence). A singular (or not
//! finite) `F_x` at the solution is reported as [`JacobianError::SingularJacobian`]: there
//! the implicit function theorem does not apply.

use nalgebra::{DMatrix, DVector, RealField, SVector};

use crate::{Dual, JacobianError, Real, jacobian, jacobian_chunked};

/// The number of Newton steps in dual arithmetic: exact through order `2² - 1 = 3`.
const NEWTON_STEPS: usize = 2;

/// `x*(p)` carried by duals, for a scalar equation `F(x, p) = 0`.
///
/// `f` evaluates `F(x, p)` for a dual `x` of width 1 over the parameter type `D` (for
/// example `D = Dual<f64, N>`, the parameters `p` captured as `Dual::constant(p_k)` of the
/// width-1 dual); `x_star` is the solver's root, as a constant `D`. The result has value
/// `x*` and tangent `dx*/dp · dp`.
///
/// ```
/// use dualnum::{Dual, implicit_scalar};
/// // x² - p = 0 at p = 2: x* = √2, dx*/dp = 1/(2√2)
/// let p = Dual::<f64, 1>::variable(2.0, 0);
/// let x = implicit_scalar(|x| x * x - Dual::constant(p), Dual::constant(2f64.sqrt())).unwrap();
/// assert!((x.eps[0] - 0.5 / 2f64.sqrt()).abs() < 1e-15);
/// ```
///
/// # Errors
/// [`JacobianError::SingularJacobian`] when `∂F/∂x` is zero or not finite at a step.
pub fn implicit_scalar<D: Real>(
    f: impl Fn(Dual<D, 1>) -> Dual<D, 1>,
    x_star: D,
) -> Result<D, JacobianError> {
    let mut x = x_star;
    for _ in 0..NEWTON_STEPS {
        let y = f(Dual::new(x, [D::one()]));
        let slope = y.eps[0];
        if slope.is_zero() || !slope.is_finite() {
            return Err(JacobianError::SingularJacobian);
        }
        x = x - y.re / slope;
    }
    Ok(x)
}

/// `x*(p)` carried by duals, for a system of `M` equations in `M` unknowns,
/// `F(x, p) = 0`.
///
/// `f` evaluates `F(x, p)` for a vector `x` of duals of width `M` over the parameter type
/// `D` (the parameters captured as `Dual::constant(p_k)`); `x_star` is the solver's
/// solution, as constants of `D`. The result has the values `x*` and the tangents
/// `dx*/dp · dp`, from two Newton steps, each one Jacobian of `F` with respect to `x` and
/// one LU solve.
///
/// ```
/// use dualnum::{Dual, implicit};
/// use nalgebra::Vector2;
/// // x₀ + x₁ = p, x₀ - x₁ = 1: x* = ((p + 1)/2, (p - 1)/2), dx*/dp = (1/2, 1/2)
/// let p = Dual::<f64, 1>::variable(3.0, 0);
/// let f = |x: &Vector2<Dual<Dual<f64, 1>, 2>>| {
///     Vector2::new(x[0] + x[1] - Dual::constant(p), x[0] - x[1] - Dual::constant(Dual::constant(1.0)))
/// };
/// let x = implicit(f, &Vector2::new(Dual::constant(2.0), Dual::constant(1.0))).unwrap();
/// assert_eq!((x[0].eps[0], x[1].eps[0]), (0.5, 0.5));
/// ```
///
/// # Errors
/// [`JacobianError::SingularJacobian`] when `∂F/∂x` is singular (or not finite) at a step.
pub fn implicit<D: Real + RealField, const M: usize>(
    f: impl Fn(&SVector<Dual<D, M>, M>) -> SVector<Dual<D, M>, M>,
    x_star: &SVector<D, M>,
) -> Result<SVector<D, M>, JacobianError> {
    let mut x = *x_star;
    for _ in 0..NEWTON_STEPS {
        let (residual, fx) = jacobian(&f, &x);
        // nalgebra's LU of a generic `M x M` needs dimension bounds a const generic cannot
        // state; the dynamic LU of the same entries pivots identically
        let fx = DMatrix::from_column_slice(M, M, fx.as_slice());
        let residual = DVector::from_column_slice(residual.as_slice());
        let step = newton_step(fx.lu().solve(&residual))?;
        x -= SVector::<D, M>::from_column_slice(step.as_slice());
    }
    Ok(x)
}

/// [`implicit`] for a dynamically sized system: `F_x` is computed `N` columns per pass
/// (as [`jacobian_chunked`]), so the width `N` of the duals `f` sees is independent of
/// the number of unknowns.
///
/// ```
/// use dualnum::{Dual, implicit_dvector};
/// use nalgebra::DVector;
/// // x_i² = p for i = 0..3: x_i* = √p, dx_i*/dp = 1/(2√p)
/// let p = Dual::<f64, 1>::variable(4.0, 0);
/// let f = |x: &DVector<Dual<Dual<f64, 1>, 2>>| x.map(|xi| xi * xi - Dual::constant(p));
/// let x = implicit_dvector(f, &DVector::from_element(3, Dual::constant(2.0))).unwrap();
/// assert!(x.iter().all(|xi| xi.eps[0] == 0.25));
/// ```
///
/// # Errors
/// [`JacobianError::BufferSize`] (buffer `"residuals"`) when `f` returns a different
/// number of equations than there are unknowns; [`JacobianError::SingularJacobian`] when
/// `∂F/∂x` is singular (or not finite) at a step; the errors of [`jacobian_chunked`].
pub fn implicit_dvector<const N: usize, D: Real + RealField>(
    mut f: impl FnMut(&DVector<Dual<D, N>>) -> DVector<Dual<D, N>>,
    x_star: &DVector<D>,
) -> Result<DVector<D>, JacobianError> {
    let mut x = x_star.clone();
    for _ in 0..NEWTON_STEPS {
        let (residual, fx) = jacobian_chunked(&mut f, &x)?;
        JacobianError::check_len("residuals", x.len(), residual.len())?;
        x -= newton_step(fx.lu().solve(&residual))?;
    }
    Ok(x)
}

/// The Newton correction `F_x⁻¹ F` from an LU solve, or
/// [`JacobianError::SingularJacobian`] when the solve fails or is not finite.
fn newton_step<D: Real, V>(solved: Option<V>) -> Result<V, JacobianError>
where
    for<'a> &'a V: IntoIterator<Item = &'a D>,
{
    match solved {
        Some(step) if (&step).into_iter().all(|v| v.is_finite()) => Ok(step),
        _ => Err(JacobianError::SingularJacobian),
    }
}
