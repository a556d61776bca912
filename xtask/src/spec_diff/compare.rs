//! Pairs the operations and schemas of two documents and lists what differs between them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::Change;
use super::model::{self, Content, Operation, Schema};
use super::rules::{Kind, Side, breaking};

/// Where a schema sits, for messages: a fixed part (an operation's body, or a named schema)
/// and a field path inside it.
#[derive(Clone)]
struct Place {
    base: String,
    path: String,
    side: Side,
}

impl Place {
    fn child(&self, suffix: &str) -> Place {
        let path = if self.path.is_empty() || suffix.starts_with('[') || suffix.starts_with('{') {
            format!("{}{suffix}", self.path)
        } else {
            format!("{}.{suffix}", self.path)
        };
        Place {
            path,
            ..self.clone()
        }
    }

    fn text(&self) -> String {
        if self.path.is_empty() {
            self.base.clone()
        } else {
            format!("{} `{}`", self.base, self.path)
        }
    }
}

struct Comparer<'a> {
    old: &'a Value,
    new: &'a Value,
    changes: Vec<Change>,
    /// Schema pairs already compared, per side: named schemas are reported once, and cycles end.
    seen: BTreeSet<(String, String, Side)>,
}

/// Every semantic change from `old` to `new`, unsorted.
pub fn compare(old: &Value, new: &Value) -> Result<Vec<Change>, String> {
    let mut c = Comparer {
        old,
        new,
        changes: Vec::new(),
        seen: BTreeSet::new(),
    };
    c.operations()?;
    Ok(c.changes)
}

/// A path with its parameter names blanked: `/orders/{id}` and `/orders/{order_id}` are one path.
fn template(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for ch in path.chars() {
        match ch {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if !inside => out.push(ch),
            _ => {}
        }
    }
    out
}

/// Parameters keyed for pairing (see [`model::Parameter::key`]).
fn index<'p, 'a>(
    params: &'p [model::Parameter<'a>],
) -> BTreeMap<(String, String), &'p model::Parameter<'a>> {
    let mut position = 0;
    let mut m = BTreeMap::new();
    for p in params {
        m.insert(p.key(position), p);
        position += usize::from(p.location == "path");
    }
    m
}

fn pointer(p: &str) -> Option<String> {
    Some(format!("#{p}"))
}

impl<'a> Comparer<'a> {
    fn push(
        &mut self,
        kind: Kind,
        side: Side,
        message: String,
        old: Option<String>,
        new: Option<String>,
    ) {
        self.changes.push(Change {
            breaking: breaking(&kind, side),
            kind,
            side,
            message,
            old,
            new,
        });
    }

    fn operations(&mut self) -> Result<(), String> {
        let old_ops = model::operations(self.old)?;
        let new_ops = model::operations(self.new)?;
        let key = |o: &Operation<'_>| (o.method.clone(), template(&o.path));
        let mut new_by_key: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (i, o) in new_ops.iter().enumerate() {
            new_by_key.entry(key(o)).or_insert(i);
        }
        let mut pairs = Vec::new();
        let mut old_left = Vec::new();
        let mut new_used = BTreeSet::new();
        for (i, o) in old_ops.iter().enumerate() {
            match new_by_key.get(&key(o)) {
                Some(&j) if new_used.insert(j) => pairs.push((i, j)),
                _ => old_left.push(i),
            }
        }
        let new_left: Vec<usize> = (0..new_ops.len())
            .filter(|j| !new_used.contains(j))
            .collect();
        // The rest pair by operationId, when it names exactly one leftover on each side.
        let ids = |ops: &[Operation<'_>], left: &[usize]| {
            let mut m: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for &i in left {
                if let Some(id) = &ops[i].operation_id {
                    m.entry(id.clone()).or_default().push(i);
                }
            }
            m
        };
        let old_ids = ids(&old_ops, &old_left);
        let new_ids = ids(&new_ops, &new_left);
        let mut renamed_old = BTreeSet::new();
        let mut renamed_new = BTreeSet::new();
        for (id, olds) in &old_ids {
            if let (Some(news), [i]) = (new_ids.get(id), olds.as_slice()) {
                if let [j] = news.as_slice() {
                    let (o, n) = (&old_ops[*i], &new_ops[*j]);
                    self.push(
                        Kind::OperationRenamed,
                        Side::Operation,
                        format!(
                            "`{}` renamed to `{}` (operationId `{id}`)",
                            o.label(),
                            n.label()
                        ),
                        pointer(&o.pointer),
                        pointer(&n.pointer),
                    );
                    renamed_old.insert(*i);
                    renamed_new.insert(*j);
                    pairs.push((*i, *j));
                }
            }
        }
        for &i in old_left.iter().filter(|i| !renamed_old.contains(i)) {
            let o = &old_ops[i];
            self.push(
                Kind::OperationRemoved,
                Side::Operation,
                format!("`{}` removed", o.label()),
                pointer(&o.pointer),
                None,
            );
        }
        for &j in new_left.iter().filter(|j| !renamed_new.contains(j)) {
            let n = &new_ops[j];
            self.push(
                Kind::OperationAdded,
                Side::Operation,
                format!("`{}` added", n.label()),
                None,
                pointer(&n.pointer),
            );
        }
        for (i, j) in pairs {
            self.operation(&old_ops[i], &new_ops[j])?;
        }
        Ok(())
    }

