//! Output forms: every `_into` helper writing a dense Jacobian, gradient or Hessian into a
//! caller's `MatrixOut`, in each layout (a row-major slice, a column-major slice, an
//! nalgebra `DMatrix`, a strided nalgebra view inside a larger matrix, whose surroundings
//! must stay untouched), with the optional value output present and absent, and the shape
//! errors naming both shapes.
//!
//! Oracles: hand-derived Jacobians and Hessians (Broyden's tridiagonal Jacobian, the random
//! smooth functions' hand gradients and Hessians of `common::fixtures`, closed forms written
//! below), and central differences (`common::oracles::fd_jacobian`,
//! `fd_jacobian_wrt_matrix`) at `CENTRAL_DIFFERENCE`.

use dualnum::tensor::VecOrder;
use dualnum::{
    ChunkedHessian, ChunkedJacobian, Dual, Dual2, JacobianError, MatrixJacobian, MatrixSlice, Real,
    gradient_wrt_matrix_into, hessian_into, hessian2_into, jacobian_into, jacobian_wrt_matrix_into,
};
use nalgebra::{DMatrix, DVector, SMatrix, SVector};

mod common;
use common::Rng;
use common::fixtures::{Broyden, Smooth, VecFn, broyden_jacobian, notes_f};
use common::oracles::{fd_jacobian, fd_jacobian_wrt_matrix};
use common::tolerance::{CENTRAL_DIFFERENCE, HAND_FORMULA, assert_matrix_within};
use dualnum::sparse::VectorFunction;

/// Runs `$body` once per destination layout of an `$r x $c` matrix, the destination bound
/// to `$jac` (each prefilled with NaN), and evaluates to the `Vec<(layout name, DMatrix)>`
/// of what each destination holds afterwards. Generates the four blocks that build a
/// row-major `MatrixSlice`, a column-major `MatrixSlice`, a `DMatrix`, and a view at
/// `(1, 2)` inside an `(r + 3) x (c + 2)` `DMatrix` (column stride `r + 3`), and asserts
/// that nothing outside the view was written.
macro_rules! in_every_layout {
    ($r:expr, $c:expr, |$jac:ident| $body:expr) => {{
        let (r, c): (usize, usize) = ($r, $c);
        let mut results: Vec<(&str, DMatrix<f64>)> = Vec::new();
        let mut buf = vec![f64::NAN; r * c];
        {
            let mut $jac = MatrixSlice::row_major(&mut buf, r, c).unwrap();
            $body;
        }
        results.push(("row-major slice", DMatrix::from_row_slice(r, c, &buf)));
        let mut buf = vec![f64::NAN; r * c];
        {
            let mut $jac = MatrixSlice::col_major(&mut buf, r, c).unwrap();
            $body;
        }
        results.push(("column-major slice", DMatrix::from_column_slice(r, c, &buf)));
        {
            let mut $jac = DMatrix::from_element(r, c, f64::NAN);
            $body;
            results.push(("DMatrix", $jac));
        }
        let mut big = DMatrix::from_element(r + 3, c + 2, f64::NAN);
        {
            let mut $jac = big.view_mut((1, 2), (r, c));
            $body;
        }
        let written = big.iter().filter(|e| !e.is_nan()).count();
        let inside = big.view((1, 2), (r, c)).into_owned();
        assert_eq!(
            written,
            inside.iter().filter(|e| !e.is_nan()).count(),
            "a strided view's surroundings were written"
        );
        results.push(("strided view", inside));
        results
    }};
}

// ----- ChunkedJacobian::eval_into ----------------------------------------------------------

/// Broyden at n = 11 with chunks of 3 (4 passes, the last of width 2): every layout holds
/// the hand Jacobian, with and without the values; the central differences agree.
#[test]
fn chunked_eval_into_writes_the_hand_jacobian_in_every_layout() {
    let n = 11;
    let x: Vec<f64> = (0..n).map(|i| -1.0 + 0.3 * (i as f64).sin()).collect();
    let f = |xs: &[Dual<f64, 3>], ys: &mut [Dual<f64, 3>]| Broyden(n).eval(xs, ys);
    let hand = broyden_jacobian(&x);
    let fd = fd_jacobian(
        |p| {
            let mut y = vec![0.0; n];
            Broyden(n).eval(p, &mut y);
            y
        },
        &x,
        1e-5,
    );
    let mut want_values = vec![0.0; n];
    Broyden(n).eval(&x, &mut want_values);
    let mut work = ChunkedJacobian::<3, f64>::new();
    for with_values in [true, false] {
        let mut values = vec![f64::NAN; n];
        let results = in_every_layout!(n, n, |jac| {
            let v = with_values.then_some(&mut values[..]);
            work.eval_into(f, &x, v, &mut jac).unwrap()
        });
        for (layout, got) in &results {
            let what = format!("eval_into, {layout}, values {with_values}");
            assert_matrix_within(&what, got, &hand, HAND_FORMULA);
            assert_matrix_within(&what, got, &fd, CENTRAL_DIFFERENCE);
        }
        if with_values {
            assert_eq!(values, want_values);
        } else {
            assert!(
                values.iter().all(|v| v.is_nan()),
                "values written though absent"
            );
        }
    }
}

