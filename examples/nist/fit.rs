//! Fitting a NIST problem with the `levenberg-marquardt` crate (on nalgebra 0.34), its
//! Jacobian computed by dualnum or by finite differences.
//!
//! With the `nalgebra_v0_34` feature (`cargo run --release --features nalgebra_v0_34
//! --example nist`), dualnum's numbers are simba 0.9 scalars, and the Jacobian is built
//! directly in the solver's matrix type: the parameters are a nalgebra 0.34 vector of duals,
//! the residuals are evaluated on it, and the solver's `DMatrix` is filled from the duals'
//! tangents ([`Nist::dualnum_jacobian_matrix`]). Without the feature, the two nalgebra
//! versions never meet: dualnum writes the Jacobian column-major into a plain slice
//! (`ChunkedJacobian::jacobian_slice_into`, [`Nist::dualnum_jacobian`]), and the solver's
//! matrix is built from that slice (`DMatrix::from_vec`, also column-major). Both give the
//! same numbers, bit for bit (`tests/nist.rs`).
//!
//! Shared by `examples/nist/main.rs` and `tests/nist.rs` (included with `#[path]`).

use std::cell::{Cell, RefCell};

use dualnum::ChunkedJacobian;
#[cfg(feature = "nalgebra_v0_34")]
use dualnum::Dual;
use levenberg_marquardt::{LeastSquaresProblem, LevenbergMarquardt, differentiate_numerically};
use nalgebra_v0_34::{DMatrix, DVector, Dyn, Owned};

use crate::problems::{Problem, lre, min_lre};

/// Tangent components per dual-number pass: the Jacobian of `n` parameters takes
/// `ceil(n / CHUNK)` passes (1 for the 2- to 4-parameter models, 3 for ENSO's 9).
pub const CHUNK: usize = 4;

/// How the Jacobian handed to the solver is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JacobianMethod {
    /// Forward-mode automatic differentiation with dualnum: exact to rounding.
    Dualnum,
    /// One-sided differences with MINPACK's step (`lmdif`/`fdjac2`): column `j` is
    /// `(r(b + h_j e_j) - r(b)) / h_j` with `h_j = sqrt(ε) |b_j|` (`sqrt(ε)` if `b_j = 0`).
    ForwardDifference,
    /// Central differences, `(r(b + h_j e_j) - r(b - h_j e_j)) / (2 h_j)` with
    /// `h_j = ε^(1/3) |b_j|` (`ε^(1/3)` if `b_j = 0`): error `O(h²)` instead of `O(h)`, for
    /// twice the residual evaluations.
    CentralDifference,
    /// The solver crate's own `differentiate_numerically`: an adaptive central difference
    /// with Richardson extrapolation, per entry (about `30 m n` residual evaluations).
    SolverNumeric,
}

impl JacobianMethod {
    /// The methods of the table, in its order (the solver's `differentiate_numerically` is
    /// opt-in: see `examples/nist/main.rs`).
    pub const TABLE: [JacobianMethod; 3] = [
        JacobianMethod::Dualnum,
        JacobianMethod::ForwardDifference,
        JacobianMethod::CentralDifference,
    ];

    /// A label for tables.
    pub fn label(self) -> &'static str {
        match self {
            JacobianMethod::Dualnum => "dualnum",
            JacobianMethod::ForwardDifference => "forward differences",
            JacobianMethod::CentralDifference => "central differences",
            JacobianMethod::SolverNumeric => "differentiate_numerically",
        }
    }

    /// A short tag for table columns.
    pub fn tag(self) -> &'static str {
        match self {
            JacobianMethod::Dualnum => "AD",
            JacobianMethod::ForwardDifference => "FD",
            JacobianMethod::CentralDifference => "CD",
            JacobianMethod::SolverNumeric => "LM",
        }
    }
}

