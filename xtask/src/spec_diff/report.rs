//! The two renderings of a report: lines for people and JSON for tools.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Report, Side};

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Operation => "operation",
        Side::Request => "request",
        Side::Response => "response",
    }
}

/// One line per change (breaking first) and a closing count.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    for c in &report.changes {
        let verdict = if c.breaking {
            "breaking  "
        } else {
            "compatible"
        };
        let _ = write!(out, "{verdict} {}: {}", c.kind.name(), c.message);
        if let Some(p) = &c.old {
            let _ = write!(out, "  old {p}");
        }
        if let Some(p) = &c.new {
            let _ = write!(out, "  new {p}");
        }
        out.push('\n');
    }
    let breaking = report.changes.iter().filter(|c| c.breaking).count();
    let _ = writeln!(
        out,
        "{} changes: {breaking} breaking, {} compatible.",
        report.changes.len(),
        report.changes.len() - breaking
    );
    out
}

/// The report as a JSON value.
pub fn json(report: &Report) -> Value {
    let changes: Vec<Value> = report
        .changes
        .iter()
        .map(|c| {
            json!({
                "kind": c.kind.name(),
                "side": side_name(c.side),
                "breaking": c.breaking,
                "message": c.message,
                "old_pointer": c.old,
                "new_pointer": c.new,
            })
        })
        .collect();
    json!({
        "breaking": report.is_breaking(),
        "changes": changes,
    })
}
