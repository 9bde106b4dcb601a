//! Derivatives with respect to a matrix: `seed_matrix`, `gradient_wrt_matrix`,
//! `jacobian_wrt_matrix`, `jacobian_matrix_wrt_matrix`, the dynamic chunked forms
//! (`gradient_wrt_dmatrix_chunked`, `jacobian_wrt_dmatrix_chunked`), the `MatrixJacobian`
//! workspace, and `elementwise_derivative(_dmatrix)`, with their size errors.
//!
//! Oracles: central finite differences over the matrix entries (step `1e-5`, tolerance
//! `1e-6 (1 + |J|)`), hand-derived derivatives of random functions read through my own
//! row-major numbering, and closed forms (Kronecker products, the commutation matrix,
//! the notes' index formula).

use dualnum::tensor::{Layout, Tensor3, VecOrder};
use dualnum::{
    Dual, JacobianError, MatrixJacobian, Real, elementwise_derivative,
    elementwise_derivative_dmatrix, gradient_wrt_dmatrix_chunked, gradient_wrt_matrix,
    jacobian_matrix_wrt_matrix, jacobian_wrt_dmatrix_chunked, jacobian_wrt_matrix, seed_matrix,
};
use nalgebra::{
    DMatrix, DVector, Matrix2, Matrix2x3, Matrix3, Matrix3x2, SMatrix, SVector, Vector2,
};

mod common;
use common::Rng;
use common::fixtures::{Smooth, VecFn, d_row_major, row_major_entries};
use common::oracles::fd_jacobian_wrt_matrix;
use common::oracles_matrix::{assert_same_value, to_dmatrix};
use common::tolerance::{
    CENTRAL_DIFFERENCE, HAND_FORMULA, assert_matrix_within, assert_within, within,
};

/// Step of the finite-difference comparisons (tolerance `CENTRAL_DIFFERENCE`): the central
/// difference with h = 1e-5 has truncation error ~h² |f'''| / 6 and rounding error
/// ~1e-16 |f| / h, both far below 1e-6 (1 + |J|) for the smooth, O(1)-scaled functions below.
const FD_STEP: f64 = 1e-5;

/// Coefficients of a family of smooth functions R^(3x2) -> R^5, drawn at random.
struct Coefficients {
    a: Matrix3x2<f64>,
    b: Matrix3<f64>,
    c: Matrix3x2<f64>,
}

