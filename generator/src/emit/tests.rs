//! The mock-server test target: every operation called against a spec-validating mock server
//! (Prism), once with its required parameters only and, where it has optional ones, once with
//! all of them set. Request values come from the document's examples; where a field has none,
//! a value valid for its format is made up (see [`Values`]).
//!
//! The target is `tests/operations.rs`, a root that only declares `tests/operations/calls.rs`
//! (skipped by rustfmt, like the crate's own modules), so `cargo fmt` never fights prettyplease.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::emit::ident;
use crate::ir::{
    Api, BodyEncoding, Field, HttpMethod, Operation, ParamsArg, PathParam, Payload, Presence, Ty,
    TypeId, TypeKind, TypeSpace,
};

/// One file of the test target: its path below the crate root and its tokens.
pub struct TestFile {
    /// Path relative to the crate root, e.g. `tests/operations.rs`.
    pub path: String,
    /// File contents.
    pub tokens: TokenStream,
}

/// The environment variable the tests read the mock server's base URL from.
pub const MOCK_URL_ENV: &str = "PRISM_URL";

/// The test target: its root and the module holding every test. `lib_name` is the crate's
/// name as a Rust path (`telnyx_porting`).
pub fn test_files(api: &Api, lib_name: &str) -> Vec<TestFile> {
    let root = quote! {
        //! Every operation of the API, called against a spec-validating mock server (Prism).
        //!
        //! Built only with the `mock-server-tests` feature, and needs `PRISM_URL`: `cargo xtask test`
        //! starts Prism and runs this target once on its examples and once on generated responses.
        #[rustfmt::skip]
        #[path = "operations/calls.rs"]
        mod calls;
    };
    let krate = ident(lib_name);
    let tests: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| operation(api, op, &krate))
        .collect();
    let controls = controls(api, &krate);
    let helpers = helpers(&krate);
    let calls = quote! {
        //! One test per operation: a call with only the required parameters and, where the
        //! operation has optional ones, a call with every one of them set (values from the
        //! document's examples). Each asserts the call succeeds and its typed response decodes;
        //! list operations also pull two items through the paginator. The last tests are
        //! negative controls proving that the mock server really validates requests.

        use #krate::models;
        use #krate::pagination::StreamExt;
        use #krate::{ApiErrorKind, Client, Error, ListCall, Paged};

        #helpers
        #(#tests)*
        #controls
    };
    vec![
        TestFile {
            path: "tests/operations.rs".into(),
            tokens: root,
        },
        TestFile {
            path: "tests/operations/calls.rs".into(),
            tokens: calls,
        },
    ]
}

