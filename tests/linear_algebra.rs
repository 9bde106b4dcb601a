//! Matrices of duals through nalgebra: determinants, inverses, LU/QR/Cholesky/SVD/eigen
//! solves and decompositions, the matrix exponential, norms, products, singularity
//! decisions, second derivatives, `f32` and complex duals, and mixed plain/dual arithmetic.
//!
//! Oracles, all computed with plain `f64` nalgebra or by hand:
//!
//! - hand-derived entries of `A'(t)` (the matrix functions are written once, generically,
//!   and differentiated by hand in `da3`, `da4`, `db3`, `dpoly`);
//! - matrix-calculus identities: Jacobi's formula, `(A⁻¹)' = -A⁻¹ A' A⁻¹`,
//!   `x' = A⁻¹ (b' - A' x)`, the Cholesky factor's derivative, `dσ = uᵀ dA v`,
//!   `dλ = vᵀ dA v`, the product rule;
//! - for `exp`, the block-triangular identity
//!   `exp([[A, E], [0, A]]) = [[exp A, L(A, E)], [0, exp A]]` (`L` the Fréchet derivative),
//!   `d/dt exp(tM) = M exp(tM)`, and central finite differences;
//! - the same computation in `f64` for every value (bit for bit), and Richardson-extrapolated
//!   central differences of it (step `1e-4`, tolerance `1e-7` relative to the largest
//!   derivative) in `check_t`;
//! - for second derivatives, central finite differences of Jacobi's formula.
//!
//! Tolerances are stated at each check: relative to the size of the oracle, `1e-10` for
//! exact identities on these well-conditioned matrices (a few hundred roundings), and
//! `1e-6` against finite differences (step `1e-5`, error `O(h²)` plus `O(ε/h)`).

use std::panic::{AssertUnwindSafe, catch_unwind};

use approx::assert_relative_eq;
use dualnum::Dual;
use nalgebra::{
    ComplexField, DMatrix, DVector, Matrix2, Matrix3, Matrix4, RealField, SMatrix, Vector2,
    Vector3, Vector4, convert,
};

mod common;
use common::Rng;
use common::oracles_matrix::exp_frechet;
use common::tolerance::{assert_within, same};

type D1 = Dual<f64, 1>;

type D2 = Dual<f64, 2>;

type DD = Dual<Dual<f64, 1>, 1>;

/// `|got - want| ≤ tol (1 + max |want|)`, entry by entry, with a readable failure.
#[track_caller]
fn assert_close<const R: usize, const C: usize>(
    got: &SMatrix<f64, R, C>,
    want: &SMatrix<f64, R, C>,
    tol: f64,
    what: &str,
) {
    let scale = 1.0 + want.amax();
    let err = (got - want).amax();
    assert!(
        err <= tol * scale,
        "{what}: error {err:e} > {tol:e} · {scale}\n got: {got}\nwant: {want}"
    );
}

fn c<S: RealField>(x: f64) -> S {
    convert(x)
}

/// Tangent component `i` of every entry.
fn tangent<const R: usize, const C: usize, const N: usize>(
    m: &SMatrix<Dual<f64, N>, R, C>,
    i: usize,
) -> SMatrix<f64, R, C> {
    m.map(|x| x.eps[i])
}

fn value<const R: usize, const C: usize, const N: usize>(
    m: &SMatrix<Dual<f64, N>, R, C>,
) -> SMatrix<f64, R, C> {
    m.map(|x| x.re)
}

// ----- matrix functions of one or two parameters, with hand derivatives --------------------

/// A smooth 3 x 3 matrix function, nonsingular at the points used.
fn a3<S: RealField + Copy>(t: S) -> Matrix3<S> {
    let one = S::one();
    Matrix3::new(
        c::<S>(2.0) + t.sin(),
        t * t,
        c::<S>(0.5) * t.exp(),
        t.cos(),
        c::<S>(3.0) + t,
        (one + t * t).ln(),
        t * t * t - one,
        (one + t * t).recip(),
        c::<S>(4.0) + (c::<S>(2.0) * t).cos(),
    )
}

/// `d a3 / dt`, by hand.
fn da3(t: f64) -> Matrix3<f64> {
    let q = 1.0 + t * t;
    Matrix3::new(
        t.cos(),
        2.0 * t,
        0.5 * t.exp(),
        -t.sin(),
        1.0,
        2.0 * t / q,
        3.0 * t * t,
        -2.0 * t / (q * q),
        -2.0 * (2.0 * t).sin(),
    )
}

/// A smooth right-hand side.
fn b3<S: RealField + Copy>(t: S) -> Vector3<S> {
    Vector3::new(t.sin() + S::one(), t * t, (-t).exp())
}

/// `d b3 / dt`, by hand.
fn db3(t: f64) -> Vector3<f64> {
    Vector3::new(t.cos(), 2.0 * t, -(-t).exp())
}

/// A second 3 x 3 matrix function for products.
fn bm3<S: RealField + Copy>(t: S) -> Matrix3<S> {
    let (zero, one) = (S::zero(), S::one());
    Matrix3::new(
        t,
        one,
        zero,
        t * t,
        t.sin(),
        c::<S>(2.0),
        one,
        t.atan(),
        t.exp(),
    )
}

fn dbm3(t: f64) -> Matrix3<f64> {
    Matrix3::new(
        1.0,
        0.0,
        0.0,
        2.0 * t,
        t.cos(),
        0.0,
        0.0,
        1.0 / (1.0 + t * t),
        t.exp(),
    )
}

/// A smooth 4 x 4 matrix function of two parameters.
fn a4<S: RealField + Copy>(s: S, t: S) -> Matrix4<S> {
    let one = S::one();
    Matrix4::new(
        c::<S>(4.0) + s * t,
        s.sin(),
        t * t,
        one,
        t.cos(),
        c::<S>(5.0) + s * s,
        s * t * t,
        (s - t).exp(),
        (s + t).atan(),
        s - t,
        c::<S>(6.0) + (s * t).cos(),
        (one + s * s).sqrt(),
        c::<S>(0.5),
        t * t * t,
        (c::<S>(2.0) + s).ln(),
        c::<S>(3.0) + t.sinh(),
    )
}

/// `(∂a4/∂s, ∂a4/∂t)`, by hand.
fn da4(s: f64, t: f64) -> (Matrix4<f64>, Matrix4<f64>) {
    let e = (s - t).exp();
    let at = 1.0 / (1.0 + (s + t) * (s + t));
    let sn = (s * t).sin();
    let ds = Matrix4::new(
        t,
        s.cos(),
        0.0,
        0.0,
        0.0,
        2.0 * s,
        t * t,
        e,
        at,
        1.0,
        -t * sn,
        s / (1.0 + s * s).sqrt(),
        0.0,
        0.0,
        1.0 / (2.0 + s),
        0.0,
    );
    let dt = Matrix4::new(
        s,
        0.0,
        2.0 * t,
        0.0,
        -t.sin(),
        0.0,
        2.0 * s * t,
        -e,
        at,
        -1.0,
        -s * sn,
        0.0,
        0.0,
        3.0 * t * t,
        0.0,
        t.cosh(),
    );
    (ds, dt)
}

/// Jacobi's formula: `d det A = det A · tr(A⁻¹ dA)`.
fn jacobi<const D: usize>(a: &SMatrix<f64, D, D>, da: &SMatrix<f64, D, D>) -> f64 {
    let (a, da) = (
        DMatrix::from_column_slice(D, D, a.as_slice()),
        DMatrix::from_column_slice(D, D, da.as_slice()),
    );
    a.determinant() * (a.clone().try_inverse().unwrap() * da).trace()
}

const T3: [f64; 4] = [-0.7, 0.0, 0.3, 1.1];

const ST4: [(f64, f64); 3] = [(0.2, -0.4), (-0.5, 0.8), (1.0, 0.3)];

// ----- random polynomial matrices A(t) = Σ c_k t^k, checked against f64 and differences ----

/// `A(t) = Σ_k c_k t^k` for the coefficient matrices `c`, in any scalar type.
fn poly<S: RealField + Copy>(t: S, c: &[DMatrix<f64>]) -> DMatrix<S> {
    let mut out = DMatrix::<S>::zeros(c[0].nrows(), c[0].ncols());
    let mut power = S::one();
    for ck in c {
        out += ck.map(|v| nalgebra::convert::<f64, S>(v)) * power;
        power *= t;
    }
    out
}

/// `A'(t) = Σ_k k c_k t^(k-1)`.
fn dpoly(t: f64, c: &[DMatrix<f64>]) -> DMatrix<f64> {
    let mut out = DMatrix::zeros(c[0].nrows(), c[0].ncols());
    for (k, ck) in c.iter().enumerate().skip(1) {
        out += ck * (k as f64 * t.powi(k as i32 - 1));
    }
    out
}

/// Three coefficient matrices with a well-conditioned `A(t)` near the `t` used (condition
/// number below 30 at t = 0.3), redrawn until so.
fn coefficients(rng: &mut Rng, r: usize, c: usize) -> Vec<DMatrix<f64>> {
    loop {
        let cs = vec![
            rng.dmatrix(r, c, -1.0, 1.0),
            rng.dmatrix(r, c, -1.0, 1.0),
            rng.dmatrix(r, c, -1.0, 1.0) * 0.5,
        ];
        let sv = poly(0.3, &cs).singular_values();
        if sv.min() > 0.0 && sv.max() / sv.min() < 30.0 {
            return cs;
        }
    }
}

