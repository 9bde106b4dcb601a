//! The benchmark workloads, shared by `benches/derivatives.rs` (criterion) and
//! `benches/ratios.rs` (interleaved ratio table).
//!
//! Every workload has four implementations of the same derivative at the same inputs:
//! `hand` (the analytic derivative written out), `fd` (central finite differences),
//! `num-dual` (num-dual 0.15 at its fastest correct form, measured: its own
//! `first_derivative` / `jacobian` helpers where they are fastest, seeding by hand where
//! that is faster; each member's comment says what was measured) and `dualnum` (at its
//! fastest, measured the same way: the nested-dual `hessian` for W8, the `_into` forms
//! into the caller's buffer elsewhere). Each writes `[values..., derivative entries...]`
//! into a preallocated `&mut [f64]` (Jacobians and Hessians column-major, except W7 and
//! W7 sparse: row-major, the order each output's contiguous tangents write best), so no
//! allocation hides the arithmetic, and each reads its inputs through
//! `std::hint::black_box`.
//!
//! The bench profile has one codegen unit (Cargo.toml): with the default 16, num-dual's
//! `Derivative` arithmetic, generic and without `#[inline]`, is instantiated in other units
//! and called instead of inlined, which made every num-dual member but W1's 1.5-9 x slower
//! than num-dual built as a user tuning for speed builds it (W2 19.3 -> 12.9 ns, W4 57 -> 6
//! ns, W5 2.2 -> 0.84 µs, W8 1.9 -> 1.1 µs); that was why W2's num-dual member measured
//! slower here than in an independent harness built with fat LTO.

#![allow(dead_code)] // each bench binary uses a different part of this module

use std::hint::black_box;

use dualnum::sparse::{Pattern, SparseJacobian};
use dualnum::{ChunkedJacobian, Dual, MatrixSlice};
use nalgebra::{Const, SMatrix, SVector, U1};
use num_dual::{Dual64, DualNum, DualSVec64};

mod num_dual_hessian;

/// The tangent of a num-dual vector dual: its `eps` (zero when num-dual stored none).
#[inline(always)]
fn nd_tangent<const N: usize>(d: &DualSVec64<N>) -> SVector<f64, N> {
    d.eps.unwrap_generic(Const::<N>, U1)
}

/// The four implementations, in table order.
pub const IMPLS: [&str; 4] = ["hand", "fd", "num-dual", "dualnum"];

/// One workload: a function, its inputs, its workspaces, and four ways to differentiate it.
pub trait Workload {
    /// Short name, e.g. `"W1 x^2 ln x^2"`.
    const NAME: &'static str;
    /// The workload with its inputs and workspaces.
    fn new() -> Self;
    /// The length of the output buffer: values followed by derivative entries.
    fn out_len(&self) -> usize;
    /// The analytic derivative written out.
    fn hand(&mut self, out: &mut [f64]);
    /// Central finite differences.
    fn fd(&mut self, out: &mut [f64]);
    /// num-dual 0.15 at its fastest correct form.
    fn num_dual(&mut self, out: &mut [f64]);
    /// dualnum.
    fn dualnum(&mut self, out: &mut [f64]);

    /// Implementation `i` of [`IMPLS`].
    #[inline(always)]
    fn run(&mut self, i: usize, out: &mut [f64]) {
        match i {
            0 => self.hand(out),
            1 => self.fd(out),
            2 => self.num_dual(out),
            _ => self.dualnum(out),
        }
    }
}

/// The central-difference step for a first derivative at `x`: `∛ε · max(1, |x|)`, which
/// balances truncation (O(h²)) against rounding (O(ε/h)).
#[inline]
fn step1(x: f64) -> f64 {
    f64::EPSILON.cbrt() * x.abs().max(1.0)
}

/// Central differences of a fixed-size map `f: R^N -> R^M`: `f(x)` into `out[..M]`, then the
/// `M x N` Jacobian column-major into `out[M..]`, with steps [`step1`].
#[inline]
fn central_jacobian<const N: usize, const M: usize>(
    f: impl Fn(&[f64; N]) -> [f64; M],
    x: [f64; N],
    out: &mut [f64],
) {
    out[..M].copy_from_slice(&f(&x));
    for j in 0..N {
        let h = step1(x[j]);
        let (mut xp, mut xm) = (x, x);
        xp[j] += h;
        xm[j] -= h;
        let (fp, fm) = (f(&xp), f(&xm));
        for i in 0..M {
            out[M + j * M + i] = (fp[i] - fm[i]) / (2.0 * h);
        }
    }
}

/// The step for a second derivative at `x`: `ε^(1/4) · max(1, |x|)`.
#[inline]
fn step2(x: f64) -> f64 {
    f64::EPSILON.powf(0.25) * x.abs().max(1.0)
}

/// Copies a dense column-major matrix (nalgebra's storage) into `out`.
#[inline(always)]
fn put<const R: usize, const C: usize>(m: &SMatrix<f64, R, C>, out: &mut [f64]) {
    out.copy_from_slice(m.as_slice());
}

// ----- W1: y = x² ln x² at 1.7 ----------------------------------------------------------

/// W1: `y = x² ln x²`, `dy/dx = 2x (ln x² + 1)`, at `x = 1.7`. Output `[y, dy]`.
pub struct W1 {
    x: f64,
}

#[inline(always)]
fn w1_f(x: f64) -> f64 {
    let x2 = x * x;
    x2 * x2.ln()
}

