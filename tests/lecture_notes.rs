//! The lecture notes (`shared/lecture-notes.md`), every worked example, section by section,
//! against the notes' own formulas as corrected by the errata:
//!
//! - `scalar`: y = x² ln x² with dy/dx = 2x(ln x² + 1), and the derivatives of ln, eˣ, sin,
//!   cos, tan, tanh and the sigmoid listed at the end;
//! - `vector`: scalars and vectors of several variables, the Jacobian (errata 1 and 2), the
//!   identity map;
//! - `matrix`: scalars and vectors of a matrix (errata 3, 4 and 5), the D x R x C tensor in
//!   both layouts, both vectorized forms, the backprop example;
//! - `by_hand`: each worked example again, including the chain of backprop factors, every
//!   expected number derived by hand (tolerance `1e-12 (1 + |expected|)`).
//!
//! The oracle each time is the formula written in the notes (or derived by hand from it),
//! evaluated on plain `f64`; the crate's number is the tangent of a dual evaluation.

mod common;

mod scalar {
    //! y = x² ln x² and the elementary functions. Both sides are a handful of correctly
    //! rounded operations apart, so they must agree to a few ulps (`1e-13` relative, with an
    //! absolute floor of `1e-13` where the derivative crosses zero).

    use dualnum::Dual;
    use num_traits::Float;

    type D = Dual<f64, 1>;

    /// Points inside every domain used below (x > 0 for ln), away from tan's poles.
    const POSITIVE_POINTS: [f64; 7] = [1e-3, 0.25, 0.5, 1.0, 1.7, 3.0, 12.5];

    /// Points for functions defined on the whole line.
    const REAL_POINTS: [f64; 11] = [
        -12.5, -3.0, -1.0, -0.5, -1e-3, 0.0, 1e-3, 0.5, 1.0, 2.0, 7.0,
    ];

    fn assert_close(what: &str, x: f64, got: f64, expected: f64) {
        let tol = 1e-13 * expected.abs().max(1.0);
        assert!(
            (got - expected).abs() <= tol,
            "{what} at x = {x}: dualnum gives {got:e}, the notes' formula {expected:e} \
         (difference {:e} > {tol:e})",
            (got - expected).abs()
        );
    }

    /// The value and slope of `f` at `x`, through a dual seeded with dx/dx = 1.
    fn dual_eval(f: impl Fn(D) -> D, x: f64) -> (f64, f64) {
        let y = f(D::variable(x, 0));
        (y.re, y.eps[0])
    }

    /// The notes' first example, written once for any `Float`: `y = x² ln x²`.
    fn x2_ln_x2<T: Float>(x: T) -> T {
        let x2 = x * x;
        x2 * x2.ln()
    }

    #[test]
    fn x_squared_ln_x_squared() {
        // dy/dx = 2x ln x² + x² (1/x²) 2x = 2x (ln x² + 1); x² ln x² is even, so negative
        // points work too (x ≠ 0).
        let points = POSITIVE_POINTS
            .iter()
            .chain(REAL_POINTS.iter())
            .copied()
            .filter(|&x| x != 0.0);
        for x in points {
            let (y, dy) = dual_eval(x2_ln_x2, x);
            assert_eq!(y, x2_ln_x2(x), "value at x = {x}");
            assert_close("d/dx x² ln x²", x, dy, 2.0 * x * ((x * x).ln() + 1.0));
            // The intermediate line of the notes, before simplification.
            assert_close(
                "2x ln x² + x² (1/x²) 2x",
                x,
                dy,
                2.0 * x * (x * x).ln() + x * x * (1.0 / (x * x)) * 2.0 * x,
            );
        }
        // At x = 1, ln x² = 0 and the slope is exactly 2x = 2.
        assert_eq!(dual_eval(x2_ln_x2, 1.0).1, 2.0);
    }

    #[test]
    fn ln() {
        for x in POSITIVE_POINTS {
            let (y, dy) = dual_eval(|t| t.ln(), x);
            assert_eq!(y, x.ln());
            assert_close("d/dx ln x = 1/x", x, dy, 1.0 / x);
        }
    }

    #[test]
    fn exp() {
        for x in REAL_POINTS {
            let (y, dy) = dual_eval(|t| t.exp(), x);
            assert_eq!(y, x.exp());
            assert_close("d/dx eˣ = eˣ", x, dy, x.exp());
        }
    }

    #[test]
    fn sin() {
        for x in REAL_POINTS {
            let (y, dy) = dual_eval(|t| t.sin(), x);
            assert_eq!(y, x.sin());
            assert_close("d/dx sin x = cos x", x, dy, x.cos());
        }
    }

    #[test]
    fn cos() {
        for x in REAL_POINTS {
            let (y, dy) = dual_eval(|t| t.cos(), x);
            assert_eq!(y, x.cos());
            assert_close("d/dx cos x = -sin x", x, dy, -x.sin());
        }
    }

    #[test]
    fn tan() {
        // Away from the poles at π/2 + kπ.
        for x in [-1.5, -1.0, -0.5, 0.0, 0.3, 1.0, 1.5, 2.0, 4.0] {
            let (y, dy) = dual_eval(|t| t.tan(), x);
            assert_eq!(y, x.tan());
            // d/dx tan x = sec² x = 1/cos² x (and = 1 + tan² x).
            assert_close("d/dx tan x = 1/cos² x", x, dy, 1.0 / (x.cos() * x.cos()));
        }
    }

    #[test]
    fn tanh() {
        for x in REAL_POINTS {
            let (y, dy) = dual_eval(|t| t.tanh(), x);
            assert_eq!(y, x.tanh());
            // d/dx tanh x = 1 - tanh² x = 1/cosh² x.
            assert_close(
                "d/dx tanh x = 1/cosh² x",
                x,
                dy,
                1.0 / (x.cosh() * x.cosh()),
            );
            assert_close(
                "d/dx tanh x = 1 - tanh² x",
                x,
                dy,
                1.0 - x.tanh() * x.tanh(),
            );
        }
    }

    /// σ(x) = 1/(1 + e⁻ˣ), the notes' definition.
    fn sigma(x: f64) -> f64 {
        1.0 / (1.0 + (-x).exp())
    }

