//! Cost against order: the `K`-th derivative of `f: R -> R` from one evaluation on
//! `Taylor<f64, K>` against duals nested `K` deep (`Dual<Dual<...<f64, 1>..., 1>, 1>`,
//! `2^K` components), for `K = 1 ..= 10`, on two functions (nested duals to `K = 6` for
//! `few` and to `K = 5` for `mlp`: every dual operation inlines, so a nested evaluation
//! is `3^K`-sized code; with depth 8 the release build of this bench ran for over 20
//! minutes, at 20 GB for depth 10, and was stopped):
//!
//! - `few`: a function of a few elementary calls, `exp(sin x) + x ln x / (1 + x²)`;
//! - `mlp`: a small multilayer perceptron `R -> R`, two hidden layers of 8 `tanh` units
//!   with fixed weights.
//!
//! Run with `cargo bench --bench taylor`. It first prints the ratio table (interleaved
//! timing: in each round every implementation runs a batch of about 50 µs, the time per
//! call is the median over the rounds; each pair is checked to agree to 1e-10 relative
//! before timing), then runs one criterion group per function and implementation.
//! `cargo bench --bench taylor -- --table` prints the table only.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group};
use dualnum::{Dual, Real, Taylor};

/// A nested dual seeded with all its `2^depth` directions equal, `x + ε_1 + ... + ε_k`, so
/// the `ε_1 ... ε_k` component of `f(x)` is `f^(k)(x)`.
trait Nested: Real {
    /// `x` seeded at every level.
    fn seed(x: f64) -> Self;
    /// The component of `ε_1 ε_2 ... ε_k`: the `k`-th derivative.
    fn top(&self) -> f64;
}

impl Nested for f64 {
    fn seed(x: f64) -> Self {
        x
    }
    fn top(&self) -> f64 {
        *self
    }
}

impl<S: Nested> Nested for Dual<S, 1> {
    fn seed(x: f64) -> Self {
        Dual::new(S::seed(x), [S::one()])
    }
    fn top(&self) -> f64 {
        self.eps[0].top()
    }
}

type N1 = Dual<f64, 1>;
type N2 = Dual<N1, 1>;
type N3 = Dual<N2, 1>;
type N4 = Dual<N3, 1>;
type N5 = Dual<N4, 1>;
type N6 = Dual<N5, 1>;

/// `exp(sin x) + x ln x / (1 + x²)`.
#[inline(never)]
fn few<S: Real>(x: S) -> S {
    x.sin().exp() + x * x.ln() / (x * x + S::one())
}

/// Weights of the MLP, fixed and irregular in `[-0.9, 0.9]`, computed at compile time
/// (`W[layer][i][j]`), so the timed code does the network's arithmetic only.
const W: [[[f64; 8]; 8]; 5] = {
    let mut w = [[[0.0; 8]; 8]; 5];
    let mut layer = 0;
    while layer < 5 {
        let mut i = 0;
        while i < 8 {
            let mut j = 0;
            while j < 8 {
                let h = (layer * 97 + i * 13 + j * 7 + 11) * 2_654_435_761 % 1000;
                w[layer][i][j] = h as f64 / 1000.0 * 1.8 - 0.9;
                j += 1;
            }
            i += 1;
        }
        layer += 1;
    }
    w
};

/// One weight.
#[inline(always)]
fn weight(layer: usize, i: usize, j: usize) -> f64 {
    W[layer][i][j]
}

/// `R -> 8 -> 8 -> R` with `tanh` hidden units.
#[inline(never)]
fn mlp<S: Real>(x: S) -> S {
    let h0: [S; 8] =
        std::array::from_fn(|i| (x.mul_f64(weight(0, i, 0)) + S::literal(weight(1, i, 0))).tanh());
    let h1: [S; 8] = std::array::from_fn(|j| {
        let mut s = S::literal(weight(2, j, 0));
        for (i, h) in h0.iter().enumerate() {
            s = s + h.mul_f64(weight(3, j, i));
        }
        s.tanh()
    });
    h1.iter()
        .enumerate()
        .fold(S::zero(), |acc, (j, h)| acc + h.mul_f64(weight(4, j, 0)))
}

const X: f64 = 0.8;

/// The `K`-th derivative from Taylor arithmetic.
#[inline(never)]
fn taylor_kth<const K: usize>(f: fn(Taylor<f64, K>) -> Taylor<f64, K>, x: f64) -> f64 {
    f(Taylor::variable(black_box(x))).derivative(K)
}

