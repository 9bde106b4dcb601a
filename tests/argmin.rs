//! `dualnum::argmin`: the gradients, Hessians, residuals and Jacobians that [`Exact`] hands
//! argmin, against hand-derived formulas (Rosenbrock in n dimensions, an exponential
//! least-squares model), its errors and edge cases, and short argmin runs reaching the
//! known optimum of Rosenbrock's function.
#![cfg(feature = "argmin")]

use argmin::core::{CostFunction, Executor, Gradient, Hessian, Jacobian, Operator, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use argmin::solver::trustregion::{Steihaug, TrustRegion};
use dualnum::Real;
use dualnum::argmin::{Exact, ScalarFunction};
use dualnum::sparse::VectorFunction;

/// Rosenbrock's function in n dimensions, `f = Σ_{i<n-1} 100 (x_{i+1} - x_i²)² + (1 - x_i)²`,
/// minimum 0 at `x = (1, ..., 1)`.
struct Rosenbrock;

impl ScalarFunction for Rosenbrock {
    fn eval<T: Real>(&self, x: &[T]) -> T {
        let mut f = T::zero();
        for i in 0..x.len().saturating_sub(1) {
            let a = x[i + 1] - x[i] * x[i];
            let b = T::one() - x[i];
            f = f + a * a * T::literal(100.0) + b * b;
        }
        f
    }
}

/// The gradient, derived by hand:
/// `∂f/∂x_i = -400 x_i (x_{i+1} - x_i²) - 2 (1 - x_i)` (for `i < n-1`)
/// `+ 200 (x_i - x_{i-1}²)` (for `i > 0`).
fn rosenbrock_gradient(x: &[f64]) -> Vec<f64> {
    let n = x.len();
    (0..n)
        .map(|i| {
            let mut g = 0.0;
            if i + 1 < n {
                g += -400.0 * x[i] * (x[i + 1] - x[i] * x[i]) - 2.0 * (1.0 - x[i]);
            }
            if i > 0 {
                g += 200.0 * (x[i] - x[i - 1] * x[i - 1]);
            }
            g
        })
        .collect()
}

/// The Hessian, derived by hand: tridiagonal with
/// `H_ii = (1200 x_i² - 400 x_{i+1} + 2)` (for `i < n-1`) `+ 200` (for `i > 0`) and
/// `H_{i,i+1} = H_{i+1,i} = -400 x_i`.
fn rosenbrock_hessian(x: &[f64]) -> Vec<Vec<f64>> {
    let n = x.len();
    let mut h = vec![vec![0.0; n]; n];
    for i in 0..n {
        if i + 1 < n {
            h[i][i] += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
            h[i][i + 1] = -400.0 * x[i];
            h[i + 1][i] = -400.0 * x[i];
        }
        if i > 0 {
            h[i][i] += 200.0;
        }
    }
    h
}

/// A test point with distinct entries, `x_i = (-1)^i (0.3 + 0.17 i)`.
fn point(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| {
            let s = if i % 2 == 0 { 1.0 } else { -1.0 };
            s * (0.3 + 0.17 * i as f64)
        })
        .collect()
}

/// `|a - b| <= 1e-13 (1 + |b|)`: the hand formulas and forward mode round differently
/// (the derivatives are exact up to a few ulps of the terms summed).
fn assert_close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 1e-13 * (1.0 + b.abs()),
        "{what}: {a} vs {b} (difference {})",
        (a - b).abs()
    );
}

/// Gradient and Hessian of Rosenbrock against the hand formulas, at several sizes (a
/// partial last chunk, one chunk, many) for chunk width `N`.
fn check_rosenbrock<const N: usize>() {
    let problem = Exact::<_, N>::new(Rosenbrock);
    for n in [1, 2, 3, 5, 10, 13] {
        let x = point(n);
        let cost = problem.cost(&x).unwrap();
        assert_close(cost, Rosenbrock.eval(&x), "cost");
        let g = problem.gradient(&x).unwrap();
        let g_hand = rosenbrock_gradient(&x);
        assert_eq!(g.len(), n);
        for i in 0..n {
            assert_close(g[i], g_hand[i], &format!("N = {N}, n = {n}, gradient {i}"));
        }
        let h = problem.hessian(&x).unwrap();
        let h_hand = rosenbrock_hessian(&x);
        assert_eq!(h.len(), n);
        for i in 0..n {
            assert_eq!(h[i].len(), n);
            for j in 0..n {
                assert_close(
                    h[i][j],
                    h_hand[i][j],
                    &format!("N = {N}, n = {n}, Hessian ({i}, {j})"),
                );
                assert_eq!(h[i][j], h[j][i], "the Hessian is exactly symmetric");
            }
        }
    }
}

