//! Every derivative helper at once at the edges of its input space: empty inputs and
//! outputs (n = 0, m = 0, matrices with no entries), and NaN, infinities, signed zeros,
//! subnormals and the extremes of `f64`.
//!
//! Oracles: the shapes the conventions give for empty problems, and the `f64` function for
//! every value (bit for bit, NaN for NaN); no helper may panic.

use dualnum::tensor::{Layout, Tensor3, VecOrder};
use dualnum::{
    ChunkedJacobian, Dual, Real, derivative, derivative_matrix, derivative_vector,
    directional_derivative, elementwise_derivative, elementwise_derivative_dmatrix, gradient,
    gradient_wrt_dmatrix_chunked, gradient_wrt_matrix, hessian, jacobian, jacobian_chunked,
    jacobian_matrix_wrt_matrix, jacobian_wrt_dmatrix_chunked, jacobian_wrt_matrix, jvp,
};
use nalgebra::{DMatrix, DVector, Matrix2, Matrix2x3, SVector, Vector2, Vector3};

mod common;
use common::fixtures::{d_row_major, notes_f, row_major_entries};
use common::grids::HELPER_SPECIALS;
use common::oracles_matrix::{assert_same_value, to_dmatrix};

/// n = 0 and m = 0: a value is still computed, the Jacobian is empty with the right shape,
/// nothing panics.
#[test]
fn empty_inputs_and_outputs() {
    let mut work = ChunkedJacobian::<3, f64>::new();
    // n = 0, m = 2: one pass, the values computed.
    let mut calls = 0;
    let (mut values, mut jac) = ([0.0; 2], [0.0; 0]);
    work.jacobian_slice_into(
        |_, ys| {
            calls += 1;
            ys[0] = Dual::constant(2.5);
            ys[1] = Dual::constant(-1.0);
        },
        &[],
        &mut values,
        &mut jac,
    )
    .unwrap();
    assert_eq!((calls, values), (1, [2.5, -1.0]));
    assert_eq!(ChunkedJacobian::<3, f64>::passes(0), 1);

    let empty = DVector::<f64>::zeros(0);
    let (v, j) =
        jacobian_chunked::<3, _>(|_| DVector::from_element(2, Dual::constant(4.0)), &empty)
            .unwrap();
    assert_eq!((v.as_slice(), j.shape()), (&[4.0, 4.0][..], (2, 0)));
    let (mut values, mut jacm) = (DVector::zeros(2), DMatrix::zeros(2, 0));
    work.jacobian_into(
        |_| DVector::from_element(2, Dual::constant(4.0)),
        &empty,
        &mut values,
        &mut jacm,
    )
    .unwrap();
    assert_eq!(values.as_slice(), &[4.0, 4.0]);

    // m = 0, n = 4.
    let x = DVector::from_element(4, 1.0);
    let (v, j) = jacobian_chunked::<3, _>(|_| DVector::from_vec(vec![]), &x).unwrap();
    assert_eq!((v.len(), j.shape()), (0, (0, 4)));
    let (mut values, mut jac) = ([0.0; 0], [0.0; 0]);
    work.jacobian_slice_into(|_, _| {}, &[1.0; 4], &mut values, &mut jac)
        .unwrap();

    // m = n = 0.
    let (v, j) = jacobian_chunked::<3, _>(|_| DVector::from_vec(vec![]), &empty).unwrap();
    assert_eq!((v.len(), j.shape()), (0, (0, 0)));

    // Fixed sizes: N = 0 and M = 0.
    let (y, g) = gradient(
        |_: &SVector<Dual<f64, 0>, 0>| Dual::constant(3.0),
        &SVector::<f64, 0>::zeros(),
    );
    assert_eq!((y, g.shape()), (3.0, (1, 0)));
    let (y, g, h) = hessian(
        |_| Dual::constant(Dual::constant(3.0)),
        &SVector::<f64, 0>::zeros(),
    );
    assert_eq!((y, g.shape(), h.shape()), (3.0, (1, 0), (0, 0)));
    let (y, j) = jacobian(
        |_: &SVector<Dual<f64, 2>, 2>| SVector::<Dual<f64, 2>, 0>::zeros(),
        &Vector2::new(1.0, 2.0),
    );
    assert_eq!((y.len(), j.shape()), (0, (0, 2)));
    let (y, jv) = jvp(
        |_: &SVector<Dual<f64, 1>, 2>| SVector::<Dual<f64, 1>, 0>::zeros(),
        &Vector2::new(1.0, 2.0),
        &Vector2::new(1.0, 0.0),
    );
    assert_eq!((y.len(), jv.len()), (0, 0));

    // Matrix inputs with no entries.
    let x03 = DMatrix::<f64>::zeros(0, 3);
    let (y, g) = gradient_wrt_dmatrix_chunked::<2, _>(|_| Dual::constant(7.0), &x03);
    assert_eq!((y, g.shape()), (7.0, (3, 0)));
    let (y, j) = jacobian_wrt_dmatrix_chunked::<2, _>(
        |_| DVector::from_element(3, Dual::constant(1.0)),
        &x03,
    )
    .unwrap();
    assert_eq!((y.len(), j.shape()), (3, (3, 0)));
    let (y, d) = elementwise_derivative_dmatrix(|x| x.clone(), &x03);
    assert_eq!((y.shape(), d.shape()), ((0, 3), (0, 3)));
}

