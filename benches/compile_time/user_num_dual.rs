//! The compile-time benchmark's user crate, on num-dual: 15 helper calls (a derivative,
//! gradients at n = 2, 3, 8, 16, 32, Jacobians 2x3, 3x3, 4x6, 8x8, 16x16, Hessians at
//! n = 2, 3, 6, 10). `user_dualnum.rs` is the same program on dualnum, call for call.
//! Built by `run.sh`, never by the dualnum package.

use nalgebra::{SMatrix, SVector};
use num_dual::{Dual2SVec64, Dual64, DualNum, DualSVec64};

fn main() {
    // the inputs shared by several calls
    let x2 = SVector::from([4.0, 3.0]);
    let x3 = SVector::from([1.3, 0.7, 0.4]);
    let x8 = SVector::<f64, 8>::from_fn(|i, _| 0.1 * i as f64 + 0.2);
    let x16 = SVector::<f64, 16>::from_fn(|i, _| 0.05 * i as f64 - 0.3);
    let mut total = 0.0;

    // 1. derivative of x² ln x²
    let (y, dy) = num_dual::first_derivative(
        |x: Dual64| {
            let x2 = x * x;
            x2 * x2.ln()
        },
        1.7,
    );
    total += y + dy;

    // 2. gradient, n = 2: |x|
    let (y, g) = num_dual::gradient(
        |x: SVector<DualSVec64<2>, 2>| (x[0] * x[0] + x[1] * x[1]).sqrt(),
        &x2,
    );
    total += y + g.sum();

    // 3. gradient, n = 3: x1² + x1 ln x2 + e^(x2 x3) + 2 x3
    let (y, g) = num_dual::gradient(
        |x: SVector<DualSVec64<3>, 3>| {
            x[0] * x[0] + x[0] * x[1].ln() + (x[1] * x[2]).exp() + x[2] * 2.0
        },
        &x3,
    );
    total += y + g.sum();

    // 4. gradient, n = 8: Σ sin(x_i) x_(i+1)
    let (y, g) = num_dual::gradient(
        |x: SVector<DualSVec64<8>, 8>| {
            let mut s = DualSVec64::<8>::from_re(0.0);
            for i in 0..7 {
                s += x[i].sin() * x[i + 1];
            }
            s
        },
        &x8,
    );
    total += y + g.sum();

    // 5. gradient, n = 16: Σ e^(-x_i²)
    let (y, g) = num_dual::gradient(
        |x: SVector<DualSVec64<16>, 16>| {
            let mut s = DualSVec64::<16>::from_re(0.0);
            for i in 0..16 {
                s += (-(x[i] * x[i])).exp();
            }
            s
        },
        &x16,
    );
    total += y + g.sum();

    // 6. gradient, n = 32: Σ_c sin((x W)_c), W 8 x 4
    let xr = [0.5, -0.3, 0.8, 0.1, -0.6, 0.9, -0.2, 0.4];
    let w = SVector::<f64, 32>::from_fn(|k, _| ((k as f64) * 0.7 + 0.3).sin() * 0.5);
    let (y, g) = num_dual::gradient(
        |w: SVector<DualSVec64<32>, 32>| {
            let mut l = DualSVec64::<32>::from_re(0.0);
            for c in 0..4 {
                let mut u = w[8 * c] * xr[0];
                for r in 1..8 {
                    u += w[8 * c + r] * xr[r];
                }
                l += u.sin();
            }
            l
        },
        &w,
    );
    total += y + g.sum();

    // 7. Jacobian 2 x 3
    let x = SVector::from([0.5, -1.2, 2.0]);
    let (f, j) = num_dual::jacobian(
        |x: SVector<DualSVec64<3>, 3>| {
            SVector::from([x[0] + x[1] * x[2] + x[0] * x[2], x[0] * x[0] + x[2] * 2.0])
        },
        &x,
    );
    total += f.sum() + j.sum();

    // 8. Jacobian 3 x 3: spherical to Cartesian
    let x = SVector::from([2.0, 0.7, 1.1]);
    let (f, j) = num_dual::jacobian(
        |x: SVector<DualSVec64<3>, 3>| {
            SVector::from([
                x[0] * x[1].sin() * x[2].cos(),
                x[0] * x[1].sin() * x[2].sin(),
                x[0] * x[1].cos(),
            ])
        },
        &x,
    );
    total += f.sum() + j.sum();

    // 9. Jacobian 4 x 6
    let v = SVector::from([0.3, 0.6, -0.8, 1.4, 1.1, -0.5]);
    let (f, j) = num_dual::jacobian(
        |v: SVector<DualSVec64<6>, 6>| {
            SVector::from([
                v[0] + v[1] + v[2] + v[3] + v[4] + v[5],
                v[0] * v[3] * v[5],
                v[2] * v[1],
                v[4] * v[1] * v[3],
            ])
        },
        &v,
    );
    total += f.sum() + j.sum();

    // 10. Jacobian 8 x 8: tanh(A x + b)
    let a8 = SMatrix::<f64, 8, 8>::from_fn(|i, j| ((i * 8 + j) as f64 * 0.37).sin() * 0.25);
    let (f, j) = num_dual::jacobian(
        |x: SVector<DualSVec64<8>, 8>| {
            SVector::<DualSVec64<8>, 8>::from_fn(|i, _| {
                let mut u = x[0] * a8[(i, 0)] + 0.1;
                for k in 1..8 {
                    u += x[k] * a8[(i, k)];
                }
                u.tanh()
            })
        },
        &x8,
    );
    total += f.sum() + j.sum();

    // 11. Jacobian 16 x 16: tanh(A x + b)
    let a16 = SMatrix::<f64, 16, 16>::from_fn(|i, j| ((i * 16 + j) as f64 * 0.37).sin() * 0.25);
    let (f, j) = num_dual::jacobian(
        |x: SVector<DualSVec64<16>, 16>| {
            SVector::<DualSVec64<16>, 16>::from_fn(|i, _| {
                let mut u = x[0] * a16[(i, 0)] + 0.1;
                for k in 1..16 {
                    u += x[k] * a16[(i, k)];
                }
                u.tanh()
            })
        },
        &x16,
    );
    total += f.sum() + j.sum();

    // 12. Hessian, n = 2: Rosenbrock
    let (y, g, h) = num_dual::hessian(
        |x: SVector<Dual2SVec64<2>, 2>| {
            let t = x[1] - x[0] * x[0];
            let s = -x[0] + 1.0;
            t * t * 100.0 + s * s
        },
        &x2,
    );
    total += y + g.sum() + h.sum();

    // 13. Hessian, n = 3: x1² + x1 ln x2 + e^(x2 x3) + 2 x3
    let (y, g, h) = num_dual::hessian(
        |x: SVector<Dual2SVec64<3>, 3>| {
            x[0] * x[0] + x[0] * x[1].ln() + (x[1] * x[2]).exp() + x[2] * 2.0
        },
        &x3,
    );
    total += y + g.sum() + h.sum();

    // 14. Hessian, n = 6: Rosenbrock
    let x6 = SVector::from([-1.2, 1.0, -0.5, 0.8, 1.1, 0.3]);
    let (y, g, h) = num_dual::hessian(
        |x: SVector<Dual2SVec64<6>, 6>| {
            let mut f = Dual2SVec64::<6>::from_re(0.0);
            for i in 0..5 {
                let t = x[i + 1] - x[i] * x[i];
                let s = -x[i] + 1.0;
                f = f + t * t * 100.0 + s * s;
            }
            f
        },
        &x6,
    );
    total += y + g.sum() + h.sum();

    // 15. Hessian, n = 10: Σ ln(1 + x_i²) x_(i+1)
    let x10 = SVector::<f64, 10>::from_fn(|i, _| 0.1 * i as f64 - 0.4);
    let (y, g, h) = num_dual::hessian(
        |x: SVector<Dual2SVec64<10>, 10>| {
            let mut s = Dual2SVec64::<10>::from_re(0.0);
            for i in 0..9 {
                s += (x[i] * x[i] + 1.0).ln() * x[i + 1];
            }
            s
        },
        &x10,
    );
    total += y + g.sum() + h.sum();

    println!("{total}");
}
