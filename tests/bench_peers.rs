//! The benchmark peers compute the same quantity in the same layout: every member (`fd`,
//! `num-dual`, `dualnum`) of every workload of `benches/workloads` against the workload's
//! `hand` member, the analytic derivative written out, within the tolerances of
//! `workloads::check` (1e-12 relative for the dual members, 1e-4 for finite differences).
//! The benches run the same check before timing; this runs it in `cargo test`.

#[path = "../benches/workloads/mod.rs"]
mod workloads;

fn check_one<W: workloads::Workload>() {
    let errors = workloads::check::<W>();
    assert_eq!(errors[0], 0.0, "{}: hand against itself", W::NAME);
}

#[test]
fn every_peer_matches_the_hand_derivative() {
    for_each_workload!(check_one);
}

#[test]
fn an_unwritten_or_nan_entry_counts_as_an_error() {
    assert!(workloads::max_abs_error(&[1.0, f64::NAN], &[1.0, 2.0]).is_nan());
    assert!(workloads::max_abs_error(&[f64::NAN, 2.0], &[1.0, 2.0]).is_nan());
    assert_eq!(workloads::max_abs_error(&[1.0, 2.5], &[1.0, 2.0]), 0.5);
}
