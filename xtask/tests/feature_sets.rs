//! A crate generated with per-resource features lints clean with no feature, with each feature
//! alone and with the defaults (see `xtask::features`).

#[test]
fn every_feature_set_of_the_features_fixture_lints_clean() {
    let root = xtask::root();
    let checked = xtask::features::check_feature_sets(&root).unwrap_or_else(|e| panic!("{e}"));
    // none + one per feature (three resources, the webhook events) + the defaults.
    assert_eq!(checked.len(), 6, "{checked:#?}");
}

#[test]
fn feature_sets_come_from_the_default_list() {
    let manifest = "[features]\ndefault = [\"a\", \"b\"]\na = []\nb = []\n";
    let sets = xtask::features::feature_sets(manifest).expect("sets");
    let none = vec!["--no-default-features".to_string()];
    let alone = |f: &str| {
        let mut s = none.clone();
        s.extend(["--features".to_string(), f.to_string()]);
        s
    };
    assert_eq!(sets, vec![none.clone(), alone("a"), alone("b"), Vec::new()]);
    assert!(xtask::features::feature_sets("[features]\n").is_err());
}
