//! No public function, operator or trait method of `Dual` panics on any float: NaN, ±∞,
//! ±0, subnormals, `f64::MAX`, `f64::MIN_POSITIVE`, ..., in the value and in the tangent.
//! One-argument functions run on every special dual, two-argument ones on every pair,
//! three-argument ones (`clamp` with `min > max` and NaN bounds, `mul_add`) on every
//! triple of special values. The grid runs for `Dual<f64, 2>`, `Dual<f32, 2>` and, on a
//! smaller grid, the nested `Dual<Dual<f64, 1>, 2>`.
//!
//! (`Dual::variable` with an index out of range panics by design; `edge_cases.rs` checks
//! its message.)

mod common;

use std::hint::black_box;

use common::functions::{
    POWI_EXPONENTS, binary as binary_table, binary_row as row2, konst_n1, seed_d3, seed_f2,
    seed_n1, seed2_f2, seed2_n1, trait_paths, trait_paths2, unary as unary_table, unary_row as row,
};
use common::grids::{no_panic_f64, no_panic_tangents, small_f64, values_f32, values_f64};
use common::tolerance::report;
use nalgebra::RealField;

type D1 = Dual<f64, 1>;
type D3 = Dual<f64, 3>;
type F2 = Dual<f32, 2>;
type N1 = Dual<Dual<f64, 1>, 1>;

use dualnum::{Dual, Real};
use num_traits::{
    Float, FloatConst, FromPrimitive, Inv, MulAdd, MulAddAssign, Num, NumCast, One, Pow, Signed,
    ToPrimitive, Zero,
};

/// Every special value with every special tangent.
fn special_duals<T: Real>() -> Vec<Dual<T, 2>> {
    let lit = T::literal;
    let mut out = Vec::new();
    for v in no_panic_f64() {
        for [a, b] in no_panic_tangents() {
            out.push(Dual::new(lit(v), [lit(a), lit(b)]));
        }
    }
    out
}

/// A smaller set for the binary and ternary grids: every value with two tangents.
fn some_duals<T: Real>() -> Vec<Dual<T, 2>> {
    let lit = T::literal;
    let mut out = Vec::new();
    for v in no_panic_f64() {
        out.push(Dual::new(lit(v), [lit(1.0), lit(0.0)]));
        out.push(Dual::new(lit(v), [lit(f64::NAN), lit(f64::INFINITY)]));
    }
    out
}

