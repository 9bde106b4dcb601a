//! Scalar DERIVATIVES: the tangent of every one- and two-argument function of `Dual`
//! (`Dual<f64, 3>`, `Dual<f64, 1>`, `Dual<f32, 2>`, both levels of `Dual<Dual<f64, 1>, 1>`),
//! powers with plain and dual exponents, `%` with the exact quotient.
//!
//! Oracles: hand-derived formulas written in a form accurate at the point (e.g.
//! `(1 - x)(1 + x)` for `1 - x²` near 1, exact power-of-two scaling for tiny or huge
//! arguments), each case with its stated relative tolerance; Richardson-extrapolated
//! central differences (`common::oracles::richardson`) where the function is smooth; for
//! `%`, `trunc` of the exact quotient from the integer significands.

#![allow(clippy::type_complexity)]

use core::f64::consts::{FRAC_PI_2, LN_2, LN_10, PI};

use common::functions::{dsigmoid, sech2, sigmoid};
use common::oracles::richardson;
mod common;

use common::functions::{
    binary_named as row2, konst_n1, seed_d3, seed_f2, seed_n1, seed2_n1, unary_named as row,
};
use common::tolerance::{close_or_exact, report, same};
use dualnum::Dual;
use num_traits::{Float, Pow};

type D1 = Dual<f64, 1>;
type D3 = Dual<f64, 3>;
type F2 = Dual<f32, 2>;

// ================================================================================
// 2. DERIVATIVES of one-argument functions
// ================================================================================

/// A one-argument function: its hand-derived derivative, and the points to check it at.
struct Case {
    name: &'static str,
    d: fn(f64) -> f64,
    at: &'static [f64],
    /// relative tolerance of the hand formula, for f64
    tol: f64,
}