/// The `k`-th derivative from nested duals.
#[inline(never)]
fn nested_kth<S: Nested>(f: fn(S) -> S, x: f64) -> f64 {
    f(S::seed(black_box(x))).top()
}

/// The median of the per-call times of the two closures, timed in alternating batches.
fn interleaved(mut a: impl FnMut() -> f64, mut b: impl FnMut() -> f64) -> (f64, f64) {
    let calibrate = |g: &mut dyn FnMut() -> f64| {
        let mut n = 1usize;
        loop {
            let t = Instant::now();
            for _ in 0..n {
                black_box(g());
            }
            let e = t.elapsed();
            if e > Duration::from_micros(12) || n > 1 << 22 {
                return ((n as f64) * 50e-6 / e.as_secs_f64()).ceil().max(1.0) as usize;
            }
            n *= 2;
        }
    };
    let (na, nb) = (calibrate(&mut a), calibrate(&mut b));
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    let start = Instant::now();
    let mut round = 0;
    while start.elapsed() < Duration::from_millis(400) || round < 20 {
        for which in [round % 2, 1 - round % 2] {
            let (g, n, out): (&mut dyn FnMut() -> f64, usize, &mut Vec<f64>) = if which == 0 {
                (&mut a, na, &mut ta)
            } else {
                (&mut b, nb, &mut tb)
            };
            let t = Instant::now();
            for _ in 0..n {
                black_box(g());
            }
            out.push(t.elapsed().as_nanos() as f64 / n as f64);
        }
        round += 1;
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    (median(&mut ta), median(&mut tb))
}

/// One row per order: times, ratio, and the growth of the Taylor time against order 1.
fn table() {
    macro_rules! rows {
        ($name:literal, $f:ident; $($k:literal => $n:ty),*; taylor only $($kt:literal),*) => {{
            println!("\n{}: K-th derivative at x = {X}", $name);
            println!("| K | Taylor ns | nested ns | nested / Taylor | Taylor(K) / Taylor(1) | K² |");
            println!("|---:|---:|---:|---:|---:|---:|");
            let mut first = None;
            $(
                let t = taylor_kth::<$k>($f, X);
                let n = nested_kth::<$n>($f, X);
                assert!(((t - n) / n).abs() < 1e-10, "order {}: Taylor {t} vs nested {n}", $k);
                let (tt, tn) = interleaved(|| taylor_kth::<$k>($f, X), || nested_kth::<$n>($f, X));
                let base = *first.get_or_insert(tt);
                println!("| {} | {:.1} | {:.1} | {:.2} | {:.2} | {} |", $k, tt, tn, tn / tt, tt / base, $k * $k);
            )*
            $(
                let (tt, _) = interleaved(|| taylor_kth::<$kt>($f, X), || taylor_kth::<1>($f, X));
                let base = first.unwrap_or(tt);
                println!("| {} | {:.1} | - | - | {:.2} | {} |", $kt, tt, tt / base, $kt * $kt);
            )*
        }};
    }
    rows!("few = exp(sin x) + x ln x / (1 + x²)", few;
        1 => N1, 2 => N2, 3 => N3, 4 => N4, 5 => N5, 6 => N6; taylor only 7, 8, 9, 10);
    rows!("mlp = R -> 8 tanh -> 8 tanh -> R", mlp;
        1 => N1, 2 => N2, 3 => N3, 4 => N4, 5 => N5; taylor only 6, 7, 8, 9, 10);
}

/// Criterion groups `taylor/few`, `taylor/mlp` with members `taylor` and `nested` per `K`.
fn criterion_groups(c: &mut Criterion) {
    macro_rules! group {
        ($name:literal, $f:ident; $($k:literal => $n:ty),*) => {{
            let mut g = c.benchmark_group(concat!("taylor/", $name));
            $(
                g.bench_with_input(BenchmarkId::new("taylor", $k), &X, |b, &x| b.iter(|| taylor_kth::<$k>($f, x)));
                g.bench_with_input(BenchmarkId::new("nested", $k), &X, |b, &x| b.iter(|| nested_kth::<$n>($f, x)));
            )*
            g.finish();
        }};
    }
    group!("few", few; 1 => N1, 3 => N3, 6 => N6);
    group!("mlp", mlp; 1 => N1, 3 => N3, 5 => N5);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(600))
        .sample_size(20);
    targets = criterion_groups
}

fn main() {
    table();
    if std::env::args().any(|a| a == "--table") {
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
