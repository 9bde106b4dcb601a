//! Derivatives with respect to a matrix (`dualnum::matrix`) and their reshaping
//! (`dualnum::tensor`): index conventions written out by hand, lossless round trips on
//! random shapes (quickcheck), random matrix functions against central finite differences,
//! and exact matrix-calculus identities (vec(AXB) = (Bᵀ ⊗ A) vec X).

use dualnum::tensor::{Layout, Tensor3, VecOrder, reorder_jacobian};
use dualnum::{
    Dual, JacobianError, MatrixJacobian, Real, elementwise_derivative,
    elementwise_derivative_dmatrix, gradient_wrt_dmatrix_chunked, gradient_wrt_matrix,
    jacobian_matrix_wrt_matrix, jacobian_wrt_dmatrix_chunked, jacobian_wrt_matrix, seed_matrix,
};
use nalgebra::{
    DMatrix, DVector, Matrix2, Matrix2x3, Matrix3, Matrix3x2, SMatrix, SVector, Vector2, dmatrix,
};
use quickcheck::{Arbitrary, Gen, QuickCheck};

const LAYOUTS: [Layout; 2] = [Layout::Numerator, Layout::Denominator];
const ORDERS: [VecOrder; 2] = [VecOrder::RowMajor, VecOrder::ColumnMajor];

// ----- a small deterministic generator for points and coefficients ---------------------

/// xorshift64*: reproducible pseudo-random numbers without a dependency.
struct Rng(u64);

impl Rng {
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let bits = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11;
        lo + (hi - lo) * (bits as f64 / (1u64 << 53) as f64)
    }

    fn matrix<const R: usize, const C: usize>(&mut self, lo: f64, hi: f64) -> SMatrix<f64, R, C> {
        SMatrix::from_fn(|_, _| self.uniform(lo, hi))
    }
}

// ----- central finite differences (the oracle) -----------------------------------------

/// Step and tolerance of the finite-difference comparisons: the central difference with
/// h = 1e-5 has truncation error ~h² |f'''| / 6 and rounding error ~1e-16 |f| / h, both
/// far below 1e-6 (1 + |J|) for the smooth, O(1)-scaled functions below.
const FD_STEP: f64 = 1e-5;
const FD_TOLERANCE: f64 = 1e-6;

/// The D x RC Jacobian of `f` at `x` by central differences, columns numbered column-major.
fn fd_jacobian(
    f: impl Fn(&DMatrix<f64>) -> DVector<f64>,
    x: &DMatrix<f64>,
    depth: usize,
) -> DMatrix<f64> {
    let (rows, cols) = x.shape();
    let mut j = DMatrix::zeros(depth, rows * cols);
    for c in 0..cols {
        for r in 0..rows {
            let (mut plus, mut minus) = (x.clone(), x.clone());
            plus[(r, c)] += FD_STEP;
            minus[(r, c)] -= FD_STEP;
            let column = (f(&plus) - f(&minus)) / (2.0 * FD_STEP);
            j.set_column(c * rows + r, &column);
        }
    }
    j
}

fn assert_fd_close(actual: &DMatrix<f64>, fd: &DMatrix<f64>, what: &str) {
    assert_eq!(actual.shape(), fd.shape(), "{what}: shape");
    for ((d, k), a) in actual
        .iter()
        .enumerate()
        .map(|(i, a)| ((i % actual.nrows(), i / actual.nrows()), a))
    {
        let e = fd[(d, k)];
        assert!(
            (a - e).abs() <= FD_TOLERANCE * (1.0 + e.abs()),
            "{what}: entry ({d}, {k}) is {a}, finite differences give {e}"
        );
    }
}

fn to_dmatrix<const R: usize, const C: usize>(m: &SMatrix<f64, R, C>) -> DMatrix<f64> {
    DMatrix::from_column_slice(R, C, m.as_slice())
}

// ----- random matrix functions -----------------------------------------------------------

/// Coefficients of a family of smooth functions R^(3x2) -> R^5, drawn at random.
struct Coefficients {
    a: Matrix3x2<f64>,
    b: Matrix3<f64>,
    c: Matrix3x2<f64>,
}

impl Coefficients {
    fn draw(rng: &mut Rng) -> Self {
        Coefficients {
            a: rng.matrix(-2.0, 2.0),
            b: rng.matrix(-1.0, 1.0),
            c: rng.matrix(-1.0, 1.0),
        }
    }

