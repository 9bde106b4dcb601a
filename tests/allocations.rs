//! Heap allocations: none on the fixed-size paths (`derivative`, `derivative_vector`,
//! `derivative_matrix`, `directional_derivative`, `jvp`, `gradient`, `jacobian`, `hessian`,
//! and for a matrix input `seed_matrix`, `gradient_wrt_matrix`, `jacobian_wrt_matrix`,
//! `jacobian_matrix_wrt_matrix`, `elementwise_derivative`), none per call on the chunked
//! paths (`ChunkedJacobian`, `MatrixJacobian`) once their workspace and the caller's buffers
//! exist, beyond what the user's function returns, and none in the sparse plan's
//! `jacobian_into`, `jacobian_values_into` and `jacobian_dense_into` once the plan is built
//! (auto-verify off). The second-order paths: none in `hessian2`, `hvp`,
//! `second_directional_derivative`, `ChunkedHessian` after its first call and
//! `SeparableHessian::hessian_into`. The output forms into a `MatrixOut`
//! (`ChunkedJacobian::eval_into`, `jacobian_into`, `hessian_into`, `hessian2_into`,
//! `ChunkedHessian` into a slice, `MatrixJacobian` in row-major vec order,
//! `gradient_wrt_matrix_into`, `jacobian_wrt_matrix_into`): none after the first call.
//!
//! Oracle: the counting global allocator of `common::alloc` (it counts per thread, so tests
//! running in parallel do not disturb the counts); `the_counter_sees_an_allocation` checks
//! that it is registered and counts. The Jacobians computed on the way are checked against
//! hand formulas.

use std::hint::black_box;

use dualnum::sparse::{SeparableHessian, SparseJacobian, VectorFunction};
use dualnum::{
    ChunkedHessian, ChunkedJacobian, Dual, Dual2, MatrixJacobian, MatrixSlice, Real, derivative,
    derivative_matrix, derivative_vector, directional_derivative, elementwise_derivative, gradient,
    gradient_wrt_matrix, gradient_wrt_matrix_into, hessian, hessian_into, hessian2, hessian2_into,
    hvp, jacobian, jacobian_into, jacobian_matrix_wrt_matrix, jacobian_wrt_matrix,
    jacobian_wrt_matrix_into, jvp, second_directional_derivative, seed_matrix,
};
use nalgebra::{DMatrix, DVector, Matrix2, Matrix2x3, SVector, Vector2, Vector3, Vector4};

mod common;
use common::alloc::{CountingAllocator, allocations_in};
use common::fixtures::{Broyden, broyden_jacobian};
use common::oracles_matrix::assert_close_same_zeros;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// The Broyden tridiagonal function over slices of duals, for `ChunkedJacobian::jacobian_slice_into`.
fn broyden_slices<const C: usize>(x: &[Dual<f64, C>], y: &mut [Dual<f64, C>]) {
    Broyden(x.len()).eval(x, y);
}

#[test]
fn the_counter_sees_an_allocation() {
    // The oracle for the tests below: a Vec does allocate, and is counted.
    assert_eq!(allocations_in(|| vec![1.0_f64; 8]), 1);
    assert_eq!(allocations_in(|| [1.0_f64; 8]), 0);
}

