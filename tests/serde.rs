//! Serialization (feature `serde`): the documented format of every type, round trips
//! through JSON and CBOR (`Dual`, `Dual2`, `Taylor` of `f64`, `f32` and nested duals,
//! widths above serde's 32, `Tensor3`, `Pattern`, `ColumnOrder`, `Colouring`,
//! `SparseJacobian`), NaN and infinities, and an error naming the sizes for each kind of
//! malformed input.
//!
//! Oracles: the JSON text written out by hand from the format stated in
//! `src/interop/serde.rs` (both ways: what is written, and what a hand-written text reads
//! as); the original values, compared component by component (bitwise for NaN); the
//! hand-derived Jacobian of a tridiagonal function for a reloaded sparse plan.

#![cfg(feature = "serde")]

use dualnum::sparse::{Colouring, ColumnOrder, Pattern, SparseJacobian, VectorFunction};
use dualnum::tensor::Tensor3;
use dualnum::{Dual, Dual2, Real, Taylor};
use nalgebra::DMatrix;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("every value serializes")
}

fn from_json<T: DeserializeOwned>(text: &str) -> T {
    match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("{text} did not read back: {e}"),
    }
}

/// JSON, then back.
fn json_round_trip<T: Serialize + DeserializeOwned>(value: &T) -> T {
    from_json(&to_json(value))
}

/// CBOR, then back.
fn cbor_round_trip<T: Serialize + DeserializeOwned>(value: &T) -> T {
    let mut bytes = Vec::new();
    ciborium::into_writer(value, &mut bytes).expect("every value serializes");
    ciborium::from_reader(bytes.as_slice()).expect("CBOR reads back")
}

/// The error reading `text` as a `T`; fails the test if it reads.
fn json_error<T: DeserializeOwned>(text: &str) -> String {
    match serde_json::from_str::<T>(text) {
        Ok(_) => panic!("{text} was accepted"),
        Err(e) => e.to_string(),
    }
}

fn assert_error_mentions<T: DeserializeOwned>(text: &str, wanted: &str) {
    let message = json_error::<T>(text);
    assert!(
        message.contains(wanted),
        "reading {text}: error {message:?} does not say {wanted:?}"
    );
}

// ------------------------------------------------------------------------------------
// The number types: format and round trips.

