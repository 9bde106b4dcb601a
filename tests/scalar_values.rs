//! Scalar VALUES: every elementary function, operator, query, constant and conversion of
//! `Dual<f64, 1>`, `Dual<f64, 3>`, `Dual<f32, 2>` and the nested `Dual<Dual<f64, 1>, 1>`
//! has the value of the plain float, bit for bit (NaN for NaN).
//!
//! Oracles: the `f64`/`f32` reference of each row of the typed table
//! (`common::functions`: the standard library's function, or the documented definition for
//! `relu`/`unit_step`), on the special-value grids of `common::grids`, through every call
//! path (inherent, `num_traits::Float`, nalgebra `ComplexField`/`RealField`), seeded and
//! constant. `sigmoid`/`softplus`: their definitions to `4 ε`.

#![allow(clippy::type_complexity)]

mod common;

use std::fmt::Debug;

use common::functions::{
    Fn1, Id3, POWI_EXPONENTS, binary, konst_n1, powi_paths, seed_d3, seed_f2, seed_n1, seed2_d3,
    seed2_f2, seed2_n1, ternary, unary,
};
use common::grids::{small_f64, values_f32, values_f64};
use common::tolerance::{Bits, FEW_ULPS, report, same};
use dualnum::{Dual, Real};
use nalgebra::RealField;
use num_traits::{
    Float, FloatConst, FromPrimitive, MulAddAssign, NumCast, One, Signed, ToPrimitive, Zero,
};

type D1 = Dual<f64, 1>;
type D3 = Dual<f64, 3>;
type F2 = Dual<f32, 2>;
type N1 = Dual<Dual<f64, 1>, 1>;

/// A plain float type: picks its own reference out of a row's `f64`/`f32` pair.
trait Plain: Bits + Float + Debug {
    fn pick1(a: fn(f64) -> f64, b: fn(f32) -> f32) -> fn(Self) -> Self;
    fn pick2(a: fn(f64, f64) -> f64, b: fn(f32, f32) -> f32) -> fn(Self, Self) -> Self;
    fn pick3(
        a: fn(f64, f64, f64) -> f64,
        b: fn(f32, f32, f32) -> f32,
    ) -> fn(Self, Self, Self) -> Self;
}

impl Plain for f64 {
    fn pick1(a: fn(f64) -> f64, b: fn(f32) -> f32) -> fn(f64) -> f64 {
        let _ = (a, b);
        a
    }
    fn pick2(a: fn(f64, f64) -> f64, b: fn(f32, f32) -> f32) -> fn(f64, f64) -> f64 {
        let _ = (a, b);
        a
    }
    fn pick3(a: fn(f64, f64, f64) -> f64, b: fn(f32, f32, f32) -> f32) -> fn(f64, f64, f64) -> f64 {
        let _ = (a, b);
        a
    }
}

impl Plain for f32 {
    fn pick1(a: fn(f64) -> f64, b: fn(f32) -> f32) -> fn(f32) -> f32 {
        let _ = (a, b);
        b
    }
    fn pick2(a: fn(f64, f64) -> f64, b: fn(f32, f32) -> f32) -> fn(f32, f32) -> f32 {
        let _ = (a, b);
        b
    }
    fn pick3(a: fn(f64, f64, f64) -> f64, b: fn(f32, f32, f32) -> f32) -> fn(f32, f32, f32) -> f32 {
        let _ = (a, b);
        b
    }
}

/// One dual type under test, with the plain float type of its values and its seeds.
trait Probe: Float + Debug + Signed {
    type S: Plain;
    /// A variable at `x` (first tangent component 1, others chosen to exercise the rest).
    fn seed(x: Self::S) -> Self;
    /// Another variable, for a second argument.
    fn seed2(x: Self::S) -> Self;
    fn konst(x: Self::S) -> Self;
    fn val(self) -> Self::S;
}

macro_rules! probe {
    ($D:ty, $S:ty, $seed:expr, $seed2:expr, $konst:expr, $val:expr) => {
        impl Probe for $D {
            type S = $S;
            fn seed(x: $S) -> Self {
                $seed(x)
            }
            fn seed2(x: $S) -> Self {
                $seed2(x)
            }
            fn konst(x: $S) -> Self {
                $konst(x)
            }
            fn val(self) -> $S {
                $val(self)
            }
        }
    };
}

