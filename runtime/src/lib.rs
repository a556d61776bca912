//! Runtime support for generated API clients.
//!
//! Every module here except `meta` is copied verbatim into each generated client crate, where
//! it becomes a top-level module beside the generated `models`, `resources` and `meta`. This
//! crate only exists to compile and test those files on their own. The generator's runtime
//! manifest (`generator/src/runtime.rs`) lists the same modules with the same visibility
//! (`pub(crate)` here is a private `mod` there), and `meta.rs` is the generator's `meta` emitter
//! output for neutral values; `generator/tests/runtime_boundary.rs` checks both.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod auth;
pub mod call;
pub mod client;
pub mod decode;
pub mod error;
pub(crate) mod header;
// Emitter output (prettyplease's layout); rustfmt would rewrap it and break the comparison.
#[rustfmt::skip]
pub(crate) mod meta;
pub mod nullable;
pub mod pagination;
pub(crate) mod path;
pub(crate) mod query;
pub mod response;
pub(crate) mod retry;
// Copied only into crates whose configuration declares a webhook signing scheme.
pub mod webhook;

pub use auth::Credentials;
pub use call::Call;
pub use client::{Client, ClientBuilder};
pub use error::{ApiError, ApiErrorDetail, ApiErrorKind, Error};
pub use nullable::Nullable;
pub use pagination::{ListCall, PageInfo, Paged};
pub use response::ApiResponse;
