//! Review of the derivative helpers and their shapes (derivative.rs, jacobian.rs,
//! hessian.rs, chunked.rs, error.rs, matrix.rs, tensor.rs) and of the lecture notes' worked
//! examples, against independent oracles only:
//!
//! - hand-derived derivatives of random smooth functions (sums of products, `sin·exp`
//!   products, `ln(1 + x²)`), whose gradient and Hessian are written out below term by term;
//! - central finite differences, step `h = 1e-5 (1 + |x|)`: truncation `~h² |f'''|/6` and
//!   rounding `~1e-16 |f| / h` are both below `1e-8` for these O(1)-scaled functions, so the
//!   tolerance is `FD_TOL (1 + |expected|)` with `FD_TOL = 1e-6`;
//! - the `f64` function itself for values (bit for bit, NaN for NaN);
//! - the definitions of the layouts and vectorization orders, written with my own index
//!   arithmetic, never through the crate's conversion functions.
//!
//! Hand formulas and duals perform a handful of correctly rounded operations each, so they
//! are compared with `HAND_TOL (1 + |expected|)`, `HAND_TOL = 1e-12`.

use std::collections::BTreeSet;

use dualnum::tensor::{Layout, Tensor3, VecOrder, reorder_jacobian};
use dualnum::{
    ChunkedJacobian, Dual, JacobianError, Real, derivative, derivative_matrix, derivative_vector,
    directional_derivative, elementwise_derivative, elementwise_derivative_dmatrix, gradient,
    gradient_wrt_dmatrix_chunked, gradient_wrt_matrix, hessian, jacobian, jacobian_chunked,
    jacobian_matrix_wrt_matrix, jacobian_wrt_dmatrix_chunked, jacobian_wrt_matrix, jvp,
    seed_matrix,
};
use nalgebra::{
    DMatrix, DVector, Matrix2, Matrix2x3, Matrix3x4, RowSVector, SMatrix, SVector, Vector2,
    Vector3, Vector4, dmatrix,
};

mod common;
use common::Rng;

const HAND_TOL: f64 = 1e-12;
const FD_TOL: f64 = 1e-6;

// ----- a family of random smooth scalar functions of n variables, with hand derivatives ---

/// `f(x) = c0 + Σ a x_p x_q + Σ b sin(c x_r) exp(d x_s) + Σ e ln(1 + x_t²)`.
#[derive(Clone, Debug)]
struct Smooth {
    c0: f64,
    products: Vec<(f64, usize, usize)>,
    waves: Vec<(f64, f64, f64, usize, usize)>,
    logs: Vec<(f64, usize)>,
}

impl Smooth {
    fn random(n: usize, rng: &mut Rng) -> Self {
        assert!(n > 0);
        let k = 1 + rng.below(3);
        Smooth {
            c0: rng.range(-1.0, 1.0),
            products: (0..k + 1)
                .map(|_| (rng.range(-2.0, 2.0), rng.below(n), rng.below(n)))
                .collect(),
            waves: (0..k)
                .map(|_| {
                    (
                        rng.range(-2.0, 2.0),
                        rng.range(-1.5, 1.5),
                        rng.range(-1.0, 1.0),
                        rng.below(n),
                        rng.below(n),
                    )
                })
                .collect(),
            logs: (0..k)
                .map(|_| (rng.range(-2.0, 2.0), rng.below(n)))
                .collect(),
        }
    }

    /// The function, generic: the same operations in the same order for f64 and duals.
    fn eval<T: Real>(&self, x: &[T]) -> T {
        let mut s = T::literal(self.c0);
        for &(a, p, q) in &self.products {
            s = s + T::literal(a) * x[p] * x[q];
        }
        for &(b, c, d, r, t) in &self.waves {
            s = s + T::literal(b) * (T::literal(c) * x[r]).sin() * (T::literal(d) * x[t]).exp();
        }
        for &(e, t) in &self.logs {
            s = s + T::literal(e) * (T::one() + x[t] * x[t]).ln();
        }
        s
    }

    /// The gradient, derived by hand term by term.
    fn grad(&self, x: &[f64]) -> Vec<f64> {
        let mut g = vec![0.0; x.len()];
        for &(a, p, q) in &self.products {
            g[p] += a * x[q];
            g[q] += a * x[p];
        }
        for &(b, c, d, r, t) in &self.waves {
            let (sn, cs, ex) = ((c * x[r]).sin(), (c * x[r]).cos(), (d * x[t]).exp());
            g[r] += b * c * cs * ex;
            g[t] += b * d * sn * ex;
        }
        for &(e, t) in &self.logs {
            g[t] += e * 2.0 * x[t] / (1.0 + x[t] * x[t]);
        }
        g
    }

    /// The Hessian, derived by hand term by term.
    fn hess(&self, x: &[f64]) -> Vec<Vec<f64>> {
        let n = x.len();
        let mut h = vec![vec![0.0; n]; n];
        for &(a, p, q) in &self.products {
            h[p][q] += a;
            h[q][p] += a;
        }
        for &(b, c, d, r, t) in &self.waves {
            let (sn, cs, ex) = ((c * x[r]).sin(), (c * x[r]).cos(), (d * x[t]).exp());
            h[r][r] += -b * c * c * sn * ex;
            h[t][t] += b * d * d * sn * ex;
            h[r][t] += b * c * d * cs * ex;
            h[t][r] += b * c * d * cs * ex;
        }
        for &(e, t) in &self.logs {
            let s = 1.0 + x[t] * x[t];
            h[t][t] += e * 2.0 * (1.0 - x[t] * x[t]) / (s * s);
        }
        h
    }
}

/// `m` random smooth functions of `n` variables.
#[derive(Clone, Debug)]
struct VecFn(Vec<Smooth>);

impl VecFn {
    fn random(m: usize, n: usize, rng: &mut Rng) -> Self {
        VecFn((0..m).map(|_| Smooth::random(n.max(1), rng)).collect())
    }
    fn eval<T: Real>(&self, x: &[T]) -> Vec<T> {
        self.0.iter().map(|f| f.eval(x)).collect()
    }
    /// The hand Jacobian, m x n.
    fn jac(&self, x: &[f64]) -> DMatrix<f64> {
        let mut j = DMatrix::zeros(self.0.len(), x.len());
        for (i, f) in self.0.iter().enumerate() {
            for (k, g) in f.grad(x).into_iter().enumerate() {
                j[(i, k)] = g;
            }
        }
        j
    }
}

// ----- oracles ----------------------------------------------------------------------------

fn step(x: f64) -> f64 {
    1e-5 * (1.0 + x.abs())
}

/// Central-difference Jacobian of `f: R^n -> R^m`.
fn fd_jac(f: impl Fn(&[f64]) -> Vec<f64>, x: &[f64], m: usize) -> DMatrix<f64> {
    let mut j = DMatrix::zeros(m, x.len());
    for k in 0..x.len() {
        let h = step(x[k]);
        let (mut p, mut q) = (x.to_vec(), x.to_vec());
        p[k] += h;
        q[k] -= h;
        let (fp, fq) = (f(&p), f(&q));
        for i in 0..m {
            j[(i, k)] = (fp[i] - fq[i]) / (2.0 * h);
        }
    }
    j
}

fn close(got: f64, expected: f64, tol: f64) -> bool {
    (got - expected).abs() <= tol * (1.0 + expected.abs())
}

