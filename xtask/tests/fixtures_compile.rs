//! Every fixture document's generated crate compiles with clippy's warnings denied, and its
//! method examples (doctests) compile, under plain `cargo test` (so a generator change that
//! breaks a fixture's crate fails where the snapshot tests do, not only in `cargo xtask test`).
//! The crates share one temporary workspace and build directory (`target/fixture-crates*`), so
//! their dependencies are checked once and reused.

#[test]
fn every_fixture_crate_compiles_clippy_clean() {
    let root = xtask::root();
    let fixtures = xtask::fixtures::fixture_files(&root).unwrap_or_else(|e| panic!("{e}"));
    assert!(!fixtures.is_empty(), "no fixtures found");
    xtask::fixtures::check_fixtures_compile(&root).unwrap_or_else(|e| panic!("{e}"));
}
