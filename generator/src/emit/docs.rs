//! Rustdoc attributes from document prose.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `text`. Code fences become `text` blocks and indentation is dropped,
/// so prose from a document never turns into a doctest.
pub fn doc_attrs(text: &str) -> TokenStream {
    doc_lines(text)
        .map(|line| quote! { #[doc = #line] })
        .collect()
}

/// `#![doc]` attributes for a module's own docs, sanitized like [`doc_attrs`].
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    doc_lines(text)
        .map(|line| quote! { #![doc = #line] })
        .collect()
}

/// Sanitized lines, each with the space rustdoc expects after `///`.
fn doc_lines(text: &str) -> impl Iterator<Item = String> {
    let text = sanitize(text);
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect();
    lines.into_iter()
}

/// Sanitized text: trimmed lines, fences marked as plain text.
pub fn sanitize(text: &str) -> String {
    let mut out = String::new();
    let mut in_fence = false;
    for line in text.trim().lines() {
        let t = line.trim();
        if let Some(lang) = t.strip_prefix("```") {
            let opening = !in_fence;
            in_fence = opening;
            let lang = lang.trim();
            match (opening, lang) {
                // An untagged or Rust block would be compiled as a doctest.
                (true, "" | "rust") => out.push_str("```text"),
                (true, lang) => out.push_str(&format!("```{lang}")),
                (false, _) => out.push_str("```"),
            }
        } else {
            out.push_str(t);
        }
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out
}

/// Joins optional paragraphs with blank lines.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_become_text_and_indentation_goes() {
        assert_eq!(sanitize("a\n```\nx\n```\n    y"), "a\n```text\nx\n```\ny\n");
        assert_eq!(sanitize("```json\n{}\n```"), "```json\n{}\n```\n");
        assert_eq!(sanitize("```\nunclosed"), "```text\nunclosed\n```\n");
    }
}