#[test]
fn fixed_size_derivatives_do_not_allocate() {
    let x = black_box(1.7_f64);
    let n = allocations_in(|| derivative(|x| (x * x) * (x * x).ln(), x));
    assert_eq!(n, 0, "derivative");

    let n =
        allocations_in(|| derivative_vector(|x| Vector3::new(3.0 * x * x + x, x.exp(), x.ln()), x));
    assert_eq!(n, 0, "derivative_vector");

    let n = allocations_in(|| {
        derivative_matrix(|x| Matrix2::new(x.cos(), x.sin(), x.exp(), x.tanh()), x)
    });
    assert_eq!(n, 0, "derivative_matrix");

    let p = black_box(Vector3::new(1.3, 0.7, 0.4));
    let v = black_box(Vector3::new(1.0, -2.0, 0.5));
    let scalar = |x: &Vector3<Dual<f64, 1>>| x[0] * x[0] + x[0] * x[1].ln() + (x[1] * x[2]).exp();
    let n = allocations_in(|| directional_derivative(scalar, &p, &v));
    assert_eq!(n, 0, "directional_derivative");

    let vector = |x: &Vector3<Dual<f64, 1>>| Vector2::new(x[0] * x[1], x[2].sin());
    let n = allocations_in(|| jvp(vector, &p, &v));
    assert_eq!(n, 0, "jvp");

    let n = allocations_in(|| {
        gradient(
            |x| x[0] * x[0] + x[0] * x[1].ln() + (x[1] * x[2]).exp() + 2.0 * x[2],
            &p,
        )
    });
    assert_eq!(n, 0, "gradient");

    let n = allocations_in(|| {
        jacobian(
            |x| Vector2::new(x[0] + x[1] * x[2] + x[0] * x[2], x[0] * x[0] + 2.0 * x[2]),
            &p,
        )
    });
    assert_eq!(n, 0, "jacobian");

    // a wide one: 16 inputs, 16 outputs
    let x16 = black_box(SVector::<f64, 16>::from_fn(|i, _| i as f64 * 0.1));
    let n = allocations_in(|| {
        jacobian(
            |x: &SVector<Dual<f64, 16>, 16>| x.map(|xi| (xi * 0.5).tanh() * x[0]),
            &x16,
        )
    });
    assert_eq!(n, 0, "jacobian 16 x 16");

    let x4 = black_box(Vector4::new(-1.2, 1.0, 0.5, 0.8));
    let n = allocations_in(|| {
        hessian(
            |x| {
                let mut f = Dual::constant(Dual::constant(0.0));
                for i in 0..3 {
                    let t = x[i + 1] - x[i] * x[i];
                    let s = 1.0 - x[i];
                    f = f + 100.0 * t * t + s * s;
                }
                f
            },
            &x4,
        )
    });
    assert_eq!(n, 0, "hessian");
}

#[test]
fn fixed_size_matrix_input_derivatives_do_not_allocate() {
    // the notes' f: R^(2x3) -> R^4
    let x = black_box(Matrix2x3::new(0.3, -0.8, 1.1, 0.6, 1.4, -0.5));
    let n = allocations_in(|| seed_matrix::<6, _, 2, 3>(&x));
    assert_eq!(n, 0, "seed_matrix");

    let n = allocations_in(|| gradient_wrt_matrix::<6, _, _, _>(|x| x.sum() * x[(1, 2)], &x));
    assert_eq!(n, 0, "gradient_wrt_matrix");

    let n = allocations_in(|| {
        jacobian_wrt_matrix::<6, _, _, _, _>(
            |x| {
                Vector4::new(
                    x.sum(),
                    x[(0, 0)] * x[(1, 1)] * x[(1, 2)],
                    x[(0, 1)] * x[(1, 0)],
                    x[(0, 2)] * x[(1, 0)] * x[(1, 1)],
                )
            },
            &x,
        )
    });
    assert_eq!(n, 0, "jacobian_wrt_matrix");

    let n = allocations_in(|| {
        jacobian_matrix_wrt_matrix::<6, 6, _, _, _, _, _>(|x| x.map(|e| e.sin() * x[(0, 0)]), &x)
    });
    assert_eq!(n, 0, "jacobian_matrix_wrt_matrix");

    let n = allocations_in(|| elementwise_derivative(|x| x.map(|e| e.tanh()), &x));
    assert_eq!(n, 0, "elementwise_derivative");
}

#[test]
fn the_chunked_slice_form_allocates_nothing_after_the_first_call() {
    let n = 37; // 5 passes of 8, the last one partial
    let x: Vec<f64> = (0..n).map(|i| -1.0 + 0.1 * i as f64).collect();
    let mut values = vec![0.0; n];
    let mut jac = vec![0.0; n * n];
    let mut work = ChunkedJacobian::<8, f64>::new();
    work.jacobian_slice_into(broyden_slices, &x, &mut values, &mut jac)
        .unwrap();
    let first = jac.clone();
    for _ in 0..3 {
        let count = allocations_in(|| {
            work.jacobian_slice_into(broyden_slices, &x, &mut values, &mut jac)
                .unwrap();
        });
        assert_eq!(count, 0, "jacobian_slice_into allocated on a repeated call");
    }
    // still the same (and right) Jacobian: diagonal 3 - 4 x_i, off-diagonals -1 and -2
    assert_eq!(jac, first);
    for i in 0..n {
        // (3 - 2x) x differentiates to (3 - 2x) - 2x: equal to 3 - 4x up to rounding
        assert!((jac[i * n + i] - (3.0 - 4.0 * x[i])).abs() < 1e-14);
        if i > 0 {
            assert_eq!(jac[(i - 1) * n + i], -1.0);
        }
        if i + 1 < n {
            assert_eq!(jac[(i + 1) * n + i], -2.0);
        }
    }
}

