//! Implicit differentiation (`implicit_scalar`, `implicit`, `implicit_dvector`): the
//! derivatives of a solution `x*(p)` of `F(x, p) = 0` against closed forms (a square root,
//! Kepler's equation, a circle cut by a line) through second and third order (nested
//! duals), and against finite differences of re-solves (a van der Waals cubic, a
//! least-squares fit whose parameters depend on the data); and the errors: a singular
//! `∂F/∂x`, a wrong number of equations, NaN input, none of which panics.

mod common;

use common::tolerance::close;
use dualnum::{Dual, JacobianError, Real, implicit, implicit_dvector, implicit_scalar};
use nalgebra::{DVector, Vector2};

type D1 = Dual<f64, 1>;
type D11 = Dual<D1, 1>;

/// A nested variable: value `x`, inner and outer tangent 1.
fn nested(x: f64) -> D11 {
    Dual::new(Dual::new(x, [1.0]), [Dual::new(1.0, [0.0])])
}

/// Newton's method in `f64` on `g` with derivative `dg`, from `x0`: the "any solver".
fn newton(g: impl Fn(f64) -> f64, dg: impl Fn(f64) -> f64, mut x: f64) -> f64 {
    for _ in 0..100 {
        let step = g(x) / dg(x);
        x -= step;
        if step.abs() <= 1e-16 * x.abs() {
            break;
        }
    }
    x
}

#[test]
fn square_root_through_third_order() {
    // x² - p = 0: x* = √p, x' = 1/(2√p), x'' = -1/(4 p^(3/2)), x''' = 3/(8 p^(5/2))
    let p = 2.7_f64;
    let root = p.sqrt();
    let x1 = implicit_scalar(
        |x| x * x - Dual::constant(D1::variable(p, 0)),
        D1::constant(root),
    )
    .unwrap();
    assert!(close(x1.re, root, 1e-16, 0.0));
    assert!(close(x1.eps[0], 0.5 / root, 1e-15, 0.0));
    let x2 = implicit_scalar(
        |x| x * x - Dual::constant(nested(p)),
        Dual::constant(Dual::constant(root)),
    )
    .unwrap();
    assert!(close(x2.eps[0].re, 0.5 / root, 1e-15, 0.0));
    assert!(close(x2.eps[0].eps[0], -0.25 * p.powf(-1.5), 1e-14, 0.0));
    // third order: a triple nesting
    type D111 = Dual<D11, 1>;
    let p3: D111 = Dual::new(
        nested(p),
        [Dual::new(Dual::new(1.0, [0.0]), [Dual::new(0.0, [0.0])])],
    );
    let x3 = implicit_scalar(
        |x| x * x - Dual::constant(p3),
        D111::constant(D11::constant(D1::constant(root))),
    )
    .unwrap();
    assert!(close(
        x3.eps[0].eps[0].eps[0],
        3.0 / 8.0 * p.powf(-2.5),
        1e-13,
        0.0
    ));
}

#[test]
fn kepler_equation_closed_forms() {
    // E - e sin E = M: dE/dM = 1/(1 - e cos E), dE/de = sin E/(1 - e cos E),
    // d²E/dM² = -e sin E/(1 - e cos E)³
    for (m, e) in [(0.3_f64, 0.1_f64), (2.0, 0.6), (4.5, 0.9)] {
        let big_e = newton(|x| x - e * x.sin() - m, |x| 1.0 - e * x.cos(), m);
        let [mv, ev] = Dual::<f64, 2>::variables([m, e]);
        let sol = implicit_scalar(
            |x| x - Dual::constant(ev) * x.sin() - Dual::constant(mv),
            Dual::constant(big_e),
        )
        .unwrap();
        let q = 1.0 - e * big_e.cos();
        assert!(close(sol.eps[0], 1.0 / q, 1e-14, 0.0), "dE/dM at {m}, {e}");
        assert!(
            close(sol.eps[1], big_e.sin() / q, 1e-14, 1e-16),
            "dE/de at {m}, {e}"
        );
        let sol2 = implicit_scalar(
            |x| {
                x - Dual::constant(D11::constant(D1::constant(e))) * x.sin()
                    - Dual::constant(nested(m))
            },
            Dual::constant(Dual::constant(big_e)),
        )
        .unwrap();
        assert!(close(
            sol2.eps[0].eps[0],
            -e * big_e.sin() / q.powi(3),
            1e-13,
            1e-15
        ));
    }
}

