//! The runtime boundary. The hand-written runtime (`runtime/src`, compiled and tested on its own
//! as the `client-runtime` crate) is copied verbatim into every generated crate; this module is
//! the one list of what is copied and how the generated `lib.rs` declares it ([`MODULES`]), the
//! one `meta` emitter whose constants the runtime reads ([`meta`]), and the dependencies the
//! runtime needs, read from its own manifest ([`dependencies`]).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use indexmap::IndexMap;
use proc_macro2::TokenStream;
use quote::quote;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::CrateInfo;

/// One runtime module copied into every generated crate, as `src/<name>.rs` in both crates.
#[derive(Debug, Clone, Copy)]
pub struct Module {
    /// Module name.
    pub name: &'static str,
    /// Declared `pub mod` in the generated crate (else a private `mod`).
    pub public: bool,
    /// The file's text, compiled into the generator.
    pub source: &'static str,
}

macro_rules! module {
    ($name:literal, $public:literal) => {
        Module {
            name: $name,
            public: $public,
            source: include_str!(concat!("../../runtime/src/", $name, ".rs")),
        }
    };
}

/// Every runtime module. `runtime/src/lib.rs` declares the same set with the same visibility
/// (`pub(crate)` for private ones), plus the generator-emitted `meta`; a test checks both.
pub const MODULES: &[Module] = &[
    module!("auth", true),
    module!("call", true),
    module!("client", true),
    module!("decode", true),
    module!("error", true),
    module!("header", false),
    module!("nullable", true),
    module!("pagination", true),
    module!("path", false),
    module!("query", false),
    module!("response", true),
    module!("retry", false),
];

/// The webhook verifier: copied only into crates whose configuration declares a signing
/// scheme, behind their `webhooks` cargo feature.
pub const WEBHOOK: Module = module!("webhook", true);

/// The cargo feature that gates [`WEBHOOK`] in a generated crate.
pub const WEBHOOK_FEATURE: &str = "webhooks";

/// The runtime dependencies only [`WEBHOOK`] uses: optional in a generated crate, enabled by
/// its `webhooks` feature, and absent without a signing scheme.
pub const WEBHOOK_DEPENDENCIES: &[&str] = &["ed25519-dalek"];

/// The module the generator emits for the runtime to read its API's constants from.
pub const META: &str = "meta";

/// The `meta` module: the constants the runtime's client reads. The runtime crate's own
/// `runtime/src/meta.rs` is this emitter's output for neutral settings (a test checks it).
pub fn meta(krate: &CrateInfo) -> TokenStream {
    let base = &krate.base_url;
    let url = &krate.base_url_env;
    let security = crate::emit::auth::meta_items(krate);
    quote! {
        //! Constants describing the API this client talks to, its security schemes and the
        //! client's constructor, which asks for the credentials the document needs.

        #[allow(unused_imports)] // a document without security schemes uses neither
        use crate::auth::{Credentials, Placement, Requirement, Scheme};
        use crate::client::{Client, ClientBuilder};
        use crate::error::Error;

        /// The base URL every request path is appended to.
        pub const DEFAULT_BASE_URL: &str = #base;
        /// Environment variable that, when set, overrides [`DEFAULT_BASE_URL`].
        pub const BASE_URL_ENV: &str = #url;
        #security
    }
}

/// The settings the runtime crate's own `meta.rs` is emitted with: no particular API, and one
/// scheme of every kind, so the runtime's tests can send each; `Client::new` takes the bearer
/// token.
pub fn neutral() -> CrateInfo {
    use crate::ir::{Constructor, SchemeKind, Security, SecurityScheme};
    let scheme = |key: &str, kind: SchemeKind, env: &[&str]| SecurityScheme {
        key: key.to_string(),
        kind,
        env: env.iter().map(|v| v.to_string()).collect(),
        description: None,
        setter: Default::default(),
    };
    let mut krate = CrateInfo::new(
        &crate::Config::minimal("client-runtime"),
        "https://api.example.com".to_string(),
    );
    krate.security = Security {
        schemes: vec![
            scheme("bearer", SchemeKind::Bearer, &["API_KEY"]),
            scheme(
                "basic",
                SchemeKind::Basic,
                &["BASIC_USERNAME", "BASIC_PASSWORD"],
            ),
            scheme(
                "header_key",
                SchemeKind::Header("X-Api-Key".into()),
                &["HEADER_KEY"],
            ),
            scheme(
                "query_key",
                SchemeKind::Query("api_key".into()),
                &["QUERY_KEY"],
            ),
            scheme(
                "cookie_key",
                SchemeKind::Cookie("session".into()),
                &["COOKIE_KEY"],
            ),
        ],
        default: vec![vec!["bearer".to_string()]],
        constructor: Constructor::Token(0),
    };
    crate::naming::name_security(&mut krate.security);
    krate
}

/// One dependency line of a generated `Cargo.toml`: `name = spec`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Dependency {
    /// Crate name.
    pub name: String,
    /// The TOML value: `"1"`, or an inline table with version, default features and features.
    pub spec: String,
    /// Only the webhook verifier needs it (its `spec` then says `optional = true`).
    pub webhook: bool,
}

