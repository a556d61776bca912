//! Credentials and servers: the document's schemes and the client's constructor (in `meta`),
//! each method's own server and security requirement, and the credentials the generated
//! mock-server tests build their client with.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Constructor, CrateInfo, Operation, Requirement, SchemeKind, Security};

/// `meta`'s security items: the schemes, the default requirement, the schemes `from_env`
/// requires, the `Credentials` setters and `Client::new` / `Client::builder`.
pub fn meta_items(krate: &CrateInfo) -> TokenStream {
    let security = &krate.security;
    let schemes = security.schemes.iter().map(|s| {
        let name = &s.key;
        let env = &s.env;
        let placement = match &s.kind {
            SchemeKind::Bearer => quote!(Placement::Bearer),
            SchemeKind::Basic => quote!(Placement::Basic),
            SchemeKind::Header(h) => quote!(Placement::Header(#h)),
            SchemeKind::Query(q) => quote!(Placement::Query(#q)),
            SchemeKind::Cookie(c) => quote!(Placement::Cookie(#c)),
        };
        quote!(Scheme { name: #name, placement: #placement, env: &[#(#env),*] })
    });
    let default = requirement(&security.default);
    let required: Vec<&str> = constructor_schemes(security);
    let setters = setters(security);
    let constructor = constructor(security);
    quote! {
        /// Every security scheme the document declares.
        pub(crate) const SCHEMES: &[Scheme] = &[#(#schemes),*];
        /// What a call sends unless its operation says otherwise: the document's `security`.
        pub(crate) const SECURITY: Requirement = #default;
        /// The schemes `Client::from_env` cannot do without: those `Client::new` asks for.
        pub(crate) const REQUIRED: &[&str] = &[#(#required),*];

        #setters
        #constructor
    }
}

/// `&[&["a", "b"], &["c"]]`.
fn requirement(req: &Requirement) -> TokenStream {
    let alternatives = req.iter().map(|alt| quote!(&[#(#alt),*]));
    quote!(&[#(#alternatives),*])
}

fn constructor_schemes(security: &Security) -> Vec<&str> {
    match security.constructor {
        Constructor::Token(i) | Constructor::Basic(i) => vec![security.schemes[i].key.as_str()],
        Constructor::Credentials => security
            .default
            .iter()
            .find(|alt| !alt.is_empty())
            .map(|alt| alt.iter().map(String::as_str).collect())
            .unwrap_or_default(),
        Constructor::Nothing => Vec::new(),
    }
}

fn setters(security: &Security) -> TokenStream {
    let methods = security.schemes.iter().map(|s| {
        let setter = &s.setter;
        let key = &s.key;
        let what = match &s.kind {
            SchemeKind::Bearer => "a bearer token, sent as `Authorization: Bearer <token>`".into(),
            SchemeKind::Basic => "a username and password, sent as HTTP basic auth".into(),
            SchemeKind::Header(h) => format!("an API key, sent in the `{h}` header"),
            SchemeKind::Query(q) => format!("an API key, sent as the `{q}` query parameter"),
            SchemeKind::Cookie(c) => format!("an API key, sent as the `{c}` cookie"),
        };
        let mut doc = format!("Sets the `{key}` credential: {what}.");
        if let Some(d) = s.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            doc.push_str(&format!("\n\n{d}"));
        }
        let doc = crate::emit::docs::doc_attrs(&doc);
        if s.kind == SchemeKind::Basic {
            quote! {
                #doc
                pub fn #setter(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    self.set_basic(#key, username, password)
                }
            }
        } else {
            quote! {
                #doc
                pub fn #setter(self, token: impl Into<String>) -> Self {
                    self.set_token(#key, token)
                }
            }
        }
    });
    if security.schemes.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl Credentials {
            #(#methods)*
        }
    }
}

fn constructor(security: &Security) -> TokenStream {
    let defaults = "the production base URL, 2 retries and a 60 s timeout per attempt";
    let (args, names, credentials, what) = match security.constructor {
        Constructor::Nothing => (
            quote!(),
            quote!(),
            quote!(Credentials::new()),
            "no credentials (the document asks for none)".to_string(),
        ),
        Constructor::Token(i) => {
            let setter = &security.schemes[i].setter;
            (
                quote!(api_key: impl Into<String>),
                quote!(api_key),
                quote!(Credentials::new().#setter(api_key)),
                format!("the API key (`{}`)", security.schemes[i].key),
            )
        }
        Constructor::Basic(i) => {
            let setter = &security.schemes[i].setter;
            (
                quote!(username: impl Into<String>, password: impl Into<String>),
                quote!(username, password),
                quote!(Credentials::new().#setter(username, password)),
                format!("a username and password (`{}`)", security.schemes[i].key),
            )
        }
        Constructor::Credentials => (
            quote!(credentials: Credentials),
            quote!(credentials),
            quote!(credentials),
            "credentials for every scheme of the document's security requirement".to_string(),
        ),
    };
    let new_doc = crate::emit::docs::doc_attrs(&format!(
        "A client with {what} and default settings: {defaults}."
    ));
    let builder_doc = crate::emit::docs::doc_attrs(&format!(
        "A builder with {what}, to adjust the base URL, retries, timeout, headers, HTTP client \
         or further credentials ([`ClientBuilder::credentials`])."
    ));
    quote! {
        impl Client {
            #new_doc
            pub fn new(#args) -> Result<Client, Error> {
                Client::builder(#names).build()
            }

            #builder_doc
            pub fn builder(#args) -> ClientBuilder {
                ClientBuilder::new(#credentials)
            }
        }
    }
}

/// `.with_server(..)` and `.with_security(..)` for an operation that differs from the document.
pub fn access(op: &Operation) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(url) = &op.server {
        out.extend(quote!(.with_server(#url)));
    }
    if let Some(req) = &op.security {
        let req = requirement(req);
        out.extend(quote!(.with_security(#req)));
    }
    out
}

/// A doc paragraph for an operation with its own server or security, else `None`.
pub fn access_note(op: &Operation) -> Option<String> {
    let mut lines = Vec::new();
    if let Some(url) = &op.server {
        lines.push(format!(
            "Sent to `{url}`, the operation's own server, whatever the client's base URL."
        ));
    }
    match op.security.as_deref() {
        Some([]) => lines.push("Sends no credentials.".to_string()),
        Some(req) => {
            let alts: Vec<String> = req
                .iter()
                .map(|alt| {
                    let keys: Vec<String> = alt.iter().map(|k| format!("`{k}`")).collect();
                    if keys.is_empty() {
                        "none".to_string()
                    } else {
                        keys.join(" and ")
                    }
                })
                .collect();
            lines.push(format!("Sends the credentials of {}.", alts.join(", or ")));
        }
        None => {}
    }
    (!lines.is_empty()).then(|| lines.join(" "))
}

/// `Client::builder(..)` with a stand-in credential for every scheme, for the mock-server tests.
pub fn test_builder(krate: &CrateInfo) -> TokenStream {
    let security = &krate.security;
    let lib = &krate.lib_name;
    let fake = |kind: &SchemeKind| match kind {
        SchemeKind::Basic => quote!("mock-user", "mock-password"),
        _ => quote!("mock-server-test-key"),
    };
    let (args, skip) = match security.constructor {
        Constructor::Token(i) | Constructor::Basic(i) => (fake(&security.schemes[i].kind), Some(i)),
        Constructor::Credentials => (quote!(#lib::auth::Credentials::new()), None),
        Constructor::Nothing => (quote!(), None),
    };
    let others = security
        .schemes
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != skip)
        .map(|(_, s)| {
            let setter = &s.setter;
            let value = fake(&s.kind);
            quote!(.#setter(#value))
        });
    let mut out = quote!(Client::builder(#args));
    if security.schemes.len() > usize::from(skip.is_some()) {
        out.extend(quote!(.credentials(#lib::auth::Credentials::new() #(#others)*)));
    }
    out
}
