//! NESTED duals: second derivatives of every one- and two-argument function through
//! `Dual<Dual<f64, 1>, 1>` and `Dual<Dual<f64, 2>, 2>` (Hessians), f64 and f32 constants
//! with nested duals (the ones `hessian` passes to its function: `x * 100.0`, `2.0 - x`,
//! `3.0 / x`, ...), `mul_f64` in generic code; every `ComplexField`/`RealField` path on
//! nested duals; `derivative` nested for second derivatives.
//!
//! Oracles: hand-derived second derivatives and Hessians, written out per function;
//! Richardson differences of the table's hand-written slopes.

#![allow(clippy::type_complexity)]

use core::f64::consts::{LN_2, LN_10};

mod common;

use common::functions::{dsigmoid, sech2, second, sigmoid};

use common::functions::{konst_n1, seed_n1, trait_paths};
use common::grids::TRAIT_POINTS;
use common::oracles::smooth_derivative;
use common::tolerance::{SECOND_BY_DIFFERENCES, close_or_exact, near, report, same};
use dualnum::{Dual, derivative, hessian};
use nalgebra::Vector2;
use num_traits::Float;
use simba::scalar::SupersetOf;

type D1 = Dual<f64, 1>;
type N1 = Dual<Dual<f64, 1>, 1>;
type N2 = Dual<Dual<f64, 2>, 2>;

// ================================================================================
// 3. SECOND DERIVATIVES through nested duals
// ================================================================================

/// `(f, f', f'', f' at the inner level)` of `f` at `x`, through `Dual<Dual<f64, 1>, 1>`.

