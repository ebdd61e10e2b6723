//! Printers: turn a [`crate::engine::Report`] into text for people or tools. The engine never
//! formats; each printer reads the same sorted findings.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::engine::Report;
use crate::finding::{Finding, Severity};

/// Text safe inside XML and HTML elements and attribute values: the five special characters
/// escaped, and the control characters XML 1.0 forbids dropped.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// `path` for tools that resolve paths from where they run (GitHub, GitLab, SARIF viewers):
/// the repository root's position below the current folder, then the repository path.
pub fn location_path(prefix: &str, path: &str) -> String {
    if prefix.is_empty() || path == "." {
        if path == "." && !prefix.is_empty() {
            return prefix.trim_end_matches('/').to_owned();
        }
        return path.to_owned();
    }
    format!("{}/{path}", prefix.trim_end_matches('/'))
}

/// Every finding's fingerprint, in report order: those a baseline worked out before it left
/// findings out (see [`Report::fingerprints`]), else worked out now.
pub fn fingerprints(report: &Report) -> std::borrow::Cow<'_, [String]> {
    if report.fingerprints.len() == report.findings.len() {
        return std::borrow::Cow::Borrowed(&report.fingerprints);
    }
    let mut seen = HashMap::new();
    std::borrow::Cow::Owned(
        report
            .findings
            .iter()
            .map(|f| fingerprint(report, f, &mut seen))
            .collect(),
    )
}

/// A fingerprint that survives unrelated edits: the rule, the file, the text of the line the
/// finding points at (not its number), and which occurrence of that triple it is.
fn fingerprint(report: &Report, f: &Finding, seen: &mut HashMap<String, usize>) -> String {
    let line_text = match (&f.path, f.start) {
        (Some(path), Some(start)) => report
            .sources
            .get(path)
            .and_then(|excerpts| excerpts.line_text(start.line.saturating_sub(1)))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default(),
        _ => f.message.clone(),
    };
    let key = format!("{}\0{}\0{line_text}", f.code, f.path.as_deref().unwrap_or(""));
    let occurrence = seen.entry(key.clone()).or_insert(0);
    *occurrence += 1;
    let digest = Sha256::digest(format!("{key}\0{occurrence}").as_bytes());
    digest
        .iter()
        .take(16)
        .fold(String::with_capacity(32), |mut hex, byte| {
            use std::fmt::Write as _;
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

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
        plural(report.files(), "file"),
    );
    let infos = report.count(Severity::Info);
    if infos > 0 {
        line.push_str(&format!(" ({})", plural(infos, "note")));
    }
    if report.baselined > 0 {
        line.push_str(&format!(
            "; {} in the baseline left out",
            plural(report.baselined, "finding")
        ));
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use super::*;
    use crate::finding::Finding;
    use crate::source::{Excerpts, LineIndex};

    /// The fingerprints of two findings, on the first and the fourth line of `text`.
    fn fingerprints(text: &str) -> Vec<String> {
        let lines = LineIndex::new(text);
        let findings: Vec<Finding> = [0, 3]
            .into_iter()
            .map(|line| {
                let start = lines.line_start(line);
                Finding {
                    code: "TXT001".into(),
                    name: "placeholder-text".into(),
                    severity: Severity::Error,
                    clauses: Vec::new(),
                    path: Some("a.md".into()),
                    span: Some(start..start + 3),
                    message: "m".into(),
                    help: None,
                    label: None,
                    doc_type: None,
                    start: Some(lines.position(text, start)),
                    end: Some(lines.position(text, start + 3)),
                }
            })
            .collect();
        let excerpts = Excerpts::new(text, &lines, findings.iter().filter_map(|f| f.span.clone()));
        let report = Report {
            sources: BTreeMap::from([("a.md".to_owned(), Arc::new(excerpts))]),
            ..Report::of(findings)
        };
        super::fingerprints(&report).into_owned()
    }

    /// A fingerprint hashes the line its finding points at, however the file ends its lines:
    /// converting a file to CRLF or back must not make every finding look new.
    #[test]
    fn a_fingerprint_does_not_depend_on_line_endings() {
        let lf = "# T\nintro\n\nTBD here\n";
        let prints = fingerprints(lf);
        assert_ne!(prints[0], prints[1]);
        assert_eq!(fingerprints(&lf.replace('\n', "\r\n")), prints);
        assert_eq!(fingerprints(&lf.replace('\n', "\r")), prints);
    }
}