    /// y0 = Σ a_rc sin(x_rc) x_(r+1 mod 3)c, y1 = exp(0.3 (Xᵀ B X)[0][1]),
    /// y2 = ln(1 + ‖X‖²), y3 = det(Xᵀ X), y4 = tanh(Σ c_rc x_rc) / (1 + x_00²).
    fn eval<S: Real + nalgebra::Scalar>(&self, x: &Matrix3x2<S>) -> SVector<S, 5> {
        let k = |v: f64| S::literal(v);
        let mut y0 = S::zero();
        let mut norm2 = S::zero();
        let mut lin = S::zero();
        for r in 0..3 {
            for c in 0..2 {
                y0 = y0 + k(self.a[(r, c)]) * x[(r, c)].sin() * x[((r + 1) % 3, c)];
                norm2 = norm2 + x[(r, c)] * x[(r, c)];
                lin = lin + k(self.c[(r, c)]) * x[(r, c)];
            }
        }
        // (Xᵀ B X)[0][1] = Σ_ij x_i0 b_ij x_j1
        let mut q = S::zero();
        for i in 0..3 {
            for j in 0..3 {
                q = q + x[(i, 0)] * k(self.b[(i, j)]) * x[(j, 1)];
            }
        }
        // Xᵀ X = [[p, s], [s, t]]
        let (mut p, mut s, mut t) = (S::zero(), S::zero(), S::zero());
        for r in 0..3 {
            p = p + x[(r, 0)] * x[(r, 0)];
            s = s + x[(r, 0)] * x[(r, 1)];
            t = t + x[(r, 1)] * x[(r, 1)];
        }
        SVector::<S, 5>::new(
            y0,
            (k(0.3) * q).exp(),
            (S::one() + norm2).ln(),
            p * t - s * s,
            lin.tanh() / (S::one() + x[(0, 0)] * x[(0, 0)]),
        )
    }

    fn eval_dynamic(&self, x: &DMatrix<f64>) -> DVector<f64> {
        let y = self.eval(&Matrix3x2::from_column_slice(x.as_slice()));
        DVector::from_column_slice(y.as_slice())
    }
}

#[test]
fn random_vector_functions_of_a_matrix_match_finite_differences() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20 {
        let coefficients = Coefficients::draw(&mut rng);
        let x: Matrix3x2<f64> = rng.matrix(-1.0, 1.0);
        let (y, j) = jacobian_wrt_matrix::<6, _, _, _, _>(|x| coefficients.eval(x), &x);
        assert_eq!(y, coefficients.eval(&x));
        let fd = fd_jacobian(|x| coefficients.eval_dynamic(x), &to_dmatrix(&x), 5);
        assert_fd_close(&to_dmatrix(&j), &fd, "jacobian_wrt_matrix");

        // Each output alone, as a scalar function: the numerator gradient is C x R.
        for d in 0..5 {
            let (yd, g) = gradient_wrt_matrix::<6, _, _, _>(|x| coefficients.eval(x)[d], &x);
            assert_eq!(yd, y[d]);
            for r in 0..3 {
                for c in 0..2 {
                    let e = fd[(d, c * 3 + r)];
                    assert!(
                        (g[(c, r)] - e).abs() <= FD_TOLERANCE * (1.0 + e.abs()),
                        "∂y_{d}/∂X[{r}][{c}]: {} vs {e}",
                        g[(c, r)]
                    );
                }
            }
        }

        // The same function on a DMatrix, chunked, for several chunk widths.
        let xd = to_dmatrix(&x);
        let f = |x: &DMatrix<Dual<f64, 4>>| {
            let y = coefficients.eval(&Matrix3x2::from_column_slice(x.as_slice()));
            DVector::from_column_slice(y.as_slice())
        };
        let (yc, jc) = jacobian_wrt_dmatrix_chunked::<4, _>(f, &xd).unwrap();
        assert_eq!(yc.as_slice(), y.as_slice());
        assert_fd_close(&jc, &fd, "jacobian_wrt_dmatrix_chunked::<4>");
        let f1 = |x: &DMatrix<Dual<f64, 1>>| {
            let y = coefficients.eval(&Matrix3x2::from_column_slice(x.as_slice()));
            DVector::from_column_slice(y.as_slice())
        };
        let (_, j1) = jacobian_wrt_dmatrix_chunked::<1, _>(f1, &xd).unwrap();
        assert_fd_close(&j1, &fd, "jacobian_wrt_dmatrix_chunked::<1>");
        let g = |x: &DMatrix<Dual<f64, 16>>| {
            coefficients.eval(&Matrix3x2::from_column_slice(x.as_slice()))[3]
        };
        let (y3, g3) = gradient_wrt_dmatrix_chunked::<16, _>(g, &xd);
        assert_eq!(y3, y[3]);
        assert_eq!(g3.shape(), (2, 3));
        for r in 0..3 {
            for c in 0..2 {
                let e = fd[(3, c * 3 + r)];
                assert!((g3[(c, r)] - e).abs() <= FD_TOLERANCE * (1.0 + e.abs()));
            }
        }
    }
}