/// Checks a matrix function of `t` computed on duals: its values bit for bit against the
/// same computation in `f64`; its tangents against Richardson-extrapolated central
/// differences of the `f64` computation (step 1e-4, truncation ~1e-14, tolerance 1e-7
/// relative to the largest derivative) and, if given, against a closed form (tolerance
/// 1e-9 relative).
fn check_t(
    what: &str,
    t: f64,
    on_duals: impl Fn(D1) -> Vec<D1>,
    on_floats: impl Fn(f64) -> Vec<f64>,
    closed: Option<Vec<f64>>,
) {
    let y = on_duals(D1::variable(t, 0));
    let v = on_floats(t);
    assert_eq!(y.len(), v.len(), "{what}: lengths");
    for (k, (yk, vk)) in y.iter().zip(&v).enumerate() {
        assert!(
            same(yk.re, *vk),
            "{what}[{k}]: dual value {:e} vs f64 {vk:e}",
            yk.re
        );
    }
    let h = 1e-4;
    let samples: Vec<Vec<f64>> = [-2.0, -1.0, 1.0, 2.0]
        .iter()
        .map(|k| on_floats(t + k * h))
        .collect();
    let fd: Vec<f64> = (0..v.len())
        .map(|i| {
            (8.0 * (samples[2][i] - samples[1][i]) - (samples[3][i] - samples[0][i])) / (12.0 * h)
        })
        .collect();
    let scale = 1.0 + fd.iter().fold(0.0_f64, |m, d| m.max(d.abs()));
    for (k, (yk, dk)) in y.iter().zip(&fd).enumerate() {
        assert!(
            (yk.eps[0] - dk).abs() <= 1e-7 * scale,
            "{what}[{k}]: tangent {:e} vs finite differences {dk:e}",
            yk.eps[0]
        );
    }
    if let Some(closed) = closed {
        assert_eq!(closed.len(), y.len(), "{what}: closed form length");
        let scale = 1.0 + closed.iter().fold(0.0_f64, |m, d| m.max(d.abs()));
        for (k, (yk, ck)) in y.iter().zip(&closed).enumerate() {
            assert!(
                (yk.eps[0] - ck).abs() <= 1e-9 * scale,
                "{what}[{k}]: tangent {:e} vs closed form {ck:e}",
                yk.eps[0]
            );
        }
    }
}

fn to_static<S: nalgebra::Scalar, const R: usize>(m: &DMatrix<S>) -> SMatrix<S, R, R> {
    SMatrix::from_iterator(m.iter().cloned())
}

fn flat<S: Copy>(m: &DMatrix<S>) -> Vec<S> {
    m.iter().copied().collect()
}

/// An SPD matrix `B(t) B(t)ᵀ + I`, as coefficients of a polynomial in t (degree 4).
fn spd_coefficients(rng: &mut Rng, n: usize) -> Vec<DMatrix<f64>> {
    let b = [
        rng.dmatrix(n, n, -1.0, 1.0),
        rng.dmatrix(n, n, -1.0, 1.0),
        rng.dmatrix(n, n, -1.0, 1.0) * 0.5,
    ];
    let mut c = vec![DMatrix::zeros(n, n); 5];
    for i in 0..3 {
        for j in 0..3 {
            c[i + j] += &b[i] * b[j].transpose();
        }
    }
    c[0] += DMatrix::identity(n, n);
    c
}

fn symmetrise(c: &[DMatrix<f64>]) -> Vec<DMatrix<f64>> {
    c.iter().map(|m| m + m.transpose()).collect()
}

// ----- determinants ---------------------------------------------------------------------

#[test]
fn det_3x3_derivative_is_jacobis_formula() {
    for t in T3 {
        let a = a3(t);
        assert!(
            a.determinant().abs() > 0.5,
            "precondition: A({t}) nonsingular"
        );
        let det = a3(D1::variable(t, 0)).determinant();
        assert_within("det value", det.re, a.determinant(), 1e-14);
        // tolerance 1e-10 relative: exact identity, well-conditioned A
        assert_within("d det / dt", det.eps[0], jacobi(&a, &da3(t)), 1e-10);
    }
}

#[test]
fn det_4x4_gradient_is_jacobis_formula() {
    for (s, t) in ST4 {
        let a = a4(s, t);
        assert!(a.determinant().abs() > 1.0, "precondition: A nonsingular");
        let [sd, td] = D2::variables([s, t]);
        let det = a4(sd, td).determinant(); // 4 x 4: nalgebra's LU path
        let (ds, dt) = da4(s, t);
        assert_within("det value", det.re, a.determinant(), 1e-13);
        assert_within("∂ det / ∂s", det.eps[0], jacobi(&a, &ds), 1e-10);
        assert_within("∂ det / ∂t", det.eps[1], jacobi(&a, &dt), 1e-10);
    }
}

#[test]
fn det_8x8_derivative_through_lu_is_jacobis_formula() {
    // Larger than 4: `determinant` and `try_inverse` both go through LU with pivoting.
    // A(t) = M + t K with fixed M, K (K is A').
    let m = SMatrix::<f64, 8, 8>::from_fn(|i, j| {
        ((i * 7 + j * 3) % 11) as f64 / 5.0 - 1.0 + if i == j { 4.0 } else { 0.0 }
    });
    let k = SMatrix::<f64, 8, 8>::from_fn(|i, j| ((i + 2 * j) % 5) as f64 / 3.0 - 0.5);
    let t = 0.37;
    let a = m + k * t;
    let ad = m.map(D1::constant) + k.map(|x| D1::variable(t, 0) * x);
    let det = ad.determinant();
    assert_within("det value", det.re, a.determinant(), 1e-12);
    assert_within("d det / dt (8 x 8)", det.eps[0], jacobi(&a, &k), 1e-10);
    let inv = ad.try_inverse().expect("nonsingular");
    let ai = a.try_inverse().unwrap();
    assert_close(&tangent(&inv, 0), &(-ai * k * ai), 1e-10, "d A⁻¹ (8 x 8)");
}

#[test]
fn determinant_derivative_is_jacobis_formula_for_every_size() {
    let mut rng = Rng(11);
    let t = 0.3;
    for n in 1..=7 {
        let c = coefficients(&mut rng, n, n);
        let a = poly(t, &c);
        let da = dpoly(t, &c);
        // d det = det tr(A⁻¹ A')
        let closed = a.determinant() * (a.clone().try_inverse().unwrap() * &da).trace();
        check_t(
            &format!("det {n}x{n}"),
            t,
            |t| vec![poly(t, &c).determinant()],
            |t| vec![poly(t, &c).determinant()],
            Some(vec![closed]),
        );
        check_t(
            &format!("lu det {n}x{n}"),
            t,
            |t| vec![poly(t, &c).lu().determinant()],
            |t| vec![poly(t, &c).lu().determinant()],
            Some(vec![closed]),
        );
        check_t(
            &format!("full-pivot lu det {n}x{n}"),
            t,
            |t| vec![poly(t, &c).full_piv_lu().determinant()],
            |t| vec![poly(t, &c).full_piv_lu().determinant()],
            Some(vec![closed]),
        );
    }
    // the fixed-size explicit formulas (2x2, 3x3) and 4x4
    let c2 = coefficients(&mut rng, 2, 2);
    check_t(
        "det Matrix2",
        t,
        |t| vec![to_static::<D1, 2>(&poly(t, &c2)).determinant()],
        |t| vec![to_static::<f64, 2>(&poly(t, &c2)).determinant()],
        None,
    );
    let c3 = coefficients(&mut rng, 3, 3);
    check_t(
        "det Matrix3",
        t,
        |t| vec![to_static::<D1, 3>(&poly(t, &c3)).determinant()],
        |t| vec![to_static::<f64, 3>(&poly(t, &c3)).determinant()],
        None,
    );
    let c4 = coefficients(&mut rng, 4, 4);
    check_t(
        "det Matrix4",
        t,
        |t| vec![to_static::<D1, 4>(&poly(t, &c4)).determinant()],
        |t| vec![to_static::<f64, 4>(&poly(t, &c4)).determinant()],
        None,
    );
}

// ----- inverses ----------------------------------------------------------------------------

#[test]
fn inverse_derivative_3x3() {
    for t in T3 {
        let a = a3(t);
        let ai = a.try_inverse().unwrap();
        let inv = a3(D1::variable(t, 0)).try_inverse().expect("nonsingular");
        assert_close(&value(&inv), &ai, 1e-14, "A⁻¹ value");
        // (A⁻¹)' = -A⁻¹ A' A⁻¹; tolerance 1e-10 relative
        assert_close(&tangent(&inv, 0), &(-ai * da3(t) * ai), 1e-10, "d A⁻¹ / dt");
    }
}

#[test]
fn inverse_derivative_4x4_two_parameters() {
    for (s, t) in ST4 {
        let a = a4(s, t);
        let ai = a.try_inverse().unwrap();
        let (ds, dt) = da4(s, t);
        let [sd, td] = D2::variables([s, t]);
        let ad = a4(sd, td);
        for inv in [
            ad.try_inverse().expect("nonsingular"),
            ad.lu().try_inverse().expect("nonsingular"),
            ad.qr().try_inverse().expect("nonsingular"),
            ad.full_piv_lu().try_inverse().expect("nonsingular"),
        ] {
            assert_close(&value(&inv), &ai, 1e-13, "A⁻¹ value");
            assert_close(&tangent(&inv, 0), &(-ai * ds * ai), 1e-10, "∂ A⁻¹ / ∂s");
            assert_close(&tangent(&inv, 1), &(-ai * dt * ai), 1e-10, "∂ A⁻¹ / ∂t");
        }
    }
}

