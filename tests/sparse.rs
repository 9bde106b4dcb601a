//! Sparse Jacobians: the tracer (dependency rules, values, threads, panics), pattern
//! detection, `Pattern` (bounds, subsets, hand-given patterns), colourings (greedy orders,
//! bounds, optimality on bands, hand-given colourings), `SparseJacobian` (passes, widths,
//! auto-verify, dense and values outputs, zeroed outputs per pass) and `SparseError`
//! (pattern changes, branches, lengths, foreign tracers).
//!
//! Oracles: hand-written analytic Jacobians (Broyden, a band of bandwidth 2, an elementwise
//! map, arrowheads, a dense map, functions built from random patterns), central finite
//! differences, a dense `ChunkedJacobian` (a different code path), the `f64` function for
//! tracer values, naive colouring checks and an explicit degeneracy computation.

use std::any::Any;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use dualnum::sparse::{
    Colouring, ColumnOrder, Pattern, SparseError, SparseJacobian, Tracer, VectorFunction,
    trace_pattern,
};
use dualnum::{ChunkedJacobian, Dual, Real};
use nalgebra::DMatrix;
use nalgebra_sparse::CscMatrix;
use num_traits::Float;
use quickcheck::{QuickCheck, TestResult};

mod common;
use common::Rng;

#[global_allocator]
static ALLOCATOR: common::alloc::CountingAllocator = common::alloc::CountingAllocator;
use common::fixtures::{Broyden, broyden_jacobian};
use common::oracles::{fd_jacobian, richardson};
use common::oracles_matrix::assert_close_same_zeros;
use common::tolerance::{CENTRAL_DIFFERENCE_TIGHT, CLOSED_FORM, max_rel_diff, near, same};

type D1 = Dual<f64, 1>;

type D2 = Dual<f64, 2>;

// ----- oracles and helpers -------------------------------------------------------------

/// The central-difference Jacobian `(f(x + h eⱼ) - f(x - h eⱼ)) / 2h` with
/// `h = 1e-6 (1 + |xⱼ|)`: truncation error `h² |f'''| / 6`, rounding error `~ε |f| / h`,
/// both below 1e-8 for the smooth, O(1)-sized functions here.
fn central_differences<F: VectorFunction>(f: &F, x: &[f64]) -> DMatrix<f64> {
    let eval = |p: &[f64]| {
        let mut y = vec![0.0; f.output_len()];
        f.eval(p, &mut y);
        y
    };
    fd_jacobian(eval, x, 1e-6)
}

fn csc_to_dense(m: &CscMatrix<f64>) -> DMatrix<f64> {
    let mut d = DMatrix::zeros(m.nrows(), m.ncols());
    for (i, j, v) in m.triplet_iter() {
        d[(i, j)] = *v;
    }
    d
}

/// Every structurally nonzero entry of `dense` (an analytic Jacobian) must be in the plan's
/// pattern, and the sparse result must equal `dense` everywhere.
fn check_against<const K: usize, F: VectorFunction>(
    plan: &mut SparseJacobian<K>,
    f: &F,
    x: &[f64],
    oracle: &DMatrix<f64>,
    tol: f64,
) {
    let sparse = plan.jacobian(f, x).unwrap();
    let dense = csc_to_dense(&sparse);
    let err = max_rel_diff(&dense, oracle);
    assert!(
        err < tol,
        "sparse Jacobian off by {err:e} (tolerance {tol:e})"
    );
    // The dense output agrees with the sparse one exactly.
    assert_eq!(plan.jacobian_dense(f, x).unwrap(), dense);
    // The values output is f(x).
    let mut values = vec![0.0; f.output_len()];
    let mut y = vec![0.0; f.output_len()];
    let mut jac = plan.new_matrix();
    plan.jacobian_into(f, x, &mut values, &mut jac).unwrap();
    f.eval(x, &mut y);
    assert_eq!(values, y);
    assert_eq!(jac, sparse);
}

#[derive(Clone, Copy, Debug)]
enum Un {
    Exp,
    Sin,
    Cos,
    Tanh,
    Sqrt,
    Ln,
    Atan,
    Abs,
    Cbrt,
    Floor,
    Recip,
    Powi3,
    Neg,
    Scale,
    Asinh,
    ExpM1,
    Fract,
    Signum,
}

#[derive(Clone, Copy, Debug)]
enum Bi {
    Add,
    Sub,
    Mul,
    Div,
    Powf,
    Hypot,
    Atan2,
    Max,
    Min,
    Log,
    Copysign,
    Rem,
    MulAdd,
    Clamp,
    AbsSub,
}

const UNS: [Un; 18] = [
    Un::Exp,
    Un::Sin,
    Un::Cos,
    Un::Tanh,
    Un::Sqrt,
    Un::Ln,
    Un::Atan,
    Un::Abs,
    Un::Cbrt,
    Un::Floor,
    Un::Recip,
    Un::Powi3,
    Un::Neg,
    Un::Scale,
    Un::Asinh,
    Un::ExpM1,
    Un::Fract,
    Un::Signum,
];

const BIS: [Bi; 15] = [
    Bi::Add,
    Bi::Sub,
    Bi::Mul,
    Bi::Div,
    Bi::Powf,
    Bi::Hypot,
    Bi::Atan2,
    Bi::Max,
    Bi::Min,
    Bi::Log,
    Bi::Copysign,
    Bi::Rem,
    Bi::MulAdd,
    Bi::Clamp,
    Bi::AbsSub,
];

/// An expression over the inputs, written once and evaluated on any `Real`. Every operation
/// keeps its argument in its domain (`sqrt(1 + a²)`, `ln(1 + a²)`, a positive base for
/// `powf`, ...) so that values stay finite and moderate at random points.
#[derive(Clone, Debug)]
enum Expr {
    Input(usize),
    Constant(f64),
    Unary(Un, Box<Expr>),
    Binary(Bi, Box<Expr>, Box<Expr>),
    /// `if a > b { c } else { d }`: only the branch taken is evaluated
    Branch(Box<[Expr; 4]>),
}

impl Expr {
    fn eval<S: Real>(&self, x: &[S]) -> S {
        let lit = S::literal;
        match self {
            Expr::Input(j) => x[*j],
            Expr::Constant(c) => lit(*c),
            Expr::Unary(op, a) => {
                let a = a.eval(x);
                match op {
                    Un::Exp => a.tanh().exp(),
                    Un::Sin => a.sin(),
                    Un::Cos => a.cos(),
                    Un::Tanh => a.tanh(),
                    Un::Sqrt => (S::one() + a * a).sqrt(),
                    Un::Ln => (S::one() + a * a).ln(),
                    Un::Atan => a.atan(),
                    Un::Abs => a.abs(),
                    Un::Cbrt => a.cbrt(),
                    Un::Floor => a.floor() + a.sin(),
                    Un::Recip => (lit(2.0) + a.sin()).recip(),
                    Un::Powi3 => a.tanh().powi(3),
                    Un::Neg => -a,
                    Un::Scale => a.mul_f64(1.5),
                    Un::Asinh => a.asinh(),
                    Un::ExpM1 => a.tanh().exp_m1(),
                    Un::Fract => a.fract(),
                    Un::Signum => a.signum() * a.cos(),
                }
            }
            Expr::Binary(op, a, b) => {
                let (a, b) = (a.eval(x), b.eval(x));
                match op {
                    Bi::Add => a + b,
                    Bi::Sub => a - b,
                    Bi::Mul => a.tanh() * b,
                    Bi::Div => a / (lit(1.5) + b.cos()),
                    Bi::Powf => (lit(1.5) + a.sin()).powf(b.tanh() * lit(2.0)),
                    Bi::Hypot => a.hypot(b),
                    Bi::Atan2 => a.atan2(b),
                    Bi::Max => a.max(b),
                    Bi::Min => a.min(b),
                    Bi::Log => (lit(2.0) + a * a).log(lit(3.0) + b * b),
                    Bi::Copysign => a.copysign(b),
                    Bi::Rem => a % (lit(1.5) + b * b),
                    Bi::MulAdd => a.tanh().mul_add(b, lit(0.5)),
                    Bi::Clamp => a.clamp(b - lit(0.5), b + lit(0.5)),
                    Bi::AbsSub => Float::abs_sub(a, b),
                }
            }
            Expr::Branch(parts) => {
                if parts[0].eval(x) > parts[1].eval(x) {
                    parts[2].eval(x)
                } else {
                    parts[3].eval(x)
                }
            }
        }
    }

    fn random(rng: &mut Rng, inputs: &[usize], depth: usize) -> Expr {
        let leaf = depth == 0 || rng.below(5) == 0;
        if leaf {
            return if rng.below(8) == 0 {
                Expr::Constant(rng.uniform() * 2.0)
            } else {
                Expr::Input(inputs[rng.below(inputs.len())])
            };
        }
        match rng.below(10) {
            0..=3 => Expr::Unary(
                UNS[rng.below(UNS.len())],
                Box::new(Expr::random(rng, inputs, depth - 1)),
            ),
            4..=8 => Expr::Binary(
                BIS[rng.below(BIS.len())],
                Box::new(Expr::random(rng, inputs, depth - 1)),
                Box::new(Expr::random(rng, inputs, depth - 1)),
            ),
            _ => Expr::Branch(Box::new([
                Expr::random(rng, inputs, depth - 1),
                Expr::random(rng, inputs, depth - 1),
                Expr::random(rng, inputs, depth - 1),
                Expr::random(rng, inputs, depth - 1),
            ])),
        }
    }
}

/// A random sparse function: each output an expression over a few inputs (a band around
/// its row, plus now and then a far input).
struct RandomFn {
    n: usize,
    outputs: Vec<Expr>,
}

impl RandomFn {
    fn new(seed: u64, n: usize, m: usize) -> Self {
        let mut rng = Rng(seed);
        let outputs = (0..m)
            .map(|i| {
                let centre = i * n / m.max(1);
                let mut inputs: Vec<usize> =
                    (0..1 + rng.below(3)).map(|k| (centre + k) % n).collect();
                if rng.below(4) == 0 {
                    inputs.push(rng.below(n));
                }
                Expr::random(&mut rng, &inputs, 4)
            })
            .collect();
        RandomFn { n, outputs }
    }
}

impl VectorFunction for RandomFn {
    fn input_len(&self) -> usize {
        self.n
    }
    fn output_len(&self) -> usize {
        self.outputs.len()
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        for (yi, e) in y.iter_mut().zip(&self.outputs) {
            *yi = e.eval(x);
        }
    }
}

/// The dense Jacobian by `ChunkedJacobian` (4 columns per pass): another code path.
fn dense_jacobian<F: VectorFunction>(f: &F, x: &[f64]) -> (Vec<f64>, DMatrix<f64>) {
    let (m, n) = (f.output_len(), f.input_len());
    let mut values = vec![0.0; m];
    let mut jac = vec![0.0; m * n];
    ChunkedJacobian::<4, f64>::new()
        .jacobian_slice_into(|x, y| f.eval(x, y), x, &mut values, &mut jac)
        .unwrap();
    (values, DMatrix::from_vec(m, n, jac))
}

/// Central differences (Richardson, step 1e-5 (1 + |xⱼ|)) where the entry looks smooth
/// (steps h and h/2 agree); `None` elsewhere (a jump of floor, fract, %, or a branch).
fn fd_entry<F: VectorFunction>(f: &F, x: &[f64], i: usize, j: usize) -> Option<f64> {
    let m = f.output_len();
    let g = |t: f64| {
        let mut xs = x.to_vec();
        xs[j] = t;
        let mut y = vec![0.0; m];
        f.eval(&xs, &mut y);
        y[i]
    };
    let h = 1e-5 * (1.0 + x[j].abs());
    let (d1, d2) = (richardson(g, x[j], h), richardson(g, x[j], h / 2.0));
    ((d1 - d2).abs() <= 1e-7 * (1.0 + d2.abs()) && d2.is_finite()).then_some(d2)
}

/// The first two columns of the same colour that share a row (checked here, not by the
/// crate), if any.
fn colour_clash(pattern: &Pattern, colours: &[usize]) -> Option<(usize, usize, usize)> {
    for i in 0..pattern.nrows() {
        let row = pattern.row(i);
        for (a, &j) in row.iter().enumerate() {
            for &k in &row[a + 1..] {
                if colours[j] == colours[k] {
                    return Some((i, j, k));
                }
            }
        }
    }
    None
}

fn assert_valid_colouring(pattern: &Pattern, colours: &[usize], what: &str) {
    assert_eq!(
        colours.len(),
        pattern.ncols(),
        "{what}: one colour per column"
    );
    if let Some((i, j, k)) = colour_clash(pattern, colours) {
        panic!(
            "{what}: columns {j} and {k} share row {i} and colour {}",
            colours[j]
        );
    }
}

/// Two Jacobian entries agree: equal, both NaN, or within 1e-13 relative. (Not always bit
/// for bit: `pow` and a `log` with a dual base take a cheaper path when the exponent or base
/// has an all-zero tangent, which depends on which columns share the pass, and the two
/// paths round differently in the last place.)
fn entry_eq(p: f64, q: f64) -> bool {
    p == q || (p.is_nan() && q.is_nan()) || (p - q).abs() <= 1e-13 * (1.0 + q.abs())
}

/// The entries where two matrices differ: `(i, j, a, b)`.
fn diffs(a: &DMatrix<f64>, b: &DMatrix<f64>) -> Vec<(usize, usize, f64, f64)> {
    let mut out = Vec::new();
    for i in 0..a.nrows() {
        for j in 0..a.ncols() {
            let (p, q) = (a[(i, j)], b[(i, j)]);
            if !entry_eq(p, q) {
                out.push((i, j, p, q));
            }
        }
    }
    out
}

