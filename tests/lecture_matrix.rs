//! The matrix sections of the lecture notes (`shared/lecture-notes.md`), at several points,
//! against the notes' formulas as corrected by the errata (items 3, 4 and 5). Every
//! expected number below is written out by hand from those formulas.

use core::iter::Sum;
use core::ops::Mul;

use dualnum::tensor::{Layout, Tensor3, VecOrder, reorder_jacobian};
use dualnum::{
    Dual, elementwise_derivative, gradient_wrt_matrix, jacobian, jacobian_matrix_wrt_matrix,
    jacobian_wrt_matrix,
};
use nalgebra::{
    DMatrix, Matrix2x3, Matrix3, Matrix3x4, RowSVector, SMatrix, SVector, Vector3, Vector4, dmatrix,
};

/// |a - b| <= 1e-14 (1 + |b|): the hand formulas here are one or two products, so the
/// duals should agree to the last bits.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-14 * (1.0 + b.abs())
}

fn assert_all_close(actual: &DMatrix<f64>, expected: &DMatrix<f64>, what: &str) {
    assert_eq!(actual.shape(), expected.shape(), "{what}: shape");
    for (k, (a, e)) in actual.iter().zip(expected.iter()).enumerate() {
        assert!(
            close(*a, *e),
            "{what}: entry {k} (column-major) is {a}, expected {e}\nactual: {actual}\nexpected: {expected}"
        );
    }
}

fn assert_tensor_close(actual: &Tensor3<f64>, expected: &Tensor3<f64>, what: &str) {
    assert_eq!(actual.shape(), expected.shape(), "{what}: shape");
    for d in 0..actual.shape().0 {
        assert_all_close(
            &actual.slice(d).into_owned(),
            &expected.slice(d).into_owned(),
            &format!("{what}, slice {d}"),
        );
    }
}

// ----- scalar of a 3 x 4 matrix: y = Σ xᵢⱼ -------------------------------------------

/// Errata 4: ∂y/∂X is 4 x 3 in numerator layout (all ones), 3 x 4 in denominator layout.
#[test]
fn sum_of_a_3x4_matrix_has_derivative_ones_in_both_layouts() {
    let points = [
        Matrix3x4::from_fn(|r, c| (4 * r + c + 1) as f64),
        Matrix3x4::from_fn(|r, c| ((r as f64) - 1.5) * (c as f64 + 0.25)),
        Matrix3x4::from_fn(|r, c| ((3 * r + 5 * c) as f64).sin() * 1e3),
    ];
    for x in points {
        let (y, numerator) = gradient_wrt_matrix::<12, _, _, _>(|x| x.sum(), &x);
        let mut sum = 0.0;
        for r in 0..3 {
            for c in 0..4 {
                sum += x[(r, c)];
            }
        }
        assert!(close(y, sum));
        assert_eq!(numerator, SMatrix::<f64, 4, 3>::from_element(1.0));
        assert_eq!(
            numerator.transpose(),
            SMatrix::<f64, 3, 4>::from_element(1.0)
        );

        // The same through the tensor: a 1 x 4 x 3 numerator tensor, 1 x 3 x 4 denominator.
        let (_, j) = jacobian_wrt_matrix::<12, _, _, _, _>(|x| SVector::<_, 1>::new(x.sum()), &x);
        let num = Tensor3::from_jacobian(&j, (3, 4), VecOrder::ColumnMajor, Layout::Numerator);
        let den = Tensor3::from_jacobian(&j, (3, 4), VecOrder::ColumnMajor, Layout::Denominator);
        assert_eq!(num, Tensor3::from_fn((1, 4, 3), |_, _, _| 1.0));
        assert_eq!(den, Tensor3::from_fn((1, 3, 4), |_, _, _| 1.0));
    }
}

/// Numerator layout puts ∂y/∂X[r][c] at (c, r): checked on y = Σ (r + 1)(c + 2) X[r][c]²,
/// whose partials 2 (r + 1)(c + 2) X[r][c] differ entry by entry.
#[test]
fn scalar_of_a_3x4_matrix_numerator_entry_positions() {
    let x = Matrix3x4::from_fn(|r, c| 0.5 + (r as f64) - 0.3 * (c as f64));
    let f = |x: &Matrix3x4<Dual<f64, 12>>| {
        let mut y = Dual::constant(0.0);
        for r in 0..3 {
            for c in 0..4 {
                let w = ((r + 1) * (c + 2)) as f64;
                y += w * x[(r, c)] * x[(r, c)];
            }
        }
        y
    };
    let (_, numerator) = gradient_wrt_matrix::<12, _, _, _>(f, &x);
    for r in 0..3 {
        for c in 0..4 {
            let expected = 2.0 * ((r + 1) * (c + 2)) as f64 * x[(r, c)];
            assert!(close(numerator[(c, r)], expected), "∂y/∂X[{r}][{c}]");
        }
    }
}

