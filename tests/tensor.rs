//! The D x R x C tensor and the vectorization conventions: `Tensor3` (storage, slices,
//! `from_jacobian`, `to_jacobian`, `Display`), `Layout` (numerator, denominator), `VecOrder`
//! (row-major, column-major) and `reorder_jacobian`, with their panics.
//!
//! Oracles: the definitions of the layouts and orders written with my own index arithmetic
//! (never through the crate's conversion functions), coded Jacobians whose every entry names
//! its own position, bit-for-bit round trips, and the documented `Display` text.

use dualnum::tensor::{Layout, Tensor3, VecOrder, reorder_jacobian};
use nalgebra::{DMatrix, dmatrix};
use quickcheck::{Arbitrary, Gen, QuickCheck};

mod common;
use common::Rng;

const LAYOUTS: [Layout; 2] = [Layout::Numerator, Layout::Denominator];

const ORDERS: [VecOrder; 2] = [VecOrder::RowMajor, VecOrder::ColumnMajor];

// ----- layouts and vectorization orders --------------------------------------------------

#[test]
fn vec_order_positions_written_out_for_a_2x3_matrix() {
    // X = [[x1, x2, x3], [x4, x5, x6]]; entry (r, c) and its number in each order.
    let table = [
        ((0, 0), 0, 0),
        ((0, 1), 1, 2),
        ((0, 2), 2, 4),
        ((1, 0), 3, 1),
        ((1, 1), 4, 3),
        ((1, 2), 5, 5),
    ];
    for (entry, row_major, column_major) in table {
        assert_eq!(VecOrder::RowMajor.position(entry, (2, 3)), row_major);
        assert_eq!(VecOrder::ColumnMajor.position(entry, (2, 3)), column_major);
        assert_eq!(VecOrder::RowMajor.entry(row_major, (2, 3)), entry);
        assert_eq!(VecOrder::ColumnMajor.entry(column_major, (2, 3)), entry);
    }
}

#[test]
fn layout_shapes() {
    assert_eq!(Layout::Numerator.slice_shape((2, 3)), (3, 2));
    assert_eq!(Layout::Denominator.slice_shape((2, 3)), (2, 3));
    assert_eq!(Layout::Numerator.input_shape((3, 2)), (2, 3));
    assert_eq!(Layout::Numerator.input_entry((2, 1)), (1, 2));
    assert_eq!(Layout::Denominator.input_entry((2, 1)), (2, 1));
}

/// A code that names output `d` and input entry `X[r][c]`.
fn code(d: usize, r: usize, c: usize) -> f64 {
    (1000 * d + 100 * r + 10 * c + 1) as f64
}

/// The D x RC Jacobian whose entry for (output d, X[r][c]) is `code(d, r, c)`, with the
/// columns numbered in `order` by my own formula.
fn coded_jacobian(depth: usize, (rows, cols): (usize, usize), order: VecOrder) -> DMatrix<f64> {
    let mut j = DMatrix::zeros(depth, rows * cols);
    for d in 0..depth {
        for r in 0..rows {
            for c in 0..cols {
                let k = match order {
                    VecOrder::RowMajor => r * cols + c,
                    VecOrder::ColumnMajor => c * rows + r,
                };
                j[(d, k)] = code(d, r, c);
            }
        }
    }
    j
}

