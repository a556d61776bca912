//! `generated/` is exactly what `spec/` yields, so plain `cargo test` catches a stale or hand-edited
//! client; and the comparison notices every kind of difference.

use xtask::sync;

fn generate() -> generator::Generated {
    xtask::generate(&xtask::default_spec(), &xtask::default_config())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn generated_matches_spec() {
    let generated = generate();
    let drift =
        sync::compare(&xtask::default_out(), &generated.files).unwrap_or_else(|e| panic!("{e}"));
    assert!(drift.is_clean(), "{}", drift.report("cargo xtask generate"));
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

    let models = dir.join("src/models.rs");
    let text = std::fs::read_to_string(&models).expect("models");
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
