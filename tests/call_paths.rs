//! CALL PATHS: the same function reached through different traits gives the same dual, and
//! the paths only nalgebra's traits have behave as documented: `Float::log` and
//! `ComplexField::log` with a dual base agree bit for bit (value and every tangent
//! component) on the special-value grid; `RealField::clamp` follows its own rule (simba's
//! `f64` clamp, the table's `own_path`); `ComplexField::mul_add`; the queries, constants and
//! bounds of the traits; subset conversions; `SimdValue`; `RealField::copysign` and
//! `ComplexField::log` with a dual base by hand.
//!
//! Oracles: one path against the other (both must also match `f64` for the value, which
//! `scalar_values.rs` checks through the function table); the same trait method of `f64`
//! (simba's), or its rule written out in `common::functions::simba_clamp`; hand values.

mod common;

use common::functions::{Fn3, Id3, ternary};
use common::grids::{CLAMP_POINTS, METHOD_PAIR_POINTS, METHOD_POINTS, TRAIT_POINTS, all_f64};
use common::tolerance::{HAND_FORMULA, assert_value_exact, near, report, same};
use dualnum::Dual;
use nalgebra::{ComplexField, RealField, SimdValue};
use num_traits::Float;
use simba::scalar::{SubsetOf, SupersetOf};

type D1 = Dual<f64, 1>;
type D2 = Dual<f64, 2>;
type D3 = Dual<f64, 3>;
type N1 = Dual<Dual<f64, 1>, 1>;

#[test]
fn float_log_and_complexfield_log_with_a_dual_base_agree_bit_for_bit() {
    let bases = [1.0, 0.0, core::f64::consts::E, 10.0, 2.0];
    let mut bad = Vec::new();
    for &x in &all_f64() {
        for &b in bases.iter().chain(all_f64().iter()) {
            // x moves the first component, the base the second; the third stays zero
            let (dx, db) = (D3::new(x, [1.0, 0.0, 0.0]), D3::new(b, [0.0, 1.0, 0.0]));
            let f = Float::log(dx, db);
            let c = ComplexField::log(dx, db);
            if !(same(f.re, c.re) && f.eps.iter().zip(&c.eps).all(|(&a, &b)| same(a, b))) {
                bad.push(format!(
                    "log({x:?}, base {b:?}): Float {f:?}, ComplexField {c:?}"
                ));
            }
        }
    }
    report(&bad);
}

// ----- clamp through RealField: its own documented rule ------------------------------------

/// The clamp row's path with its own rule (`RealField::clamp`), and that rule.
fn realfield_clamp<const N: usize>() -> (Fn3<f64, N>, Rule3) {
    let path = ternary::<f64, N>()
        .into_iter()
        .find(|row| row.id == Id3::clamp)
        .and_then(|row| row.own_path)
        .expect("the clamp row has its RealField path");
    (path.call, path.f64)
}

/// A rule of three `f64`s.
type Rule3 = fn(f64, f64, f64) -> f64;

/// `RealField::clamp` with ordered bounds on `CLAMP_POINTS`³: the value is simba's `f64`
/// rule (a zero for a zero at a ±0 tie), and never panics; the tangent is `x`'s inside, the
/// bound's beyond it. (From review_linalg.rs.)
#[test]
fn clamp_with_ordered_bounds_is_f64s_and_never_panics() {
    let (clamp, rule) = realfield_clamp::<3>();
    for &x in &CLAMP_POINTS {
        for &lo in &CLAMP_POINTS {
            for &hi in &CLAMP_POINTS {
                let y = clamp(
                    Dual::<f64, 3>::variable(x, 0),
                    Dual::variable(lo, 1),
                    Dual::variable(hi, 2),
                );
                if lo > hi {
                    continue; // see the test below
                }
                let want = rule(x, lo, hi);
                // ±0 ties: the value is the bound's (conventions.md), simba's is x
                let zero_tie = y.re == 0.0 && want == 0.0;
                assert!(
                    same(y.re, want) || zero_tie,
                    "clamp({x}, {lo}, {hi}): {} vs f64 {want}",
                    y.re
                );
                if lo < x && x < hi {
                    assert_eq!(y.eps, [1.0, 0.0, 0.0], "clamp({x}, {lo}, {hi}) inside");
                } else if x < lo && lo < hi {
                    assert_eq!(y.eps, [0.0, 1.0, 0.0], "clamp({x}, {lo}, {hi}) below");
                } else if lo < hi && hi < x {
                    assert_eq!(y.eps, [0.0, 0.0, 1.0], "clamp({x}, {lo}, {hi}) above");
                }
            }
        }
    }
}