#[track_caller]
fn assert_close(what: &str, got: f64, expected: f64, tol: f64) {
    assert!(
        close(got, expected, tol),
        "{what}: got {got:e}, expected {expected:e} (tolerance {tol:e} relative)"
    );
}

#[track_caller]
fn assert_mat_close(what: &str, got: &DMatrix<f64>, expected: &DMatrix<f64>, tol: f64) {
    assert_eq!(got.shape(), expected.shape(), "{what}: shape");
    for i in 0..got.nrows() {
        for j in 0..got.ncols() {
            assert_close(
                &format!("{what} ({i}, {j})"),
                got[(i, j)],
                expected[(i, j)],
                tol,
            );
        }
    }
}

/// Bit-for-bit equality of a value with the f64 function's (NaN for NaN).
#[track_caller]
fn assert_same_value(what: &str, got: f64, expected: f64) {
    assert!(
        got.to_bits() == expected.to_bits() || (got.is_nan() && expected.is_nan()),
        "{what}: value {got:e} differs from the f64 function's {expected:e}"
    );
}

fn dm<const R: usize, const C: usize>(m: &SMatrix<f64, R, C>) -> DMatrix<f64> {
    DMatrix::from_fn(R, C, |i, j| m[(i, j)])
}

// =========================================================================================
// 1. Every helper on random smooth functions, vs hand derivatives and finite differences
// =========================================================================================

#[test]
fn derivative_matches_hand_and_fd() {
    let mut rng = Rng(1);
    for _ in 0..40 {
        let f = Smooth::random(1, &mut rng);
        let x = rng.range(-1.5, 1.5);
        let (y, dy) = derivative(|t| f.eval(&[t]), x);
        assert_same_value("derivative value", y, f.eval(&[x]));
        assert_close("derivative vs hand", dy, f.grad(&[x])[0], HAND_TOL);
        let h = step(x);
        let fd = (f.eval(&[x + h]) - f.eval(&[x - h])) / (2.0 * h);
        assert_close("derivative vs fd", dy, fd, FD_TOL);
        // Nested: the derivative of the derivative is the hand second derivative.
        let (d1, d2) = derivative(|t| derivative(|s| f.eval(&[s]), t).1, x);
        assert_close("nested first", d1, f.grad(&[x])[0], HAND_TOL);
        assert_close("nested second", d2, f.hess(&[x])[0][0], HAND_TOL);
    }
}