/// A larger dynamic case: f(X) = [Σ sin(X ⊙ X), ‖X v‖², (Xᵀ X)[0][0]] for a 4 x 5 X, in
/// chunks of 3 (7 passes, the last one partial).
#[test]
fn chunked_dmatrix_jacobian_matches_finite_differences() {
    let mut rng = Rng(42);
    let v: Vec<f64> = (0..5).map(|_| rng.uniform(-1.0, 1.0)).collect();
    let x = DMatrix::from_fn(4, 5, |_, _| rng.uniform(-1.0, 1.0));
    fn f<S: Real + nalgebra::Scalar>(x: &DMatrix<S>, v: &[f64]) -> DVector<S> {
        let y0 = x
            .iter()
            .map(|&e| (e * e).sin())
            .fold(S::zero(), |a, b| a + b);
        let mut y1 = S::zero();
        for r in 0..x.nrows() {
            let mut xv = S::zero();
            for c in 0..x.ncols() {
                xv = xv + x[(r, c)] * S::literal(v[c]);
            }
            y1 = y1 + xv * xv;
        }
        let y2 = x.column(0).iter().fold(S::zero(), |a, &b| a + b * b);
        DVector::from_vec(vec![y0, y1, y2])
    }
    let (y, j) = jacobian_wrt_dmatrix_chunked::<3, _>(|x| f(x, &v), &x).unwrap();
    assert_eq!(y, f(&x, &v));
    assert_fd_close(&j, &fd_jacobian(|x| f(x, &v), &x, 3), "4 x 5 chunked");
}

#[test]
fn chunked_dmatrix_reports_a_changing_output_length() {
    let x = DMatrix::from_element(2, 3, 1.0);
    let mut calls = 0;
    let result = jacobian_wrt_dmatrix_chunked::<2, _>(
        |x| {
            calls += 1;
            DVector::from_element(calls, x[(0, 0)])
        },
        &x,
    );
    assert!(result.is_err());
}

// ----- exact identities of matrix calculus -----------------------------------------------

/// vec(A X B) = (Bᵀ ⊗ A) vec(X) with column-major vec: the Jacobian is exactly Bᵀ ⊗ A.
#[test]
fn matrix_product_jacobian_is_the_kronecker_product() {
    let mut rng = Rng(7);
    for _ in 0..10 {
        let a: Matrix2x3<f64> = rng.matrix(-3.0, 3.0);
        let b: Matrix2<f64> = rng.matrix(-3.0, 3.0);
        let x: Matrix3x2<f64> = rng.matrix(-3.0, 3.0);
        let (y, j) = jacobian_matrix_wrt_matrix::<6, 4, _, _, _, _, _>(
            |x| a.map(Dual::constant) * x * b.map(Dual::constant),
            &x,
        );
        assert_eq!(y, a * x * b);
        let expected = b.transpose().kronecker(&a);
        for (got, want) in j.iter().zip(expected.iter()) {
            assert!((got - want).abs() <= 1e-14 * (1.0 + want.abs()));
        }
    }
}

/// Y = Xᵀ: ∂Y[p][q]/∂X[r][c] = [p == c][q == r], the commutation matrix.
#[test]
fn transpose_jacobian_is_the_commutation_matrix() {
    let x = Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
    let (y, j) = jacobian_matrix_wrt_matrix::<6, 6, _, _, _, _, _>(|x| x.transpose(), &x);
    assert_eq!(y, x.transpose());
    // row q·3 + p (Y is 3 x 2), column c·2 + r (X is 2 x 3)
    for p in 0..3 {
        for q in 0..2 {
            for r in 0..2 {
                for c in 0..3 {
                    let expected = if p == c && q == r { 1.0 } else { 0.0 };
                    assert_eq!(j[(q * 3 + p, c * 2 + r)], expected);
                }
            }
        }
    }
}

/// A matrix-valued nonlinear function against finite differences, output read column-major.
#[test]
fn matrix_valued_function_matches_finite_differences() {
    let mut rng = Rng(99);
    let b: Matrix3<f64> = rng.matrix(-1.0, 1.0);
    fn g<S: Real + nalgebra::Scalar>(x: &Matrix3x2<S>, b: &Matrix3<f64>) -> Matrix2<S> {
        // Y[p][q] = Σ_ij sin(x_ip) b_ij exp(x_jq / 2)
        Matrix2::from_fn(|p, q| {
            let mut s = S::zero();
            for i in 0..3 {
                for j in 0..3 {
                    s = s + x[(i, p)].sin()
                        * S::literal(b[(i, j)])
                        * (x[(j, q)] * S::literal(0.5)).exp();
                }
            }
            s
        })
    }
    for _ in 0..10 {
        let x: Matrix3x2<f64> = rng.matrix(-1.5, 1.5);
        let (y, j) = jacobian_matrix_wrt_matrix::<6, 4, _, _, _, _, _>(|x| g(x, &b), &x);
        assert_eq!(y, g(&x, &b));
        let fd = fd_jacobian(
            |x| {
                let y = g(&Matrix3x2::from_column_slice(x.as_slice()), &b);
                DVector::from_column_slice(y.as_slice())
            },
            &to_dmatrix(&x),
            4,
        );
        assert_fd_close(&to_dmatrix(&j), &fd, "matrix-valued g");
    }
}

// ----- seeding ---------------------------------------------------------------------------

#[test]
fn seeding_numbers_entries_column_major() {
    let x = Matrix2x3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
    let seeded = seed_matrix::<6, _, 2, 3>(&x);
    for r in 0..2 {
        for c in 0..3 {
            assert_eq!(seeded[(r, c)].re, x[(r, c)]);
            let mut expected = [0.0; 6];
            expected[c * 2 + r] = 1.0;
            assert_eq!(seeded[(r, c)].eps, expected, "entry ({r}, {c})");
        }
    }
}