#[test]
fn second_derivatives_of_one_argument_functions() {
    let sig = |x: f64| sigmoid(x);
    // (name, f, x, f'(x), f''(x))
    let table: Vec<(&str, fn(N1) -> N1, f64, f64, f64)> = vec![
        (
            "tan",
            |x| x.tan(),
            0.7,
            1.0 / 0.7f64.cos().powi(2),
            2.0 * 0.7f64.tan() / 0.7f64.cos().powi(2),
        ),
        (
            "tan",
            |x| Float::tan(x),
            -1.2,
            1.0 / 1.2f64.cos().powi(2),
            -2.0 * 1.2f64.tan() / 1.2f64.cos().powi(2),
        ),
        ("atanh", |x| x.atanh(), 0.6, 1.0 / 0.64, 1.2 / (0.64 * 0.64)),
        (
            "atanh",
            |x| x.atanh(),
            -0.999,
            1.0 / (0.001 * 1.999),
            -1.998 / (0.001 * 1.999f64).powi(2),
        ),
        (
            "powf 2.5",
            |x| x.powf(D1::constant(2.5)),
            1.3,
            2.5 * 1.3f64.powf(1.5),
            3.75 * 1.3f64.sqrt(),
        ),
        (
            "powf 3 at -2",
            |x| x.powf(D1::constant(3.0)),
            -2.0,
            12.0,
            -12.0,
        ),
        (
            "Float::powf -0.5",
            |x| Float::powf(x, konst_n1(-0.5)),
            4.0,
            -0.5 / 8.0,
            0.75 / 32.0,
        ),
        (
            "powi -3",
            |x| x.powi(-3),
            1.7,
            -3.0 / 1.7f64.powi(4),
            12.0 / 1.7f64.powi(5),
        ),
        ("powi 2 at 0", |x| x.powi(2), 0.0, 0.0, 2.0),
        (
            "sqrt",
            |x| x.sqrt(),
            2.25,
            1.0 / 3.0,
            -0.25 / 2.25f64.powf(1.5),
        ),
        ("cbrt", |x| x.cbrt(), -8.0, 1.0 / 12.0, 1.0 / 144.0),
        (
            "asin",
            |x| x.asin(),
            0.5,
            1.0 / 0.75f64.sqrt(),
            0.5 / 0.75f64.powf(1.5),
        ),
        (
            "acos",
            |x| x.acos(),
            0.5,
            -1.0 / 0.75f64.sqrt(),
            -0.5 / 0.75f64.powf(1.5),
        ),
        ("atan", |x| x.atan(), 2.0, 0.2, -4.0 / 25.0),
        (
            "acosh",
            |x| x.acosh(),
            2.0,
            1.0 / 3f64.sqrt(),
            -2.0 / 3f64.powf(1.5),
        ),
        (
            "asinh",
            |x| x.asinh(),
            2.0,
            1.0 / 5f64.sqrt(),
            -2.0 / 5f64.powf(1.5),
        ),
        ("ln", |x| x.ln(), 0.4, 2.5, -6.25),
        ("log10", |x| x.log10(), 0.4, 2.5 / LN_10, -6.25 / LN_10),
        ("log2", |x| Float::log2(x), 0.4, 2.5 / LN_2, -6.25 / LN_2),
        ("ln_1p", |x| x.ln_1p(), 0.25, 0.8, -0.64),
        ("exp_m1", |x| x.exp_m1(), 0.3, 0.3f64.exp(), 0.3f64.exp()),
        (
            "exp2",
            |x| x.exp2(),
            1.5,
            1.5f64.exp2() * LN_2,
            1.5f64.exp2() * LN_2 * LN_2,
        ),
        ("recip", |x| x.recip(), -2.0, -0.25, -0.25),
        ("3 / x", |x| 3.0 / x, 2.0, -0.75, 0.75),
        ("sinh", |x| x.sinh(), 0.8, 0.8f64.cosh(), 0.8f64.sinh()),
        ("cosh", |x| x.cosh(), 0.8, 0.8f64.sinh(), 0.8f64.cosh()),
        (
            "tanh small",
            |x| x.tanh(),
            0.5,
            sech2(0.5),
            -2.0 * 0.5f64.tanh() * sech2(0.5),
        ),
        (
            "tanh tail",
            |x| x.tanh(),
            3.0,
            sech2(3.0),
            -2.0 * 3f64.tanh() * sech2(3.0),
        ),
        (
            "tanh far tail",
            |x| x.tanh(),
            -25.0,
            sech2(25.0),
            2.0 * 25f64.tanh() * sech2(25.0),
        ),
        ("sigmoid 0", |x| x.sigmoid(), 0.0, 0.25, 0.0),
        (
            "sigmoid -2",
            |x| x.sigmoid(),
            -2.0,
            dsigmoid(-2.0),
            dsigmoid(-2.0) * (1.0 - 2.0 * sig(-2.0)),
        ),
        (
            "sigmoid 3",
            |x| x.sigmoid(),
            3.0,
            dsigmoid(3.0),
            dsigmoid(3.0) * (1.0 - 2.0 * sig(3.0)),
        ),
        // σ'' = e(e - 1)/(1 + e)³ with e = e^(-|x|) · sign: at x = 40, -e^-40 to first order
        ("sigmoid 40", |x| x.sigmoid(), 40.0, dsigmoid(40.0), {
            let e = (-40f64).exp();
            e * (e - 1.0) / (1.0 + e).powi(3)
        }),
        ("sigmoid -40", |x| x.sigmoid(), -40.0, dsigmoid(-40.0), {
            let e = (-40f64).exp();
            e * (1.0 - e) / (1.0 + e).powi(3)
        }),
        ("softplus 0", |x| x.softplus(), 0.0, 0.5, 0.25),
        (
            "softplus -1",
            |x| x.softplus(),
            -1.0,
            sig(-1.0),
            dsigmoid(-1.0),
        ),
        ("softplus 2", |x| x.softplus(), 2.0, sig(2.0), dsigmoid(2.0)),
        (
            "softplus -40",
            |x| x.softplus(),
            -40.0,
            sig(-40.0),
            dsigmoid(-40.0),
        ),
        (
            "softplus 40",
            |x| x.softplus(),
            40.0,
            sig(40.0),
            dsigmoid(40.0),
        ),
        ("relu 2", |x| x.relu(), 2.0, 1.0, 0.0),
        ("abs -2", |x| x.abs(), -2.0, -1.0, 0.0),
        (
            "x sin x",
            |x| x * x.sin(),
            1.1,
            1.1f64.sin() + 1.1 * 1.1f64.cos(),
            2.0 * 1.1f64.cos() - 1.1 * 1.1f64.sin(),
        ),
        (
            "exp(x)/x",
            |x| x.exp() / x,
            2.0,
            2f64.exp() / 4.0,
            2f64.exp() * (4.0 - 4.0 + 2.0) / 8.0,
        ),
    ];
    let mut bad = Vec::new();
    for (name, f, x, d1, d2) in table {
        let (_, g1, g2, inner) = second(f, x);
        if !close_or_exact(g1, d1, 1e-13)
            || !close_or_exact(inner, d1, 1e-13)
            || !close_or_exact(g2, d2, 1e-12)
        {
            bad.push(format!(
                "{name} at {x}: f' = {g1:e} (inner {inner:e}), f'' = {g2:e}; want {d1:e}, {d2:e}"
            ));
        }
    }
    report(&bad);
}

