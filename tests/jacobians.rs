//! Jacobians, gradients, Hessians and chunked Jacobians against independent oracles:
//! analytic formulas written out by hand, and central finite differences.

use dualnum::{
    ChunkedJacobian, Dual, JacobianError, derivative, gradient, hessian, jacobian,
    jacobian_chunked, jvp,
};
use nalgebra::{DMatrix, DVector, SMatrix, SVector, Vector2, Vector3};
use quickcheck::{QuickCheck, TestResult};

/// Deterministic pseudo-random numbers in [-1, 1] from a seed (a small LCG), so a
/// quickcheck case is reproducible from its `u64`.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    }
}

/// A smooth map R^n -> R^m with a known Jacobian:
/// `f(x) = tanh(A x + b) + c ⊙ (x_(i mod n))²`, so
/// `J = diag(1 - tanh²(A x + b)) A + [2 c_i x_(i mod n) at column i mod n]`.
struct SmoothMap {
    a: DMatrix<f64>,
    b: DVector<f64>,
    c: DVector<f64>,
}

impl SmoothMap {
    fn random(n: usize, m: usize, rng: &mut Lcg) -> Self {
        SmoothMap {
            a: DMatrix::from_fn(m, n, |_, _| rng.next()),
            b: DVector::from_fn(m, |_, _| rng.next()),
            c: DVector::from_fn(m, |_, _| rng.next()),
        }
    }

    fn eval<T: num_traits::Float + 'static + std::fmt::Debug>(&self, x: &[T]) -> Vec<T> {
        let n = x.len();
        (0..self.a.nrows())
            .map(|i| {
                let mut s = T::from(self.b[i]).unwrap();
                for j in 0..n {
                    s = s + T::from(self.a[(i, j)]).unwrap() * x[j];
                }
                let xi = x[i % n];
                s.tanh() + T::from(self.c[i]).unwrap() * xi * xi
            })
            .collect()
    }

    fn analytic_jacobian(&self, x: &[f64]) -> DMatrix<f64> {
        let n = x.len();
        let z = &self.a * DVector::from_column_slice(x) + &self.b;
        let mut j = DMatrix::from_fn(self.a.nrows(), n, |i, k| {
            (1.0 - z[i].tanh().powi(2)) * self.a[(i, k)]
        });
        for i in 0..self.a.nrows() {
            j[(i, i % n)] += 2.0 * self.c[i] * x[i % n];
        }
        j
    }
}

/// Central finite differences, step `h = 1e-6 (1 + |x_j|)`: truncation error O(h²) and
/// rounding error O(ε/h), about 1e-9 relative for these O(1) functions.
fn finite_difference_jacobian(f: impl Fn(&[f64]) -> Vec<f64>, x: &[f64]) -> DMatrix<f64> {
    let m = f(x).len();
    let mut j = DMatrix::zeros(m, x.len());
    for k in 0..x.len() {
        let h = 1e-6 * (1.0 + x[k].abs());
        let (mut xp, mut xm) = (x.to_vec(), x.to_vec());
        xp[k] += h;
        xm[k] -= h;
        let (fp, fm) = (f(&xp), f(&xm));
        for i in 0..m {
            j[(i, k)] = (fp[i] - fm[i]) / (2.0 * h);
        }
    }
    j
}

