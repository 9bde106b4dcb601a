//! [`GradientHessian`]: the sparse Hessian as the sparse Jacobian of a gradient, compressed
//! with a [`StarColouring`] and recovered symmetrically.
//!
//! The gradient `g = ∇f` (the user's, written as a [`VectorFunction`] `R^n -> R^n`) is
//! evaluated on [`Dual<f64, N>`](crate::Dual) with every input of colour `c` seeded in
//! tangent component `c mod N`: `ceil(colours / N)` passes give `B = H S`. Each entry
//! `(i, j)` is then read from `B[i, c(j)]` when `j` is the only neighbour of `i` with
//! colour `c(j)`, else from `B[j, c(i)]` (the star property guarantees one of the two), and
//! written to both triangles: exactly symmetric.

use nalgebra_sparse::CscMatrix;
use nalgebra_sparse::pattern::SparsityPattern;

use super::star_colouring::adjacency;
use super::{Pattern, SparseError, StarColouring, VectorFunction, trace_pattern};
use crate::Dual;

/// A plan for the sparse Hessian `H = ∂g/∂x` of a gradient `g: R^n -> R^n`: its symmetric
/// pattern, a star colouring of it and, for every entry, where in the compressed columns it
/// is read. Built once, used at many points.
///
/// ```
/// use dualnum::Real;
/// use dualnum::sparse::{GradientHessian, VectorFunction};
///
/// /// The gradient of f = Σ_i (x_i x_(i+1) - 1)²: g_i = 2 r_(i-1) x_(i-1) + 2 r_i x_(i+1).
/// struct Grad(usize);
/// impl VectorFunction for Grad {
///     fn input_len(&self) -> usize { self.0 }
///     fn output_len(&self) -> usize { self.0 }
///     fn eval<S: Real>(&self, x: &[S], g: &mut [S]) {
///         for i in 0..self.0 - 1 {
///             let r = x[i] * x[i + 1] - S::one();
///             g[i] = g[i] + (r * x[i + 1]).mul_f64(2.0);
///             g[i + 1] = g[i + 1] + (r * x[i]).mul_f64(2.0);
///         }
///     }
/// }
///
/// let x = vec![1.5; 50];
/// let mut plan = GradientHessian::<3>::new(&Grad(50), &x).unwrap();
/// assert_eq!(plan.colours(), 3);
/// let (mut g, mut h) = (vec![0.0; 50], plan.new_matrix());
/// plan.hessian_into(&Grad(50), &x, &mut g, &mut h).unwrap();
/// // ∂²/∂x_5∂x_6 = 2 (2 x_5 x_6 - 1) = 7
/// assert_eq!(h.get_entry(5, 6).unwrap().into_value(), 7.0);
/// ```
#[derive(Clone, Debug)]
pub struct GradientHessian<const N: usize> {
    /// The symmetric pattern with the diagonal, compressed by columns.
    csc: SparsityPattern,
    /// The colouring.
    colouring: StarColouring,
    /// For every slot of `csc`: `(row, colour)` of the compressed entry it is read from.
    sources: Vec<(usize, usize)>,
    /// The compressed columns `B`, row-major: `b[i * colours + c]`.
    compressed: Vec<f64>,
    /// The seeded inputs and the outputs of one pass.
    inputs: Vec<Dual<f64, N>>,
    outputs: Vec<Dual<f64, N>>,
}

impl<const N: usize> GradientHessian<N> {
    /// Traces the pattern of `g`'s Jacobian at `x` and builds the plan on it (see
    /// [`from_pattern`](Self::from_pattern)).
    ///
    /// # Errors
    /// The errors of [`trace_pattern`]; [`SparseError::FunctionShape`] if `g` is not
    /// `R^n -> R^n`.
    pub fn new<G: VectorFunction>(g: &G, x: &[f64]) -> Result<Self, SparseError> {
        let n = g.input_len();
        if g.output_len() != n {
            return Err(SparseError::FunctionShape {
                expected: (n, n),
                found: (g.output_len(), n),
            });
        }
        Self::from_pattern(&trace_pattern(g, x)?)
    }