    fn operation(&mut self, o: &Operation<'a>, n: &Operation<'a>) -> Result<(), String> {
        let label = n.label();
        self.parameters(o, n, &label)?;
        self.body(o, n, &label)?;
        let old_success = model::success(self.old, o)?;
        let new_success = model::success(self.new, n)?;
        if let (Some((_, oa, oc)), Some((_, na, nc))) = (old_success, new_success) {
            let place = Place {
                base: format!("`{label}` response"),
                path: String::new(),
                side: Side::Response,
            };
            self.content(&oc, &nc, &oa, &na, &place)?;
        }
        let (was, is) = (
            model::paginated(self.old, o)?,
            model::paginated(self.new, n)?,
        );
        if was != is {
            let what = if is {
                "now auto-paginates"
            } else {
                "no longer auto-paginates"
            };
            self.push(
                Kind::PaginationChanged { now_paginated: is },
                Side::Operation,
                format!("`{label}` {what}"),
                pointer(&o.pointer),
                pointer(&n.pointer),
            );
        }
        Ok(())
    }

    fn parameters(
        &mut self,
        o: &Operation<'a>,
        n: &Operation<'a>,
        label: &str,
    ) -> Result<(), String> {
        let (old_ps, new_ps) = (index(&o.parameters), index(&n.parameters));
        for (key, p) in &old_ps {
            if !new_ps.contains_key(key) {
                self.push(
                    Kind::ParameterRemoved,
                    Side::Operation,
                    format!("`{label}`: {} parameter `{}` removed", p.location, p.name),
                    pointer(&p.pointer),
                    pointer(&n.pointer),
                );
            }
        }
        for (key, p) in &new_ps {
            let Some(q) = old_ps.get(key) else {
                let how = if p.required { "required" } else { "optional" };
                self.push(
                    Kind::ParameterAdded {
                        required: p.required,
                    },
                    Side::Operation,
                    format!(
                        "`{label}`: {how} {} parameter `{}` added",
                        p.location, p.name
                    ),
                    pointer(&o.pointer),
                    pointer(&p.pointer),
                );
                continue;
            };
            if q.required != p.required {
                let how = if p.required {
                    "now required"
                } else {
                    "now optional"
                };
                self.push(
                    Kind::ParameterRequiredChanged {
                        now_required: p.required,
                    },
                    Side::Operation,
                    format!("`{label}`: {} parameter `{}` {how}", p.location, p.name),
                    pointer(&q.pointer),
                    pointer(&p.pointer),
                );
            }
            if let (Some(os), Some(ns)) = (&q.schema, &p.schema) {
                let place = Place {
                    base: format!("`{label}` {} parameter `{}`", p.location, p.name),
                    path: String::new(),
                    side: Side::Request,
                };
                self.schema((os.0, &os.1), (ns.0, &ns.1), &place)?;
            }
        }
        Ok(())
    }