#[test]
fn inverse_derivative_is_minus_inv_da_inv_through_every_route() {
    let mut rng = Rng(12);
    let t = 0.3;
    for n in 1..=6 {
        let c = coefficients(&mut rng, n, n);
        let inv = poly(t, &c).try_inverse().unwrap();
        let closed = flat(&(-&inv * dpoly(t, &c) * &inv));
        type Route<S> = fn(DMatrix<S>) -> Option<DMatrix<S>>;
        let routes: [(&str, Route<D1>, Route<f64>); 4] = [
            ("try_inverse", |m| m.try_inverse(), |m| m.try_inverse()),
            ("lu", |m| m.lu().try_inverse(), |m| m.lu().try_inverse()),
            (
                "full_piv_lu",
                |m| m.full_piv_lu().try_inverse(),
                |m| m.full_piv_lu().try_inverse(),
            ),
            ("qr", |m| m.qr().try_inverse(), |m| m.qr().try_inverse()),
        ];
        for (name, on_d, on_f) in routes {
            check_t(
                &format!("{name} inverse {n}x{n}"),
                t,
                |t| flat(&on_d(poly(t, &c)).unwrap()),
                |t| flat(&on_f(poly(t, &c)).unwrap()),
                Some(closed.clone()),
            );
        }
    }
    // fixed sizes (explicit 2x2, 3x3, 4x4 inverses)
    macro_rules! fixed {
        ($n:literal) => {{
            let c = coefficients(&mut rng, $n, $n);
            let inv = poly(t, &c).try_inverse().unwrap();
            let closed = flat(&(-&inv * dpoly(t, &c) * &inv));
            check_t(
                concat!("fixed inverse ", $n),
                t,
                |t| {
                    let m = to_static::<D1, $n>(&poly(t, &c)).try_inverse().unwrap();
                    m.iter().copied().collect()
                },
                |t| {
                    let m = to_static::<f64, $n>(&poly(t, &c)).try_inverse().unwrap();
                    m.iter().copied().collect()
                },
                Some(closed),
            );
        }};
    }
    fixed!(2);
    fixed!(3);
    fixed!(4);
}

// ----- solves and factorisations ---------------------------------------------------------------

/// A linear solver for `A(t) x = b`, given `b`.
type Solver<'a> = dyn Fn(&Vector3<D1>) -> Option<Vector3<D1>> + 'a;

#[test]
fn lu_and_qr_solve_derivatives_3x3() {
    for t in T3 {
        let a = a3(t);
        let ai = a.try_inverse().unwrap();
        let x = ai * b3(t);
        // x' = A⁻¹ (b' - A' x); with a constant b, x' = -A⁻¹ A' x.
        let dx_varying_b = ai * (db3(t) - da3(t) * x);
        let dx_constant_b = -ai * da3(t) * x;

        let td = D1::variable(t, 0);
        let ad = a3(td);
        let bd = b3(td);
        let b_const = b3(t).map(D1::constant);
        let solvers: [(&str, &Solver); 4] = [
            ("LU", &|b| ad.lu().solve(b)),
            ("QR", &|b| ad.qr().solve(b)),
            ("full-pivot LU", &|b| ad.full_piv_lu().solve(b)),
            ("column-pivot QR", &|b| ad.col_piv_qr().solve(b)),
        ];
        for (name, solve) in solvers {
            let xd = solve(&bd).expect("nonsingular");
            assert_close(&value(&xd), &x, 1e-13, name);
            assert_close(&tangent(&xd, 0), &dx_varying_b, 1e-10, name);
            let xc = solve(&b_const).expect("nonsingular");
            assert_close(&tangent(&xc, 0), &dx_constant_b, 1e-10, name);
        }
    }
}

#[test]
fn lu_and_qr_solve_derivatives_4x4_two_parameters() {
    let b = Vector4::new(1.0, -2.0, 0.5, 3.0);
    for (s, t) in ST4 {
        let a = a4(s, t);
        let ai = a.try_inverse().unwrap();
        let x = ai * b;
        let (ds, dt) = da4(s, t);
        let [sd, td] = D2::variables([s, t]);
        let ad = a4(sd, td);
        let bd = b.map(D2::constant);
        for (name, xd) in [
            ("LU", ad.lu().solve(&bd).expect("nonsingular")),
            ("QR", ad.qr().solve(&bd).expect("nonsingular")),
        ] {
            assert_close(&value(&xd), &x, 1e-13, name);
            assert_close(&tangent(&xd, 0), &(-ai * ds * x), 1e-10, name);
            assert_close(&tangent(&xd, 1), &(-ai * dt * x), 1e-10, name);
        }
    }
}

#[test]
fn qr_solve_with_an_exact_zero_householder_pivot() {
    // A(0,0) is exactly 0 in value but varies: Householder's sign choice sits on its kink
    // (`to_exp` of 0). The solution of A x = b is smooth there, and so must its tangent be.
    let k = Matrix3::new(1.0, 0.0, 0.5, 0.0, 0.0, 1.0, 0.0, 2.0, 0.0);
    let a = Matrix3::new(0.0, 2.0, 1.0, 3.0, 1.0, 0.0, 4.0, -1.0, 2.0);
    let b = Vector3::new(1.0, 2.0, 3.0);
    let ai = a.try_inverse().unwrap();
    let x = ai * b;
    let t = D1::variable(0.0, 0);
    let ad = a.map(D1::constant) + k.map(|v| t * v);
    let xd = ad.qr().solve(&b.map(D1::constant)).unwrap();
    assert_close(&value(&xd), &x, 1e-13, "QR value");
    assert_close(
        &tangent(&xd, 0),
        &(-ai * k * x),
        1e-10,
        "QR tangent at a zero pivot",
    );
}

/// An SPD matrix function `A = M Mᵀ + 2 I` with `M = a3(t)`, and `A' = M' Mᵀ + M M'ᵀ`.
fn spd<S: RealField + Copy>(t: S) -> Matrix3<S> {
    let m = a3(t);
    m * m.transpose() + Matrix3::identity() * c::<S>(2.0)
}

fn dspd(t: f64) -> Matrix3<f64> {
    let (m, dm) = (a3(t), da3(t));
    dm * m.transpose() + m * dm.transpose()
}

#[test]
fn cholesky_factor_derivative() {
    for t in T3 {
        let a = spd(t);
        let da = dspd(t);
        let l = a.cholesky().unwrap().l();
        let chol = spd(D1::variable(t, 0)).cholesky().expect("SPD");
        let ld = chol.l();
        assert_close(&value(&ld), &l, 1e-13, "L value");

        // (L Lᵀ)' = A', with L Lᵀ formed from the dual factor
        let llt = ld * ld.transpose();
        assert_close(&tangent(&llt, 0), &da, 1e-10, "(L Lᵀ)'");

        // L' = L Φ(L⁻¹ A' L⁻ᵀ), Φ = strict lower triangle plus half the diagonal
        let li = l.try_inverse().unwrap();
        let mut phi = li * da * li.transpose();
        for i in 0..3 {
            phi[(i, i)] *= 0.5;
        }
        let dl = l * phi.lower_triangle();
        assert_close(&tangent(&ld, 0), &dl, 1e-10, "L'");

        // and the Cholesky solve: x' = -A⁻¹ A' x
        let b = Vector3::new(1.0, 0.0, -1.0);
        let x = a.try_inverse().unwrap() * b;
        let xd = chol.solve(&b.map(D1::constant));
        assert_close(&value(&xd), &x, 1e-13, "Cholesky solve value");
        let dx = -a.try_inverse().unwrap() * da * x;
        assert_close(&tangent(&xd, 0), &dx, 1e-10, "Cholesky solve tangent");
    }
}

