//! Independent review of the scalar core (`dual.rs`, `ops.rs`, `functions.rs`, `float.rs`,
//! `real.rs`) for `Dual<f64, 1>`, `Dual<f64, 3>`, `Dual<f32, 2>` and the nested
//! `Dual<Dual<f64, 1>, 1>`.
//!
//! Oracles, never the crate's own output:
//! - VALUES: the plain `f64`/`f32` function (inherent std method) on the same input, bit
//!   for bit (NaN for NaN), over a grid of special and ordinary inputs, called both through
//!   the inherent `Dual` method and generically through `num_traits::Float`
//!   ([`via_float`]).
//! - DERIVATIVES: hand-derived formulas (written in a form that is accurate at the point,
//!   e.g. `(1 - x)(1 + x)` for `1 - x²` near 1, exact power-of-two scaling for tiny or huge
//!   arguments), and 4th-order central differences where the function is smooth.
//! - SECOND DERIVATIVES: hand formulas, through nested duals.
//! - `%`: `trunc` of the exact quotient, from the integer significands.

#![allow(clippy::type_complexity)]

use core::f64::consts::{FRAC_PI_2, LN_2, LN_10, PI};
use std::fmt::Debug;

use dualnum::{Dual, Real};
use num_traits::{
    Float, FloatConst, FromPrimitive, Inv, MulAdd, MulAddAssign, NumCast, One, Pow, Signed,
    ToPrimitive, Zero,
};

type D1 = Dual<f64, 1>;
type D3 = Dual<f64, 3>;
type F2 = Dual<f32, 2>;
type N1 = Dual<Dual<f64, 1>, 1>;
type N2 = Dual<Dual<f64, 2>, 2>;

// ================================================================================
// Grids
// ================================================================================

fn grid64() -> Vec<f64> {
    let mut v = vec![
        f64::NAN,
        -f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        0.0,
        -0.0,
        f64::from_bits(1),
        -f64::from_bits(1),
        f64::MIN_POSITIVE / 3.0,
        -f64::MIN_POSITIVE / 7.0,
        f64::MIN_POSITIVE,
        -f64::MIN_POSITIVE,
        f64::MAX,
        f64::MIN,
        f64::EPSILON,
        1.0 + f64::EPSILON,
        1.0 - f64::EPSILON / 2.0,
        -(1.0 - f64::EPSILON / 2.0),
        0.5 - f64::EPSILON / 4.0,
        1e300,
        -1e300,
        1e-300,
        -1e-300,
        1e154,
        -1e200,
        0.1,
        -0.7,
        0.3,
        1e16,
        4503599627370497.0,  // 2^52 + 1
        -4503599627370495.5, // a half-integer near 2^52
        9007199254740993.0,  // 2^53 + 1, rounds to 2^53
        20.0,
        -20.0,
        40.0,
        -40.0,
        709.0,
        710.0,
        -745.0,
        -746.0,
        FRAC_PI_2,
        PI,
        -PI,
    ];
    for k in -6..=6 {
        v.push(k as f64);
        v.push(k as f64 + 0.5);
    }
    v
}

fn grid32() -> Vec<f32> {
    let mut v = vec![
        f32::NAN,
        -f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        0.0,
        -0.0,
        f32::from_bits(1),
        -f32::from_bits(1),
        f32::MIN_POSITIVE / 3.0,
        f32::MIN_POSITIVE,
        -f32::MIN_POSITIVE,
        f32::MAX,
        f32::MIN,
        f32::EPSILON,
        1.0 + f32::EPSILON,
        1.0 - f32::EPSILON / 2.0,
        -(1.0 - f32::EPSILON / 2.0),
        1e30,
        -1e30,
        1e-30,
        -1e-30,
        0.1,
        -0.7,
        8388609.0, // 2^23 + 1
        -8388607.5,
        10.0,
        -10.0,
        40.0,
        88.0,
        89.0,
        -104.0,
        core::f32::consts::FRAC_PI_2,
        core::f32::consts::PI,
    ];
    for k in -6..=6 {
        v.push(k as f32);
        v.push(k as f32 + 0.5);
    }
    v
}

/// A smaller grid for the pair and triple loops of the nested type and of `mul_add`.
fn small64() -> Vec<f64> {
    vec![
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        0.0,
        -0.0,
        f64::from_bits(1),
        -f64::MIN_POSITIVE / 7.0,
        f64::MAX,
        1.0,
        -1.0,
        0.5,
        -0.5,
        2.0,
        -2.5,
        1e300,
        -1e-300,
        0.1,
        3.0,
    ]
}

// ================================================================================
// Oracles: the plain float functions, and the three ways of calling a dual's
// ================================================================================

const UNARY: &[&str] = &[
    "floor",
    "ceil",
    "round",
    "trunc",
    "fract",
    "abs",
    "signum",
    "recip",
    "sqrt",
    "exp",
    "exp2",
    "ln",
    "log2",
    "log10",
    "to_degrees",
    "to_radians",
    "cbrt",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "exp_m1",
    "ln_1p",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "sin_cos.0",
    "sin_cos.1",
    "neg",
    "inv",
];

const BINARY: &[&str] = &[
    "powf", "hypot", "atan2", "max", "min", "copysign", "abs_sub", "log", "rem", "add", "sub",
    "mul", "div",
];

const POWI_EXPONENTS: &[i32] = &[
    0,
    1,
    -1,
    2,
    -2,
    3,
    -3,
    10,
    -10,
    31,
    1023,
    -1074,
    i32::MAX,
    i32::MIN,
    i32::MIN + 1,
];

/// A plain float: the oracle type.
trait Scalar: Real + Debug {
    /// Bit for bit, or both NaN.
    fn same(a: Self, b: Self) -> bool;
    /// The std function `name` at `x`.
    fn o1(name: &str, x: Self) -> Self;
    /// The std function `name` at `(x, y)`.
    fn o2(name: &str, x: Self, y: Self) -> Self;
    fn o_clamp(x: Self, lo: Self, hi: Self) -> Self;
    fn o_mul_add(x: Self, a: Self, b: Self) -> Self;
    fn o_powi(x: Self, n: i32) -> Self;
}