/// Non-finite entries go through without a panic: y = Σ X + X[0][1]² at a NaN and an
/// infinite entry has a NaN value but the exact gradient (sums never multiply a tangent by
/// the NaN), and the tensor conversions carry NaN and ∞ unchanged.
#[test]
fn non_finite_inputs_go_through_without_panicking() {
    let x = Matrix2::new(f64::NAN, 1.0, f64::INFINITY, -0.0);
    let (y, g) = gradient_wrt_matrix::<4, _, _, _>(|x| x.sum() + x[(0, 1)] * x[(0, 1)], &x);
    assert!(y.is_nan());
    assert_eq!(g, Matrix2::new(1.0, 1.0, 3.0, 1.0)); // numerator: (1, 0) is ∂y/∂X[0][1]
    let j = SMatrix::<f64, 1, 4>::new(f64::NAN, f64::INFINITY, 2.0, f64::NEG_INFINITY);
    let t = Tensor3::from_jacobian(&j, (2, 2), VecOrder::ColumnMajor, Layout::Denominator);
    assert!(t[(0, 0, 0)].is_nan());
    assert_eq!(t[(0, 1, 0)], f64::INFINITY);
    assert_eq!(t[(0, 1, 1)], f64::NEG_INFINITY);
}

/// Empty matrices are valid inputs: no entries, no columns, the value still computed.
#[test]
fn empty_inputs() {
    let x = SMatrix::<f64, 0, 3>::zeros();
    let (y, g) = gradient_wrt_matrix::<0, _, _, _>(|_| Dual::constant(2.5), &x);
    assert_eq!((y, g.shape()), (2.5, (3, 0)));
    let xd = DMatrix::<f64>::zeros(0, 0);
    let (y, g) = gradient_wrt_dmatrix_chunked::<4, _>(|_| Dual::constant(-1.0), &xd);
    assert_eq!((y, g.shape()), (-1.0, (0, 0)));
    let (y, j) = jacobian_wrt_dmatrix_chunked::<4, _>(
        |_| DVector::from_element(2, Dual::constant(1.0)),
        &xd,
    )
    .unwrap();
    assert_eq!((y.len(), j.shape()), (2, (2, 0)));
    let t = Tensor3::from_jacobian(&j, (0, 0), VecOrder::RowMajor, Layout::Numerator);
    assert_eq!(t.shape(), (2, 0, 0));
}

// ----- elementwise maps ------------------------------------------------------------------

#[test]
fn elementwise_derivative_matches_the_analytic_derivative() {
    let mut rng = Rng(5);
    for _ in 0..10 {
        let x: SMatrix<f64, 3, 4> = rng.matrix(-2.0, 2.0);
        let w: SMatrix<f64, 3, 4> = rng.matrix(-2.0, 2.0);
        // Y[r][c] = w_rc x_rc³ + exp(sin x_rc): its own function per entry.
        let (y, d) = elementwise_derivative(
            |x| x.zip_map(&w, |e, wi| wi * e.powi(3) + e.sin().exp()),
            &x,
        );
        for r in 0..3 {
            for c in 0..4 {
                let (e, wi) = (x[(r, c)], w[(r, c)]);
                assert!(
                    (y[(r, c)] - (wi * e.powi(3) + e.sin().exp())).abs()
                        < 1e-14 * (1.0 + y[(r, c)].abs())
                );
                let slope = 3.0 * wi * e * e + e.cos() * e.sin().exp();
                assert!((d[(r, c)] - slope).abs() <= 1e-13 * (1.0 + slope.abs()));
            }
        }
        let xd = to_dmatrix(&x);
        let wd = to_dmatrix(&w);
        let (yd, dd) = elementwise_derivative_dmatrix(
            |x| x.zip_map(&wd, |e, wi| wi * e.powi(3) + e.sin().exp()),
            &xd,
        );
        assert_eq!(yd, to_dmatrix(&y));
        assert_eq!(dd, to_dmatrix(&d));
    }
}

/// The documented caveat: for a map that mixes entries, the single width-1 pass gives the
/// row sums of the Jacobian, not its diagonal.
#[test]
fn elementwise_derivative_of_a_mixing_map_gives_row_sums() {
    let x = Vector2::new(2.0, 3.0);
    // f = (x0 x1, x0 + x1): J = [[x1, x0], [1, 1]], row sums (x0 + x1, 2)
    let (_, d) = elementwise_derivative(|x| Vector2::new(x[0] * x[1], x[0] + x[1]), &x);
    assert_eq!(d, Vector2::new(5.0, 2.0));
}

#[test]
#[should_panic(expected = "an elementwise map keeps the shape")]
fn elementwise_derivative_dmatrix_rejects_a_shape_change() {
    let x = DMatrix::from_element(2, 2, 1.0);
    let _ = elementwise_derivative_dmatrix(|x| x.transpose().resize(3, 1, Dual::default()), &x);
}

// ----- the tensor type and its conversions -----------------------------------------------