/// A non-square map (m = 7 outputs, n = 5 inputs, chunks of 2) against its hand Jacobian,
/// and the `DVector` form `jacobian_into` into every layout too.
#[test]
fn chunked_forms_write_non_square_jacobians_in_every_layout() {
    let mut rng = Rng(12);
    let (m, n) = (7, 5);
    let map = VecFn::random(m, n, &mut rng);
    let x = rng.vec(n, -1.2, 1.2);
    let hand = map.jac(&x);
    let mut work = ChunkedJacobian::<2, f64>::new();
    let slices = |xs: &[Dual<f64, 2>], ys: &mut [Dual<f64, 2>]| {
        for (y, fi) in ys.iter_mut().zip(&map.0) {
            *y = fi.eval(xs);
        }
    };
    for (layout, got) in in_every_layout!(m, n, |jac| work
        .eval_into(slices, &x, None, &mut jac)
        .unwrap())
    {
        assert_matrix_within(&format!("eval_into {layout}"), &got, &hand, HAND_FORMULA);
    }
    let xv = DVector::from_column_slice(&x);
    let vectors = |xs: &DVector<Dual<f64, 2>>| DVector::from_vec(map.eval(xs.as_slice()));
    let mut values = DVector::zeros(m);
    for (layout, got) in in_every_layout!(m, n, |jac| work
        .jacobian_into(vectors, &xv, &mut values, &mut jac)
        .unwrap())
    {
        assert_matrix_within(
            &format!("jacobian_into {layout}"),
            &got,
            &hand,
            HAND_FORMULA,
        );
    }
    let want = map.eval(&x);
    assert_eq!(values.as_slice(), &want[..]);
}

/// No inputs: one pass computes the values, and the `m x 0` Jacobian (an empty slice in
/// either order, or an empty matrix) is written without a panic.
#[test]
fn chunked_eval_into_with_no_inputs_gives_the_values() {
    let mut work = ChunkedJacobian::<4, f64>::new();
    let f = |_: &[Dual<f64, 4>], y: &mut [Dual<f64, 4>]| {
        y[0] = Dual::constant(2.0);
        y[1] = Dual::constant(-3.0);
    };
    for order in [dualnum::Order::RowMajor, dualnum::Order::ColMajor] {
        let mut values = [0.0; 2];
        let mut empty: [f64; 0] = [];
        let mut jac = MatrixSlice::new(&mut empty, 2, 0, order).unwrap();
        work.eval_into(f, &[], Some(&mut values), &mut jac).unwrap();
        assert_eq!(values, [2.0, -3.0], "{order:?}");
    }
    let mut values = [0.0; 2];
    let mut jac = DMatrix::<f64>::zeros(2, 0);
    work.eval_into(f, &[], Some(&mut values), &mut jac).unwrap();
    assert_eq!(values, [2.0, -3.0]);
}

#[test]
fn chunked_eval_into_rejects_wrong_shapes_naming_both() {
    let mut work = ChunkedJacobian::<2, f64>::new();
    let x = [1.0; 5];
    let mut called = false;
    let mut buf = [0.0; 12];
    // 3 x 4 for 5 inputs: the columns are wrong
    let mut jac = MatrixSlice::row_major(&mut buf, 3, 4).unwrap();
    let err = work
        .eval_into(|_, _| called = true, &x, None, &mut jac)
        .unwrap_err();
    assert_eq!(
        err,
        JacobianError::BufferShape {
            buffer: "jacobian",
            expected: (3, 5),
            found: (3, 4)
        }
    );
    assert_eq!(
        err.to_string(),
        "wrong shape for jacobian: 3 x 4, expected 3 x 5"
    );
    // values of the wrong length for 3 outputs
    let mut buf = [0.0; 15];
    let mut jac = MatrixSlice::col_major(&mut buf, 3, 5).unwrap();
    let mut values = [0.0; 2];
    let err = work
        .eval_into(|_, _| called = true, &x, Some(&mut values), &mut jac)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "wrong buffer size for values: 2, expected 3"
    );
    assert!(!called, "f evaluated despite a wrong buffer");
}