fn mat_eq(a: &DMatrix<f64>, b: &DMatrix<f64>) -> bool {
    a.shape() == b.shape() && a.iter().zip(b.iter()).all(|(p, q)| entry_eq(*p, *q))
}

/// Every plan width gives exactly the dense Jacobian, values included.
fn check_plan<const K: usize>(
    f: &RandomFn,
    x: &[f64],
    dense: &DMatrix<f64>,
    values: &[f64],
    what: &str,
) {
    let mut plan = SparseJacobian::<K>::new(f, x).unwrap();
    assert_valid_colouring(plan.pattern(), plan.colouring().colours(), what);
    assert_eq!(
        plan.passes(),
        plan.colours().div_ceil(K).max(1),
        "{what}: passes"
    );
    let jd = plan.jacobian_dense(f, x).unwrap();
    assert!(
        mat_eq(&jd, dense),
        "{what} K={K}: sparse vs dense differ at {:?}",
        diffs(&jd, dense)
    );
    let csc = plan.jacobian(f, x).unwrap();
    for (i, j, v) in csc.triplet_iter() {
        assert!(entry_eq(*v, dense[(i, j)]), "{what} K={K}: csc ({i}, {j})");
    }
    let mut vals = vec![0.0; f.output_len()];
    let mut jac = plan.new_matrix();
    plan.set_auto_verify(false);
    plan.jacobian_into(f, x, &mut vals, &mut jac).unwrap();
    assert!(
        vals.iter().zip(values).all(|(a, b)| same(*a, *b)),
        "{what} K={K}: values"
    );
    assert_eq!(jac, csc, "{what} K={K}: jacobian_into");
}

// ----- test functions ------------------------------------------------------------------

/// Bandwidth 2 on both sides: `F_i = x_i³ + Σ_(0<|d|<=2) c_d sin(x_i x_(i+d))` with
/// `c_-2 = 0.5, c_-1 = -1, c_1 = 2, c_2 = -0.25`.
struct Band2(usize);

const BAND_C: [(isize, f64); 4] = [(-2, 0.5), (-1, -1.0), (1, 2.0), (2, -0.25)];

impl VectorFunction for Band2 {
    fn input_len(&self) -> usize {
        self.0
    }
    fn output_len(&self) -> usize {
        self.0
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        for i in 0..self.0 {
            let mut f = x[i].powi(3);
            for (d, c) in BAND_C {
                let k = i as isize + d;
                if k >= 0 && (k as usize) < self.0 {
                    f = f + S::literal(c) * (x[i] * x[k as usize]).sin();
                }
            }
            y[i] = f;
        }
    }
}

/// `∂F_i/∂x_i = 3 x_i² + Σ c_d x_k cos(x_i x_k)`, `∂F_i/∂x_k = c_d x_i cos(x_i x_k)`.
fn band2_analytic(x: &[f64]) -> DMatrix<f64> {
    let n = x.len();
    let mut j = DMatrix::zeros(n, n);
    for i in 0..n {
        j[(i, i)] = 3.0 * x[i] * x[i];
        for (d, c) in BAND_C {
            let k = i as isize + d;
            if k >= 0 && (k as usize) < n {
                let k = k as usize;
                let cs = (x[i] * x[k]).cos();
                j[(i, i)] += c * x[k] * cs;
                j[(i, k)] += c * x[i] * cs;
            }
        }
    }
    j
}

/// Elementwise: `y_i = x_i sin x_i`.
struct Elementwise(usize);

impl VectorFunction for Elementwise {
    fn input_len(&self) -> usize {
        self.0
    }
    fn output_len(&self) -> usize {
        self.0
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        for (yi, &xi) in y.iter_mut().zip(x) {
            *yi = xi * xi.sin();
        }
    }
}

/// Arrowhead: `y_0 = Σ x_j²`, `y_i = x_0 x_i + x_i³` (dense first row and column, and the
/// diagonal). With `transposed`, only the first column and the diagonal:
/// `y_0 = x_0²`, `y_i = x_0 x_i + x_i³`.
struct Arrowhead {
    n: usize,
    dense_first_row: bool,
}

impl VectorFunction for Arrowhead {
    fn input_len(&self) -> usize {
        self.n
    }
    fn output_len(&self) -> usize {
        self.n
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        y[0] = if self.dense_first_row {
            x.iter().fold(S::zero(), |s, &xj| s + xj * xj)
        } else {
            x[0] * x[0]
        };
        for i in 1..self.n {
            y[i] = x[0] * x[i] + x[i].powi(3);
        }
    }
}

fn arrowhead_analytic(x: &[f64], dense_first_row: bool) -> DMatrix<f64> {
    let n = x.len();
    let mut j = DMatrix::zeros(n, n);
    if dense_first_row {
        for k in 0..n {
            j[(0, k)] = 2.0 * x[k];
        }
    } else {
        j[(0, 0)] = 2.0 * x[0];
    }
    for i in 1..n {
        j[(i, 0)] = x[i];
        j[(i, i)] = x[0] + 3.0 * x[i] * x[i];
    }
    j
}

/// Dense: `y_i = Σ_j a_ij tanh(x_j) + x_i²`, `a_ij = cos(i + 2j)` (never zero at integers).
struct DenseMap {
    m: usize,
    n: usize,
}

impl VectorFunction for DenseMap {
    fn input_len(&self) -> usize {
        self.n
    }
    fn output_len(&self) -> usize {
        self.m
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        for (i, yi) in y.iter_mut().enumerate() {
            let mut s = x[i % self.n] * x[i % self.n];
            for (j, &xj) in x.iter().enumerate() {
                s = s + S::literal(((i + 2 * j) as f64).cos()) * xj.tanh();
            }
            *yi = s;
        }
    }
}

fn dense_analytic(m: usize, x: &[f64]) -> DMatrix<f64> {
    let n = x.len();
    DMatrix::from_fn(m, n, |i, j| {
        let t = x[j].tanh();
        let mut d = ((i + 2 * j) as f64).cos() * (1.0 - t * t);
        if j == i % n {
            d += 2.0 * x[j];
        }
        d
    })
}

/// A function built from a pattern: `y_i = Σ_(j ∈ row i) w_ij sin(x_j) + x_a x_b` with
/// `a`, `b` the first and last column of the row (the product only when they differ), so
/// that row `i` depends exactly on the columns of row `i`.
struct FromPattern {
    rows: Vec<Vec<usize>>,
    n: usize,
}

impl FromPattern {
    fn weight(i: usize, j: usize) -> f64 {
        1.0 + 0.1 * ((3 * i + 7 * j) % 11) as f64
    }
}

impl VectorFunction for FromPattern {
    fn input_len(&self) -> usize {
        self.n
    }
    fn output_len(&self) -> usize {
        self.rows.len()
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        for (i, row) in self.rows.iter().enumerate() {
            let mut s = S::zero();
            for &j in row {
                s = s + S::literal(Self::weight(i, j)) * x[j].sin();
            }
            if row.len() >= 2 {
                s = s + x[row[0]] * x[row[row.len() - 1]];
            }
            y[i] = s;
        }
    }
}

fn from_pattern_analytic(f: &FromPattern, x: &[f64]) -> DMatrix<f64> {
    let mut jac = DMatrix::zeros(f.rows.len(), f.n);
    for (i, row) in f.rows.iter().enumerate() {
        for &j in row {
            jac[(i, j)] += FromPattern::weight(i, j) * x[j].cos();
        }
        if row.len() >= 2 {
            let (a, b) = (row[0], row[row.len() - 1]);
            jac[(i, a)] += x[b];
            jac[(i, b)] += x[a];
        }
    }
    jac
}

/// A random pattern: `m` rows over `n` columns, each entry present with probability
/// `density`; rows sorted and unique.
fn random_rows(m: usize, n: usize, density: f64, rng: &mut Rng) -> Vec<Vec<usize>> {
    (0..m)
        .map(|_| {
            (0..n)
                .filter(|_| (rng.uniform() + 1.0) / 2.0 < density)
                .collect()
        })
        .collect()
}

/// The degree of column `j` in the column intersection graph, computed naively.
fn naive_degree(p: &Pattern, j: usize) -> usize {
    (0..p.ncols())
        .filter(|&k| k != j && (0..p.nrows()).any(|i| p.contains(i, j) && p.contains(i, k)))
        .count()
}

/// `y_i += x_i² + x_(i+1)` (accumulating into `y`), and with `dense_row` also
/// `y_0 += Σ x_j`: right only if `y` comes in zeroed; counts the calls in which it did not.
struct Accumulate {
    n: usize,
    dense_row: bool,
    dirty: Cell<usize>,
    calls: Cell<usize>,
}

impl VectorFunction for Accumulate {
    fn input_len(&self) -> usize {
        self.n
    }
    fn output_len(&self) -> usize {
        self.n
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        self.calls.set(self.calls.get() + 1);
        if !y.iter().all(Real::is_exact_zero) {
            self.dirty.set(self.dirty.get() + 1);
        }
        for i in 0..self.n {
            y[i] = y[i] + x[i] * x[i];
            if i + 1 < self.n {
                y[i] = y[i] + x[i + 1];
            }
            if self.dense_row {
                y[0] = y[0] + x[i];
            }
        }
    }
}

// ----- Jacobians of the test functions: colours, passes, values ------------------------

#[test]
fn broyden_pattern_is_tridiagonal_with_three_colours() {
    for n in [1, 2, 3, 4, 10, 101] {
        let x = vec![-1.0; n];
        let p = trace_pattern(&Broyden(n), &x).unwrap();
        assert_eq!(p, Pattern::banded(n, 1, 1), "n = {n}");
        let plan = SparseJacobian::<3>::new(&Broyden(n), &x).unwrap();
        assert_eq!(plan.colours(), n.min(3), "n = {n}");
        assert_eq!(plan.passes(), 1);
        assert!(plan.colouring().is_valid_for(plan.pattern()));
    }
}

#[test]
fn broyden_sparse_equals_analytic_and_finite_differences() {
    let mut rng = Rng(1);
    for n in [2, 5, 64, 300] {
        let f = Broyden(n);
        let mut plan = SparseJacobian::<3>::new(&f, &vec![0.5; n]).unwrap();
        // The same plan at several new points.
        for _ in 0..3 {
            let x: Vec<f64> = rng.vec(n, -1.0, 1.0).iter().map(|v| 2.0 * v).collect();
            check_against(&mut plan, &f, &x, &broyden_jacobian(&x), CLOSED_FORM);
            check_against(
                &mut plan,
                &f,
                &x,
                &central_differences(&f, &x),
                CENTRAL_DIFFERENCE_TIGHT,
            );
        }
    }
}

#[test]
fn broyden_with_wider_and_narrower_tangents() {
    // K = 8 > 3 colours: one pass, components 3..8 unused. K = 1 and K = 2: 3 and 2 passes.
    let n = 50;
    let f = Broyden(n);
    let x: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin()).collect();
    let analytic = broyden_jacobian(&x);
    let mut p8 = SparseJacobian::<8>::new(&f, &x).unwrap();
    assert_eq!(p8.passes(), 1);
    check_against(&mut p8, &f, &x, &analytic, CLOSED_FORM);
    let mut p1 = p8.with_width::<1>();
    assert_eq!(p1.passes(), 3);
    check_against(&mut p1, &f, &x, &analytic, CLOSED_FORM);
    let mut p2 = p1.with_width::<2>();
    assert_eq!(p2.passes(), 2);
    check_against(&mut p2, &f, &x, &analytic, CLOSED_FORM);
}

#[test]
fn band_of_width_two_takes_five_colours() {
    let mut rng = Rng(2);
    for n in [5, 6, 40, 257] {
        let f = Band2(n);
        let x = rng.vec(n, -1.0, 1.0);
        let mut plan = SparseJacobian::<5>::new(&f, &x).unwrap();
        assert_eq!(*plan.pattern(), Pattern::banded(n, 2, 2));
        assert_eq!(plan.colours(), 5);
        assert_eq!(plan.passes(), 1);
        let x2 = rng.vec(n, -1.0, 1.0);
        check_against(&mut plan, &f, &x2, &band2_analytic(&x2), CLOSED_FORM);
        check_against(
            &mut plan,
            &f,
            &x2,
            &central_differences(&f, &x2),
            CENTRAL_DIFFERENCE_TIGHT,
        );
    }
}

#[test]
fn elementwise_map_takes_one_colour() {
    let n = 200;
    let f = Elementwise(n);
    let mut rng = Rng(3);
    let x = rng.vec(n, -1.0, 1.0);
    let mut plan = SparseJacobian::<1>::new(&f, &x).unwrap();
    assert_eq!(plan.colours(), 1);
    assert_eq!(*plan.pattern(), Pattern::banded(n, 0, 0));
    let x2 = rng.vec(n, -1.0, 1.0);
    let analytic = DMatrix::from_fn(n, n, |i, j| {
        if i == j {
            x2[i].sin() + x2[i] * x2[i].cos()
        } else {
            0.0
        }
    });
    check_against(&mut plan, &f, &x2, &analytic, CLOSED_FORM);
    check_against(
        &mut plan,
        &f,
        &x2,
        &central_differences(&f, &x2),
        CENTRAL_DIFFERENCE_TIGHT,
    );
}

#[test]
fn arrowhead_with_dense_row_needs_n_colours_over_several_passes() {
    let n = 11;
    let f = Arrowhead {
        n,
        dense_first_row: true,
    };
    let mut rng = Rng(4);
    let x = rng.vec(n, -1.0, 1.0);
    let mut plan = SparseJacobian::<4>::new(&f, &x).unwrap();
    // Row 0 holds every column, so they all conflict.
    assert_eq!(plan.colours(), n);
    assert_eq!(plan.passes(), 3); // 4 + 4 + 3
    assert_eq!(plan.nnz(), n + 2 * (n - 1));
    let x2 = rng.vec(n, -1.0, 1.0);
    check_against(
        &mut plan,
        &f,
        &x2,
        &arrowhead_analytic(&x2, true),
        CLOSED_FORM,
    );
    check_against(
        &mut plan,
        &f,
        &x2,
        &central_differences(&f, &x2),
        CENTRAL_DIFFERENCE_TIGHT,
    );
}