fn cases() -> Vec<Case> {
    const ONE_MINUS: f64 = 1.0 - f64::EPSILON / 2.0;
    const ONE_PLUS: f64 = 1.0 + f64::EPSILON;
    vec![
        Case {
            name: "exp",
            d: f64::exp,
            at: &[-700.0, -3.0, -1e-10, 0.0, 0.5, 3.0, 700.0],
            tol: 1e-15,
        },
        Case {
            name: "exp2",
            d: |x| x.exp2() * LN_2,
            at: &[-1000.0, -2.5, 0.0, 1.0, 3.3, 1000.0],
            tol: 1e-15,
        },
        Case {
            name: "exp_m1",
            d: f64::exp,
            at: &[-40.0, -1e-300, -1e-10, 0.0, 1e-10, 5e-324, 2.0, 700.0],
            tol: 1e-15,
        },
        Case {
            name: "ln",
            d: |x| 1.0 / x,
            at: &[1e-300, 0.3, 1.0, 7.0, 1e300],
            tol: 1e-15,
        },
        Case {
            name: "ln_1p",
            d: |x| 1.0 / (1.0 + x),
            at: &[-0.999, -1e-10, 0.0, 1e-10, 1e-300, 3.0, 1e300],
            tol: 1e-15,
        },
        Case {
            name: "log2",
            d: |x| 1.0 / x / LN_2,
            at: &[1e-300, 0.3, 1.0, 7.0, 1e300],
            tol: 1e-15,
        },
        Case {
            name: "log10",
            d: |x| 1.0 / x / LN_10,
            at: &[1e-300, 0.3, 1.0, 7.0, 1e300],
            tol: 1e-15,
        },
        Case {
            name: "sqrt",
            d: |x| 0.5 / x.sqrt(),
            at: &[1e-300, 5e-324, 0.25, 2.0, 1e300, f64::MAX],
            tol: 1e-15,
        },
        Case {
            name: "cbrt",
            d: |x| x.cbrt() / (3.0 * x),
            at: &[-27.0, -8.0, -1e-3, 1e-300, 0.125, 8.0, -1e300],
            tol: 1e-15,
        },
        Case {
            name: "recip",
            d: |x| -1.0 / (x * x),
            at: &[-3.0, -1e-100, 0.5, 7.0, 1e100],
            tol: 1e-15,
        },
        Case {
            name: "inv",
            d: |x| -1.0 / (x * x),
            at: &[-3.0, 0.5, 7.0],
            tol: 1e-15,
        },
        Case {
            name: "neg",
            d: |_| -1.0,
            at: &[-3.0, 0.0, 7.0],
            tol: 0.0,
        },
        Case {
            name: "sin",
            d: f64::cos,
            at: &[-4.0, -1.0, 0.0, 0.5, FRAC_PI_2, 3.0, 1e10],
            tol: 1e-15,
        },
        Case {
            name: "cos",
            d: |x| -x.sin(),
            at: &[-4.0, -1.0, 0.0, 0.5, PI, 3.0, 1e10],
            tol: 1e-15,
        },
        Case {
            name: "sin_cos.0",
            d: f64::cos,
            at: &[-1.0, 0.5, 3.0],
            tol: 1e-15,
        },
        Case {
            name: "sin_cos.1",
            d: |x| -x.sin(),
            at: &[-1.0, 0.5, 3.0],
            tol: 1e-15,
        },
        Case {
            name: "tan",
            d: |x| 1.0 / (x.cos() * x.cos()),
            at: &[-1.5, -0.3, 0.0, 0.7, FRAC_PI_2 - 1e-4, 4.0],
            tol: 1e-12,
        },
        Case {
            name: "asin",
            d: |x| 1.0 / ((1.0 - x) * (1.0 + x)).sqrt(),
            at: &[-ONE_MINUS, -0.999999, -0.5, 0.0, 0.5, 0.999999, ONE_MINUS],
            tol: 1e-15,
        },
        Case {
            name: "acos",
            d: |x| -1.0 / ((1.0 - x) * (1.0 + x)).sqrt(),
            at: &[-ONE_MINUS, -0.999999, -0.5, 0.0, 0.5, 0.999999, ONE_MINUS],
            tol: 1e-15,
        },
        Case {
            name: "atan",
            d: |x| 1.0 / (1.0 + x * x),
            at: &[-1e10, -1.0, 0.0, 0.5, 1e10, 1e150],
            tol: 1e-15,
        },
        Case {
            name: "sinh",
            d: f64::cosh,
            at: &[-700.0, -2.0, 0.0, 1e-10, 3.0, 700.0],
            tol: 1e-15,
        },
        Case {
            name: "cosh",
            d: f64::sinh,
            at: &[-700.0, -2.0, 0.0, 1e-10, 3.0, 700.0],
            tol: 1e-15,
        },
        Case {
            name: "tanh",
            d: sech2,
            // both sides of the |x| = 1 branch, the tails where tanh rounds to ±1
            at: &[
                -300.0, -30.0, -19.5, -5.0, -1.0000001, -1.0, -0.999, 0.0, 0.5, 1.0, 1.0000001,
                1.5, 5.0, 19.5, 30.0, 300.0,
            ],
            tol: 1e-14,
        },
        Case {
            name: "asinh",
            d: |x| {
                if x.abs() > 1.0 {
                    (1.0 / x.abs()) / (1.0 + 1.0 / (x * x)).sqrt()
                } else {
                    1.0 / (x * x + 1.0).sqrt()
                }
            },
            at: &[-1e300, -1e200, -3.0, -0.5, 0.0, 1e-300, 2.0, 1e10, 1e200],
            tol: 1e-15,
        },
        Case {
            name: "acosh",
            d: |x| {
                if x < 2.0 {
                    1.0 / ((x - 1.0) * (x + 1.0)).sqrt()
                } else {
                    (1.0 / x) / (1.0 - 1.0 / (x * x)).sqrt()
                }
            },
            at: &[ONE_PLUS, 1.0001, 1.5, 3.0, 1e10, 1e100],
            tol: 1e-15,
        },
        Case {
            name: "atanh",
            d: |x| 1.0 / ((1.0 - x) * (1.0 + x)),
            at: &[-ONE_MINUS, -0.5, 0.0, 1e-300, 0.5, 0.999999, ONE_MINUS],
            tol: 1e-15,
        },
        Case {
            name: "abs",
            d: f64::signum,
            at: &[-3.0, -1e-300, -5e-324, 5e-324, 2.0],
            tol: 0.0,
        },
        Case {
            name: "signum",
            d: |_| 0.0,
            at: &[-3.0, -0.0, 0.0, 2.0],
            tol: 0.0,
        },
        Case {
            name: "floor",
            d: |_| 0.0,
            at: &[-2.5, -2.0, -1.5, -0.5, 0.5, 2.0, 7.3],
            tol: 0.0,
        },
        Case {
            name: "ceil",
            d: |_| 0.0,
            at: &[-2.5, -2.0, -0.5, 0.5, 2.0, 7.3],
            tol: 0.0,
        },
        Case {
            name: "round",
            d: |_| 0.0,
            at: &[-2.5, -2.0, -0.5, 0.5, 2.0, 7.3],
            tol: 0.0,
        },
        Case {
            name: "trunc",
            d: |_| 0.0,
            at: &[-2.5, -2.0, -0.5, 0.5, 2.0, 7.3],
            tol: 0.0,
        },
        Case {
            name: "fract",
            d: |_| 1.0,
            at: &[-2.5, -2.0, -0.3, 0.3, 2.0, 5.75],
            tol: 0.0,
        },
        Case {
            name: "to_degrees",
            d: |_| 180.0 / PI,
            at: &[-2.0, 0.0, 1.0],
            tol: 1e-15,
        },
        Case {
            name: "to_radians",
            d: |_| PI / 180.0,
            at: &[-2.0, 0.0, 1.0],
            tol: 1e-15,
        },
        Case {
            name: "sigmoid",
            d: dsigmoid,
            at: &[-700.0, -40.0, -5.0, -1.0, -0.0, 0.0, 1.0, 5.0, 40.0, 700.0],
            tol: 1e-15,
        },
        Case {
            name: "softplus",
            d: sigmoid,
            at: &[-800.0, -40.0, -1.0, 0.0, 1.0, 40.0, 800.0],
            tol: 1e-15,
        },
        Case {
            name: "relu",
            d: |x| if x > 0.0 { 1.0 } else { 0.0 },
            at: &[-2.0, -1e-300, 1e-300, 3.0],
            tol: 0.0,
        },
        Case {
            name: "unit_step",
            d: |_| 0.0,
            at: &[-2.0, -0.0, 0.0, 3.0],
            tol: 0.0,
        },
    ]
}

