//! argmin's solvers with exact derivatives from `dualnum::argmin`, beside the same solvers
//! with argmin's own finite differences (the `finitediff` crate, central differences):
//! Rosenbrock's function (n = 2 and 10) with a Newton trust region (Steihaug) and with
//! L-BFGS, and a Gauss-Newton fit of the NIST StRD problem Misra1a from both of NIST's
//! starting points. Prints a Markdown table.
//!
//! ```sh
//! cargo run --release --features argmin --example argmin
//! ```
//!
//! Columns: `iters` is the iteration at which the best point was last improved (of `run`
//! iterations, the run stopping at its tolerance or its cap); `f evals` counts every
//! evaluation of the user's function up to that best iteration (on `f64` for finite
//! differences, on dual numbers for exact derivatives); `error` is `max_i |x_i - x*_i|`
//! for Rosenbrock (x* = 1) and the relative error of the worst parameter against NIST's
//! certified values; `digits` is `-log10(error)` (capped at 16, and at NIST's 11 certified
//! digits); `time` is the best of several runs.

#[allow(dead_code)]
#[path = "nist/problems.rs"]
mod problems;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use argmin::core::{CostFunction, Error, Executor, Gradient, Hessian, Jacobian, Operator, State};
use argmin::solver::gaussnewton::GaussNewton;
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use argmin::solver::trustregion::{Steihaug, TrustRegion};
use dualnum::Real;
use dualnum::argmin::{Exact, ScalarFunction};
use dualnum::sparse::VectorFunction;
use nalgebra_v0_34::{DMatrix, DVector};

/// Rosenbrock's function, `Σ_{i<n-1} 100 (x_{i+1} - x_i²)² + (1 - x_i)²`, minimum 0 at
/// `(1, ..., 1)`, counting its evaluations.
struct Rosenbrock {
    evals: Arc<AtomicUsize>,
}

impl ScalarFunction for Rosenbrock {
    fn eval<T: Real>(&self, x: &[T]) -> T {
        self.evals.fetch_add(1, Ordering::Relaxed);
        let mut f = T::zero();
        for i in 0..x.len().saturating_sub(1) {
            let a = x[i + 1] - x[i] * x[i];
            let b = T::one() - x[i];
            f = f + a * a * T::literal(100.0) + b * b;
        }
        f
    }
}

/// The residuals `r_i = y_i - f(b, x_i)` of a NIST problem, counting their evaluations.
struct NistResiduals<'a> {
    problem: &'a problems::Problem,
    evals: Arc<AtomicUsize>,
}

impl VectorFunction for NistResiduals<'_> {
    fn input_len(&self) -> usize {
        self.problem.n_params()
    }
    fn output_len(&self) -> usize {
        self.problem.n_obs()
    }
    fn eval<S: Real>(&self, b: &[S], r: &mut [S]) {
        self.evals.fetch_add(1, Ordering::Relaxed);
        self.problem.residuals(b, r);
    }
}

/// The same function with argmin's finite differences: central differences of the cost
/// for the gradient, central differences of that gradient for the Hessian, central
/// differences of the residuals for the Jacobian (`finitediff::vec`).
struct FiniteDifferences<F>(F);

impl<F: ScalarFunction> CostFunction for FiniteDifferences<F> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, x: &Vec<f64>) -> Result<f64, Error> {
        Ok(self.0.eval(x))
    }
}

impl<F: ScalarFunction> Gradient for FiniteDifferences<F> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, x: &Vec<f64>) -> Result<Vec<f64>, Error> {
        finitediff::vec::central_diff(&|x: &Vec<f64>| self.cost(x))(x)
    }
}

impl<F: ScalarFunction> Hessian for FiniteDifferences<F> {
    type Param = Vec<f64>;
    type Hessian = Vec<Vec<f64>>;
    fn hessian(&self, x: &Vec<f64>) -> Result<Vec<Vec<f64>>, Error> {
        finitediff::vec::central_hessian(&|x: &Vec<f64>| self.gradient(x))(x)
    }
}

impl<F: VectorFunction> Operator for FiniteDifferences<F> {
    type Param = Vec<f64>;
    type Output = Vec<f64>;
    fn apply(&self, b: &Vec<f64>) -> Result<Vec<f64>, Error> {
        let mut r = vec![0.0; self.0.output_len()];
        self.0.eval(b, &mut r);
        Ok(r)
    }
}

