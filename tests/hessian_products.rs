//! Hessian-vector products, second directional derivatives and the chunked Hessian
//! workspace, against hand Hessians (`common::fixtures::Smooth`, random smooth functions
//! with their Hessians written out) and the symmetric `hessian2`.

mod common;

use common::Rng;
use common::fixtures::Smooth;
use dualnum::{ChunkedHessian, Dual, JacobianError, hessian2, hvp, second_directional_derivative};
use nalgebra::{DMatrix, SVector};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn hvp_is_the_hand_hessian_times_v() {
    let mut rng = Rng(11);
    for _ in 0..30 {
        let f = Smooth::random(5, &mut rng);
        let x = SVector::<f64, 5>::from_fn(|_, _| rng.range(-1.5, 1.5));
        let v = SVector::<f64, 5>::from_fn(|_, _| rng.range(-1.0, 1.0));
        let (value, g, hv) = hvp(|x| f.eval(x.as_slice()), &x, &v);
        let (hg, hh) = (f.grad(x.as_slice()), f.hess(x.as_slice()));
        assert!(close(value, f.eval(x.as_slice())));
        for i in 0..5 {
            assert!(close(g[i], hg[i]), "gradient {i}");
            let expected: f64 = (0..5).map(|j| hh[i][j] * v[j]).sum();
            assert!(close(hv[i], expected), "(H v)[{i}] {} vs {expected}", hv[i]);
        }
    }
}

#[test]
fn second_directional_derivative_is_v_h_w() {
    let mut rng = Rng(12);
    for _ in 0..30 {
        let f = Smooth::random(4, &mut rng);
        let x = SVector::<f64, 4>::from_fn(|_, _| rng.range(-1.5, 1.5));
        let v = SVector::<f64, 4>::from_fn(|_, _| rng.range(-1.0, 1.0));
        let w = SVector::<f64, 4>::from_fn(|_, _| rng.range(-1.0, 1.0));
        let (value, d2) = second_directional_derivative(|x| f.eval(x.as_slice()), &x, &v, &w);
        let hh = f.hess(x.as_slice());
        let expected: f64 = (0..4)
            .map(|i| (0..4).map(|j| v[i] * hh[i][j] * w[j]).sum::<f64>())
            .sum();
        assert!(close(value, f.eval(x.as_slice())));
        assert!(close(d2, expected), "vᵀHw {d2} vs {expected}");
        // the same from the full symmetric Hessian
        let (_, _, h) = hessian2::<10, _, _>(|x| f.eval(x.as_slice()), &x);
        assert!(close(d2, v.dot(&(h * w))));
    }
}

/// hvp at N = 100 on a chained function: against the tridiagonal hand Hessian.
#[test]
fn hvp_at_n_100_matches_the_tridiagonal_hand_hessian() {
    const N: usize = 100;
    fn f<S: dualnum::Real>(x: &SVector<S, N>) -> S {
        let mut s = S::zero();
        for i in 0..N - 1 {
            s = s + x[i] * x[i] * x[i + 1] + x[i].sin();
        }
        s
    }
    let x = SVector::<f64, N>::from_fn(|i, _| (i as f64 * 0.3).cos());
    let v = SVector::<f64, N>::from_fn(|i, _| (i as f64 * 0.7).sin());
    let (_, _, hv) = hvp(f, &x, &v);
    let mut h = DMatrix::<f64>::zeros(N, N);
    for i in 0..N - 1 {
        h[(i, i)] += 2.0 * x[i + 1] - x[i].sin();
        h[(i, i + 1)] += 2.0 * x[i];
        h[(i + 1, i)] += 2.0 * x[i];
    }
    let expected = &h * nalgebra::DVector::from_column_slice(v.as_slice());
    for i in 0..N {
        assert!(close(hv[i], expected[i]), "(H v)[{i}]");
    }
}

