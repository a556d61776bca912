//! Media-type rules shared by every pass that picks a JSON representation (operation bodies and
//! responses, webhook bodies, and the spec diff, which must read documents as the generator does).

/// The media type without parameters (`application/json; charset=utf-8` → `application/json`).
pub fn essence(media: &str) -> &str {
    media.split(';').next().unwrap_or(media).trim()
}

/// A JSON media type: `application/json` or any `+json` suffix.
pub fn is_json(media: &str) -> bool {
    let m = essence(media);
    m == "application/json" || m.ends_with("+json")
}

/// A media type an operation's JSON representation may be declared under: JSON, or `*/*`.
pub fn accepts_json(media: &str) -> bool {
    is_json(media) || essence(media) == "*/*"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_media_types() {
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("*/*") && accepts_json("*/*"));
        assert!(!accepts_json("text/csv"));
    }
}
