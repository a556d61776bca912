//! Keeps every generated file under [`MAX_LINES`]: the declared types of `models` go to files
//! grouped by the leading words of their names, and a resource module that would outgrow the
//! limit keeps its types in a file of their own. Grouping depends only on the names and the
//! items' sizes, so a small change to the document moves few types.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::models::Declared;
use crate::ir::Name;
use crate::naming::types::{file_module, name_words};

/// The longest file the generator writes, in lines.
pub const MAX_LINES: usize = 3000;
/// What a group of types may fill: room for a file's header and helpers.
const BUDGET: usize = MAX_LINES - 400;

/// The lines an item takes once formatted.
pub fn lines(tokens: &TokenStream) -> usize {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file).lines().count(),
        // Emitted code always parses; rendering reports it if not. Counted as large, so it is
        // never the reason a file overflows.
        Err(_) => BUDGET,
    }
}

/// One file of models: its module and the items in it.
pub struct ModelFile {
    /// Module name below `models`.
    pub module: Name,
    /// File contents.
    pub tokens: TokenStream,
}

/// The files of `models`: types sharing their first word share a file; a file that would be
/// too long is split by the first two words, and so on.
pub fn model_files(declared: Declared) -> Vec<ModelFile> {
    let sized: Vec<(String, TokenStream, usize)> = declared
        .items
        .into_iter()
        .map(|(name, tokens)| {
            let n = lines(&tokens);
            (name, tokens, n)
        })
        .collect();
    let mut groups = Vec::new();
    group(sized, 1, &mut groups);
    groups
        .into_iter()
        .map(|(key, items)| {
            let words: Vec<&str> = key.iter().map(String::as_str).collect();
            let items: Vec<TokenStream> = items.into_iter().map(|(_, t, _)| t).collect();
            let doc = format!(" Models whose names start with `{}`.", key.concat());
            ModelFile {
                module: file_module(&words),
                tokens: quote! {
                    #![doc = #doc]
                    #(#items)*
                },
            }
        })
        .collect()
}

type Sized = (String, TokenStream, usize);

fn group(items: Vec<Sized>, depth: usize, out: &mut Vec<(Vec<String>, Vec<Sized>)>) {
    let mut by_key: std::collections::BTreeMap<Vec<String>, Vec<Sized>> = Default::default();
    for item in items {
        let words = name_words(&item.0);
        let key: Vec<String> = words.iter().take(depth).map(|w| w.to_string()).collect();
        by_key.entry(key).or_default().push(item);
    }
    for (key, members) in by_key {
        let total: usize = members.iter().map(|m| m.2).sum();
        let deeper = members.iter().any(|m| name_words(&m.0).len() > depth);
        if total > BUDGET && deeper {
            group(members, depth + 1, out);
        } else {
            out.push((key, members));
        }
    }
}