/// The module docs of the simba interop promise "each value is bit for bit the `f64`
/// method's". simba's `RealField::clamp` for `f64` is `if x < lo { lo } else if x > hi { hi }
/// else { x }`, so with `lo > hi` and `x < lo` it returns `lo` (where `Float::clamp`, the
/// documented `min(max(x, lo), hi)` of docs/conventions.md, returns `hi`). (From
/// review_linalg.rs.)
#[test]
fn clamp_with_crossed_bounds_is_f64s() {
    let (clamp, rule) = realfield_clamp::<1>();
    for (x, lo, hi) in [(0.0, 2.0, 1.0), (1.5, 2.0, 1.0), (5.0, 2.0, 1.0)] {
        let y = clamp(D1::variable(x, 0), D1::constant(lo), D1::constant(hi));
        let want = rule(x, lo, hi);
        assert!(
            same(y.re, want),
            "clamp({x}, {lo}, {hi}): {} vs f64 {want}",
            y.re
        );
    }
}

/// `ComplexField::mul_add` and `RealField::clamp` on `METHOD_PAIR_POINTS`³: `mul_add`'s
/// value is `f64`'s and its tangent `a dx + x da + db` (NaN allowed where something is not
/// finite); `clamp` never panics, its value is simba's rule everywhere (crossed bounds and
/// NaNs included), and its tangent is that of the argument the rule picks: `x` for NaN `x`,
/// `lo` for crossed bounds below `lo`, else `min(max(x, lo), hi)` (the documented rule of
/// `Float::clamp`, ties averaging). (From the unit tests of the old src/linalg.rs.)
#[test]
fn ternary_methods_mul_add_and_clamp() {
    let (clamp, rule) = realfield_clamp::<3>();
    for row in ternary::<f64, 3>() {
        let Some(mul_add) = row.complex else { continue };
        for x in METHOD_PAIR_POINTS {
            for lo in METHOD_PAIR_POINTS {
                for hi in METHOD_PAIR_POINTS {
                    let [xd, ld, hd] = D3::variables([x, lo, hi]);
                    let m = mul_add(xd, ld, hd);
                    assert!(
                        same(m.re, (row.f64)(x, lo, hi)),
                        "{}({x}, {lo}, {hi})",
                        row.name
                    );
                    // d(x·a + b) = a dx + x da + db
                    for (got, want) in m.eps.iter().zip((row.partials)(x, lo, hi)) {
                        let nan_allowed =
                            !m.re.is_finite() || [x, lo, hi].iter().any(|v| v.is_infinite());
                        assert!(
                            near(*got, want, HAND_FORMULA) || (nan_allowed && got.is_nan()),
                            "{}({x}, {lo}, {hi})",
                            row.name
                        );
                    }
                }
            }
        }
    }
    for x in METHOD_PAIR_POINTS {
        for lo in METHOD_PAIR_POINTS {
            for hi in METHOD_PAIR_POINTS {
                let [xd, ld, hd] = D3::variables([x, lo, hi]);
                let c = clamp(xd, ld, hd);
                let want = rule(x, lo, hi);
                assert!(
                    same(c.re, want),
                    "clamp({x}, {lo}, {hi}): {} vs {want}",
                    c.re
                );
                let expect = if x.is_nan() {
                    xd
                } else if x < lo && lo > hi {
                    ld
                } else {
                    Dual::min(Dual::max(xd, ld), hd)
                };
                assert!(c.identical(&expect) || (c.re.is_nan() && expect.re.is_nan()));
                // inside the bounds the tangent is that of x alone
                if lo < x && x < hi {
                    assert_eq!(c.eps, [1.0, 0.0, 0.0]);
                }
                // at a bound, the tie rule averages the tangents of x and the bound
                if lo == x && x < hi {
                    assert_eq!(c.eps, [0.5, 0.5, 0.0]);
                }
            }
        }
    }
    // simba's f64 clamp agrees where it is defined
    let (clamp1, _) = realfield_clamp::<1>();
    assert_eq!(
        clamp1(D1::constant(3.0), D1::constant(0.0), D1::constant(1.0)).re,
        1.0
    );
    assert_eq!(
        clamp1(D1::constant(-3.0), D1::constant(0.0), D1::constant(1.0)).re,
        0.0
    );
}

// ----- queries, constants, bounds, conversions, SIMD -------------------------------------

