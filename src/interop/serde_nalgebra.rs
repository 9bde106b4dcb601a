//! `Serialize` and `Deserialize` (feature `serde`) for the nalgebra-backed types: the tensor
//! and the sparse plans (pattern, column order, colouring, `SparseJacobian`). The formats and
//! the checks on reading are listed in `serde.rs`, beside the number types' impls and the
//! shared pieces used here.

use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::serde::{ArraySeed, Name, Tuple, element, required, set};
use crate::sparse::{Colouring, ColumnOrder, Pattern, SparseJacobian};
use crate::tensor::Tensor3;

// ---------------------------------------------------------------------------------------
// Tensor3<T>: {"shape", "data"}.

const TENSOR_FIELDS: &[&str] = &["shape", "data"];
const SHAPE: &str = "extents in the shape [depth, rows, cols]";

impl<T: Serialize> Serialize for Tensor3<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (depth, rows, cols) = self.shape();
        let mut s = serializer.serialize_struct("Tensor3", 2)?;
        s.serialize_field("shape", &Tuple(&[depth, rows, cols]))?;
        s.serialize_field("data", self.as_slice())?;
        s.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Tensor3<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("Tensor3", TENSOR_FIELDS, TensorVisitor(PhantomData))
    }
}

/// The tensor of the given shape whose storage ([`Tensor3::as_slice`]) is `data`.
fn tensor_from_parts<T, E: de::Error>(
    [depth, rows, cols]: [usize; 3],
    data: Vec<T>,
) -> Result<Tensor3<T>, E> {
    let len = depth.checked_mul(rows).and_then(|n| n.checked_mul(cols));
    if len != Some(data.len()) {
        return Err(E::custom(format_args!(
            "a {depth} x {rows} x {cols} tensor holds {}, found {} data entries",
            match len {
                Some(len) => format!("{len} entries"),
                None => "more entries than a usize counts".into(),
            },
            data.len()
        )));
    }
    Ok(Tensor3::from_storage((depth, rows, cols), data))
}

struct TensorVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for TensorVisitor<T> {
    type Value = Tensor3<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Tensor3 (shape and data)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut shape, mut data) = (None, None);
        while let Some(field) = map.next_key_seed(Name::field(TENSOR_FIELDS))? {
            match field {
                0 => set(
                    &mut shape,
                    map.next_value_seed(ArraySeed::new(SHAPE))?,
                    "shape",
                )?,
                _ => set(&mut data, map.next_value()?, "data")?,
            }
        }
        tensor_from_parts(required(shape, "shape")?, required(data, "data")?)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let shape = element(seq.next_element_seed(ArraySeed::new(SHAPE))?, 0, &self)?;
        let data = element(seq.next_element()?, 1, &self)?;
        tensor_from_parts(shape, data)
    }
}

// ---------------------------------------------------------------------------------------
// Pattern: {"nrows", "ncols", "rows"}.

const PATTERN_FIELDS: &[&str] = &["nrows", "ncols", "rows"];

/// The rows of a pattern, each a list of columns.
struct Rows<'a>(&'a Pattern);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.nrows()))?;
        for i in 0..self.0.nrows() {
            seq.serialize_element(self.0.row(i))?;
        }
        seq.end()
    }
}

impl Serialize for Pattern {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Pattern", 3)?;
        s.serialize_field("nrows", &self.nrows())?;
        s.serialize_field("ncols", &self.ncols())?;
        s.serialize_field("rows", &Rows(self))?;
        s.end()
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("Pattern", PATTERN_FIELDS, PatternVisitor)
    }
}

/// The pattern with these rows. The saved form is the canonical one (each row strictly
/// increasing), so a row out of order or with a repeated column is refused rather than
/// silently merged; the bounds are [`Pattern::from_rows`]'s.
fn pattern_from_parts<E: de::Error>(
    nrows: usize,
    ncols: usize,
    rows: Vec<Vec<usize>>,
) -> Result<Pattern, E> {
    if rows.len() != nrows {
        return Err(E::custom(format_args!(
            "a pattern with {nrows} rows lists {} rows",
            rows.len()
        )));
    }
    for (i, row) in rows.iter().enumerate() {
        if let Some(w) = row.windows(2).find(|w| w[0] >= w[1]) {
            return Err(if w[0] == w[1] {
                E::custom(format_args!("pattern row {i} lists column {} twice", w[0]))
            } else {
                E::custom(format_args!(
                    "pattern row {i} is not in increasing order: column {} before column {}",
                    w[0], w[1]
                ))
            });
        }
    }
    Pattern::from_rows(ncols, &rows).map_err(E::custom)
}

struct PatternVisitor;

impl<'de> Visitor<'de> for PatternVisitor {
    type Value = Pattern;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sparsity Pattern (nrows, ncols and the columns of each row)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut nrows, mut ncols, mut rows) = (None, None, None);
        while let Some(field) = map.next_key_seed(Name::field(PATTERN_FIELDS))? {
            match field {
                0 => set(&mut nrows, map.next_value()?, "nrows")?,
                1 => set(&mut ncols, map.next_value()?, "ncols")?,
                _ => set(&mut rows, map.next_value()?, "rows")?,
            }
        }
        pattern_from_parts(
            required(nrows, "nrows")?,
            required(ncols, "ncols")?,
            required(rows, "rows")?,
        )
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let nrows = element(seq.next_element()?, 0, &self)?;
        let ncols = element(seq.next_element()?, 1, &self)?;
        let rows = element(seq.next_element()?, 2, &self)?;
        pattern_from_parts(nrows, ncols, rows)
    }
}

