//! Sparse Jacobians of the Broyden tridiagonal function
//! `F_i = (3 - 2 x_i) x_i - x_(i-1) - 2 x_(i+1) + 1`, values and Jacobian at once:
//!
//! - `sparse_K3` / `sparse_K8`: a ready `SparseJacobian` plan (3 colours, one pass),
//!   recomputed into a reused CSC matrix (`sparse_K3_values`: into a values slice, without
//!   the check that the matrix has the plan's pattern);
//! - `dense_chunked_C8`: dualnum's `ChunkedJacobian` with 8 columns per pass (`n / 8`
//!   passes), into a reused column-major buffer (n = 64 and 1024 only: at 16384 the dense
//!   matrix alone is 2 GiB);
//! - `analytic`: the hand-written tridiagonal Jacobian, written into the same CSC layout;
//! - `num_dual_chunked_C8` (n = 64): num-dual's `DualSVec64<8>`, seeded chunk by chunk by
//!   hand (its `jacobian` takes a fixed-size `SVector`), into a column-major buffer.
//!
//! - `plan_build` (n >= 1024): tracing the pattern and colouring, done once per plan.
//! - `sparse_K3_dense_row_major` (n <= 1024): the plan's closure form into a dense
//!   row-major buffer (zeros included), every entry written from the pass;
//!   `analytic_dense_row_major`: the hand Jacobian into the same buffer.
//!
//! The `colouring` group: `Colouring::greedy` (best of the greedy orders) against
//! `Colouring::new` (greedy, then the saturation search and recolouring) on the 2-D
//! 5-point stencil of a 300 x 300 grid (greedy 7 colours, new 5), the 3-D 7-point stencil
//! of a 40³ grid (12 against 7) and a tridiagonal pattern of 10⁵ columns (3 for both).
//!
//! Run: `cargo bench --bench sparse` (add `-- --quick` for a rough pass).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use dualnum::sparse::{Colouring, Pattern, SparseJacobian, VectorFunction};
use dualnum::{ChunkedJacobian, Dual, MatrixSlice, Real};
use nalgebra::{Const, U1};
use num_dual::{DualNum, DualSVec64};
use std::hint::black_box;

struct Broyden(usize);

impl VectorFunction for Broyden {
    fn input_len(&self) -> usize {
        self.0
    }
    fn output_len(&self) -> usize {
        self.0
    }
    #[inline]
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        let n = self.0;
        let (one, three) = (S::one(), S::literal(3.0));
        for i in 0..n {
            let mut f = (three - x[i].mul_f64(2.0)) * x[i] + one;
            if i > 0 {
                f = f - x[i - 1];
            }
            if i + 1 < n {
                f = f - x[i + 1].mul_f64(2.0);
            }
            y[i] = f;
        }
    }
}

/// The same function for num-dual's number types.
#[inline]
fn broyden_num_dual<D: DualNum<Primitive = f64> + Copy>(x: &[D], y: &mut [D]) {
    let n = x.len();
    for i in 0..n {
        let mut f = (x[i] * -2.0 + 3.0) * x[i] + 1.0;
        if i > 0 {
            f -= x[i - 1];
        }
        if i + 1 < n {
            f -= x[i + 1] * 2.0;
        }
        y[i] = f;
    }
}

/// `F(x)` and the analytic Jacobian into CSC values (column `j`: rows `j-1, j, j+1`):
/// `∂F_(j-1)/∂x_j = -2`, `∂F_j/∂x_j = 3 - 4 x_j`, `∂F_(j+1)/∂x_j = -1`.
#[inline]
fn broyden_analytic(x: &[f64], values: &mut [f64], jac: &mut [f64]) {
    let n = x.len();
    let mut s = 0;
    for j in 0..n {
        let mut f = (3.0 - 2.0 * x[j]) * x[j] + 1.0;
        if j > 0 {
            f -= x[j - 1];
            jac[s] = -2.0;
            s += 1;
        }
        if j + 1 < n {
            f -= 2.0 * x[j + 1];
        }
        values[j] = f;
        jac[s] = 3.0 - 4.0 * x[j];
        s += 1;
        if j + 1 < n {
            jac[s] = -1.0;
            s += 1;
        }
    }
}