// ----- array forms: jacobian_into, hessian_into, hessian2_into ------------------------------

/// `f = [x0 x1, sin x2, x0 + 3 x2]`: `J = [[x1, x0, 0], [0, 0, cos x2], [1, 0, 3]]`.
#[test]
fn array_jacobian_into_writes_every_layout() {
    let x: [f64; 3] = [0.7, -1.3, 0.4];
    let f = |x: &[Dual<f64, 3>; 3]| [x[0] * x[1], x[2].sin(), x[0] + x[2] * 3.0];
    let hand = DMatrix::from_row_slice(
        3,
        3,
        &[x[1], x[0], 0.0, 0.0, 0.0, x[2].cos(), 1.0, 0.0, 3.0],
    );
    let mut values = [0.0; 3];
    for (layout, got) in in_every_layout!(3, 3, |jac| jacobian_into(
        f,
        &x,
        Some(&mut values),
        &mut jac
    )
    .unwrap())
    {
        assert_matrix_within(layout, &got, &hand, HAND_FORMULA);
    }
    assert_eq!(values, [x[0] * x[1], x[2].sin(), x[0] + x[2] * 3.0]);
}

/// `f = x0² x1 + x2 sin x1 + e^(x0 x2)`, its value, gradient and Hessian by hand.
fn hessian_fixture<T: Real>(x: &[T; 3]) -> T {
    x[0] * x[0] * x[1] + x[2] * x[1].sin() + (x[0] * x[2]).exp()
}

fn hessian_fixture_hand(x: [f64; 3]) -> (f64, [f64; 3], DMatrix<f64>) {
    let [a, b, c] = x;
    let e = (a * c).exp();
    let value = a * a * b + c * b.sin() + e;
    let gradient = [2.0 * a * b + c * e, a * a + c * b.cos(), b.sin() + a * e];
    let (h00, h01, h02) = (2.0 * b + c * c * e, 2.0 * a, e + a * c * e);
    let (h11, h12, h22) = (-c * b.sin(), b.cos(), a * a * e);
    let h = DMatrix::from_row_slice(3, 3, &[h00, h01, h02, h01, h11, h12, h02, h12, h22]);
    (value, gradient, h)
}

#[test]
fn hessian_into_and_hessian2_into_write_the_hand_hessian_in_every_layout() {
    let x = [0.6, -0.9, 1.1];
    let (value, gradient, hand) = hessian_fixture_hand(x);
    for with_gradient in [true, false] {
        let mut g = [f64::NAN; 3];
        let mut values = Vec::new();
        let nested = in_every_layout!(3, 3, |h| values.push(
            hessian_into(
                hessian_fixture::<Dual<Dual<f64, 3>, 3>>,
                &x,
                with_gradient.then_some(&mut g),
                &mut h
            )
            .unwrap()
        ));
        let second = in_every_layout!(3, 3, |h| values.push(
            hessian2_into(
                hessian_fixture::<Dual2<f64, 3, 6>>,
                &x,
                with_gradient.then_some(&mut g),
                &mut h
            )
            .unwrap()
        ));
        for (layout, got) in nested.iter().chain(&second) {
            let what = format!("{layout}, gradient {with_gradient}");
            assert_matrix_within(&what, got, &hand, HAND_FORMULA);
            assert_eq!(got, &got.transpose(), "{what}: not exactly symmetric");
        }
        for v in values {
            assert_matrix_within(
                "value",
                &DMatrix::from_element(1, 1, v),
                &DMatrix::from_element(1, 1, value),
                HAND_FORMULA,
            );
        }
        if with_gradient {
            let got = DMatrix::from_row_slice(1, 3, &g);
            let want = DMatrix::from_row_slice(1, 3, &gradient);
            assert_matrix_within("gradient", &got, &want, HAND_FORMULA);
        } else {
            assert!(
                g.iter().all(|v| v.is_nan()),
                "gradient written though absent"
            );
        }
    }
}