#[test]
fn the_chunked_dvector_form_allocates_only_what_the_function_returns() {
    let n = 20; // 3 passes of 8
    let passes = ChunkedJacobian::<8, f64>::passes(n);
    let x = DVector::from_fn(n, |i, _| 0.3 * i as f64 - 2.0);
    // f returns a new DVector each pass: exactly one allocation per pass, the function's own
    let f = |x: &DVector<Dual<f64, 8>>| DVector::from_fn(x.len(), |i, _| x[i] * x[i] + x[0]);
    let mut values = DVector::zeros(n);
    let mut jac = DMatrix::zeros(n, n);
    let mut work = ChunkedJacobian::<8, f64>::new();
    work.jacobian_into(f, &x, &mut values, &mut jac).unwrap();
    let count = allocations_in(|| work.jacobian_into(f, &x, &mut values, &mut jac).unwrap());
    assert_eq!(
        count, passes,
        "eval allocated more than the function's outputs"
    );
    assert_eq!(jac[(5, 5)], 2.0 * x[5]);
    assert_eq!(jac[(5, 0)], 1.0);
    assert_eq!(jac[(0, 0)], 2.0 * x[0] + 1.0);
}

#[test]
fn the_matrix_workspace_allocates_only_what_the_function_returns() {
    // X is 3 x 5: 15 entries, 4 passes of 4.
    let x = DMatrix::from_fn(3, 5, |r, c| 0.2 * r as f64 - 0.1 * c as f64 + 0.05);
    let passes = ChunkedJacobian::<4, f64>::passes(15);
    let mut work = MatrixJacobian::<4, f64>::new();

    // y = Σ X², ∂y/∂X = 2 Xᵀ: a scalar function allocates nothing.
    let sum_of_squares = |x: &DMatrix<Dual<f64, 4>>| x.iter().map(|&e| e * e).sum();
    let mut g = DMatrix::zeros(5, 3);
    work.gradient_into(sum_of_squares, &x, &mut g).unwrap();
    let count = allocations_in(|| work.gradient_into(sum_of_squares, &x, &mut g).unwrap());
    assert_eq!(
        count, 0,
        "MatrixJacobian::gradient_into allocated on a repeated call"
    );
    assert_eq!(g, 2.0 * x.transpose());

    // y = X 1 (row sums, D = 3): one allocation per pass, the vector f returns.
    let row_sums = |x: &DMatrix<Dual<f64, 4>>| {
        DVector::from_fn(x.nrows(), |r, _| x.row(r).iter().copied().sum())
    };
    let (mut values, mut jac) = (DVector::zeros(3), DMatrix::zeros(3, 15));
    work.jacobian_into(row_sums, &x, Some(values.as_mut_slice()), &mut jac)
        .unwrap();
    let count = allocations_in(|| {
        work.jacobian_into(row_sums, &x, Some(values.as_mut_slice()), &mut jac)
            .unwrap()
    });
    assert_eq!(
        count, passes,
        "MatrixJacobian::jacobian_into allocated beyond f's outputs"
    );
    // ∂y_d/∂X[r][c] = [d == r], at column c·3 + r
    assert_eq!(
        jac,
        DMatrix::from_fn(3, 15, |d, k| f64::from(u8::from(k % 3 == d)))
    );
}

// ----- the sparse plan ------------------------------------------------------------------------
//
// plan.rs: "After that [building the plan], `jacobian_into`, `jacobian_values_into` and
// `jacobian_dense_into` allocate nothing when auto-verify is off (verification traces, which
// allocates)"; the module example: "no allocation in release".

