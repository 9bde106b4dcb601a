//! Plain `f64`/`f32` constants with the nested duals that `hessian` passes to its function
//! (`x * 100.0`, `2.0 - x`, `3.0 / x`, ...), checked against hand-derived Hessians.

use dualnum::{Dual, hessian};
use nalgebra::Vector2;

/// f(x, y) = 100 x² y / 4 + (2 - x) y + 3 / x + (y - 0.5) + (1.5 + x) + 2 (x y)
///         = 25 x² y + 3 y - x y + 3/x + 1 + x + 2 x y
fn f64_case(v: &Vector2<Dual<Dual<f64, 2>, 2>>) -> Dual<Dual<f64, 2>, 2> {
    let (x, y) = (v[0], v[1]);
    (x * x * y) * 100.0 / 4.0 + (2.0 - x) * y + 3.0 / x + (y - 0.5) + (1.5 + x) + 2.0 * (x * y)
}

#[test]
fn f64_constants_with_nested_duals_give_the_hand_hessian() {
    for &(x, y) in &[(0.7, -1.3), (2.0, 0.5), (-1.1, 3.0)] {
        let (value, g, h) = hessian(f64_case, &Vector2::new(x, y));
        let expected_value = 25.0 * x * x * y + 3.0 * y - x * y + 3.0 / x + 1.0 + x + 2.0 * x * y;
        let fx = 50.0 * x * y - y - 3.0 / (x * x) + 1.0 + 2.0 * y;
        let fy = 25.0 * x * x + 3.0 - x + 2.0 * x;
        let fxx = 50.0 * y + 6.0 / (x * x * x);
        let fxy = 50.0 * x - 1.0 + 2.0;
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * (1.0 + b.abs());
        assert!(
            close(value, expected_value),
            "value {value} vs {expected_value}"
        );
        assert!(
            close(g[0], fx) && close(g[1], fy),
            "gradient {g} vs ({fx}, {fy})"
        );
        assert!(close(h[(0, 0)], fxx), "H_xx {} vs {fxx}", h[(0, 0)]);
        assert!(close(h[(0, 1)], fxy) && close(h[(1, 0)], fxy), "H_xy {h}");
        assert!(close(h[(1, 1)], 0.0), "H_yy {}", h[(1, 1)]);
    }
}

#[test]
fn f32_constants_with_nested_duals_give_the_hand_hessian() {
    // f = 3 x² - x / 2 + (1 - x) x ⇒ f' = 6x - 1/2 + 1 - 2x, f'' = 4
    let f = |v: &Vector2<Dual<Dual<f32, 2>, 2>>| {
        let x = v[0];
        3.0 * x * x - x / 2.0 + (1.0 - x) * x + (v[1] - 1.0)
    };
    let (_, g, h) = hessian(f, &Vector2::new(1.5_f32, 0.25));
    assert!((g[0] - (4.0 * 1.5 + 0.5)).abs() < 1e-5, "{g}");
    assert_eq!(g[1], 1.0);
    assert!((h[(0, 0)] - 4.0).abs() < 1e-5, "{h}");
    assert_eq!((h[(0, 1)], h[(1, 0)], h[(1, 1)]), (0.0, 0.0, 0.0));
}

/// `Real::mul_f64` written in generic code: f(x, y) = 2.5 x² y - 4 y + (x y)·0.5, so
/// f_x = 5 x y + y/2, f_y = 2.5 x² - 4 + x/2, f_xx = 5 y, f_xy = 5 x + 1/2, f_yy = 0.
fn scaled<S: dualnum::Real>(v: &Vector2<S>) -> S {
    let (x, y) = (v[0], v[1]);
    (x * x * y).mul_f64(2.5) - y.mul_f64(4.0) + (x * y).mul_f64(0.5)
}

#[test]
fn mul_f64_in_generic_code_gives_the_hand_hessian() {
    for &(x, y) in &[(0.7, -1.3), (2.0, 0.5), (-1.1, 3.0)] {
        let (value, g, h) = hessian(scaled, &Vector2::new(x, y));
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * (1.0 + b.abs());
        assert!(
            close(value, 2.5 * x * x * y - 4.0 * y + 0.5 * x * y),
            "value {value}"
        );
        assert!(close(g[0], 5.0 * x * y + 0.5 * y), "f_x {}", g[0]);
        assert!(close(g[1], 2.5 * x * x - 4.0 + 0.5 * x), "f_y {}", g[1]);
        assert!(close(h[(0, 0)], 5.0 * y), "f_xx {}", h[(0, 0)]);
        assert!(close(h[(0, 1)], 5.0 * x + 0.5), "f_xy {}", h[(0, 1)]);
        assert!(close(h[(1, 0)], 5.0 * x + 0.5), "f_yx {}", h[(1, 0)]);
        assert!(close(h[(1, 1)], 0.0), "f_yy {}", h[(1, 1)]);
        // On plain floats it is the product.
        assert_eq!(
            scaled(&Vector2::new(x, y)),
            (x * x * y) * 2.5 - y * 4.0 + (x * y) * 0.5
        );
    }
}

#[test]
fn mul_f64_multiplies_every_component_and_keeps_tangents_finite_at_an_infinite_value() {
    use dualnum::Real;
    let x = Dual::<f64, 2>::new(1.5, [2.0, -0.25]);
    let s = x.mul_f64(-4.0);
    assert_eq!((s.re, s.eps), (-6.0, [-8.0, 1.0]));
    // f32 rounds the constant first, as `literal` does.
    let x32 = Dual::<f32, 1>::new(3.0, [1.0]);
    let s32 = x32.mul_f64(0.1);
    assert_eq!((s32.re, s32.eps[0]), (3.0 * 0.1_f32, 0.1_f32));
    // d(c x) = c dx also where the value is infinite: a product with the constant dual
    // `literal(c)` would add `0 · inf = NaN` to the tangent.
    let inf = Dual::<f64, 1>::new(f64::INFINITY, [1.0]);
    assert_eq!(inf.mul_f64(2.0).eps, [2.0]);
    assert!((inf * Dual::literal(2.0)).eps[0].is_nan());
    // NaN and zero constants behave as f64 multiplication.
    assert!(x.mul_f64(f64::NAN).eps.iter().all(|e| e.is_nan()));
    assert_eq!(x.mul_f64(0.0).eps, [0.0, -0.0]);
}
