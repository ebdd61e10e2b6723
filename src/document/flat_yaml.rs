//! Reads the shape nearly every front matter block has — one `key: value` per line, the value
//! a plain or quoted scalar or a one-line list of them — without the YAML parser, and gives
//! up on anything else so that the parser reads it.
//!
//! The YAML parser cost about a third as much as parsing the whole Markdown body, for a dozen
//! short lines. What this reader accepts is a strict subset of YAML, read exactly as the parser
//! reads it (same text, same spans): `tests::agrees_with_the_yaml_parser` and the
//! `front_matter` fuzz target hold it to that. It declines (returns `None`) on indentation,
//! tabs, comments after a value, escapes, anchors, tags, block scalars, flow mappings, keys
//! that are not simple words, repeated keys and characters YAML treats specially; the parser
//! then reads the block, and reports its errors.

use std::ops::Range;

use compact_str::CompactString;

use super::{FieldValue, Origin, RawField};

/// The fields of `content` (front matter starting at byte `base` of the file), if it has the
/// flat shape; `None` leaves it to the YAML parser.
pub fn read(content: &str, base: usize) -> Option<Vec<RawField>> {
    // Nearly every front matter is ASCII: a byte test for the ASCII characters of
    // `is_left_to_the_parser` (backslash, control characters other than `\n`, DEL), and
    // characters are decoded only in a block that is not ASCII. A fold rather than `any`:
    // without the early exit it is vectorised (7.5 M instructions fewer on 2,000 documents),
    // and the early exit almost never comes.
    let suspect = !content.is_ascii()
        || content.bytes().fold(false, |found, b| {
            found | (b == b'\\') | (b == 0x7f) | ((b < 0x20) & (b != b'\n'))
        });
    if suspect && content.chars().any(is_left_to_the_parser) {
        return None;
    }
    let lines = memchr::memchr_iter(b'\n', content.as_bytes()).count() + 1;
    let mut fields = Vec::with_capacity(lines);
    // At most a few thousand keys fit in the size limit, so a fast hash is safe.
    let mut keys: rustc_hash::FxHashSet<&str> =
        rustc_hash::FxHashSet::with_capacity_and_hasher(lines, rustc_hash::FxBuildHasher);
    // Line ends by a byte search: `split_inclusive('\n')` found each short line through the
    // standard library's generic `char` searcher, 3 M instructions more on 2,000 documents.
    let ends = memchr::memchr_iter(b'\n', content.as_bytes()).chain(std::iter::once(content.len()));
    let mut start = 0;
    for end in ends {
        let at = base + start;
        let Some(line) = content.get(start..end) else {
            break;
        };
        start = end + 1;
        if line.trim_end_matches(' ').is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, field) = entry(line, at)?;
        if !keys.insert(key) {
            return None;
        }
        fields.push(field);
    }
    Some(fields)
}