probe!(
    D1,
    f64,
    |x| D1::new(x, [1.0]),
    |x| D1::new(x, [0.5]),
    D1::constant,
    |d: D1| d.re
);
probe!(D3, f64, seed_d3, seed2_d3, D3::constant, |d: D3| d.re);
probe!(F2, f32, seed_f2, seed2_f2, F2::constant, |d: F2| d.re);
probe!(N1, f64, seed_n1, seed2_n1, konst_n1, |d: N1| d.re.re);

/// Every path of every exact row of the one-argument table, and `powi` through its four
/// paths, seeded and constant, against the reference bit for bit.
fn unary_value_mismatches<T: Real + RealField, const N: usize>(
    grid: &[<Dual<T, N> as Probe>::S],
) -> Vec<String>
where
    Dual<T, N>: Probe,
{
    let mut bad = Vec::new();
    for row in unary::<T, N>().into_iter().filter(|r| r.exact) {
        let reference = <<Dual<T, N> as Probe>::S as Plain>::pick1(row.f64, row.f32);
        let paths: Vec<(&str, Fn1<T, N>)> = [Some(("inherent", row.inherent))]
            .into_iter()
            .chain([
                row.float.map(|f| ("Float", f)),
                row.complex.map(|f| ("ComplexField", f)),
            ])
            .flatten()
            .collect();
        for &x in grid {
            let want = reference(x);
            for (how, d) in [("seed", Probe::seed(x)), ("const", Probe::konst(x))] {
                for &(path, f) in &paths {
                    let got = f(d).val();
                    if !same(got, want) {
                        bad.push(format!(
                            "{}({x:?}) [{how}, {path}]: f = {want:?}, dual = {got:?}",
                            row.name
                        ));
                    }
                }
            }
        }
    }
    for &n in POWI_EXPONENTS {
        for &x in grid {
            let want = x.powi(n);
            for (path, f) in powi_paths::<T, N>() {
                let got = f(Probe::seed(x), n).val();
                if !same(got, want) {
                    bad.push(format!(
                        "powi({x:?}, {n}) [{path}]: f = {want:?}, dual = {got:?}"
                    ));
                }
            }
        }
    }
    bad
}

/// Every path of every two-argument row (and operator), on every pair of the grid, as
/// (variable, variable), (variable, constant), (constant, variable).
fn binary_value_mismatches<T: Real + RealField, const N: usize>(
    grid: &[<Dual<T, N> as Probe>::S],
) -> Vec<String>
where
    Dual<T, N>: Probe,
{
    type S<T, const N: usize> = <Dual<T, N> as Probe>::S;
    let mut bad = Vec::new();
    for row in binary::<T, N>() {
        let reference = <<Dual<T, N> as Probe>::S as Plain>::pick2(row.f64, row.f32);
        let paths: Vec<(&str, fn(Dual<T, N>, Dual<T, N>) -> Dual<T, N>)> =
            [Some(("inherent", row.inherent))]
                .into_iter()
                .chain([
                    row.float.map(|f| ("Float", f)),
                    row.complex.map(|f| ("ComplexField", f)),
                ])
                .flatten()
                .collect();
        for &x in grid {
            for &y in grid {
                let want = reference(x, y);
                let pairs = [
                    ("var,var", Probe::seed(x), Probe::seed2(y)),
                    ("var,const", Probe::seed(x), Probe::konst(y)),
                    ("const,var", Probe::konst(x), Probe::seed2(y)),
                ];
                // std's max/min (and so fdim built on them) may return either zero when +0
                // and -0 tie: compare those by value
                let zero_tie = x == y
                    && x == S::<T, N>::zero()
                    && matches!(row.name, "max" | "min" | "abs_sub");
                let eq = |g: S<T, N>| if zero_tie { g == want } else { same(g, want) };
                for (how, a, b) in pairs {
                    for &(path, f) in &paths {
                        let got = f(a, b).val();
                        if !eq(got) {
                            bad.push(format!(
                                "{}({x:?}, {y:?}) [{how}, {path}]: f = {want:?}, dual = {got:?}",
                                row.name
                            ));
                        }
                    }
                }
            }
        }
    }
    bad
}

