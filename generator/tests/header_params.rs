//! Header and cookie parameters of every schema kind and a path key with a fixed query, on the
//! IR of the `header_params` fixture (the snapshot shows the code; `xtask/tests/wire_params.rs`
//! shows the wire).

use generator::Config;
use generator::ir::{Api, Location, Operation, Param, Ty};

fn lower() -> Api {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/header_params.yaml"
    );
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let doc = generator::load::load(&text).expect("fixture loads");
    let mut api = generator::lower::lower(&doc, &Config::minimal("t")).expect("fixture lowers");
    generator::naming::assign(&mut api);
    api
}

fn op<'a>(api: &'a Api, id: &str) -> &'a Operation {
    let found = api.operations.iter().find(|o| o.operation_id == id);
    found.unwrap_or_else(|| panic!("no operation {id}"))
}

fn param<'a>(o: &'a Operation, wire: &str) -> &'a Param {
    let found = o.params.iter().find(|p| p.wire == wire);
    found.unwrap_or_else(|| panic!("{} has no parameter {wire}", o.operation_id))
}

#[test]
fn every_header_and_cookie_parameter_is_kept_with_its_explode() {
    let api = lower();
    assert!(api.skipped.is_empty(), "{:?}", api.skipped);
    let get = op(&api, "getItem");
    let headers = [
        ("X-Request-Id", false),
        ("X-Count", false),
        ("X-Features", false),
        ("X-Tags", true),
        ("X-Point", false),
        ("X-Point-Exploded", true),
        ("X-Tier", false),
    ];
    for (wire, explode) in headers {
        let p = param(get, wire);
        assert_eq!(
            (p.location, p.explode),
            (Location::Header, explode),
            "{wire}"
        );
    }
    // `form` explodes unless told otherwise.
    let cookies = [
        ("session", true),
        ("ids", false),
        ("langs", true),
        ("pos_flat", false),
    ];
    for (wire, explode) in cookies {
        let p = param(get, wire);
        assert_eq!(
            (p.location, p.explode),
            (Location::Cookie, explode),
            "{wire}"
        );
    }
    assert!(matches!(param(get, "X-Tags").ty, Ty::Vec(_)));
    assert!(matches!(param(get, "X-Point").ty, Ty::Named(_)));
    // Queries first, then headers, then cookies, each by wire name.
    let order: Vec<&str> = get.option_params().map(|p| p.wire.as_str()).collect();
    assert_eq!(order.first(), Some(&"verbose"));
    assert_eq!(
        order[1..11].iter().filter(|w| w.starts_with("X-")).count(),
        10
    );
    assert_eq!(
        &order[11..],
        ["ids", "langs", "pos", "pos_flat", "session", "theme"]
    );
}

#[test]
fn a_query_suffixed_path_key_is_the_plain_path_plus_a_fixed_query() {
    let api = lower();
    let beta = op(&api, "betaCreateSession");
    assert_eq!(beta.path, "/sessions?beta=true");
    assert_eq!(beta.template.segments, ["/sessions"]);
    assert_eq!(
        beta.template.query,
        [("beta".to_string(), "true".to_string())]
    );
    let plain = op(&api, "createSession");
    assert!(plain.template.query.is_empty());
    // Both sit on `sessions`; the plain path keeps the verb, the variant takes its id.
    let resource: Vec<String> = beta.resource.iter().map(|n| n.code()).collect();
    assert_eq!(resource, ["sessions"]);
    assert_eq!(beta.resource, plain.resource);
    assert_eq!(plain.method_name.code(), "create");
    assert_eq!(beta.method_name.code(), "beta_create_session");
}