#[test]
fn tensor_entries_mean_what_the_notes_define() {
    let shapes = [(2, 3), (3, 1), (1, 4), (3, 2), (4, 4), (1, 1), (5, 2)];
    let orders = [VecOrder::RowMajor, VecOrder::ColumnMajor];
    for (depth, &(rows, cols)) in [1usize, 4, 2, 3, 1, 2, 3].iter().zip(&shapes) {
        for order in orders {
            let j = coded_jacobian(*depth, (rows, cols), order);
            // Numerator: T[d][i][j] = ∂y_d / ∂X[j][i], slices shaped like Xᵀ (C x R).
            let num = Tensor3::from_jacobian(&j, (rows, cols), order, Layout::Numerator);
            assert_eq!(num.shape(), (*depth, cols, rows));
            // Denominator: T[d][i][j] = ∂y_d / ∂X[i][j], slices shaped like X.
            let den = Tensor3::from_jacobian(&j, (rows, cols), order, Layout::Denominator);
            assert_eq!(den.shape(), (*depth, rows, cols));
            for d in 0..*depth {
                for r in 0..rows {
                    for c in 0..cols {
                        assert_eq!(num[(d, c, r)], code(d, r, c), "numerator {order:?}");
                        assert_eq!(den[(d, r, c)], code(d, r, c), "denominator {order:?}");
                        assert_eq!(num.slice(d)[(c, r)], code(d, r, c));
                        assert_eq!(den.slice(d)[(r, c)], code(d, r, c));
                    }
                }
            }
            // Back to every order, compared with my own construction.
            for to in orders {
                let expected = coded_jacobian(*depth, (rows, cols), to);
                assert_eq!(num.to_jacobian(Layout::Numerator, to), expected);
                assert_eq!(den.to_jacobian(Layout::Denominator, to), expected);
                assert_eq!(reorder_jacobian(&j, (rows, cols), order, to), expected);
            }
        }
    }
}

// ----- storage, views and display ---------------------------------------------------------

#[test]
fn tensor_storage_and_views() {
    let t = Tensor3::from_fn((2, 3, 4), |d, r, c| (100 * d + 10 * r + c) as f64);
    assert_eq!(t.shape(), (2, 3, 4));
    // slice after slice, each column-major
    assert_eq!(t.as_slice()[0..4], [0.0, 10.0, 20.0, 1.0]);
    assert_eq!(t.as_slice()[12], 100.0);
    assert_eq!(t.as_slice()[12 + 3 * 2 + 1], 112.0);
    assert_eq!(
        t.slice(1),
        dmatrix![100.0, 101.0, 102.0, 103.0; 110.0, 111.0, 112.0, 113.0; 120.0, 121.0, 122.0, 123.0]
    );
    let mut t = t;
    t[(1, 2, 3)] = -1.0;
    t.slice_mut(0)[(0, 0)] = -2.0;
    assert_eq!(t[(1, 2, 3)], -1.0);
    assert_eq!(t[(0, 0, 0)], -2.0);
    assert_eq!(t.clone().into_vec().len(), 24);
}

#[test]
fn tensor_display_prints_slices_one_after_another() {
    let t = Tensor3::from_slices(&[
        dmatrix![1.0, 2.0; 3.0, 4.0; 5.0, 6.0],
        dmatrix![
            0.5, -10.0;
            0.0, 7.0;
            8.0, 9.0
        ],
    ]);
    let expected = "2 x 3 x 2 tensor (depth x rows x cols)\n\
                    [0] ⎡   1   2 ⎤\n    \
                        ⎢   3   4 ⎥\n    \
                        ⎣   5   6 ⎦\n\
                    [1] ⎡ 0.5 -10 ⎤\n    \
                        ⎢   0   7 ⎥\n    \
                        ⎣   8   9 ⎦";
    assert_eq!(t.to_string(), expected);
    let one_row = Tensor3::from_slices(&[dmatrix![1.0, 2.0]]);
    assert_eq!(
        format!("{one_row:.2}"),
        "1 x 1 x 2 tensor (depth x rows x cols)\n[0] [ 1.00 2.00 ]"
    );
}