/// Every one-argument function, query and conversion, inherent and through the traits.
fn unary<T: Real>(x: Dual<T, 2>) {
    let lit = T::literal;
    // Inherent elementary functions.
    black_box((
        x.exp(),
        x.exp2(),
        x.exp_m1(),
        x.ln(),
        x.ln_1p(),
        x.log2(),
        x.log10(),
    ));
    black_box((
        x.sqrt(),
        x.cbrt(),
        x.recip(),
        x.sin(),
        x.cos(),
        x.sin_cos(),
        x.tan(),
    ));
    black_box((x.asin(), x.acos(), x.atan(), x.sinh(), x.cosh(), x.tanh()));
    black_box((x.asinh(), x.acosh(), x.atanh(), x.abs(), x.signum()));
    black_box((x.floor(), x.ceil(), x.round(), x.trunc(), x.fract()));
    black_box((x.sigmoid(), x.relu(), x.softplus(), x.unit_step()));
    black_box((x.to_degrees(), x.to_radians(), -x));
    for n in [
        i32::MIN,
        i32::MIN + 1,
        -1000,
        -3,
        -2,
        -1,
        0,
        1,
        2,
        3,
        1000,
        i32::MAX,
    ] {
        black_box((x.powi(n), Float::powi(x, n), Pow::pow(x, n)));
    }
    for v in no_panic_f64() {
        black_box((x.powf(lit(v)), Pow::pow(x, lit(v)), x.log(lit(v))));
        black_box((x.chain(lit(v), lit(v)), x.chain(lit(1.0), lit(v))));
        black_box((x + lit(v), x - lit(v), x * lit(v), x / lit(v), x % lit(v)));
        let mut y = x;
        y += lit(v);
        y -= lit(v);
        y *= lit(v);
        y /= lit(v);
        y %= lit(v);
        black_box(y);
    }
    // Accessors, constructors and queries.
    black_box((
        x.value(),
        x.tangent(),
        x.has_zero_tangent(),
        x.is_exact_zero(),
    ));
    let y = black_box(x);
    black_box((x.identical(&y), x == y, x.partial_cmp(&y), x < y, x >= y));
    black_box((
        Dual::<T, 2>::constant(x.re),
        Dual::<T, 2>::variable(x.re, 1),
    ));
    black_box((
        Dual::<T, 2>::variables([x.re, x.re]),
        <Dual<T, 2> as From<T>>::from(x.re),
    ));
    black_box(format!("{x:?}"));
    // num-traits: Float.
    black_box((
        Float::floor(x),
        Float::ceil(x),
        Float::round(x),
        Float::trunc(x),
    ));
    black_box((
        Float::fract(x),
        Float::abs(x),
        Float::signum(x),
        Float::recip(x),
    ));
    black_box((Float::sqrt(x), Float::exp(x), Float::exp2(x), Float::ln(x)));
    black_box((
        Float::log2(x),
        Float::log10(x),
        Float::cbrt(x),
        Float::sin(x),
    ));
    black_box((Float::cos(x), Float::tan(x), Float::asin(x), Float::acos(x)));
    black_box((
        Float::atan(x),
        Float::exp_m1(x),
        Float::ln_1p(x),
        Float::sinh(x),
    ));
    black_box((
        Float::cosh(x),
        Float::tanh(x),
        Float::asinh(x),
        Float::acosh(x),
    ));
    black_box((Float::atanh(x), Float::sin_cos(x), Float::to_degrees(x)));
    black_box((
        Float::to_radians(x),
        Float::classify(x),
        Float::integer_decode(x),
    ));
    black_box((x.is_nan(), x.is_infinite(), x.is_finite(), x.is_normal()));
    black_box((
        Float::is_subnormal(x),
        x.is_sign_positive(),
        x.is_sign_negative(),
    ));
    // num-traits: Signed, Zero, One, Inv, ToPrimitive, NumCast.
    black_box((
        Signed::abs(&x),
        Signed::signum(&x),
        x.is_positive(),
        x.is_negative(),
    ));
    black_box((Signed::abs_sub(&x, &x), x.is_zero(), x.is_one(), x.inv()));
    black_box((
        x.to_i8(),
        x.to_i16(),
        x.to_i32(),
        x.to_i64(),
        x.to_i128(),
        x.to_isize(),
    ));
    black_box((
        x.to_u8(),
        x.to_u16(),
        x.to_u32(),
        x.to_u64(),
        x.to_u128(),
        x.to_usize(),
    ));
    black_box((x.to_f32(), x.to_f64()));
    black_box((<f64 as NumCast>::from(x), <i32 as NumCast>::from(x)));
    black_box(<Dual<T, 2> as NumCast>::from(x));
    // Sum and Product, owned and borrowed.
    let xs = [x, x, Dual::one()];
    black_box((
        xs.iter().sum::<Dual<T, 2>>(),
        xs.iter().product::<Dual<T, 2>>(),
    ));
    black_box((
        xs.into_iter().sum::<Dual<T, 2>>(),
        xs.into_iter().product::<Dual<T, 2>>(),
    ));
}

/// Every two-argument function and operator, inherent and through the traits.
fn binary<T: Real>(a: Dual<T, 2>, b: Dual<T, 2>) {
    black_box((a + b, a - b, a * b, a / b, a % b));
    let mut y = a;
    y += b;
    y -= b;
    y *= b;
    y /= b;
    y %= b;
    black_box(y);
    black_box((a.pow(b), a.hypot(b), a.atan2(b), a.max(b), a.min(b)));
    black_box((Float::powf(a, b), Float::log(a, b), Float::hypot(a, b)));
    black_box((Float::atan2(a, b), Float::max(a, b), Float::min(a, b)));
    black_box((Float::abs_sub(a, b), Float::copysign(a, b), Pow::pow(a, b)));
    black_box((Dual::chain2(a.re, &a, b.re, &b, a.re), a.partial_cmp(&b)));
    black_box((a == b, a < b, a.identical(&b)));
}

