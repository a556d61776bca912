//! The fixture pagination configurations (`tests/fixtures/config/{openai,twilio}_pagination.yaml`)
//! applied to the real OpenAI and Twilio documents (`../shared/realworld`, read in place): every
//! list operation matches its vendor's scheme, by shape, and nothing else does.

use std::collections::BTreeMap;
use std::path::PathBuf;

use generator::Config;
use generator::ir::{Api, HttpMethod, Location, PageNext};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn lower(document: &str, config: &str) -> Api {
    let path = manifest_dir().join("../../shared/realworld").join(document);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} (beside the repository): {e}", path.display()));
    let config_path = manifest_dir().join("tests/fixtures/config").join(config);
    let config = std::fs::read_to_string(&config_path).expect("fixture config");
    let config = Config::from_yaml(&config).expect("config parses");
    let doc = generator::load::load(&text).expect("document loads");
    generator::lower::lower(&doc, &config).expect("document lowers")
}

/// Paginated operations per scheme.
fn by_scheme(api: &Api) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for p in api.operations.iter().filter_map(|o| o.pagination.as_ref()) {
        *out.entry(p.scheme.clone()).or_insert(0) += 1;
    }
    out
}

/// GET operations that declare one of `keys` as a query parameter.
fn declaring(api: &Api, keys: &[&str]) -> Vec<String> {
    api.operations
        .iter()
        .filter(|o| o.method == HttpMethod::Get)
        .filter(|o| {
            o.params.iter().any(|p| {
                matches!(p.location, Location::Query(_)) && keys.contains(&p.wire.as_str())
            })
        })
        .map(|o| o.path.clone())
        .collect()
}

fn paginated(api: &Api) -> Vec<String> {
    api.operations
        .iter()
        .filter(|o| o.pagination.is_some())
        .map(|o| o.path.clone())
        .collect()
}

#[test]
fn openai_lists_match_their_cursor_schemes() {
    let api = lower("openai.yaml", "openai_pagination.yaml");
    let counts = by_scheme(&api);
    // Every list (a GET taking a cursor, `after` or `page`) paginates: 61 of them in the
    // document as it is (one more once `?beta=true` paths lower), and nothing else does.
    let lists = declaring(&api, &["after", "page"]);
    assert!(lists.len() >= 61, "{lists:?}");
    assert_eq!(paginated(&api), lists, "{counts:?}");
    // Each by the scheme its response shape calls for.
    let at_least = [
        ("last_id", 39),
        ("next", 9),
        ("last_item_id", 2),
        ("next_page", 11),
    ];
    for (scheme, n) in at_least {
        assert!(
            counts.get(scheme).is_some_and(|c| *c >= n),
            "{scheme}: {counts:?}"
        );
    }
    let total: usize = counts.values().sum();
    assert_eq!(total, lists.len(), "{counts:?}");
}

#[test]
fn twilio_lists_match_the_next_link_scheme() {
    let api = lower("twilio_api_v2010.json", "twilio_pagination.yaml");
    // Every list (a GET taking `PageSize`) paginates, over its one array, and nothing else,
    // but the one whose response names no next page (the countries of AvailablePhoneNumbers
    // come in one response).
    let mut lists = declaring(&api, &["PageSize"]);
    let countries = "/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers.json";
    assert!(lists.iter().any(|p| p == countries));
    lists.retain(|p| p != countries);
    assert!(lists.len() >= 60, "{lists:?}");
    assert_eq!(paginated(&api), lists);
    for op in &api.operations {
        let Some(p) = &op.pagination else { continue };
        assert_eq!(p.next, PageNext::NextUrl(vec!["next_page_uri".into()]));
        assert_eq!(p.size_key.as_deref(), Some("PageSize"), "{}", op.path);
        assert!(op.path.ends_with(".json"), "{}", op.path);
        assert!(
            !p.items.is_empty() && p.items != "next_page_uri",
            "{}",
            op.path
        );
    }
}

#[test]
fn without_a_configuration_neither_document_paginates() {
    for document in ["openai.yaml", "twilio_api_v2010.json"] {
        let path = manifest_dir().join("../../shared/realworld").join(document);
        let text = std::fs::read_to_string(&path).expect("document");
        let doc = generator::load::load(&text).expect("document loads");
        let api = generator::lower::lower(&doc, &Config::minimal("x")).expect("lowers");
        assert_eq!(paginated(&api), Vec::<String>::new(), "{document}");
    }
}
