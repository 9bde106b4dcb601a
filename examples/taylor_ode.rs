//! A Taylor-series ODE integrator: `y' = f(t, y)` advanced step by step with the Taylor
//! polynomial of the solution of order `K` (10 to 20), whose coefficients come from Taylor
//! arithmetic on `f` itself, and a step size chosen from the last two coefficients.
//!
//! Two problems with an exact solution, integrated at orders 10, 15 and 20:
//!
//! - `y' = -2 t y²`, `y(0) = 1`, whose solution is `1 / (1 + t²)`, on `[0, 10]`;
//! - the Kepler problem `r'' = -r / |r|³` on an ellipse of eccentricity 0.6 (semi-major
//!   axis 1, so the period is `2π`), for 10 periods: the exact solution returns to its
//!   initial state after every period, and the energy is conserved.
//!
//! Run with `cargo run --release --example taylor_ode`.
//!
//! # How the coefficients are computed
//!
//! With `y(t_n + τ) = Σ_k y_k τ^k`, the ODE says `(k + 1) y_{k+1} = [f(t_n + τ, y(τ))]_k`,
//! and coefficient `k` of `f` depends only on `y_0 .. y_k`. Starting from `y = y_0`, pass
//! `k` evaluates `f` on the Taylor numbers `y` (and `t_n + τ`) and fixes `y_{k+1}`: `K`
//! evaluations of `f` on `Taylor<f64, K>` give the polynomial of order `K`. (Dedicated
//! integrators such as TIDES or taylor.jl reuse the coefficients of each pass and need
//! one; this keeps `f` a black box, generic over `Float`.)
//!
//! # Step control
//!
//! Jorba and Zou (2005): with the relative tolerance `ε` and `ρ_k = (ε / |y_k|)^{1/k}`, the
//! step is `h = min(ρ_{K-1}, ρ_K) · e^{-2}` (the safety factor for the `K`-th order
//! remainder), with `|y_k|` the largest component; `h` is capped at the interval's end.

use dualnum::Taylor;
use num_traits::Float;

/// `y' = -2 t y²`.
fn decay<S: Float>(t: S, y: &[S; 1]) -> [S; 1] {
    let two = S::one() + S::one();
    [-(two * t * y[0] * y[0])]
}

/// The Kepler problem in the plane, `y = (x, y, vx, vy)`: `r'' = -r / |r|³`.
fn kepler<S: Float>(_t: S, y: &[S; 4]) -> [S; 4] {
    let r2 = y[0] * y[0] + y[1] * y[1];
    let inv_r3 = (r2 * r2.sqrt()).recip();
    [y[2], y[3], -y[0] * inv_r3, -y[1] * inv_r3]
}

/// The Taylor polynomial of order `K` of the solution through `(t, y)`.
fn solution_series<const K: usize, const D: usize>(
    f: impl Fn(Taylor<f64, K>, &[Taylor<f64, K>; D]) -> [Taylor<f64, K>; D],
    t: f64,
    y: &[f64; D],
) -> [Taylor<f64, K>; D] {
    let tau = Taylor::variable(t);
    let mut ys = y.map(Taylor::constant);
    for k in 0..K {
        let fk = f(tau, &ys);
        for i in 0..D {
            // (k + 1) y_{k+1} = [f]_k
            ys[i].c[k] = fk[i].coefficient(k) / (k + 1) as f64;
        }
    }
    ys
}

/// Integrates from `t0` to `t1` with order `K` and relative tolerance `eps`; returns the
/// final state and the number of steps.
fn integrate<const K: usize, const D: usize>(
    f: impl Fn(Taylor<f64, K>, &[Taylor<f64, K>; D]) -> [Taylor<f64, K>; D],
    t0: f64,
    t1: f64,
    y0: [f64; D],
    eps: f64,
) -> ([f64; D], usize) {
    let (mut t, mut y, mut steps) = (t0, y0, 0);
    while t < t1 {
        let ys = solution_series(&f, t, &y);
        let norm = |k: usize| {
            ys.iter()
                .map(|c| c.coefficient(k).abs())
                .fold(0.0, f64::max)
        };
        let scale = y.iter().map(|v| v.abs()).fold(1.0, f64::max);
        let rho = |k: usize| (eps * scale / norm(k)).powf(1.0 / k as f64);
        let h = (rho(K - 1).min(rho(K)) * (-2.0f64).exp()).min(t1 - t);
        // Horner: y(t + h) = Σ y_k h^k
        for i in 0..D {
            let mut acc = ys[i].coefficient(K);
            for k in (0..K).rev() {
                acc = acc * h + ys[i].coefficient(k);
            }
            y[i] = acc;
        }
        t += h;
        steps += 1;
    }
    (y, steps)
}

/// One row of the decay problem at order `K`.
fn run_decay<const K: usize>(eps: f64) {
    let (y, steps) = integrate::<K, 1>(decay, 0.0, 10.0, [1.0], eps);
    let exact = 1.0 / (1.0 + 100.0);
    println!(
        "  order {K:2}: {steps:4} steps, y(10) = {:.16}, relative error {:.1e}",
        y[0],
        ((y[0] - exact) / exact).abs()
    );
}

/// One row of the Kepler problem at order `K`.
fn run_kepler<const K: usize>(eps: f64) {
    let e: f64 = 0.6;
    // perihelion at (1 - e, 0) with speed √((1 + e)/(1 - e))
    let y0 = [1.0 - e, 0.0, 0.0, ((1.0 + e) / (1.0 - e)).sqrt()];
    let energy = |y: &[f64; 4]| 0.5 * (y[2] * y[2] + y[3] * y[3]) - 1.0 / y[0].hypot(y[1]);
    let periods = 10.0;
    let t1 = periods * 2.0 * std::f64::consts::PI;
    let (y, steps) = integrate::<K, 4>(kepler, 0.0, t1, y0, eps);
    let position_error = (y[0] - y0[0]).hypot(y[1] - y0[1]);
    let energy_error = ((energy(&y) - energy(&y0)) / energy(&y0)).abs();
    println!(
        "  order {K:2}: {steps:5} steps, position error {position_error:.1e}, relative energy error {energy_error:.1e}"
    );
}

fn main() {
    let eps = 1e-16;
    println!("y' = -2 t y², y(0) = 1 on [0, 10] (exact: 1/(1 + t²)), tolerance {eps:e}");
    run_decay::<10>(eps);
    run_decay::<15>(eps);
    run_decay::<20>(eps);
    println!("Kepler, eccentricity 0.6, 10 periods (exact: back to the start), tolerance {eps:e}");
    run_kepler::<10>(eps);
    run_kepler::<15>(eps);
    run_kepler::<20>(eps);
}