    #[test]
    fn sigmoid() {
        for x in REAL_POINTS {
            let (y, dy) = dual_eval(|t| t.sigmoid(), x);
            assert_close("σ(x) = 1/(1 + e⁻ˣ)", x, y, sigma(x));
            // The notes' derivation: σ' = e⁻ˣ (1 + e⁻ˣ)⁻² = σ (1 - σ).
            let e = (-x).exp();
            let first_form = e * (1.0 + e).powi(-2);
            let last_form = sigma(x) * (1.0 - sigma(x));
            assert_close("σ' = e⁻ˣ (1 + e⁻ˣ)⁻²", x, dy, first_form);
            assert_close("σ' = σ (1 - σ)", x, dy, last_form);
            // And the two forms of the notes agree with each other numerically.
            assert_close("e⁻ˣ (1 + e⁻ˣ)⁻² = σ (1 - σ)", x, first_form, last_form);
            // The middle step: σ' = σ(x) · e⁻ˣ/(1 + e⁻ˣ).
            assert_close("σ' = σ e⁻ˣ/(1 + e⁻ˣ)", x, dy, sigma(x) * e / (1.0 + e));
        }
    }
}

mod vector {
    //! The vector sections, at several points.

    use dualnum::{Dual, derivative_matrix, derivative_vector, gradient, jacobian};
    use nalgebra::{Matrix2, Matrix2x3, Matrix3, SVector, Vector2, Vector3};

    use super::common::tolerance::{CLOSED_FORM, within};

    const POINTS: [[f64; 3]; 5] = [
        [1.3, 0.7, 0.4],
        [0.5, 2.0, -1.0],
        [-2.0, 0.1, 3.0],
        [0.0, 1.0, 0.0],
        [4.0, 5.5, -0.25],
    ];

    /// y = x1² + x1 ln x2 + e^(x2 x3) + 2 x3, gradient (numerator layout, 1 x 3)
    /// [2 x1 + ln x2, x1/x2 + x3 e^(x2 x3), x2 e^(x2 x3) + 2] (errata 1: the "+ 2").
    #[test]
    fn scalar_of_three_variables() {
        for [x1, x2, x3] in POINTS {
            let f = |x: &Vector3<Dual<f64, 3>>| {
                x[0] * x[0] + x[0] * x[1].ln() + (x[1] * x[2]).exp() + 2.0 * x[2]
            };
            let (y, g) = gradient(f, &Vector3::new(x1, x2, x3));
            let e = (x2 * x3).exp();
            assert!(within(
                y,
                x1 * x1 + x1 * x2.ln() + e + 2.0 * x3,
                CLOSED_FORM
            ));
            assert_eq!(g.shape(), (1, 3));
            assert!(within(g[0], 2.0 * x1 + x2.ln(), CLOSED_FORM));
            assert!(within(g[1], x1 / x2 + x3 * e, CLOSED_FORM));
            assert!(within(g[2], x2 * e + 2.0, CLOSED_FORM));
        }
    }

    /// y = [3x² + x, e^x, ln x], dy/dx = [6x + 1, e^x, 1/x].
    #[test]
    fn vector_of_one_variable() {
        for x in [0.25, 1.0, 2.5, 7.0] {
            let f = |t: Dual<f64, 1>| Vector3::new(3.0 * t * t + t, t.exp(), t.ln());
            let (y, d) = derivative_vector(f, x);
            assert!(
                within(y[0], 3.0 * x * x + x, CLOSED_FORM)
                    && within(y[1], x.exp(), CLOSED_FORM)
                    && within(y[2], x.ln(), CLOSED_FORM)
            );
            assert!(within(d[0], 6.0 * x + 1.0, CLOSED_FORM));
            assert!(within(d[1], x.exp(), CLOSED_FORM));
            assert!(within(d[2], 1.0 / x, CLOSED_FORM));
        }
    }

    /// f = [x1 + x2 x3 + x1 x3, x1² + 2 x3] (errata 2), J = [[1 + x3, x3, x2 + x1], [2 x1, 0, 2]].
    #[test]
    fn vector_of_three_variables_jacobian() {
        for [x1, x2, x3] in POINTS {
            let f = |x: &Vector3<Dual<f64, 3>>| {
                Vector2::new(x[0] + x[1] * x[2] + x[0] * x[2], x[0] * x[0] + 2.0 * x[2])
            };
            let (y, j) = jacobian(f, &Vector3::new(x1, x2, x3));
            assert_eq!(y, Vector2::new(x1 + x2 * x3 + x1 * x3, x1 * x1 + 2.0 * x3));
            let expected = Matrix2x3::new(1.0 + x3, x3, x2 + x1, 2.0 * x1, 0.0, 2.0);
            assert_eq!(j, expected);
        }
    }

    /// y = [[cos x, sin x], [e^x, tanh x]], dy/dx = [[-sin x, cos x], [e^x, 1 - tanh² x]].
    #[test]
    fn matrix_of_one_variable() {
        for x in [-1.5, 0.0, 0.3, 2.0] {
            let f = |t: Dual<f64, 1>| Matrix2::new(t.cos(), t.sin(), t.exp(), t.tanh());
            let (y, d) = derivative_matrix(f, x);
            assert_eq!(y, Matrix2::new(x.cos(), x.sin(), x.exp(), x.tanh()));
            let expected = Matrix2::new(-x.sin(), x.cos(), x.exp(), 1.0 - x.tanh().powi(2));
            for (a, b) in d.iter().zip(expected.iter()) {
                assert!(within(*a, *b, CLOSED_FORM), "{d} vs {expected}");
            }
        }
    }

    /// The identity map f(x) = x on R³ has Jacobian I.
    #[test]
    fn identity_map_has_identity_jacobian() {
        for p in POINTS {
            let x = SVector::from(p);
            let (y, j) = jacobian(|xd: &Vector3<Dual<f64, 3>>| *xd, &x);
            assert_eq!(y, x);
            assert_eq!(j, Matrix3::identity());
        }
    }
}

mod matrix {
    //! The matrix sections, at several points (errata items 3, 4 and 5). Every expected number
    //! is written out by hand from the notes' formulas.

    use dualnum::tensor::{Layout, Tensor3, VecOrder, reorder_jacobian};
    use dualnum::{
        Dual, elementwise_derivative, gradient_wrt_matrix, jacobian, jacobian_matrix_wrt_matrix,
        jacobian_wrt_matrix,
    };
    use nalgebra::{
        DMatrix, Matrix2x3, Matrix3, Matrix3x4, RowSVector, SMatrix, SVector, Vector3, dmatrix,
    };