#[test]
fn dual_is_written_as_re_and_eps() {
    let x = Dual::<f64, 2>::new(1.5, [2.0, -1.0]);
    assert_eq!(to_json(&x), r#"{"re":1.5,"eps":[2.0,-1.0]}"#);
    let y: Dual<f64, 2> = from_json(r#"{ "eps": [2.0, -1.0], "re": 1.5 }"#);
    assert!(y.identical(&x));
}

#[test]
fn dual_reads_the_field_less_sequence_form() {
    // Formats without field names (bincode, postcard) store [re, eps]; JSON arrays take
    // the same path.
    let y: Dual<f64, 2> = from_json("[1.5, [2.0, -1.0]]");
    assert!(y.identical(&Dual::new(1.5, [2.0, -1.0])));
    let t: Taylor<f64, 1> = from_json("[3.0, [4.0]]");
    assert!(t.identical(&Taylor::new(3.0, [4.0])));
    let h: Dual2<f64, 1, 1> = from_json("[1.0, [2.0], [3.0]]");
    assert!(h.identical(&Dual2::new(1.0, [2.0], [3.0])));
}

#[test]
fn dual_round_trips_f64_and_f32() {
    let x = Dual::<f64, 3>::new(0.1, [1.0 / 3.0, -2.5e-300, 6.02e23]);
    assert!(json_round_trip(&x).identical(&x));
    assert!(cbor_round_trip(&x).identical(&x));
    let y = Dual::<f32, 2>::new(0.1, [1.0 / 3.0, -7.25e-30]);
    assert!(json_round_trip(&y).identical(&y));
    assert!(cbor_round_trip(&y).identical(&y));
    let z = Dual::<f64, 0>::new(4.0, []);
    assert_eq!(to_json(&z), r#"{"re":4.0,"eps":[]}"#);
    assert!(json_round_trip(&z).identical(&z));
}

#[test]
fn dual_wider_than_serdes_arrays_round_trips() {
    // serde's own [T; N] impls stop at N = 32.
    let mut eps = [0.0; 40];
    for (i, e) in eps.iter_mut().enumerate() {
        *e = i as f64 * 0.25 - 3.0;
    }
    let x = Dual::<f64, 40>::new(-1.0, eps);
    assert!(json_round_trip(&x).identical(&x));
    assert!(cbor_round_trip(&x).identical(&x));
}

#[test]
fn nested_dual_nests_its_json() {
    let inner = |re: f64, a: f64, b: f64| Dual::<f64, 2>::new(re, [a, b]);
    let x = Dual::<Dual<f64, 2>, 3>::new(
        inner(1.0, 2.0, 3.0),
        [
            inner(4.0, 5.0, 6.0),
            inner(7.0, 8.0, 9.0),
            inner(-1.0, -2.0, -3.0),
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&to_json(&x)).unwrap();
    assert_eq!(
        json["re"],
        serde_json::json!({"re": 1.0, "eps": [2.0, 3.0]})
    );
    assert_eq!(json["eps"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        json["eps"][2],
        serde_json::json!({"re": -1.0, "eps": [-2.0, -3.0]})
    );
    let back: Dual<Dual<f64, 2>, 3> = json_round_trip(&x);
    assert!(back.re.identical(&x.re));
    for k in 0..3 {
        assert!(back.eps[k].identical(&x.eps[k]));
    }
    let back = cbor_round_trip(&x);
    assert!(back.re.identical(&x.re) && (0..3).all(|k| back.eps[k].identical(&x.eps[k])));
}

#[test]
fn dual2_is_written_as_re_grad_and_packed_hess() {
    // f = x² y at (3, 2): ∇f = (2xy, x²) = (12, 9), H = [[2y, 2x], [2x, 0]] = [[4, 6], [6, 0]].
    let [x, y] = Dual2::<f64, 2, 3>::variables([3.0, 2.0]);
    let f = x * x * y;
    assert_eq!(
        to_json(&f),
        r#"{"re":18.0,"grad":[12.0,9.0],"hess":[4.0,6.0,0.0]}"#
    );
    let back: Dual2<f64, 2, 3> = from_json(r#"{"re":18.0,"grad":[12.0,9.0],"hess":[4.0,6.0,0.0]}"#);
    assert!(back.identical(&f));
    let g = Dual2::<f32, 3, 6>::new(0.1, [1.0, 2.0, 3.0], [0.5, -1.0, 2.0, 1e-20, 3.0, 7.0]);
    assert!(json_round_trip(&g).identical(&g));
    assert!(cbor_round_trip(&g).identical(&g));
}

#[test]
fn taylor_is_written_as_re_and_c() {
    // exp(x) at 0: c_k = 1/k!.
    let t = Taylor::<f64, 2>::new(1.0, [1.0, 0.5]);
    assert_eq!(to_json(&t), r#"{"re":1.0,"c":[1.0,0.5]}"#);
    let back: Taylor<f64, 2> = from_json(r#"{"c":[1.0,0.5],"re":1.0}"#);
    assert!(back.identical(&t));
    let t = Taylor::<f64, 5>::variable(0.3).sin();
    assert!(json_round_trip(&t).identical(&t));
    assert!(cbor_round_trip(&t).identical(&t));
    let plain = Taylor::<f32, 0>::new(2.5, []);
    assert!(json_round_trip(&plain).identical(&plain));
    let nested = Taylor::<Dual<f64, 1>, 2>::new(
        Dual::new(1.0, [2.0]),
        [Dual::new(3.0, [4.0]), Dual::new(5.0, [6.0])],
    );
    let back = json_round_trip(&nested);
    assert!(back.re.identical(&nested.re));
    assert!((0..2).all(|k| back.c[k].identical(&nested.c[k])));
}

// ------------------------------------------------------------------------------------
// NaN and infinities.

#[test]
fn json_writes_null_for_nan_and_infinity_and_refuses_to_read_it_back() {
    let x = Dual::<f64, 2>::new(f64::NAN, [f64::INFINITY, f64::NEG_INFINITY]);
    assert_eq!(to_json(&x), r#"{"re":null,"eps":[null,null]}"#);
    let message = json_error::<Dual<f64, 2>>(&to_json(&x));
    assert!(message.contains("null"), "{message}");
}

#[test]
fn cbor_round_trips_nan_and_infinities_bitwise() {
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    let x = Dual::<f64, 3>::new(f64::NAN, [f64::INFINITY, f64::NEG_INFINITY, -0.0]);
    let back = cbor_round_trip(&x);
    assert_eq!(bits(&[back.re]), bits(&[x.re]));
    assert_eq!(bits(&back.eps), bits(&x.eps));
    let h = Dual2::<f64, 1, 1>::new(f64::INFINITY, [f64::NAN], [f64::NEG_INFINITY]);
    let back = cbor_round_trip(&h);
    assert_eq!(
        bits(&[back.re, back.grad[0], back.hess[0]]),
        bits(&[h.re, h.grad[0], h.hess[0]])
    );
    let t = Taylor::<f32, 2>::new(f32::NAN, [f32::INFINITY, 1.0]);
    let back = cbor_round_trip(&t);
    assert!(back.re.is_nan() && back.c[0] == f32::INFINITY && back.c[1] == 1.0);
}

// ------------------------------------------------------------------------------------
// Tensor3.

#[test]
fn tensor_is_written_as_shape_and_column_major_slices() {
    // 1 x 2 x 2 with entries 10 r + c: storage column-major, (0,0), (1,0), (0,1), (1,1).
    let t = Tensor3::from_fn((1, 2, 2), |_, r, c| (10 * r + c) as f64);
    assert_eq!(
        to_json(&t),
        r#"{"shape":[1,2,2],"data":[0.0,10.0,1.0,11.0]}"#
    );
    let back: Tensor3<f64> = from_json(r#"{"shape":[1,2,2],"data":[0.0,10.0,1.0,11.0]}"#);
    assert_eq!(back, t);
    assert_eq!(back[(0, 1, 0)], 10.0);
}

#[test]
fn tensor_round_trips() {
    let t = Tensor3::from_fn((2, 3, 4), |d, r, c| {
        100.0 * d as f64 + 10.0 * r as f64 - c as f64 / 3.0
    });
    let back = json_round_trip(&t);
    assert_eq!(back.shape(), (2, 3, 4));
    for d in 0..2 {
        for r in 0..3 {
            for c in 0..4 {
                assert_eq!(back[(d, r, c)], t[(d, r, c)]);
            }
        }
    }
    assert_eq!(cbor_round_trip(&t), t);
    let empty = Tensor3::<f32>::from_fn((0, 2, 5), |_, _, _| 1.0);
    assert_eq!(json_round_trip(&empty).shape(), (0, 2, 5));
    // An empty tensor with a huge extent reads at once (nothing is visited per extent).
    let huge = usize::MAX;
    let thin: Tensor3<f64> = from_json(&format!(r#"{{"shape":[1,0,{huge}],"data":[]}}"#));
    assert_eq!(thin.shape(), (1, 0, huge));
    let duals = Tensor3::from_fn((1, 1, 2), |_, _, c| Dual::<f64, 1>::new(c as f64, [1.0]));
    let back: Tensor3<Dual<f64, 1>> = json_round_trip(&duals);
    assert!(back[(0, 0, 1)].identical(&Dual::new(1.0, [1.0])));
}

// ------------------------------------------------------------------------------------
// Pattern, ColumnOrder, Colouring.

#[test]
fn pattern_is_written_as_its_sorted_rows() {
    let p = Pattern::from_rows(3, &[vec![1, 0], vec![2, 1, 1], vec![]]).unwrap();
    let text = r#"{"nrows":3,"ncols":3,"rows":[[0,1],[1,2],[]]}"#;
    assert_eq!(to_json(&p), text);
    assert_eq!(from_json::<Pattern>(text), p);
    let band = Pattern::banded(50, 2, 1);
    assert_eq!(json_round_trip(&band), band);
    assert_eq!(cbor_round_trip(&band), band);
    let wide = Pattern::from_rows(0, &[] as &[Vec<usize>]).unwrap();
    assert_eq!(json_round_trip(&wide), wide);
}

#[test]
fn column_orders_are_written_by_name() {
    let names = [
        "Natural",
        "LargestFirst",
        "SmallestLast",
        "IncidenceDegree",
        "Saturation",
    ];
    let orders = [
        ColumnOrder::Natural,
        ColumnOrder::LargestFirst,
        ColumnOrder::SmallestLast,
        ColumnOrder::IncidenceDegree,
        ColumnOrder::Saturation,
    ];
    for (order, name) in orders.into_iter().zip(names) {
        assert_eq!(to_json(&order), format!("\"{name}\""));
        assert_eq!(from_json::<ColumnOrder>(&format!("\"{name}\"")), order);
        assert_eq!(cbor_round_trip(&order), order);
    }
    for order in ColumnOrder::ALL {
        assert_eq!(json_round_trip(&order), order);
    }
}

#[test]
fn colouring_round_trips_with_its_order() {
    let p = Pattern::banded(12, 1, 2);
    for order in ColumnOrder::ALL {
        let c = Colouring::greedy_with(&p, order);
        let back = json_round_trip(&c);
        assert_eq!(back, c);
        assert_eq!(back.order(), Some(order));
        assert_eq!(back.count(), c.count());
        assert_eq!(cbor_round_trip(&c), c);
    }
    let hand = Colouring::from_colours(&Pattern::banded(3, 1, 0), vec![0, 1, 0]).unwrap();
    let text = r#"{"colours":[0,1,0],"order":null}"#;
    assert_eq!(to_json(&hand), text);
    assert_eq!(from_json::<Colouring>(text), hand);
    // `order` may be left out: a colouring given by hand.
    assert_eq!(from_json::<Colouring>(r#"{"colours":[0,1,0]}"#), hand);
    let natural: Colouring = from_json(r#"{"colours":[0,1,2,0],"order":"Natural"}"#);
    assert_eq!(natural.order(), Some(ColumnOrder::Natural));
    assert_eq!(natural.count(), 3);
}

// ------------------------------------------------------------------------------------
// A sparse plan saved and reloaded.

/// `y_i = x_i² x_{i+1} + sin(x_{i-1})` (terms with an index outside `0..n` dropped).
struct Tridiagonal(usize);

impl VectorFunction for Tridiagonal {
    fn input_len(&self) -> usize {
        self.0
    }
    fn output_len(&self) -> usize {
        self.0
    }
    fn eval<S: Real>(&self, x: &[S], y: &mut [S]) {
        for i in 0..self.0 {
            y[i] = x[i] * x[i];
            if i + 1 < self.0 {
                y[i] = y[i] * x[i + 1];
            }
            if i > 0 {
                y[i] = y[i] + x[i - 1].sin();
            }
        }
    }
}

/// The hand Jacobian: `∂y_i/∂x_i = 2 x_i x_{i+1}` (`2 x_i` for the last row),
/// `∂y_i/∂x_{i+1} = x_i²`, `∂y_i/∂x_{i-1} = cos x_{i-1}`.
fn tridiagonal_jacobian(x: &[f64]) -> DMatrix<f64> {
    let n = x.len();
    let mut j = DMatrix::zeros(n, n);
    for i in 0..n {
        j[(i, i)] = if i + 1 < n {
            2.0 * x[i] * x[i + 1]
        } else {
            2.0 * x[i]
        };
        if i + 1 < n {
            j[(i, i + 1)] = x[i] * x[i];
        }
        if i > 0 {
            j[(i, i - 1)] = x[i - 1].cos();
        }
    }
    j
}

fn assert_close(a: &DMatrix<f64>, b: &DMatrix<f64>) {
    assert_eq!(a.shape(), b.shape());
    for (x, y) in a.iter().zip(b.iter()) {
        assert!(
            (x - y).abs() <= 1e-14 * (1.0 + y.abs()),
            "{x} differs from {y}\n{a}\n{b}"
        );
    }
}

#[test]
fn a_reloaded_sparse_plan_gives_the_hand_jacobian() {
    let f = Tridiagonal(9);
    let x0: Vec<f64> = (0..9).map(|i| 0.5 + 0.1 * i as f64).collect();
    let mut plan = SparseJacobian::<2>::new(&f, &x0).unwrap();
    let saved = to_json(&plan);
    let json: serde_json::Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(json["pattern"]["nrows"], 9);
    assert_eq!(json["pattern"]["rows"][0], serde_json::json!([0, 1]));
    assert_eq!(json["pattern"]["rows"][4], serde_json::json!([3, 4, 5]));
    assert_eq!(
        json["colouring"]["colours"].as_array().map(Vec::len),
        Some(9)
    );

    let x: Vec<f64> = (0..9).map(|i| (i as f64 * 0.7).sin() - 0.2).collect();
    let hand = tridiagonal_jacobian(&x);
    let original = plan.jacobian_dense(&f, &x).unwrap();
    assert_close(&original, &hand);

    let mut same: SparseJacobian<2> = from_json(&saved);
    assert_eq!(same.pattern(), plan.pattern());
    assert_eq!(same.colouring(), plan.colouring());
    assert_eq!(same.passes(), plan.passes());
    assert_close(&same.jacobian_dense(&f, &x).unwrap(), &hand);
    // The width is not part of the plan: reload at another one.
    let mut wider: SparseJacobian<4> = from_json(&saved);
    assert_eq!(wider.passes(), 1);
    assert_close(&wider.jacobian_dense(&f, &x).unwrap(), &hand);
    let mut from_cbor = cbor_round_trip(&plan);
    assert_close(&from_cbor.jacobian_dense(&f, &x).unwrap(), &hand);
}

// ------------------------------------------------------------------------------------
// Malformed input: an error naming the sizes, never a panic.

#[test]
fn a_wrong_tangent_length_names_both_lengths() {
    assert_error_mentions::<Dual<f64, 3>>(
        r#"{"re":1.0,"eps":[1.0,2.0]}"#,
        "expected 3 tangent components, found 2",
    );
    assert_error_mentions::<Dual<f64, 3>>(
        r#"{"re":1.0,"eps":[1.0,2.0,3.0,4.0,5.0]}"#,
        "expected 3 tangent components, found 5",
    );
    assert_error_mentions::<Dual<f64, 40>>(
        r#"{"re":1.0,"eps":[]}"#,
        "expected 40 tangent components, found 0",
    );
    assert_error_mentions::<Dual<f64, 1>>(
        "[1.0, [1.0, 2.0]]",
        "expected 1 tangent components, found 2",
    );
    // The inner dual of a nested one is checked too.
    assert_error_mentions::<Dual<Dual<f64, 2>, 1>>(
        r#"{"re":{"re":1.0,"eps":[1.0]},"eps":[{"re":1.0,"eps":[1.0,2.0]}]}"#,
        "expected 2 tangent components, found 1",
    );
}

#[test]
fn a_wrong_dual2_length_names_both_lengths() {
    assert_error_mentions::<Dual2<f64, 2, 3>>(
        r#"{"re":1.0,"grad":[1.0,2.0],"hess":[1.0,2.0,3.0,4.0]}"#,
        "expected 3 packed Hessian entries (P = N(N+1)/2), found 4",
    );
    assert_error_mentions::<Dual2<f64, 3, 6>>(
        r#"{"re":1.0,"grad":[1.0,2.0,3.0],"hess":[1.0,2.0,3.0]}"#,
        "expected 6 packed Hessian entries (P = N(N+1)/2), found 3",
    );
    assert_error_mentions::<Dual2<f64, 2, 3>>(
        r#"{"re":1.0,"grad":[1.0],"hess":[1.0,2.0,3.0]}"#,
        "expected 2 gradient components, found 1",
    );
}

#[test]
fn a_wrong_taylor_length_names_both_lengths() {
    assert_error_mentions::<Taylor<f64, 3>>(
        r#"{"re":1.0,"c":[1.0]}"#,
        "expected 3 higher Taylor coefficients, found 1",
    );
}

#[test]
fn missing_repeated_unknown_and_mistyped_fields_are_errors() {
    assert_error_mentions::<Dual<f64, 1>>(r#"{"re":1.0}"#, "missing field `eps`");
    assert_error_mentions::<Dual<f64, 1>>(
        r#"{"re":1.0,"eps":[1.0],"re":2.0}"#,
        "duplicate field `re`",
    );
    assert_error_mentions::<Dual<f64, 1>>(
        r#"{"re":1.0,"eps":[1.0],"grad":[1.0]}"#,
        "unknown field `grad`",
    );
    assert_error_mentions::<Dual<f64, 1>>(
        r#"{"re":1.0,"eps":1.0}"#,
        "an array of 1 tangent components",
    );
    assert_error_mentions::<Dual<f64, 2>>("[1.0]", "invalid length 1");
    assert_error_mentions::<Dual2<f64, 1, 1>>(r#"{"re":1.0,"grad":[1.0]}"#, "missing field `hess`");
    assert_error_mentions::<Taylor<f64, 1>>(r#"{"c":[1.0]}"#, "missing field `re`");
    assert_error_mentions::<ColumnOrder>(r#""Random""#, "unknown variant `Random`");
    assert_error_mentions::<Colouring>(r#"{"order":null}"#, "missing field `colours`");
    assert_error_mentions::<SparseJacobian<2>>(
        r#"{"pattern":{"nrows":0,"ncols":0,"rows":[]}}"#,
        "missing field `colouring`",
    );
}

#[test]
fn a_tensor_whose_data_does_not_fill_its_shape_names_both() {
    assert_error_mentions::<Tensor3<f64>>(
        r#"{"shape":[2,3,4],"data":[1.0,2.0]}"#,
        "a 2 x 3 x 4 tensor holds 24 entries, found 2 data entries",
    );
    assert_error_mentions::<Tensor3<f64>>(
        r#"{"shape":[1,1,1],"data":[]}"#,
        "a 1 x 1 x 1 tensor holds 1 entries, found 0 data entries",
    );
    assert_error_mentions::<Tensor3<f64>>(
        r#"{"shape":[2,3],"data":[]}"#,
        "expected 3 extents in the shape [depth, rows, cols], found 2",
    );
    let huge = usize::MAX;
    assert_error_mentions::<Tensor3<f64>>(
        &format!(r#"{{"shape":[{huge},{huge},2],"data":[1.0]}}"#),
        "more entries than a usize counts, found 1 data entries",
    );
}

#[test]
fn a_malformed_pattern_is_refused_with_its_shape() {
    assert_error_mentions::<Pattern>(
        r#"{"nrows":2,"ncols":3,"rows":[[0,1],[1,3]]}"#,
        "pattern entry (1, 3) is outside a 2 x 3 matrix",
    );
    assert_error_mentions::<Pattern>(
        r#"{"nrows":2,"ncols":3,"rows":[[0,1],[2,1]]}"#,
        "pattern row 1 is not in increasing order: column 2 before column 1",
    );
    assert_error_mentions::<Pattern>(
        r#"{"nrows":2,"ncols":3,"rows":[[0,0],[1]]}"#,
        "pattern row 0 lists column 0 twice",
    );
    assert_error_mentions::<Pattern>(
        r#"{"nrows":3,"ncols":3,"rows":[[0],[1]]}"#,
        "a pattern with 3 rows lists 2 rows",
    );
    assert_error_mentions::<Pattern>(
        r#"{"nrows":1,"ncols":3,"rows":[[-1]]}"#,
        "invalid value: integer `-1`",
    );
}

#[test]
fn a_colouring_invalid_for_its_pattern_is_refused() {
    // A colour that cannot be: 3 columns have colours 0..3.
    assert_error_mentions::<Colouring>(
        r#"{"colours":[0,3,1],"order":null}"#,
        "colour 3 is not below the number of columns",
    );
    // A plan whose colouring merges two columns of one row.
    let pattern = r#"{"nrows":2,"ncols":3,"rows":[[0,1],[1,2]]}"#;
    assert_error_mentions::<SparseJacobian<2>>(
        &format!(r#"{{"pattern":{pattern},"colouring":{{"colours":[0,0,1],"order":null}}}}"#),
        "columns 0 and 1 share row 0 and both have colour 0",
    );
    // A plan whose colouring has another number of columns than its pattern.
    assert_error_mentions::<SparseJacobian<2>>(
        &format!(r#"{{"pattern":{pattern},"colouring":{{"colours":[0,1],"order":null}}}}"#),
        "2 colours for 3 columns",
    );
    // The same plan with a valid colouring reads.
    let plan: SparseJacobian<2> = from_json(&format!(
        r#"{{"pattern":{pattern},"colouring":{{"colours":[0,1,0],"order":null}}}}"#
    ));
    assert_eq!(plan.colours(), 2);
    assert_eq!(plan.passes(), 1);
}
