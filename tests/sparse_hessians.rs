//! `sparse::SeparableHessian` against hand Hessians assembled densely: a chained objective,
//! random index sets (with repeated indices), errors, and reuse.

mod common;

use common::Rng;
use dualnum::Dual2;
use dualnum::sparse::{SeparableHessian, SparseError};
use nalgebra::DMatrix;

type T2 = Dual2<f64, 2, 3>;

/// The chained term `100 (b - a²)² + (1 - a)² + sin(a b)` on any number type.
fn term<S: num_traits::Float>(a: S, b: S) -> S {
    let c = |v: f64| S::from(v).unwrap();
    let t = b - a * a;
    let s = S::one() - a;
    c(100.0) * t * t + s * s + (a * b).sin()
}

/// Its gradient and Hessian by hand.
fn term_hand(a: f64, b: f64) -> ([f64; 2], [[f64; 2]; 2]) {
    let (sn, cs) = (a * b).sin_cos();
    let g = [
        -400.0 * a * (b - a * a) - 2.0 * (1.0 - a) + b * cs,
        200.0 * (b - a * a) + a * cs,
    ];
    let haa = 1200.0 * a * a - 400.0 * b + 2.0 - b * b * sn;
    let hab = -400.0 * a + cs - a * b * sn;
    let hbb = 200.0 - a * a * sn;
    (g, [[haa, hab], [hab, hbb]])
}

/// The dense hand Hessian and gradient of `Σ_k term(x[S_k0], x[S_k1])`.
fn dense_hand(n: usize, terms: &[[usize; 2]], x: &[f64]) -> (Vec<f64>, DMatrix<f64>) {
    let mut g = vec![0.0; n];
    let mut h = DMatrix::zeros(n, n);
    for s in terms {
        let (tg, th) = term_hand(x[s[0]], x[s[1]]);
        for a in 0..2 {
            g[s[a]] += tg[a];
            for b in 0..2 {
                h[(s[a], s[b])] += th[a][b];
            }
        }
    }
    (g, h)
}

fn check(n: usize, terms: Vec<[usize; 2]>, x: &[f64]) {
    let plan = SeparableHessian::<2, 3>::new(n, terms.clone()).unwrap();
    let (mut g, mut h) = (vec![0.0; n], plan.new_matrix());
    let value = plan
        .hessian_into(|_, v: &[T2; 2]| term(v[0], v[1]), x, &mut g, &mut h)
        .unwrap();
    let expected_value: f64 = terms.iter().map(|s| term(x[s[0]], x[s[1]])).sum();
    assert!((value - expected_value).abs() <= 1e-12 * (1.0 + expected_value.abs()));
    let (hg, hh) = dense_hand(n, &terms, x);
    let dense = DMatrix::from(&h);
    for i in 0..n {
        assert!(
            (g[i] - hg[i]).abs() <= 1e-10 * (1.0 + hg[i].abs()),
            "gradient {i}"
        );
        for j in 0..n {
            let (got, want) = (dense[(i, j)], hh[(i, j)]);
            assert!(
                (got - want).abs() <= 1e-10 * (1.0 + want.abs()),
                "H[{i}][{j}] {got} vs {want}"
            );
            assert_eq!(got.to_bits(), dense[(j, i)].to_bits(), "exactly symmetric");
        }
    }
    // every stored entry is structurally needed: no entry outside the union of the blocks
    for (i, j, _) in h.triplet_iter() {
        assert!(
            terms.iter().any(|s| s.contains(&i) && s.contains(&j)),
            "entry ({i}, {j}) stored without a term"
        );
    }
}

#[test]
fn chained_objective_matches_the_dense_hand_hessian() {
    let mut rng = Rng(21);
    for n in [2, 3, 10, 50] {
        let x = rng.vec(n, -1.5, 1.5);
        check(n, (0..n - 1).map(|i| [i, i + 1]).collect(), &x);
    }
}

#[test]
fn random_index_sets_with_repeats_match_the_dense_hand_hessian() {
    let mut rng = Rng(22);
    for _ in 0..30 {
        let n = 1 + rng.below(8);
        let terms: Vec<[usize; 2]> = (0..1 + rng.below(10))
            .map(|_| [rng.below(n), rng.below(n)])
            .collect();
        let x = rng.vec(n, -1.5, 1.5);
        check(n, terms, &x);
    }
}

#[test]
fn errors_are_reported_before_any_evaluation() {
    assert_eq!(
        SeparableHessian::<2, 3>::new(3, vec![[0, 3]]).unwrap_err(),
        SparseError::EntryOutOfBounds {
            row: 3,
            col: 3,
            nrows: 3,
            ncols: 3
        }
    );
    let plan = SeparableHessian::<2, 3>::new(3, vec![[0, 1], [1, 2]]).unwrap();
    let other = SeparableHessian::<2, 3>::new(3, vec![[0, 2]]).unwrap();
    let f = |_: usize, v: &[T2; 2]| -> T2 { panic!("evaluated {:?}", v[0].re) };
    let mut h = plan.new_matrix();
    assert_eq!(
        plan.hessian_into(f, &[1.0; 2], &mut [0.0; 3], &mut h),
        Err(SparseError::InputLength {
            expected: 3,
            found: 2
        })
    );
    assert_eq!(
        plan.hessian_into(f, &[1.0; 3], &mut [0.0; 4], &mut h),
        Err(SparseError::OutputLength {
            expected: 3,
            found: 4
        })
    );
    assert_eq!(
        plan.hessian_into(f, &[1.0; 3], &mut [0.0; 3], &mut other.new_matrix()),
        Err(SparseError::MatrixPattern)
    );
    assert_eq!((plan.input_len(), plan.terms(), plan.nnz()), (3, 2, 7));
}

#[test]
fn reuse_overwrites_the_previous_hessian() {
    let n = 6;
    let terms: Vec<[usize; 2]> = (0..n - 1).map(|i| [i, i + 1]).collect();
    let plan = SeparableHessian::<2, 3>::new(n, terms.clone()).unwrap();
    let (mut g, mut h) = (vec![0.0; n], plan.new_matrix());
    let f = |_: usize, v: &[T2; 2]| term(v[0], v[1]);
    plan.hessian_into(f, &[0.3; 6], &mut g, &mut h).unwrap();
    let x = [0.1, -0.4, 0.9, 1.2, -1.0, 0.5];
    plan.hessian_into(f, &x, &mut g, &mut h).unwrap();
    let (_, hh) = dense_hand(n, &terms, &x);
    assert!((DMatrix::from(&h) - hh).abs().max() < 1e-10);
}
