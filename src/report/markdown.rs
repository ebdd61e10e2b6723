//! The coverage report as compact Markdown: a pull-request comment or a job summary.

use std::fmt::Write;

use super::{CalendarEntry, ClauseStatus, Coverage};

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

fn mark(status: ClauseStatus) -> &'static str {
    match status {
        ClauseStatus::Covered => "✅",
        ClauseStatus::CoveredWithFindings => "⚠️",
        ClauseStatus::Missing => "❌",
        ClauseStatus::NotDocumented => "➖",
        ClauseStatus::NoDocumentRequired => "·",
    }
}

fn calendar(out: &mut String, title: &str, entries: &[CalendarEntry]) {
    if entries.is_empty() {
        return;
    }
    let _ = writeln!(out, "**{title}** ({})\n", entries.len());
    for e in entries {
        let when = if e.in_days < 0 {
            format!("{} days ago", -e.in_days)
        } else {
            format!("in {} days", e.in_days)
        };
        let _ = writeln!(out, "- {}: `{}` due {} ({when})", cell(&e.owner), e.path, e.due);
    }
    out.push('\n');
}

pub fn render(c: &Coverage) -> String {
    let s = &c.summary;
    let mut out = String::new();
    let _ = writeln!(out, "## {} gap analysis: {}\n", c.standard, cell(&c.repository));
    let _ = writeln!(
        out,
        "Review dates as of {}; packs {}.\n",
        c.today,
        c.packs.join(", ")
    );
    let _ = writeln!(
        out,
        "| Readiness | Clauses covered | Required documents | Documents without findings | Errors | Warnings |"
    );
    out.push_str("|---|---|---|---|---|---|\n");
    let _ = writeln!(
        out,
        "| **{}%** | {} / {} | {} / {} | {} / {} | {} | {} |\n",
        s.readiness,
        s.clauses_covered,
        s.clauses_with_documents,
        s.required_types_present,
        s.required_types,
        s.documents_clean,
        s.documents,
        s.errors,
        s.warnings
    );
    let _ = writeln!(out, "Readiness = {}.\n", s.readiness_method);
    if !c.missing.is_empty() {
        out.push_str("### Missing required documents\n\n");
        for m in &c.missing {
            let _ = writeln!(
                out,
                "- ❌ {} (`{}`), clause {}",
                m.title,
                m.id,
                m.clauses.join(", ")
            );
        }
        out.push('\n');
    }
    out.push_str("### Clause matrix\n\n| Clause | Title | Status | Documents |\n|---|---|---|---|\n");
    // Clauses that ask for no document of their own stay out of the table to keep it short.
    let quiet = c
        .clauses
        .iter()
        .filter(|r| r.status == ClauseStatus::NoDocumentRequired)
        .count();
    for row in c
        .clauses
        .iter()
        .filter(|r| r.status != ClauseStatus::NoDocumentRequired)
    {
        let docs: Vec<String> = row.documents.iter().map(|d| format!("`{d}`")).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} {} | {} |",
            row.id,
            cell(&row.title),
            mark(row.status),
            row.status_text,
            docs.join(", ")
        );
    }
    if quiet > 0 {
        let _ = writeln!(out, "\n{quiet} further clauses ask for no document of their own.");
    }
    out.push_str("\n### Review calendar\n\n");
    if c.calendar.overdue.is_empty()
        && c.calendar.due_30.is_empty()
        && c.calendar.due_60.is_empty()
        && c.calendar.due_90.is_empty()
    {
        out.push_str("No review is overdue or due in the next 90 days.\n\n");
    }
    calendar(&mut out, "Overdue", &c.calendar.overdue);
    calendar(&mut out, "Due within 30 days", &c.calendar.due_30);
    calendar(&mut out, "Due within 60 days", &c.calendar.due_60);
    calendar(&mut out, "Due within 90 days", &c.calendar.due_90);
    out.push_str(
        "### Owners\n\n| Owner | Documents | Errors | Warnings | Overdue |\n|---|---|---|---|---|\n",
    );
    for o in &c.owners {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&o.owner),
            o.documents.len(),
            o.errors,
            o.warnings,
            o.overdue
        );
    }
    let with_findings: Vec<_> = c.documents.iter().filter(|d| !d.findings.is_empty()).collect();
    if !with_findings.is_empty() {
        out.push_str("\n### Findings by document\n\n");
        for d in with_findings {
            let _ = writeln!(
                out,
                "- `{}` ({} errors, {} warnings)",
                d.path, d.errors, d.warnings
            );
            for f in &d.findings {
                let line = f.line.map_or_else(String::new, |l| format!(" line {l}"));
                let _ = writeln!(
                    out,
                    "  - {} {}{line}: {}",
                    f.code,
                    f.severity.as_str(),
                    cell(&f.message)
                );
            }
        }
    }
    if !c.unclassified.is_empty() {
        out.push_str("\n### Documents that match no document type\n\n");
        for path in &c.unclassified {
            let _ = writeln!(out, "- `{path}`");
        }
    }
    out
}