    use super::common::fixtures::notes_f;
    use super::common::tolerance::{LAST_BITS, assert_matrix_within, within};

    fn assert_tensor_close(actual: &Tensor3<f64>, expected: &Tensor3<f64>, what: &str) {
        assert_eq!(actual.shape(), expected.shape(), "{what}: shape");
        for d in 0..actual.shape().0 {
            assert_matrix_within(
                &format!("{what}, slice {d}"),
                &actual.slice(d).into_owned(),
                &expected.slice(d).into_owned(),
                LAST_BITS,
            );
        }
    }

    /// Errata 4: ∂y/∂X is 4 x 3 in numerator layout (all ones), 3 x 4 in denominator layout.
    #[test]
    fn sum_of_a_3x4_matrix_has_derivative_ones_in_both_layouts() {
        let points = [
            Matrix3x4::from_fn(|r, c| (4 * r + c + 1) as f64),
            Matrix3x4::from_fn(|r, c| ((r as f64) - 1.5) * (c as f64 + 0.25)),
            Matrix3x4::from_fn(|r, c| ((3 * r + 5 * c) as f64).sin() * 1e3),
        ];
        for x in points {
            let (y, numerator) = gradient_wrt_matrix::<12, _, _, _>(|x| x.sum(), &x);
            let mut sum = 0.0;
            for r in 0..3 {
                for c in 0..4 {
                    sum += x[(r, c)];
                }
            }
            assert!(within(y, sum, LAST_BITS));
            assert_eq!(numerator, SMatrix::<f64, 4, 3>::from_element(1.0));
            assert_eq!(
                numerator.transpose(),
                SMatrix::<f64, 3, 4>::from_element(1.0)
            );

            // The same through the tensor: a 1 x 4 x 3 numerator tensor, 1 x 3 x 4 denominator.
            let (_, j) =
                jacobian_wrt_matrix::<12, _, _, _, _>(|x| SVector::<_, 1>::new(x.sum()), &x);
            let num = Tensor3::from_jacobian(&j, (3, 4), VecOrder::ColumnMajor, Layout::Numerator);
            let den =
                Tensor3::from_jacobian(&j, (3, 4), VecOrder::ColumnMajor, Layout::Denominator);
            assert_eq!(num, Tensor3::from_fn((1, 4, 3), |_, _, _| 1.0));
            assert_eq!(den, Tensor3::from_fn((1, 3, 4), |_, _, _| 1.0));
        }
    }

    /// Numerator layout puts ∂y/∂X[r][c] at (c, r): checked on y = Σ (r + 1)(c + 2) X[r][c]²,
    /// whose partials 2 (r + 1)(c + 2) X[r][c] differ entry by entry.
    #[test]
    fn scalar_of_a_3x4_matrix_numerator_entry_positions() {
        let x = Matrix3x4::from_fn(|r, c| 0.5 + (r as f64) - 0.3 * (c as f64));
        let f = |x: &Matrix3x4<Dual<f64, 12>>| {
            let mut y = Dual::constant(0.0);
            for r in 0..3 {
                for c in 0..4 {
                    let w = ((r + 1) * (c + 2)) as f64;
                    y += w * x[(r, c)] * x[(r, c)];
                }
            }
            y
        };
        let (_, numerator) = gradient_wrt_matrix::<12, _, _, _>(f, &x);
        for r in 0..3 {
            for c in 0..4 {
                let expected = 2.0 * ((r + 1) * (c + 2)) as f64 * x[(r, c)];
                assert!(
                    within(numerator[(c, r)], expected, LAST_BITS),
                    "∂y/∂X[{r}][{c}]"
                );
            }
        }
    }

