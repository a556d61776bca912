//! Names of the `Credentials` setters, one per security scheme.

use std::collections::BTreeSet;

use super::ident::{Name, snake_ident};
use crate::ir::Security;

/// Methods `Credentials` already has (runtime/src/auth.rs), and what `Clone`/`Debug` add.
const TAKEN: &[&str] = &[
    "new",
    "is_empty",
    "schemes",
    "set_token",
    "set_basic",
    "merge",
    "with_secret",
    "from_lookup",
    "prepare",
    "clone",
    "fmt",
    "default",
];

/// `ApiKeyAuth` → `api_key_auth`. A name `Credentials` already uses gets `_credential`; schemes
/// whose names collide are told apart by key order (a number after the first).
pub fn name_security(security: &mut Security) {
    let mut order: Vec<usize> = (0..security.schemes.len()).collect();
    order.sort_by(|&a, &b| security.schemes[a].key.cmp(&security.schemes[b].key));
    let mut used: BTreeSet<String> = BTreeSet::new();
    for i in order {
        let mut name = snake_ident(&security.schemes[i].key);
        if TAKEN.contains(&name.trim_start_matches("r#")) {
            name = format!("{}_credential", name.trim_start_matches("r#"));
        }
        let base = name.clone();
        let mut n = 2;
        while used.contains(&name) {
            name = format!("{}_{n}", base.trim_start_matches("r#"));
            n += 1;
        }
        used.insert(name.clone());
        security.schemes[i].setter = Name::from_code(&name);
    }
}