#[test]
fn rosenbrock_gradient_and_hessian_match_the_hand_formulas() {
    check_rosenbrock::<1>();
    check_rosenbrock::<3>();
    check_rosenbrock::<4>();
    check_rosenbrock::<16>();
}

#[test]
fn repeated_calls_reuse_the_workspace_with_the_same_results() {
    let problem = Exact::<_, 3>::new(Rosenbrock);
    // sizes change between calls: the workspaces must resize, not keep stale entries
    for n in [10, 4, 10, 7] {
        let x = point(n);
        let g = problem.gradient(&x).unwrap();
        let h = problem.hessian(&x).unwrap();
        let (g_hand, h_hand) = (rosenbrock_gradient(&x), rosenbrock_hessian(&x));
        for i in 0..n {
            assert_close(g[i], g_hand[i], "gradient");
            for j in 0..n {
                assert_close(h[i][j], h_hand[i][j], "Hessian");
            }
        }
    }
}

/// Rosenbrock, but panicking on inputs of length 3 (a bug in the user's function).
struct PanicsOnThree;

impl ScalarFunction for PanicsOnThree {
    fn eval<T: Real>(&self, x: &[T]) -> T {
        assert!(x.len() != 3, "the user's function panics");
        Rosenbrock.eval(x)
    }
}

#[test]
fn a_panic_in_the_function_leaves_the_wrapper_usable() {
    let problem = Exact::<_, 2>::new(PanicsOnThree);
    for _ in 0..2 {
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = problem.gradient(&point(3));
        }));
        assert!(panicked.is_err());
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = problem.hessian(&point(3));
        }));
        assert!(panicked.is_err());
        // the poisoned workspaces are reused and reset
        let x = point(5);
        let (g, h) = (problem.gradient(&x).unwrap(), problem.hessian(&x).unwrap());
        let (g_hand, h_hand) = (rosenbrock_gradient(&x), rosenbrock_hessian(&x));
        for i in 0..5 {
            assert_close(g[i], g_hand[i], "gradient after a panic");
            for j in 0..5 {
                assert_close(h[i][j], h_hand[i][j], "Hessian after a panic");
            }
        }
    }
}

#[test]
fn concurrent_calls_from_several_threads_agree_with_the_hand_formulas() {
    // threads that find the workspace busy use a fresh one
    let problem = Exact::<_, 3>::new(Rosenbrock);
    std::thread::scope(|scope| {
        for t in 0..4 {
            let problem = &problem;
            scope.spawn(move || {
                for k in 0..50 {
                    let x = point(4 + (t + k) % 7);
                    let g = problem.gradient(&x).unwrap();
                    let h = problem.hessian(&x).unwrap();
                    let (g_hand, h_hand) = (rosenbrock_gradient(&x), rosenbrock_hessian(&x));
                    for i in 0..x.len() {
                        assert_close(g[i], g_hand[i], "gradient");
                        for j in 0..x.len() {
                            assert_close(h[i][j], h_hand[i][j], "Hessian");
                        }
                    }
                }
            });
        }
    });
}

/// `r_i(b) = b0 exp(-b1 t_i) + b2 - y_i`, an exponential decay with an offset, fitted to
/// `(t_i, y_i)`.
struct Decay {
    t: Vec<f64>,
    y: Vec<f64>,
}

impl VectorFunction for Decay {
    fn input_len(&self) -> usize {
        3
    }
    fn output_len(&self) -> usize {
        self.t.len()
    }
    fn eval<S: Real>(&self, b: &[S], r: &mut [S]) {
        for i in 0..self.t.len() {
            r[i] = b[0] * (-b[1].mul_f64(self.t[i])).exp() + b[2] - S::literal(self.y[i]);
        }
    }
}

fn decay() -> Decay {
    let t: Vec<f64> = (0..7).map(|i| 0.5 * i as f64).collect();
    let y = t
        .iter()
        .map(|&t| 2.0 * (-0.7 * t).exp() + 0.3 + 0.01 * t.sin())
        .collect();
    Decay { t, y }
}

