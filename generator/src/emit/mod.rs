//! Emitting: IR → Rust token streams. Emitters read names from the IR; they never invent them.

pub mod docs;
pub mod gate;
pub mod models;
pub mod resources;
pub mod tests;
pub mod webhooks;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Ty, TypeSpace};

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
            let name = &types.get(*id).name;
            quote!(crate::models::#name)
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
        Ty::Named(id) => types.get(*id).name.to_string(),
        Ty::Vec(inner) => format!("Vec<{}>", ty_text(types, inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", ty_text(types, inner)),
        Ty::Json => "serde_json::Value".into(),
        Ty::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
        other => ty(types, other).to_string().replace(' ', ""),
    }
}
