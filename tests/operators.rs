//! OPERATORS: `+ - * / %` with duals and plain floats on either side (every operand
//! combination, f64, f32 and nested), the `*Assign` forms, `Sum`/`Product`, division by a
//! subnormal, `mul_f64` and `literal`.
//!
//! Oracles: the plain float operator's value bit for bit; hand formulas of the tangents.

#![allow(clippy::type_complexity)]

mod common;

use common::functions::second;

use common::functions::{seed_d3, seed_f2, seed_n1, seed2_d3, seed2_f2, seed2_n1};
use common::grids::{values_f32, values_f64};
use common::tolerance::{assert_value_exact, close_or_exact, report, same};
use dualnum::{Dual, Real};
use num_traits::{FromPrimitive, Inv, NumCast};

type D1 = Dual<f64, 1>;
type D2 = Dual<f64, 2>;
type D3 = Dual<f64, 3>;
type F2 = Dual<f32, 2>;
type N1 = Dual<Dual<f64, 1>, 1>;

// ================================================================================
// 4. OPERATORS: every operand combination
// ================================================================================

macro_rules! op_values {
    ($test:ident, $D:ty, $S:ty, $grid:expr, $seed:expr, $seed2:expr) => {
        #[test]
        fn $test() {
            let g: Vec<$S> = $grid;
            let mut bad = Vec::new();
            for &a in &g {
                for &b in &g {
                    let (x, y): ($D, $D) = ($seed(a), $seed2(b));
                    let mut forms: Vec<(&str, $S, $S)> = vec![
                        ("x + y", (x + y).re, a + b),
                        ("x - y", (x - y).re, a - b),
                        ("x * y", (x * y).re, a * b),
                        ("x / y", (x / y).re, a / b),
                        ("x % y", (x % y).re, a % b),
                        ("x + b", (x + b).re, a + b),
                        ("x - b", (x - b).re, a - b),
                        ("x * b", (x * b).re, a * b),
                        ("x / b", (x / b).re, a / b),
                        ("x % b", (x % b).re, a % b),
                        ("a + y", (a + y).re, a + b),
                        ("a - y", (a - y).re, a - b),
                        ("a * y", (a * y).re, a * b),
                        ("a / y", (a / y).re, a / b),
                        ("a % y", (a % y).re, a % b),
                        ("-x", (-x).re, -a),
                    ];
                    macro_rules! assign {
                        ($name:expr, $op:tt, $rhs:expr, $want:expr) => {{
                            let mut z = x;
                            z $op $rhs;
                            forms.push(($name, z.re, $want));
                        }};
                    }
                    assign!("x += y", +=, y, a + b);
                    assign!("x -= y", -=, y, a - b);
                    assign!("x *= y", *=, y, a * b);
                    assign!("x /= y", /=, y, a / b);
                    assign!("x %= y", %=, y, a % b);
                    assign!("x += b", +=, b, a + b);
                    assign!("x -= b", -=, b, a - b);
                    assign!("x *= b", *=, b, a * b);
                    assign!("x /= b", /=, b, a / b);
                    assign!("x %= b", %=, b, a % b);
                    for (what, got, want) in forms {
                        if !same(got, want) {
                            bad.push(format!("{what} at ({a:?}, {b:?}): {got:?}, want {want:?}"));
                        }
                    }
                }
            }
            report(&bad);
        }
    };
}

op_values!(
    operator_values_d1,
    D1,
    f64,
    values_f64(),
    |x| D1::new(x, [1.0]),
    |x| D1::new(x, [0.5])
);
op_values!(operator_values_d3, D3, f64, values_f64(), seed_d3, seed2_d3);
op_values!(
    operator_values_f32,
    F2,
    f32,
    values_f32(),
    seed_f2,
    seed2_f2
);