impl Workload for W1 {
    const NAME: &'static str = "W1 x^2 ln x^2";
    fn new() -> Self {
        W1 { x: 1.7 }
    }
    fn out_len(&self) -> usize {
        2
    }
    #[inline(never)]
    fn hand(&mut self, out: &mut [f64]) {
        let x = black_box(self.x);
        let x2 = x * x;
        let l = x2.ln();
        out[0] = x2 * l;
        out[1] = 2.0 * x * (l + 1.0);
    }
    #[inline(never)]
    fn fd(&mut self, out: &mut [f64]) {
        let x = black_box(self.x);
        let h = step1(x);
        out[0] = w1_f(x);
        out[1] = (w1_f(x + h) - w1_f(x - h)) / (2.0 * h);
    }
    #[inline(never)]
    fn num_dual(&mut self, out: &mut [f64]) {
        // The documented helper on `Dual64` (value and one tangent): nothing to remove, it
        // is one seeded evaluation; seeding `Dual64::from_re(x).derivative()` by hand
        // compiles to the same code.
        let x = black_box(self.x);
        let (y, dy) = num_dual::first_derivative(
            |x: Dual64| {
                let x2 = x * x;
                x2 * x2.ln()
            },
            x,
        );
        out[0] = y;
        out[1] = dy;
    }
    #[inline(never)]
    fn dualnum(&mut self, out: &mut [f64]) {
        let x = black_box(self.x);
        let (y, dy) = dualnum::derivative(
            |x| {
                let x2 = x * x;
                x2 * x2.ln()
            },
            x,
        );
        out[0] = y;
        out[1] = dy;
    }
}

// ----- W2: the notes' gradient ------------------------------------------------------------

/// W2: `y = x1² + x1 ln x2 + e^(x2 x3) + 2 x3` at `(1.3, 0.7, 0.4)`; output `[y, ∇y]`.
pub struct W2 {
    x: SVector<f64, 3>,
}

#[inline(always)]
fn w2_f(x: &[f64; 3]) -> f64 {
    x[0] * x[0] + x[0] * x[1].ln() + (x[1] * x[2]).exp() + x[2] * 2.0
}

impl Workload for W2 {
    const NAME: &'static str = "W2 gradient R^3";
    fn new() -> Self {
        W2 {
            x: SVector::from([1.3, 0.7, 0.4]),
        }
    }
    fn out_len(&self) -> usize {
        4
    }
    #[inline(never)]
    fn hand(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x);
        let (x1, x2, x3) = (x[0], x[1], x[2]);
        let l = x2.ln();
        let e = (x2 * x3).exp();
        out[0] = x1 * x1 + x1 * l + e + 2.0 * x3;
        out[1] = 2.0 * x1 + l;
        out[2] = x1 / x2 + x3 * e;
        out[3] = x2 * e + 2.0;
    }
    #[inline(never)]
    fn fd(&mut self, out: &mut [f64]) {
        let x: [f64; 3] = (*black_box(&self.x)).into();
        central_jacobian(|x| [w2_f(x)], x, out);
    }
    #[inline(never)]
    fn num_dual(&mut self, out: &mut [f64]) {
        // Seeded by hand (`DualSVec64::<3>::from_re(x_i).derivative(i)`, the form num-dual's
        // docs give for "more control over the variables"): 13.6 ns against 14.2 for
        // `num_dual::gradient` (which maps the input vector, then sets each tangent) and
        // 13.6 for three `Dual64` passes, in one interleaved run (examples-style harness,
        // codegen-units = 1), repeated twice with the same figures.
        let x = black_box(&self.x);
        let v = |i: usize| DualSVec64::<3>::from_re(x[i]).derivative(i);
        let (x1, x2, x3) = (v(0), v(1), v(2));
        let y = x1 * x1 + x1 * x2.ln() + (x2 * x3).exp() + x3 * 2.0;
        out[0] = y.re;
        out[1..].copy_from_slice(nd_tangent(&y).as_slice());
    }
    #[inline(never)]
    fn dualnum(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x);
        let (y, g) = dualnum::gradient(
            |x| x[0] * x[0] + x[0] * x[1].ln() + (x[1] * x[2]).exp() + x[2] * 2.0,
            x,
        );
        out[0] = y;
        put(&g, &mut out[1..]);
    }
}

// ----- W3: the notes' 2 x 3 Jacobian ------------------------------------------------------

/// W3: `f = [x1 + x2 x3 + x1 x3, x1² + 2 x3]` at `(0.5, -1.2, 2.0)`; output `[f, J]`, `J`
/// 2 x 3 column-major.
pub struct W3 {
    x: SVector<f64, 3>,
}

#[inline(always)]
fn w3_f(x: &[f64; 3]) -> [f64; 2] {
    [x[0] + x[1] * x[2] + x[0] * x[2], x[0] * x[0] + x[2] * 2.0]
}

