//! `#[cfg(feature = …)]` attributes for per-resource features: one helper per kind of emitted
//! item, reading the gates [`crate::lower::reach`] computed. Without features every helper
//! returns its input unchanged, so the output stays as it was.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Operation, Presence, Resource, TypeId, TypeKind};
use crate::lower::reach::{Gate, resource_feature};

/// The attribute for a gate: nothing for [`Gate::Always`].
pub fn attr(gate: &Gate) -> TokenStream {
    match gate {
        Gate::Always => TokenStream::new(),
        Gate::Any(set) => {
            let each = set.iter().map(|f| quote!(feature = #f));
            if set.len() == 1 {
                quote!(#[cfg(#(#each)*)])
            } else {
                quote!(#[cfg(any(#(#each),*))])
            }
        }
    }
}

/// The condition alone (`feature = "a"`, `any(…)`), for `cfg_attr` in templates; `None` when
/// always on.
pub fn condition(gate: &Gate) -> Option<String> {
    let Gate::Any(set) = gate else { return None };
    let each: Vec<String> = set.iter().map(|f| format!("feature = {f:?}")).collect();
    Some(if each.len() == 1 {
        each.concat()
    } else {
        format!("any({})", each.join(", "))
    })
}

/// Puts every item of `tokens` under `gate`.
pub fn items(gate: &Gate, tokens: TokenStream) -> TokenStream {
    let cfg = attr(gate);
    if cfg.is_empty() {
        return tokens;
    }
    // An item list that does not parse is returned as is; rendering reports it with its path.
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => file.items.iter().map(|item| quote!(#cfg #item)).collect(),
        Err(_) => tokens,
    }
}

/// The gate of a declared type.
pub fn of_type(api: &Api, id: TypeId) -> Gate {
    api.features
        .as_ref()
        .map_or(Gate::Always, |f| f.of_type(id).clone())
}

/// The gate of an operation's own items (options struct, tests): its top-level resource's
/// feature.
pub fn of_operation(api: &Api, op: &Operation) -> Gate {
    match (&api.features, resource_feature(op)) {
        (Some(_), Some(f)) => Gate::Any(BTreeSet::from([f])),
        _ => Gate::Always,
    }
}

/// The gate of the private `deserialize_some` helper: the structs with optional nullable
/// fields use it.
pub fn optional_nullable_users(api: &Api) -> Gate {
    let users: Vec<Gate> = (0..api.types.defs.len())
        .map(TypeId)
        .filter(|&id| match &api.types.get(id).kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .any(|f| f.presence == Presence::OptionalNullable),
            _ => false,
        })
        .map(|id| of_type(api, id))
        .collect();
    Gate::union(&users)
}

/// The attribute of a top-level resource's module and `Client` accessor: nothing for deeper
/// resources, which sit inside their top-level module.
pub fn resource(api: &Api, node: &Resource) -> TokenStream {
    match (&api.features, node.path.as_slice()) {
        (Some(_), [only]) => {
            let f = only.bare();
            quote!(#[cfg(feature = #f)])
        }
        _ => TokenStream::new(),
    }
}

/// Inner attribute for the mock-server test module: with features, a build with only some of
/// them leaves some shared helpers and imports unused.
pub fn tests_allowance(api: &Api) -> TokenStream {
    if api.features.is_some() {
        quote!(#![allow(dead_code, unused_imports)])
    } else {
        TokenStream::new()
    }
}
