//! What `generated/` records about its source: a normalized copy of the OpenAPI document it was
//! made from (`openapi.json`) and a changelog whose entries list the semantic changes between
//! generations; the crate version follows from them.

use std::fmt::Write as _;
use std::path::Path;

use crate::spec_diff::{self, Report, report};
use crate::sync::Drift;

/// The recorded source document, in the output folder.
pub const DOCUMENT: &str = "openapi.json";
/// The changelog, in the output folder.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// A generation together with what changed since the recorded one.
pub struct Recorded {
    /// Every output file, the recorded document and changelog among them.
    pub generated: generator::Generated,
    /// Changes from the recorded document to the spec; `None` when the folder records none.
    pub changes: Option<Report>,
    /// The crate version this generation carries.
    pub version: String,
}

/// Generates from `spec` for the folder `out`: reads the document and version `out` records,
/// and when the API changed, bumps the version and adds a changelog entry. Generating twice in a
/// row yields the same files.
pub fn generate(spec: &Path, config: &Path, out: &Path) -> Result<Recorded, String> {
    let config_text = std::fs::read_to_string(config)
        .map_err(|e| format!("cannot read {}: {e}", config.display()))?;
    let config = generator::Config::from_yaml(&config_text)
        .map_err(|d| format!("{}: {d}", config.display()))?;
    generate_with(spec, config, out)
}

/// [`generate`] with a configuration already read (or [`generator::Config::derived`]).
pub fn generate_with(
    spec: &Path,
    mut config: generator::Config,
    out: &Path,
) -> Result<Recorded, String> {
    let text = crate::read_spec(spec)?;

    let current = spec_diff::parse(&text, &spec.display().to_string())?;
    // One line: it is data read back by `spec-diff`, not text to read, and a pretty-printed
    // whole API would be the longest file of the crate by far.
    let document = serde_json::to_string(&current)
        .map_err(|e| format!("cannot write {DOCUMENT}: {e}"))?
        + "\n";
    let changes = match read(&out.join(DOCUMENT))? {
        Some(previous) => {
            let name = out.join(DOCUMENT).display().to_string();
            let previous = spec_diff::parse(&previous, &name)?;
            Some(
                spec_diff::diff_values(&previous, &current)
                    .map_err(|e| format!("comparing {name} with {}: {e}", spec.display()))?,
            )
        }
        None => None,
    };

    let crate_name = config.crate_name.clone().unwrap_or_else(|| {
        let title = current["info"]["title"].as_str().unwrap_or_default();
        generator::lower::identity::crate_name(title)
    });
    let recorded_version = read(&out.join("Cargo.toml"))?
        .as_deref()
        .and_then(package_version);
    // A version raised by hand in the configuration wins over the recorded one.
    let mut version = match recorded_version {
        Some(v) if parse_version(&v)? > parse_version(&config.crate_version)? => v,
        _ => config.crate_version.clone(),
    };
    let changelog = read(&out.join(CHANGELOG))?;
    let changelog = match (&changes, changelog) {
        (Some(report), Some(log)) if !report.is_empty() => {
            version = bump(&version, report.is_breaking())?;
            insert_entry(&log, &entry(&version, report))
        }
        (Some(report), None) if !report.is_empty() => {
            version = bump(&version, report.is_breaking())?;
            format!("{}{}", header(&crate_name), entry(&version, report))
        }
        (_, Some(log)) => log,
        (_, None) => format!(
            "{}## {version}\n\nFirst version with a recorded source document.\n",
            header(&crate_name)
        ),
    };
    config.crate_version = version.clone();

    let mut generated =
        generator::generate(&text, &config).map_err(|d| format!("{}: {d}", spec.display()))?;
    generated.files.push(generator::OutputFile {
        path: DOCUMENT.into(),
        contents: document,
    });
    generated.files.push(generator::OutputFile {
        path: CHANGELOG.into(),
        contents: changelog,
    });
    generated.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Recorded {
        generated,
        changes,
        version,
    })
}

