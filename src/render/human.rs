//! rustc-style output through miette: the finding, the clause, the source line with a label,
//! and the fix, then a summary line.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use super::citation;
use crate::engine::Report;
use crate::finding::{Finding, Severity};

struct Shown<'a> {
    finding: &'a Finding,
    title: String,
    source: Option<NamedSource<Arc<String>>>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("{}({})", self.finding.code, self.finding.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(h.as_str()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.finding.span.clone()?;
        self.source.as_ref()?;
        let label = self.finding.label.clone();
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(label, span))))
    }
}

pub fn render(report: &Report, standard: &str, color: bool, quiet: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Document-type ids and paths contain hyphens: wrapping must not split them.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut out = String::new();
    for finding in &report.findings {
        let source = match (&finding.path, &finding.span) {
            (Some(path), Some(_)) => report
                .sources
                .get(path)
                .map(|text| NamedSource::new(path, Arc::clone(text))),
            _ => None,
        };
        let cite = citation(standard, &finding.clauses);
        let title = match (&finding.path, &source) {
            (Some(path), None) => format!("{path}: {}{cite}", finding.message),
            (None, _) => format!("repository: {}{cite}", finding.message),
            _ => format!("{}{cite}", finding.message),
        };
        let shown = Shown {
            finding,
            title,
            source,
        };
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&shown.title);
            out.push('\n');
        }
        out.push('\n');
    }
    if !quiet {
        out.push_str(&super::summary_line(report));
        out.push('\n');
    }
    out
}
