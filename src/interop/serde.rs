//! `Serialize` and `Deserialize` (feature `serde`) for the number types, the tensor and the
//! sparse plans (the last two in `serde_nalgebra.rs`, with the `nalgebra` feature), written by hand over their public constructors, so that every rule a
//! value must obey is checked where the crate already checks it.
//!
//! # The formats
//!
//! Each type is a struct whose fields are named after the type's own fields (shown as
//! JSON; a format without field names, such as bincode, stores the fields in this order):
//!
//! | type | serialized as |
//! |---|---|
//! | [`Dual<T, N>`](crate::Dual) | `{"re": 1.0, "eps": [0.5, 2.0]}`: exactly `N` tangent components |
//! | [`Dual2<T, N, P>`](crate::Dual2) | `{"re": 18.0, "grad": [12.0, 9.0], "hess": [4.0, 6.0, 0.0]}`: the packed upper triangle, row by row, exactly `P = N(N+1)/2` entries |
//! | [`Taylor<T, K>`](crate::Taylor) | `{"re": 1.0, "c": [1.0, 0.5]}`: exactly `K` higher coefficients |
//! | [`Tensor3<T>`](crate::tensor::Tensor3) | `{"shape": [depth, rows, cols], "data": [...]}`: `data` in the order of [`Tensor3::as_slice`](crate::tensor::Tensor3::as_slice) (slice after slice, each column-major), `depth·rows·cols` entries |
//! | [`Pattern`](crate::sparse::Pattern) | `{"nrows": 2, "ncols": 3, "rows": [[0, 1], [1, 2]]}`: one strictly increasing list of columns per row |
//! | [`ColumnOrder`](crate::sparse::ColumnOrder) | its name: `"Natural"`, `"LargestFirst"`, `"SmallestLast"`, `"IncidenceDegree"`, `"Saturation"` |
//! | [`Colouring`](crate::sparse::Colouring) | `{"colours": [0, 1, 0], "order": "Natural"}`: the colour of each column; `order` is `null` (or absent) for a colouring given by hand |
//! | [`SparseJacobian<N>`](crate::sparse::SparseJacobian) | `{"pattern": {...}, "colouring": {...}}`: the plan is rebuilt from them, at any width `N` |
//!
//! The arrays of the number types are written as fixed-length tuples (as serde writes
//! `[T; N]`), for every `N`, not only up to 32. The element type `T` is any serde type the
//! number type accepts, so nested duals nest their JSON: `Dual<Dual<f64, 2>, 3>` has a
//! `Dual<f64, 2>` object as `re` and as each of its three tangent components.
//!
//! # Reading checks everything
//!
//! Malformed input is a serde error, never a panic and never a value breaking an invariant:
//! a wrong number of components names both counts (`expected 3 tangent components, found
//! 2`); a tensor whose data length is not the product of its shape names both; a pattern
//! row out of order or with a repeated column, a column out of range
//! ([`Pattern::from_rows`](crate::sparse::Pattern::from_rows)'s error, naming the shape), a
//! colour not below the number of columns
//! ([`Colouring::from_colours`](crate::sparse::Colouring::from_colours)) and a plan whose
//! colouring gives two columns sharing a row the same colour
//! ([`SparseJacobian::with_colouring`](crate::sparse::SparseJacobian::with_colouring)) are
//! errors; so are unknown, repeated and missing fields. A [`Colouring`](crate::sparse::Colouring) read on its own is
//! checked as far as it can be without its pattern: check it with
//! [`Colouring::check`](crate::sparse::Colouring::check), or read the whole
//! [`SparseJacobian`](crate::sparse::SparseJacobian), which checks it against its pattern.
//!
//! # Exact round trips
//!
//! Every finite float is written with enough digits to be read back exactly, but
//! `serde_json`'s default float parser may round the last bit differently: enable its
//! `float_roundtrip` feature for bit-exact round trips through JSON (binary formats are
//! exact as they are).
//!
//! # NaN and infinities
//!
//! JSON has no NaN or infinity: `serde_json` writes them as `null` and then refuses to read
//! `null` back as a float (an error, not a panic). Use a format that stores IEEE floats,
//! such as CBOR, MessagePack or bincode, for values that may not be finite.

use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeStruct, SerializeTuple, Serializer};
use serde::{Deserialize, Serialize};

use crate::{Dual, Dual2, Real, Taylor};

// ---------------------------------------------------------------------------------------
// Shared pieces: fixed-length arrays, field names, present-once fields.