#[test]
fn solve_derivatives_through_every_factorisation() {
    let mut rng = Rng(13);
    let t = 0.3;
    for n in 1..=6 {
        let c = coefficients(&mut rng, n, n);
        let cb = coefficients(&mut rng, n, 1);
        let a = poly(t, &c);
        let x = a.clone().lu().solve(&poly(t, &cb)).unwrap();
        // x = A⁻¹ b: x' = A⁻¹ (b' - A' x)
        let closed =
            flat(&(a.clone().try_inverse().unwrap() * (dpoly(t, &cb) - dpoly(t, &c) * &x)));
        type Solve<S> = fn(DMatrix<S>, DMatrix<S>) -> Option<DMatrix<S>>;
        let routes: [(&str, Solve<D1>, Solve<f64>); 4] = [
            ("lu", |a, b| a.lu().solve(&b), |a, b| a.lu().solve(&b)),
            ("qr", |a, b| a.qr().solve(&b), |a, b| a.qr().solve(&b)),
            (
                "full_piv_lu",
                |a, b| a.full_piv_lu().solve(&b),
                |a, b| a.full_piv_lu().solve(&b),
            ),
            (
                "col_piv_qr",
                |a, b| a.col_piv_qr().solve(&b),
                |a, b| a.col_piv_qr().solve(&b),
            ),
        ];
        for (name, on_d, on_f) in routes {
            check_t(
                &format!("{name} solve {n}x{n}"),
                t,
                |t| flat(&on_d(poly(t, &c), poly(t, &cb)).unwrap()),
                |t| flat(&on_f(poly(t, &c), poly(t, &cb)).unwrap()),
                Some(closed.clone()),
            );
        }
        // triangular solves on the triangles of A (diagonal made dominant)
        let tri = |m: DMatrix<f64>| {
            let mut m = m;
            for i in 0..n {
                m[(i, i)] += 3.0;
            }
            m
        };
        let ct: Vec<DMatrix<f64>> = c
            .iter()
            .enumerate()
            .map(|(k, m)| if k == 0 { tri(m.clone()) } else { m.clone() })
            .collect();
        let up = poly(t, &ct).upper_triangle();
        let xu = up.solve_upper_triangular(&poly(t, &cb)).unwrap();
        let closed_u = flat(
            &(up.clone().try_inverse().unwrap()
                * (dpoly(t, &cb) - dpoly(t, &ct).upper_triangle() * &xu)),
        );
        check_t(
            &format!("upper triangular solve {n}"),
            t,
            |t| {
                flat(
                    &poly(t, &ct)
                        .upper_triangle()
                        .solve_upper_triangular(&poly(t, &cb))
                        .unwrap(),
                )
            },
            |t| {
                flat(
                    &poly(t, &ct)
                        .upper_triangle()
                        .solve_upper_triangular(&poly(t, &cb))
                        .unwrap(),
                )
            },
            Some(closed_u),
        );
        check_t(
            &format!("lower triangular solve {n}"),
            t,
            |t| {
                flat(
                    &poly(t, &ct)
                        .lower_triangle()
                        .solve_lower_triangular(&poly(t, &cb))
                        .unwrap(),
                )
            },
            |t| {
                flat(
                    &poly(t, &ct)
                        .lower_triangle()
                        .solve_lower_triangular(&poly(t, &cb))
                        .unwrap(),
                )
            },
            None,
        );

        // Cholesky on an SPD matrix: solve, inverse, and the factor's determinant
        let cs = spd_coefficients(&mut rng, n);
        let s = poly(t, &cs);
        let xs = s.clone().cholesky().unwrap().solve(&poly(t, &cb));
        let closed =
            flat(&(s.clone().try_inverse().unwrap() * (dpoly(t, &cb) - dpoly(t, &cs) * &xs)));
        check_t(
            &format!("cholesky solve {n}x{n}"),
            t,
            |t| flat(&poly(t, &cs).cholesky().unwrap().solve(&poly(t, &cb))),
            |t| flat(&poly(t, &cs).cholesky().unwrap().solve(&poly(t, &cb))),
            Some(closed),
        );
        let inv = s.clone().try_inverse().unwrap();
        check_t(
            &format!("cholesky inverse {n}x{n}"),
            t,
            |t| flat(&poly(t, &cs).cholesky().unwrap().inverse()),
            |t| flat(&poly(t, &cs).cholesky().unwrap().inverse()),
            Some(flat(&(-&inv * dpoly(t, &cs) * &inv))),
        );
        // ln det S = 2 Σ ln L_ii: d = tr(S⁻¹ S')
        check_t(
            &format!("cholesky log-det {n}x{n}"),
            t,
            |t| {
                let l = poly(t, &cs).cholesky().unwrap().unpack();
                vec![l.diagonal().map(|v| v.ln()).sum() * D1::from(2.0)]
            },
            |t| {
                let l = poly(t, &cs).cholesky().unwrap().unpack();
                vec![l.diagonal().map(|v| v.ln()).sum() * 2.0]
            },
            Some(vec![(&inv * dpoly(t, &cs)).trace()]),
        );
    }
}

// ----- singular values and symmetric eigenvalues ------------------------------------------------

/// The index of the entry of `values` closest to `x`, which must be within 1e-9 of it.
fn matching(values: &[D1], x: f64) -> usize {
    let j = (0..values.len())
        .min_by(|&i, &j| {
            (values[i].re - x)
                .abs()
                .total_cmp(&(values[j].re - x).abs())
        })
        .unwrap();
    assert!(
        (values[j].re - x).abs() < 1e-9 * (1.0 + x.abs()),
        "value {x} not found"
    );
    j
}

/// Distinct values, so each eigen- or singular value is a smooth function of t.
fn assert_distinct(values: &[f64]) {
    for (i, x) in values.iter().enumerate() {
        for y in &values[i + 1..] {
            assert!(
                (x - y).abs() > 0.1,
                "precondition: distinct values {values:?}"
            );
        }
    }
}

#[test]
fn symmetric_eigenvalue_derivatives() {
    // For a simple eigenvalue λ with unit eigenvector v: λ' = vᵀ A' v. The algorithm is
    // iterative and stops on the values; the tangents converge with them (checked here to
    // 1e-10 relative).
    for t in T3 {
        let (a, da) = (spd(t), dspd(t));
        let e = a.symmetric_eigen();
        assert_distinct(e.eigenvalues.as_slice());
        let ed = spd(D1::variable(t, 0)).symmetric_eigen();
        for i in 0..3 {
            let v = e.eigenvectors.column(i);
            let j = matching(ed.eigenvalues.as_slice(), e.eigenvalues[i]);
            let want = (v.transpose() * da * v)[0];
            assert_within("λ'", ed.eigenvalues[j].eps[0], want, 1e-10);
        }
    }
}

#[test]
fn singular_value_derivatives() {
    // For a simple singular value σ with singular vectors u, v: σ' = uᵀ A' v.
    for t in T3 {
        let (a, da) = (a3(t), da3(t));
        let s = a.svd(true, true);
        assert_distinct(s.singular_values.as_slice());
        let (u, vt) = (s.u.unwrap(), s.v_t.unwrap());
        let sd = a3(D1::variable(t, 0)).svd(true, true);
        for i in 0..3 {
            let want = (u.column(i).transpose() * da * vt.row(i).transpose())[0];
            let j = matching(sd.singular_values.as_slice(), s.singular_values[i]);
            assert_within("σ'", sd.singular_values[j].eps[0], want, 1e-10);
        }
    }
}

#[test]
fn singular_value_derivatives_are_u_transpose_da_v() {
    let mut rng = Rng(14);
    let t = 0.3;
    for (r, c) in [(2, 2), (3, 3), (4, 4), (3, 5), (5, 3), (6, 2), (1, 4)] {
        let cs = coefficients(&mut rng, r, c);
        let a = poly(t, &cs);
        let svd = a.clone().svd(true, true);
        let (u, vt) = (svd.u.unwrap(), svd.v_t.unwrap());
        let da = dpoly(t, &cs);
        // dσᵢ = uᵢᵀ A' vᵢ (distinct, nonzero singular values)
        let closed: Vec<f64> = (0..svd.singular_values.len())
            .map(|i| (u.column(i).transpose() * &da * vt.row(i).transpose())[(0, 0)])
            .collect();
        check_t(
            &format!("singular values {r}x{c}"),
            t,
            |t| poly(t, &cs).singular_values().iter().copied().collect(),
            |t| poly(t, &cs).singular_values().iter().copied().collect(),
            Some(closed.clone()),
        );
        check_t(
            &format!("svd(true, true) {r}x{c}"),
            t,
            |t| {
                poly(t, &cs)
                    .svd(true, true)
                    .singular_values
                    .iter()
                    .copied()
                    .collect()
            },
            |t| {
                poly(t, &cs)
                    .svd(true, true)
                    .singular_values
                    .iter()
                    .copied()
                    .collect()
            },
            Some(closed),
        );
        // the reconstruction U Σ Vᵀ = A holds for the tangents too: (UΣVᵀ)' = A'
        let s = poly(D1::variable(t, 0), &cs).svd(true, true);
        let back = s.recompose().unwrap();
        let err = (back.map(|v| v.eps[0]) - &da).amax();
        assert!(err < 1e-10, "{r}x{c}: (U Σ Vᵀ)' - A' = {err:e}");
    }
    // the fixed-size special paths (svd2 / svd3)
    let c2 = coefficients(&mut rng, 2, 2);
    check_t(
        "singular values Matrix2",
        t,
        |t| {
            to_static::<D1, 2>(&poly(t, &c2))
                .singular_values()
                .iter()
                .copied()
                .collect()
        },
        |t| {
            to_static::<f64, 2>(&poly(t, &c2))
                .singular_values()
                .iter()
                .copied()
                .collect()
        },
        None,
    );
    let c3 = coefficients(&mut rng, 3, 3);
    check_t(
        "singular values Matrix3",
        t,
        |t| {
            to_static::<D1, 3>(&poly(t, &c3))
                .singular_values()
                .iter()
                .copied()
                .collect()
        },
        |t| {
            to_static::<f64, 3>(&poly(t, &c3))
                .singular_values()
                .iter()
                .copied()
                .collect()
        },
        None,
    );
}

