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

/// One row of the one-argument table.
pub struct Unary<T, const N: usize> {
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
    pub name: &'static str,
    pub inherent: Fn2<T, N>,
    pub float: Option<Fn2<T, N>>,
    pub complex: Option<Fn2<T, N>>,
    /// The inherent call takes the plain value of the second argument (`powf(T)`,
    /// `log(T)`), so its tangent ignores the second argument's tangent.
    pub second_plain: bool,
    pub f64: fn(f64, f64) -> f64,
    pub f32: fn(f32, f32) -> f32,
    /// The partial derivatives by hand, valid where `domain.smooth`.
    pub partials: fn(f64, f64) -> [f64; 2],
    pub domain: Domain2,
}

/// One row of the three-argument table.
pub struct Ternary<T, const N: usize> {
    pub name: &'static str,
    pub inherent: Fn3<T, N>,
    pub float: Option<Fn3<T, N>>,
    pub complex: Option<Fn3<T, N>>,
    /// A further trait path (`num_traits::MulAdd`), if any.
    pub other: Option<Fn3<T, N>>,
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
        same_name!(sqrt, complex, |x| 0.5 / x.sqrt(), POSITIVE),
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

/// Every two-argument elementary function (and arithmetic operator) of `Dual<T, N>`.
#[allow(deprecated)] // `Float::abs_sub` and `f64::abs_sub` (C's fdim) are deprecated
pub fn binary<T: Real + RealField, const N: usize>() -> Vec<Binary<T, N>> {
    vec![
        Binary {
            name: "powf",
            inherent: |x, y| x.powf(y.re),
            float: Some(|x, y| Float::powf(x, y)),
            complex: Some(|x, y| ComplexField::powf(x, y)),
            second_plain: true,
            f64: |x, y| x.powf(y),
            f32: |x, y| x.powf(y),
            partials: |a, b| [b * a.powf(b - 1.0), a.powf(b) * a.ln()],
            domain: Domain2 {
                smooth: positive_base,
            },
        },
        Binary {
            name: "pow",
            inherent: |x, y| x.pow(y),
            float: Some(|x, y| Pow::pow(x, y)),
            complex: Some(|x, y| ComplexField::powc(x, y)),
            second_plain: false,
            f64: |x, y| x.powf(y),
            f32: |x, y| x.powf(y),
            partials: |a, b| [b * a.powf(b - 1.0), a.powf(b) * a.ln()],
            domain: Domain2 {
                smooth: positive_base,
            },
        },
        Binary {
            name: "hypot",
            inherent: |x, y| x.hypot(y),
            float: Some(|x, y| Float::hypot(x, y)),
            complex: Some(|x, y| ComplexField::hypot(x, y)),
            second_plain: false,
            f64: |x, y| x.hypot(y),
            f32: |x, y| x.hypot(y),
            // scaled by 2^600 (exact) so a subnormal norm keeps its bits
            partials: |a, b| {
                let (a, b) = (a * 2f64.powi(600), b * 2f64.powi(600));
                [a / a.hypot(b), b / a.hypot(b)]
            },
            domain: Domain2 { smooth: not_origin },
        },
        Binary {
            name: "atan2",
            inherent: |y, x| y.atan2(x),
            float: Some(|y, x| Float::atan2(y, x)),
            complex: Some(|y, x| RealField::atan2(y, x)),
            second_plain: false,
            f64: |y, x| y.atan2(x),
            f32: |y, x| y.atan2(x),
            partials: |y, x| [x / (x * x + y * y), -y / (x * x + y * y)],
            domain: Domain2 { smooth: not_origin },
        },
        Binary {
            name: "max",
            inherent: |x, y| x.max(y),
            float: Some(|x, y| Float::max(x, y)),
            complex: Some(|x, y| RealField::max(x, y)),
            second_plain: false,
            f64: |x, y| x.max(y),
            f32: |x, y| x.max(y),
            partials: |a, b| {
                if a > b {
                    [1.0, 0.0]
                } else if b > a {
                    [0.0, 1.0]
                } else {
                    [0.5, 0.5]
                }
            },
            domain: Domain2 { smooth: no_tie },
        },
        Binary {
            name: "min",
            inherent: |x, y| x.min(y),
            float: Some(|x, y| Float::min(x, y)),
            complex: Some(|x, y| RealField::min(x, y)),
            second_plain: false,
            f64: |x, y| x.min(y),
            f32: |x, y| x.min(y),
            partials: |a, b| {
                if a < b {
                    [1.0, 0.0]
                } else if b < a {
                    [0.0, 1.0]
                } else {
                    [0.5, 0.5]
                }
            },
            domain: Domain2 { smooth: no_tie },
        },
        Binary {
            name: "copysign",
            inherent: |x, s| x.copysign(s),
            float: Some(|x, s| Float::copysign(x, s)),
            complex: Some(|x, s| RealField::copysign(x, s)),
            second_plain: false,
            f64: |x, s| x.copysign(s),
            f32: |x, s| x.copysign(s),
            partials: |a, b| {
                let flip = if a.is_sign_negative() != b.is_sign_negative() {
                    -1.0
                } else {
                    1.0
                };
                [flip * sign0(a).abs(), 0.0]
            },
            domain: Domain2 {
                smooth: away_from_zero_first,
            },
        },
        Binary {
            name: "abs_sub",
            inherent: |x, y| Signed::abs_sub(&x, &y),
            float: Some(|x, y| Float::abs_sub(x, y)),
            complex: None,
            second_plain: false,
            // C's fdim: `x - y` if `x > y`, else +0; NaN in, NaN out
            f64: |x, y| x.abs_sub(y),
            f32: |x, y| x.abs_sub(y),
            partials: |a, b| if a > b { [1.0, -1.0] } else { [0.0, 0.0] },
            domain: Domain2 { smooth: no_tie },
        },
        Binary {
            name: "log",
            inherent: |x, b| x.log(b.re),
            float: Some(|x, b| Float::log(x, b)),
            complex: Some(|x, b| ComplexField::log(x, b)),
            second_plain: true,
            f64: |x, b| x.log(b),
            f32: |x, b| x.log(b),
            partials: |a, b| [1.0 / (a * b.ln()), -a.ln() / (b * b.ln().powi(2))],
            domain: Domain2 { smooth: log_domain },
        },
        Binary {
            name: "rem",
            inherent: |x, y| x % y,
            float: None,
            complex: None,
            second_plain: false,
            f64: |x, y| x % y,
            f32: |x, y| x % y,
            partials: |a, b| [1.0, -(a / b).trunc()],
            domain: Domain2 { smooth: rem_smooth },
        },
        Binary {
            name: "add",
            inherent: |x, y| x + y,
            float: None,
            complex: None,
            second_plain: false,
            f64: |x, y| x + y,
            f32: |x, y| x + y,
            partials: |_, _| [1.0, 1.0],
            domain: ALL2,
        },
        Binary {
            name: "sub",
            inherent: |x, y| x - y,
            float: None,
            complex: None,
            second_plain: false,
            f64: |x, y| x - y,
            f32: |x, y| x - y,
            partials: |_, _| [1.0, -1.0],
            domain: ALL2,
        },
        Binary {
            name: "mul",
            inherent: |x, y| x * y,
            float: None,
            complex: None,
            second_plain: false,
            f64: |x, y| x * y,
            f32: |x, y| x * y,
            partials: |a, b| [b, a],
            domain: ALL2,
        },
        Binary {
            name: "div",
            inherent: |x, y| x / y,
            float: None,
            complex: None,
            second_plain: false,
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

/// `mul_add` and `clamp` of `Dual<T, N>`.
pub fn ternary<T: Real + RealField, const N: usize>() -> Vec<Ternary<T, N>> {
    vec![
        Ternary {
            name: "mul_add",
            inherent: |x, a, b| x.mul_add(a, b),
            float: Some(|x, a, b| Float::mul_add(x, a, b)),
            complex: Some(|x, a, b| ComplexField::mul_add(x, a, b)),
            other: Some(|x, a, b| MulAdd::mul_add(x, a, b)),
            f64: |x, a, b| x.mul_add(a, b),
            f32: |x, a, b| x.mul_add(a, b),
            partials: |x, a, _| [a, x, 1.0],
        },
        Ternary {
            name: "clamp",
            inherent: |x, lo, hi| x.clamp(lo, hi),
            float: Some(|x, lo, hi| Float::clamp(x, lo, hi)),
            // `RealField::clamp` follows simba's `f64` `RealField::clamp`, which differs from
            // the rule on crossed bounds: checked against it in `call_paths.rs`
            complex: None,
            other: None,
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

/// The row named `name` of [`unary`] (for data tables keyed by function; panics on an
/// unknown name, on the first run of any test that uses it).
pub fn unary_named<T: Real + RealField, const N: usize>(name: &str) -> Unary<T, N> {
    unary::<T, N>()
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no row {name} in common::functions::unary"))
}

/// The row named `name` of [`binary`].
pub fn binary_named<T: Real + RealField, const N: usize>(name: &str) -> Binary<T, N> {
    binary::<T, N>()
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no row {name} in common::functions::binary"))
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
