//! THE typed table of the elementary functions of `Dual`: one row per function, with every
//! way of calling it (the inherent method, `num_traits::Float`, nalgebra's
//! `ComplexField`/`RealField`), the plain-float reference, the hand-written derivative and
//! the domain. Rows are values, not strings: a misspelt function fails to compile.
//!
//! The tables are built for one dual type at a time ([`unary`], [`binary`], [`ternary`],
//! [`powi_paths`]); each path is a function pointer on that type. The `f64`/`f32` fields
//! are the oracles for values (the standard library's function, or the documented
//! definition where std has none), the `slope`/`partials` fields the oracles for tangents
//! (formulas of `f64`, independent of the crate), valid where `domain` says the function
//! is smooth.
//!
//! Adding a function is one row in [`unary`] (or [`binary`], [`ternary`]).

// Every path is written as a closure, alike row to row, even where a path could be named.
#![allow(clippy::redundant_closure)]

use core::f64::consts::{LN_2, LN_10, PI};

use dualnum::{Dual, Real};
use nalgebra::{ComplexField, RealField};
use num_traits::{Float, Inv, MulAdd, One, Pow, Signed};
use simba::scalar::SupersetOf;

/// A one-argument function of `Dual<T, N>`.
pub type Fn1<T, const N: usize> = fn(Dual<T, N>) -> Dual<T, N>;
/// A two-argument function of `Dual<T, N>`.
pub type Fn2<T, const N: usize> = fn(Dual<T, N>, Dual<T, N>) -> Dual<T, N>;
/// `powi` of `Dual<T, N>`.
pub type Powi<T, const N: usize> = fn(Dual<T, N>, i32) -> Dual<T, N>;
/// A three-argument function of `Dual<T, N>`.
pub type Fn3<T, const N: usize> = fn(Dual<T, N>, Dual<T, N>, Dual<T, N>) -> Dual<T, N>;

/// Where a one-argument function is smooth (its slope formula holds and finite
/// differences converge), and its special points (kinks, jumps, domain edges, infinite
/// slopes), where the slope follows a convention of `docs/conventions.md` instead.
#[derive(Clone, Copy)]
pub struct Domain {
    pub smooth: fn(f64) -> bool,
    pub edges: &'static [f64],
}

/// Where a two-argument function is smooth.
#[derive(Clone, Copy)]
pub struct Domain2 {
    pub smooth: fn(f64, f64) -> bool,
}

fn finite(x: f64) -> bool {
    x.is_finite()
}
fn not_integer(x: f64) -> bool {
    x.is_finite() && x != x.round()
}
fn not_half_integer(x: f64) -> bool {
    x.is_finite() && (x - x.trunc()).abs() != 0.5
}
fn nonzero(x: f64) -> bool {
    x.is_finite() && x != 0.0
}
fn positive(x: f64) -> bool {
    x.is_finite() && x > 0.0
}
fn open_unit(x: f64) -> bool {
    x.abs() < 1.0
}
fn above_one(x: f64) -> bool {
    x.is_finite() && x > 1.0
}
fn above_minus_one(x: f64) -> bool {
    x.is_finite() && x > -1.0
}
fn cos_nonzero(x: f64) -> bool {
    x.is_finite() && x.cos() != 0.0
}

/// Smooth on the whole real line.
pub const ALL: Domain = Domain {
    smooth: finite,
    edges: &[],
};
/// Piecewise constant with jumps at the integers (floor, ceil, fract).
pub const JUMPS_AT_INTEGERS: Domain = Domain {
    smooth: not_integer,
    edges: &[-1.0, 0.0, 1.0, 2.0],
};
/// Jumps at the half-integers (round: ties away from zero).
pub const JUMPS_AT_HALVES: Domain = Domain {
    smooth: not_half_integer,
    edges: &[-0.5, 0.5, 1.5],
};
/// Smooth except at 0 (a kink, a jump or an infinite slope there).
pub const EXCEPT_ZERO: Domain = Domain {
    smooth: nonzero,
    edges: &[0.0, -0.0],
};
/// Jumps at the nonzero integers (trunc).
pub const TRUNC_JUMPS: Domain = Domain {
    smooth: not_integer,
    edges: &[-1.0, 1.0, 2.0],
};
/// `x > 0`, with the edge (infinite slope) at ±0.
pub const POSITIVE: Domain = Domain {
    smooth: positive,
    edges: &[0.0, -0.0],
};
/// `|x| < 1`, with edges at ±1.
pub const OPEN_UNIT: Domain = Domain {
    smooth: open_unit,
    edges: &[-1.0, 1.0],
};
/// `x > 1`, with the edge at 1.
pub const ABOVE_ONE: Domain = Domain {
    smooth: above_one,
    edges: &[1.0],
};
/// `x > -1`, with the edge at -1.
pub const ABOVE_MINUS_ONE: Domain = Domain {
    smooth: above_minus_one,
    edges: &[-1.0],
};
/// Away from the poles `π/2 + kπ` (which no `f64` hits exactly).
pub const AWAY_FROM_POLES: Domain = Domain {
    smooth: cos_nonzero,
    edges: &[],
};

fn both_finite(a: f64, b: f64) -> bool {
    a.is_finite() && b.is_finite()
}
fn positive_base(a: f64, b: f64) -> bool {
    both_finite(a, b) && a > 0.0
}
fn not_origin(a: f64, b: f64) -> bool {
    both_finite(a, b) && (a != 0.0 || b != 0.0)
}
fn no_tie(a: f64, b: f64) -> bool {
    both_finite(a, b) && a != b
}
fn away_from_zero_first(a: f64, b: f64) -> bool {
    both_finite(a, b) && a != 0.0
}
fn log_domain(a: f64, b: f64) -> bool {
    both_finite(a, b) && a > 0.0 && b > 0.0 && b != 1.0
}
fn nonzero_second(a: f64, b: f64) -> bool {
    both_finite(a, b) && b != 0.0
}
fn rem_smooth(a: f64, b: f64) -> bool {
    nonzero_second(a, b) && (a / b) != (a / b).trunc()
}