#[test]
fn vec_order_positions_written_out_for_a_2x3_matrix() {
    // X = [[x1, x2, x3], [x4, x5, x6]]; entry (r, c) and its number in each order.
    let table = [
        ((0, 0), 0, 0),
        ((0, 1), 1, 2),
        ((0, 2), 2, 4),
        ((1, 0), 3, 1),
        ((1, 1), 4, 3),
        ((1, 2), 5, 5),
    ];
    for (entry, row_major, column_major) in table {
        assert_eq!(VecOrder::RowMajor.position(entry, (2, 3)), row_major);
        assert_eq!(VecOrder::ColumnMajor.position(entry, (2, 3)), column_major);
        assert_eq!(VecOrder::RowMajor.entry(row_major, (2, 3)), entry);
        assert_eq!(VecOrder::ColumnMajor.entry(column_major, (2, 3)), entry);
    }
}

#[test]
fn layout_shapes() {
    assert_eq!(Layout::Numerator.slice_shape((2, 3)), (3, 2));
    assert_eq!(Layout::Denominator.slice_shape((2, 3)), (2, 3));
    assert_eq!(Layout::Numerator.input_shape((3, 2)), (2, 3));
    assert_eq!(Layout::Numerator.input_entry((2, 1)), (1, 2));
    assert_eq!(Layout::Denominator.input_entry((2, 1)), (2, 1));
}

#[test]
fn tensor_storage_and_views() {
    let t = Tensor3::from_fn((2, 3, 4), |d, r, c| (100 * d + 10 * r + c) as f64);
    assert_eq!(t.shape(), (2, 3, 4));
    // slice after slice, each column-major
    assert_eq!(t.as_slice()[0..4], [0.0, 10.0, 20.0, 1.0]);
    assert_eq!(t.as_slice()[12], 100.0);
    assert_eq!(t.as_slice()[12 + 3 * 2 + 1], 112.0);
    assert_eq!(
        t.slice(1),
        dmatrix![100.0, 101.0, 102.0, 103.0; 110.0, 111.0, 112.0, 113.0; 120.0, 121.0, 122.0, 123.0]
    );
    let mut t = t;
    t[(1, 2, 3)] = -1.0;
    t.slice_mut(0)[(0, 0)] = -2.0;
    assert_eq!(t[(1, 2, 3)], -1.0);
    assert_eq!(t[(0, 0, 0)], -2.0);
    assert_eq!(t.clone().into_vec().len(), 24);
}

#[test]
#[should_panic(expected = "index (0, 3, 0) is out of bounds for shape 1 x 3 x 2")]
fn tensor_index_out_of_bounds_panics_clearly() {
    let t = Tensor3::from_fn((1, 3, 2), |_, _, _| 0.0);
    let _ = t[(0, 3, 0)];
}

#[test]
#[should_panic(expected = "slice 1 is 2 x 1, slice 0 is 1 x 2")]
fn tensor_from_slices_rejects_mixed_shapes() {
    let _ = Tensor3::from_slices(&[dmatrix![1.0, 2.0], dmatrix![1.0; 2.0]]);
}

#[test]
#[should_panic(expected = "it needs 6 columns")]
fn tensor_from_jacobian_rejects_a_wrong_width() {
    let j = DMatrix::<f64>::zeros(4, 5);
    let _ = Tensor3::from_jacobian(&j, (2, 3), VecOrder::RowMajor, Layout::Numerator);
}

#[test]
fn tensor_display_prints_slices_one_after_another() {
    let t = Tensor3::from_slices(&[
        dmatrix![1.0, 2.0; 3.0, 4.0; 5.0, 6.0],
        dmatrix![
            0.5, -10.0;
            0.0, 7.0;
            8.0, 9.0
        ],
    ]);
    let expected = "2 x 3 x 2 tensor (depth x rows x cols)\n\
                    [0] ⎡   1   2 ⎤\n    \
                        ⎢   3   4 ⎥\n    \
                        ⎣   5   6 ⎦\n\
                    [1] ⎡ 0.5 -10 ⎤\n    \
                        ⎢   0   7 ⎥\n    \
                        ⎣   8   9 ⎦";
    assert_eq!(t.to_string(), expected);
    let one_row = Tensor3::from_slices(&[dmatrix![1.0, 2.0]]);
    assert_eq!(
        format!("{one_row:.2}"),
        "1 x 1 x 2 tensor (depth x rows x cols)\n[0] [ 1.00 2.00 ]"
    );
}

// ----- quickcheck: lossless round trips on random shapes ---------------------------------

/// A derivative with respect to an R x C matrix with D outputs (R, C ≤ 5, D ≤ 6), as a
/// D x RC Jacobian of arbitrary floats (NaN and infinities included: every conversion is a
/// permutation, so they must survive bit for bit).
#[derive(Clone, Debug)]
struct Case {
    depth: usize,
    input_shape: (usize, usize),
    jacobian: DMatrix<f64>,
}

