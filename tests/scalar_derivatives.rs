//! Scalar DERIVATIVES: the tangent of every one- and two-argument function of `Dual`
//! (`Dual<f64, 3>`, `Dual<f64, 1>`, `Dual<f32, 2>`, both levels of `Dual<Dual<f64, 1>, 1>`),
//! powers with plain and dual exponents, `%` with the exact quotient; every
//! `ComplexField`/`RealField` method (the table's trait paths and
//! `common::functions::trait_only`): value, zero-tangent guard, formula and differences;
//! `tanh`'s slope beyond the point where `tanh` rounds to 1.
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
    Id, Id2, binary_row as row2, konst_n1, seed_d3, seed_f2, seed_n1, seed2_n1, unary_row as row,
};
use common::functions::{ternary, trait_paths, trait_paths2};
use common::grids::{
    METHOD_PAIR_POINTS, METHOD_POINTS, MUL_ADD_POINTS, TRAIT_PAIR_POINTS, TRAIT_POINTS,
};
use common::oracles::{Differences, differences_at, smooth_derivative};
use common::tolerance::{CENTRAL_DIFFERENCE, HAND_FORMULA, close_or_exact, near, report, same};
use dualnum::Dual;
use num_traits::{Float, Pow};

type D1 = Dual<f64, 1>;
type D2 = Dual<f64, 2>;
type D3 = Dual<f64, 3>;
type F2 = Dual<f32, 2>;

// ================================================================================
// 2. DERIVATIVES of one-argument functions
// ================================================================================