#[test]
fn symmetric_eigen_derivatives_values_and_vectors() {
    let mut rng = Rng(15);
    let t = 0.3;
    for n in 1..=6 {
        let cs = symmetrise(&coefficients(&mut rng, n, n));
        let s = poly(t, &cs);
        let ds = dpoly(t, &cs);
        let eig = s.clone().symmetric_eigen();
        let lam = eig.eigenvalues.clone();
        let v = eig.eigenvectors.clone();
        let mut sorted: Vec<f64> = lam.iter().copied().collect();
        sorted.sort_by(f64::total_cmp);
        assert!(
            sorted.windows(2).all(|w| w[1] - w[0] > 1e-3),
            "pick a seed with distinct eigenvalues"
        );
        // dλᵢ = vᵢᵀ S' vᵢ
        let closed: Vec<f64> = (0..n)
            .map(|i| (v.column(i).transpose() * &ds * v.column(i))[(0, 0)])
            .collect();
        check_t(
            &format!("symmetric eigenvalues {n}x{n}"),
            t,
            |t| {
                poly(t, &cs)
                    .symmetric_eigenvalues()
                    .iter()
                    .copied()
                    .collect()
            },
            |t| {
                poly(t, &cs)
                    .symmetric_eigenvalues()
                    .iter()
                    .copied()
                    .collect()
            },
            Some(closed.clone()),
        );
        check_t(
            &format!("symmetric_eigen().eigenvalues {n}x{n}"),
            t,
            |t| {
                poly(t, &cs)
                    .symmetric_eigen()
                    .eigenvalues
                    .iter()
                    .copied()
                    .collect()
            },
            |t| {
                poly(t, &cs)
                    .symmetric_eigen()
                    .eigenvalues
                    .iter()
                    .copied()
                    .collect()
            },
            Some(closed),
        );
        // eigenvectors, sign fixed by their largest component at t:
        // vᵢ' = Σ_{j≠i} (vⱼᵀ S' vᵢ) / (λᵢ - λⱼ) vⱼ
        let signs: Vec<(usize, f64)> = (0..n)
            .map(|i| {
                let k = v.column(i).iamax();
                (k, v[(k, i)].signum())
            })
            .collect();
        let mut closed_v = DMatrix::<f64>::zeros(n, n);
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    let coef =
                        (v.column(j).transpose() * &ds * v.column(i))[(0, 0)] / (lam[i] - lam[j]);
                    let vj = v.column(j).clone_owned();
                    closed_v.column_mut(i).axpy(coef, &vj, 1.0);
                }
            }
        }
        let fix_d = |m: DMatrix<D1>| {
            let mut m = m;
            for (i, &(k, _)) in signs.iter().enumerate() {
                if m[(k, i)].re < 0.0 {
                    m.column_mut(i).neg_mut();
                }
            }
            flat(&m)
        };
        let fix_f = |m: DMatrix<f64>| {
            let mut m = m;
            for (i, &(k, _)) in signs.iter().enumerate() {
                if m[(k, i)] < 0.0 {
                    m.column_mut(i).neg_mut();
                }
            }
            flat(&m)
        };
        let mut closed_fixed = closed_v.clone();
        for (i, &(_, sign)) in signs.iter().enumerate() {
            if sign < 0.0 {
                closed_fixed.column_mut(i).neg_mut();
            }
        }
        check_t(
            &format!("symmetric eigenvectors {n}x{n}"),
            t,
            |t| fix_d(poly(t, &cs).symmetric_eigen().eigenvectors),
            |t| fix_f(poly(t, &cs).symmetric_eigen().eigenvectors),
            Some(flat(&closed_fixed)),
        );
    }
    // fixed sizes
    let c2 = symmetrise(&coefficients(&mut rng, 2, 2));
    check_t(
        "symmetric eigenvalues Matrix2",
        t,
        |t| {
            to_static::<D1, 2>(&poly(t, &c2))
                .symmetric_eigenvalues()
                .iter()
                .copied()
                .collect()
        },
        |t| {
            to_static::<f64, 2>(&poly(t, &c2))
                .symmetric_eigenvalues()
                .iter()
                .copied()
                .collect()
        },
        None,
    );
    let c3 = symmetrise(&coefficients(&mut rng, 3, 3));
    check_t(
        "symmetric eigenvalues Matrix3",
        t,
        |t| {
            to_static::<D1, 3>(&poly(t, &c3))
                .symmetric_eigenvalues()
                .iter()
                .copied()
                .collect()
        },
        |t| {
            to_static::<f64, 3>(&poly(t, &c3))
                .symmetric_eigenvalues()
                .iter()
                .copied()
                .collect()
        },
        None,
    );
}

// ----- the matrix exponential ------------------------------------------------------------------

/// The Fréchet derivative of `exp` at `a` in the direction `e`: the top-right block of
/// `exp([[a, e], [0, a]])`, computed in plain f64.
fn exp_frechet3(a: &Matrix3<f64>, e: &Matrix3<f64>) -> Matrix3<f64> {
    let dynamic = |m: &Matrix3<f64>| DMatrix::from_column_slice(3, 3, m.as_slice());
    Matrix3::from_column_slice(exp_frechet(&dynamic(a), &dynamic(e)).as_slice())
}

#[test]
fn exp_derivative_matches_the_block_triangular_frechet_derivative() {
    // Scales from tiny (a low-degree Padé approximant) to large (scaling and squaring).
    for scale in [0.002, 0.05, 0.3, 1.0, 4.0] {
        for t in T3 {
            let a = a3(t) * scale;
            let da = da3(t) * scale;
            let ed = (a3(D1::variable(t, 0)) * D1::from(scale)).exp();
            let ea = a.exp();
            assert_close(&value(&ed), &ea, 1e-12, "exp value");
            // relative to the size of exp A; the Fréchet oracle is computed to a similar
            // accuracy, hence 1e-9
            let want = exp_frechet3(&a, &da);
            let err = (tangent(&ed, 0) - want).amax() / (1.0 + ea.amax());
            assert!(err < 1e-9, "d exp(A): scale {scale}, t {t}: error {err:e}");
        }
    }
}

#[test]
fn exp_derivative_matches_central_differences() {
    let h = 1e-5;
    for scale in [0.01, 0.5, 3.0] {
        for t in T3 {
            let ed = (a3(D1::variable(t, 0)) * D1::from(scale)).exp();
            let fd = ((a3(t + h) * scale).exp() - (a3(t - h) * scale).exp()) / (2.0 * h);
            // central differences: O(h²) truncation plus O(ε/h) rounding → 1e-6 relative
            assert_close(
                &tangent(&ed, 0),
                &fd,
                1e-6,
                "d exp(A) vs finite differences",
            );
        }
    }
}

#[test]
fn exp_of_t_m_has_derivative_m_exp_t_m() {
    let m = Matrix4::new(
        0.0, 1.0, -2.0, 0.5, -1.0, 0.3, 0.0, 1.0, 2.0, 0.0, -0.4, 0.2, 0.1, -1.5, 0.7, 0.0,
    );
    for t in [0.001, 0.1, 0.8, 2.5, 6.0] {
        let e = (m * t).exp();
        let ed = (m.map(D1::constant) * D1::variable(t, 0)).exp();
        assert_close(&value(&ed), &e, 1e-12, "exp(tM) value");
        // tM and M commute: d/dt exp(tM) = M exp(tM)
        let err = (tangent(&ed, 0) - m * e).amax() / (1.0 + (m * e).amax());
        assert!(err < 1e-9, "d exp(tM)/dt at t = {t}: error {err:e}");
    }
}

#[test]
fn matrix_exp_derivative_is_the_frechet_derivative_for_every_pade_branch() {
    let mut rng = Rng(16);
    let t = 0.3;
    // scales from the degree-3 Padé branch to scaling and squaring
    for n in [1, 2, 3, 5] {
        for scale in [1e-3, 0.05, 0.4, 1.5, 4.0, 30.0] {
            let c: Vec<DMatrix<f64>> = coefficients(&mut rng, n, n)
                .into_iter()
                .map(|m| m * scale)
                .collect();
            let a = poly(t, &c);
            let closed = exp_frechet(&a, &dpoly(t, &c));
            let e = a.exp();
            let max = e.amax().max(closed.amax());
            // the Fréchet oracle carries its own rounding: compare relative to the largest
            // entry (check_t's closed-form tolerance is 1e-9 relative)
            let what = format!("exp {n}x{n} scale {scale}");
            let y = poly(D1::variable(t, 0), &c).exp();
            for (k, (yk, ck)) in y.iter().zip(closed.iter()).enumerate() {
                assert!(
                    (yk.eps[0] - ck).abs() <= 1e-9 * max,
                    "{what}[{k}]: tangent {:e} vs Fréchet {ck:e}",
                    yk.eps[0]
                );
            }
            check_t(
                &what,
                t,
                |t| flat(&poly(t, &c).exp()),
                |t| flat(&poly(t, &c).exp()),
                None,
            );
        }
    }
    // exp(t M) has derivative M exp(t M) at every t, also at t = 0 (the zero matrix)
    let m = rng.dmatrix(4, 4, -1.0, 1.0);
    for t in [0.0, 0.25, 3.0] {
        let y = (m.map(D1::from) * D1::variable(t, 0)).exp();
        let want = &m * (&m * t).exp();
        let err = (y.map(|v| v.eps[0]) - &want).amax();
        assert!(
            err <= 1e-11 * (1.0 + want.amax()),
            "d exp(tM)/dt at {t}: {err:e}"
        );
    }
}

// ----- norms, products and mixed plain/dual arithmetic ----------------------------------------

