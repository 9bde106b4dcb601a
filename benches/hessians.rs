//! Second-order benchmarks, as ratios from one interleaved run (the method of
//! `benches/ratios.rs`: each round times a batch of every member in rotating order; the
//! per-call time is the median over rounds, so a slow spell of the shared machine hits
//! every member alike). Run with `cargo bench --bench hessians`; arguments select cases by
//! name (`cargo bench --bench hessians -- W8 hvp`).
//!
//! - W8 (Rosenbrock, 6 variables) and dense Hessians at N = 16 and 32: `hessian2` on the
//!   symmetric `Dual2`, the nested `hessian` on `Dual<Dual<f64, N>, N>`, and num-dual's
//!   `hessian` (on `Dual2SVec64<N>`: its statically sized second-order dual, value,
//!   gradient and full Hessian on the stack; the dynamically sized `Dual2DVec64` allocates
//!   per operation) and num-dual by `N(N+1)/2` passes of `HyperDual64`
//!   (`workloads/num_dual_hessian.rs`): its fastest form for W8 (0.27 x its `hessian`),
//!   slower at N = 16 and 32 (1.7 x and 1.3 x its `hessian`: 136 and 528 passes);
//! - `hvp` at N = 100 against one `gradient` of the same function;
//! - the sparse Hessian of a chained objective at n = 10³, 10⁴, 10⁵ against the dense
//!   chunked Hessian at n = 10³.

use std::hint::black_box;
use std::time::{Duration, Instant};

use dualnum::Real;
use dualnum::sparse::{GradientHessian, SeparableHessian, VectorFunction};
use dualnum::{ChunkedHessian, Dual, Dual2};
use nalgebra::DMatrix;
use nalgebra::SVector;
use num_dual::{Dual2SVec64, DualNum, HyperDual64};

#[path = "workloads/num_dual_hessian.rs"]
mod num_dual_hessian;

/// Wall time spent timing each case (after calibration).
const BUDGET: Duration = Duration::from_secs(3);
/// The target length of one timed batch.
const BATCH_TARGET: Duration = Duration::from_micros(200);

/// One member of a case: times `batch` calls, returns ns per call.
type Member<'a> = (&'static str, Box<dyn FnMut(usize) -> f64 + 'a>);

