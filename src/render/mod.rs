//! Printers: turn a [`crate::engine::Report`] into text for people or tools. The engine never
//! formats; each printer reads the same sorted findings.

pub mod concise;
pub mod human;
pub mod json;

use crate::engine::Report;
use crate::finding::Severity;

/// "1 error", "2 warnings".
pub fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// The one-line summary every human-facing format ends with.
pub fn summary_line(report: &Report) -> String {
    let mut line = format!(
        "{}, {} in {}",
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        plural(report.files, "file"),
    );
    let infos = report.count(Severity::Info);
    if infos > 0 {
        line.push_str(&format!(" ({})", plural(infos, "note")));
    }
    line.push_str(&format!("; review dates checked as of {}", report.today));
    line
}

/// " (ISO/IEC 20000-1:2018 8.6.1)" or "" when the finding cites no clause.
pub fn citation(standard: &str, clauses: &[String]) -> String {
    if clauses.is_empty() {
        String::new()
    } else {
        format!(" ({standard} {})", clauses.join(", "))
    }
}