impl Workload for W3 {
    const NAME: &'static str = "W3 jacobian 2x3";
    fn new() -> Self {
        W3 {
            x: SVector::from([0.5, -1.2, 2.0]),
        }
    }
    fn out_len(&self) -> usize {
        8
    }
    #[inline(never)]
    fn hand(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x);
        let (x1, x2, x3) = (x[0], x[1], x[2]);
        out[0] = x1 + x2 * x3 + x1 * x3;
        out[1] = x1 * x1 + 2.0 * x3;
        // column-major [[1 + x3, x3, x1 + x2], [2 x1, 0, 2]]
        out[2] = 1.0 + x3;
        out[3] = 2.0 * x1;
        out[4] = x3;
        out[5] = 0.0;
        out[6] = x1 + x2;
        out[7] = 2.0;
    }
    #[inline(never)]
    fn fd(&mut self, out: &mut [f64]) {
        let x: [f64; 3] = (*black_box(&self.x)).into();
        central_jacobian(w3_f, x, out);
    }
    #[inline(never)]
    fn num_dual(&mut self, out: &mut [f64]) {
        // The documented `num_dual::jacobian` on `DualSVec64<3>`: 4.4-4.7 ns, the same as
        // seeding by hand and copying each output's tangent into its row (4.2-4.7 ns).
        let x = black_box(&self.x);
        let (f, j) = num_dual::jacobian(
            |x: SVector<DualSVec64<3>, 3>| {
                SVector::from([x[0] + x[1] * x[2] + x[0] * x[2], x[0] * x[0] + x[2] * 2.0])
            },
            x,
        );
        put(&f, &mut out[..2]);
        put(&j, &mut out[2..]);
    }
    /// `jacobian_into` over arrays, straight into the workload's column-major output.
    #[inline(never)]
    fn dualnum(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x);
        let (values, jac) = out.split_at_mut(2);
        let values: &mut [f64; 2] = values.try_into().expect("2 values");
        let mut jac = dualnum::MatrixSlice::col_major(jac, 2, 3).expect("2 x 3 buffer");
        dualnum::jacobian_into(
            |x: &[Dual<f64, 3>; 3]| [x[0] + x[1] * x[2] + x[0] * x[2], x[0] * x[0] + x[2] * 2.0],
            x.as_ref(),
            Some(values),
            &mut jac,
        )
        .expect("2 x 3 buffer");
    }
}

// ----- W4: the notes' R^(2x3) -> R^4 example ----------------------------------------------

/// W4: `f(X) = [Σ x, x1 x5 x6, x2 x4, x3 x4 x5]` with `X = [[x1, x2, x3], [x4, x5, x6]]` at
/// `[[0.3, -0.8, 1.1], [0.6, 1.4, -0.5]]`; output `[f, J]`, `J` the 4 x 6 vectorized
/// Jacobian stored column-major, its columns the entries of `X` numbered column by column
/// (`vec X = [x1, x4, x2, x5, x3, x6]`, the order of nalgebra's storage and of dualnum's
/// `jacobian_wrt_matrix`; `dualnum::reorder_jacobian` gives the notes' row-wise order).
pub struct W4 {
    x: SMatrix<f64, 2, 3>,
}

/// `f` of W4 on `vec X = [x1, x4, x2, x5, x3, x6]` (column-major).
#[inline(always)]
fn w4_f(v: &[f64; 6]) -> [f64; 4] {
    let [x1, x4, x2, x5, x3, x6] = *v;
    [
        x1 + x4 + x2 + x5 + x3 + x6,
        x1 * x5 * x6,
        x2 * x4,
        x3 * x4 * x5,
    ]
}

impl Workload for W4 {
    const NAME: &'static str = "W4 jacobian R^(2x3)->R^4";
    fn new() -> Self {
        W4 {
            x: SMatrix::<f64, 2, 3>::new(0.3, -0.8, 1.1, 0.6, 1.4, -0.5),
        }
    }
    fn out_len(&self) -> usize {
        4 + 24
    }
    #[inline(never)]
    fn hand(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x);
        let (x1, x2, x3) = (x[(0, 0)], x[(0, 1)], x[(0, 2)]);
        let (x4, x5, x6) = (x[(1, 0)], x[(1, 1)], x[(1, 2)]);
        out[0] = x1 + x4 + x2 + x5 + x3 + x6;
        out[1] = x1 * x5 * x6;
        out[2] = x2 * x4;
        out[3] = x3 * x4 * x5;
        // one column per entry of vec X = [x1, x4, x2, x5, x3, x6] (errata 3)
        let j = &mut out[4..];
        j.copy_from_slice(&[
            1.0,
            x5 * x6,
            0.0,
            0.0, // ∂f/∂x1
            1.0,
            0.0,
            x2,
            x3 * x5, // ∂f/∂x4
            1.0,
            0.0,
            x4,
            0.0, // ∂f/∂x2
            1.0,
            x1 * x6,
            0.0,
            x3 * x4, // ∂f/∂x5
            1.0,
            0.0,
            0.0,
            x4 * x5, // ∂f/∂x3
            1.0,
            x1 * x5,
            0.0,
            0.0, // ∂f/∂x6
        ]);
    }
    #[inline(never)]
    fn fd(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x);
        let v: [f64; 6] = x.as_slice().try_into().expect("2 x 3 = 6 entries");
        central_jacobian(w4_f, v, out);
    }
    #[inline(never)]
    fn num_dual(&mut self, out: &mut [f64]) {
        // num-dual has no matrix-input helper: its `jacobian` on vec X (column-major), 6.7-7.0
        // ns; seeding the six inputs by hand and writing each output's tangent into its row
        // measured 8.6 ns.
        let x = black_box(&self.x);
        let v = SVector::<f64, 6>::from_column_slice(x.as_slice());
        let (f, j) = num_dual::jacobian(
            |v: SVector<DualSVec64<6>, 6>| {
                let (x1, x4, x2, x5, x3, x6) = (v[0], v[1], v[2], v[3], v[4], v[5]);
                SVector::from([
                    x1 + x4 + x2 + x5 + x3 + x6,
                    x1 * x5 * x6,
                    x2 * x4,
                    x3 * x4 * x5,
                ])
            },
            &v,
        );
        put(&f, &mut out[..4]);
        put(&j, &mut out[4..]);
    }
    /// `jacobian_wrt_matrix_into` (entries numbered column-major), straight into the
    /// workload's column-major output.
    #[inline(never)]
    fn dualnum(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x);
        let (values, jac) = out.split_at_mut(4);
        let values: &mut [f64; 4] = values.try_into().expect("4 values");
        let mut jac = dualnum::MatrixSlice::col_major(jac, 4, 6).expect("4 x 6 buffer");
        dualnum::jacobian_wrt_matrix_into::<6, _, _, _, _>(
            |x| {
                let (x1, x2, x3) = (x[(0, 0)], x[(0, 1)], x[(0, 2)]);
                let (x4, x5, x6) = (x[(1, 0)], x[(1, 1)], x[(1, 2)]);
                SVector::from([
                    x1 + x4 + x2 + x5 + x3 + x6,
                    x1 * x5 * x6,
                    x2 * x4,
                    x3 * x4 * x5,
                ])
            },
            x,
            dualnum::tensor::VecOrder::ColumnMajor,
            Some(values),
            &mut jac,
        )
        .expect("4 x 6 buffer");
    }
}