/// tensor.rs: `Tensor3` storage "Entry `(d, r, c)` is at `d·rows·cols + c·rows + r`";
/// `from_slices`: "No slices give a `0 x 0 x 0` tensor"; `Layout::input_shape`: "the inverse
/// of `Layout::slice_shape`; both are their own inverse"; `input_entry`: "`(j, i)` in
/// numerator layout, `(i, j)` in denominator layout"; the `Display` example, exactly.
#[test]
fn tensor_storage_layout_and_display_as_documented() {
    let (dd, rr, cc) = (3, 4, 5);
    let t = Tensor3::from_fn((dd, rr, cc), |d, r, c| (100 * d + 10 * r + c) as f64);
    for d in 0..dd {
        for r in 0..rr {
            for c in 0..cc {
                assert_eq!(
                    t.as_slice()[d * rr * cc + c * rr + r],
                    (100 * d + 10 * r + c) as f64
                );
            }
        }
    }
    assert_eq!(Tensor3::<f64>::from_slices(&[]).shape(), (0, 0, 0));
    for layout in [Layout::Numerator, Layout::Denominator] {
        for shape in [(2, 3), (4, 1), (5, 5)] {
            assert_eq!(layout.input_shape(layout.slice_shape(shape)), shape);
            assert_eq!(layout.slice_shape(layout.slice_shape(shape)), shape);
        }
    }
    assert_eq!(Layout::Numerator.slice_shape((2, 3)), (3, 2));
    assert_eq!(Layout::Denominator.slice_shape((2, 3)), (2, 3));
    assert_eq!(Layout::Numerator.input_entry((1, 0)), (0, 1));
    assert_eq!(Layout::Denominator.input_entry((1, 0)), (1, 0));
    let small = Tensor3::from_fn((2, 2, 1), |d, r, _| (2 * d + r + 1) as i32);
    assert_eq!(
        format!("{small}"),
        "2 x 2 x 1 tensor (depth x rows x cols)\n[0] ⎡ 1 ⎤\n    ⎣ 2 ⎦\n[1] ⎡ 3 ⎤\n    ⎣ 4 ⎦"
    );
}

#[test]
fn tensor_display_exact_text() {
    let t = Tensor3::from_fn((2, 2, 1), |d, r, _| (2 * d + r + 1) as f64);
    assert_eq!(
        t.to_string(),
        "2 x 2 x 1 tensor (depth x rows x cols)\n[0] ⎡ 1 ⎤\n    ⎣ 2 ⎦\n[1] ⎡ 3 ⎤\n    ⎣ 4 ⎦"
    );
    // Precision on every entry; widths aligned across the tensor; 3 rows use ⎢ ⎥.
    let t = Tensor3::from_fn((1, 3, 2), |_, r, c| {
        if (r, c) == (2, 1) {
            -12.5
        } else {
            (r * 2 + c) as f64
        }
    });
    assert_eq!(
        format!("{t:.1}"),
        "1 x 3 x 2 tensor (depth x rows x cols)\n\
         [0] ⎡   0.0   1.0 ⎤\n    \
             ⎢   2.0   3.0 ⎥\n    \
             ⎣   4.0 -12.5 ⎦"
    );
    // Labels of two digits widen the label column for every slice.
    let t = Tensor3::from_fn((11, 1, 1), |d, _, _| d as i32);
    let s = t.to_string();
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 12);
    assert_eq!(lines[1], "[0]  [  0 ]");
    assert_eq!(lines[11], "[10] [ 10 ]");
    // Empty tensors print their shape only.
    assert_eq!(
        Tensor3::<f64>::from_fn((0, 2, 3), |_, _, _| 0.0).to_string(),
        "0 x 2 x 3 tensor (depth x rows x cols)"
    );
    // NaN and infinities print like f64.
    let t = Tensor3::from_fn((1, 1, 3), |_, _, c| [f64::NAN, f64::INFINITY, -0.0][c]);
    assert_eq!(
        t.to_string(),
        "1 x 1 x 3 tensor (depth x rows x cols)\n[0] [ NaN inf  -0 ]"
    );
}

// ----- round trips and identities on random shapes -------------------------------------------

/// A derivative with respect to an R x C matrix with D outputs (R, C ≤ 5, D ≤ 6), as a
/// D x RC Jacobian of arbitrary floats (NaN and infinities included: every conversion is a
/// permutation, so they must survive bit for bit).
#[derive(Clone, Debug)]
struct Case {
    depth: usize,
    input_shape: (usize, usize),
    jacobian: DMatrix<f64>,
}