/// Hessian entries of two-argument functions, through `Dual<Dual<f64, 2>, 2>`.
fn hess(f: impl Fn(N2, N2) -> N2, x: f64, y: f64) -> ([f64; 2], [[f64; 2]; 2]) {
    let sx = Dual::new(
        Dual::variable(x, 0),
        [Dual::constant(1.0), Dual::constant(0.0)],
    );
    let sy = Dual::new(
        Dual::variable(y, 1),
        [Dual::constant(0.0), Dual::constant(1.0)],
    );
    let r = f(sx, sy);
    assert_eq!(r.re.eps[0], r.eps[0].re);
    assert_eq!(r.re.eps[1], r.eps[1].re);
    (
        [r.eps[0].re, r.eps[1].re],
        [
            [r.eps[0].eps[0], r.eps[0].eps[1]],
            [r.eps[1].eps[0], r.eps[1].eps[1]],
        ],
    )
}

#[test]
fn second_derivatives_of_two_argument_functions() {
    let check = |name: &str, (g, h): ([f64; 2], [[f64; 2]; 2]), wg: [f64; 2], wh: [[f64; 2]; 2]| {
        for i in 0..2 {
            assert!(
                close_or_exact(g[i], wg[i], 1e-14),
                "{name}: gradient {g:?}, want {wg:?}"
            );
            for j in 0..2 {
                assert!(
                    close_or_exact(h[i][j], wh[i][j], 1e-13),
                    "{name}: Hessian {h:?}, want {wh:?}"
                );
            }
        }
    };
    // hypot: h_xx = y²/h³, h_xy = -xy/h³, h_yy = x²/h³
    let (x, y) = (3.0, -4.0);
    let h3 = 125.0;
    check(
        "hypot",
        hess(|a, b| a.hypot(b), x, y),
        [0.6, -0.8],
        [[16.0 / h3, 12.0 / h3], [12.0 / h3, 9.0 / h3]],
    );
    // atan2(y, x) with (first, second) = (y, x)
    let (yy, xx) = (1.0, 2.0);
    let r4 = 25.0;
    check(
        "atan2",
        hess(|a, b| a.atan2(b), yy, xx),
        [0.4, -0.2],
        [
            [-2.0 * xx * yy / r4, (yy * yy - xx * xx) / r4],
            [(yy * yy - xx * xx) / r4, 2.0 * xx * yy / r4],
        ],
    );
    // a^b: f_aa = b(b-1)a^(b-2), f_ab = a^(b-1)(1 + b ln a), f_bb = a^b ln² a
    let (a, b) = (1.7, 2.3);
    let fab = a.powf(b - 1.0) * (1.0 + b * a.ln());
    let want = [
        [b * (b - 1.0) * a.powf(b - 2.0), fab],
        [fab, a.powf(b) * a.ln() * a.ln()],
    ];
    check(
        "pow",
        hess(|p, q| p.pow(q), a, b),
        [b * a.powf(b - 1.0), a.powf(b) * a.ln()],
        want,
    );
    check(
        "Float::powf",
        hess(Float::powf, a, b),
        [b * a.powf(b - 1.0), a.powf(b) * a.ln()],
        want,
    );
    // a / b: f_ab = -1/b², f_bb = 2a/b³
    check(
        "div",
        hess(|p, q| p / q, 3.0, 2.0),
        [0.5, -0.75],
        [[0.0, -0.25], [-0.25, 0.75]],
    );
    // a * b, a % b
    check(
        "mul",
        hess(|p, q| p * q, 3.0, 2.0),
        [2.0, 3.0],
        [[0.0, 1.0], [1.0, 0.0]],
    );
    check(
        "rem",
        hess(|p, q| p % q, 7.5, 2.0),
        [1.0, -3.0],
        [[0.0, 0.0], [0.0, 0.0]],
    );
    // log_b(a) = ln a / ln b, varying base
    let (p, q): (f64, f64) = (5.0, 3.0);
    let (la, lb) = (p.ln(), q.ln());
    check(
        "log",
        hess(Float::log, p, q),
        [1.0 / (p * lb), -la / (q * lb * lb)],
        [
            [-1.0 / (p * p * lb), -1.0 / (p * q * lb * lb)],
            [
                -1.0 / (p * q * lb * lb),
                la * (lb + 2.0) / (q * q * lb * lb * lb),
            ],
        ],
    );
}

