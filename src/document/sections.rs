//! Walks the Markdown body once with pulldown-cmark and records the outline (headings and
//! section ranges), links, HTML comments, tables and the ranges text scans must skip.

use std::ops::Range;
use std::sync::LazyLock;

use compact_str::CompactString;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::{Comment, Heading, Link};
use super::{metadata, normalize};

#[allow(clippy::expect_used)] // constant patterns
static COMMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<!--(.*?)-->").expect("comment pattern"));
#[allow(clippy::expect_used)]
static HTML_ANCHOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\b(?:id|name)\s*=\s*["']([^"']+)["']"#).expect("anchor pattern"));

/// A table: rows of cells (the header row first), each cell as the byte range of its text.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Every row of a document-control table; only the header row of any other (the register
    /// columns): a policy's tables are most of its rows, and nothing reads them.
    pub rows: Vec<Vec<Range<usize>>>,
    /// In the preamble or under a document-control heading: read for document-control fields.
    pub control: bool,
}

impl Table {
    fn keeps_row(&self) -> bool {
        self.control || self.rows.is_empty()
    }
}

#[derive(Debug, Default)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub comments: Vec<Comment>,
    pub html_anchors: Vec<String>,
    /// Sorted, non-overlapping enough for a binary search on `end`.
    pub masked: Vec<Range<usize>>,
    pub tables: Vec<Table>,
    /// From the start of the body to the first heading below the title.
    pub preamble: Range<usize>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

fn shift(range: Range<usize>, base: usize) -> Range<usize> {
    range.start + base..range.end + base
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = text.get(range.clone()).unwrap_or("");
    let start = range.start + (slice.len() - crate::trim::trim_start(slice).len());
    let end = range.start + crate::trim::trim_end(slice).len();
    start..end.max(start)
}

struct Walker<'t> {
    text: &'t str,
    out: Outline,
    /// Per heading in `out.headings`: whether content follows it before the next heading.
    direct_content: Vec<bool>,
    /// The heading being read: its level and range; its text so far is in `heading_text`.
    heading: Option<(u8, Range<usize>)>,
    /// Buffers every heading of the document is read and normalised through: the headings
    /// keep small strings, nearly always held inline, rather than two allocations each.
    heading_text: String,
    normalized: String,
    table: Option<Table>,
    row: Vec<Range<usize>>,
    in_html_block: bool,
    first_subheading: Option<usize>,
}

