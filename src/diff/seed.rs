//! Seeding and chunk iteration, in one place: how inputs become duals.
//!
//! Every helper of the crate starts here. A tangent direction is a unit vector `e_k`
//! (input `k` varies, the others are constants) or a given direction `v`; a chunked
//! helper seeds `N` inputs at a time, one tangent component each, and runs one pass per
//! chunk. Seeding is done in place on a buffer of duals (building a fresh vector with
//! `from_fn(Dual::variable)` costs more than some functions themselves).

#[cfg(feature = "nalgebra")]
use nalgebra::{DVector, SVector};

#[cfg(feature = "nalgebra")]
use crate::Dual2;
use crate::{Dual, Real, Taylor};

/// Writes the values `x` into `duals` and seeds component `k` of dual `k` with 1, for
/// `k < min(N, x.len())`: the first `N` entries become the variables `e_0 .. e_{N-1}`.
/// The duals' tangents must be zero on entry (as in a fresh buffer of constants).
#[inline(always)]
pub(crate) fn seed_variables<T: Real, const N: usize>(duals: &mut [Dual<T, N>], x: &[T]) {
    for (d, &xk) in duals.iter_mut().zip(x) {
        d.re = xk;
    }
    set_diagonal(duals, T::one());
}

/// Sets tangent component `k` of `duals[k]` to `s` for `k < min(N, duals.len())`: `s = 1`
/// seeds a chunk's variables, `s = 0` makes them constants again. (`k` runs over `0..N`,
/// so indexing the tangent needs no bounds check.)
#[inline(always)]
fn set_diagonal<T: Real, const N: usize>(duals: &mut [Dual<T, N>], s: T) {
    for (d, k) in duals.iter_mut().zip(0..N) {
        d.eps[k] = s;
    }
}

/// `N` constant zeros: the buffer [`seed_variables`] fills in place. The caller owns it
/// and hands it to `f` by reference, so the seeded inputs (`N (N + 1)` numbers, 8 KiB at
/// `N = 32`) are written once where `f` reads them and never moved.
#[cfg(feature = "nalgebra")]
#[inline(always)]
pub(crate) fn zeros<T: Real, const N: usize>() -> SVector<Dual<T, N>, N> {
    SVector::from_element(Dual::constant(T::zero()))
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
#[cfg(feature = "nalgebra")]
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
#[cfg(feature = "nalgebra")]
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
#[cfg(feature = "nalgebra")]
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

/// The `N` inputs `x` as second-order variables: input `i` has gradient `e_i` and a zero
/// Hessian, written in place.
#[cfg(feature = "nalgebra")]
#[inline(always)]
pub(crate) fn second_order_variables<T: Real, const N: usize, const P: usize>(
    x: &SVector<T, N>,
) -> SVector<Dual2<T, N, P>, N> {
    let mut xd = SVector::<Dual2<T, N, P>, N>::from_element(Dual2::constant(T::zero()));
    for (i, d) in xd.iter_mut().enumerate() {
        d.re = x[i];
        d.grad[i] = T::one();
    }
    xd
}

/// The `N` inputs `x` for a Hessian-vector product: inner tangent `e_i` (width `N`, the
/// gradient), outer tangent `v_i` (width 1, the direction), so the outer tangent of the
/// result's inner tangent is `H v`.
#[cfg(feature = "nalgebra")]
#[inline(always)]
pub(crate) fn along_over_variables<T: Real, const N: usize>(
    x: &SVector<T, N>,
    v: &SVector<T, N>,
) -> SVector<Dual<Dual<T, N>, 1>, N> {
    let mut xd = SVector::<Dual<Dual<T, N>, 1>, N>::from_element(Dual::default());
    for (i, d) in xd.iter_mut().enumerate() {
        d.re.re = x[i];
        d.re.eps[i] = T::one();
        d.eps[0].re = v[i];
    }
    xd
}

/// The inputs `x` for a second directional derivative: inner tangent `w_i`, outer tangent
/// `v_i`, so the outer tangent of the inner tangent of the result is `vᵀ H w`.
#[cfg(feature = "nalgebra")]
#[inline(always)]
pub(crate) fn along_two<T: Real>(x: T, v: T, w: T) -> Dual<Dual<T, 1>, 1> {
    Dual::new(Dual::new(x, [w]), [Dual::new(v, [T::zero()])])
}

/// Seeds a block pair of a chunked Hessian on nested duals: inputs
/// `inner .. inner + inner_width` get inner tangent `e_k` (`k` their offset in the block) and
/// inputs `outer .. outer + outer_width` outer tangent `e_l`, both scaled by `s` (`s = 1`
/// seeds, `s = 0` makes the inputs constants again). With the same block twice, each
/// input gets both, as in [`nested_variables`].
#[cfg(feature = "nalgebra")]
pub(crate) fn set_block_pair<T: Real, const N: usize>(
    inputs: &mut [Dual<Dual<T, N>, N>],
    (inner, inner_width): (usize, usize),
    (outer, outer_width): (usize, usize),
    s: T,
) {
    for k in 0..inner_width {
        inputs[inner + k].re.eps[k] = s;
    }
    for l in 0..outer_width {
        inputs[outer + l].eps[l].re = s;
    }
}

/// One input on the line `x + v t` as a Taylor number of order `K` (`v = 1` for the
/// derivatives with respect to `x`).
#[inline(always)]
pub(crate) fn taylor_along<T: Real, const K: usize>(x: T, v: T) -> Taylor<T, K> {
    Taylor::along(x, v)
}

/// The `N` inputs on the line `x + t v`: input `i` is `x_i + v_i t`.
#[cfg(feature = "nalgebra")]
#[inline(always)]
pub(crate) fn taylor_line<T: Real, const K: usize, const N: usize>(
    x: &SVector<T, N>,
    v: &SVector<T, N>,
) -> SVector<Taylor<T, K>, N> {
    SVector::from_fn(|i, _| taylor_along(x[i], v[i]))
}
