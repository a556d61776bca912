//! `spec-diff`: one fixture pair per kind of change, each entry asserted exactly; the two real
//! upstream versions, whole and as porting slices; determinism; self-comparison; the command's
//! `--json` and `--fail-on-breaking`.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::spec_diff::{Report, diff_files, diff_texts, report};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/spec_diff")
        .join(format!("{name}.yaml"))
}

fn lines(r: &Report) -> Vec<String> {
    let text = report::text(r);
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines.pop(); // the closing count, asserted separately where it matters
    lines
}

/// Compares `base.yaml` with `<name>.yaml` and asserts the report line by line.
fn assert_case(name: &str, expected: &[&str]) {
    let r = diff_files(&fixture("base"), &fixture(name)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lines(&r), expected, "{name}");
}

#[test]
fn an_added_operation_is_compatible() {
    assert_case(
        "operation_added",
        &[
            "compatible operation_added: `DELETE /widgets/{id}` added  new #/paths/~1widgets~1{id}/delete",
        ],
    );
}

#[test]
fn a_removed_operation_is_breaking() {
    assert_case(
        "operation_removed",
        &[
            "breaking   operation_removed: `GET /widgets/{id}` removed  old #/paths/~1widgets~1{id}/get",
        ],
    );
}

#[test]
fn a_moved_path_is_a_rename_found_by_operation_id() {
    assert_case(
        "operation_renamed",
        &[
            "breaking   operation_renamed: `GET /widgets/{id}` renamed to `GET /gadgets/{id}` (operationId `getWidget`)  old #/paths/~1widgets~1{id}/get  new #/paths/~1gadgets~1{id}/get",
        ],
    );
}

#[test]
fn a_new_optional_query_parameter_is_compatible() {
    assert_case(
        "parameter_added_optional",
        &[
            "compatible parameter_added: `GET /widgets`: optional query parameter `filter[shape]` added  old #/paths/~1widgets/get  new #/paths/~1widgets/get/parameters/1",
        ],
    );
}

#[test]
fn a_new_required_query_parameter_is_breaking() {
    assert_case(
        "parameter_added_required",
        &[
            "breaking   parameter_added: `GET /widgets`: required query parameter `region` added  old #/paths/~1widgets/get  new #/paths/~1widgets/get/parameters/1",
        ],
    );
}

#[test]
fn a_removed_parameter_is_breaking() {
    assert_case(
        "parameter_removed",
        &[
            "breaking   parameter_removed: `GET /widgets`: query parameter `filter[color]` removed  old #/paths/~1widgets/get/parameters/1  new #/paths/~1widgets/get",
        ],
    );
}

#[test]
fn a_parameter_made_required_is_breaking() {
    assert_case(
        "parameter_required",
        &[
            "breaking   parameter_required_changed: `GET /widgets`: query parameter `filter[color]` now required  old #/paths/~1widgets/get/parameters/1  new #/paths/~1widgets/get/parameters/1",
        ],
    );
}

#[test]
fn a_renamed_response_field_is_breaking() {
    assert_case(
        "response_field_renamed",
        &[
            "breaking   property_removed: schema `Widget` (response): property `name` removed  old #/components/schemas/Widget/properties/name  new #/components/schemas/Widget",
            "compatible property_added: schema `Widget` (response): optional property `title` added  old #/components/schemas/Widget  new #/components/schemas/Widget/properties/title",
        ],
    );
}

#[test]
fn a_newly_required_request_field_is_breaking_and_a_new_optional_one_is_not() {
    assert_case(
        "request_fields",
        &[
            "breaking   property_required_changed: schema `WidgetCreate` (request): property `size` now required  old #/components/schemas/WidgetCreate/properties/size  new #/components/schemas/WidgetCreate/properties/size",
            "compatible property_added: schema `WidgetCreate` (request): optional property `label` added  old #/components/schemas/WidgetCreate  new #/components/schemas/WidgetCreate/properties/label",
        ],
    );
}

#[test]
fn a_changed_type_is_breaking() {
    assert_case(
        "type_changed",
        &[
            "breaking   type_changed: schema `Widget` (response) `size`: type `integer` became `string`  old #/components/schemas/Widget/properties/size  new #/components/schemas/Widget/properties/size",
        ],
    );
}

