//! Security: `components.securitySchemes` → [`SecurityScheme`]s, the root and per-operation
//! `security` → [`Requirement`]s, and what the client's constructor asks for.
//!
//! Policy: http bearer, oauth2 and openIdConnect send a bearer token; http basic a username and
//! password; apiKey its key in a header, query parameter or cookie. Other http schemes (digest,
//! …) are not supported: a warning names them and requirements that need them are dropped; an
//! operation left with no requirement it can meet is skipped. The constructor takes the schemes
//! of the first non-empty alternative of the root `security` (else of the first operation that
//! has one): one token, or a username and password, or a `Credentials` value for several.

use openapiv3::{APIKeyLocation, OpenAPI, SecurityRequirement, SecurityScheme as OaScheme};

use crate::diagnostics::{Diagnostic, join};
use crate::ir::{Constructor, Requirement, SchemeKind, Security, SecurityScheme};
use crate::load::Resolver;

/// The document's schemes and root requirement. Problems (an unknown scheme named by a
/// requirement, an unreadable scheme) are errors; unsupported scheme kinds are warnings.
pub fn lower(
    doc: &OpenAPI,
    resolver: &Resolver,
    diags: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Security {
    let mut schemes = Vec::new();
    if let Some(components) = &doc.components {
        for (key, item) in &components.security_schemes {
            let at = join("/components/securitySchemes", key);
            match resolver.item(item, &at, "security scheme") {
                Ok((scheme, _)) => match kind(&scheme) {
                    Some(kind) => schemes.push(SecurityScheme {
                        key: key.clone(),
                        kind,
                        env: Vec::new(),
                        description: description(&scheme),
                        setter: Default::default(),
                    }),
                    None => warnings.push(
                        Diagnostic::at(
                            &at,
                            "this kind of security scheme is not supported; operations that need \
                             it are skipped",
                        )
                        .warning(),
                    ),
                },
                Err(d) => diags.push(d),
            }
        }
    }
    // By key, so the output does not depend on the document's key order.
    schemes.sort_by(|a, b| a.key.cmp(&b.key));
    let declared: Vec<String> = match &doc.components {
        Some(c) => c.security_schemes.keys().cloned().collect(),
        None => Vec::new(),
    };
    let mut security = Security {
        schemes,
        default: Vec::new(),
        constructor: Constructor::Nothing,
    };
    if let Some(root) = &doc.security {
        security.default = requirement(&security, &declared, root, "/security", diags);
    }
    security
}

/// An operation's own requirement (`None` when it has none or it equals the default), or the
/// reason it is skipped: it needs only schemes the generator does not support.
pub fn operation(
    security: &Security,
    doc: &OpenAPI,
    declared_at: &str,
    own: Option<&Vec<SecurityRequirement>>,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<Requirement>, Diagnostic> {
    let declared: Vec<String> = match &doc.components {
        Some(c) => c.security_schemes.keys().cloned().collect(),
        None => Vec::new(),
    };
    let original = own.or(doc.security.as_ref());
    let lowered = match own {
        Some(list) => requirement(security, &declared, list, declared_at, diags),
        None => security.default.clone(),
    };
    if lowered.is_empty() && original.is_some_and(|list| !list.is_empty()) {
        let at = if own.is_some() {
            declared_at
        } else {
            "/security"
        };
        return Err(Diagnostic::at(
            at,
            "every alternative of this security requirement needs an unsupported scheme",
        )
        .warning());
    }
    Ok((lowered != security.default).then_some(lowered))
}

/// The alternatives of `list` the generator can send, each as scheme keys in document order.
fn requirement(
    security: &Security,
    declared: &[String],
    list: &[SecurityRequirement],
    at: &str,
    diags: &mut Vec<Diagnostic>,
) -> Requirement {
    let mut out = Vec::new();
    for (i, alternative) in list.iter().enumerate() {
        let mut keys = Vec::new();
        let mut supported = true;
        for key in alternative.keys() {
            if !declared.contains(key) {
                diags.push(Diagnostic::at(
                    join(&join(at, i.to_string()), key),
                    format!("no security scheme {key:?} is declared in components.securitySchemes"),
                ));
                supported = false;
            } else if !security.schemes.iter().any(|s| &s.key == key) {
                supported = false;
            }
            keys.push(key.clone());
        }
        // Schemes of one alternative are a set: sorted, as the document's key order is no order.
        keys.sort();
        if supported && !out.contains(&keys) {
            out.push(keys);
        }
    }
    out
}

fn kind(scheme: &OaScheme) -> Option<SchemeKind> {
    Some(match scheme {
        OaScheme::APIKey { location, name, .. } => match location {
            APIKeyLocation::Header => SchemeKind::Header(name.clone()),
            APIKeyLocation::Query => SchemeKind::Query(name.clone()),
            APIKeyLocation::Cookie => SchemeKind::Cookie(name.clone()),
        },
        // Scheme names are case-insensitive (RFC 7235).
        OaScheme::HTTP { scheme, .. } => match scheme.to_ascii_lowercase().as_str() {
            "bearer" => SchemeKind::Bearer,
            "basic" => SchemeKind::Basic,
            _ => return None,
        },
        OaScheme::OAuth2 { .. } | OaScheme::OpenIDConnect { .. } => SchemeKind::Bearer,
    })
}

fn description(scheme: &OaScheme) -> Option<String> {
    match scheme {
        OaScheme::APIKey { description, .. }
        | OaScheme::HTTP { description, .. }
        | OaScheme::OAuth2 { description, .. }
        | OaScheme::OpenIDConnect { description, .. } => description.clone(),
    }
}

/// Decides the constructor from the default requirement, else the first operation's, and
/// names every scheme's environment variables after `prefix`.
pub fn finish(
    security: &mut Security,
    operations: &[Option<&Requirement>],
    prefix: &str,
    api_key_env: Option<&str>,
) {
    let primary: Option<Vec<String>> = std::iter::once(&security.default)
        .chain(operations.iter().flatten().copied())
        .flat_map(|r| r.iter())
        .find(|alt| !alt.is_empty())
        .cloned();
    let index = |key: &str| security.schemes.iter().position(|s| s.key == key);
    security.constructor = match primary.as_deref() {
        None => Constructor::Nothing,
        Some([one]) => match index(one) {
            Some(i) if security.schemes[i].kind == SchemeKind::Basic => Constructor::Basic(i),
            Some(i) => Constructor::Token(i),
            None => Constructor::Nothing,
        },
        Some(_) => Constructor::Credentials,
    };
    let var = |words: &[&str]| {
        let mut parts: Vec<String> = Vec::new();
        if !prefix.is_empty() {
            parts.push(prefix.to_string());
        }
        parts.extend(words.iter().map(|w| env_word(w)));
        parts.join("_")
    };
    let constructor = security.constructor.clone();
    let mut taken: Vec<String> = Vec::new();
    for (i, scheme) in security.schemes.iter_mut().enumerate() {
        let basic = scheme.kind == SchemeKind::Basic;
        let mut env = match (&constructor, basic) {
            (Constructor::Token(c), _) if *c == i => {
                vec![api_key_env.map_or_else(|| var(&["API_KEY"]), str::to_string)]
            }
            (Constructor::Basic(c), _) if *c == i => vec![var(&["USERNAME"]), var(&["PASSWORD"])],
            (_, true) => vec![
                var(&[&scheme.key, "USERNAME"]),
                var(&[&scheme.key, "PASSWORD"]),
            ],
            (_, false) => vec![var(&[&scheme.key])],
        };
        // Two schemes whose keys differ only in case or punctuation still get their own.
        if env.iter().any(|v| taken.contains(v)) {
            for v in &mut env {
                v.push_str(&format!("_{}", i + 1));
            }
        }
        taken.extend(env.iter().cloned());
        scheme.env = env;
    }
}

/// `accountSid_authToken` → `ACCOUNT_SID_AUTH_TOKEN`.
fn env_word(word: &str) -> String {
    use heck::ToShoutySnakeCase;
    let cleaned: String = word
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    cleaned.to_shouty_snake_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn security(keys: &[(&str, SchemeKind)], default: Requirement) -> Security {
        Security {
            schemes: keys
                .iter()
                .map(|(k, kind)| SecurityScheme {
                    key: k.to_string(),
                    kind: kind.clone(),
                    env: Vec::new(),
                    description: None,
                    setter: Default::default(),
                })
                .collect(),
            default,
            constructor: Constructor::Nothing,
        }
    }

    #[test]
    fn constructor_and_env_follow_the_default_requirement() {
        let mut s = security(
            &[
                ("ApiKeyAuth", SchemeKind::Bearer),
                ("AdminApiKeyAuth", SchemeKind::Bearer),
            ],
            vec![vec!["ApiKeyAuth".into()]],
        );
        finish(&mut s, &[], "OPENAI", None);
        assert_eq!(s.constructor, Constructor::Token(0));
        assert_eq!(s.schemes[0].env, ["OPENAI_API_KEY"]);
        assert_eq!(s.schemes[1].env, ["OPENAI_ADMIN_API_KEY_AUTH"]);

        let mut s = security(
            &[("accountSid_authToken", SchemeKind::Basic)],
            vec![vec!["accountSid_authToken".into()]],
        );
        finish(&mut s, &[], "TWILIO", None);
        assert_eq!(s.constructor, Constructor::Basic(0));
        assert_eq!(s.schemes[0].env, ["TWILIO_USERNAME", "TWILIO_PASSWORD"]);

        let both = vec![vec!["a".into(), "b".into()]];
        let mut s = security(
            &[
                ("a", SchemeKind::Header("X-A".into())),
                ("b", SchemeKind::Basic),
            ],
            Vec::new(),
        );
        finish(&mut s, &[None, Some(&both)], "", Some("MY_KEY"));
        assert_eq!(s.constructor, Constructor::Credentials);
        assert_eq!(s.schemes[0].env, ["A"]);
        assert_eq!(s.schemes[1].env, ["B_USERNAME", "B_PASSWORD"]);

        let mut s = security(&[("a", SchemeKind::Bearer)], Vec::new());
        finish(&mut s, &[None], "X", None);
        assert_eq!(s.constructor, Constructor::Nothing);
    }
}