/// The solver, with the same settings for every Jacobian method.
///
/// - `ftol = xtol = gtol = 1e-15`: a little tighter than the crate's default (30 ε ≈
///   6.7e-15), so a fit stops only when double precision has nothing more to give; the
///   LRE then measures the Jacobian and the problem's conditioning, not an early stop.
///   (Setting them to 0, i.e. "until no improvement is possible", changes none of the
///   counts of fits reaching 4 or 6 digits.)
/// - `patience = 1000`: at most `1000 (n + 1)` residual evaluations. Bennett5 from start 1
///   takes about 770; the default 100 (400 for its 3 parameters) stops it short.
/// - `stepbound = 1` instead of MINPACK's 100 (its documented range is 0.1 to 100): the
///   first trust region is `||D b0||`, not 100 times that. With 100, BoxBOD from start 1
///   (b = 1, 1) jumps to a far plateau and stops there with every Jacobian method; with 1
///   all 54 fits converge, with fewer iterations overall.
/// - `scale_diag` (MINPACK's `mode = 1`) on: parameters differ by up to 10 orders of
///   magnitude within a problem (Hahn1, Roszman1, Nelson), and the solver scales them by
///   the Jacobian's column norms.
pub fn solver() -> LevenbergMarquardt<f64> {
    LevenbergMarquardt::new()
        .with_ftol(1e-15)
        .with_xtol(1e-15)
        .with_gtol(1e-15)
        .with_patience(1000)
        .with_stepbound(1.0)
        .with_scale_diag(true)
}

/// The outcome of one fit.
#[derive(Clone, Debug)]
pub struct Fit {
    /// The smallest LRE over the parameters.
    pub lre_params: f64,
    /// The LRE of the residual sum of squares.
    pub lre_rss: f64,
    /// Jacobians the solver asked for (its iterations).
    pub jacobians: usize,
    /// Residual vectors the solver evaluated (not counting those inside finite differences).
    pub evaluations: usize,
    /// Whether the solver stopped on a convergence test (`ftol`, `xtol`, `gtol` or zero
    /// residuals) rather than on patience, a numerical failure or a usage issue.
    pub converged: bool,
    /// Why the solver stopped.
    pub termination: String,
}

/// Fits `problem` from its start `start` (0 or 1) with Jacobians from `method`.
pub fn fit(problem: &Problem, start: usize, method: JacobianMethod) -> Fit {
    let target = Nist::new(problem, method, &problem.starts[start]);
    let (target, report) = solver().minimize(target);
    let params: Vec<f64> = target.b.iter().copied().collect();
    Fit {
        lre_params: min_lre(&params, &problem.certified),
        lre_rss: lre(problem.rss(&params), problem.certified_rss),
        jacobians: target.jacobians.get(),
        evaluations: report.number_of_evaluations,
        converged: report.termination.was_successful(),
        termination: format!("{:?}", report.termination),
    }
}

/// The residuals and Jacobian of one NIST problem, in the solver's types.
pub struct Nist<'a> {
    problem: &'a Problem,
    method: JacobianMethod,
    b: DVector<f64>,
    jacobians: Cell<usize>,
    // With the `nalgebra_v0_34` feature the example fits through the direct path; the
    // slice path stays for `tests/nist.rs`, which checks the two agree.
    #[cfg_attr(feature = "nalgebra_v0_34", allow(dead_code))]
    work: RefCell<ChunkedJacobian<CHUNK, f64>>,
}

impl<'a> Nist<'a> {
    /// The problem at the parameters `b`.
    pub fn new(problem: &'a Problem, method: JacobianMethod, b: &[f64]) -> Self {
        Nist {
            problem,
            method,
            b: DVector::from_column_slice(b),
            jacobians: Cell::new(0),
            work: RefCell::new(ChunkedJacobian::new()),
        }
    }

    /// The dualnum Jacobian of the residuals, `m x n` column-major in a plain `Vec`: without
    /// the `nalgebra_v0_34` feature, the only thing that crosses from dualnum's nalgebra to
    /// the solver's.
    #[cfg_attr(feature = "nalgebra_v0_34", allow(dead_code))]
    pub fn dualnum_jacobian(&self) -> Option<Vec<f64>> {
        let (m, n) = (self.problem.n_obs(), self.problem.n_params());
        let mut values = vec![0.0; m];
        let mut jacobian = vec![0.0; m * n];
        self.work
            .borrow_mut()
            .jacobian_slice_into(
                |b, r| self.problem.residuals(b, r),
                self.b.as_slice(),
                &mut values,
                &mut jacobian,
            )
            .ok()?;
        Some(jacobian)
    }