#[test]
fn arrowhead_with_dense_column_only_takes_two_colours() {
    let n = 30;
    let f = Arrowhead {
        n,
        dense_first_row: false,
    };
    let mut rng = Rng(5);
    let x = rng.vec(n, -1.0, 1.0);
    let mut plan = SparseJacobian::<2>::new(&f, &x).unwrap();
    // Column 0 conflicts with all; the others share no row with each other.
    assert_eq!(plan.colours(), 2);
    let x2 = rng.vec(n, -1.0, 1.0);
    check_against(
        &mut plan,
        &f,
        &x2,
        &arrowhead_analytic(&x2, false),
        CLOSED_FORM,
    );
    check_against(
        &mut plan,
        &f,
        &x2,
        &central_differences(&f, &x2),
        CENTRAL_DIFFERENCE_TIGHT,
    );
}

#[test]
fn dense_function_takes_n_colours() {
    let mut rng = Rng(6);
    for (m, n) in [(7, 7), (3, 9), (10, 4)] {
        let f = DenseMap { m, n };
        let x = rng.vec(n, -1.0, 1.0);
        let mut plan = SparseJacobian::<3>::new(&f, &x).unwrap();
        assert_eq!(*plan.pattern(), Pattern::dense(m, n));
        assert_eq!(plan.colours(), n);
        assert_eq!(plan.passes(), n.div_ceil(3));
        check_against(&mut plan, &f, &x, &dense_analytic(m, &x), CLOSED_FORM);
        check_against(
            &mut plan,
            &f,
            &x,
            &central_differences(&f, &x),
            CENTRAL_DIFFERENCE_TIGHT,
        );
        // A plan from the dense pattern by hand gives the same.
        let mut by_hand = SparseJacobian::<3>::from_pattern(Pattern::dense(m, n));
        check_against(&mut by_hand, &f, &x, &dense_analytic(m, &x), CLOSED_FORM);
    }
}

// ----- the plan: passes, widths, auto-verify, outputs ---------------------------------------

/// plan.rs: "`SparseJacobian::from_pattern(Pattern::dense(m, n))` is a dense Jacobian in
/// `ceil(n / K)` passes"; `passes`: "`ceil(colours / K)`, at least 1"; auto-verify is "on
/// by default in debug builds, off in release builds"; `with_width` keeps the setting.
#[test]
fn sparse_plan_passes_and_auto_verify_defaults() {
    for n in [1, 5, 8, 9, 17] {
        for m in [1, 3] {
            assert_eq!(
                SparseJacobian::<4>::from_pattern(Pattern::dense(m, n)).passes(),
                n.div_ceil(4)
            );
            assert_eq!(
                SparseJacobian::<1>::from_pattern(Pattern::dense(m, n)).passes(),
                n
            );
        }
    }
    let empty = SparseJacobian::<4>::from_pattern(Pattern::dense(3, 0));
    assert_eq!((empty.colours(), empty.passes()), (0, 1));
    let mut plan = SparseJacobian::<3>::new(&Broyden(10), &[0.5; 10]).unwrap();
    assert_eq!(plan.auto_verify(), cfg!(debug_assertions));
    plan.set_auto_verify(!cfg!(debug_assertions));
    let plan = plan.with_width::<2>();
    assert_eq!(plan.auto_verify(), !cfg!(debug_assertions));
    assert_eq!(plan.passes(), 2); // 3 colours, 2 per pass
}

/// plan.rs `jacobian_dense_into`: "the dense `m x n` matrix `jacobian` (entries outside the
/// pattern set to 0)"; the values are the hand Jacobian.
#[test]
fn sparse_dense_output_zeroes_entries_outside_the_pattern() {
    let n = 12;
    let x: Vec<f64> = (0..n).map(|i| 0.3 * i as f64 - 1.0).collect();
    let mut plan = SparseJacobian::<3>::new(&Broyden(n), &x).unwrap();
    let mut values = vec![f64::NAN; n];
    let mut jac = DMatrix::from_element(n, n, f64::NAN);
    plan.jacobian_dense_into(&Broyden(n), &x, &mut values, &mut jac)
        .unwrap();
    assert_close_same_zeros("dense", &jac, &broyden_jacobian(&x));
    let mut y = vec![0.0; n];
    Broyden(n).eval(&x, &mut y);
    assert_eq!(values, y);
}

/// function.rs `VectorFunction`: "`eval` receives `y` filled with zeros, and an output left
/// untouched is the constant 0": on the trace, on every pass of multi-pass plans (a band,
/// whose plan keeps destination tables, and a dense row, whose plan does not) and on
/// repeated calls. Hand Jacobian: `2 diag(x)`, ones above the diagonal, and with the dense
/// row ones added to row 0.
#[test]
fn vector_function_receives_zeroed_outputs_on_every_pass() {
    let n = 20;
    let x: Vec<f64> = (0..n).map(|i| 0.25 * i as f64 - 2.0).collect();
    for dense_row in [false, true] {
        let hand = DMatrix::from_fn(n, n, |i, j| {
            let mut d = if i == j { 2.0 * x[i] } else { 0.0 };
            if j == i + 1 {
                d += 1.0;
            }
            if dense_row && i == 0 {
                d += 1.0;
            }
            d
        });
        let f = Accumulate {
            n,
            dense_row,
            dirty: Cell::new(0),
            calls: Cell::new(0),
        };
        let mut narrow = SparseJacobian::<1>::new(&f, &x).unwrap();
        let mut wide = SparseJacobian::<8>::new(&f, &x).unwrap();
        let colours = if dense_row { n } else { 2 };
        assert_eq!(narrow.colours(), colours);
        narrow.set_auto_verify(false);
        wide.set_auto_verify(false);
        f.calls.set(0);
        for _ in 0..2 {
            assert_close_same_zeros("K = 1", &narrow.jacobian_dense(&f, &x).unwrap(), &hand);
            assert_close_same_zeros("K = 8", &wide.jacobian_dense(&f, &x).unwrap(), &hand);
        }
        assert_eq!(f.calls.get(), 2 * (colours + colours.div_ceil(8)));
        assert_eq!(
            f.dirty.get(),
            0,
            "dense row {dense_row}: calls with a dirty y"
        );
    }
}

// ----- random sparse functions --------------------------------------------------------------

#[test]
fn random_sparse_functions_trace_colour_and_differentiate_right() {
    fn check(seed: u64) -> TestResult {
        let mut rng = Rng(seed);
        let (m, n) = (1 + rng.below(14), 1 + rng.below(14));
        let density = 0.05 + 0.5 * (rng.uniform() + 1.0) / 2.0;
        let rows = random_rows(m, n, density, &mut rng);
        let expected = Pattern::from_rows(n, &rows).unwrap();
        let f = FromPattern { rows, n };
        let x = rng.vec(n, -1.0, 1.0);
        let traced = trace_pattern(&f, &x).unwrap();
        if traced != expected {
            return TestResult::error(format!("traced {traced:?} != {expected:?}"));
        }
        let mut plan = SparseJacobian::<3>::new(&f, &x).unwrap();
        if !plan.colouring().is_valid_for(&expected) {
            return TestResult::error("invalid colouring");
        }
        if plan.colours() < expected.max_row_len() || plan.colours() > n {
            return TestResult::error("colour count out of bounds");
        }
        let x2 = rng.vec(n, -1.0, 1.0);
        let jac = csc_to_dense(&plan.jacobian(&f, &x2).unwrap());
        let analytic = from_pattern_analytic(&f, &x2);
        let fd = central_differences(&f, &x2);
        let (ea, ef) = (max_rel_diff(&jac, &analytic), max_rel_diff(&jac, &fd));
        if ea > CLOSED_FORM || ef > CENTRAL_DIFFERENCE_TIGHT {
            return TestResult::error(format!("errors {ea:e} (analytic), {ef:e} (fd)"));
        }
        TestResult::passed()
    }
    QuickCheck::new()
        .tests(300)
        .quickcheck(check as fn(u64) -> TestResult);
}

#[test]
fn random_sparse_functions_pattern_colouring_and_every_width() {
    for seed in 0..40u64 {
        let n = 6 + (seed as usize * 7) % 40;
        let m = 4 + (seed as usize * 5) % 40;
        let f = RandomFn::new(seed, n, m);
        let mut rng = Rng(1000 + seed);
        let x: Vec<f64> = (0..n).map(|_| 2.0 * rng.uniform()).collect();
        let what = format!("seed {seed} ({m}x{n})");

        let pattern = trace_pattern(&f, &x).unwrap();
        let (values, dense) = dense_jacobian(&f, &x);
        // values on f64 agree with the dual values bit for bit
        let mut y = vec![0.0; m];
        f.eval(&x, &mut y);
        assert!(
            y.iter().zip(&values).all(|(a, b)| same(*a, *b)),
            "{what}: values"
        );
        // every nonzero of the dense Jacobian is in the pattern
        for i in 0..m {
            for j in 0..n {
                if dense[(i, j)] != 0.0 {
                    assert!(
                        pattern.contains(i, j),
                        "{what}: ∂y{i}/∂x{j} = {} but ({i}, {j}) is not in the pattern",
                        dense[(i, j)]
                    );
                }
                // and smooth entries are the finite differences
                if let Some(fd) = fd_entry(&f, &x, i, j) {
                    assert!(
                        near(dense[(i, j)], fd, 1e-6),
                        "{what}: ({i}, {j}) dense {} vs differences {fd}",
                        dense[(i, j)]
                    );
                }
            }
        }
        for order in ColumnOrder::ALL {
            let c = Colouring::greedy_with(&pattern, order);
            assert_valid_colouring(&pattern, c.colours(), &format!("{what} {order:?}"));
            assert!(
                c.count() >= pattern.max_row_len(),
                "{what}: fewer colours than a row's length"
            );
        }
        check_plan::<1>(&f, &x, &dense, &values, &what);
        check_plan::<2>(&f, &x, &dense, &values, &what);
        check_plan::<3>(&f, &x, &dense, &values, &what);
        check_plan::<8>(&f, &x, &dense, &values, &what);
        check_plan::<65>(&f, &x, &dense, &values, &what);
    }
}

/// A plan built at one point and used at others: where the branches are the same, the
/// Jacobian is the dense one; where they changed, `verify` says so, auto-verify refuses,
/// and without auto-verify the result is either an error or right, except in the
/// documented blind spot (a new dependency on a column whose colour the row already has).
#[test]
fn a_plan_reused_at_other_points_is_right_or_refuses() {
    let mut outcomes = [0usize; 4]; // same pattern, verify error, gap error, blind spot
    for seed in 0..40u64 {
        let n = 8 + (seed as usize * 3) % 20;
        let m = 6 + (seed as usize * 5) % 20;
        let f = RandomFn::new(500 + seed, n, m);
        let mut rng = Rng(2000 + seed);
        let x0: Vec<f64> = (0..n).map(|_| 2.0 * rng.uniform()).collect();
        let mut plan = SparseJacobian::<3>::new(&f, &x0).unwrap();
        for _ in 0..5 {
            let x: Vec<f64> = (0..n).map(|_| 2.0 * rng.uniform()).collect();
            let (_, dense) = dense_jacobian(&f, &x);
            let what = format!("seed {seed}");
            plan.set_auto_verify(true);
            match plan.verify(&f, &x) {
                Ok(()) => {
                    outcomes[0] += 1;
                    let jd = plan.jacobian_dense(&f, &x).unwrap();
                    assert!(
                        mat_eq(&jd, &dense),
                        "{what}: verified plan differs from dense at {:?}",
                        diffs(&jd, &dense)
                    );
                }
                Err(SparseError::OutsidePattern { row, col }) => {
                    outcomes[1] += 1;
                    assert!(!plan.pattern().contains(row, col));
                    assert!(
                        matches!(
                            plan.jacobian(&f, &x),
                            Err(SparseError::OutsidePattern { .. })
                        ),
                        "{what}: auto-verify let a changed pattern through"
                    );
                    plan.set_auto_verify(false);
                    match plan.jacobian_dense(&f, &x) {
                        Err(SparseError::UnexpectedDerivative { row, colour }) => {
                            outcomes[2] += 1;
                            // the row really has no entry of that colour
                            assert!(
                                plan.pattern()
                                    .row(row)
                                    .iter()
                                    .all(|&j| plan.colouring().colour(j) != colour),
                                "{what}: UnexpectedDerivative for a colour the row has"
                            );
                        }
                        Err(e) => panic!("{what}: unexpected error {e:?}"),
                        Ok(jd) => {
                            let wrong = diffs(&jd, &dense);
                            if !wrong.is_empty() {
                                outcomes[3] += 1;
                            }
                            for (i, j, _, _) in wrong {
                                assert!(
                                    blind_spot(&plan, &dense, i, j),
                                    "{what}: ({i}, {j}) wrong, and not the documented blind spot"
                                );
                            }
                        }
                    }
                }
                Err(e) => panic!("{what}: verify failed with {e:?}"),
            }
        }
    }
    // the random functions exercise both outcomes
    assert!(outcomes[0] > 20 && outcomes[1] > 5, "outcomes {outcomes:?}");
}

// ----- colourings ---------------------------------------------------------------------------

