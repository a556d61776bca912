//! Type names and the module each type is declared in.
//!
//! A type one generated operation owns (its options struct, inline bodies, responses, enums and
//! the objects nested in them) lives in that operation's resource module, named by the method
//! and the hint words alone (`porting_orders::additional_documents::CreateParams`): the module
//! path already says the rest. Everything else (component schemas, the types inline in them,
//! types of skipped operations and of operations on the root resource) lives in `models` under
//! its full words. Names are unique within their module, never longer than [`MAX_LEN`]
//! characters (see [`shorten`]), and collisions are resolved by pointer, as everywhere.

use std::collections::BTreeMap;

use super::ident::{Name, camel_ident, dedupe, type_ident};
use super::methods::Placed;
use crate::ir::{Api, Hint, Home, OpKey, Resource, Signature};

/// The longest type name the generator emits.
pub const MAX_LEN: usize = 40;

/// One type to name: where it goes, its proposed name and its tiebreak.
struct Proposal {
    home: Home,
    name: String,
    pointer: String,
    /// An operation's own parameters, body or response (one hint word after the method): it
    /// keeps every word, so the method stays in its name (`RetrieveSubRequestResponse`).
    whole: bool,
}

/// Names every declared type and every options struct, and gives each its module.
pub fn name_types(api: &mut Api, placed: &Placed) {
    let resources: BTreeMap<OpKey, Vec<Name>> = api
        .operations
        .iter()
        .filter(|op| !op.resource.is_empty())
        .map(|op| (op.key(), op.resource.clone()))
        .collect();
    let propose = |hint: &Hint, shared: &[OpKey], pointer: &str| {
        let home = home_of(hint, shared, &resources);
        let below = match (&home, hint.owner.as_ref().and_then(|k| resources.get(k))) {
            (Home::Resource(at), Some(own)) => Some(own.len().saturating_sub(at.len())),
            _ => None,
        };
        let words = hint_words(hint, placed, below);
        // Cased as one phrase: a keyword or a leading digit only matters at the start of the
        // whole name (`Self` + `1st` → `Self1st`, not `Self_V1st`).
        Proposal {
            home,
            name: shorten(&type_ident(&words.join(" "))),
            pointer: pointer.to_string(),
            whole: hint.owner.is_some() && hint.words.len() <= 1,
        }
    };
    let mut proposals: Vec<Proposal> = api
        .types
        .defs
        .iter()
        .map(|d| propose(&d.hint, &d.shared, &d.pointer))
        .collect();
    for op in &api.operations {
        if let Signature::Options(o) = &op.signature {
            proposals.push(propose(&o.hint, &[], &o.pointer));
        }
    }
    let names = unique_per_home(&proposals, &accessor_names(&api.root));
    let mut named = proposals.into_iter().zip(names);
    for def in &mut api.types.defs {
        if let Some((p, name)) = named.next() {
            def.home = p.home;
            def.name = Name::from_code(&name);
        }
    }
    for op in &mut api.operations {
        if let Signature::Options(o) = &mut op.signature
            && let Some((p, name)) = named.next()
        {
            o.home = p.home;
            o.name = Name::from_code(&name);
        }
    }
}

/// Where a type goes: the resource module of the operations using it, or the nearest resource
/// holding all of them; `models` when they share none, or none of them is generated.
fn home_of(hint: &Hint, shared: &[OpKey], resources: &BTreeMap<OpKey, Vec<Name>>) -> Home {
    let mut paths = hint
        .owner
        .iter()
        .chain(shared)
        .filter_map(|k| resources.get(k));
    let Some(first) = paths.next() else {
        return Home::Models;
    };
    let mut common: Vec<Name> = first.clone();
    for p in paths {
        let same = common.iter().zip(p).take_while(|(a, b)| a == b).count();
        common.truncate(same);
    }
    if common.is_empty() {
        Home::Models
    } else {
        Home::Resource(common)
    }
}

/// The words of a hint: the owning operation's resource words below the type's module (all of
/// them in `models`, `None` here), its method name, then the hint's own words.
fn hint_words(hint: &Hint, placed: &Placed, below: Option<usize>) -> Vec<String> {
    let mut words: Vec<String> = match hint.owner.as_ref().and_then(|k| placed.get(k)) {
        Some((resource, method)) => {
            let skip = below.map_or(0, |n| resource.len().saturating_sub(n));
            resource
                .iter()
                .skip(skip)
                .chain(std::iter::once(method))
                .map(|w| camel_ident(w.trim_start_matches("r#")))
                .collect()
        }
        None => Vec::new(),
    };
    words.extend(hint.words.iter().cloned());
    words
}

