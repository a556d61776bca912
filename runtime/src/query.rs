//! Query-string serialization in the style the API expects: `filter[a][b]=v`, `filter[id]=x,y`.
//!
//! Values are kept unencoded here; [`encode`] percent-encodes them once, when the URL is built.

use std::fmt::Display;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde::ser::{self, Impossible};

use crate::error::Error;

/// Everything but RFC 3986 unreserved characters is encoded, brackets included.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One query value: a scalar, or the items of an array (sent comma-joined).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum QueryValue {
    /// `key=value`
    One(String),
    /// `key=a,b,c`; each item is encoded on its own so the separating commas stay literal.
    List(Vec<String>),
}

/// Serializes a struct or map into `(key, value)` pairs, arrays comma-joined, unencoded.
#[allow(dead_code)] // the flat view of `to_items`, for generated code and tests
pub(crate) fn to_pairs<T: Serialize + ?Sized>(value: &T) -> Result<Vec<(String, String)>, Error> {
    Ok(to_items(value)?
        .into_iter()
        .map(|(k, v)| match v {
            QueryValue::One(s) => (k, s),
            QueryValue::List(items) => (k, items.join(",")),
        })
        .collect())
}

/// Like [`to_pairs`], but keeps array items apart for encoding.
pub(crate) fn to_items<T: Serialize + ?Sized>(
    value: &T,
) -> Result<Vec<(String, QueryValue)>, Error> {
    let mut out = Vec::new();
    value
        .serialize(TopSerializer { out: &mut out })
        .map_err(|e| {
            Error::invalid_request(format!("cannot serialize query parameters: {}", e.0))
        })?;
    Ok(out)
}

/// Renders pairs as an encoded query string (without the leading `?`).
pub(crate) fn encode(items: &[(String, QueryValue)]) -> String {
    let mut out = String::new();
    for (key, value) in items {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(utf8_percent_encode(key, COMPONENT));
        out.push('=');
        match value {
            QueryValue::One(v) => out.extend(utf8_percent_encode(v, COMPONENT)),
            QueryValue::List(vs) => {
                for (i, v) in vs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.extend(utf8_percent_encode(v, COMPONENT));
                }
            }
        }
    }
    out
}

/// Renders pairs as an `application/x-www-form-urlencoded` body. Arrays repeat their key
/// (`a=1&a=2`), the OpenAPI default for form bodies (`style: form`, `explode: true`); every other
/// rule is the query string's.
#[allow(dead_code)] // only generated crates with form bodies call it
pub(crate) fn encode_form(items: &[(String, QueryValue)]) -> String {
    let mut out = String::new();
    let mut pair = |key: &str, value: &str| {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(utf8_percent_encode(key, COMPONENT));
        out.push('=');
        out.extend(utf8_percent_encode(value, COMPONENT));
    };
    for (key, value) in items {
        match value {
            QueryValue::One(v) => pair(key, v),
            QueryValue::List(vs) => vs.iter().for_each(|v| pair(key, v)),
        }
    }
    out
}

/// Serialization failure message; converted into [`Error::InvalidRequest`] by [`to_items`].
#[derive(Debug)]
pub(crate) struct QueryError(String);

impl Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

impl ser::Error for QueryError {
    fn custom<M: Display>(msg: M) -> Self {
        QueryError(msg.to_string())
    }
}

fn unsupported<T>(what: &str, key: &str) -> Result<T, QueryError> {
    Err(QueryError(if key.is_empty() {
        format!("the top level must be a struct or map, not {what}")
    } else {
        format!("`{key}`: {what} cannot be expressed in a query string")
    }))
}

/// Joins a parent key and a child name: `filter` + `a` → `filter[a]`.
fn child_key(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}[{name}]")
    }
}

// ---------------------------------------------------------------------------------------------
// Top level: a struct or a map (or nothing at all).

struct TopSerializer<'a> {
    out: &'a mut Vec<(String, QueryValue)>,
}

macro_rules! reject_top {
    ($($method:ident($($ty:ty),*) $what:literal;)*) => {
        $(fn $method(self, $(_: $ty),*) -> Result<(), QueryError> { unsupported($what, "") })*
    };
}