#[test]
fn operator_values_nested_with_plain_floats_on_both_sides() {
    let g = values_f64();
    let mut bad = Vec::new();
    for &a in &g {
        for &b in &g {
            let (x, y) = (seed_n1(a), seed2_n1(b));
            let c = D1::new(b, [0.5]); // the inner type on the right
            let forms: [(&str, f64, f64); 21] = [
                ("x + y", (x + y).re.re, a + b),
                ("x - y", (x - y).re.re, a - b),
                ("x * y", (x * y).re.re, a * b),
                ("x / y", (x / y).re.re, a / b),
                ("x % y", (x % y).re.re, a % b),
                ("x + f64", (x + b).re.re, a + b),
                ("x - f64", (x - b).re.re, a - b),
                ("x * f64", (x * b).re.re, a * b),
                ("x / f64", (x / b).re.re, a / b),
                ("f64 + y", (a + y).re.re, a + b),
                ("f64 - y", (a - y).re.re, a - b),
                ("f64 * y", (a * y).re.re, a * b),
                ("f64 / y", (a / y).re.re, a / b),
                ("x + D1", (x + c).re.re, a + b),
                ("x - D1", (x - c).re.re, a - b),
                ("x * D1", (x * c).re.re, a * b),
                ("x / D1", (x / c).re.re, a / b),
                ("x % D1", (x % c).re.re, a % b),
                (
                    "x *= D1",
                    {
                        let mut z = x;
                        z *= c;
                        z.re.re
                    },
                    a * b,
                ),
                (
                    "x /= y",
                    {
                        let mut z = x;
                        z /= y;
                        z.re.re
                    },
                    a / b,
                ),
                ("-x", (-x).re.re, -a),
            ];
            for (what, got, want) in forms {
                if !same(got, want) {
                    bad.push(format!("{what} at ({a:?}, {b:?}): {got:?}, want {want:?}"));
                }
            }
        }
    }
    report(&bad);
}

#[test]
fn operator_tangents_against_hand_formulas() {
    let pts = [
        (1.5, -2.0),
        (-3.0, 0.25),
        (7.0, 3.0),
        (1e-3, 1e3),
        (-0.5, -0.125),
    ];
    for (a, b) in pts {
        let (da, db) = ([1.0, 0.0, 2.0], [0.0, 1.0, -3.0]);
        let (x, y) = (D3::new(a, da), D3::new(b, db));
        let lin = |p: f64, q: f64| [0, 1, 2].map(|i| p * da[i] + q * db[i]);
        let forms: [(&str, D3, [f64; 3]); 14] = [
            ("x + y", x + y, lin(1.0, 1.0)),
            ("x - y", x - y, lin(1.0, -1.0)),
            ("x * y", x * y, lin(b, a)),
            ("x / y", x / y, lin(1.0 / b, -a / (b * b))),
            ("x + c", x + b, lin(1.0, 0.0)),
            ("x - c", x - b, lin(1.0, 0.0)),
            ("x * c", x * b, lin(b, 0.0)),
            ("x / c", x / b, lin(1.0 / b, 0.0)),
            ("c + y", a + y, lin(0.0, 1.0)),
            ("c - y", a - y, lin(0.0, -1.0)),
            ("c * y", a * y, lin(0.0, a)),
            ("c / y", a / y, lin(0.0, -a / (b * b))),
            ("-x", -x, lin(-1.0, 0.0)),
            ("x.inv()", x.inv(), lin(-1.0 / (a * a), 0.0)),
        ];
        for (what, d, want) in forms {
            for i in 0..3 {
                assert!(
                    close_or_exact(d.eps[i], want[i], 1e-15),
                    "{what} at ({a}, {b}): {:?}, want {want:?}",
                    d.eps
                );
            }
        }
        // assign forms give the binary operator's tangents
        let mut z = x;
        z *= y;
        z /= b;
        z -= y;
        z += a;
        let want = [0, 1, 2].map(|i| (b * da[i] + a * db[i]) / b - db[i]);
        for i in 0..3 {
            assert!(
                close_or_exact(z.eps[i], want[i], 1e-15),
                "assign chain {:?} vs {want:?}",
                z.eps
            );
        }
        // f32
        let (x32, y32) = (F2::new(a as f32, [1.0, 0.0]), F2::new(b as f32, [0.0, 1.0]));
        let q = (a as f32) / y32;
        assert!(close_or_exact(
            q.eps[1] as f64,
            -(a as f32 as f64) / (b as f32 as f64).powi(2),
            1e-6
        ));
        let p = 2.0f32 * x32 * y32 - 1.0f32;
        assert!(close_or_exact(
            p.eps[0] as f64,
            2.0 * (b as f32) as f64,
            1e-6
        ));
    }
    // nested: constants on either side, value, first and second derivatives
    let x0 = 1.6;
    let cases: [(&str, fn(N1) -> N1, f64, f64, f64); 10] = [
        ("x + 2.5", |x| x + 2.5, x0 + 2.5, 1.0, 0.0),
        ("2.5 + x", |x| 2.5 + x, 2.5 + x0, 1.0, 0.0),
        ("x - 2.5", |x| x - 2.5, x0 - 2.5, 1.0, 0.0),
        ("2.5 - x", |x| 2.5 - x, 2.5 - x0, -1.0, 0.0),
        ("x * 2.5", |x| x * 2.5, x0 * 2.5, 2.5, 0.0),
        ("2.5 * x * x", |x| 2.5 * x * x, 2.5 * x0 * x0, 5.0 * x0, 5.0),
        ("x / 2.5", |x| x / 2.5, x0 / 2.5, 1.0 / 2.5, 0.0),
        (
            "2.5 / x",
            |x| 2.5 / x,
            2.5 / x0,
            -2.5 / (x0 * x0),
            5.0 / (x0 * x0 * x0),
        ),
        ("x * x / x", |x| x * x / x, x0 * x0 / x0, 1.0, 0.0),
        (
            "2.5 % x",
            |x| x % D1::constant(1.0) - 1.0,
            x0 % 1.0 - 1.0,
            1.0,
            0.0,
        ),
    ];
    for (what, f, v, d1, d2) in cases {
        let (gv, g1, g2, inner) = second(f, x0);
        assert!(same(gv, v), "{what}: value {gv} vs {v}");
        assert!(
            close_or_exact(g1, d1, 1e-15)
                && close_or_exact(inner, d1, 1e-15)
                && close_or_exact(g2, d2, 1e-14),
            "{what}: ({g1}, {inner}, {g2}) vs ({d1}, {d2})"
        );
    }
}