macro_rules! scalar_impl {
    ($t:ty) => {
        impl Scalar for $t {
            fn same(a: $t, b: $t) -> bool {
                (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
            }
            fn o1(name: &str, x: $t) -> $t {
                match name {
                    "floor" => x.floor(),
                    "ceil" => x.ceil(),
                    "round" => x.round(),
                    "trunc" => x.trunc(),
                    "fract" => x.fract(),
                    "abs" => x.abs(),
                    "signum" => x.signum(),
                    "recip" => x.recip(),
                    "sqrt" => x.sqrt(),
                    "exp" => x.exp(),
                    "exp2" => x.exp2(),
                    "ln" => x.ln(),
                    "log2" => x.log2(),
                    "log10" => x.log10(),
                    "to_degrees" => x.to_degrees(),
                    "to_radians" => x.to_radians(),
                    "cbrt" => x.cbrt(),
                    "sin" => x.sin(),
                    "cos" => x.cos(),
                    "tan" => x.tan(),
                    "asin" => x.asin(),
                    "acos" => x.acos(),
                    "atan" => x.atan(),
                    "exp_m1" => x.exp_m1(),
                    "ln_1p" => x.ln_1p(),
                    "sinh" => x.sinh(),
                    "cosh" => x.cosh(),
                    "tanh" => x.tanh(),
                    "asinh" => x.asinh(),
                    "acosh" => x.acosh(),
                    "atanh" => x.atanh(),
                    "sin_cos.0" => x.sin(),
                    "sin_cos.1" => x.cos(),
                    "neg" => -x,
                    "inv" => 1.0 / x,
                    _ => unreachable!("{name}"),
                }
            }
            #[allow(deprecated)]
            fn o2(name: &str, x: $t, y: $t) -> $t {
                match name {
                    "powf" | "pow" => x.powf(y),
                    "hypot" => x.hypot(y),
                    "atan2" => x.atan2(y),
                    "max" => x.max(y),
                    "min" => x.min(y),
                    "copysign" => x.copysign(y),
                    // std's `abs_sub` is C's `fdim`: `x - y` if `x > y`, else +0, NaN in NaN out
                    "abs_sub" => x.abs_sub(y),
                    "log" => x.log(y),
                    "rem" => x % y,
                    "add" => x + y,
                    "sub" => x - y,
                    "mul" => x * y,
                    "div" => x / y,
                    _ => unreachable!("{name}"),
                }
            }
            fn o_clamp(x: $t, lo: $t, hi: $t) -> $t {
                x.clamp(lo, hi)
            }
            fn o_mul_add(x: $t, a: $t, b: $t) -> $t {
                x.mul_add(a, b)
            }
            fn o_powi(x: $t, n: i32) -> $t {
                x.powi(n)
            }
        }
    };
}

scalar_impl!(f64);
scalar_impl!(f32);

/// The function `name` through the `num_traits::Float` trait only.
fn via_float<T: Float>(name: &str, x: T) -> T {
    match name {
        "floor" => x.floor(),
        "ceil" => x.ceil(),
        "round" => x.round(),
        "trunc" => x.trunc(),
        "fract" => x.fract(),
        "abs" => x.abs(),
        "signum" => x.signum(),
        "recip" => x.recip(),
        "sqrt" => x.sqrt(),
        "exp" => x.exp(),
        "exp2" => x.exp2(),
        "ln" => x.ln(),
        "log2" => x.log2(),
        "log10" => x.log10(),
        "to_degrees" => x.to_degrees(),
        "to_radians" => x.to_radians(),
        "cbrt" => x.cbrt(),
        "sin" => x.sin(),
        "cos" => x.cos(),
        "tan" => x.tan(),
        "asin" => x.asin(),
        "acos" => x.acos(),
        "atan" => x.atan(),
        "exp_m1" => x.exp_m1(),
        "ln_1p" => x.ln_1p(),
        "sinh" => x.sinh(),
        "cosh" => x.cosh(),
        "tanh" => x.tanh(),
        "asinh" => x.asinh(),
        "acosh" => x.acosh(),
        "atanh" => x.atanh(),
        "sin_cos.0" => x.sin_cos().0,
        "sin_cos.1" => x.sin_cos().1,
        "neg" => -x,
        "inv" => T::one() / x,
        _ => unreachable!("{name}"),
    }
}

/// The function `name` of two arguments through `num_traits::Float` only.
#[allow(deprecated)]
fn via_float2<T: Float>(name: &str, x: T, y: T) -> T {
    match name {
        "powf" | "pow" => x.powf(y),
        "hypot" => x.hypot(y),
        "atan2" => x.atan2(y),
        "max" => x.max(y),
        "min" => x.min(y),
        "copysign" => x.copysign(y),
        "abs_sub" => x.abs_sub(y),
        "log" => x.log(y),
        "rem" => x % y,
        "add" => x + y,
        "sub" => x - y,
        "mul" => x * y,
        "div" => x / y,
        _ => unreachable!("{name}"),
    }
}

/// The inherent `Dual` method `name` (the `Float` path is [`via_float`]).
fn inherent1<T: Real, const N: usize>(name: &str, x: Dual<T, N>) -> Dual<T, N> {
    match name {
        "floor" => x.floor(),
        "ceil" => x.ceil(),
        "round" => x.round(),
        "trunc" => x.trunc(),
        "fract" => x.fract(),
        "abs" => x.abs(),
        "signum" => x.signum(),
        "recip" => x.recip(),
        "sqrt" => x.sqrt(),
        "exp" => x.exp(),
        "exp2" => x.exp2(),
        "ln" => x.ln(),
        "log2" => x.log2(),
        "log10" => x.log10(),
        "to_degrees" => x.to_degrees(),
        "to_radians" => x.to_radians(),
        "cbrt" => x.cbrt(),
        "sin" => x.sin(),
        "cos" => x.cos(),
        "tan" => x.tan(),
        "asin" => x.asin(),
        "acos" => x.acos(),
        "atan" => x.atan(),
        "exp_m1" => x.exp_m1(),
        "ln_1p" => x.ln_1p(),
        "sinh" => x.sinh(),
        "cosh" => x.cosh(),
        "tanh" => x.tanh(),
        "asinh" => x.asinh(),
        "acosh" => x.acosh(),
        "atanh" => x.atanh(),
        "sin_cos.0" => x.sin_cos().0,
        "sin_cos.1" => x.sin_cos().1,
        "neg" => -x,
        "inv" => x.inv(),
        "sigmoid" => x.sigmoid(),
        "relu" => x.relu(),
        "softplus" => x.softplus(),
        "unit_step" => x.unit_step(),
        _ => unreachable!("{name}"),
    }
}

/// The inherent two-argument method (or operator); `powf` and `log` take the plain value
/// of `y`, `pow` the dual `y`.
fn inherent2<T: Real, const N: usize>(name: &str, x: Dual<T, N>, y: Dual<T, N>) -> Dual<T, N> {
    match name {
        "powf" => x.powf(y.re),
        "pow" => x.pow(y),
        "hypot" => x.hypot(y),
        "atan2" => x.atan2(y),
        "max" => x.max(y),
        "min" => x.min(y),
        "copysign" => Float::copysign(x, y),
        "abs_sub" => Signed::abs_sub(&x, &y),
        "log" => x.log(y.re),
        "rem" => x % y,
        "add" => x + y,
        "sub" => x - y,
        "mul" => x * y,
        "div" => x / y,
        _ => unreachable!("{name}"),
    }
}

/// One dual type under review, with the plain float type of its values.
trait Probe: Float + Debug + Signed + MulAdd<Output = Self> + MulAddAssign {
    type S: Scalar;
    /// A variable at `x` (first tangent component 1, others chosen to exercise the rest).
    fn seed(x: Self::S) -> Self;
    /// Another variable, for a second argument.
    fn seed2(x: Self::S) -> Self;
    fn konst(x: Self::S) -> Self;
    fn val(self) -> Self::S;
    fn i1(self, name: &str) -> Self;
    fn i2(self, name: &str, y: Self) -> Self;
    fn i_clamp(self, lo: Self, hi: Self) -> Self;
    fn i_mul_add(self, a: Self, b: Self) -> Self;
    fn i_powi(self, n: i32) -> Self;
}

macro_rules! probe_flat {
    ($D:ty, $S:ty, $e1:expr, $e2:expr) => {
        impl Probe for $D {
            type S = $S;
            fn seed(x: $S) -> Self {
                Dual::new(x, $e1)
            }
            fn seed2(x: $S) -> Self {
                Dual::new(x, $e2)
            }
            fn konst(x: $S) -> Self {
                Dual::constant(x)
            }
            fn val(self) -> $S {
                self.re
            }
            fn i1(self, name: &str) -> Self {
                inherent1(name, self)
            }
            fn i2(self, name: &str, y: Self) -> Self {
                inherent2(name, self, y)
            }
            fn i_clamp(self, lo: Self, hi: Self) -> Self {
                Dual::clamp(self, lo, hi)
            }
            fn i_mul_add(self, a: Self, b: Self) -> Self {
                Dual::mul_add(self, a, b)
            }
            fn i_powi(self, n: i32) -> Self {
                Dual::powi(self, n)
            }
        }
    };
}

probe_flat!(D1, f64, [1.0], [0.5]);
probe_flat!(D3, f64, [1.0, 0.0, -2.0], [0.0, 1.0, 3.0]);
probe_flat!(F2, f32, [1.0, 0.0], [0.0, 1.0]);

impl Probe for N1 {
    type S = f64;
    fn seed(x: f64) -> Self {
        Dual::new(D1::variable(x, 0), [D1::constant(1.0)])
    }
    fn seed2(x: f64) -> Self {
        Dual::new(D1::new(x, [0.5]), [D1::new(0.5, [0.0])])
    }
    fn konst(x: f64) -> Self {
        Dual::constant(D1::constant(x))
    }
    fn val(self) -> f64 {
        self.re.re
    }
    fn i1(self, name: &str) -> Self {
        inherent1(name, self)
    }
    fn i2(self, name: &str, y: Self) -> Self {
        inherent2(name, self, y)
    }
    fn i_clamp(self, lo: Self, hi: Self) -> Self {
        Dual::clamp(self, lo, hi)
    }
    fn i_mul_add(self, a: Self, b: Self) -> Self {
        Dual::mul_add(self, a, b)
    }
    fn i_powi(self, n: i32) -> Self {
        Dual::powi(self, n)
    }
}

fn report(bad: &[String]) {
    assert!(
        bad.is_empty(),
        "{} mismatches, first ones:\n{}",
        bad.len(),
        bad.iter().take(25).cloned().collect::<Vec<_>>().join("\n")
    );
}

// ================================================================================
// 1. VALUES, bit for bit
// ================================================================================

fn unary_value_mismatches<P: Probe>(grid: &[P::S]) -> Vec<String> {
    let mut bad = Vec::new();
    for &name in UNARY {
        for &x in grid {
            let want = P::S::o1(name, x);
            for (how, d) in [("seed", P::seed(x)), ("const", P::konst(x))] {
                let t = via_float(name, d).val();
                let i = d.i1(name).val();
                if !P::S::same(t, want) || !P::S::same(i, want) {
                    bad.push(format!(
                        "{name}({x:?}) [{how}]: f = {want:?}, Float = {t:?}, inherent = {i:?}"
                    ));
                }
            }
        }
    }
    for &n in POWI_EXPONENTS {
        for &x in grid {
            let want = P::S::o_powi(x, n);
            let t = Float::powi(P::seed(x), n).val();
            let i = P::seed(x).i_powi(n).val();
            if !P::S::same(t, want) || !P::S::same(i, want) {
                bad.push(format!(
                    "powi({x:?}, {n}): f = {want:?}, Float = {t:?}, inherent = {i:?}"
                ));
            }
        }
    }
    bad
}

fn binary_value_mismatches<P: Probe>(grid: &[P::S]) -> Vec<String> {
    let mut bad = Vec::new();
    for &name in BINARY {
        for &x in grid {
            for &y in grid {
                let want = P::S::o2(name, x, y);
                let pairs = [
                    ("var,var", P::seed(x), P::seed2(y)),
                    ("var,const", P::seed(x), P::konst(y)),
                    ("const,var", P::konst(x), P::seed2(y)),
                ];
                for (how, a, b) in pairs {
                    let t = via_float2(name, a, b).val();
                    let i = a.i2(name, b).val();
                    // std's max/min (and so fdim built on them) may return either zero
                    // when +0 and -0 tie: compare those by value
                    let zero_tie =
                        x == y && x == P::S::zero() && matches!(name, "max" | "min" | "abs_sub");
                    let eq = |g: P::S| {
                        if zero_tie {
                            g == want
                        } else {
                            P::S::same(g, want)
                        }
                    };
                    let mut ok = eq(t) && eq(i);
                    if name == "powf" {
                        ok &= eq(a.i2("pow", b).val());
                    }
                    if !ok {
                        bad.push(format!(
                            "{name}({x:?}, {y:?}) [{how}]: f = {want:?}, Float = {t:?}, inherent = {i:?}"
                        ));
                    }
                }
            }
        }
    }
    bad
}

fn ternary_value_mismatches<P: Probe>(grid: &[P::S]) -> Vec<String> {
    let mut bad = Vec::new();
    for &x in grid {
        for &a in grid {
            for &b in grid {
                let want = P::S::o_mul_add(x, a, b);
                let (dx, da, db) = (P::seed(x), P::seed2(a), P::konst(b));
                let t = Float::mul_add(dx, da, db).val();
                let i = dx.i_mul_add(da, db).val();
                let m = MulAdd::mul_add(dx, da, db).val();
                let mut assign = dx;
                assign.mul_add_assign(da, db);
                if !(P::S::same(t, want)
                    && P::S::same(i, want)
                    && P::S::same(m, want)
                    && P::S::same(assign.val(), want))
                {
                    bad.push(format!("mul_add({x:?}, {a:?}, {b:?}): f = {want:?}, Float = {t:?}, inherent = {i:?}"));
                }
                // clamp(x, lo = a, hi = b): f64::clamp panics on a NaN bound or lo > hi, the
                // dual's documented rule there is min(max(x, lo), hi) (NaN x stays NaN).
                let lo_hi_valid = !a.is_nan() && !b.is_nan() && a <= b;
                let rule = if x.is_nan() {
                    x
                } else {
                    Float::min(Float::max(x, a), b)
                };
                let t = Float::clamp(dx, da, P::seed(b)).val();
                let i = dx.i_clamp(da, P::seed(b)).val();
                if !P::S::same(t, rule) || !P::S::same(i, rule) {
                    bad.push(format!("clamp({x:?}, {a:?}, {b:?}): min(max) rule = {rule:?}, Float = {t:?}, inherent = {i:?}"));
                }
                if lo_hi_valid {
                    let want = P::S::o_clamp(x, a, b);
                    // Documented (conventions.md): at a tie the value is the bound's, so
                    // clamp(-0, +0, _) is +0 where f64::clamp gives -0. Only the sign of a
                    // zero can differ; compare those by value.
                    let zero_tie = x == a || x == b;
                    let ok = if zero_tie {
                        t == want
                    } else {
                        P::S::same(t, want)
                    };
                    if !ok {
                        bad.push(format!(
                            "clamp({x:?}, {a:?}, {b:?}): f = {want:?}, dual = {t:?}"
                        ));
                    }
                }
            }
        }
    }
    bad
}

#[test]
fn unary_values_are_the_float_function_bit_for_bit() {
    let (g64, g32) = (grid64(), grid32());
    let mut bad = unary_value_mismatches::<D1>(&g64);
    bad.extend(unary_value_mismatches::<D3>(&g64));
    bad.extend(unary_value_mismatches::<N1>(&g64));
    bad.extend(unary_value_mismatches::<F2>(&g32));
    report(&bad);
}

#[test]
fn binary_values_are_the_float_function_bit_for_bit() {
    let (g64, g32) = (grid64(), grid32());
    let mut bad = binary_value_mismatches::<D1>(&g64);
    bad.extend(binary_value_mismatches::<D3>(&g64));
    bad.extend(binary_value_mismatches::<N1>(&small64()));
    bad.extend(binary_value_mismatches::<F2>(&g32));
    report(&bad);
}

#[test]
fn mul_add_and_clamp_values_are_the_float_function_bit_for_bit() {
    let s = small64();
    let s32: Vec<f32> = s.iter().map(|&x| x as f32).collect();
    let mut bad = ternary_value_mismatches::<D1>(&s);
    bad.extend(ternary_value_mismatches::<D3>(&s));
    bad.extend(ternary_value_mismatches::<N1>(&s[..12]));
    bad.extend(ternary_value_mismatches::<F2>(&s32));
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
        let n = N1::seed(a).min(N1::seed2(b));
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
    for &x in &grid64() {
        let d = D3::seed(x);
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
            (s - want).abs() <= 4.0 * f64::EPSILON * want,
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
            (sp - want).abs() <= 4.0 * f64::EPSILON * want.abs() || sp == want,
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
                assert!(P::S::same(Signed::abs(&d).val(), x.abs()));
                assert!(P::S::same(Signed::signum(&d).val(), x.signum()));
            }
        }
    }
    check::<D1>(&grid64());
    check::<D3>(&grid64());
    check::<N1>(&grid64());
    check::<F2>(&grid32());
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
    check::<D1>(&grid64());
    check::<D3>(&grid64());
    check::<N1>(&grid64());
    check::<F2>(&grid32());
}