// ----- W5: the notes' backprop example ------------------------------------------------------

/// The fixed input row `x` of W5.
const W5_X: [f64; 8] = [0.5, -0.3, 0.8, 0.1, -0.6, 0.9, -0.2, 0.4];

/// W5: `L = Σ_c sin((x W)_c)` with `x` (1 x 8) fixed, gradient with respect to the 32
/// entries of `W` (8 x 4), stored column-major (`w[8c + r] = W[r][c]`). Output
/// `[L, ∂L/∂w (32)]`; the hand derivative is `∂L/∂W[r][c] = x_r cos(u_c)` (errata 5).
pub struct W5 {
    x: [f64; 8],
    w: SVector<f64, 32>,
}

#[inline(always)]
fn w5_f(x: &[f64; 8], w: &[f64; 32]) -> f64 {
    let mut l = 0.0;
    for c in 0..4 {
        let mut u = w[8 * c] * x[0];
        for r in 1..8 {
            u += w[8 * c + r] * x[r];
        }
        l += u.sin();
    }
    l
}

impl Workload for W5 {
    const NAME: &'static str = "W5 backprop dL/dW 32";
    fn new() -> Self {
        W5 {
            x: W5_X,
            w: SVector::from_fn(|k, _| ((k as f64) * 0.7 + 0.3).sin() * 0.5),
        }
    }
    fn out_len(&self) -> usize {
        33
    }
    #[inline(never)]
    fn hand(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x);
        let w = black_box(&self.w);
        let mut l = 0.0;
        for c in 0..4 {
            let mut u = 0.0;
            for r in 0..8 {
                u += x[r] * w[8 * c + r];
            }
            let (s, cos) = u.sin_cos();
            l += s;
            for r in 0..8 {
                out[1 + 8 * c + r] = x[r] * cos;
            }
        }
        out[0] = l;
    }
    #[inline(never)]
    fn fd(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x);
        let w: [f64; 32] = (*black_box(&self.w)).into();
        out[0] = w5_f(x, &w);
        for j in 0..32 {
            let h = step1(w[j]);
            let (mut wp, mut wm) = (w, w);
            wp[j] += h;
            wm[j] -= h;
            out[1 + j] = (w5_f(x, &wp) - w5_f(x, &wm)) / (2.0 * h);
        }
    }
    #[inline(never)]
    fn num_dual(&mut self, out: &mut [f64]) {
        // Four passes of `DualSVec64<8>`, 8 inputs seeded a pass, each pass's gradient
        // block copied contiguously: 314-317 ns, against 836-915 ns for `num_dual::gradient`
        // on `DualSVec64<32>` (each of its operations moves 33 numbers plus the `Option`
        // tag, and the 32-wide input vector, 2.7 KB, is passed by value), 422 ns for eight
        // passes of width 4 and 680 ns for two of width 16. The same function, not its
        // structure: every pass evaluates all of L. Inputs on the stack, no allocation.
        let x = *black_box(&self.x);
        let w = black_box(&self.w);
        let mut wd: [DualSVec64<8>; 32] = std::array::from_fn(|k| DualSVec64::from_re(w[k]));
        for p in 0..4 {
            for k in 0..8 {
                wd[8 * p + k] = DualSVec64::from_re(w[8 * p + k]).derivative(k);
            }
            let mut l = DualSVec64::<8>::from_re(0.0);
            for c in 0..4 {
                let mut u = wd[8 * c] * x[0];
                for r in 1..8 {
                    u += wd[8 * c + r] * x[r];
                }
                l += u.sin();
            }
            out[0] = l.re;
            out[1 + 8 * p..9 + 8 * p].copy_from_slice(nd_tangent(&l).as_slice());
            for k in 0..8 {
                wd[8 * p + k] = DualSVec64::from_re(w[8 * p + k]);
            }
        }
    }
    #[inline(never)]
    fn dualnum(&mut self, out: &mut [f64]) {
        // One 32-wide pass with `gradient`: 260-277 ns, against 395-420 ns for four passes
        // of width 8 through `ChunkedJacobian::<8>::eval_into` (measured side by side,
        // default and fat-LTO bench profiles).
        let x = *black_box(&self.x);
        let w = black_box(&self.w);
        let (l, g) = dualnum::gradient(
            |w| {
                let mut l = Dual::constant(0.0);
                for c in 0..4 {
                    let mut u = w[8 * c] * x[0];
                    for r in 1..8 {
                        u += w[8 * c + r] * x[r];
                    }
                    l += u.sin();
                }
                l
            },
            w,
        );
        out[0] = l;
        put(&g, &mut out[1..]);
    }
}