    fn body(&mut self, o: &Operation<'a>, n: &Operation<'a>, label: &str) -> Result<(), String> {
        match (
            model::request_body(self.old, o)?,
            model::request_body(self.new, n)?,
        ) {
            (None, None) => {}
            (Some((_, at, _)), None) => self.push(
                Kind::RequestBodyRemoved,
                Side::Operation,
                format!("`{label}`: request body removed"),
                pointer(&at),
                pointer(&n.pointer),
            ),
            (None, Some((required, at, _))) => {
                let how = if required { "required" } else { "optional" };
                self.push(
                    Kind::RequestBodyAdded { required },
                    Side::Operation,
                    format!("`{label}`: {how} request body added"),
                    pointer(&o.pointer),
                    pointer(&at),
                )
            }
            (Some((was, oa, oc)), Some((is, na, nc))) => {
                if was != is {
                    let how = if is { "now required" } else { "now optional" };
                    self.push(
                        Kind::RequestBodyRequiredChanged { now_required: is },
                        Side::Operation,
                        format!("`{label}`: request body {how}"),
                        pointer(&oa),
                        pointer(&na),
                    );
                }
                let place = Place {
                    base: format!("`{label}` request body"),
                    path: String::new(),
                    side: Side::Request,
                };
                self.content(&oc, &nc, &oa, &na, &place)?;
            }
        }
        Ok(())
    }

    /// Media types of a body or response, then the schemas of those both offer.
    fn content(
        &mut self,
        oc: &Content<'a>,
        nc: &Content<'a>,
        old_at: &str,
        new_at: &str,
        place: &Place,
    ) -> Result<(), String> {
        for media in oc.keys().filter(|m| !nc.contains_key(*m)) {
            self.push(
                Kind::ContentTypeRemoved,
                place.side,
                format!("{}: content type `{media}` removed", place.text()),
                pointer(&model::join(&model::join(old_at, "content"), media)),
                pointer(new_at),
            );
        }
        for media in nc.keys().filter(|m| !oc.contains_key(*m)) {
            self.push(
                Kind::ContentTypeAdded,
                place.side,
                format!("{}: content type `{media}` added", place.text()),
                pointer(old_at),
                pointer(&model::join(&model::join(new_at, "content"), media)),
            );
        }
        let several = oc.len().max(nc.len()) > 1;
        for (media, (os, oa)) in oc {
            let Some((ns, na)) = nc.get(media) else {
                continue;
            };
            let (Some(os), Some(ns)) = (os, ns) else {
                continue;
            };
            let mut place = place.clone();
            if several {
                place.base = format!("{} ({media})", place.base);
            }
            self.schema((os, oa), (ns, na), &place)?;
        }
        Ok(())
    }

