//! [`Nullable`]: a request field that can be left out, sent as `null`, or sent with a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field the API accepts as absent, as `null`, or as a value, where the three mean different
/// things: a `PATCH` leaves an absent field alone and clears a `null` one.
///
/// Fields of this type start [`Unset`](Nullable::Unset) and are left out of the body until set.
/// Setters take anything that converts into it, so a value is passed as itself
/// (`.tax_identifier("123")`) and a clear as [`Nullable::Null`].
///
/// In a response, an absent field reads as `Unset` and an explicit `null` as `Null`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nullable<T> {
    /// Left out of the request.
    #[default]
    Unset,
    /// Sent as `null`.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is left out; generated types use it to skip the field.
    pub fn is_unset(&self) -> bool {
        matches!(self, Nullable::Unset)
    }

    /// Whether the field is sent as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            Nullable::Unset | Nullable::Null => None,
        }
    }

    /// Applies `f` to the value, keeping `Unset` and `Null` as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Value(v) => Nullable::Value(f(v)),
            Nullable::Unset => Nullable::Unset,
            Nullable::Null => Nullable::Null,
        }
    }

    /// The value, if there is one; `Unset` and `Null` both give `None`.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            Nullable::Unset | Nullable::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// `None` is an explicit `null`: an `Option` always says something about the field.
impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl From<&str> for Nullable<String> {
    fn from(value: &str) -> Self {
        Nullable::Value(value.to_owned())
    }
}

/// `Unset` serializes as `null` too; generated fields skip it before it gets here.
impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => serializer.serialize_some(v),
            Nullable::Unset | Nullable::Null => serializer.serialize_none(),
        }
    }
}

/// Reads `null` as `Null`; generated fields default to `Unset` when the field is absent.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        note: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        count: Nullable<i64>,
    }

    #[test]
    fn three_states_on_the_wire() {
        let unset = Patch {
            note: Nullable::Unset,
            count: Nullable::Unset,
        };
        assert_eq!(serde_json::to_string(&unset).unwrap(), "{}");
        let cleared = Patch {
            note: Nullable::Null,
            count: 3.into(),
        };
        assert_eq!(
            serde_json::to_string(&cleared).unwrap(),
            r#"{"note":null,"count":3}"#
        );
        let set = Patch {
            note: "x".into(),
            count: None.into(),
        };
        assert_eq!(
            serde_json::to_string(&set).unwrap(),
            r#"{"note":"x","count":null}"#
        );
    }

    #[test]
    fn reading_keeps_absent_apart_from_null() {
        let p: Patch = serde_json::from_str(r#"{"note":null}"#).unwrap();
        assert_eq!(p.note, Nullable::Null);
        assert_eq!(p.count, Nullable::Unset);
        let p: Patch = serde_json::from_str(r#"{"count":7}"#).unwrap();
        assert_eq!(p.count.as_value(), Some(&7));
        assert_eq!(p.count.map(|n| n * 2), Nullable::Value(14));
        assert_eq!(Nullable::<i64>::Null.map(|n| n * 2), Nullable::Null);
        assert_eq!(p.count.into_value(), Some(7));
        assert!(p.note.is_unset() && !p.note.is_null());
    }
}