#[test]
fn vector_and_matrix_norms_and_normalize() {
    let mut rng = Rng(17);
    let t = 0.3;
    let c = coefficients(&mut rng, 6, 1);
    let v = poly(t, &c);
    let dv = dpoly(t, &c);
    let nrm = v.norm();
    let closed_norm = v.dot(&dv) / nrm;
    check_t(
        "norm",
        t,
        |t| vec![poly(t, &c).norm()],
        |t| vec![poly(t, &c).norm()],
        Some(vec![closed_norm]),
    );
    check_t(
        "norm_squared",
        t,
        |t| vec![poly(t, &c).norm_squared()],
        |t| vec![poly(t, &c).norm_squared()],
        Some(vec![2.0 * v.dot(&dv)]),
    );
    let u = &v / nrm;
    let closed_normalize = (&dv - &u * u.dot(&dv)) / nrm;
    check_t(
        "normalize",
        t,
        |t| flat(&poly(t, &c).normalize()),
        |t| flat(&poly(t, &c).normalize()),
        Some(flat(&closed_normalize)),
    );
    // lp norms: d‖v‖ₚ = Σ |vᵢ|^(p-1) sgn(vᵢ) vᵢ' / ‖v‖ₚ^(p-1)
    for p in [1, 3] {
        let np = v.lp_norm(p);
        let closed: f64 = v
            .iter()
            .zip(dv.iter())
            .map(|(x, dx)| x.abs().powi(p - 1) * x.signum() * dx)
            .sum::<f64>()
            / np.powi(p - 1);
        check_t(
            &format!("lp_norm({p})"),
            t,
            |t| vec![poly(t, &c).lp_norm(p)],
            |t| vec![poly(t, &c).lp_norm(p)],
            Some(vec![closed]),
        );
    }
    // the largest magnitude: d max|vᵢ| = sgn(v_k) v_k'
    let k = v.column(0).iamax();
    check_t(
        "amax",
        t,
        |t| vec![poly(t, &c).amax()],
        |t| vec![poly(t, &c).amax()],
        Some(vec![v[k].signum() * dv[k]]),
    );
    // a matrix's Frobenius norm
    let cm = coefficients(&mut rng, 3, 4);
    let m = poly(t, &cm);
    let dm = dpoly(t, &cm);
    check_t(
        "Frobenius norm",
        t,
        |t| vec![poly(t, &cm).norm()],
        |t| vec![poly(t, &cm).norm()],
        Some(vec![m.dot(&dm) / m.norm()]),
    );
    // the zero vector with a moving tangent: the value is 0 with finite tangents (the guard
    // at sqrt's infinite slope: the tangent of Σ vᵢ² is exactly 0 there); normalising fails
    // cleanly, as for f64
    let z = DVector::from_fn(3, |i, _| D1::new(0.0, [i as f64 + 1.0]));
    let nz = z.norm();
    assert_eq!(nz.re, 0.0);
    assert!(nz.eps[0].is_finite(), "‖0‖' = {}", nz.eps[0]);
    assert!(z.try_normalize(D1::from(1e-12)).is_none());
    assert_eq!(DVector::<f64>::zeros(3).try_normalize(1e-12), None);
}

#[test]
fn products_and_transposes_follow_the_product_rule() {
    for t in T3 {
        let (a, da, b, db) = (a3(t), da3(t), bm3(t), dbm3(t));
        let td = D1::variable(t, 0);
        let (ad, bd) = (a3(td), bm3(td));

        let p = ad * bd;
        assert_close(&value(&p), &(a * b), 1e-14, "AB value");
        assert_close(&tangent(&p, 0), &(da * b + a * db), 1e-12, "(AB)'");

        let q = ad.transpose() * bd * ad;
        let dq = da.transpose() * b * a + a.transpose() * db * a + a.transpose() * b * da;
        assert_close(&tangent(&q, 0), &dq, 1e-12, "(AᵀBA)'");

        assert_close(
            &tangent(&ad.tr_mul(&bd), 0),
            &(da.tr_mul(&b) + a.tr_mul(&db)),
            1e-12,
            "tr_mul",
        );
        assert_close(
            &tangent(&ad.transpose(), 0),
            &da.transpose(),
            1e-15,
            "(Aᵀ)'",
        );

        let v = b3(td);
        let (x, dx) = (b3(t), db3(t));
        let av = ad * v;
        assert_close(&tangent(&av, 0), &(da * x + a * dx), 1e-12, "(Av)'");
        assert_within(
            "(vᵀAv)'",
            v.dot(&av).eps[0],
            dx.dot(&(a * x)) + x.dot(&(da * x + a * dx)),
            1e-12,
        );
        // ‖v‖' = vᵀv'/‖v‖
        assert_within("‖v‖'", v.norm().eps[0], x.dot(&dx) / x.norm(), 1e-12);
        assert_within("tr(A)'", ad.trace().eps[0], da.trace(), 1e-14);
        // Frobenius norm: ‖A‖' = ⟨A, A'⟩/‖A‖
        assert_within("‖A‖_F'", ad.norm().eps[0], a.dot(&da) / a.norm(), 1e-12);
        let kron = ad.kronecker(&bd);
        let dkron = da.kronecker(&b) + a.kronecker(&db);
        assert_close(&tangent(&kron, 0), &dkron, 1e-12, "(A ⊗ B)'");
    }
}

#[test]
fn plain_matrices_lift_and_scale() {
    let plain = Matrix3::new(1.0, 2.0, 0.0, -1.0, 3.0, 1.0, 0.5, 0.0, 2.0);
    let by_map: Matrix3<D1> = plain.map(D1::constant);
    let by_from: Matrix3<D1> = plain.map(D1::from);
    let by_cast: Matrix3<D1> = plain.cast::<D1>();
    let by_convert: Matrix3<D1> = convert(plain);
    for m in [by_from, by_cast, by_convert] {
        assert!(m.iter().zip(by_map.iter()).all(|(x, y)| x.identical(y)));
        assert!(m.iter().all(D1::has_zero_tangent));
    }
    // and back: the value (f64 ⊂ Dual: the tangent is dropped)
    let td = D1::variable(0.25, 0);
    let x = Vector3::new(td, td * td, D1::from(1.0));
    let back: Option<Vector3<f64>> = nalgebra::try_convert(x);
    assert_eq!(back, Some(Vector3::new(0.25, 0.0625, 1.0)));

    // a lifted plain matrix times a dual vector: (P x)' = P x'
    let y = by_cast * x;
    assert_close(
        &tangent(&y, 0),
        &(plain * Vector3::new(1.0, 0.5, 0.0)),
        1e-15,
        "(Px)'",
    );

    // scaling by a plain scalar, four ways, all with tangent 2 x'
    let two = 2.0;
    let s1 = x * D1::from(two);
    let s2 = x.map(|v| v * two);
    let s3 = x.scale(D1::from(two));
    let s4 = D1::from(two) * x;
    for s in [s1, s2, s3, s4] {
        assert_eq!(tangent(&s, 0), Vector3::new(2.0, 1.0, 0.0));
        assert_eq!(value(&s), Vector3::new(0.5, 0.125, 2.0));
    }
}

#[test]
fn a_dual_scalar_times_a_plain_or_dual_matrix() {
    // A(t) = A₀ + t A₁ + t² A₂ with plain Aᵢ: A' = A₁ + 2t A₂; and c(t) M(t) by the
    // product rule.
    let a0 = Matrix3::new(4.0, 1.0, 0.0, 1.0, 3.0, 1.0, 0.0, 1.0, 2.0);
    let a1 = Matrix3::new(0.0, 1.0, 2.0, -1.0, 0.0, 0.5, 1.0, 1.0, 1.0);
    let a2 = Matrix3::new(1.0, 0.0, 0.0, 0.0, -1.0, 0.0, 2.0, 0.0, 1.0);
    let t = 0.4;
    let td = D1::variable(t, 0);
    let want = a1 + a2 * (2.0 * t);
    let forms = [
        a0.cast::<D1>() + td * a1 + (td * td) * a2,
        a0.cast::<D1>() + a1 * td + a2 * (td * td),
        a0.cast::<D1>() + td * (td * a2) + td * a1,
    ];
    for a in forms {
        assert_close(&value(&a), &(a0 + a1 * t + a2 * (t * t)), 1e-15, "value");
        assert_close(&tangent(&a, 0), &want, 1e-15, "A'");
    }
    // borrowed operands (a heap matrix, which is not `Copy`)
    let a1_heap = DMatrix::from_column_slice(3, 3, a1.as_slice());
    let by_ref = [
        td * &a1_heap,
        &a1_heap * td,
        td * &a1_heap.map(D1::constant),
    ];
    for m in by_ref {
        assert_eq!(m.map(|x| x.eps[0]), a1_heap);
        assert_eq!(m.map(|x| x.re), &a1_heap * t);
    }
    // c(t) M(t) with c = sin t and M = a3(t): (cM)' = cos t M + sin t M'
    let m = a3(td);
    let cm = td.sin() * m;
    let dcm = a3(t) * t.cos() + da3(t) * t.sin();
    assert_close(&tangent(&cm, 0), &dcm, 1e-14, "(cM)'");
    assert_eq!(tangent(&cm, 0), tangent(&(m * td.sin()), 0), "c M = M c");
    // a view of a plain matrix works too
    let col = td * a0.column(1);
    assert_eq!(tangent(&col, 0), a0.column(1).into_owned());
}

/// `c · P`, `P · c` (plain `P`) and `c · M` (dual `M`), owned and borrowed: entries `c pᵢⱼ`
/// with tangent `dc pᵢⱼ`, and `c mᵢⱼ` with `dc mᵢⱼ + c dmᵢⱼ` (the product rule by hand).
#[test]
#[allow(clippy::op_ref)] // the borrowed forms are impls of their own, tested on purpose
fn dual_scalar_times_plain_and_dual_matrices() {
    let p = Matrix2::new(1.0, -2.0, 0.5, 4.0);
    let c = D2::new(3.0, [1.0, 0.0]);
    let m = p.map(|v| D2::new(v, [0.0, v * v]));
    let check = |got: Matrix2<D2>, with_m: bool, what: &str| {
        for i in 0..2 {
            for j in 0..2 {
                let v = p[(i, j)];
                let want = if with_m { [v, 3.0 * v * v] } else { [v, 0.0] };
                assert_eq!(got[(i, j)].re, 3.0 * v, "{what}");
                assert_eq!(got[(i, j)].eps, want, "{what} ({i}, {j})");
            }
        }
    };
    check(c * p, false, "c * P");
    check(c * &p, false, "c * &P");
    check(p * c, false, "P * c");
    check(&p * c, false, "&P * c");
    check(c * m, true, "c * M");
    check(c * &m, true, "c * &M");
    check(m * c, true, "M * c (nalgebra's)");
    // a dynamic plain matrix, and a non-finite entry: value and tangent follow IEEE
    let q = DMatrix::from_row_slice(1, 3, &[f64::INFINITY, f64::NAN, -0.0]);
    let r = c * &q;
    assert_eq!((r[0].re, r[0].eps[0]), (f64::INFINITY, f64::INFINITY));
    assert!(r[1].re.is_nan() && r[1].eps[0].is_nan());
    assert!(same(r[2].re, -0.0) && same(r[2].eps[0], -0.0));
}

