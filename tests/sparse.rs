//! Sparse Jacobians against independent oracles: hand-written analytic Jacobians and
//! central finite differences, on the Broyden tridiagonal function, a band of bandwidth 2,
//! an elementwise map, arrowhead patterns, a dense function and random sparse functions.
//! Also: the colouring on random patterns, the pattern-change errors and the shape errors.

use std::any::Any;
use std::cell::Cell;

use dualnum::Real;
use dualnum::sparse::{
    Colouring, ColumnOrder, Pattern, SparseError, SparseJacobian, Tracer, VectorFunction,
    trace_pattern,
};
use nalgebra::DMatrix;
use nalgebra_sparse::CscMatrix;
use num_traits::Float;
use quickcheck::{QuickCheck, TestResult};

mod common;
use common::Rng;

// ----- oracles and helpers -------------------------------------------------------------

/// The central-difference Jacobian `(f(x + h eⱼ) - f(x - h eⱼ)) / 2h` with
/// `h = 1e-6 (1 + |xⱼ|)`: truncation error `h² |f'''| / 6`, rounding error `~ε |f| / h`,
/// both below 1e-8 for the smooth, O(1)-sized functions here.
fn central_differences<F: VectorFunction>(f: &F, x: &[f64]) -> DMatrix<f64> {
    let (m, n) = (f.output_len(), f.input_len());
    let mut jac = DMatrix::zeros(m, n);
    let (mut yp, mut ym) = (vec![0.0; m], vec![0.0; m]);
    let mut xs = x.to_vec();
    for j in 0..n {
        let h = 1e-6 * (1.0 + x[j].abs());
        xs[j] = x[j] + h;
        f.eval(&xs, &mut yp);
        xs[j] = x[j] - h;
        f.eval(&xs, &mut ym);
        xs[j] = x[j];
        for i in 0..m {
            jac[(i, j)] = (yp[i] - ym[i]) / (2.0 * h);
        }
    }
    jac
}

/// The tolerance against central differences (see [`central_differences`]).
const FD_TOL: f64 = 1e-7;

/// Relative tolerance against analytic Jacobians: the dual computes the same derivative
/// as the hand-written formula, in a different order of operations.
const ANALYTIC_TOL: f64 = 1e-13;

/// `max |a - b| / (1 + |b|)`, entrywise.
fn max_rel_diff(a: &DMatrix<f64>, b: &DMatrix<f64>) -> f64 {
    assert_eq!(a.shape(), b.shape());
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y).abs() / (1.0 + y.abs()))
        .fold(0.0, f64::max)
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

fn random_point(n: usize, rng: &mut Rng) -> Vec<f64> {
    (0..n).map(|_| rng.uniform()).collect()
}

// ----- test functions ------------------------------------------------------------------

/// Broyden tridiagonal: `F_i = (3 - 2 x_i) x_i - x_(i-1) - 2 x_(i+1) + 1`, with
/// `x_(-1) = x_n = 0`.
struct Broyden(usize);

impl VectorFunction for Broyden {
    fn input_len(&self) -> usize {
        self.0
    }
    fn output_len(&self) -> usize {
        self.0
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        // One constant product through a literal, one through `mul_f64`: both paths traced.
        let (two, three) = (S::literal(2.0), S::literal(3.0));
        for i in 0..self.0 {
            let mut f = (three - two * x[i]) * x[i] + S::one();
            if i > 0 {
                f = f - x[i - 1];
            }
            if i + 1 < self.0 {
                f = f - x[i + 1].mul_f64(2.0);
            }
            y[i] = f;
        }
    }
}

/// `∂F_i/∂x_i = 3 - 4 x_i`, `∂F_i/∂x_(i-1) = -1`, `∂F_i/∂x_(i+1) = -2`.
fn broyden_analytic(x: &[f64]) -> DMatrix<f64> {
    let n = x.len();
    let mut j = DMatrix::zeros(n, n);
    for i in 0..n {
        j[(i, i)] = 3.0 - 4.0 * x[i];
        if i > 0 {
            j[(i, i - 1)] = -1.0;
        }
        if i + 1 < n {
            j[(i, i + 1)] = -2.0;
        }
    }
    j
}

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

