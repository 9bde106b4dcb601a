//! nalgebra integration for [`Taylor`]: `Taylor<T, K>` is a `simba` [`RealField`] whenever
//! `T` is, so matrices of Taylor numbers multiply, factor, solve and invert, and every
//! result carries its Taylor coefficients. Forwarding only: each method calls the inherent
//! method of [`Taylor`] with the same meaning (its recurrence is written there), and the
//! complex parts are trivial as for `Dual` (`real = conjugate = self`, `imaginary = 0`,
//! `modulus = abs`, `argument` a constant 0 or π). `approx` comparisons and ordering look
//! at the value only, so nalgebra pivots as on the value matrix.
//!
//! ```
//! use dualnum::Taylor;
//! use nalgebra::Matrix2;
//!
//! // A(t) = [[1 + t, t], [t, 1]]: det A = 1 + t - t², so c = [1, -1]
//! type T2 = Taylor<f64, 2>;
//! let t = T2::variable(0.0);
//! let one = T2::constant(1.0);
//! let det = Matrix2::new(one + t, t, t, one).determinant();
//! assert_eq!((det.re, det.c), (1.0, [1.0, -1.0]));
//! ```

use crate::{Real, Taylor};

// simba 0.10 (nalgebra 0.35), the default.
simba_impls!(simba, nalgebra; [T: Real, const K: usize] Taylor<T, K>, Taylor, "higher coefficients");

// simba 0.9 (nalgebra 0.34), behind the `nalgebra_v0_34` feature: the same forwarding.
#[cfg(feature = "nalgebra_v0_34")]
simba_impls!(simba_v0_9, nalgebra_v0_34; [T: Real, const K: usize] Taylor<T, K>, Taylor, "higher coefficients");