/// A member from an expression evaluated (and black-boxed) per call.
macro_rules! member {
    ($name:expr, $body:expr) => {
        (
            $name,
            Box::new(move |batch: usize| {
                let start = Instant::now();
                for _ in 0..batch {
                    black_box($body);
                }
                start.elapsed().as_nanos() as f64 / batch as f64
            }) as Box<dyn FnMut(usize) -> f64>,
        )
    };
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

/// Times the members interleaved and prints one row per member: ns per call and the ratio
/// to the first member.
fn race(case: &str, filter: &[String], mut members: Vec<Member<'_>>) {
    if !filter.is_empty() && !filter.iter().any(|f| case.contains(f.as_str())) {
        return;
    }
    let batches: Vec<usize> = members
        .iter_mut()
        .map(|(_, run)| {
            let mut batch = 1;
            loop {
                let ns = run(batch);
                let total = Duration::from_nanos((ns * batch as f64) as u64);
                if total >= BATCH_TARGET / 4 || batch >= 1 << 24 {
                    return ((BATCH_TARGET.as_nanos() as f64 / ns) as usize).max(1);
                }
                batch *= 2;
            }
        })
        .collect();
    let k = members.len();
    let mut samples = vec![Vec::new(); k];
    let start = Instant::now();
    let mut round = 0;
    while start.elapsed() < BUDGET || round < 3 {
        for j in 0..k {
            let i = (round + j) % k;
            samples[i].push((members[i].1)(batches[i]));
        }
        round += 1;
    }
    let ns: Vec<f64> = samples.iter_mut().map(|s| median(s)).collect();
    for (i, (name, _)) in members.iter().enumerate() {
        println!("| {case} | {name} | {:.1} | {:.2} |", ns[i], ns[i] / ns[0]);
    }
}

/// Rosenbrock, `Σ_(i<5) 100 (x_(i+1) - x_i²)² + (1 - x_i)²`, on any number type.
macro_rules! rosenbrock {
    ($x:expr, $zero:expr) => {{
        let x = $x;
        let mut f = $zero;
        for i in 0..5 {
            let t = x[i + 1] - x[i] * x[i];
            let s = -x[i] + 1.0;
            f = f + t * t * 100.0 + s * s;
        }
        f
    }};
}

/// A function with a dense Hessian: `ln(1 + Σ xᵢ²) + Σ sin(xᵢ x_(i+1 mod n))`.
macro_rules! dense {
    ($x:expr, $n:expr, $zero:expr) => {{
        let x = $x;
        let (mut s, mut t) = ($zero, $zero);
        for i in 0..$n {
            s += x[i] * x[i];
            t += (x[i] * x[(i + 1) % $n]).sin();
        }
        (s + 1.0).ln() + t
    }};
}

/// A chained objective: `Σ_(i<n-1) 100 (x_(i+1) - x_i²)² + (1 - x_i)² + sin(x_i)`.
macro_rules! chained {
    ($x:expr, $n:expr, $zero:expr) => {{
        let x = $x;
        let mut f = $zero;
        for i in 0..$n - 1 {
            let t = x[i + 1] - x[i] * x[i];
            let s = -x[i] + 1.0;
            f += t * t * 100.0 + s * s + x[i].sin();
        }
        f
    }};
}

/// The hand-written W8 Hessian (as in `benches/workloads`), into `h` (column-major).
fn rosenbrock_hand(x: &SVector<f64, 6>, g: &mut [f64; 6], h: &mut [f64; 36]) -> f64 {
    h.fill(0.0);
    g.fill(0.0);
    let mut value = 0.0;
    for i in 0..5 {
        let t = x[i + 1] - x[i] * x[i];
        let s = 1.0 - x[i];
        value += 100.0 * t * t + s * s;
        g[i] += -400.0 * x[i] * t - 2.0 * s;
        g[i + 1] += 200.0 * t;
        h[7 * i] += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
        h[7 * (i + 1)] += 200.0;
        h[6 * i + i + 1] = -400.0 * x[i];
        h[6 * (i + 1) + i] = -400.0 * x[i];
    }
    value
}

fn dense_case<const N: usize, const P: usize>(filter: &[String]) {
    let x = SVector::<f64, N>::from_fn(|i, _| 0.1 + 0.05 * i as f64);
    let (_, _, h2) = dualnum::hessian2::<P, _, _>(|x| dense!(x, N, Dual2::constant(0.0)), &x);
    let (_, _, hn) = dualnum::hessian(|x| dense!(x, N, Dual::constant(Dual::constant(0.0))), &x);
    let (_, _, hd) = num_dual::hessian(
        |x: SVector<Dual2SVec64<N>, N>| dense!(x, N, Dual2SVec64::<N>::from_re(0.0)),
        &x,
    );
    let (mut g_hd, mut h_hd) = (vec![0.0; N], vec![0.0; N * N]);
    num_dual_hessian::hessian(
        |x| dense!(x, N, HyperDual64::from_re(0.0)),
        &x,
        &mut g_hd,
        &mut h_hd,
    );
    let err_hd = h2
        .as_slice()
        .iter()
        .zip(&h_hd)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    let err = (h2 - hn).abs().max().max((h2 - hd).abs().max()).max(err_hd);
    eprintln!(
        "dense N = {N}: max |hessian2 - nested|, |hessian2 - num-dual| (both forms) = {err:.1e}"
    );
    race(
        &format!("dense hessian N = {N}"),
        filter,
        vec![
            member!(
                "hessian2 (Dual2)",
                dualnum::hessian2::<P, _, _>(|x| dense!(x, N, Dual2::constant(0.0)), black_box(&x))
            ),
            member!(
                "hessian (nested)",
                dualnum::hessian(
                    |x| dense!(x, N, Dual::constant(Dual::constant(0.0))),
                    black_box(&x)
                )
            ),
            member!(
                "num-dual hessian",
                num_dual::hessian(
                    |x: SVector<Dual2SVec64<N>, N>| dense!(x, N, Dual2SVec64::<N>::from_re(0.0)),
                    black_box(&x)
                )
            ),
            member!("num-dual HyperDual64 passes", {
                let v = num_dual_hessian::hessian(
                    |x| dense!(x, N, HyperDual64::from_re(0.0)),
                    black_box(&x),
                    &mut g_hd,
                    &mut h_hd,
                );
                black_box((&mut g_hd, &mut h_hd));
                v
            }),
        ],
    );
}

/// One term of the chained objective of the sparse case, on any number type with `*`,
/// `-`, unary `-`, `+ f64`, `* f64` and `sin`: `100 (b - a²)² + (1 - a)² + sin(a)`.
macro_rules! chained_term {
    ($a:expr, $b:expr) => {{
        let (a, b) = ($a, $b);
        let t = b - a * a;
        let s = -a + 1.0;
        t * t * 100.0 + s * s + a.sin()
    }};
}

/// The hand-written gradient of the chained objective, generic (for `GradientHessian`):
/// `g_i += -400 x_i t - 2 s + cos x_i`, `g_(i+1) += 200 t`, `t = x_(i+1) - x_i²`, `s = 1 - x_i`.
struct ChainedGradient(usize);

impl VectorFunction for ChainedGradient {
    fn input_len(&self) -> usize {
        self.0
    }
    fn output_len(&self) -> usize {
        self.0
    }
    fn eval<S: Real>(&self, x: &[S], g: &mut [S]) {
        for i in 0..self.0 - 1 {
            let t = x[i + 1] - x[i] * x[i];
            let s = S::one() - x[i];
            g[i] = g[i] - (x[i] * t).mul_f64(400.0) - s.mul_f64(2.0) + x[i].cos();
            g[i + 1] = g[i + 1] + t.mul_f64(200.0);
        }
    }
}

/// The sparse Hessian of the chained objective `Σ_(i<n-1) term(x_i, x_(i+1))` at
/// n = 10³, 10⁴, 10⁵ (`SeparableHessian`, one `Dual2<f64, 2, 3>` per term), and the dense
/// chunked Hessian (`ChunkedHessian<16>`, 2016 passes) at n = 10³, timed once: every entry
/// of the sparse one is checked against it.
fn sparse_cases(filter: &[String]) {
    if !filter.is_empty()
        && !filter
            .iter()
            .any(|f| "sparse hessian chained".contains(f.as_str()))
    {
        return;
    }
    let term = |_: usize, v: &[Dual2<f64, 2, 3>; 2]| chained_term!(v[0], v[1]);
    for n in [1_000, 10_000, 100_000] {
        let terms: Vec<[usize; 2]> = (0..n - 1).map(|i| [i, i + 1]).collect();
        let plan = SeparableHessian::<2, 3>::new(n, terms).expect("indices in range");
        let x: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin()).collect();
        let (mut g, mut h) = (vec![0.0; n], plan.new_matrix());
        if n == 1_000 {
            plan.hessian_into(term, &x, &mut g, &mut h)
                .expect("sizes match");
            let mut work = ChunkedHessian::<16, f64>::new();
            let (mut gd, mut hd) = (vec![0.0; n], DMatrix::zeros(n, n));
            let dense_f = |x: &[Dual<Dual<f64, 16>, 16>]| {
                let mut f = Dual::constant(Dual::constant(0.0));
                for i in 0..x.len() - 1 {
                    f += chained_term!(x[i], x[i + 1]);
                }
                f
            };
            let start = Instant::now();
            work.hessian_into(dense_f, black_box(&x), Some(&mut gd), &mut hd)
                .expect("sizes match");
            let dense_ns = start.elapsed().as_nanos() as f64;
            let err = (DMatrix::from(&h) - &hd).abs().max();
            eprintln!("sparse vs dense at n = 1000: max |difference| = {err:.1e}");
            let mut samples: Vec<f64> = (0..20)
                .map(|_| {
                    let start = Instant::now();
                    black_box(plan.hessian_into(term, black_box(&x), &mut g, &mut h)).ok();
                    start.elapsed().as_nanos() as f64
                })
                .collect();
            let sparse_ns_at_1000 = median(&mut samples);
            println!(
                "| dense chunked hessian chained n = 1000 (one call) | ChunkedHessian<16> | {dense_ns:.0} | {:.0} x sparse |",
                dense_ns / sparse_ns_at_1000
            );
        }
        let grad = ChainedGradient(n);
        let mut from_gradient = GradientHessian::<3>::new(&grad, &x).expect("traced");
        let (mut g2, mut h2) = (vec![0.0; n], from_gradient.new_matrix());
        from_gradient
            .hessian_into(&grad, &x, &mut g2, &mut h2)
            .expect("sizes match");
        plan.hessian_into(term, &x, &mut g, &mut h)
            .expect("sizes match");
        let err = h
            .values()
            .iter()
            .zip(h2.values())
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        eprintln!(
            "n = {n}: GradientHessian {} colours, max |difference| to SeparableHessian {err:.1e}",
            from_gradient.colours()
        );
        let x2 = x.clone();
        race(
            &format!("sparse hessian chained n = {n}"),
            filter,
            vec![
                member!(
                    "SeparableHessian",
                    plan.hessian_into(term, black_box(&x), &mut g, &mut h).ok()
                ),
                member!(
                    "GradientHessian<3> (hand gradient)",
                    from_gradient
                        .hessian_into(&grad, black_box(&x2), &mut g2, &mut h2)
                        .ok()
                ),
            ],
        );
    }
}

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    println!("| case | member | ns | ratio to the first |");
    println!("|---|---|---:|---:|");

    let x6 = SVector::<f64, 6>::from([-1.2, 1.0, -0.5, 0.8, 1.1, 0.3]);
    race(
        "W8 hessian rosenbrock 6",
        &filter,
        vec![
            member!("hand", {
                let (mut g, mut h) = ([0.0; 6], [0.0; 36]);
                let v = rosenbrock_hand(black_box(&x6), &mut g, &mut h);
                (v, g, h)
            }),
            member!(
                "hessian2 (Dual2)",
                dualnum::hessian2::<21, _, _>(
                    |x| rosenbrock!(x, Dual2::constant(0.0)),
                    black_box(&x6)
                )
            ),
            member!(
                "hessian (nested)",
                dualnum::hessian(
                    |x| rosenbrock!(x, Dual::constant(Dual::constant(0.0))),
                    black_box(&x6)
                )
            ),
            member!(
                "num-dual hessian",
                num_dual::hessian(
                    |x: SVector<Dual2SVec64<6>, 6>| rosenbrock!(x, Dual2SVec64::<6>::from_re(0.0)),
                    black_box(&x6)
                )
            ),
            member!("num-dual HyperDual64, 21 passes", {
                let (mut g, mut h) = ([0.0; 6], [0.0; 36]);
                let v = num_dual_hessian::hessian(
                    |x| rosenbrock!(x, HyperDual64::from_re(0.0)),
                    black_box(&x6),
                    &mut g,
                    &mut h,
                );
                (v, g, h)
            }),
        ],
    );

    dense_case::<16, 136>(&filter);
    dense_case::<32, 528>(&filter);

    let x100 = SVector::<f64, 100>::from_fn(|i, _| (i as f64 * 0.37).sin());
    let v100 = SVector::<f64, 100>::from_fn(|i, _| (i as f64 * 0.11).cos());
    race(
        "hvp N = 100",
        &filter,
        vec![
            member!(
                "gradient",
                dualnum::gradient(|x| chained!(x, 100, Dual::constant(0.0)), black_box(&x100))
            ),
            member!(
                "hvp",
                dualnum::hvp(
                    |x| chained!(x, 100, Dual::constant(Dual::constant(0.0))),
                    black_box(&x100),
                    black_box(&v100)
                )
            ),
        ],
    );

    sparse_cases(&filter);
}
