//! The second-order number `Dual2`: every function of the table, every operator and the
//! traits, against independent oracles (nested duals `Dual<Dual<f64, 2>, 2>`, which share
//! no second-order code with `Dual2`; hand-written Hessians; central differences of hand
//! gradients), the curvature conventions at kinks, exact symmetry, and nesting in `Dual`.

mod common;

use common::Rng;
use common::expression::{Expr, NVARS, d, d2, eval, matches_symbolic};
use dualnum::{Dual, Dual2, hessian, hessian2};
use nalgebra::{Matrix3, RealField, SMatrix, SVector, Vector2, Vector3};
use num_traits::{Float, FloatConst};
use quickcheck::{Arbitrary, Gen, QuickCheck, TestResult};

type D2 = Dual2<f64, 2, 3>;
type Nested = Dual<Dual<f64, 2>, 2>;

/// Value, gradient and Hessian of `f` at `(x, y)` from `Dual2`.
fn from_dual2(f: fn(D2, D2) -> D2, x: f64, y: f64) -> (f64, [f64; 2], [[f64; 2]; 2]) {
    let [a, b] = D2::variables([x, y]);
    let r = f(a, b);
    let h = r.hessian_matrix();
    (
        r.re,
        r.grad,
        [[h[(0, 0)], h[(0, 1)]], [h[(1, 0)], h[(1, 1)]]],
    )
}

/// The same from nested duals: inner tangent `ε`, outer `δ`, `H_ij` the `δ_i ε_j` part
/// (both mixed partials kept, so the oracle's own symmetry is not assumed).
fn from_nested(f: fn(Nested, Nested) -> Nested, x: f64, y: f64) -> (f64, [f64; 2], [[f64; 2]; 2]) {
    let seed = |v: f64, i: usize| {
        let mut d = Nested::constant(Dual::constant(v));
        d.re.eps[i] = 1.0;
        d.eps[i].re = 1.0;
        d
    };
    let r = f(seed(x, 0), seed(y, 1));
    let h = [
        [r.eps[0].eps[0], r.eps[0].eps[1]],
        [r.eps[1].eps[0], r.eps[1].eps[1]],
    ];
    (r.re.re, r.re.eps, h)
}