#[test]
fn greedy_colourings_of_random_patterns_are_valid_and_bounded() {
    fn check(seed: u64) -> TestResult {
        let mut rng = Rng(seed);
        let (m, n) = (rng.below(30), 1 + rng.below(30));
        let density = 0.3 * (rng.uniform() + 1.0) / 2.0;
        let p = Pattern::from_rows(n, &random_rows(m, n, density, &mut rng)).unwrap();
        let max_degree = (0..n).map(|j| naive_degree(&p, j)).max().unwrap_or(0);
        let mut fewest = usize::MAX;
        for order in ColumnOrder::ALL {
            let c = Colouring::greedy_with(&p, order);
            // Checked naively here, independently of `Colouring::check`.
            for i in 0..p.nrows() {
                let row = p.row(i);
                for (a, &j) in row.iter().enumerate() {
                    for &k in &row[a + 1..] {
                        if c.colour(j) == c.colour(k) {
                            return TestResult::error(format!(
                                "{order:?}: columns {j} and {k} share row {i} and colour"
                            ));
                        }
                    }
                }
            }
            // Greedy never needs more than max degree + 1; no colouring fewer than the
            // longest row.
            if c.count() > max_degree + 1 || c.count() < p.max_row_len() {
                return TestResult::error(format!("{order:?}: {} colours", c.count()));
            }
            if c.colours().iter().any(|&k| k >= c.count()) {
                return TestResult::error("colour >= count");
            }
            fewest = fewest.min(c.count());
        }
        let best = Colouring::greedy(&p);
        if !best.is_valid_for(&p) || best.count() > fewest.max(p.max_row_len()) {
            return TestResult::error("greedy did not keep the best order");
        }
        TestResult::passed()
    }
    QuickCheck::new()
        .tests(300)
        .quickcheck(check as fn(u64) -> TestResult);
}

#[test]
fn banded_patterns_get_the_optimal_l_plus_u_plus_one_colours() {
    fn check(n: u8, l: u8, u: u8) -> TestResult {
        let (n, l, u) = (1 + n as usize % 80, l as usize % 6, u as usize % 6);
        let p = Pattern::banded(n, l, u);
        let c = Colouring::greedy(&p);
        let optimal = (l + u + 1).min(n);
        if c.count() != optimal || !c.is_valid_for(&p) {
            return TestResult::error(format!(
                "n = {n}, l = {l}, u = {u}: {} colours, optimal {optimal}",
                c.count()
            ));
        }
        TestResult::passed()
    }
    QuickCheck::new()
        .tests(300)
        .quickcheck(check as fn(u8, u8, u8) -> TestResult);
}

#[test]
fn smallest_last_and_largest_first_are_optimal_on_bands_too() {
    // Bands with a permuted column order defeat the natural order; the other orders see
    // the graph, not the numbering.
    for (n, l, u) in [(40, 1, 1), (40, 2, 2), (33, 3, 1)] {
        let band = Pattern::banded(n, l, u);
        let perm: Vec<usize> = (0..n).map(|j| (j * 7) % n).collect();
        let rows: Vec<Vec<usize>> = (0..n)
            .map(|i| band.row(i).iter().map(|&j| perm[j]).collect())
            .collect();
        let p = Pattern::from_rows(n, &rows).unwrap();
        let sl = Colouring::greedy_with(&p, ColumnOrder::SmallestLast);
        assert!(sl.is_valid_for(&p));
        assert_eq!(sl.count(), l + u + 1, "smallest-last on ({n}, {l}, {u})");
        assert_eq!(Colouring::greedy(&p).count(), l + u + 1);
    }
}

/// The degeneracy of the column intersection graph, by repeatedly removing a vertex of
/// smallest degree from an explicit adjacency matrix (quadratic, independent of the crate).
fn degeneracy(p: &Pattern) -> usize {
    let n = p.ncols();
    let mut adj = vec![vec![false; n]; n];
    for i in 0..p.nrows() {
        for &a in p.row(i) {
            for &b in p.row(i) {
                if a != b {
                    adj[a][b] = true;
                }
            }
        }
    }
    let mut alive = vec![true; n];
    let mut best = 0;
    for _ in 0..n {
        let (v, d) = (0..n)
            .filter(|&v| alive[v])
            .map(|v| (v, (0..n).filter(|&u| alive[u] && adj[v][u]).count()))
            .min_by_key(|&(_, d)| d)
            .unwrap();
        best = best.max(d);
        alive[v] = false;
    }
    best
}

/// colouring.rs: `SmallestLast` "Uses at most `1 + degeneracy` colours"; `Colouring::greedy`
/// is "The best greedy colouring ... over the orders of `ColumnOrder::ALL` (the first one
/// found with the fewest colours)"; `max_row_len` is "a lower bound on the number of
/// colours of any valid column colouring".
#[test]
fn colouring_claims_on_random_patterns() {
    let mut rng = Rng(0xC010);
    for case in 0..60 {
        let (m, n) = (1 + rng.below(25), 1 + rng.below(25));
        let density = rng.range(0.02, 0.4);
        let rows: Vec<Vec<usize>> = (0..m)
            .map(|_| (0..n).filter(|_| rng.range(0.0, 1.0) < density).collect())
            .collect();
        let p = Pattern::from_rows(n, &rows).unwrap();
        let sl = Colouring::greedy_with(&p, ColumnOrder::SmallestLast);
        assert!(colour_clash(&p, sl.colours()).is_none(), "case {case}");
        assert!(
            sl.count() <= 1 + degeneracy(&p),
            "case {case}: {} colours",
            sl.count()
        );
        let counts: Vec<usize> = ColumnOrder::ALL
            .iter()
            .map(|&o| Colouring::greedy_with(&p, o).count())
            .collect();
        let best = *counts.iter().min().unwrap();
        let first = counts.iter().position(|&c| c == best).unwrap();
        let g = Colouring::greedy(&p);
        assert!(colour_clash(&p, g.colours()).is_none(), "case {case}");
        assert_eq!(g.count(), best, "case {case}");
        assert_eq!(g.order(), Some(ColumnOrder::ALL[first]), "case {case}");
        assert!(g.count() >= p.max_row_len(), "case {case}");
    }
}

/// My own greedy colouring over a random column order, with unused colours inserted (a
/// valid colouring need not be compact), and random invalid ones: `is_valid_for` /
/// `with_colouring` must agree with the direct check, and a plan on any valid colouring
/// must give the dense Jacobian.
#[test]
fn colourings_given_by_hand_valid_or_not() {
    for seed in 0..30u64 {
        let n = 5 + seed as usize % 17;
        let m = 4 + seed as usize % 13;
        let f = RandomFn::new(7000 + seed, n, m);
        let mut rng = Rng(8000 + seed);
        let x: Vec<f64> = (0..n).map(|_| 2.0 * rng.uniform()).collect();
        let pattern = trace_pattern(&f, &x).unwrap();
        let (_, dense) = dense_jacobian(&f, &x);

        // greedy over a shuffled order, colours spread out as 3c + 1 (gaps at 0, 2, 3, ...)
        let mut order: Vec<usize> = (0..n).collect();
        for k in (1..n).rev() {
            order.swap(k, rng.below(k + 1));
        }
        let mut colours = vec![usize::MAX; n];
        for &j in &order {
            let used: Vec<usize> = (0..m)
                .filter(|&i| pattern.contains(i, j))
                .flat_map(|i| pattern.row(i).iter().map(|&k| colours[k]))
                .collect();
            colours[j] = (0..).find(|c| !used.contains(c)).unwrap();
        }
        let spread: Vec<usize> = colours.iter().map(|&c| (3 * c + 1).min(n - 1)).collect();
        for cs in [colours.clone(), spread] {
            let direct_ok = colour_clash(&pattern, &cs).is_none();
            match Colouring::from_colours(&pattern, cs.clone()) {
                Ok(c) => {
                    assert!(
                        direct_ok,
                        "seed {seed}: an invalid colouring was accepted: {cs:?}"
                    );
                    assert!(c.is_valid_for(&pattern));
                    let mut plan = SparseJacobian::<2>::with_colouring(pattern.clone(), c).unwrap();
                    let jd = plan.jacobian_dense(&f, &x).unwrap();
                    assert!(
                        mat_eq(&jd, &dense),
                        "seed {seed} colours {cs:?}: {:?}",
                        diffs(&jd, &dense)
                    );
                }
                Err(e) => {
                    // (the spread colours can collide after the min(n - 1) cap)
                    assert!(
                        !direct_ok,
                        "seed {seed}: a valid colouring was refused: {e:?}"
                    );
                }
            }
        }
        // random colourings with few colours: mostly invalid
        for _ in 0..10 {
            let cs: Vec<usize> = (0..n).map(|_| rng.below(2)).collect();
            let direct_ok = colour_clash(&pattern, &cs).is_none();
            let accepted = Colouring::from_colours(&pattern, cs.clone()).is_ok();
            assert_eq!(accepted, direct_ok, "seed {seed}: colours {cs:?}");
        }
    }
}

// ----- patterns ------------------------------------------------------------------------------

#[test]
fn patterns_and_colourings_given_by_hand_are_checked() {
    assert_eq!(
        Pattern::from_rows(3, &[vec![0, 3]]).unwrap_err(),
        SparseError::EntryOutOfBounds {
            row: 0,
            col: 3,
            nrows: 1,
            ncols: 3
        }
    );
    assert!(Pattern::from_entries(2, 2, [(2, 0)]).is_err());
    let p = Pattern::from_entries(2, 3, [(1, 2), (0, 0), (1, 0), (1, 2)]).unwrap();
    assert_eq!(p.row(0), &[0]);
    assert_eq!(p.row(1), &[0, 2]);
    assert!(p.contains(1, 2) && !p.contains(0, 2) && !p.contains(5, 0));
    assert_eq!(
        p.entries().collect::<Vec<_>>(),
        vec![(0, 0), (1, 0), (1, 2)]
    );
    assert_eq!(p.transpose().transpose(), p);
    assert_eq!(Pattern::from_csr_pattern(&p.to_csr_pattern()), p);
    // Columns 0 and 2 share row 1.
    let bad = Colouring::from_colours(&p, vec![0, 1, 0]).unwrap_err();
    assert!(matches!(bad, SparseError::InvalidColouring { .. }));
    assert!(Colouring::from_colours(&p, vec![0, 0]).is_err());
    assert!(Colouring::from_colours(&p, vec![0, 9, 1]).is_err());
    let good = Colouring::from_colours(&p, vec![0, 0, 1]).unwrap();
    assert_eq!(good.count(), 2);
    assert_eq!(good.groups(), vec![vec![0, 1], vec![2]]);
    assert!(SparseJacobian::<2>::with_colouring(p.clone(), good).is_ok());
    let three = Colouring::greedy(&Pattern::dense(2, 3));
    assert!(SparseJacobian::<2>::with_colouring(p, three.clone()).is_ok());
    assert!(
        SparseJacobian::<2>::with_colouring(Pattern::dense(1, 2), three).is_err(),
        "3 colours for 2 columns"
    );
}

/// pattern.rs `first_entry_not_in`: "The first entry (in row order) of `self` that `other`
/// does not hold". With different shapes, an entry outside `other`'s bounds counts as not
/// held (and an entry inside them that `other` lacks comes first if it comes first in row
/// order).
#[test]
fn first_entry_not_in_with_different_shapes() {
    let a = Pattern::from_entries(3, 3, [(0, 0), (1, 1), (2, 2)]).unwrap();
    let small = Pattern::from_entries(2, 2, [(0, 0)]).unwrap();
    // (1, 1) is inside small's bounds and not held: it comes first
    assert_eq!(a.first_entry_not_in(&small), Some((1, 1)));
    let small = Pattern::from_entries(2, 2, [(0, 0), (1, 1)]).unwrap();
    // (2, 2): a row beyond small's rows
    assert_eq!(a.first_entry_not_in(&small), Some((2, 2)));
    let wide = Pattern::from_entries(1, 2, [(0, 0)]).unwrap();
    let b = Pattern::from_entries(1, 3, [(0, 0), (0, 2)]).unwrap();
    // (0, 2): a column beyond wide's columns
    assert_eq!(b.first_entry_not_in(&wide), Some((0, 2)));
    // a subset of a larger pattern
    assert_eq!(small.first_entry_not_in(&a), None);
    assert!(small.is_subset_of(&a) && !a.is_subset_of(&small));
}

/// pattern.rs `Pattern::row`: "# Panics If `i >= nrows`"; `contains`: "false outside the
/// matrix".
#[test]
fn pattern_row_and_contains_bounds() {
    let p = Pattern::banded(4, 1, 0);
    assert_eq!(p.row(3), &[2, 3]);
    assert!(!p.contains(4, 0) && !p.contains(0, 4) && p.contains(1, 0));
    assert!(std::panic::catch_unwind(|| p.row(4).len()).is_err());
}

// ----- the tracer --------------------------------------------------------------------------

/// tracer.rs: "A tracer is a `Copy` handle (16 bytes)"; a constant "depends on no input".
#[test]
fn tracer_is_a_16_byte_handle() {
    assert_eq!(std::mem::size_of::<Tracer>(), 16);
    assert!(Tracer::constant(2.0).is_constant());
    assert!(<Tracer as Real>::literal(3.0).is_constant());
}

/// Applies scalar function number `which` to `(x0, x1)` and reports the traced
/// dependencies.
fn deps(x: [f64; 2], which: u8) -> Vec<usize> {
    struct Op(u8);
    impl VectorFunction for Op {
        fn input_len(&self) -> usize {
            2
        }
        fn output_len(&self) -> usize {
            1
        }
        fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
            let (a, b) = (x[0], x[1]);
            y[0] = match self.0 {
                0 => a.floor() + b.ceil() + a.round() + b.trunc() + a.signum(),
                1 => a.max(b),
                2 => a.min(b),
                3 => {
                    if a > b {
                        S::one()
                    } else {
                        S::zero()
                    }
                }
                4 => a.powi(0) * b,
                5 => a.fract() + b.abs(),
                6 => a.clamp(S::zero(), b),
                7 => a.mul_add(b, S::one()),
                8 => a.copysign(b),
                9 => a.atan2(b).hypot(S::one()),
                10 => {
                    let same_b = b;
                    (a * S::zero()) + (b - same_b)
                }
                _ => a.abs_sub(b),
            };
        }
    }
    trace_pattern(&Op(which), &x).unwrap().row(0).to_vec()
}

