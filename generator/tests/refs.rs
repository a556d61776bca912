//! `$ref`s of every form: local pointers to anywhere in the document, and documents spread
//! over several files (bundled by `generator::load::bundle`), with the errors that name the file
//! and the pointer of both the reference and its missing target.

use generator::load::{MemoryFiles, bundle};
use generator::{Config, generate, generate_files};
use serde_json::Value;

const HEAD: &str =
    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://api.example.com'}]\n";

/// A root document whose one operation returns the schema `schema_ref`.
fn root_returning(schema_ref: &str) -> String {
    format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '{schema_ref}'}}\n"
    )
}

const HOLDER: &str =
    "openapi.yaml#/paths/~1a/get/responses/200/content/application~1json/schema/$ref";

fn errors(files: &[(&str, &str)]) -> Vec<String> {
    let files: Vec<(&str, &str)> = files.to_vec();
    match generate_files(
        "openapi.yaml",
        &MemoryFiles::new(files),
        &Config::minimal("refs"),
    ) {
        Ok(_) => Vec::new(),
        Err(d) => d.0.iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn a_ref_cycle_through_two_files_names_both_files_and_pointers() {
    let root = root_returning("a.yaml#/components/schemas/X");
    let found = errors(&[
        ("openapi.yaml", &root),
        (
            "a.yaml",
            "components: {schemas: {X: {$ref: 'dir/b.yaml#/components/schemas/Y'}}}",
        ),
        (
            "dir/b.yaml",
            "components: {schemas: {Y: {$ref: '../a.yaml#/components/schemas/X'}}}",
        ),
    ]);
    assert_eq!(
        found,
        [
            "error: document a.yaml#/components/schemas/X/$ref: cyclic $ref across files: \
          a.yaml#/components/schemas/X → dir/b.yaml#/components/schemas/Y → a.yaml#/components/schemas/X"
        ]
    );
}

#[test]
fn a_missing_file_names_the_referring_file_and_pointer() {
    let root = root_returning("schemas/missing.yaml#/Pet");
    let found = errors(&[("openapi.yaml", &root)]);
    assert_eq!(
        found,
        [format!(
            "error: document {HOLDER}: dangling $ref \"schemas/missing.yaml#/Pet\": cannot read \
             schemas/missing.yaml: no such file"
        )]
    );
}

#[test]
fn a_missing_pointer_in_a_nested_file_names_both_places() {
    let root = root_returning("a.yaml#/components/schemas/X");
    let a = "components: {schemas: {X: {type: object, properties: {p: {$ref: 'sub/b.yaml#/components/schemas/Nope'}}}}}";
    let b = "components: {schemas: {Y: {type: string}}}";
    let found = errors(&[("openapi.yaml", &root), ("a.yaml", a), ("sub/b.yaml", b)]);
    assert_eq!(
        found,
        [
            "error: document a.yaml#/components/schemas/X/properties/p/$ref: dangling $ref \
          \"sub/b.yaml#/components/schemas/Nope\": sub/b.yaml has nothing at #/components/schemas/Nope"
        ]
    );
}

#[test]
fn urls_are_never_fetched() {
    let root = root_returning("https://example.com/schemas.yaml#/Pet");
    let found = errors(&[("openapi.yaml", &root)]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(&format!("error: document {HOLDER}: ")),
        "{found:?}"
    );
    assert!(
        found[0].contains(
            "\"https://example.com/schemas.yaml#/Pet\" is a URL, and URLs are never fetched"
        ),
        "{found:?}"
    );
}

#[test]
fn a_syntax_error_in_a_referenced_file_names_it() {
    let root = root_returning("a.yaml#/X");
    let found = errors(&[("openapi.yaml", &root), ("a.yaml", "X: [unclosed\n")]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(&format!(
            "error: document {HOLDER}: dangling $ref \"a.yaml#/X\": cannot parse a.yaml: "
        )),
        "{found:?}"
    );
}

#[test]
fn files_above_the_root_folder_and_info_values_resolve() {
    let root = "openapi: 3.0.3\n\
        info: {title: t, version: '1', description: {$ref: 'texts.yml#/intro'}}\n\
        servers: [{url: 'https://api.example.com'}]\n\
        paths:\n  /a:\n    $ref: '../shared/a.yaml'\n";
    let a = "get: {operationId: getA, responses: {'200': {description: ok, content: {application/json: {schema: {$ref: 'models/pet.yaml'}}}}}}";
    let pet = "{type: object, properties: {name: {type: string}}}";
    let files = MemoryFiles::new([
        ("openapi.yaml", root),
        ("texts.yml", "intro: From another file."),
        ("../shared/a.yaml", a),
        ("../shared/models/pet.yaml", pet),
    ]);
    let text = bundle("openapi.yaml", &files).expect("bundles");
    let doc: Value = serde_json::from_str(&text).expect("a bundle is JSON");
    assert_eq!(doc["info"]["description"], "From another file.");
    let schema =
        &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(schema["$ref"], "#/components/schemas/pet");
    assert_eq!(
        doc["components"]["schemas"]["pet"]["properties"]["name"]["type"],
        "string"
    );
    let generated = generate(&text, &Config::minimal("refs")).expect("generates");
    assert!(generated.skipped.is_empty(), "{:?}", generated.skipped);
}

#[test]
fn a_document_in_one_file_is_bundled_as_written() {
    let root =
        root_returning("#/components/schemas/A") + "components: {schemas: {A: {type: string}}}\n";
    let files = MemoryFiles::new([("openapi.yaml", root.as_str())]);
    assert_eq!(bundle("openapi.yaml", &files).expect("bundles"), root);
}

#[test]
fn a_deep_local_pointer_that_reaches_nothing_is_located() {
    let doc = root_returning("#/components/schemas/Tag/allOf/2")
        + "components: {schemas: {Tag: {allOf: [{type: object}]}}}\n";
    let err = generate(&doc, &Config::minimal("refs")).expect_err("dangling");
    assert_eq!(
        err.to_string(),
        "error: document #/paths/~1a/get/responses/200/content/application~1json/schema/$ref: \
         dangling $ref \"#/components/schemas/Tag/allOf/2\": nothing at #/components/schemas/Tag/allOf/2"
    );
}

#[test]
fn deep_local_pointers_generate_the_types_they_point_at() {
    let doc = root_returning("#/components/parameters/x/schema")
        + "components:\n  parameters:\n    x: {name: x, in: query, schema: {type: object, required: [n], properties: {n: {type: integer}}}}\n";
    let generated = generate(&doc, &Config::minimal("refs")).expect("generates");
    let models = sources(&generated);
    assert!(models.contains("pub n: i64"), "{models}");
}

#[test]
fn recursion_across_files_is_boxed_and_clashing_names_are_kept_apart() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refs_files");
    let files = generator::load::DiskFiles(folder);
    let generated =
        generate_files("openapi.yaml", &files, &Config::minimal("refs")).expect("generates");
    let models = sources(&generated);
    for needle in [
        // tree/a.yaml's Node and tree/b.yaml's Child refer to each other.
        "pub node: Box<crate::models::Node>",
        "pub first_child: Option<Box<crate::models::Child>>",
        // The root's Pet and common.yaml's Pet are both kept.
        "pub struct Pet {",
        "pub struct Pet2 {",
        "pub registered: Option<crate::models::Pet>",
    ] {
        assert!(models.contains(needle), "{needle}\n{models}");
    }
    assert!(generated.skipped.is_empty(), "{:?}", generated.skipped);
}

#[test]
fn a_local_ref_in_info_is_read_as_its_value() {
    let doc = root_returning("#/components/schemas/A").replace(
        "info: {title: t,",
        "x-names: {title: Named elsewhere}\ninfo: {title: {$ref: '#/x-names/title'},",
    ) + "components: {schemas: {A: {type: string}}}\n";
    let generated = generate(&doc, &Config::minimal("refs")).expect("generates");
    let api = generated
        .files
        .iter()
        .find(|f| f.path == "api.md")
        .expect("api.md");
    assert!(
        api.contents.contains("Every operation of Named elsewhere"),
        "{}",
        api.contents
    );
}

/// Every generated Rust source file, concatenated: types live in `models/` and in resource
/// modules.
fn sources(generated: &generator::Generated) -> String {
    generated
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/") && f.path.ends_with(".rs"))
        .map(|f| f.contents.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}
