//! Derivative oracles independent of the crate: finite differences of plain `f64`
//! functions, Richardson extrapolation, difference Jacobians.
//!
//! Steps and errors: a central difference with step `h` has truncation error
//! `h² |f'''| / 6` and rounding error `~ε |f| / h`; Richardson's `(4 D(h/2) - D(h)) / 3`
//! removes the `h²` term (truncation `O(h⁴)`).

use nalgebra::{DMatrix, DVector};

/// `(f(x + h) - f(x - h)) / 2h`.
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}

/// Richardson's extrapolation of an estimate with an `h²` error term, from its values at
/// steps `h` (`coarse`) and `h/2` (`fine`): `(4 fine - coarse) / 3`.
pub fn extrapolate(coarse: f64, fine: f64) -> f64 {
    (4.0 * fine - coarse) / 3.0
}

/// The central difference extrapolated from steps `2h` and `h`:
/// `(8 (f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h`, truncation `O(h⁴)`.
pub fn richardson(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (8.0 * (f(x + h) - f(x - h)) - (f(x + 2.0 * h) - f(x - 2.0 * h))) / (12.0 * h)
}

/// The derivative of `f` at `x` by finite differences, if `f` looks smooth there: the
/// [`richardson`] estimates with steps `h` and `h/2` must agree to `1e-6`, the one-sided
/// slopes to `1e-2`, and every sample be finite; `None` otherwise (a jump, a kink, the edge
/// of the domain). The step is `1e-3 |x|` (so it never crosses a pole near x), `1e-5` at
/// 0, and there is none for `0 < |x| < 1e-100`, where relative steps underflow.
pub fn smooth_derivative(f: impl Fn(f64) -> f64, x: f64) -> Option<f64> {
    if !x.is_finite() || (x != 0.0 && x.abs() < 1e-100) {
        return None;
    }
    let h = if x == 0.0 { 1e-5 } else { 1e-3 * x.abs() };
    let samples = [-2.0, -1.0, -0.5, 0.5, 1.0, 2.0].map(|k| f(x + k * h));
    if !samples.iter().all(|v| v.is_finite()) {
        return None;
    }
    let d1 = richardson(&f, x, h);
    let d2 = richardson(&f, x, h / 2.0);
    let one_sided_left = (f(x) - f(x - h / 2.0)) / (h / 2.0);
    let one_sided_right = (f(x + h / 2.0) - f(x)) / (h / 2.0);
    let kink = (one_sided_left - one_sided_right).abs() > 1e-2 * (1.0 + d2.abs());
    if kink || (d1 - d2).abs() > 1e-6 * (1.0 + d2.abs()) {
        return None;
    }
    Some(d2)
}

/// Richardson-extrapolated central difference of `f` at `x` with the representable steps
/// `(x + h) - (x - h)`, `h = 1e-3 max(|x|, 1e-2)` (from `h` and `h/2`), and the size of `f`
/// around `x` divided by `max(|x|, 1e-2)`: the scale of its rounding error.
pub fn numeric_derivative(f: impl Fn(f64) -> f64, x: f64) -> (f64, f64) {
    let h = 1e-3 * x.abs().max(1e-2);
    let mut size = f(x).abs();
    let mut central = |h: f64| {
        let (xp, xm) = (x + h, x - h);
        let (fp, fm) = (f(xp), f(xm));
        size = size.max(fp.abs()).max(fm.abs());
        (fp - fm) / (xp - xm)
    };
    let d = extrapolate(central(h), central(h / 2.0));
    (d, size / x.abs().max(1e-2))
}