/// Every three-argument function: `clamp` (bounds in any order, NaN bounds) and the
/// fused multiply-adds.
fn ternary<T: Real>(x: Dual<T, 2>, lo: Dual<T, 2>, hi: Dual<T, 2>) {
    black_box((x.clamp(lo, hi), Float::clamp(x, lo, hi)));
    black_box((
        x.mul_add(lo, hi),
        Float::mul_add(x, lo, hi),
        MulAdd::mul_add(x, lo, hi),
    ));
    let mut y = x;
    y.mul_add_assign(lo, hi);
    black_box(y);
}

/// Constructors that take no dual: constants, conversions and parsing.
fn nullary<T: Real>() {
    type D<T> = Dual<T, 2>;
    black_box((D::<T>::zero(), D::<T>::one(), D::<T>::default()));
    black_box((
        D::<T>::nan(),
        D::<T>::infinity(),
        D::<T>::neg_infinity(),
        D::<T>::neg_zero(),
    ));
    black_box((
        D::<T>::min_value(),
        D::<T>::min_positive_value(),
        D::<T>::epsilon(),
    ));
    black_box((
        D::<T>::max_value(),
        D::<T>::PI(),
        D::<T>::E(),
        D::<T>::TAU(),
    ));
    black_box((D::<T>::LN_2(), D::<T>::LOG2_10(), D::<T>::FRAC_1_SQRT_2()));
    for v in no_panic_f64() {
        black_box((
            D::<T>::from_f64(v),
            D::<T>::from_f32(v as f32),
            T::literal(v),
        ));
        black_box(<D<T> as NumCast>::from(v));
    }
    for n in [i64::MIN, -1, 0, 1, i64::MAX] {
        black_box((D::<T>::from_i64(n), D::<T>::from_u64(n as u64)));
        black_box((
            D::<T>::from_i128(<i128 as From<i64>>::from(n) * 3),
            D::<T>::from_u128(u128::MAX),
        ));
        black_box(<D<T> as NumCast>::from(n));
        black_box((D::<T>::from_i8(n as i8), D::<T>::from_usize(n as usize)));
    }
    for s in [
        "", "1.5", "-0", "nan", "NaN", "inf", "-inf", "1e400", "0x1p3", "z", "1.2.3",
    ] {
        for radix in [2, 10, 16, 36] {
            black_box(D::<T>::from_str_radix(s, radix).ok());
        }
    }
    let empty: [D<T>; 0] = [];
    black_box((
        D::<T>::variables([T::zero(); 2]),
        empty.iter().sum::<D<T>>(),
    ));
}

/// The whole grid for one real type.
fn grid<T: Real>(full: bool) {
    nullary::<T>();
    let duals = if full {
        special_duals::<T>()
    } else {
        some_duals::<T>()
    };
    for &x in &duals {
        unary(x);
    }
    let pairs = some_duals::<T>();
    for &a in &pairs {
        for &b in &pairs {
            binary(a, b);
        }
    }
    let values = no_panic_f64();
    for &x in &values {
        for &lo in &values {
            for &hi in &values {
                let d = |v: f64| Dual::<T, 2>::new(T::literal(v), [T::one(), T::zero()]);
                ternary(d(x), d(lo), d(hi));
            }
        }
    }
}

#[test]
fn nothing_panics_on_f64_duals() {
    grid::<f64>(true);
    for x in special_duals::<f64>() {
        black_box((format!("{x}"), format!("{x:.3}"), format!("{x:10.1}")));
    }
}

#[test]
fn nothing_panics_on_f32_duals() {
    grid::<f32>(true);
    for x in special_duals::<f32>() {
        black_box((format!("{x}"), format!("{x:.3}")));
    }
}

