//! Security and servers in the IR: each operation's own requirement and server, the constructor
//! and variables, and the located problems (an undeclared scheme, an unsupported one, a server
//! variable without a value, a server that is not HTTP).

use generator::Config;
use generator::ir::{Api, Constructor, SchemeKind};

fn lower_text(text: &str) -> Result<Api, generator::Diagnostics> {
    let doc = generator::load::load(text)?;
    let mut api = generator::lower::lower(&doc, &Config::derived())?;
    generator::naming::assign(&mut api);
    Ok(api)
}

fn fixture() -> Api {
    let path = format!(
        "{}/tests/fixtures/security.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    lower_text(&text).expect("fixture lowers")
}

fn requirement(api: &Api, id: &str) -> Option<Vec<Vec<String>>> {
    api.operations
        .iter()
        .find(|o| o.operation_id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
        .security
        .clone()
}

fn keys(list: &[&[&str]]) -> Vec<Vec<String>> {
    list.iter()
        .map(|alt| alt.iter().map(|k| k.to_string()).collect())
        .collect()
}

#[test]
fn requirements_differ_only_where_the_document_says() {
    let api = fixture();
    let s = &api.krate.security;
    assert_eq!(s.default, keys(&[&["bearer"]]));
    assert!(matches!(s.constructor, Constructor::Token(i) if s.schemes[i].key == "bearer"));
    assert_eq!(requirement(&api, "listWidgets"), None);
    assert_eq!(
        requirement(&api, "createWidget"),
        Some(keys(&[&["basicAuth"], &["headerKey"]]))
    );
    assert_eq!(
        requirement(&api, "getWidget"),
        Some(keys(&[&["cookieKey", "queryKey"], &[]]))
    );
    assert_eq!(requirement(&api, "getStatus"), Some(Vec::new()));
    let kinds: Vec<(&str, &SchemeKind)> = s
        .schemes
        .iter()
        .map(|s| (s.key.as_str(), &s.kind))
        .collect();
    assert!(kinds.contains(&("oauth", &SchemeKind::Bearer)));
    assert!(kinds.contains(&("oidc", &SchemeKind::Bearer)));
    assert!(kinds.contains(&("cookieKey", &SchemeKind::Cookie("acme_session".into()))));
}

#[test]
fn identity_and_servers_come_from_the_document() {
    let api = fixture();
    let k = &api.krate;
    assert_eq!(k.name, "acme-widgets");
    assert_eq!(k.base_url, "https://eu.acme.test/v2");
    assert_eq!(k.base_url_env, "ACME_WIDGETS_BASE_URL");
    let bearer = k
        .security
        .schemes
        .iter()
        .find(|s| s.key == "bearer")
        .expect("bearer");
    assert_eq!(bearer.env, ["ACME_WIDGETS_API_KEY"]);
    let server = |id: &str| {
        api.operations
            .iter()
            .find(|o| o.operation_id == id)
            .and_then(|o| o.server.clone())
    };
    assert_eq!(
        server("getStatus").as_deref(),
        Some("https://status.acme.test")
    );
    assert_eq!(
        server("listReports").as_deref(),
        Some("https://reports.acme.test/v1")
    );
    assert_eq!(server("listWidgets"), None);
}

const DOC: &str = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://t.test"}]
paths:
  /a:
    get:
      operationId: a
      security: [{digest: []}]
      responses: {"204": {description: ok}}
  /b:
    get:
      operationId: b
      security: [{digest: []}, {key: []}]
      responses: {"204": {description: ok}}
  /ws:
    get:
      operationId: ws
      servers: [{url: "wss://t.test/stream"}]
      responses: {"204": {description: ok}}
components:
  securitySchemes:
    digest: {type: http, scheme: digest}
    key: {type: apiKey, in: header, name: X-Key}
"#;

#[test]
fn unsupported_schemes_and_servers_skip_only_what_needs_them() {
    let api = lower_text(DOC).expect("lowers");
    let skipped: Vec<String> = api.skipped.iter().map(|s| s.to_string()).collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(
        skipped[0].contains("GET /a") && skipped[0].contains("/paths/~1a/get/security"),
        "{skipped:?}"
    );
    assert!(
        skipped[1].contains("GET /ws") && skipped[1].contains("not an HTTP server"),
        "{skipped:?}"
    );
    assert_eq!(requirement(&api, "b"), Some(keys(&[&["key"]])));
    assert!(
        api.warnings
            .iter()
            .any(|w| w.to_string().contains("/components/securitySchemes/digest"))
    );
}

#[test]
fn undeclared_schemes_and_unset_server_variables_are_located_errors() {
    let text = DOC
        .replace(
            "security: [{digest: []}, {key: []}]",
            "security: [{nope: []}]",
        )
        .replace("https://t.test\"", "https://{host}.test\"");
    let err = lower_text(&text).expect_err("invalid").to_string();
    assert!(err.contains("/paths/~1b/get/security/0/nope"), "{err}");
    assert!(
        err.contains("/servers/0/url") && err.contains("{host}"),
        "{err}"
    );
}