/// Smooth for all finite pairs.
pub const ALL2: Domain2 = Domain2 {
    smooth: both_finite,
};

/// The slope of `|x|` under the midpoint rule: the sign, 0 at ±0, NaN for NaN.
pub fn sign0(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else if x == 0.0 {
        0.0
    } else {
        f64::NAN
    }
}

/// The unit step: 0, 1, and 1/2 at ±0 (the midpoint); NaN for NaN.
pub fn step(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        0.0
    } else if x == 0.0 {
        0.5
    } else {
        x
    }
}

/// σ(x) by its definition, in the form that does not overflow:
/// `1 / (1 + e^-x)` for `x >= 0`, `e^x / (1 + e^x)` otherwise.
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        x.exp() / (1.0 + x.exp())
    }
}

/// σ'(x) = 1/((1 + e⁻ˣ)(1 + eˣ)), no cancellation in either tail.
pub fn dsigmoid(x: f64) -> f64 {
    1.0 / ((1.0 + (-x).exp()) * (1.0 + x.exp()))
}

/// The rows of [`unary`], one variant per function (`sin_cos_0` is `sin_cos().0`): a row
/// is named by its variant ([`unary_row`]), so a misspelt function fails to compile.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Id {
    floor,
    ceil,
    round,
    trunc,
    fract,
    abs,
    signum,
    recip,
    sqrt,
    exp,
    exp2,
    ln,
    log2,
    log10,
    to_degrees,
    to_radians,
    cbrt,
    sin,
    cos,
    tan,
    asin,
    acos,
    atan,
    exp_m1,
    ln_1p,
    sinh,
    cosh,
    tanh,
    asinh,
    acosh,
    atanh,
    sin_cos_0,
    sin_cos_1,
    neg,
    inv,
    sigmoid,
    relu,
    softplus,
    unit_step,
}

/// The rows of [`binary`] ([`binary_row`]).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Id2 {
    powf,
    pow,
    hypot,
    atan2,
    max,
    min,
    copysign,
    abs_sub,
    log,
    rem,
    add,
    sub,
    mul,
    div,
}

/// The rows of [`ternary`].
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Id3 {
    mul_add,
    clamp,
}

/// One row of the one-argument table.
pub struct Unary<T, const N: usize> {
    /// Which function (to pick a row, or match on it).
    pub id: Id,
    /// For messages only.
    pub name: &'static str,
    /// The inherent method of `Dual` (or the operator).
    pub inherent: Fn1<T, N>,
    /// Through `num_traits::Float` (None where `Float` has no such method).
    pub float: Option<Fn1<T, N>>,
    /// Through nalgebra's `ComplexField`/`RealField` (None where they have no such method).
    pub complex: Option<Fn1<T, N>>,
    /// The `f64` reference value.
    pub f64: fn(f64) -> f64,
    /// The `f32` reference value.
    pub f32: fn(f32) -> f32,
    /// The dual's value must be the reference bit for bit (the standard library's function,
    /// or an exact definition: `relu`, `unit_step`); `false` for `sigmoid` and `softplus`,
    /// whose references are their definitions, met to a few ulps (`scalar_values.rs`).
    pub exact: bool,
    /// The derivative, a hand formula of `f64` (valid where `domain.smooth`).
    pub slope: fn(f64) -> f64,
    pub domain: Domain,
}

/// One row of the two-argument table.
pub struct Binary<T, const N: usize> {
    pub id: Id2,
    pub name: &'static str,
    pub inherent: Fn2<T, N>,
    pub float: Option<Fn2<T, N>>,
    pub complex: Option<Fn2<T, N>>,
    /// The inherent call takes the plain value of the second argument (`powf(T)`,
    /// `log(T)`), so its tangent ignores the second argument's tangent.
    pub second_plain: bool,
    /// `f64`'s result on a pair of zeros of opposite signs is unspecified (std's `max`,
    /// `min`: either zero, changing with inlining), so there only a zero is required.
    pub zero_sign_unspecified: bool,
    /// At a first argument of ±0 the first partial follows the midpoint rule at a kink
    /// that finite differences see neither side of (`copysign`: ±|a|).
    pub kink_at_zero: bool,
    /// An arithmetic operator (product or quotient rule): once a value is infinite or NaN,
    /// `0 · ∞ = NaN` may enter a zero tangent component (the NaN section of
    /// docs/conventions.md); the other rows are chain rules that keep it zero.
    pub arithmetic: bool,
    pub f64: fn(f64, f64) -> f64,
    pub f32: fn(f32, f32) -> f32,
    /// The partial derivatives by hand, valid where `domain.smooth`.
    pub partials: fn(f64, f64) -> [f64; 2],
    pub domain: Domain2,
}

/// One row of the three-argument table.
pub struct Ternary<T, const N: usize> {
    pub id: Id3,
    pub name: &'static str,
    pub inherent: Fn3<T, N>,
    pub float: Option<Fn3<T, N>>,
    pub complex: Option<Fn3<T, N>>,
    /// A further trait path (`num_traits::MulAdd`), if any.
    pub other: Option<Fn3<T, N>>,
    /// A path with its own documented rule, and that rule on `f64` (`RealField::clamp`:
    /// simba's `f64` rule, which differs from [`clamp_rule`] on crossed bounds).
    pub own_path: Option<OwnPath<T, N>>,
    /// Products (`mul_add`): see [`Binary::arithmetic`].
    pub arithmetic: bool,
    /// The reference value: the std function (`mul_add`), or for `clamp` the documented
    /// rule `min(max(x, lo), hi)` with NaN `x` passing through (std's `clamp` panics on
    /// crossed or NaN bounds).
    pub f64: fn(f64, f64, f64) -> f64,
    pub f32: fn(f32, f32, f32) -> f32,
    pub partials: fn(f64, f64, f64) -> [f64; 3],
}

