//! Hessians: `hessian` on random smooth functions, a quadratic-plus-trigonometric family,
//! Rosenbrock, at the edge of overflow, and which mixed partial it returns.
//!
//! Oracles: hand-derived Hessians (the fixtures' `Smooth`, and formulas written out at each
//! test), central finite differences of hand gradients, and nested duals seeded by hand.

use dualnum::{Dual, hessian};
use nalgebra::{SMatrix, SVector, Vector2};
use num_traits::Float;
use quickcheck::QuickCheck;

mod common;
use common::Rng;
use common::fixtures::Smooth;
use common::oracles::fd_jacobian;
use common::oracles_matrix::assert_same_value;
use common::tolerance::{CENTRAL_DIFFERENCE, HAND_FORMULA, assert_within};

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
        let fd = fd_jacobian(|p| f.grad(p), &x, 1e-5);
        for i in 0..N {
            assert_within("hessian's gradient vs hand", g[i], hand_g[i], HAND_FORMULA);
            for k in 0..N {
                assert_eq!(
                    h[(i, k)].to_bits(),
                    h[(k, i)].to_bits(),
                    "exactly symmetric"
                );
                assert_within("hessian vs hand", h[(i, k)], hand_h[i][k], HAND_FORMULA);
                assert_within(
                    "hessian vs fd of gradient",
                    h[(i, k)],
                    fd[(i, k)],
                    CENTRAL_DIFFERENCE,
                );
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

/// f(x) = ½ xᵀ Q x + Σ w_i sin x_i + exp(v·x), with
/// H = (Q + Qᵀ)/2 + diag(-w_i sin x_i) + exp(v·x) v vᵀ.
#[test]
fn hessian_matches_the_analytic_hessian_and_is_symmetric() {
    fn check(seed: u64) -> bool {
        let mut rng = Rng(seed);
        let q = SMatrix::<f64, 4, 4>::from_fn(|_, _| rng.uniform());
        let w = SVector::<f64, 4>::from_fn(|_, _| rng.uniform());
        let v = SVector::<f64, 4>::from_fn(|_, _| 0.5 * rng.uniform());
        let x = SVector::<f64, 4>::from_fn(|_, _| 2.0 * rng.uniform());
        let f = |xd: &SVector<Dual<Dual<f64, 4>, 4>, 4>| {
            let mut s = Dual::constant(Dual::constant(0.0));
            let mut vx = Dual::constant(Dual::constant(0.0));
            for i in 0..4 {
                for j in 0..4 {
                    s += xd[i] * xd[j] * Dual::constant(0.5 * q[(i, j)]);
                }
                s += xd[i].sin() * Dual::constant(w[i]);
                vx += xd[i] * Dual::constant(v[i]);
            }
            s + vx.exp()
        };
        let (value, grad, h) = hessian(f, &x);
        let e = v.dot(&x).exp();
        let qs = (q + q.transpose()) * 0.5;
        let expected_h = qs
            + SMatrix::<f64, 4, 4>::from_diagonal(&x.zip_map(&w, |xi, wi| -wi * xi.sin()))
            + v * v.transpose() * e;
        let expected_g = qs * x + x.zip_map(&w, |xi, wi| wi * xi.cos()) + v * e;
        let expected_value = 0.5 * (x.transpose() * q * x)[0] + w.dot(&x.map(f64::sin)) + e;
        h == h.transpose()
            && (h - expected_h).amax() < 1e-13
            && (grad.transpose() - expected_g).amax() < 1e-13
            && (value - expected_value).abs() < 1e-13
    }
    QuickCheck::new()
        .tests(200)
        .quickcheck(check as fn(u64) -> bool);
}

/// The Hessian equals central finite differences of the (hand-written) gradient of the
/// Rosenbrock function, step 1e-6: agreement to ~1e-7 relative.
#[test]
fn rosenbrock_hessian_matches_finite_differences_of_the_gradient() {
    fn rosenbrock<T: num_traits::Float>(x: &[T]) -> T {
        let (one, hundred) = (T::one(), T::from(100.0).unwrap());
        (0..x.len() - 1).fold(T::zero(), |s, i| {
            let a = x[i + 1] - x[i] * x[i];
            let b = one - x[i];
            s + hundred * a * a + b * b
        })
    }
    fn rosenbrock_gradient(x: &[f64]) -> Vec<f64> {
        let n = x.len();
        let mut g = vec![0.0; n];
        for i in 0..n - 1 {
            let a = x[i + 1] - x[i] * x[i];
            g[i] += -400.0 * x[i] * a - 2.0 * (1.0 - x[i]);
            g[i + 1] += 200.0 * a;
        }
        g
    }
    let x = SVector::<f64, 6>::from_column_slice(&[-1.2, 1.0, 0.3, -0.5, 0.9, 1.4]);
    let (value, grad, h) = hessian(|xd| rosenbrock(xd.as_slice()), &x);
    assert_eq!(value, rosenbrock(x.as_slice()));
    let g = rosenbrock_gradient(x.as_slice());
    for j in 0..6 {
        assert!((grad[j] - g[j]).abs() < 1e-12 * (1.0 + g[j].abs()));
    }
    let fd = fd_jacobian(rosenbrock_gradient, x.as_slice(), 1e-6);
    for i in 0..6 {
        for j in 0..6 {
            assert_eq!(h[(i, j)], h[(j, i)]);
            assert!(
                (h[(i, j)] - fd[(i, j)]).abs() < 1e-6 * (1.0 + fd[(i, j)].abs()),
                "H[{i},{j}] = {} vs finite differences {}",
                h[(i, j)],
                fd[(i, j)]
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

/// hessian.rs: "Input `i` is seeded as `x_i + ε_i + δ_i` ... its `δ_i ε_j` component is
/// `H_ij`. The two mixed partials `H_ij` and `H_ji` ... can differ in the last bit; the
/// result takes the upper triangle's (`i <= j`) for both". The oracle seeds the nested duals
/// by hand, as the doc describes, and reads both mixed partials; points where they differ
/// are searched for, and the helper must return the upper one on both sides.
#[test]
fn hessian_takes_the_upper_triangles_mixed_partial() {
    type N2 = Dual<Dual<f64, 2>, 2>;
    fn f<T: Float>(v: &[T]) -> T {
        let (x, y) = (v[0], v[1]);
        (x * y).exp() * (x + y * y).sin() / (T::one() + x * x) + x.ln_1p() * y.powi(3)
    }
    let mut rng = Rng(0xD0C5);
    let mut differing = 0;
    for _ in 0..400 {
        let p = [rng.range(0.1, 2.0), rng.range(-2.0, 2.0)];
        let seeded: Vec<N2> = (0..2)
            .map(|i| {
                let mut inner = Dual::constant(p[i]);
                inner.eps[i] = 1.0; // ε_i
                let mut outer = N2::constant(inner);
                outer.eps[i] = Dual::constant(1.0); // δ_i
                outer
            })
            .collect();
        let y = f(&seeded);
        let (h01, h10) = (y.eps[0].eps[1], y.eps[1].eps[0]);
        let (v, g, h) = hessian(|x: &Vector2<N2>| f(x.as_slice()), &Vector2::new(p[0], p[1]));
        assert_eq!(v, f(&p));
        assert_eq!((g[0], g[1]), (y.re.eps[0], y.re.eps[1]));
        assert_eq!(h[(0, 0)], y.eps[0].eps[0]);
        assert_eq!(h[(1, 1)], y.eps[1].eps[1]);
        assert_eq!((h[(0, 1)], h[(1, 0)]), (h01, h01), "at {p:?}");
        if h01 != h10 {
            differing += 1;
        }
    }
    assert!(
        differing > 0,
        "no point where the mixed partials differ was found"
    );
}