/// The 15 constants of `RealField`, in one type.
fn trait_constants<R: RealField>() -> [(&'static str, R); 15] {
    [
        ("pi", R::pi()),
        ("two_pi", R::two_pi()),
        ("frac_pi_2", R::frac_pi_2()),
        ("frac_pi_3", R::frac_pi_3()),
        ("frac_pi_4", R::frac_pi_4()),
        ("frac_pi_6", R::frac_pi_6()),
        ("frac_pi_8", R::frac_pi_8()),
        ("frac_1_pi", R::frac_1_pi()),
        ("frac_2_pi", R::frac_2_pi()),
        ("frac_2_sqrt_pi", R::frac_2_sqrt_pi()),
        ("e", R::e()),
        ("log2_e", R::log2_e()),
        ("log10_e", R::log10_e()),
        ("ln_2", R::ln_2()),
        ("ln_10", R::ln_10()),
    ]
}

/// The queries (`is_finite`, `is_sign_positive`/`negative`) are `f64`'s on `TRAIT_POINTS`
/// (`Dual<f64, 2>`) and `METHOD_POINTS` (`Dual<f64, 1>`), whatever the tangent; `try_sqrt`
/// is `Some` exactly when `f64`'s is, with the value and slope `1/(2|√x|)`; the 15 constants
/// and `min_value`/`max_value` are `f64`'s with zero tangents, and reach the innermost
/// value of a nested dual. (The checks of review_linalg.rs
/// `queries_constants_and_bounds_through_the_traits` and of the old src/linalg.rs unit test
/// `queries_constants_and_bounds`, which checked the same constants and bounds with `N = 1`.)
#[test]
fn queries_constants_and_bounds_through_the_traits() {
    for &x in &TRAIT_POINTS {
        let d = D2::new(x, [1.0, -2.0]);
        assert_eq!(ComplexField::is_finite(&d), ComplexField::is_finite(&x));
        assert_eq!(
            RealField::is_sign_positive(&d),
            RealField::is_sign_positive(&x)
        );
        assert_eq!(
            RealField::is_sign_negative(&d),
            RealField::is_sign_negative(&x)
        );
    }
    for x in METHOD_POINTS {
        let d = D1::variable(x, 0);
        assert_eq!(
            ComplexField::is_finite(&d),
            ComplexField::is_finite(&x),
            "{x}"
        );
        assert_eq!(
            RealField::is_sign_positive(&d),
            RealField::is_sign_positive(&x)
        );
        assert_eq!(
            RealField::is_sign_negative(&d),
            RealField::is_sign_negative(&x)
        );
        match (ComplexField::try_sqrt(d), ComplexField::try_sqrt(x)) {
            (Some(s), Some(r)) => {
                assert!(same(s.re, r));
                assert!(
                    near(s.eps[0], 0.5 / r.abs(), HAND_FORMULA),
                    "try_sqrt({x}) tangent"
                );
            }
            (None, None) => {}
            (s, r) => panic!("try_sqrt({x}): {s:?} vs {r:?}"),
        }
    }
    assert_eq!(ComplexField::try_sqrt(D1::variable(-1.0, 0)), None);
    assert_eq!(ComplexField::try_sqrt(D1::variable(f64::NAN, 0)), None);

    let want = trait_constants::<f64>();
    for ((name, d), (_, f)) in trait_constants::<D2>().into_iter().zip(want) {
        assert!(same(d.re, f) && d.eps == [0.0, 0.0], "{name}");
    }
    for ((name, d), (_, f)) in trait_constants::<D1>().into_iter().zip(want) {
        assert!(same(d.re, f) && d.has_zero_tangent(), "constant {name}");
    }
    let (lo, hi) = (
        <D2 as RealField>::min_value().unwrap(),
        <D2 as RealField>::max_value().unwrap(),
    );
    assert!(same(lo.re, <f64 as RealField>::min_value().unwrap()) && lo.eps == [0.0; 2]);
    assert!(same(hi.re, <f64 as RealField>::max_value().unwrap()) && hi.eps == [0.0; 2]);
    let bounds: [(Option<D1>, Option<f64>); 2] = [
        (
            <D1 as RealField>::min_value(),
            <f64 as RealField>::min_value(),
        ),
        (
            <D1 as RealField>::max_value(),
            <f64 as RealField>::max_value(),
        ),
    ];
    for (d, f) in bounds {
        let (d, f) = (d.unwrap(), f.unwrap());
        assert!(same(d.re, f) && d.has_zero_tangent());
    }
    // nested: the constants reach the innermost value with zero tangents everywhere
    let p = <N1 as RealField>::pi();
    assert!(same(p.re.re, std::f64::consts::PI));
    assert!(p.re.eps[0] == 0.0 && p.eps[0].re == 0.0 && p.eps[0].eps[0] == 0.0);
}

/// `f64 ⊂ Dual` builds a constant and gives back the value (the tangent dropped); `f32 ⊂
/// Dual<f64>` and `⊂ Dual<f32>`; `Dual ⊂ Dual` is the identity, tangent kept. (From the unit
/// tests of the old src/linalg.rs.)
#[test]
fn subset_conversions() {
    let x = D1::variable(1.25, 0);
    let c: D1 = D1::from_subset(&3.5_f64);
    assert!(c.identical(&D1::constant(3.5)));
    assert_eq!(x.to_subset(), Some(1.25_f64));
    assert!(<f64 as SubsetOf<D1>>::is_in_subset(&x));
    assert_eq!(<f64 as SubsetOf<D1>>::from_superset_unchecked(&x), 1.25);
    let c32: D1 = D1::from_subset(&0.5_f32);
    assert!(c32.identical(&D1::constant(0.5)));
    let d32 = Dual::<f32, 1>::variable(0.75, 0);
    assert_eq!(SupersetOf::<f32>::to_subset(&d32), Some(0.75_f32));
    assert_eq!(SupersetOf::<f64>::to_subset(&d32), Some(0.75_f64));
    let same_x: D1 = SupersetOf::<D1>::to_subset(&x).unwrap();
    assert!(same_x.identical(&x));
    assert!(<D1 as SubsetOf<D1>>::to_superset(&x).identical(&x));
}

/// `SimdValue`: a single lane; `splat`, `extract`, `replace`, `select` and the provided lane
/// maps (through the two `unsafe fn`s) are the identity on it. (From the unit tests of the
/// old src/linalg.rs.)
#[test]
fn simd_value_is_a_single_lane() {
    let x = D1::variable(2.0, 0);
    let y = D1::new(-1.0, [3.0]);
    assert_eq!(D1::LANES, 1);
    assert!(D1::splat(x).identical(&x));
    assert!(x.extract(0).identical(&x));
    let mut z = x;
    z.replace(0, y);
    assert!(z.identical(&y));
    assert!(x.select(true, y).identical(&x));
    assert!(x.select(false, y).identical(&y));
    assert!(x.map_lanes(|v| v * v).identical(&(x * x)));
    assert!(x.zip_map_lanes(y, |a, b| a - b).identical(&(x - y)));
}

// ----- RealField::copysign and ComplexField::log with a dual base -----------------------

/// linalg.rs `RealField::copysign`: `|x|` with the sign of `sign`: its tangent is that of
/// `±|x|`, i.e. `sign(s) · sign(x) · dx` (0 at `x = ±0`). Hand values. (From review_docs.rs.)
#[test]
fn realfield_copysign_tangent_is_plus_or_minus_d_abs_x() {
    for (x0, s0, value, slope) in [
        (-2.0, 1.0, 2.0, -1.0),
        (-2.0, -1.0, -2.0, 1.0),
        (2.0, -1.0, -2.0, -1.0),
        (2.0, 1.0, 2.0, 1.0),
        (0.0, -1.0, -0.0, 0.0),
    ] {
        let [x, s] = D2::variables([x0, s0]);
        assert_value_exact(
            "RealField::copysign",
            RealField::copysign(x, s),
            value,
            [slope, 0.0],
        );
    }
}

/// linalg.rs `ComplexField::log`: "Written with `Dual::chain2` rather than as a quotient of
/// duals, so that a tangent component that is zero stays zero where a slope is infinite (at
/// `x = 0` ...)". Slopes by hand: `∂/∂x = 1/(x ln b) = +∞`, `∂/∂b = -log_b x/(b ln b) = +∞`.
/// (From review_docs.rs.)
#[test]
fn complexfield_log_with_a_dual_base_keeps_zero_components_zero() {
    let x = D3::new(0.0, [1.0, 0.0, 0.0]);
    let b = D3::new(10.0, [0.0, 1.0, 0.0]);
    let y = ComplexField::log(x, b);
    let inf = f64::INFINITY;
    assert_value_exact("log_b(0)", y, 0f64.log(10.0), [inf, inf, 0.0]);
    // away from 0, the hand formulas
    let x = D3::new(3.0, [1.0, 0.0, 0.0]);
    let b = D3::new(2.0, [0.0, 1.0, 0.0]);
    let y = ComplexField::log(x, b);
    let (dx, db) = (
        1.0 / (3.0 * 2f64.ln()),
        -(3f64.log(2.0)) / (2.0 * 2f64.ln()),
    );
    assert!((y.eps[0] - dx).abs() < 1e-15 && (y.eps[1] - db).abs() < 1e-15 && y.eps[2] == 0.0);
}
