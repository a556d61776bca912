//! Multi-file documents → one document, so every later pass reads a single one.
//!
//! The root file and every file reachable through `$ref`s are read through [`Files`]. Each
//! reference is first rewritten to a canonical `path#pointer` (paths relative to the root's
//! folder, resolved against the referring file), which checks that its target exists while the
//! referring file is still known. Then references at the positions the walk knows are bundled:
//! a target under `/components/<section>/<Name>` of another file is copied to the root's
//! `/components/<section>/<Name>` (a numeric suffix keeps names apart), any other schema,
//! parameter, header, request body or response target is copied there named after its last
//! pointer segment or file, and path items are copied in place. References anywhere else (in
//! `info`, examples, callbacks) are replaced by their targets. Copies keep their references, so
//! recursion across files stays a reference cycle, which lowering boxes as it does locally.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::files::{Files, is_url, relative};
use super::walk::{Kind, Visitor, walk};
use crate::diagnostics::{Diagnostic, Diagnostics, escape, join, unescape};

/// A place in one file: its path and a JSON pointer (without `#`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    file: String,
    pointer: String,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.file, self.pointer)
    }
}

/// The text of the document rooted at `root` with every file it refers to bundled in. A
/// document that refers to no other file comes back exactly as written.
pub fn bundle(root: &str, files: &dyn Files) -> Result<String, Diagnostics> {
    let root = relative("", root);
    let text = files
        .read(&root)
        .map_err(|e| Diagnostic::in_file(&root, "", format!("cannot read {root}: {e}")))?;
    let value = super::parse::parse(&text)?;
    let mut b = Bundler {
        root: root.clone(),
        files,
        loaded: BTreeMap::from([(root.clone(), Ok(value.clone()))]),
        external: false,
        placed: BTreeMap::new(),
        taken: BTreeSet::new(),
        pending: Vec::new(),
        errors: Vec::new(),
    };
    let mut doc = b.import(&root, value, "");
    Diagnostics(std::mem::take(&mut b.errors)).into_result()?;
    if !b.external {
        return Ok(text);
    }
    b.hoist_all(&mut doc);
    b.inline_strays(&mut doc, "", false, &mut Vec::new());
    Diagnostics(b.errors).into_result()?;
    serde_json::to_string_pretty(&doc)
        .map_err(|e| Diagnostic::in_file(&root, "", format!("cannot write the bundle: {e}")).into())
}

struct Bundler<'f> {
    root: String,
    files: &'f dyn Files,
    /// Every file read so far, parsed (or why it could not be).
    loaded: BTreeMap<String, Result<Value, String>>,
    /// Whether any reference leaves the root file.
    external: bool,
    /// Where each copied target went: section and name under the root's `components`.
    placed: BTreeMap<Place, (String, String)>,
    /// `section/name` pairs in use in the root's `components`.
    taken: BTreeSet<(String, String)>,
    /// Copies decided but not yet inserted.
    pending: Vec<(String, String, Place)>,
    errors: Vec<Diagnostic>,
}

/// Keys whose values are data, not document structure: a `$ref` inside them is an example.
/// In a mapping of names (`properties`, `responses`) the same words are names, not data.
fn is_literal(key: &str, in_names: bool) -> bool {
    !in_names && matches!(key, "example" | "default" | "enum" | "const" | "value")
}

/// Whether the value under `key` is a mapping whose keys are names the author chose.
fn holds_names(key: &str, in_names: bool) -> bool {
    !in_names
        && matches!(
            key,
            "properties"
                | "patternProperties"
                | "$defs"
                | "definitions"
                | "responses"
                | "schemas"
                | "parameters"
                | "headers"
                | "requestBodies"
                | "examples"
                | "links"
                | "callbacks"
                | "securitySchemes"
                | "pathItems"
                | "paths"
                | "webhooks"
                | "content"
                | "encoding"
                | "variables"
                | "mapping"
        )
}

