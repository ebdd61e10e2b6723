//! One line per finding, `path:line:col: CODE [severity] message (clause)`, the format editors
//! and grep understand.

use std::fmt::Write;

use super::citation;
use crate::engine::Report;

pub fn render(report: &Report, standard: &str) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let location = match (&f.path, &f.start) {
            (Some(path), Some(start)) => format!("{path}:{}:{}", start.line, start.column),
            (Some(path), None) => format!("{path}:1:1"),
            (None, _) => "<repository>".to_owned(),
        };
        let _ = writeln!(
            out,
            "{location}: {} [{}] {}{}",
            f.code,
            f.severity.as_str(),
            f.message,
            citation(standard, &f.clauses)
        );
    }
    out
}