// ----- W6: y = tanh(A x + b), A 16 x 16 -----------------------------------------------------

/// W6: `y = tanh(A x + b)` with `A` 16 x 16; output `[y, J]`, `J = diag(1 - y²) A`
/// column-major.
pub struct W6 {
    a: SMatrix<f64, 16, 16>,
    b: SVector<f64, 16>,
    x: SVector<f64, 16>,
}

impl Workload for W6 {
    const NAME: &'static str = "W6 tanh(Ax+b) 16x16";
    fn new() -> Self {
        W6 {
            a: SMatrix::from_fn(|i, j| ((i * 16 + j) as f64 * 0.37 + 0.1).sin() * 0.25),
            b: SVector::from_fn(|i, _| (i as f64 * 0.9).cos() * 0.1),
            x: SVector::from_fn(|i, _| (i as f64 * 0.5 - 4.0) * 0.2),
        }
    }
    fn out_len(&self) -> usize {
        16 + 256
    }
    #[inline(never)]
    fn hand(&mut self, out: &mut [f64]) {
        let (a, b, x) = black_box((&self.a, &self.b, &self.x));
        let (values, jac) = out.split_at_mut(16);
        for i in 0..16 {
            let mut u = b[i];
            for j in 0..16 {
                u += a[(i, j)] * x[j];
            }
            values[i] = u.tanh();
        }
        // J = diag(1 - y²) A: the 16 factors once, then each column of A scaled by them
        let d: [f64; 16] = std::array::from_fn(|i| 1.0 - values[i] * values[i]);
        for j in 0..16 {
            for i in 0..16 {
                jac[16 * j + i] = d[i] * a[(i, j)];
            }
        }
    }
    #[inline(never)]
    fn fd(&mut self, out: &mut [f64]) {
        let (a, b, x) = black_box((&self.a, &self.b, &self.x));
        let f = |x: &SVector<f64, 16>, y: &mut [f64]| {
            for i in 0..16 {
                let mut u = b[i];
                for j in 0..16 {
                    u += a[(i, j)] * x[j];
                }
                y[i] = u.tanh();
            }
        };
        let (values, jac) = out.split_at_mut(16);
        f(x, values);
        let (mut yp, mut ym) = ([0.0; 16], [0.0; 16]);
        for j in 0..16 {
            let h = step1(x[j]);
            let (mut xp, mut xm) = (*x, *x);
            xp[j] += h;
            xm[j] -= h;
            f(&xp, &mut yp);
            f(&xm, &mut ym);
            for i in 0..16 {
                jac[16 * j + i] = (yp[i] - ym[i]) / (2.0 * h);
            }
        }
    }
    #[inline(never)]
    fn num_dual(&mut self, out: &mut [f64]) {
        // Two passes of `DualSVec64<8>` (8 columns a pass, each output's 8 tangents
        // written into its row of the pass's 8 columns, stride 16): 1970-2020 ns, against 2180-2240 ns
        // for `num_dual::jacobian` on `DualSVec64<16>`, 2190-2245 ns for one 16-wide pass
        // seeded by hand, and 3800 ns for four passes of width 4. Inputs on the stack.
        let (a, b, x) = black_box((&self.a, &self.b, &self.x));
        let (values, jac) = out.split_at_mut(16);
        let mut xd: [DualSVec64<8>; 16] = std::array::from_fn(|i| DualSVec64::from_re(x[i]));
        for p in 0..2 {
            for k in 0..8 {
                xd[8 * p + k] = DualSVec64::from_re(x[8 * p + k]).derivative(k);
            }
            for i in 0..16 {
                let mut u = xd[0] * a[(i, 0)] + b[i];
                for j in 1..16 {
                    u += xd[j] * a[(i, j)];
                }
                let y = u.tanh();
                values[i] = y.re;
                let t = nd_tangent(&y);
                for k in 0..8 {
                    jac[16 * (8 * p + k) + i] = t[k];
                }
            }
            for k in 0..8 {
                xd[8 * p + k] = DualSVec64::from_re(x[8 * p + k]);
            }
        }
    }
    /// `jacobian_into` over arrays: the Jacobian written straight into the workload's
    /// column-major output through a `MatrixSlice` (no temporary `SMatrix`), the values into
    /// its first 16 entries.
    #[inline(never)]
    fn dualnum(&mut self, out: &mut [f64]) {
        let (a, b, x) = black_box((&self.a, &self.b, &self.x));
        let (values, jac) = out.split_at_mut(16);
        let values: &mut [f64; 16] = values.try_into().expect("16 values");
        let mut jac = dualnum::MatrixSlice::col_major(jac, 16, 16).expect("16 x 16 buffer");
        dualnum::jacobian_into(
            |x: &[Dual<f64, 16>; 16]| {
                let mut y = [Dual::constant(0.0); 16];
                for (i, yi) in y.iter_mut().enumerate() {
                    let mut u = x[0] * a[(i, 0)] + b[i];
                    for j in 1..16 {
                        u += x[j] * a[(i, j)];
                    }
                    *yi = u.tanh();
                }
                y
            },
            x.as_ref(),
            Some(values),
            &mut jac,
        )
        .expect("16 x 16 buffer");
    }
}

