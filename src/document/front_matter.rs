//! Splits a YAML (`---`) or TOML (`+++`) front-matter block off line 1 and parses it into
//! fields with absolute byte spans.
//!
//! We split ourselves rather than through pulldown-cmark's metadata options: those also match
//! a `---` block mid-document, miss a block after a BOM, and break CRLF text into pieces that
//! no longer map onto the source. The YAML crate is hidden behind this module; a block of
//! plain `key: value` lines is read by [`super::flat_yaml`] first, which reads it the same way.

use std::ops::Range;

use compact_str::CompactString;

use super::{FieldValue, Origin, RawField};

/// Front matter larger than this is refused before parsing: no document-control block is this
/// big, and it bounds the work the YAML parser can be made to do.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

/// Where the block sits in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub format: Format,
    /// The opening delimiter line.
    pub open: Range<usize>,
    /// The text between the delimiter lines.
    pub content: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub message: String,
    pub span: Range<usize>,
}

/// The result of looking for front matter at the top of a file.
#[derive(Debug, Default)]
pub struct Split {
    pub block: Option<Block>,
    /// Where the Markdown body starts.
    pub body_start: usize,
    pub error: Option<FrontMatterError>,
}

/// One line of `text` starting at `start`: (content without ending, offset of the next line).
fn line_at(text: &str, start: usize) -> Option<(&str, usize)> {
    let rest = text.get(start..)?;
    if rest.is_empty() {
        return None;
    }
    // A byte search: a `char` pattern decodes every character of every line.
    let end = memchr::memchr2(b'\n', b'\r', rest.as_bytes()).unwrap_or(rest.len());
    let line = rest.get(..end)?;
    let after = rest.get(end..).unwrap_or("");
    let ending = if after.starts_with("\r\n") {
        2
    } else {
        usize::from(!after.is_empty())
    };
    Some((line, start + end + ending))
}

pub fn split(text: &str) -> Split {
    let first = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let Some((line, mut next)) = line_at(text, first) else {
        return Split::default();
    };
    let (format, closers): (Format, &[&str]) = match line.trim_end() {
        "---" => (Format::Yaml, &["---", "..."]),
        "+++" => (Format::Toml, &["+++"]),
        _ => {
            return Split {
                body_start: first,
                ..Split::default()
            };
        }
    };
    let open = first..first + line.len();
    let content_start = next;
    while let Some((candidate, after)) = line_at(text, next) {
        if closers.contains(&candidate.trim_end()) {
            return Split {
                block: Some(Block {
                    format,
                    open,
                    content: content_start..next,
                }),
                body_start: after,
                error: None,
            };
        }
        next = after;
    }
    let closer = closers.first().copied().unwrap_or("---");
    Split {
        block: None,
        body_start: first,
        error: Some(FrontMatterError {
            message: format!("front matter opened on line 1 is never closed by a `{closer}` line"),
            span: open,
        }),
    }
}

/// Parses the block's fields. Spans in the result are absolute offsets into `text`.
pub fn parse(text: &str, block: &Block) -> Result<Vec<RawField>, FrontMatterError> {
    parse_block(text, block, true)
}

/// [`parse`] with every YAML block read by the YAML parser, never by the flat-block reader:
/// what the tests and the `front_matter` fuzz target compare that reader against.
#[doc(hidden)]
pub fn parse_with_yaml_parser(text: &str, block: &Block) -> Result<Vec<RawField>, FrontMatterError> {
    parse_block(text, block, false)
}

fn parse_block(text: &str, block: &Block, flat_reader: bool) -> Result<Vec<RawField>, FrontMatterError> {
    let content = text.get(block.content.clone()).unwrap_or("");
    if content.len() > MAX_FRONT_MATTER_BYTES {
        return Err(FrontMatterError {
            message: format!(
                "front matter is {} KiB; the limit is {} KiB",
                content.len() / 1024,
                MAX_FRONT_MATTER_BYTES / 1024
            ),
            span: block.open.clone(),
        });
    }
    let base = block.content.start;
    match block.format {
        Format::Yaml if flat_reader => match super::flat_yaml::read(content, base) {
            Some(fields) => Ok(fields),
            None => parse_yaml(content, base, &block.open),
        },
        Format::Yaml => parse_yaml(content, base, &block.open),
        Format::Toml => parse_toml(content, base, &block.open),
    }
}

