//! The special-value grids, for `f64` and `f32`: NaN (both signs), ±∞, ±0, subnormals,
//! `MAX`/`MIN`, `MIN_POSITIVE`, `EPSILON` and its neighbours of 1, ±1, the overflow
//! thresholds of `exp`, integers and half-integers (rounding), π/2, and ordinary values.
//!
//! [`all_f64`] is the union of every grid below. The named subsets are the grids the tests
//! were written against (each keeps its size, because some run in pair or triple loops);
//! each says which tests use it.

use core::f64::consts::{FRAC_PI_2, PI};

const NAN: f64 = f64::NAN;
const INF: f64 = f64::INFINITY;

/// The full `f64` grid of the bit-for-bit value tests (`scalar_values.rs`): every IEEE
/// class, the edges of the elementary functions' domains, rounding ties, overflow and
/// underflow thresholds, integers and half-integers from -6 to 6.
pub fn values_f64() -> Vec<f64> {
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

/// The `f32` counterpart of [`values_f64`], with `f32`'s thresholds.
pub fn values_f32() -> Vec<f32> {
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

/// A smaller `f64` grid (18 values) for the pair and triple loops of the nested type and
/// of `mul_add`/`clamp` in `scalar_values.rs`.
pub fn small_f64() -> Vec<f64> {
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

/// The values of the no-panic grid (`never_panics.rs`, 27 values): every IEEE class, the
/// extremes, and the points where the elementary functions have edges.
pub fn no_panic_f64() -> Vec<f64> {
    vec![
        f64::NAN,
        -f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        0.0,
        -0.0,
        f64::from_bits(1), // the smallest subnormal
        -f64::from_bits(1),
        f64::MIN_POSITIVE / 2.0, // a subnormal
        f64::MIN_POSITIVE,
        -f64::MIN_POSITIVE,
        f64::EPSILON,
        f64::MAX,
        f64::MIN,
        1.0,
        -1.0,
        0.5,
        -0.5,
        2.0,
        -3.0,
        710.0,  // exp overflows
        -746.0, // exp underflows to 0
        1e300,
        -1e-300,
        FRAC_PI_2,
        1.0 + f64::EPSILON,
        -(1.0 - f64::EPSILON / 2.0),
    ]
}

/// Tangent components to pair with [`no_panic_f64`]: zero, signed zero, NaN, ±∞, huge
/// and subnormal.
pub fn no_panic_tangents() -> Vec<[f64; 2]> {
    vec![
        [0.0, 0.0],
        [1.0, -0.0],
        [f64::NAN, 1.0],
        [f64::INFINITY, f64::NEG_INFINITY],
        [f64::MAX, f64::from_bits(1)],
    ]
}

/// 19 values, one of each kind: zeros of both signs, ±1, ±0.5, ±2, an ordinary value,
/// ±1e300, the extremes, the smallest normal and subnormal, ±∞, NaN (the documentation
/// claims in `conventions.rs`).
pub fn short_f64() -> Vec<f64> {
    vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -0.5,
        2.0,
        -2.0,
        3.7,
        1e300,
        -1e300,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        f64::from_bits(1),
        -f64::from_bits(1),
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
    ]
}

/// 40 points for the one-argument trait methods (`call_paths.rs`): zeros of both signs,
/// subnormals, the domain edges of asin/acos/acosh/atanh/ln_1p, integers and
/// half-integers, overflow thresholds of exp/sinh, the extremes.
pub const TRAIT_POINTS: [f64; 40] = [
    NAN,
    INF,
    -INF,
    f64::MAX,
    f64::MIN,
    1e300,
    -1e300,
    711.0,
    709.5,
    -745.5,
    50.0,
    20.0,
    -20.0,
    3.5,
    2.5,
    -2.5,
    2.0,
    1.5,
    1.0,
    -1.0,
    1.0 + f64::EPSILON,
    1.0 - f64::EPSILON / 2.0,
    0.75,
    0.5,
    -0.5,
    0.3,
    -0.3,
    1e-3,
    1e-8,
    -1e-8,
    f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
    0.0,
    -0.0,
    -0.9999,
    0.9999,
    FRAC_PI_2,
    -7.25,
    12.0,
];

/// 17 points for the pair loops of the two-argument trait methods (`call_paths.rs`).
pub const TRAIT_PAIR_POINTS: [f64; 17] = [
    NAN, INF, -INF, -3.0, -1.0, -0.5, -0.0, 0.0, 5e-324, 0.25, 0.5, 1.0, 2.0, 3.0, 7.5, 1e300,
    -1e-300,
];

/// 15 points of the trait-method checks ported from `src/linalg.rs`'s unit tests
/// (`call_paths.rs`): ordinary values, ±0, ±1, NaN, ±∞.
pub const METHOD_POINTS: [f64; 15] = [
    -2.5, -1.0, -0.5, -0.0, 0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 1e-3, NAN, INF, -INF,
];

/// 9 points for the pair loops ported from `src/linalg.rs`'s unit tests.
pub const METHOD_PAIR_POINTS: [f64; 9] = [-2.0, -0.5, 0.0, 0.5, 1.0, 2.0, NAN, INF, -INF];

/// 9 points for the triple loop of `mul_add` through `ComplexField`
/// (`scalar_derivatives.rs::mul_add_value_and_partials`).
pub const MUL_ADD_POINTS: [f64; 9] = [NAN, INF, -INF, -2.0, -0.0, 0.0, 0.5, 3.0, 1e308];

/// 9 points for the triple loop of `RealField::clamp` (`call_paths.rs`).
pub const CLAMP_POINTS: [f64; 9] = [NAN, INF, -INF, -2.0, -0.0, 0.0, 0.5, 1.0, 3.0];

/// 10 special inputs for the derivative helpers (gradient, Jacobian, Hessian, ...) on
/// non-finite data: NaN, ±∞, ±0, the smallest subnormal, the extremes, 1, -2.5.
pub const HELPER_SPECIALS: [f64; 10] = [
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    0.0,
    -0.0,
    5e-324,
    f64::MAX,
    f64::MIN,
    1.0,
    -2.5,
];

/// The union of every `f64` grid above, each value once (by bits).
pub fn all_f64() -> Vec<f64> {
    let mut out: Vec<f64> = Vec::new();
    let all = values_f64()
        .into_iter()
        .chain(small_f64())
        .chain(no_panic_f64())
        .chain(short_f64())
        .chain(TRAIT_POINTS)
        .chain(TRAIT_PAIR_POINTS)
        .chain(METHOD_POINTS)
        .chain(METHOD_PAIR_POINTS)
        .chain(MUL_ADD_POINTS)
        .chain(CLAMP_POINTS)
        .chain(HELPER_SPECIALS);
    for x in all {
        if !out.iter().any(|y| y.to_bits() == x.to_bits()) {
            out.push(x);
        }
    }
    out
}