#[test]
fn nothing_panics_on_nested_duals() {
    grid::<Dual<f64, 1>>(false);
}

/// A plain `f64` (or `f32`) on the left of a dual, for every operator.
#[test]
fn nothing_panics_with_a_float_on_the_left() {
    for c in no_panic_f64() {
        for x in special_duals::<f64>() {
            black_box((c + x, c - x, c * x, c / x, c % x));
        }
        for x in special_duals::<f32>() {
            let c = c as f32;
            black_box((c + x, c - x, c * x, c / x, c % x));
        }
    }
}

/// A dual with no tangent component at all is a valid (if useless) type.
#[test]
fn nothing_panics_with_zero_tangent_components() {
    for v in no_panic_f64() {
        let x = Dual::<f64, 0>::constant(v);
        black_box((
            x.sin(),
            x.powi(3),
            x.pow(x),
            x.clamp(x, x),
            x + x,
            format!("{x}"),
        ));
        black_box((Dual::<f64, 0>::variables([]), x.has_zero_tangent()));
    }
}

/// The nalgebra (simba) traits: every `ComplexField` and `RealField` method, the `approx`
/// comparisons and `SimdValue`, on the same special values.
#[test]
fn nothing_panics_through_the_nalgebra_traits() {
    use approx::{AbsDiffEq, RelativeEq, UlpsEq};
    use nalgebra::{ComplexField, RealField};
    use simba::simd::SimdValue;

    type D = Dual<f64, 2>;
    // every ComplexField / RealField path of the function table, and the methods only the
    // traits have (common::functions::trait_paths, trait_paths2)
    let paths = trait_paths::<f64, 2>();
    let paths2 = trait_paths2::<f64, 2>();
    for x in special_duals::<f64>() {
        for m in &paths {
            black_box((m.call)(x));
        }
        black_box((ComplexField::is_finite(&x), x.try_sqrt()));
        black_box((
            RealField::is_sign_positive(&x),
            RealField::is_sign_negative(&x),
        ));
        black_box((
            D::splat(x),
            x.extract(0),
            x.select(true, x),
            x.select(false, x),
        ));
        let mut y = x;
        y.replace(0, x);
        black_box(y);
        for n in [i32::MIN, -1, 0, 1, 2, i32::MAX] {
            black_box(ComplexField::powi(x, n));
        }
    }
    let pairs = some_duals::<f64>();
    for &a in &pairs {
        for &b in &pairs {
            for m in &paths2 {
                black_box((m.call)(a, b));
            }
            black_box((
                a.abs_diff_eq(&b, b),
                a.relative_eq(&b, b, a),
                a.ulps_eq(&b, b, 4),
            ));
            for &c in pairs.iter().step_by(7) {
                black_box((RealField::clamp(a, b, c), ComplexField::mul_add(a, b, c)));
            }
        }
    }
    black_box((<D as RealField>::min_value(), <D as RealField>::max_value()));
    black_box((<D as RealField>::pi(), <D as RealField>::ln_10()));
    black_box((
        D::default_epsilon(),
        D::default_max_relative(),
        D::default_max_ulps(),
    ));
}

// ----- every row of the function table, and the zero-tangent guard ------------------------