fn max_abs_diff(a: &DMatrix<f64>, b: &DMatrix<f64>) -> f64 {
    assert_eq!(a.shape(), b.shape());
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

#[test]
fn fixed_size_jacobian_matches_analytic_and_finite_differences() {
    fn check(seed: u64) -> bool {
        let mut rng = Lcg(seed);
        let map = SmoothMap::random(4, 3, &mut rng);
        let x = SVector::<f64, 4>::from_fn(|_, _| 2.0 * rng.next());
        let f = |xd: &SVector<Dual<f64, 4>, 4>| {
            SVector::<Dual<f64, 4>, 3>::from_vec(map.eval(xd.as_slice()))
        };
        let (value, j) = jacobian(f, &x);
        let analytic = map.analytic_jacobian(x.as_slice());
        let fd = finite_difference_jacobian(|v| map.eval(v), x.as_slice());
        let j = DMatrix::from_column_slice(3, 4, j.as_slice());
        let value_ok = value
            .iter()
            .zip(map.eval(x.as_slice()))
            .all(|(a, b)| *a == b);
        value_ok && max_abs_diff(&j, &analytic) < 1e-14 && max_abs_diff(&j, &fd) < 1e-7
    }
    QuickCheck::new()
        .tests(200)
        .quickcheck(check as fn(u64) -> bool);
}

#[test]
fn chunked_jacobian_equals_one_wide_pass_and_the_analytic_jacobian() {
    fn check(seed: u64, n: u8, m: u8) -> TestResult {
        let (n, m) = (1 + n as usize % 40, 1 + m as usize % 12);
        let mut rng = Lcg(seed);
        let map = SmoothMap::random(n, m, &mut rng);
        let x = DVector::from_fn(n, |_, _| 2.0 * rng.next());
        // One wide pass: a tangent of width 64 >= n.
        let (v64, j64) =
            jacobian_chunked::<64, _>(|xd| DVector::from_vec(map.eval(xd.as_slice())), &x).unwrap();
        let analytic = map.analytic_jacobian(x.as_slice());
        if max_abs_diff(&j64, &analytic) > 1e-14 {
            return TestResult::failed();
        }
        // Chunked passes give bit-identical results: every tangent component is computed
        // by the same scalar operations whatever the chunk width.
        let (v1, j1) =
            jacobian_chunked::<1, _>(|xd| DVector::from_vec(map.eval(xd.as_slice())), &x).unwrap();
        let (v3, j3) =
            jacobian_chunked::<3, _>(|xd| DVector::from_vec(map.eval(xd.as_slice())), &x).unwrap();
        let (v8, j8) =
            jacobian_chunked::<8, _>(|xd| DVector::from_vec(map.eval(xd.as_slice())), &x).unwrap();
        // The slice form, into reused caller buffers.
        let mut work = ChunkedJacobian::<3, f64>::new();
        let (mut vs, mut js) = (vec![0.0; m], vec![f64::NAN; m * n]);
        for _ in 0..2 {
            work.jacobian_slice_into(
                |xd, yd| yd.copy_from_slice(&map.eval(xd)),
                x.as_slice(),
                &mut vs,
                &mut js,
            )
            .unwrap();
        }
        let js = DMatrix::from_column_slice(m, n, &js);
        TestResult::from_bool(
            j1 == j64
                && j3 == j64
                && j8 == j64
                && js == j64
                && v1 == v64
                && v3 == v64
                && v8 == v64
                && vs.as_slice() == v64.as_slice(),
        )
    }
    QuickCheck::new()
        .tests(150)
        .quickcheck(check as fn(u64, u8, u8) -> TestResult);
}

#[test]
fn chunked_passes_count_is_ceil_n_over_c() {
    for n in 0..30 {
        let mut calls = 0;
        let x = DVector::from_element(n, 1.0);
        jacobian_chunked::<4, _>(
            |xd| {
                calls += 1;
                xd.clone()
            },
            &x,
        )
        .unwrap();
        assert_eq!(calls, n.div_ceil(4).max(1), "n = {n}");
        assert_eq!(ChunkedJacobian::<4, f64>::passes(n), n.div_ceil(4).max(1));
    }
}

#[test]
fn chunked_jacobian_of_the_identity_is_the_identity() {
    let x = DVector::from_fn(11, |i, _| i as f64 - 5.0);
    let (v, j) = jacobian_chunked::<4, _>(|xd| xd.clone(), &x).unwrap();
    assert_eq!(v, x);
    assert_eq!(j, DMatrix::identity(11, 11));
}

#[test]
fn chunked_jacobian_reports_size_errors() {
    // The output length depends on the pass: the columns cannot form one matrix.
    let x = DVector::from_element(6, 1.0);
    let mut pass = 0;
    let err = jacobian_chunked::<2, _>(
        |xd| {
            pass += 1;
            DVector::from_fn(pass, |i, _| xd[i] * xd[i])
        },
        &x,
    )
    .unwrap_err();
    assert_eq!(err, JacobianError::OutputLengthChanged { first: 1, now: 2 });
    assert!(err.to_string().contains("2 outputs"));

    // A Jacobian buffer of the wrong size.
    let mut work = ChunkedJacobian::<2, f64>::new();
    let (mut values, mut jac) = (vec![0.0; 3], vec![0.0; 17]);
    let err = work
        .jacobian_slice_into(|_, _| {}, &[1.0; 6], &mut values, &mut jac)
        .unwrap_err();
    assert_eq!(
        err,
        JacobianError::BufferSize {
            buffer: "jacobian",
            expected: 18,
            found: 17
        }
    );
    let _: &dyn std::error::Error = &err;

    // nalgebra buffers of the wrong shape.
    let mut values = DVector::zeros(3);
    let mut jac = DMatrix::zeros(3, 5);
    let err = work
        .jacobian_into(|xd| xd.rows(0, 3).into_owned(), &x, &mut values, &mut jac)
        .unwrap_err();
    assert_eq!(
        err,
        JacobianError::BufferShape {
            buffer: "jacobian",
            expected: (3, 6),
            found: (3, 5)
        }
    );
    assert_eq!(
        err.to_string(),
        "wrong shape for jacobian: 3 x 5, expected 3 x 6"
    );
    let mut values = DVector::zeros(2);
    let mut jac = DMatrix::zeros(3, 6);
    let err = work
        .jacobian_into(|xd| xd.rows(0, 3).into_owned(), &x, &mut values, &mut jac)
        .unwrap_err();
    assert!(
        matches!(
            err,
            JacobianError::BufferSize {
                buffer: "values",
                ..
            }
        ),
        "{err}"
    );
}

/// f(x) = ½ xᵀ Q x + Σ w_i sin x_i + exp(v·x), with
/// H = (Q + Qᵀ)/2 + diag(-w_i sin x_i) + exp(v·x) v vᵀ.
#[test]
fn hessian_matches_the_analytic_hessian_and_is_symmetric() {
    fn check(seed: u64) -> bool {
        let mut rng = Lcg(seed);
        let q = SMatrix::<f64, 4, 4>::from_fn(|_, _| rng.next());
        let w = SVector::<f64, 4>::from_fn(|_, _| rng.next());
        let v = SVector::<f64, 4>::from_fn(|_, _| 0.5 * rng.next());
        let x = SVector::<f64, 4>::from_fn(|_, _| 2.0 * rng.next());
        let f = |xd: &SVector<Dual<Dual<f64, 4>, 4>, 4>| {
            let mut s = Dual::constant(Dual::constant(0.0));
            let mut vx = Dual::constant(Dual::constant(0.0));
            for i in 0..4 {
                for j in 0..4 {
                    s += xd[i] * xd[j] * Dual::constant(0.5 * q[(i, j)]);
                }
                s += xd[i].sin() * Dual::constant(w[i]);
                vx += xd[i] * Dual::constant(v[i]);
            }
            s + vx.exp()
        };
        let (value, grad, h) = hessian(f, &x);
        let e = v.dot(&x).exp();
        let qs = (q + q.transpose()) * 0.5;
        let expected_h = qs
            + SMatrix::<f64, 4, 4>::from_diagonal(&x.zip_map(&w, |xi, wi| -wi * xi.sin()))
            + v * v.transpose() * e;
        let expected_g = qs * x + x.zip_map(&w, |xi, wi| wi * xi.cos()) + v * e;
        let expected_value = 0.5 * (x.transpose() * q * x)[0] + w.dot(&x.map(f64::sin)) + e;
        h == h.transpose()
            && (h - expected_h).amax() < 1e-13
            && (grad.transpose() - expected_g).amax() < 1e-13
            && (value - expected_value).abs() < 1e-13
    }
    QuickCheck::new()
        .tests(200)
        .quickcheck(check as fn(u64) -> bool);
}

/// The Hessian equals central finite differences of the (hand-written) gradient of the
/// Rosenbrock function, step 1e-6: agreement to ~1e-7 relative.
#[test]
fn rosenbrock_hessian_matches_finite_differences_of_the_gradient() {
    fn rosenbrock<T: num_traits::Float>(x: &[T]) -> T {
        let (one, hundred) = (T::one(), T::from(100.0).unwrap());
        (0..x.len() - 1).fold(T::zero(), |s, i| {
            let a = x[i + 1] - x[i] * x[i];
            let b = one - x[i];
            s + hundred * a * a + b * b
        })
    }
    fn rosenbrock_gradient(x: &[f64]) -> Vec<f64> {
        let n = x.len();
        let mut g = vec![0.0; n];
        for i in 0..n - 1 {
            let a = x[i + 1] - x[i] * x[i];
            g[i] += -400.0 * x[i] * a - 2.0 * (1.0 - x[i]);
            g[i + 1] += 200.0 * a;
        }
        g
    }
    let x = SVector::<f64, 6>::from_column_slice(&[-1.2, 1.0, 0.3, -0.5, 0.9, 1.4]);
    let (value, grad, h) = hessian(|xd| rosenbrock(xd.as_slice()), &x);
    assert_eq!(value, rosenbrock(x.as_slice()));
    let g = rosenbrock_gradient(x.as_slice());
    for j in 0..6 {
        assert!((grad[j] - g[j]).abs() < 1e-12 * (1.0 + g[j].abs()));
    }
    let fd = finite_difference_jacobian(rosenbrock_gradient, x.as_slice());
    for i in 0..6 {
        for j in 0..6 {
            assert_eq!(h[(i, j)], h[(j, i)]);
            assert!(
                (h[(i, j)] - fd[(i, j)]).abs() < 1e-6 * (1.0 + fd[(i, j)].abs()),
                "H[{i},{j}] = {} vs finite differences {}",
                h[(i, j)],
                fd[(i, j)]
            );
        }
    }
}

#[test]
fn gradient_of_a_generic_function_matches_the_formula() {
    // f = x y sin z, ∇f = (y sin z, x sin z, x y cos z)
    fn f<T: num_traits::Float>(v: &[T]) -> T {
        v[0] * v[1] * v[2].sin()
    }
    let x = Vector3::new(0.3, -1.1, 2.2);
    let (value, g) = gradient(|xd| f(xd.as_slice()), &x);
    assert_eq!(value, f(x.as_slice()));
    let (s, c) = 2.2_f64.sin_cos();
    let expected = [-1.1 * s, 0.3 * s, 0.3 * -1.1 * c];
    for j in 0..3 {
        assert!((g[j] - expected[j]).abs() < 1e-15);
    }
}

#[test]
fn jvp_equals_the_jacobian_times_the_vector() {
    fn check(seed: u64) -> bool {
        let mut rng = Lcg(seed);
        let map = SmoothMap::random(4, 3, &mut rng);
        let x = SVector::<f64, 4>::from_fn(|_, _| rng.next());
        let v = SVector::<f64, 4>::from_fn(|_, _| rng.next());
        let (value, jv) = jvp(
            |xd| SVector::<_, 3>::from_vec(map.eval(xd.as_slice())),
            &x,
            &v,
        );
        let expected =
            map.analytic_jacobian(x.as_slice()) * DVector::from_column_slice(v.as_slice());
        value.as_slice() == map.eval(x.as_slice()).as_slice()
            && (0..3).all(|i| (jv[i] - expected[i]).abs() < 1e-14)
    }
    QuickCheck::new()
        .tests(100)
        .quickcheck(check as fn(u64) -> bool);
}

/// Perturbation confusion: d/dx [x · d/dy (x + y)] at x = 1 is 1, because d/dy (x + y) = 1.
/// The inner derivative runs on duals of duals, so its tangent cannot be mistaken for the
/// outer one.
#[test]
fn nested_derivatives_do_not_confuse_perturbations() {
    let (_, d) = derivative(
        |x: Dual<f64, 1>| {
            let (_, inner) = derivative(|y| y + x, Dual::constant(2.0));
            x * inner
        },
        1.0,
    );
    assert_eq!(d, 1.0);
    // And a derivative of a derivative: d²/dx² x³ = 6x.
    let (first, second) = derivative(|x| derivative(|y| y * y * y, x).1, 1.5);
    assert_eq!((first, second), (3.0 * 1.5 * 1.5, 9.0));
}

#[test]
fn jacobian_of_a_map_with_one_output_is_the_gradient() {
    let f = |x: &Vector2<Dual<f64, 2>>| x[0].atan2(x[1]);
    let x = Vector2::new(1.0, 0.0);
    let (_, g) = gradient(f, &x);
    let (_, j) = jacobian(|xd| nalgebra::Vector1::new(f(xd)), &x);
    assert_eq!(g[0], j[(0, 0)]);
    assert_eq!(g[1], j[(0, 1)]);
    // atan2(y, x) at (y, x) = (1, 0): ∂/∂y = x/r² = 0, ∂/∂x = -y/r² = -1.
    assert_eq!((g[0], g[1]), (0.0, -1.0));
}