/// A slice written as a tuple of its elements (what serde does for `[T; N]`, `N <= 32`).
pub(super) struct Tuple<'a, T>(pub(super) &'a [T]);

impl<T: Serialize> Serialize for Tuple<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut tuple = serializer.serialize_tuple(self.0.len())?;
        for x in self.0 {
            tuple.serialize_element(x)?;
        }
        tuple.end()
    }
}

/// Reads exactly `N` elements into a `[T; N]`, for any `N`; another count is an error
/// naming both (`expected {N} {what}, found {count}`).
pub(super) struct ArraySeed<T, const N: usize> {
    what: &'static str,
    element: PhantomData<T>,
}

impl<T, const N: usize> ArraySeed<T, N> {
    pub(super) fn new(what: &'static str) -> Self {
        ArraySeed {
            what,
            element: PhantomData,
        }
    }

    fn wrong_length<E: de::Error>(&self, found: usize) -> E {
        E::custom(format_args!("expected {N} {}, found {found}", self.what))
    }
}

impl<'de, T: Deserialize<'de>, const N: usize> DeserializeSeed<'de> for ArraySeed<T, N> {
    type Value = [T; N];

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<[T; N], D::Error> {
        deserializer.deserialize_tuple(N, self)
    }
}

impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for ArraySeed<T, N> {
    type Value = [T; N];

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an array of {N} {}", self.what)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<[T; N], A::Error> {
        let mut items = Vec::with_capacity(N);
        while items.len() < N {
            match seq.next_element()? {
                Some(x) => items.push(x),
                None => return Err(self.wrong_length(items.len())),
            }
        }
        // Count what follows, without keeping it, to name the length found.
        let mut found = N;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            found += 1;
        }
        if found != N {
            return Err(self.wrong_length(found));
        }
        items
            .try_into()
            .map_err(|items: Vec<T>| self.wrong_length(items.len()))
    }
}

/// Which of `names` an identifier is (its index): a struct's field or an enum's variant.
/// Unknown names are an error listing the expected ones.
pub(super) struct Name {
    names: &'static [&'static str],
    variant: bool,
}

impl Name {
    pub(super) fn field(names: &'static [&'static str]) -> Self {
        Name {
            names,
            variant: false,
        }
    }

    #[cfg(feature = "nalgebra")] // enums: only the sparse plans have one
    pub(super) fn variant(names: &'static [&'static str]) -> Self {
        Name {
            names,
            variant: true,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Name {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Name {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "one of {:?}", self.names)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.names.iter().position(|&n| n == v).ok_or_else(|| {
            if self.variant {
                E::unknown_variant(v, self.names)
            } else {
                E::unknown_field(v, self.names)
            }
        })
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<usize, E> {
        match core::str::from_utf8(v) {
            Ok(v) => self.visit_str(v),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
        match usize::try_from(v) {
            Ok(i) if i < self.names.len() => Ok(i),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
        }
    }
}

/// Stores a field's value, refusing a second one.
pub(super) fn set<T, E: de::Error>(
    slot: &mut Option<T>,
    value: T,
    name: &'static str,
) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
}

/// A field that must have been present.
pub(super) fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Element `index` of a struct written as a sequence (formats without field names).
pub(super) fn element<T, E: de::Error>(
    value: Option<T>,
    index: usize,
    exp: &dyn de::Expected,
) -> Result<T, E> {
    value.ok_or_else(|| E::invalid_length(index, exp))
}

// ---------------------------------------------------------------------------------------
// Dual<T, N>: {"re", "eps"}.

const DUAL_FIELDS: &[&str] = &["re", "eps"];
const TANGENT: &str = "tangent components";

impl<T: Serialize, const N: usize> Serialize for Dual<T, N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Dual", 2)?;
        s.serialize_field("re", &self.re)?;
        s.serialize_field("eps", &Tuple(&self.eps))?;
        s.end()
    }
}

impl<'de, T: Real + Deserialize<'de>, const N: usize> Deserialize<'de> for Dual<T, N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("Dual", DUAL_FIELDS, DualVisitor(PhantomData))
    }
}

struct DualVisitor<T, const N: usize>(PhantomData<T>);

