//! Bringing a folder in line with generated files, or reporting how it differs.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use generator::OutputFile;

/// How a folder differs from what generation yields.
#[derive(Debug, Default)]
pub struct Drift {
    /// Files whose contents differ, with a unified diff each.
    pub changed: Vec<(String, String)>,
    /// Files generation yields that are not on disk.
    pub missing: Vec<String>,
    /// Files on disk generation does not yield.
    pub extra: Vec<String>,
}

impl Drift {
    /// Whether the folder is exactly what generation yields.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// A readable report: unified diffs, then missing and extra files.
    pub fn report(&self, command: &str) -> String {
        let mut out = String::new();
        for (_, diff) in &self.changed {
            let _ = writeln!(out, "{diff}");
        }
        for path in &self.missing {
            let _ = writeln!(out, "missing: {path}");
        }
        for path in &self.extra {
            let _ = writeln!(out, "extra (not generated): {path}");
        }
        let _ = writeln!(
            out,
            "{} changed, {} missing, {} extra. Run `{command}` to regenerate (never edit generated files by hand).",
            self.changed.len(),
            self.missing.len(),
            self.extra.len()
        );
        out
    }
}

/// Files under `dir` (relative, `/`-separated), leaving out build output.
fn files_on_disk(dir: &Path) -> Result<BTreeSet<String>, String> {
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).map_err(|e| format!("cannot list {}: {e}", d.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", d.display()))?;
            let path = entry.path();
            let rel = relative(dir, &path);
            if rel == "target" || rel == "Cargo.lock" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(rel);
            }
        }
    }
    Ok(out)
}

fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Compares `dir` with `files` (line endings normalized) without changing anything.
pub fn compare(dir: &Path, files: &[OutputFile]) -> Result<Drift, String> {
    let mut drift = Drift::default();
    let mut on_disk = files_on_disk(dir)?;
    for f in files {
        on_disk.remove(&f.path);
        let path = dir.join(&f.path);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let current = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
                if current != f.contents {
                    let diff = similar::TextDiff::from_lines(current.as_str(), f.contents.as_str())
                        .unified_diff()
                        .context_radius(3)
                        .header(&format!("a/{}", f.path), &format!("b/{}", f.path))
                        .to_string();
                    drift.changed.push((f.path.clone(), diff));
                }
            }
            Err(_) => drift.missing.push(f.path.clone()),
        }
    }
    drift.extra = on_disk.into_iter().collect();
    Ok(drift)
}

/// Writes changed and missing files and deletes extra ones; returns what it did.
pub fn write(dir: &Path, files: &[OutputFile]) -> Result<Drift, String> {
    let drift = compare(dir, files)?;
    let touched: BTreeSet<&String> = drift
        .changed
        .iter()
        .map(|(p, _)| p)
        .chain(drift.missing.iter())
        .collect();
    for f in files.iter().filter(|f| touched.contains(&f.path)) {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &f.contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    for rel in &drift.extra {
        let path: PathBuf = dir.join(rel);
        std::fs::remove_file(&path)
            .map_err(|e| format!("cannot delete {}: {e}", path.display()))?;
    }
    remove_empty_dirs(dir);
    Ok(drift)
}

fn remove_empty_dirs(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && !path.ends_with("target") {
            remove_empty_dirs(&path);
            // Only succeeds when empty, which is exactly the intent.
            let _ = std::fs::remove_dir(&path);
        }
    }
}
