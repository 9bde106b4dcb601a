//! Implicit differentiation of a cubic equation of state: the vapour root `Z(T, P)` of the
//! van der Waals equation for CO₂, found by a plain `f64` Newton solver, and its
//! sensitivities `∂Z/∂T`, `∂Z/∂P` and `∂²Z/∂P²` from `dualnum::implicit_scalar`, checked
//! against finite differences of re-solves.
//!
//! Run with `cargo run --example implicit`.

use dualnum::{Dual, Real, implicit_scalar};

/// `Z³ - (1 + B) Z² + A Z - A B`, with `A = a P/(R T)²`, `B = b P/(R T)`; CO₂:
/// `a = 0.364 Pa m⁶/mol²`, `b = 4.267e-5 m³/mol`.
fn vdw<S: Real>(z: S, t: S, p: S) -> S {
    let (a, b, r) = (S::literal(0.364), S::literal(4.267e-5), S::literal(8.314));
    let rt = r * t;
    let big_a = a * p / (rt * rt);
    let big_b = b * p / rt;
    z * z * z - (S::one() + big_b) * z * z + big_a * z - big_a * big_b
}

/// The solver, knowing nothing of duals: Newton from the ideal gas `Z = 1`, with the
/// derivative in `Z` by hand.
fn vapour_root(t: f64, p: f64) -> f64 {
    let (a, b, r) = (0.364, 4.267e-5, 8.314);
    let (big_a, big_b) = (a * p / (r * t).powi(2), b * p / (r * t));
    let mut z = 1.0_f64;
    for _ in 0..100 {
        let g = vdw(z, t, p);
        let dg = 3.0 * z * z - 2.0 * (1.0 + big_b) * z + big_a;
        let step = g / dg;
        z -= step;
        if step.abs() < 1e-16 {
            break;
        }
    }
    z
}

fn main() {
    println!("van der Waals CO2, vapour root Z(T, P) and its sensitivities");
    println!(
        "{:>7} {:>9} {:>10} | {:>12} {:>12} | {:>12} {:>12} | {:>12} {:>12}",
        "T [K]", "P [MPa]", "Z", "dZ/dT", "re-solves", "dZ/dP", "re-solves", "d2Z/dP2", "re-solves"
    );
    let mut worst: f64 = 0.0;
    for (t, p) in [
        (300.0, 1.0e6),
        (300.0, 3.0e6),
        (350.0, 5.0e6),
        (400.0, 8.0e6),
    ] {
        let z = vapour_root(t, p);
        // first derivatives: T and P are the two tangent directions
        let [tv, pv] = Dual::<f64, 2>::variables([t, p]);
        let first = implicit_scalar(
            |x| vdw(x, Dual::constant(tv), Dual::constant(pv)),
            Dual::constant(z),
        )
        .expect("a simple root: dF/dZ is not zero");
        // the second derivative in P: a nested dual, P seeded at both levels
        let pn = Dual::new(Dual::<f64, 1>::new(p, [1.0]), [Dual::new(1.0, [0.0])]);
        let tn = Dual::constant(Dual::constant(t));
        let second = implicit_scalar(
            |x| vdw(x, Dual::constant(tn), Dual::constant(pn)),
            Dual::constant(Dual::constant(z)),
        )
        .expect("a simple root");
        // finite differences of re-solves
        let (ht, hp) = (1e-4 * t, 1e-4 * p);
        let fd_t = (vapour_root(t + ht, p) - vapour_root(t - ht, p)) / (2.0 * ht);
        let fd_p = (vapour_root(t, p + hp) - vapour_root(t, p - hp)) / (2.0 * hp);
        let h2 = 1e-2 * p;
        let fd_pp = (vapour_root(t, p + h2) - 2.0 * z + vapour_root(t, p - h2)) / (h2 * h2);
        let d_pp = second.eps[0].eps[0];
        for (exact, fd) in [(first.eps[0], fd_t), (first.eps[1], fd_p), (d_pp, fd_pp)] {
            worst = worst.max((exact - fd).abs() / exact.abs());
        }
        println!(
            "{t:>7.1} {:>9.2} {z:>10.6} | {:>12.5e} {fd_t:>12.5e} | {:>12.5e} {fd_p:>12.5e} | {d_pp:>12.5e} {fd_pp:>12.5e}",
            p / 1e6,
            first.eps[0],
            first.eps[1],
        );
    }
    println!(
        "largest relative difference from the re-solves: {worst:.1e} (finite-difference error)"
    );
    assert!(
        worst < 1e-3,
        "the implicit derivatives disagree with the re-solves"
    );
}
