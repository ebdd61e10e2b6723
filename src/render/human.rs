//! rustc-style output through miette: the finding, the clause, the source line with a label,
//! and the fix, then a summary line.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};

use super::citation;
use crate::engine::Report;
use crate::finding::{Finding, Severity};
use crate::source::{EXCERPT_CONTEXT_LINES, Excerpts};

/// Lines shown either side of a finding's span.
pub const SNIPPET_CONTEXT_LINES: usize = 1;
// A snippet cut from an excerpt is the one cut from the whole file only while the excerpt
// holds more lines than the snippet shows.
const _: () = assert!(SNIPPET_CONTEXT_LINES < EXCERPT_CONTEXT_LINES);

/// A snippet is read from the span's window of lines, as miette reads it from a whole file,
/// then moved back to the file's offsets and line numbers.
impl SourceCode for Excerpts {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let wanted = span.offset()..span.offset() + span.len();
        let window = self.window(&wanted).ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new((span.offset() - window.offset).into(), span.len());
        let inner = window
            .text
            .read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            SourceSpan::new((inner.span().offset() + window.offset).into(), inner.span().len()),
            inner.line() + window.line,
            inner.column(),
            inner.line_count() + window.line,
        )))
    }
}

struct Shown<'a> {
    finding: &'a Finding,
    title: String,
    source: Option<NamedSource<Arc<Excerpts>>>,
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
        .with_context_lines(SNIPPET_CONTEXT_LINES)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut out = String::new();
    for finding in &report.findings {
        let source = match (&finding.path, &finding.span) {
            (Some(path), Some(span)) => report
                .sources
                .get(path)
                .filter(|excerpts| excerpts.covers(span))
                .map(|excerpts| NamedSource::new(path, Arc::clone(excerpts))),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::LineIndex;

    const TEXTS: [&str; 8] = [
        "# T\n\n## A\ntext\n\n## B\nmore\nlast",
        "a\r\nb\r\n\r\nc\r\nd\r\n",
        "a\rb\rc\r\rd",
        "\u{feff}# T\r\nx\ny\rz\n",
        "é😀\n\nαβγ\nz\n\n",
        "one line, no ending",
        "\n\n\n\n\n\n",
        "",
    ];

    /// Every span of every text, as a snippet from the whole file and from excerpts cut for
    /// that span among others: the same bytes, offsets, lines and columns.
    #[test]
    fn a_snippet_from_excerpts_is_the_snippet_from_the_file() {
        for text in TEXTS {
            let lines = LineIndex::new(text);
            let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for (i, &start) in boundaries.iter().enumerate() {
                for &end in boundaries.iter().skip(i) {
                    let others = [0..0, text.len()..text.len(), start..start];
                    let excerpts = Excerpts::new(
                        text,
                        &lines,
                        others.into_iter().chain(std::iter::once(start..end)),
                    );
                    let span = SourceSpan::new(start.into(), end - start);
                    for context in 0..=SNIPPET_CONTEXT_LINES {
                        let whole = text.read_span(&span, context, context).map_err(|e| e.to_string());
                        let cut = excerpts
                            .read_span(&span, context, context)
                            .map_err(|e| e.to_string());
                        let view = |c: Result<Box<dyn SpanContents<'_> + '_>, String>| {
                            c.map(|c| (c.data().to_vec(), *c.span(), c.line(), c.column(), c.line_count()))
                        };
                        assert_eq!(
                            view(whole),
                            view(cut),
                            "{text:?} {start}..{end} context {context}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn excerpts_give_the_text_of_the_lines_they_hold() {
        for text in TEXTS {
            let lines = LineIndex::new(text);
            let excerpts = Excerpts::new(text, &lines, std::iter::once(0..text.len()));
            for line in 0..lines.line_count() {
                let expected = text.get(lines.line_range(text, line)).unwrap_or_default();
                // The line index does not count a byte-order mark; a snippet does.
                let expected = if line == 0 && text.starts_with('\u{feff}') {
                    format!("\u{feff}{expected}")
                } else {
                    expected.to_owned()
                };
                // The empty line after a last line break is not one, as for `str::lines`.
                let held = line == 0 || lines.line_start(line) < text.len();
                assert_eq!(
                    excerpts.line_text(line),
                    held.then_some(expected.as_str()),
                    "{text:?} line {line}"
                );
            }
        }
    }

    #[test]
    fn a_span_outside_every_excerpt_has_no_snippet() {
        let text = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let excerpts = Excerpts::new(text, &LineIndex::new(text), std::iter::once(0..1));
        assert!(!excerpts.covers(&(14..15)));
        assert!(excerpts.read_span(&SourceSpan::new(14.into(), 1), 1, 1).is_err());
        // Past the run, whether on the line right after it or further.
        assert_eq!(excerpts.line_text(3), None);
        assert_eq!(excerpts.line_text(7), None);
    }
}
