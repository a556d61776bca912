//! Emitting: IR → Rust token streams. Emitters read names from the IR; they never invent them.

pub mod auth;
pub(crate) mod calls;
pub mod docs;
pub mod examples;
pub mod gate;
pub mod models;
pub mod pagination;
pub mod resources;
mod setters;
pub mod tests;
pub mod webhooks;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Home, Name, Ty, TypeSpace};

/// The Rust type of a use.
pub fn ty(types: &TypeSpace, t: &Ty) -> TokenStream {
    match t {
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F64 => quote!(f64),
        Ty::Json => quote!(serde_json::Value),
        Ty::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        Ty::Named(id) => {
            let def = types.get(*id);
            type_path(&quote!(crate), &def.home, &def.name)
        }
        Ty::Vec(inner) => {
            let inner = ty(types, inner);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty(types, inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        Ty::Bytes => quote!(bytes::Bytes),
        Ty::File => quote!(crate::call::FilePart),
    }
}

/// The type as a reader sees it in docs (`Vec<PortingOrder>`).
pub fn ty_text(types: &TypeSpace, t: &Ty) -> String {
    match t {
        Ty::Named(id) => {
            let def = types.get(*id);
            type_path_text(&def.home, &def.name)
        }
        Ty::Vec(inner) => format!("Vec<{}>", ty_text(types, inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", ty_text(types, inner)),
        Ty::Json => "serde_json::Value".into(),
        Ty::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
        other => ty(types, other).to_string().replace(' ', ""),
    }
}

/// The Rust path of a declared type, from `root`: `crate` inside the generated crate, its
/// library name in tests and examples. The one place that knows where types live.
pub fn type_path(root: &TokenStream, home: &Home, name: &Name) -> TokenStream {
    match home {
        Home::Models => quote!(#root::models::#name),
        Home::Resource(path) => quote!(#root::resources #(::#path)* ::#name),
    }
}

/// The path a reader writes from the crate root: a model by its name alone, a resource's type
/// through the resource module re-exported there (`porting_orders::ListParams`).
pub fn type_path_text(home: &Home, name: &Name) -> String {
    match home {
        Home::Models => name.to_string(),
        Home::Resource(path) => {
            let mut parts: Vec<String> = path.iter().map(Name::to_string).collect();
            parts.push(name.to_string());
            parts.join("::")
        }
    }
}
