//! Gradients and Jacobians: `gradient`, `jacobian`, `jacobian_chunked` and the
//! `ChunkedJacobian` workspace (`jacobian_into`, `jacobian_slice_into`, `passes`), and their `JacobianError`
//! cases (buffer sizes, an output length that changes between passes).
//!
//! Oracles: hand-derived Jacobians (the fixtures' `Smooth`, `VecFn`, `SmoothMap`), central
//! finite differences (steps `1e-5 (1 + |x|)` and `1e-6 (1 + |x|)`, tolerances as stated at
//! each test), and the one-wide-pass Jacobian for the bit-identity of chunked passes.

use dualnum::{
    ChunkedJacobian, Dual, JacobianError, gradient, jacobian, jacobian_chunked,
    jacobian_wrt_dmatrix_chunked,
};
use nalgebra::{DMatrix, DVector, RowSVector, SMatrix, SVector, Vector2, Vector3};
use std::collections::BTreeSet;

use quickcheck::{QuickCheck, TestResult};

mod common;
use common::Rng;
use common::fixtures::{Smooth, SmoothMap, VecFn};
use common::oracles::fd_jacobian;
use common::oracles_matrix::{assert_same_value, to_dmatrix};
use common::tolerance::{
    CENTRAL_DIFFERENCE, HAND_FORMULA, assert_matrix_within, assert_within, max_abs_diff,
};

// ----- gradient --------------------------------------------------------------------------

fn gradient_case<const N: usize>(rng: &mut Rng) {
    for _ in 0..10 {
        let f = Smooth::random(N, rng);
        let x = rng.vec(N, -1.5, 1.5);
        let (y, g) = gradient(
            |xd| f.eval(xd.as_slice()),
            &SVector::<f64, N>::from_column_slice(&x),
        );
        assert_same_value("gradient value", y, f.eval(&x));
        let g: RowSVector<f64, N> = g; // a 1 x N row, by type
        assert_eq!(g.shape(), (1, N));
        let hand = f.grad(&x);
        let fd = fd_jacobian(|p| vec![f.eval(p)], &x, 1e-5);
        for j in 0..N {
            assert_within("gradient vs hand", g[j], hand[j], HAND_FORMULA);
            assert_within("gradient vs fd", g[j], fd[(0, j)], CENTRAL_DIFFERENCE);
        }
    }
}

#[test]
fn gradient_is_a_row_matching_hand_and_fd() {
    let mut rng = Rng(3);
    gradient_case::<1>(&mut rng);
    gradient_case::<2>(&mut rng);
    gradient_case::<3>(&mut rng);
    gradient_case::<5>(&mut rng);
    gradient_case::<8>(&mut rng);
}

#[test]
fn gradient_of_a_generic_function_matches_the_formula() {
    // f = x y sin z, ∇f = (y sin z, x sin z, x y cos z)
    fn f<T: num_traits::Float>(v: &[T]) -> T {
        v[0] * v[1] * v[2].sin()
    }
    let x = Vector3::new(0.3, -1.1, 2.2);
    let (value, g) = gradient(|xd| f(xd.as_slice()), &x);
    assert_eq!(value, f(x.as_slice()));
    let (s, c) = 2.2_f64.sin_cos();
    let expected = [-1.1 * s, 0.3 * s, 0.3 * -1.1 * c];
    for j in 0..3 {
        assert!((g[j] - expected[j]).abs() < 1e-15);
    }
}

// ----- jacobian (fixed sizes) ---------------------------------------------------------------

fn jacobian_case<const M: usize, const N: usize>(rng: &mut Rng) {
    for _ in 0..8 {
        let f = VecFn::random(M, N, rng);
        let x = rng.vec(N, -1.5, 1.5);
        let (y, j) = jacobian(
            |xd| SVector::<_, M>::from_vec(f.eval(xd.as_slice())),
            &SVector::<f64, N>::from_column_slice(&x),
        );
        let values = f.eval(&x);
        for i in 0..M {
            assert_same_value("jacobian value", y[i], values[i]);
        }
        let j: SMatrix<f64, M, N> = j;
        assert_matrix_within(
            "jacobian vs hand",
            &to_dmatrix(&j),
            &f.jac(&x),
            HAND_FORMULA,
        );
        assert_matrix_within(
            "jacobian vs fd",
            &to_dmatrix(&j),
            &fd_jacobian(|p| f.eval(p), &x, 1e-5),
            CENTRAL_DIFFERENCE,
        );
    }
}

