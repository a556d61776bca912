//! One type per shape and short names in resource modules, read from generated files: the
//! `shapes` fixture (identical bodies merge; one differing only in `required` or `nullable`
//! does not; short names that collide grow a word each) and the project's spec (the three LOA
//! configuration bodies share one type).

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn generate(spec: &str, config: generator::Config) -> generator::Generated {
    let text = std::fs::read_to_string(root().join(spec)).expect("spec is readable");
    generator::generate(&text, &config).expect("generates")
}

fn file<'a>(out: &'a generator::Generated, path: &str) -> &'a str {
    out.files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no file {path}"))
}

/// The body type of `pub fn {method}(` in a resource file: its `params` argument, or, for a
/// body flattened into setters, the parameters type its call carries (`Call<T, P>`).
fn params_type(text: &str, method: &str) -> String {
    let start = text
        .find(&format!("pub fn {method}("))
        .unwrap_or_else(|| panic!("no method {method}"));
    let signature = &text[start..];
    let signature = &signature[..signature.find('{').expect("a body")];
    let squeezed: String = signature.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(at) = squeezed.find("params: ") {
        let rest = &squeezed[at + "params: ".len()..];
        return rest
            .split([',', ')'])
            .next()
            .expect("a type")
            .trim()
            .to_string();
    }
    // `-> crate::call::Call<T, P>`: the last generic argument.
    let ret = &squeezed[squeezed.find("-> ").expect("a return type")..];
    let inner = ret.trim_end().trim_end_matches('>');
    let p = inner.rsplit(", ").next().expect("a parameters type");
    let p = p.trim().trim_end_matches(',').trim();
    p.strip_prefix("Option<")
        .map_or(p, |t| t.trim_end_matches('>'))
        .to_string()
}

fn shapes() -> generator::Generated {
    generate(
        "generator/tests/fixtures/shapes.yaml",
        generator::Config::minimal("fixture-shapes"),
    )
}

#[test]
fn identical_bodies_share_one_type_and_say_who_uses_it() {
    let out = shapes();
    let widgets = file(&out, "src/resources/widgets.rs");
    let create = params_type(widgets, "create");
    assert_eq!(create, params_type(widgets, "replace_widget"));
    assert!(
        create.starts_with("crate::resources::widgets::"),
        "{create}"
    );
    assert!(
        widgets.contains("/// Used by `POST /widgets`, `PUT /widgets/{id}`."),
        "{widgets}"
    );
}

#[test]
fn bodies_differing_in_required_or_nullable_keep_their_own_types() {
    let out = shapes();
    let widgets = file(&out, "src/resources/widgets.rs");
    let create = params_type(widgets, "create");
    let update = params_type(widgets, "update_widget");
    let rename = params_type(widgets, "rename");
    assert_ne!(create, update, "differs in `required`");
    assert_ne!(create, rename, "differs in `nullable`");
    assert_ne!(update, rename);
}

#[test]
fn a_shape_used_across_resources_lives_in_models() {
    let out = shapes();
    let models: String = out
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/models/"))
        .map(|f| f.contents.as_str())
        .collect();
    let enums = models.matches("pub enum ").count();
    assert_eq!(enums, 1, "one `color` enum for every body:\n{models}");
    assert!(models.contains("`POST /gadgets`") && models.contains("`PATCH /widgets/{id}`"));
    let gadgets = file(&out, "src/resources/gadgets.rs");
    assert!(!gadgets.contains("pub enum "), "{gadgets}");
}

#[test]
fn colliding_short_names_grow_until_unique() {
    let out = shapes();
    let widgets = file(&out, "src/resources/widgets.rs");
    // `owner.info` and `admin.owner.info`: `OwnerInfo` would name both.
    assert!(
        widgets.contains("pub struct RetrieveResponseOwnerInfo "),
        "{widgets}"
    );
    assert!(widgets.contains("pub struct AdminOwnerInfo "), "{widgets}");
    assert!(!widgets.contains("pub struct OwnerInfo "));
    // The accessor struct keeps its name beside the types.
    assert!(widgets.contains("pub struct Widgets<'a>"));
}

#[test]
fn the_three_loa_configuration_bodies_share_their_types() {
    let config = std::fs::read_to_string(root().join("spec/generator.yaml")).expect("config");
    let config = generator::Config::from_yaml(&config).expect("config parses");
    let out = generate("spec/porting.yaml", config);
    let loa = file(&out, "src/resources/porting/loa_configurations.rs");
    let create = params_type(loa, "create");
    assert_eq!(create, params_type(loa, "preview"));
    assert_eq!(create, params_type(loa, "update"));
    // Nested objects merge with their parents: one `address`, `contact` and `logo` each.
    for nested in ["Address", "Contact", "Logo"] {
        let structs = loa
            .lines()
            .filter(|l| l.starts_with("pub struct ") && l.contains(&format!("{nested} {{")))
            .count();
        assert_eq!(structs, 1, "{nested}\n{loa}");
    }
}