/// A row whose every path is the method `$m` of the same name (and `$m` of `f64`/`f32`).
macro_rules! same_name {
    ($m:ident, complex, |$x:ident| $slope:expr, $domain:expr) => {
        Unary {
            id: Id::$m,
            name: stringify!($m),
            inherent: |x| x.$m(),
            float: Some(|x| Float::$m(x)),
            complex: Some(|x| ComplexField::$m(x)),
            f64: |x: f64| x.$m(),
            f32: |x: f32| x.$m(),
            exact: true,
            slope: |#[allow(unused_variables)] $x: f64| $slope,
            domain: $domain,
        }
    };
    ($m:ident, no_complex, |$x:ident| $slope:expr, $domain:expr) => {
        Unary {
            id: Id::$m,
            name: stringify!($m),
            inherent: |x| x.$m(),
            float: Some(|x| Float::$m(x)),
            complex: None,
            f64: |x: f64| x.$m(),
            f32: |x: f32| x.$m(),
            exact: true,
            slope: |#[allow(unused_variables)] $x: f64| $slope,
            domain: $domain,
        }
    };
}

/// Every one-argument elementary function of `Dual<T, N>`.
pub fn unary<T: Real + RealField, const N: usize>() -> Vec<Unary<T, N>> {
    vec![
        same_name!(floor, complex, |x| 0.0, JUMPS_AT_INTEGERS),
        same_name!(ceil, complex, |x| 0.0, JUMPS_AT_INTEGERS),
        same_name!(round, complex, |x| 0.0, JUMPS_AT_HALVES),
        same_name!(trunc, complex, |x| 0.0, TRUNC_JUMPS),
        same_name!(fract, complex, |x| 1.0, JUMPS_AT_INTEGERS),
        same_name!(abs, complex, |x| sign0(x), EXCEPT_ZERO),
        same_name!(signum, complex, |x| 0.0, EXCEPT_ZERO),
        same_name!(recip, complex, |x| -1.0 / (x * x), EXCEPT_ZERO),
        same_name!(sqrt, complex, |x| 0.5 / x.sqrt().abs(), POSITIVE),
        same_name!(exp, complex, |x| x.exp(), ALL),
        same_name!(exp2, complex, |x| x.exp2() * LN_2, ALL),
        same_name!(ln, complex, |x| 1.0 / x, POSITIVE),
        same_name!(log2, complex, |x| 1.0 / (x * LN_2), POSITIVE),
        same_name!(log10, complex, |x| 1.0 / (x * LN_10), POSITIVE),
        same_name!(to_degrees, no_complex, |x| 180.0 / PI, ALL),
        same_name!(to_radians, no_complex, |x| PI / 180.0, ALL),
        same_name!(
            cbrt,
            complex,
            |x| 1.0 / (3.0 * x.cbrt().powi(2)),
            EXCEPT_ZERO
        ),
        same_name!(sin, complex, |x| x.cos(), ALL),
        same_name!(cos, complex, |x| -x.sin(), ALL),
        same_name!(tan, complex, |x| 1.0 / x.cos().powi(2), AWAY_FROM_POLES),
        same_name!(asin, complex, |x| 1.0 / (1.0 - x * x).sqrt(), OPEN_UNIT),
        same_name!(acos, complex, |x| -1.0 / (1.0 - x * x).sqrt(), OPEN_UNIT),
        same_name!(atan, complex, |x| 1.0 / (1.0 + x * x), ALL),
        same_name!(exp_m1, complex, |x| x.exp(), ALL),
        same_name!(ln_1p, complex, |x| 1.0 / (1.0 + x), ABOVE_MINUS_ONE),
        same_name!(sinh, complex, |x| x.cosh(), ALL),
        same_name!(cosh, complex, |x| x.sinh(), ALL),
        same_name!(tanh, complex, |x| 1.0 / x.cosh().powi(2), ALL),
        same_name!(asinh, complex, |x| 1.0 / (1.0 + x * x).sqrt(), ALL),
        same_name!(acosh, complex, |x| 1.0 / (x * x - 1.0).sqrt(), ABOVE_ONE),
        same_name!(atanh, complex, |x| 1.0 / (1.0 - x * x), OPEN_UNIT),
        Unary {
            id: Id::sin_cos_0,
            name: "sin_cos.0",
            inherent: |x| x.sin_cos().0,
            float: Some(|x| Float::sin_cos(x).0),
            complex: Some(|x| ComplexField::sin_cos(x).0),
            f64: |x| x.sin(),
            f32: |x| x.sin(),
            exact: true,
            slope: |x| x.cos(),
            domain: ALL,
        },
        Unary {
            id: Id::sin_cos_1,
            name: "sin_cos.1",
            inherent: |x| x.sin_cos().1,
            float: Some(|x| Float::sin_cos(x).1),
            complex: Some(|x| ComplexField::sin_cos(x).1),
            f64: |x| x.cos(),
            f32: |x| x.cos(),
            exact: true,
            slope: |x| -x.sin(),
            domain: ALL,
        },
        Unary {
            id: Id::neg,
            name: "neg",
            inherent: |x| -x,
            // generic `Float` code negates with the same operator
            float: Some(|x| -x),
            complex: None,
            f64: |x| -x,
            f32: |x| -x,
            exact: true,
            slope: |_| -1.0,
            domain: ALL,
        },
        Unary {
            id: Id::inv,
            name: "inv",
            inherent: |x| x.inv(),
            // `Float` has no `inv`: generic code writes `one / x`
            float: Some(|x| <Dual<T, N> as One>::one() / x),
            complex: None,
            f64: |x| 1.0 / x,
            f32: |x| 1.0 / x,
            exact: true,
            slope: |x| -1.0 / (x * x),
            domain: EXCEPT_ZERO,
        },
        Unary {
            id: Id::sigmoid,
            name: "sigmoid",
            inherent: |x| x.sigmoid(),
            float: None,
            complex: None,
            f64: sigmoid,
            f32: |x| (sigmoid(f64::from(x))) as f32,
            exact: false,
            slope: dsigmoid,
            domain: ALL,
        },
        Unary {
            id: Id::relu,
            name: "relu",
            inherent: |x| x.relu(),
            float: None,
            complex: None,
            // x above 0, +0 at and below 0, NaN through
            f64: |x| if x > 0.0 || x.is_nan() { x } else { 0.0 },
            f32: |x| if x > 0.0 || x.is_nan() { x } else { 0.0 },
            exact: true,
            slope: step,
            domain: EXCEPT_ZERO,
        },
        Unary {
            id: Id::softplus,
            name: "softplus",
            inherent: |x| x.softplus(),
            float: None,
            complex: None,
            f64: |x| {
                if x < 700.0 {
                    x.exp().ln_1p()
                } else {
                    x + (-x).exp().ln_1p()
                }
            },
            f32: |x| {
                if x < 0.0 {
                    x.exp().ln_1p()
                } else {
                    x + (-x).exp().ln_1p()
                }
            },
            exact: false,
            slope: sigmoid,
            domain: ALL,
        },
        Unary {
            id: Id::unit_step,
            name: "unit_step",
            inherent: |x| x.unit_step(),
            float: None,
            complex: None,
            f64: step,
            f32: |x| step(f64::from(x)) as f32,
            exact: true,
            slope: |_| 0.0,
            domain: EXCEPT_ZERO,
        },
    ]
}

