// Written by the generator's `meta` emitter (generator/src/runtime.rs) with neutral values, so
// the runtime compiles on its own; generated crates get their API's values. Rewrite it with
// `UPDATE_SNAPSHOTS=1 cargo test -p generator --test runtime_boundary`, never by hand.

//! Constants describing the API this client talks to.
/// The base URL every request path is appended to.
pub const DEFAULT_BASE_URL: &str = "https://api.example.com";
/// Environment variable holding the API key read by `Client::from_env`.
pub const API_KEY_ENV: &str = "API_KEY";
/// Environment variable that, when set, overrides [`DEFAULT_BASE_URL`].
pub const BASE_URL_ENV: &str = "BASE_URL";