/// What a generated crate depends on, sorted by crate name.
#[derive(Debug, Clone)]
pub struct Dependencies {
    /// `[dependencies]`: the runtime's own.
    pub normal: Vec<Dependency>,
    /// `[dev-dependencies]`: what the copied unit tests and the generated tests need.
    pub dev: Vec<Dependency>,
    /// Further dev-dependencies of the generated example programs (the webhook receiver's
    /// HTTP server), added only to crates that ship them.
    pub example_dev: Vec<Dependency>,
}

/// The runtime's manifest and the workspace's, compiled in so generation reads no files.
const RUNTIME_MANIFEST: &str = include_str!("../../runtime/Cargo.toml");
const WORKSPACE_MANIFEST: &str = include_str!("../../Cargo.toml");

/// The generated crate's dependencies, resolved once from the runtime's manifest through the
/// workspace's. A manifest the resolver cannot read is the generator's fault, not the user's.
pub fn dependencies() -> Result<&'static Dependencies, Diagnostics> {
    static RESOLVED: LazyLock<Result<Dependencies, String>> =
        LazyLock::new(|| resolve(RUNTIME_MANIFEST, WORKSPACE_MANIFEST));
    RESOLVED.as_ref().map_err(|message| {
        Diagnostics::one(Diagnostic::internal("runtime/Cargo.toml", message.clone()))
    })
}

/// A dependency as Cargo manifests write it: a version string or a table.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum DepSpec {
    Version(String),
    Table(DepTable),
}

/// The keys the resolver understands; any other key is an error rather than silently dropped.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct DepTable {
    version: Option<String>,
    #[serde(default)]
    workspace: bool,
    default_features: Option<bool>,
    #[serde(default)]
    features: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RuntimeManifest {
    package: Package,
    #[serde(default)]
    dependencies: IndexMap<String, DepSpec>,
    #[serde(default)]
    dev_dependencies: IndexMap<String, DepSpec>,
}

#[derive(Debug, Deserialize)]
struct Package {
    #[serde(default)]
    metadata: Metadata,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Metadata {
    #[serde(default)]
    generated: GeneratedMetadata,
}

/// `[package.metadata.generated]`: what the generated crate needs beyond the runtime's
/// dependencies. Its dev-dependencies differ from the runtime's, whose own integration tests
/// (never copied) need more.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct GeneratedMetadata {
    #[serde(default)]
    dev_dependencies: IndexMap<String, DepSpec>,
    #[serde(default)]
    example_dev_dependencies: IndexMap<String, DepSpec>,
}

#[derive(Debug, Deserialize)]
struct WorkspaceManifest {
    workspace: Workspace,
}

#[derive(Debug, Deserialize)]
struct Workspace {
    #[serde(default)]
    dependencies: IndexMap<String, DepSpec>,
}

/// A dependency with `workspace = true` replaced by what the workspace says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Resolved {
    version: String,
    default_features: Option<bool>,
    features: Vec<String>,
}

fn resolve(runtime: &str, workspace: &str) -> Result<Dependencies, String> {
    let runtime: RuntimeManifest =
        toml::from_str(runtime).map_err(|e| format!("cannot read the runtime's manifest: {e}"))?;
    let workspace: WorkspaceManifest = toml::from_str(workspace)
        .map_err(|e| format!("cannot read the workspace manifest: {e}"))?;
    let ws = &workspace.workspace.dependencies;
    let normal = resolve_all(&runtime.dependencies, ws)?;
    let dev = resolve_all(&runtime.package.metadata.generated.dev_dependencies, ws)?;
    // The copied unit tests are compiled and run in the runtime crate: a generated crate may
    // give them no crate, version or feature the runtime's own tests lack.
    let runtime_dev = resolve_all(&runtime.dev_dependencies, ws)?;
    for (name, dep) in &dev {
        let same = runtime_dev.get(name).is_some_and(|r| {
            r.version == dep.version && dep.features.iter().all(|f| r.features.contains(f))
        });
        if !same {
            return Err(format!(
                "generated dev-dependency `{name}` is not one of the runtime's dev-dependencies \
                 with the same version and at least its features"
            ));
        }
    }
    let dev = dev
        .into_iter()
        .map(|(name, mut dep)| {
            // Cargo unifies a crate's normal and dev features: list only what the tests add.
            if let Some(n) = normal.get(&name) {
                dep.features.retain(|f| !n.features.contains(f));
            }
            (name, dep)
        })
        .collect();
    let example_dev = resolve_all(
        &runtime.package.metadata.generated.example_dev_dependencies,
        ws,
    )?;
    Ok(Dependencies {
        normal: lines(normal),
        dev: lines(dev),
        example_dev: lines(example_dev),
    })
}

fn resolve_all(
    deps: &IndexMap<String, DepSpec>,
    workspace: &IndexMap<String, DepSpec>,
) -> Result<BTreeMap<String, Resolved>, String> {
    let mut out = BTreeMap::new();
    for (name, spec) in deps {
        out.insert(name.clone(), resolve_one(name, spec, workspace)?);
    }
    Ok(out)
}

