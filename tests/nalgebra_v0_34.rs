//! The `nalgebra_v0_34` feature: `Dual`, `Dual2` and `Taylor` are simba 0.9 `RealField`s,
//! so matrices of them work inside code written against nalgebra 0.34 (the version of
//! argmin-math's `nalgebra_latest` and of `levenberg-marquardt` 0.15).
//!
//! Oracles: matrix calculus written out by hand and evaluated in plain `f64` (with nalgebra
//! 0.34's `f64` code, which has no dual in it), central finite differences of the `f64`
//! problem, and closed-form derivatives of scalar functions.
//!
//! Run with `cargo test --features nalgebra_v0_34 --test nalgebra_v0_34`.
#![cfg(feature = "nalgebra_v0_34")]

use dualnum::{Dual, Dual2, Taylor};
use nalgebra_v0_34::{Matrix3, RealField, Vector3};

type D = Dual<f64, 1>;

/// `A(t) = A₀ + t A₁`, invertible near `t = 0.3` (diagonally dominant).
fn a0() -> Matrix3<f64> {
    Matrix3::new(4.0, 1.0, -2.0, 0.5, 3.0, 1.0, -1.0, 2.0, 5.0)
}

fn a1() -> Matrix3<f64> {
    Matrix3::new(0.0, 2.0, 1.0, -1.0, 0.5, 0.0, 3.0, 0.0, -1.5)
}

/// `b(t) = b₀ + t b₁`.
fn b0() -> Vector3<f64> {
    Vector3::new(1.0, -2.0, 0.5)
}

fn b1() -> Vector3<f64> {
    Vector3::new(0.5, 1.0, -3.0)
}

const T0: f64 = 0.3;

/// `A(t)` as a matrix of duals with `dA/dt = A₁`, built inside nalgebra 0.34.
fn a_dual() -> Matrix3<D> {
    let t = D::variable(T0, 0);
    a0().map(D::constant) + a1().map(|x| t * x)
}

fn b_dual() -> Vector3<D> {
    let t = D::variable(T0, 0);
    b0().map(D::constant) + b1().map(|x| t * x)
}

fn a_at(t: f64) -> Matrix3<f64> {
    a0() + a1() * t
}

fn b_at(t: f64) -> Vector3<f64> {
    b0() + b1() * t
}

/// `max |xᵢ - yᵢ| <= tol · max(1, max |yᵢ|)`.
fn assert_close(x: &[f64], y: &[f64], tol: f64, what: &str) {
    assert_eq!(x.len(), y.len(), "{what}: lengths");
    let scale = y.iter().fold(1.0f64, |m, v| m.max(v.abs()));
    for (k, (xi, yi)) in x.iter().zip(y).enumerate() {
        assert!(
            (xi - yi).abs() <= tol * scale,
            "{what}[{k}]: {xi} vs {yi} (tol {tol} x {scale})"
        );
    }
}

/// Central difference of `f` at `T0` with step `h`.
fn central<const L: usize>(f: impl Fn(f64) -> [f64; L], h: f64) -> [f64; L] {
    let (p, m) = (f(T0 + h), f(T0 - h));
    core::array::from_fn(|k| (p[k] - m[k]) / (2.0 * h))
}

#[test]
fn lu_inverse_has_the_derivative_minus_a_inv_da_a_inv() {
    let inv = a_dual().lu().try_inverse().expect("A(t0) is invertible");
    // Oracle: d(A⁻¹) = -A⁻¹ A₁ A⁻¹, in f64.
    let ainv = a_at(T0).try_inverse().unwrap();
    let expected = -ainv * a1() * ainv;
    assert_close(inv.map(|x| x.re).as_slice(), ainv.as_slice(), 1e-14, "A⁻¹");
    assert_close(
        inv.map(|x| x.eps[0]).as_slice(),
        expected.as_slice(),
        1e-13,
        "d(A⁻¹)",
    );
    // Second oracle: central differences of the f64 inverse (error O(h²) ≈ 1e-10 here).
    let fd = central(
        |t| {
            let m = a_at(t).try_inverse().unwrap();
            core::array::from_fn::<f64, 9, _>(|k| m[k])
        },
        1e-5,
    );
    assert_close(inv.map(|x| x.eps[0]).as_slice(), fd.as_slice(), 1e-8, "FD");
    // The general inverse (nalgebra's explicit 3 x 3 formula) agrees.
    let direct = a_dual().try_inverse().unwrap();
    assert_close(
        direct.map(|x| x.eps[0]).as_slice(),
        expected.as_slice(),
        1e-13,
        "d(A⁻¹) explicit",
    );
}