impl Walker<'_> {
    /// Text inside a heading is the heading's, not content; before the first heading it is
    /// the preamble's.
    fn saw_content(&mut self) {
        if self.heading.is_none()
            && let Some(last) = self.direct_content.last_mut()
        {
            *last = true;
        }
    }

    fn scan_html(&mut self, range: Range<usize>) -> bool {
        let source = self.text.get(range.clone()).unwrap_or("");
        let mut only_comments = true;
        let mut rest_start = 0;
        for m in COMMENT.captures_iter(source) {
            let (Some(all), Some(body)) = (m.get(0), m.get(1)) else {
                continue;
            };
            if !source
                .get(rest_start..all.start())
                .unwrap_or("")
                .trim()
                .is_empty()
            {
                only_comments = false;
            }
            rest_start = all.end();
            let span = range.start + all.start()..range.start + all.end();
            self.out.masked.push(span.clone());
            self.out.comments.push(Comment {
                body: body.as_str().to_owned(),
                span,
            });
        }
        if !source.get(rest_start..).unwrap_or("").trim().is_empty() {
            only_comments = false;
        }
        for m in HTML_ANCHOR.captures_iter(source) {
            if let Some(id) = m.get(1) {
                self.out.html_anchors.push(id.as_str().to_owned());
            }
        }
        !only_comments
    }

    // Inlined into the loop over the parser's events: as a call, each event (48 bytes) was
    // moved through the stack, 660,000 times on 2,000 documents.
    #[inline(always)]
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if matches!(event, Event::Code(_)) {
            self.out.masked.push(range.clone());
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.heading = Some((level as u8, range));
                self.heading_text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, span)) = self.heading.take() {
                    let span = trim_range(self.text, span);
                    if level > 1 && self.first_subheading.is_none() {
                        self.first_subheading = Some(span.start);
                    }
                    normalize::heading_into(&self.heading_text, &mut self.normalized);
                    self.direct_content.push(false);
                    self.out.headings.push(Heading {
                        level,
                        normalized: CompactString::from(self.normalized.as_str()),
                        text: CompactString::from(crate::trim::trim(&self.heading_text)),
                        span,
                        section_end: 0,
                        has_content: false,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if self.heading.is_some() {
                    self.heading_text.push_str(&t);
                } else if self.direct_content.last() == Some(&false) && !crate::trim::trim(&t).is_empty() {
                    // Trimmed only while the section has no content yet: once it has, no
                    // text can change that.
                    self.saw_content();
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.out.masked.push(range.clone());
                if self.heading.is_none() {
                    self.saw_content();
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                self.in_html_block = true;
                if self.scan_html(range.clone()) {
                    self.saw_content();
                }
            }
            Event::End(TagEnd::HtmlBlock) => self.in_html_block = false,
            Event::Html(_) | Event::InlineHtml(_) if !self.in_html_block => {
                let has_text = self.scan_html(range.clone());
                if has_text && self.heading.is_none() {
                    self.saw_content();
                }
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let source = self.text.get(range.clone()).unwrap_or("");
                // `[text](destination)` nearly always: the destination just before the `)`
                // is found without a substring search per link. Otherwise it follows the
                // `](` (a reference link has none: its destination is elsewhere).
                let at = source
                    .strip_suffix(')')
                    .filter(|before| before.ends_with(dest_url.as_ref()))
                    .map(|before| before.len() - dest_url.len())
                    .or_else(|| {
                        let open = source.rfind("](")? + 2;
                        source.get(open..)?.find(dest_url.as_ref()).map(|i| open + i)
                    });
                if !dest_url.is_empty()
                    && let Some(at) = at
                {
                    let start = range.start + at;
                    self.out.masked.push(start..start + dest_url.len());
                }
                self.out.links.push(Link {
                    // Not `to_string`, which formats through `Display`.
                    destination: dest_url.into_string(),
                    span: range.clone(),
                });
                if self.heading.is_none() {
                    self.saw_content();
                }
            }
            Event::Start(Tag::Table(_)) => {
                let under_control_heading = self
                    .out
                    .headings
                    .last()
                    .is_some_and(|h| metadata::is_control_section(&h.normalized));
                self.table = Some(Table {
                    rows: Vec::new(),
                    control: self.first_subheading.is_none() || under_control_heading,
                });
            }
            Event::End(TagEnd::Table) => {
                if let Some(table) = self.table.take() {
                    self.out.tables.push(table);
                }
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => self.row.clear(),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                if let Some(table) = &mut self.table
                    && table.keeps_row()
                {
                    table.rows.push(std::mem::take(&mut self.row));
                }
            }
            Event::Start(Tag::TableCell) if self.table.as_ref().is_some_and(Table::keeps_row) => {
                self.row.push(trim_range(self.text, range));
            }
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {
                self.saw_content();
            }
            _ => {}
        }
    }
}

/// Parses the body (`text[body_start..]`); every range in the result is absolute.
pub fn outline(text: &str, body_start: usize) -> Outline {
    let body = text.get(body_start..).unwrap_or("");
    // Room for what a policy has (a dozen headings, a few links and code spans): growing
    // each vector from empty was a dozen reallocations a document.
    let mut walker = Walker {
        text,
        out: Outline {
            headings: Vec::with_capacity(16),
            links: Vec::with_capacity(8),
            masked: Vec::with_capacity(16),
            tables: Vec::with_capacity(4),
            ..Outline::default()
        },
        direct_content: Vec::with_capacity(16),
        heading: None,
        // A heading of sixty bytes is a long one.
        heading_text: String::with_capacity(64),
        normalized: String::with_capacity(64),
        table: None,
        row: Vec::new(),
        in_html_block: false,
        first_subheading: None,
    };
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        walker.event(event, shift(range, body_start));
    }
    let Walker {
        mut out,
        direct_content,
        first_subheading,
        ..
    } = walker;
    out.preamble = body_start..first_subheading.unwrap_or(text.len());
    out.masked.sort_by_key(|r| (r.start, r.end));
    finish_sections(&mut out.headings, &direct_content, text.len());
    out
}

