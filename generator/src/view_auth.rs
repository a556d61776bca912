//! What templates know about credentials: what `Client::new` takes, which variables
//! `Client::from_env` reads, and the other schemes a client can be given.

use serde::Serialize;

use crate::ir::{Constructor, CrateInfo};

/// Credential facts for the README.
#[derive(Debug, Serialize)]
pub struct AuthView {
    /// `Client::new`'s arguments as prose shows them: `key`, `username, password`, …
    pub args: String,
    /// The variables `from_env` requires, joined for one code span (`A` and `B`); empty when
    /// none.
    pub env: String,
    /// The same, as a comment says them.
    pub env_text: String,
    /// Every other scheme: `` `setter` (`ENV`) ``, for the list of optional credentials.
    pub extra: Vec<String>,
}

/// The view of `krate`'s security.
pub fn build(krate: &CrateInfo) -> AuthView {
    let security = &krate.security;
    let (args, primary) = match security.constructor {
        Constructor::Nothing => ("", None),
        Constructor::Token(i) => ("key", Some(i)),
        Constructor::Basic(i) => ("username, password", Some(i)),
        Constructor::Credentials => ("credentials", None),
    };
    let required: Vec<&str> = match primary {
        Some(i) => security.schemes[i].env.iter().map(String::as_str).collect(),
        None => Vec::new(),
    };
    let extra = security
        .schemes
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != primary)
        .map(|(_, s)| {
            format!(
                "`Credentials::{}` (`{}`)",
                s.setter.bare(),
                s.env.join("`, `")
            )
        })
        .collect();
    AuthView {
        args: args.to_string(),
        env: required.join("` and `"),
        env_text: required.join(" and "),
        extra,
    }
}
