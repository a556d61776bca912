//! Which operations auto-paginate: each GET with a JSON object response is given the first
//! configured scheme (`config::PaginationScheme`) whose request parameters and response fields
//! it has, with the right types. No scheme matches: the operation stays a plain call.

use crate::config::{CursorSource, PaginationScheme};
use crate::ir::{
    CursorFrom, Field, HttpMethod, Location, Operation, PageNext, Pagination, Payload, StructDef,
    Ty, TypeId, TypeKind, TypeSpace,
};

/// Sets `pagination` on every operation a scheme matches.
pub fn assign(types: &TypeSpace, operations: &mut [Operation], schemes: &[PaginationScheme]) {
    for op in operations {
        op.pagination = schemes.iter().find_map(|s| matched(types, op, s));
    }
}

/// The scheme's facts for `op`, if its shape fits.
fn matched(types: &TypeSpace, op: &Operation, scheme: &PaginationScheme) -> Option<Pagination> {
    if op.method != HttpMethod::Get {
        return None;
    }
    let Payload::Json(Ty::Named(response)) = &op.payload else {
        return None;
    };
    // The `Paged` impl goes on the struct itself, so aliases of one list type share it.
    let response = struct_id(types, &Ty::Named(*response))?;
    let body = struct_of(types, &Ty::Named(response))?;
    let (items, next) = match scheme {
        PaginationScheme::PageNumber {
            page_param,
            items,
            page_number,
            total_pages,
            ..
        } => {
            let next = PageNext::PageNumber {
                key: declared(types, op, page_param)?,
                page_number: typed(types, body, page_number, is_integer)?,
                total_pages: typed(types, body, total_pages, is_integer)?,
            };
            (items.clone(), next)
        }
        PaginationScheme::Cursor {
            cursor_param,
            items,
            cursor,
            has_more,
            ..
        } => {
            let from = match cursor {
                CursorSource::Field(path) => CursorFrom::Field(typed(types, body, path, is_key)?),
                CursorSource::LastItem(wire) => {
                    let item = item_of(body, items)?;
                    let field = find(struct_of(types, item)?, wire)?;
                    is_key(&field.ty).then(|| CursorFrom::LastItem(wire.clone()))?
                }
            };
            let has_more = match has_more {
                Some(path) => Some(typed(types, body, path, |t| *t == Ty::Bool)?),
                None => None,
            };
            let next = PageNext::Cursor {
                key: declared(types, op, cursor_param)?,
                from,
                has_more,
            };
            (items.clone(), next)
        }
        PaginationScheme::NextUrl {
            items, next_url, ..
        } => {
            let url = typed(types, body, next_url, |t| *t == Ty::String)?;
            let items = match items {
                Some(items) => items.clone(),
                None => only_array(body, &url)?,
            };
            (items, PageNext::NextUrl(url))
        }
    };
    let item = item_of(body, &items)?.clone();
    Some(Pagination {
        scheme: scheme.name().to_string(),
        item,
        response,
        items,
        next,
        size_key: scheme.size_param().and_then(|key| declared(types, op, key)),
    })
}

/// The struct behind a type, through aliases.
pub(crate) fn struct_of<'a>(types: &'a TypeSpace, ty: &Ty) -> Option<&'a StructDef> {
    match &types.get(struct_id(types, ty)?).kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

/// The id of the struct behind a type, through aliases.
fn struct_id(types: &TypeSpace, ty: &Ty) -> Option<TypeId> {
    let mut id: TypeId = match ty {
        Ty::Named(id) => *id,
        _ => return None,
    };
    // An alias chain is finite (alias cycles are rejected), but stay bounded regardless.
    for _ in 0..16 {
        match &types.get(id).kind {
            TypeKind::Struct(_) => return Some(id),
            TypeKind::Alias(Ty::Named(next)) => id = *next,
            _ => return None,
        }
    }
    None
}

fn find<'a>(s: &'a StructDef, wire: &str) -> Option<&'a Field> {
    s.fields.iter().find(|f| f.wire == wire)
}

/// The field at a dotted path, if every step is a struct field and the last one's type passes.
fn typed(
    types: &TypeSpace,
    body: &StructDef,
    path: &str,
    accept: impl Fn(&Ty) -> bool,
) -> Option<Vec<String>> {
    let segments: Vec<String> = path.split('.').map(str::to_string).collect();
    let (last, parents) = segments.split_last()?;
    let mut at = body;
    for wire in parents {
        at = struct_of(types, &find(at, wire)?.ty)?;
    }
    accept(&find(at, last)?.ty).then_some(segments)
}

/// The item type of a top-level array property.
fn item_of<'a>(body: &'a StructDef, items: &str) -> Option<&'a Ty> {
    match &find(body, items)?.ty {
        Ty::Vec(item) => Some(item),
        _ => None,
    }
}

/// The response's one array property, when the items array is named per operation. The next
/// URL's own property is never it; two or more arrays are ambiguous, so no match.
fn only_array(body: &StructDef, url: &[String]) -> Option<String> {
    let mut arrays = body
        .fields
        .iter()
        .filter(|f| matches!(f.ty, Ty::Vec(_)) && url.first() != Some(&f.wire));
    let first = arrays.next()?;
    arrays.next().is_none().then(|| first.wire.clone())
}

fn is_integer(ty: &Ty) -> bool {
    matches!(ty, Ty::I64 | Ty::I32)
}

/// A cursor value: a string or an integer.
fn is_key(ty: &Ty) -> bool {
    matches!(ty, Ty::String | Ty::I64 | Ty::I32)
}

/// `key` when the operation declares it as a query parameter: by that name, or as the
/// property `b` of a `deepObject` parameter `a` for a key `a[b]`.
fn declared(types: &TypeSpace, op: &Operation, key: &str) -> Option<String> {
    let nested = key
        .strip_suffix(']')
        .and_then(|k| k.split_once('['))
        .filter(|(_, inner)| !inner.contains(['[', ']']));
    op.params
        .iter()
        .filter(|p| matches!(p.location, Location::Query(_)))
        .any(|p| {
            p.wire == key
                || nested.is_some_and(|(outer, inner)| {
                    p.wire == outer
                        && struct_of(types, &p.ty).is_some_and(|s| find(s, inner).is_some())
                })
        })
        .then(|| key.to_string())
}