fn chunked_matches_hand<const W: usize>(n: usize, seed: u64) {
    let mut rng = Rng(seed);
    let f = Smooth::random(n.max(1), &mut rng);
    let x = rng.vec(n, -1.5, 1.5);
    let mut work = ChunkedHessian::<W, f64>::new();
    let (mut g, mut h) = (vec![0.0; n], DMatrix::zeros(n, n));
    let mut calls = 0;
    let value = work
        .hessian_into(
            |x: &[Dual<Dual<f64, W>, W>]| {
                calls += 1;
                f.eval(x)
            },
            &x,
            Some(&mut g),
            &mut h,
        )
        .unwrap();
    assert_eq!(calls, ChunkedHessian::<W, f64>::passes(n));
    assert!(close(value, f.eval(&x)));
    let (hg, hh) = (f.grad(&x), f.hess(&x));
    for i in 0..n {
        assert!(close(g[i], hg[i]), "n = {n}, W = {W}: gradient {i}");
        for j in 0..n {
            assert!(close(h[(i, j)], hh[i][j]), "n = {n}, W = {W}: H[{i}][{j}]");
            assert_eq!(
                h[(i, j)].to_bits(),
                h[(j, i)].to_bits(),
                "exactly symmetric"
            );
        }
    }
    // reuse: a second call at another point gives that point's Hessian
    let x2: Vec<f64> = x.iter().map(|v| v * 0.5 + 0.1).collect();
    // ... and without the gradient, the same Hessian
    let mut h_only = DMatrix::from_element(n, n, f64::NAN);
    let value2 = work
        .hessian_into(
            |x: &[Dual<Dual<f64, W>, W>]| f.eval(x),
            &x2,
            None,
            &mut h_only,
        )
        .unwrap();
    assert!(close(value2, f.eval(&x2)));
    work.hessian_into(
        |x: &[Dual<Dual<f64, W>, W>]| f.eval(x),
        &x2,
        Some(&mut g),
        &mut h,
    )
    .unwrap();
    assert_eq!(h_only, h, "the same Hessian with and without the gradient");
    let hh2 = f.hess(&x2);
    for i in 0..n {
        for j in 0..n {
            assert!(close(h[(i, j)], hh2[i][j]));
        }
    }
}

#[test]
fn chunked_hessian_matches_the_hand_hessian_for_every_block_layout() {
    for n in [1, 2, 3, 5, 8, 11] {
        chunked_matches_hand::<1>(n, n as u64);
        chunked_matches_hand::<3>(n, 100 + n as u64);
        chunked_matches_hand::<4>(n, 200 + n as u64);
    }
    assert_eq!(ChunkedHessian::<4, f64>::passes(11), 6);
    assert_eq!(ChunkedHessian::<4, f64>::passes(0), 1);
}

#[test]
fn chunked_hessian_reports_wrong_buffers() {
    let mut work = ChunkedHessian::<2, f64>::new();
    let f = |x: &[Dual<Dual<f64, 2>, 2>]| x[0] * x[1];
    let x = [1.0, 2.0, 3.0];
    let mut h = DMatrix::zeros(3, 3);
    assert_eq!(
        work.hessian_into(f, &x, Some(&mut [0.0; 2]), &mut h),
        Err(JacobianError::BufferSize {
            buffer: "gradient",
            expected: 3,
            found: 2
        })
    );
    let mut wrong = DMatrix::zeros(3, 2);
    assert_eq!(
        work.hessian_into(f, &x, Some(&mut [0.0; 3]), &mut wrong),
        Err(JacobianError::BufferShape {
            buffer: "hessian",
            expected: (3, 3),
            found: (3, 2)
        })
    );
    // no inputs: the value only
    let mut empty = DMatrix::zeros(0, 0);
    let v = work
        .hessian_into(
            |_| Dual::constant(Dual::constant(7.0)),
            &[],
            Some(&mut []),
            &mut empty,
        )
        .unwrap();
    assert_eq!(v, 7.0);
}
