//! Named tolerances and the one family of comparisons used by every test.
//!
//! Exact comparisons: [`same`] (bit for bit, NaN equal to NaN), [`same_up_to_zero_sign`]
//! (`==`, NaN equal to NaN). Approximate: [`close`] (`|a - b| <= rel |b| + abs`), with the
//! shorthands [`within`] (`tol (1 + |b|)`), [`near`] (`within`, or equal, or both NaN) and
//! [`close_or_exact`] (relative, exact where the expected value is 0 or infinite).

use dualnum::Dual;
use nalgebra::DMatrix;

// ----- named tolerances ----------------------------------------------------------------

/// Dual against a hand formula of a few operations (value and slope both rounded a few
/// times): relative `1e-12`.
pub const HAND_FORMULA: f64 = 1e-12;
/// Dual against a hand formula of one or two products: the last bits, `1e-14`.
pub const LAST_BITS: f64 = 1e-14;
/// Dual against a closed form of a handful of operations (lecture notes, analytic sparse
/// Jacobians): `1e-13`.
pub const CLOSED_FORM: f64 = 1e-13;
/// Dual against a central difference with step `1e-5`..`1e-6` (times `1 + |x|`), or against
/// Richardson-extrapolated differences of a function with relative steps: `1e-6`.
pub const CENTRAL_DIFFERENCE: f64 = 1e-6;
/// Dual against a central difference with step `1e-6 (1 + |x|)` of O(1)-sized smooth maps
/// (the sparse tests): `1e-7`.
pub const CENTRAL_DIFFERENCE_TIGHT: f64 = 1e-7;
/// A second derivative against Richardson differences of the hand-written slope: `1e-5`.
pub const SECOND_BY_DIFFERENCES: f64 = 1e-5;
/// A slope against [`crate::common::oracles::numeric_derivative`], scaled by the slope plus
/// the function's size over `max(|x|, 1e-2)`: `1e-7`.
pub const NUMERIC_DERIVATIVE: f64 = 1e-7;
/// A differentiation rule (product, quotient, chain) scaled by the sum of its terms'
/// magnitudes: `1e-12`.
pub const RULE: f64 = 1e-12;
/// A few units in the last place of `f64`: `4 ε`.
pub const FEW_ULPS: f64 = 4.0 * f64::EPSILON;

// ----- exact comparisons ---------------------------------------------------------------

/// A plain float type whose values can be compared bit for bit.
pub trait Bits: Copy + PartialEq + core::fmt::Debug {
    fn bits(self) -> u64;
    fn nan(self) -> bool;
}

impl Bits for f64 {
    fn bits(self) -> u64 {
        self.to_bits()
    }
    fn nan(self) -> bool {
        self.is_nan()
    }
}

impl Bits for f32 {
    fn bits(self) -> u64 {
        u64::from(self.to_bits())
    }
    fn nan(self) -> bool {
        self.is_nan()
    }
}

/// Bit for bit (so `+0` and `-0` differ), or both NaN (any payload, any sign).
pub fn same<F: Bits>(a: F, b: F) -> bool {
    a.bits() == b.bits() || (a.nan() && b.nan())
}

/// Equal as numbers (`+0 == -0`), or both NaN.
pub fn same_up_to_zero_sign<F: Bits>(a: F, b: F) -> bool {
    a == b || (a.nan() && b.nan())
}

/// Every component [`same`]; the slices have equal lengths.
pub fn same_slice(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| same(x, y))
}

// ----- approximate comparisons ---------------------------------------------------------

/// `|a - b| <= rel |b| + abs` (false if either is NaN, or for equal infinities).
pub fn close(a: f64, b: f64, rel: f64, abs: f64) -> bool {
    (a - b).abs() <= rel * b.abs() + abs
}

/// `|a - b| <= tol (1 + |b|)`: [`close`] with `rel = abs = tol`.
pub fn within(a: f64, b: f64, tol: f64) -> bool {
    close(a, b, tol, tol)
}

/// [`within`], or equal (the same infinity), or both NaN.
pub fn near(a: f64, b: f64, tol: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b || within(a, b, tol)
}

/// Exactly equal where `want` is 0 or infinite; elsewhere relative `rel` plus four of the
/// smallest subnormal (so a subnormal `want` is not held to more bits than it has).
pub fn close_or_exact(got: f64, want: f64, rel: f64) -> bool {
    if want == 0.0 || want.is_infinite() {
        return got == want;
    }
    close(got, want, rel, 4.0 * f64::from_bits(1))
}

/// Panics with `what`, both numbers and the tolerance unless [`within`]`(got, want, tol)`.
#[track_caller]
pub fn assert_within(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        within(got, want, tol),
        "{what}: got {got:e}, expected {want:e} (tolerance {tol:e} (1 + |expected|))"
    );
}

/// Panics unless [`close`]`(got, want, rel, 0)`: relative only.
#[track_caller]
pub fn assert_rel(got: f64, want: f64, rel: f64) {
    assert!(
        close(got, want, rel, 0.0),
        "got {got:e}, expected {want:e} to {rel:e} relative"
    );
}

// ----- matrices ------------------------------------------------------------------------

/// `max |a - b|`, entrywise; the shapes must agree.
pub fn max_abs_diff(a: &DMatrix<f64>, b: &DMatrix<f64>) -> f64 {
    assert_eq!(a.shape(), b.shape());
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

/// `max |a - b| / (1 + |b|)`, entrywise; the shapes must agree.
pub fn max_rel_diff(a: &DMatrix<f64>, b: &DMatrix<f64>) -> f64 {
    assert_eq!(a.shape(), b.shape());
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y).abs() / (1.0 + y.abs()))
        .fold(0.0, f64::max)
}

/// Every entry [`within`]`(got, want, tol)`, with the entry's position in the message.
#[track_caller]
pub fn assert_matrix_within(what: &str, got: &DMatrix<f64>, want: &DMatrix<f64>, tol: f64) {
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    for i in 0..got.nrows() {
        for j in 0..got.ncols() {
            assert_within(
                &format!("{what} ({i}, {j})"),
                got[(i, j)],
                want[(i, j)],
                tol,
            );
        }
    }
}

/// Panics listing the first 25 of `bad` (mismatch messages collected over a grid), unless
/// it is empty.
#[track_caller]
pub fn report(bad: &[String]) {
    assert!(
        bad.is_empty(),
        "{} mismatches, first ones:\n{}",
        bad.len(),
        bad.iter().take(25).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// A dual against a documented value: the value bit for bit ([`same`]; `value` is the `f64`
/// oracle), every tangent component equal as a number ([`same_up_to_zero_sign`]). Replaces
/// review_docs.rs:check.
#[track_caller]
pub fn assert_value_exact<const N: usize>(
    what: &str,
    got: Dual<f64, N>,
    value: f64,
    eps: [f64; N],
) {
    assert!(
        same(got.re, value)
            && got
                .eps
                .iter()
                .zip(&eps)
                .all(|(&a, &b)| same_up_to_zero_sign(a, b)),
        "{what}: got {got:?}, expected re = {value:?} (bit for bit), eps = {eps:?}"
    );
}