impl Bundler<'_> {
    /// The node at `place`, reading its file on first use.
    fn value_at(&mut self, place: &Place) -> Result<&Value, String> {
        if !self.loaded.contains_key(&place.file) {
            let parsed = self
                .files
                .read(&place.file)
                .map_err(|e| format!("cannot read {}: {e}", place.file))
                .and_then(|text| {
                    super::parse::parse_as(&text, place.file.ends_with(".json"))
                        .map_err(|d| format!("cannot parse {}: {d}", place.file))
                });
            self.loaded.insert(place.file.clone(), parsed);
        }
        match self.loaded.get(&place.file) {
            Some(Ok(v)) => v
                .pointer(&place.pointer)
                .ok_or_else(|| format!("{} has nothing at #{}", place.file, place.pointer)),
            Some(Err(e)) => Err(e.clone()),
            None => Err(format!("cannot read {}", place.file)),
        }
    }

    /// The place `reference`, written at `holder` (a `$ref` in `file`), names; its target must
    /// exist unless it is in the root file, whose references the resolver checks later.
    fn target(&mut self, file: &str, reference: &str, holder: &str) -> Result<Place, Diagnostic> {
        let fail = |why: String| Diagnostic::in_file(file, holder, why);
        if is_url(reference) {
            return Err(fail(format!(
                "$ref {reference:?} is a URL, and URLs are never fetched: save the file beside \
                 the document and refer to it by a relative path"
            )));
        }
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if !(fragment.is_empty() || fragment.starts_with('/')) {
            return Err(fail(format!(
                "unsupported $ref {reference:?}: only JSON pointers (`#/…`) are supported, not named anchors"
            )));
        }
        let place = Place {
            file: if path.is_empty() {
                file.to_string()
            } else {
                relative(file, path)
            },
            pointer: fragment.to_string(),
        };
        if place.file != self.root {
            self.external = true;
            if let Err(why) = self.value_at(&place) {
                return Err(fail(format!("dangling $ref {reference:?}: {why}")));
            }
        }
        Ok(place)
    }

    /// How a place is written in the bundle: `#pointer` in the root, `path#pointer` elsewhere.
    fn canonical(&self, place: &Place) -> String {
        if place.file == self.root {
            format!("#{}", place.pointer)
        } else {
            place.to_string()
        }
    }

    /// `value`, found at `at` in `file`, with every reference in it made canonical.
    fn import(&mut self, file: &str, mut value: Value, at: &str) -> Value {
        self.canonicalize(file, &mut value, at, false);
        value
    }

    fn canonicalize(&mut self, file: &str, v: &mut Value, at: &str, names: bool) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    let (r, holder) = (r.clone(), join(at, "$ref"));
                    match self.target(file, &r, &holder) {
                        Ok(place) => {
                            m.insert("$ref".into(), Value::String(self.canonical(&place)));
                        }
                        Err(d) => {
                            self.errors.push(d);
                            // Local, so no later step reports the same reference again.
                            m.insert("$ref".into(), Value::String("#".into()));
                        }
                    }
                }
                for (key, child) in m.iter_mut() {
                    if key != "$ref" && !is_literal(key, names) {
                        let inner = holds_names(key, names);
                        self.canonicalize(file, child, &join(at, key), inner);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.canonicalize(file, item, &join(at, i.to_string()), false);
                }
            }
            _ => {}
        }
    }

    /// The place a canonical reference names, followed through references in other files to
    /// a node that is not one (or into the root file). A chain that comes back is an error
    /// naming every link.
    fn follow(&mut self, reference: &str) -> Result<Place, Diagnostic> {
        let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let mut place = Place {
            file: file.to_string(),
            pointer: pointer.to_string(),
        };
        let mut chain = vec![place.clone()];
        while place.file != self.root {
            let next = match self.value_at(&place) {
                Ok(v) => v.get("$ref").and_then(Value::as_str).map(str::to_string),
                Err(why) => return Err(Diagnostic::in_file(&place.file, &place.pointer, why)),
            };
            let Some(next) = next else { break };
            place = self.target(&place.file.clone(), &next, &join(&place.pointer, "$ref"))?;
            if chain.contains(&place) {
                chain.push(place);
                let links: Vec<String> = chain.iter().map(Place::to_string).collect();
                return Err(Diagnostic::in_file(
                    &chain[0].file,
                    &join(&chain[0].pointer, "$ref"),
                    format!("cyclic $ref across files: {}", links.join(" → ")),
                ));
            }
            chain.push(place.clone());
        }
        Ok(place)
    }

    /// Bundles the references at known positions until no copy brings new ones.
    fn hoist_all(&mut self, doc: &mut Value) {
        if let Some(Value::Object(components)) = doc.get("components") {
            for (section, items) in components {
                if let Value::Object(items) = items {
                    for name in items.keys() {
                        self.taken.insert((section.clone(), name.clone()));
                    }
                }
            }
        }
        loop {
            walk(doc, &mut Hoist(self));
            if self.pending.is_empty() {
                return;
            }
            for (section, name, place) in std::mem::take(&mut self.pending) {
                let copy = match self.value_at(&place) {
                    Ok(v) => v.clone(),
                    Err(why) => {
                        self.errors
                            .push(Diagnostic::in_file(&place.file, &place.pointer, why));
                        continue;
                    }
                };
                let copy = self.import(&place.file.clone(), copy, &place.pointer);
                insert(doc, &section, &name, copy);
            }
        }
    }

    /// The root `components` entry a copy of `container` lives at, decided on first use.
    fn place(&mut self, container: Place, section: &str, hint: String) -> String {
        if let Some((_, name)) = self.placed.get(&container) {
            return name.clone();
        }
        let mut name = hint.clone();
        for n in 2.. {
            if !self.taken.contains(&(section.to_string(), name.clone())) {
                break;
            }
            name = format!("{hint}_{n}");
        }
        self.taken.insert((section.to_string(), name.clone()));
        self.placed
            .insert(container.clone(), (section.to_string(), name.clone()));
        self.pending
            .push((section.to_string(), name.clone(), container));
        name
    }

    /// Rewrites one reference at a position of `kind` in the bundle.
    fn bundle_ref(&mut self, kind: Kind, node: &mut Value, reference: &str) {
        let place = match self.follow(reference) {
            Ok(p) => p,
            Err(d) => {
                self.errors.push(d);
                // Written as local so later walks leave it; the error stops generation anyway.
                node["$ref"] = Value::String("#".into());
                return;
            }
        };
        if place.file == self.root {
            node["$ref"] = Value::String(self.canonical(&place));
            return;
        }
        if kind == Kind::PathItem {
            let copy = self.value_at(&place).cloned().unwrap_or(Value::Null);
            *node = self.import(&place.file.clone(), copy, &place.pointer);
            return;
        }
        let Some(section) = section_of(kind) else {
            return;
        };
        let (container, section, rest) = match component_prefix(&place.pointer) {
            Some((s, name, rest)) => {
                let container = Place {
                    file: place.file.clone(),
                    pointer: format!("/components/{}/{}", escape(s), escape(&name)),
                };
                (container, s.to_string(), rest.to_string())
            }
            None => (place.clone(), section.to_string(), String::new()),
        };
        let hint = name_hint(&container);
        let name = self.place(container, &section, hint);
        node["$ref"] = Value::String(format!(
            "#/components/{}/{}{rest}",
            escape(&section),
            escape(&name)
        ));
    }

    /// Replaces every reference the walk does not reach by a copy of its target.
    fn inline_strays(&mut self, v: &mut Value, at: &str, names: bool, stack: &mut Vec<Place>) {
        let reference = match v {
            Value::Object(m) => m.get("$ref").and_then(Value::as_str).map(str::to_string),
            _ => None,
        };
        if let Some(r) = reference.filter(|r| !r.starts_with('#')) {
            let place = match self.follow(&r) {
                Ok(p) => p,
                Err(d) => return self.errors.push(d),
            };
            if place.file == self.root {
                v["$ref"] = Value::String(self.canonical(&place));
                return;
            }
            if stack.contains(&place) {
                return self.errors.push(Diagnostic::in_file(
                    &place.file,
                    &place.pointer,
                    format!("{place} contains a $ref to itself at #{at}, where only a copy can go"),
                ));
            }
            let copy = self.value_at(&place).cloned().unwrap_or(Value::Null);
            *v = self.import(&place.file.clone(), copy, &place.pointer);
            stack.push(place);
            self.inline_strays(v, at, names, stack);
            stack.pop();
            return;
        }
        match v {
            Value::Object(m) => {
                for (key, child) in m.iter_mut() {
                    if !is_literal(key, names) {
                        let inner = holds_names(key, names);
                        self.inline_strays(child, &join(at, key), inner, stack);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.inline_strays(item, &join(at, i.to_string()), false, stack);
                }
            }
            _ => {}
        }
    }
}

