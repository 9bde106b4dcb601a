//! The ratio table: per workload, ns per call of `hand`, `fd`, `num-dual` and `dualnum`
//! from ONE interleaved timing loop, their ratios, and the max abs error of `fd`, `num-dual`
//! and `dualnum` against `hand`. Run with `cargo bench --bench ratios` (about 40 s); arguments
//! select workloads by name: `cargo bench --bench ratios -- W6 W7`.
//!
//! Interleaving: each round times a batch of calls of every implementation, in an order
//! that rotates from round to round; the per-call time of an implementation is the median
//! over rounds. On a shared, noisy machine a slow spell hits all four implementations of a
//! round alike, and the median discards the rounds it spoils, so the ratios are far more
//! stable than the absolute times.

use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "workloads/mod.rs"]
mod workloads;

use workloads::{IMPLS, Workload};

/// Wall time spent timing each workload (after calibration).
const BUDGET_PER_WORKLOAD: Duration = Duration::from_secs(4);
/// The target length of one timed batch.
const BATCH_TARGET: Duration = Duration::from_micros(100);

/// One table row.
struct Row {
    name: &'static str,
    ns: [f64; 4],
    errors: [f64; 4],
}

/// Times `batch` calls of implementation `i`; returns ns per call.
#[inline(never)]
fn time_batch<W: Workload>(w: &mut W, i: usize, out: &mut [f64], batch: usize) -> f64 {
    let start = Instant::now();
    for _ in 0..batch {
        w.run(i, out);
        black_box(&mut *out);
    }
    start.elapsed().as_nanos() as f64 / batch as f64
}

/// The batch size of implementation `i` that takes about [`BATCH_TARGET`].
fn calibrate<W: Workload>(w: &mut W, i: usize, out: &mut [f64]) -> usize {
    let mut batch = 1;
    loop {
        let start = Instant::now();
        for _ in 0..batch {
            w.run(i, out);
            black_box(&mut *out);
        }
        let t = start.elapsed();
        if t >= BATCH_TARGET / 4 || batch >= 1 << 24 {
            let per_call = t.as_secs_f64() / batch as f64;
            return ((BATCH_TARGET.as_secs_f64() / per_call) as usize).max(1);
        }
        batch *= 2;
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

fn measure<W: Workload>(rows: &mut Vec<Row>, filter: &[String]) {
    if !filter.is_empty() && !filter.iter().any(|f| W::NAME.contains(f.as_str())) {
        return;
    }
    let errors = workloads::check::<W>();
    let mut w = W::new();
    let mut out = vec![0.0; w.out_len()];
    // warm up, then size the batches
    for i in 0..4 {
        calibrate(&mut w, i, &mut out);
    }
    let batches: Vec<usize> = (0..4).map(|i| calibrate(&mut w, i, &mut out)).collect();
    let mut samples: [Vec<f64>; 4] = Default::default();
    let start = Instant::now();
    let mut round = 0;
    while start.elapsed() < BUDGET_PER_WORKLOAD {
        for k in 0..4 {
            let i = (round + k) % 4;
            samples[i].push(time_batch(&mut w, i, &mut out, batches[i]));
        }
        round += 1;
    }
    let mut ns = [0.0; 4];
    for (n, s) in ns.iter_mut().zip(samples.iter_mut()) {
        *n = median(s);
    }
    // The fastest round, as a cross-check of the medians (on stderr).
    let fastest: Vec<f64> = samples.iter().map(|s| s[0]).collect();
    eprintln!(
        "{}: {} rounds; from the fastest rounds: dualnum/hand {:.2}, dualnum/num-dual {:.2}",
        W::NAME,
        round,
        fastest[3] / fastest[0],
        fastest[3] / fastest[2]
    );
    rows.push(Row {
        name: W::NAME,
        ns,
        errors,
    });
}

fn main() {
    // `cargo bench` passes `--bench`: flags are ignored; other arguments select the
    // workloads whose names contain one of them (`cargo bench --bench ratios -- W6 W7`).
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let mut rows = Vec::new();
    for_each_workload!(measure, &mut rows, &filter);

    println!();
    println!(
        "| workload | {} ns | {} ns | {} ns | {} ns | dualnum/hand | dualnum/num-dual | fd/hand | fd err | num-dual err | dualnum err |",
        IMPLS[0], IMPLS[1], IMPLS[2], IMPLS[3]
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        let [hand, fd, nd, dn] = r.ns;
        println!(
            "| {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.2} | {:.2} | {:.2} | {:.1e} | {:.1e} | {:.1e} |",
            r.name,
            hand,
            fd,
            nd,
            dn,
            dn / hand,
            dn / nd,
            fd / hand,
            r.errors[1],
            r.errors[2],
            r.errors[3]
        );
    }
}
