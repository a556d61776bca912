//! The `webhooks` module of a generated crate: the event enum over the document's webhook
//! payloads, an unverified parser for tests, and (when the configuration declares a signing
//! scheme) the verifying `Webhooks` type behind the `webhooks` cargo feature.

use proc_macro2::TokenStream;
use quote::quote;

use crate::config::{SigningAlgorithm, SigningConfig};
use crate::emit::docs::{doc_attrs, inner_doc_attrs};
use crate::emit::{ty, ty_text};
use crate::ir::Api;

/// Tokens of `src/webhooks.rs`, or `None` when the document declares no webhooks.
pub fn module(api: &Api) -> Option<TokenStream> {
    let signing = api.webhooks.signing.as_ref();
    let hooks = &api.webhooks;
    if hooks.entries.is_empty() {
        return None;
    }
    let told_apart = if hooks.tag_path.is_empty() {
        "No payload has a fixed event type, so every delivery is [`WebhookEvent::Unknown`], \
         with its raw JSON."
            .to_string()
    } else {
        format!(
            "A delivery is told apart by `{}`; a value this client does not know becomes \
             [`WebhookEvent::Unknown`] with the raw JSON, so new event types never fail a \
             receiver.",
            hooks.tag_path.join(".")
        )
    };
    let path = &hooks.tag_path;
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut tags = Vec::new();
    let mut tag_arms = Vec::new();
    let mut ser_arms = Vec::new();
    for w in hooks.variants() {
        let Some(tag) = &w.event_type else { continue };
        let name = &w.variant;
        let payload = ty(&api.types, &w.payload);
        let doc = doc_attrs(&match &w.summary {
            Some(summary) => format!("`{tag}`: {summary}"),
            None => format!("`{tag}`"),
        });
        variants.push(quote! { #doc #name(Box<#payload>), });
        arms.push(quote! { Some(#tag) => serde_json::from_value(value).map(|v| WebhookEvent::#name(Box::new(v))), });
        tag_arms.push(quote! { WebhookEvent::#name(_) => Some(#tag), });
        ser_arms.push(quote! { WebhookEvent::#name(v) => v.serialize(serializer), });
        tags.push(tag.clone());
    }
    let mut listing = String::from(
        "Every webhook the document declares, with its payload type (in [`crate::models`]):\n",
    );
    for w in &hooks.entries {
        let tag = w
            .event_type
            .as_deref()
            .map(|t| format!("`{t}`"))
            .unwrap_or_else(|| "no fixed event type: arrives as `Unknown`".into());
        listing.push_str(&format!(
            "\n- `{}`: `{}` ({tag})",
            w.key,
            ty_text(&api.types, &w.payload)
        ));
    }
    let module_doc = inner_doc_attrs(&format!("Webhook events. {told_apart}\n\n{listing}"));
    let verifier = signing.map(verifier);
    // No payload carries a fixed tag: every delivery is `Unknown` (a lone `_` arm is a lint).
    let from_value = if arms.is_empty() {
        quote!(Ok(WebhookEvent::Unknown(value)))
    } else {
        quote! {
            match tag(&value) {
                #(#arms)*
                _ => Ok(WebhookEvent::Unknown(value)),
            }
        }
    };
    Some(quote! {
        #module_doc

        /// One webhook delivery, typed by its event type.
        #[derive(Debug, Clone, PartialEq)]
        pub enum WebhookEvent {
            #(#variants)*
            /// An event type this client does not know (or a delivery without one), kept as
            /// the raw JSON.
            Unknown(serde_json::Value),
        }

        impl WebhookEvent {
            /// Event types with a typed variant.
            pub const KNOWN_EVENT_TYPES: &'static [&'static str] = &[#(#tags),*];

            /// The event type, read from the payload for [`WebhookEvent::Unknown`].
            pub fn event_type(&self) -> Option<&str> {
                match self {
                    #(#tag_arms)*
                    WebhookEvent::Unknown(value) => tag(value),
                }
            }

            /// Types a JSON value. A known event type whose payload does not match its schema
            /// is an error; an unknown one is kept as [`WebhookEvent::Unknown`].
            pub fn from_value(value: serde_json::Value) -> Result<WebhookEvent, serde_json::Error> {
                #from_value
            }
        }

        fn tag(value: &serde_json::Value) -> Option<&str> {
            let path: &[&str] = &[#(#path),*];
            if path.is_empty() {
                return None;
            }
            path.iter().try_fold(value, |v, key| v.get(*key))?.as_str()
        }

        impl<'de> serde::Deserialize<'de> for WebhookEvent {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                WebhookEvent::from_value(value).map_err(serde::de::Error::custom)
            }
        }

        impl serde::Serialize for WebhookEvent {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                    WebhookEvent::Unknown(v) => v.serialize(serializer),
                }
            }
        }

        /// Parses a delivery body **without verifying its signature**.
        ///
        /// Unsafe for production input: anyone can send a forged event to a public URL. Use it
        /// for tests and for bodies already verified elsewhere; receivers use
        /// `Webhooks::unwrap`.
        pub fn parse_unverified(body: &[u8]) -> Result<WebhookEvent, serde_json::Error> {
            serde_json::from_slice(body)
        }

        #verifier
    })
}

fn verifier(signing: &SigningConfig) -> TokenStream {
    let SigningAlgorithm::Ed25519 = signing.algorithm;
    let sig = &signing.signature_header;
    let ts = &signing.timestamp_header;
    let env = &signing.public_key_env;
    let tolerance = signing.tolerance_seconds;
    let scheme_doc = format!(
        " How deliveries are signed: Ed25519 over `\"{{{ts}}}|{{body}}\"`, signature in \
         `{sig}`, public key in `{env}`, timestamps within {tolerance} s of now."
    );
    quote! {
        #[cfg(feature = "webhooks")]
        pub use crate::webhook::WebhookError;

        #[doc = #scheme_doc]
        #[cfg(feature = "webhooks")]
        pub const SCHEME: crate::webhook::Scheme = crate::webhook::Scheme {
            signature_header: #sig,
            timestamp_header: #ts,
            public_key_env: #env,
            tolerance: std::time::Duration::from_secs(#tolerance),
        };

        /// Verifies deliveries and types them. Verification cannot be turned off: a body that
        /// is not signed by the configured key, or is signed too far from now, is an error.
        #[cfg(feature = "webhooks")]
        #[derive(Debug, Clone)]
        pub struct Webhooks {
            verifier: crate::webhook::Verifier,
        }

        #[cfg(feature = "webhooks")]
        impl Webhooks {
            /// A verifier for a base64 Ed25519 public key (32 bytes once decoded).
            pub fn new(public_key_base64: &str) -> Result<Webhooks, WebhookError> {
                crate::webhook::Verifier::new(SCHEME, public_key_base64).map(|verifier| Webhooks { verifier })
            }

            /// A verifier for the public key in the environment variable named by [`SCHEME`].
            pub fn from_env() -> Result<Webhooks, WebhookError> {
                crate::webhook::Verifier::from_env(SCHEME).map(|verifier| Webhooks { verifier })
            }

            /// Changes how far a timestamp may be from now, either way.
            pub fn with_tolerance(self, tolerance: std::time::Duration) -> Webhooks {
                Webhooks { verifier: self.verifier.with_tolerance(tolerance) }
            }

            /// Replaces the clock timestamps are compared with (tests pin it).
            pub fn with_clock(self, clock: impl Fn() -> std::time::SystemTime + Send + Sync + 'static) -> Webhooks {
                Webhooks { verifier: self.verifier.with_clock(clock) }
            }

            /// Verifies a delivery's signature and timestamp without parsing it.
            pub fn verify<I, K, V>(&self, body: &[u8], headers: I) -> Result<(), WebhookError>
            where
                I: IntoIterator<Item = (K, V)>,
                K: AsRef<str>,
                V: AsRef<[u8]>,
            {
                self.verifier.verify(body, headers)
            }

            /// Verifies a delivery, then types its body. `headers` is any list of name/value
            /// pairs, such as an `http::HeaderMap` by reference; names match in any case.
            pub fn unwrap<I, K, V>(&self, body: &[u8], headers: I) -> Result<WebhookEvent, WebhookError>
            where
                I: IntoIterator<Item = (K, V)>,
                K: AsRef<str>,
                V: AsRef<[u8]>,
            {
                self.verifier.verify(body, headers)?;
                let value: serde_json::Value = serde_json::from_slice(body).map_err(WebhookError::NotJson)?;
                WebhookEvent::from_value(value).map_err(WebhookError::InvalidPayload)
            }
        }
    }
}
