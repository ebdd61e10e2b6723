//! The JSON report (`version` 1). Other tools consume it: fields are only ever added.

use serde::Serialize;

use crate::engine::Report;
use crate::finding::Severity;
use crate::pack::Pack;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    /// Findings `--baseline` left out; absent without a baseline, as before there were any.
    #[serde(skip_serializing_if = "is_zero")]
    baselined: usize,
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_zero(count: &usize) -> bool {
    *count == 0
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    path: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    message: &'a str,
    clauses: &'a [String],
    help: Option<&'a str>,
    /// The document type the finding concerns, and its ITIL 4 practices.
    document_type: Option<&'a str>,
    itil: &'a [String],
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    today: String,
    summary: Summary,
    diagnostics: Vec<Diagnostic<'a>>,
}

pub fn render(report: &Report, pack: &Pack) -> String {
    let doc = Document {
        version: 1,
        tool: Tool {
            name: "itsmlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        today: report.today.to_string(),
        summary: Summary {
            files: report.files(),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            baselined: report.baselined,
        },
        diagnostics: report
            .findings
            .iter()
            .map(|f| Diagnostic {
                code: &f.code,
                name: &f.name,
                severity: f.severity,
                path: f.path.as_deref(),
                line: f.start.map(|p| p.line),
                column: f.start.map(|p| p.column),
                end_line: f.end.map(|p| p.line),
                end_column: f.end.map(|p| p.column),
                message: &f.message,
                clauses: &f.clauses,
                help: f.help.as_deref(),
                document_type: f.doc_type.as_deref(),
                itil: f
                    .doc_type
                    .as_deref()
                    .and_then(|t| pack.document(t))
                    .map_or(&[][..], |t| t.itil.as_slice()),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    text.push('\n');
    text
}
