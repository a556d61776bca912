//! The runtime boundary is kept in one place: the generator's manifest (`generator::runtime`)
//! agrees with the runtime crate's own `lib.rs`, the runtime's `meta.rs` is the generator's `meta`
//! emitter output, generated crates depend on exactly what the runtime's manifest lists, and the
//! copied files name no particular API.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use generator::{Config, render, runtime};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &str) -> String {
    let path = root().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `(name, public)` of every `mod` item in a Rust file; `pub(crate)` counts as private.
fn declared_modules(source: &str) -> BTreeSet<(String, bool)> {
    let file = syn::parse_file(source).expect("runtime/src/lib.rs parses");
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) => Some((
                m.ident.to_string(),
                matches!(m.vis, syn::Visibility::Public(_)),
            )),
            _ => None,
        })
        .collect()
}

/// What the runtime crate must declare: the manifest's modules and `meta`, as `lib.rs` of a
/// generated crate declares them.
fn expected_runtime_modules() -> BTreeSet<(String, bool)> {
    runtime::MODULES
        .iter()
        .chain([&runtime::WEBHOOK])
        .map(|m| (m.name.to_string(), m.public))
        // `meta` is emitted into generated crates as a private module.
        .chain([(runtime::META.to_string(), false)])
        .collect()
}

#[test]
fn runtime_lib_declares_the_manifests_modules_with_the_same_visibility() {
    let declared = declared_modules(&read("runtime/src/lib.rs"));
    assert_eq!(
        declared,
        expected_runtime_modules(),
        "runtime/src/lib.rs and generator/src/runtime.rs MODULES disagree"
    );
}

#[test]
fn the_comparison_notices_a_missing_or_differently_visible_module() {
    let lib = read("runtime/src/lib.rs");
    let expected = expected_runtime_modules();
    let hidden = lib.replacen("pub mod call;", "pub(crate) mod call;", 1);
    let missing = lib.replacen("pub(crate) mod retry;", "", 1);
    let extra = format!("{lib}\npub mod stray;\n");
    for changed in [hidden, missing, extra] {
        assert_ne!(changed, lib, "the edit applies");
        assert_ne!(declared_modules(&changed), expected);
    }
}

#[test]
fn every_runtime_file_is_in_the_manifest() {
    let dir = root().join("runtime/src");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("runtime/src lists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs") && name != "lib.rs")
        .collect();
    files.sort();
    let mut listed: Vec<String> = runtime::MODULES
        .iter()
        .chain([&runtime::WEBHOOK])
        .map(|m| m.name)
        .chain([runtime::META])
        .map(|n| format!("{n}.rs"))
        .collect();
    listed.sort();
    assert_eq!(files, listed);
}

const META_NOTE: &str = "// Written by the generator's `meta` emitter (generator/src/runtime.rs) with neutral values, so\n\
// the runtime compiles on its own; generated crates get their API's values. Rewrite it with\n\
// `UPDATE_SNAPSHOTS=1 cargo test -p generator --test runtime_boundary`, never by hand.\n";

#[test]
fn runtime_meta_is_the_emitters_output_for_neutral_values() {
    let neutral = runtime::neutral();
    let expected = render::rust(runtime::meta(&neutral), META_NOTE, "runtime/src/meta.rs")
        .expect("meta formats");
    let path = root().join("runtime/src/meta.rs");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &expected).expect("write runtime/src/meta.rs");
    }
    assert_eq!(
        read("runtime/src/meta.rs"),
        expected,
        "runtime/src/meta.rs is not the meta emitter's output"
    );
}

fn generated_cargo_toml() -> toml::Table {
    let doc = read("generator/tests/fixtures/pagination.yaml");
    let generated =
        generator::generate(&doc, &Config::minimal("fixture-pagination")).expect("generates");
    let file = generated
        .files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .expect("Cargo.toml is generated");
    toml::from_str(&file.contents).expect("generated Cargo.toml parses")
}

fn table<'a>(t: &'a toml::Table, key: &str) -> &'a toml::Table {
    t.get(key)
        .and_then(|v| v.as_table())
        .unwrap_or_else(|| panic!("no table {key}"))
}

/// `(version, features)` of one dependency entry; `workspace` looked up in `ws`.
fn version_and_features(
    name: &str,
    value: &toml::Value,
    ws: &toml::Table,
) -> (String, BTreeSet<String>) {
    let mut features = BTreeSet::new();
    let mut value = value.clone();
    let inherits = value.get("workspace").and_then(|w| w.as_bool()) == Some(true);
    if inherits {
        features.extend(string_list(value.get("features")));
        value = ws.get(name).expect("workspace has it").clone();
    }
    match value {
        toml::Value::String(v) => (v, features),
        toml::Value::Table(t) => {
            features.extend(string_list(t.get("features")));
            let version = t.get("version").and_then(|v| v.as_str()).expect("version");
            (version.to_string(), features)
        }
        other => panic!("{name}: unexpected {other:?}"),
    }
}