/// `mul_add` (four paths and `mul_add_assign`) against std's; `clamp` (three paths) against
/// the documented rule `min(max(x, lo), hi)` everywhere, and against std's `clamp` where
/// its bounds are valid (a tie with a bound may differ only in the sign of zero).
fn ternary_value_mismatches<T: Real + RealField, const N: usize>(
    grid: &[<Dual<T, N> as Probe>::S],
) -> Vec<String>
where
    Dual<T, N>: Probe + MulAddAssign,
{
    let mut bad = Vec::new();
    for row in ternary::<T, N>() {
        let reference = <<Dual<T, N> as Probe>::S as Plain>::pick3(row.f64, row.f32);
        let paths: Vec<(&str, fn(Dual<T, N>, Dual<T, N>, Dual<T, N>) -> Dual<T, N>)> =
            [Some(("inherent", row.inherent))]
                .into_iter()
                .chain([
                    row.float.map(|f| ("Float", f)),
                    row.complex.map(|f| ("ComplexField", f)),
                    row.other.map(|f| ("MulAdd", f)),
                ])
                .flatten()
                .collect();
        for &x in grid {
            for &a in grid {
                for &b in grid {
                    let want = reference(x, a, b);
                    let (dx, da) = (Probe::seed(x), Probe::seed2(a));
                    let db = if row.id == Id3::clamp {
                        Probe::seed(b)
                    } else {
                        Probe::konst(b)
                    };
                    for &(path, f) in &paths {
                        let got = f(dx, da, db).val();
                        if !same(got, want) {
                            bad.push(format!(
                                "{}({x:?}, {a:?}, {b:?}) [{path}]: f = {want:?}, dual = {got:?}",
                                row.name
                            ));
                        }
                    }
                    if row.id == Id3::mul_add {
                        let mut assign = dx;
                        assign.mul_add_assign(da, db);
                        if !same(assign.val(), want) {
                            bad.push(format!("mul_add_assign({x:?}, {a:?}, {b:?}): f = {want:?}"));
                        }
                    }
                    if row.id == Id3::clamp && !a.is_nan() && !b.is_nan() && a <= b {
                        let std = x.clamp(a, b);
                        // Documented (conventions.md): at a tie the value is the bound's, so
                        // clamp(-0, +0, _) is +0 where f64::clamp gives -0. Only the sign of a
                        // zero can differ; compare those by value.
                        let t = (row.inherent)(dx, da, db).val();
                        let ok = if x == a || x == b {
                            t == std
                        } else {
                            same(t, std)
                        };
                        if !ok {
                            bad.push(format!(
                                "clamp({x:?}, {a:?}, {b:?}): f = {std:?}, dual = {t:?}"
                            ));
                        }
                    }
                }
            }
        }
    }
    bad
}

#[test]
fn unary_values_are_the_float_function_bit_for_bit() {
    let (g64, g32) = (values_f64(), values_f32());
    let mut bad = unary_value_mismatches::<f64, 1>(&g64);
    bad.extend(unary_value_mismatches::<f64, 3>(&g64));
    bad.extend(unary_value_mismatches::<D1, 1>(&g64));
    bad.extend(unary_value_mismatches::<f32, 2>(&g32));
    report(&bad);
}

#[test]
fn binary_values_are_the_float_function_bit_for_bit() {
    let (g64, g32) = (values_f64(), values_f32());
    let mut bad = binary_value_mismatches::<f64, 1>(&g64);
    bad.extend(binary_value_mismatches::<f64, 3>(&g64));
    bad.extend(binary_value_mismatches::<D1, 1>(&small_f64()));
    bad.extend(binary_value_mismatches::<f32, 2>(&g32));
    report(&bad);
}

#[test]
fn mul_add_and_clamp_values_are_the_float_function_bit_for_bit() {
    let s = small_f64();
    let s32: Vec<f32> = s.iter().map(|&x| x as f32).collect();
    let mut bad = ternary_value_mismatches::<f64, 1>(&s);
    bad.extend(ternary_value_mismatches::<f64, 3>(&s));
    bad.extend(ternary_value_mismatches::<D1, 1>(&s[..12]));
    bad.extend(ternary_value_mismatches::<f32, 2>(&s32));
    report(&bad);
}