#[test]
fn first_derivatives_against_hand_formulas() {
    let mut bad = Vec::new();
    for c in cases() {
        for &x in c.at {
            let want = (c.d)(x);
            // Dual<f64, 3> with tangent [1, 0, -2]
            let y = (row(c.name).inherent)(seed_d3(x));
            let tol = c.tol.max(2.0 * f64::EPSILON);
            if !close_or_exact(y.eps[0], want, tol) {
                bad.push(format!(
                    "{}'({x:?}) = {:?}, want {want:?}",
                    c.name, y.eps[0]
                ));
            }
            if y.eps[1] != 0.0
                || !(y.eps[2] == -2.0 * y.eps[0] || (y.eps[2].is_nan() && y.eps[0].is_nan()))
            {
                bad.push(format!(
                    "{}({x:?}) tangent {:?} not [d, 0, -2d]",
                    c.name, y.eps
                ));
            }
            // through Float, where the function is a Float method
            if row::<f64, 3>(c.name).float.is_some() {
                let t = (row(c.name).float.unwrap())(seed_d3(x));
                if !same(t.eps[0], y.eps[0]) {
                    bad.push(format!(
                        "{}'({x:?}): Float path {:?} vs inherent {:?}",
                        c.name, t.eps[0], y.eps[0]
                    ));
                }
            }
            // Dual<f64, 1>
            let y1 = (row(c.name).inherent)(D1::variable(x, 0));
            if !close_or_exact(y1.eps[0], want, tol) {
                bad.push(format!(
                    "D1 {}'({x:?}) = {:?}, want {want:?}",
                    c.name, y1.eps[0]
                ));
            }
            // nested: the first derivative at both levels
            let n = (row(c.name).inherent)(seed_n1(x));
            if !close_or_exact(n.eps[0].re, want, tol) || !close_or_exact(n.re.eps[0], want, tol) {
                bad.push(format!(
                    "nested {}'({x:?}) = outer {:?}, inner {:?}, want {want:?}",
                    c.name, n.eps[0].re, n.re.eps[0]
                ));
            }
            // f32 at the same point rounded to f32, vs the f64 formula there
            let x32 = x as f32;
            let want32 = (c.d)(x32 as f64);
            let in_range = want32 == 0.0 || (want32.abs() > 1e-36 && want32.abs() < 1e37);
            if x32.is_finite() && (x32 as f64 == x || x.abs() > 1e-30) && in_range {
                let f = (row(c.name).inherent)(seed_f2(x32));
                if !close_or_exact(f.eps[0] as f64, want32, 1e-5f64.max(c.tol)) || f.eps[1] != 0.0 {
                    bad.push(format!(
                        "f32 {}'({x32:?}) = {:?}, want {want32:?}",
                        c.name, f.eps
                    ));
                }
            }
        }
    }
    report(&bad);
}