// ------------------------------------------------------------------------------------- YAML
//
// The YAML is read from the event stream of serde-saphyr's own parser (granit-parser, which it
// re-exports) rather than through serde: front matter is a flat mapping of scalars and lists
// of scalars, and building serde values with spans for it cost three times the parse itself.
// Events also make the alias bomb harmless by construction: an alias is never expanded, only
// counted as the size it would expand to, and that size is held to the same budget as before.

use serde_saphyr::granit_parser::{Event, Options, Parser, ScalarStyle, ScanError, Span};

/// What a document-control block may expand to (aliases counted at their expanded size), how
/// deep it may nest, and how many events it may have: far beyond any real block, far below
/// what would cost noticeable time or memory.
const MAX_NODES: u64 = 20_000;
const MAX_DEPTH: usize = 32;
const MAX_EVENTS: usize = 100_000;

const BUDGET_MESSAGE: &str = "front matter is too large once its YAML aliases and nesting are expanded \
(more than 20,000 values or 32 levels): aliases are limited so that a small file cannot grow without bound";

/// A scalar as written: its text after YAML unescaping, and whether it is YAML's null.
#[derive(Clone)]
struct Scalar {
    text: String,
    null: bool,
}

/// A node as the fields need it; an anchor keeps one so that an alias to it reads as its value.
#[derive(Clone)]
enum Node {
    Scalar(Scalar),
    /// A sequence, with its scalar items (nested items are left out).
    List(Vec<(Scalar, Range<usize>)>),
    Nested,
}

/// One `key: value` pair of a mapping.
struct Entry {
    key: String,
    key_span: Range<usize>,
    value: Node,
    value_span: Range<usize>,
}

/// What comes next inside a collection.
#[expect(
    clippy::large_enum_variant,
    reason = "a return value that is matched at once; boxing would allocate for every event"
)]
enum Child<'a> {
    Node(Event<'a>, Span),
    /// The collection's end event (or the stream's end), at this offset.
    End(usize),
}

struct Reader<'a> {
    parser: Parser<'a, serde_saphyr::granit_parser::StrInput<'a>>,
    content: &'a str,
    base: usize,
    events: usize,
    /// Nodes so far, aliases counted at the size of what they refer to.
    nodes: u64,
    anchors: std::collections::HashMap<usize, (Node, u64)>,
}

impl<'a> Reader<'a> {
    fn new(content: &'a str, base: usize) -> Self {
        // Comments are skipped, not read: as events, a run of them after an empty value
        // overflowed the parser's look-ahead buffer and made valid YAML an error.
        let mut options = Options::default();
        options.set_emit_comments(false);
        Self {
            parser: Parser::new_from_str_with_options(content, options),
            content,
            base,
            events: 0,
            nodes: 0,
            anchors: std::collections::HashMap::new(),
        }
    }

    fn span(&self, span: &Span) -> Range<usize> {
        let start = span.start.byte_offset().unwrap_or(0).min(self.content.len());
        let end = span
            .end
            .byte_offset()
            .unwrap_or(start)
            .clamp(start, self.content.len());
        self.base + start..self.base + end
    }

    fn scan_error(&self, error: &ScanError) -> FrontMatterError {
        let at = error.marker().byte_offset().unwrap_or(0).min(self.content.len());
        let end = self
            .content
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or(at, |c| at + c.len_utf8());
        FrontMatterError {
            message: format!("front matter is not valid YAML: {}", first_line(&error.info())),
            span: self.base + at..self.base + end,
        }
    }

    fn budget_error(&self, span: Range<usize>) -> FrontMatterError {
        FrontMatterError {
            message: BUDGET_MESSAGE.to_owned(),
            span,
        }
    }

    fn next(&mut self) -> Result<Option<(Event<'a>, Span)>, FrontMatterError> {
        self.events += 1;
        if self.events > MAX_EVENTS {
            return Err(self.budget_error(self.base..self.base));
        }
        match self.parser.next_event() {
            None => Ok(None),
            Some(Ok(event)) => Ok(Some(event)),
            Some(Err(error)) => Err(self.scan_error(&error)),
        }
    }