#[test]
fn comparisons_agree_with_the_float() {
    let g = grid64();
    for &a in &g {
        for &b in &g {
            let (x, y) = (D3::seed(a), D3::seed2(b));
            assert_eq!(x == y, a == b);
            assert_eq!(x != y, a != b);
            assert_eq!(x < y, a < b);
            assert_eq!(x <= y, a <= b);
            assert_eq!(x > y, a > b);
            assert_eq!(x >= y, a >= b);
            assert_eq!(x.partial_cmp(&y), a.partial_cmp(&b));
            let (p, q) = (N1::seed(a), N1::seed2(b));
            assert_eq!(p.partial_cmp(&q), a.partial_cmp(&b));
        }
    }
}

#[test]
fn constants_are_the_float_constants_with_zero_tangent() {
    fn check<P: Probe + FloatConst>(name: &str, d: P, want: P::S) {
        assert!(
            P::S::same(d.val(), want),
            "{name}: {:?} vs {want:?}",
            d.val()
        );
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
    for &x in &grid64() {
        let d = D3::seed(x);
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
        assert!(f64::same(d.to_f64().unwrap(), x));
        assert!(f64::same(N1::seed(x).to_f64().unwrap(), x));
        assert_eq!(
            N1::seed(x).to_f32().map(f32::to_bits),
            x.to_f32().map(f32::to_bits)
        );
        // round trips: f64 -> dual -> f64
        assert!(f64::same(D3::from_f64(x).unwrap().to_f64().unwrap(), x));
        assert!(f64::same(<D3 as NumCast>::from(x).unwrap().re, x));
        assert!(f64::same(N1::from_f64(x).unwrap().re.re, x));
        assert!(f64::same(<N1 as NumCast>::from(x).unwrap().re.re, x));
        assert_eq!(D3::from_f64(x).unwrap().eps, [0.0; 3]);
        // a dual converted from a dual keeps the value only
        assert!(f64::same(<D1 as NumCast>::from(d).unwrap().re, x));
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
    for &x in &grid32() {
        let d = F2::seed(x);
        assert!(f32::same(d.to_f32().unwrap(), x));
        assert!(f64::same(d.to_f64().unwrap(), x as f64));
        assert_eq!(d.to_i32(), x.to_i32());
        assert_eq!(d.to_u64(), x.to_u64());
        assert!(f32::same(F2::from_f32(x).unwrap().re, x));
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
    for &x in &grid64() {
        for &c in &[2.0, -0.5, 0.0, 3.7, f64::INFINITY, 1e-310] {
            let d = D3::new(x, [1.0, -2.0, 0.25]);
            let m = d.mul_f64(c);
            assert!(f64::same(m.re, x * c));
            assert_eq!(
                m.eps.map(f64::to_bits),
                [c, -2.0 * c, 0.25 * c].map(f64::to_bits)
            );
            let n = N1::seed(x).mul_f64(c);
            assert!(f64::same(n.re.re, x * c));
            assert!(f64::same(n.eps[0].re, c));
            let f = F2::new(x as f32, [1.0, 3.0]).mul_f64(c);
            assert!(f32::same(f.re, x as f32 * c as f32));
            assert!(f32::same(f.eps[1], 3.0 * c as f32));
        }
        assert!(f64::same(D3::literal(x).re, x));
        assert_eq!(D3::literal(x).eps, [0.0; 3]);
        assert!(f32::same(F2::literal(x).re, x as f32));
        assert!(f64::same(N1::literal(x).re.re, x));
    }
    assert!(D3::constant(-0.0).is_exact_zero());
    assert!(!D3::new(0.0, [0.0, 1e-300, 0.0]).is_exact_zero());
    assert!(!D3::new(0.0, [f64::NAN, 0.0, 0.0]).is_exact_zero());
    assert!(N1::konst(0.0).is_exact_zero());
    assert!(!N1::seed(0.0).is_exact_zero());
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

fn sech2(x: f64) -> f64 {
    let s = 1.0 / x.cosh();
    s * s
}

/// σ'(x) = 1/((1 + e⁻ˣ)(1 + eˣ)), no cancellation in either tail.
fn dsigmoid(x: f64) -> f64 {
    1.0 / ((1.0 + (-x).exp()) * (1.0 + x.exp()))
}

fn sigmoid64(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        x.exp() / (1.0 + x.exp())
    }
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
            d: sigmoid64,
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

fn close(got: f64, want: f64, rel: f64) -> bool {
    if want == 0.0 || want.is_infinite() {
        return got == want;
    }
    (got - want).abs() <= rel * want.abs() + 4.0 * f64::from_bits(1)
}

#[test]
fn first_derivatives_against_hand_formulas() {
    let mut bad = Vec::new();
    for c in cases() {
        for &x in c.at {
            let want = (c.d)(x);
            // Dual<f64, 3> with tangent [1, 0, -2]
            let y = inherent1(c.name, D3::seed(x));
            let tol = c.tol.max(2.0 * f64::EPSILON);
            if !close(y.eps[0], want, tol) {
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
            if UNARY.contains(&c.name) {
                let t = via_float(c.name, D3::seed(x));
                if !f64::same(t.eps[0], y.eps[0]) {
                    bad.push(format!(
                        "{}'({x:?}): Float path {:?} vs inherent {:?}",
                        c.name, t.eps[0], y.eps[0]
                    ));
                }
            }
            // Dual<f64, 1>
            let y1 = inherent1(c.name, D1::variable(x, 0));
            if !close(y1.eps[0], want, tol) {
                bad.push(format!(
                    "D1 {}'({x:?}) = {:?}, want {want:?}",
                    c.name, y1.eps[0]
                ));
            }
            // nested: the first derivative at both levels
            let n = inherent1(c.name, N1::seed(x));
            if !close(n.eps[0].re, want, tol) || !close(n.re.eps[0], want, tol) {
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
                let f = inherent1(c.name, F2::seed(x32));
                if !close(f.eps[0] as f64, want32, 1e-5f64.max(c.tol)) || f.eps[1] != 0.0 {
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

/// Fourth-order central difference of `f` at `x` with step `h`.
fn fd4(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x - 2.0 * h) - 8.0 * f(x - h) + 8.0 * f(x + h) - f(x + 2.0 * h)) / (12.0 * h)
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
            "sigmoid" => sigmoid64(x),
            "softplus" => x.exp().ln_1p(),
            "relu" => x.max(0.0),
            _ => f64::o1(name, x),
        }
    };
    let mut bad = Vec::new();
    for &(name, at) in table {
        for &x in at {
            let h = 1e-3 * x.abs().max(0.1);
            let fd = fd4(|t| plain(name, t), x, h);
            let ad = inherent1(name, D1::variable(x, 0)).eps[0];
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
            D3::seed(x).powf(n),
            Float::powf(D3::seed(x), D3::constant(n)),
            D3::seed(x).pow(D3::constant(n)),
            Pow::pow(D3::seed(x), n),
        ] {
            assert!(f64::same(d.re, x.powf(n)));
            assert!(
                close(d.eps[0], want, 1e-15),
                "powf({x}, {n})' = {:?}, want {want}",
                d.eps[0]
            );
            assert_eq!(d.eps[1], 0.0, "powf({x}, {n}): a zero component stays zero");
        }
        if (x as f32) as f64 != x {
            continue;
        }
        let f = F2::seed(x as f32).powf(n as f32);
        assert!(
            close(f.eps[0] as f64, want, 1e-6),
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
            assert!(f64::same(p.re, a.powf(b)));
            assert!(close(p.eps[0], b * a.powf(b - 1.0), 1e-15));
            assert!(close(p.eps[1], a.powf(b) * a.ln(), 1e-15));
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
        let d = D3::seed(x).powi(n);
        assert!(f64::same(d.re, x.powi(n)), "powi({x}, {n})");
        assert!(
            close(d.eps[0], want, 1e-9),
            "powi({x}, {n})' = {:?}, want {want:?}",
            d.eps[0]
        );
        assert_eq!(d.eps[1], 0.0);
        assert!(f64::same(Float::powi(D3::seed(x), n).eps[0], d.eps[0]));
        assert!(f64::same(Pow::pow(D3::seed(x), n).eps[0], d.eps[0]));
        let nested = N1::seed(x).powi(n);
        assert!(close(nested.eps[0].re, want, 1e-9) && close(nested.re.eps[0], want, 1e-9));
    }
}

/// `powi(x, i32::MIN)` for `Dual<f32, _>` at `x = -1`: the slope is `n x^(n-1)` with
/// `n - 1` odd, so `+2^31`. The f64 path gets it right.
#[test]
fn powi_i32_min_at_minus_one_in_f32() {
    let want = 2147483648.0;
    assert_eq!(D1::variable(-1.0, 0).powi(i32::MIN).eps[0], want);
    let f = F2::seed(-1.0).powi(i32::MIN);
    assert_eq!(f.re, 1.0);
    assert_eq!(
        f.eps[0], want as f32,
        "f32 powi(-1, i32::MIN)' = {}",
        f.eps[0]
    );
    // and at 1 and -0 (x^(n-1) = (-0)^odd negative = -inf)
    assert_eq!(F2::seed(1.0).powi(i32::MIN).eps[0], -want as f32);
    assert_eq!(F2::seed(-0.0).powi(i32::MIN).eps[0], f32::INFINITY);
    assert_eq!(D3::seed(-0.0).powi(i32::MIN).eps[0], f64::INFINITY);
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
        assert!(f64::same(d.re, a.hypot(b)));
        assert!(
            close(d.eps[0], wa, 1e-15) && close(d.eps[1], wb, 1e-15) && d.eps[2] == 0.0,
            "hypot({a:e}, {b:e}) slopes {:?}, want ({wa}, {wb})",
            d.eps
        );
        let t = Float::hypot(D3::new(a, [1.0, 0.0, 0.0]), D3::new(b, [0.0, 1.0, 0.0]));
        assert!(f64::same(t.eps[0], d.eps[0]) && f64::same(t.eps[1], d.eps[1]));
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
        assert!(f64::same(d.re, y.atan2(x)), "atan2({y}, {x}) value");
        assert!(
            close(d.eps[0], wy, 1e-15) && close(d.eps[1], wx, 1e-15) && d.eps[2] == 0.0,
            "atan2({y:e}, {x:e}) slopes {:?}, want ({wy:e}, {wx:e})",
            d.eps
        );
        // central differences at the ordinary ones
        if y.abs() > 0.1 && x.abs() > 0.1 && y.abs() < 10.0 && x.abs() < 10.0 {
            let fy = fd4(|t| t.atan2(x), y, 1e-3);
            let fx = fd4(|t| y.atan2(t), x, 1e-3);
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
        assert!(f64::same(d.re, x.copysign(s)));
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
            D3::seed(x).log(base),
            Float::log(D3::seed(x), D3::constant(base)),
        ] {
            assert!(f64::same(d.re, x.log(base)));
            assert!(
                close(d.eps[0], want, 1e-15),
                "log_{base}({x})' = {}",
                d.eps[0]
            );
        }
        // varying base: d(ln x / ln b) = dx/(x ln b) - ln x db / (b ln² b)
        let d = Float::log(D3::new(x, [1.0, 0.0, 0.0]), D3::new(base, [0.0, 1.0, 0.0]));
        assert!(f64::same(d.re, x.log(base)));
        assert!(close(d.eps[0], want, 1e-15));
        let wb = -x.ln() / (base * base.ln() * base.ln());
        assert!(
            close(d.eps[1], wb, 1e-14),
            "d/db log_b x = {}, want {wb}",
            d.eps[1]
        );
        let fd = fd4(|t| x.log(t), base, 1e-4 * base);
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
    let n = N1::seed(3.0);
    // x * x + 1: value 10, first 6, second 2
    let m = n.mul_add(n, N1::konst(1.0));
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
            f64::same(a - k * b, a % b) || (a - k * b - a % b).abs() <= f64::EPSILON * a.abs(),
            "oracle k for {a} % {b}"
        );
        let (x, y) = (D3::new(a, [1.0, 0.0, 2.0]), D3::new(b, [0.0, 1.0, 3.0]));
        let forms = [
            ("x % y", x % y, [1.0, -k, 2.0 - 3.0 * k]),
            ("Float %", via_float2("rem", x, y), [1.0, -k, 2.0 - 3.0 * k]),
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
            assert!(f64::same(d.re, a % b), "{what} value at ({a}, {b})");
            assert_eq!(d.eps, want, "{what} at ({a}, {b}), k = {k}");
        }
        // f32
        let (a32, b32) = (a as f32, b as f32);
        if a32.is_finite() && b32 != 0.0 && b32.is_normal() && a32.is_normal() {
            let k32 = exact_trunc_quotient(a32 as f64, b32 as f64) as f32;
            let f = F2::new(a32, [1.0, 0.0]) % F2::new(b32, [0.0, 1.0]);
            assert!(f32::same(f.re, a32 % b32));
            assert_eq!(f.eps, [1.0, -k32], "f32 {a32} % {b32}");
            assert_eq!((a32 % F2::new(b32, [0.0, 1.0])).eps, [0.0, -k32]);
        }
        // nested: x % y with x, y varying at both levels: second derivatives 0
        let n = N1::seed(a) % N1::seed2(b);
        assert!(f64::same(n.re.re, a % b));
        assert_eq!(n.eps[0].re, 1.0 - 0.5 * k);
        assert_eq!(n.eps[0].eps[0], 0.0);
    }
}

// ================================================================================
// 3. SECOND DERIVATIVES through nested duals
// ================================================================================

/// `(f, f', f'', f' at the inner level)` of `f` at `x`, through `Dual<Dual<f64, 1>, 1>`.
fn second(f: impl Fn(N1) -> N1, x: f64) -> (f64, f64, f64, f64) {
    let y = f(N1::seed(x));
    (y.re.re, y.eps[0].re, y.eps[0].eps[0], y.re.eps[0])
}

#[test]
fn second_derivatives_of_one_argument_functions() {
    let sig = |x: f64| sigmoid64(x);
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
            |x| Float::powf(x, N1::konst(-0.5)),
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
        if !close(g1, d1, 1e-13) || !close(inner, d1, 1e-13) || !close(g2, d2, 1e-12) {
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
                close(g[i], wg[i], 1e-14),
                "{name}: gradient {g:?}, want {wg:?}"
            );
            for j in 0..2 {
                assert!(
                    close(h[i][j], wh[i][j], 1e-13),
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

// ================================================================================
// 4. OPERATORS: every operand combination
// ================================================================================

macro_rules! op_values {
    ($test:ident, $D:ty, $S:ty, $grid:expr) => {
        #[test]
        fn $test() {
            let g: Vec<$S> = $grid;
            let mut bad = Vec::new();
            for &a in &g {
                for &b in &g {
                    let (x, y) = (<$D>::seed(a), <$D>::seed2(b));
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
                        if !<$S>::same(got, want) {
                            bad.push(format!("{what} at ({a:?}, {b:?}): {got:?}, want {want:?}"));
                        }
                    }
                }
            }
            report(&bad);
        }
    };
}

op_values!(operator_values_d1, D1, f64, grid64());
op_values!(operator_values_d3, D3, f64, grid64());
op_values!(operator_values_f32, F2, f32, grid32());

#[test]
fn operator_values_nested_with_plain_floats_on_both_sides() {
    let g = grid64();
    let mut bad = Vec::new();
    for &a in &g {
        for &b in &g {
            let (x, y) = (N1::seed(a), N1::seed2(b));
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
                if !f64::same(got, want) {
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
                    close(d.eps[i], want[i], 1e-15),
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
                close(z.eps[i], want[i], 1e-15),
                "assign chain {:?} vs {want:?}",
                z.eps
            );
        }
        // f32
        let (x32, y32) = (F2::new(a as f32, [1.0, 0.0]), F2::new(b as f32, [0.0, 1.0]));
        let q = (a as f32) / y32;
        assert!(close(
            q.eps[1] as f64,
            -(a as f32 as f64) / (b as f32 as f64).powi(2),
            1e-6
        ));
        let p = 2.0f32 * x32 * y32 - 1.0f32;
        assert!(close(p.eps[0] as f64, 2.0 * (b as f32) as f64, 1e-6));
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
        assert!(f64::same(gv, v), "{what}: value {gv} vs {v}");
        assert!(
            close(g1, d1, 1e-15) && close(inner, d1, 1e-15) && close(g2, d2, 1e-14),
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
    let g = grid64();
    for w in g.windows(3) {
        let ds: Vec<D1> = w.iter().map(|&v| D1::variable(v, 0)).collect();
        assert!(
            f64::same(ds.iter().sum::<D1>().re, w.iter().sum::<f64>()),
            "sum {w:?}"
        );
        assert!(
            f64::same(ds.iter().product::<D1>().re, w.iter().product::<f64>()),
            "product {w:?}"
        );
        let ns: Vec<N1> = w.iter().map(|&v| N1::seed(v)).collect();
        assert!(f64::same(
            ns.iter().sum::<N1>().re.re,
            w.iter().sum::<f64>()
        ));
    }
}

/// The sum of `-0.0`s is `-0.0` for f64 (std's `Sum` starts from -0), and so is the empty
/// sum; the dual's value must agree.
#[test]
fn sum_of_negative_zeros_is_negative_zero_as_for_f64() {
    let want = [-0.0f64, -0.0].iter().sum::<f64>();
    let ds = [D3::seed(-0.0), D3::seed(-0.0)];
    assert_eq!(ds.iter().sum::<D3>().re.to_bits(), want.to_bits());
    assert_eq!(ds.into_iter().sum::<D3>().re.to_bits(), want.to_bits());
    let empty: [f64; 0] = [];
    let none: [D3; 0] = [];
    assert_eq!(
        none.iter().sum::<D3>().re.to_bits(),
        empty.iter().sum::<f64>().to_bits()
    );
    let ns = [N1::seed(-0.0)];
    assert_eq!(ns.iter().sum::<N1>().re.re.to_bits(), (-0.0f64).to_bits());
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
        let d = D3::seed(x).acosh();
        assert!(
            close(d.eps[0], want, 1e-15),
            "acosh'({x:e}) = {:e}, want {want:e}",
            d.eps[0]
        );
        let n = N1::seed(x).acosh();
        assert!(close(n.eps[0].re, want, 1e-15));
        // acosh'' = -x/(x² - 1)^(3/2) ≈ -1/x², underflows to 0 beyond ~1e154: just finite
        assert!(n.eps[0].eps[0].is_finite());
    }
    let f = F2::seed(1e30).acosh();
    assert!(
        close(f.eps[0] as f64, 1e-30, 1e-6),
        "f32 acosh'(1e30) = {:e}",
        f.eps[0]
    );
}

// ================================================================================
// 5. NO PANIC on special values, anywhere
// ================================================================================

#[test]
fn nothing_panics_on_special_values() {
    let names: Vec<&str> = UNARY
        .iter()
        .copied()
        .chain(["sigmoid", "relu", "softplus", "unit_step"])
        .collect();
    let result = std::panic::catch_unwind(|| {
        let g = grid64();
        let s = small64();
        for &x in &g {
            for name in &names {
                let _ = inherent1(name, D3::seed(x));
                let _ = inherent1(name, D3::new(x, [f64::NAN, f64::INFINITY, -0.0]));
                let _ = inherent1(name, F2::seed(x as f32));
                let _ = inherent1(name, N1::seed(x));
            }
            for &n in POWI_EXPONENTS {
                let _ = N1::seed(x).powi(n);
                let _ = F2::seed(x as f32).powi(n);
            }
            let _ = (
                D3::seed(x).to_i64(),
                D3::seed(x).to_u128(),
                D3::seed(x).to_f32(),
                D3::from_f64(x),
                F2::from_f64(x),
            );
            let _ = format!(
                "{} {:.3} {:?}",
                D3::seed(x),
                N1::seed(x),
                F2::seed(x as f32)
            );
        }
        for &x in &s {
            for &y in &s {
                for name in BINARY.iter().chain(&["pow"]) {
                    let _ = inherent2(name, N1::seed(x), N1::seed2(y));
                    let _ = inherent2(
                        name,
                        D3::new(x, [f64::NAN, 0.0, f64::INFINITY]),
                        D3::new(y, [0.0, f64::NEG_INFINITY, 1.0]),
                    );
                }
                for &z in &s {
                    let _ = N1::seed(x).clamp(N1::seed2(y), N1::konst(z));
                    let _ =
                        Float::clamp(F2::seed(x as f32), F2::seed2(y as f32), F2::konst(z as f32));
                    let _ = N1::seed(x).mul_add(N1::seed2(y), N1::konst(z));
                }
                let _ = (
                    x / N1::seed(y),
                    x - N1::seed(y),
                    N1::seed(x) / y,
                    N1::seed(x) * y,
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
fn zero_guard_violations<T: Scalar>(g: &[T]) -> Vec<String> {
    let (one, zero, two) = (T::one(), T::zero(), T::literal(2.0));
    let names: Vec<&str> = UNARY
        .iter()
        .copied()
        .chain(["sigmoid", "relu", "softplus", "unit_step"])
        .collect();
    let mut bad = Vec::new();
    for &x in g {
        let seeded = Dual::<T, 3>::new(x, [one, zero, -two]);
        for name in &names {
            let y = inherent1(name, seeded);
            if y.re.is_finite() && y.eps[1] != zero {
                bad.push(format!("{name}({x:?}) = {y:?}"));
            }
            if UNARY.contains(name) {
                let t = via_float(name, seeded);
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
            for name in BINARY.iter().chain(&["pow"]) {
                for (what, r) in [
                    ("", inherent2(name, a, b)),
                    ("Float::", via_float2(name, a, b)),
                    ("(const) ", inherent2(name, a, Dual::constant(z))),
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
    let mut bad = zero_guard_violations(&grid64());
    bad.extend(zero_guard_violations(&grid32()));
    // a plain float on the left
    for &x in &grid64() {
        for &z in &grid64() {
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
    for &x in &grid32() {
        for &z in &grid32() {
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
    let d = D3::seed(-1.0).powf(n);
    assert_eq!(d.re, 1.0);
    assert_eq!(d.eps[0], -n, "powf(-1, 2^60)' = {:e}", d.eps[0]);
    let f = F2::seed(-1.0).powf(2f32.powi(30));
    assert_eq!(f.eps[0], -(2f32.powi(30)));
    // A dual exponent: d/da a^b = b a^(b-1) = -n at a = -1 (the exponent term is NaN: a
    // negative base has no real derivative in b).
    let a = dualnum::Dual::<f64, 2>::new(-1.0, [1.0, 0.0]);
    let b = dualnum::Dual::<f64, 2>::new(n, [0.0, 1.0]);
    let p = a.pow(b);
    assert_eq!((p.re, p.eps[0]), (1.0, -n));
    // The odd power x^(n-1) at the ends, by hand: at ±0 it is ±0 for n > 0 and ±∞ for
    // n < 0; at -∞ it is -∞ for n > 0 and -0 for n < 0. The slope is n times it.
    let slope = |x: f64, n: f64| D3::seed(x).powf(n).eps[0];
    assert_eq!(slope(0.0, n).to_bits(), 0.0f64.to_bits());
    assert_eq!(slope(-0.0, n).to_bits(), (-0.0f64).to_bits());
    assert_eq!(slope(-0.0, -n), f64::INFINITY);
    assert_eq!(slope(0.0, -n), f64::NEG_INFINITY);
    assert_eq!(slope(f64::NEG_INFINITY, n), f64::NEG_INFINITY);
    assert_eq!(slope(f64::NEG_INFINITY, -n).to_bits(), 0.0f64.to_bits());
}