#[test]
fn tracer_dependency_rules() {
    // Zero-derivative functions and comparisons add nothing.
    assert_eq!(deps([1.5, -2.5], 0), Vec::<usize>::new());
    assert_eq!(deps([1.0, 2.0], 3), Vec::<usize>::new());
    // max/min follow the value; a tie depends on both; a NaN is ignored.
    assert_eq!(deps([3.0, 2.0], 1), vec![0]);
    assert_eq!(deps([1.0, 2.0], 1), vec![1]);
    assert_eq!(deps([2.0, 2.0], 1), vec![0, 1]);
    assert_eq!(deps([f64::NAN, 2.0], 1), vec![1]);
    assert_eq!(deps([3.0, 2.0], 2), vec![1]);
    // powi(0) is the constant 1; fract and abs keep their argument.
    assert_eq!(deps([3.0, 2.0], 4), vec![1]);
    assert_eq!(deps([3.0, -2.0], 5), vec![0, 1]);
    // clamp to [0, b]: inside, the argument; above, the bound b; below, the constant 0.
    assert_eq!(deps([1.0, 2.0], 6), vec![0]);
    assert_eq!(deps([3.0, 2.0], 6), vec![1]);
    assert_eq!(deps([-1.0, 2.0], 6), Vec::<usize>::new());
    assert_eq!(deps([1.0, 2.0], 7), vec![0, 1]);
    // copysign: the magnitude's dependency only.
    assert_eq!(deps([1.0, -2.0], 8), vec![0]);
    assert_eq!(deps([1.0, -2.0], 9), vec![0, 1]);
    // Structural: multiplying by a zero constant or b - b still depends (no cancellation).
    assert_eq!(deps([1.0, 2.0], 10), vec![0, 1]);
    // abs_sub = max(a - b, 0): above, both; below, nothing.
    assert_eq!(deps([3.0, 2.0], 11), vec![0, 1]);
    assert_eq!(deps([1.0, 2.0], 11), Vec::<usize>::new());
}

#[test]
fn tracer_values_follow_f64() {
    let a = Tracer::constant(2.5);
    let b = Tracer::from(-0.5);
    assert_eq!(
        (a * b + a / b - a % b).value(),
        2.5 * -0.5 + 2.5 / -0.5 - 2.5 % -0.5
    );
    assert_eq!(a.sin().value(), 2.5f64.sin());
    assert_eq!(a.powf(b).value(), 2.5f64.powf(-0.5));
    assert!(a.is_constant() && (a * b).is_constant());
    assert!(Tracer::literal(0.0).is_exact_zero());
    assert!(Tracer::nan().value().is_nan());
    assert!(a > b && a == Tracer::constant(2.5));
    assert_eq!(format!("{a}"), "2.5");
    // Sign queries branch as on f64 (its sign bit), signed zeros and NaNs included.
    for v in [
        0.0,
        -0.0,
        1.0,
        -1.0,
        f64::INFINITY,
        -f64::INFINITY,
        f64::NAN,
        -f64::NAN,
    ] {
        let t = Tracer::constant(v);
        assert_eq!(
            num_traits::Signed::is_positive(&t),
            num_traits::Signed::is_positive(&v)
        );
        assert_eq!(
            num_traits::Signed::is_negative(&t),
            num_traits::Signed::is_negative(&v)
        );
    }
}