/// The slope `d` against [`numeric_derivative`] of `f` at `x`: within
/// `NUMERIC_DERIVATIVE (|d| + scale)` and finite. `Err` carries a message.
pub fn agrees_with_numeric(
    what: &str,
    d: f64,
    f: impl Fn(f64) -> f64,
    x: f64,
) -> Result<(), String> {
    let (numeric, scale) = numeric_derivative(&f, x);
    let tol = super::tolerance::NUMERIC_DERIVATIVE * (d.abs() + scale);
    if (d - numeric).abs() <= tol && d.is_finite() {
        Ok(())
    } else {
        Err(format!(
            "{what} at {x:e}: dual slope {d:e}, numerical {numeric:e}, difference {:e} > {tol:e}",
            (d - numeric).abs()
        ))
    }
}

/// What one-sided and central differences with step `h = 1e-6 max(|x|, 1)` say about `f` at
/// `x` (see [`differences_at`]).
#[derive(Clone, Copy, Debug)]
pub enum Differences {
    /// The one-sided slopes agree and the central differences with steps `h` and `h/4`
    /// agree (to `1e-3`): the central difference with step `h`.
    Smooth(f64),
    /// The one-sided slopes differ but are both below `1e3`: their midpoint.
    Kink(f64),
    /// A jump, an infinite slope, a non-finite sample or a non-finite `x`: no verdict.
    Unknown,
}

/// Classifies `f` at `x` by differences (see [`Differences`]).
pub fn differences_at(f: impl Fn(f64) -> f64, x: f64) -> Differences {
    if !x.is_finite() {
        return Differences::Unknown;
    }
    let h = 1e-6 * x.abs().max(1.0);
    let (fl, f0, fr) = (f(x - h), f(x), f(x + h));
    let (fl4, fr4) = (f(x - h / 4.0), f(x + h / 4.0));
    if ![fl, f0, fr, fl4, fr4].iter().all(|v| v.is_finite()) {
        return Differences::Unknown;
    }
    let (left, right) = ((f0 - fl) / h, (fr - f0) / h);
    let central = (fr - fl) / (2.0 * h);
    let central4 = (fr4 - fl4) / (h / 2.0);
    let agree = |a: f64, b: f64| (a - b).abs() <= 1e-3 * (1.0 + b.abs());
    if agree(left, right) && agree(central4, central) {
        Differences::Smooth(central)
    } else if left.abs() < 1e3 && right.abs() < 1e3 {
        Differences::Kink(0.5 * (left + right))
    } else {
        Differences::Unknown
    }
}

/// The `m x n` central-difference Jacobian of `f: R^n -> R^m` at `x`, with step
/// `h0 (1 + |x_j|)` for column `j` (`m` is the length of `f(x)`).
pub fn fd_jacobian(f: impl Fn(&[f64]) -> Vec<f64>, x: &[f64], h0: f64) -> DMatrix<f64> {
    let m = f(x).len();
    let mut j = DMatrix::zeros(m, x.len());
    for k in 0..x.len() {
        let h = h0 * (1.0 + x[k].abs());
        let (mut xp, mut xm) = (x.to_vec(), x.to_vec());
        xp[k] += h;
        xm[k] -= h;
        let (fp, fm) = (f(&xp), f(&xm));
        for i in 0..m {
            j[(i, k)] = (fp[i] - fm[i]) / (2.0 * h);
        }
    }
    j
}

/// The `depth x (rows cols)` central-difference Jacobian of `f` of a matrix `x`, with the
/// fixed step `h`; column `c rows + r` is the derivative with respect to `x[(r, c)]`
/// (entries numbered column-major).
pub fn fd_jacobian_wrt_matrix(
    f: impl Fn(&DMatrix<f64>) -> DVector<f64>,
    x: &DMatrix<f64>,
    depth: usize,
    h: f64,
) -> DMatrix<f64> {
    let (rows, cols) = x.shape();
    let mut j = DMatrix::zeros(depth, rows * cols);
    for c in 0..cols {
        for r in 0..rows {
            let (mut plus, mut minus) = (x.clone(), x.clone());
            plus[(r, c)] += h;
            minus[(r, c)] -= h;
            let column = (f(&plus) - f(&minus)) / (2.0 * h);
            j.set_column(c * rows + r, &column);
        }
    }
    j
}
