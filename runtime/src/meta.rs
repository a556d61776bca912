//! Constants describing the API this client talks to.
//!
//! The generator emits its own `meta` module into each generated crate; this copy only lets the
//! runtime compile and be tested on its own.

/// The production base URL every request path is appended to.
pub const DEFAULT_BASE_URL: &str = "https://api.telnyx.com/v2";

/// Environment variable holding the API key read by `Client::from_env`.
pub const API_KEY_ENV: &str = "TELNYX_API_KEY";

/// Environment variable that, when set, overrides [`DEFAULT_BASE_URL`].
pub const BASE_URL_ENV: &str = "TELNYX_BASE_URL";
