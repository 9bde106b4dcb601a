//! Shared fixtures: test functions with derivatives written out by hand, and the notes'
//! example functions, each defined once.
//!
//! - [`Broyden`]: the Broyden tridiagonal function (a sparse `VectorFunction`), with
//!   [`broyden_jacobian`], its Jacobian by hand;
//! - [`Smooth`] and [`VecFn`]: random smooth scalar and vector functions of `n` variables
//!   (sums of products, `sin·exp` products, `ln(1 + x²)`), with hand gradients, Hessians and
//!   Jacobians;
//! - [`SmoothMap`]: a random `tanh(A x + b) + c ⊙ x²` map with its hand Jacobian;
//! - [`notes_f`]: the lecture notes' `f: R^(2 x 3) -> R^4`.

use dualnum::Real;
use dualnum::sparse::VectorFunction;
use nalgebra::{DMatrix, DVector, SMatrix, Vector4};

use super::Rng;

// ----- the Broyden tridiagonal function ----------------------------------------------------

/// Broyden tridiagonal: `F_i = (3 - 2 x_i) x_i - x_(i-1) - 2 x_(i+1) + 1`, with
/// `x_(-1) = x_n = 0`.
pub struct Broyden(pub usize);

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
pub fn broyden_jacobian(x: &[f64]) -> DMatrix<f64> {
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

// ----- random smooth functions with hand derivatives ----------------------------------------

/// `f(x) = c0 + Σ a x_p x_q + Σ b sin(c x_r) exp(d x_s) + Σ e ln(1 + x_t²)`.
#[derive(Clone, Debug)]
pub struct Smooth {
    pub c0: f64,
    pub products: Vec<(f64, usize, usize)>,
    pub waves: Vec<(f64, f64, f64, usize, usize)>,
    pub logs: Vec<(f64, usize)>,
}

impl Smooth {
    pub fn random(n: usize, rng: &mut Rng) -> Self {
        assert!(n > 0);
        let k = 1 + rng.below(3);
        Smooth {
            c0: rng.range(-1.0, 1.0),
            products: (0..k + 1)
                .map(|_| (rng.range(-2.0, 2.0), rng.below(n), rng.below(n)))
                .collect(),
            waves: (0..k)
                .map(|_| {
                    (
                        rng.range(-2.0, 2.0),
                        rng.range(-1.5, 1.5),
                        rng.range(-1.0, 1.0),
                        rng.below(n),
                        rng.below(n),
                    )
                })
                .collect(),
            logs: (0..k)
                .map(|_| (rng.range(-2.0, 2.0), rng.below(n)))
                .collect(),
        }
    }

    /// The function, generic: the same operations in the same order for f64 and duals.
    pub fn eval<T: Real>(&self, x: &[T]) -> T {
        let mut s = T::literal(self.c0);
        for &(a, p, q) in &self.products {
            s = s + T::literal(a) * x[p] * x[q];
        }
        for &(b, c, d, r, t) in &self.waves {
            s = s + T::literal(b) * (T::literal(c) * x[r]).sin() * (T::literal(d) * x[t]).exp();
        }
        for &(e, t) in &self.logs {
            s = s + T::literal(e) * (T::one() + x[t] * x[t]).ln();
        }
        s
    }

    /// The gradient, derived by hand term by term.
    pub fn grad(&self, x: &[f64]) -> Vec<f64> {
        let mut g = vec![0.0; x.len()];
        for &(a, p, q) in &self.products {
            g[p] += a * x[q];
            g[q] += a * x[p];
        }
        for &(b, c, d, r, t) in &self.waves {
            let (sn, cs, ex) = ((c * x[r]).sin(), (c * x[r]).cos(), (d * x[t]).exp());
            g[r] += b * c * cs * ex;
            g[t] += b * d * sn * ex;
        }
        for &(e, t) in &self.logs {
            g[t] += e * 2.0 * x[t] / (1.0 + x[t] * x[t]);
        }
        g
    }

    /// The Hessian, derived by hand term by term.
    pub fn hess(&self, x: &[f64]) -> Vec<Vec<f64>> {
        let n = x.len();
        let mut h = vec![vec![0.0; n]; n];
        for &(a, p, q) in &self.products {
            h[p][q] += a;
            h[q][p] += a;
        }
        for &(b, c, d, r, t) in &self.waves {
            let (sn, cs, ex) = ((c * x[r]).sin(), (c * x[r]).cos(), (d * x[t]).exp());
            h[r][r] += -b * c * c * sn * ex;
            h[t][t] += b * d * d * sn * ex;
            h[r][t] += b * c * d * cs * ex;
            h[t][r] += b * c * d * cs * ex;
        }
        for &(e, t) in &self.logs {
            let s = 1.0 + x[t] * x[t];
            h[t][t] += e * 2.0 * (1.0 - x[t] * x[t]) / (s * s);
        }
        h
    }
}

/// `m` random smooth functions of `n` variables.
#[derive(Clone, Debug)]
pub struct VecFn(pub Vec<Smooth>);

impl VecFn {
    pub fn random(m: usize, n: usize, rng: &mut Rng) -> Self {
        VecFn((0..m).map(|_| Smooth::random(n.max(1), rng)).collect())
    }
    pub fn eval<T: Real>(&self, x: &[T]) -> Vec<T> {
        self.0.iter().map(|f| f.eval(x)).collect()
    }
    /// The hand Jacobian, m x n.
    pub fn jac(&self, x: &[f64]) -> DMatrix<f64> {
        let mut j = DMatrix::zeros(self.0.len(), x.len());
        for (i, f) in self.0.iter().enumerate() {
            for (k, g) in f.grad(x).into_iter().enumerate() {
                j[(i, k)] = g;
            }
        }
        j
    }
}

/// A smooth map R^n -> R^m with a known Jacobian:
/// `f(x) = tanh(A x + b) + c ⊙ (x_(i mod n))²`, so
/// `J = diag(1 - tanh²(A x + b)) A + [2 c_i x_(i mod n) at column i mod n]`.
pub struct SmoothMap {
    pub a: DMatrix<f64>,
    pub b: DVector<f64>,
    pub c: DVector<f64>,
}

impl SmoothMap {
    pub fn random(n: usize, m: usize, rng: &mut Rng) -> Self {
        SmoothMap {
            a: DMatrix::from_fn(m, n, |_, _| rng.uniform()),
            b: DVector::from_fn(m, |_, _| rng.uniform()),
            c: DVector::from_fn(m, |_, _| rng.uniform()),
        }
    }

    pub fn eval<T: num_traits::Float + 'static + std::fmt::Debug>(&self, x: &[T]) -> Vec<T> {
        let n = x.len();
        (0..self.a.nrows())
            .map(|i| {
                let mut s = T::from(self.b[i]).unwrap();
                for j in 0..n {
                    s = s + T::from(self.a[(i, j)]).unwrap() * x[j];
                }
                let xi = x[i % n];
                s.tanh() + T::from(self.c[i]).unwrap() * xi * xi
            })
            .collect()
    }

    pub fn analytic_jacobian(&self, x: &[f64]) -> DMatrix<f64> {
        let n = x.len();
        let z = &self.a * DVector::from_column_slice(x) + &self.b;
        let mut j = DMatrix::from_fn(self.a.nrows(), n, |i, k| {
            (1.0 - z[i].tanh().powi(2)) * self.a[(i, k)]
        });
        for i in 0..self.a.nrows() {
            j[(i, i % n)] += 2.0 * self.c[i] * x[i % n];
        }
        j
    }
}