/// `d(aᵇ) = b aᵇ⁻¹ da + aᵇ ln a db`, with the limits `b = 0 → ∂a = 0` and `aᵇ = 0 → ∂b = 0`.
pub fn pow_partials(a: f64, b: f64) -> [f64; 2] {
    let v = a.powf(b);
    let da = if b == 0.0 { 0.0 } else { b * a.powf(b - 1.0) };
    let db = if v == 0.0 { 0.0 } else { v * a.ln() };
    [da, db]
}

/// Every two-argument elementary function (and arithmetic operator) of `Dual<T, N>`.
#[allow(deprecated)] // `Float::abs_sub` and `f64::abs_sub` (C's fdim) are deprecated
pub fn binary<T: Real + RealField, const N: usize>() -> Vec<Binary<T, N>> {
    vec![
        Binary {
            id: Id2::powf,
            name: "powf",
            inherent: |x, y| x.powf(y.re),
            float: Some(|x, y| Float::powf(x, y)),
            complex: Some(|x, y| ComplexField::powf(x, y)),
            second_plain: true,
            zero_sign_unspecified: false,
            kink_at_zero: false,
            arithmetic: false,
            f64: |x, y| x.powf(y),
            f32: |x, y| x.powf(y),
            partials: pow_partials,
            domain: Domain2 {
                smooth: positive_base,
            },
        },
        Binary {
            id: Id2::pow,
            name: "pow",
            inherent: |x, y| x.pow(y),
            float: Some(|x, y| Pow::pow(x, y)),
            complex: Some(|x, y| ComplexField::powc(x, y)),
            second_plain: false,
            zero_sign_unspecified: false,
            kink_at_zero: false,
            arithmetic: false,
            f64: |x, y| x.powf(y),
            f32: |x, y| x.powf(y),
            partials: pow_partials,
            domain: Domain2 {
                smooth: positive_base,
            },
        },
        Binary {
            id: Id2::hypot,
            name: "hypot",
            inherent: |x, y| x.hypot(y),
            float: Some(|x, y| Float::hypot(x, y)),
            complex: Some(|x, y| ComplexField::hypot(x, y)),
            second_plain: false,
            zero_sign_unspecified: false,
            kink_at_zero: false,
            arithmetic: false,
            f64: |x, y| x.hypot(y),
            f32: |x, y| x.hypot(y),
            // scaled by 2^600 (exact) so a subnormal norm keeps its bits
            // (0, 0) at the origin (the documented convention)
            partials: |a, b| {
                let (a, b) = (a * 2f64.powi(600), b * 2f64.powi(600));
                let h = a.hypot(b);
                if h == 0.0 { [0.0, 0.0] } else { [a / h, b / h] }
            },
            domain: Domain2 { smooth: not_origin },
        },
        Binary {
            id: Id2::atan2,
            name: "atan2",
            inherent: |y, x| y.atan2(x),
            float: Some(|y, x| Float::atan2(y, x)),
            complex: Some(|y, x| RealField::atan2(y, x)),
            second_plain: false,
            zero_sign_unspecified: false,
            kink_at_zero: false,
            arithmetic: false,
            f64: |y, x| y.atan2(x),
            f32: |y, x| y.atan2(x),
            // (0, 0) at the origin (the documented convention)
            partials: |y, x| {
                if x == 0.0 && y == 0.0 {
                    [0.0, 0.0]
                } else {
                    [x / (x * x + y * y), -y / (x * x + y * y)]
                }
            },
            domain: Domain2 { smooth: not_origin },
        },
        Binary {
            id: Id2::max,
            name: "max",
            inherent: |x, y| x.max(y),
            float: Some(|x, y| Float::max(x, y)),
            complex: Some(|x, y| RealField::max(x, y)),
            second_plain: false,
            zero_sign_unspecified: true,
            kink_at_zero: false,
            arithmetic: false,
            f64: |x, y| x.max(y),
            f32: |x, y| x.max(y),
            // a NaN argument is ignored (IEEE maxNum): the other one's tangent
            partials: |a, b| {
                if b > a || a.is_nan() {
                    [0.0, 1.0]
                } else if a > b || b.is_nan() {
                    [1.0, 0.0]
                } else {
                    [0.5, 0.5]
                }
            },
            domain: Domain2 { smooth: no_tie },
        },
        Binary {
            id: Id2::min,
            name: "min",
            inherent: |x, y| x.min(y),
            float: Some(|x, y| Float::min(x, y)),
            complex: Some(|x, y| RealField::min(x, y)),
            second_plain: false,
            zero_sign_unspecified: true,
            kink_at_zero: false,
            arithmetic: false,
            f64: |x, y| x.min(y),
            f32: |x, y| x.min(y),
            partials: |a, b| {
                if b < a || a.is_nan() {
                    [0.0, 1.0]
                } else if a < b || b.is_nan() {
                    [1.0, 0.0]
                } else {
                    [0.5, 0.5]
                }
            },
            domain: Domain2 { smooth: no_tie },
        },
        Binary {
            id: Id2::copysign,
            name: "copysign",
            inherent: |x, s| x.copysign(s),
            float: Some(|x, s| Float::copysign(x, s)),
            complex: Some(|x, s| RealField::copysign(x, s)),
            second_plain: false,
            zero_sign_unspecified: false,
            kink_at_zero: true,
            arithmetic: false,
            f64: |x, s| x.copysign(s),
            f32: |x, s| x.copysign(s),
            partials: |a, b| {
                let flip = if a.is_sign_negative() != b.is_sign_negative() {
                    -1.0
                } else {
                    1.0
                };
                // ±|a|: the slope of abs, 0 at a = ±0 (the midpoint rule)
                [flip * if a == 0.0 { 0.0 } else { 1.0 }, 0.0]
            },
            domain: Domain2 {
                smooth: away_from_zero_first,
            },
        },
        Binary {
            id: Id2::abs_sub,
            name: "abs_sub",
            inherent: |x, y| Signed::abs_sub(&x, &y),
            float: Some(|x, y| Float::abs_sub(x, y)),
            complex: None,
            second_plain: false,
            zero_sign_unspecified: false,
            kink_at_zero: false,
            arithmetic: false,
            // C's fdim: `x - y` if `x > y`, else +0; NaN in, NaN out
            f64: |x, y| x.abs_sub(y),
            f32: |x, y| x.abs_sub(y),
            partials: |a, b| if a > b { [1.0, -1.0] } else { [0.0, 0.0] },
            domain: Domain2 { smooth: no_tie },
        },
        Binary {
            id: Id2::log,
            name: "log",
            inherent: |x, b| x.log(b.re),
            float: Some(|x, b| Float::log(x, b)),
            complex: Some(|x, b| ComplexField::log(x, b)),
            second_plain: true,
            zero_sign_unspecified: false,
            kink_at_zero: false,
            arithmetic: false,
            f64: |x, b| x.log(b),
            f32: |x, b| x.log(b),
            partials: |a, b| [1.0 / (a * b.ln()), -a.ln() / (b * b.ln().powi(2))],
            domain: Domain2 { smooth: log_domain },
        },
        Binary {
            id: Id2::rem,
            name: "rem",
            inherent: |x, y| x % y,
            float: None,
            complex: None,
            second_plain: false,
            zero_sign_unspecified: false,
            kink_at_zero: false,
            arithmetic: false,
            f64: |x, y| x % y,
            f32: |x, y| x % y,
            partials: |a, b| [1.0, -(a / b).trunc()],
            domain: Domain2 { smooth: rem_smooth },
        },
        Binary {
            id: Id2::add,
            name: "add",
            inherent: |x, y| x + y,
            float: None,
            complex: None,
            second_plain: false,
            zero_sign_unspecified: false,
            kink_at_zero: false,
            arithmetic: true,
            f64: |x, y| x + y,
            f32: |x, y| x + y,
            partials: |_, _| [1.0, 1.0],
            domain: ALL2,
        },
        Binary {
            id: Id2::sub,
            name: "sub",
            inherent: |x, y| x - y,
            float: None,
            complex: None,
            second_plain: false,
            zero_sign_unspecified: false,
            kink_at_zero: false,
            arithmetic: true,
            f64: |x, y| x - y,
            f32: |x, y| x - y,
            partials: |_, _| [1.0, -1.0],
            domain: ALL2,
        },
        Binary {
            id: Id2::mul,
            name: "mul",
            inherent: |x, y| x * y,
            float: None,
            complex: None,
            second_plain: false,
            zero_sign_unspecified: false,
            kink_at_zero: false,
            arithmetic: true,
            f64: |x, y| x * y,
            f32: |x, y| x * y,
            partials: |a, b| [b, a],
            domain: ALL2,
        },
        Binary {
            id: Id2::div,
            name: "div",
            inherent: |x, y| x / y,
            float: None,
            complex: None,
            second_plain: false,
            zero_sign_unspecified: false,
            kink_at_zero: false,
            arithmetic: true,
            f64: |x, y| x / y,
            f32: |x, y| x / y,
            partials: |a, b| [1.0 / b, -a / (b * b)],
            domain: Domain2 {
                smooth: nonzero_second,
            },
        },
    ]
}

