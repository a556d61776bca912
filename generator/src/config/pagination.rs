//! The `pagination` section of the configuration: the schemes list operations may follow.
//!
//! Each scheme names the request parameters it drives and the response fields it reads, by wire
//! name; a field path is dot-separated (`meta.total_pages`). Lowering gives an operation the
//! first scheme, in the order written, whose names all exist in its response and parameters
//! (`lower/pagination.rs`); an operation no scheme matches is a plain call.

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Origin};

/// One pagination scheme, told apart by `type`.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum PaginationScheme {
    /// Numbered pages: the request asks for page `n` in `page_param`; the response tells the
    /// current number and the page count. Ends at the last page or on an empty page.
    PageNumber {
        /// Label used in diagnostics and docs.
        name: String,
        /// Query key of the page number, e.g. `page[number]`.
        page_param: String,
        /// Query key of the page size, e.g. `page[size]`.
        #[serde(default)]
        size_param: Option<String>,
        /// Top-level response property holding the items, e.g. `data`.
        items: String,
        /// Path of the current page number, e.g. `meta.page_number`.
        page_number: String,
        /// Path of the page count, e.g. `meta.total_pages`, beside `page_number`.
        total_pages: String,
    },
    /// A cursor: the next request sends `cursor_param` with a value read from the page. Ends
    /// when `has_more` is false, the cursor is null, absent or empty, or a page is empty.
    Cursor {
        /// Label used in diagnostics and docs.
        name: String,
        /// Query key the cursor is sent in, e.g. `after`.
        cursor_param: String,
        /// Query key of the page size, e.g. `limit`.
        #[serde(default)]
        size_param: Option<String>,
        /// Top-level response property holding the items, e.g. `data`.
        items: String,
        /// Where the next cursor comes from.
        cursor: CursorSource,
        /// Path of a boolean that is false on the last page, e.g. `has_more`.
        #[serde(default)]
        has_more: Option<String>,
    },
    /// The response names the next page's URL (absolute, or relative to the request's), which
    /// is requested as it is. Ends when it is null, absent or empty, or a page is empty.
    NextUrl {
        /// Label used in diagnostics and docs.
        name: String,
        /// Query key of the page size, e.g. `PageSize`; sent on the first request (the next
        /// URLs carry the size the server chose).
        #[serde(default)]
        size_param: Option<String>,
        /// Top-level response property holding the items. Absent: the response's one array
        /// property, for APIs that name it after the resource (`calls`, `messages`, …).
        #[serde(default)]
        items: Option<String>,
        /// Path of the next page's URL, e.g. `next_page_uri`.
        next_url: String,
    },
}

/// Where a cursor scheme reads the next cursor.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum CursorSource {
    /// A response field, by path, e.g. `{field: last_id}`.
    Field(String),
    /// A field of the page's last item, e.g. `{last_item: id}`.
    LastItem(String),
}

impl PaginationScheme {
    /// The scheme's label.
    pub fn name(&self) -> &str {
        match self {
            PaginationScheme::PageNumber { name, .. }
            | PaginationScheme::Cursor { name, .. }
            | PaginationScheme::NextUrl { name, .. } => name,
        }
    }

    /// The page-size query key, if the scheme has one.
    pub fn size_param(&self) -> Option<&str> {
        match self {
            PaginationScheme::PageNumber { size_param, .. }
            | PaginationScheme::Cursor { size_param, .. }
            | PaginationScheme::NextUrl { size_param, .. } => size_param.as_deref(),
        }
    }

    /// Shapes the generator cannot follow, reported when the configuration is read.
    fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut top_level = |what: &str, path: &str| {
            if path.is_empty() || path.contains('.') {
                out.push(format!(
                    "`{what}` must name one top-level response property, not {path:?}"
                ));
            }
        };
        match self {
            PaginationScheme::PageNumber {
                items,
                page_number,
                total_pages,
                ..
            } => {
                top_level("items", items);
                if parent(page_number) != parent(total_pages) {
                    out.push(format!(
                        "`page_number` ({page_number}) and `total_pages` ({total_pages}) must be \
                         fields of the same object"
                    ));
                }
            }
            PaginationScheme::Cursor { items, .. } => top_level("items", items),
            PaginationScheme::NextUrl { items, .. } => {
                if let Some(items) = items {
                    top_level("items", items);
                }
            }
        }
        out
    }
}

/// The path without its last segment.
fn parent(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(p, _)| p)
}

/// Every scheme's problems, each located at `pagination.<index>`.
pub(super) fn check(schemes: &[PaginationScheme]) -> Result<(), Diagnostics> {
    let diags: Vec<Diagnostic> = schemes
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            s.problems().into_iter().map(move |m| {
                Diagnostic::new(
                    Origin::Configuration,
                    Location::Config(format!("pagination.{i}")),
                    format!("pagination scheme {:?}: {m}", s.name()),
                )
            })
        })
        .collect();
    Diagnostics(diags).into_result()
}