impl<F: VectorFunction> Jacobian for FiniteDifferences<F> {
    type Param = Vec<f64>;
    type Jacobian = Vec<Vec<f64>>;
    fn jacobian(&self, b: &Vec<f64>) -> Result<Vec<Vec<f64>>, Error> {
        finitediff::vec::central_jacobian(&|b: &Vec<f64>| self.apply(b))(b)
    }
}

/// A `Vec<f64>` least-squares problem on nalgebra 0.34 vectors: argmin's Gauss-Newton
/// inverts `JᵀJ`, which argmin-math's `vec` backend does not offer, its nalgebra backend
/// does. Only conversions: the Jacobian's rows become the matrix's rows.
struct OnNalgebra<P>(P);

impl<P: Operator<Param = Vec<f64>, Output = Vec<f64>>> Operator for OnNalgebra<P> {
    type Param = DVector<f64>;
    type Output = DVector<f64>;
    fn apply(&self, b: &DVector<f64>) -> Result<DVector<f64>, Error> {
        Ok(DVector::from_vec(self.0.apply(&b.as_slice().to_vec())?))
    }
}

impl<P: Jacobian<Param = Vec<f64>, Jacobian = Vec<Vec<f64>>>> Jacobian for OnNalgebra<P> {
    type Param = DVector<f64>;
    type Jacobian = DMatrix<f64>;
    fn jacobian(&self, b: &DVector<f64>) -> Result<DMatrix<f64>, Error> {
        let rows = self.0.jacobian(&b.as_slice().to_vec())?;
        let n = b.len();
        Ok(DMatrix::from_fn(rows.len(), n, |i, j| rows[i][j]))
    }
}

/// One row of the table.
struct Row {
    problem: String,
    solver: &'static str,
    derivatives: &'static str,
    best_iter: u64,
    iters: u64,
    evals: usize,
    error: f64,
    digits: f64,
    time: Duration,
}

/// `-log10(error)`, capped at `cap` (and `cap` for an error of 0).
fn digits(error: f64, cap: f64) -> f64 {
    if error.is_nan() {
        0.0
    } else if error == 0.0 {
        cap
    } else {
        (-error.log10()).clamp(0.0, cap)
    }
}

/// Runs `solve` (which returns the final state's best parameters, its last best iteration
/// and its iteration count) `REPS` times, keeping the best time and the last run's result.
fn timed<R>(mut solve: impl FnMut() -> R) -> (R, Duration) {
    const REPS: usize = 5;
    let mut best = Duration::MAX;
    let mut result = None;
    for _ in 0..REPS {
        let start = Instant::now();
        let r = solve();
        best = best.min(start.elapsed());
        result = Some(r);
    }
    (result.expect("REPS > 0"), best)
}

/// The outcome of one run: the final parameters, the iteration of the last improvement of
/// the cost, the iterations run, the evaluations of the function in the whole run.
type Outcome = (Vec<f64>, u64, u64, usize);

/// Runs a problem with a solver, both built by `setup` from a fresh evaluation counter.
fn run<O, S, I>(
    setup: impl FnOnce(Arc<AtomicUsize>) -> (O, S),
    configure: impl FnOnce(I) -> I,
) -> Outcome
where
    I: State<Float = f64>,
    I::Param: Values,
    S: argmin::core::Solver<O, I>,
{
    let evals = Arc::new(AtomicUsize::new(0));
    let (problem, solver) = setup(evals.clone());
    let result = Executor::new(problem, solver)
        .configure(configure)
        .run()
        .expect("the solver runs");
    let state = result.state();
    let last = state.get_param().expect("a final point").values();
    (
        last,
        state.get_last_best_iter(),
        state.get_iter(),
        evals.load(Ordering::Relaxed),
    )
}

