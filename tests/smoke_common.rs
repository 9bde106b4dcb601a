//! Temporary: compiles tests/common.
mod common;
#[test]
fn tables_build() {
    assert!(!common::functions::unary::<f64, 1>().is_empty());
    assert!(!common::functions::unary::<f32, 2>().is_empty());
    assert!(!common::functions::unary::<dualnum::Dual<f64, 1>, 1>().is_empty());
    assert!(!common::functions::binary::<dualnum::Dual<f64, 1>, 1>().is_empty());
    assert!(!common::functions::ternary::<f32, 1>().is_empty());
}