// ---------------------------------------------------------------------------------------
// ColumnOrder: a unit variant, by name.

/// Every column order, and its name at the same index.
const ORDERS: [ColumnOrder; 5] = [
    ColumnOrder::Natural,
    ColumnOrder::LargestFirst,
    ColumnOrder::SmallestLast,
    ColumnOrder::IncidenceDegree,
    ColumnOrder::Saturation,
];
const ORDER_NAMES: &[&str] = &[
    "Natural",
    "LargestFirst",
    "SmallestLast",
    "IncidenceDegree",
    "Saturation",
];

impl Serialize for ColumnOrder {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let index = ORDERS
            .iter()
            .position(|o| o == self)
            .expect("ORDERS lists every column order");
        serializer.serialize_unit_variant("ColumnOrder", index as u32, ORDER_NAMES[index])
    }
}

impl<'de> Deserialize<'de> for ColumnOrder {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_enum("ColumnOrder", ORDER_NAMES, OrderVisitor)
    }
}

struct OrderVisitor;

impl<'de> Visitor<'de> for OrderVisitor {
    type Value = ColumnOrder;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a ColumnOrder, one of {ORDER_NAMES:?}")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let (index, variant) = data.variant_seed(Name::variant(ORDER_NAMES))?;
        variant.unit_variant()?;
        Ok(ORDERS[index])
    }
}

// ---------------------------------------------------------------------------------------
// Colouring: {"colours", "order"}.

const COLOURING_FIELDS: &[&str] = &["colours", "order"];

impl Serialize for Colouring {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Colouring", 2)?;
        s.serialize_field("colours", self.colours())?;
        s.serialize_field("order", &self.order())?;
        s.end()
    }
}

impl<'de> Deserialize<'de> for Colouring {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("Colouring", COLOURING_FIELDS, ColouringVisitor)
    }
}

/// The colouring with these colours, checked by [`Colouring::from_colours`] against the
/// pattern of as many columns and no entries (every colour below the number of columns:
/// all that can be checked without the real pattern).
fn colouring_from_parts<E: de::Error>(
    colours: Vec<usize>,
    order: Option<ColumnOrder>,
) -> Result<Colouring, E> {
    let columns_only =
        Pattern::from_rows(colours.len(), &[] as &[Vec<usize>]).map_err(E::custom)?;
    Ok(Colouring::from_colours(&columns_only, colours)
        .map_err(E::custom)?
        .with_order(order))
}

struct ColouringVisitor;

impl<'de> Visitor<'de> for ColouringVisitor {
    type Value = Colouring;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a column Colouring (the colour of each column and the order)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut colours, mut order) = (None, None);
        while let Some(field) = map.next_key_seed(Name::field(COLOURING_FIELDS))? {
            match field {
                0 => set(&mut colours, map.next_value()?, "colours")?,
                _ => set(&mut order, map.next_value()?, "order")?,
            }
        }
        colouring_from_parts(required(colours, "colours")?, order.flatten())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let colours = element(seq.next_element()?, 0, &self)?;
        let order = element(seq.next_element()?, 1, &self)?;
        colouring_from_parts(colours, order)
    }
}

// ---------------------------------------------------------------------------------------
// SparseJacobian<N>: {"pattern", "colouring"}, rebuilt by SparseJacobian::with_colouring.

const PLAN_FIELDS: &[&str] = &["pattern", "colouring"];

impl<const N: usize> Serialize for SparseJacobian<N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("SparseJacobian", 2)?;
        s.serialize_field("pattern", self.pattern())?;
        s.serialize_field("colouring", self.colouring())?;
        s.end()
    }
}

impl<'de, const N: usize> Deserialize<'de> for SparseJacobian<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("SparseJacobian", PLAN_FIELDS, PlanVisitor)
    }
}

struct PlanVisitor<const N: usize>;

impl<'de, const N: usize> Visitor<'de> for PlanVisitor<N> {
    type Value = SparseJacobian<N>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a SparseJacobian plan (its pattern and colouring)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut pattern, mut colouring) = (None, None);
        while let Some(field) = map.next_key_seed(Name::field(PLAN_FIELDS))? {
            match field {
                0 => set(&mut pattern, map.next_value()?, "pattern")?,
                _ => set(&mut colouring, map.next_value()?, "colouring")?,
            }
        }
        SparseJacobian::with_colouring(
            required(pattern, "pattern")?,
            required(colouring, "colouring")?,
        )
        .map_err(de::Error::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let pattern = element(seq.next_element()?, 0, &self)?;
        let colouring = element(seq.next_element()?, 1, &self)?;
        SparseJacobian::with_colouring(pattern, colouring).map_err(de::Error::custom)
    }
}
