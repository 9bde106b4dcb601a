//! The vector sections of the lecture notes: a scalar of three variables (gradient), a
//! vector of one variable, a vector of three variables (Jacobian), a matrix of one
//! variable, and the identity map.

use dualnum::{Dual, derivative_matrix, derivative_vector, gradient, jacobian};
use nalgebra::{Dim, Matrix, Matrix2, RawStorage, Vector2, Vector3};

/// Prints each vector section: the notes' formula, then the crate's numbers beside the
/// formula's.
pub fn run() {
    let (x1, x2, x3) = (1.3_f64, 0.7, 0.4);
    println!("== Scalar-valued function of three variables (gradient, numerator layout 1 x 3)");
    println!("   y = x1^2 + x1 ln x2 + e^(x2 x3) + 2 x3 at x = ({x1}, {x2}, {x3})");
    println!("   dy/dx = [2 x1 + ln x2, x1/x2 + x3 e^(x2 x3), x2 e^(x2 x3) + 2]  (errata 1)");
    let f = |x: &Vector3<Dual<f64, 3>>| {
        x[0] * x[0] + x[0] * x[1].ln() + (x[1] * x[2]).exp() + 2.0 * x[2]
    };
    let (y, g) = gradient(f, &Vector3::new(x1, x2, x3));
    let e = (x2 * x3).exp();
    println!("   y       = {y:.12}");
    println!("   dualnum = {}", rows(&g, 12));
    println!(
        "   formula = [[{:.12}, {:.12}, {:.12}]]",
        2.0 * x1 + x2.ln(),
        x1 / x2 + x3 * e,
        x2 * e + 2.0
    );

    let x = 2.0_f64;
    println!("== Vector-valued function of one variable");
    println!("   y = [3x^2 + x, e^x, ln x], dy/dx = [6x + 1, e^x, 1/x] at x = {x}");
    let (_, d) = derivative_vector(
        |t: Dual<f64, 1>| Vector3::new(3.0 * t * t + t, t.exp(), t.ln()),
        x,
    );
    println!("   dualnum = {:?}", d.as_slice());
    println!("   formula = {:?}", [6.0 * x + 1.0, x.exp(), 1.0 / x]);

    let (x1, x2, x3) = (0.5_f64, -1.2, 2.0);
    println!("== Vector-valued function of three variables (Jacobian, 2 x 3)");
    println!("   f = [x1 + x2 x3 + x1 x3, x1^2 + 2 x3] (errata 2) at x = ({x1}, {x2}, {x3})");
    println!("   J = [[1 + x3, x3, x2 + x1], [2 x1, 0, 2]]");
    let f = |x: &Vector3<Dual<f64, 3>>| {
        Vector2::new(x[0] + x[1] * x[2] + x[0] * x[2], x[0] * x[0] + 2.0 * x[2])
    };
    let (_, j) = jacobian(f, &Vector3::new(x1, x2, x3));
    println!("   dualnum J = {}", rows(&j, 1));
    println!(
        "   formula J = [[{:.1}, {:.1}, {:.1}], [{:.1}, 0.0, 2.0]]",
        1.0 + x3,
        x3,
        x2 + x1,
        2.0 * x1
    );

    let x = 0.3_f64;
    println!("== Matrix-valued function of one variable");
    println!(
        "   y = [[cos x, sin x], [e^x, tanh x]], dy/dx = [[-sin x, cos x], [e^x, 1 - tanh^2 x]] at x = {x}"
    );
    let (_, d) = derivative_matrix(
        |t: Dual<f64, 1>| Matrix2::new(t.cos(), t.sin(), t.exp(), t.tanh()),
        x,
    );
    println!("   dualnum = {}", rows(&d, 12));
    println!(
        "   formula = [[{:.12}, {:.12}], [{:.12}, {:.12}]]",
        -x.sin(),
        x.cos(),
        x.exp(),
        1.0 - x.tanh().powi(2)
    );

    println!("== Derivative of the identity map f(x) = x on R^3");
    let (_, j) = jacobian(|x: &Vector3<Dual<f64, 3>>| *x, &Vector3::new(1.0, 2.0, 3.0));
    println!("   dualnum J = {}", rows(&j, 0));
    println!("   formula J = I (3 x 3)");
}

/// A matrix written row by row as the notes write it, `[[a, b], [c, d]]`, with `digits`
/// decimals.
fn rows<R: Dim, C: Dim, S: RawStorage<f64, R, C>>(
    m: &Matrix<f64, R, C, S>,
    digits: usize,
) -> String {
    let row = |i: usize| {
        let entries: Vec<String> = (0..m.ncols())
            .map(|j| format!("{:.digits$}", m[(i, j)]))
            .collect();
        format!("[{}]", entries.join(", "))
    };
    let all: Vec<String> = (0..m.nrows()).map(row).collect();
    format!("[{}]", all.join(", "))
}
