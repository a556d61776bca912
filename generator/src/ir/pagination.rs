//! Auto-pagination facts of a list operation, as lowering matched them (`lower/pagination.rs`).

use super::{Ty, TypeId};

/// Auto-pagination of a list operation: the configured scheme it matched, with every name
/// resolved against its response type and parameters. Paths are wire names, outermost first.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// The matched scheme's label from the configuration.
    pub scheme: String,
    /// Item type of the items array.
    pub item: Ty,
    /// The response struct.
    pub response: TypeId,
    /// The top-level response property holding the items, e.g. `data`.
    pub items: String,
    /// How the next page is asked for.
    pub next: PageNext,
    /// Query key of the page size, when the scheme names one the operation declares.
    pub size_key: Option<String>,
}

/// How a paginated operation asks for its next page.
#[derive(Debug, Clone, PartialEq)]
pub enum PageNext {
    /// Page `n` in query key `key`; the response's `page_number` and `total_pages` (fields of
    /// one object) say where the list stands.
    PageNumber {
        /// Query key, e.g. `page[number]`.
        key: String,
        /// Path of the current page number.
        page_number: Vec<String>,
        /// Path of the page count.
        total_pages: Vec<String>,
    },
    /// A cursor sent in query key `key`.
    Cursor {
        /// Query key, e.g. `after`.
        key: String,
        /// Where the cursor is read.
        from: CursorFrom,
        /// Path of a boolean that is false on the last page.
        has_more: Option<Vec<String>>,
    },
    /// The URL of the next page, read at this path.
    NextUrl(Vec<String>),
}

/// Where a cursor is read.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorFrom {
    /// A response field, by path.
    Field(Vec<String>),
    /// A field of the last item, by wire name.
    LastItem(String),
}