/// The documented `clamp` rule on plain floats: NaN `x` passes through, else
/// `min(max(x, lo), hi)` (so crossed or NaN bounds do not panic, unlike std's `clamp`).
pub fn clamp_rule<F: Float>(x: F, lo: F, hi: F) -> F {
    if x.is_nan() { x } else { x.max(lo).min(hi) }
}

/// simba's `RealField::clamp` for `f64`, as documented there: `lo` below `lo`, else `hi`
/// above `hi`, else `x` (so with crossed bounds `x < lo` gives `lo`; NaN `x` passes).
pub fn simba_clamp(x: f64, lo: f64, hi: f64) -> f64 {
    if x < lo {
        lo
    } else if x > hi {
        hi
    } else {
        x
    }
}

/// A call path of a [`Ternary`] row whose reference is its own rule.
pub struct OwnPath<T, const N: usize> {
    pub path: &'static str,
    pub call: Fn3<T, N>,
    pub f64: fn(f64, f64, f64) -> f64,
}

/// `mul_add` and `clamp` of `Dual<T, N>`.
pub fn ternary<T: Real + RealField, const N: usize>() -> Vec<Ternary<T, N>> {
    vec![
        Ternary {
            id: Id3::mul_add,
            name: "mul_add",
            inherent: |x, a, b| x.mul_add(a, b),
            float: Some(|x, a, b| Float::mul_add(x, a, b)),
            complex: Some(|x, a, b| ComplexField::mul_add(x, a, b)),
            other: Some(|x, a, b| MulAdd::mul_add(x, a, b)),
            own_path: None,
            arithmetic: true,
            f64: |x, a, b| x.mul_add(a, b),
            f32: |x, a, b| x.mul_add(a, b),
            partials: |x, a, _| [a, x, 1.0],
        },
        Ternary {
            id: Id3::clamp,
            name: "clamp",
            inherent: |x, lo, hi| x.clamp(lo, hi),
            float: Some(|x, lo, hi| Float::clamp(x, lo, hi)),
            // `RealField::clamp` follows simba's `f64` `RealField::clamp`, which differs from
            // the rule on crossed bounds: its own path below
            complex: None,
            other: None,
            own_path: Some(OwnPath {
                path: "RealField",
                call: |x, lo, hi| RealField::clamp(x, lo, hi),
                f64: simba_clamp,
            }),
            arithmetic: false,
            f64: clamp_rule,
            f32: clamp_rule,
            partials: |x, lo, hi| {
                if x > lo && x < hi {
                    [1.0, 0.0, 0.0]
                } else if x < lo {
                    [0.0, 1.0, 0.0]
                } else if x > hi {
                    [0.0, 0.0, 1.0]
                } else {
                    [f64::NAN; 3]
                }
            },
        },
    ]
}

