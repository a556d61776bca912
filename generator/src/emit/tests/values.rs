//! Request values for the generated tests: Rust expressions built from the document's
//! examples, or made up to fit a format where there are none.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::literals::{json_tokens, made_up_string};
use crate::ir::{
    Field, Name, Operation, Param, Presence, SetterTarget, Signature, StructDef, Ty, TypeId,
    TypeKind, TypeSpace, UnionDef,
};

/// Which fields a made-up request value sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fill {
    /// Only required fields, through `new(..)`.
    Required,
    /// Every field: `new(..)`, then every setter.
    All,
}

/// Nesting beyond which optional fields stay empty (only a cycle gets there).
const MAX_DEPTH: usize = 12;

/// Builds Rust expressions of request values from the document's examples.
///
/// Where a value has no example, one valid for its format is made up: a fixed UUID, an RFC 3339
/// instant, an `https` URI, an enum's first value, one-element lists and maps.
pub(crate) struct Values<'a> {
    pub(crate) types: &'a TypeSpace,
    /// The generated crate, for runtime types (`Bytes`, `FilePart`).
    pub(crate) krate: &'a Name,
    pub(crate) fill: Fill,
}

impl Values<'_> {
    /// A value of `ty`, from `example` when there is one.
    fn value(
        &self,
        ty: &Ty,
        example: Option<&Value>,
        format: Option<&str>,
        depth: usize,
    ) -> TokenStream {
        // Required fields that lead back to their own type have no finite value: past a hard
        // cap, stop recursing (found by generator/tests/mutation.rs; it overflowed the stack).
        if depth > MAX_DEPTH + 4 {
            return quote!(
                serde_json::from_value(serde_json::Value::Null).expect("no finite example value")
            );
        }
        let example = example.filter(|e| !e.is_null());
        match ty {
            Ty::String => {
                let s = match example {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => made_up_string(format),
                };
                quote!(#s.to_string())
            }
            Ty::Bool => {
                let b = example.and_then(Value::as_bool).unwrap_or(true);
                quote!(#b)
            }
            Ty::I32 => {
                let n = example
                    .and_then(Value::as_i64)
                    .and_then(|n| i32::try_from(n).ok())
                    .unwrap_or(1);
                let n = Literal::i32_unsuffixed(n);
                quote!(#n)
            }
            Ty::I64 => {
                let n = Literal::i64_unsuffixed(example.and_then(Value::as_i64).unwrap_or(1));
                quote!(#n)
            }
            Ty::F64 => {
                let n = Literal::f64_unsuffixed(example.and_then(Value::as_f64).unwrap_or(1.0));
                quote!(#n)
            }
            Ty::Json => {
                let v = json_tokens(example.unwrap_or(&Value::String(made_up_string(format))));
                quote!(serde_json::json!(#v))
            }
            Ty::JsonObject => {
                let entries = example
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| {
                        let v = json_tokens(v);
                        quote!((#k.to_string(), serde_json::json!(#v)))
                    });
                quote!(serde_json::Map::from_iter([#(#entries),*]))
            }
            Ty::Vec(inner) => self.list_value(inner, example, format, depth),
            Ty::Map(inner) => self.map_value(inner, example, depth),
            Ty::Named(id) => self.named(*id, example, format, depth),
            Ty::Bytes => {
                let krate = self.krate;
                quote!(#krate::Bytes::from_static(b"example bytes"))
            }
            Ty::File => {
                let krate = self.krate;
                quote!(#krate::call::FilePart::new("example file contents").file_name("example.txt"))
            }
        }
    }

    /// A list: the example's items, or one made-up item.
    fn list_value(
        &self,
        inner: &Ty,
        example: Option<&Value>,
        format: Option<&str>,
        depth: usize,
    ) -> TokenStream {
        let items: Vec<TokenStream> = match example {
            Some(Value::Array(items)) if !items.is_empty() => items
                .iter()
                .map(|e| self.value(inner, Some(e), format, depth + 1))
                .collect(),
            _ => vec![self.value(inner, None, format, depth + 1)],
        };
        quote!(vec![#(#items),*])
    }

    /// A map: the example's entries, or one made-up entry.
    fn map_value(&self, inner: &Ty, example: Option<&Value>, depth: usize) -> TokenStream {
        let entries: Vec<TokenStream> = match example.and_then(Value::as_object) {
            Some(map) if !map.is_empty() => map
                .iter()
                .map(|(k, v)| {
                    let v = self.value(inner, Some(v), None, depth + 1);
                    quote!((#k.to_string(), #v))
                })
                .collect(),
            _ => {
                let v = self.value(inner, None, None, depth + 1);
                vec![quote!(("key".to_string(), #v))]
            }
        };
        quote!(std::collections::BTreeMap::from([#(#entries),*]))
    }

    fn named(
        &self,
        id: crate::ir::TypeId,
        example: Option<&Value>,
        format: Option<&str>,
        depth: usize,
    ) -> TokenStream {
        let def = self.types.get(id);
        let name = &self.type_path(&def.home, &def.name);
        match &def.kind {
            TypeKind::Struct(s) => self.struct_value(name, s, example, depth),
            TypeKind::Enum(e) => {
                let wanted = example.and_then(Value::as_str);
                let variant = e
                    .variants
                    .iter()
                    .find(|v| Some(v.wire.as_str()) == wanted)
                    .or(e.variants.first());
                match variant {
                    Some(v) => {
                        let v = &v.rust;
                        quote!(#name::#v)
                    }
                    None => {
                        let s = wanted
                            .map(str::to_string)
                            .unwrap_or_else(|| made_up_string(format));
                        let unknown = &e.unknown;
                        quote!(#name::#unknown(#s.to_string()))
                    }
                }
            }
            TypeKind::Union(u) => self.union_value(name, u, example, format, depth),
            TypeKind::Alias(t) => self.value(t, example, format, depth),
            TypeKind::Pending => {
                let j = json_tokens(example.unwrap_or(&Value::Null));
                quote!(serde_json::json!(#j))
            }
        }
    }

    /// A struct: `default()` or `new(required…)`, or every field set.
    fn struct_value(
        &self,
        name: &TokenStream,
        s: &StructDef,
        example: Option<&Value>,
        depth: usize,
    ) -> TokenStream {
        fn from<'v>(example: Option<&'v Value>, f: &'v Field) -> Option<&'v Value> {
            example
                .and_then(|e| e.get(&f.wire))
                .filter(|e| !e.is_null())
                .or(f.example.as_ref())
        }
        let required = s.fields.iter().filter(|f| f.presence == Presence::Required);
        let args = required
            .map(|f| self.setter_value(&f.ty, from(example, f), f.format.as_deref(), depth + 1));
        let built = quote!(#name::new(#(#args),*));
        if self.fill == Fill::Required || depth >= MAX_DEPTH {
            return built;
        }
        // Every optional field through its setter.
        let setters = s
            .fields
            .iter()
            .filter(|f| !matches!(f.presence, Presence::Required | Presence::RequiredNullable))
            .map(|f| {
                let setter = &f.setter;
                let v = self.setter_value(&f.ty, from(example, f), f.format.as_deref(), depth + 1);
                quote!(.#setter(#v))
            });
        // A field that must be present but may be null is set on the value itself.
        let nullable: Vec<TokenStream> = s
            .fields
            .iter()
            .filter(|f| f.presence == Presence::RequiredNullable)
            .map(|f| {
                let n = &f.rust;
                let v = self.value(&f.ty, from(example, f), f.format.as_deref(), depth + 1);
                let v = if f.boxed { quote!(Box::new(#v)) } else { v };
                quote!(value.#n = Some(#v);)
            })
            .collect();
        if nullable.is_empty() {
            quote!(#built #(#setters)*)
        } else {
            quote!({ let mut value = #built #(#setters)*; #(#nullable)* value })
        }
    }

    /// A value passed to a setter or constructor: strings as literals, which `impl Into<String>`
    /// takes as they are.
    fn setter_value(
        &self,
        ty: &Ty,
        example: Option<&Value>,
        format: Option<&str>,
        depth: usize,
    ) -> TokenStream {
        match ty {
            Ty::String => {
                let s = match example.filter(|e| !e.is_null()) {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => made_up_string(format),
                };
                quote!(#s)
            }
            _ => self.value(ty, example, format, depth),
        }
    }

    /// A union: the alternative the example fits, else the first.
    fn union_value(
        &self,
        name: &TokenStream,
        u: &UnionDef,
        example: Option<&Value>,
        format: Option<&str>,
        depth: usize,
    ) -> TokenStream {
        // The alternative the example fits, else the first.
        let fitting = example.and_then(|e| u.variants.iter().find(|v| fits(self.types, &v.ty, e)));
        let Some(v) = fitting.or(u.variants.first()) else {
            let j = json_tokens(example.unwrap_or(&Value::Null));
            let unknown = &u.unknown;
            return quote!(#name::#unknown(serde_json::json!(#j)));
        };
        // A tagged alternative carries its tag: put it into the example it is built from.
        let tagged;
        let example = match (&u.discriminator, v.tags.first()) {
            (Some(tag), Some(value)) => {
                let mut obj = example
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                obj.insert(tag.clone(), Value::String(value.clone()));
                tagged = Value::Object(obj);
                Some(&tagged)
            }
            _ => example,
        };
        let inner = self.value(&v.ty, example, format, depth + 1);
        let inner = if v.boxed {
            quote!(Box::new(#inner))
        } else {
            inner
        };
        let vname = &v.rust;
        quote!(#name::#vname(#inner))
    }
}

/// Whether a JSON example has the shape of `ty` (used to pick a union's alternative).
fn fits(types: &TypeSpace, ty: &Ty, example: &Value) -> bool {
    fits_in(types, ty, example, &mut Vec::new())
}

/// `seen`: the unions and aliases entered for this same example. Meeting one again (a union
/// listing itself) would only loop, so that path does not fit.
fn fits_in(types: &TypeSpace, ty: &Ty, example: &Value, seen: &mut Vec<TypeId>) -> bool {
    if let Ty::Named(id) = ty {
        if seen.contains(id) {
            return false;
        }
        seen.push(*id);
    }
    match (ty, example) {
        (Ty::String, Value::String(_)) | (Ty::Bool, Value::Bool(_)) => true,
        (Ty::I32 | Ty::I64, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Ty::F64, Value::Number(_)) => true,
        (Ty::Json, _) => true,
        (Ty::JsonObject | Ty::Map(_), Value::Object(_)) => true,
        (Ty::Vec(_), Value::Array(_)) => true,
        (Ty::Named(id), _) => match &types.get(*id).kind {
            TypeKind::Struct(_) => example.is_object(),
            TypeKind::Enum(e) => example
                .as_str()
                .is_some_and(|s| e.open || e.variants.iter().any(|v| v.wire == s)),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .any(|v| fits_in(types, &v.ty, example, seen)),
            TypeKind::Alias(t) => fits_in(types, t, example, seen),
            TypeKind::Pending => true,
        },
        _ => false,
    }
}

/// Whether a value of `ty` has an optional field anywhere, i.e. whether "every parameter set"
/// differs from "required parameters only".
fn has_optional(types: &TypeSpace, ty: &Ty, seen: &mut Vec<crate::ir::TypeId>) -> bool {
    match ty {
        Ty::Vec(inner) | Ty::Map(inner) => has_optional(types, inner, seen),
        Ty::Named(id) => {
            if seen.contains(id) {
                return false;
            }
            seen.push(*id);
            match &types.get(*id).kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .any(|f| f.presence != Presence::Required || has_optional(types, &f.ty, seen)),
                TypeKind::Union(u) => u.variants.iter().any(|v| has_optional(types, &v.ty, seen)),
                TypeKind::Alias(t) => has_optional(types, t, seen),
                TypeKind::Enum(_) | TypeKind::Pending => false,
            }
        }
        _ => false,
    }
}

/// Whether a call with everything set differs from one with the required parameters only:
/// it has setters, or an argument with an optional part.
pub(super) fn signature_has_optional(types: &TypeSpace, op: &Operation) -> bool {
    let body_optional = || {
        op.body
            .as_ref()
            .is_some_and(|b| has_optional(types, &b.ty, &mut Vec::new()))
    };
    match &op.signature {
        Signature::PathOnly => false,
        Signature::Body => body_optional(),
        Signature::BodyFields(setters) => !setters.is_empty(),
        Signature::Options(o) => {
            !o.setters.is_empty()
                || op
                    .option_params()
                    .any(|p| p.required && has_optional(types, &p.ty, &mut Vec::new()))
                || (!o.body_fields && body_optional())
        }
    }
}

impl Values<'_> {
    /// A declared type's path, from the crate under test.
    fn type_path(&self, home: &crate::ir::Home, name: &Name) -> TokenStream {
        let krate = self.krate;
        crate::emit::type_path(&quote!(#krate), home, name)
    }

    /// The arguments after the path arguments: required parameters, and the body when it is
    /// one argument.
    pub(crate) fn arguments(&self, op: &Operation) -> Vec<TokenStream> {
        let body = || op.body.as_ref().map(|b| self.value(&b.ty, None, None, 0));
        match &op.signature {
            Signature::PathOnly | Signature::BodyFields(_) => Vec::new(),
            Signature::Body => body().into_iter().collect(),
            Signature::Options(o) => {
                let mut args: Vec<TokenStream> = op
                    .option_params()
                    .filter(|p| p.required)
                    .map(|p| self.setter_value(&p.ty, p.example.as_ref(), p.format.as_deref(), 1))
                    .collect();
                if op.body.as_ref().is_some_and(|b| b.required) && !o.body_fields {
                    args.extend(body());
                }
                args
            }
        }
    }

    /// With [`Fill::All`], every setter of the call (`.name(value)`), else none.
    pub(super) fn setters(&self, op: &Operation) -> Vec<TokenStream> {
        if self.fill == Fill::Required {
            return Vec::new();
        }
        self.setter_calls(op)
    }

    /// Every setter of the call (`.name(value)`), whatever the fill; values are filled as
    /// `self.fill` says.
    pub(crate) fn setter_calls(&self, op: &Operation) -> Vec<TokenStream> {
        let setters = match &op.signature {
            Signature::BodyFields(s) => s.as_slice(),
            Signature::Options(o) => o.setters.as_slice(),
            Signature::PathOnly | Signature::Body => &[],
        };
        let fields = body_struct(self.types, op)
            .map(|s| s.fields.as_slice())
            .unwrap_or_default();
        setters
            .iter()
            .filter_map(|s| {
                let value = match s.target {
                    SetterTarget::Param(i) => {
                        let p = op.params.get(i)?;
                        self.setter_value(&p.ty, p.example.as_ref(), p.format.as_deref(), 1)
                    }
                    SetterTarget::BodyField(i) => {
                        let f = fields.get(i)?;
                        self.setter_value(&f.ty, f.example.as_ref(), f.format.as_deref(), 1)
                    }
                    SetterTarget::Body => self.value(&op.body.as_ref()?.ty, None, None, 0),
                };
                let name = &s.name;
                Some(quote!(.#name(#value)))
            })
            .collect()
    }
}

/// The body's struct, when the body is one.
fn body_struct<'a>(types: &'a TypeSpace, op: &Operation) -> Option<&'a StructDef> {
    match &op.body.as_ref()?.ty {
        Ty::Named(id) => match &types.get(*id).kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// A path argument: the example, or a value valid for the parameter's format.
pub(crate) fn path_arg(p: &Param) -> TokenStream {
    let example = p.example.as_ref();
    match p.ty {
        Ty::I32 | Ty::I64 => {
            let n = Literal::i64_unsuffixed(example.and_then(Value::as_i64).unwrap_or(1));
            quote!(#n)
        }
        _ => {
            let s = match example {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => made_up_string(p.format.as_deref()),
            };
            quote!(#s)
        }
    }
}

/// The path with its parameters' example values filled in, for raw requests.
pub(super) fn example_path(op: &Operation) -> String {
    let mut out = String::new();
    for (i, seg) in op.template.segments.iter().enumerate() {
        out.push_str(seg);
        if let Some(name) = op.template.params.get(i) {
            let value = op
                .path_params()
                .find(|p| &p.wire == name)
                .map(|p| match &p.example {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => made_up_string(p.format.as_deref()),
                })
                .unwrap_or_default();
            out.push_str(&value);
        }
    }
    out
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn a_union_listing_itself_does_not_loop() {
        use crate::ir::{Hint, TypeDef, UnionDef, UnionVariant};
        let mut types = TypeSpace::default();
        let variant = |ty| UnionVariant {
            rust: Name::default(),
            ty,
            tags: Vec::new(),
            boxed: true,
        };
        types.defs.push(TypeDef {
            name: Name::default(),
            hint: Hint::default(),
            pointer: String::new(),
            docs: None,
            kind: TypeKind::Union(UnionDef {
                discriminator: None,
                variants: vec![variant(Ty::Named(TypeId(0))), variant(Ty::String)],
                open: false,
                unknown: Name::default(),
            }),
            usage: Default::default(),
            home: Default::default(),
            shared: Vec::new(),
        });
        let ty = Ty::Named(TypeId(0));
        assert!(fits(&types, &ty, &serde_json::json!("a")));
        assert!(!fits(&types, &ty, &serde_json::json!(1)));
    }

    #[test]
    fn a_union_example_picks_the_alternative_it_fits() {
        let types = TypeSpace::default();
        let list = Ty::Vec(Box::new(Ty::String));
        assert!(fits(&types, &list, &serde_json::json!(["a"])));
        assert!(!fits(&types, &list, &serde_json::json!("a")));
        assert!(fits(&types, &Ty::String, &serde_json::json!("a")));
        assert!(!fits(&types, &Ty::I64, &serde_json::json!(1.5)));
    }
}
