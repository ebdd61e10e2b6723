//! GitLab code-quality report (the `codequality` artifact of a merge request).

use serde::Serialize;

use super::{citation, fingerprints, location_path};
use crate::engine::Report;
use crate::finding::Severity;

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

pub fn render(report: &Report, standard: &str, prefix: &str) -> String {
    let prints = fingerprints(report);
    let issues: Vec<Issue> = report
        .findings
        .iter()
        .zip(prints.iter())
        .map(|(f, print)| Issue {
            description: format!("{}: {}{}", f.code, f.message, citation(standard, &f.clauses)),
            check_name: f.code.clone(),
            fingerprint: print.clone(),
            severity: match f.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            },
            location: Location {
                path: location_path(
                    prefix,
                    f.path.as_deref().or(report.config.as_deref()).unwrap_or("."),
                ),
                lines: Lines {
                    begin: f.start.map_or(1, |p| p.line),
                },
            },
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    text.push('\n');
    text
}