#[test]
fn a_changed_integer_format_is_breaking() {
    assert_case(
        "format_changed",
        &[
            "breaking   format_changed: schema `Widget` (response) `size`: format `int32` became `int64`  old #/components/schemas/Widget/properties/size  new #/components/schemas/Widget/properties/size",
        ],
    );
}

#[test]
fn null_is_a_surprise_in_responses_and_harmless_in_requests() {
    assert_case(
        "nullable",
        &[
            "breaking   nullable_changed: schema `Widget` (response) `name`: now nullable  old #/components/schemas/Widget/properties/name  new #/components/schemas/Widget/properties/name",
            "compatible nullable_changed: schema `WidgetCreate` (request) `kind`: now nullable  old #/components/schemas/WidgetCreate/properties/kind  new #/components/schemas/WidgetCreate/properties/kind",
        ],
    );
}

#[test]
fn enum_values_removed_break_and_added_ones_do_not() {
    // `Color` is sent (a filter) and received (a field): one entry per direction.
    assert_case(
        "enum_values",
        &[
            "breaking   enum_value_removed: schema `WidgetCreate` (request) `kind`: enum value \"large\" removed  old #/components/schemas/WidgetCreate/properties/kind  new #/components/schemas/WidgetCreate/properties/kind",
            "breaking   enum_value_removed: schema `Widget` (response) `status`: enum value \"retired\" removed  old #/components/schemas/Widget/properties/status  new #/components/schemas/Widget/properties/status",
            "compatible enum_value_added: schema `Color` (request): enum value \"blue\" added  old #/components/schemas/Color  new #/components/schemas/Color",
            "compatible enum_value_added: schema `Color` (response): enum value \"blue\" added  old #/components/schemas/Color  new #/components/schemas/Color",
        ],
    );
}

#[test]
fn response_content_types_removed_break_and_added_ones_do_not() {
    assert_case(
        "content_types",
        &[
            "breaking   content_type_removed: `GET /widgets/{id}` response: content type `application/pdf` removed  old #/paths/~1widgets~1{id}/get/responses/200/content/application~1pdf  new #/paths/~1widgets~1{id}/get/responses/200",
            "compatible content_type_added: `GET /widgets` response: content type `text/csv` added  old #/paths/~1widgets/get/responses/200  new #/paths/~1widgets/get/responses/200/content/text~1csv",
        ],
    );
}

#[test]
fn losing_the_page_count_ends_auto_pagination() {
    assert_case(
        "pagination_lost",
        &[
            "breaking   pagination_changed: `GET /widgets` no longer auto-paginates  old #/paths/~1widgets/get  new #/paths/~1widgets/get",
            "breaking   property_removed: schema `Meta` (response): property `total_pages` removed  old #/components/schemas/Meta/properties/total_pages  new #/components/schemas/Meta",
        ],
    );
}

#[test]
fn a_reference_replaced_by_its_target_changes_nothing() {
    assert_case("inlined", &[]);
}

#[test]
fn a_document_compared_with_itself_gives_an_empty_report() {
    for path in [
        fixture("base"),
        xtask::default_spec(),
        xtask::upstream_spec(),
    ] {
        let r = diff_files(&path, &path).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.is_empty(), "{}: {}", path.display(), report::text(&r));
        assert_eq!(report::text(&r), "0 changes: 0 breaking, 0 compatible.\n");
    }
}

#[test]
fn yaml_and_json_of_one_document_are_the_same_document() {
    let yaml = std::fs::read_to_string(fixture("base")).expect("base");
    let value: serde_json::Value = serde_yaml_ng::from_str(&yaml).expect("yaml");
    let json = serde_json::to_string(&value).expect("json");
    let r = diff_texts(&yaml, &json).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.is_empty(), "{}", report::text(&r));
}

/// The document with its paths in reverse order.
fn reversed(text: &str) -> String {
    let mut doc: serde_json::Value = serde_yaml_ng::from_str(text).expect("yaml");
    if let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) {
        let entries: Vec<_> = std::mem::take(paths).into_iter().rev().collect();
        paths.extend(entries);
    }
    serde_json::to_string(&doc).expect("json")
}

