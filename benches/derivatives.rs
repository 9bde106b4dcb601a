//! Criterion benchmarks: one group per workload, with the four implementations (`hand`,
//! `fd`, `num-dual`, `dualnum`) as its members. Run with `cargo bench --bench derivatives`;
//! for the ratio table from interleaved timings, `cargo bench --bench ratios`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "workloads/mod.rs"]
mod workloads;

use workloads::{IMPLS, Workload};

/// The group of one workload: its four implementations, each writing into one output
/// buffer allocated before timing.
fn group<W: Workload>(c: &mut Criterion) {
    let errors = workloads::check::<W>();
    println!(
        "{}: max abs error vs hand: fd {:.1e}, num-dual {:.1e}, dualnum {:.1e}",
        W::NAME,
        errors[1],
        errors[2],
        errors[3]
    );
    let mut w = W::new();
    let mut out = vec![0.0; w.out_len()];
    let mut g = c.benchmark_group(W::NAME);
    for (i, name) in IMPLS.iter().enumerate() {
        g.bench_function(*name, |b| {
            b.iter(|| {
                w.run(i, &mut out);
                black_box(&mut out);
            })
        });
    }
    g.finish();
}

fn all(c: &mut Criterion) {
    for_each_workload!(group, c);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(1500))
        .sample_size(30);
    targets = all
}
criterion_main!(benches);