impl Arbitrary for Case {
    fn arbitrary(g: &mut Gen) -> Self {
        let depth = usize::from(u8::arbitrary(g) % 6) + 1;
        let rows = usize::from(u8::arbitrary(g) % 5) + 1;
        let cols = usize::from(u8::arbitrary(g) % 5) + 1;
        let jacobian = DMatrix::from_fn(depth, rows * cols, |_, _| f64::arbitrary(g));
        Case {
            depth,
            input_shape: (rows, cols),
            jacobian,
        }
    }
}

fn bits(m: &DMatrix<f64>) -> (usize, usize, Vec<u64>) {
    (
        m.nrows(),
        m.ncols(),
        m.iter().map(|x| x.to_bits()).collect(),
    )
}

fn tensor_bits(t: &Tensor3<f64>) -> ((usize, usize, usize), Vec<u64>) {
    (
        t.shape(),
        t.as_slice().iter().map(|x| x.to_bits()).collect(),
    )
}

fn quickcheck(prop: fn(Case) -> bool) {
    QuickCheck::new().tests(300).quickcheck(prop);
}

/// Jacobian -> tensor -> Jacobian is the identity, for every layout and order.
#[test]
fn jacobian_tensor_round_trip() {
    fn prop(case: Case) -> bool {
        LAYOUTS.iter().all(|&layout| {
            ORDERS.iter().all(|&order| {
                let t = Tensor3::from_jacobian(&case.jacobian, case.input_shape, order, layout);
                bits(&t.to_jacobian(layout, order)) == bits(&case.jacobian)
            })
        })
    }
    quickcheck(prop);
}

/// Tensor -> Jacobian -> tensor is the identity (the tensor read as numerator or
/// denominator, written in either order).
#[test]
fn tensor_jacobian_round_trip() {
    fn prop(case: Case) -> bool {
        let (r, c) = case.input_shape;
        let t = Tensor3::from_fn((case.depth, r, c), |d, i, j| case.jacobian[(d, j * r + i)]);
        LAYOUTS.iter().all(|&layout| {
            ORDERS.iter().all(|&order| {
                let j = t.to_jacobian(layout, order);
                let input_shape = layout.input_shape((r, c));
                let back = Tensor3::from_jacobian(&j, input_shape, order, layout);
                tensor_bits(&back) == tensor_bits(&t)
            })
        })
    }
    quickcheck(prop);
}

/// Reordering there and back is the identity, and reordering to the same order changes
/// nothing.
#[test]
fn reorder_round_trip() {
    fn prop(case: Case) -> bool {
        let s = case.input_shape;
        let j = &case.jacobian;
        ORDERS.iter().all(|&a| {
            ORDERS.iter().all(|&b| {
                let there = reorder_jacobian(j, s, a, b);
                let back = reorder_jacobian(&there, s, b, a);
                bits(&back) == bits(j) && (a != b || bits(&there) == bits(j))
            })
        })
    }
    quickcheck(prop);
}

/// The definitions, indexed by hand: with the Jacobian in row-major order (column r·C + c
/// is ∂y/∂X[r][c]), numerator T[d][i][j] = J[d][j·C + i] and denominator
/// T[d][i][j] = J[d][i·C + j]; in column-major order (column c·R + r) numerator
/// T[d][i][j] = J[d][i·R + j], denominator T[d][i][j] = J[d][j·R + i].
#[test]
fn tensor_entries_follow_the_definitions() {
    fn prop(case: Case) -> bool {
        let (rr, cc) = case.input_shape;
        let j = &case.jacobian;
        let nr = Tensor3::from_jacobian(j, (rr, cc), VecOrder::RowMajor, Layout::Numerator);
        let dr = Tensor3::from_jacobian(j, (rr, cc), VecOrder::RowMajor, Layout::Denominator);
        let nc = Tensor3::from_jacobian(j, (rr, cc), VecOrder::ColumnMajor, Layout::Numerator);
        let dc = Tensor3::from_jacobian(j, (rr, cc), VecOrder::ColumnMajor, Layout::Denominator);
        let same = |a: f64, b: f64| a.to_bits() == b.to_bits();
        nr.shape() == (case.depth, cc, rr)
            && dr.shape() == (case.depth, rr, cc)
            && (0..case.depth).all(|d| {
                (0..cc).all(|i| {
                    (0..rr).all(|k| {
                        same(nr[(d, i, k)], j[(d, k * cc + i)])
                            && same(nc[(d, i, k)], j[(d, i * rr + k)])
                    })
                }) && (0..rr).all(|i| {
                    (0..cc).all(|k| {
                        same(dr[(d, i, k)], j[(d, i * cc + k)])
                            && same(dc[(d, i, k)], j[(d, k * rr + i)])
                    })
                })
            })
    }
    quickcheck(prop);
}