// ----- vector of a 2 x 3 matrix: f: R^(2x3) -> R^4 -------------------------------------

/// X = [[x1, x2, x3], [x4, x5, x6]]; f = [Σ xᵢⱼ, x1 x5 x6, x2 x4, x3 x4 x5].
fn notes_f<S: nalgebra::Scalar + Copy + Sum + Mul<Output = S>>(x: &Matrix2x3<S>) -> Vector4<S> {
    let [x1, x2, x3] = [x[(0, 0)], x[(0, 1)], x[(0, 2)]];
    let [x4, x5, x6] = [x[(1, 0)], x[(1, 1)], x[(1, 2)]];
    Vector4::new(
        [x1, x2, x3, x4, x5, x6].into_iter().sum(),
        x1 * x5 * x6,
        x2 * x4,
        x3 * x4 * x5,
    )
}

const POINTS: [[f64; 6]; 4] = [
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
    [-0.5, 1.5, 2.25, -3.0, 0.75, 4.0],
    [0.0, -1.0, 7.5, 0.125, -2.0, 0.0],
    [1e3, -2e-3, 3.5, 0.9, 11.0, -6.25],
];

fn matrix_of(p: [f64; 6]) -> Matrix2x3<f64> {
    Matrix2x3::new(p[0], p[1], p[2], p[3], p[4], p[5])
}

/// Errata 3, the six per-input vectors ∂y/∂x_k, written out.
fn per_input_vectors([x1, x2, x3, x4, x5, x6]: [f64; 6]) -> [[f64; 4]; 6] {
    [
        [1.0, x5 * x6, 0.0, 0.0],     // ∂y/∂x1
        [1.0, 0.0, x4, 0.0],          // ∂y/∂x2
        [1.0, 0.0, 0.0, x4 * x5],     // ∂y/∂x3
        [1.0, 0.0, x2, x3 * x5],      // ∂y/∂x4
        [1.0, x1 * x6, 0.0, x3 * x4], // ∂y/∂x5
        [1.0, x1 * x5, 0.0, 0.0],     // ∂y/∂x6
    ]
}

/// The notes' final 4 x 3 x 2 tensor (numerator layout, T[d][r][c] = ∂y_d/∂X[c][r]).
fn notes_tensor([x1, x2, x3, x4, x5, x6]: [f64; 6]) -> Tensor3<f64> {
    Tensor3::from_slices(&[
        dmatrix![1.0, 1.0; 1.0, 1.0; 1.0, 1.0],
        dmatrix![x5 * x6, 0.0; 0.0, x1 * x6; 0.0, x1 * x5],
        dmatrix![0.0, x2; x4, 0.0; 0.0, 0.0],
        dmatrix![0.0, x3 * x5; 0.0, x3 * x4; x4 * x5, 0.0],
    ])
}

/// The same derivative in denominator layout (4 x 2 x 3, each slice shaped like X).
fn notes_tensor_denominator([x1, x2, x3, x4, x5, x6]: [f64; 6]) -> Tensor3<f64> {
    Tensor3::from_slices(&[
        dmatrix![1.0, 1.0, 1.0; 1.0, 1.0, 1.0],
        dmatrix![x5 * x6, 0.0, 0.0; 0.0, x1 * x6, x1 * x5],
        dmatrix![0.0, x4, 0.0; x2, 0.0, 0.0],
        dmatrix![0.0, 0.0, x4 * x5; x3 * x5, x3 * x4, 0.0],
    ])
}

/// The vectorized Jacobian (4 x 6), columns x1, x2, ..., x6 (the notes' vec(X)).
fn notes_jacobian_row_major([x1, x2, x3, x4, x5, x6]: [f64; 6]) -> DMatrix<f64> {
    dmatrix![
        1.0,     1.0, 1.0,     1.0,     1.0,     1.0;
        x5 * x6, 0.0, 0.0,     0.0,     x1 * x6, x1 * x5;
        0.0,     x4,  0.0,     x2,      0.0,     0.0;
        0.0,     0.0, x4 * x5, x3 * x5, x3 * x4, 0.0
    ]
}

/// The vectorized Jacobian (4 x 6), columns x1, x4, x2, x5, x3, x6 (Magnus–Neudecker vec).
fn notes_jacobian_column_major([x1, x2, x3, x4, x5, x6]: [f64; 6]) -> DMatrix<f64> {
    dmatrix![
        1.0,     1.0,     1.0, 1.0,     1.0,     1.0;
        x5 * x6, 0.0,     0.0, x1 * x6, 0.0,     x1 * x5;
        0.0,     x2,      x4,  0.0,     0.0,     0.0;
        0.0,     x3 * x5, 0.0, x3 * x4, x4 * x5, 0.0
    ]
}