#[test]
fn derivative_vector_and_matrix_match_hand_and_fd() {
    let mut rng = Rng(2);
    for _ in 0..20 {
        let fs: Vec<Smooth> = (0..6).map(|_| Smooth::random(1, &mut rng)).collect();
        let x = rng.range(-1.5, 1.5);
        let h = step(x);

        let (y, d) = derivative_vector(
            |t: Dual<f64, 1>| Vector4::from_fn(|i, _| fs[i].eval(&[t])),
            x,
        );
        for i in 0..4 {
            assert_same_value("derivative_vector value", y[i], fs[i].eval(&[x]));
            assert_close(
                "derivative_vector hand",
                d[i],
                fs[i].grad(&[x])[0],
                HAND_TOL,
            );
            let fd = (fs[i].eval(&[x + h]) - fs[i].eval(&[x - h])) / (2.0 * h);
            assert_close("derivative_vector fd", d[i], fd, FD_TOL);
        }

        // A 2 x 3 output: entry (r, c) is function number 3r + c (my row-major numbering).
        let (y, d) = derivative_matrix(
            |t: Dual<f64, 1>| Matrix2x3::from_fn(|r, c| fs[3 * r + c].eval(&[t])),
            x,
        );
        for r in 0..2 {
            for c in 0..3 {
                let f = &fs[3 * r + c];
                assert_same_value("derivative_matrix value", y[(r, c)], f.eval(&[x]));
                assert_close(
                    "derivative_matrix hand",
                    d[(r, c)],
                    f.grad(&[x])[0],
                    HAND_TOL,
                );
                let fd = (f.eval(&[x + h]) - f.eval(&[x - h])) / (2.0 * h);
                assert_close("derivative_matrix fd", d[(r, c)], fd, FD_TOL);
            }
        }
    }
}

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
        let fd = fd_jac(|p| vec![f.eval(p)], &x, 1);
        for j in 0..N {
            assert_close("gradient vs hand", g[j], hand[j], HAND_TOL);
            assert_close("gradient vs fd", g[j], fd[(0, j)], FD_TOL);
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
        assert_mat_close("jacobian vs hand", &dm(&j), &f.jac(&x), HAND_TOL);
        assert_mat_close(
            "jacobian vs fd",
            &dm(&j),
            &fd_jac(|p| f.eval(p), &x, M),
            FD_TOL,
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

fn hessian_case<const N: usize>(rng: &mut Rng) {
    for _ in 0..8 {
        let f = Smooth::random(N, rng);
        let x = rng.vec(N, -1.5, 1.5);
        let (y, g, h) = hessian(
            |xd| f.eval(xd.as_slice()),
            &SVector::<f64, N>::from_column_slice(&x),
        );
        assert_same_value("hessian value", y, f.eval(&x));
        let hand_g = f.grad(&x);
        let hand_h = f.hess(&x);
        // FD of the hand gradient: column k is (∇f(x + h e_k) - ∇f(x - h e_k)) / 2h.
        let fd = fd_jac(|p| f.grad(p), &x, N);
        for i in 0..N {
            assert_close("hessian's gradient vs hand", g[i], hand_g[i], HAND_TOL);
            for k in 0..N {
                assert_eq!(
                    h[(i, k)].to_bits(),
                    h[(k, i)].to_bits(),
                    "exactly symmetric"
                );
                assert_close("hessian vs hand", h[(i, k)], hand_h[i][k], HAND_TOL);
                assert_close("hessian vs fd of gradient", h[(i, k)], fd[(i, k)], FD_TOL);
            }
        }
    }
}

#[test]
fn hessian_is_symmetric_matching_hand_and_fd_of_gradient() {
    let mut rng = Rng(5);
    hessian_case::<1>(&mut rng);
    hessian_case::<2>(&mut rng);
    hessian_case::<4>(&mut rng);
    hessian_case::<6>(&mut rng);
}

fn directional_case<const M: usize, const N: usize>(rng: &mut Rng) {
    for _ in 0..8 {
        let f = VecFn::random(M, N, rng);
        let x = rng.vec(N, -1.5, 1.5);
        let v = rng.vec(N, -2.0, 2.0);
        let (xs, vs) = (
            SVector::<f64, N>::from_column_slice(&x),
            SVector::<f64, N>::from_column_slice(&v),
        );
        let hand = f.jac(&x) * DVector::from_column_slice(&v);
        // FD along v: (f(x + h v) - f(x - h v)) / 2h.
        let h = 1e-5;
        let shifted = |s: f64| -> Vec<f64> {
            let p: Vec<f64> = x.iter().zip(&v).map(|(a, b)| a + s * b).collect();
            f.eval(&p)
        };
        let (fp, fq) = (shifted(h), shifted(-h));
        let values = f.eval(&x);

        let (y, d) = directional_derivative(|xd| f.0[0].eval(xd.as_slice()), &xs, &vs);
        assert_same_value("directional value", y, values[0]);
        assert_close("directional vs hand", d, hand[0], HAND_TOL);
        assert_close("directional vs fd", d, (fp[0] - fq[0]) / (2.0 * h), FD_TOL);

        let (y, jv) = jvp(
            |xd| SVector::<_, M>::from_vec(f.eval(xd.as_slice())),
            &xs,
            &vs,
        );
        for i in 0..M {
            assert_same_value("jvp value", y[i], values[i]);
            assert_close("jvp vs hand", jv[i], hand[i], HAND_TOL);
            assert_close("jvp vs fd", jv[i], (fp[i] - fq[i]) / (2.0 * h), FD_TOL);
        }
    }
}

#[test]
fn directional_derivative_and_jvp_match_hand_and_fd() {
    let mut rng = Rng(6);
    directional_case::<1, 1>(&mut rng);
    directional_case::<3, 2>(&mut rng);
    directional_case::<2, 5>(&mut rng);
    directional_case::<6, 4>(&mut rng);
}

// ----- chunked ----------------------------------------------------------------------------

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
            let fd = fd_jac(|p| f.eval(p), &x, m);
            let values_f64 = f.eval(&x);
            let passes = n.div_ceil(C);
            assert_eq!(ChunkedJacobian::<C, f64>::passes(n), passes);
            let what = format!("C = {C}, n = {n}, m = {m}");

            // eval_slice: column-major, entry (i, j) at j m + i.
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
            assert_eq!(calls, passes, "{what}: eval_slice passes");
            for i in 0..m {
                assert_same_value(&what, values[i], values_f64[i]);
            }
            let jac_m = DMatrix::from_fn(m, n, |i, j| jac[j * m + i]);
            assert_mat_close(
                &format!("{what} eval_slice vs hand"),
                &jac_m,
                &hand,
                HAND_TOL,
            );
            assert_mat_close(&format!("{what} eval_slice vs fd"), &jac_m, &fd, FD_TOL);

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
            assert_mat_close(&format!("{what} eval vs hand"), &jac, &hand, HAND_TOL);
            assert_mat_close(&format!("{what} eval vs fd"), &jac, &fd, FD_TOL);

            // jacobian_chunked.
            let (values, jac) =
                jacobian_chunked::<C, _>(|xs| DVector::from_vec(f.eval(xs.as_slice())), &xv)
                    .unwrap();
            assert_eq!(jac.shape(), (m, n));
            for i in 0..m {
                assert_same_value(&what, values[i], values_f64[i]);
            }
            assert_mat_close(
                &format!("{what} jacobian_chunked vs hand"),
                &jac,
                &hand,
                HAND_TOL,
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

/// The slice form resets the outputs before each pass: a function that accumulates into
/// its outputs (`y += ...`) or writes only some of them sees zeros.
#[test]
fn eval_slice_resets_outputs_between_passes() {
    let x = [1.0, 2.0, 3.0, 4.0, 5.0];
    let mut work = ChunkedJacobian::<2, f64>::new();
    let (mut values, mut jac) = ([0.0; 3], [0.0; 15]);
    // y0 += x0 x4 (reads its output: zero at each pass), y1 = x2², y2 never written.
    work.jacobian_slice_into(
        |xs, ys| {
            ys[0] += xs[0] * xs[4];
            ys[1] = xs[2] * xs[2];
        },
        &x,
        &mut values,
        &mut jac,
    )
    .unwrap();
    assert_eq!(values, [5.0, 9.0, 0.0]);
    let expected = DMatrix::from_row_slice(
        3,
        5,
        &[
            5.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 6.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
        ],
    );
    assert_eq!(DMatrix::from_column_slice(3, 5, &jac), expected);
}

// =========================================================================================
// 2. Dynamic sizes: errors, a changing output length, n = 0 and m = 0
// =========================================================================================

#[test]
fn eval_slice_rejects_a_wrong_jacobian_buffer_without_evaluating() {
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
fn eval_rejects_wrong_nalgebra_buffers() {
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

/// With no outputs, `eval` must still reject a Jacobian buffer that is not `0 x n`
/// (documented: "`jacobian` is not `m x n`" is an error).
#[test]
fn eval_rejects_a_wrong_width_buffer_when_there_are_no_outputs() {
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

#[test]
#[should_panic(expected = "an elementwise map keeps the shape")]
fn elementwise_dmatrix_shape_change_panics_clearly() {
    let x = DMatrix::from_element(2, 3, 1.0);
    let _ = elementwise_derivative_dmatrix(|x| x.transpose(), &x);
}

#[test]
#[should_panic(expected = "it needs 6 columns")]
fn reorder_jacobian_wrong_width_panics_clearly() {
    let _ = reorder_jacobian(
        &DMatrix::<f64>::zeros(2, 5),
        (2, 3),
        VecOrder::RowMajor,
        VecOrder::ColumnMajor,
    );
}

#[test]
#[should_panic(expected = "it needs 4 columns")]
fn from_jacobian_wrong_width_panics_clearly() {
    let _ = Tensor3::from_jacobian(
        &DMatrix::<f64>::zeros(2, 6),
        (2, 2),
        VecOrder::RowMajor,
        Layout::Denominator,
    );
}

// =========================================================================================
// 3. Matrix inputs, for non-square shapes
// =========================================================================================

/// A random `f: R^(R x C) -> R^k`; `f.0[d]` reads X through my own row-major numbering
/// `xs[r C + c] = X[r][c]`, so the hand Jacobian's column `r C + c` is `∂/∂X[r][c]`.
fn row_major_entries<T: Copy, const R: usize, const C: usize>(x: &SMatrix<T, R, C>) -> Vec<T> {
    let mut v = Vec::with_capacity(R * C);
    for r in 0..R {
        for c in 0..C {
            v.push(x[(r, c)]);
        }
    }
    v
}

fn d_row_major<T: nalgebra::Scalar + Copy>(x: &DMatrix<T>) -> Vec<T> {
    let mut v = Vec::new();
    for r in 0..x.nrows() {
        for c in 0..x.ncols() {
            v.push(x[(r, c)]);
        }
    }
    v
}

/// FD of `f` over entry `X[r][c]`.
fn fd_entry(
    f: impl Fn(&DMatrix<f64>) -> Vec<f64>,
    x: &DMatrix<f64>,
    r: usize,
    c: usize,
) -> Vec<f64> {
    let h = step(x[(r, c)]);
    let (mut p, mut q) = (x.clone(), x.clone());
    p[(r, c)] += h;
    q[(r, c)] -= h;
    f(&p)
        .iter()
        .zip(f(&q))
        .map(|(a, b)| (a - b) / (2.0 * h))
        .collect()
}

fn matrix_case<const R: usize, const C: usize, const W: usize>(rng: &mut Rng) {
    for _ in 0..5 {
        let x = SMatrix::<f64, R, C>::from_fn(|_, _| rng.range(-1.5, 1.5));
        let xd = dm(&x);
        let xs = row_major_entries(&x);
        let what = format!("{R} x {C}");

        // seed_matrix: entry (r, c) has tangent e_(c R + r).
        let seeded = seed_matrix::<W, f64, R, C>(&x);
        for r in 0..R {
            for c in 0..C {
                assert_eq!(seeded[(r, c)].re.to_bits(), x[(r, c)].to_bits());
                for k in 0..W {
                    let expected = if k == c * R + r { 1.0 } else { 0.0 };
                    assert_eq!(
                        seeded[(r, c)].eps[k],
                        expected,
                        "{what}: seed ({r}, {c}) component {k}"
                    );
                }
            }
        }

        // Scalar of a matrix: numerator C x R, entry (i, j) = ∂y/∂X[j][i].
        let f = Smooth::random(R * C, rng);
        let (y, g) = gradient_wrt_matrix::<W, _, R, C>(|xd| f.eval(&row_major_entries(xd)), &x);
        let g: SMatrix<f64, C, R> = g;
        assert_same_value(&what, y, f.eval(&xs));
        let hand = f.grad(&xs);
        for i in 0..C {
            for j in 0..R {
                // ∂y/∂X[j][i] is my column j C + i.
                assert_close(
                    &format!("{what} gradient_wrt_matrix ({i}, {j}) hand"),
                    g[(i, j)],
                    hand[j * C + i],
                    HAND_TOL,
                );
                let fd = fd_entry(|p| vec![f.eval(&d_row_major(p))], &xd, j, i)[0];
                assert_close(
                    &format!("{what} gradient_wrt_matrix ({i}, {j}) fd"),
                    g[(i, j)],
                    fd,
                    FD_TOL,
                );
            }
        }
        for ch in [1, 2, 4, 7] {
            let (y, gd) = match ch {
                1 => gradient_wrt_dmatrix_chunked::<1, _>(|m| f.eval(&d_row_major(m)), &xd),
                2 => gradient_wrt_dmatrix_chunked::<2, _>(|m| f.eval(&d_row_major(m)), &xd),
                4 => gradient_wrt_dmatrix_chunked::<4, _>(|m| f.eval(&d_row_major(m)), &xd),
                _ => gradient_wrt_dmatrix_chunked::<7, _>(|m| f.eval(&d_row_major(m)), &xd),
            };
            assert_same_value(&what, y, f.eval(&xs));
            assert_eq!(gd.shape(), (C, R), "{what}: chunked gradient shape");
            for i in 0..C {
                for j in 0..R {
                    assert_close(
                        &format!("{what} CH={ch} gradient ({i}, {j})"),
                        gd[(i, j)],
                        hand[j * C + i],
                        HAND_TOL,
                    );
                }
            }
        }

        // Vector of a matrix: D x RC, column c R + r = ∂y/∂X[r][c].
        const D: usize = 3;
        let fv = VecFn::random(D, R * C, rng);
        let (y, j) = jacobian_wrt_matrix::<W, _, R, C, D>(
            |xd| SVector::<_, D>::from_vec(fv.eval(&row_major_entries(xd))),
            &x,
        );
        let j: SMatrix<f64, D, W> = j;
        let vals = fv.eval(&xs);
        let hand = fv.jac(&xs);
        for d in 0..D {
            assert_same_value(&what, y[d], vals[d]);
        }
        for r in 0..R {
            for c in 0..C {
                let fd = fd_entry(|p| fv.eval(&d_row_major(p)), &xd, r, c);
                for d in 0..D {
                    assert_close(
                        &format!("{what} jacobian_wrt_matrix ({d}, X[{r}][{c}]) hand"),
                        j[(d, c * R + r)],
                        hand[(d, r * C + c)],
                        HAND_TOL,
                    );
                    assert_close(
                        &format!("{what} jacobian_wrt_matrix ({d}, X[{r}][{c}]) fd"),
                        j[(d, c * R + r)],
                        fd[d],
                        FD_TOL,
                    );
                }
            }
        }
        for ch in [1, 3, 8] {
            fn on<const K: usize>(fv: &VecFn, m: &DMatrix<Dual<f64, K>>) -> DVector<Dual<f64, K>> {
                DVector::from_vec(fv.eval(&d_row_major(m)))
            }
            let (y, jd) = match ch {
                1 => jacobian_wrt_dmatrix_chunked::<1, _>(|m| on(&fv, m), &xd),
                3 => jacobian_wrt_dmatrix_chunked::<3, _>(|m| on(&fv, m), &xd),
                _ => jacobian_wrt_dmatrix_chunked::<8, _>(|m| on(&fv, m), &xd),
            }
            .unwrap();
            assert_eq!(jd.shape(), (D, R * C));
            for d in 0..D {
                assert_same_value(&what, y[d], vals[d]);
                for r in 0..R {
                    for c in 0..C {
                        assert_close(
                            &format!("{what} CH={ch} jacobian ({d}, X[{r}][{c}])"),
                            jd[(d, c * R + r)],
                            hand[(d, r * C + c)],
                            HAND_TOL,
                        );
                    }
                }
            }
        }

        // Matrix of a matrix, Y 2 x 2: Y[p][q] is my function number 2p + q; the crate's
        // row is q P + p, its column c R + r.
        let fm = VecFn::random(4, R * C, rng);
        let (ym, jm) = jacobian_matrix_wrt_matrix::<W, 4, _, R, C, 2, 2>(
            |xd| {
                let v = fm.eval(&row_major_entries(xd));
                Matrix2::new(v[0], v[1], v[2], v[3])
            },
            &x,
        );
        let vals = fm.eval(&xs);
        let hand = fm.jac(&xs);
        for p in 0..2 {
            for q in 0..2 {
                assert_same_value(&what, ym[(p, q)], vals[2 * p + q]);
                for r in 0..R {
                    for c in 0..C {
                        let fd = fd_entry(|m| fm.eval(&d_row_major(m)), &xd, r, c);
                        let got = jm[(q * 2 + p, c * R + r)];
                        assert_close(
                            &format!("{what} Y[{p}][{q}] / X[{r}][{c}] hand"),
                            got,
                            hand[(2 * p + q, r * C + c)],
                            HAND_TOL,
                        );
                        assert_close(
                            &format!("{what} Y[{p}][{q}] / X[{r}][{c}] fd"),
                            got,
                            fd[2 * p + q],
                            FD_TOL,
                        );
                    }
                }
            }
        }

        // Elementwise: Y[r][c] = a sin(b x) + e x³ + exp(g x), its own coefficients.
        let coef: Vec<[f64; 4]> = (0..R * C)
            .map(|_| {
                [
                    rng.range(-2.0, 2.0),
                    rng.range(-2.0, 2.0),
                    rng.range(-1.0, 1.0),
                    rng.range(-1.0, 1.0),
                ]
            })
            .collect();
        fn elem<T: Real>(k: &[f64; 4], x: T) -> T {
            T::literal(k[0]) * (T::literal(k[1]) * x).sin()
                + T::literal(k[2]) * x * x * x
                + (T::literal(k[3]) * x).exp()
        }
        let g_prime = |k: &[f64; 4], x: f64| {
            k[0] * k[1] * (k[1] * x).cos() + 3.0 * k[2] * x * x + k[3] * (k[3] * x).exp()
        };
        let (y, d) = elementwise_derivative(
            |xd| SMatrix::<_, R, C>::from_fn(|r, c| elem(&coef[r * C + c], xd[(r, c)])),
            &x,
        );
        let (yd, dd) = elementwise_derivative_dmatrix(
            |xd| DMatrix::from_fn(R, C, |r, c| elem(&coef[r * C + c], xd[(r, c)])),
            &xd,
        );
        for r in 0..R {
            for c in 0..C {
                let k = &coef[r * C + c];
                let e = x[(r, c)];
                let h = step(e);
                let fd = (elem(k, e + h) - elem(k, e - h)) / (2.0 * h);
                assert_same_value(&what, y[(r, c)], elem(k, e));
                assert_same_value(&what, yd[(r, c)], elem(k, e));
                assert_close("elementwise hand", d[(r, c)], g_prime(k, e), HAND_TOL);
                assert_close("elementwise fd", d[(r, c)], fd, FD_TOL);
                assert_close(
                    "elementwise dmatrix hand",
                    dd[(r, c)],
                    g_prime(k, e),
                    HAND_TOL,
                );
            }
        }
    }
}

#[test]
fn matrix_input_helpers_match_hand_and_fd_for_non_square_shapes() {
    let mut rng = Rng(8);
    matrix_case::<2, 3, 6>(&mut rng);
    matrix_case::<3, 1, 3>(&mut rng);
    matrix_case::<1, 4, 4>(&mut rng);
    matrix_case::<3, 2, 6>(&mut rng);
}

// ----- Tensor3 against the definitions ----------------------------------------------------

/// A code that names output `d` and input entry `X[r][c]`.
fn code(d: usize, r: usize, c: usize) -> f64 {
    (1000 * d + 100 * r + 10 * c + 1) as f64
}

/// The D x RC Jacobian whose entry for (output d, X[r][c]) is `code(d, r, c)`, with the
/// columns numbered in `order` by my own formula.
fn coded_jacobian(depth: usize, (rows, cols): (usize, usize), order: VecOrder) -> DMatrix<f64> {
    let mut j = DMatrix::zeros(depth, rows * cols);
    for d in 0..depth {
        for r in 0..rows {
            for c in 0..cols {
                let k = match order {
                    VecOrder::RowMajor => r * cols + c,
                    VecOrder::ColumnMajor => c * rows + r,
                };
                j[(d, k)] = code(d, r, c);
            }
        }
    }
    j
}

#[test]
fn tensor_entries_mean_what_the_notes_define() {
    let shapes = [(2, 3), (3, 1), (1, 4), (3, 2), (4, 4), (1, 1), (5, 2)];
    let orders = [VecOrder::RowMajor, VecOrder::ColumnMajor];
    for (depth, &(rows, cols)) in [1usize, 4, 2, 3, 1, 2, 3].iter().zip(&shapes) {
        for order in orders {
            let j = coded_jacobian(*depth, (rows, cols), order);
            // Numerator: T[d][i][j] = ∂y_d / ∂X[j][i], slices shaped like Xᵀ (C x R).
            let num = Tensor3::from_jacobian(&j, (rows, cols), order, Layout::Numerator);
            assert_eq!(num.shape(), (*depth, cols, rows));
            // Denominator: T[d][i][j] = ∂y_d / ∂X[i][j], slices shaped like X.
            let den = Tensor3::from_jacobian(&j, (rows, cols), order, Layout::Denominator);
            assert_eq!(den.shape(), (*depth, rows, cols));
            for d in 0..*depth {
                for r in 0..rows {
                    for c in 0..cols {
                        assert_eq!(num[(d, c, r)], code(d, r, c), "numerator {order:?}");
                        assert_eq!(den[(d, r, c)], code(d, r, c), "denominator {order:?}");
                        assert_eq!(num.slice(d)[(c, r)], code(d, r, c));
                        assert_eq!(den.slice(d)[(r, c)], code(d, r, c));
                    }
                }
            }
            // Back to every order, compared with my own construction.
            for to in orders {
                let expected = coded_jacobian(*depth, (rows, cols), to);
                assert_eq!(num.to_jacobian(Layout::Numerator, to), expected);
                assert_eq!(den.to_jacobian(Layout::Denominator, to), expected);
                assert_eq!(reorder_jacobian(&j, (rows, cols), order, to), expected);
            }
        }
    }
}

/// The notes' 4 x 3 x 2 tensor written out entry by entry (errata 3), and the static
/// Jacobian of `jacobian_wrt_matrix` turned into it.
#[test]
fn notes_tensor_from_the_crates_static_jacobian() {
    let mut rng = Rng(9);
    for _ in 0..5 {
        let p = rng.vec(6, -2.0, 2.0);
        let [x1, x2, x3, x4, x5, x6] = [p[0], p[1], p[2], p[3], p[4], p[5]];
        let x = Matrix2x3::new(x1, x2, x3, x4, x5, x6);
        let (y, j) = jacobian_wrt_matrix::<6, _, 2, 3, 4>(notes_f, &x);
        assert_same_value("y1", y[0], x1 + x2 + x3 + x4 + x5 + x6);
        let expected_y = [x1 * x5 * x6, x2 * x4, x3 * x4 * x5];
        for d in 1..4 {
            assert_same_value("y", y[d], expected_y[d - 1]);
        }
        // Notes' slices (3 x 2), T[d][r][c] = ∂y_d/∂X[c][r].
        let slices = [
            [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]],
            [[x5 * x6, 0.0], [0.0, x1 * x6], [0.0, x1 * x5]],
            [[0.0, x2], [x4, 0.0], [0.0, 0.0]],
            [[0.0, x3 * x5], [0.0, x3 * x4], [x4 * x5, 0.0]],
        ];
        let t = Tensor3::from_jacobian(&j, (2, 3), VecOrder::ColumnMajor, Layout::Numerator);
        assert_eq!(t.shape(), (4, 3, 2));
        for d in 0..4 {
            for r in 0..3 {
                for c in 0..2 {
                    assert_close(
                        &format!("T[{d}][{r}][{c}]"),
                        t[(d, r, c)],
                        slices[d][r][c],
                        HAND_TOL,
                    );
                }
            }
        }
        // Errata 3's per-input vectors, column x_k of the notes' row-major vec(X).
        let per_input = [
            [1.0, x5 * x6, 0.0, 0.0],
            [1.0, 0.0, x4, 0.0],
            [1.0, 0.0, 0.0, x4 * x5],
            [1.0, 0.0, x2, x3 * x5],
            [1.0, x1 * x6, 0.0, x3 * x4],
            [1.0, x1 * x5, 0.0, 0.0],
        ];
        let rm = reorder_jacobian(&j, (2, 3), VecOrder::ColumnMajor, VecOrder::RowMajor);
        for (k, v) in per_input.iter().enumerate() {
            for d in 0..4 {
                assert_close(&format!("dy/dx{} [{d}]", k + 1), rm[(d, k)], v[d], HAND_TOL);
            }
        }
    }
}

fn notes_f<T: Real>(x: &SMatrix<T, 2, 3>) -> Vector4<T> {
    let [x1, x2, x3] = [x[(0, 0)], x[(0, 1)], x[(0, 2)]];
    let [x4, x5, x6] = [x[(1, 0)], x[(1, 1)], x[(1, 2)]];
    Vector4::new(
        x1 + x2 + x3 + x4 + x5 + x6,
        x1 * x5 * x6,
        x2 * x4,
        x3 * x4 * x5,
    )
}

#[test]
fn tensor_round_trips_on_random_shapes_keep_every_bit() {
    let mut rng = Rng(10);
    let specials = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.0,
        5e-324,
        f64::MAX,
    ];
    for _ in 0..200 {
        let (depth, rows, cols) = (rng.below(5), rng.below(5), rng.below(5));
        let j = DMatrix::from_fn(depth, rows * cols, |_, _| {
            if rng.below(5) == 0 {
                specials[rng.below(specials.len())]
            } else {
                rng.range(-10.0, 10.0)
            }
        });
        let bits = |m: &DMatrix<f64>| m.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        for order in [VecOrder::RowMajor, VecOrder::ColumnMajor] {
            for layout in [Layout::Numerator, Layout::Denominator] {
                let t = Tensor3::from_jacobian(&j, (rows, cols), order, layout);
                let back = t.to_jacobian(layout, order);
                assert_eq!(back.shape(), j.shape());
                assert_eq!(bits(&back), bits(&j));
                // The other layout is every slice transposed.
                let other = match layout {
                    Layout::Numerator => Layout::Denominator,
                    Layout::Denominator => Layout::Numerator,
                };
                let t2 = Tensor3::from_jacobian(&j, (rows, cols), order, other);
                let tt = t.transpose_slices();
                assert_eq!(tt.shape(), t2.shape());
                assert_eq!(
                    tt.as_slice()
                        .iter()
                        .map(|v| v.to_bits())
                        .collect::<Vec<_>>(),
                    t2.as_slice()
                        .iter()
                        .map(|v| v.to_bits())
                        .collect::<Vec<_>>()
                );
            }
            let other = match order {
                VecOrder::RowMajor => VecOrder::ColumnMajor,
                VecOrder::ColumnMajor => VecOrder::RowMajor,
            };
            let there = reorder_jacobian(&j, (rows, cols), order, other);
            assert_eq!(
                bits(&reorder_jacobian(&there, (rows, cols), other, order)),
                bits(&j)
            );
        }
    }
}

#[test]
fn tensor_display_exact_text() {
    let t = Tensor3::from_fn((2, 2, 1), |d, r, _| (2 * d + r + 1) as f64);
    assert_eq!(
        t.to_string(),
        "2 x 2 x 1 tensor (depth x rows x cols)\n[0] ⎡ 1 ⎤\n    ⎣ 2 ⎦\n[1] ⎡ 3 ⎤\n    ⎣ 4 ⎦"
    );
    // Precision on every entry; widths aligned across the tensor; 3 rows use ⎢ ⎥.
    let t = Tensor3::from_fn((1, 3, 2), |_, r, c| {
        if (r, c) == (2, 1) {
            -12.5
        } else {
            (r * 2 + c) as f64
        }
    });
    assert_eq!(
        format!("{t:.1}"),
        "1 x 3 x 2 tensor (depth x rows x cols)\n\
         [0] ⎡   0.0   1.0 ⎤\n    \
             ⎢   2.0   3.0 ⎥\n    \
             ⎣   4.0 -12.5 ⎦"
    );
    // Labels of two digits widen the label column for every slice.
    let t = Tensor3::from_fn((11, 1, 1), |d, _, _| d as i32);
    let s = t.to_string();
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 12);
    assert_eq!(lines[1], "[0]  [  0 ]");
    assert_eq!(lines[11], "[10] [ 10 ]");
    // Empty tensors print their shape only.
    assert_eq!(
        Tensor3::<f64>::from_fn((0, 2, 3), |_, _, _| 0.0).to_string(),
        "0 x 2 x 3 tensor (depth x rows x cols)"
    );
    // NaN and infinities print like f64.
    let t = Tensor3::from_fn((1, 1, 3), |_, _, c| [f64::NAN, f64::INFINITY, -0.0][c]);
    assert_eq!(
        t.to_string(),
        "1 x 1 x 3 tensor (depth x rows x cols)\n[0] [ NaN inf  -0 ]"
    );
}

// =========================================================================================
// 4. NaN and infinities: no helper panics, values follow f64
// =========================================================================================

const SPECIALS: [f64; 10] = [
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    0.0,
    -0.0,
    5e-324,
    f64::MAX,
    f64::MIN,
    1.0,
    -2.5,
];

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
    for (ia, &a) in SPECIALS.iter().enumerate() {
        for &b in SPECIALS.iter().skip(ia % 3) {
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
            assert_same_value("eval_slice", v[0], y64);

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
            let mdy = dm(&m);
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

/// A Hessian whose entries are all finite must not overflow: `f = exp(x + y)` at
/// `x + y = 709.5` has every second derivative `e^709.5 ≈ 1.35e308 < f64::MAX`.
#[test]
fn hessian_off_diagonal_does_not_overflow_when_the_entries_are_finite() {
    let s = 709.5_f64;
    let x = Vector2::new(s / 2.0, s / 2.0);
    let (y, g, h) = hessian(|v| (v[0] + v[1]).exp(), &x);
    let e = s.exp();
    assert!(e.is_finite());
    assert_same_value("value", y, e);
    assert_eq!((g[0], g[1]), (e, e));
    assert_eq!(h[(0, 0)], e);
    assert_eq!(h[(1, 1)], e);
    assert_eq!(h[(0, 1)], e, "mixed partial ∂²/∂x∂y = e^(x+y) is finite");
    assert_eq!(h[(1, 0)], e);

    // The same with a plain coefficient: f = c x y, H_01 = c.
    let c = 1.5e308;
    let (_, _, h) = hessian(|v| v[0] * v[1] * c, &Vector2::new(1.0, 1.0));
    assert_eq!(h[(0, 1)], c);
    assert_eq!(h[(1, 0)], c);
    let (_, _, h) = hessian(|v| v[0] * v[1] * -c, &Vector2::new(1.0, 1.0));
    assert_eq!(h[(0, 1)], -c);
    // Subnormal mixed partials stay exact (halving first would round 5e-324 to 0).
    let tiny = 5e-324;
    let (_, _, h) = hessian(|v| v[0] * v[1] * tiny, &Vector2::new(1.0, 1.0));
    assert_eq!(h[(0, 1)], tiny);
    // An infinite mixed partial stays infinite.
    let (_, _, h) = hessian(|v| v[0] * v[1] * f64::INFINITY, &Vector2::new(1.0, 1.0));
    assert_eq!(h[(0, 1)], f64::INFINITY);
}

// =========================================================================================
// 5. The lecture notes, every worked example, by hand
// =========================================================================================

#[test]
fn notes_scalar_of_one_variable() {
    // y = x² ln x², dy/dx = 2x ln x² + x² (1/x²) 2x = 2x (ln x² + 1).
    for x in [-3.0, -0.4, 0.05, 0.5, 1.0, 1.7, 9.0] {
        let (y, dy) = derivative(|t| t * t * (t * t).ln(), x);
        assert_same_value("x² ln x²", y, x * x * (x * x).ln());
        assert_close(
            "2x(ln x² + 1)",
            dy,
            2.0 * x * ((x * x).ln() + 1.0),
            HAND_TOL,
        );
        let h = step(x);
        let f = |t: f64| t * t * (t * t).ln();
        assert_close("fd", dy, (f(x + h) - f(x - h)) / (2.0 * h), FD_TOL);
    }
    // At 0 the f64 formula is 0 · (-inf) = NaN, and the dual's value follows it.
    let (y, _) = derivative(|t| t * t * (t * t).ln(), 0.0_f64);
    assert!(y.is_nan());
}

#[test]
fn notes_scalar_of_three_variables_errata_1() {
    let mut rng = Rng(11);
    for _ in 0..10 {
        let (x1, x2, x3) = (
            rng.range(-2.0, 2.0),
            rng.range(0.1, 3.0),
            rng.range(-1.0, 1.0),
        );
        let f = |x: &[f64]| x[0] * x[0] + x[0] * x[1].ln() + (x[1] * x[2]).exp() + 2.0 * x[2];
        let (y, g) = gradient(
            |x| x[0] * x[0] + x[0] * x[1].ln() + (x[1] * x[2]).exp() + 2.0 * x[2],
            &Vector3::new(x1, x2, x3),
        );
        assert_same_value("y", y, f(&[x1, x2, x3]));
        let e = (x2 * x3).exp();
        let hand = [2.0 * x1 + x2.ln(), x1 / x2 + x3 * e, x2 * e + 2.0];
        let fd = fd_jac(|p| vec![f(p)], &[x1, x2, x3], 1);
        assert_eq!(g.shape(), (1, 3)); // numerator layout: a row
        assert_eq!(g.transpose().shape(), (3, 1)); // "what if x is a row": 3 x 1
        for j in 0..3 {
            assert_close("hand", g[j], hand[j], HAND_TOL);
            assert_close("fd", g[j], fd[(0, j)], FD_TOL);
        }
        // The notes' own (uncorrected) last entry x e^(x2 x3) would miss the "+ 2".
        assert!((g[2] - x2 * e).abs() > 1.0);
    }
}

#[test]
fn notes_vector_of_one_variable() {
    for x in [0.1, 0.5, 1.0, 2.0, 6.0] {
        let (y, d) = derivative_vector(|t| Vector3::new(3.0 * t * t + t, t.exp(), t.ln()), x);
        assert_same_value("3x² + x", y[0], 3.0 * x * x + x);
        assert_same_value("e^x", y[1], x.exp());
        assert_same_value("ln x", y[2], x.ln());
        let hand = [6.0 * x + 1.0, x.exp(), 1.0 / x];
        for i in 0..3 {
            assert_close("hand", d[i], hand[i], HAND_TOL);
        }
    }
}

#[test]
fn notes_jacobian_errata_2() {
    let mut rng = Rng(12);
    for _ in 0..10 {
        let p = rng.vec(3, -3.0, 3.0);
        let (x1, x2, x3) = (p[0], p[1], p[2]);
        let (y, j) = jacobian(
            |x| Vector2::new(x[0] + x[1] * x[2] + x[0] * x[2], x[0] * x[0] + 2.0 * x[2]),
            &Vector3::new(x1, x2, x3),
        );
        assert_same_value("f1", y[0], x1 + x2 * x3 + x1 * x3);
        assert_same_value("f2", y[1], x1 * x1 + 2.0 * x3);
        let hand = dmatrix![1.0 + x3, x3, x2 + x1; 2.0 * x1, 0.0, 2.0];
        assert_eq!(j.shape(), (2, 3));
        assert_mat_close("J", &dm(&j), &hand, HAND_TOL);
    }
}

#[test]
fn notes_scalar_of_a_3x4_matrix_errata_4() {
    let mut rng = Rng(13);
    let x = Matrix3x4::from_fn(|_, _| rng.range(-5.0, 5.0));
    let (y, g) = gradient_wrt_matrix::<12, _, 3, 4>(|x| x.sum(), &x);
    let mut sum = 0.0;
    for r in 0..3 {
        for c in 0..4 {
            sum += x[(r, c)];
        }
    }
    assert_close("Σ x_ij", y, sum, HAND_TOL);
    assert_eq!(g.shape(), (4, 3)); // numerator: shaped like Xᵀ
    assert!(g.iter().all(|&v| v == 1.0));
    assert_eq!(g.transpose().shape(), (3, 4)); // the lecture's denominator layout
    let (_, gd) = gradient_wrt_dmatrix_chunked::<5, _>(|x| x.sum(), &dm(&x));
    assert_eq!(gd.shape(), (4, 3));
    assert!(gd.iter().all(|&v| v == 1.0));
}

#[test]
fn notes_matrix_of_one_variable() {
    for x in [-2.0, -0.3, 0.0, 0.7, 3.0] {
        let (y, d) = derivative_matrix(|t| Matrix2::new(t.cos(), t.sin(), t.exp(), t.tanh()), x);
        assert_same_value("cos", y[(0, 0)], x.cos());
        assert_same_value("sin", y[(0, 1)], x.sin());
        assert_same_value("exp", y[(1, 0)], x.exp());
        assert_same_value("tanh", y[(1, 1)], x.tanh());
        let hand = dmatrix![-x.sin(), x.cos(); x.exp(), 1.0 - x.tanh() * x.tanh()];
        assert_mat_close("d/dx", &dm(&d), &hand, HAND_TOL);
    }
}

/// The 4 x 6 vectorized Jacobian with the notes' vec(X) = [x1, ..., x6] (row by row), by
/// hand, and the same through the dynamic chunked helper.
#[test]
fn notes_flattened_jacobian_row_major() {
    let p = [1.5, -2.0, 0.5, 3.0, 2.5, -1.0];
    let [x1, x2, x3, x4, x5, x6] = p;
    let hand = dmatrix![
        1.0, 1.0, 1.0, 1.0, 1.0, 1.0;
        x5 * x6, 0.0, 0.0, 0.0, x1 * x6, x1 * x5;
        0.0, x4, 0.0, x2, 0.0, 0.0;
        0.0, 0.0, x4 * x5, x3 * x5, x3 * x4, 0.0
    ];
    let x = Matrix2x3::new(x1, x2, x3, x4, x5, x6);
    let (_, j) = jacobian_wrt_matrix::<6, _, 2, 3, 4>(notes_f, &x);
    let rm = reorder_jacobian(&j, (2, 3), VecOrder::ColumnMajor, VecOrder::RowMajor);
    assert_mat_close("row-major vec", &dm(&rm), &hand, HAND_TOL);
    assert_eq!(VecOrder::RowMajor.vectorize(&x).as_slice(), &p);
    let (_, jd) = jacobian_wrt_dmatrix_chunked::<4, _>(
        |x| {
            let s = SMatrix::<_, 2, 3>::from_fn(|r, c| x[(r, c)]);
            DVector::from_column_slice(notes_f(&s).as_slice())
        },
        &dm(&x),
    )
    .unwrap();
    let rm = reorder_jacobian(&jd, (2, 3), VecOrder::ColumnMajor, VecOrder::RowMajor);
    assert_mat_close("row-major vec (chunked)", &rm, &hand, HAND_TOL);
    // The numerator tensor read column by column is this row-major form (guide's table).
    let t = Tensor3::from_jacobian(&jd, (2, 3), VecOrder::ColumnMajor, Layout::Numerator);
    for d in 0..4 {
        let s = t.slice(d);
        let by_columns: Vec<f64> = (0..2)
            .flat_map(|c| (0..3).map(move |r| (r, c)))
            .map(|(r, c)| s[(r, c)])
            .collect();
        for k in 0..6 {
            assert_close(
                "slice read column by column",
                by_columns[k],
                hand[(d, k)],
                HAND_TOL,
            );
        }
    }
}

#[test]
fn notes_derivative_of_the_identity() {
    // f(x) = x on R³: J = I, stored as its diagonal [1, 1, 1].
    let x = Vector3::new(-1.0, 0.25, 8.0);
    let (_, j) = jacobian(|x| *x, &x);
    assert_eq!(dm(&j), DMatrix::<f64>::identity(3, 3));
    let (_, diag) = elementwise_derivative(|x| *x, &x);
    assert_eq!(diag.as_slice(), &[1.0, 1.0, 1.0]);
    // IX = X for X ∈ R^(n x n), n = 2, 3: d vec(IX)/d vec(X) = I_(n²).
    let x2 = Matrix2::new(1.0, -2.0, 0.5, 4.0);
    let (y, j) =
        jacobian_matrix_wrt_matrix::<4, 4, _, 2, 2, 2, 2>(|x| Matrix2::identity() * x, &x2);
    assert_eq!(y, x2);
    assert_eq!(dm(&j), DMatrix::<f64>::identity(4, 4));
    let x3 = SMatrix::<f64, 3, 3>::from_fn(|r, c| (r as f64) - 2.0 * c as f64);
    let (_, j) = jacobian_matrix_wrt_matrix::<9, 9, _, 3, 3, 3, 3>(
        |x| SMatrix::<_, 3, 3>::identity() * x,
        &x3,
    );
    assert_eq!(dm(&j), DMatrix::<f64>::identity(9, 9));
    let (_, diag) = elementwise_derivative_dmatrix(|x| x.clone(), &dm(&x3));
    assert!(diag.iter().all(|&v| v == 1.0));
}

/// Errata 5, with each factor of the notes' chain computed by a helper and compared with
/// its hand form: dL/dv = 1ᵀ (1 x k), dv/du = diag(cos u) (k x k), ∂u_j/∂W[i][l] = x_i δ_jl,
/// and dL/dW = xᵀ cos(u) (n x k, denominator) = its transpose (numerator).
#[test]
fn notes_backprop_chain_factor_by_factor() {
    const N: usize = 3;
    const K: usize = 2;
    let mut rng = Rng(14);
    for _ in 0..5 {
        let x = RowSVector::<f64, N>::from_fn(|_, _| rng.range(-2.0, 2.0));
        let w = SMatrix::<f64, N, K>::from_fn(|_, _| rng.range(-1.0, 1.0));
        let u: Vec<f64> = (0..K)
            .map(|j| (0..N).map(|i| x[i] * w[(i, j)]).sum())
            .collect();

        // dL/dv = 1ᵀ.
        let v = SVector::<f64, K>::from_fn(|j, _| u[j].sin());
        let (l, dl_dv) = gradient(|v| v.sum(), &v);
        assert_close("L", l, u.iter().map(|e| e.sin()).sum(), HAND_TOL);
        assert_eq!(dl_dv, RowSVector::<f64, K>::from_element(1.0));

        // dv/du = diag(cos u), k x k.
        let uv = SVector::<f64, K>::from_column_slice(&u);
        let (_, dv_du) = jacobian(|u| u.map(|e| e.sin()), &uv);
        for a in 0..K {
            for b in 0..K {
                let hand = if a == b { u[a].cos() } else { 0.0 };
                assert_close("dv/du", dv_du[(a, b)], hand, HAND_TOL);
            }
        }

        // du/dW: u = x W, column i·... via jacobian_wrt_matrix (column-major columns).
        let (_, du_dw) =
            jacobian_wrt_matrix::<6, _, N, K, K>(|wd| (x.map(Dual::constant) * wd).transpose(), &w);
        for j in 0..K {
            for i in 0..N {
                for l in 0..K {
                    let hand = if l == j { x[i] } else { 0.0 };
                    assert_eq!(du_dw[(j, l * N + i)], hand, "∂u_{j}/∂W[{i}][{l}]");
                }
            }
        }

        // dL/dW directly.
        let (_, numerator) = gradient_wrt_matrix::<6, _, N, K>(
            |wd| (x.map(Dual::constant) * wd).map(|e| e.sin()).sum(),
            &w,
        );
        assert_eq!(numerator.shape(), (K, N));
        for i in 0..N {
            for j in 0..K {
                let hand = x[i] * u[j].cos(); // outer product / Hadamard form
                assert_close("dL/dW numerator", numerator[(j, i)], hand, HAND_TOL);
                assert_close(
                    "dL/dW denominator",
                    numerator.transpose()[(i, j)],
                    hand,
                    HAND_TOL,
                );
                let h = 1e-6;
                let loss = |w: &SMatrix<f64, N, K>| (x * w).map(f64::sin).sum();
                let (mut wp, mut wq) = (w, w);
                wp[(i, j)] += h;
                wq[(i, j)] -= h;
                assert_close(
                    "dL/dW fd",
                    numerator[(j, i)],
                    (loss(&wp) - loss(&wq)) / (2.0 * h),
                    FD_TOL,
                );
            }
        }
    }
}

#[test]
fn notes_elementary_functions_and_sigmoid() {
    for x in [-4.0, -1.0, -0.2, 0.3, 1.0, 2.5] {
        let (y, d) = derivative(|t| t.sin(), x);
        assert_same_value("sin", y, x.sin());
        assert_close("sin'", d, x.cos(), HAND_TOL);
        let (y, d) = derivative(|t| t.cos(), x);
        assert_same_value("cos", y, x.cos());
        assert_close("cos'", d, -x.sin(), HAND_TOL);
        let (y, d) = derivative(|t| t.tan(), x);
        assert_same_value("tan", y, x.tan());
        assert_close("tan'", d, 1.0 + x.tan() * x.tan(), 1e-11);
        let (y, d) = derivative(|t| t.tanh(), x);
        assert_same_value("tanh", y, x.tanh());
        assert_close("tanh'", d, 1.0 - x.tanh() * x.tanh(), HAND_TOL);
        let (y, d) = derivative(|t| t.exp(), x);
        assert_same_value("exp", y, x.exp());
        assert_close("exp'", d, x.exp(), HAND_TOL);
        let (y, d) = derivative(|t| t.ln(), x.abs());
        assert_same_value("ln", y, x.abs().ln());
        assert_close("ln'", d, 1.0 / x.abs(), HAND_TOL);
        // σ' = e^-x (1 + e^-x)^-2 = σ (1 - σ), the notes' derivation.
        let (s, d) = derivative(|t| t.sigmoid(), x);
        let sig = 1.0 / (1.0 + (-x).exp());
        assert_close("σ", s, sig, 1e-15);
        assert_close("σ' = σ(1 - σ)", d, sig * (1.0 - sig), HAND_TOL);
        let e = (-x).exp();
        assert_close(
            "σ' = e^-x (1 + e^-x)^-2",
            d,
            e / ((1.0 + e) * (1.0 + e)),
            HAND_TOL,
        );
        // The same through the notes' first line: d/dx (1 + e^-x)^-1, written out.
        let (_, d2) = derivative(|t| (1.0 + (-t).exp()).powi(-1), x);
        assert_close("chain of (1 + e^-x)^-1", d2, sig * (1.0 - sig), HAND_TOL);
    }
    // The notes' list of kinds: ReLU and abs piecewise, the unit step not differentiable;
    // the documented convention at 0 is the midpoint of the one-sided slopes.
    assert_eq!(derivative(|t| t.relu(), 0.0), (0.0, 0.5));
    assert_eq!(derivative(|t| t.relu(), 2.0), (2.0, 1.0));
    assert_eq!(derivative(|t| t.relu(), -2.0), (0.0, 0.0));
    assert_eq!(derivative(|t| t.abs(), 0.0), (0.0, 0.0));
    assert_eq!(derivative(|t| t.abs(), -3.0), (3.0, -1.0));
    assert_eq!(derivative(|t| t.unit_step(), 0.0), (0.5, 0.0));
    assert_eq!(derivative(|t| t.unit_step(), 1.0), (1.0, 0.0));
}
