//! Per-resource cargo features: the `cfg` each model type gets follows from which top-level
//! resources (and webhook events) reach it, and a resource may not take a reserved feature.

use generator::config::FeatureMode;

fn config(mode: FeatureMode) -> generator::Config {
    let mut c = generator::Config::minimal("fixture-features");
    c.features = mode;
    c
}

fn fixture() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/features_per_resource.yaml"
    );
    std::fs::read_to_string(path).expect("fixture")
}

fn file(generated: &generator::Generated, path: &str) -> String {
    generated
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.clone())
        .unwrap_or_else(|| panic!("no {path}"))
}

/// The `cfg` attribute among the attributes right above `decl`, if any.
fn cfg_of(models: &str, decl: &str) -> Option<String> {
    let lines: Vec<&str> = models.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == decl)
        .unwrap_or_else(|| panic!("no `{decl}`"));
    lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.starts_with('#') || l.starts_with("///"))
        .find(|l| l.starts_with("#[cfg("))
        .map(|l| l.to_string())
}

#[test]
fn each_type_compiles_under_the_features_that_reach_it() {
    let generated =
        generator::generate(&fixture(), &config(FeatureMode::PerResource)).expect("generates");
    // Types live in `models/` and in resource modules.
    let models: String = generated
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/") && f.path.ends_with(".rs"))
        .map(|f| f.contents.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let cfg = |decl| cfg_of(&models, decl);
    let any = |fs: &[&str]| {
        let each: Vec<String> = fs.iter().map(|f| format!("feature = \"{f}\"")).collect();
        Some(format!("#[cfg(any({}))]", each.join(", ")))
    };
    let one = |f: &str| Some(format!("#[cfg(feature = \"{f}\")]"));
    // Every resource and the webhook events use it: no cfg at all.
    assert_eq!(cfg("pub struct Money {"), None);
    assert_eq!(cfg("pub struct Address {"), any(&["orders", "stores"]));
    assert_eq!(cfg("pub struct Customer {"), one("customers"));
    // Only through the orders list's pagination.
    assert_eq!(cfg("pub struct Item {"), one("orders"));
    // A union alternative, reached through a union two resources send.
    assert_eq!(cfg("pub enum Reachable {"), any(&["customers", "orders"]));
    assert_eq!(cfg("pub struct Contact {"), any(&["customers", "orders"]));
    // A response type that a webhook event carries too.
    assert_eq!(
        cfg("pub struct Order {"),
        any(&["orders", "webhook_events"])
    );
    // No operation uses these: they stay public in every build.
    assert_eq!(cfg("pub struct Catalog {"), None);
    assert_eq!(cfg("pub struct Sku {"), None);
    // An operation's own options struct follows its resource.
    assert_eq!(cfg("pub struct ListParams {"), one("orders"));
    let manifest = file(&generated, "Cargo.toml");
    assert!(
        manifest
            .contains("default = [\"customers\", \"orders\", \"stores\", \"webhook_events\"]\n"),
        "{manifest}"
    );
    let resources = file(&generated, "src/resources/mod.rs");
    assert_eq!(resources.matches("#[cfg(feature = \"orders\")]").count(), 2);
    let lib = file(&generated, "src/lib.rs");
    assert!(
        lib.contains("#[cfg(feature = \"webhook_events\")]\n#[rustfmt::skip]\npub mod webhooks;")
    );
}

#[test]
fn without_the_key_nothing_is_feature_gated() {
    let generated = generator::generate(&fixture(), &config(FeatureMode::None)).expect("generates");
    for f in &generated.files {
        assert!(!f.contents.contains("#[cfg(feature"), "{}", f.path);
    }
    assert!(!file(&generated, "Cargo.toml").contains("default ="));
}

#[test]
fn a_resource_may_not_take_a_reserved_feature_name() {
    let doc = r#"
openapi: 3.1.0
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /webhook_events:
    get:
      operationId: listEvents
      responses:
        "200": {description: ok}
"#;
    let err = generator::generate(doc, &config(FeatureMode::PerResource))
        .expect_err("a resource named like the events feature");
    let text = err.to_string();
    assert!(text.contains("`webhook_events`"), "{text}");
    assert!(text.contains("features"), "{text}");
}

#[test]
fn the_key_is_read_from_the_configuration() {
    let text = "crate_name: x\ncrate_version: 0.1.0\ndescription: d\nfeatures: per_resource\n";
    let c = generator::Config::from_yaml(text).expect("parses");
    assert_eq!(c.features, FeatureMode::PerResource);
    let bad = text.replace("per_resource", "per_operation");
    assert!(generator::Config::from_yaml(&bad).is_err());
}