/// The plain constant `v` in the generic type.
fn k<S: Float>(v: f64) -> S {
    S::from(v).unwrap()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    if a.is_nan() || b.is_nan() {
        return a.is_nan() && b.is_nan();
    }
    if a.is_infinite() || b.is_infinite() {
        return a == b;
    }
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

fn agree(name: &str, f2: fn(D2, D2) -> D2, fnest: fn(Nested, Nested) -> Nested, x: f64, y: f64) {
    let (v, g, h) = from_dual2(f2, x, y);
    let (vn, gn, hn) = from_nested(fnest, x, y);
    let tol = 1e-12;
    assert!(close(v, vn, tol), "{name} at ({x}, {y}): value {v} vs {vn}");
    for i in 0..2 {
        assert!(
            close(g[i], gn[i], tol),
            "{name} at ({x}, {y}): g[{i}] {} vs {}",
            g[i],
            gn[i]
        );
        for j in 0..2 {
            assert!(
                close(h[i][j], hn[i][j], tol),
                "{name} at ({x}, {y}): H[{i}][{j}] {} vs nested {}",
                h[i][j],
                hn[i][j]
            );
        }
    }
    assert_eq!(
        h[0][1].to_bits(),
        h[1][0].to_bits(),
        "{name}: not exactly symmetric"
    );
}

/// One test line per function: the same generic body on `Dual2` and on nested duals, at
/// random points of `(lo, hi)²`.
macro_rules! against_nested {
    ($($name:ident ($lo:expr, $hi:expr): |$x:ident, $y:ident| $body:expr;)*) => {$(
        #[test]
        fn $name() {
            fn f<S: Float + FloatConst + std::iter::Sum + std::iter::Product>($x: S, $y: S) -> S {
                $body
            }
            let mut rng = Rng(stringify!($name).len() as u64 * 7919);
            for _ in 0..40 {
                let (x, y) = (rng.range($lo, $hi), rng.range($lo, $hi));
                agree(stringify!($name), f::<D2>, f::<Nested>, x, y);
            }
        }
    )*};
}

// Each argument is a nonlinear function of both inputs, so every function's curvature
// meets a full gradient and a non-zero Hessian of its argument.
against_nested! {
    exp_matches_nested (-2.0, 2.0): |x, y| (x * y + x).exp();
    exp2_matches_nested (-2.0, 2.0): |x, y| (x * y - y).exp2();
    exp_m1_matches_nested (-1.0, 1.0): |x, y| (x * y).exp_m1();
    ln_matches_nested (0.5, 2.0): |x, y| (x * y + x * x).ln();
    ln_1p_matches_nested (0.1, 2.0): |x, y| (x * y).ln_1p();
    log2_matches_nested (0.5, 2.0): |x, y| (x * y * y).log2();
    log10_matches_nested (0.5, 2.0): |x, y| (x / y + x).log10();
    log_dual_base_matches_nested (1.5, 3.0): |x, y| (x * x).log(y + x);
    sqrt_matches_nested (0.3, 2.0): |x, y| (x * y + y).sqrt();
    cbrt_matches_nested (0.3, 2.0): |x, y| (x * y - x * x * k(3.0)).cbrt();
    recip_matches_nested (0.5, 2.0): |x, y| (x * y + x).recip();
    sin_matches_nested (-2.0, 2.0): |x, y| (x * y).sin();
    cos_matches_nested (-2.0, 2.0): |x, y| (x * y + y).cos();
    sin_cos_matches_nested (-2.0, 2.0): |x, y| { let (s, c) = (x * y).sin_cos(); s * c + s };
    tan_matches_nested (-0.7, 0.7): |x, y| (x * y + x).tan();
    asin_matches_nested (-0.6, 0.6): |x, y| (x * y + x * k(0.3)).asin();
    acos_matches_nested (-0.6, 0.6): |x, y| (x * y - y * k(0.3)).acos();
    atan_matches_nested (-2.0, 2.0): |x, y| (x * y * x).atan();
    atan2_matches_nested (-2.0, 2.0): |x, y| (x * y + y).atan2(x - y * y);
    sinh_matches_nested (-2.0, 2.0): |x, y| (x * y).sinh();
    cosh_matches_nested (-2.0, 2.0): |x, y| (x * y - x).cosh();
    tanh_matches_nested (-2.0, 2.0): |x, y| (x * y + x).tanh();
    asinh_matches_nested (-2.0, 2.0): |x, y| (x * y).asinh();
    acosh_matches_nested (1.1, 2.0): |x, y| (x * y).acosh();
    atanh_matches_nested (-0.6, 0.6): |x, y| (x * y + x * k(0.2)).atanh();
    abs_matches_nested (-2.0, 2.0): |x, y| (x * y - x).abs() * x;
    fract_matches_nested (0.1, 2.0): |x, y| (x * y * k(3.0)).fract() * y;
    powi_matches_nested (0.2, 2.0): |x, y| (x * y + x).powi(3) + (x - y).powi(-2) + x.powi(1) * y.powi(2);
    powf_matches_nested (0.2, 2.0): |x, y| (x * y + x).powf(S::from(2.7).unwrap()) + y.powf(S::from(0.4).unwrap());
    pow_matches_nested (0.2, 2.0): |x, y| (x * y + x).powf(y * x - y);
    hypot_matches_nested (-2.0, 2.0): |x, y| (x * y).hypot(x - y * k(2.0));
    mul_add_matches_nested (-2.0, 2.0): |x, y| (x * y).mul_add(x + y, y * y);
    max_min_matches_nested (-2.0, 2.0): |x, y| (x * y).max(x + y) * (x * x).min(y);
    clamp_matches_nested (-2.0, 2.0): |x, y| (x * y).clamp(-x * x, y * y + S::one());
    abs_sub_matches_nested (-2.0, 2.0): |x, y| (x * y).abs_sub(x - y) * x;
    copysign_matches_nested (-2.0, 2.0): |x, y| (x * y + x).copysign(y) * y;
    degrees_matches_nested (-2.0, 2.0): |x, y| (x * y).to_degrees() + (x * x).to_radians();
    rounding_is_constant_like_nested (-2.0, 2.0): |x, y| (x * k(3.0)).floor() + (y * k(3.0)).ceil() * x + (x * y).round() * y + (x * k(2.0)).trunc() + (x * y).signum() * x * y;
    quotient_matches_nested (0.3, 2.0): |x, y| (x * x + y) / (x * y + S::one());
    remainder_matches_nested (0.3, 2.0): |x, y| (x * x * k(5.0)) % (y + S::one()) + (x * y) % S::from(0.7).unwrap();
    sum_product_matches_nested (-2.0, 2.0): |x, y| [x, y, x * y].iter().copied().sum::<S>() * [x, y + x].iter().copied().product::<S>();
}

/// `sigmoid`, `softplus` and `relu` are inherent methods of both types, not `Float`.
#[test]
fn machine_learning_functions_match_nested() {
    let mut rng = Rng(99);
    for _ in 0..40 {
        let (x, y) = (rng.range(-3.0, 3.0), rng.range(-3.0, 3.0));
        agree(
            "sigmoid",
            |a, b| (a * b + a).sigmoid(),
            |a, b| (a * b + a).sigmoid(),
            x,
            y,
        );
        agree(
            "softplus",
            |a, b| (a * b - b).softplus(),
            |a, b| (a * b - b).softplus(),
            x,
            y,
        );
        agree(
            "relu",
            |a, b| (a * b - b).relu() * a,
            |a, b| (a * b - b).relu() * a,
            x,
            y,
        );
        agree(
            "plain scalars",
            |a, b| 2.0 * a * b - 3.0 / (a * a + 1.0) + (1.5 - b) + a / 4.0 - 0.5 % b,
            |a, b| {
                2.0 * a * b - 3.0 / (a * a + 1.0) + (1.5 - b) + a / 4.0
                    - Nested::from(Dual::constant(0.5)) % b
            },
            x,
            y,
        );
    }
}

/// f(x, y, z) = x² y + e^(y z) + ln(x z) - sin(x y z): hand gradient and Hessian.
fn hand(x: f64, y: f64, z: f64) -> (f64, [f64; 3], [[f64; 3]; 3]) {
    let e = (y * z).exp();
    let (s, c) = (x * y * z).sin_cos();
    let value = x * x * y + e + (x * z).ln() - s;
    let g = [
        2.0 * x * y + 1.0 / x - y * z * c,
        x * x + z * e - x * z * c,
        y * e + 1.0 / z - x * y * c,
    ];
    let hxx = 2.0 * y - 1.0 / (x * x) + (y * z) * (y * z) * s;
    let hyy = z * z * e + (x * z) * (x * z) * s;
    let hzz = y * y * e - 1.0 / (z * z) + (x * y) * (x * y) * s;
    let hxy = 2.0 * x - z * c + x * y * z * z * s;
    let hxz = -y * c + x * y * y * z * s;
    let hyz = e + y * z * e - x * c + x * x * y * z * s;
    (
        value,
        g,
        [[hxx, hxy, hxz], [hxy, hyy, hyz], [hxz, hyz, hzz]],
    )
}

fn three<S: Float>(v: &Vector3<S>) -> S {
    let (x, y, z) = (v[0], v[1], v[2]);
    x * x * y + (y * z).exp() + (x * z).ln() - (x * y * z).sin()
}

#[test]
fn hessian2_matches_the_hand_hessian() {
    let mut rng = Rng(5);
    for _ in 0..50 {
        let p = Vector3::new(
            rng.range(0.2, 1.5),
            rng.range(-1.0, 1.0),
            rng.range(0.2, 1.5),
        );
        let (v, g, h) = hessian2::<6, _, _>(three, &p);
        let (ev, eg, eh) = hand(p[0], p[1], p[2]);
        assert!(close(v, ev, 1e-13));
        for i in 0..3 {
            assert!(close(g[i], eg[i], 1e-13), "g[{i}]");
            for j in 0..3 {
                assert!(
                    close(h[(i, j)], eh[i][j], 1e-12),
                    "H[{i}][{j}] {} vs {}",
                    h[(i, j)],
                    eh[i][j]
                );
                assert_eq!(h[(i, j)].to_bits(), h[(j, i)].to_bits(), "exact symmetry");
            }
        }
    }
}

/// An oracle that shares nothing with the crate: central differences of the hand
/// gradient, `H e_j ≈ (∇f(x + h e_j) - ∇f(x - h e_j)) / 2h`.
#[test]
fn hessian2_matches_central_differences_of_the_hand_gradient() {
    let mut rng = Rng(6);
    for _ in 0..20 {
        let p = [
            rng.range(0.3, 1.5),
            rng.range(-1.0, 1.0),
            rng.range(0.3, 1.5),
        ];
        let (_, _, h) = hessian2::<6, _, _>(three, &Vector3::from(p));
        for j in 0..3 {
            let step = 1e-5;
            let (mut a, mut b) = (p, p);
            a[j] += step;
            b[j] -= step;
            let (ga, gb) = (hand(a[0], a[1], a[2]).1, hand(b[0], b[1], b[2]).1);
            for i in 0..3 {
                let fd = (ga[i] - gb[i]) / (2.0 * step);
                assert!(
                    close(h[(i, j)], fd, 1e-7),
                    "H[{i}][{j}] {} vs fd {fd}",
                    h[(i, j)]
                );
            }
        }
    }
}

/// Rosenbrock in 6 variables: `hessian2` and the nested `hessian` agree, and both match
/// the hand Hessian.
#[test]
fn hessian2_agrees_with_nested_hessian_on_rosenbrock() {
    fn rosenbrock<S: Float>(x: &SVector<S, 6>) -> S {
        let mut f = S::zero();
        for i in 0..5 {
            let t = x[i + 1] - x[i] * x[i];
            let s = S::one() - x[i];
            f = f + t * t * S::from(100.0).unwrap() + s * s;
        }
        f
    }
    let x = SVector::<f64, 6>::from([-1.2, 1.0, -0.5, 0.8, 1.1, 0.3]);
    let (v2, g2, h2) = hessian2::<21, _, _>(rosenbrock, &x);
    let (vn, gn, hn) = hessian(rosenbrock, &x);
    let mut hand = SMatrix::<f64, 6, 6>::zeros();
    for i in 0..5 {
        hand[(i, i)] += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
        hand[(i + 1, i + 1)] += 200.0;
        hand[(i, i + 1)] = -400.0 * x[i];
        hand[(i + 1, i)] = -400.0 * x[i];
    }
    assert_eq!(v2, vn);
    for i in 0..6 {
        assert!(close(g2[i], gn[i], 1e-14));
        for j in 0..6 {
            assert!(close(h2[(i, j)], hand[(i, j)], 1e-14), "H[{i}][{j}]");
            assert!(close(h2[(i, j)], hn[(i, j)], 1e-14));
        }
    }
    assert_eq!(h2, h2.transpose());
}

// ----- kinks, infinite slopes and curvatures: the documented conventions ----------------

fn one_var(f: impl Fn(Dual2<f64, 1, 1>) -> Dual2<f64, 1, 1>, x: f64) -> (f64, f64, f64) {
    let r = f(Dual2::variable(x, 0));
    (r.re, r.grad[0], r.hess[0])
}

#[test]
fn curvature_at_kinks_is_the_midpoint_zero() {
    for z in [0.0, -0.0] {
        assert_eq!(one_var(|x| x.abs(), z), (0.0, 0.0, 0.0));
        assert_eq!(one_var(|x| x.relu(), z), (0.0, 0.5, 0.0));
        assert_eq!(one_var(|x| x.max(Dual2::constant(0.0)), z), (0.0, 0.5, 0.0));
        assert_eq!(
            one_var(|x| x.hypot(Dual2::constant(0.0)), z),
            (0.0, 0.0, 0.0)
        );
    }
    // max on a tie of two curved arguments averages their gradients and Hessians
    let [x, y] = D2::variables([1.0, 1.0]);
    let m = (x * x).max(y * y * y);
    assert_eq!((m.re, m.grad, m.hess), (1.0, [1.0, 1.5], [1.0, 0.0, 3.0]));
    let m2 = (y * y * y).max(x * x);
    assert!(m.identical(&m2), "order-independent");
}

#[test]
fn powers_at_zero_follow_the_limits_of_the_formulas() {
    assert_eq!(one_var(|x| x.powf(2.0), 0.0), (0.0, 0.0, 2.0));
    assert_eq!(one_var(|x| x.powf(3.0), 0.0), (0.0, 0.0, 0.0));
    assert_eq!(one_var(|x| x.powf(1.5), 0.0), (0.0, 0.0, f64::INFINITY));
    assert_eq!(
        one_var(|x| x.powf(0.5), 0.0),
        (0.0, f64::INFINITY, f64::NEG_INFINITY)
    );
    assert_eq!(one_var(|x| x.powf(1.0), 0.0), (0.0, 1.0, 0.0));
    assert_eq!(one_var(|x| x.powi(1), 0.0), (0.0, 1.0, 0.0));
    assert_eq!(one_var(|x| x.powi(2), 0.0), (0.0, 0.0, 2.0));
    assert_eq!(one_var(|x| x.powf(0.0), f64::NAN), (1.0, 0.0, 0.0));
    assert_eq!(
        one_var(|x| x.sqrt(), 0.0),
        (0.0, f64::INFINITY, f64::NEG_INFINITY)
    );
    assert_eq!(
        one_var(|x| x.cbrt(), 0.0),
        (0.0, f64::INFINITY, f64::NEG_INFINITY)
    );
    assert_eq!(one_var(|x| x.cbrt(), -0.0).2, f64::INFINITY);
    assert_eq!(
        one_var(|x| x.ln(), 0.0),
        (f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY)
    );
    assert_eq!(
        one_var(|x| x.atan2(Dual2::constant(0.0)), 0.0),
        (0.0, 0.0, 0.0)
    );
    assert_eq!(one_var(|x| x.powi(0), f64::NAN), (1.0, 0.0, 0.0));
    assert_eq!(one_var(|x| x.floor() + x.fract(), 2.5), (2.5, 1.0, 0.0));
    // a zero base with a varying exponent b > 1: every derivative finite
    let [a, b] = D2::variables([0.0, 2.5]);
    let p = a.pow(b);
    assert_eq!((p.re, p.grad, p.hess), (0.0, [0.0, 0.0], [0.0, 0.0, 0.0]));
}

/// The zero-tangent guard one order up: f = x + sqrt(y) at y = 0 keeps the x parts finite.
#[test]
fn zero_components_stay_zero_where_the_curvature_is_infinite() {
    let [x, y] = D2::variables([2.0, 0.0]);
    let f = x * x + y.sqrt();
    assert_eq!(f.grad, [4.0, f64::INFINITY]);
    assert_eq!(f.hess, [2.0, 0.0, f64::NEG_INFINITY]);
    let g = (x * 0.0 + y).ln() + x;
    assert_eq!(g.grad[0], 1.0);
    assert_eq!(g.hess[0], 0.0);
    assert_eq!(g.hess[1], 0.0);
}

// ----- traits and nesting ---------------------------------------------------------------

/// Generic nalgebra code runs unchanged: the Hessian of `det(A(x))` through LU on
/// `Dual2` agrees with nested duals.
#[test]
fn determinant_through_realfield_matches_nested() {
    fn det<S: RealField + Copy>(x: S, y: S) -> S {
        let m = Matrix3::new(x, y, S::one(), x * y, x + y, y, S::one(), x, x * x);
        m.lu().determinant() + m.try_inverse().map(|i| i[(0, 0)]).unwrap_or_else(S::zero)
    }
    agree("det", det, det, 0.7, -1.3);
    agree("det", det, det, 1.9, 0.4);
}

/// `Dual<Dual2>` nests: the outer tangent of the Hessian is the third derivative.
#[test]
fn a_dual_of_dual2_gives_third_derivatives() {
    // f = x⁴ + sin x: f''' = 24x - cos x
    let x0 = 0.8;
    let x = Dual::<Dual2<f64, 1, 1>, 1>::new(Dual2::variable(x0, 0), [Dual2::constant(1.0)]);
    let f = x * x * x * x + x.sin();
    assert!(close(f.re.hess[0], 12.0 * x0 * x0 - x0.sin(), 1e-14));
    assert!(close(f.eps[0].hess[0], 24.0 * x0 - x0.cos(), 1e-14));
}

#[test]
fn comparisons_and_printing_look_like_dual() {
    let [x, y] = D2::variables([3.0, 2.0]);
    let f = x * x * y;
    assert_eq!(f, D2::constant(18.0));
    assert!(!f.identical(&D2::constant(18.0)));
    assert!(f > x);
    assert_eq!(format!("{f}"), "18 + [12, 9]ε + [4, 6, 0]ε²");
    assert_eq!(format!("{:.1}", x), "3.0 + [1.0, 0.0]ε + [0.0, 0.0, 0.0]ε²");
    assert_eq!(D2::packed_index(1, 0), 1);
    assert_eq!(Dual2::<f64, 4, 10>::packed_index(2, 3), 8);
    assert_eq!(Dual2::<f64, 4, 10>::packed_index(3, 3), 9);
    assert_eq!(
        num_traits::ToPrimitive::to_f64(&D2::constant(2.5)),
        Some(2.5)
    );
    assert!(num_traits::Zero::is_zero(&(x - 3.0)));
}

/// Every function of the table on `Dual2<f32>`, through `Float`, at a smooth point: finite.
#[test]
fn f32_components_work() {
    fn f<S: Float>(x: S, y: S) -> S {
        (x * y).exp() + (x / y).ln() + (x + y).sqrt() * x.sin()
    }
    let [x, y] = Dual2::<f32, 2, 3>::variables([0.5, 1.5]);
    let r = f(x, y);
    let (_, _, h) = from_dual2(f, 0.5, 1.5);
    for k in 0..3 {
        let (i, j) = [(0, 0), (0, 1), (1, 1)][k];
        assert!((r.hess[k] as f64 - h[i][j]).abs() < 1e-4 * (1.0 + h[i][j].abs()));
    }
    let _ = Vector2::new(x, y).norm();
}

// ----- random expression trees against the symbolic second derivatives -------------------

/// A point in `[-2, 3)` from quickcheck's generator.
#[derive(Clone, Copy, Debug)]
struct Point([f64; NVARS]);

impl Arbitrary for Point {
    fn arbitrary(g: &mut Gen) -> Self {
        let mut p = [0.0; NVARS];
        for v in p.iter_mut() {
            *v = -2.0 + 5.0 * (u32::arbitrary(g) as f64 / u32::MAX as f64);
        }
        Point(p)
    }
}

/// Every gradient component and Hessian entry of a random tree, evaluated on
/// `Dual2<f64, 3, 6>`, against the symbolic first and second partials.
fn second_order_tree(e: Expr, p: Point) -> TestResult {
    let x = p.0;
    let value = eval(&e, &x);
    if !value.is_finite() {
        return TestResult::discard();
    }
    let y = eval(&e, &Dual2::<f64, 3, 6>::variables(x));
    if y.re.to_bits() != value.to_bits() {
        return TestResult::error(format!("value {} vs f64 {value}", y.re));
    }
    let mut compared = false;
    for i in 0..NVARS {
        match matches_symbolic(&format!("∂/∂x{i}"), y.grad[i], &d(&e, i), &x) {
            Ok(c) => compared |= c,
            Err(msg) => return TestResult::error(msg),
        }
        for j in i..NVARS {
            let what = format!("∂²/∂x{i}∂x{j}");
            match matches_symbolic(&what, y.hessian_entry(i, j), &d2(&e, i, j), &x) {
                Ok(c) => compared |= c,
                Err(msg) => return TestResult::error(msg),
            }
        }
    }
    if compared {
        TestResult::passed()
    } else {
        TestResult::discard()
    }
}

#[test]
fn random_expressions_second_derivatives_match_the_symbolic_ones() {
    QuickCheck::new()
        .tests(300)
        .max_tests(30_000)
        .quickcheck(second_order_tree as fn(Expr, Point) -> TestResult);
}

/// Nothing panics on a float input: every function and operator of `Dual2` on the
/// no-panic grid (NaN, infinities, zeros, subnormals, extremes) with a curved argument.
#[test]
fn nothing_panics_on_special_values() {
    let grid = common::grids::no_panic_f64();
    let mut evaluated = 0;
    for &u in &grid {
        for &v in grid.iter().step_by(3) {
            let [a, b] = D2::variables([u, v]);
            let (a, b) = (a * a.abs() + a, b * b + b);
            let one: Vec<D2> = vec![
                a.exp(),
                a.exp2(),
                a.exp_m1(),
                a.ln(),
                a.ln_1p(),
                a.log2(),
                a.log10(),
                a.log(3.0),
                a.log_dual_base(b),
                a.powi(3),
                a.powi(-2),
                a.powi(i32::MIN),
                a.powf(0.5),
                a.powf(-1.5),
                a.pow(b),
                a.sqrt(),
                a.cbrt(),
                a.recip(),
                a.hypot(b),
                a.sin(),
                a.cos(),
                a.tan(),
                a.asin(),
                a.acos(),
                a.atan(),
                a.atan2(b),
                a.sinh(),
                a.cosh(),
                a.tanh(),
                a.asinh(),
                a.acosh(),
                a.atanh(),
                a.abs(),
                a.copysign(b),
                a.signum(),
                a.max(b),
                a.min(b),
                a.clamp(b, a),
                a.abs_sub(b),
                a.mul_add(b, a),
                a.floor(),
                a.ceil(),
                a.round(),
                a.trunc(),
                a.fract(),
                a.sigmoid(),
                a.relu(),
                a.softplus(),
                a.unit_step(),
                a.to_degrees(),
                a.to_radians(),
                a + b,
                a - b,
                a * b,
                a / b,
                a % b,
                -a,
                2.0 / a,
                2.0 % a,
                a % 2.0,
            ];
            evaluated += one.len();
        }
    }
    assert!(evaluated > 1000);
}
