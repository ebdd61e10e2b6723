//! Splits a YAML (`---`) or TOML (`+++`) front-matter block off line 1 and parses it into
//! fields with absolute byte spans.
//!
//! We split ourselves rather than through pulldown-cmark's metadata options: those also match
//! a `---` block mid-document, miss a block after a BOM, and break CRLF text into pieces that
//! no longer map onto the source. The YAML crate is hidden behind this module.

use std::ops::Range;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

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
    let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
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
        Format::Yaml => parse_yaml(content, base, &block.open),
        Format::Toml => parse_toml(content, base, &block.open),
    }
}

// ------------------------------------------------------------------------------------- YAML

/// A YAML node as the deserializer hands it over. Numbers and booleans keep no value: their
/// source text is taken from the span, so `version: 1.10` stays "1.10".
enum YamlNode {
    Text(String),
    Typed,
    Null,
    List(Vec<serde_saphyr::Spanned<YamlNode>>),
    Map(Vec<(serde_saphyr::Spanned<String>, serde_saphyr::Spanned<YamlNode>)>),
}

struct YamlNodeVisitor;

impl<'de> Visitor<'de> for YamlNodeVisitor {
    type Value = YamlNode;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_str<E>(self, v: &str) -> Result<YamlNode, E> {
        Ok(YamlNode::Text(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<YamlNode, E> {
        Ok(YamlNode::Text(v))
    }
    fn visit_bool<E>(self, _: bool) -> Result<YamlNode, E> {
        Ok(YamlNode::Typed)
    }
    fn visit_i64<E>(self, _: i64) -> Result<YamlNode, E> {
        Ok(YamlNode::Typed)
    }
    fn visit_u64<E>(self, _: u64) -> Result<YamlNode, E> {
        Ok(YamlNode::Typed)
    }
    fn visit_f64<E>(self, _: f64) -> Result<YamlNode, E> {
        Ok(YamlNode::Typed)
    }
    fn visit_unit<E>(self) -> Result<YamlNode, E> {
        Ok(YamlNode::Null)
    }
    fn visit_none<E>(self) -> Result<YamlNode, E> {
        Ok(YamlNode::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YamlNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(YamlNode::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YamlNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(YamlNode::Map(entries))
    }
}

impl<'de> Deserialize<'de> for YamlNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlNodeVisitor)
    }
}

fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    // Document-control blocks are tiny; these bounds stop alias bombs and deep nesting long
    // before they cost memory or time.
    budget.max_nodes = 20_000;
    budget.max_events = 100_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_depth = 32;
    budget.max_total_scalar_bytes = MAX_FRONT_MATTER_BYTES * 4;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    // YAML 1.1 booleans turn `country: NO` into false.
    options.strict_booleans = true;
    options.with_snippet = false;
    // `version: 1e400` is a bad version, not a bad block: keep parsing and let DOC002 say so.
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
    options
}

fn yaml_span(location: &serde_saphyr::Location, base: usize, content: &str) -> Range<usize> {
    let span = location.span();
    let start = span.byte_offset().and_then(|o| usize::try_from(o).ok());
    let len = span.byte_len().and_then(|o| usize::try_from(o).ok());
    match (start, len) {
        (Some(start), Some(len)) if start <= content.len() => {
            let end = (start + len).min(content.len());
            base + start..base + end
        }
        // Scanner errors carry only a line and column; point at that character.
        _ => {
            let offset = offset_of(content, location.line(), location.column());
            let end = content
                .get(offset..)
                .and_then(|rest| rest.chars().next())
                .map_or(offset, |c| offset + c.len_utf8());
            base + offset..base + end
        }
    }
}

/// Byte offset of a 1-based line and column (in characters) in `content`, clamped.
fn offset_of(content: &str, line: u64, column: u64) -> usize {
    let line = usize::try_from(line.max(1) - 1).unwrap_or(usize::MAX);
    let column = usize::try_from(column.max(1) - 1).unwrap_or(usize::MAX);
    let mut start = 0;
    for _ in 0..line {
        match content.get(start..).and_then(|rest| rest.find('\n')) {
            Some(nl) => start += nl + 1,
            None => return content.len(),
        }
    }
    let line_text = content.get(start..).unwrap_or("");
    let line_text = line_text.split('\n').next().unwrap_or("");
    start
        + line_text
            .char_indices()
            .nth(column)
            .map_or(line_text.len(), |(i, _)| i)
}

fn parse_yaml(content: &str, base: usize, open: &Range<usize>) -> Result<Vec<RawField>, FrontMatterError> {
    if content.trim().is_empty() {
        return Ok(Vec::new());
    }
    let root: serde_saphyr::Spanned<YamlNode> = serde_saphyr::from_str_with_options(content, yaml_options())
        .map_err(|err| {
            let span = err
                .location()
                .map_or_else(|| open.clone(), |loc| yaml_span(&loc, base, content));
            FrontMatterError {
                message: yaml_message(&err.to_string()),
                span,
            }
        })?;
    let YamlNode::Map(entries) = root.value else {
        return Err(FrontMatterError {
            message: "front matter must be a mapping of `key: value` lines".into(),
            span: open.clone(),
        });
    };
    let raw = |span: &Range<usize>| content.get(span.start - base..span.end - base).unwrap_or("");
    let scalar = |node: &YamlNode, span: &Range<usize>| -> FieldValue {
        match node {
            YamlNode::Text(s) => FieldValue::Text(s.clone()),
            YamlNode::Typed => FieldValue::Text(raw(span).trim().to_owned()),
            YamlNode::Null => FieldValue::Empty,
            YamlNode::List(_) | YamlNode::Map(_) => FieldValue::Nested,
        }
    };
    let mut fields = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let key_span = yaml_span(&key.referenced, base, content);
        let value_span = yaml_span(&value.referenced, base, content);
        let field_value = match &value.value {
            YamlNode::List(items) => FieldValue::List(
                items
                    .iter()
                    .map(|item| {
                        let span = yaml_span(&item.referenced, base, content);
                        (scalar(&item.value, &span), span)
                    })
                    .filter_map(|(v, span)| match v {
                        FieldValue::Text(t) => Some((t, span)),
                        _ => None,
                    })
                    .collect(),
            ),
            node => scalar(node, &value_span),
        };
        let value_span = if value_span.is_empty() {
            key_span.clone()
        } else {
            value_span
        };
        fields.push(RawField {
            key: key.value,
            key_span,
            value: field_value,
            value_span,
            origin: Origin::FrontMatter,
        });
    }
    Ok(fields)
}

