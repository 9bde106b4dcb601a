//! Seeding and chunk iteration, in one place: how inputs become duals.
//!
//! Every helper of the crate starts here. A tangent direction is a unit vector `e_k`
//! (input `k` varies, the others are constants) or a given direction `v`; a chunked
//! helper seeds `N` inputs at a time, one tangent component each, and runs one pass per
//! chunk. Seeding is done in place on a buffer of duals (building a fresh vector with
//! `from_fn(Dual::variable)` costs more than some functions themselves).

use nalgebra::{DVector, SVector};

use crate::{Dual, Real, Taylor};

/// Writes the values `x` into `duals` and seeds component `k` of dual `k` with 1, for
/// `k < min(N, x.len())`: the first `N` entries become the variables `e_0 .. e_{N-1}`.
/// The duals' tangents must be zero on entry (as in a fresh buffer of constants).
#[inline(always)]
pub(crate) fn seed_variables<T: Real, const N: usize>(duals: &mut [Dual<T, N>], x: &[T]) {
    for (d, &xk) in duals.iter_mut().zip(x) {
        d.re = xk;
    }
    let seeded = N.min(duals.len());
    set_diagonal(&mut duals[..seeded], T::one());
}

/// Sets tangent component `k` of `duals[k]` to `s` for every `k < duals.len() <= N`:
/// `s = 1` seeds the chunk's variables, `s = 0` makes them constants again.
#[inline(always)]
fn set_diagonal<T: Real, const N: usize>(duals: &mut [Dual<T, N>], s: T) {
    for (k, d) in duals.iter_mut().enumerate() {
        d.eps[k] = s;
    }
}

/// The `N` inputs `x` as the `N` variables: input `i` has tangent `e_i`.
#[inline(always)]
pub(crate) fn variables<T: Real, const N: usize>(x: &SVector<T, N>) -> SVector<Dual<T, N>, N> {
    let mut xd = SVector::<Dual<T, N>, N>::from_element(Dual::constant(T::zero()));
    seed_variables(xd.as_mut_slice(), x.as_slice());
    xd
}

/// One input along a direction: value `x`, a single tangent component `v`
/// (`v = 1` for the derivative with respect to `x`).
#[inline(always)]
pub(crate) fn along<T: Real>(x: T, v: T) -> Dual<T, 1> {
    Dual::new(x, [v])
}

/// The `N` inputs `x` as nested variables for second derivatives: input `i` has the
/// tangent `e_i` in both the inner and the outer dual, so the outer tangent of the
/// inner tangent of the result holds the mixed partials `∂²f/∂x_i∂x_j`.
#[inline(always)]
pub(crate) fn nested_variables<T: Real, const N: usize>(
    x: &SVector<T, N>,
) -> SVector<Dual<Dual<T, N>, N>, N> {
    SVector::from_fn(|i, _| {
        let mut xi = Dual::constant(Dual::constant(x[i]));
        xi.re.eps[i] = T::one();
        xi.eps[i].re = T::one();
        xi
    })
}

/// Loads the values `x` into the chunked inputs `inputs` as constants (zero tangents),
/// resizing the buffer when the length changed.
pub(crate) fn load_constants<T: Real, const N: usize>(inputs: &mut DVector<Dual<T, N>>, x: &[T]) {
    if inputs.len() != x.len() {
        *inputs = DVector::from_element(x.len(), Dual::default());
    }
    for (d, &xi) in inputs.iter_mut().zip(x) {
        *d = Dual::constant(xi);
    }
}

/// Runs `pass(inputs, start, width)` once per chunk of `N` inputs: inputs
/// `start .. start + width` are seeded with `e_0 .. e_{width-1}` during the pass and
/// unseeded after it, so `inputs` holds constants again at the end (also after an error,
/// which stops the iteration). With no inputs there is one pass of width 0, so the
/// function's value is still computed.
pub(crate) fn for_each_chunk<T: Real, const N: usize, E>(
    inputs: &mut DVector<Dual<T, N>>,
    mut pass: impl FnMut(&DVector<Dual<T, N>>, usize, usize) -> Result<(), E>,
) -> Result<(), E> {
    let n = inputs.len();
    if n == 0 {
        return pass(inputs, 0, 0);
    }
    for start in (0..n).step_by(N) {
        let width = N.min(n - start);
        let chunk = start..start + width;
        set_diagonal(&mut inputs.as_mut_slice()[chunk.clone()], T::one());
        let result = pass(inputs, start, width);
        set_diagonal(&mut inputs.as_mut_slice()[chunk], T::zero());
        result?;
    }
    Ok(())
}

/// One input on the line `x + v t` as a Taylor number of order `K` (`v = 1` for the
/// derivatives with respect to `x`).
#[inline(always)]
pub(crate) fn taylor_along<T: Real, const K: usize>(x: T, v: T) -> Taylor<T, K> {
    Taylor::along(x, v)
}

/// The `N` inputs on the line `x + t v`: input `i` is `x_i + v_i t`.
#[inline(always)]
pub(crate) fn taylor_line<T: Real, const K: usize, const N: usize>(
    x: &SVector<T, N>,
    v: &SVector<T, N>,
) -> SVector<Taylor<T, K>, N> {
    SVector::from_fn(|i, _| taylor_along(x[i], v[i]))
}