/// Characters whose reading this reader leaves to the YAML parser: escapes, tabs and other
/// control characters, line breaks other than `\n`, non-printable characters and a
/// byte-order mark.
fn is_left_to_the_parser(c: char) -> bool {
    c == '\\'
        || matches!(c, '\u{0}'..='\u{1f}' if c != '\n')
        || matches!(
            c,
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// One `key: value` line starting at byte `at`, and its key.
fn entry(line: &str, at: usize) -> Option<(&str, RawField)> {
    let colon = memchr::memchr(b':', line.as_bytes())?;
    let key = line.get(..colon)?;
    let mut key_chars = key.bytes();
    let simple_key = key_chars
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        && key_chars.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    // YAML allows an implicit key up to 1,024 characters; long keys are left to the parser.
    if !simple_key || key.len() > 128 {
        return None;
    }
    let key_span = at..at + colon;
    let rest = line.get(colon + 1..)?;
    let written = rest.trim_end_matches(' ');
    let (value, value_span) = if written.is_empty() {
        (FieldValue::Empty, key_span.clone())
    } else {
        // `key:value` is one plain scalar in YAML, not a pair.
        let value = written.strip_prefix(' ')?.trim_start_matches(' ');
        let value_start = at + colon + 1 + (written.len() - value.len());
        let value_span = value_start..value_start + value.len();
        let value = if let Some(inner) = value.strip_prefix('[') {
            FieldValue::List(list(inner.strip_suffix(']')?, value_start + 1)?)
        } else {
            match scalar(value, false)? {
                Some(text) => FieldValue::Text(text.into()),
                None => FieldValue::Empty,
            }
        };
        (value, value_span)
    };
    let field = RawField {
        key: key.into(),
        key_span,
        value,
        value_span,
        origin: Origin::FrontMatter,
    };
    Some((key, field))
}

/// The items of a one-line flow list whose text after `[` starts at byte `at`; null items are
/// left out, as the parser's reader does.
fn list(inner: &str, at: usize) -> Option<Vec<(CompactString, Range<usize>)>> {
    if inner.trim_matches(' ').is_empty() {
        return Some(Vec::new());
    }
    let mut items = Vec::new();
    let mut start = 0;
    for piece in inner.split(',') {
        let item_at = at + start + (piece.len() - piece.trim_start_matches(' ').len());
        start += piece.len() + 1;
        let item = piece.trim_matches(' ');
        if item.is_empty() {
            return None;
        }
        if let Some(text) = scalar(item, true)? {
            items.push((text.into(), item_at..item_at + item.len()));
        }
    }
    Some(items)
}

/// A scalar's text: `Some(None)` for YAML's null, `None` for anything this reader leaves to
/// the parser. `in_list` applies the stricter rules of plain text inside `[...]`.
fn scalar(value: &str, in_list: bool) -> Option<Option<&str>> {
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            let inner = inner.strip_suffix(quote)?;
            return (!inner.contains(quote)).then_some(Some(inner));
        }
    }
    let first = value.bytes().next()?;
    // A `matches!`, not `contains` on the list of bytes, which is a memchr call to set up.
    #[rustfmt::skip]
    let indicator = matches!(first, b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#'
        | b'&' | b'*' | b'!' | b'|' | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`');
    // A byte pair at a time: values are short, and two substring searches cost more to set up
    // than this whole loop.
    let breaks_plain = value
        .as_bytes()
        .windows(2)
        .any(|pair| pair == b": " || pair == b" #")
        || value.ends_with(':');
    let breaks_flow = in_list && value.contains([':', '#', '[', ']', '{', '}']);
    if indicator || breaks_plain || breaks_flow {
        return None;
    }
    Some((!matches!(value, "~" | "null" | "Null" | "NULL")).then_some(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::front_matter;

    /// Each case through the YAML parser and through this reader: where this reader accepts a
    /// block, both must give the same fields with the same spans.
    #[test]
    fn agrees_with_the_yaml_parser() {
        let cases = [
            "id: SMS-00027\ntitle: \"Change management policy\"\nversion: 3.2\nowner:\n",
            "clauses: [\"8.5.1.1\"]\nx: ['a', b , \"c\" ]\ny: []\nz: 'q'\nn: null\nt: ~\ne: \"\"\n",
            "a: b   \n\n# note\nb:    \nc: [ ]\nd: [\"\"]\ne: [null, x]\n",
            "owner: Jörg Müller\nurl: https://example.org/a#b\nlist: [a b, c-d]\n",
            "a: x # comment\n",
            "a:x\n",
            "a: [x,]\n",
            "a: [x, [y]]\n",
            "a: 'it''s'\n",
            "a: \"q\\\"\"\n",
            "a: &x y\nb: *x\n",
            "a: x\na: y\n",
            "a: x\n  b: y\n",
            "a: |\n  text\n",
            "a: b: c\n",
            "- a\n- b\n",
            "a: {b: c}\n",
            "key with space: x\n",
            "a: \"unclosed\n",
            "a: x\u{85}y\n",
            "a: -1\n",
            "1: one\n_x: y\nx-y: z\n",
            "a: [\"x, y\"]\n",
            "a: 'x' y\n",
            "a: x:\n",
            "a:  two  spaces  \n",
            "# only a comment\n",
            "a: Null\nb: NULL\nc: nULL\n",
        ];
        let mut accepted = 0;
        for content in cases {
            let text = format!("---\n{content}---\n");
            let split = front_matter::split(&text);
            let Some(block) = split.block else {
                panic!("no block in {content:?}")
            };
            let base = block.content.start;
            let Some(fast) = read(content, base) else {
                continue;
            };
            accepted += 1;
            let parsed = front_matter::parse_with_yaml_parser(&text, &block);
            assert_eq!(Ok(fast), parsed.map_err(|e| e.message), "{content:?}");
        }
        assert!(accepted >= 8, "only {accepted} cases took the fast path");
    }

    #[test]
    fn declines_what_it_does_not_read() {
        for content in [
            "a: x # c\n",
            "a: 'it''s'\n",
            "a: x\na: y\n",
            "a: x\n  b: y\n",
            "a: [x,]\n",
        ] {
            assert!(read(content, 0).is_none(), "{content:?}");
        }
    }
}
