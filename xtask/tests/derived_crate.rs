//! Crates generated with no configuration: identity from the document, no Telnyx value, the
//! constructor the document's security needs, and a passing `cargo test` of their own.

use xtask::derived;

fn file<'a>(generated: &'a generator::Generated, path: &str) -> &'a str {
    generated
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn the_fixture_crate_takes_its_identity_from_the_document() {
    let root = xtask::root();
    let generated = derived::generate(&root.join(derived::FIXTURE)).expect("generates");
    assert_eq!(derived::telnyx_mentions(&generated), Vec::<String>::new());
    let manifest = file(&generated, "Cargo.toml");
    assert!(manifest.contains("name = \"acme-widgets\""), "{manifest}");
    assert!(
        manifest.contains("description = \"Widgets for every workshop.\""),
        "{manifest}"
    );
    let meta = file(&generated, "src/meta.rs");
    for expected in [
        "\"https://eu.acme.test/v2\"",
        "\"ACME_WIDGETS_BASE_URL\"",
        "env: &[\"ACME_WIDGETS_API_KEY\"]",
        "pub fn new(api_key: impl Into<String>)",
    ] {
        assert!(meta.contains(expected), "{expected} not in\n{meta}");
    }
}

#[test]
fn the_fixture_crate_passes_its_own_cargo_test() {
    derived::check_cargo_test(&xtask::root()).unwrap_or_else(|e| panic!("{e}"));
}

/// The real-world documents get their own names and the constructor their security needs.
#[test]
fn openai_and_twilio_get_their_own_names_and_constructors() {
    let root = xtask::root();
    for (name, krate, constructor, env) in [
        (
            "openai.yaml",
            "openai",
            "pub fn new(api_key: impl Into<String>)",
            "\"OPENAI_API_KEY\"",
        ),
        (
            "twilio_api_v2010.json",
            "twilio",
            "pub fn new(username: impl Into<String>, password: impl Into<String>",
            "\"TWILIO_USERNAME\", \"TWILIO_PASSWORD\"",
        ),
    ] {
        let generated = derived::generate(&derived::realworld(&root, name)).expect("generates");
        assert_eq!(
            derived::telnyx_mentions(&generated),
            Vec::<String>::new(),
            "{name}"
        );
        let manifest = file(&generated, "Cargo.toml");
        assert!(manifest.contains(&format!("name = \"{krate}\"")), "{name}");
        let meta = file(&generated, "src/meta.rs");
        // prettyplease may break the signature over lines; compare without whitespace.
        let flat: String = meta.split_whitespace().collect();
        let want: String = constructor.split_whitespace().collect();
        assert!(flat.contains(&want), "{name}: {constructor} not in\n{meta}");
        assert!(meta.contains(env), "{name}: {env} not in\n{meta}");
    }
}