    /// The next node inside a collection, past comments and anchor names.
    fn child(&mut self) -> Result<Child<'a>, FrontMatterError> {
        loop {
            match self.next()? {
                None => return Ok(Child::End(self.base + self.content.len())),
                Some((Event::SequenceEnd | Event::MappingEnd | Event::StreamEnd, span)) => {
                    return Ok(Child::End(self.span(&span).end));
                }
                Some((event, span)) if !Self::is_metadata(&event) => return Ok(Child::Node(event, span)),
                Some(_) => {}
            }
        }
    }

    /// Counts `size` more nodes against the budget.
    fn count(&mut self, size: u64, span: &Range<usize>) -> Result<(), FrontMatterError> {
        self.nodes = self.nodes.saturating_add(size);
        if self.nodes > MAX_NODES {
            return Err(self.budget_error(span.clone()));
        }
        Ok(())
    }

    /// Keeps what anchor `anchor` (0: none) stands for and the number of nodes it expands to.
    fn remember(&mut self, anchor: usize, value: &Node, size: u64) {
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), size));
        }
    }

    /// Reads the node that `event` starts, with its span; `depth` is its nesting level.
    fn node(
        &mut self,
        event: Event<'a>,
        span: &Span,
        depth: usize,
    ) -> Result<(Node, Range<usize>), FrontMatterError> {
        let range = self.span(span);
        if depth > MAX_DEPTH {
            return Err(self.budget_error(range));
        }
        let before = self.nodes;
        match event {
            Event::Scalar(text, style, anchor, _) => {
                self.count(1, &range)?;
                let null = style == ScalarStyle::Plain
                    && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL");
                let value = Node::Scalar(Scalar {
                    text: text.into_owned(),
                    null,
                });
                self.remember(anchor, &value, 1);
                Ok((value, range))
            }
            Event::Alias(anchor) => {
                let (value, size) = self.anchors.get(&anchor).cloned().unwrap_or((Node::Nested, 1));
                self.count(size, &range)?;
                Ok((value, range))
            }
            Event::SequenceStart(_, anchor, _) => {
                self.count(1, &range)?;
                let mut items = Vec::new();
                let end = loop {
                    match self.child()? {
                        Child::End(end) => break end,
                        Child::Node(event, child_span) => {
                            if let (Node::Scalar(item), item_span) =
                                self.node(event, &child_span, depth + 1)?
                            {
                                items.push((item, item_span));
                            }
                        }
                    }
                };
                let value = Node::List(items);
                self.remember(anchor, &value, self.nodes - before);
                Ok((value, range.start..end.max(range.end)))
            }
            Event::MappingStart(_, anchor, _) => {
                self.count(1, &range)?;
                let (_, end) = self.entries(depth + 1)?;
                self.remember(anchor, &Node::Nested, self.nodes - before);
                Ok((Node::Nested, range.start..end.max(range.end)))
            }
            _ => Ok((Node::Nested, range)),
        }
    }

    /// The entries of the mapping whose start was just read, its children at `depth`, and where
    /// it ends. A key must be a scalar and may appear once.
    fn entries(&mut self, depth: usize) -> Result<(Vec<Entry>, usize), FrontMatterError> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        loop {
            let Child::Node(event, span) = self.child()? else {
                return Ok((entries, self.base + self.content.len()));
            };
            let key_span = self.span(&span);
            let Node::Scalar(Scalar { text: key, .. }) = self.node(event, &span, depth)?.0 else {
                return Err(FrontMatterError {
                    message: "front matter is not valid YAML: a key must be plain text".into(),
                    span: key_span,
                });
            };
            let (event, span) = match self.child()? {
                Child::Node(event, span) => (event, span),
                Child::End(end) => return Ok((entries, end)),
            };
            if !seen.insert(key.clone()) {
                return Err(FrontMatterError {
                    message: format!("front matter is not valid YAML: duplicate key `{key}`"),
                    span: key_span,
                });
            }
            let (value, value_span) = self.node(event, &span, depth)?;
            entries.push(Entry {
                key,
                key_span,
                value,
                value_span,
            });
        }
    }

    /// Events that are not nodes (comments, anchor names, document markers).
    fn is_metadata(event: &Event<'_>) -> bool {
        !matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(_)
                | Event::UnresolvedAlias(_)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
                | Event::SequenceEnd
                | Event::MappingEnd
        )
    }
}