impl Arbitrary for Case {
    fn arbitrary(g: &mut Gen) -> Self {
        let depth = usize::from(u8::arbitrary(g) % 6) + 1;
        let rows = usize::from(u8::arbitrary(g) % 5) + 1;
        let cols = usize::from(u8::arbitrary(g) % 5) + 1;
        let jacobian = DMatrix::from_fn(depth, rows * cols, |_, _| f64::arbitrary(g));
        Case {
            depth,
            input_shape: (rows, cols),
            jacobian,
        }
    }
}

fn bits(m: &DMatrix<f64>) -> (usize, usize, Vec<u64>) {
    (
        m.nrows(),
        m.ncols(),
        m.iter().map(|x| x.to_bits()).collect(),
    )
}

fn tensor_bits(t: &Tensor3<f64>) -> ((usize, usize, usize), Vec<u64>) {
    (
        t.shape(),
        t.as_slice().iter().map(|x| x.to_bits()).collect(),
    )
}

fn quickcheck(prop: fn(Case) -> bool) {
    QuickCheck::new().tests(300).quickcheck(prop);
}

/// Jacobian -> tensor -> Jacobian is the identity, for every layout and order.
#[test]
fn jacobian_tensor_round_trip() {
    fn prop(case: Case) -> bool {
        LAYOUTS.iter().all(|&layout| {
            ORDERS.iter().all(|&order| {
                let t = Tensor3::from_jacobian(&case.jacobian, case.input_shape, order, layout);
                bits(&t.to_jacobian(layout, order)) == bits(&case.jacobian)
            })
        })
    }
    quickcheck(prop);
}

/// Tensor -> Jacobian -> tensor is the identity (the tensor read as numerator or
/// denominator, written in either order).
#[test]
fn tensor_jacobian_round_trip() {
    fn prop(case: Case) -> bool {
        let (r, c) = case.input_shape;
        let t = Tensor3::from_fn((case.depth, r, c), |d, i, j| case.jacobian[(d, j * r + i)]);
        LAYOUTS.iter().all(|&layout| {
            ORDERS.iter().all(|&order| {
                let j = t.to_jacobian(layout, order);
                let input_shape = layout.input_shape((r, c));
                let back = Tensor3::from_jacobian(&j, input_shape, order, layout);
                tensor_bits(&back) == tensor_bits(&t)
            })
        })
    }
    quickcheck(prop);
}

/// Reordering there and back is the identity, and reordering to the same order changes
/// nothing.
#[test]
fn reorder_round_trip() {
    fn prop(case: Case) -> bool {
        let s = case.input_shape;
        let j = &case.jacobian;
        ORDERS.iter().all(|&a| {
            ORDERS.iter().all(|&b| {
                let there = reorder_jacobian(j, s, a, b);
                let back = reorder_jacobian(&there, s, b, a);
                bits(&back) == bits(j) && (a != b || bits(&there) == bits(j))
            })
        })
    }
    quickcheck(prop);
}

/// The definitions, indexed by hand: with the Jacobian in row-major order (column r·C + c
/// is ∂y/∂X[r][c]), numerator T[d][i][j] = J[d][j·C + i] and denominator
/// T[d][i][j] = J[d][i·C + j]; in column-major order (column c·R + r) numerator
/// T[d][i][j] = J[d][i·R + j], denominator T[d][i][j] = J[d][j·R + i].
#[test]
fn tensor_entries_follow_the_definitions() {
    fn prop(case: Case) -> bool {
        let (rr, cc) = case.input_shape;
        let j = &case.jacobian;
        let nr = Tensor3::from_jacobian(j, (rr, cc), VecOrder::RowMajor, Layout::Numerator);
        let dr = Tensor3::from_jacobian(j, (rr, cc), VecOrder::RowMajor, Layout::Denominator);
        let nc = Tensor3::from_jacobian(j, (rr, cc), VecOrder::ColumnMajor, Layout::Numerator);
        let dc = Tensor3::from_jacobian(j, (rr, cc), VecOrder::ColumnMajor, Layout::Denominator);
        let same = |a: f64, b: f64| a.to_bits() == b.to_bits();
        nr.shape() == (case.depth, cc, rr)
            && dr.shape() == (case.depth, rr, cc)
            && (0..case.depth).all(|d| {
                (0..cc).all(|i| {
                    (0..rr).all(|k| {
                        same(nr[(d, i, k)], j[(d, k * cc + i)])
                            && same(nc[(d, i, k)], j[(d, i * rr + k)])
                    })
                }) && (0..rr).all(|i| {
                    (0..cc).all(|k| {
                        same(dr[(d, i, k)], j[(d, i * cc + k)])
                            && same(dc[(d, i, k)], j[(d, k * rr + i)])
                    })
                })
            })
    }
    quickcheck(prop);
}

