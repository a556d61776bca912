//! The mock-server test target: every operation called against a spec-validating mock server
//! (Prism), once with its required parameters only and, where it has optional ones, once with
//! all of them set. Request values come from the document's examples; where a field has none,
//! a value valid for its format is made up (see [`values`]).
//!
//! The target is `tests/operations.rs`, a root that only declares `tests/operations/calls.rs`
//! (skipped by rustfmt, like the crate's own modules), so `cargo fmt` never fights prettyplease.

mod literals;
pub(crate) mod values;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::gate;
use crate::emit::resources::reqwest_method;
use crate::ir::{
    Api, BodyEncoding, HttpMethod, Name, Operation, Param, Payload, Signature, Ty, TypeKind,
};
use values::{Fill, Values, example_path, path_arg, signature_has_optional};

/// One file of the test target: its path below the crate root and its tokens.
pub struct TestFile {
    /// Path relative to the crate root, e.g. `tests/operations.rs`.
    pub path: String,
    /// File contents.
    pub tokens: TokenStream,
}

/// The environment variable the tests read the mock server's base URL from.
pub const MOCK_URL_ENV: &str = "PRISM_URL";

/// The test target: its root and the module holding every test. `krate` is the crate's
/// library name (`telnyx_porting`).
pub fn test_files(api: &Api, krate: &Name) -> Vec<TestFile> {
    let root = quote! {
        //! Every operation of the API, called against a spec-validating mock server (Prism).
        //!
        //! Built only with the `mock-server-tests` feature, and needs `PRISM_URL`: `cargo xtask test`
        //! starts Prism and runs this target once on its examples and once on generated responses.
        #[rustfmt::skip]
        #[path = "operations/calls.rs"]
        mod calls;
    };
    let tests: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| gate::items(&gate::of_operation(api, op), operation(api, op, krate)))
        .collect();
    let controls = controls(api, krate);
    let helpers = helpers(krate, crate::emit::auth::test_builder(&api.krate));
    let allowance = gate::tests_allowance(api);
    let calls = quote! {
        //! One test per operation: a call with only the required parameters and, where the
        //! operation has optional ones, a call with every one of them set (values from the
        //! document's examples). Each asserts the call succeeds and its typed response decodes;
        //! list operations also pull two items through the paginator. The last tests are
        //! negative controls proving that the mock server really validates requests.
        #allowance

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
fn helpers(krate: &Name, builder: TokenStream) -> TokenStream {
    let lists = list_helpers();
    let env = MOCK_URL_ENV;
    let missing = format!(
        "{env} is not set: these tests need a running Prism mock server of the OpenAPI document. \
         Run `cargo xtask test`, which starts one, or start `prism mock <spec>` yourself and set \
         {env} to its URL (e.g. http://127.0.0.1:4010)."
    );
    let basics = quote! {
        /// How many fresh lists `two_items` asks for before giving up. Static examples give
        /// the same list every time; generated responses vary in length, down to empty.
        const LIST_ATTEMPTS: usize = 25;

        /// A client for the mock server named by `PRISM_URL`. Fails the test when it is unset:
        /// these tests never pass without a server.
        fn client() -> Client {
            let url = std::env::var(#env).ok().filter(|u| !u.trim().is_empty());
            let url = url.unwrap_or_else(|| panic!(#missing));
            #builder
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
    };
    quote! { #basics #lists }
}

/// Helpers for list operations and rejections.
fn list_helpers() -> TokenStream {
    quote! {
        /// Pulls two items through `.items()`, asking for a fresh list until one yields two
        /// (Prism's examples hold one item per page, so two items span two pages). Any error
        /// fails at once.
        async fn two_items<P: Paged, Q: Send + 'static>(what: &str, list: impl Fn() -> ListCall<P, Q>) {
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

/// `client.a().b().method(args…).setter(value)…`.
fn call_expr(
    op: &Operation,
    method: &Name,
    path_args: &[TokenStream],
    values: &Values<'_>,
) -> TokenStream {
    let accessors = &op.resource;
    let m = method;
    let args = path_args.iter().cloned().chain(values.arguments(op));
    let setters = values.setters(op);
    quote!(client #(.#accessors())* .#m(#(#args),*) #(#setters)*)
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
fn operation(api: &Api, op: &Operation, krate: &Name) -> TokenStream {
    let types = &api.types;
    let fname = &op.test_name;
    let wire = format!("{} {}", op.method.as_str(), op.path);
    let doc = format!(
        " `{wire}`{}",
        op.summary
            .as_deref()
            .map(|s| format!(": {}", s.trim()))
            .unwrap_or_default()
    );
    let path_args: Vec<TokenStream> = op.path_params().map(path_arg).collect();
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
    let with_optional = signature_has_optional(types, op);

    let mut body = Vec::new();
    let mut methods = vec![(&op.method_name, &op.payload)];
    methods.extend(op.alternatives.iter().map(|a| (&a.method_name, &a.payload)));

    for (method, payload) in &methods {
        let what = format!("{wire} ({method}, required parameters only)");
        let call = call_expr(op, method, &path_args, &required);
        body.push(check(payload, &what, call));
        if with_optional {
            let what = format!("{wire} ({method}, every parameter set)");
            let call = call_expr(op, method, &path_args, &all);
            body.push(check(payload, &what, call));
        }
    }
    // Two items through the paginator, with the fullest parameters.
    if op.pagination.is_some() {
        let what = format!("{wire} (paginated)");
        let values = if with_optional { &all } else { &required };
        let call = call_expr(op, &op.method_name, &path_args, values);
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
fn controls(api: &Api, krate: &Name) -> TokenStream {
    let mut out = body_control(api, krate);
    out.extend(path_controls(api, krate));
    out
}

/// A body field sent with the wrong type must be rejected.
fn body_control(api: &Api, krate: &Name) -> TokenStream {
    let mut out = TokenStream::new();
    // A body field sent with the wrong type: a list field given a string.
    let body_case = api.operations.iter().find_map(|op| {
        let Signature::Body = op.signature else {
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
        let method = reqwest_method(op.method);
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
    out
}

/// A path parameter that breaks its format, and a call without the bearer key, must be rejected.
fn path_controls(api: &Api, krate: &Name) -> TokenStream {
    let mut out = TokenStream::new();
    // A path parameter that breaks its format, through the typed method.
    let path_case = api.operations.iter().find_map(|op| {
        if op.method != HttpMethod::Get || op.pagination.is_some() {
            return None;
        }
        let path_params: Vec<&Param> = op.path_params().collect();
        let i = path_params
            .iter()
            .position(|p| p.format.as_deref() == Some("uuid") && p.ty == Ty::String)?;
        Some((op, path_params, i))
    });
    if let Some((op, path_params, i)) = path_case {
        let required = Values {
            types: &api.types,
            krate,
            fill: Fill::Required,
        };
        let valid_args: Vec<TokenStream> = path_params.iter().map(|p| path_arg(p)).collect();
        let mut args = valid_args.clone();
        args[i] = quote!("not-a-uuid");
        let call = call_expr(op, &op.method_name, &args, &required);
        let wire = &path_params[i].wire;
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
        let call = call_expr(op, &op.method_name, &valid_args, &required);
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
        out = gate::items(&gate::of_operation(api, op), out);
    }
    out
}
