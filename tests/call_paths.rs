//! CALL PATHS: the same function reached through different traits gives the same dual.
//! Here: `Float::log` and `ComplexField::log` with a dual base agree bit for bit (value
//! and every tangent component) on the special-value grid.
//!
//! Oracle: one path against the other (both must also match `f64` for the value, which
//! `scalar_values.rs` checks through the function table).

mod common;

use common::grids::all_f64;
use common::tolerance::{report, same};
use dualnum::Dual;
use nalgebra::ComplexField;
use num_traits::Float;

type D3 = Dual<f64, 3>;

#[test]
fn float_log_and_complexfield_log_with_a_dual_base_agree_bit_for_bit() {
    let bases = [1.0, 0.0, core::f64::consts::E, 10.0, 2.0];
    let mut bad = Vec::new();
    for &x in &all_f64() {
        for &b in bases.iter().chain(all_f64().iter()) {
            // x moves the first component, the base the second; the third stays zero
            let (dx, db) = (D3::new(x, [1.0, 0.0, 0.0]), D3::new(b, [0.0, 1.0, 0.0]));
            let f = Float::log(dx, db);
            let c = ComplexField::log(dx, db);
            if !(same(f.re, c.re) && f.eps.iter().zip(&c.eps).all(|(&a, &b)| same(a, b))) {
                bad.push(format!(
                    "log({x:?}, base {b:?}): Float {f:?}, ComplexField {c:?}"
                ));
            }
        }
    }
    report(&bad);
}
