//! Broken documents are rejected with errors that say where (a JSON pointer, or a line and
//! column for syntax errors), every problem at once where the pass allows it, never a panic.

use generator::diagnostics::{Location, Origin, Severity};
use generator::{Config, Diagnostics, generate};

fn errors(text: &str) -> Diagnostics {
    errors_with(text, &Config::minimal("t"))
}

fn errors_with(text: &str, config: &Config) -> Diagnostics {
    match generate(text, config) {
        Ok(g) => panic!(
            "expected errors, generated {} files (skipped: {:?})",
            g.files.len(),
            g.skipped
        ),
        Err(d) => {
            assert!(!d.0.is_empty(), "an error without diagnostics");
            for diag in &d.0 {
                assert_ne!(diag.location, Location::Whole, "no location: {diag}");
                assert!(!diag.message.is_empty(), "no message: {diag}");
                assert_eq!(diag.severity, Severity::Error, "{diag}");
            }
            d
        }
    }
}

fn locations(d: &Diagnostics) -> Vec<String> {
    d.0.iter().map(|x| x.location.to_string()).collect()
}

fn has(d: &Diagnostics, location: &str, needle: &str) -> bool {
    d.0.iter()
        .any(|x| x.location.to_string() == location && x.message.contains(needle))
}

/// How many problems mention `needle`.
fn count(d: &Diagnostics, needle: &str) -> usize {
    d.0.iter().filter(|x| x.message.contains(needle)).count()
}

const HEAD: &str =
    "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://x'}]\n";

#[test]
fn empty_documents() {
    for text in ["", "   \n\t\n"] {
        let d = errors(text);
        assert_eq!(locations(&d), ["line 1, column 1"]);
        assert!(d.0[0].message.contains("empty"), "{d}");
    }
}

#[test]
fn invalid_yaml_has_line_and_column() {
    let d = errors("openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: 1\n");
    assert_eq!(d.0.len(), 1);
    assert!(matches!(d.0[0].location, Location::Text { .. }), "{d}");
    assert!(d.0[0].message.contains("invalid YAML"), "{d}");
    assert_eq!(d.0[0].origin, Origin::Document);
    let d = errors("openapi: 3.1.0\n\tinfo: {}\n");
    assert!(
        matches!(d.0[0].location, Location::Text { line: 2, .. }),
        "{d}"
    );
}

#[test]
fn invalid_json_has_line_and_column() {
    let d = errors("{\n  \"openapi\": \"3.1.0\",\n  \"info\": {,}\n}");
    assert_eq!(locations(&d), ["line 3, column 12"]);
    assert!(d.0[0].message.contains("invalid JSON"), "{d}");
}

#[test]
fn a_document_that_is_not_a_mapping() {
    for text in ["- a\n- b\n", "42\n", "just text\n", "null\n"] {
        let d = errors(text);
        assert_eq!(locations(&d), ["#"], "{text:?}: {d}");
    }
}

#[test]
fn wrong_node_types_name_the_pointer() {
    let cases = [
        ("paths: []\n", "#/paths"),
        (
            "paths:\n  /a:\n    get:\n      responses: 7\n",
            "#/paths/~1a/get/responses",
        ),
        (
            "paths:\n  /a:\n    get:\n      parameters: {x: 1}\n      responses: {}\n",
            "#/paths/~1a/get/parameters",
        ),
        (
            "components:\n  schemas:\n    A: {type: object, properties: 5}\npaths: {}\n",
            "#/components/schemas/A",
        ),
        ("info: 3\npaths: {}\n", "#/info"),
    ];
    for (body, pointer) in cases {
        let text = format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{body}");
        // A repeated `info` key would be a YAML error; replace the head's instead.
        let text = if body.starts_with("info:") {
            format!("openapi: 3.1.0\n{body}")
        } else {
            text
        };
        let d = errors(&text);
        assert!(
            d.0.iter()
                .any(|x| x.location.to_string().starts_with(pointer)),
            "{body:?}: expected a location under {pointer}, got {d}"
        );
    }
}

