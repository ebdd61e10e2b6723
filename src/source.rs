//! Source text of one file and the mapping from byte offsets to lines and columns.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// A file's text as read from disk, with its repository-relative path.
#[derive(Debug, Clone)]
pub struct SourceFile<'t> {
    /// Path relative to the repository root, with `/` separators.
    pub path: Cow<'t, str>,
    /// Borrowed from the reader's buffer while the document is checked: a document is not
    /// copied out of it, nor its path out of the inventory.
    pub text: Cow<'t, str>,
    /// Built on first use: a clean document never needs more than a position or two.
    lines: OnceLock<LineIndex>,
}

impl<'t> SourceFile<'t> {
    pub fn new(path: impl Into<Cow<'t, str>>, text: impl Into<Cow<'t, str>>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
            lines: OnceLock::new(),
        }
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Position of `offset`: from the line index when it exists, else by scanning the text up
    /// to `offset` (cheaper for the few positions of a clean document, near its top).
    pub fn position(&self, offset: usize) -> Position {
        match self.lines.get() {
            Some(lines) => lines.position(&self.text, offset),
            None => position_by_scan(&self.text, offset),
        }
    }
}

/// Where each line after the first starts. CRLF, LF and a lone CR all end a line.
fn later_line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'\n', b'\r', bytes).filter_map(move |i| match bytes.get(i) {
        Some(b'\n') => Some(i + 1),
        Some(b'\r') if bytes.get(i + 1) != Some(&b'\n') => Some(i + 1),
        _ => None,
    })
}

/// Where the first line starts: a leading byte-order mark is not a column.
fn first_line_start(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

fn position_in_line(text: &str, line: usize, start: usize, offset: usize) -> Position {
    let prefix = text.get(start.min(offset)..offset).unwrap_or("");
    Position {
        line: line + 1,
        column: prefix.chars().count() + 1,
        utf16_column: prefix.encode_utf16().count() + 1,
    }
}

/// Position of `offset` in `text` without a line index; clamped like [`LineIndex::position`].
pub fn position_by_scan(text: &str, offset: usize) -> Position {
    let offset = clamp_to_char_boundary(text, offset);
    let (mut line, mut start) = (0, first_line_start(text));
    for next in later_line_starts(text).take_while(|&s| s <= offset) {
        line += 1;
        start = next;
    }
    position_in_line(text, line, start, offset)
}

/// One-based position for people and tools; `utf16_column` is what SARIF consumers count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub utf16_column: usize,
}

/// Line starts of a text. CRLF, LF and a lone CR all end a line, as in CommonMark, and a
/// leading byte-order mark is not counted as a column.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(first_line_start(text))
            .chain(later_line_starts(text))
            .collect();
        Self { starts }
    }

    /// Zero-based line number holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// Byte offset where the zero-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(0)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Position of `offset` in `text`; an offset inside a multi-byte character or past the end
    /// is clamped, never a panic.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = clamp_to_char_boundary(text, offset);
        let line = self.line_of(offset);
        position_in_line(text, line, self.line_start(line), offset)
    }

    /// Byte range of the zero-based `line` without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.line_start(line);
        let next = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let content = text.get(start..next).unwrap_or("");
        let trimmed = content.trim_end_matches(['\n', '\r']);
        start..start + trimmed.len()
    }

    /// The first and the last zero-based line of `text` a snippet of `span` needs: the lines
    /// holding it and [`EXCERPT_CONTEXT_LINES`] either side, where the text has them.
    fn lines_around(&self, text: &str, span: &Range<usize>) -> (usize, usize) {
        let start = clamp_to_char_boundary(text, span.start);
        let end = clamp_to_char_boundary(text, span.end.max(span.start));
        let last_line = self.line_count().saturating_sub(1);
        (
            self.line_of(start).saturating_sub(EXCERPT_CONTEXT_LINES),
            (self.line_of(end) + EXCERPT_CONTEXT_LINES).min(last_line),
        )
    }

    /// Bytes of the zero-based lines `first..=last` of `text`, line endings included. The
    /// first line starts at 0 even after a byte-order mark: a snippet counts it.
    fn lines_bytes(&self, text: &str, first: usize, last: usize) -> Range<usize> {
        let start = if first == 0 { 0 } else { self.line_start(first) };
        start..self.starts.get(last + 1).copied().unwrap_or(text.len())
    }

    /// The index of lines `first..=last` cut out as a text of their own from byte `start`:
    /// what [`LineIndex::new`] would find in it, without scanning it again.
    fn sub_index(&self, first: usize, last: usize, start: usize) -> Self {
        let end = (last + 2).min(self.starts.len());
        let starts = self.starts.get(first..end).unwrap_or_default();
        Self {
            starts: starts.iter().map(|s| s.saturating_sub(start)).collect(),
        }
    }
}

/// Whole lines kept either side of a span in [`Excerpts`]: one more than a snippet shows
/// (`render::human`), since miette reads a line further for a span that ends on a line break;
/// then a snippet is the same as one cut from the whole file.
pub const EXCERPT_CONTEXT_LINES: usize = 2;

/// The lines of a file around the spans its findings point at, kept once the file's text is
/// gone: a run over thousands of documents with findings would otherwise hold every one of
/// them until it prints.
#[derive(Debug, Clone, Default)]
pub struct Excerpts {
    /// Sorted by offset and apart from each other.
    runs: Vec<Run>,
}

/// Consecutive whole lines, line endings included.
#[derive(Debug, Clone)]
struct Run {
    /// Byte offset of the run's first line in the file.
    offset: usize,
    /// Zero-based number of that line.
    line: usize,
    text: String,
    /// Line starts of `text`: a run can be a whole file of findings, and a window or a line
    /// found by scanning from its top would make printing them quadratic.
    lines: LineIndex,
}