#[test]
fn array_forms_reject_wrong_shapes_naming_both() {
    let mut buf = [0.0; 6];
    let mut h = MatrixSlice::row_major(&mut buf, 2, 3).unwrap();
    let err = hessian_into(
        hessian_fixture::<Dual<Dual<f64, 3>, 3>>,
        &[1.0; 3],
        None,
        &mut h,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "wrong shape for hessian: 2 x 3, expected 3 x 3"
    );
    let err =
        hessian2_into(hessian_fixture::<Dual2<f64, 3, 6>>, &[1.0; 3], None, &mut h).unwrap_err();
    assert_eq!(
        err,
        JacobianError::BufferShape {
            buffer: "hessian",
            expected: (3, 3),
            found: (2, 3)
        }
    );
    let mut jac = DMatrix::zeros(3, 2);
    let err =
        jacobian_into(|x: &[Dual<f64, 3>; 3]| [x[0]; 2], &[1.0; 3], None, &mut jac).unwrap_err();
    assert_eq!(
        err.to_string(),
        "wrong shape for jacobian: 3 x 2, expected 2 x 3"
    );
}

// ----- ChunkedHessian ------------------------------------------------------------------------

/// n = 5 in blocks of 2 (3 blocks, 6 passes, the last block of width 1), a random smooth
/// function: every layout holds its hand Hessian.
#[test]
fn chunked_hessian_writes_the_hand_hessian_in_every_layout() {
    let mut rng = Rng(31);
    let n = 5;
    let s = Smooth::random(n, &mut rng);
    let x = rng.vec(n, -1.0, 1.0);
    let hand = {
        let h = s.hess(&x);
        DMatrix::from_fn(n, n, |i, j| h[i][j])
    };
    let mut work = ChunkedHessian::<2, f64>::new();
    let mut g = vec![0.0; n];
    let f = |xs: &[Dual<Dual<f64, 2>, 2>]| s.eval(xs);
    for (layout, got) in in_every_layout!(n, n, |h| work
        .hessian_into(f, &x, Some(&mut g), &mut h)
        .unwrap())
    {
        assert_matrix_within(layout, &got, &hand, HAND_FORMULA);
        assert_eq!(got, got.transpose(), "{layout}: not exactly symmetric");
    }
    let want = DMatrix::from_row_slice(1, n, &s.grad(&x));
    assert_matrix_within(
        "gradient",
        &DMatrix::from_row_slice(1, n, &g),
        &want,
        HAND_FORMULA,
    );
}

// ----- matrix inputs ---------------------------------------------------------------------------

/// `y(X) = [Σ X², X[0][0] X[R-1][C-1], X[R-1][0]]` and its hand Jacobian with column `k`
/// for the entry numbered `k` in `order`.
fn matrix_map<T: Real>(x: &DMatrix<T>) -> DVector<T> {
    let (r, c) = x.shape();
    DVector::from_vec(vec![
        x.iter().fold(T::zero(), |s, &e| s + e * e),
        x[(0, 0)] * x[(r - 1, c - 1)],
        x[(r - 1, 0)],
    ])
}

fn matrix_map_hand(x: &DMatrix<f64>, order: VecOrder) -> DMatrix<f64> {
    let (r, c) = x.shape();
    let mut j = DMatrix::zeros(3, r * c);
    let at = |rr, cc| order.position((rr, cc), (r, c));
    for rr in 0..r {
        for cc in 0..c {
            j[(0, at(rr, cc))] = 2.0 * x[(rr, cc)];
        }
    }
    j[(1, at(0, 0))] += x[(r - 1, c - 1)];
    j[(1, at(r - 1, c - 1))] += x[(0, 0)];
    j[(2, at(r - 1, 0))] = 1.0;
    j
}

#[test]
fn matrix_workspace_numbers_entries_in_either_order_into_every_layout() {
    let x = DMatrix::from_fn(3, 4, |r, c| 0.5 + r as f64 - 0.3 * c as f64);
    let n = 12;
    // the column-major central differences, renumbered for the row-major order
    let fd_col = fd_jacobian_wrt_matrix(matrix_map::<f64>, &x, 3, 1e-5);
    for order in [VecOrder::ColumnMajor, VecOrder::RowMajor] {
        let hand = matrix_map_hand(&x, order);
        let fd = DMatrix::from_fn(3, n, |d, k| {
            fd_col[(
                d,
                VecOrder::ColumnMajor.position(order.entry(k, (3, 4)), (3, 4)),
            )]
        });
        let mut work = MatrixJacobian::<5, f64>::with_vec_order(order);
        assert_eq!(work.vec_order(), order);
        let mut values = [f64::NAN; 3];
        for with_values in [true, false] {
            for (layout, got) in in_every_layout!(3, n, |jac| work
                .jacobian_into(
                    matrix_map,
                    &x,
                    with_values.then_some(&mut values[..]),
                    &mut jac
                )
                .unwrap())
            {
                let what = format!("{order:?}, {layout}, values {with_values}");
                assert_matrix_within(&what, &got, &hand, HAND_FORMULA);
                assert_matrix_within(&what, &got, &fd, CENTRAL_DIFFERENCE);
            }
        }
        assert_eq!(values.to_vec(), matrix_map(&x).as_slice().to_vec());
        // the gradient of Σ X² is 2 Xᵀ in numerator layout, whatever the order
        let sum_sq = |xd: &DMatrix<Dual<f64, 5>>| matrix_map(xd)[0];
        let want = 2.0 * x.transpose();
        for (layout, got) in
            in_every_layout!(4, 3, |g| work.gradient_into(sum_sq, &x, &mut g).unwrap())
        {
            assert_matrix_within(&format!("{order:?} gradient {layout}"), &got, &want, 0.0);
        }
    }
    assert_eq!(
        MatrixJacobian::<5, f64>::new().vec_order(),
        VecOrder::ColumnMajor
    );
}