/// The accessor struct declared in each resource module: type names there must not take it.
fn accessor_names(root: &Resource) -> BTreeMap<Vec<String>, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root];
    while let Some(r) = stack.pop() {
        if !r.path.is_empty() {
            out.insert(
                home_key(&Home::Resource(r.path.clone())),
                r.type_name.code(),
            );
        }
        stack.extend(r.children.iter());
    }
    out
}

/// Unique names within each module, in proposal order. A name the module's accessor struct
/// holds is taken first (its empty key sorts before every pointer); a numbered name that
/// would outgrow [`MAX_LEN`] is numbered from a shorter stem instead.
fn unique_per_home(
    proposals: &[Proposal],
    accessors: &BTreeMap<Vec<String>, String>,
) -> Vec<String> {
    let mut by_home: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for (i, p) in proposals.iter().enumerate() {
        by_home.entry(home_key(&p.home)).or_default().push(i);
    }
    let mut out = vec![String::new(); proposals.len()];
    for (key, members) in by_home {
        let reserved = accessors.get(&key).cloned();
        let mut stems: Vec<String> = members.iter().map(|&i| proposals[i].name.clone()).collect();
        if !key.is_empty() {
            let whole: Vec<bool> = members.iter().map(|&i| proposals[i].whole).collect();
            stems = shortest_unique(&stems, &whole, reserved.as_deref());
        }
        let mut list: Vec<(String, String)> = reserved
            .iter()
            .map(|r| (r.clone(), String::new()))
            .collect();
        let offset = list.len();
        list.extend(
            members
                .iter()
                .zip(stems)
                .map(|(&i, s)| (s, proposals[i].pointer.clone())),
        );
        for (&i, name) in members
            .iter()
            .zip(unique_short(&list).into_iter().skip(offset))
        {
            out[i] = name;
        }
    }
    out
}

/// `dedupe`, keeping numbered names within [`MAX_LEN`]: a numbered name that would outgrow it
/// is numbered from a shorter stem instead.
pub fn unique_short(proposals: &[(String, String)]) -> Vec<String> {
    let mut list = proposals.to_vec();
    let mut unique = dedupe(&list);
    if unique.iter().any(|n| n.len() > MAX_LEN) {
        for (p, name) in list.iter_mut().zip(&unique) {
            if name.len() > MAX_LEN {
                // Room for the number: `…_12` is at most three more characters.
                p.0 = truncate_words(&p.0, MAX_LEN - 3);
            }
        }
        unique = dedupe(&list);
    }
    unique
}

fn home_key(home: &Home) -> Vec<String> {
    match home {
        Home::Models => Vec::new(),
        Home::Resource(path) => std::iter::once(String::new())
            .chain(path.iter().map(Name::code))
            .collect(),
    }
}

/// Words that do not open a name on their own (`TypeItem` says nothing; `DocumentTypeItem` does).
const WEAK_LEADS: &[&str] = &[
    "Item", "Items", "Type", "Value", "Values", "Data", "Id", "Key", "Params", "Response",
];

/// Within one resource module, each name loses leading words while it stays unique there:
/// `ListSortValue` → `SortValue`, `CreateDocumentsItemDocumentType` → `DocumentType`; an
/// operation's own parameters, body and response (`whole`) keep every word. A name
/// keeps at least two words and never starts with a word of [`WEAK_LEADS`]. Names that would
/// meet all grow back a word together, so the result does not depend on their order; names
/// still equal at full length are numbered by the caller.
fn shortest_unique(names: &[String], whole: &[bool], reserved: Option<&str>) -> Vec<String> {
    let words: Vec<Vec<&str>> = names.iter().map(|n| camel_split(n)).collect();
    let readable = |w: &[&str], k: usize| {
        let k = k.min(w.len());
        let mut k = k.max(2.min(w.len()));
        while k < w.len() && WEAK_LEADS.contains(&w[w.len() - k]) {
            k += 1;
        }
        k
    };
    let mut keep: Vec<usize> = words
        .iter()
        .zip(whole)
        .map(|(w, &all)| if all { w.len() } else { readable(w, 2) })
        .collect();
    let suffix = |i: usize, k: usize| words[i][words[i].len() - k..].concat();
    loop {
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, &k) in keep.iter().enumerate() {
            by_name.entry(suffix(i, k)).or_default().push(i);
        }
        let mut grew = false;
        for (name, members) in by_name {
            if members.len() < 2 && reserved != Some(name.as_str()) {
                continue;
            }
            for i in members {
                if keep[i] < words[i].len() {
                    keep[i] = readable(&words[i], keep[i] + 1);
                    grew = true;
                }
            }
        }
        if !grew {
            break;
        }
    }
    (0..names.len())
        .map(|i| type_ident(&suffix(i, keep[i])))
        .collect()
}

