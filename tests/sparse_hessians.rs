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

// ----- the Hessian as the sparse Jacobian of a gradient, star-coloured -------------------

use dualnum::Real;
use dualnum::sparse::{Colouring, GradientHessian, Pattern, StarColouring, VectorFunction};

/// `f = Σ_k a_k sin(x_p x_q)` over random pairs `(p, q)` (possibly `p = q`), given by its
/// gradient, written by hand and generic (so it runs on tracers and duals).
struct PairGradient {
    n: usize,
    pairs: Vec<(f64, usize, usize)>,
}

impl VectorFunction for PairGradient {
    fn input_len(&self) -> usize {
        self.n
    }
    fn output_len(&self) -> usize {
        self.n
    }
    fn eval<S: Real>(&self, x: &[S], g: &mut [S]) {
        for &(a, p, q) in &self.pairs {
            let c = (x[p] * x[q]).cos().mul_f64(a);
            g[p] = g[p] + c * x[q];
            g[q] = g[q] + c * x[p];
        }
    }
}

impl PairGradient {
    /// The Hessian by hand: `∂²/∂p² = -a x_q² sin s`, `∂²/∂q² = -a x_p² sin s`,
    /// `∂²/∂p∂q = a (cos s - x_p x_q sin s)`, `s = x_p x_q`.
    fn hessian(&self, x: &[f64]) -> DMatrix<f64> {
        let mut h = DMatrix::zeros(self.n, self.n);
        for &(a, p, q) in &self.pairs {
            let s = x[p] * x[q];
            h[(p, p)] += -a * x[q] * x[q] * s.sin();
            h[(q, q)] += -a * x[p] * x[p] * s.sin();
            let m = a * (s.cos() - s * s.sin());
            h[(p, q)] += m;
            h[(q, p)] += m;
        }
        h
    }
}

/// The oracle for a star colouring: adjacent inputs differ, and no path on four distinct
/// inputs is two-coloured (checked by enumerating every path).
fn is_star(n: usize, edges: &[(usize, usize)], colours: &[usize]) -> bool {
    let mut adj = vec![Vec::new(); n];
    for &(i, j) in edges {
        if i != j {
            adj[i].push(j);
            adj[j].push(i);
        }
    }
    for a in 0..n {
        for &b in &adj[a] {
            if colours[a] == colours[b] {
                return false;
            }
            for &c in &adj[b] {
                if c == a {
                    continue;
                }
                for &d in &adj[c] {
                    if d != a && d != b && colours[a] == colours[c] && colours[b] == colours[d] {
                        return false;
                    }
                }
            }
        }
    }
    true
}

#[test]
fn greedy_star_colourings_are_star_colourings() {
    let mut rng = Rng(31);
    for _ in 0..200 {
        let n = 1 + rng.below(12);
        let edges: Vec<(usize, usize)> = (0..rng.below(3 * n + 1))
            .map(|_| (rng.below(n), rng.below(n)))
            .collect();
        let mut rows = vec![Vec::new(); n];
        for &(i, j) in &edges {
            rows[i].push(j);
        }
        let p = Pattern::from_rows(n, &rows).unwrap();
        let star = StarColouring::greedy(&p).unwrap();
        assert!(
            is_star(n, &edges, star.colours()),
            "{edges:?}: {:?}",
            star.colours()
        );
        assert!(star.colours().iter().all(|&c| c < star.count()));
    }
}

#[test]
fn an_arrowhead_needs_two_star_colours_and_n_column_colours() {
    let n = 20;
    let rows: Vec<Vec<usize>> = (0..n)
        .map(|i| if i == 0 { (0..n).collect() } else { vec![0, i] })
        .collect();
    let p = Pattern::from_rows(n, &rows).unwrap();
    assert_eq!(StarColouring::greedy(&p).unwrap().count(), 2);
    assert_eq!(Colouring::greedy(&p).count(), n);
    // and the plan recovers the arrowhead Hessian from 2 compressed columns
    let g = PairGradient {
        n,
        pairs: (1..n).map(|i| (0.5 + i as f64 / 10.0, 0, i)).collect(),
    };
    let x: Vec<f64> = (0..n).map(|i| 0.1 * i as f64 - 0.7).collect();
    let mut plan = GradientHessian::<2>::new(&g, &x).unwrap();
    assert_eq!((plan.colours(), plan.passes()), (2, 1));
    let (mut grad, mut h) = (vec![0.0; n], plan.new_matrix());
    plan.hessian_into(&g, &x, &mut grad, &mut h).unwrap();
    let hh = g.hessian(&x);
    assert!((DMatrix::from(&h) - hh).abs().max() < 1e-13);
}

#[test]
fn gradient_hessians_match_the_hand_hessian_on_random_patterns() {
    let mut rng = Rng(32);
    for _ in 0..60 {
        let n = 1 + rng.below(15);
        let g = PairGradient {
            n,
            pairs: (0..1 + rng.below(2 * n))
                .map(|_| (rng.range(-2.0, 2.0), rng.below(n), rng.below(n)))
                .collect(),
        };
        let x = rng.vec(n, -1.5, 1.5);
        // a width below, at and above the number of colours: several passes or one
        for width in [1, 3] {
            let (mut grad, hh) = (vec![0.0; n], g.hessian(&x));
            let dense = if width == 1 {
                let mut plan = GradientHessian::<1>::new(&g, &x).unwrap();
                let mut h = plan.new_matrix();
                plan.hessian_into(&g, &x, &mut grad, &mut h).unwrap();
                DMatrix::from(&h)
            } else {
                let mut plan = GradientHessian::<3>::new(&g, &x).unwrap();
                let mut h = plan.new_matrix();
                plan.hessian_into(&g, &x, &mut grad, &mut h).unwrap();
                DMatrix::from(&h)
            };
            for i in 0..n {
                for j in 0..n {
                    let (got, want) = (dense[(i, j)], hh[(i, j)]);
                    assert!(
                        (got - want).abs() <= 1e-12 * (1.0 + want.abs()),
                        "width {width}, H[{i}][{j}] {got} vs {want}"
                    );
                    assert_eq!(got.to_bits(), dense[(j, i)].to_bits(), "exactly symmetric");
                }
            }
            let mut expected = vec![0.0; n];
            g.eval(&x, &mut expected);
            assert_eq!(grad, expected);
        }
    }
}

#[test]
fn gradient_hessian_reports_wrong_sizes() {
    let g = PairGradient {
        n: 3,
        pairs: vec![(1.0, 0, 1)],
    };
    let mut plan = GradientHessian::<2>::new(&g, &[0.1, 0.2, 0.3]).unwrap();
    let mut h = plan.new_matrix();
    assert_eq!(
        plan.hessian_into(&g, &[0.1; 2], &mut [0.0; 3], &mut h),
        Err(SparseError::InputLength {
            expected: 3,
            found: 2
        })
    );
    assert_eq!(
        plan.hessian_into(&g, &[0.1; 3], &mut [0.0; 2], &mut h),
        Err(SparseError::OutputLength {
            expected: 3,
            found: 2
        })
    );
    let other = PairGradient {
        n: 4,
        pairs: vec![],
    };
    assert!(matches!(
        plan.hessian_into(&other, &[0.1; 3], &mut [0.0; 3], &mut h),
        Err(SparseError::FunctionShape { .. })
    ));
    let not_square = Pattern::from_rows(3, &[vec![0], vec![1]]).unwrap();
    assert!(matches!(
        GradientHessian::<2>::from_pattern(&not_square),
        Err(SparseError::MatrixShape { .. })
    ));
}