impl<'a> ser::Serializer for TopSerializer<'a> {
    type Ok = ();
    type Error = QueryError;
    type SerializeSeq = Impossible<(), QueryError>;
    type SerializeTuple = Impossible<(), QueryError>;
    type SerializeTupleStruct = Impossible<(), QueryError>;
    type SerializeTupleVariant = Impossible<(), QueryError>;
    type SerializeMap = MapSerializer<'a>;
    type SerializeStruct = MapSerializer<'a>;
    type SerializeStructVariant = Impossible<(), QueryError>;

    reject_top! {
        serialize_bool(bool) "a bool";
        serialize_i8(i8) "a number"; serialize_i16(i16) "a number";
        serialize_i32(i32) "a number"; serialize_i64(i64) "a number";
        serialize_u8(u8) "a number"; serialize_u16(u16) "a number";
        serialize_u32(u32) "a number"; serialize_u64(u64) "a number";
        serialize_f32(f32) "a number"; serialize_f64(f64) "a number";
        serialize_char(char) "a string"; serialize_str(&str) "a string";
        serialize_bytes(&[u8]) "bytes";
        serialize_unit_variant(&'static str, u32, &'static str) "an enum";
    }

    fn serialize_none(self) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), QueryError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), QueryError> {
        unsupported("an enum", "")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, QueryError> {
        unsupported("a sequence", "")
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, QueryError> {
        unsupported("a tuple", "")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, QueryError> {
        unsupported("a tuple", "")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, QueryError> {
        unsupported("an enum", "")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, QueryError> {
        Ok(MapSerializer::new(String::new(), self.out))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, QueryError> {
        Ok(MapSerializer::new(String::new(), self.out))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, QueryError> {
        unsupported("an enum", "")
    }
}

// ---------------------------------------------------------------------------------------------
// Structs and maps at any depth: each field becomes `prefix[field]`.

pub(crate) struct MapSerializer<'a> {
    prefix: String,
    out: &'a mut Vec<(String, QueryValue)>,
    pending_key: Option<String>,
}

impl<'a> MapSerializer<'a> {
    fn new(prefix: String, out: &'a mut Vec<(String, QueryValue)>) -> Self {
        MapSerializer {
            prefix,
            out,
            pending_key: None,
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), QueryError> {
        value.serialize(ValueSerializer {
            key: child_key(&self.prefix, name),
            out: self.out,
        })
    }
}

impl ser::SerializeStruct for MapSerializer<'_> {
    type Ok = ();
    type Error = QueryError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        self.field(name, value)
    }
    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

impl ser::SerializeMap for MapSerializer<'_> {
    type Ok = ();
    type Error = QueryError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), QueryError> {
        let mut parts = Vec::new();
        key.serialize(ScalarSerializer {
            key: &self.prefix,
            out: &mut parts,
        })?;
        match parts.pop() {
            Some(k) if parts.is_empty() => {
                self.pending_key = Some(k);
                Ok(())
            }
            _ => unsupported("a map key that is not a string or number", &self.prefix),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        match self.pending_key.take() {
            Some(k) => self.field(&k, value),
            None => Err(QueryError("map value without a key".into())),
        }
    }
    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// A value under a known key: scalar → pair, sequence → comma list, struct/map → nested keys.

struct ValueSerializer<'a> {
    key: String,
    out: &'a mut Vec<(String, QueryValue)>,
}

impl ValueSerializer<'_> {
    fn push(self, value: String) -> Result<(), QueryError> {
        self.out.push((self.key, QueryValue::One(value)));
        Ok(())
    }
}

macro_rules! scalar_to_string {
    ($($method:ident($ty:ty);)*) => {
        $(fn $method(self, v: $ty) -> Result<Self::Ok, QueryError> { self.push(v.to_string()) })*
    };
}

impl<'a> ser::Serializer for ValueSerializer<'a> {
    type Ok = ();
    type Error = QueryError;
    type SerializeSeq = ListSerializer<'a>;
    type SerializeTuple = ListSerializer<'a>;
    type SerializeTupleStruct = ListSerializer<'a>;
    type SerializeTupleVariant = Impossible<(), QueryError>;
    type SerializeMap = MapSerializer<'a>;
    type SerializeStruct = MapSerializer<'a>;
    type SerializeStructVariant = Impossible<(), QueryError>;

    scalar_to_string! {
        serialize_bool(bool);
        serialize_i8(i8); serialize_i16(i16); serialize_i32(i32); serialize_i64(i64);
        serialize_i128(i128);
        serialize_u8(u8); serialize_u16(u16); serialize_u32(u32); serialize_u64(u64);
        serialize_u128(u128);
        serialize_char(char); serialize_str(&str);
    }

    fn serialize_f32(self, v: f32) -> Result<(), QueryError> {
        let s = float(v.into(), &self.key)?;
        self.push(s)
    }
    fn serialize_f64(self, v: f64) -> Result<(), QueryError> {
        let s = float(v, &self.key)?;
        self.push(s)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), QueryError> {
        unsupported("bytes", &self.key)
    }
    fn serialize_none(self) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), QueryError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), QueryError> {
        self.push(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), QueryError> {
        unsupported("an enum variant with data", &self.key)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, QueryError> {
        Ok(ListSerializer {
            key: self.key,
            out: self.out,
            items: Vec::new(),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, QueryError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, QueryError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, QueryError> {
        unsupported("an enum variant with data", &self.key)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, QueryError> {
        Ok(MapSerializer::new(self.key, self.out))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, QueryError> {
        Ok(MapSerializer::new(self.key, self.out))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, QueryError> {
        unsupported("an enum variant with data", &self.key)
    }
}

/// Decimal, never exponent notation (Rust's `Display` for floats guarantees that); no NaN/inf.
fn float(v: f64, key: &str) -> Result<String, QueryError> {
    if v.is_finite() {
        Ok(v.to_string())
    } else {
        unsupported("a non-finite number", key)
    }
}

// ---------------------------------------------------------------------------------------------
// Sequences: items must be scalars; they are joined with commas (`None` items are skipped).

pub(crate) struct ListSerializer<'a> {
    key: String,
    out: &'a mut Vec<(String, QueryValue)>,
    items: Vec<String>,
}

impl ListSerializer<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        value.serialize(ScalarSerializer {
            key: &self.key,
            out: &mut self.items,
        })
    }
    fn finish(self) -> Result<(), QueryError> {
        // An empty array says nothing; sending `key=` could be read as "match the empty string".
        if !self.items.is_empty() {
            self.out.push((self.key, QueryValue::List(self.items)));
        }
        Ok(())
    }
}

impl ser::SerializeSeq for ListSerializer<'_> {
    type Ok = ();
    type Error = QueryError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        self.item(value)
    }
    fn end(self) -> Result<(), QueryError> {
        self.finish()
    }
}

impl ser::SerializeTuple for ListSerializer<'_> {
    type Ok = ();
    type Error = QueryError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        self.item(value)
    }
    fn end(self) -> Result<(), QueryError> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for ListSerializer<'_> {
    type Ok = ();
    type Error = QueryError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        self.item(value)
    }
    fn end(self) -> Result<(), QueryError> {
        self.finish()
    }
}

// ---------------------------------------------------------------------------------------------
// A scalar inside a sequence or as a map key: appended to `out`; anything nested is an error.

struct ScalarSerializer<'a> {
    key: &'a str,
    out: &'a mut Vec<String>,
}