fn main() {
    let mut rows = Vec::new();
    for n in [2, 10] {
        let x0: Vec<f64> = match n {
            2 => vec![-1.2, 1.0],
            _ => vec![0.0; n],
        };
        let name = format!("Rosenbrock n = {n}");
        let error = |x: &[f64]| x.iter().map(|xi| (xi - 1.0).abs()).fold(0.0, f64::max);
        let mut push =
            |solver, derivatives, ((x, best_iter, iters, evals), time): (Outcome, Duration)| {
                let e = error(&x);
                rows.push(Row {
                    problem: name.clone(),
                    solver,
                    derivatives,
                    best_iter,
                    iters,
                    evals,
                    error: e,
                    digits: digits(e, 16.0),
                    time,
                });
            };
        // argmin's trust region stops only at a target cost or its iteration cap; Steihaug's
        // default epsilon (1e-9) returns a zero step once |∇f| < 1e-9: set it smaller.
        let trust_region = || {
            let steihaug = Steihaug::new()
                .with_epsilon(1e-14)
                .unwrap()
                .with_max_iters(2 * n as u64);
            TrustRegion::new(steihaug)
        };
        let lbfgs = || {
            LBFGS::new(MoreThuenteLineSearch::new(), 7)
                .with_tolerance_grad(1e-13)
                .unwrap()
                .with_tolerance_cost(1e-30)
                .unwrap()
        };
        push(
            "trust region (Steihaug)",
            "exact",
            timed(|| {
                run(
                    |evals| (Exact::<_>::new(Rosenbrock { evals }), trust_region()),
                    |s| s.param(x0.clone()).max_iters(100).target_cost(1e-28),
                )
            }),
        );
        push(
            "trust region (Steihaug)",
            "finite differences",
            timed(|| {
                run(
                    |evals| (FiniteDifferences(Rosenbrock { evals }), trust_region()),
                    |s| s.param(x0.clone()).max_iters(100).target_cost(1e-28),
                )
            }),
        );
        push(
            "L-BFGS (More-Thuente)",
            "exact",
            timed(|| {
                run(
                    |evals| (Exact::<_>::new(Rosenbrock { evals }), lbfgs()),
                    |s| s.param(x0.clone()).max_iters(1000),
                )
            }),
        );
        push(
            "L-BFGS (More-Thuente)",
            "finite differences",
            timed(|| {
                run(
                    |evals| (FiniteDifferences(Rosenbrock { evals }), lbfgs()),
                    |s| s.param(x0.clone()).max_iters(1000),
                )
            }),
        );
    }

    let path = problems::default_dir().join("Misra1a.dat");
    let misra = problems::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    for (s, start) in misra.starts.iter().enumerate() {
        let name = format!("NIST Misra1a, start {}", s + 1);
        let x0 = DVector::from_vec(start.clone());
        let gauss_newton = || GaussNewton::new().with_tolerance(1e-14).unwrap();
        let mut push = |derivatives, ((b, best_iter, iters, evals), time): (Outcome, Duration)| {
            let lre = problems::min_lre(&b, &misra.certified);
            let worst_digits = misra
                .certified
                .iter()
                .map(|c| c.digits as f64)
                .fold(f64::INFINITY, f64::min);
            let error = b
                .iter()
                .zip(&misra.certified)
                .map(|(bi, c)| ((bi - c.value) / c.value).abs())
                .fold(0.0, f64::max);
            rows.push(Row {
                problem: name.clone(),
                solver: "Gauss-Newton",
                derivatives,
                best_iter,
                iters,
                evals,
                error,
                digits: lre.min(worst_digits),
                time,
            });
        };
        push(
            "exact",
            timed(|| {
                run(
                    |evals| {
                        let residuals = NistResiduals {
                            problem: &misra,
                            evals,
                        };
                        (OnNalgebra(Exact::<_>::new(residuals)), gauss_newton())
                    },
                    |s| s.param(x0.clone()).max_iters(100),
                )
            }),
        );
        push(
            "finite differences",
            timed(|| {
                run(
                    |evals| {
                        let residuals = NistResiduals {
                            problem: &misra,
                            evals,
                        };
                        (OnNalgebra(FiniteDifferences(residuals)), gauss_newton())
                    },
                    |s| s.param(x0.clone()).max_iters(100),
                )
            }),
        );
    }

    println!(
        "| problem | solver | derivatives | iterations (last improvement) | f evals | error | digits | time |"
    );
    println!("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} ({}) | {} | {:.1e} | {:.1} | {:.2?} |",
            r.problem,
            r.solver,
            r.derivatives,
            r.iters,
            r.best_iter,
            r.evals,
            r.error,
            r.digits,
            r.time
        );
    }
}

/// The parameters as a `Vec`, from `Vec<f64>` and nalgebra vectors alike.
trait Values {
    fn values(&self) -> Vec<f64>;
}

impl Values for Vec<f64> {
    fn values(&self) -> Vec<f64> {
        self.clone()
    }
}

impl Values for DVector<f64> {
    fn values(&self) -> Vec<f64> {
        self.iter().copied().collect()
    }
}