/// Flattening the numerator tensor row-major gives the column-order vectorized Jacobian;
/// the denominator tensor is the numerator one with each slice transposed; reading a
/// Jacobian in one order is reading its reordering in the other.
#[test]
fn layout_and_order_identities() {
    fn prop(case: Case) -> bool {
        let s = case.input_shape;
        let j = &case.jacobian;
        let num = Tensor3::from_jacobian(j, s, VecOrder::ColumnMajor, Layout::Numerator);
        let den = Tensor3::from_jacobian(j, s, VecOrder::ColumnMajor, Layout::Denominator);
        let (depth, rows, cols) = num.shape();
        let mut flat = Vec::new();
        for d in 0..depth {
            for r in 0..rows {
                for c in 0..cols {
                    flat.push(num[(d, r, c)]);
                }
            }
        }
        let flat_matches = bits(&DMatrix::from_row_slice(depth, rows * cols, &flat)) == bits(j);
        let transposed = tensor_bits(&num.transpose_slices()) == tensor_bits(&den)
            && tensor_bits(&den.transpose_slices()) == tensor_bits(&num);
        let reordered = reorder_jacobian(j, s, VecOrder::ColumnMajor, VecOrder::RowMajor);
        let consistent = LAYOUTS.iter().all(|&layout| {
            tensor_bits(&Tensor3::from_jacobian(
                &reordered,
                s,
                VecOrder::RowMajor,
                layout,
            )) == tensor_bits(&Tensor3::from_jacobian(j, s, VecOrder::ColumnMajor, layout))
        });
        flat_matches && transposed && consistent
    }
    quickcheck(prop);
}

/// position and entry are inverse bijections between the entries and 0..RC.
#[test]
fn vec_order_is_a_bijection() {
    fn prop(case: Case) -> bool {
        let (rows, cols) = case.input_shape;
        ORDERS.iter().all(|&order| {
            let mut seen = vec![false; rows * cols];
            for r in 0..rows {
                for c in 0..cols {
                    let k = order.position((r, c), (rows, cols));
                    if k >= rows * cols || seen[k] || order.entry(k, (rows, cols)) != (r, c) {
                        return false;
                    }
                    seen[k] = true;
                }
            }
            true
        })
    }
    quickcheck(prop);
}

#[test]
fn tensor_round_trips_on_random_shapes_keep_every_bit() {
    let mut rng = Rng(10);
    let specials = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.0,
        5e-324,
        f64::MAX,
    ];
    for _ in 0..200 {
        let (depth, rows, cols) = (rng.below(5), rng.below(5), rng.below(5));
        let j = DMatrix::from_fn(depth, rows * cols, |_, _| {
            if rng.below(5) == 0 {
                specials[rng.below(specials.len())]
            } else {
                rng.range(-10.0, 10.0)
            }
        });
        let bits = |m: &DMatrix<f64>| m.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        for order in [VecOrder::RowMajor, VecOrder::ColumnMajor] {
            for layout in [Layout::Numerator, Layout::Denominator] {
                let t = Tensor3::from_jacobian(&j, (rows, cols), order, layout);
                let back = t.to_jacobian(layout, order);
                assert_eq!(back.shape(), j.shape());
                assert_eq!(bits(&back), bits(&j));
                // The other layout is every slice transposed.
                let other = match layout {
                    Layout::Numerator => Layout::Denominator,
                    Layout::Denominator => Layout::Numerator,
                };
                let t2 = Tensor3::from_jacobian(&j, (rows, cols), order, other);
                let tt = t.transpose_slices();
                assert_eq!(tt.shape(), t2.shape());
                assert_eq!(
                    tt.as_slice()
                        .iter()
                        .map(|v| v.to_bits())
                        .collect::<Vec<_>>(),
                    t2.as_slice()
                        .iter()
                        .map(|v| v.to_bits())
                        .collect::<Vec<_>>()
                );
            }
            let other = match order {
                VecOrder::RowMajor => VecOrder::ColumnMajor,
                VecOrder::ColumnMajor => VecOrder::RowMajor,
            };
            let there = reorder_jacobian(&j, (rows, cols), order, other);
            assert_eq!(
                bits(&reorder_jacobian(&there, (rows, cols), other, order)),
                bits(&j)
            );
        }
    }
}