impl Run {
    fn end(&self) -> usize {
        self.offset + self.text.len()
    }
}

/// The lines of one span with [`EXCERPT_CONTEXT_LINES`] lines either side, as cut from the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window<'e> {
    pub text: &'e str,
    /// Byte offset of the window's first line in the file.
    pub offset: usize,
    /// Zero-based number of that line.
    pub line: usize,
}

impl Excerpts {
    /// The lines holding each span, with [`EXCERPT_CONTEXT_LINES`] lines either side.
    pub fn new(text: &str, lines: &LineIndex, spans: impl IntoIterator<Item = Range<usize>>) -> Self {
        let mut wanted: Vec<(usize, usize)> = spans
            .into_iter()
            .map(|span| lines.lines_around(text, &span))
            .collect();
        wanted.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(wanted.len());
        for (first, last) in wanted {
            match merged.last_mut() {
                Some(previous) if first <= previous.1 + 1 => previous.1 = previous.1.max(last),
                _ => merged.push((first, last)),
            }
        }
        let runs = merged
            .into_iter()
            .map(|(first, last)| {
                let bytes = lines.lines_bytes(text, first, last);
                Run {
                    offset: bytes.start,
                    line: first,
                    lines: lines.sub_index(first, last, bytes.start),
                    text: text.get(bytes).unwrap_or("").to_owned(),
                }
            })
            .collect();
        Self { runs }
    }

    /// The run that holds all of `span`.
    fn run(&self, span: &Range<usize>) -> Option<&Run> {
        let end = span.end.max(span.start);
        let at = self.runs.partition_point(|run| run.end() < end);
        self.runs.get(at).filter(|run| run.offset <= span.start)
    }

    /// Whether a run holds all of `span`.
    pub fn covers(&self, span: &Range<usize>) -> bool {
        self.run(span).is_some()
    }

    /// The window of `span`: what a snippet of it reads, however many findings its run holds.
    pub fn window(&self, span: &Range<usize>) -> Option<Window<'_>> {
        let run = self.run(span)?;
        let local = span.start.saturating_sub(run.offset)..span.end.saturating_sub(run.offset);
        let (first, last) = run.lines.lines_around(&run.text, &local);
        let bytes = run.lines.lines_bytes(&run.text, first, last);
        Some(Window {
            offset: run.offset + bytes.start,
            line: run.line + first,
            text: run.text.get(bytes)?,
        })
    }

    /// The text of the zero-based `line` without its line ending, when a run holds it (the
    /// empty line after a file's last line break counts as not held, as `str::lines` has it).
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let at = self.runs.partition_point(|run| run.line <= line).checked_sub(1)?;
        let run = self.runs.get(at)?;
        let within = line - run.line;
        if within >= run.lines.line_count() {
            return None;
        }
        let bytes = run.lines.line_range(&run.text, within);
        // The first line from 0, byte-order mark and all, as `str::lines` gives it.
        let start = if within == 0 { 0 } else { bytes.start };
        if within > 0 && start == run.text.len() {
            return None;
        }
        run.text.get(start..bytes.end)
    }
}

/// The largest char boundary not after `offset` (and not past the end).
pub fn clamp_to_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every offset of texts with each kind of line ending, with and without the index.
    #[test]
    fn scanned_positions_match_the_index() {
        for text in ["a\r\nb\rc\nd", "\u{feff}# T\r\n\r\nx\r", "é😀\n\n\rz", "", "\n"] {
            let idx = LineIndex::new(text);
            for offset in 0..=text.len() + 1 {
                assert_eq!(
                    position_by_scan(text, offset),
                    idx.position(text, offset),
                    "{text:?} @ {offset}"
                );
            }
        }
    }

    /// Every run of lines of texts with each kind of line ending: the index cut from the
    /// file's is the one a scan of the run finds.
    #[test]
    fn a_sub_index_is_the_index_of_its_lines() {
        for text in [
            "a\r\nb\rc\nd",
            "\u{feff}# T\r\n\r\nx\r",
            "é😀\n\n\rz\n",
            "",
            "\n",
            "x",
        ] {
            let idx = LineIndex::new(text);
            for first in 0..idx.line_count() {
                for last in first..idx.line_count() {
                    let bytes = idx.lines_bytes(text, first, last);
                    let run = text.get(bytes.clone()).unwrap_or_default();
                    assert_eq!(
                        idx.sub_index(first, last, bytes.start).starts,
                        LineIndex::new(run).starts,
                        "{text:?} lines {first}..={last}"
                    );
                }
            }
        }
    }

    #[test]
    fn lf_positions() {
        let text = "ab\ncd\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0).line, 1);
        assert_eq!(idx.position(text, 4).line, 2);
        assert_eq!(idx.position(text, 4).column, 2);
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "a\r\nb\rc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.position(text, 3).line, 2);
        assert_eq!(idx.position(text, 5).line, 3);
        assert_eq!(idx.position(text, 7).line, 4);
        assert_eq!(idx.line_range(text, 0), 0..1);
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}# Title\r\nx";
        let idx = LineIndex::new(text);
        let p = idx.position(text, 3);
        assert_eq!((p.line, p.column), (1, 1));
        let p = idx.position(text, 5);
        assert_eq!((p.line, p.column), (1, 3));
    }

    #[test]
    fn columns_count_characters_and_utf16_units() {
        let text = "é😀x";
        let idx = LineIndex::new(text);
        let p = idx.position(text, "é😀".len());
        assert_eq!(p.column, 3);
        assert_eq!(p.utf16_column, 4);
    }

    #[test]
    fn offsets_inside_a_character_are_clamped() {
        let text = "é";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 1).column, 1);
        assert_eq!(idx.position(text, 99).column, 2);
    }
}