// ----- plain constants with the nested duals of `hessian` ----------------------------------

/// f(x, y) = 100 x² y / 4 + (2 - x) y + 3 / x + (y - 0.5) + (1.5 + x) + 2 (x y)
///         = 25 x² y + 3 y - x y + 3/x + 1 + x + 2 x y
fn f64_case(v: &Vector2<Dual<Dual<f64, 2>, 2>>) -> Dual<Dual<f64, 2>, 2> {
    let (x, y) = (v[0], v[1]);
    (x * x * y) * 100.0 / 4.0 + (2.0 - x) * y + 3.0 / x + (y - 0.5) + (1.5 + x) + 2.0 * (x * y)
}

#[test]
fn f64_constants_with_nested_duals_give_the_hand_hessian() {
    for &(x, y) in &[(0.7, -1.3), (2.0, 0.5), (-1.1, 3.0)] {
        let (value, g, h) = hessian(f64_case, &Vector2::new(x, y));
        let expected_value = 25.0 * x * x * y + 3.0 * y - x * y + 3.0 / x + 1.0 + x + 2.0 * x * y;
        let fx = 50.0 * x * y - y - 3.0 / (x * x) + 1.0 + 2.0 * y;
        let fy = 25.0 * x * x + 3.0 - x + 2.0 * x;
        let fxx = 50.0 * y + 6.0 / (x * x * x);
        let fxy = 50.0 * x - 1.0 + 2.0;
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * (1.0 + b.abs());
        assert!(
            close(value, expected_value),
            "value {value} vs {expected_value}"
        );
        assert!(
            close(g[0], fx) && close(g[1], fy),
            "gradient {g} vs ({fx}, {fy})"
        );
        assert!(close(h[(0, 0)], fxx), "H_xx {} vs {fxx}", h[(0, 0)]);
        assert!(close(h[(0, 1)], fxy) && close(h[(1, 0)], fxy), "H_xy {h}");
        assert!(close(h[(1, 1)], 0.0), "H_yy {}", h[(1, 1)]);
    }
}

#[test]
fn f32_constants_with_nested_duals_give_the_hand_hessian() {
    // f = 3 x² - x / 2 + (1 - x) x ⇒ f' = 6x - 1/2 + 1 - 2x, f'' = 4
    let f = |v: &Vector2<Dual<Dual<f32, 2>, 2>>| {
        let x = v[0];
        3.0 * x * x - x / 2.0 + (1.0 - x) * x + (v[1] - 1.0)
    };
    let (_, g, h) = hessian(f, &Vector2::new(1.5_f32, 0.25));
    assert!((g[0] - (4.0 * 1.5 + 0.5)).abs() < 1e-5, "{g}");
    assert_eq!(g[1], 1.0);
    assert!((h[(0, 0)] - 4.0).abs() < 1e-5, "{h}");
    assert_eq!((h[(0, 1)], h[(1, 0)], h[(1, 1)]), (0.0, 0.0, 0.0));
}