fn resolve_one(
    name: &str,
    spec: &DepSpec,
    workspace: &IndexMap<String, DepSpec>,
) -> Result<Resolved, String> {
    let table = match spec {
        DepSpec::Version(v) => {
            return Ok(Resolved {
                version: v.clone(),
                default_features: None,
                features: Vec::new(),
            });
        }
        DepSpec::Table(t) => t,
    };
    if !table.workspace {
        let version = table
            .version
            .clone()
            .ok_or_else(|| format!("dependency `{name}` has no version"))?;
        return Ok(Resolved {
            version,
            default_features: table.default_features,
            features: table.features.clone(),
        });
    }
    if table.version.is_some() || table.default_features.is_some() {
        return Err(format!(
            "dependency `{name}` inherits from the workspace and may only add features"
        ));
    }
    let inherited = match workspace.get(name) {
        Some(DepSpec::Table(t)) if t.workspace => {
            return Err(format!(
                "workspace dependency `{name}` cannot itself inherit"
            ));
        }
        Some(spec) => resolve_one(name, spec, workspace)?,
        None => return Err(format!("dependency `{name}` is not a workspace dependency")),
    };
    let mut features = inherited.features;
    for f in &table.features {
        if !features.contains(f) {
            features.push(f.clone());
        }
    }
    Ok(Resolved {
        features,
        ..inherited
    })
}

fn lines(deps: BTreeMap<String, Resolved>) -> Vec<Dependency> {
    deps.into_iter()
        .map(|(name, dep)| {
            let webhook = WEBHOOK_DEPENDENCIES.contains(&name.as_str());
            Dependency {
                spec: spec_text(&dep, webhook),
                name,
                webhook,
            }
        })
        .collect()
}

/// The TOML text of one dependency, keys in a fixed order so output is deterministic.
fn spec_text(dep: &Resolved, optional: bool) -> String {
    let version = toml_string(&dep.version);
    if dep.default_features.is_none() && dep.features.is_empty() && !optional {
        return version;
    }
    let mut parts = vec![format!("version = {version}")];
    if let Some(d) = dep.default_features {
        parts.push(format!("default-features = {d}"));
    }
    if !dep.features.is_empty() {
        let list: Vec<String> = dep.features.iter().map(|f| toml_string(f)).collect();
        parts.push(format!("features = [{}]", list.join(", ")));
    }
    if optional {
        parts.push("optional = true".into());
    }
    format!("{{ {} }}", parts.join(", "))
}

/// A TOML basic string. JSON's escapes are a subset of TOML's.
fn toml_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORKSPACE: &str = r#"
[workspace.dependencies]
a = "1"
b = { version = "0.3", default-features = false, features = ["std"] }
t = { version = "1", features = ["time"] }
"#;

    fn runtime(deps: &str, dev: &str, generated_dev: &str) -> String {
        format!(
            "[package]\nname = \"r\"\n[dependencies]\n{deps}\n[dev-dependencies]\n{dev}\n\
             [package.metadata.generated.dev-dependencies]\n{generated_dev}\n"
        )
    }

    fn specs(deps: &[Dependency]) -> Vec<String> {
        deps.iter()
            .map(|d| format!("{} = {}", d.name, d.spec))
            .collect()
    }

    #[test]
    fn inherits_versions_and_features_from_the_workspace() {
        let text = runtime(
            "t.workspace = true\nb = { workspace = true, features = [\"alloc\"] }\nz = \"2\"\na.workspace = true",
            "t = { workspace = true, features = [\"macros\", \"net\"] }",
            "t = { workspace = true, features = [\"macros\"] }",
        );
        let deps = resolve(&text, WORKSPACE).expect("resolves");
        assert_eq!(
            specs(&deps.normal),
            [
                r#"a = "1""#,
                r#"b = { version = "0.3", default-features = false, features = ["std", "alloc"] }"#,
                r#"t = { version = "1", features = ["time"] }"#,
                r#"z = "2""#,
            ]
        );
        // `time` comes with the normal dependency already.
        assert_eq!(
            specs(&deps.dev),
            [r#"t = { version = "1", features = ["macros"] }"#]
        );
    }

    #[test]
    fn rejects_what_it_cannot_resolve() {
        let cases = [
            runtime("missing.workspace = true", "", ""),
            runtime("a = { workspace = true, version = \"2\" }", "", ""),
            runtime("a = { features = [\"x\"] }", "", ""),
            runtime("a = { path = \"../a\", version = \"1\" }", "", ""),
            // A generated dev-dependency the runtime's own tests do not have, or with more features.
            runtime("", "", "a.workspace = true"),
            runtime(
                "",
                "t.workspace = true",
                "t = { workspace = true, features = [\"net\"] }",
            ),
        ];
        for text in cases {
            assert!(resolve(&text, WORKSPACE).is_err(), "{text}");
        }
    }

    #[test]
    fn the_projects_manifests_resolve() {
        let deps = dependencies().expect("runtime/Cargo.toml resolves");
        assert!(deps.normal.iter().any(|d| d.name == "reqwest"));
        assert!(deps.dev.iter().any(|d| d.name == "tokio"));
    }
}
