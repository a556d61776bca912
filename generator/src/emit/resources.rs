//! The `resources` modules: one accessor struct per resource, with a method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::{doc_attrs, paragraphs};
use crate::emit::{ident, ty, ty_text};
use crate::ir::{
    Api, Body, BodyEncoding, Operation, ParamsArg, Payload, Presence, Resource, Ty, TypeKind,
    TypeSpace,
};

/// A resource module: its path below `src/resources/` and its tokens.
pub struct ResourceFile {
    /// Module path segments, e.g. `["porting_orders", "actions"]`; empty for `mod.rs`.
    pub path: Vec<String>,
    /// File contents.
    pub tokens: TokenStream,
}

/// Every resource module, the root (`resources/mod.rs`, which extends `Client`) first.
pub fn resource_files(api: &Api) -> Vec<ResourceFile> {
    let mut out = Vec::new();
    walk(api, &api.root, &mut out);
    out
}

fn walk(api: &Api, node: &Resource, out: &mut Vec<ResourceFile>) {
    out.push(ResourceFile {
        path: node
            .path
            .iter()
            .map(|s| s.trim_start_matches("r#").to_string())
            .collect(),
        tokens: module(api, node),
    });
    for child in &node.children {
        walk(api, child, out);
    }
}

fn module(api: &Api, node: &Resource) -> TokenStream {
    let is_root = node.path.is_empty();
    let mods = node.children.iter().map(|c| {
        let m = ident(c.path.last().map(String::as_str).unwrap_or_default());
        let doc = format!(" The `{}` resource.", c.path.join("."));
        quote!(#[doc = #doc] pub mod #m;)
    });
    let accessors = node.children.iter().map(|c| {
        let seg = c.path.last().map(String::as_str).unwrap_or_default();
        let m = ident(seg);
        let t = ident(&c.type_name);
        let doc = format!(" Operations on `{}`.", c.path.join("."));
        let client = if is_root {
            quote!(self)
        } else {
            quote!(self.client)
        };
        let lifetime = if is_root { quote!('_) } else { quote!('a) };
        quote! {
            #[doc = #doc]
            pub fn #m(&self) -> #m::#t<#lifetime> { #m::#t { client: #client } }
        }
    });
    let methods: Vec<TokenStream> = node
        .operations
        .iter()
        .flat_map(|&i| methods(api, &api.operations[i], is_root))
        .collect();
    if is_root {
        return quote! {
            //! Resource accessors, grouped as the official Telnyx SDKs group them.
            #![allow(clippy::doc_lazy_continuation)]
            #(#mods)*
            impl crate::client::Client {
                #(#accessors)*
                #(#methods)*
            }
        };
    }
    let name = ident(&node.type_name);
    let doc = format!(
        " Operations on `{}`, reached through `client.{}`.",
        node.path.join("."),
        node.path
            .iter()
            .map(|p| format!("{}()", p.trim_start_matches("r#")))
            .collect::<Vec<_>>()
            .join(".")
    );
    let module_doc = format!(" The `{}` resource.", node.path.join("."));
    // Document prose keeps its own list layout, which clippy reads as lazy continuations.
    quote! {
        #![doc = #module_doc]
        #![allow(clippy::doc_lazy_continuation)]
        #(#mods)*
        #[doc = #doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'a> {
            pub(crate) client: &'a crate::client::Client,
        }
        impl<'a> #name<'a> {
            #(#accessors)*
            #(#methods)*
        }
    }
}

