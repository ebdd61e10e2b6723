//! A Markdown table of the findings, for GitHub job summaries and pull-request comments.

use std::fmt::Write;

use crate::engine::Report;
use crate::finding::Severity;

/// Text for a table cell: pipes escaped, one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

pub fn render(report: &Report) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let mut out = String::new();
    let mark = if errors > 0 {
        "❌"
    } else if warnings > 0 {
        "⚠️"
    } else {
        "✅"
    };
    let _ = writeln!(out, "### {mark} itsmlint: {}\n", super::summary_line(report));
    if report.findings.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    out.push_str("| File | Line | Rule | Severity | Finding | Clauses |\n|---|---|---|---|---|---|\n");
    for f in &report.findings {
        let _ = writeln!(
            out,
            "| {} | {} | {} `{}` | {} | {} | {} |",
            f.path
                .as_deref()
                .map_or_else(|| "(repository)".to_owned(), |p| format!("`{}`", cell(p))),
            f.start.map_or_else(String::new, |p| p.line.to_string()),
            f.code,
            f.name,
            f.severity.as_str(),
            cell(&f.message),
            f.clauses.join(", "),
        );
    }
    out
}