    /// The dualnum Jacobian of the residuals as the solver's own nalgebra 0.34 matrix, from
    /// duals living in nalgebra 0.34 (the `nalgebra_v0_34` feature): the parameters are a
    /// `DVector<Dual<f64, CHUNK>>`, seeded `CHUNK` columns at a time (`b[j0 + k]` the
    /// variable `k`), the residuals `r` are evaluated on them, and entry `(i, j0 + k)` of
    /// the Jacobian is the tangent `r[i].eps[k]`. `ceil(n / CHUNK)` passes, as
    /// [`Nist::dualnum_jacobian`] takes.
    #[cfg(feature = "nalgebra_v0_34")]
    pub fn dualnum_jacobian_matrix(&self) -> DMatrix<f64> {
        let (m, n) = (self.problem.n_obs(), self.problem.n_params());
        let mut b: DVector<Dual<f64, CHUNK>> = self.b.map(Dual::constant);
        let mut r = DVector::from_element(m, Dual::constant(0.0));
        let mut jacobian = DMatrix::zeros(m, n);
        for j0 in (0..n).step_by(CHUNK) {
            let width = CHUNK.min(n - j0);
            for k in 0..width {
                b[j0 + k] = Dual::variable(self.b[j0 + k], k);
            }
            self.problem.residuals(b.as_slice(), r.as_mut_slice());
            for k in 0..width {
                for i in 0..m {
                    jacobian[(i, j0 + k)] = r[i].eps[k];
                }
                b[j0 + k] = Dual::constant(self.b[j0 + k]);
            }
        }
        jacobian
    }

    /// A finite-difference Jacobian, column-major: one-sided (MINPACK's step) or central.
    pub fn difference_jacobian(&self, central: bool) -> Vec<f64> {
        let (m, n) = (self.problem.n_obs(), self.problem.n_params());
        let scale = if central {
            f64::EPSILON.cbrt()
        } else {
            f64::EPSILON.sqrt()
        };
        let mut b = self.b.as_slice().to_vec();
        let mut r_minus = vec![0.0; m];
        if !central {
            self.problem.residuals(&b, &mut r_minus);
        }
        let mut r_plus = vec![0.0; m];
        let mut jacobian = vec![0.0; m * n];
        for j in 0..n {
            let bj = b[j];
            let h = if bj == 0.0 { scale } else { scale * bj.abs() };
            b[j] = bj + h;
            self.problem.residuals(&b, &mut r_plus);
            if central {
                b[j] = bj - h;
                self.problem.residuals(&b, &mut r_minus);
            }
            b[j] = bj;
            let width = if central { 2.0 * h } else { h };
            let column = &mut jacobian[j * m..(j + 1) * m];
            for ((jij, rp), rm) in column.iter_mut().zip(&r_plus).zip(&r_minus) {
                *jij = (rp - rm) / width;
            }
        }
        jacobian
    }
}

impl LeastSquaresProblem<f64, Dyn, Dyn> for Nist<'_> {
    type ResidualStorage = Owned<f64, Dyn>;
    type JacobianStorage = Owned<f64, Dyn, Dyn>;
    type ParameterStorage = Owned<f64, Dyn>;

    fn set_params(&mut self, b: &DVector<f64>) {
        self.b.copy_from(b);
    }

    fn params(&self) -> DVector<f64> {
        self.b.clone()
    }

    fn residuals(&self) -> Option<DVector<f64>> {
        let mut r = DVector::zeros(self.problem.n_obs());
        self.problem.residuals(self.b.as_slice(), r.as_mut_slice());
        Some(r)
    }

    fn jacobian(&self) -> Option<DMatrix<f64>> {
        self.jacobians.set(self.jacobians.get() + 1);
        let m = self.problem.n_obs();
        let n = self.problem.n_params();
        match self.method {
            #[cfg(feature = "nalgebra_v0_34")]
            JacobianMethod::Dualnum => Some(self.dualnum_jacobian_matrix()),
            #[cfg(not(feature = "nalgebra_v0_34"))]
            JacobianMethod::Dualnum => Some(DMatrix::from_vec(m, n, self.dualnum_jacobian()?)),
            JacobianMethod::ForwardDifference => {
                Some(DMatrix::from_vec(m, n, self.difference_jacobian(false)))
            }
            JacobianMethod::CentralDifference => {
                Some(DMatrix::from_vec(m, n, self.difference_jacobian(true)))
            }
            JacobianMethod::SolverNumeric => {
                let mut copy = Nist::new(self.problem, self.method, self.b.as_slice());
                differentiate_numerically(&mut copy)
            }
        }
    }
}