/// A function with every kind of operation: products, division, sqrt, ln, exp, sin.
fn wild<T: Real>(x: &[T]) -> T {
    let n = x.len();
    let mut s = T::zero();
    for i in 0..n {
        let a = x[i];
        let b = x[(i + 1) % n];
        s = s
            + a * b
            + a / (T::one() + b * b)
            + (a * a).sqrt()
            + (T::one() + a.abs()).ln()
            + b.exp().sin();
    }
    s
}

#[test]
fn no_helper_panics_on_special_floats_and_values_follow_f64() {
    for (ia, &a) in HELPER_SPECIALS.iter().enumerate() {
        for &b in HELPER_SPECIALS.iter().skip(ia % 3) {
            let xs = [a, b, a];
            let y64 = wild(&xs);
            let v3 = Vector3::new(a, b, a);
            let dir = Vector3::new(1.0, b, -0.5);

            let (y, _) = derivative(|t| wild(&[t, t]), a);
            assert_same_value("derivative", y, wild(&[a, a]));
            let (y, _) = derivative_vector(|t| Vector2::new(wild(&[t]), t * t), b);
            assert_same_value("derivative_vector", y[0], wild(&[b]));
            let (y, _) = derivative_matrix(|t| Matrix2::new(wild(&[t]), t, t.exp(), t.ln()), a);
            assert_same_value("derivative_matrix", y[(1, 1)], a.ln());
            let (y, _) = gradient(|x| wild(x.as_slice()), &v3);
            assert_same_value("gradient", y, y64);
            let (y, _) = jacobian(|x| Vector2::new(wild(x.as_slice()), x[1] / x[0]), &v3);
            assert_same_value("jacobian", y[0], y64);
            assert_same_value("jacobian", y[1], b / a);
            let (y, _, _) = hessian(|x| wild(x.as_slice()), &v3);
            assert_same_value("hessian", y, y64);
            let (y, _) = directional_derivative(|x| wild(x.as_slice()), &v3, &dir);
            assert_same_value("directional", y, y64);
            let (y, _) = jvp(|x| Vector2::new(wild(x.as_slice()), x[2].sqrt()), &v3, &dir);
            assert_same_value("jvp", y[0], y64);

            let xd = DVector::from_column_slice(&xs);
            let (y, _) =
                jacobian_chunked::<2, _>(|x| DVector::from_element(1, wild(x.as_slice())), &xd)
                    .unwrap();
            assert_same_value("jacobian_chunked", y[0], y64);
            let (mut v, mut jac) = ([0.0], [0.0; 3]);
            ChunkedJacobian::<2, f64>::new()
                .jacobian_slice_into(|x, out| out[0] = wild(x), &xs, &mut v, &mut jac)
                .unwrap();
            assert_same_value("jacobian_slice_into", v[0], y64);

            let m = Matrix2x3::new(a, b, a, b, 1.0, -0.0);
            let m_rm = row_major_entries(&m);
            let (y, _) = gradient_wrt_matrix::<6, _, 2, 3>(|x| wild(&row_major_entries(x)), &m);
            assert_same_value("gradient_wrt_matrix", y, wild(&m_rm));
            let (y, _) = jacobian_wrt_matrix::<6, _, 2, 3, 4>(notes_f, &m);
            assert_same_value("jacobian_wrt_matrix", y[1], a * 1.0 * -0.0);
            let (y, _) = jacobian_matrix_wrt_matrix::<6, 6, _, 2, 3, 3, 2>(
                |x| x.transpose().map(|e| e.exp()),
                &m,
            );
            assert_same_value("jacobian_matrix_wrt_matrix", y[(2, 0)], a.exp());
            let mdy = to_dmatrix(&m);
            let (y, _) = gradient_wrt_dmatrix_chunked::<4, _>(|x| wild(&d_row_major(x)), &mdy);
            assert_same_value("gradient_wrt_dmatrix_chunked", y, wild(&m_rm));
            let (y, _) = jacobian_wrt_dmatrix_chunked::<4, _>(
                |x| DVector::from_element(2, wild(&d_row_major(x))),
                &mdy,
            )
            .unwrap();
            assert_same_value("jacobian_wrt_dmatrix_chunked", y[1], wild(&m_rm));
            let (y, _) = elementwise_derivative(|x| x.map(|e| e.sin() * e.exp()), &m);
            assert_same_value("elementwise", y[(0, 1)], b.sin() * b.exp());
            let (y, _) = elementwise_derivative_dmatrix(|x| x.map(|e| e.sqrt()), &mdy);
            assert_same_value("elementwise_dmatrix", y[(0, 0)], a.sqrt());
            let (y, j) = jacobian_wrt_matrix::<6, _, 2, 3, 4>(notes_f, &m);
            let _ = (
                y,
                Tensor3::from_jacobian(&j, (2, 3), VecOrder::ColumnMajor, Layout::Numerator)
                    .to_string(),
            );
        }
    }
}