// ----- methods only nalgebra's traits have ------------------------------------------------

/// A `ComplexField`/`RealField` method of one argument that `Dual` has no inherent or
/// `Float` counterpart for (or a fixed-argument form of a trait method): the trait call on
/// the dual, the same trait method of `f64` (simba's) as the value oracle, the slope by hand.
pub struct TraitOnly<T, const N: usize> {
    pub name: &'static str,
    pub call: Fn1<T, N>,
    /// The same trait method on `f64`.
    pub f64: fn(f64) -> f64,
    /// The derivative, a hand formula of `f64`.
    pub slope: fn(f64) -> f64,
    /// A product or quotient of duals, not a chain rule: where the value or the input is
    /// not finite a zero tangent component may become NaN (`0 · ∞`), by the documented
    /// decision.
    pub arithmetic: bool,
    /// The slope formula cancels near 0 (`x cos x - sin x` of the cardinal functions): not
    /// trusted for `0 < |x| < 1/4`.
    pub cancels_near_zero: bool,
    /// At ±0 the tangent follows the branch the sign bit picks (`to_exp`), or a kink that
    /// finite differences see neither side of (`copysign(x, -1)`).
    pub branch_at_zero: bool,
}

/// A two-argument `ComplexField` method with no inherent counterpart: `scale`, `unscale`
/// (both a product or quotient of duals, see [`TraitOnly::arithmetic`]).
pub struct TraitOnly2<T, const N: usize> {
    pub name: &'static str,
    pub call: Fn2<T, N>,
    pub f64: fn(f64, f64) -> f64,
    pub partials: fn(f64, f64) -> [f64; 2],
    /// Divides by the second argument, so a zero component may become NaN where `1/b`
    /// overflows (a subnormal `b`).
    pub divides: bool,
}

/// `$call` on the dual and on `f64` through the same trait method.
macro_rules! trait_only {
    ($($name:literal $([$($flag:ident),*])? => |$x:ident| $call:expr, slope $slope:expr;)*) => {
        vec![$({
            #[allow(unused_mut)]
            let mut row = TraitOnly {
                name: $name,
                call: |$x: Dual<T, N>| $call,
                f64: |$x: f64| $call,
                slope: |#[allow(unused_variables)] $x: f64| $slope,
                arithmetic: false,
                cancels_near_zero: false,
                branch_at_zero: false,
            };
            $($(row.$flag = true;)*)?
            row
        }),*]
    };
}

/// The slope of `max(x, c)`: 1 above, 0 below, 1/2 at the tie, 0 for NaN `x` (ignored).
fn max_slope(x: f64, c: f64) -> f64 {
    if x > c {
        1.0
    } else if x < c {
        0.0
    } else if x == c {
        0.5
    } else {
        0.0
    }
}

