//! The crate's identity when the configuration leaves it out: package name, description and the
//! environment variable prefix from `info`, and base URLs from `servers`.
//!
//! The title's words make the name: `OpenAI API` → crate `openai`, variables `OPENAI_API_KEY`
//! and `OPENAI_BASE_URL`; `Twilio - Api` → `twilio`, `TWILIO_…`. Words that say nothing about
//! which API it is (api, rest, openapi, http, service, the, …) and version tokens (`v2`, `2.0`)
//! are dropped; a title with no word left gives crate `api-client` and unprefixed variables.

use openapiv3::{OpenAPI, Server};

use crate::diagnostics::{Diagnostic, join};

/// Title words that do not tell one API from another.
const GENERIC: &[&str] = &[
    "a",
    "an",
    "and",
    "api",
    "apis",
    "client",
    "for",
    "http",
    "https",
    "of",
    "openapi",
    "rest",
    "restful",
    "service",
    "services",
    "spec",
    "specification",
    "swagger",
    "the",
    "web",
];

/// The distinguishing words of the title, lower case.
fn title_words(title: &str) -> Vec<String> {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(str::to_ascii_lowercase)
        .filter(|w| !w.is_empty() && !GENERIC.contains(&w.as_str()) && !is_version(w))
        .collect()
}

/// `v2`, `v10`, `2`, `2024`: versions and bare numbers.
fn is_version(word: &str) -> bool {
    let digits = word.strip_prefix('v').unwrap_or(word);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// The package name: the title's words joined by `-`, starting with a letter.
pub fn crate_name(title: &str) -> String {
    let words = title_words(title);
    if words.is_empty() {
        return "api-client".to_string();
    }
    let name = words.join("-");
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}")
    } else {
        name
    }
}

/// The environment variable prefix: the title's words in upper case joined by `_`.
pub fn env_prefix(title: &str) -> String {
    let words = title_words(title);
    let prefix = words.join("_").to_ascii_uppercase();
    if prefix.starts_with(|c: char| c.is_ascii_digit()) {
        format!("API_{prefix}")
    } else {
        prefix
    }
}

/// One line: `info.summary`, else the description's first sentence, else one naming the title.
pub fn description(doc: &OpenAPI, summary: Option<&str>) -> String {
    let summary = summary.map(str::to_string);
    let first_sentence = doc.info.description.as_deref().map(|d| {
        let d = d.trim();
        let end = d
            .char_indices()
            .find(|&(i, c)| c == '\n' || (c == '.' && d[i + 1..].starts_with(char::is_whitespace)))
            .map_or(d.len(), |(i, c)| if c == '.' { i + 1 } else { i });
        d[..end].trim().to_string()
    });
    let line = summary
        .or(first_sentence)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("A Rust client for the {} API.", doc.info.title.trim()));
    // One line in Cargo.toml's string: no control characters, no quotes to escape.
    line.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['"', '\\'], "'")
}

/// A server's URL with every `{variable}` replaced by its default, without a trailing slash.
/// A relative URL is placed on `http://localhost` (a warning says so), since the host the
/// document is served from is not known here.
pub fn server_url(
    server: &Server,
    at: &str,
    diags: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> String {
    let mut url = server.url.clone();
    if let Some(vars) = &server.variables {
        for (name, var) in vars {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
    }
    if let (Some(open), Some(close)) = (url.find('{'), url.find('}')) {
        if open < close {
            diags.push(Diagnostic::at(
                join(at, "url"),
                format!(
                    "server variable {} has no entry in `variables`",
                    &url[open..=close]
                ),
            ));
        }
    }
    let url = url.trim_end_matches('/').to_string();
    if url.contains("://") {
        return url;
    }
    let absolute = format!("http://localhost/{}", url.trim_start_matches('/'));
    let absolute = absolute.trim_end_matches('/').to_string();
    warnings.push(
        Diagnostic::at(
            join(at, "url"),
            format!(
                "the server URL {:?} is relative; the default base URL is {absolute}: set the \
                 API's host with the base URL variable or `ClientBuilder::base_url`",
                server.url
            ),
        )
        .warning(),
    );
    absolute
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_titles() {
        for (title, krate, prefix) in [
            ("OpenAI API", "openai", "OPENAI"),
            ("Twilio - Api", "twilio", "TWILIO"),
            ("Telnyx Porting API", "telnyx-porting", "TELNYX_PORTING"),
            ("Swagger Petstore - OpenAPI 3.0", "petstore", "PETSTORE"),
            ("The REST API v2", "api-client", ""),
            ("3D Print API", "api-3d-print", "API_3D_PRINT"),
        ] {
            assert_eq!(crate_name(title), krate, "{title}");
            assert_eq!(env_prefix(title), prefix, "{title}");
        }
    }

    fn doc(info: &str) -> OpenAPI {
        serde_json::from_str(&format!(
            r#"{{"openapi":"3.0.3","info":{info},"paths":{{}}}}"#
        ))
        .expect("document")
    }

    #[test]
    fn descriptions() {
        let d = doc(r#"{"title":"X","version":"1","description":"Long. More."}"#);
        assert_eq!(description(&d, Some("Short.")), "Short.");
        assert_eq!(description(&d, None), "Long.");
        let d = doc(r#"{"title":"X","version":"1","description":"The \"X\" API. See e.g. docs."}"#);
        assert_eq!(description(&d, None), "The 'X' API.");
        let d = doc(r#"{"title":"X","version":"1"}"#);
        assert_eq!(description(&d, None), "A Rust client for the X API.");
    }

    #[test]
    fn server_variables_and_relative_urls() {
        let server: Server = serde_json::from_str(
            r#"{"url":"https://{region}.example.com/{v}/","variables":{"region":{"default":"eu"},"v":{"default":"v1"}}}"#,
        )
        .expect("server");
        let (mut diags, mut warnings) = (Vec::new(), Vec::new());
        let url = server_url(&server, "/servers/0", &mut diags, &mut warnings);
        assert_eq!(url, "https://eu.example.com/v1");
        assert!(diags.is_empty() && warnings.is_empty());

        let server: Server = serde_json::from_str(r#"{"url":"/api/v3"}"#).expect("server");
        let url = server_url(&server, "/servers/0", &mut diags, &mut warnings);
        assert_eq!(url, "http://localhost/api/v3");
        assert_eq!(warnings.len(), 1);

        let server: Server = serde_json::from_str(r#"{"url":"https://{host}/"}"#).expect("server");
        server_url(&server, "/servers/0", &mut diags, &mut warnings);
        assert!(diags[0].to_string().contains("{host}"), "{}", diags[0]);
    }
}
