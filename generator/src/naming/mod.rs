//! The naming pass, run after lowering: the only code that makes Rust names. Lowering leaves
//! wire names and hint words in the IR; this pass turns them into [`Name`]s (types, fields,
//! variants, arguments, methods, resources, tests) and resolves every collision by a stable key
//! (a JSON pointer, a wire name, a path), never by position.

mod ident;
mod members;
mod methods;
mod security;
mod setters;
mod tree;
pub mod types;

pub use ident::Name;
pub use security::name_security;

use crate::ir::Api;

/// Assigns every name the emitters read.
pub fn assign(api: &mut Api) {
    let placed = methods::place(api);
    methods::apply(api, &placed);
    // Types are named after the tree: a resource module's accessor struct is taken there.
    api.root = tree::build(api);
    types::name_types(api, &placed);
    members::name_members(&mut api.types);
    for op in &mut api.operations {
        members::name_params(op);
    }
    setters::name_setters(api);
    methods::name_tests(api);
    members::name_webhooks(api);
    api.krate.lib_name = lib_name(&api.krate.name);
    name_security(&mut api.krate.security);
}

/// The name of the crate's library, as Cargo derives it from the package name
/// (`telnyx-porting` → `telnyx_porting`).
fn lib_name(crate_name: &str) -> Name {
    Name::from_code(&crate_name.replace('-', "_"))
}