/// `max`/`min` at a tie of zeros of opposite signs: std documents that `f64::max`/`min`
/// may return either zero there (non-deterministically), so only the value and the tie
/// rule of the tangent are checked.
#[test]
fn max_and_min_at_a_tie_of_signed_zeros() {
    for (a, b) in [(0.0, -0.0), (-0.0, 0.0)] {
        let (x, y) = (D3::new(a, [1.0, 0.0, 2.0]), D3::new(b, [3.0, 1.0, 0.0]));
        for got in [x.min(y), x.max(y), Float::min(x, y), Float::max(x, y)] {
            assert_eq!(got.re, 0.0);
            assert_eq!(got.eps, [2.0, 0.5, 1.0]);
        }
        let n = <N1 as Probe>::seed(a).min(N1::seed2(b));
        assert_eq!((n.re.re, n.re.eps[0], n.eps[0].re), (0.0, 0.75, 0.75));
    }
}

/// `Float::abs_sub` is `fdim`: +0 when `x <= y`, so `abs_sub(∞, ∞)` is 0, not NaN.
#[test]
fn abs_sub_of_equal_infinities_is_zero_as_fdim() {
    for inf in [f64::INFINITY, f64::NEG_INFINITY] {
        #[allow(deprecated)]
        let want = inf.abs_sub(inf);
        assert_eq!(want, 0.0);
        let (a, b) = (D3::new(inf, [1.0, 0.0, 2.0]), D3::new(inf, [0.0, 1.0, 2.0]));
        let got = Float::abs_sub(a, b);
        assert_eq!(
            got.re.to_bits(),
            want.to_bits(),
            "abs_sub({inf}, {inf}) = {:?}",
            got.re
        );
        // `∞ - ∞` is NaN, which `max` ignores: the constant 0, as the sparsity tracer
        // also says (no dependency); finite ties keep the tie rule (tests/review_linalg.rs)
        assert_eq!(got.eps, [0.0, 0.0, 0.0]);
        assert_eq!(Signed::abs_sub(&a, &b).re, 0.0);
    }
}

#[test]
fn ml_functions_values_against_their_definitions() {
    for &x in &values_f64() {
        let d = <D3 as Probe>::seed(x);
        // relu and unit_step exactly
        let relu = d.relu().re;
        let step = d.unit_step().re;
        if x.is_nan() {
            assert!(relu.is_nan() && step.is_nan() && d.sigmoid().re.is_nan());
            assert!(d.softplus().re.is_nan());
            continue;
        }
        let (want_relu, want_step) = if x > 0.0 {
            (x, 1.0)
        } else if x < 0.0 {
            (0.0, 0.0)
        } else {
            (0.0, 0.5)
        };
        assert_eq!(relu.to_bits(), want_relu.to_bits(), "relu({x:?})");
        assert_eq!(step, want_step, "unit_step({x:?})");
        // sigmoid = 1/(1 + e^-x), accurate where e^-x does not overflow; the other tail
        // is e^x / (1 + e^x).
        let s = d.sigmoid().re;
        let want = if x >= 0.0 {
            1.0 / (1.0 + (-x).exp())
        } else {
            x.exp() / (1.0 + x.exp())
        };
        assert!(
            (s - want).abs() <= FEW_ULPS * want,
            "sigmoid({x:?}) = {s:?}, want {want:?}"
        );
        // softplus = ln(1 + e^x); for e^x overflowing, x + ln(1 + e^-x)
        let sp = d.softplus().re;
        let want = if x < 700.0 {
            x.exp().ln_1p()
        } else {
            x + (-x).exp().ln_1p()
        };
        assert!(
            (sp - want).abs() <= FEW_ULPS * want.abs() || sp == want,
            "softplus({x:?}) = {sp:?}, want {want:?}"
        );
    }
}