#[test]
fn first_derivatives_against_central_differences() {
    // smooth points only, away from kinks, jumps and domain edges
    let table: &[(&str, &[f64])] = &[
        ("exp", &[-3.0, 0.4, 2.0]),
        ("exp2", &[-3.0, 0.4, 2.0]),
        ("exp_m1", &[-3.0, 1e-3, 2.0]),
        ("ln", &[0.3, 2.0, 50.0]),
        ("ln_1p", &[-0.5, 1e-3, 4.0]),
        ("log2", &[0.3, 2.0, 50.0]),
        ("log10", &[0.3, 2.0, 50.0]),
        ("sqrt", &[0.3, 2.0, 50.0]),
        ("cbrt", &[-8.0, -0.3, 0.3, 5.0]),
        ("recip", &[-3.0, 0.5, 4.0]),
        ("sin", &[-2.0, 0.1, 3.0]),
        ("cos", &[-2.0, 0.1, 3.0]),
        ("tan", &[-1.0, 0.1, 1.2]),
        ("asin", &[-0.9, 0.0, 0.6]),
        ("acos", &[-0.9, 0.0, 0.6]),
        ("atan", &[-5.0, 0.3, 2.0]),
        ("sinh", &[-3.0, 0.2, 2.0]),
        ("cosh", &[-3.0, 0.2, 2.0]),
        ("tanh", &[-3.0, -1.02, -0.98, 0.2, 0.98, 1.02, 2.0, 6.0]),
        ("asinh", &[-3.0, 0.2, 20.0]),
        ("acosh", &[1.3, 4.0, 20.0]),
        ("atanh", &[-0.9, 0.1, 0.7]),
        ("abs", &[-2.0, 3.0]),
        ("fract", &[-2.3, 0.4, 5.6]),
        ("floor", &[-2.3, 0.4, 5.6]),
        ("round", &[-2.3, 0.4, 5.6]),
        ("to_degrees", &[0.3]),
        ("to_radians", &[0.3]),
        ("sigmoid", &[-6.0, -1.0, 0.0, 0.5, 4.0]),
        ("softplus", &[-6.0, -1.0, 0.0, 0.5, 4.0]),
        ("relu", &[-2.0, 3.0]),
    ];
    let plain = |name: &str, x: f64| -> f64 {
        match name {
            "sigmoid" => sigmoid(x),
            "softplus" => x.exp().ln_1p(),
            "relu" => x.max(0.0),
            _ => (row::<f64, 1>(name).f64)(x),
        }
    };
    let mut bad = Vec::new();
    for &(name, at) in table {
        for &x in at {
            let h = 1e-3 * x.abs().max(0.1);
            let fd = richardson(|t| plain(name, t), x, h);
            let ad = (row(name).inherent)(D1::variable(x, 0)).eps[0];
            if (fd - ad).abs() > 1e-8 * ad.abs().max(1.0) {
                bad.push(format!("{name}'({x}) = {ad}, finite difference {fd}"));
            }
        }
    }
    report(&bad);
}

// ================================================================================
// 2b. DERIVATIVES of powers
// ================================================================================

#[test]
fn powf_with_a_plain_exponent() {
    // (x, n, n x^(n-1))
    let cases: &[(f64, f64, f64)] = &[
        (2.0, 3.0, 12.0),
        (-2.0, 3.0, 12.0),
        (-2.0, -3.0, -3.0 / 16.0),
        (-2.0, 2.0, -4.0),
        (-0.5, 4.0, -0.5),
        (0.3, 2.5, 2.5 * 0.3f64.powf(1.5)),
        (7.0, -0.5, -0.5 / (7.0f64.sqrt() * 7.0)),
        (1e-300, 0.5, 0.5e150),
        (0.0, 2.0, 0.0),
        (0.0, 1.0, 1.0),
        (0.0, 0.5, f64::INFINITY),
        (0.0, -1.0, f64::NEG_INFINITY),
        (-0.0, -2.0, f64::INFINITY), // x^-2 falls to the left of 0: slope -2 x^-3 -> +inf
        (5.0, 1.0, 1.0),
        (3.0, 0.0, 0.0),
    ];
    for &(x, n, want) in cases {
        for d in [
            seed_d3(x).powf(n),
            Float::powf(seed_d3(x), D3::constant(n)),
            seed_d3(x).pow(D3::constant(n)),
            Pow::pow(seed_d3(x), n),
        ] {
            assert!(same(d.re, x.powf(n)));
            assert!(
                close_or_exact(d.eps[0], want, 1e-15),
                "powf({x}, {n})' = {:?}, want {want}",
                d.eps[0]
            );
            assert_eq!(d.eps[1], 0.0, "powf({x}, {n}): a zero component stays zero");
        }
        if (x as f32) as f64 != x {
            continue;
        }
        let f = seed_f2(x as f32).powf(n as f32);
        assert!(
            close_or_exact(f.eps[0] as f64, want, 1e-6),
            "f32 powf({x}, {n})' = {:?}",
            f.eps[0]
        );
    }
}