/// What a payload makes the method return, how it decodes, and what it accepts.
fn payload_parts(
    types: &TypeSpace,
    payload: &Payload,
) -> (TokenStream, TokenStream, Option<String>) {
    match payload {
        Payload::Json(t) => {
            let t = ty(types, t);
            (t.clone(), quote!(crate::decode::json::<#t>), None)
        }
        Payload::Bytes(media) => (
            quote!(bytes::Bytes),
            quote!(crate::decode::bytes),
            Some(media.clone()),
        ),
        Payload::Text(media) => (
            quote!(String),
            quote!(crate::decode::text),
            Some(media.clone()),
        ),
        Payload::Empty => (quote!(()), quote!(crate::decode::empty), None),
    }
}

/// The primary method of an operation, plus one per alternative media type.
fn methods(api: &Api, op: &Operation, is_root: bool) -> Vec<TokenStream> {
    let mut out = vec![method(
        api,
        op,
        &op.method_name,
        &op.payload,
        op.pagination.is_some(),
        is_root,
    )];
    for alt in &op.alternatives {
        out.push(method(
            api,
            op,
            &alt.method_name,
            &alt.payload,
            false,
            is_root,
        ));
    }
    out
}

fn method(
    api: &Api,
    op: &Operation,
    name: &str,
    payload: &Payload,
    paginated: bool,
    is_root: bool,
) -> TokenStream {
    let types = &api.types;
    let fname = ident(name);
    let mut args = Vec::new();
    let mut path_args = Vec::new();
    for p in &op.path_params {
        let n = ident(&p.rust);
        match p.ty {
            Ty::String => {
                args.push(quote!(#n: &str));
                path_args.push(quote!(#n));
            }
            _ => {
                let t = ty(types, &p.ty);
                args.push(quote!(#n: #t));
                path_args.push(quote!(&#n.to_string()));
            }
        }
    }
    let params_ty = match &op.params {
        ParamsArg::Query(id) => Some(ty(types, &Ty::Named(*id))),
        ParamsArg::Body => op.body.as_ref().map(|b| ty(types, &b.ty)),
        ParamsArg::None => None,
    };
    if let Some(t) = &params_ty {
        args.push(quote!(params: #t));
    }
    let segments = &op.template.segments;
    let method = ident(op.method.as_str());
    let (ret, decode, accept) = payload_parts(types, payload);
    let client = if is_root {
        quote!(self)
    } else {
        quote!(self.client)
    };
    let mut chain = quote! {
        crate::call::Call::new(#client, reqwest::Method::#method, crate::path::render(&[#(#segments),*], &[#(#path_args),*]), #decode)
    };
    if let ParamsArg::Query(id) = op.params {
        let fields = match &types.get(id).kind {
            TypeKind::Struct(s) => s.fields.as_slice(),
            _ => &[],
        };
        if fields.iter().any(|f| !f.header && !f.body) {
            chain = quote!(#chain.with_query(&params));
        }
        for f in fields.iter().filter(|f| f.header) {
            let n = ident(&f.rust);
            let wire = &f.wire;
            let value = match f.presence {
                Presence::Required => quote!(Some(&params.#n)),
                Presence::Optional | Presence::RequiredNullable => quote!(params.#n.as_ref()),
                Presence::OptionalNullable => quote!(params.#n.as_ref().and_then(Option::as_ref)),
            };
            chain = quote!(#chain.with_header_param(#wire, #value));
        }
    }
    if let Some(media) = &accept {
        chain = quote!(#chain.with_accept(#media));
    }
    let (ret, tail) = if paginated {
        let key = op
            .pagination
            .as_ref()
            .map(|p| p.page_number_key.clone())
            .unwrap_or_default();
        (
            quote!(crate::pagination::ListCall<#ret>),
            quote!(.paginate(#key)),
        )
    } else {
        (quote!(crate::call::Call<#ret>), TokenStream::new())
    };
    // How the body value is attached: `value` is a place holding it, or with `is_ref` a reference.
    let attach = |b: &Body, value: TokenStream, is_ref: bool| {
        let by_ref = if is_ref {
            value.clone()
        } else {
            quote!(&#value)
        };
        match b.encoding {
            BodyEncoding::Json => quote!(with_json(#by_ref)),
            BodyEncoding::Form => quote!(with_form(#by_ref)),
            BodyEncoding::Multipart => quote!(with_multipart(#by_ref)),
            BodyEncoding::Bytes => {
                let media = &b.media_type;
                quote!(with_bytes(#value, #media))
            }
        }
    };
    // The body's field in the parameter struct (named by the naming pass, usually `body`).
    let body_field = match &op.params {
        ParamsArg::Query(id) => match &types.get(*id).kind {
            TypeKind::Struct(s) => s.fields.iter().find(|f| f.body).map(|f| ident(&f.rust)),
            _ => None,
        },
        _ => None,
    }
    .unwrap_or_else(|| ident("body"));
    let body = match (&op.params, &op.body) {
        (ParamsArg::Body, Some(b)) => {
            let with = attach(b, quote!(params), false);
            quote!(#chain.#with #tail)
        }
        (ParamsArg::Query(_), Some(b)) if op.body_required => {
            let with = attach(b, quote!(params.#body_field), false);
            quote!(#chain.#with #tail)
        }
        (ParamsArg::Query(_), Some(b)) => {
            // Bytes are moved into the call; other bodies are serialized from a reference.
            let (scrutinee, with) = if b.encoding == BodyEncoding::Bytes {
                (quote!(params.#body_field), attach(b, quote!(body), false))
            } else {
                (quote!(&params.#body_field), attach(b, quote!(body), true))
            };
            let pick = quote!(match #scrutinee { Some(body) => call.#with, None => call });
            if tail.is_empty() {
                quote! { let call = #chain; #pick }
            } else {
                quote! { let call = #chain; let call = #pick; call #tail }
            }
        }
        _ => quote!(#chain #tail),
    };
    let docs = doc_attrs(&method_docs(api, op, payload, paginated));
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated(note = "marked deprecated in the OpenAPI document")]));
    quote! {
        #docs
        #deprecated
        pub fn #fname(&self, #(#args),*) -> #ret {
            #body
        }
    }
}

fn method_docs(api: &Api, op: &Operation, payload: &Payload, paginated: bool) -> String {
    let wire = format!("`{} {}`", op.method.as_str(), op.path);
    let returns = match (payload, paginated) {
        (Payload::Json(_), true) => {
            let item = op
                .pagination
                .as_ref()
                .map(|p| ty_text(&api.types, &p.item))
                .unwrap_or_default();
            format!(
                "Awaiting it returns the first page; `.items()` streams every `{item}` across pages, `.pages()` every page."
            )
        }
        (Payload::Bytes(m), _) => format!("Returns the body as bytes (`{m}`)."),
        (Payload::Text(m), _) => format!("Returns the body as text (`{m}`)."),
        (Payload::Empty, _) => "Returns `()` on success (no body).".to_string(),
        (Payload::Json(_), false) => String::new(),
    };
    paragraphs([
        op.summary.as_deref(),
        op.description.as_deref(),
        Some(&wire),
        Some(&returns),
    ])
}

/// How a user calls the operation, for `api.md`: `client.a().b().list(params)`.
pub fn call_text(op: &Operation, name: &str) -> String {
    let mut s = String::from("client");
    for seg in &op.resource {
        s.push_str(&format!(".{}()", seg.trim_start_matches("r#")));
    }
    let mut args: Vec<&str> = op
        .path_params
        .iter()
        .map(|p| p.rust.trim_start_matches("r#"))
        .collect();
    if !matches!(op.params, ParamsArg::None) {
        args.push("params");
    }
    s.push_str(&format!(
        ".{}({})",
        name.trim_start_matches("r#"),
        args.join(", ")
    ));
    s
}

/// The return type as text, for `api.md`.
pub fn return_text(api: &Api, payload: &Payload, paginated: bool) -> String {
    let inner = match payload {
        Payload::Json(t) => ty_text(&api.types, t),
        Payload::Bytes(_) => "Bytes".into(),
        Payload::Text(_) => "String".into(),
        Payload::Empty => "()".into(),
    };
    if paginated {
        format!("ListCall<{inner}>")
    } else {
        format!("Call<{inner}>")
    }
}