/// The drift report of `--check`: the semantic summary first, then the line diff.
pub fn check_report(recorded: &Recorded, drift: &Drift, command: &str) -> String {
    let mut out = String::new();
    match &recorded.changes {
        None => {
            let _ = writeln!(
                out,
                "The output folder records no source document ({DOCUMENT}); no semantic summary."
            );
        }
        Some(r) if r.is_empty() => {
            let _ = writeln!(out, "No semantic API changes since the recorded document.");
        }
        Some(r) => {
            let verdict = if r.is_breaking() {
                "breaking"
            } else {
                "compatible"
            };
            let _ = writeln!(
                out,
                "Semantic changes since the recorded document ({verdict}, next version {}):",
                recorded.version
            );
            out.push_str(&report::text(r));
        }
    }
    out.push('\n');
    out.push_str(&drift.report(command));
    out
}

fn read(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).replace("\r\n", "\n"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// The `version` of the `[package]` table of a generated `Cargo.toml`.
fn package_version(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(rest) = line.strip_prefix("version") {
                let value = rest.trim_start().strip_prefix('=')?.trim();
                return Some(value.trim_matches('"').to_string());
            }
        }
    }
    None
}

fn parse_version(v: &str) -> Result<(u64, u64, u64), String> {
    let parts: Vec<&str> = v.split('.').collect();
    let number = |s: &str| {
        s.parse::<u64>()
            .map_err(|_| format!("crate version {v:?} is not MAJOR.MINOR.PATCH"))
    };
    match parts.as_slice() {
        [a, b, c] => Ok((number(a)?, number(b)?, number(c)?)),
        _ => Err(format!("crate version {v:?} is not MAJOR.MINOR.PATCH")),
    }
}

/// The next version: before 1.0 a breaking change bumps the minor version and anything else
/// the patch; from 1.0 on, breaking bumps the major and anything else the minor.
pub fn bump(version: &str, breaking: bool) -> Result<String, String> {
    let (major, minor, patch) = parse_version(version)?;
    Ok(match (major, breaking) {
        (0, true) => format!("0.{}.0", minor + 1),
        (0, false) => format!("0.{minor}.{}", patch + 1),
        (_, true) => format!("{}.0.0", major + 1),
        (_, false) => format!("{major}.{}.0", minor + 1),
    })
}

fn header(crate_name: &str) -> String {
    format!(
        "<!-- @generated by `cargo xtask generate`: each regeneration that changes the API adds an entry. -->\n\
         # Changelog of {crate_name}\n\n\
         Each entry lists the semantic changes of the OpenAPI document since the previous version \
         (as `cargo xtask spec-diff` reports them) and whether they break code using the crate.\n\n"
    )
}

fn entry(version: &str, report: &Report) -> String {
    let verdict = if report.is_breaking() {
        "Breaking: code written against the previous version may need changes."
    } else {
        "Compatible: code written against the previous version keeps working."
    };
    let mut out = format!("## {version}\n\n{verdict}\n\n");
    for c in &report.changes {
        let class = if c.breaking { "breaking" } else { "compatible" };
        let _ = writeln!(out, "- {class} `{}`: {}", c.kind.name(), c.message);
    }
    out.push('\n');
    out
}

/// Puts `entry` above the newest entry of `log`.
fn insert_entry(log: &str, entry: &str) -> String {
    match log.find("\n## ") {
        Some(at) => format!("{}{entry}{}", &log[..=at], &log[at + 1..]),
        None => format!("{log}\n{entry}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump_by_semver_rules_for_0x_and_1x() {
        assert_eq!(bump("0.1.0", true).as_deref(), Ok("0.2.0"));
        assert_eq!(bump("0.1.3", false).as_deref(), Ok("0.1.4"));
        assert_eq!(bump("1.4.2", true).as_deref(), Ok("2.0.0"));
        assert_eq!(bump("1.4.2", false).as_deref(), Ok("1.5.0"));
        assert!(bump("0.1", false).is_err());
    }

    #[test]
    fn the_package_version_is_read_from_the_package_table() {
        let manifest =
            "[package]\nname = \"x\"\nversion = \"0.3.1\"\n[dependencies]\nversion = \"9\"\n";
        assert_eq!(package_version(manifest).as_deref(), Some("0.3.1"));
        assert_eq!(package_version("[dependencies]\nversion = \"1\"\n"), None);
    }

    #[test]
    fn entries_go_above_the_newest_one() {
        let log = "# Changelog\n\nintro\n\n## 0.1.0\n\nold\n";
        let out = insert_entry(log, "## 0.2.0\n\nnew\n\n");
        assert_eq!(
            out,
            "# Changelog\n\nintro\n\n## 0.2.0\n\nnew\n\n## 0.1.0\n\nold\n"
        );
    }
}