#[test]
fn pow_with_a_dual_exponent() {
    // d(a^b) = b a^(b-1) da + a^b ln a db
    for &(a, b) in &[
        (2.0, 3.0),
        (0.5, -1.5),
        (3.7, 0.3),
        (1.0, 2.0),
        (10.0, -2.0),
    ] {
        let (x, y) = (D3::new(a, [1.0, 0.0, 0.0]), D3::new(b, [0.0, 1.0, 0.0]));
        for p in [x.pow(y), Float::powf(x, y), Pow::pow(x, y)] {
            assert!(same(p.re, a.powf(b)));
            assert!(close_or_exact(p.eps[0], b * a.powf(b - 1.0), 1e-15));
            assert!(close_or_exact(p.eps[1], a.powf(b) * a.ln(), 1e-15));
            assert_eq!(p.eps[2], 0.0);
        }
    }
    // zero base, positive exponent: the exponent slope is 0 (limit of a^b ln a)
    let p = D3::new(0.0, [1.0, 0.0, 0.0]).pow(D3::new(2.0, [0.0, 1.0, 0.0]));
    assert_eq!((p.re, p.eps), (0.0, [0.0, 0.0, 0.0]));
    // negative base, varying exponent: NaN in db only
    let p = D3::new(-2.0, [1.0, 0.0, 0.0]).pow(D3::new(3.0, [0.0, 1.0, 0.0]));
    assert_eq!(p.re, -8.0);
    assert_eq!(p.eps[0], 12.0);
    assert!(p.eps[1].is_nan());
    assert_eq!(p.eps[2], 0.0);
}

#[test]
fn powi_derivatives_including_extreme_exponents() {
    // n x^(n-1), the power written with powf (correctly rounded) or exp/ln_1p
    let cases: &[(f64, i32)] = &[
        (2.0, 1),
        (2.0, 3),
        (-2.0, 3),
        (-2.0, -3),
        (-2.0, -4),
        (0.5, -1022),
        (-0.5, 7),
        (1.0001, 10000),
        (0.9999, -10000),
        (1.0, i32::MAX),
        (-1.0, i32::MAX),
        (1.0, i32::MIN),
        (-1.0, i32::MIN),
        (-1.0, i32::MIN + 1),
        (1.0 + 1e-12, i32::MIN),
        (-(1.0 + 1e-12), i32::MIN),
        (0.0, 2),
        (0.0, 1),
        (-0.0, -1),
        (0.0, -2),
    ];
    for &(x, n) in cases {
        let want = n as f64 * x.powf(n as f64 - 1.0);
        let d = seed_d3(x).powi(n);
        assert!(same(d.re, x.powi(n)), "powi({x}, {n})");
        assert!(
            close_or_exact(d.eps[0], want, 1e-9),
            "powi({x}, {n})' = {:?}, want {want:?}",
            d.eps[0]
        );
        assert_eq!(d.eps[1], 0.0);
        assert!(same(Float::powi(seed_d3(x), n).eps[0], d.eps[0]));
        assert!(same(Pow::pow(seed_d3(x), n).eps[0], d.eps[0]));
        let nested = seed_n1(x).powi(n);
        assert!(
            close_or_exact(nested.eps[0].re, want, 1e-9)
                && close_or_exact(nested.re.eps[0], want, 1e-9)
        );
    }
}

/// `powi(x, i32::MIN)` for `Dual<f32, _>` at `x = -1`: the slope is `n x^(n-1)` with
/// `n - 1` odd, so `+2^31`. The f64 path gets it right.
#[test]
fn powi_i32_min_at_minus_one_in_f32() {
    let want = 2147483648.0;
    assert_eq!(D1::variable(-1.0, 0).powi(i32::MIN).eps[0], want);
    let f = seed_f2(-1.0).powi(i32::MIN);
    assert_eq!(f.re, 1.0);
    assert_eq!(
        f.eps[0], want as f32,
        "f32 powi(-1, i32::MIN)' = {}",
        f.eps[0]
    );
    // and at 1 and -0 (x^(n-1) = (-0)^odd negative = -inf)
    assert_eq!(seed_f2(1.0).powi(i32::MIN).eps[0], -want as f32);
    assert_eq!(seed_f2(-0.0).powi(i32::MIN).eps[0], f32::INFINITY);
    assert_eq!(seed_d3(-0.0).powi(i32::MIN).eps[0], f64::INFINITY);
}

// ================================================================================
// 2c. DERIVATIVES of two-argument functions
// ================================================================================

/// `2^k`, exact for |k| <= 1023.
fn pow2(k: i32) -> f64 {
    2f64.powi(k)
}

