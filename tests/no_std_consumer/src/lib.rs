//! A `#![no_std]` crate that uses dualnum as a `no_std` target would: without std, without
//! nalgebra, with float maths from libm (`default-features = false, features = ["libm"]`).
//! Nothing here allocates.
//!
//! It computes a derivative ([`slope`]), a gradient over arrays ([`gradient`]), a Jacobian
//! into a column-major slice ([`jacobian`]), and second derivatives three ways: nested
//! duals ([`second_derivative_nested`]), the second-order number `Dual2`
//! ([`second_derivative_dual2`]) and Taylor arithmetic ([`taylor_derivatives`]). The tests
//! below (which may use std) check each against hand-derived formulas evaluated with std's
//! float functions, an implementation independent of the libm crate dualnum uses here.

#![no_std]

use dualnum::{
    Dual, Dual2, JacobianError, MatrixSlice, Real, derivative, derivatives, gradient_into,
    jacobian_into,
};

/// `f(x) = x² sin x`.
pub fn f<T: Real>(x: T) -> T {
    x * x * x.sin()
}

/// `(f(x), f'(x))` for [`f`], by one dual evaluation.
pub fn slope(x: f64) -> (f64, f64) {
    derivative(f, x)
}

/// `g(x) = x₀ exp(x₁) + ln(x₁ x₂)` (for `x₁ x₂ > 0`).
pub fn g<T: Real>(x: &[T; 3]) -> T {
    x[0] * x[1].exp() + (x[1] * x[2]).ln()
}

/// `(g(x), ∇g(x))` for [`g`], over arrays: no nalgebra, nothing allocated.
pub fn gradient(x: [f64; 3]) -> (f64, [f64; 3]) {
    let mut grad = [0.0; 3];
    let value = gradient_into(g, &x, &mut grad);
    (value, grad)
}

/// `F(x) = [x₀ x₁ x₂, x₀² + cos x₂]`, `R³ -> R²`.
pub fn big_f<T: Real>(x: &[T; 3]) -> [T; 2] {
    [x[0] * x[1] * x[2], x[0] * x[0] + x[2].cos()]
}

/// The values of [`big_f`] and its `2 x 3` Jacobian, written column-major into `columns`
/// (entry `(i, j)` at `2 j + i`).
///
/// # Errors
/// Never for this fixed shape; the `Result` is `jacobian_into`'s shape check.
pub fn jacobian(x: [f64; 3], columns: &mut [f64; 6]) -> Result<[f64; 2], JacobianError> {
    let mut values = [0.0; 2];
    let mut out = MatrixSlice::col_major(columns, 2, 3)?;
    jacobian_into(big_f, &x, Some(&mut values), &mut out)?;
    Ok(values)
}

/// `h(x) = x³ exp(-x)`.
pub fn h<T: Real>(x: T) -> T {
    x * x * x * (-x).exp()
}

/// `h''(x)` by nested duals: the derivative (on `Dual<f64, 1>`) of the derivative, so the
/// outer tangent of the inner tangent is `h''`.
pub fn second_derivative_nested(x: f64) -> f64 {
    let (_, dh) = derivative(h::<Dual<Dual<f64, 1>, 1>>, Dual::variable(x, 0));
    dh.eps[0]
}

/// `(h(x), h'(x), h''(x))` from one evaluation on the second-order number `Dual2<f64, 1, 1>`.
pub fn second_derivative_dual2(x: f64) -> (f64, f64, f64) {
    let y = h(Dual2::<f64, 1, 1>::variable(x, 0));
    (y.value(), y.gradient()[0], y.hessian_entry(0, 0))
}

/// `(h(x), [h'(x), h''(x), h'''(x)])` from Taylor arithmetic of order 3.
pub fn taylor_derivatives(x: f64) -> (f64, [f64; 3]) {
    derivatives::<f64, 3>(h, x)
}

#[cfg(test)]
extern crate std;

#[cfg(test)]
mod tests {
    //! Oracles: the derivatives worked out by hand, evaluated with std's `f64` functions.
    //! Tolerance: relative `1e-13` (the libm and std results of `sin`, `exp`, ... may differ
    //! in the last bit, and the formulas round differently from the dual evaluation).