#[test]
fn dangling_refs_are_all_reported() {
    let text = format!(
        "{HEAD}paths:
  /a:
    get:
      parameters:
        - $ref: '#/components/parameters/Nope'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Missing'}}
components:
  schemas:
    A:
      type: object
      properties:
        b: {{$ref: '#/components/schemas/B'}}
        c: {{$ref: 'other.yaml#/C'}}
"
    );
    let d = errors(&text);
    assert!(
        has(&d, "#/components/schemas/A/properties/b/$ref", "dangling"),
        "{d}"
    );
    assert!(
        has(&d, "#/components/schemas/A/properties/c/$ref", "only local"),
        "{d}"
    );
    assert!(
        has(&d, "#/paths/~1a/get/parameters/0/$ref", "dangling"),
        "{d}"
    );
    assert!(
        has(
            &d,
            "#/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
            "dangling"
        ),
        "{d}"
    );
}

#[test]
fn cyclic_refs_are_rejected() {
    // A → B → A: aliases with nothing in between can never be resolved.
    let text = format!(
        "{HEAD}paths: {{}}
components:
  schemas:
    A: {{$ref: '#/components/schemas/B'}}
    B: {{$ref: '#/components/schemas/A'}}
    C: {{$ref: '#/components/schemas/C'}}
"
    );
    let d = errors(&text);
    assert!(
        d.0.iter().any(
            |x| x.location.to_string().starts_with("#/components/schemas/")
                && x.message.contains("cyclic")
        ),
        "{d}"
    );
    assert!(has(&d, "#/components/schemas/C", "cyclic"), "{d}");
    // An allOf that includes itself.
    let text = format!(
        "{HEAD}paths: {{}}
components:
  schemas:
    A:
      allOf:
        - $ref: '#/components/schemas/A'
        - type: object
          properties:
            x: {{type: string}}
"
    );
    let d = errors(&text);
    assert!(
        d.0.iter().any(|x| x.message.contains("includes itself")),
        "{d}"
    );
}

#[test]
fn duplicate_operation_ids() {
    let text = format!(
        "{HEAD}paths:
  /a:
    get:
      operationId: same
      responses: {{'204': {{description: ok}}}}
  /b:
    get:
      operationId: same
      responses: {{'204': {{description: ok}}}}
"
    );
    let d = errors(&text);
    assert!(
        has(&d, "#/paths/~1a/get/operationId", "duplicate operationId"),
        "{d}"
    );
    assert!(
        has(&d, "#/paths/~1b/get/operationId", "duplicate operationId"),
        "{d}"
    );
    let mut config = Config::minimal("t");
    config.allow_duplicate_operation_ids = true;
    let generated = generate(&text, &config).expect("tolerated with the option");
    assert_eq!(generated.warnings.len(), 2, "{:?}", generated.warnings);
    let first = &generated.warnings[0];
    assert_eq!(first.severity, Severity::Warning);
    assert_eq!(
        first.to_string(),
        "warning: document #/paths/~1a/get/operationId: duplicate operationId \"same\""
    );
}