#[test]
fn lu_solve_has_the_derivative_of_a_inv_b() {
    let x = a_dual().lu().solve(&b_dual()).expect("A(t0) is invertible");
    // Oracle: x = A⁻¹ b, dx = A⁻¹ (b₁ - A₁ x), in f64.
    let ainv = a_at(T0).try_inverse().unwrap();
    let xv = ainv * b_at(T0);
    let dx = ainv * (b1() - a1() * xv);
    assert_close(x.map(|v| v.re).as_slice(), xv.as_slice(), 1e-14, "x");
    assert_close(x.map(|v| v.eps[0]).as_slice(), dx.as_slice(), 1e-13, "dx");
    // With a constant right-hand side: dx = -A⁻¹ A₁ A⁻¹ b₀.
    let x0 = a_dual().lu().solve(&b0().map(D::constant)).unwrap();
    let dx0 = -ainv * a1() * ainv * b0();
    assert_close(
        x0.map(|v| v.eps[0]).as_slice(),
        dx0.as_slice(),
        1e-13,
        "dx0",
    );
    let fd = central(
        |t| {
            let s = a_at(t).lu().solve(&b_at(t)).unwrap();
            [s[0], s[1], s[2]]
        },
        1e-5,
    );
    assert_close(x.map(|v| v.eps[0]).as_slice(), fd.as_slice(), 1e-8, "FD");
}

#[test]
fn cholesky_and_qr_carry_the_derivative() {
    // S(t) = A(t)ᵀ A(t) is symmetric positive definite, dS = A₁ᵀ A + Aᵀ A₁.
    let a = a_dual();
    let s = a.transpose() * a;
    let chol = s.cholesky().expect("S is positive definite");
    let l = chol.l();
    let (lv, dl) = (l.map(|x| x.re), l.map(|x| x.eps[0]));
    let av = a_at(T0);
    let ds = a1().transpose() * av + av.transpose() * a1();
    // Oracle: dL is lower triangular and dL Lᵀ + L dLᵀ = dS.
    assert_eq!(
        dl.upper_triangle() - Matrix3::from_diagonal(&dl.diagonal()),
        Matrix3::zeros()
    );
    let reconstructed = dl * lv.transpose() + lv * dl.transpose();
    assert_close(
        reconstructed.as_slice(),
        ds.as_slice(),
        1e-13,
        "dL Lᵀ + L dLᵀ",
    );
    // Cholesky and QR solves give d(S⁻¹ b₀) = -S⁻¹ dS S⁻¹ b₀ and dx of A x = b.
    let sinv = (av.transpose() * av).try_inverse().unwrap();
    let expected = -sinv * ds * sinv * b0();
    let y = chol.solve(&b0().map(D::constant));
    assert_close(
        y.map(|v| v.eps[0]).as_slice(),
        expected.as_slice(),
        1e-12,
        "chol",
    );
    let x = a.qr().solve(&b_dual()).expect("A(t0) is invertible");
    let ainv = av.try_inverse().unwrap();
    let dx = ainv * (b1() - a1() * (ainv * b_at(T0)));
    assert_close(x.map(|v| v.eps[0]).as_slice(), dx.as_slice(), 1e-12, "qr");
}

// The borrowed forms are impls of their own, so they are written out.
#[allow(clippy::op_ref)]
#[test]
fn a_dual_scalar_times_a_nalgebra_0_34_matrix() {
    let t = D::variable(2.0, 0);
    let p = a0();
    let pd = p.map(D::constant);
    // Oracle: c P has value 2 P and tangent dc P = P.
    for m in [t * p, p * t, t * &p, &p * t, t * pd, t * &pd] {
        assert_eq!(m.map(|x| x.re), p * 2.0);
        assert_eq!(m.map(|x| x.eps[0]), p);
    }
}

/// Generic code written against nalgebra 0.34 only: `f(t) = det [[t, 1], [2, eᵗ]] = t eᵗ - 2`
/// by LU, plus `‖(t, 1)‖² = t² + 1` by `norm_squared` and `sin` through `ComplexField`.
fn generic<T: RealField + Copy>(t: T) -> T {
    let two: T = nalgebra_v0_34::convert(2.0);
    let m = nalgebra_v0_34::Matrix2::new(t, T::one(), two, t.exp());
    let v = nalgebra_v0_34::Vector2::new(t, T::one());
    m.lu().determinant() + v.norm_squared() + t.sin()
}