/// An arrowhead: a dense first row (so `n` colours) and a dense first column.
/// `y_0 = Σ x_j²`, `y_i = x_i³ + x_0` for `i ≥ 1`.
struct Arrow(usize);

impl VectorFunction for Arrow {
    fn input_len(&self) -> usize {
        self.0
    }
    fn output_len(&self) -> usize {
        self.0
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        y[0] = x.iter().fold(S::zero(), |acc, &v| acc + v * v);
        for i in 1..self.0 {
            y[i] = x[i] * x[i] * x[i] + x[0];
        }
    }
}

fn arrow_hand(x: &[f64]) -> DMatrix<f64> {
    let n = x.len();
    DMatrix::from_fn(n, n, |i, j| match (i, j) {
        (0, j) => 2.0 * x[j],
        (_, 0) => 1.0,
        (i, j) if i == j => 3.0 * x[i] * x[i],
        _ => 0.0,
    })
}

fn assert_sparse_calls_allocate_nothing<const K: usize, F: VectorFunction>(
    what: &str,
    f: &F,
    x: &[f64],
    hand: &DMatrix<f64>,
    uses_table: bool,
) {
    let n = x.len();
    let mut plan = SparseJacobian::<K>::new(f, x).unwrap();
    plan.set_auto_verify(false);
    // the case being exercised: a plan with or without its destination tables
    let tables_fit = plan.nrows() * plan.colours() <= 4 * (plan.nnz() + plan.nrows());
    assert_eq!(tables_fit, uses_table, "{what}");
    let mut values = vec![0.0; f.output_len()];
    let mut csc = plan.new_matrix();
    let mut entries = vec![0.0; plan.nnz()];
    let mut dense = DMatrix::zeros(f.output_len(), n);
    for round in 0..2 {
        let a = allocations_in(|| plan.jacobian_into(f, x, &mut values, &mut csc).unwrap());
        let b = allocations_in(|| {
            plan.jacobian_values_into(f, x, &mut values, &mut entries)
                .unwrap()
        });
        let c = allocations_in(|| {
            plan.jacobian_dense_into(f, x, &mut values, &mut dense)
                .unwrap()
        });
        assert_eq!((a, b, c), (0, 0, 0), "{what}, call {round}");
    }
    assert_close_same_zeros(what, &dense, hand);
    assert_close_same_zeros(what, &DMatrix::from(&csc), hand);
    assert_eq!(csc.values(), &entries[..], "{what}");
    // "verification traces, which allocates"
    plan.set_auto_verify(true);
    let v = allocations_in(|| plan.jacobian_into(f, x, &mut values, &mut csc).unwrap());
    assert!(v > 0, "{what}: auto-verify did not allocate");
}

#[test]
fn sparse_jacobian_calls_allocate_nothing_after_building_the_plan() {
    let x: Vec<f64> = (0..30).map(|i| 0.1 * i as f64 - 1.3).collect();
    let b = broyden_jacobian(&x);
    // tridiagonal: 3 colours, one pass (K = 3) or two (K = 2), with tables
    assert_sparse_calls_allocate_nothing::<3, _>("Broyden K = 3", &Broyden(30), &x, &b, true);
    assert_sparse_calls_allocate_nothing::<2, _>("Broyden K = 2", &Broyden(30), &x, &b, true);
    // arrowhead: 30 colours, 4 passes of 8 (the last partial), no tables (30·30 > 4 (88 + 30))
    let a = arrow_hand(&x);
    assert_sparse_calls_allocate_nothing::<8, _>("arrowhead K = 8", &Arrow(30), &x, &a, false);
    // 65 components: two 64-bit words of gaps per row
    assert_sparse_calls_allocate_nothing::<65, _>("arrowhead K = 65", &Arrow(30), &x, &a, false);
}