#[test]
fn least_squares_residuals_and_jacobian_match_the_hand_formulas() {
    let model = decay();
    let b = vec![1.7, 0.55, 0.2];
    let problem = Exact::<_, 2>::new(&model);
    let r = problem.apply(&b).unwrap();
    let j = problem.jacobian(&b).unwrap();
    assert_eq!((r.len(), j.len()), (7, 7));
    for i in 0..7 {
        let (t, e) = (model.t[i], (-b[1] * model.t[i]).exp());
        assert_close(r[i], b[0] * e + b[2] - model.y[i], "residual");
        // ∂r/∂b0 = e, ∂r/∂b1 = -b0 t e, ∂r/∂b2 = 1, with e = exp(-b1 t)
        let hand = [e, -b[0] * t * e, 1.0];
        assert_eq!(j[i].len(), 3);
        for k in 0..3 {
            assert_close(j[i][k], hand[k], &format!("Jacobian ({i}, {k})"));
        }
    }
}

#[test]
fn a_parameter_vector_of_the_wrong_length_is_an_error_naming_both_lengths() {
    let problem = Exact::<_>::new(decay());
    for b in [vec![1.0, 2.0], vec![1.0, 2.0, 3.0, 4.0]] {
        for message in [
            problem.apply(&b).unwrap_err().to_string(),
            problem.jacobian(&b).unwrap_err().to_string(),
        ] {
            assert!(
                message.contains(&format!("has {} entries", b.len()))
                    && message.contains("expects 3"),
                "{message}"
            );
        }
    }
}

#[test]
fn nan_and_empty_inputs_give_nan_and_empty_results_without_panicking() {
    let problem = Exact::<_>::new(Rosenbrock);
    let x = vec![1.0, f64::NAN, 2.0];
    assert!(problem.cost(&x).unwrap().is_nan());
    // ∂f/∂x_0 = -400 x_0 (x_1 - x_0²) - 2 (1 - x_0) involves x_1 = NaN; so does every entry
    assert!(problem.gradient(&x).unwrap().iter().all(|g| g.is_nan()));
    // Forward mode carries the NaN value of x_1 - x_0² and x_2 - x_1² into every second
    // derivative of their squares (NaN times a zero tangent is NaN), so every entry is NaN,
    // also H_22 = 200, whose formula does not involve x_1.
    let h = problem.hessian(&x).unwrap();
    assert!(h.iter().flatten().all(|h| h.is_nan()), "{h:?}");
    assert_eq!(problem.cost(&vec![]).unwrap(), 0.0);
    assert_eq!(problem.gradient(&vec![]).unwrap(), Vec::<f64>::new());
    assert_eq!(problem.hessian(&vec![]).unwrap(), Vec::<Vec<f64>>::new());
}

/// `max_i |x_i - 1|`: the distance to Rosenbrock's minimiser.
fn distance_to_ones(x: &[f64]) -> f64 {
    x.iter().map(|xi| (xi - 1.0).abs()).fold(0.0, f64::max)
}

#[test]
fn trust_region_newton_with_exact_hessians_reaches_rosenbrocks_minimum() {
    // argmin's trust region has no stopping rule of its own: stop at a cost of 1e-28
    // (|x - 1| ~ 1e-14 there) or after 100 iterations. Steihaug's default epsilon (1e-9)
    // returns a zero step once |∇f| < 1e-9, i.e. |x - 1| ~ 1e-12: set it smaller.
    let steihaug = Steihaug::new()
        .with_epsilon(1e-14)
        .unwrap()
        .with_max_iters(20);
    let solver = TrustRegion::new(steihaug);
    let result = Executor::new(Exact::<_>::new(Rosenbrock), solver)
        .configure(|state| {
            state
                .param(vec![-1.2, 1.0])
                .max_iters(100)
                .target_cost(1e-28)
        })
        .run()
        .unwrap();
    let x = result.state().get_best_param().unwrap();
    assert!(distance_to_ones(x) < 1e-12, "{x:?}");
    assert!(
        result.state().get_iter() < 100,
        "the target cost is reached before the iteration cap: {:?}",
        result.state().get_termination_status()
    );
}

#[test]
fn lbfgs_with_exact_gradients_reaches_rosenbrocks_minimum_in_10_dimensions() {
    let x0: Vec<f64> = (0..10)
        .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
        .collect();
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 7)
        .with_tolerance_grad(1e-12)
        .unwrap();
    let result = Executor::new(Exact::<_>::new(Rosenbrock), solver)
        .configure(|state| state.param(x0).max_iters(500))
        .run()
        .unwrap();
    let x = result.state().get_best_param().unwrap();
    assert!(distance_to_ones(x) < 1e-8, "{x:?}");
}
