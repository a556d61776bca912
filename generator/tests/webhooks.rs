//! The generic webhook rule: every entry of a 3.1 `webhooks` section becomes a typed payload;
//! payloads with one fixed `event_type` value each become variants of an event enum; the
//! verifier (runtime module, cargo feature, `Webhooks` type) exists only when the
//! configuration declares a signing scheme.

use generator::{Config, Generated};

fn fixture() -> String {
    let path = format!(
        "{}/tests/fixtures/webhooks.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("fixture is readable")
}

const SIGNING: &str = r#"
crate_name: hooks
crate_version: 0.1.0
description: test
webhooks:
  signing:
    algorithm: ed25519
    signature_header: x-sig
    timestamp_header: x-ts
    public_key_env: HOOKS_PUBLIC_KEY
    tolerance_seconds: 120
"#;

fn file<'a>(generated: &'a Generated, path: &str) -> Option<&'a str> {
    generated
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
}

#[test]
fn fixed_event_types_become_variants_and_the_rest_stay_typed() {
    let doc = generator::load::load(&fixture()).expect("loads");
    let mut api = generator::lower::lower(&doc, &Config::minimal("t")).expect("lowers");
    generator::naming::assign(&mut api);
    let hooks = &api.webhooks;
    assert_eq!(hooks.tag_path, ["data", "event_type"]);
    let summary: Vec<(&str, Option<&str>, &str, &str)> = hooks
        .entries
        .iter()
        .map(|w| {
            let generator::ir::Ty::Named(id) = &w.payload else {
                panic!("{} is not a named payload: {:?}", w.key, w.payload);
            };
            (
                w.key.as_str(),
                w.event_type.as_deref(),
                w.variant.bare(),
                api.types.get(*id).name.bare(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("legacyPing", None, "LegacyPing", "LegacyPingWebhook"),
            (
                "order.cancelled",
                Some("order.cancelled"),
                "OrderCancelled",
                "OrderCancelled"
            ),
            (
                "orderShipped",
                Some("order.shipped"),
                "OrderShipped",
                "OrderShippedWebhook"
            ),
        ]
    );
    // Payloads are received like responses: their enums keep unknown values.
    let state = api
        .types
        .defs
        .iter()
        .find(|d| d.name.code() == "OrderState")
        .expect("OrderState");
    assert!(state.usage.response);
}

#[test]
fn without_a_signing_scheme_there_are_typed_payloads_and_no_verifier() {
    let generated = generator::generate(&fixture(), &Config::minimal("hooks")).expect("generates");
    let module = file(&generated, "src/webhooks.rs").expect("webhooks module");
    assert!(module.contains("pub enum WebhookEvent"));
    assert!(module.contains("OrderShipped(Box<crate::models::OrderShippedWebhook>)"));
    assert!(module.contains("pub fn parse_unverified"));
    assert!(
        !module.contains("pub struct Webhooks"),
        "no verifier without a scheme"
    );
    assert!(
        file(&generated, "src/webhook.rs").is_none(),
        "no runtime verifier"
    );
    let manifest = file(&generated, "Cargo.toml").expect("manifest");
    assert!(!manifest.contains("ed25519"), "{manifest}");
    assert!(!manifest.contains("webhooks = ["), "{manifest}");
    let lib = file(&generated, "src/lib.rs").expect("lib");
    assert!(lib.contains("pub mod webhooks;"));
    assert!(!lib.contains("pub mod webhook;"));
}

#[test]
fn a_signing_scheme_adds_the_verifier_behind_a_default_feature() {
    let config = Config::from_yaml(SIGNING).expect("config parses");
    let generated = generator::generate(&fixture(), &config).expect("generates");
    let module = file(&generated, "src/webhooks.rs").expect("webhooks module");
    assert!(module.contains("pub struct Webhooks"));
    assert!(module.contains("signature_header: \"x-sig\""));
    assert!(module.contains("timestamp_header: \"x-ts\""));
    assert!(module.contains("public_key_env: \"HOOKS_PUBLIC_KEY\""));
    assert!(module.contains("from_secs(120u64)"));
    assert!(
        !module.contains("insecure"),
        "unwrap has no way to skip verification"
    );
    let runtime = file(&generated, "src/webhook.rs").expect("runtime verifier");
    assert!(runtime.contains("verify_strict"));
    let manifest = file(&generated, "Cargo.toml").expect("manifest");
    assert!(manifest.contains("default = [\"webhooks\"]"), "{manifest}");
    // base64 is always there: basic auth uses it too.
    assert!(
        manifest.contains("webhooks = [\"dep:ed25519-dalek\"]"),
        "{manifest}"
    );
    let lib = file(&generated, "src/lib.rs").expect("lib");
    assert!(lib.contains("#[cfg(feature = \"webhooks\")]\n#[rustfmt::skip]\npub mod webhook;"));
}

#[test]
fn a_document_without_webhooks_gets_neither() {
    let text = fixture();
    let cut = text.find("\nwebhooks:").expect("section");
    let config = Config::from_yaml(SIGNING).expect("config parses");
    let generated = generator::generate(&text[..cut], &config).expect("generates");
    assert!(file(&generated, "src/webhooks.rs").is_none());
    assert!(file(&generated, "src/webhook.rs").is_none());
    assert!(
        !file(&generated, "Cargo.toml")
            .expect("manifest")
            .contains("ed25519")
    );
}

#[test]
fn the_discriminator_may_sit_at_the_top_level_and_be_renamed() {
    let doc = r#"
openapi: 3.1.0
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths: {}
webhooks:
  a:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                kind: {const: thing.a}
                event_type: {const: ignored}
  b:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                kind: {type: string, enum: [thing.b]}
"#;
    let mut config = Config::minimal("t");
    config.webhooks = Some(
        Config::from_yaml(
            "crate_name: t\ncrate_version: '1'\ndescription: d\nwebhooks: {discriminator: kind}",
        )
        .expect("parses")
        .webhooks
        .expect("webhooks"),
    );
    let loaded = generator::load::load(doc).expect("loads");
    let mut api = generator::lower::lower(&loaded, &config).expect("lowers");
    generator::naming::assign(&mut api);
    assert_eq!(api.webhooks.tag_path, ["kind"]);
    let types: Vec<Option<&str>> = api
        .webhooks
        .entries
        .iter()
        .map(|w| w.event_type.as_deref())
        .collect();
    assert_eq!(types, [Some("thing.a"), Some("thing.b")]);
    // Named `event_type` in the configuration, only `a` has a fixed value.
    let mut config = Config::minimal("t");
    config.webhooks = Some(
        Config::from_yaml("webhooks: {discriminator: event_type}")
            .expect("parses")
            .webhooks
            .expect("webhooks"),
    );
    let event_types = |config: &Config| {
        let mut api = generator::lower::lower(&loaded, config).expect("lowers");
        generator::naming::assign(&mut api);
        let types: Vec<Option<String>> = api
            .webhooks
            .entries
            .iter()
            .map(|w| w.event_type.clone())
            .collect();
        types
    };
    assert_eq!(event_types(&config), [Some("ignored".into()), None]);
    // Without configuration the usual name that tells the most payloads apart wins: `kind`.
    assert_eq!(
        event_types(&Config::minimal("t")),
        [Some("thing.a".into()), Some("thing.b".into())]
    );
}

#[test]
fn a_webhook_without_a_json_body_is_left_out_with_a_warning() {
    let doc = r#"
openapi: 3.1.0
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths: {}
webhooks:
  noBody:
    post:
      responses: {"200": {description: ok}}
  form:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object}
"#;
    let loaded = generator::load::load(doc).expect("loads");
    let mut api = generator::lower::lower(&loaded, &Config::minimal("t")).expect("lowers");
    generator::naming::assign(&mut api);
    assert!(api.webhooks.entries.is_empty());
    let warnings: Vec<String> = api.warnings.iter().map(|w| w.to_string()).collect();
    let warnings = warnings.join("\n");
    assert!(
        warnings.contains("#/webhooks/noBody/post: no request body"),
        "{warnings}"
    );
    assert!(
        warnings.contains("#/webhooks/form/post: no JSON request body"),
        "{warnings}"
    );
}

#[test]
fn an_unknown_signing_algorithm_is_a_configuration_error() {
    let text = SIGNING.replace("ed25519", "hmac-sha256");
    let err = Config::from_yaml(&text).unwrap_err();
    assert!(err.to_string().contains("hmac-sha256"), "{err}");
}
