//! Per-resource cargo features (`features: per_resource`): which top-level resources reach each
//! declared type, through parameters, bodies, responses, pagination, struct fields, union
//! alternatives and aliases, so every emitted item compiles only when a feature using it is on.
//! The typed webhook events count as one more user, with a feature of their own.
//!
//! Runs after the naming pass: feature names are the top-level resource modules' names.

use std::collections::BTreeSet;

use crate::config::FeatureMode;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::{Api, Operation, Payload, TypeId, TypeSpace};
use crate::lower::analysis::{named_in, references};
use crate::runtime::WEBHOOK_FEATURE;

/// The feature gating the typed webhook events (`webhooks` module), when features are on.
pub const EVENTS_FEATURE: &str = "webhook_events";

/// Feature names the crate declares for its own use; no resource may take one.
const RESERVED: [&str; 4] = [
    "default",
    EVENTS_FEATURE,
    WEBHOOK_FEATURE,
    "mock-server-tests",
];

/// When an item compiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Whatever features are on: every feature uses it, or nothing feature-gated does.
    Always,
    /// When any of these features is on (never empty).
    Any(BTreeSet<String>),
}

impl Gate {
    /// The gate of an item used by everything `parts` gate: the union of their features.
    pub fn union<'a>(parts: impl IntoIterator<Item = &'a Gate>) -> Gate {
        let mut set = BTreeSet::new();
        for part in parts {
            match part {
                Gate::Always => return Gate::Always,
                Gate::Any(s) => set.extend(s.iter().cloned()),
            }
        }
        if set.is_empty() {
            Gate::Always
        } else {
            Gate::Any(set)
        }
    }
}

/// The crate's features and the gate of every type.
#[derive(Debug, Clone)]
pub struct Features {
    /// One feature per top-level resource, sorted.
    pub resources: Vec<String>,
    /// The typed webhook events' feature, when the document declares webhooks.
    pub events: Option<String>,
    types: Vec<Gate>,
}

impl Features {
    /// The gate of a declared type.
    pub fn of_type(&self, id: TypeId) -> &Gate {
        &self.types[id.0]
    }

    /// Every feature the crate declares for its resources and events: the `default` set.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.resources.iter().chain(self.events.iter())
    }
}

/// The feature an operation compiles under: its top-level resource's module name, or `None`
/// for a method of `Client` itself (always compiled).
pub fn resource_feature(op: &Operation) -> Option<String> {
    op.resource.first().map(|n| n.bare().to_string())
}

/// Computes the features of `api`, or `None` when the configuration does not ask for them.
/// Fails when a resource's feature name is one the crate reserves.
pub fn features(api: &Api) -> Result<Option<Features>, Diagnostics> {
    if api.krate.feature_mode != FeatureMode::PerResource {
        return Ok(None);
    }
    let resources: BTreeSet<String> = api.operations.iter().filter_map(resource_feature).collect();
    let clashes: Vec<Diagnostic> = resources
        .iter()
        .filter(|r| RESERVED.contains(&r.as_str()))
        .map(|r| {
            Diagnostic::config(
                "features",
                format!("the top-level resource `{r}` would take the crate's own feature `{r}`"),
            )
        })
        .collect();
    Diagnostics(clashes).into_result()?;
    let events = (!api.webhooks.entries.is_empty()).then(|| EVENTS_FEATURE.to_string());
    let universe: BTreeSet<String> = resources.iter().cloned().chain(events.clone()).collect();
    let mut users: Vec<BTreeSet<String>> = vec![BTreeSet::new(); api.types.defs.len()];
    for op in &api.operations {
        let roots = operation_types(op);
        match resource_feature(op) {
            Some(f) => spread(&api.types, &mut users, roots, &BTreeSet::from([f])),
            None => spread(&api.types, &mut users, roots, &universe),
        }
    }
    if let Some(events) = &events {
        let mut roots = Vec::new();
        api.webhooks
            .entries
            .iter()
            .for_each(|w| named_in(&w.payload, &mut roots));
        spread(
            &api.types,
            &mut users,
            roots,
            &BTreeSet::from([events.clone()]),
        );
    }
    // A type no feature reaches stays public API of every build, so what it refers to must too.
    let unreached: Vec<TypeId> = (0..users.len())
        .filter(|&i| users[i].is_empty())
        .map(TypeId)
        .collect();
    spread(&api.types, &mut users, unreached, &universe);
    let types = users
        .into_iter()
        .map(|set| {
            if set.is_empty() || set == universe {
                Gate::Always
            } else {
                Gate::Any(set)
            }
        })
        .collect();
    Ok(Some(Features {
        resources: resources.into_iter().collect(),
        events,
        types,
    }))
}

/// The types an operation names directly: parameters, body, payloads and pagination.
fn operation_types(op: &Operation) -> Vec<TypeId> {
    let mut out = Vec::new();
    op.params.iter().for_each(|p| named_in(&p.ty, &mut out));
    if let Some(b) = &op.body {
        named_in(&b.ty, &mut out);
    }
    let payloads = std::iter::once(&op.payload).chain(op.alternatives.iter().map(|a| &a.payload));
    for p in payloads {
        if let Payload::Json(t) = p {
            named_in(t, &mut out);
        }
    }
    if let Some(p) = &op.pagination {
        named_in(&p.item, &mut out);
        out.push(p.response);
    }
    out
}

/// Adds `features` to the users of `roots` and of everything they refer to.
fn spread(
    types: &TypeSpace,
    users: &mut [BTreeSet<String>],
    roots: Vec<TypeId>,
    features: &BTreeSet<String>,
) {
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        let set = &mut users[id.0];
        if features.is_subset(set) {
            continue;
        }
        set.extend(features.iter().cloned());
        stack.extend(references(types, id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_of_gates_is_always_when_any_part_is() {
        let a = Gate::Any(BTreeSet::from(["a".to_string()]));
        let b = Gate::Any(BTreeSet::from(["b".to_string()]));
        assert_eq!(
            Gate::union([&a, &b]),
            Gate::Any(BTreeSet::from(["a".to_string(), "b".to_string()]))
        );
        assert_eq!(Gate::union([&a, &Gate::Always]), Gate::Always);
        assert_eq!(Gate::union(std::iter::empty()), Gate::Always);
    }
}