/// Flattening the numerator tensor row-major gives the column-order vectorized Jacobian;
/// the denominator tensor is the numerator one with each slice transposed; reading a
/// Jacobian in one order is reading its reordering in the other.
#[test]
fn layout_and_order_identities() {
    fn prop(case: Case) -> bool {
        let s = case.input_shape;
        let j = &case.jacobian;
        let num = Tensor3::from_jacobian(j, s, VecOrder::ColumnMajor, Layout::Numerator);
        let den = Tensor3::from_jacobian(j, s, VecOrder::ColumnMajor, Layout::Denominator);
        let (depth, rows, cols) = num.shape();
        let mut flat = Vec::new();
        for d in 0..depth {
            for r in 0..rows {
                for c in 0..cols {
                    flat.push(num[(d, r, c)]);
                }
            }
        }
        let flat_matches = bits(&DMatrix::from_row_slice(depth, rows * cols, &flat)) == bits(j);
        let transposed = tensor_bits(&num.transpose_slices()) == tensor_bits(&den)
            && tensor_bits(&den.transpose_slices()) == tensor_bits(&num);
        let reordered = reorder_jacobian(j, s, VecOrder::ColumnMajor, VecOrder::RowMajor);
        let consistent = LAYOUTS.iter().all(|&layout| {
            tensor_bits(&Tensor3::from_jacobian(
                &reordered,
                s,
                VecOrder::RowMajor,
                layout,
            )) == tensor_bits(&Tensor3::from_jacobian(j, s, VecOrder::ColumnMajor, layout))
        });
        flat_matches && transposed && consistent
    }
    quickcheck(prop);
}

/// position and entry are inverse bijections between the entries and 0..RC.
#[test]
fn vec_order_is_a_bijection() {
    fn prop(case: Case) -> bool {
        let (rows, cols) = case.input_shape;
        ORDERS.iter().all(|&order| {
            let mut seen = vec![false; rows * cols];
            for r in 0..rows {
                for c in 0..cols {
                    let k = order.position((r, c), (rows, cols));
                    if k >= rows * cols || seen[k] || order.entry(k, (rows, cols)) != (r, c) {
                        return false;
                    }
                    seen[k] = true;
                }
            }
            true
        })
    }
    quickcheck(prop);
}

// ----- MatrixJacobian: the reusable workspace for a dynamically sized X ------------------

/// `y = Σ w_rc sin(X_rc) + (Σ X)²`: `∂y/∂X[r][c] = w_rc cos(X_rc) + 2 Σ X` (by hand), with
/// `w_rc = 1 + r - c / 2`.
fn weighted_sines<S: Real>(x: &DMatrix<S>) -> S {
    let mut total = S::zero();
    let mut sines = S::zero();
    for c in 0..x.ncols() {
        for r in 0..x.nrows() {
            let w = 1.0 + r as f64 - c as f64 / 2.0;
            sines = sines + x[(r, c)].sin().mul_f64(w);
            total = total + x[(r, c)];
        }
    }
    sines + total * total
}

fn weighted_sines_gradient(x: &DMatrix<f64>) -> DMatrix<f64> {
    let total = x.sum();
    // numerator layout: C x R, entry (i, j) = ∂y/∂X[j][i]
    DMatrix::from_fn(x.ncols(), x.nrows(), |i, j| {
        (1.0 + j as f64 - i as f64 / 2.0) * x[(j, i)].cos() + 2.0 * total
    })
}

fn matrix_workspace_gradients<const CH: usize>() {
    let mut work = MatrixJacobian::<CH, f64>::new();
    // Alternating shapes through one workspace: each result must be right, whatever the
    // previous shape was.
    for (k, &(rows, cols)) in [(2, 3), (1, 1), (4, 1), (3, 5), (2, 3), (1, 7)]
        .iter()
        .enumerate()
    {
        let x = DMatrix::from_fn(rows, cols, |r, c| {
            (0.7 * r as f64 - 0.4 * c as f64 + 0.1 * k as f64).sin()
        });
        let mut g = DMatrix::from_element(cols, rows, f64::NAN);
        let y = work.gradient_into(weighted_sines, &x, &mut g).unwrap();
        assert_eq!(y, weighted_sines(&x), "value, {rows} x {cols}, CH = {CH}");
        let want = weighted_sines_gradient(&x);
        for (got, want) in g.iter().zip(want.iter()) {
            assert!(
                (got - want).abs() <= 1e-14 * (1.0 + want.abs()),
                "{rows} x {cols}, CH = {CH}: {g} vs {want}"
            );
        }
    }
}

#[test]
fn matrix_workspace_gradient_matches_the_hand_gradient() {
    matrix_workspace_gradients::<1>();
    matrix_workspace_gradients::<3>();
    matrix_workspace_gradients::<8>();
    matrix_workspace_gradients::<64>();
}

