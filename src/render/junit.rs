//! JUnit XML for CI dashboards: one test case per document, one failure per finding.

use std::fmt::Write;

use super::citation;
use crate::engine::Report;
use crate::finding::{Finding, Severity};

use super::escape_markup as escape;

fn failure(out: &mut String, f: &Finding, standard: &str) {
    let at = match (&f.path, f.start) {
        (Some(path), Some(start)) => format!("{path}:{}:{}", start.line, start.column),
        (Some(path), None) => path.clone(),
        (None, _) => "repository".to_owned(),
    };
    let message = format!("{}{}", f.message, citation(standard, &f.clauses));
    let _ = writeln!(
        out,
        "      <failure type=\"{}\" message=\"{}\">{}: {} [{}] {}</failure>",
        escape(&f.code),
        escape(&message),
        escape(&at),
        escape(&f.code),
        f.severity.as_str(),
        escape(&message),
    );
}

pub fn render(report: &Report, standard: &str) -> String {
    // Notes are information, not failures.
    let failing = |f: &Finding| f.severity != Severity::Info;
    let mut repository: Vec<&Finding> = Vec::new();
    // Grouped once: looking each document's findings up in the whole list was quadratic.
    let mut by_document: std::collections::HashMap<&str, Vec<&Finding>> = std::collections::HashMap::new();
    for f in report.findings.iter().filter(|f| failing(f)) {
        match f.path.as_deref() {
            Some(path) => by_document.entry(path).or_default().push(f),
            None => repository.push(f),
        }
    }
    let tests = report.files() + 1;
    let failures = report.documents().filter(|d| by_document.contains_key(d)).count()
        + usize::from(!repository.is_empty());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"itsmlint\" tests=\"{tests}\" failures=\"{failures}\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"itsmlint check ({})\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">",
        report.today
    );
    let _ = writeln!(out, "    <testcase classname=\"itsmlint\" name=\"repository\">");
    for f in repository {
        failure(&mut out, f, standard);
    }
    out.push_str("    </testcase>\n");
    for doc in report.documents() {
        let _ = writeln!(
            out,
            "    <testcase classname=\"itsmlint\" name=\"{}\">",
            escape(doc)
        );
        for f in by_document.get(doc).into_iter().flatten() {
            failure(&mut out, f, standard);
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{DocInfo, Report};

    fn finding(path: &str, severity: Severity) -> Finding {
        Finding {
            code: "X001".into(),
            name: "x".into(),
            severity,
            clauses: Vec::new(),
            path: Some(path.into()),
            span: None,
            message: "m".into(),
            help: None,
            label: None,
            doc_type: None,
            start: None,
            end: None,
        }
    }

    #[test]
    fn a_document_with_only_notes_is_not_a_failure() {
        let info = |path: &str| DocInfo {
            path: path.into(),
            ..DocInfo::default()
        };
        let report = Report {
            infos: vec![info("a.md"), info("b.md"), info("c.md")],
            ..Report::of(vec![
                finding("a.md", Severity::Error),
                finding("b.md", Severity::Info),
            ])
        };
        let xml = render(&report, "ISO/IEC 20000-1:2018");
        assert!(xml.contains("tests=\"4\" failures=\"1\""), "{xml}");
        assert_eq!(xml.matches("<failure").count(), 1, "{xml}");
    }

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape("it's"), "it&#39;s");
    }
}