impl ScalarSerializer<'_> {
    fn push(self, value: String) -> Result<(), QueryError> {
        self.out.push(value);
        Ok(())
    }
    fn nested<T>(self, what: &str) -> Result<T, QueryError> {
        unsupported(&format!("an array of {what}"), self.key)
    }
}

impl ser::Serializer for ScalarSerializer<'_> {
    type Ok = ();
    type Error = QueryError;
    type SerializeSeq = Impossible<(), QueryError>;
    type SerializeTuple = Impossible<(), QueryError>;
    type SerializeTupleStruct = Impossible<(), QueryError>;
    type SerializeTupleVariant = Impossible<(), QueryError>;
    type SerializeMap = Impossible<(), QueryError>;
    type SerializeStruct = Impossible<(), QueryError>;
    type SerializeStructVariant = Impossible<(), QueryError>;

    scalar_to_string! {
        serialize_bool(bool);
        serialize_i8(i8); serialize_i16(i16); serialize_i32(i32); serialize_i64(i64);
        serialize_i128(i128);
        serialize_u8(u8); serialize_u16(u16); serialize_u32(u32); serialize_u64(u64);
        serialize_u128(u128);
        serialize_char(char); serialize_str(&str);
    }

    fn serialize_f32(self, v: f32) -> Result<(), QueryError> {
        let s = float(v.into(), self.key)?;
        self.push(s)
    }
    fn serialize_f64(self, v: f64) -> Result<(), QueryError> {
        let s = float(v, self.key)?;
        self.push(s)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), QueryError> {
        self.nested("bytes")
    }
    fn serialize_none(self) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), QueryError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), QueryError> {
        self.push(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), QueryError> {
        self.nested("enum variants with data")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, QueryError> {
        self.nested("arrays")
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, QueryError> {
        self.nested("arrays")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, QueryError> {
        self.nested("arrays")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, QueryError> {
        self.nested("enum variants with data")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, QueryError> {
        self.nested("objects")
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, QueryError> {
        self.nested("objects")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, QueryError> {
        self.nested("enum variants with data")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Status {
        InProcess,
        #[serde(rename = "ported")]
        Done,
    }

    #[derive(Serialize)]
    struct Range {
        #[serde(skip_serializing_if = "Option::is_none")]
        gt: Option<String>,
        lt: Option<String>,
    }

    #[derive(Serialize)]
    struct Filter {
        status: Option<Status>,
        id: Option<Vec<String>>,
        created_at: Option<Range>,
        activation_settings: BTreeMap<String, bool>,
        #[serde(skip)]
        _ignored: u8,
    }

    #[derive(Serialize)]
    struct Page {
        number: Option<i64>,
        size: Option<i64>,
    }

    #[derive(Serialize)]
    struct Params {
        filter: Option<Filter>,
        page: Option<Page>,
        sort: Option<Vec<Status>>,
        include_phone_numbers: Option<bool>,
        ratio: Option<f64>,
    }

    fn pairs<T: Serialize>(v: &T) -> Vec<(String, String)> {
        to_pairs(v).unwrap()
    }

    fn p(k: &str, v: &str) -> (String, String) {
        (k.to_owned(), v.to_owned())
    }

    #[test]
    fn full_example() {
        let mut settings = BTreeMap::new();
        settings.insert("fast_port_eligible".to_owned(), true);
        let params = Params {
            filter: Some(Filter {
                status: Some(Status::InProcess),
                id: Some(vec!["a b".into(), "c,d".into()]),
                created_at: Some(Range {
                    gt: Some("2024-01-01T00:00:00Z".into()),
                    lt: None,
                }),
                activation_settings: settings,
                _ignored: 7,
            }),
            page: Some(Page {
                number: Some(2),
                size: Some(250),
            }),
            sort: Some(vec![Status::Done, Status::InProcess]),
            include_phone_numbers: Some(false),
            ratio: Some(0.25),
        };
        assert_eq!(
            pairs(&params),
            [
                p("filter[status]", "in_process"),
                p("filter[id]", "a b,c,d"),
                p("filter[created_at][gt]", "2024-01-01T00:00:00Z"),
                p("filter[activation_settings][fast_port_eligible]", "true"),
                p("page[number]", "2"),
                p("page[size]", "250"),
                p("sort", "ported,in_process"),
                p("include_phone_numbers", "false"),
                p("ratio", "0.25"),
            ]
        );
        // Encoding: brackets and reserved characters escaped, item-separating commas literal.
        assert_eq!(
            encode(&to_items(&params).unwrap()),
            "filter%5Bstatus%5D=in_process&filter%5Bid%5D=a%20b,c%2Cd\
             &filter%5Bcreated_at%5D%5Bgt%5D=2024-01-01T00%3A00%3A00Z\
             &filter%5Bactivation_settings%5D%5Bfast_port_eligible%5D=true\
             &page%5Bnumber%5D=2&page%5Bsize%5D=250&sort=ported,in_process\
             &include_phone_numbers=false&ratio=0.25"
        );
    }

    #[test]
    fn absent_values_are_omitted() {
        let params = Params {
            filter: Some(Filter {
                status: None,
                id: Some(vec![]),
                created_at: None,
                activation_settings: BTreeMap::new(),
                _ignored: 0,
            }),
            page: None,
            sort: None,
            include_phone_numbers: None,
            ratio: None,
        };
        assert!(pairs(&params).is_empty());
        assert!(pairs(&()).is_empty());
        assert!(pairs(&None::<Params>).is_empty());
    }

    #[test]
    fn numbers_are_plain_decimal() {
        let mut m = BTreeMap::new();
        m.insert("big", 1e21);
        m.insert("neg", -3.0);
        m.insert("small", 0.000_001);
        assert_eq!(
            pairs(&m),
            [
                p("big", "1000000000000000000000"),
                p("neg", "-3"),
                p("small", "0.000001")
            ]
        );
        let mut m = BTreeMap::new();
        m.insert("n", (i64::MIN, u64::MAX));
        assert_eq!(
            pairs(&m),
            [p("n", "-9223372036854775808,18446744073709551615")]
        );
    }

    #[test]
    fn map_keys_may_be_numbers() {
        let mut inner = BTreeMap::new();
        inner.insert(3u8, "x");
        let mut m = BTreeMap::new();
        m.insert("f", inner);
        assert_eq!(pairs(&m), [p("f[3]", "x")]);
    }

    #[test]
    fn unsupported_shapes_are_errors() {
        #[derive(Serialize)]
        struct Item {
            a: u8,
        }
        #[derive(Serialize)]
        enum Tagged {
            Data(u8),
        }
        #[derive(Serialize)]
        struct Bad<T> {
            x: T,
        }
        let err = to_pairs(&Bad {
            x: vec![Item { a: 1 }],
        })
        .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }));
        assert!(
            err.to_string().contains("`x`: an array of objects"),
            "{err}"
        );
        assert!(to_pairs(&Bad { x: vec![vec![1]] }).is_err());
        assert!(to_pairs(&Bad { x: Tagged::Data(1) }).is_err());
        assert!(to_pairs(&Bad { x: f64::NAN }).is_err());
        assert!(
            to_pairs(&Bad {
                x: serde_bytes_like()
            })
            .is_err()
        );
        let mut m = BTreeMap::new();
        m.insert(vec![1], 2);
        assert!(to_pairs(&Bad { x: m }).is_err());
        for top in [
            to_pairs(&5),
            to_pairs("s"),
            to_pairs(&vec![1]),
            to_pairs(&Tagged::Data(1)),
        ] {
            let err = top.unwrap_err();
            assert!(err.to_string().contains("top level"), "{err}");
        }
    }

    /// A value that serializes through `serialize_bytes`.
    fn serde_bytes_like() -> impl Serialize {
        struct B;
        impl Serialize for B {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(b"raw")
            }
        }
        B
    }

    #[test]
    fn form_bodies_repeat_array_keys() {
        let v = serde_json::json!({"To": "+1 303", "Tags": ["a", "b&c"], "Opts": {"x": true}});
        assert_eq!(
            encode_form(&to_items(&v).unwrap()),
            "To=%2B1%20303&Tags=a&Tags=b%26c&Opts%5Bx%5D=true"
        );
        assert_eq!(encode_form(&[]), "");
    }

    #[test]
    fn json_values_work_too() {
        let v = serde_json::json!({"filter": {"id": ["x", "y"], "n": null}, "q": "a&b=c"});
        assert_eq!(pairs(&v), [p("filter[id]", "x,y"), p("q", "a&b=c")]);
        assert_eq!(
            encode(&to_items(&v).unwrap()),
            "filter%5Bid%5D=x,y&q=a%26b%3Dc"
        );
    }
}