#[test]
fn generic_realfield_code_takes_dual_dual2_and_taylor() {
    let t = 0.7f64;
    let e = t.exp();
    // f = t eᵗ - 2 + t² + 1 + sin t; derivatives by hand:
    let f = t * e - 1.0 + t * t + t.sin();
    let d1 = (1.0 + t) * e + 2.0 * t + t.cos();
    let d2 = (2.0 + t) * e + 2.0 - t.sin();
    let d3 = (3.0 + t) * e - t.cos();
    let tol = 1e-13;

    assert!((generic(t) - f).abs() <= tol);

    let y = generic(Dual::<f64, 1>::variable(t, 0));
    assert!(
        (y.re - f).abs() <= tol && (y.eps[0] - d1).abs() <= tol,
        "Dual: {y:?}"
    );

    let y = generic(Dual2::<f64, 1, 1>::variable(t, 0));
    assert!((y.re - f).abs() <= tol, "Dual2 value {}", y.re);
    assert!(
        (y.grad[0] - d1).abs() <= tol,
        "Dual2 gradient {}",
        y.grad[0]
    );
    assert!((y.hess[0] - d2).abs() <= tol, "Dual2 Hessian {}", y.hess[0]);

    // Taylor coefficients c_k = f⁽ᵏ⁾ / k!.
    let y = generic(Taylor::<f64, 3>::variable(t));
    assert!((y.re - f).abs() <= tol, "Taylor value {}", y.re);
    for (k, (c, d)) in y.c.iter().zip([d1, d2 / 2.0, d3 / 6.0]).enumerate() {
        assert!((c - d).abs() <= tol, "Taylor c_{}: {c} vs {d}", k + 1);
    }
}

/// The slope of `f` at `x` by a central difference, step `1e-6 max(1, |x|)` (error about
/// `1e-10` for these smooth functions at these points).
fn slope(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let h = 1e-6 * x.abs().max(1.0);
    (f(x + h) - f(x - h)) / (2.0 * h)
}

/// Every one-argument `ComplexField` method of simba 0.9, called on a dual: the value is
/// the `f64` method's of simba 0.9 (an independent implementation: the standard library's
/// `f64` functions), the tangent a central difference of it. A method forwarded to the
/// wrong inherent function fails here.
#[test]
fn every_simba_0_9_method_has_the_f64_value_and_its_slope() {
    use nalgebra_v0_34::ComplexField;
    macro_rules! check {
        ($($name:ident at [$($x:expr),*];)*) => {$(
            for x in [$($x),*] {
                let y = <D as ComplexField>::$name(D::variable(x, 0));
                let value = <f64 as ComplexField>::$name(x);
                let d = slope(<f64 as ComplexField>::$name, x);
                assert!(
                    (y.re - value).abs() <= 1e-15 * value.abs().max(1.0),
                    "{}({x}): value {} vs {value}", stringify!($name), y.re
                );
                assert!(
                    (y.eps[0] - d).abs() <= 1e-7 * d.abs().max(1.0),
                    "{}({x}): tangent {} vs {d}", stringify!($name), y.eps[0]
                );
            }
        )*};
    }
    check! {
        sin at [0.3, -1.7]; cos at [0.3, -1.7]; tan at [0.3, -1.2];
        asin at [0.3, -0.8]; acos at [0.3, -0.8]; atan at [0.3, -4.0];
        sinh at [0.3, -1.7]; cosh at [0.3, -1.7]; tanh at [0.3, -1.7];
        asinh at [0.3, -4.0]; acosh at [1.5, 7.0]; atanh at [0.3, -0.8];
        exp at [0.3, -1.7]; exp2 at [0.3, -1.7]; exp_m1 at [0.3, -1.7];
        ln at [0.3, 7.0]; ln_1p at [0.3, -0.5]; log2 at [0.3, 7.0]; log10 at [0.3, 7.0];
        sqrt at [0.3, 7.0]; cbrt at [0.3, -7.0]; recip at [0.3, -7.0];
        real at [0.3, -1.7]; conjugate at [0.3, -1.7]; imaginary at [0.3, -1.7];
        modulus at [0.3, -1.7]; modulus_squared at [0.3, -1.7]; norm1 at [0.3, -1.7];
        abs at [0.3, -1.7]; argument at [0.3, -1.7]; signum at [0.3, -1.7];
        floor at [0.3, -1.7]; ceil at [0.3, -1.7]; round at [0.3, -1.7];
        trunc at [0.3, -1.7]; fract at [0.3, -1.7];
        sinc at [0.3, -1.7]; sinhc at [0.3, -1.7]; cosc at [0.3, -1.7]; coshc at [0.3, -1.7];
    }
}