#[test]
fn undeclared_path_parameters() {
    let text = format!(
        "{HEAD}paths:
  /a/{{id}}/b/{{other}}:
    get:
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      responses: {{'204': {{description: ok}}}}
  /c:
    get:
      parameters:
        - {{name: ghost, in: path, required: true, schema: {{type: string}}}}
      responses: {{'204': {{description: ok}}}}
  /d/{{x:
    get:
      responses: {{'204': {{description: ok}}}}
"
    );
    let d = errors(&text);
    assert!(
        has(&d, "#/paths/~1a~1{id}~1b~1{other}/get", "{other}"),
        "{d}"
    );
    assert!(has(&d, "#/paths/~1c/get/parameters/0", "ghost"), "{d}");
    assert!(has(&d, "#/paths/~1d~1{x", "unbalanced"), "{d}");
}

#[test]
fn unsupported_versions() {
    let d = errors("openapi: 2.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(locations(&d), ["#/openapi"]);
    let d = errors("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(locations(&d), ["#/openapi"]);
    assert!(d.0[0].message.contains("3.2.0"), "{d}");
    let d = errors("openapi: 3\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(locations(&d), ["#/openapi"]);
}

#[test]
fn swagger_2_is_named() {
    let d = errors("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(locations(&d), ["#/swagger"]);
    assert!(d.0[0].message.contains("Swagger 2.0"), "{d}");
    let d = errors("info: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(locations(&d), ["#"]);
}

#[test]
fn no_server_and_no_base_url() {
    let d = errors("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(locations(&d), ["#/servers"]);
}

#[test]
fn problems_in_different_places_are_reported_together() {
    let text = format!(
        "{HEAD}paths:
  /a/{{id}}:
    get:
      operationId: x
      responses: {{'204': {{description: ok}}}}
  /b:
    get:
      operationId: x
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Nope'}}
components:
  schemas:
    A: {{$ref: '#/components/schemas/A'}}
"
    );
    let d = errors(&text);
    assert!(d.0.len() >= 4, "{d}");
    let text = d.to_string();
    for needle in ["{id}", "duplicate operationId", "Nope", "cyclic"] {
        assert!(text.contains(needle), "{needle} missing from {text}");
    }
}

#[test]
fn configuration_errors_are_located() {
    let err = Config::from_yaml("crate_name: [").expect_err("invalid YAML");
    assert_eq!(err.0[0].origin, Origin::Configuration, "{err}");
    assert!(
        err.to_string()
            .starts_with("error: configuration line 1, column"),
        "{err}"
    );
    let err = Config::from_yaml("crate_name: a\ncrate_version: 1\ndescription: d\nbogus: 1\n")
        .expect_err("unknown key");
    assert!(err.to_string().contains("bogus"), "{err}");
}

#[test]
fn duplicate_keys_are_rejected() {
    let d = errors(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses: {{}}\n    get:\n      responses: {{}}\n"
    ));
    assert!(matches!(d.0[0].location, Location::Text { .. }), "{d}");
    assert!(d.0[0].message.contains("duplicate key \"get\""), "{d}");
    assert!(d.0[0].message.contains("paths./a"), "{d}");
    let d = errors(r#"{"openapi": "3.1.0", "openapi": "3.0.0", "paths": {}}"#);
    assert_eq!(locations(&d), ["line 1, column 39"]);
    assert!(d.0[0].message.contains("duplicate key"), "{d}");
}

#[test]
fn each_fault_of_an_operation_is_reported_once() {
    // An undeclared path parameter is the document's error, not also a skipped operation.
    let text = format!(
        "{HEAD}paths:
  /a/{{id}}:
    get:
      responses: {{'204': {{description: ok}}}}
  /b:
    post:
      requestBody: {{$ref: '#/components/requestBodies/Gone'}}
      responses: {{'204': {{description: ok}}}}
"
    );
    let d = errors(&text);
    assert_eq!(count(&d, "{id}"), 1, "{d}");
    assert_eq!(count(&d, "Gone"), 1, "{d}");
    assert!(
        has(&d, "#/paths/~1b/post/requestBody/$ref", "dangling"),
        "{d}"
    );
}

#[test]
fn skipped_operations_have_located_reasons() {
    let text = format!(
        "{HEAD}paths:
  /a:
    get:
      parameters:
        - name: session
          in: cookie
          content: {{application/json: {{schema: {{type: object}}}}}}
      responses: {{'204': {{description: ok}}}}
  /b:
    get:
      responses: {{'204': {{description: ok}}}}
"
    );
    let generated = generate(&text, &Config::minimal("t")).expect("generates");
    assert_eq!(generated.skipped.len(), 1, "{:?}", generated.skipped);
    let s = &generated.skipped[0];
    assert_eq!(s.reason.severity, Severity::Warning);
    assert_eq!(
        s.to_string(),
        "skipped: GET /a: document #/paths/~1a/get/parameters/0: parameter \"session\" is \
         described by `content`; header and cookie parameters are supported with a `schema` only"
    );
}

#[test]
fn a_templated_or_malformed_path_query_is_a_located_error() {
    for (key, why) in [
        ("/a?x={id}", "holds a template parameter"),
        ("/a?=1", "has an empty name"),
        ("/a?x=%zz", "malformed `%` escape"),
    ] {
        let text = format!(
            "{HEAD}paths:\n  {key:?}:\n    get:\n      responses: {{'204': {{description: ok}}}}\n"
        );
        let d = errors(&text);
        let pointer = format!("#/paths/~1a?{}", &key[3..]);
        assert!(has(&d, &pointer, why), "{key}: {d}");
    }
}

/// A document whose operations reach their parameters, bodies and responses through `refs`.
fn with_refs(refs: &str) -> String {
    format!(
        "{HEAD}paths:
  /a/{{id}}:
    post:
      parameters:
        - $ref: '#/components/parameters/Alias'
        - $ref: '#/paths/~1b/get/parameters/0'
      requestBody: {{$ref: '#/components/requestBodies/Deep'}}
      responses:
        '200': {{$ref: '#/components/responses/R'}}
  /b:
    get:
      parameters:
        - {{name: limit, in: query, schema: {{type: integer}}}}
      responses: {{'204': {{description: ok}}}}
components:
{refs}"
    )
}

const GOOD_REFS: &str = "  parameters:
    Id: {name: id, in: path, required: true, schema: {type: string}}
    Alias: {$ref: '#/components/parameters/Id'}
  requestBodies:
    Deep: {$ref: '#/components/responses/R'}
  responses:
    R:
      description: ok
      content:
        application/json:
          schema: {type: object, properties: {x: {type: string}}}
";

#[test]
fn references_reach_any_pointer_through_chains() {
    let generated = generate(&with_refs(GOOD_REFS), &Config::minimal("t")).expect("generates");
    assert!(generated.skipped.is_empty(), "{:?}", generated.skipped);
    let file = |path: &str| {
        generated
            .files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.contents.as_str())
            .unwrap_or_default()
    };
    let sources: String = generated
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/") && f.path.ends_with(".rs"))
        .map(|f| f.contents.as_str())
        .collect();
    // The query parameter borrowed from another operation (so in both parameter structs), and
    // the body read from a response object (so its field is in the body and the response, which
    // stay two types: one is sent, the other received).
    assert_eq!(
        sources.matches("pub limit: Option<i64>").count(),
        2,
        "{sources}"
    );
    assert_eq!(
        sources.matches("pub x: Option<String>").count(),
        2,
        "{sources}"
    );
    // The path parameter reached through an alias.
    let a = file("src/resources/a.rs");
    assert!(a.contains("id: &str"), "{a}");
}

#[test]
fn broken_references_are_located() {
    let cycle = GOOD_REFS.replace(
        "Alias: {$ref: '#/components/parameters/Id'}",
        "Alias: {$ref: '#/components/parameters/Loop'}\n    Loop: {$ref: '#/components/parameters/Alias'}",
    );
    let d = errors(&with_refs(&cycle));
    assert!(
        has(&d, "#/paths/~1a~1{id}/post/parameters/0/$ref", "cyclic"),
        "{d}"
    );

    let dangling = GOOD_REFS.replace("'#/components/responses/R'}", "'#/components/responses/S'}");
    let d = errors(&with_refs(&dangling));
    assert!(
        has(
            &d,
            "#/components/requestBodies/Deep/$ref",
            "nothing at #/components/responses/S"
        ),
        "{d}"
    );

    let wrong_kind = GOOD_REFS.replace(
        "Alias: {$ref: '#/components/parameters/Id'}",
        "Alias: {$ref: '#/components/responses/R'}",
    );
    let d = errors(&with_refs(&wrong_kind));
    assert!(
        d.0.iter().any(|x| x
            .location
            .to_string()
            .starts_with("#/components/responses/R")
            && x.message.contains("is not a parameter")),
        "{d}"
    );
}

#[test]
fn generator_faults_are_not_blamed_on_the_document() {
    let mut config = Config::minimal("t");
    config.examples = vec!["nope".into()];
    let text = format!("{HEAD}paths: {{}}\n");
    let d = errors_with(&text, &config);
    assert_eq!(d.0[0].origin, Origin::Configuration, "{d}");
    assert_eq!(
        d.to_string(),
        "error: configuration examples: no template templates/examples/nope.rs.jinja"
    );
}
