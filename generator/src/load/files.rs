//! Where the files of a multi-file document come from: a small trait, so the bundler reads an
//! in-memory set in tests and the disk in the CLI, and the path arithmetic of relative
//! references.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// A set of files addressed by `/`-separated paths relative to the root document's folder.
pub trait Files {
    /// The text of the file at `path` (already normalized by [`relative`]), or why it cannot
    /// be read.
    fn read(&self, path: &str) -> Result<String, String>;
}

/// Files held in memory, by normalized path.
#[derive(Debug, Clone, Default)]
pub struct MemoryFiles(pub BTreeMap<String, String>);

impl MemoryFiles {
    /// A set from `(path, text)` pairs.
    pub fn new<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        MemoryFiles(
            files
                .into_iter()
                .map(|(p, t)| (relative("", p), t.to_string()))
                .collect(),
        )
    }
}

impl Files for MemoryFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        self.0
            .get(path)
            .cloned()
            .ok_or_else(|| "no such file".to_string())
    }
}

/// Files on disk, under the root document's folder.
#[derive(Debug, Clone)]
pub struct DiskFiles(pub PathBuf);

impl Files for DiskFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(self.0.join(path)).map_err(|e| e.to_string())
    }
}

/// The path `reference` names when written in the file at `from`: resolved against `from`'s
/// folder, with `.` and `..` segments folded (a `..` above the root folder is kept).
pub fn relative(from: &str, reference: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop(); // the referring file's own name
    for segment in reference.split('/') {
        match segment {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join("/")
}

/// Whether a reference names a URL (which is never fetched) rather than a file.
pub fn is_url(reference: &str) -> bool {
    let scheme = reference.split_once(':').map(|(s, _)| s);
    // A Windows drive letter (`C:`) is a path, not a scheme.
    scheme.is_some_and(|s| {
        s.len() > 1
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_against_the_referring_file() {
        for (from, reference, want) in [
            ("openapi.yaml", "other.yml", "other.yml"),
            ("openapi.yaml", "./dir/x.yaml", "dir/x.yaml"),
            ("dir/x.yaml", "y.yaml", "dir/y.yaml"),
            ("dir/sub/x.yaml", "../../common.yaml", "common.yaml"),
            ("openapi.yaml", "../common.yaml", "../common.yaml"),
            ("dir/x.yaml", "../../a/b.yaml", "../a/b.yaml"),
        ] {
            assert_eq!(relative(from, reference), want, "{from} + {reference}");
        }
    }

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://example.com/a.yaml"));
        assert!(is_url("http://x/y"));
        assert!(!is_url("dir/a.yaml"));
        assert!(!is_url("C:/specs/a.yaml"));
    }
}
