//! The scalar worked examples of the lecture notes (`shared/lecture-notes.md`), at several
//! points, against the notes' own formulas: y = x² ln x² with dy/dx = 2x(ln x² + 1), and
//! the derivatives of ln, eˣ, sin, cos, tan, tanh and the sigmoid listed at the end.
//!
//! The oracle each time is the formula written in the notes, evaluated on plain `f64`;
//! the crate's number is the tangent of a dual evaluation. Both are a handful of
//! correctly rounded operations apart, so they must agree to a few ulps (`1e-13`
//! relative, with an absolute floor of `1e-13` where the derivative crosses zero).

use dualnum::Dual;
use num_traits::Float;

type D = Dual<f64, 1>;

/// Points inside every domain used below (x > 0 for ln), away from tan's poles.
const POSITIVE_POINTS: [f64; 7] = [1e-3, 0.25, 0.5, 1.0, 1.7, 3.0, 12.5];
/// Points for functions defined on the whole line.
const REAL_POINTS: [f64; 11] = [
    -12.5, -3.0, -1.0, -0.5, -1e-3, 0.0, 1e-3, 0.5, 1.0, 2.0, 7.0,
];

fn assert_close(what: &str, x: f64, got: f64, expected: f64) {
    let tol = 1e-13 * expected.abs().max(1.0);
    assert!(
        (got - expected).abs() <= tol,
        "{what} at x = {x}: dualnum gives {got:e}, the notes' formula {expected:e} \
         (difference {:e} > {tol:e})",
        (got - expected).abs()
    );
}

/// The value and slope of `f` at `x`, through a dual seeded with dx/dx = 1.
fn dual_eval(f: impl Fn(D) -> D, x: f64) -> (f64, f64) {
    let y = f(D::variable(x, 0));
    (y.re, y.eps[0])
}

/// The notes' first example, written once for any `Float`: `y = x² ln x²`.
fn x2_ln_x2<T: Float>(x: T) -> T {
    let x2 = x * x;
    x2 * x2.ln()
}

#[test]
fn x_squared_ln_x_squared() {
    // dy/dx = 2x ln x² + x² (1/x²) 2x = 2x (ln x² + 1); x² ln x² is even, so negative
    // points work too (x ≠ 0).
    let points = POSITIVE_POINTS
        .iter()
        .chain(REAL_POINTS.iter())
        .copied()
        .filter(|&x| x != 0.0);
    for x in points {
        let (y, dy) = dual_eval(x2_ln_x2, x);
        assert_eq!(y, x2_ln_x2(x), "value at x = {x}");
        assert_close("d/dx x² ln x²", x, dy, 2.0 * x * ((x * x).ln() + 1.0));
        // The intermediate line of the notes, before simplification.
        assert_close(
            "2x ln x² + x² (1/x²) 2x",
            x,
            dy,
            2.0 * x * (x * x).ln() + x * x * (1.0 / (x * x)) * 2.0 * x,
        );
    }
    // At x = 1, ln x² = 0 and the slope is exactly 2x = 2.
    assert_eq!(dual_eval(x2_ln_x2, 1.0).1, 2.0);
}

#[test]
fn ln() {
    for x in POSITIVE_POINTS {
        let (y, dy) = dual_eval(|t| t.ln(), x);
        assert_eq!(y, x.ln());
        assert_close("d/dx ln x = 1/x", x, dy, 1.0 / x);
    }
}

#[test]
fn exp() {
    for x in REAL_POINTS {
        let (y, dy) = dual_eval(|t| t.exp(), x);
        assert_eq!(y, x.exp());
        assert_close("d/dx eˣ = eˣ", x, dy, x.exp());
    }
}

#[test]
fn sin() {
    for x in REAL_POINTS {
        let (y, dy) = dual_eval(|t| t.sin(), x);
        assert_eq!(y, x.sin());
        assert_close("d/dx sin x = cos x", x, dy, x.cos());
    }
}

#[test]
fn cos() {
    for x in REAL_POINTS {
        let (y, dy) = dual_eval(|t| t.cos(), x);
        assert_eq!(y, x.cos());
        assert_close("d/dx cos x = -sin x", x, dy, -x.sin());
    }
}

#[test]
fn tan() {
    // Away from the poles at π/2 + kπ.
    for x in [-1.5, -1.0, -0.5, 0.0, 0.3, 1.0, 1.5, 2.0, 4.0] {
        let (y, dy) = dual_eval(|t| t.tan(), x);
        assert_eq!(y, x.tan());
        // d/dx tan x = sec² x = 1/cos² x (and = 1 + tan² x).
        assert_close("d/dx tan x = 1/cos² x", x, dy, 1.0 / (x.cos() * x.cos()));
    }
}

#[test]
fn tanh() {
    for x in REAL_POINTS {
        let (y, dy) = dual_eval(|t| t.tanh(), x);
        assert_eq!(y, x.tanh());
        // d/dx tanh x = 1 - tanh² x = 1/cosh² x.
        assert_close(
            "d/dx tanh x = 1/cosh² x",
            x,
            dy,
            1.0 / (x.cosh() * x.cosh()),
        );
        assert_close(
            "d/dx tanh x = 1 - tanh² x",
            x,
            dy,
            1.0 - x.tanh() * x.tanh(),
        );
    }
}

/// σ(x) = 1/(1 + e⁻ˣ), the notes' definition.
fn sigma(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[test]
fn sigmoid() {
    for x in REAL_POINTS {
        let (y, dy) = dual_eval(|t| t.sigmoid(), x);
        assert_close("σ(x) = 1/(1 + e⁻ˣ)", x, y, sigma(x));
        // The notes' derivation: σ' = e⁻ˣ (1 + e⁻ˣ)⁻² = σ (1 - σ).
        let e = (-x).exp();
        let first_form = e * (1.0 + e).powi(-2);
        let last_form = sigma(x) * (1.0 - sigma(x));
        assert_close("σ' = e⁻ˣ (1 + e⁻ˣ)⁻²", x, dy, first_form);
        assert_close("σ' = σ (1 - σ)", x, dy, last_form);
        // And the two forms of the notes agree with each other numerically.
        assert_close("e⁻ˣ (1 + e⁻ˣ)⁻² = σ (1 - σ)", x, first_form, last_form);
        // The middle step: σ' = σ(x) · e⁻ˣ/(1 + e⁻ˣ).
        assert_close("σ' = σ e⁻ˣ/(1 + e⁻ˣ)", x, dy, sigma(x) * e / (1.0 + e));
    }
}
