//! The generated mock-server test target of the project's own spec: one test per operation plus
//! the negative controls, none skipped, and a root file that rustfmt leaves alone.

use std::path::Path;

#[test]
fn every_operation_of_the_project_spec_gets_a_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = std::fs::read_to_string(root.join("spec/porting.yaml")).expect("spec is readable");
    let config =
        std::fs::read_to_string(root.join("spec/generator.yaml")).expect("config is readable");
    let config = generator::Config::from_yaml(&config).expect("config parses");
    let generated = generator::generate(&spec, &config).expect("spec generates");
    let file = |path: &str| {
        generated
            .files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} is generated"))
    };
    let calls = file("tests/operations/calls.rs");
    let tests = calls.contents.matches("#[tokio::test]").count();
    let doc = generator::load::load(&spec).expect("spec loads");
    let api = generator::lower::lower(&doc, &config).expect("spec lowers");
    assert_eq!(api.operations.len(), 54);
    // One per operation, plus the three negative controls.
    assert_eq!(tests, api.operations.len() + 3);
    assert!(!calls.contents.contains("#[ignore]"));
    assert!(
        file("tests/operations.rs")
            .contents
            .contains("#[rustfmt::skip]")
    );
}