/// One `Float`/`Real` operation on the inputs `x₀, x₁, x₂`, generic over the number type,
/// with the dependency set decided here for it.
#[derive(Clone, Copy, Debug)]
enum Op {
    U(&'static str),
    B(&'static str),
    MulAdd,
    Clamp,
}

const UNARY_OPS: [&str; 44] = [
    "floor",
    "ceil",
    "round",
    "trunc",
    "fract",
    "abs",
    "signum",
    "recip",
    "sqrt",
    "exp",
    "exp2",
    "ln",
    "log2",
    "log10",
    "to_degrees",
    "to_radians",
    "cbrt",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "exp_m1",
    "ln_1p",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "powi0",
    "powi3",
    "neg",
    "sin_cos.0",
    "sin_cos.1",
    "mul_f64(0)",
    "mul_f64(2)",
    "x*0",
    "x-x",
    "x/x",
    "numcast",
    "powf(const 0)",
    "x%2",
];

const BINARY_OPS: [&str; 13] = [
    "powf", "log", "max", "min", "hypot", "atan2", "copysign", "abs_sub", "rem", "add", "sub",
    "mul", "div",
];

impl Op {
    // `x - x` and `x / x` on purpose: structural dependencies with a zero derivative
    #[allow(clippy::eq_op)]
    fn apply<S: Real>(self, x: &[S]) -> S {
        let (a, b, c) = (x[0], x[1], x[2]);
        match self {
            Op::MulAdd => a.mul_add(b, c),
            Op::Clamp => a.clamp(b, c),
            Op::B(name) => match name {
                "powf" => a.powf(b),
                "log" => a.log(b),
                "max" => a.max(b),
                "min" => a.min(b),
                "hypot" => a.hypot(b),
                "atan2" => a.atan2(b),
                "copysign" => a.copysign(b),
                "abs_sub" => Float::abs_sub(a, b),
                "rem" => a % b,
                "add" => a + b,
                "sub" => a - b,
                "mul" => a * b,
                "div" => a / b,
                _ => unreachable!(),
            },
            Op::U(name) => match name {
                "floor" => a.floor(),
                "ceil" => a.ceil(),
                "round" => a.round(),
                "trunc" => a.trunc(),
                "fract" => a.fract(),
                "abs" => Float::abs(a),
                "signum" => Float::signum(a),
                "recip" => a.recip(),
                "sqrt" => a.sqrt(),
                "exp" => a.exp(),
                "exp2" => a.exp2(),
                "ln" => a.ln(),
                "log2" => a.log2(),
                "log10" => a.log10(),
                "to_degrees" => a.to_degrees(),
                "to_radians" => a.to_radians(),
                "cbrt" => a.cbrt(),
                "sin" => a.sin(),
                "cos" => a.cos(),
                "tan" => a.tan(),
                "asin" => a.asin(),
                "acos" => a.acos(),
                "atan" => a.atan(),
                "exp_m1" => a.exp_m1(),
                "ln_1p" => a.ln_1p(),
                "sinh" => a.sinh(),
                "cosh" => a.cosh(),
                "tanh" => a.tanh(),
                "asinh" => a.asinh(),
                "acosh" => a.acosh(),
                "atanh" => a.atanh(),
                "powi0" => a.powi(0),
                "powi3" => a.powi(3),
                "neg" => -a,
                "sin_cos.0" => a.sin_cos().0,
                "sin_cos.1" => a.sin_cos().1,
                "mul_f64(0)" => a.mul_f64(0.0),
                "mul_f64(2)" => a.mul_f64(2.0),
                "x*0" => a * S::literal(0.0),
                "x-x" => a - a,
                "x/x" => a / a,
                "numcast" => <S as num_traits::NumCast>::from(a).unwrap(),
                "powf(const 0)" => a.powf(S::literal(0.0)),
                "x%2" => a % S::literal(2.0),
                _ => unreachable!(),
            },
        }
    }

    /// The dependencies decided for this review at the point `v`: a function with a
    /// derivative that is not identically zero depends on its argument (structurally, even
    /// where the derivative vanishes, as `x * 0`, `x - x`); piecewise-constant functions
    /// (`floor`, ..., `signum`, `powi(0)`) and conversions to a constant depend on nothing;
    /// `max`/`min`/`clamp`/`abs_sub` on the argument the value selects (both on a tie, the
    /// other one when one is NaN); `copysign` on its magnitude only. Where the crate is
    /// allowed to be conservative (a superset), the second set lists what is tolerated.
    fn expected(self, v: [f64; 3]) -> (Vec<usize>, Vec<usize>) {
        let (a, b) = (v[0], v[1]);
        let pick = |greater: bool, x: f64, y: f64| -> Vec<usize> {
            let b_wins = if greater { y > x } else { y < x };
            let a_wins = if greater { x > y } else { x < y };
            if b_wins || x.is_nan() {
                vec![1]
            } else if a_wins || y.is_nan() {
                vec![0]
            } else {
                vec![0, 1]
            }
        };
        let exact = |d: Vec<usize>| (d.clone(), d);
        match self {
            Op::MulAdd => exact(vec![0, 1, 2]),
            Op::Clamp => {
                // min(max(a, lo), hi), NaN a passed through
                if a.is_nan() {
                    return exact(vec![0]);
                }
                let first = pick(true, a, b); // indices into (a, lo) = (0, 1)
                let m = if first == vec![1] { b } else { a };
                let second = pick(false, m, v[2]);
                let mut d: Vec<usize> = if second == vec![1] {
                    vec![2]
                } else if second == vec![0] {
                    first.clone()
                } else {
                    let mut d = first.clone();
                    d.push(2);
                    d
                };
                d.sort();
                d.dedup();
                exact(d)
            }
            Op::B(name) => match name {
                "max" => exact(pick(true, a, b)),
                "min" => exact(pick(false, a, b)),
                "copysign" => exact(vec![0]),
                "abs_sub" => {
                    // max(a - b, 0); a NaN argument propagates; ∞ - ∞ gives the constant 0
                    let d = a - b;
                    if a.is_nan() || b.is_nan() || d >= 0.0 {
                        exact(vec![0, 1]) // (a tie with 0 keeps d's dependencies)
                    } else {
                        exact(vec![])
                    }
                }
                _ => exact(vec![0, 1]),
            },
            Op::U(name) => match name {
                "floor" | "ceil" | "round" | "trunc" | "signum" | "powi0" | "numcast" => {
                    exact(vec![])
                }
                // a constant exponent 0: x⁰ = 1 is constant; depending on x is conservative
                "powf(const 0)" => (vec![], vec![0]),
                _ => exact(vec![0]),
            },
        }
    }
}

/// A one-output function applying one `Op`.
struct Apply(Op);

impl VectorFunction for Apply {
    fn input_len(&self) -> usize {
        3
    }
    fn output_len(&self) -> usize {
        1
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        y[0] = self.0.apply(x);
    }
}

#[test]
fn every_tracer_method_has_the_decided_dependencies_and_covers_the_dual() {
    let mut ops: Vec<Op> = UNARY_OPS.iter().map(|&n| Op::U(n)).collect();
    ops.extend(BINARY_OPS.iter().map(|&n| Op::B(n)));
    ops.extend([Op::MulAdd, Op::Clamp]);
    const VALUES: [f64; 11] = [
        f64::NAN,
        f64::INFINITY,
        -f64::INFINITY,
        -2.5,
        -1.0,
        -0.0,
        0.0,
        0.5,
        1.0,
        2.0,
        5e-324,
    ];
    for op in ops {
        for &a in &VALUES {
            for &b in &VALUES {
                for &c in &[0.0, 1.0, -1.0, f64::NAN] {
                    let v = [a, b, c];
                    let got = trace_pattern(&Apply(op), &v).unwrap().row(0).to_vec();
                    let (least, most) = op.expected(v);
                    assert!(
                        least.iter().all(|j| got.contains(j))
                            && got.iter().all(|j| most.contains(j)),
                        "{op:?} at {v:?}: tracer depends on {got:?}, decided {least:?} (at most {most:?})"
                    );
                    // the tracer's value is f64's
                    // the f64 value; f64's clamp panics on a NaN bound or lo > hi, where the
                    // crate documents min(max(x, lo), hi) with a NaN x passed through
                    let y = if matches!(op, Op::Clamp) && (b.is_nan() || c.is_nan() || b > c) {
                        [if a.is_nan() { a } else { a.max(b).min(c) }]
                    } else {
                        let mut y = [0.0];
                        Apply(op).eval(&v, &mut y);
                        y
                    };
                    let mut t = [Tracer::constant(0.0)];
                    let xs = v.map(Tracer::constant);
                    Apply(op).eval(&xs, &mut t);
                    // (the sign of a zero from a ±0 tie of max/min/clamp/abs_sub is left
                    // open, as f64::max leaves it)
                    let tie_op = matches!(op, Op::B("max" | "min" | "abs_sub") | Op::Clamp);
                    let zero_tie = tie_op && t[0].value() == 0.0 && y[0] == 0.0;
                    assert!(
                        same(t[0].value(), y[0]) || zero_tie,
                        "{op:?} at {v:?}: tracer value {} vs f64 {}",
                        t[0].value(),
                        y[0]
                    );
                    let dual_value = {
                        let mut d = [D1::constant(0.0)];
                        Apply(op).eval(&v.map(D1::constant), &mut d);
                        d[0].re
                    };
                    assert!(
                        same(dual_value, y[0]) || (tie_op && dual_value == 0.0 && y[0] == 0.0),
                        "{op:?} at {v:?}: dual value {dual_value} vs f64 {}",
                        y[0]
                    );
                    // and the pattern covers every nonzero partial of the dual
                    let mut d = [Dual::<f64, 3>::constant(0.0)];
                    Apply(op).eval(&Dual::<f64, 3>::variables(v), &mut d);
                    for (j, e) in d[0].eps.iter().enumerate() {
                        if *e != 0.0 && !e.is_nan() {
                            assert!(
                                got.contains(&j),
                                "{op:?} at {v:?}: the dual's ∂/∂x{j} = {e} is not in the pattern {got:?}"
                            );
                        }
                    }
                }
            }
        }
    }
}

/// C's `fdim` and `f64`'s `abs_sub` give `+0` for equal infinities (`x <= y`); the dual and
/// the tracer computed `∞ - ∞ = NaN` and passed it through as if an argument were NaN.
/// Fixed in `float.rs` and `tracer_float.rs` (a NaN *argument* still propagates).
#[test]
fn abs_sub_of_equal_infinities_is_zero_as_for_f64() {
    for (a, b) in [
        (f64::INFINITY, f64::INFINITY),
        (-f64::INFINITY, -f64::INFINITY),
        (f64::INFINITY, -f64::INFINITY),
        (-f64::INFINITY, f64::INFINITY),
        (1.0, f64::NAN),
        (f64::NAN, 1.0),
        (2.0, 2.0),
    ] {
        let want = Float::abs_sub(a, b);
        let d = Float::abs_sub(D2::variable(a, 0), D2::variable(b, 1));
        assert!(
            same(d.re, want),
            "abs_sub({a}, {b}): dual {} vs f64 {want}",
            d.re
        );
        let t = Float::abs_sub(Tracer::constant(a), Tracer::constant(b));
        assert!(
            same(t.value(), want),
            "abs_sub({a}, {b}): tracer {} vs f64 {want}",
            t.value()
        );
    }
    // equal infinities: a constant 0 (no direction moves ∞ - ∞ off its NaN, and f64 says 0)
    let d = Float::abs_sub(
        D2::variable(f64::INFINITY, 0),
        D2::variable(f64::INFINITY, 1),
    );
    assert_eq!((d.re, d.eps), (0.0, [0.0, 0.0]));
    // the tie rule for finite equal arguments is unchanged
    let d = Float::abs_sub(D2::variable(2.0, 0), D2::variable(2.0, 1));
    assert_eq!((d.re, d.eps), (0.0, [0.5, -0.5]));
}

// ----- non-finite inputs -------------------------------------------------------------------

#[test]
fn nan_and_infinite_inputs_do_not_panic() {
    let n = 6;
    let f = Broyden(n);
    let mut plan = SparseJacobian::<3>::new(&f, &vec![0.0; n]).unwrap();
    let x = [f64::NAN, 1.0, f64::INFINITY, -1.0, 0.0, f64::NEG_INFINITY];
    let jac = csc_to_dense(&plan.jacobian(&f, &x).unwrap());
    // Row 3 only subtracts the infinite x_2 (no product with it): its entries are exact,
    // ∂F_3/∂x_3 = 3 - 4 x_3 = 7. Rows that multiply a non-finite input by a constant get
    // NaN tangents (0 · ∞ in the dual product rule), as a dense Jacobian would.
    assert_eq!(jac[(3, 2)], -1.0);
    assert_eq!(jac[(3, 3)], 7.0);
    assert_eq!(jac[(3, 4)], -2.0);
    assert!(jac[(0, 0)].is_nan());
    assert!(trace_pattern(&f, &x).is_ok());
    // ln of negative numbers: NaN values and a NaN entry ∂(x_0 ln x_1)/∂x_0 = ln x_1, no
    // error and no panic.
    struct Ln;
    impl VectorFunction for Ln {
        fn input_len(&self) -> usize {
            2
        }
        fn output_len(&self) -> usize {
            2
        }
        fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
            y[0] = x[0].ln();
            y[1] = x[1].ln() * x[0];
        }
    }
    let mut plan = SparseJacobian::<2>::new(&Ln, &[1.0, 1.0]).unwrap();
    let j = plan.jacobian_dense(&Ln, &[-1.0, -2.0]).unwrap();
    assert!(j[(1, 0)].is_nan());
}

#[test]
fn non_finite_inputs_do_not_panic() {
    for seed in 0..15u64 {
        let n = 10;
        let f = RandomFn::new(900 + seed, n, 12);
        let mut rng = Rng(3000 + seed);
        for bad in [
            f64::NAN,
            f64::INFINITY,
            -f64::INFINITY,
            0.0,
            -0.0,
            5e-324,
            f64::MAX,
        ] {
            let mut x: Vec<f64> = (0..n).map(|_| rng.uniform()).collect();
            x[rng.below(n)] = bad;
            x[rng.below(n)] = bad;
            let pattern = catch_unwind(|| trace_pattern(&f, &x))
                .unwrap_or_else(|_| panic!("trace panics at {x:?}"))
                .unwrap();
            let (_, dense) = dense_jacobian(&f, &x);
            // structurally: a nonzero (non-NaN) dense entry is in the pattern
            for i in 0..12 {
                for j in 0..n {
                    let d = dense[(i, j)];
                    if d != 0.0 && !d.is_nan() {
                        assert!(
                            pattern.contains(i, j),
                            "seed {seed} at {x:?}: ({i}, {j}) = {d}"
                        );
                    }
                }
            }
            let mut plan = SparseJacobian::<3>::new(&f, &x).unwrap();
            let jd = catch_unwind(AssertUnwindSafe(|| plan.jacobian_dense(&f, &x)))
                .unwrap_or_else(|_| panic!("jacobian panics at {x:?}"));
            // in the pattern: the dense entry; outside: 0, where the dense Jacobian may
            // hold a NaN (a NaN value poisons the other tangent components, by decision)
            if let Ok(jd) = jd {
                for i in 0..12 {
                    for j in 0..n {
                        let (s, d) = (jd[(i, j)], dense[(i, j)]);
                        if pattern.contains(i, j) {
                            assert!(
                                entry_eq(s, d),
                                "seed {seed} at {x:?}: ({i}, {j}) {s} vs {d}"
                            );
                        } else {
                            assert!(
                                s == 0.0 && (d == 0.0 || d.is_nan()),
                                "seed {seed} at {x:?}: ({i}, {j}) {s} vs {d}"
                            );
                        }
                    }
                }
            }
        }
    }
}

// ----- pattern changes: verify, uncovered colours, gaps, branches ----------------------------

/// `y_0 = x_0 x_1` where `x_0 > 0`, else `x_0 x_2`; `y_1 = x_2 (x_0 > 0)` or `x_1 x_2`.
struct Branchy;

impl VectorFunction for Branchy {
    fn input_len(&self) -> usize {
        3
    }
    fn output_len(&self) -> usize {
        2
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        if x[0] > S::zero() {
            y[0] = x[0] * x[1];
            y[1] = x[2].exp();
        } else {
            y[0] = x[0] * x[2];
            y[1] = x[1] * x[2];
        }
    }
}

#[test]
fn verify_reports_a_branch_that_changes_the_pattern() {
    let mut plan = SparseJacobian::<3>::new(&Branchy, &[1.0, 2.0, 3.0]).unwrap();
    assert_eq!(plan.pattern().row(0), &[0, 1]);
    assert_eq!(plan.pattern().row(1), &[2]);
    // Same branch: fine.
    assert_eq!(plan.verify(&Branchy, &[0.5, -2.0, 7.0]), Ok(()));
    // Other branch: y_0 now depends on x_2.
    let err = plan.verify(&Branchy, &[-1.0, 2.0, 3.0]).unwrap_err();
    assert_eq!(err, SparseError::OutsidePattern { row: 0, col: 2 });
    assert!(err.to_string().contains("another branch"));
    // With auto-verify the Jacobian call refuses too.
    plan.set_auto_verify(true);
    assert_eq!(
        plan.jacobian(&Branchy, &[-1.0, 2.0, 3.0]).unwrap_err(),
        SparseError::OutsidePattern { row: 0, col: 2 }
    );
    // A pattern given by hand that covers both branches works at both points.
    let both = Pattern::from_rows(3, &[vec![0, 1, 2], vec![1, 2]]).unwrap();
    let mut plan = SparseJacobian::<3>::from_pattern(both);
    for x in [[1.0, 2.0, 3.0], [-1.0, 2.0, 3.0]] {
        let fd = central_differences(&Branchy, &x);
        let jac = csc_to_dense(&plan.jacobian(&Branchy, &x).unwrap());
        assert!(max_rel_diff(&jac, &fd) < CENTRAL_DIFFERENCE_TIGHT);
        assert_eq!(plan.verify(&Branchy, &x), Ok(()));
    }
}

/// `y_0 = x_0` (`x_0 > 0`) or `x_0 + x_1`; `y_1 = x_0 x_1`.
struct RowGainsAColour;

impl VectorFunction for RowGainsAColour {
    fn input_len(&self) -> usize {
        2
    }
    fn output_len(&self) -> usize {
        2
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        y[0] = if x[0] > S::zero() { x[0] } else { x[0] + x[1] };
        y[1] = x[0] * x[1];
    }
}

#[test]
fn compressed_passes_catch_a_derivative_in_an_uncovered_colour_without_verify() {
    let mut plan = SparseJacobian::<2>::new(&RowGainsAColour, &[1.0, 1.0]).unwrap();
    plan.set_auto_verify(false);
    assert_eq!(plan.colours(), 2);
    assert!(plan.jacobian(&RowGainsAColour, &[2.0, 1.0]).is_ok());
    // Row 0 has no entry of column 1's colour, yet gets a derivative there.
    let err = plan.jacobian(&RowGainsAColour, &[-2.0, 1.0]).unwrap_err();
    assert_eq!(
        err,
        SparseError::UnexpectedDerivative {
            row: 0,
            colour: plan.colouring().colour(1)
        }
    );
    // Also with one colour per pass (K = 1): the colour is in another pass.
    let mut plan = plan.with_width::<1>();
    plan.set_auto_verify(false);
    assert!(matches!(
        plan.jacobian_dense(&RowGainsAColour, &[-2.0, 1.0]),
        Err(SparseError::UnexpectedDerivative { row: 0, .. })
    ));
}

/// `y_0 = x_0`, or `x_0 + x_69` where `x_0 < 0`; `y_1 = Σ x_j` (70 colours).
struct WideChange;

impl VectorFunction for WideChange {
    fn input_len(&self) -> usize {
        70
    }
    fn output_len(&self) -> usize {
        2
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        y[0] = if x[0] < S::zero() { x[0] + x[69] } else { x[0] };
        y[1] = x.iter().fold(S::zero(), |s, &v| s + v);
    }
}

#[test]
fn tangents_wider_than_64_components() {
    // K = 70: one pass, two 64-bit words of coverage per row.
    let mut x = vec![0.5; 70];
    let mut plan = SparseJacobian::<70>::new(&WideChange, &x).unwrap();
    plan.set_auto_verify(false);
    assert_eq!((plan.colours(), plan.passes()), (70, 1));
    let jac = plan.jacobian_dense(&WideChange, &x).unwrap();
    let expected = DMatrix::from_fn(2, 70, |i, j| if i == 1 || j == 0 { 1.0 } else { 0.0 });
    assert_eq!(jac, expected);
    x[0] = -0.5;
    assert_eq!(
        plan.jacobian(&WideChange, &x).unwrap_err(),
        SparseError::UnexpectedDerivative {
            row: 0,
            colour: plan.colouring().colour(69)
        }
    );
    // The dense function with K = 66: passes of 66 and 4 colours.
    let f = DenseMap { m: 3, n: 70 };
    let x: Vec<f64> = (0..70).map(|j| (j as f64 * 0.3).cos()).collect();
    let mut plan = SparseJacobian::<66>::new(&f, &x).unwrap();
    assert_eq!(plan.passes(), 2);
    check_against(&mut plan, &f, &x, &dense_analytic(3, &x), CLOSED_FORM);
}

/// Arrowhead with a dense first row (`n` colours), where row 5 also depends on `x_6` when
/// `x_0 < 0`.
struct ArrowBranch(usize);

impl VectorFunction for ArrowBranch {
    fn input_len(&self) -> usize {
        self.0
    }
    fn output_len(&self) -> usize {
        self.0
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        Arrowhead {
            n: self.0,
            dense_first_row: true,
        }
        .eval(x, y);
        if x[0] < S::zero() {
            y[5] = y[5] + x[6].sin();
        }
    }
}

#[test]
fn gap_checks_both_stored_and_recomputed() {
    // With K = 1 and 12 colours, rows 1.. have gaps in 10 of 12 passes: more gaps than
    // nnz + m, so they are recomputed at each call; with K = 4 they are stored. Both
    // catch the new dependency of row 5 on x_6, and both agree with the analytic
    // Jacobian where the pattern holds.
    let n = 12;
    let f = ArrowBranch(n);
    let mut rng = Rng(11);
    let mut x = rng.vec(n, -1.0, 1.0);
    x[0] = 0.5;
    let mut p1 = SparseJacobian::<1>::new(&f, &x).unwrap();
    let mut p4 = p1.clone().with_width::<4>();
    p1.set_auto_verify(false);
    p4.set_auto_verify(false);
    assert_eq!((p1.colours(), p1.passes(), p4.passes()), (n, n, 3));
    check_against(&mut p1, &f, &x, &arrowhead_analytic(&x, true), CLOSED_FORM);
    check_against(&mut p4, &f, &x, &arrowhead_analytic(&x, true), CLOSED_FORM);
    x[0] = -0.5;
    let expected = SparseError::UnexpectedDerivative {
        row: 5,
        colour: p1.colouring().colour(6),
    };
    assert_eq!(p1.jacobian(&f, &x).unwrap_err(), expected);
    assert_eq!(p4.jacobian(&f, &x).unwrap_err(), expected);
    assert_eq!(
        p4.verify(&f, &x).unwrap_err(),
        SparseError::OutsidePattern { row: 5, col: 6 }
    );
}

/// A wrong entry `(i, j)` of a plan used without verification is explained by the
/// documented blind spot: row `i` now depends on a column outside its pattern whose colour
/// the row already has (so the two derivatives were added, or the new one went unseen).
fn blind_spot<const K: usize>(
    plan: &SparseJacobian<K>,
    dense: &DMatrix<f64>,
    i: usize,
    j: usize,
) -> bool {
    let colour = |c: usize| plan.colouring().colour(c);
    let pattern = plan.pattern();
    let new_in_colour = |c: usize| {
        (0..dense.ncols())
            .any(|k| !pattern.contains(i, k) && dense[(i, k)] != 0.0 && colour(k) == c)
    };
    if pattern.contains(i, j) {
        // polluted by a new dependency sharing j's colour
        new_in_colour(colour(j))
    } else {
        // a new dependency, not stored; unseen because the row has j's colour
        pattern.row(i).iter().any(|&k| colour(k) == colour(j))
    }
}

/// A branch chosen by a comparison switches the dependency at a second point.
struct Switch;

impl VectorFunction for Switch {
    fn input_len(&self) -> usize {
        4
    }
    fn output_len(&self) -> usize {
        3
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        y[0] = if x[0] > S::zero() {
            x[1].sin()
        } else {
            x[2].exp()
        };
        y[1] = x[0].max(x[3]) * S::literal(2.0);
        y[2] = x[3].min(x[1]).mul_f64(3.0) + x[0];
    }
}

#[test]
fn branches_taken_differently_give_errors_not_wrong_matrices() {
    let x0 = [1.0, 0.5, 0.25, -1.0];
    let mut plan = SparseJacobian::<4>::new(&Switch, &x0).unwrap();
    assert_eq!(plan.pattern().row(0), &[1]);
    assert_eq!(plan.pattern().row(1), &[0]);
    assert_eq!(plan.pattern().row(2), &[0, 3]);
    let (_, dense) = dense_jacobian(&Switch, &x0);
    assert!(mat_eq(&plan.jacobian_dense(&Switch, &x0).unwrap(), &dense));

    for x in [
        [-1.0, 0.5, 0.25, -1.0],
        [1.0, 0.5, 0.25, 2.0],
        [1.0, -2.0, 0.25, -1.0],
    ] {
        assert!(
            matches!(
                plan.verify(&Switch, &x),
                Err(SparseError::OutsidePattern { .. })
            ),
            "verify at {x:?}"
        );
        plan.set_auto_verify(true);
        assert!(plan.jacobian(&Switch, &x).is_err(), "auto-verify at {x:?}");
        // without verification: an error where the new column's colour is new to the row;
        // a wrong matrix only in the documented blind spot (the colour is already there)
        plan.set_auto_verify(false);
        let dense = dense_jacobian(&Switch, &x).1;
        match plan.jacobian_dense(&Switch, &x) {
            Err(SparseError::UnexpectedDerivative { .. }) => {}
            Ok(j) => {
                for (i, col, _, _) in diffs(&j, &dense) {
                    assert!(
                        blind_spot(&plan, &dense, i, col),
                        "at {x:?}: ({i}, {col}) wrong without explanation"
                    );
                }
            }
            Err(e) => panic!("{e:?}"),
        }
    }
    // at a tie both arguments count: the pattern traced there covers both branches
    let tie = [1.0, 0.5, 0.25, 1.0];
    let p = trace_pattern(&Switch, &tie).unwrap();
    assert_eq!(p.row(1), &[0, 3]);
    let mut plan = SparseJacobian::<2>::new(&Switch, &tie).unwrap();
    let (_, dense) = dense_jacobian(&Switch, &tie);
    assert!(mat_eq(&plan.jacobian_dense(&Switch, &tie).unwrap(), &dense));
    assert_eq!(
        dense[(1, 0)],
        1.0,
        "tie: the average of the tangents, 2 · 1/2"
    );
    assert_eq!(dense[(1, 3)], 1.0);
}

// ----- shape errors and empty shapes ---------------------------------------------------------

#[test]
fn wrong_lengths_are_errors() {
    let f = Broyden(5);
    let mut plan = SparseJacobian::<3>::new(&f, &[0.0; 5]).unwrap();
    assert_eq!(
        plan.jacobian(&f, &[0.0; 4]).unwrap_err(),
        SparseError::InputLength {
            expected: 5,
            found: 4
        }
    );
    assert_eq!(
        plan.jacobian(&Broyden(6), &[0.0; 6]).unwrap_err(),
        SparseError::FunctionShape {
            expected: (5, 5),
            found: (6, 6)
        }
    );
    let mut values = vec![0.0; 4];
    let mut jac = plan.new_matrix();
    assert_eq!(
        plan.jacobian_into(&f, &[0.0; 5], &mut values, &mut jac)
            .unwrap_err(),
        SparseError::OutputLength {
            expected: 5,
            found: 4
        }
    );
    let mut values = vec![0.0; 5];
    let mut short = vec![0.0; plan.nnz() - 1];
    assert!(matches!(
        plan.jacobian_values_into(&f, &[0.0; 5], &mut values, &mut short),
        Err(SparseError::OutputLength { .. })
    ));
    let mut other = CscMatrix::<f64>::identity(5);
    assert_eq!(
        plan.jacobian_into(&f, &[0.0; 5], &mut values, &mut other)
            .unwrap_err(),
        SparseError::MatrixPattern
    );
    let mut wrong_dense = DMatrix::zeros(5, 4);
    assert!(matches!(
        plan.jacobian_dense_into(&f, &[0.0; 5], &mut values, &mut wrong_dense),
        Err(SparseError::MatrixShape { .. })
    ));
    // a transposed buffer has the right length but the wrong shape (a 3 x 5 map)
    let wide = DenseMap { m: 3, n: 5 };
    let mut wide_plan = SparseJacobian::<8>::new(&wide, &[0.5; 5]).unwrap();
    let (m, n) = (wide_plan.nrows(), wide_plan.ncols());
    let mut transposed = DMatrix::zeros(n, m);
    let err = wide_plan
        .jacobian_dense_into(&wide, &[0.5; 5], &mut [0.0; 3], &mut transposed)
        .unwrap_err();
    assert_eq!(
        err,
        SparseError::MatrixShape {
            expected: (m, n),
            found: (n, m)
        }
    );
    assert_eq!(
        err.to_string(),
        format!("output matrix is {n} x {m}, expected {m} x {n}")
    );
    assert!(matches!(
        trace_pattern(&f, &[0.0; 3]),
        Err(SparseError::InputLength { .. })
    ));
    assert!(matches!(
        plan.verify(&f, &[0.0; 3]),
        Err(SparseError::InputLength { .. })
    ));
}

#[test]
fn empty_shapes_work() {
    struct Empty(usize, usize);
    impl VectorFunction for Empty {
        fn input_len(&self) -> usize {
            self.0
        }
        fn output_len(&self) -> usize {
            self.1
        }
        fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
            for yi in y.iter_mut() {
                *yi = x.iter().fold(S::literal(2.0), |s, &v| s + v);
            }
        }
    }
    for (n, m) in [(0, 0), (0, 3), (3, 0)] {
        let f = Empty(n, m);
        let mut plan = SparseJacobian::<2>::new(&f, &vec![1.0; n]).unwrap();
        assert_eq!(plan.passes(), 1);
        let mut values = vec![0.0; m];
        let mut jac = plan.new_matrix();
        plan.jacobian_into(&f, &vec![1.0; n], &mut values, &mut jac)
            .unwrap();
        assert_eq!(values, vec![2.0 + n as f64; m]);
        assert_eq!(jac.nnz(), 0);
    }
}