#[test]
fn classification_and_decoding_are_those_of_the_value() {
    fn check<P: Probe>(grid: &[P::S]) {
        for &x in grid {
            for d in [P::seed(x), P::konst(x)] {
                assert_eq!(d.classify(), x.classify(), "{x:?}");
                assert_eq!(d.is_nan(), x.is_nan());
                assert_eq!(d.is_infinite(), x.is_infinite());
                assert_eq!(d.is_finite(), x.is_finite());
                assert_eq!(d.is_normal(), x.is_normal());
                assert_eq!(Float::is_subnormal(d), Float::is_subnormal(x));
                assert_eq!(d.is_sign_positive(), x.is_sign_positive(), "{x:?}");
                assert_eq!(d.is_sign_negative(), x.is_sign_negative(), "{x:?}");
                assert_eq!(d.integer_decode(), x.integer_decode(), "{x:?}");
                assert_eq!(d.is_zero(), x.is_zero());
                assert_eq!(d.is_one(), x.is_one());
                assert!(same(Signed::abs(&d).val(), x.abs()));
                assert!(same(Signed::signum(&d).val(), x.signum()));
            }
        }
    }
    check::<D1>(&values_f64());
    check::<D3>(&values_f64());
    check::<N1>(&values_f64());
    check::<F2>(&values_f32());
}

/// `Signed::is_positive`/`is_negative` must branch as the float does: for f64 they are
/// `is_sign_positive`/`is_sign_negative`, so +0 is positive and -0 negative.
#[test]
fn signed_is_positive_and_is_negative_agree_with_the_float() {
    fn check<P: Probe + Signed>(grid: &[P::S])
    where
        P::S: Signed,
    {
        for &x in grid {
            let d = P::seed(x);
            assert_eq!(d.is_positive(), x.is_positive(), "is_positive({x:?})");
            assert_eq!(d.is_negative(), x.is_negative(), "is_negative({x:?})");
        }
    }
    check::<D1>(&values_f64());
    check::<D3>(&values_f64());
    check::<N1>(&values_f64());
    check::<F2>(&values_f32());
}

#[test]
fn comparisons_agree_with_the_float() {
    let g = values_f64();
    for &a in &g {
        for &b in &g {
            let (x, y) = (<D3 as Probe>::seed(a), D3::seed2(b));
            assert_eq!(x == y, a == b);
            assert_eq!(x != y, a != b);
            assert_eq!(x < y, a < b);
            assert_eq!(x <= y, a <= b);
            assert_eq!(x > y, a > b);
            assert_eq!(x >= y, a >= b);
            assert_eq!(x.partial_cmp(&y), a.partial_cmp(&b));
            let (p, q) = (<N1 as Probe>::seed(a), N1::seed2(b));
            assert_eq!(p.partial_cmp(&q), a.partial_cmp(&b));
        }
    }
}

#[test]
fn constants_are_the_float_constants_with_zero_tangent() {
    fn check<P: Probe + FloatConst>(name: &str, d: P, want: P::S) {
        assert!(same(d.val(), want), "{name}: {:?} vs {want:?}", d.val());
        // a constant: through any function it stays one; its tangent is zero
        assert_eq!(d.is_nan(), want.is_nan());
    }
    macro_rules! all {
        ($P:ty, $S:ty) => {
            check(
                "epsilon",
                <$P as Float>::epsilon(),
                <$S as Float>::epsilon(),
            );
            check(
                "min_positive_value",
                <$P as Float>::min_positive_value(),
                <$S>::MIN_POSITIVE,
            );
            check("max_value", <$P as Float>::max_value(), <$S>::MAX);
            check("min_value", <$P as Float>::min_value(), <$S>::MIN);
            check("nan", <$P as Float>::nan(), <$S>::NAN);
            check("infinity", <$P as Float>::infinity(), <$S>::INFINITY);
            check(
                "neg_infinity",
                <$P as Float>::neg_infinity(),
                <$S>::NEG_INFINITY,
            );
            check("neg_zero", <$P as Float>::neg_zero(), -0.0);
            check("zero", <$P as Zero>::zero(), 0.0);
            check("one", <$P as One>::one(), 1.0);
            check("PI", <$P as FloatConst>::PI(), <$S as FloatConst>::PI());
            check("E", <$P as FloatConst>::E(), <$S as FloatConst>::E());
            check("TAU", <$P as FloatConst>::TAU(), <$S as FloatConst>::TAU());
            check(
                "LN_2",
                <$P as FloatConst>::LN_2(),
                <$S as FloatConst>::LN_2(),
            );
            check(
                "LOG2_10",
                <$P as FloatConst>::LOG2_10(),
                <$S as FloatConst>::LOG2_10(),
            );
            check(
                "FRAC_1_SQRT_2",
                <$P as FloatConst>::FRAC_1_SQRT_2(),
                <$S as FloatConst>::FRAC_1_SQRT_2(),
            );
        };
    }
    all!(D1, f64);
    all!(D3, f64);
    all!(N1, f64);
    all!(F2, f32);
    assert_eq!(D3::epsilon().eps, [0.0; 3]);
    assert_eq!(D3::PI().eps, [0.0; 3]);
    assert_eq!(D3::epsilon().re, f64::EPSILON);
}