/// The second-order paths: `hessian2`, `hvp` and `second_directional_derivative` allocate
/// nothing; `ChunkedHessian` nothing after its first call; `SeparableHessian::hessian_into`
/// nothing once the plan and the matrix exist.
#[test]
fn second_order_paths_allocate_nothing() {
    let p = black_box(Vector3::new(0.3, -0.7, 1.1));
    fn f3<T: num_traits::Float>(x: &Vector3<T>) -> T {
        x[0] * x[1] * x[2] + x[0].sin()
    }
    assert_eq!(
        allocations_in(|| hessian2::<6, _, _>(f3, &p)),
        0,
        "hessian2"
    );
    assert_eq!(allocations_in(|| hvp(f3, &p, &p)), 0, "hvp");
    assert_eq!(
        allocations_in(|| second_directional_derivative(f3, &p, &p, &p)),
        0,
        "second_directional_derivative"
    );

    let x = [0.5, -1.0, 2.0, 0.25, 1.5];
    let f = |x: &[Dual<Dual<f64, 2>, 2>]| x[0] * x[1] + x[2] * x[3] * x[4] + x[4].exp();
    let mut work = ChunkedHessian::<2, f64>::new();
    let (mut g, mut h) = (vec![0.0; 5], DMatrix::zeros(5, 5));
    work.hessian_into(f, &x, Some(&mut g), &mut h).unwrap();
    let n = allocations_in(|| work.hessian_into(f, &x, Some(&mut g), &mut h).unwrap());
    assert_eq!(n, 0, "ChunkedHessian after the first call");
    assert_eq!(h[(2, 3)], x[4]);

    let plan = SeparableHessian::<2, 3>::new(5, vec![[0, 1], [1, 2], [3, 4]]).unwrap();
    let mut hs = plan.new_matrix();
    let term = |_: usize, v: &[Dual2<f64, 2, 3>; 2]| v[0] * v[0] * v[1];
    let n = allocations_in(|| plan.hessian_into(term, &x, &mut g, &mut hs).unwrap());
    assert_eq!(n, 0, "SeparableHessian::hessian_into");
    assert_eq!(hs.get_entry(0, 1).unwrap().into_value(), 2.0 * x[0]);
}