#[test]
fn nothing_panics_on_special_values() {
    let ids: Vec<_> = unary_table::<f64, 3>()
        .iter()
        .map(|r| (r.id, r.name))
        .collect();
    let result = std::panic::catch_unwind(|| {
        let g = values_f64();
        let s = small_f64();
        for &x in &g {
            for &(id, _) in &ids {
                let _ = (row(id).inherent)(seed_d3(x));
                let _ = (row(id).inherent)(D3::new(x, [f64::NAN, f64::INFINITY, -0.0]));
                let _ = (row(id).inherent)(seed_f2(x as f32));
                let _ = (row(id).inherent)(seed_n1(x));
            }
            for &n in POWI_EXPONENTS {
                let _ = seed_n1(x).powi(n);
                let _ = seed_f2(x as f32).powi(n);
            }
            let _ = (
                seed_d3(x).to_i64(),
                seed_d3(x).to_u128(),
                seed_d3(x).to_f32(),
                D3::from_f64(x),
                F2::from_f64(x),
            );
            let _ = format!("{} {:.3} {:?}", seed_d3(x), seed_n1(x), seed_f2(x as f32));
        }
        for &x in &s {
            for &y in &s {
                for id in binary_table::<f64, 3>().iter().map(|r| r.id) {
                    let _ = (row2(id).inherent)(seed_n1(x), seed2_n1(y));
                    let _ = (row2(id).inherent)(
                        D3::new(x, [f64::NAN, 0.0, f64::INFINITY]),
                        D3::new(y, [0.0, f64::NEG_INFINITY, 1.0]),
                    );
                }
                for &z in &s {
                    let _ = seed_n1(x).clamp(seed2_n1(y), konst_n1(z));
                    let _ = Float::clamp(
                        seed_f2(x as f32),
                        seed2_f2(y as f32),
                        F2::constant(z as f32),
                    );
                    let _ = seed_n1(x).mul_add(seed2_n1(y), konst_n1(z));
                }
                let _ = (
                    x / seed_n1(y),
                    x - seed_n1(y),
                    seed_n1(x) / y,
                    seed_n1(x) * y,
                );
            }
        }
    });
    assert!(result.is_ok(), "a function panicked on a special value");
}

/// The zero-tangent guard (conventions.md): a tangent component that is exactly zero means
/// "this input does not move the argument", so wherever the VALUE is finite it must stay
/// zero, whatever the slope (infinite at sqrt(0), ln(0), asin(1), ...). Checked for every
/// function and operator over the special grid.
fn zero_guard_violations<T: Real + RealField>(g: &[T]) -> Vec<String> {
    let (one, zero, two) = (T::one(), T::zero(), T::literal(2.0));
    let ids: Vec<_> = unary_table::<f64, 3>()
        .iter()
        .map(|r| (r.id, r.name))
        .collect();
    let mut bad = Vec::new();
    for &x in g {
        let seeded = Dual::<T, 3>::new(x, [one, zero, -two]);
        for &(id, name) in &ids {
            let y = (row(id).inherent)(seeded);
            if y.re.is_finite() && y.eps[1] != zero {
                bad.push(format!("{name}({x:?}) = {y:?}"));
            }
            if row::<T, 3>(id).float.is_some() {
                let t = (row(id).float.unwrap())(seeded);
                if t.re.is_finite() && t.eps[1] != zero {
                    bad.push(format!("Float::{name}({x:?}) = {t:?}"));
                }
            }
        }
        for &n in POWI_EXPONENTS {
            let y = seeded.powi(n);
            if y.re.is_finite() && y.eps[1] != zero {
                bad.push(format!("powi({x:?}, {n}) = {y:?}"));
            }
        }
        for &z in g {
            let (a, b) = (
                Dual::<T, 3>::new(x, [one, zero, zero]),
                Dual::<T, 3>::new(z, [zero, one, zero]),
            );
            for (id, name) in binary_table::<f64, 3>().iter().map(|r| (r.id, r.name)) {
                for (what, r) in [
                    ("", (row2(id).inherent)(a, b)),
                    (
                        "Float::",
                        (row2(id).float.unwrap_or(row2(id).inherent))(a, b),
                    ),
                    ("(const) ", (row2(id).inherent)(a, Dual::constant(z))),
                ] {
                    if r.re.is_finite() && r.eps[2] != zero {
                        bad.push(format!("{what}{name}({x:?}, {z:?}) = {r:?}"));
                    }
                }
            }
            for (what, r) in [
                ("x % c", a % z),
                ("x / c", a / z),
                ("x * c", a * z),
                ("mul_add", a.mul_add(b, Dual::constant(z))),
                ("clamp", a.clamp(b, Dual::constant(z))),
            ] {
                if r.re.is_finite() && r.eps[2] != zero {
                    bad.push(format!("{what} at ({x:?}, {z:?}) = {r:?}"));
                }
            }
        }
    }
    bad
}