// ----- the lecture notes' example functions ------------------------------------------------

/// The notes' `f(X) = [x1 + ... + x6, x1 x5 x6, x2 x4, x3 x4 x5]` of a 2 x 3 `X` read row
/// by row (`x1 = X[0][0]`, `x4 = X[1][0]`).
pub fn notes_f<T: Real>(x: &SMatrix<T, 2, 3>) -> Vector4<T> {
    let [x1, x2, x3] = [x[(0, 0)], x[(0, 1)], x[(0, 2)]];
    let [x4, x5, x6] = [x[(1, 0)], x[(1, 1)], x[(1, 2)]];
    Vector4::new(
        x1 + x2 + x3 + x4 + x5 + x6,
        x1 * x5 * x6,
        x2 * x4,
        x3 * x4 * x5,
    )
}

/// The entries of `x` read row by row, as the notes number them (`xs[r C + c] = X[r][c]`).
pub fn row_major_entries<T: Copy, const R: usize, const C: usize>(x: &SMatrix<T, R, C>) -> Vec<T> {
    let mut v = Vec::with_capacity(R * C);
    for r in 0..R {
        for c in 0..C {
            v.push(x[(r, c)]);
        }
    }
    v
}

/// The entries of a dynamic `x` read row by row.
pub fn d_row_major<T: nalgebra::Scalar + Copy>(x: &DMatrix<T>) -> Vec<T> {
    let mut v = Vec::new();
    for r in 0..x.nrows() {
        for c in 0..x.ncols() {
            v.push(x[(r, c)]);
        }
    }
    v
}
