//! One example call per method, shown in `REFERENCE.md` and, with the hidden lines that make it
//! compile, as the method's `no_run` doctest: the same text in both places, so every example in
//! the reference is compiled by `cargo test --doc`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::tests::values::{Fill, Values, path_arg};
use crate::ir::{Api, Name, Operation, Payload};

/// How many optional setters an example shows at most: the shortest ones, which are the plain
/// values (a flag, a date, a number) rather than whole nested structs.
const MAX_SETTERS: usize = 3;

/// The visible lines of the example calling `method` of `op`, formatted like the crate's code.
/// Required arguments are built from the document's examples with their required parts only;
/// up to [`MAX_SETTERS`] optional parameters are set, fully filled.
pub fn code(api: &Api, op: &Operation, method: &Name, payload: &Payload) -> String {
    let krate = &api.krate.lib_name;
    let required = Values {
        types: &api.types,
        krate,
        fill: Fill::Required,
    };
    let all = Values {
        types: &api.types,
        krate,
        fill: Fill::All,
    };
    let path_args = op.path_params().map(path_arg);
    let args: Vec<TokenStream> = path_args.chain(required.arguments(op)).collect();
    let setters = chosen_setters(all.setter_calls(op));
    let accessors = &op.resource;
    let call = quote!(client #(.#accessors())* .#method(#(#args),*) #(#setters)*);
    let statements = match payload {
        Payload::Empty => quote!(#call.await?;),
        Payload::Bytes(_) => quote! {
            let response = #call.await?;
            println!("{} bytes", response.len());
        },
        Payload::Text(_) => quote! {
            let response = #call.await?;
            println!("{response}");
        },
        Payload::Json(_) => quote! {
            let response = #call.await?;
            println!("{response:?}");
        },
    };
    body_text(statements)
}

/// The `MAX_SETTERS` shortest setter calls, in the call's own order.
fn chosen_setters(calls: Vec<TokenStream>) -> Vec<TokenStream> {
    let mut by_length: Vec<(usize, usize)> = calls
        .iter()
        .enumerate()
        .map(|(i, c)| (c.to_string().len(), i))
        .collect();
    by_length.sort();
    let mut keep: Vec<usize> = by_length
        .into_iter()
        .take(MAX_SETTERS)
        .map(|(_, i)| i)
        .collect();
    keep.sort();
    keep.into_iter()
        .filter_map(|i| calls.get(i).cloned())
        .collect()
}

/// Statements as prettyplease lays them out inside a function, without the function.
fn body_text(statements: TokenStream) -> String {
    let wrapped = quote!(fn example() { #statements });
    let Ok(file) = syn::parse2::<syn::File>(wrapped) else {
        // The tokens are the emitter's own; the doctest build reports any fault in them.
        return statements.to_string();
    };
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.lines().collect();
    let inner = lines.get(1..lines.len().saturating_sub(1)).unwrap_or(&[]);
    inner
        .iter()
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The example as a `no_run` doctest in `#[doc]` attributes, under an `# Example` heading. The
/// hidden lines give it the `client` and the `?` it uses.
pub fn doc_attrs(api: &Api, op: &Operation, method: &Name, payload: &Payload) -> TokenStream {
    let krate = api.krate.lib_name.bare();
    let mut lines = vec![
        String::new(),
        " # Example".to_string(),
        String::new(),
        " ```rust,no_run".to_string(),
        format!(" # async fn example(client: &{krate}::Client) -> Result<(), {krate}::Error> {{"),
    ];
    lines.extend(
        code(api, op, method, payload)
            .lines()
            .map(|l| format!(" {l}")),
    );
    lines.extend([
        " # Ok(())".to_string(),
        " # }".to_string(),
        " ```".to_string(),
    ]);
    lines.iter().map(|l| quote!(#[doc = #l])).collect()
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn the_shortest_setters_are_kept_in_call_order() {
        let calls = vec![
            quote!(.a(some_long_value_here)),
            quote!(.b(1)),
            quote!(.c(a_very_much_longer_value_than_the_others)),
            quote!(.d(2)),
            quote!(.e(3)),
        ];
        let kept: Vec<String> = chosen_setters(calls)
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(kept, [". b (1)", ". d (2)", ". e (3)"]);
    }

    #[test]
    fn statements_are_laid_out_without_their_function() {
        let text = body_text(quote! { let x = f(1).await?; println!("{x:?}"); });
        assert_eq!(text, "let x = f(1).await?;\nprintln!(\"{x:?}\");");
    }
}
