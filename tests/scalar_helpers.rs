//! The scalar-input helpers and directional derivatives: `derivative`, `derivative_vector`,
//! `derivative_matrix`, `directional_derivative` and `jvp`, on random smooth functions and
//! on nested duals.
//!
//! Oracles: hand-derived derivatives (the fixtures' `Smooth`, `VecFn`, `SmoothMap`), central
//! finite differences (step `1e-5 (1 + |x|)`, tolerance `1e-6 (1 + |expected|)`), the `f64`
//! function for values, and hand values for nested derivatives.

use dualnum::{
    Dual, derivative, derivative_matrix, derivative_vector, directional_derivative, jvp,
};
use nalgebra::{DVector, Matrix2x3, SVector, Vector4};
use quickcheck::QuickCheck;

mod common;
use common::Rng;
use common::fixtures::{Smooth, SmoothMap, VecFn};
use common::oracles_matrix::assert_same_value;
use common::tolerance::{CENTRAL_DIFFERENCE, HAND_FORMULA, assert_within};

// ----- derivative, derivative_vector, derivative_matrix --------------------------------------

#[test]
fn derivative_matches_hand_and_fd() {
    let mut rng = Rng(1);
    for _ in 0..40 {
        let f = Smooth::random(1, &mut rng);
        let x = rng.range(-1.5, 1.5);
        let (y, dy) = derivative(|t| f.eval(&[t]), x);
        assert_same_value("derivative value", y, f.eval(&[x]));
        assert_within("derivative vs hand", dy, f.grad(&[x])[0], HAND_FORMULA);
        let h = 1e-5 * (1.0 + x.abs());
        let fd = (f.eval(&[x + h]) - f.eval(&[x - h])) / (2.0 * h);
        assert_within("derivative vs fd", dy, fd, CENTRAL_DIFFERENCE);
        // Nested: the derivative of the derivative is the hand second derivative.
        let (d1, d2) = derivative(|t| derivative(|s| f.eval(&[s]), t).1, x);
        assert_within("nested first", d1, f.grad(&[x])[0], HAND_FORMULA);
        assert_within("nested second", d2, f.hess(&[x])[0][0], HAND_FORMULA);
    }
}

#[test]
fn derivative_vector_and_matrix_match_hand_and_fd() {
    let mut rng = Rng(2);
    for _ in 0..20 {
        let fs: Vec<Smooth> = (0..6).map(|_| Smooth::random(1, &mut rng)).collect();
        let x = rng.range(-1.5, 1.5);
        let h = 1e-5 * (1.0 + x.abs());

        let (y, d) = derivative_vector(
            |t: Dual<f64, 1>| Vector4::from_fn(|i, _| fs[i].eval(&[t])),
            x,
        );
        for i in 0..4 {
            assert_same_value("derivative_vector value", y[i], fs[i].eval(&[x]));
            assert_within(
                "derivative_vector hand",
                d[i],
                fs[i].grad(&[x])[0],
                HAND_FORMULA,
            );
            let fd = (fs[i].eval(&[x + h]) - fs[i].eval(&[x - h])) / (2.0 * h);
            assert_within("derivative_vector fd", d[i], fd, CENTRAL_DIFFERENCE);
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
                assert_within(
                    "derivative_matrix hand",
                    d[(r, c)],
                    f.grad(&[x])[0],
                    HAND_FORMULA,
                );
                let fd = (f.eval(&[x + h]) - f.eval(&[x - h])) / (2.0 * h);
                assert_within("derivative_matrix fd", d[(r, c)], fd, CENTRAL_DIFFERENCE);
            }
        }
    }
}

// ----- directional_derivative and jvp ------------------------------------------------------

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
        assert_within("directional vs hand", d, hand[0], HAND_FORMULA);
        assert_within(
            "directional vs fd",
            d,
            (fp[0] - fq[0]) / (2.0 * h),
            CENTRAL_DIFFERENCE,
        );

        let (y, jv) = jvp(
            |xd| SVector::<_, M>::from_vec(f.eval(xd.as_slice())),
            &xs,
            &vs,
        );
        for i in 0..M {
            assert_same_value("jvp value", y[i], values[i]);
            assert_within("jvp vs hand", jv[i], hand[i], HAND_FORMULA);
            assert_within(
                "jvp vs fd",
                jv[i],
                (fp[i] - fq[i]) / (2.0 * h),
                CENTRAL_DIFFERENCE,
            );
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

#[test]
fn jvp_equals_the_jacobian_times_the_vector() {
    fn check(seed: u64) -> bool {
        let mut rng = Rng(seed);
        let map = SmoothMap::random(4, 3, &mut rng);
        let x = SVector::<f64, 4>::from_fn(|_, _| rng.uniform());
        let v = SVector::<f64, 4>::from_fn(|_, _| rng.uniform());
        let (value, jv) = jvp(
            |xd| SVector::<_, 3>::from_vec(map.eval(xd.as_slice())),
            &x,
            &v,
        );
        let expected =
            map.analytic_jacobian(x.as_slice()) * DVector::from_column_slice(v.as_slice());
        value.as_slice() == map.eval(x.as_slice()).as_slice()
            && (0..3).all(|i| (jv[i] - expected[i]).abs() < 1e-14)
    }
    QuickCheck::new()
        .tests(100)
        .quickcheck(check as fn(u64) -> bool);
}

// ----- nested duals ----------------------------------------------------------------------

/// Perturbation confusion: d/dx [x · d/dy (x + y)] at x = 1 is 1, because d/dy (x + y) = 1.
/// The inner derivative runs on duals of duals, so its tangent cannot be mistaken for the
/// outer one.
#[test]
fn nested_derivatives_do_not_confuse_perturbations() {
    let (_, d) = derivative(
        |x: Dual<f64, 1>| {
            let (_, inner) = derivative(|y| y + x, Dual::constant(2.0));
            x * inner
        },
        1.0,
    );
    assert_eq!(d, 1.0);
    // And a derivative of a derivative: d²/dx² x³ = 6x.
    let (first, second) = derivative(|x| derivative(|y| y * y * y, x).1, 1.5);
    assert_eq!((first, second), (3.0 * 1.5 * 1.5, 9.0));
}