/// A one-argument function: its hand-derived derivative, and the points to check it at.
struct Case {
    id: Id,
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
            id: Id::exp,
            d: f64::exp,
            at: &[-700.0, -3.0, -1e-10, 0.0, 0.5, 3.0, 700.0],
            tol: 1e-15,
        },
        Case {
            id: Id::exp2,
            d: |x| x.exp2() * LN_2,
            at: &[-1000.0, -2.5, 0.0, 1.0, 3.3, 1000.0],
            tol: 1e-15,
        },
        Case {
            id: Id::exp_m1,
            d: f64::exp,
            at: &[-40.0, -1e-300, -1e-10, 0.0, 1e-10, 5e-324, 2.0, 700.0],
            tol: 1e-15,
        },
        Case {
            id: Id::ln,
            d: |x| 1.0 / x,
            at: &[1e-300, 0.3, 1.0, 7.0, 1e300],
            tol: 1e-15,
        },
        Case {
            id: Id::ln_1p,
            d: |x| 1.0 / (1.0 + x),
            at: &[-0.999, -1e-10, 0.0, 1e-10, 1e-300, 3.0, 1e300],
            tol: 1e-15,
        },
        Case {
            id: Id::log2,
            d: |x| 1.0 / x / LN_2,
            at: &[1e-300, 0.3, 1.0, 7.0, 1e300],
            tol: 1e-15,
        },
        Case {
            id: Id::log10,
            d: |x| 1.0 / x / LN_10,
            at: &[1e-300, 0.3, 1.0, 7.0, 1e300],
            tol: 1e-15,
        },
        Case {
            id: Id::sqrt,
            d: |x| 0.5 / x.sqrt(),
            at: &[1e-300, 5e-324, 0.25, 2.0, 1e300, f64::MAX],
            tol: 1e-15,
        },
        Case {
            id: Id::cbrt,
            d: |x| x.cbrt() / (3.0 * x),
            at: &[-27.0, -8.0, -1e-3, 1e-300, 0.125, 8.0, -1e300],
            tol: 1e-15,
        },
        Case {
            id: Id::recip,
            d: |x| -1.0 / (x * x),
            at: &[-3.0, -1e-100, 0.5, 7.0, 1e100],
            tol: 1e-15,
        },
        Case {
            id: Id::inv,
            d: |x| -1.0 / (x * x),
            at: &[-3.0, 0.5, 7.0],
            tol: 1e-15,
        },
        Case {
            id: Id::neg,
            d: |_| -1.0,
            at: &[-3.0, 0.0, 7.0],
            tol: 0.0,
        },
        Case {
            id: Id::sin,
            d: f64::cos,
            at: &[-4.0, -1.0, 0.0, 0.5, FRAC_PI_2, 3.0, 1e10],
            tol: 1e-15,
        },
        Case {
            id: Id::cos,
            d: |x| -x.sin(),
            at: &[-4.0, -1.0, 0.0, 0.5, PI, 3.0, 1e10],
            tol: 1e-15,
        },
        Case {
            id: Id::sin_cos_0,
            d: f64::cos,
            at: &[-1.0, 0.5, 3.0],
            tol: 1e-15,
        },
        Case {
            id: Id::sin_cos_1,
            d: |x| -x.sin(),
            at: &[-1.0, 0.5, 3.0],
            tol: 1e-15,
        },
        Case {
            id: Id::tan,
            d: |x| 1.0 / (x.cos() * x.cos()),
            at: &[-1.5, -0.3, 0.0, 0.7, FRAC_PI_2 - 1e-4, 4.0],
            tol: 1e-12,
        },
        Case {
            id: Id::asin,
            d: |x| 1.0 / ((1.0 - x) * (1.0 + x)).sqrt(),
            at: &[-ONE_MINUS, -0.999999, -0.5, 0.0, 0.5, 0.999999, ONE_MINUS],
            tol: 1e-15,
        },
        Case {
            id: Id::acos,
            d: |x| -1.0 / ((1.0 - x) * (1.0 + x)).sqrt(),
            at: &[-ONE_MINUS, -0.999999, -0.5, 0.0, 0.5, 0.999999, ONE_MINUS],
            tol: 1e-15,
        },
        Case {
            id: Id::atan,
            d: |x| 1.0 / (1.0 + x * x),
            at: &[-1e10, -1.0, 0.0, 0.5, 1e10, 1e150],
            tol: 1e-15,
        },
        Case {
            id: Id::sinh,
            d: f64::cosh,
            at: &[-700.0, -2.0, 0.0, 1e-10, 3.0, 700.0],
            tol: 1e-15,
        },
        Case {
            id: Id::cosh,
            d: f64::sinh,
            at: &[-700.0, -2.0, 0.0, 1e-10, 3.0, 700.0],
            tol: 1e-15,
        },
        Case {
            id: Id::tanh,
            d: sech2,
            // both sides of the |x| = 1 branch, the tails where tanh rounds to ±1
            at: &[
                -300.0, -30.0, -19.5, -5.0, -1.0000001, -1.0, -0.999, 0.0, 0.5, 1.0, 1.0000001,
                1.5, 5.0, 19.5, 30.0, 300.0,
            ],
            tol: 1e-14,
        },
        Case {
            id: Id::asinh,
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
            id: Id::acosh,
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
            id: Id::atanh,
            d: |x| 1.0 / ((1.0 - x) * (1.0 + x)),
            at: &[-ONE_MINUS, -0.5, 0.0, 1e-300, 0.5, 0.999999, ONE_MINUS],
            tol: 1e-15,
        },
        Case {
            id: Id::abs,
            d: f64::signum,
            at: &[-3.0, -1e-300, -5e-324, 5e-324, 2.0],
            tol: 0.0,
        },
        Case {
            id: Id::signum,
            d: |_| 0.0,
            at: &[-3.0, -0.0, 0.0, 2.0],
            tol: 0.0,
        },
        Case {
            id: Id::floor,
            d: |_| 0.0,
            at: &[-2.5, -2.0, -1.5, -0.5, 0.5, 2.0, 7.3],
            tol: 0.0,
        },
        Case {
            id: Id::ceil,
            d: |_| 0.0,
            at: &[-2.5, -2.0, -0.5, 0.5, 2.0, 7.3],
            tol: 0.0,
        },
        Case {
            id: Id::round,
            d: |_| 0.0,
            at: &[-2.5, -2.0, -0.5, 0.5, 2.0, 7.3],
            tol: 0.0,
        },
        Case {
            id: Id::trunc,
            d: |_| 0.0,
            at: &[-2.5, -2.0, -0.5, 0.5, 2.0, 7.3],
            tol: 0.0,
        },
        Case {
            id: Id::fract,
            d: |_| 1.0,
            at: &[-2.5, -2.0, -0.3, 0.3, 2.0, 5.75],
            tol: 0.0,
        },
        Case {
            id: Id::to_degrees,
            d: |_| 180.0 / PI,
            at: &[-2.0, 0.0, 1.0],
            tol: 1e-15,
        },
        Case {
            id: Id::to_radians,
            d: |_| PI / 180.0,
            at: &[-2.0, 0.0, 1.0],
            tol: 1e-15,
        },
        Case {
            id: Id::sigmoid,
            d: dsigmoid,
            at: &[-700.0, -40.0, -5.0, -1.0, -0.0, 0.0, 1.0, 5.0, 40.0, 700.0],
            tol: 1e-15,
        },
        Case {
            id: Id::softplus,
            d: sigmoid,
            at: &[-800.0, -40.0, -1.0, 0.0, 1.0, 40.0, 800.0],
            tol: 1e-15,
        },
        Case {
            id: Id::relu,
            d: |x| if x > 0.0 { 1.0 } else { 0.0 },
            at: &[-2.0, -1e-300, 1e-300, 3.0],
            tol: 0.0,
        },
        Case {
            id: Id::unit_step,
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
        let name = format!("{:?}", c.id);
        for &x in c.at {
            let want = (c.d)(x);
            // Dual<f64, 3> with tangent [1, 0, -2]
            let y = (row(c.id).inherent)(seed_d3(x));
            let tol = c.tol.max(2.0 * f64::EPSILON);
            if !close_or_exact(y.eps[0], want, tol) {
                bad.push(format!("{}'({x:?}) = {:?}, want {want:?}", name, y.eps[0]));
            }
            if y.eps[1] != 0.0
                || !(y.eps[2] == -2.0 * y.eps[0] || (y.eps[2].is_nan() && y.eps[0].is_nan()))
            {
                bad.push(format!(
                    "{}({x:?}) tangent {:?} not [d, 0, -2d]",
                    name, y.eps
                ));
            }
            // through Float, where the function is a Float method
            if row::<f64, 3>(c.id).float.is_some() {
                let t = (row(c.id).float.unwrap())(seed_d3(x));
                if !same(t.eps[0], y.eps[0]) {
                    bad.push(format!(
                        "{}'({x:?}): Float path {:?} vs inherent {:?}",
                        name, t.eps[0], y.eps[0]
                    ));
                }
            }
            // Dual<f64, 1>
            let y1 = (row(c.id).inherent)(D1::variable(x, 0));
            if !close_or_exact(y1.eps[0], want, tol) {
                bad.push(format!(
                    "D1 {}'({x:?}) = {:?}, want {want:?}",
                    name, y1.eps[0]
                ));
            }
            // nested: the first derivative at both levels
            let n = (row(c.id).inherent)(seed_n1(x));
            if !close_or_exact(n.eps[0].re, want, tol) || !close_or_exact(n.re.eps[0], want, tol) {
                bad.push(format!(
                    "nested {}'({x:?}) = outer {:?}, inner {:?}, want {want:?}",
                    name, n.eps[0].re, n.re.eps[0]
                ));
            }
            // f32 at the same point rounded to f32, vs the f64 formula there
            let x32 = x as f32;
            let want32 = (c.d)(x32 as f64);
            let in_range = want32 == 0.0 || (want32.abs() > 1e-36 && want32.abs() < 1e37);
            if x32.is_finite() && (x32 as f64 == x || x.abs() > 1e-30) && in_range {
                let f = (row(c.id).inherent)(seed_f2(x32));
                if !close_or_exact(f.eps[0] as f64, want32, 1e-5f64.max(c.tol)) || f.eps[1] != 0.0 {
                    bad.push(format!(
                        "f32 {}'({x32:?}) = {:?}, want {want32:?}",
                        name, f.eps
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
    let table: &[(Id, &[f64])] = &[
        (Id::exp, &[-3.0, 0.4, 2.0]),
        (Id::exp2, &[-3.0, 0.4, 2.0]),
        (Id::exp_m1, &[-3.0, 1e-3, 2.0]),
        (Id::ln, &[0.3, 2.0, 50.0]),
        (Id::ln_1p, &[-0.5, 1e-3, 4.0]),
        (Id::log2, &[0.3, 2.0, 50.0]),
        (Id::log10, &[0.3, 2.0, 50.0]),
        (Id::sqrt, &[0.3, 2.0, 50.0]),
        (Id::cbrt, &[-8.0, -0.3, 0.3, 5.0]),
        (Id::recip, &[-3.0, 0.5, 4.0]),
        (Id::sin, &[-2.0, 0.1, 3.0]),
        (Id::cos, &[-2.0, 0.1, 3.0]),
        (Id::tan, &[-1.0, 0.1, 1.2]),
        (Id::asin, &[-0.9, 0.0, 0.6]),
        (Id::acos, &[-0.9, 0.0, 0.6]),
        (Id::atan, &[-5.0, 0.3, 2.0]),
        (Id::sinh, &[-3.0, 0.2, 2.0]),
        (Id::cosh, &[-3.0, 0.2, 2.0]),
        (Id::tanh, &[-3.0, -1.02, -0.98, 0.2, 0.98, 1.02, 2.0, 6.0]),
        (Id::asinh, &[-3.0, 0.2, 20.0]),
        (Id::acosh, &[1.3, 4.0, 20.0]),
        (Id::atanh, &[-0.9, 0.1, 0.7]),
        (Id::abs, &[-2.0, 3.0]),
        (Id::fract, &[-2.3, 0.4, 5.6]),
        (Id::floor, &[-2.3, 0.4, 5.6]),
        (Id::round, &[-2.3, 0.4, 5.6]),
        (Id::to_degrees, &[0.3]),
        (Id::to_radians, &[0.3]),
        (Id::sigmoid, &[-6.0, -1.0, 0.0, 0.5, 4.0]),
        (Id::softplus, &[-6.0, -1.0, 0.0, 0.5, 4.0]),
        (Id::relu, &[-2.0, 3.0]),
    ];
    let plain = |id: Id, x: f64| -> f64 {
        match id {
            Id::sigmoid => sigmoid(x),
            Id::softplus => x.exp().ln_1p(),
            Id::relu => x.max(0.0),
            _ => (row::<f64, 1>(id).f64)(x),
        }
    };
    let mut bad = Vec::new();
    for &(id, at) in table {
        for &x in at {
            let h = 1e-3 * x.abs().max(0.1);
            let fd = richardson(|t| plain(id, t), x, h);
            let ad = (row(id).inherent)(D1::variable(x, 0)).eps[0];
            if (fd - ad).abs() > 1e-8 * ad.abs().max(1.0) {
                bad.push(format!("{id:?}'({x}) = {ad}, finite difference {fd}"));
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
                (row2(Id2::rem).float.unwrap_or(row2(Id2::rem).inherent))(x, y),
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

// ================================================================================
// Through nalgebra's traits: every ComplexField / RealField method
// ================================================================================
//
// The rows are those of the typed table with a `ComplexField`/`RealField` path
// (`common::functions::unary`, `binary`), plus the methods only the traits have
// (`common::functions::trait_only`, `trait_only2`). Oracles: the same trait method of `f64`
// for the value (bit for bit), the row's hand formula for the tangent, finite differences
// of the `f64` method.

/// `1/x` overflows (a subnormal `x`, other than 0).
fn overflowing_recip(x: f64) -> bool {
    x != 0.0 && x.recip().is_infinite()
}

/// Every trait method on `TRAIT_POINTS`: the value is `f64`'s bit for bit; a zero tangent
/// component stays zero (except the documented `0 · ∞ = NaN` of products and quotients at
/// non-finite values); the tangent is the hand formula (1e-12) and agrees with Richardson
/// differences where the function looks smooth (1e-6). (From review_linalg.rs.)
#[test]
fn unary_methods_value_is_f64s_bit_for_bit_and_tangent_is_the_formula() {
    for m in trait_paths::<f64, 2>() {
        for &x in &TRAIT_POINTS {
            let y = (m.call)(D2::new(x, [1.0, 0.0]));
            let want = (m.f64)(x);
            assert!(
                same(y.re, want),
                "{}({x:e}): value {:e} vs f64 {want:e}",
                m.name,
                y.re
            );

            // the zero component stays zero wherever the value is finite (the guard's
            // rule); where the value is not finite it may be NaN (IEEE 0 · ∞), and products
            // may give NaN at non-finite inputs too
            let non_finite = !x.is_finite() || !y.re.is_finite();
            // (a quotient by x with 1/x overflowing: see
            // `conventions.rs::division_by_a_subnormal_keeps_unrelated_components_zero`)
            let excused = non_finite || overflowing_recip(x);
            let allowed_nan = !y.re.is_finite() || (m.arithmetic && excused);
            assert!(
                y.eps[1] == 0.0 || (allowed_nan && y.eps[1].is_nan()),
                "{}({x:e}): a zero tangent component became {}",
                m.name,
                y.eps[1]
            );

            if m.formula_point(x) && y.re.is_finite() {
                let s = (m.slope)(x);
                if s.is_finite() {
                    assert!(
                        near(y.eps[0], s, HAND_FORMULA),
                        "{}({x:e}): tangent {:e} vs formula {s:e}",
                        m.name,
                        y.eps[0]
                    );
                }
                if let Some(fd) = smooth_derivative(m.f64, x) {
                    assert!(
                        near(y.eps[0], fd, CENTRAL_DIFFERENCE),
                        "{}({x:e}): tangent {:e} vs finite differences {fd:e}",
                        m.name,
                        y.eps[0]
                    );
                }
            }
        }
    }
}

/// Every two-argument trait method on `TRAIT_PAIR_POINTS`²: the value is `f64`'s (a zero for
/// a zero where `f64`'s zero sign is unspecified); with one argument constant the other
/// component stays exactly 0 for the chain rules; the partials are the hand formulas
/// (1e-12) and agree with Richardson differences (1e-6). (From review_linalg.rs.)
#[test]
fn binary_methods_value_is_f64s_bit_for_bit_and_partials_are_the_formulas() {
    for m in trait_paths2::<f64, 2>() {
        let name = m.name;
        for &a in &TRAIT_PAIR_POINTS {
            for &b in &TRAIT_PAIR_POINTS {
                let y = (m.call)(D2::variable(a, 0), D2::variable(b, 1));
                let want = (m.f64)(a, b);
                let signed_zero_tie = m.zero_sign_unspecified && a == 0.0 && b == 0.0;
                assert!(
                    same(y.re, want) || (signed_zero_tie && y.re == 0.0 && want == 0.0),
                    "{name}({a:e}, {b:e}): value {:e} vs f64 {want:e}",
                    y.re
                );
                // one argument constant: the other component must be exactly 0 wherever
                // the value is finite (the guard's rule); NaN is allowed where it is not
                for (seed_a, k) in [(true, 1), (false, 0)] {
                    let (da, db) = if seed_a {
                        (D2::new(a, [1.0, 0.0]), D2::constant(b))
                    } else {
                        (D2::constant(a), D2::new(b, [0.0, 1.0]))
                    };
                    let z = (m.call)(da, db);
                    let non_finite = !(a.is_finite() && b.is_finite() && z.re.is_finite());
                    let excused = non_finite || (m.divides && overflowing_recip(b));
                    let allowed_nan = !z.re.is_finite() || (m.arithmetic && excused);
                    assert!(
                        z.eps[k] == 0.0 || (allowed_nan && z.eps[k].is_nan()),
                        "{name}({a:e}, {b:e}): the unseeded component became {}",
                        z.eps[k]
                    );
                }

                let moderate = a.is_finite() && b.is_finite() && a.abs() < 1e3 && b.abs() < 1e3;
                let moderate = moderate && !(m.divides && overflowing_recip(b));
                if !moderate || !y.re.is_finite() {
                    continue;
                }
                let p = (m.partials)(a, b);
                for k in 0..2 {
                    if p[k].is_finite() {
                        assert!(
                            near(y.eps[k], p[k], HAND_FORMULA),
                            "{name}({a:e}, {b:e}): ∂{k} {:e} vs formula {:e}",
                            y.eps[k],
                            p[k]
                        );
                    }
                    let fd = if k == 0 {
                        smooth_derivative(|t| (m.f64)(t, b), a)
                    } else {
                        smooth_derivative(|t| (m.f64)(a, t), b)
                    };
                    if let Some(fd) = fd {
                        assert!(
                            near(y.eps[k], fd, CENTRAL_DIFFERENCE),
                            "{name}({a:e}, {b:e}): ∂{k} {:e} vs differences {fd:e}",
                            y.eps[k]
                        );
                    }
                }
            }
        }
    }
}

/// Equal to the formula (1e-12); or NaN where the value itself is not finite or an input is
/// infinite: the product and quotient rules compute `0 · ∞ = NaN` for the component of a
/// factor that does not move when the other factor (or the quotient) is infinite.
fn tangent_ok(tangent: f64, formula: f64, nan_allowed: bool) -> bool {
    near(tangent, formula, HAND_FORMULA) || (nan_allowed && tangent.is_nan())
}

/// `tangent` against central differences of `f` at `x` where `f` is smooth (1e-5), and
/// against the midpoint of the one-sided slopes at a kink (1e-4).
fn check_against_differences(name: &str, f: impl Fn(f64) -> f64, x: f64, tangent: f64) {
    match differences_at(f, x) {
        Differences::Smooth(central) => assert!(
            (tangent - central).abs() <= 1e-5 * (1.0 + central.abs()),
            "{name}({x}): tangent {tangent} vs central difference {central}"
        ),
        Differences::Kink(mid) => assert!(
            (tangent - mid).abs() <= 1e-4 * (1.0 + mid.abs()),
            "{name}({x}): tangent {tangent} vs midpoint of one-sided slopes {mid}"
        ),
        Differences::Unknown => {}
    }
}

/// Every trait method on `METHOD_POINTS` with `Dual<f64, 1>`: the value is `f64`'s bit for
/// bit, the tangent the formula (or NaN where the value or input is not finite), central
/// differences where smooth and the midpoint of the one-sided slopes at a kink, and a
/// constant's tangent stays 0. (From the unit tests of the old src/linalg.rs.)
#[test]
fn every_unary_method_has_the_f64_value_and_the_right_tangent() {
    let methods = trait_paths::<f64, 1>();
    for m in &methods {
        let name = m.name;
        for x in METHOD_POINTS {
            let y = (m.call)(D1::variable(x, 0));
            let want = (m.f64)(x);
            assert!(
                same(y.re, want),
                "{name}({x}): value {} vs f64 {want}",
                y.re
            );
            let d = (m.slope)(x);
            let nan_allowed = !y.re.is_finite() || x.is_infinite();
            assert!(
                tangent_ok(y.eps[0], d, nan_allowed),
                "{name}({x}): tangent {} vs formula {d}",
                y.eps[0]
            );
            // At ±0, `to_exp` follows the branch its sign bit picks, not the midpoint rule
            // (see `conventions.rs::to_exp_reconstructs_the_number_with_its_tangent`); at a
            // kink (copysign at 0) finite differences see neither one-sided slope.
            if d.is_finite() && !(m.branch_at_zero && x == 0.0) {
                check_against_differences(name, m.f64, x, y.eps[0]);
            }
            // a constant argument gives a constant result
            assert!(
                tangent_ok((m.call)(D1::constant(x)).eps[0], 0.0, nan_allowed),
                "{name}({x}): a constant's tangent must stay 0"
            );
        }
    }
    assert!(methods.len() > 60);
}

/// Every two-argument trait method on `METHOD_PAIR_POINTS`²: value bit for bit, both
/// partials the formula (NaN allowed where the value or an input is not finite) and the
/// differences. (From the unit tests of the old src/linalg.rs.)
#[test]
fn every_binary_method_has_the_f64_value_and_both_partials() {
    for m in trait_paths2::<f64, 2>() {
        let name = m.name;
        for a in METHOD_PAIR_POINTS {
            for b in METHOD_PAIR_POINTS {
                let [ad, bd] = D2::variables([a, b]);
                let y = (m.call)(ad, bd);
                let want = (m.f64)(a, b);
                assert!(
                    same(y.re, want),
                    "{name}({a}, {b}): value {} vs {want}",
                    y.re
                );
                let d = (m.partials)(a, b);
                for (i, (&got, &formula)) in y.eps.iter().zip(d.iter()).enumerate() {
                    let nan_allowed = !y.re.is_finite() || a.is_infinite() || b.is_infinite();
                    assert!(
                        tangent_ok(got, formula, nan_allowed),
                        "{name}({a}, {b}): ∂{i} {got} vs formula {formula}"
                    );
                    // copysign at a = ±0: a kink, where finite differences see neither side
                    let branch_at_zero = m.kink_at_zero && i == 0 && a == 0.0;
                    if formula.is_finite() && !branch_at_zero {
                        let what = format!("{name} ∂{i} at ({a}, {b})");
                        if i == 0 {
                            check_against_differences(&what, |x| (m.f64)(x, b), a, got);
                        } else {
                            check_against_differences(&what, |x| (m.f64)(a, x), b, got);
                        }
                    }
                }
            }
        }
    }
}

/// `ComplexField::mul_add` (the table's ternary rows with a trait path) on
/// `MUL_ADD_POINTS`³: the value is `f64`'s bit for bit, and where every value is finite the
/// partials are exactly the row's `[a, x, 1]`. (From review_linalg.rs.)
#[test]
fn mul_add_value_and_partials() {
    for row in ternary::<f64, 3>() {
        let Some(call) = row.complex else { continue };
        let name = row.name;
        for &x in &MUL_ADD_POINTS {
            for &a in &MUL_ADD_POINTS {
                for &b in &MUL_ADD_POINTS {
                    let y = call(
                        Dual::<f64, 3>::variable(x, 0),
                        Dual::variable(a, 1),
                        Dual::variable(b, 2),
                    );
                    let want = (row.f64)(x, a, b);
                    assert!(same(y.re, want), "{name}({x}, {a}, {b})");
                    if [x, a, b].iter().all(|v| v.is_finite()) && y.re.is_finite() {
                        assert_eq!(
                            y.eps,
                            (row.partials)(x, a, b),
                            "{name}({x}, {a}, {b}) partials"
                        );
                    }
                }
            }
        }
    }
}

/// docs/conventions.md: "`1 - tanh²` would be `0` from `|x| ≈ 19.1`, where `tanh x` rounds
/// to `±1`, instead of about `1e-16`"; functions.rs: "it is exactly 0 from `|x| ≈ 19`". The
/// threshold is found by bisection on `f64::tanh`; beyond it the dual's slope must be the
/// hand formula `4e/(1 + e)²`, `e = e^(-2x)`, nonzero and about 1e-16. (From
/// review_docs.rs.)
#[test]
fn tanh_rounds_to_one_from_about_19_1_and_the_slope_survives() {
    let (mut lo, mut hi) = (1.0_f64, 40.0_f64);
    assert!(lo.tanh() < 1.0 && hi.tanh() == 1.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid.tanh() == 1.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    assert!((19.0..19.2).contains(&hi), "tanh rounds to 1 from {hi}");
    for x in [hi, -hi] {
        let t = x.tanh();
        assert_eq!(1.0 - t * t, 0.0);
        let slope = D1::variable(x, 0).tanh().eps[0];
        let e = (-2.0 * x.abs()).exp();
        let want = 4.0 * e / ((1.0 + e) * (1.0 + e));
        assert!(
            (slope - want).abs() <= 1e-14 * want,
            "{slope:e} vs {want:e}"
        );
        assert!((5e-17..2e-16).contains(&slope), "slope {slope:e} at {x}");
    }
}
