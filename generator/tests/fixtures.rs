//! Snapshot tests: every fixture document in `tests/fixtures/*.yaml` is generated and compared
//! file by file with `tests/snapshots/<fixture>/`. `UPDATE_SNAPSHOTS=1 cargo test -p generator
//! --test fixtures` rewrites the snapshots.
//!
//! A snapshot holds every file of the client itself (manifest, README, `api.md`, `lib.rs`,
//! `models.rs`, `meta.rs`, every resource module), leaving out two kinds of files:
//! - the runtime modules (`src/call.rs`, …): byte copies of `runtime/src`, tested there and
//!   identical in every fixture, so storing them per fixture would only bury the generated code;
//! - the mock-server test suite (`tests/`), which is feature-gated, has its own emitter and is
//!   exercised by `cargo xtask test`.
//!
//! A folder `tests/fixtures/<name>/` holding an `openapi.yaml` is a multi-file fixture: its root
//! is that file, and the files it refers to are read from the folder.
//!
//! `xtask::fixtures` compiles the complete crates with warnings denied.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The configuration a fixture is generated with (`xtask::fixtures` uses the same):
/// `tests/fixtures/config/<name>.yaml` when there is one (pagination schemes, for one, are only
/// ever configured), else the minimal one.
fn fixture_config(name: &str) -> generator::Config {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("config/{name}.yaml"));
    if let Ok(text) = std::fs::read_to_string(&path) {
        return generator::Config::from_yaml(&text)
            .unwrap_or_else(|d| panic!("{}: {d}", path.display()));
    }
    let mut config = generator::Config::minimal(&format!("fixture-{}", name.replace('_', "-")));
    // Fixtures named `features_*` are about per-resource cargo features.
    if name.starts_with("features_") {
        config.features = generator::config::FeatureMode::PerResource;
    }
    config
}

/// Paths of the runtime modules copied verbatim into every crate.
fn runtime_copies() -> Vec<String> {
    let dir = manifest_dir().join("../runtime/src");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("runtime/src is readable") {
        let name = entry.expect("runtime/src entry").file_name();
        let name = name.to_string_lossy();
        // `lib.rs` and `meta.rs` exist only in the runtime crate; the generator writes its own.
        if name.ends_with(".rs") && name != "lib.rs" && name != "meta.rs" {
            out.push(format!("src/{name}"));
        }
    }
    out
}

fn files_under(dir: &Path, base: &Path, out: &mut BTreeMap<String, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, base, out);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            let rel = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.insert(rel, text.replace("\r\n", "\n"));
        }
    }
}

#[test]
fn fixtures_match_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v != "0");
    let skip = runtime_copies();
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join("tests/fixtures"))
        .expect("tests/fixtures is readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml") || p.join(ROOT).is_file())
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 15, "fixtures went missing: {fixtures:?}");

    let mut failures = Vec::new();
    for path in &fixtures {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let generated = match generate(path, &fixture_config(&name)) {
            Ok(g) => g,
            Err(d) => {
                failures.push(format!("{name}: generation failed:\n{d}"));
                continue;
            }
        };
        let want: BTreeMap<String, String> = generated
            .files
            .iter()
            .filter(|f| !skip.contains(&f.path) && !f.path.starts_with("tests/"))
            .map(|f| (f.path.clone(), f.contents.clone()))
            .collect();
        let dir = manifest_dir().join("tests/snapshots").join(&name);
        if update {
            let _ = std::fs::remove_dir_all(&dir);
            for (rel, contents) in &want {
                let target = dir.join(rel);
                std::fs::create_dir_all(target.parent().expect("a file has a parent"))
                    .expect("snapshot folder can be created");
                std::fs::write(&target, contents).expect("snapshot can be written");
            }
            continue;
        }
        let mut have = BTreeMap::new();
        files_under(&dir, &dir, &mut have);
        for (rel, contents) in &want {
            match have.get(rel) {
                None => failures.push(format!("{name}/{rel}: missing from the snapshot")),
                Some(old) if old != contents => failures.push(format!(
                    "{name}/{rel}: differs from the snapshot\n{}",
                    first_difference(old, contents)
                )),
                Some(_) => {}
            }
        }
        for rel in have.keys().filter(|k| !want.contains_key(*k)) {
            failures.push(format!(
                "{name}/{rel}: in the snapshot but no longer generated"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} snapshot problem(s); run `UPDATE_SNAPSHOTS=1 cargo test -p generator --test fixtures` \
         and review the diff if the change is intended:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The root document of a folder fixture.
const ROOT: &str = "openapi.yaml";

/// Generates a one-file fixture from its text, a folder fixture from its files on disk.
fn generate(
    path: &Path,
    config: &generator::Config,
) -> Result<generator::Generated, generator::Diagnostics> {
    if path.is_dir() {
        let files = generator::load::DiskFiles(path.to_path_buf());
        return generator::generate_files(ROOT, &files, config);
    }
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    generator::generate(&text, config)
}

/// The first differing line of two texts, with its line number.
fn first_difference(old: &str, new: &str) -> String {
    let (mut o, mut n) = (old.lines(), new.lines());
    for line in 1.. {
        match (o.next(), n.next()) {
            (None, None) => return "(line endings differ)".into(),
            (a, b) if a == b => continue,
            (a, b) => {
                return format!(
                    "  line {line}:\n  - {}\n  + {}",
                    a.unwrap_or("<end of file>"),
                    b.unwrap_or("<end of file>")
                );
            }
        }
    }
    String::new()
}

#[test]
fn snapshots_have_a_fixture() {
    let fixtures = manifest_dir().join("tests/fixtures");
    let Ok(entries) = std::fs::read_dir(manifest_dir().join("tests/snapshots")) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            fixtures.join(format!("{name}.yaml")).exists()
                || fixtures.join(&name).join(ROOT).exists(),
            "tests/snapshots/{name} has no fixture; delete it"
        );
    }
}