/// The zero-tangent guard (conventions.md): a tangent component that is exactly zero means
/// "this input does not move the argument", so wherever the VALUE is finite it must stay
/// zero, whatever the slope (infinite at sqrt(0), ln(0), asin(1), ...). Checked for every
/// function and operator over the special grids, f64 and f32.
#[test]
fn zero_tangent_components_stay_zero_wherever_the_value_is_finite() {
    let mut bad = zero_guard_violations(&values_f64());
    bad.extend(zero_guard_violations(&values_f32()));
    // a plain float on the left
    for &x in &values_f64() {
        for &z in &values_f64() {
            let b = D3::new(z, [0.0, 1.0, 0.0]);
            for (what, r) in [
                ("c % y", x % b),
                ("c / y", x / b),
                ("c * y", x * b),
                ("c - y", x - b),
            ] {
                if r.re.is_finite() && r.eps[2] != 0.0 {
                    bad.push(format!("{what} at ({x:?}, {z:?}) = {r:?}"));
                }
            }
            let n = x / N1::new(D1::new(z, [0.0]), [D1::new(1.0, [0.0])]);
            if n.re.re.is_finite() && n.re.eps[0] != 0.0 {
                bad.push(format!("f64 / nested at ({x:?}, {z:?}) = {n:?}"));
            }
        }
    }
    for &x in &values_f32() {
        for &z in &values_f32() {
            let b = F2::new(z, [1.0, 0.0]);
            for (what, r) in [("c % y", x % b), ("c / y", x / b)] {
                if r.re.is_finite() && r.eps[1] != 0.0 {
                    bad.push(format!("f32 {what} at ({x:?}, {z:?}) = {r:?}"));
                }
            }
        }
    }
    report(&bad);
}

/// `powf(x, n)` with a huge even exponent at `x = -1`: `x^n = 1` and the slope is
/// `n (-1)^(n-1) = -n`, but `n - 1` rounds back to `n` for `|n| >= 2^53`, so a plain
/// `n x^(n-1)` would give `+n`. The same for `f32` from `2^24`. Also through `pow`.
#[test]
fn powf_slope_at_minus_one_with_a_huge_even_exponent() {
    let n = 2f64.powi(60);
    let d = seed_d3(-1.0).powf(n);
    assert_eq!(d.re, 1.0);
    assert_eq!(d.eps[0], -n, "powf(-1, 2^60)' = {:e}", d.eps[0]);
    let f = seed_f2(-1.0).powf(2f32.powi(30));
    assert_eq!(f.eps[0], -(2f32.powi(30)));
    // A dual exponent: d/da a^b = b a^(b-1) = -n at a = -1 (the exponent term is NaN: a
    // negative base has no real derivative in b).
    let a = dualnum::Dual::<f64, 2>::new(-1.0, [1.0, 0.0]);
    let b = dualnum::Dual::<f64, 2>::new(n, [0.0, 1.0]);
    let p = a.pow(b);
    assert_eq!((p.re, p.eps[0]), (1.0, -n));
    // The odd power x^(n-1) at the ends, by hand: at ±0 it is ±0 for n > 0 and ±∞ for
    // n < 0; at -∞ it is -∞ for n > 0 and -0 for n < 0. The slope is n times it.
    let slope = |x: f64, n: f64| seed_d3(x).powf(n).eps[0];
    assert_eq!(slope(0.0, n).to_bits(), 0.0f64.to_bits());
    assert_eq!(slope(-0.0, n).to_bits(), (-0.0f64).to_bits());
    assert_eq!(slope(-0.0, -n), f64::INFINITY);
    assert_eq!(slope(0.0, -n), f64::NEG_INFINITY);
    assert_eq!(slope(f64::NEG_INFINITY, n), f64::NEG_INFINITY);
    assert_eq!(slope(f64::NEG_INFINITY, -n).to_bits(), 0.0f64.to_bits());
}