fn point(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| -1.0 + 0.5 * (i as f64 * 0.1).sin())
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("broyden_jacobian");
    for n in [64usize, 1024, 16384] {
        let f = Broyden(n);
        let x = point(n);
        let mut values = vec![0.0; n];

        let mut plan3 = SparseJacobian::<3>::new(&f, &x).unwrap();
        plan3.set_auto_verify(false);
        let mut jac = plan3.new_matrix();
        group.bench_with_input(BenchmarkId::new("sparse_K3", n), &n, |b, _| {
            b.iter(|| {
                plan3
                    .jacobian_into(&f, black_box(&x), &mut values, &mut jac)
                    .unwrap();
                black_box(&jac);
            })
        });

        // Without the output-pattern check of `jacobian_into`.
        let mut jac_values = vec![0.0; plan3.nnz()];
        group.bench_with_input(BenchmarkId::new("sparse_K3_values", n), &n, |b, _| {
            b.iter(|| {
                plan3
                    .jacobian_values_into(&f, black_box(&x), &mut values, &mut jac_values)
                    .unwrap();
                black_box(&jac_values);
            })
        });

        let mut plan8 = plan3.clone().with_width::<8>();
        plan8.set_auto_verify(false);
        group.bench_with_input(BenchmarkId::new("sparse_K8", n), &n, |b, _| {
            b.iter(|| {
                plan8
                    .jacobian_into(&f, black_box(&x), &mut values, &mut jac)
                    .unwrap();
                black_box(&jac);
            })
        });

        // Sanity: the analytic Jacobian writes the plan's layout.
        let mut analytic = vec![0.0; plan3.nnz()];
        broyden_analytic(&x, &mut values, &mut analytic);
        plan3.jacobian_into(&f, &x, &mut values, &mut jac).unwrap();
        assert!(
            jac.values()
                .iter()
                .zip(&analytic)
                .all(|(a, b)| (a - b).abs() <= 1e-12 * (1.0 + b.abs())),
            "analytic layout differs from the plan's"
        );
        group.bench_with_input(BenchmarkId::new("analytic", n), &n, |b, _| {
            b.iter(|| {
                broyden_analytic(black_box(&x), &mut values, &mut analytic);
                black_box(&analytic);
            })
        });

        if n <= 1024 {
            let mut dense = vec![0.0; n * n];
            group.bench_with_input(
                BenchmarkId::new("sparse_K3_dense_row_major", n),
                &n,
                |b, _| {
                    b.iter(|| {
                        let mut out = MatrixSlice::row_major(&mut dense, n, n).unwrap();
                        plan3
                            .jacobian_fn_dense_into(
                                |x: &[Dual<f64, 3>], y: &mut [Dual<f64, 3>]| f.eval(x, y),
                                black_box(&x),
                                Some(&mut values),
                                &mut out,
                            )
                            .unwrap();
                        black_box(&dense);
                    })
                },
            );
            group.bench_with_input(
                BenchmarkId::new("analytic_dense_row_major", n),
                &n,
                |b, _| {
                    b.iter(|| {
                        let x = black_box(&x);
                        dense.fill(0.0);
                        for i in 0..n {
                            let row = &mut dense[i * n..(i + 1) * n];
                            row[i] = 3.0 - 4.0 * x[i];
                            if i > 0 {
                                row[i - 1] = -1.0;
                            }
                            if i + 1 < n {
                                row[i + 1] = -2.0;
                            }
                        }
                        black_box(&dense);
                    })
                },
            );
        }

        if n >= 1024 {
            group.bench_with_input(BenchmarkId::new("plan_build", n), &n, |b, _| {
                b.iter(|| SparseJacobian::<3>::new(&f, black_box(&x)).unwrap())
            });
        }

        if n <= 1024 {
            let mut work = ChunkedJacobian::<8, f64>::new();
            let mut dense = vec![0.0; n * n];
            group.bench_with_input(BenchmarkId::new("dense_chunked_C8", n), &n, |b, _| {
                b.iter(|| {
                    work.jacobian_slice_into(
                        |x, y| f.eval(x, y),
                        black_box(&x),
                        &mut values,
                        &mut dense,
                    )
                    .unwrap();
                    black_box(&dense);
                })
            });
        }

        if n == 64 {
            let mut xs = vec![DualSVec64::<8>::from_re(0.0); n];
            let mut ys = vec![DualSVec64::<8>::from_re(0.0); n];
            let mut dense = vec![0.0; n * n];
            group.bench_with_input(BenchmarkId::new("num_dual_chunked_C8", n), &n, |b, _| {
                b.iter(|| {
                    let x = black_box(&x);
                    for start in (0..n).step_by(8) {
                        for (j, xj) in xs.iter_mut().enumerate() {
                            *xj = DualSVec64::from_re(x[j]);
                            if (start..start + 8).contains(&j) {
                                *xj = xj.derivative(j - start);
                            }
                        }
                        broyden_num_dual(&xs, &mut ys);
                        for (i, yi) in ys.iter().enumerate() {
                            if start == 0 {
                                values[i] = yi.re;
                            }
                            let eps = yi.eps.unwrap_generic(Const::<8>, U1);
                            for k in 0..8.min(n - start) {
                                dense[(start + k) * n + i] = eps[k];
                            }
                        }
                    }
                    black_box(&dense);
                })
            });
        }
    }
    group.finish();
}