    use super::*;

    fn close(got: f64, want: f64) -> bool {
        (got - want).abs() <= 1e-13 * want.abs().max(1.0)
    }

    const POINTS: [f64; 5] = [-2.3, -0.4, 0.0, 0.7, 3.1];

    #[test]
    fn slope_is_2x_sin_x_plus_x2_cos_x() {
        for x in POINTS {
            let (v, d) = slope(x);
            assert!(close(v, x * x * x.sin()), "f({x}) = {v}");
            let want = 2.0 * x * x.sin() + x * x * x.cos();
            assert!(close(d, want), "f'({x}) = {d}, want {want}");
        }
    }

    #[test]
    fn gradient_over_arrays_matches_the_formula() {
        for x in [[1.5, 0.3, 2.0], [-0.7, 1.2, 0.4], [0.0, 2.5, 3.0]] {
            let (v, grad) = gradient(x);
            assert!(close(v, x[0] * x[1].exp() + (x[1] * x[2]).ln()));
            // ∂g/∂x₀ = exp x₁, ∂g/∂x₁ = x₀ exp x₁ + 1/x₁, ∂g/∂x₂ = 1/x₂
            let want = [x[1].exp(), x[0] * x[1].exp() + 1.0 / x[1], 1.0 / x[2]];
            for k in 0..3 {
                assert!(
                    close(grad[k], want[k]),
                    "∂g/∂x{k} at {x:?}: {}, want {}",
                    grad[k],
                    want[k]
                );
            }
        }
    }

    #[test]
    fn jacobian_lands_column_major() {
        let x = [1.5, -0.5, 0.8];
        let mut columns = [f64::NAN; 6];
        let values = jacobian(x, &mut columns).unwrap();
        assert!(close(values[0], x[0] * x[1] * x[2]));
        assert!(close(values[1], x[0] * x[0] + x[2].cos()));
        // J = [[x₁ x₂, x₀ x₂, x₀ x₁], [2 x₀, 0, -sin x₂]], column by column
        let want = [
            x[1] * x[2],
            2.0 * x[0],
            x[0] * x[2],
            0.0,
            x[0] * x[1],
            -x[2].sin(),
        ];
        for k in 0..6 {
            assert!(
                close(columns[k], want[k]),
                "entry {k}: {}, want {}",
                columns[k],
                want[k]
            );
        }
    }

    /// `h = x³ e⁻ˣ`: `h' = (3x² - x³) e⁻ˣ`, `h'' = (6x - 6x² + x³) e⁻ˣ`,
    /// `h''' = (6 - 18x + 9x² - x³) e⁻ˣ`.
    fn h_by_hand(x: f64) -> [f64; 4] {
        let e = (-x).exp();
        [
            x * x * x * e,
            (3.0 * x * x - x * x * x) * e,
            (6.0 * x - 6.0 * x * x + x * x * x) * e,
            (6.0 - 18.0 * x + 9.0 * x * x - x * x * x) * e,
        ]
    }

    #[test]
    fn nested_duals_give_the_second_derivative() {
        for x in POINTS {
            let want = h_by_hand(x)[2];
            let got = second_derivative_nested(x);
            assert!(close(got, want), "h''({x}) = {got}, want {want}");
        }
    }

    #[test]
    fn dual2_gives_value_slope_and_curvature() {
        for x in POINTS {
            let [v, d1, d2, _] = h_by_hand(x);
            let (gv, g1, g2) = second_derivative_dual2(x);
            assert!(
                close(gv, v) && close(g1, d1) && close(g2, d2),
                "at {x}: {gv} {g1} {g2}"
            );
        }
    }

    #[test]
    fn taylor_gives_derivatives_to_third_order() {
        for x in POINTS {
            let [v, d1, d2, d3] = h_by_hand(x);
            let (gv, d) = taylor_derivatives(x);
            assert!(close(gv, v), "h({x}) = {gv}");
            for (k, (got, want)) in d.iter().zip([d1, d2, d3]).enumerate() {
                assert!(
                    close(*got, want),
                    "order {} at {x}: {got}, want {want}",
                    k + 1
                );
            }
        }
    }
}
