//! Pagination code: each list response's `Paged` impl, and the `.paginate(…)` a list method
//! ends with. Both follow the scheme lowering matched (`ir::Pagination`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::ty;
use crate::ir::{CursorFrom, Field, PageNext, Pagination, Presence, StructDef, Ty, TypeSpace};
use crate::lower::pagination::struct_of;

/// The tail of a list method: `.paginate(<its scheme>)`.
pub fn paginate_call(p: &Pagination) -> TokenStream {
    let scheme = match &p.next {
        PageNext::PageNumber { key, .. } => quote!(crate::pagination::Scheme::page_number(#key)),
        PageNext::Cursor { key, .. } => quote!(crate::pagination::Scheme::cursor(#key)),
        PageNext::NextUrl(_) => quote!(crate::pagination::Scheme::next_url()),
    };
    let sized = p.size_key.as_ref().map(|k| quote!(.with_page_size(#k)));
    quote!(.paginate(#scheme #sized))
}

/// `Paged` for a list response: its items, and what it says about the next page.
pub fn paged(types: &TypeSpace, p: &Pagination) -> TokenStream {
    let resp = types.get(p.response);
    let Some(body) = struct_of(types, &Ty::Named(p.response)) else {
        return TokenStream::new();
    };
    let Some(data) = field(body, &p.items) else {
        return TokenStream::new();
    };
    let item = ty(types, &p.item);
    let d = &data.rust;
    let (into_items, count) = if data.presence == Presence::Required {
        (quote!(self.#d), quote!(self.#d.len()))
    } else {
        (
            quote!(self.#d.unwrap_or_default()),
            quote!(self.#d.as_ref().map_or(0, Vec::len)),
        )
    };
    let next = match &p.next {
        PageNext::PageNumber {
            page_number,
            total_pages,
            ..
        } => page_info(types, body, page_number, total_pages),
        PageNext::Cursor { from, has_more, .. } => next_cursor(types, body, data, from, has_more),
        PageNext::NextUrl(path) => next_url(types, body, path),
    };
    let Some(next) = next else {
        return TokenStream::new();
    };
    let name = &resp.name;
    quote! {
        impl crate::pagination::Paged for #name {
            type Item = #item;
            fn into_items(self) -> Vec<Self::Item> { #into_items }
            fn item_count(&self) -> usize { #count }
            #next
        }
    }
}

fn field<'a>(s: &'a StructDef, wire: &str) -> Option<&'a Field> {
    s.fields.iter().find(|f| f.wire == wire)
}

/// How a value is reached from `self`.
enum Access {
    /// Every step is required: a place expression (`self.meta`).
    Place(TokenStream),
    /// Some step may be absent: an `Option<&T>` expression.
    Chain(TokenStream),
}

impl Access {
    /// One field further in.
    fn field(self, f: &Field) -> Access {
        let n = &f.rust;
        match (self, f.presence == Presence::Required) {
            (Access::Place(p), true) => Access::Place(quote!(#p.#n)),
            (Access::Place(p), false) => Access::Chain(quote!(#p.#n.as_ref())),
            (Access::Chain(c), true) => Access::Chain(quote!(#c.map(|v| &v.#n))),
            (Access::Chain(c), false) => Access::Chain(quote!(#c.and_then(|v| v.#n.as_ref()))),
        }
    }

    /// An owned `Option<String>` of field `f`, a string or an integer.
    fn owned_text(self, f: &Field) -> TokenStream {
        let n = &f.rust;
        let text = f.ty != Ty::String;
        match (self, f.presence == Presence::Required, text) {
            (Access::Place(p), true, false) => quote!(Some(#p.#n.clone())),
            (Access::Place(p), true, true) => quote!(Some(#p.#n.to_string())),
            (Access::Place(p), false, false) => quote!(#p.#n.clone()),
            (Access::Place(p), false, true) => quote!(#p.#n.map(|n| n.to_string())),
            (Access::Chain(c), true, false) => quote!(#c.map(|v| v.#n.clone())),
            (Access::Chain(c), true, true) => quote!(#c.map(|v| v.#n.to_string())),
            (Access::Chain(c), false, false) => quote!(#c.and_then(|v| v.#n.clone())),
            (Access::Chain(c), false, true) => {
                quote!(#c.and_then(|v| v.#n.map(|n| n.to_string())))
            }
        }
    }

    /// An `Option<&str>` of the string field `f`.
    fn text_ref(self, f: &Field) -> TokenStream {
        let n = &f.rust;
        match (self, f.presence == Presence::Required) {
            (Access::Place(p), true) => quote!(Some(#p.#n.as_str())),
            (Access::Place(p), false) => quote!(#p.#n.as_deref()),
            (Access::Chain(c), true) => quote!(#c.map(|v| v.#n.as_str())),
            (Access::Chain(c), false) => quote!(#c.and_then(|v| v.#n.as_deref())),
        }
    }
}

/// The object holding the last field of `path`, and that field.
fn access<'a>(
    types: &'a TypeSpace,
    body: &'a StructDef,
    path: &[String],
) -> Option<(Access, &'a Field)> {
    let (last, parents) = path.split_last()?;
    let mut at = body;
    let mut access = Access::Place(quote!(self));
    for wire in parents {
        let f = field(at, wire)?;
        access = access.field(f);
        at = struct_of(types, &f.ty)?;
    }
    Some((access, field(at, last)?))
}

/// `page_info`: the page number and count, both fields of one object (`meta`).
fn page_info(
    types: &TypeSpace,
    body: &StructDef,
    number: &[String],
    total: &[String],
) -> Option<TokenStream> {
    let (parent, number_f) = access(types, body, number)?;
    let (_, total_f) = access(types, body, total)?;
    let meta_ref = match parent {
        _ if number.len() == 1 => quote!(self),
        Access::Place(p) => quote!(&#p),
        Access::Chain(c) => quote!(#c?),
    };
    let read = |f: &Field| {
        let n = &f.rust;
        match (f.presence == Presence::Required, f.ty == Ty::I64) {
            (true, true) => quote!(Some(meta.#n)),
            (true, false) => quote!(Some(i64::from(meta.#n))),
            (false, true) => quote!(meta.#n),
            (false, false) => quote!(meta.#n.map(i64::from)),
        }
    };
    let (pn, tp) = (read(number_f), read(total_f));
    Some(quote! {
        fn page_info(&self) -> Option<crate::pagination::PageInfo> {
            let meta = #meta_ref;
            Some(crate::pagination::PageInfo { page_number: #pn, total_pages: #tp })
        }
    })
}

/// `next_cursor`: none once `has_more` is false, else the cursor's value.
fn next_cursor(
    types: &TypeSpace,
    body: &StructDef,
    data: &Field,
    from: &CursorFrom,
    has_more: &Option<Vec<String>>,
) -> Option<TokenStream> {
    let stop = match has_more {
        None => TokenStream::new(),
        Some(path) => {
            let (parent, f) = access(types, body, path)?;
            match parent.field(f) {
                Access::Place(p) => quote!(if !#p { return None; }),
                Access::Chain(c) => quote!(if #c == Some(&false) { return None; }),
            }
        }
    };
    let cursor = match from {
        CursorFrom::Field(path) => {
            let (parent, f) = access(types, body, path)?;
            parent.owned_text(f)
        }
        CursorFrom::LastItem(wire) => {
            let Ty::Vec(item) = &data.ty else { return None };
            let f = field(struct_of(types, item)?, wire)?;
            let d = &data.rust;
            let last = if data.presence == Presence::Required {
                quote!(self.#d.last())
            } else {
                quote!(self.#d.as_ref().and_then(|items| items.last()))
            };
            Access::Chain(last).owned_text(f)
        }
    };
    Some(quote! {
        fn next_cursor(&self) -> Option<String> {
            #stop
            #cursor
        }
    })
}

/// `next_url`: the field holding the next page's URL.
fn next_url(types: &TypeSpace, body: &StructDef, path: &[String]) -> Option<TokenStream> {
    let (parent, f) = access(types, body, path)?;
    let url = parent.text_ref(f);
    Some(quote! {
        fn next_url(&self) -> Option<&str> { #url }
    })
}
