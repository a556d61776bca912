//! `generated/` is exactly what `spec/` yields, so plain `cargo test` catches a stale or hand-edited
//! client; the comparison notices every kind of difference; and a spec change is summarized
//! semantically, recorded in the changelog and reflected in the crate version.

use std::path::{Path, PathBuf};

use xtask::{record, sync};

fn generate() -> generator::Generated {
    xtask::generate(&xtask::default_spec(), &xtask::default_config())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn generated_matches_spec() {
    let out = xtask::default_out();
    let recorded = record::generate(&xtask::default_spec(), &xtask::default_config(), &out)
        .unwrap_or_else(|e| panic!("{e}"));
    let drift = sync::compare(&out, &recorded.generated.files).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        drift.is_clean(),
        "{}",
        record::check_report(&recorded, &drift, "cargo xtask generate")
    );
    assert_eq!(recorded.changes.map(|r| r.is_empty()), Some(true));
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Replaces the one occurrence of `from` in the spec at `path`.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("spec");
    assert_eq!(text.matches(from).count(), 1, "{from}");
    std::fs::write(path, text.replacen(from, to, 1)).expect("edit");
}

fn generate_into(spec: &Path, out: &Path) -> record::Recorded {
    record::generate(spec, &xtask::default_config(), out).unwrap_or_else(|e| panic!("{e}"))
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Gives `GET /porting/uk_carriers` an optional query parameter.
fn add_query_parameter(spec: &Path, name: &str) {
    edit(
        spec,
        "      operationId: listPortingUKCarriers\n      tags:\n        - Porting\n",
        &format!(
            "      operationId: listPortingUKCarriers\n      tags:\n        - Porting\n      parameters:\n        - name: {name}\n          in: query\n          schema:\n            type: string\n"
        ),
    );
}

#[test]
fn a_spec_change_is_summarized_before_the_line_diff_and_versioned_in_the_changelog() {
    let dir = scratch("drift-semantic");
    let spec = dir.join("porting.yaml");
    std::fs::copy(xtask::default_spec(), &spec).expect("copy spec");
    let out = dir.join("out");

    // A fresh folder: the configured version, a first changelog entry, the document recorded.
    let first = generate_into(&spec, &out);
    assert!(first.changes.is_none());
    assert_eq!(first.version, "0.1.0");
    sync::write(&out, &first.generated.files).expect("write");
    let recorded: serde_json::Value =
        serde_json::from_str(&read(out.join(record::DOCUMENT))).expect("recorded document");
    assert!(
        recorded
            .pointer("/paths/~1porting~1uk_carriers/get")
            .is_some()
    );

    // Generating again changes nothing, and the check passes.
    let again = generate_into(&spec, &out);
    assert_eq!(again.changes.as_ref().map(|r| r.is_empty()), Some(true));
    assert!(
        sync::compare(&out, &again.generated.files)
            .expect("compare")
            .is_clean()
    );

    // A renamed response field (breaking) and a new optional query parameter (compatible).
    edit(
        &spec,
        "        total_results:\n          description: How many records match in total.",
        "        result_count:\n          description: How many records match in total.",
    );
    add_query_parameter(&spec, "filter[country]");
    let changed = generate_into(&spec, &out);
    assert_eq!(changed.version, "0.2.0");
    let drift = sync::compare(&out, &changed.generated.files).expect("compare");
    assert!(!drift.is_clean());
    let report = record::check_report(&changed, &drift, "cargo xtask generate");
    let expected = [
        "Semantic changes since the recorded document (breaking, next version 0.2.0):",
        "breaking   property_removed: schema `PaginationMeta` (response): property `total_results` removed  old #/components/schemas/PaginationMeta/properties/total_results  new #/components/schemas/PaginationMeta",
        "compatible parameter_added: `GET /porting/uk_carriers`: optional query parameter `filter[country]` added  old #/paths/~1porting~1uk_carriers/get  new #/paths/~1porting~1uk_carriers/get/parameters/0",
        "compatible property_added: schema `PaginationMeta` (response): optional property `result_count` added  old #/components/schemas/PaginationMeta  new #/components/schemas/PaginationMeta/properties/result_count",
        "3 changes: 1 breaking, 2 compatible.",
    ];
    let head: Vec<&str> = report.lines().take(expected.len()).collect();
    assert_eq!(head, expected, "{report}");
    // The summary comes before the line diff.
    let diff_at = report.find("\n--- a/").expect("a line diff");
    assert!(diff_at > report.find("3 changes").expect("summary"));
    assert!(
        report.contains("-version = \"0.1.0\"\n+version = \"0.2.0\""),
        "{report}"
    );

    // Writing it records the entry above the first one and bumps the crate's version.
    sync::write(&out, &changed.generated.files).expect("write");
    let changelog = read(out.join(record::CHANGELOG));
    let new_entry = changelog
        .find("## 0.2.0\n\nBreaking:")
        .expect("0.2.0 entry");
    assert!(new_entry < changelog.find("## 0.1.0").expect("0.1.0 entry"));
    assert!(changelog.contains(
        "- breaking `property_removed`: schema `PaginationMeta` (response): property `total_results` removed\n"
    ));
    assert!(read(out.join("Cargo.toml")).contains("\nversion = \"0.2.0\"\n"));
    let settled = generate_into(&spec, &out);
    assert_eq!(settled.version, "0.2.0");
    assert!(
        sync::compare(&out, &settled.generated.files)
            .expect("compare")
            .is_clean()
    );

    // A compatible change only bumps the patch version.
    edit(
        &spec,
        "        - name: filter[country]\n",
        "        - name: filter[region]\n          in: query\n          schema:\n            type: string\n        - name: filter[country]\n",
    );
    let compatible = generate_into(&spec, &out);
    assert_eq!(compatible.version, "0.2.1");
    sync::write(&out, &compatible.generated.files).expect("write");
    let changelog = read(out.join(record::CHANGELOG));
    assert!(changelog.contains("## 0.2.1\n\nCompatible:"), "{changelog}");
    assert!(
        changelog.find("## 0.2.1").expect("0.2.1") < changelog.find("## 0.2.0").expect("0.2.0")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn drift_detects_edits_missing_and_extra_files() {
    let generated = generate();
    let dir = std::env::temp_dir().join(format!("drift-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    sync::write(&dir, &generated.files).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        sync::compare(&dir, &generated.files)
            .expect("compare")
            .is_clean()
    );

    let models = dir.join("src/resources/porting_orders.rs");
    let text = std::fs::read_to_string(&models).expect("a resource module");
    std::fs::write(&models, text.replacen("pub struct", "pub(crate) struct", 1)).expect("edit");
    std::fs::remove_file(dir.join("api.md")).expect("remove");
    std::fs::write(dir.join("src/stray.rs"), "// hand-written\n").expect("extra");
    let drift = sync::compare(&dir, &generated.files).expect("compare");
    assert_eq!(drift.changed.len(), 1);
    assert!(
        drift.changed[0].1.contains("-pub(crate) struct")
            && drift.changed[0].1.contains("+pub struct"),
        "{}",
        drift.changed[0].1
    );
    assert_eq!(drift.missing, vec!["api.md".to_string()]);
    assert_eq!(drift.extra, vec!["src/stray.rs".to_string()]);
    assert!(
        drift
            .report("cargo xtask generate")
            .contains("Run `cargo xtask generate`")
    );

    // Regenerating repairs all three.
    sync::write(&dir, &generated.files).expect("write");
    assert!(
        sync::compare(&dir, &generated.files)
            .expect("compare")
            .is_clean()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn line_endings_do_not_count_as_drift() {
    let generated = generate();
    let dir = std::env::temp_dir().join(format!("drift-crlf-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    sync::write(&dir, &generated.files).expect("write");
    let readme = dir.join("README.md");
    let text = std::fs::read_to_string(&readme).expect("readme");
    std::fs::write(&readme, text.replace('\n', "\r\n")).expect("crlf");
    assert!(
        sync::compare(&dir, &generated.files)
            .expect("compare")
            .is_clean()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