/// The pattern of a stencil with the given offsets on a grid of the given sizes.
fn stencil(sizes: &[usize], offsets: &[&[isize]]) -> Pattern {
    let n: usize = sizes.iter().product();
    let rows: Vec<Vec<usize>> = (0..n)
        .map(|v| {
            let mut c = vec![0isize; sizes.len()];
            let mut rest = v;
            for a in (0..sizes.len()).rev() {
                c[a] = (rest % sizes[a]) as isize;
                rest /= sizes[a];
            }
            offsets
                .iter()
                .filter_map(|d| {
                    let mut u = 0usize;
                    for a in 0..sizes.len() {
                        let t = c[a] + d[a];
                        if t < 0 || t >= sizes[a] as isize {
                            return None;
                        }
                        u = u * sizes[a] + t as usize;
                    }
                    Some(u)
                })
                .collect()
        })
        .collect();
    Pattern::from_rows(n, &rows).unwrap()
}

fn colouring(c: &mut Criterion) {
    let mut group = c.benchmark_group("colouring");
    group.sample_size(10);
    let five: [&[isize]; 5] = [&[0, 0], &[1, 0], &[-1, 0], &[0, 1], &[0, -1]];
    let seven: [&[isize]; 7] = [
        &[0, 0, 0],
        &[1, 0, 0],
        &[-1, 0, 0],
        &[0, 1, 0],
        &[0, -1, 0],
        &[0, 0, 1],
        &[0, 0, -1],
    ];
    let cases = [
        ("5-point 300x300", stencil(&[300, 300], &five)),
        ("7-point 40^3", stencil(&[40, 40, 40], &seven)),
        ("tridiagonal 1e5", Pattern::banded(100_000, 1, 1)),
    ];
    for (name, p) in &cases {
        group.bench_function(BenchmarkId::new("greedy", name), |b| {
            b.iter(|| Colouring::greedy(black_box(p)))
        });
        group.bench_function(BenchmarkId::new("new", name), |b| {
            b.iter(|| Colouring::new(black_box(p)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench, colouring);
criterion_main!(benches);