#[test]
fn sum_and_product_of_iterators() {
    let xs = [
        D3::new(1.5, [1.0, 0.0, 0.0]),
        D3::new(-2.0, [0.0, 1.0, 0.0]),
        D3::new(4.0, [0.0, 0.0, 1.0]),
    ];
    let s: D3 = xs.iter().sum();
    let s2: D3 = xs.into_iter().sum();
    assert!(s.identical(&D3::new(3.5, [1.0, 1.0, 1.0])) && s2.identical(&s));
    let p: D3 = xs.iter().product();
    let p2: D3 = xs.into_iter().product();
    // d(abc) = bc da + ac db + ab dc
    assert!(p.identical(&D3::new(-12.0, [-8.0, 6.0, -3.0])) && p2.identical(&p));
    let none: [D3; 0] = [];
    assert!(none.iter().product::<D3>().identical(&D3::constant(1.0)));
    assert_eq!(none.iter().sum::<D3>().eps, [0.0; 3]);
    // values: the same sums and products as f64 iterators, bit for bit
    let g = values_f64();
    for w in g.windows(3) {
        let ds: Vec<D1> = w.iter().map(|&v| D1::variable(v, 0)).collect();
        assert!(
            same(ds.iter().sum::<D1>().re, w.iter().sum::<f64>()),
            "sum {w:?}"
        );
        assert!(
            same(ds.iter().product::<D1>().re, w.iter().product::<f64>()),
            "product {w:?}"
        );
        let ns: Vec<N1> = w.iter().map(|&v| seed_n1(v)).collect();
        assert!(same(ns.iter().sum::<N1>().re.re, w.iter().sum::<f64>()));
    }
}

/// The sum of `-0.0`s is `-0.0` for f64 (std's `Sum` starts from -0), and so is the empty
/// sum; the dual's value must agree. ops.rs `Sum`: "As for `f64`, the sum starts from `-0`
/// ... so a sum of `-0`s (and the empty sum) is `-0`" (the checks of review_docs.rs
/// `sums_start_from_minus_zero_as_f64_does` are the last three lines).
#[test]
fn sum_of_negative_zeros_is_negative_zero_as_for_f64() {
    let want = [-0.0f64, -0.0].iter().sum::<f64>();
    let ds = [seed_d3(-0.0), seed_d3(-0.0)];
    assert_eq!(ds.iter().sum::<D3>().re.to_bits(), want.to_bits());
    assert_eq!(ds.into_iter().sum::<D3>().re.to_bits(), want.to_bits());
    let empty: [f64; 0] = [];
    let none: [D3; 0] = [];
    assert_eq!(
        none.iter().sum::<D3>().re.to_bits(),
        empty.iter().sum::<f64>().to_bits()
    );
    let ns = [seed_n1(-0.0)];
    assert_eq!(ns.iter().sum::<N1>().re.re.to_bits(), (-0.0f64).to_bits());
    // the empty sum by value, and the oracle itself
    let d_empty: D1 = Vec::<D1>::new().into_iter().sum();
    assert!(same(d_empty.re, empty.iter().sum::<f64>()));
    assert!(same(want, -0.0));
}