#[test]
fn hypot_slopes_for_ordinary_huge_and_tiny_arguments() {
    // slopes (a/h, b/h), computed on arguments scaled by a power of two so that
    // neither the squares nor the quotients under- or overflow
    let cases: &[(f64, f64, i32)] = &[
        (3.0, 4.0, 0),
        (-3.0, 4.0, 0),
        (3.0, -4.0, 0),
        (0.0, 5.0, 0),
        (-2.0, 0.0, 0),
        (3e300, 4e300, -1000),
        (1e308, 1e308, -1000),
        (3e-300, -4e-300, 1000),
        (3e-320, 4e-320, 1000),
        (5e-324, 5e-324, 1000),
        (1e-323, -5e-324, 1000),
        (1e-310, 1e-300, 1000),
        (1e300, 1e-300, -1000),
    ];
    for &(a, b, k) in cases {
        let (sa, sb) = (a * pow2(k), b * pow2(k));
        let h = sa.hypot(sb);
        let (wa, wb) = (sa / h, sb / h);
        let d = D3::new(a, [1.0, 0.0, 0.0]).hypot(D3::new(b, [0.0, 1.0, 0.0]));
        assert!(same(d.re, a.hypot(b)));
        assert!(
            close_or_exact(d.eps[0], wa, 1e-15)
                && close_or_exact(d.eps[1], wb, 1e-15)
                && d.eps[2] == 0.0,
            "hypot({a:e}, {b:e}) slopes {:?}, want ({wa}, {wb})",
            d.eps
        );
        let t = Float::hypot(D3::new(a, [1.0, 0.0, 0.0]), D3::new(b, [0.0, 1.0, 0.0]));
        assert!(same(t.eps[0], d.eps[0]) && same(t.eps[1], d.eps[1]));
    }
    // f32, tiny: the subnormal range of f32
    let (a, b) = (f32::from_bits(1), f32::from_bits(1));
    let d = F2::new(a, [1.0, 0.0]).hypot(F2::new(b, [0.0, 1.0]));
    let r = core::f32::consts::FRAC_1_SQRT_2;
    assert!(
        (d.eps[0] - r).abs() < 1e-6 && (d.eps[1] - r).abs() < 1e-6,
        "{:?}",
        d.eps
    );
}

#[test]
fn atan2_slopes_in_every_quadrant_and_on_the_axes() {
    // d atan2(y, x) = (x dy - y dx) / (x² + y²), on a power-of-two-scaled copy
    let pts: &[(f64, f64)] = &[
        (1.0, 1.0),
        (1.0, -1.0),
        (-1.0, 1.0),
        (-1.0, -1.0),
        (0.5, -2.0),
        (-3.0, 0.25),
        (0.0, 1.0),
        (-0.0, 1.0),
        (0.0, -1.0),
        (-0.0, -1.0),
        (1.0, 0.0),
        (-1.0, 0.0),
        (1.0, -0.0),
        (3e200, -4e200),
        (-3e-200, 4e-200),
        (1e-300, 1.0),
        (1.0, 1e300),
    ];
    for &(y, x) in pts {
        let k = -(y.abs().max(x.abs()).log2().round() as i32);
        let (ys, xs) = (y * pow2(k), x * pow2(k));
        let r2 = xs * xs + ys * ys;
        let (wy, wx) = (xs / r2 * pow2(k), -ys / r2 * pow2(k));
        let d = D3::new(y, [1.0, 0.0, 0.0]).atan2(D3::new(x, [0.0, 1.0, 0.0]));
        assert!(same(d.re, y.atan2(x)), "atan2({y}, {x}) value");
        assert!(
            close_or_exact(d.eps[0], wy, 1e-15)
                && close_or_exact(d.eps[1], wx, 1e-15)
                && d.eps[2] == 0.0,
            "atan2({y:e}, {x:e}) slopes {:?}, want ({wy:e}, {wx:e})",
            d.eps
        );
        // central differences at the ordinary ones
        if y.abs() > 0.1 && x.abs() > 0.1 && y.abs() < 10.0 && x.abs() < 10.0 {
            let fy = richardson(|t| t.atan2(x), y, 1e-3);
            let fx = richardson(|t| y.atan2(t), x, 1e-3);
            assert!((fy - d.eps[0]).abs() < 1e-9 && (fx - d.eps[1]).abs() < 1e-9);
        }
    }
}

