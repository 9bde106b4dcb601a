//! The scalar sections of the lecture notes: y = x² ln x², and the derivatives of the
//! functions listed at the end (ln, eˣ, sin, cos, tan, tanh, the sigmoid).

use dualnum::Dual;
use num_traits::Float;

/// The notes' first example, written once for any `Float`: y = x² ln x².
fn x2_ln_x2<T: Float>(x: T) -> T {
    let x2 = x * x;
    x2 * x2.ln()
}

/// The value and the derivative of `f` at `x`, from one evaluation on a dual number.
fn value_and_slope(f: impl Fn(Dual<f64, 1>) -> Dual<f64, 1>, x: f64) -> (f64, f64) {
    let y = f(Dual::variable(x, 0));
    (y.re, y.eps[0])
}

/// One line: the crate's derivative beside the notes' formula.
fn row(name: &str, formula: &str, x: f64, dualnum: f64, notes: f64) {
    println!("   d/dx {name:<7} = {formula:<13} at x = {x}: dualnum {dualnum:<20}  notes {notes}");
}

/// Prints the scalar sections.
pub fn run() {
    println!("== Scalar-valued function of one variable");
    println!("   y = x^2 ln x^2");
    println!("   dy/dx = 2x ln x^2 + x^2 (1/x^2) 2x = 2x (ln x^2 + 1)");
    for x in [0.5, 1.7, -3.0] {
        let (y, dy) = value_and_slope(x2_ln_x2, x);
        println!(
            "   x = {x:>4}: y = {y:<20} dualnum dy/dx = {dy:<20} formula = {}",
            2.0 * x * ((x * x).ln() + 1.0)
        );
    }
    println!();

    println!("== Derivatives of the functions listed in the notes");
    let x = 0.8;
    let (_, d) = value_and_slope(|t| t.ln(), x);
    row("ln x", "1/x", x, d, 1.0 / x);
    let (_, d) = value_and_slope(|t| t.exp(), x);
    row("e^x", "e^x", x, d, x.exp());
    let (_, d) = value_and_slope(|t| t.sin(), x);
    row("sin x", "cos x", x, d, x.cos());
    let (_, d) = value_and_slope(|t| t.cos(), x);
    row("cos x", "-sin x", x, d, -x.sin());
    let (_, d) = value_and_slope(|t| t.tan(), x);
    row("tan x", "1/cos^2 x", x, d, 1.0 / x.cos().powi(2));
    let (_, d) = value_and_slope(|t| t.tanh(), x);
    row("tanh x", "1 - tanh^2 x", x, d, 1.0 - x.tanh().powi(2));
    println!();

    println!("== The sigmoid");
    println!("   sigma(x) = 1/(1 + e^-x)");
    println!(
        "   sigma'(x) = e^-x (1 + e^-x)^-2 = sigma(x) e^-x/(1 + e^-x) = sigma(x) (1 - sigma(x))"
    );
    for x in [-2.0, 0.0, 0.8, 5.0] {
        let (s, d) = value_and_slope(|t| t.sigmoid(), x);
        let e = (-x).exp();
        let sigma = 1.0 / (1.0 + e);
        println!("   x = {x:>4}: sigma = {s:<20} dualnum sigma' = {d}");
        println!(
            "              notes: e^-x (1 + e^-x)^-2 = {:<22} sigma (1 - sigma) = {}",
            e * (1.0 + e).powi(-2),
            sigma * (1.0 - sigma)
        );
    }
    println!();
}
