//! The matrix sections of the lecture notes: a scalar of a 3 x 4 matrix, a vector of a
//! 2 x 3 matrix (the 4 x 3 x 2 tensor and its two vectorized forms), the derivative of the
//! identity stored as a diagonal, and the backprop example. (The matrix of one variable,
//! [[cos x, sin x], [e^x, tanh x]], is in the vector sections.)

use dualnum::tensor::{Layout, Tensor3, VecOrder, reorder_jacobian};
use dualnum::{
    Dual, elementwise_derivative, gradient_wrt_matrix, jacobian_matrix_wrt_matrix,
    jacobian_wrt_matrix,
};
use nalgebra::{DMatrix, Matrix2x3, Matrix3, Matrix3x4, RowVector3, SMatrix, Vector3, Vector4};

/// Prints each matrix section: the notes' formula (as corrected by the errata), then the
/// crate's numbers at a sample point, beside the formula's where they are not obvious.
pub fn run() {
    scalar_of_a_matrix();
    vector_of_a_matrix();
    derivative_of_the_identity();
    backprop();
}

fn scalar_of_a_matrix() {
    println!("== Scalar-valued function of a 3 x 4 matrix (errata 4)");
    println!("   y = sum_ij x_ij; dy/dX = ones: 4 x 3 in numerator layout (X transposed),");
    println!("   3 x 4 in denominator layout (the lecture's \"transpose\", shaped like X)");
    let x = Matrix3x4::from_fn(|r, c| 0.5 * (4 * r + c + 1) as f64); // x1 .. x12 row by row
    let (y, numerator) = gradient_wrt_matrix::<12, _, _, _>(|x| x.sum(), &x);
    println!("   X =\n{}\n   y = {y}", indent(&x.to_string()));
    println!(
        "   dy/dX, numerator (4 x 3) =\n{}",
        indent(&numerator.to_string())
    );
    println!(
        "   dy/dX, denominator (3 x 4) =\n{}",
        indent(&numerator.transpose().to_string())
    );
}

/// f: R^(2x3) -> R^4, X = [[x1, x2, x3], [x4, x5, x6]].
fn notes_f(x: &Matrix2x3<Dual<f64, 6>>) -> Vector4<Dual<f64, 6>> {
    let [x1, x2, x3] = [x[(0, 0)], x[(0, 1)], x[(0, 2)]];
    let [x4, x5, x6] = [x[(1, 0)], x[(1, 1)], x[(1, 2)]];
    Vector4::new(x.sum(), x1 * x5 * x6, x2 * x4, x3 * x4 * x5)
}

fn vector_of_a_matrix() {
    let p = [1.5, -2.0, 0.5, 3.0, 2.5, -1.0];
    let [x1, x2, x3, x4, x5, x6] = p;
    let x = Matrix2x3::new(x1, x2, x3, x4, x5, x6);
    println!("== Vector-valued function of a 2 x 3 matrix: the 4 x 3 x 2 tensor (errata 3)");
    println!("   X = [[x1, x2, x3], [x4, x5, x6]], f = [sum x_ij, x1 x5 x6, x2 x4, x3 x4 x5]");
    println!("   at (x1 .. x6) = {p:?}");
    let (y, j) = jacobian_wrt_matrix::<6, _, _, _, _>(notes_f, &x);
    println!("   y = {:?}", y.as_slice());

    println!("   per input (errata 3), dualnum vs formula:");
    let formulas = [
        ("dy/dx1 = [1, x5 x6, 0, 0]", [1.0, x5 * x6, 0.0, 0.0]),
        ("dy/dx2 = [1, 0, x4, 0]", [1.0, 0.0, x4, 0.0]),
        ("dy/dx3 = [1, 0, 0, x4 x5]", [1.0, 0.0, 0.0, x4 * x5]),
        ("dy/dx4 = [1, 0, x2, x3 x5]", [1.0, 0.0, x2, x3 * x5]),
        (
            "dy/dx5 = [1, x1 x6, 0, x3 x4]",
            [1.0, x1 * x6, 0.0, x3 * x4],
        ),
        ("dy/dx6 = [1, x1 x5, 0, 0]", [1.0, x1 * x5, 0.0, 0.0]),
    ];
    for (k, (text, formula)) in formulas.iter().enumerate() {
        // x_(k+1) is X[k / 3][k % 3], column (k % 3)·2 + k / 3 of the column-major Jacobian
        let column = j.column((k % 3) * 2 + k / 3);
        println!("     {text:<29} dualnum {:?}", column.as_slice());
        println!("     {:<29} formula {formula:?}", "");
    }

    let numerator = Tensor3::from_jacobian(&j, (2, 3), VecOrder::ColumnMajor, Layout::Numerator);
    println!("   numerator layout, T[d][r][c] = dy_d/dX[c][r] (each slice shaped like X^T):");
    println!("   slices: ones (3 x 2), [x5 x6, 0; 0, x1 x6; 0, x1 x5], [0, x2; x4, 0; 0, 0],");
    println!("           [0, x3 x5; 0, x3 x4; x4 x5, 0]");
    println!("{}", indent(&numerator.to_string()));
    let denominator = numerator.transpose_slices();
    println!("   denominator layout (each slice shaped like X, as JAX's jacfwd):");
    println!("{}", indent(&denominator.to_string()));

    println!(
        "   vectorized Jacobian (4 x 6), notes' vec(X) = [x1, x2, x3, x4, x5, x6] (row-major):"
    );
    let row_major = reorder_jacobian(&j, (2, 3), VecOrder::ColumnMajor, VecOrder::RowMajor);
    println!("{}", indent(&row_major.to_string()));
    println!("   vectorized Jacobian (4 x 6), vec(X) = [x1, x4, x2, x5, x3, x6] (column-major):");
    println!("{}", indent(&j.to_string()));
    println!(
        "   (the numerator tensor flattened row by row is the column-major form: {})",
        numerator.to_jacobian(Layout::Numerator, VecOrder::ColumnMajor)
            == DMatrix::from_column_slice(4, 6, j.as_slice())
    );
}