#[test]
fn reports_are_deterministic_and_independent_of_document_order() {
    let old = std::fs::read_to_string(fixture("base")).expect("base");
    let mut new = String::new();
    for case in ["enum_values", "request_fields", "content_types"] {
        // Three kinds of change at once, to give the ordering something to do.
        new = std::fs::read_to_string(fixture(case)).expect("case");
        let first = diff_texts(&old, &new).expect("diff");
        let again = diff_texts(&old, &new).expect("diff");
        let shuffled = diff_texts(&reversed(&old), &reversed(&new)).expect("diff");
        assert_eq!(report::text(&first), report::text(&again));
        assert_eq!(report::json(&first), report::json(&again));
        assert_eq!(lines(&first), lines(&shuffled), "{case}");
    }
    assert!(!new.is_empty());
}

#[test]
fn breaking_changes_come_first() {
    let r = diff_files(&fixture("base"), &fixture("enum_values")).expect("diff");
    let verdicts: Vec<bool> = r.changes.iter().map(|c| c.breaking).collect();
    assert_eq!(verdicts, [true, true, false, false]);
}

fn slice(path: &Path) -> String {
    xtask::upstream::porting_slice(path).unwrap_or_else(|e| panic!("{e}"))
}

fn old_upstream() -> PathBuf {
    xtask::root().join("../shared/openapi/telnyx-spec3@6a517bf.yml")
}

/// What the two upstream versions' porting slices differ in: the preview path renamed, and each
/// porting event variant narrowed to its own event types (GET /porting/events and
/// GET /porting/events/{id} return them).
fn expected_porting_changes() -> Vec<String> {
    let all = [
        "porting_order.deleted",
        "porting_order.loa_updated",
        "porting_order.messaging_changed",
        "porting_order.new_comment",
        "porting_order.sharing_token_expired",
        "porting_order.split",
        "porting_order.status_changed",
    ];
    let kept: [(&str, &[&str]); 6] = [
        ("PortingEventDeletedPayload", &["porting_order.deleted"]),
        (
            "PortingEventMessagingChangedPayload",
            &["porting_order.messaging_changed"],
        ),
        (
            "PortingEventNewCommentEvent",
            &["porting_order.new_comment"],
        ),
        ("PortingEventSplitEvent", &["porting_order.split"]),
        (
            "PortingEventStatusChangedEvent",
            &["porting_order.status_changed"],
        ),
        (
            "PortingEventWithoutWebhook",
            &[
                "porting_order.loa_updated",
                "porting_order.sharing_token_expired",
            ],
        ),
    ];
    let mut out = vec!["breaking   operation_renamed: `POST /porting/loa_configuration/preview` renamed to `POST /porting/loa_configurations/preview` (operationId `PreviewLoaConfigurationParams`)  old #/paths/~1porting~1loa_configuration~1preview/post  new #/paths/~1porting~1loa_configurations~1preview/post".to_string()];
    for (schema, keep) in kept {
        for value in all.iter().filter(|v| !keep.contains(v)) {
            let at = format!("#/components/schemas/{schema}/properties/event_type");
            out.push(format!("breaking   enum_value_removed: schema `{schema}` (response) `event_type`: enum value \"{value}\" removed  old {at}  new {at}"));
        }
    }
    out
}

