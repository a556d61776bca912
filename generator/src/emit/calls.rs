//! What a generated method's call carries: its arguments, the parameters value it starts with,
//! how those parameters are encoded when sent, and the chained setters that change them.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::setters::{argument, setter_docs};
use crate::emit::ty;
use crate::ir::{
    Api, Body, BodyEncoding, Field, Location, Operation, OptionsStruct, Presence, Setter,
    SetterTarget, Signature, Ty, TypeKind, TypeSpace,
};

/// The parameters a call carries: their type, their starting value, and their encoder.
pub(super) struct Carried {
    /// The call's `P`.
    pub ty: TokenStream,
    /// The starting value, built from the method's arguments.
    pub init: TokenStream,
    /// `fn(Call<T>, P) -> Call<T>`, as a closure.
    pub apply: TokenStream,
}

/// The method's arguments after the path arguments: required parameters, then the body when
/// it is one argument.
pub(super) fn arguments(types: &TypeSpace, op: &Operation) -> Vec<TokenStream> {
    let params = &op.params_arg;
    match &op.signature {
        Signature::PathOnly | Signature::BodyFields(_) => Vec::new(),
        Signature::Body => op
            .body
            .iter()
            .map(|b| {
                let t = ty(types, &b.ty);
                quote!(#params: #t)
            })
            .collect(),
        Signature::Options(o) => {
            let mut args: Vec<TokenStream> = op
                .option_params()
                .filter(|p| p.required)
                .map(|p| {
                    let n = &p.rust;
                    let t = if p.ty == Ty::String {
                        quote!(impl Into<String>)
                    } else {
                        ty(types, &p.ty)
                    };
                    quote!(#n: #t)
                })
                .collect();
            if let Some(b) = op.body.as_ref().filter(|b| b.required && !o.body_fields) {
                let t = ty(types, &b.ty);
                args.push(quote!(#params: #t));
            }
            args
        }
    }
}

/// The names of the method's arguments after the path arguments, as prose shows them.
pub(crate) fn argument_names(op: &Operation) -> Vec<String> {
    let params = op.params_arg.bare().to_string();
    match &op.signature {
        Signature::PathOnly | Signature::BodyFields(_) => Vec::new(),
        Signature::Body => op.body.iter().map(|_| params.clone()).collect(),
        Signature::Options(o) => {
            let mut names: Vec<String> = op
                .option_params()
                .filter(|p| p.required)
                .map(|p| p.rust.bare().to_string())
                .collect();
            if op.body.as_ref().is_some_and(|b| b.required) && !o.body_fields {
                names.push(params);
            }
            names
        }
    }
}

/// What the call carries, for operations with setters or an options struct.
pub(super) fn carried(types: &TypeSpace, op: &Operation, encode: TokenStream) -> Option<Carried> {
    let params = &op.params_arg;
    match &op.signature {
        Signature::PathOnly | Signature::Body => None,
        Signature::BodyFields(_) => {
            let b = op.body.as_ref()?;
            let t = ty(types, &b.ty);
            let (ty, init) = if b.required {
                (t, quote!(Default::default()))
            } else {
                (quote!(Option<#t>), quote!(None))
            };
            let attach = attach_body(b, quote!(#params), b.required);
            Some(Carried {
                ty,
                init,
                apply: quote!(|call, #params| #attach),
            })
        }
        Signature::Options(o) => Some(options(op, o, encode)),
    }
}

/// An options struct: built from the required arguments, encoded by `encode` (the query and
/// header steps) and then the body.
fn options(op: &Operation, o: &OptionsStruct, encode: TokenStream) -> Carried {
    let params = &op.params_arg;
    let name = &o.name;
    let mut inits: Vec<TokenStream> = op
        .option_params()
        .map(|p| {
            let n = &p.rust;
            match (p.required, p.ty == Ty::String) {
                (true, true) => quote!(#n: #n.into()),
                (true, false) => quote!(#n),
                (false, _) => quote!(#n: None),
            }
        })
        .collect();
    let mut steps = encode;
    if let (Some(b), Some(field)) = (&op.body, &o.body_field) {
        inits.push(match (b.required, o.body_fields) {
            (true, false) => quote!(#field: #params),
            (true, true) => quote!(#field: Default::default()),
            (false, _) => quote!(#field: None),
        });
        let attach = attach_body(b, quote!(#params.#field), b.required);
        steps = quote! { let call = call #steps; #attach };
    } else {
        steps = quote!(call #steps);
    }
    let path = crate::emit::type_path(&quote!(crate), &o.home, name);
    Carried {
        ty: path.clone(),
        init: quote!(#path { #(#inits,)* }),
        apply: quote!(|call, #params| { #steps }),
    }
}

/// `call` with the body in `value` attached; an optional body (`Option`) only when present.
fn attach_body(b: &Body, value: TokenStream, required: bool) -> TokenStream {
    let by_ref = |v: &TokenStream| quote!(&#v);
    let with = |v: TokenStream, is_ref: bool| {
        let r = if is_ref { v.clone() } else { by_ref(&v) };
        match b.encoding {
            BodyEncoding::Json => quote!(with_json(#r)),
            BodyEncoding::Form => quote!(with_form(#r)),
            BodyEncoding::Multipart => quote!(with_multipart(#r)),
            BodyEncoding::Bytes => {
                let media = &b.media_type;
                quote!(with_bytes(#v, #media))
            }
        }
    };
    if required {
        let w = with(value, false);
        quote!(call.#w)
    } else {
        let w = with(quote!(body), false);
        quote!(match #value { Some(body) => call.#w, None => call })
    }
}

/// The setter impls of an operation's call (and list call), each `P` type once: flattened
/// bodies shared by several operations share their setters.
pub(super) fn setter_impls(api: &Api, op: &Operation, done: &mut BTreeSet<String>) -> TokenStream {
    let types = &api.types;
    let (setters, carried): (&[Setter], _) = match &op.signature {
        Signature::BodyFields(s) => (s, carried(types, op, TokenStream::new())),
        Signature::Options(o) => (&o.setters, carried(types, op, TokenStream::new())),
        Signature::PathOnly | Signature::Body => return TokenStream::new(),
    };
    let Some(carried) = carried else {
        return TokenStream::new();
    };
    let fns: Vec<TokenStream> = setters.iter().map(|s| setter_fn(types, op, s)).collect();
    if fns.is_empty() {
        return TokenStream::new();
    }
    let p = &carried.ty;
    let mut out = TokenStream::new();
    let plain = op.pagination.is_none() || !op.alternatives.is_empty();
    if plain && done.insert(format!("call {p}")) {
        out.extend(quote! {
            impl<T> crate::call::Call<T, #p> { #(#fns)* }
        });
    }
    if op.pagination.is_some() && done.insert(format!("list {p}")) {
        out.extend(quote! {
            impl<R: crate::pagination::Paged> crate::pagination::ListCall<R, #p> { #(#fns)* }
        });
    }
    out
}

/// The fields of the body struct, when the body is one.
fn body_fields<'a>(types: &'a TypeSpace, op: &Operation) -> &'a [Field] {
    match op.body.as_ref().map(|b| &b.ty) {
        Some(Ty::Named(id)) => match &types.get(*id).kind {
            TypeKind::Struct(s) => &s.fields,
            _ => &[],
        },
        _ => &[],
    }
}

/// One setter: stores its value where the carried parameters keep it.
fn setter_fn(types: &TypeSpace, op: &Operation, s: &Setter) -> TokenStream {
    let name = &s.name;
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    // The body inside the carried value: the options struct's field, or the value itself
    // (fields and methods reach it through the reference; assigning it needs `*p`).
    let (body, body_place) = match &op.signature {
        Signature::Options(o) => {
            let f = &o.body_field;
            (quote!(p.#f), quote!(p.#f))
        }
        _ => (quote!(p), quote!(*p)),
    };
    let (arg, store, docs) = match s.target {
        SetterTarget::Param(i) => {
            let Some(param) = op.params.get(i) else {
                return TokenStream::new();
            };
            let (arg, stored) = argument(types, &param.ty, Presence::Optional, false);
            let n = &param.rust;
            let sends = match param.location {
                Location::Header => format!("Sent as the `{}` header.", param.wire),
                _ => format!("Sent as the `{}` query parameter.", param.wire),
            };
            let docs = setter_docs(param.docs.as_deref(), &param.wire, &sends);
            (arg, quote!(p.#n = #stored), docs)
        }
        SetterTarget::BodyField(i) => {
            let Some(f) = body_fields(types, op).get(i) else {
                return TokenStream::new();
            };
            let (arg, stored) = argument(types, &f.ty, f.presence, f.boxed);
            let n = &f.rust;
            let target = if body_required {
                quote!(#body.#n)
            } else {
                quote!(#body.get_or_insert_with(Default::default).#n)
            };
            let sends = format!("Sent as the body's `{}` field.", f.wire);
            let docs = setter_docs(f.docs.as_deref(), &f.wire, &sends);
            (arg, quote!(#target = #stored), docs)
        }
        SetterTarget::Body => {
            let Some(b) = op.body.as_ref() else {
                return TokenStream::new();
            };
            let t = ty(types, &b.ty);
            let docs = setter_docs(Some("The request body."), "body", "Left out when not set.");
            (t, quote!(#body_place = Some(value)), docs)
        }
    };
    quote! {
        #docs
        pub fn #name(self, value: #arg) -> Self {
            self.map_params(|p| #store)
        }
    }
}
