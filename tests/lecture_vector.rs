//! The vector sections of the lecture notes (`shared/lecture-notes.md`), at several points,
//! against the notes' formulas as corrected by the errata.

use dualnum::{Dual, derivative_matrix, derivative_vector, gradient, jacobian};
use nalgebra::{Matrix2, Matrix2x3, Matrix3, SVector, Vector2, Vector3};

const POINTS: [[f64; 3]; 5] = [
    [1.3, 0.7, 0.4],
    [0.5, 2.0, -1.0],
    [-2.0, 0.1, 3.0],
    [0.0, 1.0, 0.0],
    [4.0, 5.5, -0.25],
];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-13 * (1.0 + b.abs())
}

/// y = x1² + x1 ln x2 + e^(x2 x3) + 2 x3, gradient (numerator layout, 1 x 3)
/// [2 x1 + ln x2, x1/x2 + x3 e^(x2 x3), x2 e^(x2 x3) + 2] (errata 1: the "+ 2").
#[test]
fn scalar_of_three_variables() {
    for [x1, x2, x3] in POINTS {
        let f = |x: &Vector3<Dual<f64, 3>>| {
            x[0] * x[0] + x[0] * x[1].ln() + (x[1] * x[2]).exp() + 2.0 * x[2]
        };
        let (y, g) = gradient(f, &Vector3::new(x1, x2, x3));
        let e = (x2 * x3).exp();
        assert!(close(y, x1 * x1 + x1 * x2.ln() + e + 2.0 * x3));
        assert_eq!(g.shape(), (1, 3));
        assert!(close(g[0], 2.0 * x1 + x2.ln()));
        assert!(close(g[1], x1 / x2 + x3 * e));
        assert!(close(g[2], x2 * e + 2.0));
    }
}

/// y = [3x² + x, e^x, ln x], dy/dx = [6x + 1, e^x, 1/x].
#[test]
fn vector_of_one_variable() {
    for x in [0.25, 1.0, 2.5, 7.0] {
        let f = |t: Dual<f64, 1>| Vector3::new(3.0 * t * t + t, t.exp(), t.ln());
        let (y, d) = derivative_vector(f, x);
        assert!(close(y[0], 3.0 * x * x + x) && close(y[1], x.exp()) && close(y[2], x.ln()));
        assert!(close(d[0], 6.0 * x + 1.0));
        assert!(close(d[1], x.exp()));
        assert!(close(d[2], 1.0 / x));
    }
}

/// f = [x1 + x2 x3 + x1 x3, x1² + 2 x3] (errata 2), J = [[1 + x3, x3, x2 + x1], [2 x1, 0, 2]].
#[test]
fn vector_of_three_variables_jacobian() {
    for [x1, x2, x3] in POINTS {
        let f = |x: &Vector3<Dual<f64, 3>>| {
            Vector2::new(x[0] + x[1] * x[2] + x[0] * x[2], x[0] * x[0] + 2.0 * x[2])
        };
        let (y, j) = jacobian(f, &Vector3::new(x1, x2, x3));
        assert_eq!(y, Vector2::new(x1 + x2 * x3 + x1 * x3, x1 * x1 + 2.0 * x3));
        let expected = Matrix2x3::new(1.0 + x3, x3, x2 + x1, 2.0 * x1, 0.0, 2.0);
        assert_eq!(j, expected);
    }
}

/// y = [[cos x, sin x], [e^x, tanh x]], dy/dx = [[-sin x, cos x], [e^x, 1 - tanh² x]].
#[test]
fn matrix_of_one_variable() {
    for x in [-1.5, 0.0, 0.3, 2.0] {
        let f = |t: Dual<f64, 1>| Matrix2::new(t.cos(), t.sin(), t.exp(), t.tanh());
        let (y, d) = derivative_matrix(f, x);
        assert_eq!(y, Matrix2::new(x.cos(), x.sin(), x.exp(), x.tanh()));
        let expected = Matrix2::new(-x.sin(), x.cos(), x.exp(), 1.0 - x.tanh().powi(2));
        for (a, b) in d.iter().zip(expected.iter()) {
            assert!(close(*a, *b), "{d} vs {expected}");
        }
    }
}

/// The identity map f(x) = x on R³ has Jacobian I.
#[test]
fn identity_map_has_identity_jacobian() {
    for p in POINTS {
        let x = SVector::from(p);
        let (y, j) = jacobian(|xd: &Vector3<Dual<f64, 3>>| *xd, &x);
        assert_eq!(y, x);
        assert_eq!(j, Matrix3::identity());
    }
}