// ----- panics on wrong shapes --------------------------------------------------------------

#[test]
#[should_panic(expected = "index (0, 3, 0) is out of bounds for shape 1 x 3 x 2")]
fn tensor_index_out_of_bounds_panics_clearly() {
    let t = Tensor3::from_fn((1, 3, 2), |_, _, _| 0.0);
    let _ = t[(0, 3, 0)];
}

#[test]
#[should_panic(expected = "slice 1 is 2 x 1, slice 0 is 1 x 2")]
fn tensor_from_slices_rejects_mixed_shapes() {
    let _ = Tensor3::from_slices(&[dmatrix![1.0, 2.0], dmatrix![1.0; 2.0]]);
}

#[test]
#[should_panic(expected = "it needs 6 columns")]
fn tensor_from_jacobian_rejects_a_wrong_width() {
    let j = DMatrix::<f64>::zeros(4, 5);
    let _ = Tensor3::from_jacobian(&j, (2, 3), VecOrder::RowMajor, Layout::Numerator);
}

#[test]
#[should_panic(expected = "it needs 6 columns")]
fn reorder_jacobian_wrong_width_panics_clearly() {
    let _ = reorder_jacobian(
        &DMatrix::<f64>::zeros(2, 5),
        (2, 3),
        VecOrder::RowMajor,
        VecOrder::ColumnMajor,
    );
}

#[test]
#[should_panic(expected = "it needs 4 columns")]
fn from_jacobian_wrong_width_panics_clearly() {
    let _ = Tensor3::from_jacobian(
        &DMatrix::<f64>::zeros(2, 6),
        (2, 2),
        VecOrder::RowMajor,
        Layout::Denominator,
    );
}

// ----- documented panics of the index helpers and slices ----------------------------------

/// `VecOrder::entry`: "# Panics If `k >= rows·cols`".
#[test]
#[should_panic(expected = "VecOrder::entry: position 6 is outside a 2 x 3 matrix")]
fn vec_order_entry_panics_past_the_end() {
    let _ = VecOrder::RowMajor.entry(6, (2, 3));
}

/// `VecOrder::position`: "# Panics If `(r, c)` is outside the shape".
#[test]
#[should_panic(expected = "VecOrder::position: entry (2, 0) is outside a 2 x 3 matrix")]
fn vec_order_position_panics_outside_the_shape() {
    let _ = VecOrder::ColumnMajor.position((2, 0), (2, 3));
}

/// `Tensor3::slice`: "# Panics If `d >= depth`".
#[test]
#[should_panic(expected = "Tensor3::slice: slice 2 is out of bounds for depth 2")]
fn tensor_slice_panics_past_the_depth() {
    let t = Tensor3::from_fn((2, 1, 1), |_, _, _| 0.0);
    let _ = t.slice(2);
}

/// `Tensor3::slice_mut`: "# Panics If `d >= depth`".
#[test]
#[should_panic(expected = "Tensor3::slice_mut: slice 0 is out of bounds for depth 0")]
fn tensor_slice_mut_panics_past_the_depth() {
    let mut t = Tensor3::<f64>::from_slices(&[]);
    let _ = t.slice_mut(0);
}