/// No inputs, no outputs, or both.
#[test]
fn empty_shapes() {
    struct Shape(usize, usize);
    impl VectorFunction for Shape {
        fn input_len(&self) -> usize {
            self.0
        }
        fn output_len(&self) -> usize {
            self.1
        }
        fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
            for (i, yi) in y.iter_mut().enumerate() {
                *yi = x.iter().fold(S::literal(i as f64), |acc, &v| acc + v.sin());
            }
        }
    }
    for (n, m) in [(0, 0), (0, 3), (3, 0), (1, 1)] {
        let f = Shape(n, m);
        let x = vec![0.5; n];
        let mut plan = SparseJacobian::<3>::new(&f, &x).unwrap();
        let jd = plan.jacobian_dense(&f, &x).unwrap();
        assert_eq!(jd.shape(), (m, n));
        let (_, dense) = dense_jacobian(&f, &x);
        assert!(mat_eq(&jd, &dense), "{n} inputs, {m} outputs");
        let mut values = vec![0.0; m];
        let mut jac = plan.new_matrix();
        plan.jacobian_into(&f, &x, &mut values, &mut jac).unwrap();
        let mut y = vec![0.0; m];
        f.eval(&x, &mut y);
        assert_eq!(values, y);
    }
}

// ----- tracing: foreign tracers, threads, panics, generic code -------------------------------

/// Keeps input 1's tracer from one trace and uses it in the next: `mode` 0 records,
/// 1 adds the kept tracer to `x_0`, 2 returns it as the output.
struct Smuggler {
    kept: Cell<Option<Tracer>>,
    mode: Cell<u8>,
}

impl VectorFunction for Smuggler {
    fn input_len(&self) -> usize {
        2
    }
    fn output_len(&self) -> usize {
        1
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        let as_tracer = |s: &S| (s as &dyn Any).downcast_ref::<Tracer>().copied();
        let from_tracer = |t: Tracer| *(&t as &dyn Any).downcast_ref::<S>().unwrap();
        match self.mode.get() {
            0 => {
                self.kept.set(as_tracer(&x[1]));
                y[0] = x[0] * x[1];
            }
            1 => y[0] = x[0] * from_tracer(self.kept.get().unwrap()),
            _ => y[0] = from_tracer(self.kept.get().unwrap()).exp(),
        }
    }
}

#[test]
fn a_tracer_from_another_trace_is_an_error_not_a_wrong_pattern() {
    let f = Smuggler {
        kept: Cell::new(None),
        mode: Cell::new(0),
    };
    assert_eq!(trace_pattern(&f, &[1.0, 2.0]).unwrap().row(0), &[0, 1]);
    assert!(f.kept.get().is_some());
    f.mode.set(1);
    assert_eq!(
        trace_pattern(&f, &[1.0, 2.0]).unwrap_err(),
        SparseError::StaleTracer
    );
    f.mode.set(2);
    assert_eq!(
        trace_pattern(&f, &[1.0, 2.0]).unwrap_err(),
        SparseError::StaleTracer
    );
    // Its value is still readable, and tracing works normally afterwards.
    assert_eq!(f.kept.get().unwrap().value(), 2.0);
    assert_eq!(
        trace_pattern(&Broyden(4), &[0.0; 4]).unwrap(),
        Pattern::banded(4, 1, 1)
    );
}