    const POINTS: [[f64; 6]; 4] = [
        [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        [-0.5, 1.5, 2.25, -3.0, 0.75, 4.0],
        [0.0, -1.0, 7.5, 0.125, -2.0, 0.0],
        [1e3, -2e-3, 3.5, 0.9, 11.0, -6.25],
    ];

    fn matrix_of(p: [f64; 6]) -> Matrix2x3<f64> {
        Matrix2x3::new(p[0], p[1], p[2], p[3], p[4], p[5])
    }

    /// Errata 3, the six per-input vectors ∂y/∂x_k, written out.
    fn per_input_vectors([x1, x2, x3, x4, x5, x6]: [f64; 6]) -> [[f64; 4]; 6] {
        [
            [1.0, x5 * x6, 0.0, 0.0],     // ∂y/∂x1
            [1.0, 0.0, x4, 0.0],          // ∂y/∂x2
            [1.0, 0.0, 0.0, x4 * x5],     // ∂y/∂x3
            [1.0, 0.0, x2, x3 * x5],      // ∂y/∂x4
            [1.0, x1 * x6, 0.0, x3 * x4], // ∂y/∂x5
            [1.0, x1 * x5, 0.0, 0.0],     // ∂y/∂x6
        ]
    }

    /// The notes' final 4 x 3 x 2 tensor (numerator layout, T[d][r][c] = ∂y_d/∂X[c][r]).
    fn notes_tensor([x1, x2, x3, x4, x5, x6]: [f64; 6]) -> Tensor3<f64> {
        Tensor3::from_slices(&[
            dmatrix![1.0, 1.0; 1.0, 1.0; 1.0, 1.0],
            dmatrix![x5 * x6, 0.0; 0.0, x1 * x6; 0.0, x1 * x5],
            dmatrix![0.0, x2; x4, 0.0; 0.0, 0.0],
            dmatrix![0.0, x3 * x5; 0.0, x3 * x4; x4 * x5, 0.0],
        ])
    }

    /// The same derivative in denominator layout (4 x 2 x 3, each slice shaped like X).
    fn notes_tensor_denominator([x1, x2, x3, x4, x5, x6]: [f64; 6]) -> Tensor3<f64> {
        Tensor3::from_slices(&[
            dmatrix![1.0, 1.0, 1.0; 1.0, 1.0, 1.0],
            dmatrix![x5 * x6, 0.0, 0.0; 0.0, x1 * x6, x1 * x5],
            dmatrix![0.0, x4, 0.0; x2, 0.0, 0.0],
            dmatrix![0.0, 0.0, x4 * x5; x3 * x5, x3 * x4, 0.0],
        ])
    }

    /// The vectorized Jacobian (4 x 6), columns x1, x2, ..., x6 (the notes' vec(X)).
    fn notes_jacobian_row_major([x1, x2, x3, x4, x5, x6]: [f64; 6]) -> DMatrix<f64> {
        dmatrix![
            1.0,     1.0, 1.0,     1.0,     1.0,     1.0;
            x5 * x6, 0.0, 0.0,     0.0,     x1 * x6, x1 * x5;
            0.0,     x4,  0.0,     x2,      0.0,     0.0;
            0.0,     0.0, x4 * x5, x3 * x5, x3 * x4, 0.0
        ]
    }

    /// The vectorized Jacobian (4 x 6), columns x1, x4, x2, x5, x3, x6 (Magnus–Neudecker vec).
    fn notes_jacobian_column_major([x1, x2, x3, x4, x5, x6]: [f64; 6]) -> DMatrix<f64> {
        dmatrix![
            1.0,     1.0,     1.0, 1.0,     1.0,     1.0;
            x5 * x6, 0.0,     0.0, x1 * x6, 0.0,     x1 * x5;
            0.0,     x2,      x4,  0.0,     0.0,     0.0;
            0.0,     x3 * x5, 0.0, x3 * x4, x4 * x5, 0.0
        ]
    }

    #[test]
    fn vector_of_a_2x3_matrix_value_and_per_input_vectors() {
        for p in POINTS {
            let [x1, x2, x3, x4, x5, x6] = p;
            let (y, j) = jacobian_wrt_matrix::<6, _, _, _, _>(notes_f, &matrix_of(p));
            let expected_y = [
                x1 + x2 + x3 + x4 + x5 + x6,
                x1 * x5 * x6,
                x2 * x4,
                x3 * x4 * x5,
            ];
            for d in 0..4 {
                assert!(
                    within(y[d], expected_y[d], LAST_BITS),
                    "y_{} at {p:?}",
                    d + 1
                );
            }
            // The crate's columns are column-major: x_k = X[(k-1) / 3][(k-1) % 3] is column
            // c·2 + r.
            for (k, expected) in per_input_vectors(p).iter().enumerate() {
                let (r, c) = (k / 3, k % 3);
                let column = j.column(c * 2 + r);
                for d in 0..4 {
                    assert!(
                        within(column[d], expected[d], LAST_BITS),
                        "∂y_{}/∂x{} at {p:?}: {} vs {}",
                        d + 1,
                        k + 1,
                        column[d],
                        expected[d]
                    );
                }
            }
        }
    }

    #[test]
    fn vector_of_a_2x3_matrix_full_tensor_both_layouts() {
        for p in POINTS {
            let (_, j) = jacobian_wrt_matrix::<6, _, _, _, _>(notes_f, &matrix_of(p));
            let num = Tensor3::from_jacobian(&j, (2, 3), VecOrder::ColumnMajor, Layout::Numerator);
            assert_eq!(num.shape(), (4, 3, 2));
            assert_tensor_close(&num, &notes_tensor(p), "numerator tensor");
            let den =
                Tensor3::from_jacobian(&j, (2, 3), VecOrder::ColumnMajor, Layout::Denominator);
            assert_eq!(den.shape(), (4, 2, 3));
            assert_tensor_close(&den, &notes_tensor_denominator(p), "denominator tensor");
        }
    }

    #[test]
    fn vector_of_a_2x3_matrix_both_vectorized_forms() {
        for p in POINTS {
            let (_, j) = jacobian_wrt_matrix::<6, _, _, _, _>(notes_f, &matrix_of(p));
            let col = DMatrix::from_column_slice(4, 6, j.as_slice());
            assert_matrix_within(
                "column-major Jacobian",
                &col,
                &notes_jacobian_column_major(p),
                LAST_BITS,
            );
            let row = reorder_jacobian(&j, (2, 3), VecOrder::ColumnMajor, VecOrder::RowMajor);
            let row = DMatrix::from_column_slice(4, 6, row.as_slice());
            assert_matrix_within(
                "row-major Jacobian",
                &row,
                &notes_jacobian_row_major(p),
                LAST_BITS,
            );

            // ... and from the hand-written tensors, in both layouts.
            for (t, layout) in [
                (notes_tensor(p), Layout::Numerator),
                (notes_tensor_denominator(p), Layout::Denominator),
            ] {
                assert_eq!(
                    t.to_jacobian(layout, VecOrder::RowMajor),
                    notes_jacobian_row_major(p)
                );
                assert_eq!(
                    t.to_jacobian(layout, VecOrder::ColumnMajor),
                    notes_jacobian_column_major(p)
                );
            }
        }
    }

    /// Flattening the numerator tensor row-major (each slice read row by row) gives the
    /// column-order vectorized Jacobian; the denominator tensor is the numerator one with each
    /// slice transposed.
    #[test]
    fn vector_of_a_2x3_matrix_layout_identities() {
        for p in POINTS {
            let num = notes_tensor(p);
            let mut flattened = Vec::new();
            for d in 0..4 {
                for r in 0..3 {
                    for c in 0..2 {
                        flattened.push(num[(d, r, c)]);
                    }
                }
            }
            assert_eq!(
                DMatrix::from_row_slice(4, 6, &flattened),
                notes_jacobian_column_major(p)
            );
            let den = notes_tensor_denominator(p);
            for d in 0..4 {
                assert_eq!(den.slice(d), num.slice(d).transpose());
            }
            assert_eq!(num.transpose_slices(), den);
        }
    }

    /// The notes' vec(X) = [x1, ..., x6] is the row-major flattening.
    #[test]
    fn notes_vec_is_row_major() {
        let x = matrix_of([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        assert_eq!(
            VecOrder::RowMajor.vectorize(&x).as_slice(),
            &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
        );
        assert_eq!(
            VecOrder::ColumnMajor.vectorize(&x).as_slice(),
            &[1.0, 4.0, 2.0, 5.0, 3.0, 6.0]
        );
    }

    /// f(x) = x on R³: the Jacobian is I, stored as its diagonal [1, 1, 1].
    #[test]
    fn identity_map_jacobian_and_diagonal() {
        for x in [
            Vector3::new(1.0, 2.0, 3.0),
            Vector3::new(-0.5, 0.0, 1e10),
            Vector3::new(f64::MIN_POSITIVE, -7.25, 3.5),
        ] {
            let (y, diag) = elementwise_derivative(|x| *x, &x);
            assert_eq!(y, x);
            assert_eq!(diag, Vector3::new(1.0, 1.0, 1.0));
            let (_, full) = jacobian(|x: &Vector3<Dual<f64, 3>>| *x, &x);
            assert_eq!(full, Matrix3::identity());
        }
    }

    /// IX = X for X ∈ R^(3x3): the Jacobian of vec(IX) with respect to vec(X) is I₉.
    #[test]
    fn identity_matrix_times_x_has_identity_jacobian() {
        let x = Matrix3::new(1.0, -2.0, 3.0, 0.5, 0.0, 4.0, -1.0, 2.5, 9.0);
        let (y, j) =
            jacobian_matrix_wrt_matrix::<9, 9, _, _, _, _, _>(|x| Matrix3::identity() * x, &x);
        assert_eq!(y, x);
        assert_eq!(j, SMatrix::<f64, 9, 9>::identity());
        let (_, diag) = elementwise_derivative(|x| Matrix3::identity() * x, &x);
        assert_eq!(diag, Matrix3::from_element(1.0));
    }

    /// Errata 5: dL/dW (denominator, n x k) = xᵀ cos(x W), the outer product; numerator layout
    /// is its k x n transpose. The chain of the notes: dL/dv = 1ᵀ, dv/du = diag(cos u),
    /// du/dW_ij = x_i in column j.
    fn check_backprop<const N: usize, const K: usize, const W: usize>(
        x: RowSVector<f64, N>,
        w: SMatrix<f64, N, K>,
    ) {
        let loss = |wd: &SMatrix<Dual<f64, W>, N, K>| {
            let xd = x.map(Dual::constant);
            (xd * wd).map(|u| u.sin()).sum()
        };
        let (l, numerator) = gradient_wrt_matrix::<W, _, _, _>(loss, &w);
        let mut u = [0.0; K];
        for (j, uj) in u.iter_mut().enumerate() {
            for i in 0..N {
                *uj += x[i] * w[(i, j)];
            }
        }
        let expected_l: f64 = u.iter().map(|uj| uj.sin()).sum();
        assert!((l - expected_l).abs() <= 1e-13 * (1.0 + expected_l.abs()));
        assert_eq!(numerator.shape(), (K, N));
        for i in 0..N {
            for j in 0..K {
                // the outer product x_i cos(u_j), also the Hadamard form 1 · cos(u_j) · x_i
                let expected = x[i] * u[j].cos();
                let tolerance = 1e-13 * (1.0 + expected.abs());
                assert!(
                    (numerator[(j, i)] - expected).abs() <= tolerance,
                    "dL/dW[{i}][{j}]: numerator {} vs x_i cos(u_j) = {expected}",
                    numerator[(j, i)]
                );
                assert!((numerator.transpose()[(i, j)] - expected).abs() <= tolerance);
            }
        }
        // The middle factor of the chain, dv/du = diag(cos u), from one width-1 pass.
        let u_vec = SVector::<f64, K>::from_column_slice(&u);
        let (_, dv_du) = elementwise_derivative(|u| u.map(|ui| ui.sin()), &u_vec);
        for j in 0..K {
            assert_eq!(dv_du[j], u[j].cos());
        }
    }

    #[test]
    fn backprop_example_matches_the_outer_product() {
        check_backprop::<3, 2, 6>(
            RowSVector::<f64, 3>::new(1.0, -2.0, 0.5),
            SMatrix::<f64, 3, 2>::new(0.1, 0.2, 0.3, -0.4, 0.5, 0.6),
        );
        check_backprop::<4, 3, 12>(
            RowSVector::<f64, 4>::new(0.25, 3.0, -1.5, 0.0),
            SMatrix::<f64, 4, 3>::from_fn(|i, j| ((i * 3 + j) as f64 * 0.7).cos()),
        );
        check_backprop::<1, 5, 5>(
            RowSVector::<f64, 1>::new(2.0),
            SMatrix::<f64, 1, 5>::new(-3.0, -1.0, 0.0, 1.0, 3.0),
        );
        check_backprop::<2, 1, 2>(
            RowSVector::<f64, 2>::new(-10.0, 4.0),
            SMatrix::<f64, 2, 1>::new(1e-3, 2.0),
        );
    }
}

mod by_hand {
    //! Every worked example derived by hand, with the errata.

    use dualnum::tensor::{Layout, Tensor3, VecOrder, reorder_jacobian};
    use dualnum::{
        Dual, derivative, derivative_matrix, derivative_vector, elementwise_derivative,
        elementwise_derivative_dmatrix, gradient, gradient_wrt_dmatrix_chunked,
        gradient_wrt_matrix, jacobian, jacobian_matrix_wrt_matrix, jacobian_wrt_dmatrix_chunked,
        jacobian_wrt_matrix,
    };
    use nalgebra::{
        DMatrix, DVector, Matrix2, Matrix2x3, Matrix3x4, RowSVector, SMatrix, SVector, Vector2,
        Vector3, dmatrix,
    };

    use super::common::Rng;
    use super::common::fixtures::notes_f;
    use super::common::oracles::fd_jacobian;
    use super::common::oracles_matrix::{assert_same_value, to_dmatrix};
    use super::common::tolerance::{
        CENTRAL_DIFFERENCE, HAND_FORMULA, assert_matrix_within, assert_within,
    };

    #[test]
    fn notes_scalar_of_one_variable() {
        // y = x² ln x², dy/dx = 2x ln x² + x² (1/x²) 2x = 2x (ln x² + 1).
        for x in [-3.0, -0.4, 0.05, 0.5, 1.0, 1.7, 9.0] {
            let (y, dy) = derivative(|t| t * t * (t * t).ln(), x);
            assert_same_value("x² ln x²", y, x * x * (x * x).ln());
            assert_within(
                "2x(ln x² + 1)",
                dy,
                2.0 * x * ((x * x).ln() + 1.0),
                HAND_FORMULA,
            );
            let h = 1e-5 * (1.0 + x.abs());
            let f = |t: f64| t * t * (t * t).ln();
            assert_within(
                "fd",
                dy,
                (f(x + h) - f(x - h)) / (2.0 * h),
                CENTRAL_DIFFERENCE,
            );
        }
        // At 0 the f64 formula is 0 · (-inf) = NaN, and the dual's value follows it.
        let (y, _) = derivative(|t| t * t * (t * t).ln(), 0.0_f64);
        assert!(y.is_nan());
    }

    #[test]
    fn notes_scalar_of_three_variables_errata_1() {
        let mut rng = Rng(11);
        for _ in 0..10 {
            let (x1, x2, x3) = (
                rng.range(-2.0, 2.0),
                rng.range(0.1, 3.0),
                rng.range(-1.0, 1.0),
            );
            let f = |x: &[f64]| x[0] * x[0] + x[0] * x[1].ln() + (x[1] * x[2]).exp() + 2.0 * x[2];
            let (y, g) = gradient(
                |x| x[0] * x[0] + x[0] * x[1].ln() + (x[1] * x[2]).exp() + 2.0 * x[2],
                &Vector3::new(x1, x2, x3),
            );
            assert_same_value("y", y, f(&[x1, x2, x3]));
            let e = (x2 * x3).exp();
            let hand = [2.0 * x1 + x2.ln(), x1 / x2 + x3 * e, x2 * e + 2.0];
            let fd = fd_jacobian(|p| vec![f(p)], &[x1, x2, x3], 1e-5);
            assert_eq!(g.shape(), (1, 3)); // numerator layout: a row
            assert_eq!(g.transpose().shape(), (3, 1)); // "what if x is a row": 3 x 1
            for j in 0..3 {
                assert_within("hand", g[j], hand[j], HAND_FORMULA);
                assert_within("fd", g[j], fd[(0, j)], CENTRAL_DIFFERENCE);
            }
            // The notes' own (uncorrected) last entry x e^(x2 x3) would miss the "+ 2".
            assert!((g[2] - x2 * e).abs() > 1.0);
        }
    }

    #[test]
    fn notes_vector_of_one_variable() {
        for x in [0.1, 0.5, 1.0, 2.0, 6.0] {
            let (y, d) = derivative_vector(|t| Vector3::new(3.0 * t * t + t, t.exp(), t.ln()), x);
            assert_same_value("3x² + x", y[0], 3.0 * x * x + x);
            assert_same_value("e^x", y[1], x.exp());
            assert_same_value("ln x", y[2], x.ln());
            let hand = [6.0 * x + 1.0, x.exp(), 1.0 / x];
            for i in 0..3 {
                assert_within("hand", d[i], hand[i], HAND_FORMULA);
            }
        }
    }

    #[test]
    fn notes_jacobian_errata_2() {
        let mut rng = Rng(12);
        for _ in 0..10 {
            let p = rng.vec(3, -3.0, 3.0);
            let (x1, x2, x3) = (p[0], p[1], p[2]);
            let (y, j) = jacobian(
                |x| Vector2::new(x[0] + x[1] * x[2] + x[0] * x[2], x[0] * x[0] + 2.0 * x[2]),
                &Vector3::new(x1, x2, x3),
            );
            assert_same_value("f1", y[0], x1 + x2 * x3 + x1 * x3);
            assert_same_value("f2", y[1], x1 * x1 + 2.0 * x3);
            let hand = dmatrix![1.0 + x3, x3, x2 + x1; 2.0 * x1, 0.0, 2.0];
            assert_eq!(j.shape(), (2, 3));
            assert_matrix_within("J", &to_dmatrix(&j), &hand, HAND_FORMULA);
        }
    }

    #[test]
    fn notes_matrix_of_one_variable() {
        for x in [-2.0, -0.3, 0.0, 0.7, 3.0] {
            let (y, d) =
                derivative_matrix(|t| Matrix2::new(t.cos(), t.sin(), t.exp(), t.tanh()), x);
            assert_same_value("cos", y[(0, 0)], x.cos());
            assert_same_value("sin", y[(0, 1)], x.sin());
            assert_same_value("exp", y[(1, 0)], x.exp());
            assert_same_value("tanh", y[(1, 1)], x.tanh());
            let hand = dmatrix![-x.sin(), x.cos(); x.exp(), 1.0 - x.tanh() * x.tanh()];
            assert_matrix_within("d/dx", &to_dmatrix(&d), &hand, HAND_FORMULA);
        }
    }

    #[test]
    fn notes_derivative_of_the_identity() {
        // f(x) = x on R³: J = I, stored as its diagonal [1, 1, 1].
        let x = Vector3::new(-1.0, 0.25, 8.0);
        let (_, j) = jacobian(|x| *x, &x);
        assert_eq!(to_dmatrix(&j), DMatrix::<f64>::identity(3, 3));
        let (_, diag) = elementwise_derivative(|x| *x, &x);
        assert_eq!(diag.as_slice(), &[1.0, 1.0, 1.0]);
        // IX = X for X ∈ R^(n x n), n = 2, 3: d vec(IX)/d vec(X) = I_(n²).
        let x2 = Matrix2::new(1.0, -2.0, 0.5, 4.0);
        let (y, j) =
            jacobian_matrix_wrt_matrix::<4, 4, _, 2, 2, 2, 2>(|x| Matrix2::identity() * x, &x2);
        assert_eq!(y, x2);
        assert_eq!(to_dmatrix(&j), DMatrix::<f64>::identity(4, 4));
        let x3 = SMatrix::<f64, 3, 3>::from_fn(|r, c| (r as f64) - 2.0 * c as f64);
        let (_, j) = jacobian_matrix_wrt_matrix::<9, 9, _, 3, 3, 3, 3>(
            |x| SMatrix::<_, 3, 3>::identity() * x,
            &x3,
        );
        assert_eq!(to_dmatrix(&j), DMatrix::<f64>::identity(9, 9));
        let (_, diag) = elementwise_derivative_dmatrix(|x| x.clone(), &to_dmatrix(&x3));
        assert!(diag.iter().all(|&v| v == 1.0));
    }

    #[test]
    fn notes_scalar_of_a_3x4_matrix_errata_4() {
        let mut rng = Rng(13);
        let x = Matrix3x4::from_fn(|_, _| rng.range(-5.0, 5.0));
        let (y, g) = gradient_wrt_matrix::<12, _, 3, 4>(|x| x.sum(), &x);
        let mut sum = 0.0;
        for r in 0..3 {
            for c in 0..4 {
                sum += x[(r, c)];
            }
        }
        assert_within("Σ x_ij", y, sum, HAND_FORMULA);
        assert_eq!(g.shape(), (4, 3)); // numerator: shaped like Xᵀ
        assert!(g.iter().all(|&v| v == 1.0));
        assert_eq!(g.transpose().shape(), (3, 4)); // the lecture's denominator layout
        let (_, gd) = gradient_wrt_dmatrix_chunked::<5, _>(|x| x.sum(), &to_dmatrix(&x));
        assert_eq!(gd.shape(), (4, 3));
        assert!(gd.iter().all(|&v| v == 1.0));
    }

    /// The 4 x 6 vectorized Jacobian with the notes' vec(X) = [x1, ..., x6] (row by row), by
    /// hand, and the same through the dynamic chunked helper.
    #[test]
    fn notes_flattened_jacobian_row_major() {
        let p = [1.5, -2.0, 0.5, 3.0, 2.5, -1.0];
        let [x1, x2, x3, x4, x5, x6] = p;
        let hand = dmatrix![
            1.0, 1.0, 1.0, 1.0, 1.0, 1.0;
            x5 * x6, 0.0, 0.0, 0.0, x1 * x6, x1 * x5;
            0.0, x4, 0.0, x2, 0.0, 0.0;
            0.0, 0.0, x4 * x5, x3 * x5, x3 * x4, 0.0
        ];
        let x = Matrix2x3::new(x1, x2, x3, x4, x5, x6);
        let (_, j) = jacobian_wrt_matrix::<6, _, 2, 3, 4>(notes_f, &x);
        let rm = reorder_jacobian(&j, (2, 3), VecOrder::ColumnMajor, VecOrder::RowMajor);
        assert_matrix_within("row-major vec", &to_dmatrix(&rm), &hand, HAND_FORMULA);
        assert_eq!(VecOrder::RowMajor.vectorize(&x).as_slice(), &p);
        let (_, jd) = jacobian_wrt_dmatrix_chunked::<4, _>(
            |x| {
                let s = SMatrix::<_, 2, 3>::from_fn(|r, c| x[(r, c)]);
                DVector::from_column_slice(notes_f(&s).as_slice())
            },
            &to_dmatrix(&x),
        )
        .unwrap();
        let rm = reorder_jacobian(&jd, (2, 3), VecOrder::ColumnMajor, VecOrder::RowMajor);
        assert_matrix_within("row-major vec (chunked)", &rm, &hand, HAND_FORMULA);
        // The numerator tensor read column by column is this row-major form (guide's table).
        let t = Tensor3::from_jacobian(&jd, (2, 3), VecOrder::ColumnMajor, Layout::Numerator);
        for d in 0..4 {
            let s = t.slice(d);
            let by_columns: Vec<f64> = (0..2)
                .flat_map(|c| (0..3).map(move |r| (r, c)))
                .map(|(r, c)| s[(r, c)])
                .collect();
            for k in 0..6 {
                assert_within(
                    "slice read column by column",
                    by_columns[k],
                    hand[(d, k)],
                    HAND_FORMULA,
                );
            }
        }
    }

    /// The notes' 4 x 3 x 2 tensor written out entry by entry (errata 3), and the static
    /// Jacobian of `jacobian_wrt_matrix` turned into it.
    #[test]
    fn notes_tensor_from_the_crates_static_jacobian() {
        let mut rng = Rng(9);
        for _ in 0..5 {
            let p = rng.vec(6, -2.0, 2.0);
            let [x1, x2, x3, x4, x5, x6] = [p[0], p[1], p[2], p[3], p[4], p[5]];
            let x = Matrix2x3::new(x1, x2, x3, x4, x5, x6);
            let (y, j) = jacobian_wrt_matrix::<6, _, 2, 3, 4>(notes_f, &x);
            assert_same_value("y1", y[0], x1 + x2 + x3 + x4 + x5 + x6);
            let expected_y = [x1 * x5 * x6, x2 * x4, x3 * x4 * x5];
            for d in 1..4 {
                assert_same_value("y", y[d], expected_y[d - 1]);
            }
            // Notes' slices (3 x 2), T[d][r][c] = ∂y_d/∂X[c][r].
            let slices = [
                [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]],
                [[x5 * x6, 0.0], [0.0, x1 * x6], [0.0, x1 * x5]],
                [[0.0, x2], [x4, 0.0], [0.0, 0.0]],
                [[0.0, x3 * x5], [0.0, x3 * x4], [x4 * x5, 0.0]],
            ];
            let t = Tensor3::from_jacobian(&j, (2, 3), VecOrder::ColumnMajor, Layout::Numerator);
            assert_eq!(t.shape(), (4, 3, 2));
            for d in 0..4 {
                for r in 0..3 {
                    for c in 0..2 {
                        assert_within(
                            &format!("T[{d}][{r}][{c}]"),
                            t[(d, r, c)],
                            slices[d][r][c],
                            HAND_FORMULA,
                        );
                    }
                }
            }
            // Errata 3's per-input vectors, column x_k of the notes' row-major vec(X).
            let per_input = [
                [1.0, x5 * x6, 0.0, 0.0],
                [1.0, 0.0, x4, 0.0],
                [1.0, 0.0, 0.0, x4 * x5],
                [1.0, 0.0, x2, x3 * x5],
                [1.0, x1 * x6, 0.0, x3 * x4],
                [1.0, x1 * x5, 0.0, 0.0],
            ];
            let rm = reorder_jacobian(&j, (2, 3), VecOrder::ColumnMajor, VecOrder::RowMajor);
            for (k, v) in per_input.iter().enumerate() {
                for d in 0..4 {
                    assert_within(
                        &format!("dy/dx{} [{d}]", k + 1),
                        rm[(d, k)],
                        v[d],
                        HAND_FORMULA,
                    );
                }
            }
        }
    }

    /// Errata 5, with each factor of the notes' chain computed by a helper and compared with
    /// its hand form: dL/dv = 1ᵀ (1 x k), dv/du = diag(cos u) (k x k), ∂u_j/∂W[i][l] = x_i δ_jl,
    /// and dL/dW = xᵀ cos(u) (n x k, denominator) = its transpose (numerator).
    #[test]
    fn notes_backprop_chain_factor_by_factor() {
        const N: usize = 3;
        const K: usize = 2;
        let mut rng = Rng(14);
        for _ in 0..5 {
            let x = RowSVector::<f64, N>::from_fn(|_, _| rng.range(-2.0, 2.0));
            let w = SMatrix::<f64, N, K>::from_fn(|_, _| rng.range(-1.0, 1.0));
            let u: Vec<f64> = (0..K)
                .map(|j| (0..N).map(|i| x[i] * w[(i, j)]).sum())
                .collect();

            // dL/dv = 1ᵀ.
            let v = SVector::<f64, K>::from_fn(|j, _| u[j].sin());
            let (l, dl_dv) = gradient(|v| v.sum(), &v);
            assert_within("L", l, u.iter().map(|e| e.sin()).sum(), HAND_FORMULA);
            assert_eq!(dl_dv, RowSVector::<f64, K>::from_element(1.0));

            // dv/du = diag(cos u), k x k.
            let uv = SVector::<f64, K>::from_column_slice(&u);
            let (_, dv_du) = jacobian(|u| u.map(|e| e.sin()), &uv);
            for a in 0..K {
                for b in 0..K {
                    let hand = if a == b { u[a].cos() } else { 0.0 };
                    assert_within("dv/du", dv_du[(a, b)], hand, HAND_FORMULA);
                }
            }

            // du/dW: u = x W, column i·... via jacobian_wrt_matrix (column-major columns).
            let (_, du_dw) = jacobian_wrt_matrix::<6, _, N, K, K>(
                |wd| (x.map(Dual::constant) * wd).transpose(),
                &w,
            );
            for j in 0..K {
                for i in 0..N {
                    for l in 0..K {
                        let hand = if l == j { x[i] } else { 0.0 };
                        assert_eq!(du_dw[(j, l * N + i)], hand, "∂u_{j}/∂W[{i}][{l}]");
                    }
                }
            }

            // dL/dW directly.
            let (_, numerator) = gradient_wrt_matrix::<6, _, N, K>(
                |wd| (x.map(Dual::constant) * wd).map(|e| e.sin()).sum(),
                &w,
            );
            assert_eq!(numerator.shape(), (K, N));
            for i in 0..N {
                for j in 0..K {
                    let hand = x[i] * u[j].cos(); // outer product / Hadamard form
                    assert_within("dL/dW numerator", numerator[(j, i)], hand, HAND_FORMULA);
                    assert_within(
                        "dL/dW denominator",
                        numerator.transpose()[(i, j)],
                        hand,
                        HAND_FORMULA,
                    );
                    let h = 1e-6;
                    let loss = |w: &SMatrix<f64, N, K>| (x * w).map(f64::sin).sum();
                    let (mut wp, mut wq) = (w, w);
                    wp[(i, j)] += h;
                    wq[(i, j)] -= h;
                    assert_within(
                        "dL/dW fd",
                        numerator[(j, i)],
                        (loss(&wp) - loss(&wq)) / (2.0 * h),
                        CENTRAL_DIFFERENCE,
                    );
                }
            }
        }
    }

    #[test]
    fn notes_elementary_functions_and_sigmoid() {
        for x in [-4.0, -1.0, -0.2, 0.3, 1.0, 2.5] {
            let (y, d) = derivative(|t| t.sin(), x);
            assert_same_value("sin", y, x.sin());
            assert_within("sin'", d, x.cos(), HAND_FORMULA);
            let (y, d) = derivative(|t| t.cos(), x);
            assert_same_value("cos", y, x.cos());
            assert_within("cos'", d, -x.sin(), HAND_FORMULA);
            let (y, d) = derivative(|t| t.tan(), x);
            assert_same_value("tan", y, x.tan());
            assert_within("tan'", d, 1.0 + x.tan() * x.tan(), 1e-11);
            let (y, d) = derivative(|t| t.tanh(), x);
            assert_same_value("tanh", y, x.tanh());
            assert_within("tanh'", d, 1.0 - x.tanh() * x.tanh(), HAND_FORMULA);
            let (y, d) = derivative(|t| t.exp(), x);
            assert_same_value("exp", y, x.exp());
            assert_within("exp'", d, x.exp(), HAND_FORMULA);
            let (y, d) = derivative(|t| t.ln(), x.abs());
            assert_same_value("ln", y, x.abs().ln());
            assert_within("ln'", d, 1.0 / x.abs(), HAND_FORMULA);
            // σ' = e^-x (1 + e^-x)^-2 = σ (1 - σ), the notes' derivation.
            let (s, d) = derivative(|t| t.sigmoid(), x);
            let sig = 1.0 / (1.0 + (-x).exp());
            assert_within("σ", s, sig, 1e-15);
            assert_within("σ' = σ(1 - σ)", d, sig * (1.0 - sig), HAND_FORMULA);
            let e = (-x).exp();
            assert_within(
                "σ' = e^-x (1 + e^-x)^-2",
                d,
                e / ((1.0 + e) * (1.0 + e)),
                HAND_FORMULA,
            );
            // The same through the notes' first line: d/dx (1 + e^-x)^-1, written out.
            let (_, d2) = derivative(|t| (1.0 + (-t).exp()).powi(-1), x);
            assert_within(
                "chain of (1 + e^-x)^-1",
                d2,
                sig * (1.0 - sig),
                HAND_FORMULA,
            );
        }
        // The notes' list of kinds: ReLU and abs piecewise, the unit step not differentiable;
        // the documented convention at 0 is the midpoint of the one-sided slopes.
        assert_eq!(derivative(|t| t.relu(), 0.0), (0.0, 0.5));
        assert_eq!(derivative(|t| t.relu(), 2.0), (2.0, 1.0));
        assert_eq!(derivative(|t| t.relu(), -2.0), (0.0, 0.0));
        assert_eq!(derivative(|t| t.abs(), 0.0), (0.0, 0.0));
        assert_eq!(derivative(|t| t.abs(), -3.0), (3.0, -1.0));
        assert_eq!(derivative(|t| t.unit_step(), 0.0), (0.5, 0.0));
        assert_eq!(derivative(|t| t.unit_step(), 1.0), (1.0, 0.0));
    }
}