#[test]
fn max_min_copysign_abs_sub_clamp_tangents() {
    let a = |v: f64| D3::new(v, [1.0, 0.0, 0.0]);
    let b = |v: f64| D3::new(v, [0.0, 1.0, 0.0]);
    let c = |v: f64| D3::new(v, [0.0, 0.0, 1.0]);
    // max / min pick the tangent of the winner; a tie averages
    assert_eq!(a(2.0).max(b(1.0)).eps, [1.0, 0.0, 0.0]);
    assert_eq!(a(1.0).max(b(2.0)).eps, [0.0, 1.0, 0.0]);
    assert_eq!(a(2.0).min(b(1.0)).eps, [0.0, 1.0, 0.0]);
    assert_eq!(Float::min(a(1.0), b(2.0)).eps, [1.0, 0.0, 0.0]);
    assert_eq!(Float::max(a(1.0), b(1.0)).eps, [0.5, 0.5, 0.0]);
    assert_eq!(a(f64::NAN).max(b(1.0)).eps, [0.0, 1.0, 0.0]);
    assert_eq!(a(1.0).min(b(f64::NAN)).eps, [1.0, 0.0, 0.0]);
    // copysign(x, s) = ±|x|: tangent sign(x) sign(s) dx, ds never enters
    for &(x, s) in &[
        (2.0, 1.0),
        (2.0, -1.0),
        (-2.0, 1.0),
        (-2.0, -3.0),
        (2.0, -0.0),
        (-2.0, f64::NAN),
    ] {
        let d = Float::copysign(a(x), b(s));
        assert!(same(d.re, x.copysign(s)));
        let sign_s = if s.is_sign_negative() { -1.0 } else { 1.0 };
        assert_eq!(d.eps, [x.signum() * sign_s, 0.0, 0.0], "copysign({x}, {s})");
    }
    // abs_sub(x, y) = max(x - y, 0)
    assert_eq!(Float::abs_sub(a(5.0), b(2.0)).eps, [1.0, -1.0, 0.0]);
    assert_eq!(Float::abs_sub(a(1.0), b(2.0)).eps, [0.0, 0.0, 0.0]);
    assert_eq!(Float::abs_sub(a(2.0), b(2.0)).eps, [0.5, -0.5, 0.0]);
    // clamp: x inside -> dx, below -> dlo, above -> dhi, at a bound -> average
    assert_eq!(a(0.5).clamp(b(0.0), c(1.0)).eps, [1.0, 0.0, 0.0]);
    assert_eq!(a(-0.5).clamp(b(0.0), c(1.0)).eps, [0.0, 1.0, 0.0]);
    assert_eq!(Float::clamp(a(1.5), b(0.0), c(1.0)).eps, [0.0, 0.0, 1.0]);
    assert_eq!(a(1.0).clamp(b(0.0), c(1.0)).eps, [0.5, 0.0, 0.5]);
    assert_eq!(a(0.0).clamp(b(0.0), c(1.0)).eps, [0.5, 0.5, 0.0]);
    // never panics: lo > hi gives hi, a NaN bound is ignored
    let d = a(0.5).clamp(b(2.0), c(1.0));
    assert_eq!((d.re, d.eps), (1.0, [0.0, 0.0, 1.0]));
    let d = a(0.5).clamp(b(f64::NAN), c(f64::NAN));
    assert_eq!((d.re, d.eps), (0.5, [1.0, 0.0, 0.0]));
    assert!(a(f64::NAN).clamp(b(0.0), c(1.0)).re.is_nan());
}

#[test]
fn log_with_plain_and_dual_base() {
    for &(x, base) in &[(8.0, 2.0), (0.3, 10.0), (5.0, 0.5), (1e300, 3.0)] {
        // plain (or constant) base: 1/(x ln b)
        let want = 1.0 / x / base.ln();
        for d in [
            seed_d3(x).log(base),
            Float::log(seed_d3(x), D3::constant(base)),
        ] {
            assert!(same(d.re, x.log(base)));
            assert!(
                close_or_exact(d.eps[0], want, 1e-15),
                "log_{base}({x})' = {}",
                d.eps[0]
            );
        }
        // varying base: d(ln x / ln b) = dx/(x ln b) - ln x db / (b ln² b)
        let d = Float::log(D3::new(x, [1.0, 0.0, 0.0]), D3::new(base, [0.0, 1.0, 0.0]));
        assert!(same(d.re, x.log(base)));
        assert!(close_or_exact(d.eps[0], want, 1e-15));
        let wb = -x.ln() / (base * base.ln() * base.ln());
        assert!(
            close_or_exact(d.eps[1], wb, 1e-14),
            "d/db log_b x = {}, want {wb}",
            d.eps[1]
        );
        let fd = richardson(|t| x.log(t), base, 1e-4 * base);
        assert!((fd - d.eps[1]).abs() < 1e-8 * wb.abs().max(1.0));
    }
}