#[test]
fn matrix_workspace_jacobian_matches_the_hand_jacobian() {
    // y = [Σ X², X[0][0] X[R-1][C-1], X[R-1][0]]: by hand, row 0 is 2 X (vec order), row 1
    // has X[R-1][C-1] at column 0 and X[0][0] at column RC-1 (their sum when both are the
    // same entry), row 2 has 1 at column R-1.
    let f = |x: &DMatrix<Dual<f64, 3>>| {
        let (r, c) = x.shape();
        DVector::from_vec(vec![
            x.iter().map(|&e| e * e).sum(),
            x[(0, 0)] * x[(r - 1, c - 1)],
            x[(r - 1, 0)],
        ])
    };
    let mut work = MatrixJacobian::<3, f64>::new();
    for &(rows, cols) in &[(2, 3), (1, 1), (3, 4), (5, 1)] {
        let x = DMatrix::from_fn(rows, cols, |r, c| 0.5 + r as f64 - 0.3 * c as f64);
        let n = rows * cols;
        let (mut values, mut jac) = (DVector::zeros(3), DMatrix::from_element(3, n, f64::NAN));
        work.jacobian_into(f, &x, &mut values, &mut jac).unwrap();
        let last = x[(rows - 1, cols - 1)];
        assert_eq!(values[0], x.iter().map(|e| e * e).sum::<f64>());
        assert_eq!((values[1], values[2]), (x[(0, 0)] * last, x[(rows - 1, 0)]));
        let mut want = DMatrix::zeros(3, n);
        for k in 0..n {
            want[(0, k)] = 2.0 * x.as_slice()[k];
        }
        want[(1, 0)] += last;
        want[(1, n - 1)] += x[(0, 0)];
        want[(2, rows - 1)] = 1.0;
        assert_eq!(jac, want, "{rows} x {cols}");
    }
}

#[test]
fn matrix_workspace_reports_wrong_sizes() {
    let x = DMatrix::from_fn(2, 3, |r, c| (r + c) as f64);
    let mut work = MatrixJacobian::<2, f64>::new();
    // A gradient buffer shaped like X instead of Xᵀ: an error, f never called.
    let mut calls = 0;
    let mut g = DMatrix::zeros(2, 3);
    let err = work
        .gradient_into(
            |x: &DMatrix<Dual<f64, 2>>| {
                calls += 1;
                x.sum()
            },
            &x,
            &mut g,
        )
        .unwrap_err();
    // both shapes named: a transposed buffer has the right length (6) and the wrong shape
    assert_eq!(
        err,
        JacobianError::BufferShape {
            buffer: "gradient (C x R)",
            expected: (3, 2),
            found: (2, 3)
        }
    );
    assert!(err.to_string().contains("2 x 3, expected 3 x 2"), "{err}");
    assert_eq!(calls, 0);
    // values of the wrong length: f returns 2 outputs, the buffer has 3
    let two = |x: &DMatrix<Dual<f64, 2>>| DVector::from_vec(vec![x.sum(), x[(0, 0)]]);
    let (mut values, mut jac) = (DVector::zeros(3), DMatrix::zeros(3, 6));
    let err = work
        .jacobian_into(two, &x, &mut values, &mut jac)
        .unwrap_err();
    assert_eq!(
        err,
        JacobianError::BufferSize {
            buffer: "values (the outputs of f)",
            expected: 2,
            found: 3
        }
    );
    // a Jacobian that is not D x RC
    let (mut values, mut jac) = (DVector::zeros(2), DMatrix::zeros(2, 5));
    let err = work
        .jacobian_into(two, &x, &mut values, &mut jac)
        .unwrap_err();
    assert_eq!(
        err,
        JacobianError::BufferShape {
            buffer: "jacobian (D x RC)",
            expected: (2, 6),
            found: (2, 5)
        }
    );
    // an output length that changes after the first pass (3 passes of 2 entries)
    let mut pass = 0;
    let changing = |x: &DMatrix<Dual<f64, 2>>| {
        pass += 1;
        DVector::from_element(if pass == 1 { 2 } else { 1 }, x.sum())
    };
    let (mut values, mut jac) = (DVector::zeros(2), DMatrix::zeros(2, 6));
    let err = work
        .jacobian_into(changing, &x, &mut values, &mut jac)
        .unwrap_err();
    assert_eq!(err, JacobianError::OutputLengthChanged { first: 2, now: 1 });
    // and the workspace still works afterwards
    let (mut values, mut jac) = (DVector::zeros(2), DMatrix::zeros(2, 6));
    work.jacobian_into(two, &x, &mut values, &mut jac).unwrap();
    assert_eq!(jac.row(0).iter().sum::<f64>(), 6.0);
}

#[test]
fn matrix_workspace_handles_empty_matrices() {
    // 0 x 3 and 2 x 0 inputs: no entries to seed, one pass for the value, empty derivatives.
    let mut work = MatrixJacobian::<2, f64>::new();
    for &(rows, cols) in &[(0, 3), (2, 0), (0, 0)] {
        let x = DMatrix::<f64>::zeros(rows, cols);
        let mut g = DMatrix::zeros(cols, rows);
        let y = work
            .gradient_into(
                |x: &DMatrix<Dual<f64, 2>>| x.sum() + Dual::constant(1.5),
                &x,
                &mut g,
            )
            .unwrap();
        assert_eq!(y, 1.5);
        let (mut values, mut jac) = (DVector::zeros(1), DMatrix::zeros(1, 0));
        work.jacobian_into(
            |x: &DMatrix<Dual<f64, 2>>| DVector::from_element(1, x.sum() - Dual::constant(2.0)),
            &x,
            &mut values,
            &mut jac,
        )
        .unwrap();
        assert_eq!(values[0], -2.0);
    }
}