fn parse_yaml(content: &str, base: usize, open: &Range<usize>) -> Result<Vec<RawField>, FrontMatterError> {
    if content.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut reader = Reader::new(content, base);
    // Up to the root node, past the stream and document start and any comments.
    match reader.child()? {
        // Only comments: nothing is written, as with an empty block.
        Child::End(_) => return Ok(Vec::new()),
        Child::Node(Event::MappingStart(..), _) => {}
        Child::Node(..) => {
            return Err(FrontMatterError {
                message: "front matter must be a mapping of `key: value` lines".into(),
                span: open.clone(),
            });
        }
    }
    let (entries, _) = reader.entries(1)?;
    Ok(entries
        .into_iter()
        .map(|entry| RawField {
            key: entry.key.into(),
            value: match entry.value {
                Node::Scalar(s) if s.null => FieldValue::Empty,
                Node::Scalar(s) => FieldValue::Text(s.text.into()),
                Node::List(items) => FieldValue::List(
                    items
                        .into_iter()
                        .filter(|(s, _)| !s.null)
                        .map(|(s, span)| (s.text.into(), span))
                        .collect(),
                ),
                Node::Nested => FieldValue::Nested,
            },
            value_span: if entry.value_span.is_empty() {
                entry.key_span.clone()
            } else {
                entry.value_span
            },
            key_span: entry.key_span,
            origin: Origin::FrontMatter,
        })
        .collect())
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

// ------------------------------------------------------------------------------------- TOML

fn parse_toml(content: &str, base: usize, open: &Range<usize>) -> Result<Vec<RawField>, FrontMatterError> {
    let table = toml::de::DeTable::parse(content).map_err(|err| FrontMatterError {
        message: format!("front matter is not valid TOML: {}", first_line(err.message())),
        span: err
            .span()
            .map_or_else(|| open.clone(), |s| base + s.start..base + s.end),
    })?;
    let shift = |r: Range<usize>| base + r.start..base + r.end;
    let raw = |r: &Range<usize>| CompactString::from(content.get(r.clone()).unwrap_or("").trim());
    let text_of = |value: &toml::Spanned<toml::de::DeValue<'_>>| -> Option<CompactString> {
        let inner = value.get_ref();
        if let Some(s) = inner.as_str() {
            Some(s.into())
        } else if inner.is_array() || inner.is_table() {
            None
        } else {
            Some(raw(&value.span()))
        }
    };
    let mut fields = Vec::new();
    for (key, value) in table.get_ref() {
        let field_value = if let Some(items) = value.get_ref().as_array() {
            FieldValue::List(
                items
                    .iter()
                    .filter_map(|item| text_of(item).map(|t| (t, shift(item.span()))))
                    .collect(),
            )
        } else {
            text_of(value).map_or(FieldValue::Nested, FieldValue::Text)
        };
        fields.push(RawField {
            key: key.get_ref().as_ref().into(),
            key_span: shift(key.span()),
            value: field_value,
            value_span: shift(value.span()),
            origin: Origin::FrontMatter,
        });
    }
    fields.sort_by_key(|f| f.key_span.start);
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_of(text: &str) -> Block {
        split(text)
            .block
            .unwrap_or_else(|| panic!("no block in {text:?}"))
    }

    fn fields(text: &str) -> Vec<RawField> {
        parse(text, &block_of(text)).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn text_of(field: &RawField) -> &str {
        match &field.value {
            FieldValue::Text(t) => t,
            _ => "",
        }
    }

    fn items_of(field: &RawField) -> &[(CompactString, Range<usize>)] {
        match &field.value {
            FieldValue::List(items) => items,
            other => panic!("not a list: {other:?}"),
        }
    }

    #[test]
    fn yaml_keeps_number_text_and_absolute_spans() {
        let text = "---\nid: A-1\nversion: 1.10\ncountry: NO\n---\n# T\n";
        let f = fields(text);
        assert_eq!(text_of(&f[1]), "1.10");
        assert_eq!(&text[f[1].value_span.clone()], "1.10");
        assert_eq!(text_of(&f[2]), "NO");
        assert_eq!(&text[f[0].key_span.clone()], "id");
        assert_eq!(split(text).body_start, text.find("# T").unwrap_or(0));
    }

    /// Found by the `front_matter` fuzz target: comments read as events overflowed the YAML
    /// parser's look-ahead after an empty value, so a valid block was reported as invalid.
    #[test]
    fn a_long_run_of_comments_is_valid_yaml() {
        let text = format!("---\nid:\n{}  nested: x\n---\n", "# note\n".repeat(200));
        let block = block_of(&text);
        let parsed = parse_with_yaml_parser(&text, &block).map_err(|e| e.message);
        assert_eq!(parsed.map(|f| f.len()), Ok(1));
        let text = format!("---\nid:\n{}---\n", "# note\n".repeat(200));
        let block = block_of(&text);
        assert_eq!(parse(&text, &block), parse_with_yaml_parser(&text, &block));
    }

    #[test]
    fn bom_and_crlf() {
        let text = "\u{feff}---\r\nowner: Jane\r\n---\r\nbody";
        let s = split(text);
        assert_eq!(s.body_start, text.find("body").unwrap_or(0));
        let f = fields(text);
        assert_eq!(&text[f[0].value_span.clone()], "Jane");
    }

    #[test]
    fn unterminated_block_is_an_error_on_line_one() {
        let s = split("---\nid: x\n# Title\n");
        assert!(s.block.is_none());
        assert_eq!(s.error.map(|e| e.span), Some(0..3));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("---\na: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (name, prev) in [
            ("b", "a"),
            ("c", "b"),
            ("d", "c"),
            ("e", "d"),
            ("f", "e"),
            ("g", "f"),
        ] {
            let refs = vec![format!("*{prev}"); 10].join(",");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        text.push_str("---\n");
        let s = split(&text);
        let block = s.block.unwrap_or_else(|| panic!("no block"));
        assert!(parse(&text, &block).is_err());
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let text = "---\nid: a\nid: b\n---\n";
        let block = block_of(text);
        assert!(parse(text, &block).is_err());
    }

    #[test]
    fn yaml_aliases_read_as_their_value_and_nulls_as_empty() {
        let text = "---\nowner: &lead Jane Doe\napprover: *lead\nstatus: ~\nclauses: &c [\"8.1\"]\nalso: *c\nmeta: {a: 1}\n---\n";
        let f = fields(text);
        assert_eq!(text_of(&f[1]), "Jane Doe");
        assert_eq!(&text[f[1].value_span.clone()], "*lead");
        assert_eq!(f[2].value, FieldValue::Empty);
        assert!(matches!(&f[4].value, FieldValue::List(items) if items.len() == 1));
        assert_eq!(f[5].value, FieldValue::Nested);
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let text = "---\nid: a\ntitle: \"open\n---\n";
        let block = block_of(text);
        let err = parse(text, &block).err().unwrap_or_else(|| panic!("parsed"));
        assert!(
            err.message.starts_with("front matter is not valid YAML"),
            "{}",
            err.message
        );
        assert!(err.span.start >= block.content.start && err.span.end <= block.content.end);
        let comments = "---\n# nothing yet\n---\n";
        let block = block_of(comments);
        assert_eq!(parse(comments, &block), Ok(Vec::new()));
    }

    #[test]
    fn nested_list_items_are_left_out_and_nested_duplicates_refused() {
        let text = "---\nclauses: [\"8.1\", [x], {a: b}, \"8.2\"]\n---\n";
        let f = fields(text);
        let ids: Vec<&str> = items_of(&f[0]).iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(ids, ["8.1", "8.2"]);
        let text = "---\nmeta:\n  a: 1\n  a: 2\n---\n";
        let block = block_of(text);
        assert!(parse(text, &block).is_err());
    }

    #[test]
    fn yaml_list_items_have_spans() {
        let text = "---\nclauses: [\"8.6.1\", 8.6]\n---\n";
        let f = fields(text);
        let items = items_of(&f[0]);
        assert_eq!(items[1].0, "8.6");
        assert_eq!(&text[items[0].1.clone()], "\"8.6.1\"");
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\nid = \"X-1\"\nversion = 1.10\nlast_reviewed = 2026-01-02\n+++\n";
        let f = fields(text);
        assert_eq!(text_of(&f[0]), "X-1");
        assert_eq!(text_of(&f[1]), "1.10");
        assert_eq!(text_of(&f[2]), "2026-01-02");
        assert_eq!(&text[f[2].value_span.clone()], "2026-01-02");
    }

    #[test]
    fn a_thematic_break_later_is_not_front_matter() {
        let s = split("# T\n\n---\nid: x\n---\n");
        assert!(s.block.is_none() && s.error.is_none());
    }
}