#[test]
fn jacobian_is_m_by_n_matching_hand_and_fd() {
    let mut rng = Rng(4);
    jacobian_case::<1, 1>(&mut rng);
    jacobian_case::<1, 4>(&mut rng);
    jacobian_case::<4, 2>(&mut rng);
    jacobian_case::<3, 3>(&mut rng);
    jacobian_case::<7, 5>(&mut rng);
    jacobian_case::<2, 8>(&mut rng);
}

#[test]
fn fixed_size_jacobian_matches_analytic_and_finite_differences() {
    fn check(seed: u64) -> bool {
        let mut rng = Rng(seed);
        let map = SmoothMap::random(4, 3, &mut rng);
        let x = SVector::<f64, 4>::from_fn(|_, _| 2.0 * rng.uniform());
        let f = |xd: &SVector<Dual<f64, 4>, 4>| {
            SVector::<Dual<f64, 4>, 3>::from_vec(map.eval(xd.as_slice()))
        };
        let (value, j) = jacobian(f, &x);
        let analytic = map.analytic_jacobian(x.as_slice());
        let fd = fd_jacobian(|v| map.eval(v), x.as_slice(), 1e-6);
        let j = DMatrix::from_column_slice(3, 4, j.as_slice());
        let value_ok = value
            .iter()
            .zip(map.eval(x.as_slice()))
            .all(|(a, b)| *a == b);
        value_ok && max_abs_diff(&j, &analytic) < 1e-14 && max_abs_diff(&j, &fd) < 1e-7
    }
    QuickCheck::new()
        .tests(200)
        .quickcheck(check as fn(u64) -> bool);
}

#[test]
fn jacobian_of_a_map_with_one_output_is_the_gradient() {
    let f = |x: &Vector2<Dual<f64, 2>>| x[0].atan2(x[1]);
    let x = Vector2::new(1.0, 0.0);
    let (_, g) = gradient(f, &x);
    let (_, j) = jacobian(|xd| nalgebra::Vector1::new(f(xd)), &x);
    assert_eq!(g[0], j[(0, 0)]);
    assert_eq!(g[1], j[(0, 1)]);
    // atan2(y, x) at (y, x) = (1, 0): ∂/∂y = x/r² = 0, ∂/∂x = -y/r² = -1.
    assert_eq!((g[0], g[1]), (0.0, -1.0));
}

// ----- chunked Jacobians ------------------------------------------------------------------

fn chunked_case<const C: usize>(rng: &mut Rng) {
    let sizes: BTreeSet<usize> = [1, C.saturating_sub(1), C, C + 1, 2 * C + 3]
        .into_iter()
        .filter(|&n| n > 0)
        .collect();
    // One workspace reused across every size: buffers must follow the sizes.
    let mut work = ChunkedJacobian::<C, f64>::new();
    for &n in &sizes {
        for m in [1, n + 3] {
            let f = VecFn::random(m, n, rng);
            let x = rng.vec(n, -1.5, 1.5);
            let hand = f.jac(&x);
            let fd = fd_jacobian(|p| f.eval(p), &x, 1e-5);
            let values_f64 = f.eval(&x);
            let passes = n.div_ceil(C);
            assert_eq!(ChunkedJacobian::<C, f64>::passes(n), passes);
            let what = format!("C = {C}, n = {n}, m = {m}");

            // jacobian_slice_into: column-major, entry (i, j) at j m + i.
            let mut calls = 0;
            let (mut values, mut jac) = (vec![f64::NAN; m], vec![f64::NAN; m * n]);
            work.jacobian_slice_into(
                |xs, ys| {
                    calls += 1;
                    for (yi, fi) in ys.iter_mut().zip(&f.0) {
                        *yi = fi.eval(xs);
                    }
                },
                &x,
                &mut values,
                &mut jac,
            )
            .unwrap();
            assert_eq!(calls, passes, "{what}: jacobian_slice_into passes");
            for i in 0..m {
                assert_same_value(&what, values[i], values_f64[i]);
            }
            let jac_m = DMatrix::from_fn(m, n, |i, j| jac[j * m + i]);
            assert_matrix_within(
                &format!("{what} jacobian_slice_into vs hand"),
                &jac_m,
                &hand,
                HAND_FORMULA,
            );
            assert_matrix_within(
                &format!("{what} jacobian_slice_into vs fd"),
                &jac_m,
                &fd,
                CENTRAL_DIFFERENCE,
            );

            // eval: nalgebra buffers.
            let mut calls = 0;
            let xv = DVector::from_column_slice(&x);
            let (mut values, mut jac) = (
                DVector::from_element(m, f64::NAN),
                DMatrix::from_element(m, n, f64::NAN),
            );
            work.jacobian_into(
                |xs| {
                    calls += 1;
                    DVector::from_vec(f.eval(xs.as_slice()))
                },
                &xv,
                &mut values,
                &mut jac,
            )
            .unwrap();
            assert_eq!(calls, passes, "{what}: eval passes");
            for i in 0..m {
                assert_same_value(&what, values[i], values_f64[i]);
            }
            assert_matrix_within(&format!("{what} eval vs hand"), &jac, &hand, HAND_FORMULA);
            assert_matrix_within(&format!("{what} eval vs fd"), &jac, &fd, CENTRAL_DIFFERENCE);

            // jacobian_chunked.
            let (values, jac) =
                jacobian_chunked::<C, _>(|xs| DVector::from_vec(f.eval(xs.as_slice())), &xv)
                    .unwrap();
            assert_eq!(jac.shape(), (m, n));
            for i in 0..m {
                assert_same_value(&what, values[i], values_f64[i]);
            }
            assert_matrix_within(
                &format!("{what} jacobian_chunked vs hand"),
                &jac,
                &hand,
                HAND_FORMULA,
            );
        }
    }
}