struct Hoist<'b, 'f>(&'b mut Bundler<'f>);

impl Visitor for Hoist<'_, '_> {
    fn node(&mut self, kind: Kind, node: &mut Value, _at: &str) {
        let reference = node.get("$ref").and_then(Value::as_str);
        if let Some(r) = reference.filter(|r| !r.starts_with('#')) {
            let r = r.to_string();
            self.0.bundle_ref(kind, node, &r);
        }
    }
}

/// The root `components` section a reference at a position of `kind` is copied into.
fn section_of(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Schema | Kind::AdditionalProperties => Some("schemas"),
        Kind::Parameter => Some("parameters"),
        Kind::Header => Some("headers"),
        Kind::RequestBody => Some("requestBodies"),
        Kind::Response => Some("responses"),
        _ => None,
    }
}

/// `/components/<section>/<name><rest>` split into its parts (section and name unescaped).
fn component_prefix(pointer: &str) -> Option<(&str, String, &str)> {
    let rest = pointer.strip_prefix("/components/")?;
    let (section, rest) = rest.split_once('/')?;
    let (name, rest) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    Some((section, unescape(name), rest))
}

/// What a copied target is called: its component name, else its last pointer segment that
/// has a letter, else its file's name without the extension.
fn name_hint(place: &Place) -> String {
    if let Some((_, name, _)) = component_prefix(&place.pointer) {
        return name;
    }
    let segment = place
        .pointer
        .rsplit('/')
        .map(unescape)
        .find(|s| s.chars().any(|c| c.is_alphabetic()));
    segment.unwrap_or_else(|| {
        let file = place.file.rsplit('/').next().unwrap_or(&place.file);
        file.split('.').next().unwrap_or(file).to_string()
    })
}

/// Puts `value` at the root's `/components/<section>/<name>`, creating the mappings.
fn insert(doc: &mut Value, section: &str, name: &str, value: Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(c) = components.as_object_mut() {
        let items = c
            .entry(section)
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(items) = items.as_object_mut() {
            items.insert(name.to_string(), value);
        }
    }
}