// ----- Broyden -------------------------------------------------------------------------

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
            let x: Vec<f64> = random_point(n, &mut rng).iter().map(|v| 2.0 * v).collect();
            check_against(&mut plan, &f, &x, &broyden_analytic(&x), ANALYTIC_TOL);
            check_against(&mut plan, &f, &x, &central_differences(&f, &x), FD_TOL);
        }
    }
}

#[test]
fn broyden_with_wider_and_narrower_tangents() {
    // K = 8 > 3 colours: one pass, components 3..8 unused. K = 1 and K = 2: 3 and 2 passes.
    let n = 50;
    let f = Broyden(n);
    let x: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin()).collect();
    let analytic = broyden_analytic(&x);
    let mut p8 = SparseJacobian::<8>::new(&f, &x).unwrap();
    assert_eq!(p8.passes(), 1);
    check_against(&mut p8, &f, &x, &analytic, ANALYTIC_TOL);
    let mut p1 = p8.with_width::<1>();
    assert_eq!(p1.passes(), 3);
    check_against(&mut p1, &f, &x, &analytic, ANALYTIC_TOL);
    let mut p2 = p1.with_width::<2>();
    assert_eq!(p2.passes(), 2);
    check_against(&mut p2, &f, &x, &analytic, ANALYTIC_TOL);
}

// ----- other structured functions -------------------------------------------------------

#[test]
fn band_of_width_two_takes_five_colours() {
    let mut rng = Rng(2);
    for n in [5, 6, 40, 257] {
        let f = Band2(n);
        let x = random_point(n, &mut rng);
        let mut plan = SparseJacobian::<5>::new(&f, &x).unwrap();
        assert_eq!(*plan.pattern(), Pattern::banded(n, 2, 2));
        assert_eq!(plan.colours(), 5);
        assert_eq!(plan.passes(), 1);
        let x2 = random_point(n, &mut rng);
        check_against(&mut plan, &f, &x2, &band2_analytic(&x2), ANALYTIC_TOL);
        check_against(&mut plan, &f, &x2, &central_differences(&f, &x2), FD_TOL);
    }
}

#[test]
fn elementwise_map_takes_one_colour() {
    let n = 200;
    let f = Elementwise(n);
    let mut rng = Rng(3);
    let x = random_point(n, &mut rng);
    let mut plan = SparseJacobian::<1>::new(&f, &x).unwrap();
    assert_eq!(plan.colours(), 1);
    assert_eq!(*plan.pattern(), Pattern::banded(n, 0, 0));
    let x2 = random_point(n, &mut rng);
    let analytic = DMatrix::from_fn(n, n, |i, j| {
        if i == j {
            x2[i].sin() + x2[i] * x2[i].cos()
        } else {
            0.0
        }
    });
    check_against(&mut plan, &f, &x2, &analytic, ANALYTIC_TOL);
    check_against(&mut plan, &f, &x2, &central_differences(&f, &x2), FD_TOL);
}

#[test]
fn arrowhead_with_dense_row_needs_n_colours_over_several_passes() {
    let n = 11;
    let f = Arrowhead {
        n,
        dense_first_row: true,
    };
    let mut rng = Rng(4);
    let x = random_point(n, &mut rng);
    let mut plan = SparseJacobian::<4>::new(&f, &x).unwrap();
    // Row 0 holds every column, so they all conflict.
    assert_eq!(plan.colours(), n);
    assert_eq!(plan.passes(), 3); // 4 + 4 + 3
    assert_eq!(plan.nnz(), n + 2 * (n - 1));
    let x2 = random_point(n, &mut rng);
    check_against(
        &mut plan,
        &f,
        &x2,
        &arrowhead_analytic(&x2, true),
        ANALYTIC_TOL,
    );
    check_against(&mut plan, &f, &x2, &central_differences(&f, &x2), FD_TOL);
}