/// A type name of at most [`MAX_LEN`] characters. A longer one first loses every word that
/// repeats an earlier word (`…AdditionalDocumentsItemDocumentType` drops the second
/// `Additional`), then words after the first one, left to right, until it fits: the first word
/// and the most specific last words stay. A name that fits is kept as it is.
pub fn shorten(name: &str) -> String {
    if name.len() <= MAX_LEN || name.starts_with("r#") {
        return name.to_string();
    }
    let words = camel_split(name);
    let mut seen = std::collections::BTreeSet::new();
    let kept: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| seen.insert(w.to_ascii_lowercase()))
        .collect();
    truncate_words(&kept.concat(), MAX_LEN)
}

/// Drops words after the first, left to right, until the name is at most `max` long; a single
/// word longer than that is cut.
fn truncate_words(name: &str, max: usize) -> String {
    let mut words = camel_split(name);
    while words.iter().map(|w| w.len()).sum::<usize>() > max && words.len() > 2 {
        words.remove(1);
    }
    let mut out = words.concat();
    if out.len() > max {
        // Only ASCII reaches here (identifiers are folded to ASCII), so bytes are characters.
        out.truncate(max);
    }
    out
}

/// `PortingOrdersV2Item` → `Porting`, `Orders`, `V2`, `Item`: a word starts at an upper-case
/// letter; digits and underscores stay with the word before them.
fn camel_split(name: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = name
        .char_indices()
        .filter(|&(i, c)| i > 0 && c.is_ascii_uppercase())
        .map(|(i, _)| i)
        .collect();
    starts.insert(0, 0);
    starts.push(name.len());
    starts.windows(2).map(|w| &name[w[0]..w[1]]).collect()
}

/// The module of a file of models, from the leading words of the type names it holds
/// (`["Porting", "Order"]` → `porting_order`).
pub fn file_module(words: &[&str]) -> Name {
    let code = super::ident::module_ident(&words.join(" "));
    match code.strip_prefix("r#") {
        Some(keyword) => Name::from_code(&format!("{keyword}_")),
        // A file named like the folder holding it (`models/models.rs`) reads as the folder
        // itself (clippy's `module_inception`).
        None if FOLDERS.contains(&code.as_str()) => Name::from_code(&format!("{code}_")),
        None => Name::from_code(&code),
    }
}

/// The folders group files are declared in.
const FOLDERS: &[&str] = &["models", "types"];

/// The module holding a resource's types when they get a file of their own: `types`, unless
/// a child resource has that name.
pub fn types_module(children: &[Name]) -> Name {
    let mut name = String::from("types");
    while children.iter().any(|c| c.bare() == name) {
        name.push('_');
    }
    Name::from_code(&name)
}

/// The words of a type name, for grouping types into files.
pub fn name_words(name: &str) -> Vec<&str> {
    camel_split(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_lose_repeated_then_middle_words() {
        let long =
            "PortingOrdersAdditionalDocumentsCreateParamsAdditionalDocumentsItemDocumentType";
        let short = shorten(long);
        assert!(short.len() <= MAX_LEN, "{short}");
        assert!(
            short.starts_with("Porting") && short.ends_with("DocumentType"),
            "{short}"
        );
        assert_eq!(shorten("PortingOrder"), "PortingOrder");
        let forty = "A".repeat(MAX_LEN);
        assert_eq!(shorten(&forty), forty);
    }

    #[test]
    fn one_long_word_is_cut() {
        let word = format!("X{}", "y".repeat(60));
        assert_eq!(shorten(&word).len(), MAX_LEN);
    }
}