#[test]
fn traces_on_several_threads_are_independent() {
    let handles: Vec<_> = (1..5)
        .map(|k| {
            std::thread::spawn(move || {
                let n = 50 * k;
                for _ in 0..20 {
                    let p = trace_pattern(&Band2(n), &vec![0.3; n]).unwrap();
                    assert_eq!(p, Pattern::banded(n, 2, 2));
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

#[test]
fn a_panicking_function_leaves_tracing_usable() {
    struct Panics;
    impl VectorFunction for Panics {
        fn input_len(&self) -> usize {
            2
        }
        fn output_len(&self) -> usize {
            1
        }
        fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
            y[0] = x[0] * x[1];
            panic!("user bug");
        }
    }
    let r = std::panic::catch_unwind(|| trace_pattern(&Panics, &[1.0, 2.0]));
    assert!(r.is_err());
    assert_eq!(
        trace_pattern(&Broyden(3), &[0.0; 3]).unwrap(),
        Pattern::banded(3, 1, 1)
    );
}

#[test]
fn float_generic_code_runs_on_tracers_and_duals_alike() {
    // A function using only `num_traits::Float` methods (no `Real`), called from `eval`.
    fn softmax_like<S: Float>(a: S, b: S) -> S {
        let m = a.max(b);
        m + ((a - m).exp() + (b - m).exp()).ln()
    }
    struct Lse(usize);
    impl VectorFunction for Lse {
        fn input_len(&self) -> usize {
            self.0
        }
        fn output_len(&self) -> usize {
            self.0 - 1
        }
        fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
            for i in 0..self.0 - 1 {
                y[i] = softmax_like(x[i], x[i + 1]);
            }
        }
    }
    let f = Lse(20);
    let mut rng = Rng(9);
    let x = rng.vec(20, -1.0, 1.0);
    let mut plan = SparseJacobian::<2>::new(&f, &x).unwrap();
    assert_eq!(plan.colours(), 2);
    // d/da lse(a, b) = e^a / (e^a + e^b)
    let analytic = DMatrix::from_fn(19, 20, |i, j| {
        let (a, b) = (x[i], x[i + 1]);
        let s = a.exp() + b.exp();
        if j == i {
            a.exp() / s
        } else if j == i + 1 {
            b.exp() / s
        } else {
            0.0
        }
    });
    check_against(&mut plan, &f, &x, &analytic, CLOSED_FORM);
}

// ----- dense destinations and the closure forms ---------------------------------------------
//
// jacobian.rs `jacobian_dense_into`: "the Jacobian into the dense `m x n` destination
// `jacobian`, with entries outside the pattern set to 0: a row- or column-major slice, or
// any nalgebra matrix or view"; the closure forms `jacobian_fn_*` "values optional", with the
// pattern given or traced by `trace_pattern_fn`. Oracles: the hand Jacobians
// (`broyden_jacobian`, `arrowhead_analytic`) and the `f64` function for the values.

/// Broyden tridiagonal written once for any `Real`, for the closure forms (the same formula
/// as `common::fixtures::Broyden`, written independently here).
fn broyden_generic<S: Real>(x: &[S], y: &mut [S]) {
    let n = x.len();
    for i in 0..n {
        let mut f = (S::literal(3.0) - x[i].mul_f64(2.0)) * x[i] + S::one();
        if i > 0 {
            f = f - x[i - 1];
        }
        if i + 1 < n {
            f = f - x[i + 1].mul_f64(2.0);
        }
        y[i] = f;
    }
}

/// The `m x n` matrix stored in `buf` in `order`, as a `DMatrix` (read independently of
/// `MatrixSlice`).
fn from_buffer(buf: &[f64], m: usize, n: usize, order: dualnum::Order) -> DMatrix<f64> {
    DMatrix::from_fn(m, n, |i, j| match order {
        dualnum::Order::RowMajor => buf[i * n + j],
        dualnum::Order::ColMajor => buf[j * m + i],
    })
}

/// Every dense destination of `plan` for `f` at `x`, compared with `hand`; buffers start as
/// NaN so that a missing zero shows.
fn check_dense_destinations<const K: usize, F: VectorFunction>(
    what: &str,
    plan: &mut SparseJacobian<K>,
    f: &F,
    x: &[f64],
    hand: &DMatrix<f64>,
) {
    use dualnum::{MatrixSlice, Order};
    let (m, n) = (f.output_len(), f.input_len());
    let mut y = vec![0.0; m];
    f.eval(x, &mut y);
    for order in [Order::RowMajor, Order::ColMajor] {
        let mut buf = vec![f64::NAN; m * n];
        let mut values = vec![f64::NAN; m];
        let mut out = MatrixSlice::new(&mut buf, m, n, order).unwrap();
        plan.jacobian_dense_into(f, x, &mut values, &mut out)
            .unwrap();
        assert_close_same_zeros(
            &format!("{what} {order:?}"),
            &from_buffer(&buf, m, n, order),
            hand,
        );
        assert_eq!(values, y, "{what} {order:?}");
        // the closure form, without values
        let mut buf = vec![f64::NAN; m * n];
        let mut out = MatrixSlice::new(&mut buf, m, n, order).unwrap();
        plan.jacobian_fn_dense_into(|x, y| f.eval(x, y), x, None, &mut out)
            .unwrap();
        assert_close_same_zeros(
            &format!("{what} {order:?} closure"),
            &from_buffer(&buf, m, n, order),
            hand,
        );
    }
    // a view into a larger nalgebra matrix: the rest untouched
    let mut big = DMatrix::from_element(m + 2, n + 3, 7.0);
    let mut values = vec![f64::NAN; m];
    plan.jacobian_dense_into(f, x, &mut values, &mut big.view_mut((1, 2), (m, n)))
        .unwrap();
    assert_close_same_zeros(
        &format!("{what} view"),
        &big.view((1, 2), (m, n)).into_owned(),
        hand,
    );
    let inside = |i: usize, j: usize| (1..=m).contains(&i) && (2..2 + n).contains(&j);
    for i in 0..m + 2 {
        for j in 0..n + 3 {
            if !inside(i, j) {
                assert_eq!(big[(i, j)], 7.0, "{what}: view wrote outside at ({i}, {j})");
            }
        }
    }
    // the compressed closure forms
    let mut csc = plan.new_matrix();
    let mut values = vec![f64::NAN; m];
    plan.jacobian_fn_into(|x, y| f.eval(x, y), x, Some(&mut values), &mut csc)
        .unwrap();
    assert_close_same_zeros(&format!("{what} csc closure"), &csc_to_dense(&csc), hand);
    assert_eq!(values, y, "{what} csc closure values");
    let mut entries = vec![f64::NAN; plan.nnz()];
    plan.jacobian_fn_values_into(|x, y| f.eval(x, y), x, None, &mut entries)
        .unwrap();
    assert_eq!(&entries[..], csc.values(), "{what} values closure");
}

#[test]
fn dense_outputs_in_every_layout_equal_the_hand_jacobian() {
    let x: Vec<f64> = (0..17).map(|i| 0.37 * i as f64 - 2.1).collect();
    let hand = broyden_jacobian(&x);
    // one pass with tables (K = 3), two passes (K = 2)
    let mut plan = SparseJacobian::<3>::new(&Broyden(17), &x).unwrap();
    check_dense_destinations("Broyden K = 3", &mut plan, &Broyden(17), &x, &hand);
    let mut plan = SparseJacobian::<2>::new(&Broyden(17), &x).unwrap();
    check_dense_destinations("Broyden K = 2", &mut plan, &Broyden(17), &x, &hand);
    // arrowhead with a dense row: 17 colours, several passes without tables
    let f = Arrowhead {
        n: 17,
        dense_first_row: true,
    };
    let hand = arrowhead_analytic(&x, true);
    let mut plan = SparseJacobian::<4>::new(&f, &x).unwrap();
    assert!(plan.passes() > 1);
    check_dense_destinations("arrowhead K = 4", &mut plan, &f, &x, &hand);
    // a fixed-size nalgebra matrix as the destination
    let x5 = [0.5, -1.0, 2.0, 0.25, 1.5];
    let mut plan = SparseJacobian::<3>::new(&Broyden(5), &x5).unwrap();
    let mut fixed = nalgebra::SMatrix::<f64, 5, 5>::from_element(f64::NAN);
    plan.jacobian_dense_into(&Broyden(5), &x5, &mut [0.0; 5], &mut fixed)
        .unwrap();
    assert_close_same_zeros(
        "SMatrix",
        &DMatrix::from_column_slice(5, 5, fixed.as_slice()),
        &broyden_jacobian(&x5),
    );
}

#[test]
fn closures_with_a_traced_or_given_pattern() {
    let n = 9;
    let x: Vec<f64> = (0..n).map(|i| 1.0 - 0.4 * i as f64).collect();
    // traced from the generic code on tracers: tridiagonal (the oracle: the band by hand)
    let traced = dualnum::sparse::trace_pattern_fn(n, &x, |x: &[Tracer], y: &mut [Tracer]| {
        broyden_generic(x, y)
    })
    .unwrap();
    assert_eq!(traced, Pattern::banded(n, 1, 1));
    for pattern in [traced, Pattern::banded(n, 2, 1)] {
        let mut plan = SparseJacobian::<3>::from_pattern(pattern);
        plan.set_auto_verify(true); // ignored by the closure forms
        let mut buf = vec![f64::NAN; n * n];
        let mut values = vec![f64::NAN; n];
        let mut out = dualnum::MatrixSlice::row_major(&mut buf, n, n).unwrap();
        plan.jacobian_fn_dense_into(
            |x: &[Dual<f64, 3>], y: &mut [Dual<f64, 3>]| broyden_generic(x, y),
            &x,
            Some(&mut values),
            &mut out,
        )
        .unwrap();
        let got = from_buffer(&buf, n, n, dualnum::Order::RowMajor);
        assert_close_same_zeros("closure", &got, &broyden_jacobian(&x));
        let mut y = vec![0.0; n];
        broyden_generic(&x, &mut y);
        assert_eq!(values, y);
        plan.verify_fn(|x: &[Tracer], y: &mut [Tracer]| broyden_generic(x, y), &x)
            .unwrap();
    }
}

/// `y_0 = x_0 + x_2` when `x_1 > 0`, else `x_0`; `y_1 = x_1`, `y_2 = x_2`: generic, for a
/// closure whose pattern changes with the branch.
fn switching<S: Real>(x: &[S], y: &mut [S]) {
    y[0] = if x[1] > S::zero() { x[0] + x[2] } else { x[0] };
    y[1] = x[1];
    y[2] = x[2];
}

#[test]
fn closure_forms_check_gaps_and_verify_fn_catches_branches() {
    use dualnum::MatrixSlice;
    // plan traced where y_0 depends on x_0 only: the pattern is diagonal, 1 colour
    let at = [1.0, -1.0, 2.0];
    let pattern =
        dualnum::sparse::trace_pattern_fn(3, &at, |x: &[Tracer], y: &mut [Tracer]| switching(x, y))
            .unwrap();
    assert_eq!(pattern, Pattern::banded(3, 0, 0));
    // with one colour per pass, every column has its own component-0 pass: (0, 2) falls in
    // a gap of row 0 (colour 2's pass), which the gap check reports
    let colouring = Colouring::from_colours(&pattern, vec![0, 1, 2]).unwrap();
    let mut plan = SparseJacobian::<1>::with_colouring(pattern.clone(), colouring).unwrap();
    let there = [1.0, 1.0, 2.0];
    let mut buf = [0.0; 9];
    let mut out = MatrixSlice::row_major(&mut buf, 3, 3).unwrap();
    let err = plan
        .jacobian_fn_dense_into(
            |x: &[Dual<f64, 1>], y: &mut [Dual<f64, 1>]| switching(x, y),
            &there,
            None,
            &mut out,
        )
        .unwrap_err();
    assert_eq!(err, SparseError::UnexpectedDerivative { row: 0, colour: 2 });
    // with the default (one colour for all), the new dependency hides behind (0, 0): the
    // gap check cannot see it, verify_fn does
    let mut plan = SparseJacobian::<1>::from_pattern(pattern);
    assert_eq!(plan.colours(), 1);
    let tracer = |x: &[Tracer], y: &mut [Tracer]| switching(x, y);
    assert_eq!(
        plan.verify_fn(tracer, &there).unwrap_err(),
        SparseError::OutsidePattern { row: 0, col: 2 }
    );
    plan.verify_fn(tracer, &at).unwrap();
    let mut entries = [0.0; 3];
    plan.jacobian_fn_values_into(
        |x: &[Dual<f64, 1>], y: &mut [Dual<f64, 1>]| switching(x, y),
        &at,
        None,
        &mut entries,
    )
    .unwrap();
    assert_eq!(entries, [1.0, 1.0, 1.0]);
}

#[test]
fn closure_forms_reject_wrong_sizes() {
    use dualnum::MatrixSlice;
    let mut plan = SparseJacobian::<3>::from_pattern(Pattern::banded(4, 1, 1));
    let g = |x: &[Dual<f64, 3>], y: &mut [Dual<f64, 3>]| broyden_generic(x, y);
    let mut buf = [0.0; 16];
    let mut out = MatrixSlice::row_major(&mut buf, 4, 4).unwrap();
    assert_eq!(
        plan.jacobian_fn_dense_into(g, &[0.0; 3], None, &mut out)
            .unwrap_err(),
        SparseError::InputLength {
            expected: 4,
            found: 3
        }
    );
    assert_eq!(
        plan.jacobian_fn_dense_into(g, &[0.0; 4], Some(&mut [0.0; 5]), &mut out)
            .unwrap_err(),
        SparseError::OutputLength {
            expected: 4,
            found: 5
        }
    );
    let mut wide = [0.0; 20];
    let mut out = MatrixSlice::row_major(&mut wide, 4, 5).unwrap();
    assert_eq!(
        plan.jacobian_fn_dense_into(g, &[0.0; 4], None, &mut out)
            .unwrap_err(),
        SparseError::MatrixShape {
            expected: (4, 4),
            found: (4, 5)
        }
    );
    let mut short = vec![0.0; plan.nnz() - 1];
    assert_eq!(
        plan.jacobian_fn_values_into(g, &[0.0; 4], None, &mut short)
            .unwrap_err(),
        SparseError::OutputLength {
            expected: plan.nnz(),
            found: plan.nnz() - 1
        }
    );
    let mut other = CscMatrix::<f64>::identity(4);
    assert_eq!(
        plan.jacobian_fn_into(g, &[0.0; 4], None, &mut other)
            .unwrap_err(),
        SparseError::MatrixPattern
    );
    assert_eq!(
        plan.verify_fn(
            |x: &[Tracer], y: &mut [Tracer]| broyden_generic(x, y),
            &[0.0; 2]
        )
        .unwrap_err(),
        SparseError::InputLength {
            expected: 4,
            found: 2
        }
    );
}

#[test]
fn dense_and_closure_forms_allocate_nothing() {
    use common::alloc::allocations_in;
    use dualnum::MatrixSlice;
    let n = 40;
    let x: Vec<f64> = (0..n).map(|i| 0.1 * i as f64 - 2.0).collect();
    let hand = broyden_jacobian(&x);
    let mut plan = SparseJacobian::<3>::new(&Broyden(n), &x).unwrap();
    plan.set_auto_verify(false);
    let (mut buf, mut values) = (vec![0.0; n * n], vec![0.0; n]);
    let mut entries = vec![0.0; plan.nnz()];
    let mut csc = plan.new_matrix();
    let g = |x: &[Dual<f64, 3>], y: &mut [Dual<f64, 3>]| broyden_generic(x, y);
    for round in 0..2 {
        let counts = [
            allocations_in(|| {
                let mut out = MatrixSlice::row_major(&mut buf, n, n).unwrap();
                plan.jacobian_dense_into(&Broyden(n), &x, &mut values, &mut out)
                    .unwrap()
            }),
            allocations_in(|| {
                let mut out = MatrixSlice::col_major(&mut buf, n, n).unwrap();
                plan.jacobian_fn_dense_into(g, &x, Some(&mut values), &mut out)
                    .unwrap()
            }),
            allocations_in(|| {
                plan.jacobian_fn_values_into(g, &x, None, &mut entries)
                    .unwrap()
            }),
            allocations_in(|| plan.jacobian_fn_into(g, &x, None, &mut csc).unwrap()),
        ];
        assert_eq!(counts, [0; 4], "round {round}");
    }
    // the counter counts on this thread (a Vec is seen), so the zeros mean something
    assert!(allocations_in(|| std::hint::black_box(vec![1u8; 3])) > 0);
    assert_close_same_zeros(
        "col-major",
        &from_buffer(&buf, n, n, dualnum::Order::ColMajor),
        &hand,
    );
    assert_close_same_zeros("csc", &csc_to_dense(&csc), &hand);
}