// ----- W7: Broyden tridiagonal, n = 64, chunks of 8 -----------------------------------------

/// The size of W7.
pub const W7_N: usize = 64;

/// W7: the Broyden tridiagonal function `F_i = (3 - 2 x_i) x_i - x_(i-1) - 2 x_(i+1) + 1`
/// (`x_0 = x_(n+1) = 0`), n = 64; output `[F, J]`, the dense 64 x 64 Jacobian **row-major**
/// (entry `(i, j)` at `n + i n + j`: the layout in which a chunk's tangents arrive, one
/// contiguous run of 8 per output), computed 8 columns at a time by the dual members. All
/// four members write this same row-major output.
pub struct W7 {
    x: Vec<f64>,
    // fd workspace
    xp: Vec<f64>,
    fp: Vec<f64>,
    fm: Vec<f64>,
    // num-dual workspace
    nd_in: Vec<DualSVec64<8>>,
    nd_out: Vec<DualSVec64<8>>,
    // dualnum workspace
    chunked: ChunkedJacobian<8, f64>,
}

/// Broyden tridiagonal on any number type with `x * f64`, `+ f64` and `-`; written once,
/// the same operations for floats, num-dual and dualnum.
macro_rules! broyden {
    ($x:expr, $y:expr) => {{
        let (x, y) = ($x, $y);
        let n = x.len();
        for i in 0..n {
            let xi = x[i];
            let mut yi = (xi * -2.0 + 3.0) * xi + 1.0;
            if i > 0 {
                yi -= x[i - 1];
            }
            if i + 1 < n {
                yi -= x[i + 1] * 2.0;
            }
            y[i] = yi;
        }
    }};
}

fn broyden_f64(x: &[f64], y: &mut [f64]) {
    broyden!(x, y)
}

impl Workload for W7 {
    const NAME: &'static str = "W7 broyden n=64 chunk 8";
    fn new() -> Self {
        let x: Vec<f64> = (0..W7_N).map(|i| -1.0 + 0.3 * (i as f64).sin()).collect();
        W7 {
            xp: x.clone(),
            x,
            fp: vec![0.0; W7_N],
            fm: vec![0.0; W7_N],
            nd_in: vec![DualSVec64::from_re(0.0); W7_N],
            nd_out: vec![DualSVec64::from_re(0.0); W7_N],
            chunked: ChunkedJacobian::new(),
        }
    }
    fn out_len(&self) -> usize {
        W7_N + W7_N * W7_N
    }
    /// The analytic tridiagonal Jacobian, row by row: `J_ii = 3 - 4 x_i`,
    /// `J_i,i-1 = -1`, `J_i,i+1 = -2`, zero elsewhere (one contiguous fill, then three
    /// stores per row).
    #[inline(never)]
    fn hand(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x[..]);
        let n = x.len();
        let (values, jac) = out.split_at_mut(n);
        broyden_f64(x, values);
        jac.fill(0.0);
        for (i, row) in jac.chunks_exact_mut(n).enumerate() {
            row[i] = 3.0 - 4.0 * x[i];
            if i > 0 {
                row[i - 1] = -1.0;
            }
            if i + 1 < n {
                row[i + 1] = -2.0;
            }
        }
    }
    /// Central differences, one column `j` per pair of evaluations, stored into column `j`
    /// of the row-major output (stride `n`).
    #[inline(never)]
    fn fd(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x[..]);
        let n = x.len();
        let (values, jac) = out.split_at_mut(n);
        broyden_f64(x, values);
        let (xp, fp, fm) = (&mut self.xp, &mut self.fp, &mut self.fm);
        xp.copy_from_slice(x);
        for j in 0..n {
            let h = step1(x[j]);
            xp[j] = x[j] + h;
            broyden_f64(xp, fp);
            xp[j] = x[j] - h;
            broyden_f64(xp, fm);
            xp[j] = x[j];
            for (i, row) in jac.chunks_exact_mut(n).enumerate() {
                row[j] = (fp[i] - fm[i]) / (2.0 * h);
            }
        }
    }
    /// num-dual has no chunked Jacobian; its docs' way to get derivatives is seeding
    /// `DualSVec64<N>` inputs with `derivative(k)`. Its fastest form here, as a careful user
    /// writes it: the dual buffers kept in the workload (allocation-free), per chunk of 8
    /// seed the 8 inputs, evaluate, copy each output's 8 contiguous tangents (`eps`, an
    /// `SVector` when present, `None` for a constant) into its row of the row-major buffer
    /// as one fixed-size copy (the same copy dualnum's kernel makes), and unseed the 8
    /// inputs.
    #[inline(never)]
    fn num_dual(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x[..]);
        let n = x.len();
        let (values, jac) = out.split_at_mut(n);
        let (inputs, outputs) = (&mut self.nd_in, &mut self.nd_out);
        for (d, &xi) in inputs.iter_mut().zip(x) {
            *d = DualSVec64::from_re(xi);
        }
        for start in (0..n).step_by(8) {
            let width = 8.min(n - start);
            for k in 0..width {
                inputs[start + k] = DualSVec64::from_re(x[start + k]).derivative(k);
            }
            broyden!(&inputs[..], &mut outputs[..]);
            if start == 0 {
                for (v, y) in values.iter_mut().zip(outputs.iter()) {
                    *v = y.re;
                }
            }
            for (row, y) in jac.chunks_exact_mut(n).zip(outputs.iter()) {
                let segment = &mut row[start..start + width];
                match (&y.eps.0, <&mut [f64; 8]>::try_from(&mut *segment)) {
                    // a full chunk: a fixed-size copy of 8, inlined (a run-time length
                    // calls memmove)
                    (Some(e), Ok(run)) => *run = (*e).into(),
                    (Some(e), Err(_)) => segment.copy_from_slice(&e.as_slice()[..width]),
                    (None, _) => segment.fill(0.0),
                }
            }
            for k in 0..width {
                inputs[start + k] = DualSVec64::from_re(x[start + k]);
            }
        }
    }
    /// `ChunkedJacobian::<8>::eval_into` into a row-major `MatrixSlice` over the output
    /// (each output's 8 tangents copied as one run per pass), the workspace kept in the
    /// workload; the values come from the first pass.
    #[inline(never)]
    fn dualnum(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x[..]);
        let n = x.len();
        let (values, jac) = out.split_at_mut(n);
        let mut jac = dualnum::MatrixSlice::row_major(jac, n, n).expect("n x n buffer");
        self.chunked
            .eval_into(
                |x: &[Dual<f64, 8>], y: &mut [Dual<f64, 8>]| broyden!(x, y),
                x,
                Some(values),
                &mut jac,
            )
            .expect("buffer sizes match");
    }
}

