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
    let repository: Vec<&Finding> = report.findings.iter().filter(|f| f.path.is_none()).collect();
    let tests = report.documents.len() + 1;
    let failures = report
        .documents
        .iter()
        .filter(|d| {
            report
                .findings
                .iter()
                .any(|f| f.path.as_deref() == Some(d.as_str()))
        })
        .count()
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
    for f in repository.iter().copied().filter(|f| failing(f)) {
        failure(&mut out, f, standard);
    }
    out.push_str("    </testcase>\n");
    for doc in &report.documents {
        let _ = writeln!(
            out,
            "    <testcase classname=\"itsmlint\" name=\"{}\">",
            escape(doc)
        );
        for f in report
            .findings
            .iter()
            .filter(|f| f.path.as_deref() == Some(doc.as_str()) && failing(f))
        {
            failure(&mut out, f, standard);
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape("it's"), "it&#39;s");
    }
}