/// `Real::mul_f64` written in generic code: f(x, y) = 2.5 x² y - 4 y + (x y)·0.5, so
/// f_x = 5 x y + y/2, f_y = 2.5 x² - 4 + x/2, f_xx = 5 y, f_xy = 5 x + 1/2, f_yy = 0.
fn scaled<S: dualnum::Real>(v: &Vector2<S>) -> S {
    let (x, y) = (v[0], v[1]);
    (x * x * y).mul_f64(2.5) - y.mul_f64(4.0) + (x * y).mul_f64(0.5)
}

#[test]
fn mul_f64_in_generic_code_gives_the_hand_hessian() {
    for &(x, y) in &[(0.7, -1.3), (2.0, 0.5), (-1.1, 3.0)] {
        let (value, g, h) = hessian(scaled, &Vector2::new(x, y));
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * (1.0 + b.abs());
        assert!(
            close(value, 2.5 * x * x * y - 4.0 * y + 0.5 * x * y),
            "value {value}"
        );
        assert!(close(g[0], 5.0 * x * y + 0.5 * y), "f_x {}", g[0]);
        assert!(close(g[1], 2.5 * x * x - 4.0 + 0.5 * x), "f_y {}", g[1]);
        assert!(close(h[(0, 0)], 5.0 * y), "f_xx {}", h[(0, 0)]);
        assert!(close(h[(0, 1)], 5.0 * x + 0.5), "f_xy {}", h[(0, 1)]);
        assert!(close(h[(1, 0)], 5.0 * x + 0.5), "f_yx {}", h[(1, 0)]);
        assert!(close(h[(1, 1)], 0.0), "f_yy {}", h[(1, 1)]);
        // On plain floats it is the product.
        assert_eq!(
            scaled(&Vector2::new(x, y)),
            (x * x * y) * 2.5 - y * 4.0 + (x * y) * 0.5
        );
    }
}

#[test]
fn mul_f64_multiplies_every_component_and_keeps_tangents_finite_at_an_infinite_value() {
    use dualnum::Real;
    let x = Dual::<f64, 2>::new(1.5, [2.0, -0.25]);
    let s = x.mul_f64(-4.0);
    assert_eq!((s.re, s.eps), (-6.0, [-8.0, 1.0]));
    // f32 rounds the constant first, as `literal` does.
    let x32 = Dual::<f32, 1>::new(3.0, [1.0]);
    let s32 = x32.mul_f64(0.1);
    assert_eq!((s32.re, s32.eps[0]), (3.0 * 0.1_f32, 0.1_f32));
    // d(c x) = c dx also where the value is infinite: a product with the constant dual
    // `literal(c)` would add `0 · inf = NaN` to the tangent.
    let inf = Dual::<f64, 1>::new(f64::INFINITY, [1.0]);
    assert_eq!(inf.mul_f64(2.0).eps, [2.0]);
    assert!((inf * Dual::literal(2.0)).eps[0].is_nan());
    // NaN and zero constants behave as f64 multiplication.
    assert!(x.mul_f64(f64::NAN).eps.iter().all(|e| e.is_nan()));
    assert_eq!(x.mul_f64(0.0).eps, [0.0, -0.0]);
}

// ================================================================================
// Through nalgebra's traits
// ================================================================================

