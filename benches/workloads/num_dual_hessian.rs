//! num-dual's fastest dense Hessian of a small function: one `HyperDual64` evaluation per
//! entry of the upper triangle. Shared by `benches/workloads` (W8) and `benches/hessians.rs`.
//!
//! A `HyperDual64` carries four numbers `(f, ∂_i f, ∂_j f, ∂_i ∂_j f)`; seeding `eps1` on
//! `x_i` and `eps2` on `x_j` gives `H_ij` in `eps1eps2` (and `∂_i f` in `eps1`), so the
//! `N(N+1)/2` passes of the upper triangle give the value, the gradient (from the diagonal
//! passes) and the symmetric Hessian. For the 6-variable Rosenbrock function this measured
//! 0.26 x the time of `num_dual::hessian` on `Dual2SVec64<6>` (295 vs 1140 ns), whose
//! every operation carries and multiplies a full 6 x 6 matrix, and 0.36 x six passes of
//! `HyperDualSVec64<1, 6>` (one Hessian column a pass, 820 ns).

use nalgebra::SVector;
use num_dual::HyperDual64;

/// `f(x)`, with `∇f` into `g` (length `N`) and the Hessian column-major into `h`
/// (length `N²`), from `N(N+1)/2` evaluations of `f` on hyper-dual numbers seeded in place.
#[inline(always)]
pub fn hessian<const N: usize>(
    f: impl Fn(&[HyperDual64; N]) -> HyperDual64,
    x: &SVector<f64, N>,
    g: &mut [f64],
    h: &mut [f64],
) -> f64 {
    let mut xs: [HyperDual64; N] = std::array::from_fn(|k| HyperDual64::from_re(x[k]));
    let mut value = 0.0;
    for i in 0..N {
        xs[i].eps1 = 1.0;
        for j in i..N {
            xs[j].eps2 = 1.0;
            let y = f(&xs);
            xs[j].eps2 = 0.0;
            if i == j {
                value = y.re;
                g[i] = y.eps1;
            }
            h[N * j + i] = y.eps1eps2;
            h[N * i + j] = y.eps1eps2;
        }
        xs[i].eps1 = 0.0;
    }
    value
}