/// Shared helpers: the client, result checks, and the paginator check.
fn helpers(krate: &Ident) -> TokenStream {
    let env = MOCK_URL_ENV;
    let missing = format!(
        "{env} is not set: these tests need a running Prism mock server of the OpenAPI document. \
         Run `cargo xtask test`, which starts one, or start `prism mock <spec>` yourself and set \
         {env} to its URL (e.g. http://127.0.0.1:4010)."
    );
    quote! {
        /// How many fresh lists `two_items` asks for before giving up. Static examples give
        /// the same list every time; generated responses vary in length, down to empty.
        const LIST_ATTEMPTS: usize = 25;

        /// A client for the mock server named by `PRISM_URL`. Fails the test when it is unset:
        /// these tests never pass without a server.
        fn client() -> Client {
            let url = std::env::var(#env).ok().filter(|u| !u.trim().is_empty());
            let url = url.unwrap_or_else(|| panic!(#missing));
            Client::builder("mock-server-test-key")
                .base_url(url)
                .max_retries(0)
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .expect("client for the mock server")
        }

        /// The decoded response, or a panic naming the call and the error.
        #[track_caller]
        fn decoded<T>(what: &str, result: Result<T, Error>) -> T {
            result.unwrap_or_else(|e| panic!("{what}: {e}\n{e:?}"))
        }

        /// Asserts a binary response arrived and is not empty.
        #[track_caller]
        fn some_bytes(what: &str, result: Result<#krate::Bytes, Error>) {
            let bytes = decoded(what, result);
            if bytes.is_empty() {
                panic!("{what}: the response body is empty");
            }
        }

        /// Asserts a text response arrived and is not empty.
        #[track_caller]
        fn some_text(what: &str, result: Result<String, Error>) {
            let text = decoded(what, result);
            if text.is_empty() {
                panic!("{what}: the response body is empty");
            }
        }

        /// Pulls two items through `.items()`, asking for a fresh list until one yields two
        /// (Prism's examples hold one item per page, so two items span two pages). Any error
        /// fails at once.
        async fn two_items<P: Paged>(what: &str, list: impl Fn() -> ListCall<P>) {
            let mut count = 0;
            for _ in 0..LIST_ATTEMPTS {
                let items: Vec<Result<P::Item, Error>> = list().items().take(2).collect().await;
                count = 0;
                for item in items {
                    decoded(what, item);
                    count += 1;
                }
                if count == 2 {
                    return;
                }
            }
            panic!(
                "{what}: none of {LIST_ATTEMPTS} lists yielded two items through `.items()` (the last \
                 ended after {count}); do the document's examples describe a list of one page?"
            );
        }

        /// Whether a rejection names `needle`, in its body or in Prism's `sl-violations` header.
        fn mentions(err: &Error, needle: &str) -> bool {
            let Some(api) = err.api_error() else { return false };
            let header = api
                .headers
                .get("sl-violations")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            api.body.contains(needle) || header.contains(needle)
        }
    }
}

/// Which fields a made-up request value sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fill {
    /// Only required fields, through `new(..)` or `default()`.
    Required,
    /// Every field, as a struct literal.
    All,
}

/// Nesting beyond which optional fields stay empty (only a cycle gets there).
const MAX_DEPTH: usize = 12;

/// Builds Rust expressions of request values from the document's examples.
///
/// Where a value has no example, one valid for its format is made up: a fixed UUID, an RFC 3339
/// instant, an `https` URI, an enum's first value, one-element lists and maps.
struct Values<'a> {
    types: &'a TypeSpace,
    /// The generated crate, for runtime types (`Bytes`, `FilePart`).
    krate: &'a Ident,
    fill: Fill,
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
            Ty::Vec(inner) => {
                let items: Vec<TokenStream> = match example {
                    Some(Value::Array(items)) if !items.is_empty() => items
                        .iter()
                        .map(|e| self.value(inner, Some(e), format, depth + 1))
                        .collect(),
                    _ => vec![self.value(inner, None, format, depth + 1)],
                };
                quote!(vec![#(#items),*])
            }
            Ty::Map(inner) => {
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

    fn named(
        &self,
        id: crate::ir::TypeId,
        example: Option<&Value>,
        format: Option<&str>,
        depth: usize,
    ) -> TokenStream {
        let def = self.types.get(id);
        let name = ident(&def.name);
        match &def.kind {
            TypeKind::Struct(s) => {
                fn from<'v>(example: Option<&'v Value>, f: &'v Field) -> Option<&'v Value> {
                    example
                        .and_then(|e| e.get(&f.wire))
                        .filter(|e| !e.is_null())
                        .or(f.example.as_ref())
                }
                let required = s.fields.iter().filter(|f| f.presence == Presence::Required);
                if self.fill == Fill::Required || depth >= MAX_DEPTH {
                    if s.fields.iter().all(|f| f.presence != Presence::Required) {
                        return quote!(models::#name::default());
                    }
                    let args = required.map(|f| {
                        self.value(&f.ty, from(example, f), f.format.as_deref(), depth + 1)
                    });
                    return quote!(models::#name::new(#(#args),*));
                }
                let fields = s.fields.iter().map(|f| {
                    let n = ident(&f.rust);
                    let v = self.value(&f.ty, from(example, f), f.format.as_deref(), depth + 1);
                    let v = if f.boxed { quote!(Box::new(#v)) } else { v };
                    let v = match f.presence {
                        Presence::Required => v,
                        Presence::RequiredNullable | Presence::Optional => quote!(Some(#v)),
                        Presence::OptionalNullable => quote!(Some(Some(#v))),
                    };
                    quote!(#n: #v)
                });
                let extra = s
                    .additional
                    .as_ref()
                    .map(|_| quote!(additional_properties: Default::default(),));
                quote!(models::#name { #(#fields,)* #extra })
            }
            TypeKind::Enum(e) => {
                let wanted = example.and_then(Value::as_str);
                let variant = e
                    .variants
                    .iter()
                    .find(|v| Some(v.wire.as_str()) == wanted)
                    .or(e.variants.first());
                match variant {
                    Some(v) => {
                        let v = ident(&v.rust);
                        quote!(models::#name::#v)
                    }
                    None => {
                        let s = wanted
                            .map(str::to_string)
                            .unwrap_or_else(|| made_up_string(format));
                        quote!(models::#name::Unknown(#s.to_string()))
                    }
                }
            }
            TypeKind::Union(u) => {
                // The alternative the example fits, else the first.
                let fitting =
                    example.and_then(|e| u.variants.iter().find(|v| fits(self.types, &v.ty, e)));
                let Some(v) = fitting.or(u.variants.first()) else {
                    let j = json_tokens(example.unwrap_or(&Value::Null));
                    return quote!(models::#name::Unknown(serde_json::json!(#j)));
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
                let vname = ident(&v.rust);
                quote!(models::#name::#vname(#inner))
            }
            TypeKind::Alias(t) => self.value(t, example, format, depth),
            TypeKind::Pending => {
                let j = json_tokens(example.unwrap_or(&Value::Null));
                quote!(serde_json::json!(#j))
            }
        }
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

/// A string valid for `format` when the document gives no example.
fn made_up_string(format: Option<&str>) -> String {
    match format {
        Some("uuid") => "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b",
        Some("date-time") => "2024-06-04T14:00:00Z",
        Some("date") => "2024-06-04",
        Some("time") => "14:00:00Z",
        Some("uri" | "url") => "https://example.com/",
        Some("email") => "someone@example.com",
        Some("byte") => "ZXhhbXBsZQ==",
        Some("ipv4") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        _ => "example",
    }
    .to_string()
}

/// A JSON value as `serde_json::json!` input.
fn json_tokens(v: &Value) -> TokenStream {
    match v {
        Value::Null => quote!(null),
        Value::Bool(b) => quote!(#b),
        Value::Number(n) => {
            let lit = if let Some(i) = n.as_i64() {
                Literal::i64_unsuffixed(i)
            } else if let Some(u) = n.as_u64() {
                Literal::u64_unsuffixed(u)
            } else {
                Literal::f64_unsuffixed(n.as_f64().unwrap_or_default())
            };
            quote!(#lit)
        }
        Value::String(s) => quote!(#s),
        Value::Array(items) => {
            let items = items.iter().map(json_tokens);
            quote!([#(#items),*])
        }
        Value::Object(map) => {
            let entries = map.iter().map(|(k, v)| {
                let v = json_tokens(v);
                quote!(#k: #v)
            });
            quote!({ #(#entries),* })
        }
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

/// A path argument: the example, or a value valid for the parameter's format.
fn path_arg(p: &PathParam) -> TokenStream {
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
fn example_path(op: &Operation) -> String {
    let mut out = String::new();
    for (i, seg) in op.template.segments.iter().enumerate() {
        out.push_str(seg);
        if let Some(name) = op.template.params.get(i) {
            let value = op
                .path_params
                .iter()
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

/// The type the method takes after its path arguments, if any.
fn params_ty(op: &Operation) -> Option<Ty> {
    match &op.params {
        ParamsArg::Query(id) => Some(Ty::Named(*id)),
        ParamsArg::Body => op.body.as_ref().map(|b| b.ty.clone()),
        ParamsArg::None => None,
    }
}

/// `client.a().b().method(args…)`.
fn call_expr(
    op: &Operation,
    method: &str,
    path_args: &[TokenStream],
    params: Option<TokenStream>,
) -> TokenStream {
    let accessors = op.resource.iter().map(|r| ident(r));
    let m = ident(method);
    let args = path_args.iter().cloned().chain(params);
    quote!(client #(.#accessors())* .#m(#(#args),*))
}

/// The check of one call's result, by payload.
fn check(payload: &Payload, what: &str, call: TokenStream) -> TokenStream {
    match payload {
        Payload::Bytes(_) => quote!(some_bytes(#what, #call.await);),
        Payload::Text(_) => quote!(some_text(#what, #call.await);),
        Payload::Json(_) | Payload::Empty => quote!(decoded(#what, #call.await);),
    }
}

/// The test of one operation.
fn operation(api: &Api, op: &Operation, krate: &Ident) -> TokenStream {
    let types = &api.types;
    let mut name: Vec<&str> = op
        .resource
        .iter()
        .map(|s| s.trim_start_matches("r#"))
        .collect();
    name.push(op.method_name.trim_start_matches("r#"));
    let fname = ident(&name.join("_"));
    let wire = format!("{} {}", op.method.as_str(), op.path);
    let doc = format!(
        " `{wire}`{}",
        op.summary
            .as_deref()
            .map(|s| format!(": {}", s.trim()))
            .unwrap_or_default()
    );
    let path_args: Vec<TokenStream> = op.path_params.iter().map(path_arg).collect();
    let pty = params_ty(op);
    let required = Values {
        types,
        krate,
        fill: Fill::Required,
    };
    let all = Values {
        types,
        krate,
        fill: Fill::All,
    };
    let with_optional = pty
        .as_ref()
        .is_some_and(|t| has_optional(types, t, &mut Vec::new()));

    let mut body = Vec::new();
    let mut methods = vec![(op.method_name.as_str(), &op.payload)];
    methods.extend(
        op.alternatives
            .iter()
            .map(|a| (a.method_name.as_str(), &a.payload)),
    );

    // Required parameters only.
    let req_value = pty.as_ref().map(|t| required.value(t, None, None, 0));
    for (method, payload) in &methods {
        let what = format!("{wire} ({method}, required parameters only)");
        let call = call_expr(op, method, &path_args, req_value.clone());
        body.push(check(payload, &what, call));
    }
    // Every parameter set.
    let all_value = if with_optional {
        pty.as_ref().map(|t| all.value(t, None, None, 0))
    } else {
        None
    };
    let params = all_value.as_ref().map(|_| quote!(params.clone()));
    if let Some(v) = &all_value {
        body.push(quote!(let params = #v;));
        for (i, (method, payload)) in methods.iter().enumerate() {
            let what = format!("{wire} ({method}, every parameter set)");
            // The last use takes the value; earlier ones (and the paginator's) clone it.
            let last = i + 1 == methods.len() && op.pagination.is_none();
            let arg = if last {
                quote!(params)
            } else {
                quote!(params.clone())
            };
            let call = call_expr(op, method, &path_args, Some(arg));
            body.push(check(payload, &what, call));
        }
    }
    // Two items through the paginator, with the fullest parameters.
    if op.pagination.is_some() {
        let what = format!("{wire} (paginated)");
        let arg = params.or(req_value);
        let call = call_expr(op, &op.method_name, &path_args, arg);
        body.push(quote!(two_items(#what, || #call).await;));
    }
    let deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        #[doc = #doc]
        #[tokio::test]
        #deprecated
        async fn #fname() {
            let client = client();
            #(#body)*
        }
    }
}

/// Negative controls: requests the mock server must reject, proving that it validates requests
/// (a body that breaks the schema, a path parameter of the wrong format) and authentication.
fn controls(api: &Api, krate: &Ident) -> TokenStream {
    let mut out = TokenStream::new();
    // A body field sent with the wrong type: a list field given a string.
    let body_case = api.operations.iter().find_map(|op| {
        let ParamsArg::Body = op.params else {
            return None;
        };
        let body = op
            .body
            .as_ref()
            .filter(|b| b.encoding == BodyEncoding::Json)?;
        let Ty::Named(id) = &body.ty else { return None };
        let TypeKind::Struct(s) = &api.types.get(*id).kind else {
            return None;
        };
        let f = s.fields.iter().find(|f| matches!(f.ty, Ty::Vec(_)))?;
        Some((op, f.wire.clone()))
    });
    if let Some((op, field)) = body_case {
        let method = ident(op.method.as_str());
        let path = example_path(op);
        let doc = format!(
            " Request validation is live: `{} {}` with `{field}` sent as a string instead of a list is rejected with 422, which the client reports as `UnprocessableEntity`.",
            op.method.as_str(),
            op.path
        );
        let accepted =
            format!("the mock server accepted `{field}` as a string: is request validation on?");
        let unnamed = format!("the rejection does not name `{field}`: {{err:?}}");
        out.extend(quote! {
            #[doc = #doc]
            #[tokio::test]
            async fn mock_server_rejects_a_body_that_breaks_the_schema() {
                let client = client();
                let err = client
                    .request(#krate::reqwest::Method::#method, #path)
                    .json_body(&serde_json::json!({ #field: "not-a-list" }))
                    .await
                    .expect_err(#accepted);
                assert_eq!(err.kind(), Some(ApiErrorKind::UnprocessableEntity), "{err:?}");
                let named = mentions(&err, #field);
                assert!(named, #unnamed);
            }
        });
    }
    // A path parameter that breaks its format, through the typed method.
    let path_case = api.operations.iter().find_map(|op| {
        if op.method != HttpMethod::Get || op.pagination.is_some() {
            return None;
        }
        let i = op
            .path_params
            .iter()
            .position(|p| p.format.as_deref() == Some("uuid") && p.ty == Ty::String)?;
        Some((op, i))
    });
    if let Some((op, i)) = path_case {
        let types = &api.types;
        let mut args: Vec<TokenStream> = op.path_params.iter().map(path_arg).collect();
        args[i] = quote!("not-a-uuid");
        let params = params_ty(op).map(|t| {
            Values {
                types,
                krate,
                fill: Fill::Required,
            }
            .value(&t, None, None, 0)
        });
        let call = call_expr(op, &op.method_name, &args, params);
        let wire = &op.path_params[i].wire;
        let doc = format!(
            " Path parameters are validated too: `{} {}` with `{wire}` = `not-a-uuid` is rejected with 422.",
            op.method.as_str(),
            op.path
        );
        let accepted =
            format!("the mock server accepted `{wire}` = `not-a-uuid`: is request validation on?");
        let deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
        out.extend(quote! {
            #[doc = #doc]
            #[tokio::test]
            #deprecated
            async fn mock_server_rejects_a_path_parameter_of_the_wrong_format() {
                let client = client();
                let err = #call.await.expect_err(#accepted);
                assert_eq!(err.kind(), Some(ApiErrorKind::UnprocessableEntity), "{err:?}");
                let named = mentions(&err, "uuid");
                assert!(named, "the rejection does not name the format: {err:?}");
            }
        });
        // Authentication: the same valid call with another scheme than the bearer key.
        let call = call_expr(
            op,
            &op.method_name,
            &op.path_params.iter().map(path_arg).collect::<Vec<_>>(),
            params_ty(op).map(|t| {
                Values {
                    types,
                    krate,
                    fill: Fill::Required,
                }
                .value(&t, None, None, 0)
            }),
        );
        out.extend(quote! {
            /// Authentication is checked: the calls above pass because they send the bearer key,
            /// and the same call with other credentials is rejected with 401.
            #[tokio::test]
            #deprecated
            async fn mock_server_rejects_a_request_without_the_bearer_key() {
                let client = client();
                let err = #call
                    .header("authorization", "Basic bm90OmJlYXJlcg==")
                    .await
                    .expect_err("the mock server accepted a request without the bearer key");
                assert_eq!(err.kind(), Some(ApiErrorKind::Authentication), "{err:?}");
            }
        });
    }
    out
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn made_up_strings_fit_their_formats() {
        let uuid = made_up_string(Some("uuid"));
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(uuid.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        assert!(made_up_string(Some("date-time")).ends_with('Z'));
        assert!(made_up_string(Some("uri")).starts_with("https://"));
        assert_eq!(made_up_string(None), "example");
    }

    #[test]
    fn json_examples_become_json_macro_input() {
        let v = serde_json::json!({ "a": [1, -2, 2.5, "x"], "b": null, "c": { "d": true } });
        let tokens = json_tokens(&v);
        let expr: syn::Expr = syn::parse2(quote!(serde_json::json!(#tokens))).unwrap();
        let text = quote!(#expr).to_string();
        for part in ["\"a\"", "2.5", "\"x\"", "null", "true"] {
            assert!(text.contains(part), "{part} missing from {text}");
        }
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

    #[test]
    fn a_union_listing_itself_does_not_loop() {
        use crate::ir::{TypeDef, UnionDef, UnionVariant};
        let mut types = TypeSpace::default();
        let variant = |ty| UnionVariant {
            rust: "V".into(),
            ty,
            tags: Vec::new(),
            boxed: true,
        };
        types.defs.push(TypeDef {
            name: "Loop".into(),
            hint: Vec::new(),
            pointer: String::new(),
            docs: None,
            kind: TypeKind::Union(UnionDef {
                discriminator: None,
                variants: vec![variant(Ty::Named(TypeId(0))), variant(Ty::String)],
                open: false,
            }),
            usage: Default::default(),
            query_params: false,
        });
        let ty = Ty::Named(TypeId(0));
        assert!(fits(&types, &ty, &serde_json::json!("a")));
        assert!(!fits(&types, &ty, &serde_json::json!(1)));
    }

    #[test]
    fn every_operation_of_the_project_spec_gets_a_test() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let spec = std::fs::read_to_string(format!("{root}/spec/porting.yaml")).unwrap();
        let config = std::fs::read_to_string(format!("{root}/spec/generator.yaml")).unwrap();
        let config = crate::Config::from_yaml(&config).unwrap();
        let generated = crate::generate(&spec, &config).unwrap();
        let calls = generated
            .files
            .iter()
            .find(|f| f.path == "tests/operations/calls.rs")
            .expect("tests/operations/calls.rs is generated");
        let tests = calls.contents.matches("#[tokio::test]").count();
        let doc = crate::load::load(&spec).unwrap();
        let api = crate::lower::lower(&doc, &config).unwrap();
        assert_eq!(api.operations.len(), 54);
        // One per operation, plus the three negative controls.
        assert_eq!(tests, api.operations.len() + 3);
        assert!(!calls.contents.contains("#[ignore]"));
        let root_file = generated
            .files
            .iter()
            .find(|f| f.path == "tests/operations.rs")
            .unwrap();
        assert!(root_file.contents.contains("#[rustfmt::skip]"));
    }
}