#[test]
fn vector_of_a_2x3_matrix_value_and_per_input_vectors() {
    for p in POINTS {
        let [x1, x2, x3, x4, x5, x6] = p;
        let (y, j) = jacobian_wrt_matrix::<6, _, _, _, _>(notes_f, &matrix_of(p));
        let expected_y = [
            x1 + x2 + x3 + x4 + x5 + x6,
            x1 * x5 * x6,
            x2 * x4,
            x3 * x4 * x5,
        ];
        for d in 0..4 {
            assert!(close(y[d], expected_y[d]), "y_{} at {p:?}", d + 1);
        }
        // The crate's columns are column-major: x_k = X[(k-1) / 3][(k-1) % 3] is column
        // c·2 + r.
        for (k, expected) in per_input_vectors(p).iter().enumerate() {
            let (r, c) = (k / 3, k % 3);
            let column = j.column(c * 2 + r);
            for d in 0..4 {
                assert!(
                    close(column[d], expected[d]),
                    "∂y_{}/∂x{} at {p:?}: {} vs {}",
                    d + 1,
                    k + 1,
                    column[d],
                    expected[d]
                );
            }
        }
    }
}

#[test]
fn vector_of_a_2x3_matrix_full_tensor_both_layouts() {
    for p in POINTS {
        let (_, j) = jacobian_wrt_matrix::<6, _, _, _, _>(notes_f, &matrix_of(p));
        let num = Tensor3::from_jacobian(&j, (2, 3), VecOrder::ColumnMajor, Layout::Numerator);
        assert_eq!(num.shape(), (4, 3, 2));
        assert_tensor_close(&num, &notes_tensor(p), "numerator tensor");
        let den = Tensor3::from_jacobian(&j, (2, 3), VecOrder::ColumnMajor, Layout::Denominator);
        assert_eq!(den.shape(), (4, 2, 3));
        assert_tensor_close(&den, &notes_tensor_denominator(p), "denominator tensor");
    }
}

#[test]
fn vector_of_a_2x3_matrix_both_vectorized_forms() {
    for p in POINTS {
        let (_, j) = jacobian_wrt_matrix::<6, _, _, _, _>(notes_f, &matrix_of(p));
        let col = DMatrix::from_column_slice(4, 6, j.as_slice());
        assert_all_close(
            &col,
            &notes_jacobian_column_major(p),
            "column-major Jacobian",
        );
        let row = reorder_jacobian(&j, (2, 3), VecOrder::ColumnMajor, VecOrder::RowMajor);
        let row = DMatrix::from_column_slice(4, 6, row.as_slice());
        assert_all_close(&row, &notes_jacobian_row_major(p), "row-major Jacobian");

        // ... and from the hand-written tensors, in both layouts.
        for (t, layout) in [
            (notes_tensor(p), Layout::Numerator),
            (notes_tensor_denominator(p), Layout::Denominator),
        ] {
            assert_eq!(
                t.to_jacobian(layout, VecOrder::RowMajor),
                notes_jacobian_row_major(p)
            );
            assert_eq!(
                t.to_jacobian(layout, VecOrder::ColumnMajor),
                notes_jacobian_column_major(p)
            );
        }
    }
}

/// Flattening the numerator tensor row-major (each slice read row by row) gives the
/// column-order vectorized Jacobian; the denominator tensor is the numerator one with each
/// slice transposed.
#[test]
fn vector_of_a_2x3_matrix_layout_identities() {
    for p in POINTS {
        let num = notes_tensor(p);
        let mut flattened = Vec::new();
        for d in 0..4 {
            for r in 0..3 {
                for c in 0..2 {
                    flattened.push(num[(d, r, c)]);
                }
            }
        }
        assert_eq!(
            DMatrix::from_row_slice(4, 6, &flattened),
            notes_jacobian_column_major(p)
        );
        let den = notes_tensor_denominator(p);
        for d in 0..4 {
            assert_eq!(den.slice(d), num.slice(d).transpose());
        }
        assert_eq!(num.transpose_slices(), den);
    }
}