#[test]
fn circle_and_line_vector_form() {
    // x₀² + x₁² = r², x₁ = k x₀: x₀ = r/√(1 + k²), x₁ = k r/√(1 + k²)
    let (r, k) = (2.0_f64, 0.75_f64);
    let s = (1.0 + k * k).sqrt();
    let exact = Vector2::new(r / s, k * r / s);
    let [rv, kv] = Dual::<f64, 2>::variables([r, k]);
    let f = |x: &Vector2<Dual<Dual<f64, 2>, 2>>| {
        let (r, k) = (Dual::constant(rv), Dual::constant(kv));
        Vector2::new(x[0] * x[0] + x[1] * x[1] - r * r, x[1] - k * x[0])
    };
    let x = implicit(f, &exact.map(Dual::constant)).unwrap();
    // ∂x₀/∂r = 1/s, ∂x₀/∂k = -k r/s³, ∂x₁/∂r = k/s, ∂x₁/∂k = r/s³
    let want = [[1.0 / s, -k * r / s.powi(3)], [k / s, r / s.powi(3)]];
    for i in 0..2 {
        assert!(close(x[i].re, exact[i], 1e-15, 0.0));
        for j in 0..2 {
            assert!(close(x[i].eps[j], want[i][j], 1e-14, 0.0), "∂x{i}/∂p{j}");
        }
    }
    // second order in k: ∂²x₀/∂k² = r (2k² - 1)/s⁵
    let kn = nested(k);
    let f2 = |x: &Vector2<Dual<D11, 2>>| {
        let (r, k) = (
            Dual::constant(D11::constant(D1::constant(r))),
            Dual::constant(kn),
        );
        Vector2::new(x[0] * x[0] + x[1] * x[1] - r * r, x[1] - k * x[0])
    };
    let x2 = implicit(f2, &exact.map(|v| D11::constant(D1::constant(v)))).unwrap();
    assert!(close(
        x2[0].eps[0].eps[0],
        r * (2.0 * k * k - 1.0) / s.powi(5),
        1e-13,
        0.0
    ));
    // the dynamic form gives the same first derivatives
    let fd = |x: &DVector<Dual<Dual<f64, 2>, 1>>| {
        let (r, k) = (Dual::constant(rv), Dual::constant(kv));
        DVector::from_vec(vec![x[0] * x[0] + x[1] * x[1] - r * r, x[1] - k * x[0]])
    };
    let xd = implicit_dvector(
        fd,
        &DVector::from_column_slice(exact.map(Dual::constant).as_slice()),
    )
    .unwrap();
    for i in 0..2 {
        for j in 0..2 {
            assert!(close(xd[i].eps[j], want[i][j], 1e-14, 0.0));
        }
    }
}

/// The van der Waals equation of state as a cubic in the compressibility factor `Z`:
/// `Z³ - (1 + B) Z² + A Z - A B = 0`, `A = a P/(R T)²`, `B = b P/(R T)` (CO₂:
/// `a = 0.364 Pa m⁶/mol²`, `b = 4.267e-5 m³/mol`).
fn vdw<S: Real>(z: S, t: S, p: S) -> S {
    let (a, b, r) = (S::literal(0.364), S::literal(4.267e-5), S::literal(8.314));
    let rt = r * t;
    let big_a = a * p / (rt * rt);
    let big_b = b * p / rt;
    z * z * z - (S::one() + big_b) * z * z + big_a * z - big_a * big_b
}