/// A section runs to the next heading of the same or a higher level, and has content when it
/// or one of its subsections does.
fn finish_sections(headings: &mut [Heading], direct_content: &[bool], text_len: usize) {
    for i in 0..headings.len() {
        let Some(level) = headings.get(i).map(|h| h.level) else {
            break;
        };
        let mut has_content = direct_content.get(i).copied().unwrap_or(false);
        let mut end = text_len;
        for (next, content) in headings.iter().zip(direct_content).skip(i + 1) {
            if next.level <= level {
                end = next.span.start;
                break;
            }
            has_content |= content;
        }
        if let Some(heading) = headings.get_mut(i) {
            heading.section_end = end;
            heading.has_content = has_content;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_know_their_extent_and_content() {
        let text = "# T\n\n## A\n\ntext\n\n## B\n\n### B1\n\n## C\n<!-- note -->\n\n## D\n### D1\nx\n";
        let o = outline(text, 0);
        let names: Vec<_> = o
            .headings
            .iter()
            .map(|h| (h.normalized.as_str(), h.has_content))
            .collect();
        assert_eq!(
            names,
            [
                ("t", true),
                ("a", true),
                ("b", false),
                ("b1", false),
                ("c", false),
                ("d", true),
                ("d1", true)
            ]
        );
        assert_eq!(o.comments.len(), 1);
        assert_eq!(o.preamble, 0..text.find("## A").unwrap_or(0));
    }

    #[test]
    fn emphasis_and_emoji_in_headings() {
        let o = outline("## 🎯 **Purpose Statement**\n", 0);
        assert_eq!(o.headings[0].normalized, "purpose statement");
        assert_eq!(o.headings[0].text, "🎯 Purpose Statement");
    }

    #[test]
    fn links_and_masks() {
        let text = "See [TODO list](TODO.md) and `TBD` here.\n\n```\nTBD\n```\n";
        let o = outline(text, 0);
        assert_eq!(o.links[0].destination, "TODO.md");
        assert_eq!(o.masked.len(), 3);
    }

    #[test]
    fn the_masked_destination_is_the_link_target_however_the_link_is_written() {
        for text in [
            "See [a.md](a.md) here.\n",
            "See [a.md](a.md \"a.md\") here.\n",
            "See [a.md](<a.md>) here.\n",
        ] {
            let o = outline(text, 0);
            // The destination, not the link text or the title, which read the same.
            let destination = text.find("](").unwrap_or(0) + 2 + usize::from(text.contains("(<"));
            let expected = destination..destination + "a.md".len();
            assert_eq!(o.masked.as_slice(), std::slice::from_ref(&expected), "{text}");
        }
        // A reference link's destination is not in the link: nothing of it is masked.
        let o = outline("See [a.md][r].\n\n[r]: a.md\n", 0);
        assert_eq!(o.links[0].destination, "a.md");
        assert!(o.masked.is_empty(), "{:?}", o.masked);
    }

    #[test]
    fn offsets_are_absolute_with_a_body_start() {
        let text = "---\nid: x\n---\n## Scope\n";
        let start = text.find("##").unwrap_or(0);
        let o = outline(text, start);
        assert_eq!(&text[o.headings[0].span.clone()], "## Scope");
    }

    #[test]
    fn tables_record_cells() {
        let text = "## Document control\n\n| Field | Value |\n|---|---|\n| Owner | Jane |\n";
        let o = outline(text, 0);
        let t = &o.tables[0];
        assert!(t.control);
        assert_eq!(&text[t.rows[1][1].clone()], "Jane");
        // Elsewhere only the header row is kept.
        let text = "# T\n\n## Roles\n\n| Role | Who |\n|---|---|\n| Owner | Jane |\n";
        let o = outline(text, 0);
        assert!(!o.tables[0].control);
        assert_eq!(o.tables[0].rows.len(), 1);
    }
}