/// The two-argument methods and the pairs of simba 0.9, on duals, against the `f64`
/// methods' values and central differences in each argument; the `RealField` constants
/// against `f64`'s, with a zero tangent.
#[test]
fn simba_0_9_binary_methods_and_constants_match_f64() {
    use nalgebra_v0_34::ComplexField;
    type D2 = Dual<f64, 2>;
    let pairs = [(0.7, 1.3), (-0.4, 2.5), (1.9, -0.6)];
    macro_rules! check2 {
        ($($name:ident;)*) => {$(
            for (a, b) in pairs {
                let (x, y) = (D2::variable(a, 0), D2::variable(b, 1));
                let z = <D2 as RealField>::$name(x, y);
                let f = |a: f64, b: f64| <f64 as RealField>::$name(a, b);
                assert_eq!(z.re, f(a, b), "{}({a}, {b})", stringify!($name));
                let (da, db) = (slope(|s| f(s, b), a), slope(|s| f(a, s), b));
                assert!(
                    (z.eps[0] - da).abs() <= 1e-7 && (z.eps[1] - db).abs() <= 1e-7,
                    "{}({a}, {b}): {:?} vs ({da}, {db})", stringify!($name), z.eps
                );
            }
        )*};
    }
    check2! { atan2; max; min; copysign; }
    for (a, b) in pairs {
        let (x, y) = (D2::variable(a, 0), D2::variable(b, 1));
        let h = <D2 as ComplexField>::hypot(x, y);
        let r = a.hypot(b);
        assert_eq!(h.re, r);
        assert!((h.eps[0] - a / r).abs() <= 1e-15 && (h.eps[1] - b / r).abs() <= 1e-15);
        // a^b for a > 0: d/da = b a^(b-1), d/db = a^b ln a.
        let a = a.abs();
        let x = D2::variable(a, 0);
        for p in [
            <D2 as ComplexField>::powf(x, y),
            <D2 as ComplexField>::powc(x, y),
        ] {
            let v = a.powf(b);
            assert!((p.re - v).abs() <= 1e-15 * v);
            assert!((p.eps[0] - b * a.powf(b - 1.0)).abs() <= 1e-13 * v.max(1.0));
            assert!((p.eps[1] - v * a.ln()).abs() <= 1e-13 * v.max(1.0));
        }
        // log_b(a) = ln a / ln b, for b > 0, b != 1.
        let base = D2::variable(b.abs(), 1);
        let l = <D2 as ComplexField>::log(x, base);
        let (la, lb) = (a.ln(), b.abs().ln());
        assert!((l.re - la / lb).abs() <= 1e-14 * (la / lb).abs().max(1.0));
        assert!((l.eps[0] - 1.0 / (a * lb)).abs() <= 1e-12 * (1.0 / (a * lb)).abs().max(1.0));
        assert!(
            (l.eps[1] + la / (b.abs() * lb * lb)).abs()
                <= 1e-12 * (la / (b.abs() * lb * lb)).abs().max(1.0)
        );
        let (s, c) = <D2 as ComplexField>::sin_cos(x);
        assert_eq!((s.re, c.re), (a.sin(), a.cos()));
        assert_eq!((s.eps[0], c.eps[0]), (a.cos(), -a.sin()));
        let (s, c) = <D2 as ComplexField>::sinh_cosh(x);
        assert_eq!((s.re, c.re), (a.sinh(), a.cosh()));
        assert_eq!((s.eps[0], c.eps[0]), (a.cosh(), a.sinh()));
        let m = <D2 as ComplexField>::mul_add(x, y, x);
        assert_eq!(m.re, a.mul_add(b, a));
        assert_eq!(m.eps, [b + 1.0, a]);
    }
    macro_rules! constants {
        ($($name:ident),*) => {$(
            let c = <D as RealField>::$name();
            assert_eq!((c.re, c.eps[0]), (<f64 as RealField>::$name(), 0.0), stringify!($name));
        )*};
    }
    constants!(
        pi,
        two_pi,
        frac_pi_2,
        frac_pi_3,
        frac_pi_4,
        frac_pi_6,
        frac_pi_8,
        frac_1_pi,
        frac_2_pi,
        frac_2_sqrt_pi,
        e,
        log2_e,
        log10_e,
        ln_2,
        ln_10
    );
    assert_eq!(<D as RealField>::max_value().map(|c| c.re), Some(f64::MAX));
    assert_eq!(<D as RealField>::min_value().map(|c| c.re), Some(f64::MIN));
    // simba's `f64` clamp with crossed bounds tests `min` first.
    let (lo, hi) = (D::from(2.0), D::from(1.0));
    assert_eq!(
        <D as RealField>::clamp(D::from(0.0), lo, hi).re,
        <f64 as RealField>::clamp(0.0, 2.0, 1.0)
    );
}