/// The vapour root (Newton from the ideal gas, `Z = 1`).
fn vapour_root(t: f64, p: f64) -> f64 {
    let h = 1e-7;
    newton(
        |z| vdw(z, t, p),
        |z| (vdw(z + h, t, p) - vdw(z - h, t, p)) / (2.0 * h),
        1.0,
    )
}

#[test]
fn van_der_waals_root_against_resolves() {
    let (t, p) = (300.0_f64, 2.0e6_f64);
    let z = vapour_root(t, p);
    let [tv, pv] = Dual::<f64, 2>::variables([t, p]);
    let sol = implicit_scalar(
        |x| vdw(x, Dual::constant(tv), Dual::constant(pv)),
        Dual::constant(z),
    )
    .unwrap();
    let (ht, hp) = (1e-3 * t, 1e-3 * p);
    let dz_dt = (vapour_root(t + ht, p) - vapour_root(t - ht, p)) / (2.0 * ht);
    let dz_dp = (vapour_root(t, p + hp) - vapour_root(t, p - hp)) / (2.0 * hp);
    assert!(
        close(sol.eps[0], dz_dt, 1e-5, 0.0),
        "dZ/dT {} vs {dz_dt}",
        sol.eps[0]
    );
    assert!(
        close(sol.eps[1], dz_dp, 1e-5, 0.0),
        "dZ/dP {} vs {dz_dp}",
        sol.eps[1]
    );
    // the second derivative in P against the second difference of re-solves
    let sol2 = implicit_scalar(
        |x| {
            vdw(
                x,
                Dual::constant(D11::constant(D1::constant(t))),
                Dual::constant(nested(p)),
            )
        },
        Dual::constant(Dual::constant(z)),
    )
    .unwrap();
    let h = 2e-2 * p;
    let d2 = (vapour_root(t, p + h) - 2.0 * z + vapour_root(t, p - h)) / (h * h);
    assert!(
        close(sol2.eps[0].eps[0], d2, 1e-3, 0.0),
        "d²Z/dP² {} vs {d2}",
        sol2.eps[0].eps[0]
    );
}

/// The least-squares fit of `y = a e^(b t)` to data: the fitted `(a, b)` solve the normal
/// equations `F(θ, y) = Σ rᵢ ∇_θ mᵢ = 0`, `rᵢ = a e^(b tᵢ) - yᵢ`.
fn normal_equations<S: Real>(theta: &[S], t: &[f64], y: &[S]) -> Vec<S> {
    let (a, b) = (theta[0], theta[1]);
    let mut g = vec![S::zero(), S::zero()];
    for (ti, &yi) in t.iter().zip(y) {
        let e = (b.mul_f64(*ti)).exp();
        let r = a * e - yi;
        g[0] = g[0] + r * e;
        g[1] = g[1] + r * a * e.mul_f64(*ti);
    }
    g
}

const T_DATA: [f64; 5] = [0.0, 0.5, 1.0, 1.5, 2.0];
const Y_DATA: [f64; 5] = [2.1, 2.9, 4.2, 5.8, 8.3];

/// Gauss-Newton in f64 (the "any solver"), from (2, 0.7).
fn fit(y: &[f64]) -> [f64; 2] {
    let (mut a, mut b) = (2.0_f64, 0.7_f64);
    for _ in 0..200 {
        let (mut jtj, mut jtr) = ([[0.0; 2]; 2], [0.0; 2]);
        for (ti, yi) in T_DATA.iter().zip(y) {
            let e = (b * ti).exp();
            let jr = [e, a * ti * e];
            let r = a * e - yi;
            for i in 0..2 {
                jtr[i] += jr[i] * r;
                for j in 0..2 {
                    jtj[i][j] += jr[i] * jr[j];
                }
            }
        }
        let det = jtj[0][0] * jtj[1][1] - jtj[0][1] * jtj[1][0];
        let da = (jtj[1][1] * jtr[0] - jtj[0][1] * jtr[1]) / det;
        let db = (jtj[0][0] * jtr[1] - jtj[1][0] * jtr[0]) / det;
        a -= da;
        b -= db;
        if da.abs() + db.abs() < 1e-15 {
            break;
        }
    }
    // a few exact Newton steps on the normal equations themselves
    let theta = implicit_dvector(
        |th: &DVector<Dual<f64, 2>>| {
            DVector::from_vec(normal_equations(
                th.as_slice(),
                &T_DATA,
                &y.iter().map(|&v| Dual::constant(v)).collect::<Vec<_>>(),
            ))
        },
        &DVector::from_vec(vec![a, b]),
    )
    .unwrap();
    [theta[0], theta[1]]
}