#[test]
fn chunked_jacobians_match_hand_and_fd_on_boundary_chunks() {
    let mut rng = Rng(7);
    chunked_case::<1>(&mut rng);
    chunked_case::<2>(&mut rng);
    chunked_case::<3>(&mut rng);
    chunked_case::<5>(&mut rng);
    chunked_case::<8>(&mut rng);
}

/// The slice form's contract: `f` must assign every output; the outputs are not reset
/// between passes. An output `f` never assigns keeps what an earlier pass left in it, so a
/// function that does assign every output gets the right Jacobian whatever the buffer held
/// (here after a call of a different function on the same workspace). Oracle: the hand
/// Jacobian of `y0 = x0 x4`, `y1 = x2²`, `y2 = x1 + x3`.
#[test]
fn the_slice_form_needs_f_to_assign_every_output_and_does_not_reset_them() {
    let x = [1.0, 2.0, 3.0, 4.0, 5.0];
    let mut work = ChunkedJacobian::<2, f64>::new();
    let (mut values, mut jac) = ([0.0; 3], [0.0; 15]);
    // First a function that leaves garbage in every output.
    work.jacobian_slice_into(
        |xs, ys| {
            for y in ys.iter_mut() {
                *y = xs[0] * xs[1] * xs[2] * 7.0 + 3.0;
            }
        },
        &x,
        &mut values,
        &mut jac,
    )
    .unwrap();
    // Then one that assigns every output: exact hand values.
    work.jacobian_slice_into(
        |xs, ys| {
            ys[0] = xs[0] * xs[4];
            ys[1] = xs[2] * xs[2];
            ys[2] = xs[1] + xs[3];
        },
        &x,
        &mut values,
        &mut jac,
    )
    .unwrap();
    assert_eq!(values, [5.0, 9.0, 6.0]);
    let expected = DMatrix::from_row_slice(
        3,
        5,
        &[
            5.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 6.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0,
        ],
    );
    assert_eq!(DMatrix::from_column_slice(3, 5, &jac), expected);
    // An output left alone is not reset: y2 keeps the previous pass's dual (here the
    // last pass of the call above, seeded at x4 = column 4 only, where ∂(x1 + x3)/∂x4 = 0
    // and its value 6), so its entries are not those of a zero output.
    work.jacobian_slice_into(
        |xs, ys| {
            ys[0] = xs[0] * xs[4];
            ys[1] = xs[2] * xs[2];
        },
        &x,
        &mut values,
        &mut jac,
    )
    .unwrap();
    assert_eq!(values[2], 6.0, "the stale output was reset");
}