impl<'de, T: Real + Deserialize<'de>, const N: usize> Visitor<'de> for DualVisitor<T, N> {
    type Value = Dual<T, N>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a Dual with {N} {TANGENT}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut re, mut eps) = (None, None);
        while let Some(field) = map.next_key_seed(Name::field(DUAL_FIELDS))? {
            match field {
                0 => set(&mut re, map.next_value()?, "re")?,
                _ => set(
                    &mut eps,
                    map.next_value_seed(ArraySeed::new(TANGENT))?,
                    "eps",
                )?,
            }
        }
        Ok(Dual::new(required(re, "re")?, required(eps, "eps")?))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let re = element(seq.next_element()?, 0, &self)?;
        let eps = element(seq.next_element_seed(ArraySeed::new(TANGENT))?, 1, &self)?;
        Ok(Dual::new(re, eps))
    }
}

// ---------------------------------------------------------------------------------------
// Dual2<T, N, P>: {"re", "grad", "hess"}.

const DUAL2_FIELDS: &[&str] = &["re", "grad", "hess"];
const GRADIENT: &str = "gradient components";
const PACKED: &str = "packed Hessian entries (P = N(N+1)/2)";

impl<T: Serialize, const N: usize, const P: usize> Serialize for Dual2<T, N, P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Dual2", 3)?;
        s.serialize_field("re", &self.re)?;
        s.serialize_field("grad", &Tuple(&self.grad))?;
        s.serialize_field("hess", &Tuple(&self.hess))?;
        s.end()
    }
}

impl<'de, T: Real + Deserialize<'de>, const N: usize, const P: usize> Deserialize<'de>
    for Dual2<T, N, P>
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("Dual2", DUAL2_FIELDS, Dual2Visitor(PhantomData))
    }
}

struct Dual2Visitor<T, const N: usize, const P: usize>(PhantomData<T>);

impl<'de, T: Real + Deserialize<'de>, const N: usize, const P: usize> Visitor<'de>
    for Dual2Visitor<T, N, P>
{
    type Value = Dual2<T, N, P>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a Dual2 with {N} {GRADIENT} and {P} packed Hessian entries"
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut re, mut grad, mut hess) = (None, None, None);
        while let Some(field) = map.next_key_seed(Name::field(DUAL2_FIELDS))? {
            match field {
                0 => set(&mut re, map.next_value()?, "re")?,
                1 => set(
                    &mut grad,
                    map.next_value_seed(ArraySeed::new(GRADIENT))?,
                    "grad",
                )?,
                _ => set(
                    &mut hess,
                    map.next_value_seed(ArraySeed::new(PACKED))?,
                    "hess",
                )?,
            }
        }
        Ok(Dual2::new(
            required(re, "re")?,
            required(grad, "grad")?,
            required(hess, "hess")?,
        ))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let re = element(seq.next_element()?, 0, &self)?;
        let grad = element(seq.next_element_seed(ArraySeed::new(GRADIENT))?, 1, &self)?;
        let hess = element(seq.next_element_seed(ArraySeed::new(PACKED))?, 2, &self)?;
        Ok(Dual2::new(re, grad, hess))
    }
}

// ---------------------------------------------------------------------------------------
// Taylor<T, K>: {"re", "c"}.

const TAYLOR_FIELDS: &[&str] = &["re", "c"];
const COEFFICIENTS: &str = "higher Taylor coefficients";

impl<T: Serialize, const K: usize> Serialize for Taylor<T, K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Taylor", 2)?;
        s.serialize_field("re", &self.re)?;
        s.serialize_field("c", &Tuple(&self.c))?;
        s.end()
    }
}

impl<'de, T: Real + Deserialize<'de>, const K: usize> Deserialize<'de> for Taylor<T, K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("Taylor", TAYLOR_FIELDS, TaylorVisitor(PhantomData))
    }
}

struct TaylorVisitor<T, const K: usize>(PhantomData<T>);

impl<'de, T: Real + Deserialize<'de>, const K: usize> Visitor<'de> for TaylorVisitor<T, K> {
    type Value = Taylor<T, K>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a Taylor number with {K} {COEFFICIENTS}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut re, mut c) = (None, None);
        while let Some(field) = map.next_key_seed(Name::field(TAYLOR_FIELDS))? {
            match field {
                0 => set(&mut re, map.next_value()?, "re")?,
                _ => set(
                    &mut c,
                    map.next_value_seed(ArraySeed::new(COEFFICIENTS))?,
                    "c",
                )?,
            }
        }
        Ok(Taylor::new(required(re, "re")?, required(c, "c")?))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let re = element(seq.next_element()?, 0, &self)?;
        let c = element(
            seq.next_element_seed(ArraySeed::new(COEFFICIENTS))?,
            1,
            &self,
        )?;
        Ok(Taylor::new(re, c))
    }
}
