//! Declared types and options structs: the items of `models` and of each resource module,
//! in name order. [`crate::layout`] decides which file each goes to.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::doc_attrs;
use crate::emit::setters::model_setters;
use crate::emit::{gate, ty};
use crate::ir::{
    Api, EnumDef, Field, Home, Location, Name, Operation, OptionsStruct, Presence, Signature,
    StructDef, Ty, TypeDef, TypeId, TypeKind, TypeSpace, UnionDef,
};

/// The types declared in one module, each with its name, in name order.
pub struct Declared {
    /// `(type name, its declaration and impls)`.
    pub items: Vec<(String, TokenStream)>,
}

/// Every declared type and options struct whose home is `home`, a list response's `Paged` impl
/// beside its type.
pub fn declared(api: &Api, home: &Home) -> Declared {
    let types = &api.types;
    let mut paged_impls: std::collections::BTreeMap<TypeId, TokenStream> = Default::default();
    for p in api
        .operations
        .iter()
        .filter_map(|op| op.pagination.as_ref())
    {
        paged_impls
            .entry(p.response)
            .or_insert_with(|| crate::emit::pagination::paged(types, p));
    }
    let mut items: Vec<(String, TokenStream)> = Vec::new();
    for (i, def) in types.defs.iter().enumerate() {
        if &def.home != home {
            continue;
        }
        let mut tokens = match &def.kind {
            TypeKind::Struct(s) => structure(types, def, s),
            TypeKind::Enum(e) => enumeration(def, e),
            TypeKind::Union(u) => union(types, def, u),
            TypeKind::Alias(t) => alias(types, def, t),
            TypeKind::Pending => alias(types, def, &Ty::Json),
        };
        tokens.extend(paged_impls.remove(&TypeId(i)));
        items.push((
            def.name.code(),
            gate::items(&gate::of_type(api, TypeId(i)), tokens),
        ));
    }
    for op in &api.operations {
        if let Signature::Options(o) = &op.signature
            && &o.home == home
        {
            let tokens = options(types, op, o);
            items.push((
                o.name.code(),
                gate::items(&gate::of_operation(api, op), tokens),
            ));
        }
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    Declared { items }
}

/// The inner attributes of a file of models.
pub fn models_header() -> TokenStream {
    quote! {
        //! Request and response types of the API.
        #![allow(clippy::large_enum_variant, clippy::doc_lazy_continuation)]
    }
}

fn type_docs(def: &TypeDef) -> TokenStream {
    let text = match &def.docs {
        Some(d) if !d.trim().is_empty() => d.clone(),
        _ => format!(
            "`{}`, from `{}` in the OpenAPI document.",
            def.name, def.pointer
        ),
    };
    doc_attrs(&text)
}

/// One field of an emitted struct: a schema property, or a parameter or the body of an
/// options struct.
struct FieldOut<'a> {
    name: &'a Name,
    wire: &'a str,
    ty: &'a Ty,
    presence: Presence,
    boxed: bool,
    docs: String,
    /// Travels outside the serialized fields (a header, the body, a file).
    skip: bool,
}

impl<'a> FieldOut<'a> {
    fn of(f: &'a Field) -> Self {
        let mut docs = match &f.docs {
            Some(d) if !d.trim().is_empty() => d.clone(),
            _ => format!("The `{}` field.", f.wire),
        };
        if f.presence == Presence::OptionalNullable {
            docs.push_str(
                "\n\n`Nullable::Null` sends an explicit `null`; `Nullable::Unset`, the default, leaves the field out.",
            );
        }
        FieldOut {
            name: &f.rust,
            wire: &f.wire,
            ty: &f.ty,
            presence: f.presence,
            boxed: f.boxed,
            docs,
            skip: is_file(&f.ty),
        }
    }