#[test]
fn mul_add_tangent() {
    // d(x a + b) = a dx + x da + db
    let (x, a, b) = (
        D3::new(1.5, [1.0, 0.0, 0.0]),
        D3::new(-2.0, [0.0, 1.0, 0.0]),
        D3::new(0.25, [0.0, 0.0, 1.0]),
    );
    let d = x.mul_add(a, b);
    assert_eq!(
        (d.re, d.eps),
        (1.5f64.mul_add(-2.0, 0.25), [-2.0, 1.5, 1.0])
    );
    let n = seed_n1(3.0);
    // x * x + 1: value 10, first 6, second 2
    let m = n.mul_add(n, konst_n1(1.0));
    assert_eq!(
        (m.re.re, m.eps[0].re, m.re.eps[0], m.eps[0].eps[0]),
        (10.0, 6.0, 6.0, 2.0)
    );
}

// ================================================================================
// `%`, with k = trunc(a/b) of the EXACT quotient
// ================================================================================

/// `x = m 2^e` with `m` an integer (x finite, >= 0).
fn decompose(x: f64) -> (u128, i32) {
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i32;
    let m = (bits & ((1u64 << 52) - 1)) as u128;
    if e == 0 {
        (m, -1074)
    } else {
        (m | (1 << 52), e - 1075)
    }
}

/// `trunc(a / b)` of the exact real quotient of two finite nonzero floats with |a/b| < 2^60.
fn exact_trunc_quotient(a: f64, b: f64) -> f64 {
    let ((ma, ea), (mb, eb)) = (decompose(a.abs()), decompose(b.abs()));
    let d = ea - eb;
    let q = if d >= 0 {
        (ma << d) / mb
    } else if -d < 70 {
        ma / (mb << -d)
    } else {
        0
    };
    let sign = if (a < 0.0) != (b < 0.0) { -1.0 } else { 1.0 };
    sign * q as f64
}

#[test]
fn remainder_tangents_with_the_exact_quotient() {
    let pairs: &[(f64, f64)] = &[
        (1.0, 0.1), // 1/0.1 rounds to 10, the exact quotient is just below: k = 9
        (0.3, 0.1), // k = 2
        (0.7, 0.1), // k = 6
        (0.5, 0.1), // k = 4
        (-1.0, 0.1),
        (1.0, -0.1),
        (7.5, 2.0),
        (-7.5, 2.0),
        (6.0, 3.0), // an exact integer quotient, remainder 0
        (-6.0, 3.0),
        (5.0, 0.7),
        (4503599627370497.0, 3.0),
        (1e15 + 0.5, 7.0),
        (0.25, 3.0), // k = 0
        (-2.5, 1.0),
        (1e-300, 3e-301),
        (5e-324 * 7.0, 5e-324 * 2.0),
    ];
    for &(a, b) in pairs {
        let k = exact_trunc_quotient(a, b);
        assert!(
            same(a - k * b, a % b) || (a - k * b - a % b).abs() <= f64::EPSILON * a.abs(),
            "oracle k for {a} % {b}"
        );
        let (x, y) = (D3::new(a, [1.0, 0.0, 2.0]), D3::new(b, [0.0, 1.0, 3.0]));
        let forms = [
            ("x % y", x % y, [1.0, -k, 2.0 - 3.0 * k]),
            (
                "Float %",
                (row2("rem").float.unwrap_or(row2("rem").inherent))(x, y),
                [1.0, -k, 2.0 - 3.0 * k],
            ),
            ("x % b", x % b, [1.0, 0.0, 2.0]),
            ("a % y", a % y, [0.0, -k, -3.0 * k]),
            (
                "x %= y",
                {
                    let mut z = x;
                    z %= y;
                    z
                },
                [1.0, -k, 2.0 - 3.0 * k],
            ),
            (
                "x %= b",
                {
                    let mut z = x;
                    z %= b;
                    z
                },
                [1.0, 0.0, 2.0],
            ),
        ];
        for (what, d, want) in forms {
            assert!(same(d.re, a % b), "{what} value at ({a}, {b})");
            assert_eq!(d.eps, want, "{what} at ({a}, {b}), k = {k}");
        }
        // f32
        let (a32, b32) = (a as f32, b as f32);
        if a32.is_finite() && b32 != 0.0 && b32.is_normal() && a32.is_normal() {
            let k32 = exact_trunc_quotient(a32 as f64, b32 as f64) as f32;
            let f = F2::new(a32, [1.0, 0.0]) % F2::new(b32, [0.0, 1.0]);
            assert!(same(f.re, a32 % b32));
            assert_eq!(f.eps, [1.0, -k32], "f32 {a32} % {b32}");
            assert_eq!((a32 % F2::new(b32, [0.0, 1.0])).eps, [0.0, -k32]);
        }
        // nested: x % y with x, y varying at both levels: second derivatives 0
        let n = seed_n1(a) % seed2_n1(b);
        assert!(same(n.re.re, a % b));
        assert_eq!(n.eps[0].re, 1.0 - 0.5 * k);
        assert_eq!(n.eps[0].eps[0], 0.0);
    }
}
