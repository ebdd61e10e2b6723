//! The parsed form of one Markdown document, built once per file and read by every check.

mod flat_yaml;
pub mod front_matter;
pub mod metadata;
pub mod normalize;
pub mod sections;

use std::ops::Range;

use compact_str::CompactString;

use crate::source::SourceFile;

pub use front_matter::FrontMatterError;

/// Where a document-control value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    FrontMatter,
    /// A `**Key:** value` line or a document-control table in the body.
    Body,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// Written with no value (`owner:`), or only whitespace.
    Empty,
    Text(CompactString),
    /// A list, each item with its span.
    List(Vec<(CompactString, Range<usize>)>),
    /// A mapping or other structure where a plain value was expected.
    Nested,
}

/// A key/value pair as written, before the pack's aliases are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawField {
    pub key: CompactString,
    pub key_span: Range<usize>,
    pub value: FieldValue,
    pub value_span: Range<usize>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// Plain text without markup.
    pub text: CompactString,
    /// See [`normalize::heading`].
    pub normalized: CompactString,
    /// The heading line.
    pub span: Range<usize>,
    /// End of the section: where the next heading of the same or a higher level starts.
    pub section_end: usize,
    /// Whether anything but headings and comments stands between the heading and `section_end`.
    pub has_content: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub destination: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Text between `<!--` and `-->`.
    pub body: String,
    pub span: Range<usize>,
}

/// Everything the checks need to know about one file; its text is borrowed for as long as
/// the document is checked.
#[derive(Debug, Clone)]
pub struct Document<'t> {
    pub source: SourceFile<'t>,
    /// The opening delimiter line of the front matter, when there is a block.
    pub front_matter: Option<Range<usize>>,
    pub front_matter_error: Option<FrontMatterError>,
    /// Front-matter fields first, then fields found in the body.
    pub fields: Vec<RawField>,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub comments: Vec<Comment>,
    /// Extra link targets: `id`/`name` attributes of inline HTML.
    pub html_anchors: Vec<String>,
    /// Header cells of every table (register columns), as written.
    pub table_header_cells: Vec<Range<usize>>,
    /// The same normalised like headings, worked out on first use: only a register that
    /// lacks a column's heading asks.
    table_headers: std::cell::OnceCell<Vec<String>>,
    /// Code, comments and link destinations: text scans skip these.
    pub masked: Vec<Range<usize>>,
    pub body_start: usize,
}

impl Document<'_> {
    pub fn path(&self) -> &str {
        &self.source.path
    }

    pub fn text(&self) -> &str {
        &self.source.text
    }

    /// The first `#` heading, if any.
    pub fn title_heading(&self) -> Option<&Heading> {
        self.headings.iter().find(|h| h.level == 1)
    }

    /// Where findings about something missing from the whole document are anchored: the
    /// front matter's first line, else the title heading, else line 1.
    pub fn anchor_span(&self) -> Range<usize> {
        if let Some(open) = &self.front_matter {
            return open.clone();
        }
        if let Some(h) = self.title_heading() {
            return h.span.clone();
        }
        self.source.lines().line_range(self.text(), 0)
    }

    /// [`Document::table_header_cells`] normalised like headings, empty ones left out.
    pub fn table_headers(&self) -> &[String] {
        self.table_headers.get_or_init(|| {
            self.table_header_cells
                .iter()
                .map(|cell| normalize::heading(self.text().get(cell.clone()).unwrap_or("")))
                .filter(|h| !h.is_empty())
                .collect()
        })
    }

    pub fn is_masked(&self, range: &Range<usize>) -> bool {
        let idx = self.masked.partition_point(|m| m.end <= range.start);
        self.masked
            .get(idx)
            .is_some_and(|m| m.start < range.end.max(range.start + 1))
    }
}

/// What the parser needs from the pack: which body keys are document-control fields.
pub trait FieldKeys: Sync {
    /// Whether a normalised key (see [`normalize::key`]) names a document-control field.
    fn is_field_key(&self, normalized: &str) -> bool;
}

/// Parses `source` into a [`Document`]. Never fails: problems with the front matter are kept
/// in `front_matter_error` for the checks to report.
pub fn parse<'t>(source: SourceFile<'t>, keys: &dyn FieldKeys) -> Document<'t> {
    let text: &str = &source.text;
    let split = front_matter::split(text);
    let mut front_matter_error = split.error;
    let mut fields = Vec::new();
    if let Some(block) = &split.block {
        match front_matter::parse(text, block) {
            Ok(parsed) => fields = parsed,
            Err(err) => front_matter_error = Some(err),
        }
    }
    let outline = sections::outline(text, split.body_start);
    let mut body_fields = metadata::extract(text, &outline, keys);
    if !body_fields.is_empty() {
        // Front matter wins where both exist.
        let front: Vec<_> = fields.iter().map(|f| normalize::key(&f.key)).collect();
        body_fields.retain(|b| !front.contains(&normalize::key(&b.key)));
        fields.extend(body_fields);
    }
    let table_header_cells = outline
        .tables
        .iter()
        .filter_map(|t| t.rows.first())
        .flatten()
        .cloned()
        .collect();
    Document {
        table_header_cells,
        table_headers: std::cell::OnceCell::new(),
        front_matter: split.block.map(|b| b.open),
        front_matter_error,
        fields,
        headings: outline.headings,
        links: outline.links,
        comments: outline.comments,
        html_anchors: outline.html_anchors,
        masked: outline.masked,
        body_start: split.body_start,
        source,
    }
}
