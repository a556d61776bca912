//! What templates know about per-resource cargo features: which features `Cargo.toml`
//! declares and turns on by default, and when `lib.rs` takes the README as its docs.

use serde::Serialize;

use crate::ir::Api;
use crate::runtime::WEBHOOK_FEATURE;

/// Feature facts for `Cargo.toml` and `lib.rs`; absent without `features: per_resource`.
#[derive(Debug, Serialize)]
pub struct FeaturesView {
    /// One feature per top-level resource, sorted.
    pub resources: Vec<String>,
    /// The typed webhook events' feature, when the document declares webhooks.
    pub events: Option<String>,
    /// Every feature the `default` set turns on.
    pub default: Vec<String>,
    /// The `cfg` condition under which the README (whose examples call resources and the
    /// verifier) becomes the crate docs: every default feature on.
    pub readme_cfg: String,
}

/// Builds the feature facts, or `None` when the crate has no per-resource features.
pub fn build(api: &Api) -> Option<FeaturesView> {
    let features = api.features.as_ref()?;
    let verified = crate::layout::has_verifier(api);
    let mut default: Vec<String> = features.all().cloned().collect();
    if verified {
        default.push(WEBHOOK_FEATURE.to_string());
    }
    default.sort();
    let each: Vec<String> = default.iter().map(|f| format!("feature = {f:?}")).collect();
    let readme_cfg = match each.as_slice() {
        [one] => one.clone(),
        _ => format!("all({})", each.join(", ")),
    };
    Some(FeaturesView {
        resources: features.resources.clone(),
        events: features.events.clone(),
        default,
        readme_cfg,
    })
}