#[test]
fn approx_compares_values_in_matrices() {
    let a = Vector2::new(D1::variable(1.0, 0), D1::from(2.0));
    let b = Vector2::new(D1::from(1.0 + 1e-12), D1::variable(2.0, 0));
    assert_relative_eq!(a, b, epsilon = D1::from(1e-10));
    assert!(!approx::relative_eq!(
        a,
        b * D1::from(1.001),
        epsilon = D1::from(1e-10)
    ));
}

// ----- singular matrices and non-finite entries ---------------------------------------------

#[test]
fn a_singular_value_matrix_is_singular_whatever_its_tangent() {
    // S is singular (row 3 = row 1 + row 2) in exact arithmetic; A(t) = S + t K at t = 0
    // has the value S and the nonzero tangent K.
    let s = Matrix3::new(1.0, 2.0, 3.0, 0.0, 1.0, 4.0, 1.0, 3.0, 7.0);
    let k = Matrix3::new(0.5, 0.0, 1.0, 1.0, 2.0, 0.0, 0.0, 1.0, 3.0);
    assert!(s.try_inverse().is_none(), "precondition: S singular in f64");
    let t = D1::variable(0.0, 0);
    let ad = s.map(D1::constant) + k.map(|v| t * v);
    assert!(ad.try_inverse().is_none(), "try_inverse (explicit 3 x 3)");
    assert!(ad.lu().try_inverse().is_none(), "LU try_inverse");
    assert!(!ad.lu().is_invertible());
    assert!(
        ad.lu().solve(&Vector3::repeat(D1::from(1.0))).is_none(),
        "LU solve"
    );
    // Full pivoting rounds (its pivot 7 makes 1/7 inexact), so the last pivot of S is
    // tiny but not zero: what matters is that the dual matrix decides exactly as its value.
    assert_eq!(
        ad.full_piv_lu().is_invertible(),
        s.full_piv_lu().is_invertible()
    );

    // The determinant is 0 and its derivative is tr(adj(S) K) (Jacobi's formula with the
    // adjugate, valid at singular S), adj(S) written out from the cofactors of S.
    let adj = Matrix3::new(-5.0, -5.0, 5.0, 4.0, 4.0, -4.0, -1.0, -1.0, 1.0);
    assert_eq!(adj * s, Matrix3::zeros(), "the adjugate is right");
    let det = ad.determinant();
    assert_eq!(det.re, 0.0);
    assert_within(
        "d det at a singular S",
        det.eps[0],
        (adj * k).trace(),
        1e-14,
    );
}

#[test]
fn a_zero_column_with_a_nonzero_tangent_is_singular_4x4() {
    // The value's third column is zero; its tangent is not. A nalgebra `is_zero` that
    // looked at tangents would divide by a zero pivot and return infinities.
    let s = Matrix4::new(
        2.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 2.0, 2.0, 0.0, 1.0, 1.0, 0.0, 0.0, 3.0,
    );
    assert!(s.try_inverse().is_none(), "precondition: S singular in f64");
    let t = D1::variable(0.0, 0);
    let ad = Matrix4::from_fn(|i, j| {
        if j == 2 {
            t * (i as f64 + 1.0)
        } else {
            D1::from(s[(i, j)])
        }
    });
    assert!(ad.try_inverse().is_none(), "try_inverse (4 x 4)");
    assert!(ad.lu().try_inverse().is_none(), "LU try_inverse");
    assert!(ad.qr().try_inverse().is_none(), "QR try_inverse");
    assert!(
        ad.lu().solve(&Vector4::repeat(D1::from(1.0))).is_none(),
        "LU solve"
    );
}

/// Decisions (singular or not, pivot order) and values of every route, dual vs `f64`.
fn same_decisions(what: &str, a: &DMatrix<f64>, da: &DMatrix<f64>) {
    let ad = DMatrix::from_fn(a.nrows(), a.ncols(), |i, j| {
        D1::new(a[(i, j)], [da[(i, j)]])
    });
    let vals = |m: &DMatrix<D1>| m.map(|v| v.re);
    let same_mat =
        |x: &DMatrix<f64>, y: &DMatrix<f64>| x.iter().zip(y.iter()).all(|(p, q)| same(*p, *q));
    let n = a.nrows();

    assert!(same(ad.determinant().re, a.determinant()), "{what}: det");
    assert!(
        same(
            ad.clone().lu().determinant().re,
            a.clone().lu().determinant()
        ),
        "{what}: lu det"
    );
    type Route<S> = fn(DMatrix<S>) -> Option<DMatrix<S>>;
    let routes: [(&str, Route<D1>, Route<f64>); 4] = [
        ("try_inverse", |m| m.try_inverse(), |m| m.try_inverse()),
        ("lu", |m| m.lu().try_inverse(), |m| m.lu().try_inverse()),
        (
            "full_piv_lu",
            |m| m.full_piv_lu().try_inverse(),
            |m| m.full_piv_lu().try_inverse(),
        ),
        ("qr", |m| m.qr().try_inverse(), |m| m.qr().try_inverse()),
    ];
    for (name, on_d, on_f) in routes {
        match (on_d(ad.clone()), on_f(a.clone())) {
            (None, None) => {}
            (Some(x), Some(y)) => assert!(same_mat(&vals(&x), &y), "{what}: {name} inverse values"),
            (x, y) => panic!(
                "{what}: {name}: dual says {}, f64 says {}",
                if x.is_some() {
                    "invertible"
                } else {
                    "singular"
                },
                if y.is_some() {
                    "invertible"
                } else {
                    "singular"
                }
            ),
        }
    }
    assert_eq!(
        ad.clone().lu().is_invertible(),
        a.clone().lu().is_invertible(),
        "{what}: lu"
    );
    assert_eq!(
        ad.clone().full_piv_lu().is_invertible(),
        a.clone().full_piv_lu().is_invertible(),
        "{what}: full_piv_lu"
    );
    assert_eq!(
        ad.clone().qr().is_invertible(),
        a.clone().qr().is_invertible(),
        "{what}: qr"
    );
    let b = DVector::from_fn(n, |i, _| 1.0 + i as f64);
    let bd = b.map(|v| D1::new(v, [1.0]));
    match (ad.clone().lu().solve(&bd), a.clone().lu().solve(&b)) {
        (None, None) => {}
        (Some(x), Some(y)) => assert!(
            x.iter().zip(y.iter()).all(|(p, q)| same(p.re, *q)),
            "{what}: lu solve values"
        ),
        (x, y) => panic!(
            "{what}: lu solve: dual {:?} vs f64 {:?}",
            x.is_some(),
            y.is_some()
        ),
    }
    assert_eq!(
        ad.clone().cholesky().is_some(),
        a.clone().cholesky().is_some(),
        "{what}: cholesky"
    );
    // rank runs an SVD without an iteration limit, which never ends on a NaN or infinite
    // entry in f64 too (nalgebra's behaviour): finite matrices only
    if a.iter().all(|v| v.is_finite()) {
        assert_eq!(ad.rank(D1::from(1e-10)), a.rank(1e-10), "{what}: rank");
    }
}

#[test]
fn singular_value_matrices_are_singular_whatever_the_tangent() {
    let mut rng = Rng(18);
    for n in 2..=6 {
        // a repeated row, both copies moving with t
        let c = coefficients(&mut rng, n, n);
        let fix = |m: &DMatrix<f64>| {
            let mut m = m.clone();
            let r0 = m.row(0).clone_owned();
            m.row_mut(n - 1).copy_from(&r0);
            m
        };
        let cs: Vec<DMatrix<f64>> = c.iter().map(fix).collect();
        let t = D1::variable(0.3, 0);
        let a = poly(t, &cs);
        // (nalgebra's LU multiplies by the pivot's reciprocal, so a repeated row may leave
        // a rounding residue and an "inverse" of size 1e16, in f64 as well: the dual must
        // decide as f64 does, which same_decisions checks)
        if n == 2 {
            // the explicit 2 x 2 formula: an exact zero
            assert_eq!(a.determinant().re, 0.0, "{n}: repeated row det");
            assert!(
                a.clone().try_inverse().is_none(),
                "{n}: repeated row try_inverse"
            );
        }
        same_decisions(
            &format!("repeated row {n}"),
            &a.map(|v| v.re),
            &a.map(|v| v.eps[0]),
        );

        // a zero column whose tangent is not zero: A(t) with column 0 = (t - t₀) e
        let mut z = poly(0.3, &c).map(D1::from);
        for i in 0..n {
            z[(i, 0)] = D1::new(0.0, [1.0 + i as f64]);
        }
        assert!(
            z.clone().try_inverse().is_none(),
            "{n}: zero column try_inverse"
        );
        assert!(
            z.clone().lu().try_inverse().is_none(),
            "{n}: zero column lu"
        );
        assert!(
            z.clone().qr().try_inverse().is_none(),
            "{n}: zero column qr"
        );
        assert!(
            z.clone().full_piv_lu().try_inverse().is_none(),
            "{n}: zero column fplu"
        );
        let det = z.determinant();
        assert_eq!(det.re, 0.0);
        assert!(
            det.eps[0].is_finite(),
            "{n}: zero column det tangent {}",
            det.eps[0]
        );
        same_decisions(
            &format!("zero column {n}"),
            &z.map(|v| v.re),
            &z.map(|v| v.eps[0]),
        );

        // numerically rank-deficient products: whatever f64 decides, the dual decides
        for _ in 0..5 {
            let b = rng.dmatrix(n, n - 1, -1.0, 1.0);
            let cc = rng.dmatrix(n - 1, n, -1.0, 1.0);
            same_decisions(
                &format!("rank-deficient {n}"),
                &(&b * &cc),
                &rng.dmatrix(n, n, -1.0, 1.0),
            );
        }
    }
    // fixed-size explicit inverses of singular values with regular-looking tangents
    let s2 = Matrix2::new(
        D1::new(1.0, [1.0]),
        D1::new(2.0, [0.0]),
        D1::new(2.0, [0.0]),
        D1::new(4.0, [-1.0]),
    );
    assert!(s2.try_inverse().is_none());
    assert_eq!(s2.determinant().re, 0.0);
    // d det = a' d + a d' - b' c - b c' = 1·4 + 1·(-1) - 0 - 0
    assert_eq!(s2.determinant().eps[0], 3.0);
    let s3 = Matrix3::new(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 5.0, 7.0, 9.0)
        .zip_map(&Matrix3::from_fn(|i, j| (i * 3 + j) as f64), |v, d| {
            D1::new(v, [d])
        });
    assert!(s3.try_inverse().is_none());
    let s4 = Matrix4::from_fn(|i, j| D1::new(((i + 1) * (j + 1)) as f64, [(i + j) as f64]));
    assert!(s4.try_inverse().is_none());
}