/// Every one-argument method only nalgebra's traits have, and fixed-argument forms of the
/// two- and three-argument ones.
pub fn trait_only<T: Real + RealField + SupersetOf<f64>, const N: usize>() -> Vec<TraitOnly<T, N>> {
    trait_only![
        "modulus" => |x| ComplexField::modulus(x), slope sign0(x);
        "norm1" => |x| ComplexField::norm1(x), slope sign0(x);
        "modulus_squared" [arithmetic] => |x| ComplexField::modulus_squared(x), slope 2.0 * x;
        "argument" => |x| ComplexField::argument(x), slope 0.0;
        "real" => |x| ComplexField::real(x), slope 1.0;
        "imaginary" => |x| ComplexField::imaginary(x), slope 0.0;
        "conjugate" => |x| ComplexField::conjugate(x), slope 1.0;
        "from_real" => |x| ComplexField::from_real(x), slope 1.0;
        "sinh_cosh.0" => |x| ComplexField::sinh_cosh(x).0, slope x.cosh();
        "sinh_cosh.1" => |x| ComplexField::sinh_cosh(x).1, slope x.sinh();
        "to_polar.0" => |x| ComplexField::to_polar(x).0, slope sign0(x);
        "to_polar.1" => |x| ComplexField::to_polar(x).1, slope 0.0;
        // (x, 1) for x >= 0, (-x, -1) otherwise: modulus · unit = x, the modulus part
        // following the sign chosen
        "to_exp.0" [branch_at_zero] => |x| ComplexField::to_exp(x).0,
            slope if x >= 0.0 { 1.0 } else { -1.0 };
        "to_exp.1" [branch_at_zero] => |x| ComplexField::to_exp(x).1, slope 0.0;
        "powi(-3)" => |x| ComplexField::powi(x, -3), slope -3.0 / x.powi(4);
        "powi(-1)" => |x| ComplexField::powi(x, -1), slope -1.0 / (x * x);
        "powi(0)" => |x| ComplexField::powi(x, 0), slope 0.0;
        "powi(1)" => |x| ComplexField::powi(x, 1), slope 1.0;
        "powi(2)" => |x| ComplexField::powi(x, 2), slope 2.0 * x;
        "powi(5)" => |x| ComplexField::powi(x, 5), slope 5.0 * x.powi(4);
        "powi(7)" => |x| ComplexField::powi(x, 7), slope 7.0 * x.powi(6);
        // simba's provided definitions: 1 at 0 (cosc, coshc too: a constant there), f(x)/x
        // elsewhere
        "sinc" [arithmetic, cancels_near_zero] => |x| ComplexField::sinc(x),
            slope if x == 0.0 { 0.0 } else { (x * x.cos() - x.sin()) / (x * x) };
        "sinhc" [arithmetic, cancels_near_zero] => |x| ComplexField::sinhc(x),
            slope if x == 0.0 { 0.0 } else { (x * x.cosh() - x.sinh()) / (x * x) };
        "cosc" [arithmetic, cancels_near_zero] => |x| ComplexField::cosc(x),
            slope if x == 0.0 { 0.0 } else { (-x * x.sin() - x.cos()) / (x * x) };
        "coshc" [arithmetic, cancels_near_zero] => |x| ComplexField::coshc(x),
            slope if x == 0.0 { 0.0 } else { (x * x.sinh() - x.cosh()) / (x * x) };
        // a constant second argument
        "log(., 3)" => |x| ComplexField::log(x, nalgebra::convert(3.0)),
            slope 1.0 / (x * 3.0_f64.ln());
        "powf(., 2.5)" => |x| ComplexField::powf(x, nalgebra::convert(2.5)), slope 2.5 * x.powf(1.5);
        "powc(., -0.5)" => |x| ComplexField::powc(x, nalgebra::convert(-0.5)),
            slope -0.5 * x.powf(-1.5);
        "scale(., 3)" [arithmetic] => |x| ComplexField::scale(x, nalgebra::convert(3.0)), slope 3.0;
        "scale(., -1.5)" [arithmetic] => |x| ComplexField::scale(x, nalgebra::convert(-1.5)),
            slope -1.5;
        "unscale(., 4)" [arithmetic] => |x| ComplexField::unscale(x, nalgebra::convert(4.0)),
            slope 0.25;
        "mul_add(., 3, 1)" [arithmetic] => |x| ComplexField::mul_add(
                x,
                nalgebra::convert(3.0),
                nalgebra::convert(1.0),
            ),
            slope 3.0;
        "max(., 0.5)" => |x| RealField::max(x, nalgebra::convert(0.5)), slope max_slope(x, 0.5);
        "min(., 0.5)" => |x| RealField::min(x, nalgebra::convert(0.5)), slope max_slope(-x, -0.5);
        // copysign(x, -1) = -|x|: slope -sign(x), 0 at ±0 (the midpoint rule of abs)
        "copysign(., -1)" [branch_at_zero] => |x| RealField::copysign(x, nalgebra::convert(-1.0)),
            slope if x == 0.0 { 0.0 } else if x.is_sign_negative() { 1.0 } else { -1.0 };
        "atan2(., 2)" => |x| RealField::atan2(x, nalgebra::convert(2.0)), slope 2.0 / (x * x + 4.0);
        "atan2(1, .)" => |x| RealField::atan2(nalgebra::convert(1.0), x),
            slope -1.0 / (x * x + 1.0);
    ]
}

/// `scale` and `unscale`.
pub fn trait_only2<T: Real + RealField, const N: usize>() -> Vec<TraitOnly2<T, N>> {
    vec![
        TraitOnly2 {
            name: "scale",
            call: |a, b| ComplexField::scale(a, b),
            f64: |a, b| ComplexField::scale(a, b),
            partials: |a, b| [b, a],
            divides: false,
        },
        TraitOnly2 {
            name: "unscale",
            call: |a, b| ComplexField::unscale(a, b),
            f64: |a, b| ComplexField::unscale(a, b),
            partials: |a, b| [1.0 / b, -a / (b * b)],
            divides: true,
        },
    ]
}

/// A one-argument `ComplexField`/`RealField` path, from a table row or a [`TraitOnly`] row: the call, its `f64` oracle, the
/// slope by hand and the flags of [`TraitOnly`] (all `false` for the table's rows, which
/// are chain rules).
pub struct TraitPath<T, const N: usize> {
    pub name: &'static str,
    pub call: Fn1<T, N>,
    pub f64: fn(f64) -> f64,
    pub slope: fn(f64) -> f64,
    pub arithmetic: bool,
    pub cancels_near_zero: bool,
    pub branch_at_zero: bool,
}

impl<T, const N: usize> TraitPath<T, N> {
    /// Where the hand formula is trustworthy in double precision (no overflow in `x²`, no
    /// cancellation in the cardinal functions' `x cos x - sin x` near 0).
    pub fn formula_point(&self, x: f64) -> bool {
        let moderate = x.is_finite() && x.abs() <= 50.0;
        moderate && !(self.cancels_near_zero && x != 0.0 && x.abs() < 0.25)
    }
}

