//! [`VectorFunction`]: a function `R^n -> R^m` written once, generic over its number type.

use crate::Real;

/// A function `f: R^n -> R^m` that can be evaluated on any [`Real`] number type.
///
/// A sparse Jacobian evaluates the same function on two different number types: a
/// [`Tracer`](super::Tracer), which records which inputs each output depends on, and a
/// [`Dual<f64, N>`](crate::Dual), which carries the compressed derivatives. A closure has one
/// fixed argument type, so the function is a type with a *generic method* instead:
/// implement this trait once for a struct (holding any parameters) and the same code serves
/// plain `f64` evaluation, pattern detection, dense and sparse Jacobians.
///
/// The bound is [`Real`] (every [`Float`](num_traits::Float) method, `FloatConst`,
/// `S::literal(2.0)` for constants, and `x.mul_f64(2.0)` for `2 x`, which on duals skips the
/// product rule that `S::literal(2.0) * x` pays); the tracer implements all of it.
///
/// Write every output: `eval` receives `y` filled with zeros, and an output left untouched
/// is the constant 0.
///
/// ```
/// use dualnum::Real;
/// use dualnum::sparse::VectorFunction;
///
/// /// The Broyden tridiagonal function F_i = (3 - 2 x_i) x_i - x_{i-1} - 2 x_{i+1} + 1.
/// struct Broyden(usize);
///
/// impl VectorFunction for Broyden {
///     fn input_len(&self) -> usize { self.0 }
///     fn output_len(&self) -> usize { self.0 }
///     fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
///         let (one, three) = (S::one(), S::literal(3.0));
///         for i in 0..self.0 {
///             let mut f = (three - x[i].mul_f64(2.0)) * x[i] + one;
///             if i > 0 { f = f - x[i - 1]; }
///             if i + 1 < self.0 { f = f - x[i + 1].mul_f64(2.0); }
///             y[i] = f;
///         }
///     }
/// }
///
/// // Plain values:
/// let mut y = [0.0; 3];
/// Broyden(3).eval(&[1.0, 1.0, 1.0], &mut y);
/// assert_eq!(y, [0.0, -1.0, 1.0]);
///
/// // A dense Jacobian, 2 columns per pass (column-major output):
/// let f = Broyden(3);
/// let (mut values, mut jac) = ([0.0; 3], [0.0; 9]);
/// dualnum::ChunkedJacobian::<2, f64>::new()
///     .jacobian_slice_into(|x, y| f.eval(x, y), &[1.0; 3], &mut values, &mut jac)
///     .unwrap();
/// assert_eq!(jac, [-1.0, -1.0, 0.0, -2.0, -1.0, -1.0, 0.0, -2.0, -1.0]);
///
/// // A sparse one: the pattern is traced, the 3 columns get 3 colours.
/// let mut plan = dualnum::sparse::SparseJacobian::<3>::new(&f, &[1.0; 3]).unwrap();
/// assert_eq!(plan.jacobian_dense(&f, &[1.0; 3]).unwrap().as_slice(), &jac);
/// ```
pub trait VectorFunction {
    /// `n`, the number of inputs (the length of `x`, the Jacobian's column count).
    fn input_len(&self) -> usize;

    /// `m`, the number of outputs (the length of `y`, the Jacobian's row count).
    fn output_len(&self) -> usize;

    /// Writes `f(x)` into `y`; `x.len() == self.input_len()` and
    /// `y.len() == self.output_len()` whenever this crate calls it.
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]);
}

impl<F: VectorFunction> VectorFunction for &F {
    #[inline]
    fn input_len(&self) -> usize {
        (**self).input_len()
    }

    #[inline]
    fn output_len(&self) -> usize {
        (**self).output_len()
    }

    #[inline]
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        (**self).eval(x, y)
    }
}
