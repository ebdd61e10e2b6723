//! The coverage report as one self-contained HTML page: inline CSS, no scripts, no network,
//! statuses shown by colour and by text, printable (one section per page).

use std::fmt::Write;

use super::{CalendarEntry, ClauseStatus, Coverage, DocRow, ReviewState};
use crate::finding::Severity;

use crate::render::escape_markup as esc;

/// A stable element id for a document's card.
fn doc_anchor(path: &str) -> String {
    let slug: String = path
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("doc-{slug}")
}

fn status_class(status: ClauseStatus) -> &'static str {
    match status {
        ClauseStatus::Covered => "ok",
        ClauseStatus::CoveredWithFindings => "warn",
        ClauseStatus::Missing => "bad",
        ClauseStatus::NotDocumented => "muted",
        ClauseStatus::NoDocumentRequired => "none",
    }
}

fn review_class(state: ReviewState) -> &'static str {
    match state {
        ReviewState::Overdue => "bad",
        ReviewState::Due30 => "warn",
        ReviewState::Due60 | ReviewState::Due90 => "soon",
        ReviewState::Current => "ok",
        ReviewState::Unknown => "muted",
    }
}

fn badge(class: &str, text: &str) -> String {
    format!("<span class=\"badge {class}\">{}</span>", esc(text))
}