#[test]
fn upstream_porting_slices_differ_in_the_renamed_preview_path_and_narrowed_event_types() {
    let r = diff_texts(&slice(&old_upstream()), &slice(&xtask::upstream_spec()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lines(&r), expected_porting_changes());
    assert!(r.is_breaking());
}

#[test]
fn whole_upstream_versions_report_the_porting_changes_and_the_rest_classified() {
    let r = diff_files(&old_upstream(), &xtask::upstream_spec()).unwrap_or_else(|e| panic!("{e}"));
    let got = lines(&r);
    for line in expected_porting_changes() {
        assert!(got.contains(&line), "missing: {line}");
    }
    for line in [
        "breaking   operation_renamed: `PATCH /wireless_blocklists` renamed to `PATCH /wireless_blocklists/{id}` (operationId `UpdateWirelessBlocklist`)  old #/paths/~1wireless_blocklists/patch  new #/paths/~1wireless_blocklists~1{id}/patch",
        "breaking   parameter_added: `PATCH /wireless_blocklists/{id}`: required path parameter `id` added  old #/paths/~1wireless_blocklists/patch  new #/components/parameters/WirelessBlocklistId",
        "breaking   property_removed: schema `VerifyProfileResponse` (response): property `rcs` removed  old #/components/schemas/VerifyProfileResponse/properties/rcs  new #/components/schemas/VerifyProfileResponse",
        "breaking   type_changed: schema `ModelMetadata` (response) `created`: type `integer` became `string`  old #/components/schemas/ModelMetadata/properties/created  new #/components/schemas/ModelMetadata/properties/created",
        "compatible parameter_added: `GET /requirements`: optional query parameter `version` added  old #/paths/~1requirements/get  new #/components/parameters/RequirementVersion",
        "compatible pagination_changed: `GET /ai/conversations/{conversation_id}/messages` now auto-paginates  old #/paths/~1ai~1conversations~1{conversation_id}~1messages/get  new #/paths/~1ai~1conversations~1{conversation_id}~1messages/get",
        "compatible property_required_changed: schema `CreateAssistantRequest` (request): property `model` now optional  old #/components/schemas/CreateAssistantRequest/properties/model  new #/components/schemas/CreateAssistantRequest/properties/model",
    ] {
        assert!(got.contains(&line.to_string()), "missing: {line}");
    }
    // Every entry's verdict is the rule's verdict for its kind and side.
    for c in &r.changes {
        assert_eq!(
            c.breaking,
            xtask::spec_diff::rules::breaking(&c.kind, c.side),
            "{}",
            c.message
        );
    }
    // Breaking entries all precede compatible ones.
    let first_compatible = r
        .changes
        .iter()
        .position(|c| !c.breaking)
        .expect("compatible entries");
    assert!(r.changes[first_compatible..].iter().all(|c| !c.breaking));
}

fn xtask_command(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask")
}

#[test]
fn the_command_prints_json_and_fails_on_breaking_changes_when_asked() {
    let base = fixture("base");
    let base = base.to_str().expect("utf-8 path");
    let renamed = fixture("response_field_renamed");
    let optional = fixture("parameter_added_optional");

    let out = xtask_command(&["spec-diff", base, renamed.to_str().expect("path"), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
    assert_eq!(json["breaking"], true);
    assert_eq!(
        json["changes"][0],
        serde_json::json!({
            "kind": "property_removed",
            "side": "response",
            "breaking": true,
            "message": "schema `Widget` (response): property `name` removed",
            "old_pointer": "#/components/schemas/Widget/properties/name",
            "new_pointer": "#/components/schemas/Widget",
        })
    );
    assert_eq!(json["changes"].as_array().map(Vec::len), Some(2));

    let out = xtask_command(&[
        "spec-diff",
        base,
        renamed.to_str().expect("path"),
        "--fail-on-breaking",
    ]);
    assert!(!out.status.success());
    let out = xtask_command(&[
        "spec-diff",
        base,
        optional.to_str().expect("path"),
        "--fail-on-breaking",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).ends_with("1 changes: 0 breaking, 1 compatible.\n")
    );

    let missing = xtask_command(&["spec-diff", base, "/nonexistent/spec.yaml"]);
    assert!(!missing.status.success());
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("cannot read /nonexistent/spec.yaml")
    );
}

#[test]
fn cyclic_and_dangling_references_are_errors_not_hangs() {
    let doc = |schemas: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/A'\ncomponents:\n  schemas:\n{schemas}"
        )
    };
    let wraps = doc(
        "    A:\n      anyOf:\n        - $ref: '#/components/schemas/B'\n    B:\n      anyOf:\n        - $ref: '#/components/schemas/A'\n",
    );
    let err = diff_texts(&wraps, &wraps).expect_err("a schema that only wraps itself");
    assert!(err.contains("wraps itself"), "{err}");
    let loops = doc(
        "    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n",
    );
    let err = diff_texts(&loops, &loops).expect_err("a reference cycle");
    assert!(err.contains("reference cycle"), "{err}");
    let dangling = doc("    B:\n      type: string\n");
    let err = diff_texts(&dangling, &dangling).expect_err("a dangling reference");
    assert!(
        err.contains("dangling reference \"#/components/schemas/A\""),
        "{err}"
    );
    // A recursive object (a tree) is fine: each pair of schemas is compared once.
    let tree = doc(
        "    A:\n      type: object\n      properties:\n        children:\n          type: array\n          items:\n            $ref: '#/components/schemas/A'\n",
    );
    assert!(
        diff_texts(&tree, &tree)
            .expect("a recursive schema")
            .is_empty()
    );
}