fn derivative_of_the_identity() {
    println!("== Derivative of I: f(x) = x on R^3, J = I stored as its diagonal");
    let x = Vector3::new(0.2, -1.0, 4.0);
    let (_, diag) = elementwise_derivative(|x| *x, &x);
    println!(
        "   diag(J) from one width-1 pass = {:?}  formula [1, 1, 1]",
        diag.as_slice()
    );
    let m = Matrix3::new(1.0, 2.0, 0.0, -1.0, 0.5, 3.0, 2.0, 0.0, 1.0);
    let (_, j) = jacobian_matrix_wrt_matrix::<9, 9, _, _, _, _, _>(|x| Matrix3::identity() * x, &m);
    println!(
        "   IX = X for a 3 x 3 X: d vec(IX) / d vec(X) is I_9: {}",
        j == SMatrix::<f64, 9, 9>::identity()
    );
}

fn backprop() {
    println!(
        "== Backprop: u = x W, v = sin(u), L = sum_j v_j, x in R^(1x3), W in R^(3x2) (errata 5)"
    );
    println!(
        "   dL/dW (denominator, 3 x 2) = x^T cos(u), the outer product; numerator is its 2 x 3 transpose"
    );
    let x = RowVector3::new(0.5, -1.0, 2.0);
    let w = SMatrix::<f64, 3, 2>::new(0.3, -0.2, 0.1, 0.4, -0.5, 0.35);
    let loss = |w: &SMatrix<Dual<f64, 6>, 3, 2>| (x.map(Dual::constant) * w).map(|u| u.sin()).sum();
    let (l, numerator) = gradient_wrt_matrix::<6, _, _, _>(loss, &w);
    let u = x * w;
    println!("   L = {l:.12}");
    println!(
        "   dualnum dL/dW (denominator) =\n{}",
        indent(&format!("{:.12}", numerator.transpose()))
    );
    println!(
        "   formula x^T cos(u) =\n{}",
        indent(&format!("{:.12}", x.transpose() * u.map(f64::cos)))
    );
    let (_, dv_du) = elementwise_derivative(|u| u.map(|ui| ui.sin()), &u);
    println!(
        "   dv/du = diag(cos u), from one width-1 pass: {:?}  formula {:?}",
        dv_du.as_slice(),
        u.map(f64::cos).as_slice()
    );
}

/// `text` (a tensor, or an nalgebra matrix printed with `Display`) without blank lines,
/// its common leading whitespace replaced by five spaces.
fn indent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let margin = lines
        .iter()
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| format!("     {}", &l[margin..]))
        .collect::<Vec<_>>()
        .join("\n")
}
