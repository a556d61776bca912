//! Project automation shared by the `xtask` binary and its tests.

#![forbid(unsafe_code)]

pub mod bench;
pub mod derived;
pub mod features;
pub mod fixtures;
pub mod prism;
pub mod record;
pub mod spec_diff;
pub mod suite;
pub mod sync;
pub mod upstream;

use std::path::{Path, PathBuf};

/// The workspace root (the folder above `xtask/`).
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// The project's own spec.
pub fn default_spec() -> PathBuf {
    root().join("spec/porting.yaml")
}

/// The generator configuration for the project's spec.
pub fn default_config() -> PathBuf {
    root().join("spec/generator.yaml")
}

/// The configuration of the whole upstream API's crate (per-resource features on).
pub fn full_api_config() -> PathBuf {
    root().join("spec/full-api.yaml")
}

/// Where the checked-in client lives.
pub fn default_out() -> PathBuf {
    root().join("generated")
}

/// The upstream document, read-only, beside the project.
pub fn upstream_spec() -> PathBuf {
    root().join("../shared/openapi/telnyx-spec3.yml")
}

/// The text of the document at `spec`, with every file its `$ref`s reach bundled in (a
/// document that refers to no other file comes back as written).
pub fn read_spec(spec: &Path) -> Result<String, String> {
    let folder = spec.parent().unwrap_or(Path::new("")).to_path_buf();
    let name = spec.file_name().unwrap_or_default().to_string_lossy();
    generator::load::bundle(&name, &generator::load::DiskFiles(folder))
        .map_err(|d| format!("{}: {d}", spec.display()))
}

/// Reads the spec and configuration and generates the crate.
pub fn generate(spec: &Path, config: &Path) -> Result<generator::Generated, String> {
    let text = read_spec(spec)?;
    let config_text = std::fs::read_to_string(config)
        .map_err(|e| format!("cannot read {}: {e}", config.display()))?;
    // Each line of a report names its origin; the summary names the files.
    let failed = |d: generator::Diagnostics, what: &str| {
        let n = d.0.len();
        let s = if n == 1 { "" } else { "s" };
        format!(
            "{d}
{n} error{s} {what}"
        )
    };
    let config_name = config.display().to_string();
    let config = generator::Config::from_yaml(&config_text)
        .map_err(|d| failed(d, &format!("reading {config_name}")))?;
    generator::generate(&text, &config).map_err(|d| {
        failed(
            d,
            &format!("generating from {} with {config_name}", spec.display()),
        )
    })
}