#[test]
fn chunked_jacobian_equals_one_wide_pass_and_the_analytic_jacobian() {
    fn check(seed: u64, n: u8, m: u8) -> TestResult {
        let (n, m) = (1 + n as usize % 40, 1 + m as usize % 12);
        let mut rng = Rng(seed);
        let map = SmoothMap::random(n, m, &mut rng);
        let x = DVector::from_fn(n, |_, _| 2.0 * rng.uniform());
        // One wide pass: a tangent of width 64 >= n.
        let (v64, j64) =
            jacobian_chunked::<64, _>(|xd| DVector::from_vec(map.eval(xd.as_slice())), &x).unwrap();
        let analytic = map.analytic_jacobian(x.as_slice());
        if max_abs_diff(&j64, &analytic) > 1e-14 {
            return TestResult::failed();
        }
        // Chunked passes give bit-identical results: every tangent component is computed
        // by the same scalar operations whatever the chunk width.
        let (v1, j1) =
            jacobian_chunked::<1, _>(|xd| DVector::from_vec(map.eval(xd.as_slice())), &x).unwrap();
        let (v3, j3) =
            jacobian_chunked::<3, _>(|xd| DVector::from_vec(map.eval(xd.as_slice())), &x).unwrap();
        let (v8, j8) =
            jacobian_chunked::<8, _>(|xd| DVector::from_vec(map.eval(xd.as_slice())), &x).unwrap();
        // The slice form, into reused caller buffers.
        let mut work = ChunkedJacobian::<3, f64>::new();
        let (mut vs, mut js) = (vec![0.0; m], vec![f64::NAN; m * n]);
        for _ in 0..2 {
            work.jacobian_slice_into(
                |xd, yd| yd.copy_from_slice(&map.eval(xd)),
                x.as_slice(),
                &mut vs,
                &mut js,
            )
            .unwrap();
        }
        let js = DMatrix::from_column_slice(m, n, &js);
        TestResult::from_bool(
            j1 == j64
                && j3 == j64
                && j8 == j64
                && js == j64
                && v1 == v64
                && v3 == v64
                && v8 == v64
                && vs.as_slice() == v64.as_slice(),
        )
    }
    QuickCheck::new()
        .tests(150)
        .quickcheck(check as fn(u64, u8, u8) -> TestResult);
}

#[test]
fn chunked_passes_count_is_ceil_n_over_c() {
    for n in 0..30 {
        let mut calls = 0;
        let x = DVector::from_element(n, 1.0);
        jacobian_chunked::<4, _>(
            |xd| {
                calls += 1;
                xd.clone()
            },
            &x,
        )
        .unwrap();
        assert_eq!(calls, n.div_ceil(4).max(1), "n = {n}");
        assert_eq!(ChunkedJacobian::<4, f64>::passes(n), n.div_ceil(4).max(1));
    }
}

#[test]
fn chunked_jacobian_of_the_identity_is_the_identity() {
    let x = DVector::from_fn(11, |i, _| i as f64 - 5.0);
    let (v, j) = jacobian_chunked::<4, _>(|xd| xd.clone(), &x).unwrap();
    assert_eq!(v, x);
    assert_eq!(j, DMatrix::identity(11, 11));
}

// ----- JacobianError: buffer sizes and changing output lengths -----------------------------