/// The parser's message, in words for a document author (budget errors name Rust types).
fn yaml_message(error: &str) -> String {
    let first = first_line(error);
    if first.starts_with("budget breached") {
        return "front matter is too large once its YAML aliases and nesting are expanded (more than 20,000 values or 32 levels): \
                aliases are limited so that a small file cannot grow without bound"
            .to_owned();
    }
    format!("front matter is not valid YAML: {first}")
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
    let raw = |r: &Range<usize>| content.get(r.clone()).unwrap_or("").trim().to_owned();
    let text_of = |value: &toml::Spanned<toml::de::DeValue<'_>>| -> Option<String> {
        let inner = value.get_ref();
        if let Some(s) = inner.as_str() {
            Some(s.to_owned())
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
            key: key.get_ref().to_string(),
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

    fn fields(text: &str) -> Vec<RawField> {
        let split = split(text);
        let block = split
            .block
            .clone()
            .unwrap_or_else(|| panic!("no block in {text:?}"));
        parse(text, &block).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn text_of(field: &RawField) -> &str {
        match &field.value {
            FieldValue::Text(t) => t,
            _ => "",
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
        let block = split(text).block.unwrap_or_else(|| panic!("no block"));
        assert!(parse(text, &block).is_err());
    }

    #[test]
    fn yaml_list_items_have_spans() {
        let text = "---\nclauses: [\"8.6.1\", 8.6]\n---\n";
        let f = fields(text);
        let FieldValue::List(items) = &f[0].value else {
            panic!("not a list")
        };
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