#[test]
fn conversions_match_the_float_and_round_trip() {
    for &x in &values_f64() {
        let d = <D3 as Probe>::seed(x);
        assert_eq!(d.to_i8(), x.to_i8(), "{x:?}");
        assert_eq!(d.to_i16(), x.to_i16());
        assert_eq!(d.to_i32(), x.to_i32(), "{x:?}");
        assert_eq!(d.to_i64(), x.to_i64());
        assert_eq!(d.to_i128(), x.to_i128());
        assert_eq!(d.to_isize(), x.to_isize());
        assert_eq!(d.to_u8(), x.to_u8(), "{x:?}");
        assert_eq!(d.to_u16(), x.to_u16());
        assert_eq!(d.to_u32(), x.to_u32());
        assert_eq!(d.to_u64(), x.to_u64());
        assert_eq!(d.to_u128(), x.to_u128());
        assert_eq!(d.to_usize(), x.to_usize());
        assert_eq!(d.to_f32().map(f32::to_bits), x.to_f32().map(f32::to_bits));
        assert!(same(d.to_f64().unwrap(), x));
        assert!(same(<N1 as Probe>::seed(x).to_f64().unwrap(), x));
        assert_eq!(
            <N1 as Probe>::seed(x).to_f32().map(f32::to_bits),
            x.to_f32().map(f32::to_bits)
        );
        // round trips: f64 -> dual -> f64
        assert!(same(D3::from_f64(x).unwrap().to_f64().unwrap(), x));
        assert!(same(<D3 as NumCast>::from(x).unwrap().re, x));
        assert!(same(N1::from_f64(x).unwrap().re.re, x));
        assert!(same(<N1 as NumCast>::from(x).unwrap().re.re, x));
        assert_eq!(D3::from_f64(x).unwrap().eps, [0.0; 3]);
        // a dual converted from a dual keeps the value only
        assert!(same(<D1 as NumCast>::from(d).unwrap().re, x));
        // to f32 duals, as f32 converts
        assert_eq!(
            F2::from_f64(x).map(|v| v.re.to_bits()),
            f32::from_f64(x).map(f32::to_bits),
            "{x:?}"
        );
        assert_eq!(
            <F2 as NumCast>::from(x).map(|v| v.re.to_bits()),
            <f32 as NumCast>::from(x).map(f32::to_bits)
        );
    }
    for &x in &values_f32() {
        let d = <F2 as Probe>::seed(x);
        assert!(same(d.to_f32().unwrap(), x));
        assert!(same(d.to_f64().unwrap(), x as f64));
        assert_eq!(d.to_i32(), x.to_i32());
        assert_eq!(d.to_u64(), x.to_u64());
        assert!(same(F2::from_f32(x).unwrap().re, x));
    }
    for n in [0i64, 1, -1, 1 << 53, (1 << 53) + 1, i64::MAX, i64::MIN] {
        assert_eq!(D3::from_i64(n).map(|d| d.re), f64::from_i64(n));
        assert_eq!(
            D3::from_i32(n as i32).map(|d| d.re),
            f64::from_i32(n as i32)
        );
        assert_eq!(
            <D3 as NumCast>::from(n).map(|d| d.re),
            <f64 as NumCast>::from(n)
        );
        assert_eq!(N1::from_i64(n).map(|d| d.re.re), f64::from_i64(n));
        assert_eq!(F2::from_i64(n).map(|d| d.re), f32::from_i64(n));
    }
    for n in [0u64, 1, u64::MAX, (1 << 53) + 1] {
        assert_eq!(D3::from_u64(n).map(|d| d.re), f64::from_u64(n));
        assert_eq!(D3::from_u8(n as u8).map(|d| d.re), f64::from_u8(n as u8));
        assert_eq!(
            D3::from_usize(n as usize).map(|d| d.re),
            f64::from_usize(n as usize)
        );
    }
    // i128/u128 only within the i64/u64 range here; beyond it see the next test.
    for n in [0i128, -5, i64::MAX as i128] {
        assert_eq!(D3::from_i128(n).map(|d| d.re), f64::from_i128(n));
    }
    assert_eq!(
        <D3 as NumCast>::from(1u128 << 100).map(|d| d.re),
        Some(2f64.powi(100))
    );
}