    fn tokens(&self, types: &TypeSpace) -> TokenStream {
        let fname = self.name;
        let inner = ty(types, self.ty);
        let inner = if self.boxed {
            quote!(Box<#inner>)
        } else {
            inner
        };
        let fty = match self.presence {
            Presence::Required => inner,
            Presence::RequiredNullable | Presence::Optional => quote!(Option<#inner>),
            Presence::OptionalNullable => quote!(crate::nullable::Nullable<#inner>),
        };
        let docs = doc_attrs(&self.docs);
        // The wire name in an attribute of its own: one short line each, where a combined
        // attribute wraps over five (structs of hundreds of fields stay readable and small).
        let rename = (self.name.bare() != self.wire && !self.skip).then(|| {
            let wire = self.wire;
            quote!(#[serde(rename = #wire)])
        });
        let serde = if self.skip {
            quote!(#[serde(skip)])
        } else {
            match self.presence {
                Presence::Required => TokenStream::new(),
                Presence::RequiredNullable => quote!(#[serde(default)]),
                Presence::Optional => {
                    quote!(#[serde(default, skip_serializing_if = "Option::is_none")])
                }
                Presence::OptionalNullable => quote!(
                    #[serde(default, skip_serializing_if = "crate::nullable::Nullable::is_unset")]
                ),
            }
        };
        let serde = quote!(#rename #serde);
        quote! { #docs #serde pub #fname: #fty, }
    }
}

/// A struct declaration with its fields and a `new(required fields…)` constructor.
fn struct_tokens(
    types: &TypeSpace,
    name: &Name,
    docs: TokenStream,
    fields: &[FieldOut<'_>],
    additional: Option<(&Name, &Ty)>,
    (deserialize, always_new): (bool, bool),
) -> TokenStream {
    let decls = fields.iter().map(|f| f.tokens(types));
    let additional_decl = additional.map(|(n, t)| {
        let t = ty(types, t);
        quote! {
            /// Properties beyond the named fields.
            #[serde(flatten)]
            pub #n: std::collections::BTreeMap<String, #t>,
        }
    });
    let required: Vec<&FieldOut> = fields
        .iter()
        .filter(|f| f.presence == Presence::Required)
        .collect();
    let default = required.is_empty().then(|| quote!(Default,));
    let de = deserialize.then(|| quote!(, serde::Deserialize));
    let derives = quote!(#[derive(Debug, Clone, PartialEq, #default serde::Serialize #de)]);
    let constructor = (always_new || !required.is_empty()).then(|| {
        let args = required.iter().map(|f| {
            let n = f.name;
            let t = if *f.ty == Ty::String {
                quote!(impl Into<String>)
            } else {
                ty(types, f.ty)
            };
            quote!(#n: #t)
        });
        let inits = fields.iter().map(|f| {
            let n = f.name;
            let value = if *f.ty == Ty::String {
                quote!(#n.into())
            } else {
                quote!(#n)
            };
            match (f.presence, f.boxed, *f.ty == Ty::String) {
                (Presence::Required, true, _) => quote!(#n: Box::new(#value)),
                (Presence::Required, false, true) => quote!(#n: #value),
                (Presence::Required, false, false) => quote!(#n),
                _ => quote!(#n: Default::default()),
            }
        });
        let extra = additional.map(|(n, _)| quote!(#n: Default::default(),));
        // A constructor mirrors the schema's required fields, however many there are.
        let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            impl #name {
                /// Creates a value from its required fields; the optional ones start empty.
                #allow
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits,)* #extra }
                }
            }
        }
    });
    quote! {
        #docs
        #derives
        pub struct #name {
            #(#decls)*
            #additional_decl
        }
        #constructor
    }
}

fn structure(types: &TypeSpace, def: &TypeDef, s: &StructDef) -> TokenStream {
    let name = &def.name;
    let fields: Vec<FieldOut> = s.fields.iter().map(FieldOut::of).collect();
    let additional = s.additional.as_ref().map(|t| (&s.additional_name, t));
    // Request models are built as `new(required…)` plus a setter per optional field.
    let request = def.usage.request;
    let declaration = struct_tokens(
        types,
        name,
        type_docs(def),
        &fields,
        additional,
        (true, request),
    );
    let setters = request.then(|| model_setters(types, name, s));
    let multipart = def.usage.multipart.then(|| {
        let files = s.fields.iter().filter(|f| is_file(&f.ty)).map(|f| {
            let n = &f.rust;
            let wire = &f.wire;
            let list = matches!(f.ty, Ty::Vec(_));
            let items = match (f.presence, list) {
                (Presence::Required, false) => quote!(std::iter::once(&self.#n)),
                (Presence::Required, true) => quote!(&self.#n),
                (Presence::Optional | Presence::RequiredNullable, false) => quote!(self.#n.as_ref()),
                (Presence::Optional | Presence::RequiredNullable, true) => quote!(self.#n.iter().flatten()),
                (Presence::OptionalNullable, false) => quote!(self.#n.as_value()),
                (Presence::OptionalNullable, true) => quote!(self.#n.as_value().into_iter().flatten()),
            };
            quote!(form.files(#wire, #items);)
        });
        quote! {
            impl crate::call::ToMultipart for #name {
                fn to_multipart(&self, form: &mut crate::call::MultipartForm) -> Result<(), crate::error::Error> {
                    form.text_fields(self)?;
                    #(#files)*
                    Ok(())
                }
            }
        }
    });
    quote! { #declaration #setters #multipart }
}

/// An operation's options struct: its query parameters (serialized into the query string),
/// its headers and its body (sent apart).
fn options(types: &TypeSpace, op: &Operation, o: &OptionsStruct) -> TokenStream {
    let presence = |required| {
        if required {
            Presence::Required
        } else {
            Presence::Optional
        }
    };
    let mut fields: Vec<FieldOut> = op
        .option_params()
        .map(|p| {
            let header = matches!(p.location, Location::Header | Location::Cookie);
            let mut docs = match &p.docs {
                Some(d) if !d.trim().is_empty() => d.clone(),
                _ => format!("The `{}` field.", p.wire),
            };
            if p.location == Location::Header {
                docs.push_str(&format!("\n\nSent as the `{}` header.", p.wire));
            } else if header {
                docs.push_str(&format!("\n\nSent as the `{}` cookie.", p.wire));
            }
            FieldOut {
                name: &p.rust,
                wire: &p.wire,
                ty: &p.ty,
                presence: presence(p.required),
                boxed: false,
                docs,
                skip: header,
            }
        })
        .collect();
    if let (Some(body), Some(field)) = (&op.body, &o.body_field) {
        fields.push(FieldOut {
            name: field,
            wire: "body",
            ty: &body.ty,
            presence: presence(body.required),
            boxed: false,
            docs: "The request body.".into(),
            skip: true,
        });
    }
    let docs = doc_attrs(&format!(
        "Parameters of `{} {}`.",
        op.method.as_str(),
        op.path
    ));
    struct_tokens(types, &o.name, docs, &fields, None, (false, false))
}

/// Whether a union alternative implements `ToMultipart`: generated structs and unions marked
/// multipart do, and the runtime implements it for free-form objects and maps.
fn has_multipart_impl(types: &TypeSpace, t: &Ty, depth: usize) -> bool {
    match t {
        Ty::Json | Ty::JsonObject | Ty::Map(_) => true,
        Ty::Named(id) if depth < 64 => {
            let def = types.get(*id);
            match &def.kind {
                TypeKind::Struct(_) | TypeKind::Union(_) => def.usage.multipart,
                TypeKind::Alias(inner) => has_multipart_impl(types, inner, depth + 1),
                TypeKind::Enum(_) | TypeKind::Pending => false,
            }
        }
        _ => false,
    }
}

/// A file of a multipart body, or a list of them.
fn is_file(t: &Ty) -> bool {
    match t {
        Ty::File => true,
        Ty::Vec(inner) => **inner == Ty::File,
        _ => false,
    }
}

fn enumeration(def: &TypeDef, e: &EnumDef) -> TokenStream {
    let name = &def.name;
    let docs = type_docs(def);
    let unknown = &e.unknown;
    let variants: Vec<_> = e
        .variants
        .iter()
        .map(|v| (&v.rust, v.wire.as_str()))
        .collect();
    let as_str_arms = variants.iter().map(|(v, w)| quote!(Self::#v => #w,));
    let display = quote! {
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
    if !e.open {
        let decls = variants.iter().map(|(v, w)| {
            let doc = format!(" `{w}`");
            quote!(#[doc = #doc] #[serde(rename = #w)] #v,)
        });
        return quote! {
            #docs
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
            pub enum #name { #(#decls)* }
            impl #name {
                /// The value as sent on the wire.
                pub fn as_str(&self) -> &'static str {
                    match self { #(#as_str_arms)* }
                }
            }
            #display
        };
    }
    let decls = variants.iter().map(|(v, w)| {
        let doc = format!(" `{w}`");
        quote!(#[doc = #doc] #v,)
    });
    let from_arms = variants.iter().map(|(v, w)| quote!(#w => Self::#v,));
    quote! {
        #docs
        ///
        /// Values this client does not know yet are kept in `Unknown`, so a new server value never
        /// fails a call.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#decls)*
            /// A value this client does not know, kept as sent.
            #unknown(String),
        }
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self { #(#as_str_arms)* Self::#unknown(other) => other.as_str() }
            }
            /// The variant for a wire value; unlisted values become `Unknown`.
            pub fn from_wire(value: &str) -> Self {
                match value { #(#from_arms)* other => Self::#unknown(other.to_string()) }
            }
        }
        #display
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from_wire(&value))
            }
        }
    }
}

fn union(types: &TypeSpace, def: &TypeDef, u: &UnionDef) -> TokenStream {
    let name = &def.name;
    let unknown = &u.unknown;
    let docs = type_docs(def);
    let decls = u.variants.iter().map(|v| {
        let vname = &v.rust;
        let t = ty(types, &v.ty);
        let t = if v.boxed { quote!(Box<#t>) } else { t };
        let doc = if v.tags.is_empty() {
            format!(" The `{}` alternative.", crate::emit::ty_text(types, &v.ty))
        } else {
            format!(
                " `{}`: {}.",
                u.discriminator.as_deref().unwrap_or(""),
                v.tags
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        quote!(#[doc = #doc] #vname(#t),)
    });
    let unknown_decl = u.open.then(|| {
        quote! {
            /// A payload this client does not recognise, kept as sent.
            #unknown(serde_json::Value),
        }
    });
    let multipart = def.usage.multipart.then(|| union_multipart(types, def, u));
    let Some(tag) = &u.discriminator else {
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            pub enum #name { #(#decls)* #unknown_decl }
            #multipart
        };
    };
    let serde = tagged_serde(name, u, tag);
    let tag_doc = format!(" Tagged by `{tag}`.");
    quote! {
        #docs
        ///
        #[doc = #tag_doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #(#decls)* #unknown_decl }
        #serde
        #multipart
    }
}

/// `ToMultipart` for a union: each alternative encodes itself.
fn union_multipart(types: &TypeSpace, def: &TypeDef, u: &UnionDef) -> TokenStream {
    let (name, unknown) = (&def.name, &u.unknown);
    let arms = u.variants.iter().map(|v| {
        let vname = &v.rust;
        if has_multipart_impl(types, &v.ty, 0) {
            let v_ref = if v.boxed { quote!(&**v) } else { quote!(v) };
            quote!(Self::#vname(v) => crate::call::ToMultipart::to_multipart(#v_ref, form),)
        } else {
            // Not an object: the encoder reports that it has no fields when sent.
            quote!(Self::#vname(v) => form.text_fields(v),)
        }
    });
    let unknown_arm = u
        .open
        .then(|| quote!(Self::#unknown(v) => crate::call::ToMultipart::to_multipart(v, form),));
    quote! {
        impl crate::call::ToMultipart for #name {
            fn to_multipart(&self, form: &mut crate::call::MultipartForm) -> Result<(), crate::error::Error> {
                match self { #(#arms)* #unknown_arm }
            }
        }
    }
}

/// `Serialize` and `Deserialize` for a union tagged by `tag`: the tag picks the alternative.
fn tagged_serde(name: &Name, u: &UnionDef, tag: &str) -> TokenStream {
    let unknown = &u.unknown;
    let ser_arms = u.variants.iter().map(|v| {
        let vname = &v.rust;
        quote!(Self::#vname(value) => serde::Serialize::serialize(value, serializer),)
    });
    let ser_unknown = u
        .open
        .then(|| quote!(Self::#unknown(value) => serde::Serialize::serialize(value, serializer),));
    let de_arms = u.variants.iter().map(|v| {
        let vname = &v.rust;
        let tags = &v.tags;
        let wrap = if v.boxed { quote!(|v| Self::#vname(Box::new(v))) } else { quote!(Self::#vname) };
        quote!(Some(#(#tags)|*) => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),)
    });
    let fallback = if u.open {
        quote!(_ => Ok(Self::#unknown(value)),)
    } else {
        let msg = format!("unknown or missing `{tag}`");
        quote!(_ => Err(serde::de::Error::custom(#msg)),)
    };
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self { #(#ser_arms)* #ser_unknown }
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#tag).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() { #(#de_arms)* #fallback }
            }
        }
    }
}

fn alias(types: &TypeSpace, def: &TypeDef, t: &Ty) -> TokenStream {
    let name = &def.name;
    let docs = type_docs(def);
    let t = ty(types, t);
    quote! { #docs pub type #name = #t; }
}
