//! The one type every pass reports problems with: errors that stop generation, warnings that do
//! not, and the reasons operations are skipped. Each says how bad it is, whose fault it is, where
//! it is, and what is wrong.

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation stops (or, for an operation, the operation is left out).
    Error,
    /// Generation goes on; the user should know.
    Warning,
}

/// Whose input (or which part of the generator) the problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// The OpenAPI document.
    Document,
    /// The generator configuration.
    Configuration,
    /// One of the generator's templates.
    Template,
    /// The generator itself: a bug, never the user's fault.
    Internal,
}

/// Where a problem is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A JSON pointer into the document, without the leading `#` (`/paths/~1a/get`; empty for
    /// the root).
    Pointer(String),
    /// A line and column (both 1-based) in the text of the document or configuration.
    Text {
        /// Line.
        line: usize,
        /// Column.
        column: usize,
    },
    /// A dotted path into the configuration (`resources.porting_orders`), or empty for the
    /// whole of it.
    Config(String),
    /// A template, by name (`lib.rs`).
    Template(String),
    /// A generated file, by path (`src/models.rs`).
    Output(String),
    /// A JSON pointer into one file of a multi-file document (`common.yaml`, `/components`).
    File {
        /// The file's path, relative to the root document's folder.
        file: String,
        /// The pointer, without the leading `#`.
        pointer: String,
    },
    /// The input as a whole, when the reader could not say where.
    Whole,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Pointer(p) => write!(f, "#{p}"),
            Location::Text { line, column } => write!(f, "line {line}, column {column}"),
            Location::Config(path) if path.is_empty() => f.write_str("(top level)"),
            Location::Config(path) => f.write_str(path),
            Location::Template(name) => write!(f, "templates/{name}.jinja"),
            Location::Output(path) => f.write_str(path),
            Location::File { file, pointer } => write!(f, "{file}#{pointer}"),
            Location::Whole => f.write_str("(no position)"),
        }
    }
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// Whose fault it is. First, so sorted reports group by origin.
    pub origin: Origin,
    /// Where it is.
    pub location: Location,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How bad it is.
    pub severity: Severity,
}

impl Diagnostic {
    /// An error in the document at a JSON pointer (given without the leading `#`).
    pub fn at(pointer: impl AsRef<str>, message: impl Into<String>) -> Self {
        Self::new(
            Origin::Document,
            Location::Pointer(pointer.as_ref().to_string()),
            message,
        )
    }

    /// An error in one file of a multi-file document, at a JSON pointer into it.
    pub fn in_file(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        let location = Location::File {
            file: file.to_string(),
            pointer: pointer.to_string(),
        };
        Self::new(Origin::Document, location, message)
    }

    /// An error in the document's text (a syntax error).
    pub fn in_text(line: usize, column: usize, message: impl Into<String>) -> Self {
        Self::new(Origin::Document, Location::Text { line, column }, message)
    }

    /// An error in the configuration, at a dotted path into it.
    pub fn config(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(
            Origin::Configuration,
            Location::Config(path.into()),
            message,
        )
    }

    /// An error in a template.
    pub fn template(name: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Origin::Template, Location::Template(name.into()), message)
    }

    /// A bug in the generator, found while producing a file.
    pub fn internal(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Origin::Internal, Location::Output(file.into()), message)
    }

    /// An error with every part given.
    pub fn new(origin: Origin, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            origin,
            location,
            message: message.into(),
            severity: Severity::Error,
        }
    }

    /// The same problem, as a warning.
    pub fn warning(self) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..self
        }
    }

    /// The problem without its severity: origin, location and message. Skipped operations are
    /// reported with this after their own prefix.
    pub fn described(&self) -> impl fmt::Display + '_ {
        Described(self)
    }
}

struct Described<'a>(&'a Diagnostic);

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        let origin = match d.origin {
            Origin::Document => "document",
            Origin::Configuration => "configuration",
            Origin::Template => "template",
            // Not the user's input: say so, so nobody hunts for it in their document.
            Origin::Internal => "internal error (a bug in the generator) in",
        };
        write!(f, "{origin} {}: {}", d.location, d.message)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// `error: document #/paths/~1a/get: …`, `warning: configuration resources: …`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity, self.described())
    }
}

/// Every problem found, sorted and de-duplicated so reports are stable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Wraps one problem.
    pub fn one(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }

    /// Sorts and de-duplicates; `Ok(())` when there is nothing to report.
    pub fn into_result(mut self) -> Result<(), Diagnostics> {
        self.0.sort();
        self.0.dedup();
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}

/// One line per problem, each in the format of [`Diagnostic`]'s.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics::one(d)
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one JSON pointer segment (RFC 6901).
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Appends a segment to a pointer.
pub fn join(pointer: &str, segment: impl AsRef<str>) -> String {
    format!("{pointer}/{}", escape(segment.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_origin_says_what_it_is() {
        let cases = [
            (
                Diagnostic::at("/paths/~1a/get", "bad"),
                "error: document #/paths/~1a/get: bad",
            ),
            (
                Diagnostic::in_text(3, 12, "invalid JSON"),
                "error: document line 3, column 12: invalid JSON",
            ),
            (
                Diagnostic::config("resources.orders", "no such operation").warning(),
                "warning: configuration resources.orders: no such operation",
            ),
            (
                Diagnostic::template("lib.rs", "undefined value"),
                "error: template templates/lib.rs.jinja: undefined value",
            ),
            (
                Diagnostic::internal("src/models.rs", "generated code does not parse"),
                "error: internal error (a bug in the generator) in src/models.rs: generated code does not parse",
            ),
        ];
        for (d, text) in cases {
            assert_eq!(d.to_string(), text);
        }
    }

    #[test]
    fn a_report_never_blames_the_document_for_the_generator() {
        let d = Diagnostics(vec![
            Diagnostic::template("lib.rs", "x"),
            Diagnostic::internal("src/lib.rs", "y"),
        ]);
        let text = d.to_string();
        assert!(!text.contains("document"), "{text}");
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(
            text.lines()
                .nth(1)
                .is_some_and(|l| l.contains("a bug in the generator"))
        );
    }

    #[test]
    fn reports_are_sorted_and_deduplicated() {
        let d = Diagnostics(vec![
            Diagnostic::config("", "c"),
            Diagnostic::at("/b", "b"),
            Diagnostic::at("/a", "a"),
            Diagnostic::at("/b", "b"),
        ]);
        let d = d.into_result().unwrap_err();
        let order: Vec<String> = d.0.iter().map(|x| x.location.to_string()).collect();
        assert_eq!(order, ["#/a", "#/b", "(top level)"]);
        assert_eq!(Diagnostics(Vec::new()).into_result(), Ok(()));
    }
}