#[test]
fn arrowhead_with_dense_column_only_takes_two_colours() {
    let n = 30;
    let f = Arrowhead {
        n,
        dense_first_row: false,
    };
    let mut rng = Rng(5);
    let x = random_point(n, &mut rng);
    let mut plan = SparseJacobian::<2>::new(&f, &x).unwrap();
    // Column 0 conflicts with all; the others share no row with each other.
    assert_eq!(plan.colours(), 2);
    let x2 = random_point(n, &mut rng);
    check_against(
        &mut plan,
        &f,
        &x2,
        &arrowhead_analytic(&x2, false),
        ANALYTIC_TOL,
    );
    check_against(&mut plan, &f, &x2, &central_differences(&f, &x2), FD_TOL);
}

#[test]
fn dense_function_takes_n_colours() {
    let mut rng = Rng(6);
    for (m, n) in [(7, 7), (3, 9), (10, 4)] {
        let f = DenseMap { m, n };
        let x = random_point(n, &mut rng);
        let mut plan = SparseJacobian::<3>::new(&f, &x).unwrap();
        assert_eq!(*plan.pattern(), Pattern::dense(m, n));
        assert_eq!(plan.colours(), n);
        assert_eq!(plan.passes(), n.div_ceil(3));
        check_against(&mut plan, &f, &x, &dense_analytic(m, &x), ANALYTIC_TOL);
        check_against(&mut plan, &f, &x, &central_differences(&f, &x), FD_TOL);
        // A plan from the dense pattern by hand gives the same.
        let mut by_hand = SparseJacobian::<3>::from_pattern(Pattern::dense(m, n));
        check_against(&mut by_hand, &f, &x, &dense_analytic(m, &x), ANALYTIC_TOL);
    }
}

// ----- random sparse functions ----------------------------------------------------------

#[test]
fn random_sparse_functions_trace_colour_and_differentiate_right() {
    fn check(seed: u64) -> TestResult {
        let mut rng = Rng(seed);
        let (m, n) = (1 + rng.below(14), 1 + rng.below(14));
        let density = 0.05 + 0.5 * (rng.uniform() + 1.0) / 2.0;
        let rows = random_rows(m, n, density, &mut rng);
        let expected = Pattern::from_rows(n, &rows).unwrap();
        let f = FromPattern { rows, n };
        let x = random_point(n, &mut rng);
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
        let x2 = random_point(n, &mut rng);
        let jac = csc_to_dense(&plan.jacobian(&f, &x2).unwrap());
        let analytic = from_pattern_analytic(&f, &x2);
        let fd = central_differences(&f, &x2);
        let (ea, ef) = (max_rel_diff(&jac, &analytic), max_rel_diff(&jac, &fd));
        if ea > ANALYTIC_TOL || ef > FD_TOL {
            return TestResult::error(format!("errors {ea:e} (analytic), {ef:e} (fd)"));
        }
        TestResult::passed()
    }
    QuickCheck::new()
        .tests(300)
        .quickcheck(check as fn(u64) -> TestResult);
}

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

// ----- the pattern rules of the tracer -------------------------------------------------

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

// ----- pattern changes: never a silently wrong Jacobian ------------------------------

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
        assert!(max_rel_diff(&jac, &fd) < FD_TOL);
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
    check_against(&mut plan, &f, &x, &dense_analytic(3, &x), ANALYTIC_TOL);
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
    let mut x = random_point(n, &mut rng);
    x[0] = 0.5;
    let mut p1 = SparseJacobian::<1>::new(&f, &x).unwrap();
    let mut p4 = p1.clone().with_width::<4>();
    p1.set_auto_verify(false);
    p4.set_auto_verify(false);
    assert_eq!((p1.colours(), p1.passes(), p4.passes()), (n, n, 3));
    check_against(&mut p1, &f, &x, &arrowhead_analytic(&x, true), ANALYTIC_TOL);
    check_against(&mut p4, &f, &x, &arrowhead_analytic(&x, true), ANALYTIC_TOL);
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

// ----- shape and input errors ---------------------------------------------------------

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

// ----- tracers outside their trace -------------------------------------------------------

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
    let x = random_point(20, &mut rng);
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
    check_against(&mut plan, &f, &x, &analytic, ANALYTIC_TOL);
}