/// A finite quotient by a subnormal divisor: `1/b` overflows although `a/b` does not, so
/// the tangent `(da - q db) · (1/b)` turns a zero component into `0 · ∞ = NaN` and a small
/// one into ∞. Oracle: `(da - q db) / b`.
#[test]
fn division_by_a_subnormal_keeps_finite_tangents() {
    let b = 5e-324;
    let a = 1e-320;
    let q = a / b;
    // dual / dual
    let d = D3::new(a, [1e-20, 0.0, 0.0]) / D3::new(b, [0.0, 0.0, 1e-320]);
    assert_eq!(d.re, q);
    assert_eq!(d.eps[0], 1e-20 / b, "d(x/y) in x: {:?}", d.eps);
    assert_eq!(d.eps[1], 0.0, "a zero tangent component: {:?}", d.eps);
    assert_eq!(d.eps[2], -q * 1e-320 / b);
    // dual / plain
    let d = D3::new(a, [1e-20, 0.0, 1.0]) / b;
    assert_eq!(
        d.eps,
        [1e-20 / b, 0.0, f64::INFINITY],
        "x / subnormal: {:?}",
        d.eps
    );
    let mut z = D3::new(a, [1e-20, 0.0, 1.0]);
    z /= b;
    assert_eq!(z.eps[1], 0.0);
    // plain / dual: 0 / x has tangent -0/x² = 0
    let d = 0.0 / D3::new(b, [1.0, 0.0, 0.0]);
    assert_eq!((d.re, d.eps), (0.0, [0.0; 3]), "0 / subnormal: {:?}", d.eps);
    // f32
    let d = F2::new(1e-44, [1e-10, 0.0]) / f32::from_bits(1);
    assert!(d.eps[0].is_finite() && d.eps[1] == 0.0, "f32: {:?}", d.eps);
    // nested / f64 and f64 / nested
    let n = N1::new(D1::new(a, [0.0]), [D1::new(1e-20, [0.0])]) / b;
    assert!(
        n.re.eps[0] == 0.0 && n.eps[0].re == 1e-20 / b,
        "nested / subnormal: {n:?}"
    );
    let n = 0.0 / N1::new(D1::new(b, [1.0]), [D1::new(1.0, [0.0])]);
    assert!(
        n.eps[0].re == 0.0 && n.re.eps[0] == 0.0,
        "0 / nested subnormal: {n:?}"
    );
}

/// `acosh'(x) = 1/√(x² - 1) ≈ 1/x` for large `x`: the product `(x - 1)(x + 1)` overflows
/// from about 1.34e154 and the slope became 0.
#[test]
fn acosh_slope_for_huge_arguments() {
    for &x in &[1e154, 1e155, 1e200, 1e300, f64::MAX] {
        let want = (1.0 / x) / (1.0 - 1.0 / (x * x)).sqrt();
        let d = seed_d3(x).acosh();
        assert!(
            close_or_exact(d.eps[0], want, 1e-15),
            "acosh'({x:e}) = {:e}, want {want:e}",
            d.eps[0]
        );
        let n = seed_n1(x).acosh();
        assert!(close_or_exact(n.eps[0].re, want, 1e-15));
        // acosh'' = -x/(x² - 1)^(3/2) ≈ -1/x², underflows to 0 beyond ~1e154: just finite
        assert!(n.eps[0].eps[0].is_finite());
    }
    let f = seed_f2(1e30).acosh();
    assert!(
        close_or_exact(f.eps[0] as f64, 1e-30, 1e-6),
        "f32 acosh'(1e30) = {:e}",
        f.eps[0]
    );
}

/// real.rs `mul_f64`: "`x * S::literal(c)` ... is a full dual product ... whose
/// multiplications by the literal's zero tangent IEEE arithmetic does not let the compiler
/// drop (`0 * inf` is NaN). `mul_f64` does only the `N + 1` multiplications"; for `f32` it
/// is "`self * (c as f32)`"; `literal` is "rounded for `f32`; a constant for a dual".
/// (From review_docs.rs.)
#[test]
fn mul_f64_and_literal_as_documented() {
    let x = D2::new(f64::INFINITY, [1.0, 0.0]);
    assert_value_exact("mul_f64", x.mul_f64(3.0), f64::INFINITY, [3.0, 0.0]);
    let full = x * D2::literal(3.0);
    assert!(full.eps[1].is_nan(), "the full product: {full:?}");
    for c in [0.1, 1e-50, 3.0, 1e40] {
        assert_eq!(2.5_f32.mul_f64(c).to_bits(), (2.5_f32 * c as f32).to_bits());
        assert_eq!(<f32 as Real>::literal(c).to_bits(), (c as f32).to_bits());
    }
    let lit = D2::literal(0.1);
    assert!(lit.re == 0.1 && lit.has_zero_tangent());
    // float.rs: "`NumCast::from` and `FromPrimitive` build constants"
    let a = <D2 as NumCast>::from(2.5_f64).unwrap();
    let b = D2::from_f64(2.5).unwrap();
    let c = D2::from_i64(-3).unwrap();
    assert!(a.re == 2.5 && b.re == 2.5 && c.re == -3.0);
    assert!(a.has_zero_tangent() && b.has_zero_tangent() && c.has_zero_tangent());
}