    fn schema(
        &mut self,
        o: (&'a Value, &str),
        n: (&'a Value, &str),
        place: &Place,
    ) -> Result<(), String> {
        let so = model::schema(self.old, o.0, o.1)?;
        let sn = model::schema(self.new, n.0, n.1)?;
        if !self
            .seen
            .insert((so.pointer.clone(), sn.pointer.clone(), place.side))
        {
            return Ok(());
        }
        let place = match sn.component().or_else(|| so.component()) {
            // A named schema is one Rust type: report it once, under its own name.
            Some(name) => {
                let side = if place.side == Side::Response {
                    "response"
                } else {
                    "request"
                };
                Place {
                    base: format!("schema `{name}` ({side})"),
                    path: String::new(),
                    side: place.side,
                }
            }
            None => place.clone(),
        };
        let (op, np) = (pointer(&so.pointer), pointer(&sn.pointer));
        let (old_shape, new_shape) = (so.shape(), sn.shape());
        if old_shape != new_shape {
            self.push(
                Kind::TypeChanged,
                place.side,
                format!("{}: type `{old_shape}` became `{new_shape}`", place.text()),
                op,
                np,
            );
            return Ok(());
        }
        if so.format() != sn.format() {
            let show = |f: Option<&str>| f.map_or("none".to_string(), |f| format!("`{f}`"));
            self.push(
                Kind::FormatChanged {
                    numeric: matches!(new_shape.as_str(), "integer" | "number"),
                },
                place.side,
                format!(
                    "{}: format {} became {}",
                    place.text(),
                    show(so.format()),
                    show(sn.format())
                ),
                op.clone(),
                np.clone(),
            );
        }
        if so.nullable != sn.nullable {
            let how = if sn.nullable {
                "now nullable"
            } else {
                "no longer nullable"
            };
            self.push(
                Kind::NullableChanged {
                    now_nullable: sn.nullable,
                },
                place.side,
                format!("{}: {how}", place.text()),
                op.clone(),
                np.clone(),
            );
        }
        self.enums(&so, &sn, &place)?;
        match new_shape.as_str() {
            "object" => self.properties(&so, &sn, &place)?,
            "array" => {
                if let (Some(oi), Some(ni)) = (so.node.get("items"), sn.node.get("items")) {
                    let (oa, na) = (
                        model::join(&so.pointer, "items"),
                        model::join(&sn.pointer, "items"),
                    );
                    self.schema((oi, &oa), (ni, &na), &place.child("[]"))?;
                }
            }
            "oneOf" | "anyOf" => {
                self.variants(&so, &sn, &place)?;
                // Properties beside the variants are shared by all of them.
                self.properties(&so, &sn, &place)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn enums(&mut self, so: &Schema<'a>, sn: &Schema<'a>, place: &Place) -> Result<(), String> {
        let (op, np) = (pointer(&so.pointer), pointer(&sn.pointer));
        match (so.enum_values(), sn.enum_values()) {
            (Some(ov), Some(nv)) => {
                for v in ov.iter().filter(|v| !nv.contains(v)) {
                    self.push(
                        Kind::EnumValueRemoved,
                        place.side,
                        format!("{}: enum value {v} removed", place.text()),
                        op.clone(),
                        np.clone(),
                    );
                }
                for v in nv.iter().filter(|v| !ov.contains(v)) {
                    self.push(
                        Kind::EnumValueAdded,
                        place.side,
                        format!("{}: enum value {v} added", place.text()),
                        op.clone(),
                        np.clone(),
                    );
                }
            }
            (None, Some(_)) => self.push(
                Kind::EnumConstraintChanged { now_enum: true },
                place.side,
                format!("{}: now restricted to an enum", place.text()),
                op,
                np,
            ),
            (Some(_), None) => self.push(
                Kind::EnumConstraintChanged { now_enum: false },
                place.side,
                format!("{}: no longer an enum", place.text()),
                op,
                np,
            ),
            (None, None) => {}
        }
        Ok(())
    }

    fn properties(
        &mut self,
        so: &Schema<'a>,
        sn: &Schema<'a>,
        place: &Place,
    ) -> Result<(), String> {
        let (old_props, old_required) = so.properties(self.old)?;
        let (new_props, new_required) = sn.properties(self.new)?;
        for (name, (_, at)) in old_props
            .iter()
            .filter(|(k, _)| !new_props.contains_key(*k))
        {
            self.push(
                Kind::PropertyRemoved,
                place.side,
                format!("{}: property `{name}` removed", place.text()),
                pointer(at),
                pointer(&sn.pointer),
            );
        }
        for (name, (node, at)) in &new_props {
            let required = new_required.contains(name);
            let Some((old_node, old_at)) = old_props.get(name) else {
                let how = if required { "required" } else { "optional" };
                self.push(
                    Kind::PropertyAdded { required },
                    place.side,
                    format!("{}: {how} property `{name}` added", place.text()),
                    pointer(&so.pointer),
                    pointer(at),
                );
                continue;
            };
            if old_required.contains(name) != required {
                let how = if required {
                    "now required"
                } else {
                    "now optional"
                };
                self.push(
                    Kind::PropertyRequiredChanged {
                        now_required: required,
                    },
                    place.side,
                    format!("{}: property `{name}` {how}", place.text()),
                    pointer(old_at),
                    pointer(at),
                );
            }
            self.schema((old_node, old_at), (node, at), &place.child(name))?;
        }
        let extra = |s: &Schema<'a>| {
            s.node
                .get("additionalProperties")
                .filter(|v| v.is_object())
                .map(|v| (v, model::join(&s.pointer, "additionalProperties")))
        };
        if let (Some((ov, oa)), Some((nv, na))) = (extra(so), extra(sn)) {
            self.schema((ov, &oa), (nv, &na), &place.child("{}"))?;
        }
        Ok(())
    }

    fn variants(&mut self, so: &Schema<'a>, sn: &Schema<'a>, place: &Place) -> Result<(), String> {
        let (ov, nv) = (so.variants(), sn.variants());
        for (name, (_, at)) in ov.iter().filter(|(k, _)| !nv.contains_key(*k)) {
            self.push(
                Kind::VariantRemoved,
                place.side,
                format!("{}: variant `{name}` removed", place.text()),
                pointer(at),
                pointer(&sn.pointer),
            );
        }
        for (name, (node, at)) in &nv {
            let Some((old_node, old_at)) = ov.get(name) else {
                self.push(
                    Kind::VariantAdded,
                    place.side,
                    format!("{}: variant `{name}` added", place.text()),
                    pointer(&so.pointer),
                    pointer(at),
                );
                continue;
            };
            self.schema(
                (old_node, old_at),
                (node, at),
                &place.child(&format!("<{name}>")),
            )?;
        }
        Ok(())
    }
}
