//! Source text of one file and the mapping from byte offsets to lines and columns.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// A file's text as read from disk, with its repository-relative path.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    /// An `Arc<String>` rather than an `Arc<str>`: the file's buffer is kept as read, where
    /// an `Arc<str>` would copy every document into a new allocation.
    pub text: Arc<String>,
    /// Built on first use: a clean document never needs more than a position or two.
    lines: OnceLock<LineIndex>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            text: Arc::new(text.into()),
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
    fn line_of(&self, offset: usize) -> usize {
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