/// The notes' `f: R^(2x3) -> R^4`: by hand, with the columns x1 .. x6 row by row
/// (`VecOrder::RowMajor`) or x1, x4, x2, x5, x3, x6 (`ColumnMajor`).
#[test]
fn static_matrix_into_forms_write_the_hand_jacobian_in_either_order() {
    let x = SMatrix::<f64, 2, 3>::new(0.3, -0.8, 1.1, 0.6, 1.4, -0.5);
    let [x1, x2, x3, x4, x5, x6] = [
        x[(0, 0)],
        x[(0, 1)],
        x[(0, 2)],
        x[(1, 0)],
        x[(1, 1)],
        x[(1, 2)],
    ];
    // rows: ∂y/∂(x1, x2, x3, x4, x5, x6)
    let by_name = DMatrix::from_row_slice(
        4,
        6,
        &[
            1.0,
            1.0,
            1.0,
            1.0,
            1.0,
            1.0, //
            x5 * x6,
            0.0,
            0.0,
            0.0,
            x1 * x6,
            x1 * x5, //
            0.0,
            x4,
            0.0,
            x2,
            0.0,
            0.0, //
            0.0,
            0.0,
            x4 * x5,
            x3 * x5,
            x3 * x4,
            0.0,
        ],
    );
    for order in [VecOrder::RowMajor, VecOrder::ColumnMajor] {
        // entry (r, c) is named x_(3r + c + 1): column 3r + c of `by_name`
        let hand = DMatrix::from_fn(4, 6, |d, k| {
            let (r, c) = order.entry(k, (2, 3));
            by_name[(d, 3 * r + c)]
        });
        let mut values = [0.0; 4];
        for (layout, got) in
            in_every_layout!(4, 6, |jac| jacobian_wrt_matrix_into::<6, _, _, _, _>(
                notes_f,
                &x,
                order,
                Some(&mut values),
                &mut jac
            )
            .unwrap())
        {
            assert_matrix_within(&format!("{order:?} {layout}"), &got, &hand, HAND_FORMULA);
        }
        assert_eq!(SVector::from(values), notes_f(&x));
    }
    // gradient of y = x2 x4 + x6²: numerator layout, entry (i, j) = ∂y/∂X[j][i]
    let want = DMatrix::from_row_slice(3, 2, &[0.0, x2, x4, 0.0, 0.0, 2.0 * x6]);
    let mut ys = Vec::new();
    for (layout, got) in in_every_layout!(3, 2, |g| ys.push(
        gradient_wrt_matrix_into::<6, _, _, _>(
            |x| x[(0, 1)] * x[(1, 0)] + x[(1, 2)] * x[(1, 2)],
            &x,
            &mut g
        )
        .unwrap()
    )) {
        assert_matrix_within(&format!("gradient {layout}"), &got, &want, HAND_FORMULA);
    }
    assert!(ys.iter().all(|&y| y == x2 * x4 + x6 * x6));
    let mut wrong = DMatrix::zeros(2, 3);
    let err = gradient_wrt_matrix_into::<6, _, _, _>(|x| x.sum(), &x, &mut wrong).unwrap_err();
    assert_eq!(
        err.to_string(),
        "wrong shape for gradient (C x R): 2 x 3, expected 3 x 2"
    );
    let mut wrong = DMatrix::zeros(4, 5);
    let err = jacobian_wrt_matrix_into::<6, _, _, _, _>(
        notes_f,
        &x,
        VecOrder::RowMajor,
        None,
        &mut wrong,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "wrong shape for jacobian (D x RC): 4 x 5, expected 4 x 6"
    );
}
