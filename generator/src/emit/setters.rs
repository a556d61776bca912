//! Chained setters: the argument a setter takes for a field, and a request model's setters.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::doc_attrs;
use crate::emit::ty;
use crate::ir::{Field, Name, Presence, StructDef, Ty, TypeSpace};

/// A setter's parameter type and the expression that stores `value` in an optional field of
/// type `t` (strings and nullable fields take anything that converts).
pub(super) fn argument(
    types: &TypeSpace,
    t: &Ty,
    presence: Presence,
    boxed: bool,
) -> (TokenStream, TokenStream) {
    let inner = ty(types, t);
    let boxed_value = |v: TokenStream| if boxed { quote!(Box::new(#v)) } else { v };
    match presence {
        Presence::OptionalNullable => {
            let arg = quote!(impl Into<crate::nullable::Nullable<#inner>>);
            let stored = if boxed {
                quote!(value.into().map(Box::new))
            } else {
                quote!(value.into())
            };
            (arg, stored)
        }
        _ if *t == Ty::String => {
            let v = boxed_value(quote!(value.into()));
            (quote!(impl Into<String>), wrap(presence, v))
        }
        _ => (inner, wrap(presence, boxed_value(quote!(value)))),
    }
}

/// `Some(value)` where the field is an `Option`.
fn wrap(presence: Presence, value: TokenStream) -> TokenStream {
    match presence {
        Presence::Required => value,
        _ => quote!(Some(#value)),
    }
}

/// A setter's docs: the field's, then what it sets.
pub(super) fn setter_docs(docs: Option<&str>, wire: &str, sends: &str) -> TokenStream {
    let mut text = match docs {
        Some(d) if !d.trim().is_empty() => d.trim().to_string(),
        _ => format!("Sets `{wire}`."),
    };
    text.push_str(&format!("\n\n{sends}"));
    doc_attrs(&text)
}

/// A request model's setters: one per optional field, taking and returning the value.
pub(super) fn model_setters(types: &TypeSpace, name: &Name, s: &StructDef) -> TokenStream {
    let setters: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| f.presence != Presence::Required && f.presence != Presence::RequiredNullable)
        .map(|f| model_setter(types, f))
        .collect();
    if setters.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl #name {
            #(#setters)*
        }
    }
}

fn model_setter(types: &TypeSpace, f: &Field) -> TokenStream {
    let (arg, stored) = argument(types, &f.ty, f.presence, f.boxed);
    let (field, setter) = (&f.rust, &f.setter);
    let sends = if f.presence == Presence::OptionalNullable {
        format!("Sets `{}`; pass `Nullable::Null` to send `null`.", f.wire)
    } else {
        format!("Sets `{}`.", f.wire)
    };
    let docs = setter_docs(f.docs.as_deref(), &f.wire, &sends);
    quote! {
        #docs
        pub fn #setter(mut self, value: #arg) -> Self {
            self.#field = #stored;
            self
        }
    }
}