#[test]
fn chunked_jacobian_reports_size_errors() {
    // The output length depends on the pass: the columns cannot form one matrix.
    let x = DVector::from_element(6, 1.0);
    let mut pass = 0;
    let err = jacobian_chunked::<2, _>(
        |xd| {
            pass += 1;
            DVector::from_fn(pass, |i, _| xd[i] * xd[i])
        },
        &x,
    )
    .unwrap_err();
    assert_eq!(err, JacobianError::OutputLengthChanged { first: 1, now: 2 });
    assert!(err.to_string().contains("2 outputs"));

    // A Jacobian buffer of the wrong size.
    let mut work = ChunkedJacobian::<2, f64>::new();
    let (mut values, mut jac) = (vec![0.0; 3], vec![0.0; 17]);
    let err = work
        .jacobian_slice_into(|_, _| {}, &[1.0; 6], &mut values, &mut jac)
        .unwrap_err();
    assert_eq!(
        err,
        JacobianError::BufferSize {
            buffer: "jacobian",
            expected: 18,
            found: 17
        }
    );
    let _: &dyn std::error::Error = &err;

    // nalgebra buffers of the wrong shape.
    let mut values = DVector::zeros(3);
    let mut jac = DMatrix::zeros(3, 5);
    let err = work
        .jacobian_into(|xd| xd.rows(0, 3).into_owned(), &x, &mut values, &mut jac)
        .unwrap_err();
    assert_eq!(
        err,
        JacobianError::BufferShape {
            buffer: "jacobian",
            expected: (3, 6),
            found: (3, 5)
        }
    );
    assert_eq!(
        err.to_string(),
        "wrong shape for jacobian: 3 x 5, expected 3 x 6"
    );
    let mut values = DVector::zeros(2);
    let mut jac = DMatrix::zeros(3, 6);
    let err = work
        .jacobian_into(|xd| xd.rows(0, 3).into_owned(), &x, &mut values, &mut jac)
        .unwrap_err();
    assert!(
        matches!(
            err,
            JacobianError::BufferSize {
                buffer: "values",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn jacobian_slice_into_rejects_a_wrong_jacobian_buffer_without_evaluating() {
    let mut work = ChunkedJacobian::<3, f64>::new();
    for (n, m, len) in [(4, 2, 7), (4, 2, 9), (0, 2, 1), (3, 0, 1), (5, 1, 0)] {
        let x = vec![1.0; n];
        let (mut values, mut jac) = (vec![0.0; m], vec![0.0; len]);
        let mut called = false;
        let err = work
            .jacobian_slice_into(|_, _| called = true, &x, &mut values, &mut jac)
            .unwrap_err();
        assert!(!called, "f evaluated despite a wrong buffer");
        assert_eq!(
            err,
            JacobianError::BufferSize {
                buffer: "jacobian",
                expected: m * n,
                found: len
            }
        );
        let msg = err.to_string();
        assert!(
            msg.contains("jacobian")
                && msg.contains(&format!("{len},"))
                && msg.contains(&format!("expected {}", m * n)),
            "{msg}"
        );
    }
}

#[test]
fn jacobian_into_rejects_wrong_nalgebra_buffers() {
    let f = |x: &DVector<Dual<f64, 2>>| DVector::from_fn(3, |i, _| x[i] * x[i + 1]);
    let x = DVector::from_element(4, 1.5);
    let mut work = ChunkedJacobian::<2, f64>::new();
    for (vlen, (r, c)) in [
        (2, (3, 4)),
        (4, (3, 4)),
        (3, (4, 3)),
        (3, (3, 5)),
        (3, (2, 6)),
        (3, (12, 1)),
    ] {
        let (mut values, mut jac) = (DVector::zeros(vlen), DMatrix::zeros(r, c));
        let res = work.jacobian_into(f, &x, &mut values, &mut jac);
        // the values are checked first (a length), then the Jacobian (a shape)
        let expected = if vlen != 3 {
            JacobianError::BufferSize {
                buffer: "values",
                expected: 3,
                found: vlen,
            }
        } else {
            JacobianError::BufferShape {
                buffer: "jacobian",
                expected: (3, 4),
                found: (r, c),
            }
        };
        assert_eq!(res, Err(expected), "values {vlen}, jacobian {r} x {c}");
    }
    // And the right buffers after those errors: the workspace is still sound.
    let (mut values, mut jac) = (DVector::zeros(3), DMatrix::zeros(3, 4));
    work.jacobian_into(f, &x, &mut values, &mut jac).unwrap();
    let expected = DMatrix::from_row_slice(
        3,
        4,
        &[1.5, 1.5, 0.0, 0.0, 0.0, 1.5, 1.5, 0.0, 0.0, 0.0, 1.5, 1.5],
    );
    assert_eq!(jac, expected);
}

/// With no outputs, `jacobian_into` must still reject a Jacobian buffer that is not `0 x n`
/// (documented: "`jacobian` is not `m x n`" is an error).
#[test]
fn jacobian_into_rejects_a_wrong_width_buffer_when_there_are_no_outputs() {
    let x = DVector::from_element(5, 1.0);
    let mut work = ChunkedJacobian::<2, f64>::new();
    let (mut values, mut jac) = (DVector::<f64>::zeros(0), DMatrix::<f64>::zeros(0, 7));
    let res = work.jacobian_into(|_| DVector::from_vec(vec![]), &x, &mut values, &mut jac);
    assert!(
        matches!(
            res,
            Err(JacobianError::BufferShape {
                expected: (0, 5),
                found: (0, 7),
                ..
            })
        ),
        "a 0 x 7 buffer for a 0 x 5 Jacobian was accepted: {res:?}"
    );
    // The right one is accepted.
    let mut jac = DMatrix::<f64>::zeros(0, 5);
    work.jacobian_into(|_| DVector::from_vec(vec![]), &x, &mut values, &mut jac)
        .unwrap();
}

#[test]
fn a_changing_output_length_is_an_error_in_every_dynamic_helper() {
    // Output length grows on the second pass (n = 5, C = 2: three passes).
    let x = DVector::from_fn(5, |i, _| i as f64 + 1.0);
    let grow = |pass: &mut usize, xs: &DVector<Dual<f64, 2>>| {
        *pass += 1;
        DVector::from_fn(if *pass == 1 { 2 } else { 3 }, |i, _| xs[i] * xs[i])
    };
    let mut pass = 0;
    let err = jacobian_chunked::<2, _>(|xs| grow(&mut pass, xs), &x).unwrap_err();
    assert_eq!(err, JacobianError::OutputLengthChanged { first: 2, now: 3 });
    assert!(err.to_string().contains("3 outputs") && err.to_string().contains("2 in the first"));

    // Shrinks on the last pass only.
    let mut pass = 0;
    let err = jacobian_chunked::<2, _>(
        |xs| {
            pass += 1;
            DVector::from_fn(if pass == 3 { 1 } else { 4 }, |i, _| xs[i])
        },
        &x,
    )
    .unwrap_err();
    assert_eq!(err, JacobianError::OutputLengthChanged { first: 4, now: 1 });

    let mut work = ChunkedJacobian::<2, f64>::new();
    let mut pass = 0;
    let (mut values, mut jac) = (DVector::zeros(2), DMatrix::zeros(2, 5));
    let err = work
        .jacobian_into(|xs| grow(&mut pass, xs), &x, &mut values, &mut jac)
        .unwrap_err();
    assert_eq!(err, JacobianError::OutputLengthChanged { first: 2, now: 3 });
    // The workspace is reusable after the error (inputs reset to constants).
    let (mut values, mut jac) = (DVector::zeros(5), DMatrix::zeros(5, 5));
    work.jacobian_into(|xs| xs.map(|e| e * e), &x, &mut values, &mut jac)
        .unwrap();
    assert_eq!(jac, DMatrix::from_diagonal(&x.map(|e| 2.0 * e)));

    let xm = DMatrix::from_fn(2, 3, |r, c| (r + c) as f64);
    let mut pass = 0;
    let err = jacobian_wrt_dmatrix_chunked::<4, _>(
        |xs| {
            pass += 1;
            DVector::from_fn(pass, |_, _| xs.sum())
        },
        &xm,
    )
    .unwrap_err();
    assert_eq!(err, JacobianError::OutputLengthChanged { first: 1, now: 2 });
}

/// The workspace keeps its inputs unseeded between calls and reloads only their values; a
/// panic in `f` mid-call (caught by the caller) leaves a chunk seeded, and the next call
/// must still give the hand Jacobian of `f_i = x_i x_(i+1)` (`∂f_i/∂x_i = x_(i+1)`,
/// `∂f_i/∂x_(i+1) = x_i`).
#[test]
fn a_panic_in_f_does_not_spoil_the_next_call() {
    let mut work = ChunkedJacobian::<2, f64>::new();
    let x = [1.0, 2.0, 3.0, 4.0, 5.0];
    let mut pass = 0;
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let (mut values, mut jac) = ([0.0; 4], [0.0; 20]);
        work.jacobian_slice_into(
            |xs: &[Dual<f64, 2>], ys: &mut [Dual<f64, 2>]| {
                pass += 1;
                assert!(pass < 2, "fails in the second pass");
                for i in 0..4 {
                    ys[i] = xs[i] * xs[i + 1];
                }
            },
            &x,
            &mut values,
            &mut jac,
        )
    }));
    assert!(caught.is_err());
    let (mut values, mut jac) = ([0.0; 4], [0.0; 20]);
    work.jacobian_slice_into(
        |xs: &[Dual<f64, 2>], ys: &mut [Dual<f64, 2>]| {
            for i in 0..4 {
                ys[i] = xs[i] * xs[i + 1];
            }
        },
        &x,
        &mut values,
        &mut jac,
    )
    .unwrap();
    let hand = DMatrix::from_fn(4, 5, |i, j| {
        if j == i {
            x[i + 1]
        } else if j == i + 1 {
            x[i]
        } else {
            0.0
        }
    });
    assert_eq!(DMatrix::from_column_slice(4, 5, &jac), hand);
    assert_eq!(values, [2.0, 6.0, 12.0, 20.0]);
}