/// `FromPrimitive::from_i128`/`from_u128` beyond the 64-bit range: f64 converts (with
/// rounding), so must the dual.
#[test]
fn from_i128_and_from_u128_beyond_64_bits_convert_as_the_float() {
    for n in [
        1i128 << 100,
        -(1i128 << 100),
        i128::MAX,
        i128::MIN,
        (i64::MAX as i128) + 1,
    ] {
        assert_eq!(D3::from_i128(n).map(|d| d.re), f64::from_i128(n), "{n}");
        assert_eq!(N1::from_i128(n).map(|d| d.re.re), f64::from_i128(n), "{n}");
        assert_eq!(F2::from_i128(n).map(|d| d.re), f32::from_i128(n), "{n}");
    }
    for n in [1u128 << 100, u128::MAX, (u64::MAX as u128) + 1] {
        assert_eq!(D3::from_u128(n).map(|d| d.re), f64::from_u128(n), "{n}");
        assert_eq!(F2::from_u128(n).map(|d| d.re), f32::from_u128(n), "{n}");
    }
}

#[test]
fn real_trait_literal_mul_f64_and_exact_zero() {
    for &x in &values_f64() {
        for &c in &[2.0, -0.5, 0.0, 3.7, f64::INFINITY, 1e-310] {
            let d = D3::new(x, [1.0, -2.0, 0.25]);
            let m = d.mul_f64(c);
            assert!(same(m.re, x * c));
            assert_eq!(
                m.eps.map(f64::to_bits),
                [c, -2.0 * c, 0.25 * c].map(f64::to_bits)
            );
            let n = <N1 as Probe>::seed(x).mul_f64(c);
            assert!(same(n.re.re, x * c));
            assert!(same(n.eps[0].re, c));
            let f = F2::new(x as f32, [1.0, 3.0]).mul_f64(c);
            assert!(same(f.re, x as f32 * c as f32));
            assert!(same(f.eps[1], 3.0 * c as f32));
        }
        assert!(same(D3::literal(x).re, x));
        assert_eq!(D3::literal(x).eps, [0.0; 3]);
        assert!(same(F2::literal(x).re, x as f32));
        assert!(same(N1::literal(x).re.re, x));
    }
    assert!(D3::constant(-0.0).is_exact_zero());
    assert!(!D3::new(0.0, [0.0, 1e-300, 0.0]).is_exact_zero());
    assert!(!D3::new(0.0, [f64::NAN, 0.0, 0.0]).is_exact_zero());
    assert!(<N1 as Probe>::konst(0.0).is_exact_zero());
    assert!(!<N1 as Probe>::seed(0.0).is_exact_zero());
    assert!(
        !Dual::<Dual<f64, 1>, 1>::new(D1::new(0.0, [1.0]), [D1::constant(0.0)]).is_exact_zero()
    );
    let [x, y, z] = D3::variables([1.0, 2.0, 3.0]);
    assert_eq!(
        (x.eps, y.eps, z.eps),
        ([1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0])
    );
    assert_eq!((*y.tangent(), y.value()), ([0.0, 1.0, 0.0], 2.0));
    assert!(D3::default().identical(&D3::constant(0.0)));
    assert!(<D3 as From<f64>>::from(2.5).identical(&D3::constant(2.5)));
    assert!(!x.identical(&D3::constant(1.0)) && x == D3::constant(1.0));
}