// ----- W7 sparse: Broyden tridiagonal, n = 64, into a dense row-major buffer ----------------

/// W7 sparse: the W7 function and point, output `[F, J]` with the dense 64 x 64 Jacobian
/// row-major (zeros included), as W7 writes it. The hand, fd and num-dual members are W7's
/// (num-dual 0.15 has no sparse Jacobian: its best is W7's chunked dense form); dualnum
/// uses its sparse plan.
pub struct W7Sparse {
    /// W7's workloads, for the three members that are the same.
    dense: W7,
    /// dualnum's plan, built once (pattern given: tridiagonal, 3 colours).
    plan: SparseJacobian<3>,
}

impl Workload for W7Sparse {
    const NAME: &'static str = "W7 sparse broyden n=64 row-major";
    fn new() -> Self {
        let mut plan = SparseJacobian::<3>::from_pattern(Pattern::banded(W7_N, 1, 1));
        plan.set_auto_verify(false); // the release default, also under `cargo test`
        W7Sparse {
            dense: W7::new(),
            plan,
        }
    }
    fn out_len(&self) -> usize {
        self.dense.out_len()
    }
    #[inline(never)]
    fn hand(&mut self, out: &mut [f64]) {
        self.dense.hand(out);
    }
    #[inline(never)]
    fn fd(&mut self, out: &mut [f64]) {
        self.dense.fd(out);
    }
    #[inline(never)]
    fn num_dual(&mut self, out: &mut [f64]) {
        self.dense.num_dual(out);
    }
    #[inline(never)]
    fn dualnum(&mut self, out: &mut [f64]) {
        // the sparse plan (one pass of `Dual<f64, 3>`), from the same closure, each entry
        // written straight into the row-major buffer
        let x = black_box(&self.dense.x[..]);
        let n = x.len();
        let (values, jac) = out.split_at_mut(n);
        let mut jac = MatrixSlice::row_major(jac, n, n).expect("n x n buffer");
        self.plan
            .jacobian_fn_dense_into(
                |x: &[Dual<f64, 3>], y: &mut [Dual<f64, 3>]| broyden!(x, y),
                x,
                Some(values),
                &mut jac,
            )
            .expect("sizes match, pattern covers the function");
    }
}

// ----- W8: Hessian of the 6-variable Rosenbrock function --------------------------------------

/// W8: the Rosenbrock function `Σ_(i<5) 100 (x_(i+1) - x_i²)² + (1 - x_i)²` in 6 variables;
/// output `[f, ∇f (6), H (36, column-major)]`.
pub struct W8 {
    x: SVector<f64, 6>,
}

/// Rosenbrock on any number type with `*`, `-`, unary `-`, `+ f64` and `* f64`.
macro_rules! rosenbrock {
    ($x:expr, $zero:expr) => {{
        let x = $x;
        let mut f = $zero;
        for i in 0..5 {
            let t = x[i + 1] - x[i] * x[i];
            let s = -x[i] + 1.0;
            f = f + t * t * 100.0 + s * s;
        }
        f
    }};
}

fn rosenbrock_f64(x: &[f64; 6]) -> f64 {
    rosenbrock!(x, 0.0)
}

