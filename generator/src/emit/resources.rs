//! The `resources` modules: one accessor struct per resource, with a method per operation.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::{doc_attrs, paragraphs};
use crate::emit::{calls, examples};
use crate::emit::{gate, ty, ty_text};
use crate::ir::{
    Api, BodyEncoding, HttpMethod, Location, Name, Operation, Payload, Resource, Signature, Ty,
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
    let mut shared = Shared::default();
    walk(api, &api.root, &mut out, &mut shared);
    // With per-resource features, a flattened body's setters belong to its type, which several
    // resources may share: they sit in the root module, which every feature set compiles,
    // gated like the type.
    if let Some(root) = out.first_mut() {
        root.tokens.extend(shared.impls);
    }
    out
}

/// Setters of flattened bodies, emitted once per body type.
#[derive(Default)]
struct Shared {
    /// The call types whose setters are already emitted.
    done: BTreeSet<String>,
    impls: TokenStream,
}

fn walk(api: &Api, node: &Resource, out: &mut Vec<ResourceFile>, shared: &mut Shared) {
    let mut own = TokenStream::new();
    for &i in &node.operations {
        let op = &api.operations[i];
        let impls = calls::setter_impls(api, op, &mut shared.done);
        // Without per-resource features every module compiles: the setters stay beside their
        // operation.
        let gated = api.features.is_some();
        match (&op.signature, op.body.as_ref().map(|b| &b.ty)) {
            _ if !gated => own.extend(impls),
            (Signature::BodyFields(_), Some(Ty::Named(id))) => {
                let gate = crate::emit::gate::of_type(api, *id);
                shared.impls.extend(crate::emit::gate::items(&gate, impls));
            }
            // Bytes and other unnamed bodies: available to every feature.
            (Signature::BodyFields(_), _) => shared.impls.extend(impls),
            _ => own.extend(impls),
        }
    }
    let mut tokens = module(api, node);
    tokens.extend(own);
    out.push(ResourceFile {
        path: node.path.iter().map(|s| s.bare().to_string()).collect(),
        tokens,
    });
    for child in &node.children {
        walk(api, child, out, shared);
    }
}

