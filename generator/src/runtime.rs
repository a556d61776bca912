//! The hand-written runtime (`runtime/src`), compiled into the generator and copied verbatim
//! into every generated crate. It is compiled and tested on its own as the `client-runtime`
//! crate.

/// `(file name, contents)` of every runtime module.
pub const FILES: &[(&str, &str)] = &[
    ("call.rs", include_str!("../../runtime/src/call.rs")),
    ("client.rs", include_str!("../../runtime/src/client.rs")),
    ("decode.rs", include_str!("../../runtime/src/decode.rs")),
    ("error.rs", include_str!("../../runtime/src/error.rs")),
    (
        "pagination.rs",
        include_str!("../../runtime/src/pagination.rs"),
    ),
    ("path.rs", include_str!("../../runtime/src/path.rs")),
    ("query.rs", include_str!("../../runtime/src/query.rs")),
    ("response.rs", include_str!("../../runtime/src/response.rs")),
    ("retry.rs", include_str!("../../runtime/src/retry.rs")),
    ("webhook.rs", include_str!("../../runtime/src/webhook.rs")),
];

/// The runtime module only crates with a webhook signing scheme get.
pub const WEBHOOK_FILE: &str = "webhook.rs";