impl Workload for W8 {
    const NAME: &'static str = "W8 hessian rosenbrock 6";
    fn new() -> Self {
        W8 {
            x: SVector::from([-1.2, 1.0, -0.5, 0.8, 1.1, 0.3]),
        }
    }
    fn out_len(&self) -> usize {
        1 + 6 + 36
    }
    #[inline(never)]
    fn hand(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x);
        let (f, rest) = out.split_at_mut(1);
        let (g, h) = rest.split_at_mut(6);
        h.fill(0.0);
        g.fill(0.0);
        let mut value = 0.0;
        for i in 0..5 {
            let t = x[i + 1] - x[i] * x[i];
            let s = 1.0 - x[i];
            value += 100.0 * t * t + s * s;
            // ∂/∂x_i: -400 x_i t - 2 s; ∂/∂x_(i+1): 200 t
            g[i] += -400.0 * x[i] * t - 2.0 * s;
            g[i + 1] += 200.0 * t;
            // ∂²/∂x_i²: 1200 x_i² - 400 x_(i+1) + 2; ∂²/∂x_(i+1)²: 200; mixed: -400 x_i
            h[7 * i] += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
            h[7 * (i + 1)] += 200.0;
            h[6 * i + i + 1] = -400.0 * x[i];
            h[6 * (i + 1) + i] = -400.0 * x[i];
        }
        f[0] = value;
    }
    #[inline(never)]
    fn fd(&mut self, out: &mut [f64]) {
        let x: [f64; 6] = (*black_box(&self.x)).into();
        let f0 = rosenbrock_f64(&x);
        out[0] = f0;
        for i in 0..6 {
            let h = step1(x[i]);
            let (mut xp, mut xm) = (x, x);
            xp[i] += h;
            xm[i] -= h;
            out[1 + i] = (rosenbrock_f64(&xp) - rosenbrock_f64(&xm)) / (2.0 * h);
        }
        let hess = &mut out[7..];
        for i in 0..6 {
            let hi = step2(x[i]);
            let (mut xp, mut xm) = (x, x);
            xp[i] += hi;
            xm[i] -= hi;
            hess[7 * i] = (rosenbrock_f64(&xp) - 2.0 * f0 + rosenbrock_f64(&xm)) / (hi * hi);
            for j in 0..i {
                let hj = step2(x[j]);
                let at = |si: f64, sj: f64| {
                    let mut y = x;
                    y[i] += si * hi;
                    y[j] += sj * hj;
                    rosenbrock_f64(&y)
                };
                let d = (at(1.0, 1.0) - at(1.0, -1.0) - at(-1.0, 1.0) + at(-1.0, -1.0))
                    / (4.0 * hi * hj);
                hess[6 * i + j] = d;
                hess[6 * j + i] = d;
            }
        }
    }
    #[inline(never)]
    fn num_dual(&mut self, out: &mut [f64]) {
        // 21 passes of `HyperDual64` (one a Hessian entry of the upper triangle,
        // workloads/num_dual_hessian.rs): 295 ns, against 1130-1910 ns for
        // `num_dual::hessian` on `Dual2SVec64<6>` and 820 ns for six passes of
        // `HyperDualSVec64<1, 6>`.
        let x = black_box(&self.x);
        let (f, rest) = out.split_at_mut(1);
        let (g, h) = rest.split_at_mut(6);
        f[0] = num_dual_hessian::hessian(
            |x| rosenbrock!(x, num_dual::HyperDual64::from_re(0.0)),
            x,
            g,
            h,
        );
    }
    #[inline(never)]
    fn dualnum(&mut self, out: &mut [f64]) {
        let x = black_box(&self.x);
        // Nested duals (`hessian`): 229-243 ns, against 315-350 ns for `hessian2` on the
        // symmetric `Dual2` at n = 6 with one codegen unit (measured side by side).
        let (f, g, h) =
            dualnum::hessian(|x| rosenbrock!(x, Dual::constant(Dual::constant(0.0))), x);
        out[0] = f;
        put(&g, &mut out[1..7]);
        put(&h, &mut out[7..]);
    }
}

/// Runs `f` for every workload type: `for_each_workload!(my_generic_fn, args...)` calls
/// `my_generic_fn::<W1>(args...)`, ..., `my_generic_fn::<W8>(args...)`.
#[macro_export]
macro_rules! for_each_workload {
    ($f:ident $(, $arg:expr)*) => {{
        $f::<$crate::workloads::W1>($($arg),*);
        $f::<$crate::workloads::W2>($($arg),*);
        $f::<$crate::workloads::W3>($($arg),*);
        $f::<$crate::workloads::W4>($($arg),*);
        $f::<$crate::workloads::W5>($($arg),*);
        $f::<$crate::workloads::W6>($($arg),*);
        $f::<$crate::workloads::W7>($($arg),*);
        $f::<$crate::workloads::W7Sparse>($($arg),*);
        $f::<$crate::workloads::W8>($($arg),*);
    }};
}

/// The largest absolute difference between two outputs; NaN if any difference is NaN (an
/// entry left unwritten, or computed as NaN), where `f64::max` would skip it.
pub fn max_abs_error(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, |m, d| if d > m || d.is_nan() { d } else { m })
}

/// The tolerance of implementation `i` of [`IMPLS`] against `hand`, relative to
/// `max(1, max |hand|)`: rounding only for the dual members (each derivative entry is a few
/// dozen operations, so 1e-12 is about 10⁴ ε), `ε^(2/3)`-sized truncation and rounding
/// for the first-order central differences and `ε^(1/2)` for the second-order ones, under
/// 1e-4 with margin.
fn tolerance(i: usize) -> f64 {
    if i == 1 { 1e-4 } else { 1e-12 }
}

/// Runs every implementation of `W` once and returns the max abs error of each against
/// `hand` (`hand`'s own entry is 0); panics if one is not finite or above its
/// [`tolerance`], so a peer computing another quantity or layout cannot be timed.
pub fn check<W: Workload>() -> [f64; 4] {
    let mut w = W::new();
    let mut reference = vec![f64::NAN; w.out_len()];
    w.hand(&mut reference);
    let scale = reference.iter().fold(1.0, |m: f64, v| m.max(v.abs()));
    let mut errors = [0.0; 4];
    for (i, e) in errors.iter_mut().enumerate() {
        let mut out = vec![f64::NAN; w.out_len()];
        w.run(i, &mut out);
        *e = max_abs_error(&out, &reference);
        assert!(
            *e <= tolerance(i) * scale,
            "{}: {} is off hand by {e:e} (tolerance {:e})",
            W::NAME,
            IMPLS[i],
            tolerance(i) * scale
        );
    }
    errors
}