const CSS: &str = r#"
:root { --ok:#1a7f37; --ok-bg:#dafbe1; --warn:#9a6700; --warn-bg:#fff8c5; --bad:#cf222e; --bad-bg:#ffebe9;
  --soon:#0550ae; --soon-bg:#ddf4ff; --muted:#57606a; --muted-bg:#eaeef2; --line:#d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:#1f2328; margin:0; background:#f6f8fa; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; background:#fff; }
header h1 { font-size: 24px; margin: 0 0 4px; }
header p { margin: 0; color: var(--muted); }
h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 18px 0 6px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .value { font-size: 26px; font-weight: 650; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.card.readiness .value { color: var(--soon); }
.method { color: var(--muted); font-size: 12px; }
table { width: 100%; border-collapse: collapse; margin: 6px 0 12px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: #f6f8fa; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
tr.depth-0 td { font-weight: 650; background: #fbfcfd; }
tr.depth-2 td.clause, tr.depth-3 td.clause { padding-left: 22px; }
code, .path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.badge.ok { color: var(--ok); background: var(--ok-bg); border-color: var(--ok); }
.badge.warn { color: var(--warn); background: var(--warn-bg); border-color: var(--warn); }
.badge.bad { color: var(--bad); background: var(--bad-bg); border-color: var(--bad); }
.badge.soon { color: var(--soon); background: var(--soon-bg); border-color: var(--soon); }
.badge.muted, .badge.none { color: var(--muted); background: var(--muted-bg); }
.badge.none { font-weight: 400; }
ul.findings { margin: 4px 0 0; padding-left: 18px; }
ul.findings li { margin: 2px 0; }
.sev-error { color: var(--bad); font-weight: 600; }
.sev-warning { color: var(--warn); font-weight: 600; }
.doc { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 10px 0; break-inside: avoid; }
.doc h3 { font-size: 15px; margin: 0 0 4px; }
.doc .meta { color: var(--muted); font-size: 12.5px; }
.empty { color: var(--muted); font-style: italic; }
td.date, td.when { white-space: nowrap; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
@media print {
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  section { break-before: page; }
  section.summary { break-before: avoid; }
  a { color: inherit; text-decoration: none; }
  .badge { border-width: 1px; }
  tr, .doc { break-inside: avoid; }
}
"#;

fn calendar_table(out: &mut String, id: &str, title: &str, class: &str, entries: &[CalendarEntry]) {
    let _ = writeln!(
        out,
        "<h3 id=\"{id}\">{} {}</h3>",
        badge(class, title),
        entries.len()
    );
    out.push_str(
        "<table><thead><tr><th>Owner</th><th>Document</th><th>Due</th><th>When</th></tr></thead><tbody>\n",
    );
    for e in entries {
        let when = if e.in_days < 0 {
            format!("{} days ago", -e.in_days)
        } else {
            format!("in {} days", e.in_days)
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><a href=\"#{}\">{}</a> <span class=\"path\">{}</span></td><td class=\"date\">{}</td><td class=\"when\">{}</td></tr>",
            esc(&e.owner),
            doc_anchor(&e.path),
            esc(e.title.as_deref().unwrap_or("")),
            esc(&e.path),
            esc(&e.due),
            esc(&when)
        );
    }
    out.push_str("</tbody></table>\n");
}

fn doc_card(out: &mut String, d: &DocRow) {
    let _ = writeln!(out, "<div class=\"doc\" id=\"{}\">", doc_anchor(&d.path));
    let state = if d.errors > 0 {
        badge("bad", &crate::render::plural(d.errors, "error"))
    } else if d.warnings > 0 {
        badge("warn", &crate::render::plural(d.warnings, "warning"))
    } else {
        badge("ok", "No findings")
    };
    let _ = writeln!(
        out,
        "<h3>{} {state}</h3><div class=\"meta\"><a class=\"path\" href=\"{}\">{}</a> · {} · owner {} · version {} · {} · next review {} {}</div>",
        esc(d.title.as_deref().unwrap_or(&d.path)),
        esc(&d.path),
        esc(&d.path),
        esc(d.type_title.as_deref().unwrap_or("no document type")),
        esc(d.owner.as_deref().unwrap_or("(none)")),
        esc(d.version.as_deref().unwrap_or("(none)")),
        esc(d.status.as_deref().unwrap_or("no status")),
        esc(d.next_review.as_deref().unwrap_or("(none)")),
        badge(review_class(d.review), d.review_text),
    );
    if !d.findings.is_empty() {
        out.push_str("<ul class=\"findings\">\n");
        for f in &d.findings {
            let sev = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            let line = f.line.map_or_else(String::new, |l| format!(" line {l}"));
            let _ = writeln!(
                out,
                "<li><span class=\"sev-{sev}\">{sev}</span> <code>{}</code>{}: {} <span class=\"meta\">({})</span></li>",
                esc(&f.code),
                esc(&line),
                esc(&f.message),
                esc(&f.clauses.join(", "))
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</div>\n");
}

pub fn render(c: &Coverage) -> String {
    let s = &c.summary;
    let mut out = String::with_capacity(64 * 1024);
    let title = format!("{} gap analysis: {}", c.standard, c.repository);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        esc(&title)
    );
    let _ = writeln!(
        out,
        "<header><h1>{} gap analysis: {}</h1><p>Gap analysis and audit readiness of <strong>{}</strong>, review dates as of <strong>{}</strong>. Generated by itsmlint {} with {}.</p></header>",
        esc(&c.standard),
        esc(&c.repository),
        esc(&c.repository),
        esc(&c.today),
        esc(c.tool.version),
        esc(&c.packs.join(", "))
    );

    out.push_str("<section class=\"summary\" id=\"summary\"><h2>Summary</h2>\n<div class=\"cards\">\n");
    let card = |out: &mut String, class: &str, value: String, label: &str| {
        let _ = writeln!(
            out,
            "<div class=\"card {class}\"><div class=\"value\">{}</div><div class=\"label\">{}</div></div>",
            esc(&value),
            esc(label)
        );
    };
    card(&mut out, "readiness", format!("{}%", s.readiness), "Readiness");
    card(
        &mut out,
        "",
        format!("{} / {}", s.clauses_covered, s.clauses_with_documents),
        "Clauses covered",
    );
    card(
        &mut out,
        "",
        format!("{} / {}", s.required_types_present, s.required_types),
        "Required documents present",
    );
    card(
        &mut out,
        "",
        format!("{} / {}", s.documents_clean, s.documents),
        "Documents without findings",
    );
    card(&mut out, "", s.errors.to_string(), "Errors");
    card(&mut out, "", s.warnings.to_string(), "Warnings");
    out.push_str("</div>\n");
    let _ = writeln!(
        out,
        "<p class=\"method\">Readiness = {}.</p>",
        esc(s.readiness_method)
    );
    if c.missing.is_empty() {
        out.push_str("<p>Every document type the standard requires is present.</p>\n");
    } else {
        out.push_str("<h3>Missing required documents</h3>\n<table id=\"missing\"><thead><tr><th>Document type</th><th>Clauses</th><th>Status</th></tr></thead><tbody>\n");
        for m in &c.missing {
            let _ = writeln!(
                out,
                "<tr><td>{} <code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(&m.title),
                esc(&m.id),
                esc(&m.clauses.join(", ")),
                badge("bad", "Missing")
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");

    out.push_str("<section id=\"clauses\"><h2>Clause matrix</h2>\n<table><thead><tr><th>Clause</th><th>Title</th><th>Status</th><th>Document types</th><th>Documents</th></tr></thead><tbody>\n");
    for row in &c.clauses {
        let types: Vec<String> = row
            .document_types
            .iter()
            .map(|t| {
                format!(
                    "{}{}",
                    esc(&t.title),
                    if t.required {
                        " <small>(required)</small>"
                    } else {
                        ""
                    }
                )
            })
            .collect();
        let docs: Vec<String> = row
            .documents
            .iter()
            .map(|p| format!("<a class=\"path\" href=\"#{}\">{}</a>", doc_anchor(p), esc(p)))
            .collect();
        let _ = writeln!(
            out,
            "<tr class=\"clause-row depth-{}\" data-clause=\"{}\" data-status=\"{}\"><td class=\"clause\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            row.depth.min(3),
            esc(&row.id),
            status_class(row.status),
            esc(&row.id),
            esc(&row.title),
            badge(status_class(row.status), row.status_text),
            types.join("<br>"),
            docs.join("<br>")
        );
    }
    out.push_str("</tbody></table>\n</section>\n");

    out.push_str("<section id=\"calendar\"><h2>Review calendar</h2>\n");
    let groups = [
        ("overdue", "Overdue", "bad", &c.calendar.overdue),
        ("due-30", "Due within 30 days", "warn", &c.calendar.due_30),
        ("due-60", "Due within 60 days", "soon", &c.calendar.due_60),
        ("due-90", "Due within 90 days", "soon", &c.calendar.due_90),
    ];
    if groups.iter().all(|(_, _, _, entries)| entries.is_empty()) {
        out.push_str(
            "<p class=\"empty\" id=\"calendar-clear\">No review is overdue or due in the next 90 days.</p>\n",
        );
    }
    for (id, title, class, entries) in groups.iter().filter(|(_, _, _, entries)| !entries.is_empty()) {
        calendar_table(&mut out, id, title, class, entries);
    }
    out.push_str("</section>\n");

    out.push_str("<section id=\"owners\"><h2>Owners</h2>\n<table><thead><tr><th>Owner</th><th>Documents</th><th>Errors</th><th>Warnings</th><th>Overdue</th></tr></thead><tbody>\n");
    for o in &c.owners {
        let docs: Vec<String> = o
            .documents
            .iter()
            .map(|p| format!("<a class=\"path\" href=\"#{}\">{}</a>", doc_anchor(p), esc(p)))
            .collect();
        let overdue = if o.overdue > 0 {
            badge("bad", &o.overdue.to_string())
        } else {
            "0".to_owned()
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{overdue}</td></tr>",
            esc(&o.owner),
            docs.join("<br>"),
            o.errors,
            o.warnings
        );
    }
    out.push_str("</tbody></table>\n</section>\n");

    out.push_str("<section id=\"documents\"><h2>Documents and findings</h2>\n");
    if !c.repository_findings.is_empty() {
        out.push_str("<div class=\"doc\"><h3>Repository</h3><ul class=\"findings\">\n");
        for f in &c.repository_findings {
            let _ = writeln!(
                out,
                "<li><span class=\"sev-error\">{}</span> <code>{}</code>: {}</li>",
                f.severity.as_str(),
                esc(&f.code),
                esc(&f.message)
            );
        }
        out.push_str("</ul></div>\n");
    }
    for d in &c.documents {
        doc_card(&mut out, d);
    }
    if !c.unclassified.is_empty() {
        out.push_str("<h3 id=\"unclassified\">Documents that match no document type</h3>\n<ul>\n");
        for p in &c.unclassified {
            let _ = writeln!(
                out,
                "<li><a class=\"path\" href=\"#{}\">{}</a></li>",
                doc_anchor(p),
                esc(p)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    let _ = writeln!(
        out,
        "<footer>Clause numbers and titles of {}; section expectations are itsmlint's own wording. Statuses are shown by colour and by text.</footer>\n</main>\n</body>\n</html>",
        esc(&c.standard)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_anchors() {
        assert_eq!(esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(doc_anchor("plans/Service Plan.md"), "doc-plans-service-plan-md");
    }
}