/// The output forms into `MatrixOut`: `ChunkedJacobian::eval_into` (row- and column-major
/// slices, a strided nalgebra view, values absent), `jacobian_into`, `hessian_into`,
/// `hessian2_into` over arrays, `ChunkedHessian` into a row-major slice, `MatrixJacobian`
/// with the row-major vec order (gradient and Jacobian into slices), and the static
/// `gradient_wrt_matrix_into` / `jacobian_wrt_matrix_into`: nothing allocated after the
/// first call. Checked against the hand Broyden Jacobian and hand entries.
#[test]
fn the_output_forms_allocate_nothing_after_the_first_call() {
    let n = 21; // 3 passes of 8, the last one partial
    let x: Vec<f64> = (0..n).map(|i| -1.0 + 0.1 * i as f64).collect();
    let hand = broyden_jacobian(&x);
    let mut work = ChunkedJacobian::<8, f64>::new();
    let (mut values, mut rows, mut cols) = (vec![0.0; n], vec![0.0; n * n], vec![0.0; n * n]);
    let mut big = DMatrix::zeros(n + 2, n + 1);
    for round in 0..2 {
        let count = allocations_in(|| {
            let mut r = MatrixSlice::row_major(&mut rows, n, n).unwrap();
            work.eval_into(broyden_slices, &x, Some(&mut values), &mut r)
                .unwrap();
            let mut c = MatrixSlice::col_major(&mut cols, n, n).unwrap();
            work.eval_into(broyden_slices, &x, None, &mut c).unwrap();
            let mut v = big.view_mut((1, 1), (n, n));
            work.eval_into(broyden_slices, &x, None, &mut v).unwrap();
        });
        if round > 0 {
            assert_eq!(count, 0, "eval_into allocated on a repeated call");
        }
    }
    assert_close_same_zeros("row-major", &DMatrix::from_row_slice(n, n, &rows), &hand);
    assert_close_same_zeros("col-major", &DMatrix::from_column_slice(n, n, &cols), &hand);
    assert_close_same_zeros("view", &big.view((1, 1), (n, n)).into_owned(), &hand);

    let p = black_box([0.3, -0.7, 1.1]);
    let mut buf = [0.0; 9];
    let mut g = [0.0; 3];
    let count = allocations_in(|| {
        let mut m = MatrixSlice::row_major(&mut buf, 3, 3).unwrap();
        jacobian_into(
            |x: &[Dual<f64, 3>; 3]| [x[0] * x[1], x[2], x[0]],
            &p,
            None,
            &mut m,
        )
        .unwrap();
        hessian_into(
            |x: &[Dual<Dual<f64, 3>, 3>; 3]| x[0] * x[1] * x[2],
            &p,
            Some(&mut g),
            &mut m,
        )
        .unwrap();
        hessian2_into(
            |x: &[Dual2<f64, 3, 6>; 3]| x[0] * x[1] * x[2],
            &p,
            None,
            &mut m,
        )
        .unwrap();
    });
    assert_eq!(count, 0, "jacobian_into / hessian_into / hessian2_into");
    // H of x0 x1 x2: off-diagonal (0, 1) = x2
    assert_eq!(buf[1], p[2]);

    let xs = [0.5, -1.0, 2.0, 0.25, 1.5];
    let f = |x: &[Dual<Dual<f64, 2>, 2>]| x[0] * x[1] + x[2] * x[3] * x[4];
    let mut hw = ChunkedHessian::<2, f64>::new();
    let (mut gs, mut hbuf) = (vec![0.0; 5], vec![0.0; 25]);
    for round in 0..2 {
        let count = allocations_in(|| {
            let mut h = MatrixSlice::row_major(&mut hbuf, 5, 5).unwrap();
            hw.hessian_into(f, &xs, Some(&mut gs), &mut h).unwrap();
        });
        if round > 0 {
            assert_eq!(count, 0, "ChunkedHessian into a slice");
        }
    }
    assert_eq!(hbuf[2 * 5 + 3], xs[4]);

    let xm = DMatrix::from_fn(3, 5, |r, c| 0.2 * r as f64 - 0.1 * c as f64 + 0.05);
    let mut mw = MatrixJacobian::<4, f64>::with_vec_order(dualnum::tensor::VecOrder::RowMajor);
    let sum_of_squares = |x: &DMatrix<Dual<f64, 4>>| x.iter().map(|&e| e * e).sum();
    let mut gbuf = vec![0.0; 15];
    for round in 0..2 {
        let count = allocations_in(|| {
            let mut gm = MatrixSlice::col_major(&mut gbuf, 5, 3).unwrap();
            mw.gradient_into(sum_of_squares, &xm, &mut gm).unwrap();
        });
        if round > 0 {
            assert_eq!(count, 0, "MatrixJacobian (row-major order) gradient_into");
        }
    }
    assert_eq!(
        DMatrix::from_column_slice(5, 3, &gbuf),
        2.0 * xm.transpose()
    );

    let xs = black_box(Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0));
    let (mut jbuf, mut gbuf) = ([0.0; 12], [0.0; 6]);
    let count = allocations_in(|| {
        let mut j = MatrixSlice::row_major(&mut jbuf, 2, 6).unwrap();
        jacobian_wrt_matrix_into::<6, _, _, _, _>(
            |x| Vector2::new(x[(0, 1)] * x[(1, 0)], x.sum()),
            &xs,
            dualnum::tensor::VecOrder::RowMajor,
            None,
            &mut j,
        )
        .unwrap();
        let mut g = MatrixSlice::row_major(&mut gbuf, 3, 2).unwrap();
        gradient_wrt_matrix_into::<6, _, _, _>(|x| x[(0, 1)] * x[(1, 0)], &xs, &mut g).unwrap();
    });
    assert_eq!(
        count, 0,
        "jacobian_wrt_matrix_into / gradient_wrt_matrix_into"
    );
    // ∂(x2 x4)/∂(x1 .. x6) row by row: x4 at x2, x2 at x4
    assert_eq!(&jbuf[..6], &[0.0, 4.0, 0.0, 2.0, 0.0, 0.0]);
    // numerator: (i, j) = ∂y/∂X[j][i]; (1, 0) = ∂y/∂X[0][1] = x4, (0, 1) = ∂y/∂X[1][0] = x2
    assert_eq!(gbuf, [0.0, 2.0, 4.0, 0.0, 0.0, 0.0]);
}