/// The notes' vec(X) = [x1, ..., x6] is the row-major flattening.
#[test]
fn notes_vec_is_row_major() {
    let x = matrix_of([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(
        VecOrder::RowMajor.vectorize(&x).as_slice(),
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    );
    assert_eq!(
        VecOrder::ColumnMajor.vectorize(&x).as_slice(),
        &[1.0, 4.0, 2.0, 5.0, 3.0, 6.0]
    );
}

// ----- derivative of I ----------------------------------------------------------------

/// f(x) = x on R³: the Jacobian is I, stored as its diagonal [1, 1, 1].
#[test]
fn identity_map_jacobian_and_diagonal() {
    for x in [
        Vector3::new(1.0, 2.0, 3.0),
        Vector3::new(-0.5, 0.0, 1e10),
        Vector3::new(f64::MIN_POSITIVE, -7.25, 3.5),
    ] {
        let (y, diag) = elementwise_derivative(|x| *x, &x);
        assert_eq!(y, x);
        assert_eq!(diag, Vector3::new(1.0, 1.0, 1.0));
        let (_, full) = jacobian(|x: &Vector3<Dual<f64, 3>>| *x, &x);
        assert_eq!(full, Matrix3::identity());
    }
}

/// IX = X for X ∈ R^(3x3): the Jacobian of vec(IX) with respect to vec(X) is I₉.
#[test]
fn identity_matrix_times_x_has_identity_jacobian() {
    let x = Matrix3::new(1.0, -2.0, 3.0, 0.5, 0.0, 4.0, -1.0, 2.5, 9.0);
    let (y, j) = jacobian_matrix_wrt_matrix::<9, 9, _, _, _, _, _>(|x| Matrix3::identity() * x, &x);
    assert_eq!(y, x);
    assert_eq!(j, SMatrix::<f64, 9, 9>::identity());
    let (_, diag) = elementwise_derivative(|x| Matrix3::identity() * x, &x);
    assert_eq!(diag, Matrix3::from_element(1.0));
}

// ----- backprop: L = Σⱼ sin((x W)ⱼ) ---------------------------------------------------

/// Errata 5: dL/dW (denominator, n x k) = xᵀ cos(x W), the outer product; numerator layout
/// is its k x n transpose. The chain of the notes: dL/dv = 1ᵀ, dv/du = diag(cos u),
/// du/dW_ij = x_i in column j.
fn check_backprop<const N: usize, const K: usize, const W: usize>(
    x: RowSVector<f64, N>,
    w: SMatrix<f64, N, K>,
) {
    let loss = |wd: &SMatrix<Dual<f64, W>, N, K>| {
        let xd = x.map(Dual::constant);
        (xd * wd).map(|u| u.sin()).sum()
    };
    let (l, numerator) = gradient_wrt_matrix::<W, _, _, _>(loss, &w);
    let mut u = [0.0; K];
    for (j, uj) in u.iter_mut().enumerate() {
        for i in 0..N {
            *uj += x[i] * w[(i, j)];
        }
    }
    let expected_l: f64 = u.iter().map(|uj| uj.sin()).sum();
    assert!((l - expected_l).abs() <= 1e-13 * (1.0 + expected_l.abs()));
    assert_eq!(numerator.shape(), (K, N));
    for i in 0..N {
        for j in 0..K {
            // the outer product x_i cos(u_j), also the Hadamard form 1 · cos(u_j) · x_i
            let expected = x[i] * u[j].cos();
            let tolerance = 1e-13 * (1.0 + expected.abs());
            assert!(
                (numerator[(j, i)] - expected).abs() <= tolerance,
                "dL/dW[{i}][{j}]: numerator {} vs x_i cos(u_j) = {expected}",
                numerator[(j, i)]
            );
            assert!((numerator.transpose()[(i, j)] - expected).abs() <= tolerance);
        }
    }
    // The middle factor of the chain, dv/du = diag(cos u), from one width-1 pass.
    let u_vec = SVector::<f64, K>::from_column_slice(&u);
    let (_, dv_du) = elementwise_derivative(|u| u.map(|ui| ui.sin()), &u_vec);
    for j in 0..K {
        assert_eq!(dv_du[j], u[j].cos());
    }
}

#[test]
fn backprop_example_matches_the_outer_product() {
    check_backprop::<3, 2, 6>(
        RowSVector::<f64, 3>::new(1.0, -2.0, 0.5),
        SMatrix::<f64, 3, 2>::new(0.1, 0.2, 0.3, -0.4, 0.5, 0.6),
    );
    check_backprop::<4, 3, 12>(
        RowSVector::<f64, 4>::new(0.25, 3.0, -1.5, 0.0),
        SMatrix::<f64, 4, 3>::from_fn(|i, j| ((i * 3 + j) as f64 * 0.7).cos()),
    );
    check_backprop::<1, 5, 5>(
        RowSVector::<f64, 1>::new(2.0),
        SMatrix::<f64, 1, 5>::new(-3.0, -1.0, 0.0, 1.0, 3.0),
    );
    check_backprop::<2, 1, 2>(
        RowSVector::<f64, 2>::new(-10.0, 4.0),
        SMatrix::<f64, 2, 1>::new(1e-3, 2.0),
    );
}