fn panics<R>(f: impl FnOnce() -> R) -> Option<R> {
    catch_unwind(AssertUnwindSafe(f)).ok()
}

#[test]
fn non_finite_matrices_behave_as_f64_matrices() {
    use nalgebra::linalg::{SVD, SymmetricEigen};
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(19);
    for bad in [f64::NAN, f64::INFINITY, -f64::INFINITY, f64::MAX, 5e-324] {
        for n in [2, 3, 4] {
            let mut a = rng.dmatrix(n, n, -1.0, 1.0);
            a[(1, 0)] = bad;
            let da = rng.dmatrix(n, n, -1.0, 1.0);
            let what = format!("{n}x{n} with {bad:e}");
            let d = || DMatrix::from_fn(n, n, |i, j| D1::new(a[(i, j)], [da[(i, j)]]));
            same_decisions(&what, &a, &da);

            // iterative decompositions with a bounded number of iterations
            let f_svd = panics(|| SVD::try_new(a.clone(), true, true, 1e-14, 500));
            let d_svd = panics(|| SVD::try_new(d(), true, true, D1::from(1e-14), 500));
            match (&f_svd, &d_svd) {
                (Some(Some(x)), Some(Some(y))) => {
                    for (p, q) in x.singular_values.iter().zip(y.singular_values.iter()) {
                        assert!(same(*p, q.re), "{what}: svd values");
                    }
                }
                (Some(None), Some(None)) => {}
                (None, _) => {} // nalgebra panics on f64 too: not this crate's business
                _ => panic!(
                    "{what}: svd f64 {:?} vs dual {:?}",
                    f_svd.is_some(),
                    d_svd.is_some()
                ),
            }
            let sym = &a + a.transpose();
            let dsym = || {
                let m = d();
                &m + m.transpose()
            };
            let f_eig = panics(|| SymmetricEigen::try_new(sym.clone(), 1e-14, 500));
            let d_eig = panics(|| SymmetricEigen::try_new(dsym(), D1::from(1e-14), 500));
            match (&f_eig, &d_eig) {
                (Some(Some(x)), Some(Some(y))) => {
                    for (p, q) in x.eigenvalues.iter().zip(y.eigenvalues.iter()) {
                        assert!(same(*p, q.re), "{what}: eigenvalues");
                    }
                }
                (Some(None), Some(None)) => {}
                (None, _) => {}
                _ => panic!(
                    "{what}: eigen f64 {:?} vs dual {:?}",
                    f_eig.is_some(),
                    d_eig.is_some()
                ),
            }
            // exp: not with an infinite entry (nalgebra's scaling and squaring would square
            // 2^64 times, on f64 as well)
            if !bad.is_infinite() && bad != f64::MAX {
                let fe = panics(|| a.exp());
                let de = panics(|| d().exp());
                match (&fe, &de) {
                    (Some(x), Some(y)) => {
                        assert!(
                            x.iter().zip(y.iter()).all(|(p, q)| same(*p, q.re)),
                            "{what}: exp values"
                        );
                    }
                    (None, _) => {}
                    (Some(_), None) => panic!("{what}: exp panics on duals only"),
                }
            }
        }
    }
    std::panic::set_hook(prev);
}

// ----- second derivatives, f32 and complex duals ------------------------------------------------

/// `t` seeded for a second derivative: value t, both first-order tangents 1.
fn seed2(t: f64) -> DD {
    Dual::new(D1::variable(t, 0), [D1::constant(1.0)])
}

#[test]
fn second_derivative_of_det_matches_differences_of_jacobis_formula() {
    let h = 1e-5;
    for t in T3 {
        let det = a3(seed2(t)).determinant();
        let jac = jacobi(&a3(t), &da3(t));
        assert_within("value", det.re.re, a3(t).determinant(), 1e-14);
        assert_within("first derivative (inner)", det.re.eps[0], jac, 1e-10);
        assert_within("first derivative (outer)", det.eps[0].re, jac, 1e-10);
        let g = |t: f64| jacobi(&a3(t), &da3(t));
        let fd = (g(t + h) - g(t - h)) / (2.0 * h);
        // central differences of an exact formula: 1e-6 relative
        assert_within("second derivative of det", det.eps[0].eps[0], fd, 1e-6);
    }
}

#[test]
fn second_derivative_of_an_inverse_entry_4x4() {
    // (A⁻¹)'' = 2 A⁻¹A'A⁻¹A'A⁻¹ - A⁻¹A''A⁻¹ along s = t (both parameters moving at once),
    // checked against central differences of the first derivative.
    let h = 1e-5;
    let first = |u: f64| {
        let a = a4(u, u);
        let (ds, dt) = da4(u, u);
        let ai = a.try_inverse().unwrap();
        -ai * (ds + dt) * ai
    };
    for u in [-0.3, 0.4] {
        let ud = seed2(u);
        let inv = a4(ud, ud).try_inverse().expect("nonsingular");
        let fd = (first(u + h) - first(u - h)) / (2.0 * h);
        let second = inv.map(|x| x.eps[0].eps[0]);
        assert_close(&second, &fd, 1e-6, "(A⁻¹)''");
    }
}

#[test]
fn f32_duals_invert() {
    // A(t) = [[2 + t, 1], [t², 3]]: det = 6 + 3t - t², (A⁻¹)' = -A⁻¹ A' A⁻¹ (in f64).
    let t = 0.5_f32;
    let td = Dual::<f32, 1>::variable(t, 0);
    let ad = Matrix2::new(td + 2.0, Dual::from(1.0), td * td, Dual::from(3.0));
    let inv = ad.try_inverse().unwrap();
    let t = f64::from(t);
    let a = Matrix2::new(2.0 + t, 1.0, t * t, 3.0);
    let da = Matrix2::new(1.0, 0.0, 2.0 * t, 0.0);
    let ai = a.try_inverse().unwrap();
    let want = -ai * da * ai;
    let got = inv.map(|x| f64::from(x.eps[0]));
    // f32: 1e-5 relative
    assert_close(&got, &want, 1e-5, "f32 (A⁻¹)'");
    let det = ad.determinant();
    assert_within("f32 det'", f64::from(det.eps[0]), 3.0 - 2.0 * t, 1e-6);
}

#[test]
fn complex_duals_work_through_simba() {
    use nalgebra::Complex;
    // simba makes Complex<N> a ComplexField for any RealField N, so Complex<Dual> works:
    // a complex A(t), its derivative by hand, det and inverse vs Jacobi and -A⁻¹A'A⁻¹
    // computed in Complex<f64>.
    type C = Complex<D1>;
    type Cf = Complex<f64>;
    let t = 0.6;
    let td = D1::variable(t, 0);
    let one = D1::from(1.0);
    let zero = D1::from(0.0);
    #[rustfmt::skip]
    let ad = Matrix3::new(
        C::new(one, td), C::new(td * td, zero), C::new(zero, one),
        C::new(D1::from(2.0), -one), C::new(D1::from(3.0), td.sin()), C::new(td, td),
        C::new(one, zero), C::new(zero, td.exp()), C::new(D1::from(4.0), -td),
    );
    let a = ad.map(|z| Cf::new(z.re.re, z.im.re));
    let i = |x: f64| Cf::new(0.0, x);
    let r = |x: f64| Cf::new(x, 0.0);
    #[rustfmt::skip]
    let da = Matrix3::new(
        i(1.0), r(2.0 * t), r(0.0),
        r(0.0), i(t.cos()), Cf::new(1.0, 1.0),
        r(0.0), i(t.exp()), i(-1.0),
    );
    let want = a.determinant() * (a.try_inverse().unwrap() * da).trace();
    let det = ad.determinant();
    assert_within("Re d det", det.re.eps[0], want.re, 1e-12);
    assert_within("Im d det", det.im.eps[0], want.im, 1e-12);
    let inv = ad.lu().try_inverse().unwrap();
    let ai = a.try_inverse().unwrap();
    let dinv = -ai * da * ai;
    for (z, w) in inv.iter().zip(dinv.iter()) {
        assert_within("Re d A⁻¹", z.re.eps[0], w.re, 1e-12);
        assert_within("Im d A⁻¹", z.im.eps[0], w.im, 1e-12);
    }
}