    /// The plan for a given pattern of the Hessian (symmetrised: `(i, j)` implies `(j, i)`;
    /// the diagonal is always stored).
    ///
    /// # Errors
    /// [`SparseError::MatrixShape`] if the pattern is not square.
    pub fn from_pattern(pattern: &Pattern) -> Result<Self, SparseError> {
        const {
            assert!(
                N > 0,
                "the width N of a sparse Hessian plan must be at least 1"
            )
        };
        let adj = adjacency(pattern)?;
        let colouring = StarColouring::greedy(pattern)?;
        let n = adj.len();
        let k = colouring.count();
        let c = colouring.colours();
        // how many neighbours of i have colour c(j): 1 means B[i, c(j)] is H_ij alone
        let alone = |i: usize, j: usize| adj[i].iter().filter(|&&u| c[u] == c[j]).count() == 1;
        let (mut offsets, mut indices, mut sources) = (vec![0], Vec::new(), Vec::new());
        for j in 0..n {
            // column j: its neighbours and j itself, rows ascending
            let pos = adj[j].partition_point(|&r| r < j);
            let diagonal = [j];
            let rows = adj[j][..pos].iter().chain(&diagonal).chain(&adj[j][pos..]);
            for &i in rows {
                indices.push(i);
                // one source per unordered pair, so both triangles get the same number
                let (a, b) = (i.min(j), i.max(j));
                let source = if a == b || alone(a, b) {
                    (a, c[b])
                } else {
                    debug_assert!(alone(b, a), "a star colouring recovers every entry");
                    (b, c[a])
                };
                sources.push(source);
            }
            offsets.push(indices.len());
        }
        let csc = SparsityPattern::try_from_offsets_and_indices(n, n, offsets, indices)
            .expect("sorted, unique, in range");
        Ok(GradientHessian {
            csc,
            colouring,
            sources,
            compressed: vec![0.0; n * k],
            inputs: Vec::new(),
            outputs: Vec::new(),
        })
    }

    /// The number of colours (compressed columns).
    pub fn colours(&self) -> usize {
        self.colouring.count()
    }

    /// The number of evaluations of the gradient per Hessian: `ceil(colours / N)`, at
    /// least 1.
    pub fn passes(&self) -> usize {
        self.colours().div_ceil(N).max(1)
    }

    /// The star colouring of the plan.
    pub fn colouring(&self) -> &StarColouring {
        &self.colouring
    }

    /// A zero matrix with the plan's pattern (both triangles and the diagonal).
    pub fn new_matrix(&self) -> CscMatrix<f64> {
        CscMatrix::try_from_pattern_and_values(self.csc.clone(), vec![0.0; self.csc.nnz()])
            .expect("one value per entry")
    }

    /// Computes `g(x)` into `gradient` and its Jacobian, the Hessian, into `hessian` (made
    /// by [`new_matrix`](Self::new_matrix)), with [`passes`](Self::passes) evaluations of
    /// `g`.
    ///
    /// # Errors
    /// [`SparseError::FunctionShape`], [`SparseError::InputLength`],
    /// [`SparseError::OutputLength`] for sizes that do not match the plan,
    /// [`SparseError::MatrixPattern`] for a matrix with another pattern; nothing is
    /// evaluated then.
    pub fn hessian_into<G: VectorFunction>(
        &mut self,
        g: &G,
        x: &[f64],
        gradient: &mut [f64],
        hessian: &mut CscMatrix<f64>,
    ) -> Result<(), SparseError> {
        let n = self.csc.major_dim();
        if g.input_len() != n || g.output_len() != n {
            return Err(SparseError::FunctionShape {
                expected: (n, n),
                found: (g.output_len(), g.input_len()),
            });
        }
        if x.len() != n {
            return Err(SparseError::InputLength {
                expected: n,
                found: x.len(),
            });
        }
        if gradient.len() != n {
            return Err(SparseError::OutputLength {
                expected: n,
                found: gradient.len(),
            });
        }
        if *hessian.pattern() != self.csc {
            return Err(SparseError::MatrixPattern);
        }
        let k = self.colours();
        self.inputs.clear();
        self.inputs.extend(x.iter().map(|&v| Dual::constant(v)));
        self.outputs.resize(n, Dual::default());
        let colours = self.colouring.colours();
        for pass in 0..self.passes() {
            let first = pass * N;
            let width = N.min(k.saturating_sub(first));
            for (d, &c) in self.inputs.iter_mut().zip(colours) {
                d.eps = [0.0; N];
                if c >= first && c < first + width {
                    d.eps[c - first] = 1.0;
                }
            }
            self.outputs.fill(Dual::default());
            g.eval(&self.inputs, &mut self.outputs);
            for (i, y) in self.outputs.iter().enumerate() {
                if pass == 0 {
                    gradient[i] = y.re;
                }
                self.compressed[i * k + first..i * k + first + width]
                    .copy_from_slice(&y.eps[..width]);
            }
        }
        for (v, &(row, colour)) in hessian.values_mut().iter_mut().zip(&self.sources) {
            *v = self.compressed[row * k + colour];
        }
        Ok(())
    }
}
