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