impl Coefficients {
    fn draw(rng: &mut Rng) -> Self {
        Coefficients {
            a: rng.smatrix(-2.0, 2.0),
            b: rng.smatrix(-1.0, 1.0),
            c: rng.smatrix(-1.0, 1.0),
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

// ----- random functions of a matrix ----------------------------------------------------------

#[test]
fn random_vector_functions_of_a_matrix_match_finite_differences() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20 {
        let coefficients = Coefficients::draw(&mut rng);
        let x: Matrix3x2<f64> = rng.smatrix(-1.0, 1.0);
        let (y, j) = jacobian_wrt_matrix::<6, _, _, _, _>(|x| coefficients.eval(x), &x);
        assert_eq!(y, coefficients.eval(&x));
        let fd = fd_jacobian_wrt_matrix(
            |x| coefficients.eval_dynamic(x),
            &to_dmatrix(&x),
            5,
            FD_STEP,
        );
        assert_matrix_within(
            "jacobian_wrt_matrix",
            &to_dmatrix(&j),
            &fd,
            CENTRAL_DIFFERENCE,
        );

        // Each output alone, as a scalar function: the numerator gradient is C x R.
        for d in 0..5 {
            let (yd, g) = gradient_wrt_matrix::<6, _, _, _>(|x| coefficients.eval(x)[d], &x);
            assert_eq!(yd, y[d]);
            for r in 0..3 {
                for c in 0..2 {
                    let e = fd[(d, c * 3 + r)];
                    assert!(
                        within(g[(c, r)], e, CENTRAL_DIFFERENCE),
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
        assert_matrix_within(
            "jacobian_wrt_dmatrix_chunked::<4>",
            &jc,
            &fd,
            CENTRAL_DIFFERENCE,
        );
        let f1 = |x: &DMatrix<Dual<f64, 1>>| {
            let y = coefficients.eval(&Matrix3x2::from_column_slice(x.as_slice()));
            DVector::from_column_slice(y.as_slice())
        };
        let (_, j1) = jacobian_wrt_dmatrix_chunked::<1, _>(f1, &xd).unwrap();
        assert_matrix_within(
            "jacobian_wrt_dmatrix_chunked::<1>",
            &j1,
            &fd,
            CENTRAL_DIFFERENCE,
        );
        let g = |x: &DMatrix<Dual<f64, 16>>| {
            coefficients.eval(&Matrix3x2::from_column_slice(x.as_slice()))[3]
        };
        let (y3, g3) = gradient_wrt_dmatrix_chunked::<16, _>(g, &xd);
        assert_eq!(y3, y[3]);
        assert_eq!(g3.shape(), (2, 3));
        for r in 0..3 {
            for c in 0..2 {
                let e = fd[(3, c * 3 + r)];
                assert!(within(g3[(c, r)], e, CENTRAL_DIFFERENCE));
            }
        }
    }
}

/// A larger dynamic case: f(X) = [Σ sin(X ⊙ X), ‖X v‖², (Xᵀ X)[0][0]] for a 4 x 5 X, in
/// chunks of 3 (7 passes, the last one partial).
#[test]
fn chunked_dmatrix_jacobian_matches_finite_differences() {
    let mut rng = Rng(42);
    let v: Vec<f64> = (0..5).map(|_| rng.range(-1.0, 1.0)).collect();
    let x = DMatrix::from_fn(4, 5, |_, _| rng.range(-1.0, 1.0));
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
    assert_matrix_within(
        "4 x 5 chunked",
        &j,
        &fd_jacobian_wrt_matrix(|x| f(x, &v), &x, 3, FD_STEP),
        CENTRAL_DIFFERENCE,
    );
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

/// FD of `f` over entry `X[r][c]`.
fn fd_entry(
    f: impl Fn(&DMatrix<f64>) -> Vec<f64>,
    x: &DMatrix<f64>,
    r: usize,
    c: usize,
) -> Vec<f64> {
    let h = 1e-5 * (1.0 + x[(r, c)].abs());
    let (mut p, mut q) = (x.clone(), x.clone());
    p[(r, c)] += h;
    q[(r, c)] -= h;
    f(&p)
        .iter()
        .zip(f(&q))
        .map(|(a, b)| (a - b) / (2.0 * h))
        .collect()
}

fn matrix_case<const R: usize, const C: usize, const W: usize>(rng: &mut Rng) {
    for _ in 0..5 {
        let x = SMatrix::<f64, R, C>::from_fn(|_, _| rng.range(-1.5, 1.5));
        let xd = to_dmatrix(&x);
        let xs = row_major_entries(&x);
        let what = format!("{R} x {C}");

        // seed_matrix: entry (r, c) has tangent e_(c R + r).
        let seeded = seed_matrix::<W, f64, R, C>(&x);
        for r in 0..R {
            for c in 0..C {
                assert_eq!(seeded[(r, c)].re.to_bits(), x[(r, c)].to_bits());
                for k in 0..W {
                    let expected = if k == c * R + r { 1.0 } else { 0.0 };
                    assert_eq!(
                        seeded[(r, c)].eps[k],
                        expected,
                        "{what}: seed ({r}, {c}) component {k}"
                    );
                }
            }
        }

        // Scalar of a matrix: numerator C x R, entry (i, j) = ∂y/∂X[j][i].
        let f = Smooth::random(R * C, rng);
        let (y, g) = gradient_wrt_matrix::<W, _, R, C>(|xd| f.eval(&row_major_entries(xd)), &x);
        let g: SMatrix<f64, C, R> = g;
        assert_same_value(&what, y, f.eval(&xs));
        let hand = f.grad(&xs);
        for i in 0..C {
            for j in 0..R {
                // ∂y/∂X[j][i] is my column j C + i.
                assert_within(
                    &format!("{what} gradient_wrt_matrix ({i}, {j}) hand"),
                    g[(i, j)],
                    hand[j * C + i],
                    HAND_FORMULA,
                );
                let fd = fd_entry(|p| vec![f.eval(&d_row_major(p))], &xd, j, i)[0];
                assert_within(
                    &format!("{what} gradient_wrt_matrix ({i}, {j}) fd"),
                    g[(i, j)],
                    fd,
                    CENTRAL_DIFFERENCE,
                );
            }
        }
        for ch in [1, 2, 4, 7] {
            let (y, gd) = match ch {
                1 => gradient_wrt_dmatrix_chunked::<1, _>(|m| f.eval(&d_row_major(m)), &xd),
                2 => gradient_wrt_dmatrix_chunked::<2, _>(|m| f.eval(&d_row_major(m)), &xd),
                4 => gradient_wrt_dmatrix_chunked::<4, _>(|m| f.eval(&d_row_major(m)), &xd),
                _ => gradient_wrt_dmatrix_chunked::<7, _>(|m| f.eval(&d_row_major(m)), &xd),
            };
            assert_same_value(&what, y, f.eval(&xs));
            assert_eq!(gd.shape(), (C, R), "{what}: chunked gradient shape");
            for i in 0..C {
                for j in 0..R {
                    assert_within(
                        &format!("{what} CH={ch} gradient ({i}, {j})"),
                        gd[(i, j)],
                        hand[j * C + i],
                        HAND_FORMULA,
                    );
                }
            }
        }

        // Vector of a matrix: D x RC, column c R + r = ∂y/∂X[r][c].
        const D: usize = 3;
        let fv = VecFn::random(D, R * C, rng);
        let (y, j) = jacobian_wrt_matrix::<W, _, R, C, D>(
            |xd| SVector::<_, D>::from_vec(fv.eval(&row_major_entries(xd))),
            &x,
        );
        let j: SMatrix<f64, D, W> = j;
        let vals = fv.eval(&xs);
        let hand = fv.jac(&xs);
        for d in 0..D {
            assert_same_value(&what, y[d], vals[d]);
        }
        for r in 0..R {
            for c in 0..C {
                let fd = fd_entry(|p| fv.eval(&d_row_major(p)), &xd, r, c);
                for d in 0..D {
                    assert_within(
                        &format!("{what} jacobian_wrt_matrix ({d}, X[{r}][{c}]) hand"),
                        j[(d, c * R + r)],
                        hand[(d, r * C + c)],
                        HAND_FORMULA,
                    );
                    assert_within(
                        &format!("{what} jacobian_wrt_matrix ({d}, X[{r}][{c}]) fd"),
                        j[(d, c * R + r)],
                        fd[d],
                        CENTRAL_DIFFERENCE,
                    );
                }
            }
        }
        for ch in [1, 3, 8] {
            fn on<const K: usize>(fv: &VecFn, m: &DMatrix<Dual<f64, K>>) -> DVector<Dual<f64, K>> {
                DVector::from_vec(fv.eval(&d_row_major(m)))
            }
            let (y, jd) = match ch {
                1 => jacobian_wrt_dmatrix_chunked::<1, _>(|m| on(&fv, m), &xd),
                3 => jacobian_wrt_dmatrix_chunked::<3, _>(|m| on(&fv, m), &xd),
                _ => jacobian_wrt_dmatrix_chunked::<8, _>(|m| on(&fv, m), &xd),
            }
            .unwrap();
            assert_eq!(jd.shape(), (D, R * C));
            for d in 0..D {
                assert_same_value(&what, y[d], vals[d]);
                for r in 0..R {
                    for c in 0..C {
                        assert_within(
                            &format!("{what} CH={ch} jacobian ({d}, X[{r}][{c}])"),
                            jd[(d, c * R + r)],
                            hand[(d, r * C + c)],
                            HAND_FORMULA,
                        );
                    }
                }
            }
        }

        // Matrix of a matrix, Y 2 x 2: Y[p][q] is my function number 2p + q; the crate's
        // row is q P + p, its column c R + r.
        let fm = VecFn::random(4, R * C, rng);
        let (ym, jm) = jacobian_matrix_wrt_matrix::<W, 4, _, R, C, 2, 2>(
            |xd| {
                let v = fm.eval(&row_major_entries(xd));
                Matrix2::new(v[0], v[1], v[2], v[3])
            },
            &x,
        );
        let vals = fm.eval(&xs);
        let hand = fm.jac(&xs);
        for p in 0..2 {
            for q in 0..2 {
                assert_same_value(&what, ym[(p, q)], vals[2 * p + q]);
                for r in 0..R {
                    for c in 0..C {
                        let fd = fd_entry(|m| fm.eval(&d_row_major(m)), &xd, r, c);
                        let got = jm[(q * 2 + p, c * R + r)];
                        assert_within(
                            &format!("{what} Y[{p}][{q}] / X[{r}][{c}] hand"),
                            got,
                            hand[(2 * p + q, r * C + c)],
                            HAND_FORMULA,
                        );
                        assert_within(
                            &format!("{what} Y[{p}][{q}] / X[{r}][{c}] fd"),
                            got,
                            fd[2 * p + q],
                            CENTRAL_DIFFERENCE,
                        );
                    }
                }
            }
        }

        // Elementwise: Y[r][c] = a sin(b x) + e x³ + exp(g x), its own coefficients.
        let coef: Vec<[f64; 4]> = (0..R * C)
            .map(|_| {
                [
                    rng.range(-2.0, 2.0),
                    rng.range(-2.0, 2.0),
                    rng.range(-1.0, 1.0),
                    rng.range(-1.0, 1.0),
                ]
            })
            .collect();
        fn elem<T: Real>(k: &[f64; 4], x: T) -> T {
            T::literal(k[0]) * (T::literal(k[1]) * x).sin()
                + T::literal(k[2]) * x * x * x
                + (T::literal(k[3]) * x).exp()
        }
        let g_prime = |k: &[f64; 4], x: f64| {
            k[0] * k[1] * (k[1] * x).cos() + 3.0 * k[2] * x * x + k[3] * (k[3] * x).exp()
        };
        let (y, d) = elementwise_derivative(
            |xd| SMatrix::<_, R, C>::from_fn(|r, c| elem(&coef[r * C + c], xd[(r, c)])),
            &x,
        );
        let (yd, dd) = elementwise_derivative_dmatrix(
            |xd| DMatrix::from_fn(R, C, |r, c| elem(&coef[r * C + c], xd[(r, c)])),
            &xd,
        );
        for r in 0..R {
            for c in 0..C {
                let k = &coef[r * C + c];
                let e = x[(r, c)];
                let h = 1e-5 * (1.0 + e.abs());
                let fd = (elem(k, e + h) - elem(k, e - h)) / (2.0 * h);
                assert_same_value(&what, y[(r, c)], elem(k, e));
                assert_same_value(&what, yd[(r, c)], elem(k, e));
                assert_within("elementwise hand", d[(r, c)], g_prime(k, e), HAND_FORMULA);
                assert_within("elementwise fd", d[(r, c)], fd, CENTRAL_DIFFERENCE);
                assert_within(
                    "elementwise dmatrix hand",
                    dd[(r, c)],
                    g_prime(k, e),
                    HAND_FORMULA,
                );
            }
        }
    }
}

#[test]
fn matrix_input_helpers_match_hand_and_fd_for_non_square_shapes() {
    let mut rng = Rng(8);
    matrix_case::<2, 3, 6>(&mut rng);
    matrix_case::<3, 1, 3>(&mut rng);
    matrix_case::<1, 4, 4>(&mut rng);
    matrix_case::<3, 2, 6>(&mut rng);
}

// ----- closed forms ------------------------------------------------------------------------

/// vec(A X B) = (Bᵀ ⊗ A) vec(X) with column-major vec: the Jacobian is exactly Bᵀ ⊗ A.
#[test]
fn matrix_product_jacobian_is_the_kronecker_product() {
    let mut rng = Rng(7);
    for _ in 0..10 {
        let a: Matrix2x3<f64> = rng.smatrix(-3.0, 3.0);
        let b: Matrix2<f64> = rng.smatrix(-3.0, 3.0);
        let x: Matrix3x2<f64> = rng.smatrix(-3.0, 3.0);
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
    let b: Matrix3<f64> = rng.smatrix(-1.0, 1.0);
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
        let x: Matrix3x2<f64> = rng.smatrix(-1.5, 1.5);
        let (y, j) = jacobian_matrix_wrt_matrix::<6, 4, _, _, _, _, _>(|x| g(x, &b), &x);
        assert_eq!(y, g(&x, &b));
        let fd = fd_jacobian_wrt_matrix(
            |x| {
                let y = g(&Matrix3x2::from_column_slice(x.as_slice()), &b);
                DVector::from_column_slice(y.as_slice())
            },
            &to_dmatrix(&x),
            4,
            FD_STEP,
        );
        assert_matrix_within("matrix-valued g", &to_dmatrix(&j), &fd, CENTRAL_DIFFERENCE);
    }
}

/// matrix.rs `jacobian_matrix_wrt_matrix`: "`J[(q·P + p, c·R + r)] = ∂Y[p][q] / ∂X[r][c]`".
/// `Y = (Xᵀ)∘²` for a 2 x 3 `X` (so `P = 3`, `Q = 2`): `∂Y[p][q]/∂X[r][c] = 2 X[q][p]` when
/// `(r, c) = (q, p)`, else 0; every one of the 36 entries is checked by hand.
#[test]
fn matrix_of_a_matrix_index_formula() {
    let x = Matrix2x3::new(1.0, -2.0, 3.0, 0.5, 4.0, -1.5);
    let (y, j) =
        jacobian_matrix_wrt_matrix::<6, 6, _, _, _, _, _>(|x| x.transpose().map(|e| e * e), &x);
    let (rr, cc, pp, qq) = (2, 3, 3, 2);
    for p in 0..pp {
        for q in 0..qq {
            assert_eq!(y[(p, q)], x[(q, p)] * x[(q, p)]);
            for r in 0..rr {
                for c in 0..cc {
                    let want = if (r, c) == (q, p) {
                        2.0 * x[(q, p)]
                    } else {
                        0.0
                    };
                    assert_eq!(
                        j[(q * pp + p, c * rr + r)],
                        want,
                        "Y[{p}][{q}] / X[{r}][{c}]"
                    );
                }
            }
        }
    }
}

// ----- seeding, non-finite and empty inputs ---------------------------------------------------

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

// ----- elementwise maps ----------------------------------------------------------------------

#[test]
fn elementwise_derivative_matches_the_analytic_derivative() {
    let mut rng = Rng(5);
    for _ in 0..10 {
        let x: SMatrix<f64, 3, 4> = rng.smatrix(-2.0, 2.0);
        let w: SMatrix<f64, 3, 4> = rng.smatrix(-2.0, 2.0);
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

#[test]
#[should_panic(expected = "an elementwise map keeps the shape")]
fn elementwise_dmatrix_shape_change_panics_clearly() {
    let x = DMatrix::from_element(2, 3, 1.0);
    let _ = elementwise_derivative_dmatrix(|x| x.transpose(), &x);
}

// ----- the MatrixJacobian workspace -----------------------------------------------------------

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
        work.jacobian_into(f, &x, Some(values.as_mut_slice()), &mut jac)
            .unwrap();
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
        .jacobian_into(two, &x, Some(values.as_mut_slice()), &mut jac)
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
        .jacobian_into(two, &x, Some(values.as_mut_slice()), &mut jac)
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
        .jacobian_into(changing, &x, Some(values.as_mut_slice()), &mut jac)
        .unwrap_err();
    assert_eq!(err, JacobianError::OutputLengthChanged { first: 2, now: 1 });
    // and the workspace still works afterwards
    let (mut values, mut jac) = (DVector::zeros(2), DMatrix::zeros(2, 6));
    work.jacobian_into(two, &x, Some(values.as_mut_slice()), &mut jac)
        .unwrap();
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
            Some(values.as_mut_slice()),
            &mut jac,
        )
        .unwrap();
        assert_eq!(values[0], -2.0);
    }
}