fn string_list(v: Option<&toml::Value>) -> Vec<String> {
    v.and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn generated_crates_depend_on_exactly_the_runtimes_dependencies() {
    let runtime_manifest: toml::Table = toml::from_str(&read("runtime/Cargo.toml")).expect("toml");
    let workspace: toml::Table = toml::from_str(&read("Cargo.toml")).expect("toml");
    let ws = table(table(&workspace, "workspace"), "dependencies");
    // A crate without a webhook signing scheme has no use for the verifier's crates.
    let wanted: toml::Table = table(&runtime_manifest, "dependencies")
        .iter()
        .filter(|(n, _)| !runtime::WEBHOOK_DEPENDENCIES.contains(&n.as_str()))
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();
    let generated = generated_cargo_toml();
    let got = table(&generated, "dependencies");
    let names = |t: &toml::Table| t.keys().cloned().collect::<BTreeSet<_>>();
    assert_eq!(names(got), names(&wanted));
    for (name, value) in &wanted {
        assert_eq!(
            version_and_features(name, &got[name], ws),
            version_and_features(name, value, ws),
            "{name}"
        );
    }
    // The default-features switch carries over too.
    let plain = |t: &toml::Table, n: &str| {
        t[n].as_table()
            .and_then(|t| t.get("default-features"))
            .and_then(|d| d.as_bool())
    };
    assert_eq!(plain(got, "reqwest"), Some(false));
    assert_eq!(plain(ws, "reqwest"), Some(false));
}

#[test]
fn generated_dev_dependencies_are_the_runtimes_metadata_ones() {
    let runtime_manifest: toml::Table = toml::from_str(&read("runtime/Cargo.toml")).expect("toml");
    let workspace: toml::Table = toml::from_str(&read("Cargo.toml")).expect("toml");
    let ws = table(table(&workspace, "workspace"), "dependencies");
    let meta = table(
        table(table(&runtime_manifest, "package"), "metadata"),
        "generated",
    );
    let wanted = table(meta, "dev-dependencies");
    let generated = generated_cargo_toml();
    let got = table(&generated, "dev-dependencies");
    let normal = table(&generated, "dependencies");
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        wanted.keys().collect::<Vec<_>>()
    );
    for (name, value) in wanted {
        let (version, mut features) = version_and_features(name, &got[name], ws);
        // Cargo unifies a dev-dependency's features with the normal dependency's.
        if let Some(n) = normal.get(name) {
            features.extend(version_and_features(name, n, ws).1);
        }
        assert_eq!((version, features), version_and_features(name, value, ws));
    }
}

#[test]
fn copied_runtime_files_name_no_particular_api() {
    for m in runtime::MODULES {
        let lower = m.source.to_lowercase();
        for word in ["telnyx", "porting"] {
            assert!(
                !lower.contains(word),
                "runtime/src/{}.rs mentions {word}",
                m.name
            );
        }
    }
}

/// Every `#[allow(dead_code)]` in hand-written code says why, on its line or the line above.
#[test]
fn every_allow_dead_code_says_why() {
    let mut bare = Vec::new();
    for dir in ["runtime", "generator", "xtask", "client-tests", "templates"] {
        for path in files(&root().join(dir)) {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                // Attribute lines only, not strings that mention one (like this test's).
                let attribute = line.trim_start().starts_with('#');
                if !attribute || !line.contains("allow(dead_code)") {
                    continue;
                }
                let above = i.checked_sub(1).map(|j| lines[j].trim_start());
                let explained = line.contains("//") || above.is_some_and(|l| l.starts_with("//"));
                if !explained {
                    bare.push(format!("{}:{}", path.display(), i + 1));
                }
            }
        }
    }
    assert!(
        bare.is_empty(),
        "allow(dead_code) without a reason: {bare:?}"
    );
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else if path.extension().is_some_and(|e| e == "rs" || e == "jinja") {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_crate_that_verifies_webhooks_gets_the_verifiers_crates_as_optional_ones() {
    let generated: toml::Table = toml::from_str(&read("generated/Cargo.toml")).expect("toml");
    let deps = table(&generated, "dependencies");
    for name in runtime::WEBHOOK_DEPENDENCIES {
        let optional = deps
            .get(*name)
            .and_then(|d| d.as_table())
            .and_then(|t| t.get("optional"))
            .and_then(|o| o.as_bool());
        assert_eq!(optional, Some(true), "{name} in generated/Cargo.toml");
    }
    let features = table(&generated, "features");
    assert_eq!(
        string_list(features.get("default")),
        [runtime::WEBHOOK_FEATURE]
    );
}
