//! No heap allocation on the fixed-size paths (`derivative`, `derivative_vector`,
//! `derivative_matrix`, `directional_derivative`, `jvp`, `gradient`, `jacobian`, `hessian`,
//! and for a matrix input `seed_matrix`, `gradient_wrt_matrix`, `jacobian_wrt_matrix`,
//! `jacobian_matrix_wrt_matrix`, `elementwise_derivative`),
//! and none per call on the chunked paths (`ChunkedJacobian`, `MatrixJacobian`) once their
//! workspace and the caller's buffers exist, beyond what the user's function returns.
//!
//! A counting global allocator wraps `std::alloc::System`; it counts only while the current
//! thread has switched counting on, so tests running in parallel on other threads (and the
//! test harness itself) do not disturb the counts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

use dualnum::{
    ChunkedJacobian, Dual, MatrixJacobian, derivative, derivative_matrix, derivative_vector,
    directional_derivative, elementwise_derivative, gradient, gradient_wrt_matrix, hessian,
    jacobian, jacobian_matrix_wrt_matrix, jacobian_wrt_matrix, jvp, seed_matrix,
};
use nalgebra::{DMatrix, DVector, Matrix2, Matrix2x3, SVector, Vector2, Vector3, Vector4};

struct CountingAllocator;

thread_local! {
    /// Whether allocations on this thread are being counted.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    /// Allocations (including reallocations) counted on this thread.
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn note_allocation() {
    // `try_with`: the thread-local may already be gone while a thread shuts down.
    let _ = COUNTING.try_with(|on| {
        if on.get() {
            let _ = COUNT.try_with(|c| c.set(c.get() + 1));
        }
    });
}

// SAFETY: every call is forwarded unchanged to `System`; the counting touches only
// const-initialised thread-locals, which never allocate.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_allocation();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// The number of heap allocations `f` makes on this thread.
fn allocations_in<R>(f: impl FnOnce() -> R) -> usize {
    COUNT.with(|c| c.set(0));
    COUNTING.with(|on| on.set(true));
    black_box(f());
    COUNTING.with(|on| on.set(false));
    COUNT.with(|c| c.get())
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

/// Broyden tridiagonal, written over slices.
fn broyden<const C: usize>(x: &[Dual<f64, C>], y: &mut [Dual<f64, C>]) {
    let n = x.len();
    for i in 0..n {
        let mut yi = (3.0 - 2.0 * x[i]) * x[i] + 1.0;
        if i > 0 {
            yi -= x[i - 1];
        }
        if i + 1 < n {
            yi -= 2.0 * x[i + 1];
        }
        y[i] = yi;
    }
}

#[test]
fn the_chunked_slice_form_allocates_nothing_after_the_first_call() {
    let n = 37; // 5 passes of 8, the last one partial
    let x: Vec<f64> = (0..n).map(|i| -1.0 + 0.1 * i as f64).collect();
    let mut values = vec![0.0; n];
    let mut jac = vec![0.0; n * n];
    let mut work = ChunkedJacobian::<8, f64>::new();
    work.jacobian_slice_into(broyden, &x, &mut values, &mut jac)
        .unwrap();
    let first = jac.clone();
    for _ in 0..3 {
        let count = allocations_in(|| {
            work.jacobian_slice_into(broyden, &x, &mut values, &mut jac)
                .unwrap();
        });
        assert_eq!(count, 0, "eval_slice allocated on a repeated call");
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
        "MatrixJacobian::gradient allocated on a repeated call"
    );
    assert_eq!(g, 2.0 * x.transpose());

    // y = X 1 (row sums, D = 3): one allocation per pass, the vector f returns.
    let row_sums = |x: &DMatrix<Dual<f64, 4>>| {
        DVector::from_fn(x.nrows(), |r, _| x.row(r).iter().copied().sum())
    };
    let (mut values, mut jac) = (DVector::zeros(3), DMatrix::zeros(3, 15));
    work.jacobian_into(row_sums, &x, &mut values, &mut jac)
        .unwrap();
    let count = allocations_in(|| {
        work.jacobian_into(row_sums, &x, &mut values, &mut jac)
            .unwrap()
    });
    assert_eq!(
        count, passes,
        "MatrixJacobian::jacobian allocated beyond f's outputs"
    );
    // ∂y_d/∂X[r][c] = [d == r], at column c·3 + r
    assert_eq!(
        jac,
        DMatrix::from_fn(3, 15, |d, k| f64::from(u8::from(k % 3 == d)))
    );
}
