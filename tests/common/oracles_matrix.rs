//! Matrix-valued oracles and the comparisons the API-layer tests share beyond
//! `tolerance.rs`: the Fréchet derivative of the matrix exponential, conversions to
//! `DMatrix` for comparing against the oracles, a matrix comparison that also pins the zero
//! pattern (sparse Jacobians), and a bit-for-bit value assertion with a message.

use nalgebra::{DMatrix, SMatrix};

use super::tolerance::same;

/// Panics unless `got` equals `expected` bit for bit (NaN for NaN): a value must be the
/// `f64` function's.
#[track_caller]
pub fn assert_same_value(what: &str, got: f64, expected: f64) {
    assert!(
        same(got, expected),
        "{what}: value {got:e} differs from the f64 function's {expected:e}"
    );
}

/// Entry by entry within `1e-14` absolute, and the same zero pattern exactly. For hand
/// Jacobians of sparse functions, whose formulas round differently from the code's order
/// of operations (e.g. `3 - 4x` against `(3 - 2x) - 2x`).
#[track_caller]
pub fn assert_close_same_zeros(what: &str, got: &DMatrix<f64>, want: &DMatrix<f64>) {
    assert_eq!(got.shape(), want.shape(), "{what}");
    for (g, w) in got.iter().zip(want.iter()) {
        assert!(
            (g - w).abs() <= 1e-14 && (*w == 0.0) == (*g == 0.0),
            "{what}: {g} vs {w}"
        );
    }
}

/// A fixed-size matrix as a `DMatrix` (same entries, same shape).
pub fn to_dmatrix<const R: usize, const C: usize>(m: &SMatrix<f64, R, C>) -> DMatrix<f64> {
    DMatrix::from_column_slice(R, C, m.as_slice())
}

/// The Fréchet derivative `L(A, E)` of the matrix exponential at `A` in the direction `E`,
/// from the block-triangular identity `exp([[A, E], [0, A]]) = [[exp A, L(A, E)], [0, exp A]]`
/// (plain `f64` nalgebra).
pub fn exp_frechet(a: &DMatrix<f64>, e: &DMatrix<f64>) -> DMatrix<f64> {
    let n = a.nrows();
    let mut big = DMatrix::zeros(2 * n, 2 * n);
    big.view_mut((0, 0), (n, n)).copy_from(a);
    big.view_mut((n, n), (n, n)).copy_from(a);
    big.view_mut((0, n), (n, n)).copy_from(e);
    big.exp().view((0, n), (n, n)).clone_owned()
}