fn module(api: &Api, node: &Resource) -> TokenStream {
    let is_root = node.path.is_empty();
    let mods = node.children.iter().filter_map(|c| {
        let m = c.path.last()?;
        let doc = format!(" The `{}` resource.", code_path(&c.path));
        let cfg = gate::resource(api, c);
        Some(quote!(#[doc = #doc] #cfg pub mod #m;))
    });
    let accessors = node.children.iter().filter_map(|c| {
        let m = c.path.last()?;
        let t = &c.type_name;
        let doc = format!(" Operations on `{}`.", code_path(&c.path));
        let client = if is_root {
            quote!(self)
        } else {
            quote!(self.client)
        };
        let lifetime = if is_root { quote!('_) } else { quote!('a) };
        let cfg = gate::resource(api, c);
        Some(quote! {
            #[doc = #doc]
            #cfg
            pub fn #m(&self) -> #m::#t<#lifetime> { #m::#t { client: #client } }
        })
    });
    let methods: Vec<TokenStream> = node
        .operations
        .iter()
        .flat_map(|&i| methods(api, &api.operations[i], is_root))
        .collect();
    if is_root {
        return quote! {
            //! Resource accessors, grouped as the configuration names them, else by path.
            #![allow(clippy::doc_lazy_continuation)]
            #(#mods)*
            impl crate::client::Client {
                #(#accessors)*
                #(#methods)*
            }
        };
    }
    let name = &node.type_name;
    let doc = format!(
        " Operations on `{}`, reached through `client.{}`.",
        code_path(&node.path),
        node.path
            .iter()
            .map(|p| format!("{}()", p.bare()))
            .collect::<Vec<_>>()
            .join(".")
    );
    let module_doc = format!(" The `{}` resource.", code_path(&node.path));
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

/// A resource path as code writes it (`porting_orders.actions`).
fn code_path(path: &[Name]) -> String {
    path.iter().map(Name::code).collect::<Vec<_>>().join(".")
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
    name: &Name,
    payload: &Payload,
    paginated: bool,
    is_root: bool,
) -> TokenStream {
    let types = &api.types;
    let (mut args, path_args) = path_arguments(types, op);
    args.extend(calls::arguments(types, op));
    let segments = &op.template.segments;
    let method = reqwest_method(op.method);
    let (ret, decode, accept) = payload_parts(types, payload);
    let client = if is_root {
        quote!(self)
    } else {
        quote!(self.client)
    };
    let mut chain = quote! {
        crate::call::Call::new(#client, reqwest::Method::#method, crate::path::render(&[#(#segments),*], &[#(#path_args),*]), #decode)
    };
    chain.extend(crate::emit::auth::access(op));
    // The fixed query of a path key such as `/responses?beta=true`.
    for (key, value) in &op.template.query {
        chain.extend(quote!(.query(#key, #value)));
    }
    if let Some(media) = &accept {
        chain = quote!(#chain.with_accept(#media));
    }
    let carried = calls::carried(types, op, parameters(op));
    let p = carried.as_ref().map(|c| {
        let t = &c.ty;
        quote!(, #t)
    });
    let (ret, tail) = match op.pagination.as_ref().filter(|_| paginated) {
        Some(pg) => (
            quote!(crate::pagination::ListCall<#ret #p>),
            crate::emit::pagination::paginate_call(pg),
        ),
        None => (quote!(crate::call::Call<#ret #p>), TokenStream::new()),
    };
    let body = match &carried {
        Some(c) => {
            let (init, apply) = (&c.init, &c.apply);
            quote!(#chain.with_params(#init, #apply) #tail)
        }
        None => with_body(op, chain, tail),
    };
    let mut docs = doc_attrs(&method_docs(api, op, payload, paginated));
    docs.extend(examples::doc_attrs(api, op, name, payload));
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated(note = "marked deprecated in the OpenAPI document")]));
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#args),*) -> #ret {
            #body
        }
    }
}

/// The method's path arguments, and the same as `path::render` takes them.
fn path_arguments(types: &TypeSpace, op: &Operation) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut args = Vec::new();
    let mut path_args = Vec::new();
    for p in op.path_params() {
        let n = &p.rust;
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
    (args, path_args)
}

/// The path key's fixed query, then `.with_query(..)`, `.with_header_param(..)` and
/// `.with_cookie_param(..)` calls for the options struct's fields.
fn parameters(op: &Operation) -> TokenStream {
    let mut out = TokenStream::new();
    let Signature::Options(_) = op.signature else {
        return out;
    };
    let params = &op.params_arg;
    if op
        .option_params()
        .any(|p| matches!(p.location, Location::Query(_)))
    {
        out.extend(quote!(.with_query(&#params)));
    }
    for p in op.option_params() {
        let with = match p.location {
            Location::Header => quote!(with_header_param),
            Location::Cookie => quote!(with_cookie_param),
            _ => continue,
        };
        let n = &p.rust;
        let wire = &p.wire;
        let explode = p.explode;
        let value = if p.required {
            quote!(Some(&#params.#n))
        } else {
            quote!(#params.#n.as_ref())
        };
        out.extend(quote!(.#with(#wire, #value, #explode)));
    }
    out
}

/// The method body of an operation whose body is its one argument: the call chain with the
/// body attached, then the paginator.
fn with_body(op: &Operation, chain: TokenStream, tail: TokenStream) -> TokenStream {
    let params = &op.params_arg;
    let Some(b) = op
        .body
        .as_ref()
        .filter(|_| matches!(op.signature, Signature::Body))
    else {
        return quote!(#chain #tail);
    };
    let with = match b.encoding {
        BodyEncoding::Json => quote!(with_json(&#params)),
        BodyEncoding::Form => quote!(with_form(&#params)),
        BodyEncoding::Multipart => quote!(with_multipart(&#params)),
        BodyEncoding::Bytes => {
            let media = &b.media_type;
            quote!(with_bytes(#params, #media))
        }
    };
    quote!(#chain.#with #tail)
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
    let access = crate::emit::auth::access_note(op);
    paragraphs([
        op.summary.as_deref(),
        op.description.as_deref(),
        Some(&wire),
        access.as_deref(),
        Some(&returns),
    ])
}

/// How a user calls the operation, for `api.md`: `client.a().b().retrieve(id)` (optional
/// parameters are setters on the returned call).
pub fn call_text(op: &Operation, name: &Name) -> String {
    let mut s = String::from("client");
    for seg in &op.resource {
        s.push_str(&format!(".{}()", seg.bare()));
    }
    let mut args: Vec<String> = op
        .path_params()
        .map(|p| p.rust.bare().to_string())
        .collect();
    args.extend(calls::argument_names(op));
    s.push_str(&format!(".{}({})", name.bare(), args.join(", ")));
    s
}

/// `reqwest::Method`'s constant for a method.
pub(crate) fn reqwest_method(m: HttpMethod) -> TokenStream {
    match m {
        HttpMethod::Get => quote!(GET),
        HttpMethod::Post => quote!(POST),
        HttpMethod::Put => quote!(PUT),
        HttpMethod::Patch => quote!(PATCH),
        HttpMethod::Delete => quote!(DELETE),
        HttpMethod::Head => quote!(HEAD),
        HttpMethod::Options => quote!(OPTIONS),
        HttpMethod::Trace => quote!(TRACE),
    }
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
