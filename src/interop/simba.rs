//! nalgebra integration: `Dual<T, N>` is a `simba` [`RealField`] whenever `T` is (`f32`,
//! `f64`, or a dual of those, to any depth), so matrices of duals multiply, factor
//! (LU, QR, Cholesky, ...), solve, invert and exponentiate, and every result carries its
//! derivative.
//!
//! ```
//! use dualnum::Dual;
//! use nalgebra::Matrix2;
//!
//! // A(t) = [[t, 1], [2, t²]] at t = 3: det A = t³ - 2, d(det A)/dt = 3t² = 27.
//! let t = Dual::<f64, 1>::variable(3.0, 0);
//! let a = Matrix2::new(t, Dual::from(1.0), Dual::from(2.0), t * t);
//! let det = a.determinant();
//! assert_eq!((det.re, det.eps[0]), (25.0, 27.0));
//! ```
//!
//! # Every method is differentiated
//!
//! Each `ComplexField`/`RealField` method delegates to the inherent method of [`Dual`] that
//! carries its derivative formula (`sin`, `powf`, `atan2`, ...), so the kink conventions of
//! the crate (midpoint of the one-sided slopes) hold here too. For a real type the complex
//! parts are trivial: `real = conjugate = self`, `imaginary = 0`, `modulus = norm1 = abs`,
//! `argument` is 0 or π (a constant). None of them panics, for any value (NaN and infinities
//! included), and each value is bit for bit the `f64` method's. Three details:
//!
//! - `to_exp` returns `(x, 1)` or `(-x, -1)` as for `f64`, so `modulus · unit = x` holds
//!   with the tangent, also at `x = ±0` (where the modulus part then has the slope of the
//!   branch chosen, not the midpoint rule of `abs`);
//! - `copysign(x, s)` is `±|x|`, so at `x = ±0` its slope in `x` is 0 (the midpoint rule of
//!   `abs`), and its slope in `s` is 0 (piecewise constant);
//! - `sinc`, `sinhc`, `cosc`, `coshc` are simba's definitions (1 at 0, even for `cosc`).
//!
//! # What is verified against matrix calculus
//!
//! `tests/linear_algebra.rs` checks, against independent `f64` oracles: determinants (Jacobi's
//! formula; the explicit 2 x 2 / 3 x 3 formulas and LU), `try_inverse` (explicit and LU,
//! QR, full-pivot LU), `solve` with LU, QR, full-pivot LU, column-pivot QR and Cholesky,
//! the Cholesky factor itself, `exp` (every Padé branch and scaling and squaring),
//! products, transposes, norms, Kronecker products, symmetric eigenvalues and singular
//! values (iterative: the tangents converge with the values), second derivatives through
//! nested duals, and `Complex<Dual>` matrices. A matrix whose value is singular is
//! singular whatever its tangent.
//!
//! # Comparisons look at the value
//!
//! `approx`'s [`AbsDiffEq`], [`RelativeEq`] and [`UlpsEq`] compare the values only (with
//! the value of the epsilon), as `==` and `is_zero` do: nalgebra's pivoting, rank and
//! singularity decisions are then exactly those of the value matrix. To compare tangents
//! too, compare them explicitly, e.g. `a.map(|x| x.eps[0])`.
//!
//! # Mixing plain and dual matrices
//!
//! A dual scalar multiplies any matrix, dual or plain, from either side for a plain one
//! (`t * P`, `P * t`, `t * M`, and nalgebra's own `M * t`), giving a dual matrix. That is
//! the natural way to write a matrix function such as `A(t) = A₀ + t A₁` with plain
//! `A₀`, `A₁`.
//!
//! Beyond that, nalgebra combines matrices with the same element type only, and the
//! orphan rule forbids this crate from adding `Matrix<f64> * Matrix<Dual>`,
//! `Matrix<Dual> + Matrix<f64>` or `Matrix<Dual> * f64` (the trait and `Matrix` are both
//! foreign, and `Matrix<Dual>` is not a local type). Lift the plain operand to constants
//! (zero tangent) with `p.map(Dual::constant)`, `p.cast::<Dual<f64, N>>()` or
//! `nalgebra::convert(p)`; scale by a plain number with a dual constant or element-wise:
//!
//! ```
//! use dualnum::Dual;
//! use nalgebra::{Matrix2, Vector2};
//!
//! type D = Dual<f64, 1>;
//! let a0 = Matrix2::new(1.0, 2.0, 3.0, 4.0);
//! let a1 = Matrix2::new(0.0, 1.0, -1.0, 0.0);
//! let t = D::variable(0.5, 0);
//! let a = a0.cast::<D>() + t * a1; // A(t) = A₀ + t A₁, A' = A₁
//! assert_eq!(a.map(|x| x.eps[0]), a1);
//! assert_eq!(a0.map(D::constant), a0.cast::<D>());
//!
//! let x = Vector2::new(D::variable(0.5, 0), D::from(1.0));
//! let y = a0.cast::<D>() * x; // d y / d x₀ = first column of A₀
//! assert_eq!(y.map(|v| v.eps[0]), Vector2::new(1.0, 3.0));
//!
//! // `y * 2.0` does not compile; these do, all with tangent 2 y':
//! let z = y * D::from(2.0);
//! assert_eq!(z, y.map(|v| v * 2.0));
//! assert_eq!(z, D::from(2.0) * y);
//! ```
//!
//! # Conversions from `f64`/`f32`
//!
//! `RealField` requires `SupersetOf<f64>` and `SupersetOf<f32>`: a plain float converts to
//! a dual constant, and a dual converts back to its value, dropping the tangent
//! (`is_in_subset` is always true, like `f64 -> f32`, which drops precision). nalgebra relies
//! on that: its matrix exponential converts dual norms to `f64` to choose a Padé degree
//! and `unwrap`s the result.

use crate::{Dual, Real};

// simba 0.10 (nalgebra 0.35), the default.
simba_impls!(simba, nalgebra; [T: Real, const N: usize] Dual<T, N>, Dual, "tangent");

// simba 0.9 (nalgebra 0.34), behind the `nalgebra_v0_34` feature: the same forwarding.
#[cfg(feature = "nalgebra_v0_34")]
simba_impls!(simba_v0_9, nalgebra_v0_34; [T: Real, const N: usize] Dual<T, N>, Dual, "tangent");
