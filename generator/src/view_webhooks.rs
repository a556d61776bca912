//! What templates know about webhooks: whether the crate has the `webhooks` module, and
//! whether it verifies deliveries (and with which key variable).

use serde::Serialize;

use crate::ir::Api;

/// Webhook facts for `Cargo.toml`, `lib.rs`, the README and the receiver example.
#[derive(Debug, Serialize)]
pub struct WebhooksView {
    /// The document declares webhooks: `src/webhooks.rs` exists.
    pub present: bool,
    /// A signing scheme is configured: the verifier and the `webhooks` feature exist.
    pub verified: bool,
    /// Environment variable with the public key (empty without a scheme).
    pub public_key_env: String,
    /// Default timestamp tolerance in seconds (0 without a scheme).
    pub tolerance_seconds: u64,
    /// Typed event types, for the README.
    pub event_types: Vec<String>,
    /// The receiver example is generated, so its dev-dependencies are needed.
    pub receiver_example: bool,
}

/// Builds the webhook facts.
pub fn build(api: &Api) -> WebhooksView {
    let present = !api.webhooks.entries.is_empty();
    let signing = api.webhooks.signing.as_ref().filter(|_| present);
    WebhooksView {
        present,
        verified: signing.is_some(),
        public_key_env: signing
            .map(|s| s.public_key_env.clone())
            .unwrap_or_default(),
        tolerance_seconds: signing.map(|s| s.tolerance_seconds).unwrap_or(0),
        event_types: api
            .webhooks
            .variants()
            .filter_map(|w| w.event_type.clone())
            .collect(),
        receiver_example: api.krate.examples.iter().any(|e| e == "webhook_receiver"),
    }
}