/// Every `ComplexField`/`RealField` path (`common::functions::trait_paths`) on nested duals
/// at `TRAIT_POINTS`, `x` seeded at both levels: the value is `f64`'s bit for bit, both
/// first derivatives agree, and the second derivative agrees (1e-5) with Richardson
/// differences of the hand-written slope where the function looks smooth. (From
/// review_linalg.rs.)
#[test]
fn unary_methods_on_nested_duals_give_f64_values_and_second_derivatives() {
    for m in trait_paths::<D1, 1>() {
        for &x in &TRAIT_POINTS {
            // x seeded at both levels: re.eps = eps.re = f', eps.eps = f''
            let y = (m.call)(seed_n1(x));
            let want = (m.f64)(x);
            assert!(
                same(y.re.re, want),
                "nested {}({x:e}): value {:e} vs f64 {want:e}",
                m.name,
                y.re.re
            );
            if !m.formula_point(x) || !y.re.re.is_finite() {
                continue;
            }
            // both first derivatives agree (symmetry of the nesting)
            let (d1a, d1b) = (y.re.eps[0], y.eps[0].re);
            assert!(
                same(d1a, d1b) || (d1a == 0.0 && d1b == 0.0),
                "nested {}({x:e}): first derivatives {d1a:e} and {d1b:e}",
                m.name
            );
            // the second derivative: finite differences of the hand-written slope
            if let Some(second) = smooth_derivative(m.slope, x)
                && smooth_derivative(m.f64, x).is_some()
            {
                let got = y.eps[0].eps[0];
                assert!(
                    near(got, second, SECOND_BY_DIFFERENCES),
                    "nested {}({x:e}): second derivative {got:e} vs differences of the slope {second:e}",
                    m.name
                );
            }
        }
    }
}

/// Second derivatives through the traits at x = 0.7 against hand formulas (1e-12), both
/// first derivatives equal; constants and `from_subset` reach the inner level. (From the
/// unit tests of the old src/linalg.rs.)
#[test]
fn nested_duals_give_second_derivatives_through_the_traits() {
    type Case = (&'static str, fn(N1) -> N1, f64);
    // x seeded in both levels: eps[0].eps[0] is the second derivative
    let x = 0.7_f64;
    let cases: [Case; 6] = [
        ("sin", |v| nalgebra::ComplexField::sin(v), -x.sin()),
        ("exp", |v| nalgebra::ComplexField::exp(v), x.exp()),
        ("ln", |v| nalgebra::ComplexField::ln(v), -1.0 / (x * x)),
        (
            "sqrt",
            |v| nalgebra::ComplexField::sqrt(v),
            -0.25 * x.powf(-1.5),
        ),
        (
            "atan",
            |v| nalgebra::ComplexField::atan(v),
            -2.0 * x / (1.0 + x * x).powi(2),
        ),
        (
            "powf(x, x)",
            |v| nalgebra::ComplexField::powf(v, v),
            // (xˣ)'' = xˣ ((ln x + 1)² + 1/x)
            x.powf(x) * ((x.ln() + 1.0).powi(2) + 1.0 / x),
        ),
    ];
    for (name, f, want) in cases {
        let y = f(seed_n1(x));
        assert!(
            (y.eps[0].eps[0] - want).abs() < 1e-12 * (1.0 + want.abs()),
            "{name}'' = {} vs {want}",
            y.eps[0].eps[0]
        );
        assert_eq!(
            y.eps[0].re, y.re.eps[0],
            "{name}: both first derivatives agree"
        );
    }
    // constants and conversions reach the inner level
    let p: N1 = nalgebra::RealField::pi();
    assert_eq!(p.re.re, core::f64::consts::PI);
    assert!(p.re.has_zero_tangent() && dualnum::Real::is_exact_zero(&p.eps[0]));
    let two: N1 = N1::from_subset(&2.0_f64);
    assert!(two.identical(&N1::constant(Dual::constant(2.0))));
}

/// derivative.rs: "`T` may itself be a dual, so derivatives nest (a derivative of a
/// derivative)". Hand formulas: (x³)'' = 6x, (sin x)'' = -sin x. (From review_docs.rs.)
#[test]
fn derivative_nests_for_second_derivatives() {
    for x in [-1.5, 0.0, 0.7, 2.0] {
        // f(u) = u³ on duals of duals: the derivative's value is f'(x), its tangent f''(x)
        let (y, d) = derivative(|u: Dual<D1, 1>| u * u * u, D1::variable(x, 0));
        assert_eq!((y.re, y.eps[0]), (x * x * x, 3.0 * x * x));
        assert_eq!((d.re, d.eps[0]), (3.0 * x * x, 6.0 * x));
        let (_, s) = derivative(|u: Dual<D1, 1>| u.sin(), D1::variable(x, 0));
        assert!((s.re - x.cos()).abs() < 1e-15);
        assert!((s.eps[0] + x.sin()).abs() < 1e-15);
    }
}