/// Every one-argument `ComplexField`/`RealField` path of `Dual<T, N>`, in a fixed order (the
/// same for every `T`, `N`).
pub fn trait_paths<T: Real + RealField + SupersetOf<f64>, const N: usize>() -> Vec<TraitPath<T, N>>
{
    let table = unary::<T, N>().into_iter().filter_map(|r| {
        r.complex.map(|call| TraitPath {
            name: r.name,
            call,
            f64: r.f64,
            slope: r.slope,
            arithmetic: false,
            cancels_near_zero: false,
            branch_at_zero: false,
        })
    });
    let only = trait_only::<T, N>().into_iter().map(|r| TraitPath {
        name: r.name,
        call: r.call,
        f64: r.f64,
        slope: r.slope,
        arithmetic: r.arithmetic,
        cancels_near_zero: r.cancels_near_zero,
        branch_at_zero: r.branch_at_zero,
    });
    table.chain(only).collect()
}

/// A two-argument trait path: call, `f64` oracle, partials by hand, and whether `f64`'s
/// value on a pair of zeros of opposite signs is unspecified, the method a product or
/// quotient of duals, or a quotient by the second argument.
pub struct TraitPath2<T, const N: usize> {
    pub name: &'static str,
    pub call: Fn2<T, N>,
    pub f64: fn(f64, f64) -> f64,
    pub partials: fn(f64, f64) -> [f64; 2],
    pub zero_sign_unspecified: bool,
    pub kink_at_zero: bool,
    pub arithmetic: bool,
    pub divides: bool,
}

pub fn trait_paths2<T: Real + RealField, const N: usize>() -> Vec<TraitPath2<T, N>> {
    let table = binary::<T, N>().into_iter().filter_map(|r| {
        r.complex.map(|call| TraitPath2 {
            name: r.name,
            call,
            f64: r.f64,
            partials: r.partials,
            zero_sign_unspecified: r.zero_sign_unspecified,
            kink_at_zero: r.kink_at_zero,
            arithmetic: false,
            divides: false,
        })
    });
    let only = trait_only2::<T, N>().into_iter().map(|r| TraitPath2 {
        name: r.name,
        call: r.call,
        f64: r.f64,
        partials: r.partials,
        zero_sign_unspecified: false,
        kink_at_zero: false,
        arithmetic: true,
        divides: r.divides,
    });
    table.chain(only).collect()
}

/// Integer exponents for `powi`: small, large, and the extremes of `i32`.
pub const POWI_EXPONENTS: &[i32] = &[
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

/// The ways of calling `powi`: `(path, call)`. The reference is `f64::powi`/`f32::powi`,
/// the slope `n x^(n-1)`.
pub fn powi_paths<T: Real + RealField, const N: usize>() -> [(&'static str, Powi<T, N>); 4] {
    [
        ("inherent", |x, n| x.powi(n)),
        ("Float", |x, n| Float::powi(x, n)),
        ("ComplexField", |x, n| ComplexField::powi(x, n)),
        ("Pow<i32>", |x, n| Pow::pow(x, n)),
    ]
}

// ----- the seeds of the scalar tests ------------------------------------------------------

/// A `Dual<f64, 3>` variable at `x` with tangent `[1, 0, -2]`.
pub fn seed_d3(x: f64) -> Dual<f64, 3> {
    Dual::new(x, [1.0, 0.0, -2.0])
}
/// A second `Dual<f64, 3>` argument at `x`, tangent `[0, 1, 3]`.
pub fn seed2_d3(x: f64) -> Dual<f64, 3> {
    Dual::new(x, [0.0, 1.0, 3.0])
}
/// A `Dual<f32, 2>` variable at `x`, tangent `[1, 0]`.
pub fn seed_f2(x: f32) -> Dual<f32, 2> {
    Dual::new(x, [1.0, 0.0])
}
/// A second `Dual<f32, 2>` argument at `x`, tangent `[0, 1]`.
pub fn seed2_f2(x: f32) -> Dual<f32, 2> {
    Dual::new(x, [0.0, 1.0])
}
/// `x` seeded at both levels of `Dual<Dual<f64, 1>, 1>`: `re.eps = eps.re = f'`,
/// `eps.eps = f''`.
pub fn seed_n1(x: f64) -> Dual<Dual<f64, 1>, 1> {
    Dual::new(Dual::variable(x, 0), [Dual::constant(1.0)])
}
/// A second nested argument at `x`: inner tangent 1/2, outer `(1/2, 0)`.
pub fn seed2_n1(x: f64) -> Dual<Dual<f64, 1>, 1> {
    Dual::new(Dual::new(x, [0.5]), [Dual::new(0.5, [0.0])])
}
/// A nested constant.
pub fn konst_n1(x: f64) -> Dual<Dual<f64, 1>, 1> {
    Dual::constant(Dual::constant(x))
}

/// The row `id` of [`unary`].
pub fn unary_row<T: Real + RealField, const N: usize>(id: Id) -> Unary<T, N> {
    unary::<T, N>()
        .into_iter()
        .find(|r| r.id == id)
        .expect("every Id has its row in common::functions::unary")
}

/// The row `id` of [`binary`].
pub fn binary_row<T: Real + RealField, const N: usize>(id: Id2) -> Binary<T, N> {
    binary::<T, N>()
        .into_iter()
        .find(|r| r.id == id)
        .expect("every Id2 has its row in common::functions::binary")
}

/// sech²(x) = 1/cosh²(x), without the cancellation of `1 - tanh²`.
pub fn sech2(x: f64) -> f64 {
    let s = 1.0 / x.cosh();
    s * s
}

/// `f` at `x` seeded at both levels of a nested dual ([`seed_n1`]): `(value, outer first
/// derivative, second derivative, inner first derivative)`.
pub fn second(
    f: impl Fn(Dual<Dual<f64, 1>, 1>) -> Dual<Dual<f64, 1>, 1>,
    x: f64,
) -> (f64, f64, f64, f64) {
    let y = f(seed_n1(x));
    (y.re.re, y.eps[0].re, y.eps[0].eps[0], y.re.eps[0])
}