#[test]
fn fitted_parameters_against_resolves() {
    let theta = fit(&Y_DATA);
    // the data as five parameters: D = Dual<f64, 5>
    let y = Dual::<f64, 5>::variables(Y_DATA);
    let f = |th: &DVector<Dual<Dual<f64, 5>, 2>>| {
        let yc: Vec<_> = y.iter().map(|&v| Dual::constant(v)).collect();
        DVector::from_vec(normal_equations(th.as_slice(), &T_DATA, &yc))
    };
    let sol = implicit_dvector(f, &DVector::from_vec(theta.map(Dual::constant).to_vec())).unwrap();
    for k in 0..5 {
        let h = 1e-4;
        let (mut up, mut down) = (Y_DATA, Y_DATA);
        up[k] += h;
        down[k] -= h;
        let (tu, td) = (fit(&up), fit(&down));
        for i in 0..2 {
            let fd = (tu[i] - td[i]) / (2.0 * h);
            assert!(
                close(sol[i].eps[k], fd, 1e-6, 1e-9),
                "dθ{i}/dy{k}: {} vs {fd}",
                sol[i].eps[k]
            );
        }
    }
    // raising every data point by δ raises the fitted amplitude by Σₖ ∂a/∂yₖ δ > 0
    assert!(sol[0].eps.iter().sum::<f64>() > 0.0);
}

#[test]
fn singular_and_malformed_problems_are_errors() {
    // x² = p at p = 0: ∂F/∂x = 2x = 0 at the root
    let p = D1::variable(0.0, 0);
    assert_eq!(
        implicit_scalar(|x| x * x - Dual::constant(p), D1::constant(0.0)),
        Err(JacobianError::SingularJacobian)
    );
    // NaN and infinite solutions: errors, not panics
    assert!(implicit_scalar(|x| x * x - Dual::constant(p), D1::constant(f64::NAN)).is_err());
    assert!(implicit_scalar(|x| x * x - Dual::constant(p), D1::constant(f64::INFINITY)).is_err());
    // a vector system with a singular ∂F/∂x (two copies of one equation)
    let f = |x: &Vector2<Dual<D1, 2>>| {
        let e = x[0] + x[1] - Dual::constant(p);
        Vector2::new(e, e)
    };
    assert_eq!(
        implicit(f, &Vector2::new(D1::constant(0.0), D1::constant(0.0))),
        Err(JacobianError::SingularJacobian)
    );
    // the dynamic form: three equations for two unknowns
    let g = |x: &DVector<Dual<D1, 2>>| DVector::from_vec(vec![x[0], x[1], x[0] + x[1]]);
    assert_eq!(
        implicit_dvector(g, &DVector::from_vec(vec![D1::constant(0.0); 2])),
        Err(JacobianError::BufferSize {
            buffer: "residuals",
            expected: 2,
            found: 3
        })
    );
    let nan = implicit_dvector(
        |x: &DVector<Dual<D1, 2>>| x.map(|v| v * v),
        &DVector::from_vec(vec![D1::constant(f64::NAN); 2]),
    );
    assert!(nan.is_err());
    assert!(
        JacobianError::SingularJacobian
            .to_string()
            .contains("singular")
    );
}
