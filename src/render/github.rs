//! GitHub Actions workflow commands: annotations on the pull request's changed lines.

use std::fmt::Write;

use super::{citation, location_path};
use crate::engine::Report;
use crate::finding::Severity;

/// Escaping for the message part of a workflow command.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escaping for a property value (`file=`, `title=`): also `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report, standard: &str, prefix: &str) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        let path = f.path.as_deref().or(report.config.as_deref());
        if let Some(path) = path {
            props.push(format!("file={}", property(&location_path(prefix, path))));
        }
        if let Some(start) = f.start {
            props.push(format!("line={}", start.line));
            props.push(format!("col={}", start.column));
            if let Some(end) = f.end {
                props.push(format!("endLine={}", end.line));
                if end.line == start.line {
                    props.push(format!("endColumn={}", end.column));
                }
            }
        }
        props.push(format!("title={}", property(&format!("{} ({})", f.code, f.name))));
        let mut message = format!("{}{}", f.message, citation(standard, &f.clauses));
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(out, "::{command} {}::{}", props.join(","), data(&message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_github_requires() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
