//! Source text of one file and the mapping from byte offsets to lines and columns.

use std::ops::Range;
use std::sync::Arc;

/// A file's text as read from disk, with its repository-relative path.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    pub text: Arc<str>,
    pub lines: LineIndex,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text = text.into();
        let lines = LineIndex::new(&text);
        Self {
            path: path.into(),
            text,
            lines,
        }
    }
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
        let bytes = text.as_bytes();
        let first = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut starts = vec![first];
        let rest = bytes.get(first..).unwrap_or(&[]);
        for i in memchr::memchr2_iter(b'\n', b'\r', rest).map(|i| i + first) {
            match bytes.get(i) {
                Some(b'\n') => starts.push(i + 1),
                Some(b'\r') if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
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
        let start = self.line_start(line).min(offset);
        let prefix = text.get(start..offset).unwrap_or("");
        Position {
            line: line + 1,
            column: prefix.chars().count() + 1,
            utf16_column: prefix.encode_utf16().count() + 1,
        }
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
