//! In-document suppressions: `<!-- itsmlint-disable... CODE -- reason -->` comments, which
//! findings they cover, and the SUP001/SUP002 findings about the comments themselves.

use std::ops::Range;

use crate::document::Document;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    NextLine,
    Line,
    Block,
    File,
}

impl Kind {
    pub fn keyword(self) -> &'static str {
        match self {
            Self::NextLine => "itsmlint-disable-next-line",
            Self::Line => "itsmlint-disable-line",
            Self::Block => "itsmlint-disable",
            Self::File => "itsmlint-disable-file",
        }
    }
}

/// One suppression comment and what it covers.
#[derive(Debug, Clone)]
pub struct Directive {
    pub kind: Kind,
    /// Codes, rule names or code prefixes. Empty suppresses nothing: a code is required, so a
    /// waiver never hides findings nobody looked at.
    pub selectors: Vec<String>,
    pub reason: Option<String>,
    /// The comment.
    pub span: Range<usize>,
    /// Zero-based lines covered, end exclusive (every line for `File`).
    pub lines: Range<usize>,
    pub used: bool,
    /// From `until YYYY-MM-DD` in the reason: the waiver stops applying after this date.
    pub until: Option<jiff::civil::Date>,
    /// The text after `until` when it is not a valid date.
    pub bad_until: Option<String>,
}

impl Directive {
    pub fn covers(&self, code: &str, name: &str, line: Option<usize>) -> bool {
        let line_ok = match line {
            Some(line) => self.lines.contains(&line),
            None => self.kind == Kind::File,
        };
        line_ok
            && self
                .selectors
                .iter()
                .any(|s| !s.eq_ignore_ascii_case("ALL") && selector_matches(s, code, name))
    }
}

/// Whether a selector (a code, a rule name, a code prefix, or `ALL`) picks the rule.
pub fn selector_matches(selector: &str, code: &str, name: &str) -> bool {
    selector.eq_ignore_ascii_case("ALL")
        || selector == name
        || code
            .get(..selector.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(selector))
}

enum Parsed {
    Disable(Kind, Vec<String>, Option<String>),
    Enable(Vec<String>),
}

fn parse_comment(body: &str) -> Option<Parsed> {
    let body = body.trim();
    let rest = body.strip_prefix("itsmlint-")?;
    let (word, rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let kind = match word {
        "disable-next-line" => Some(Kind::NextLine),
        "disable-line" => Some(Kind::Line),
        "disable-file" => Some(Kind::File),
        "disable" => Some(Kind::Block),
        "enable" => None,
        _ => return None,
    };
    let (codes, reason) = match rest.split_once("--") {
        Some((codes, reason)) => (codes, Some(reason.trim().to_owned()).filter(|r| !r.is_empty())),
        None => (rest, None),
    };
    let selectors = codes
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    Some(match kind {
        Some(kind) => Parsed::Disable(kind, selectors, reason),
        None => Parsed::Enable(selectors),
    })
}

/// The date in `until YYYY-MM-DD` within a reason.
/// `Some(Ok(date))` for a valid `until YYYY-MM-DD`, `Some(Err(text))` for one that is not a
/// date (reported, never silently ignored), `None` without `until`.
fn expiry(reason: &str) -> Option<Result<jiff::civil::Date, String>> {
    let at = reason.find("until ")?;
    let date = reason.get(at + 6..)?.split_whitespace().next()?;
    let date = date.trim_end_matches([',', '.', ';', ')']);
    Some(crate::checks::fields::parse_date(date).map_err(|_| date.to_owned()))
}

/// Every suppression comment in `doc`, with the lines it covers.
pub fn directives(doc: &Document) -> Vec<Directive> {
    let text = doc.text();
    // The line index is built only once a comment turns out to be a directive.
    let line_of = |offset: usize| doc.source.lines().position(text, offset).line - 1;
    let mut out: Vec<Directive> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for comment in &doc.comments {
        let Some(parsed) = parse_comment(&comment.body) else {
            continue;
        };
        let first = line_of(comment.span.start);
        let last = line_of(comment.span.end.saturating_sub(1).max(comment.span.start));
        match parsed {
            Parsed::Disable(kind, selectors, reason) => {
                let covered = match kind {
                    Kind::NextLine => last + 1..last + 2,
                    Kind::Line => first..last + 1,
                    Kind::Block => first..doc.source.lines().line_count(),
                    Kind::File => 0..usize::MAX,
                };
                if kind == Kind::Block {
                    open.push(out.len());
                }
                let (until, bad_until) = match reason.as_deref().and_then(expiry) {
                    Some(Ok(date)) => (Some(date), None),
                    Some(Err(text)) => (None, Some(text)),
                    None => (None, None),
                };
                out.push(Directive {
                    kind,
                    selectors,
                    reason,
                    span: comment.span.clone(),
                    lines: covered,
                    used: false,
                    until,
                    bad_until,
                });
            }
            Parsed::Enable(selectors) => {
                open.retain(|&i| {
                    let Some(d) = out.get_mut(i) else { return false };
                    let closes = selectors.is_empty()
                        || (!d.selectors.is_empty()
                            && d.selectors
                                .iter()
                                .all(|s| selectors.iter().any(|e| e.eq_ignore_ascii_case(s))));
                    if closes {
                        d.lines.end = last + 1;
                    }
                    !closes
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{FieldKeys, parse};
    use crate::source::SourceFile;

    struct NoKeys;
    impl FieldKeys for NoKeys {
        fn is_field_key(&self, _: &str) -> bool {
            false
        }
    }

    fn directives_of(text: &str) -> Vec<Directive> {
        directives(&parse(SourceFile::new("a.md", text), &NoKeys))
    }

    #[test]
    fn next_line_covers_the_following_line_only() {
        let d = directives_of("# T\n\n<!-- itsmlint-disable-next-line DOC005 -- booked -->\nx\ny\n");
        let [d] = d.as_slice() else {
            panic!("one directive")
        };
        assert_eq!(d.kind, Kind::NextLine);
        assert_eq!(d.reason.as_deref(), Some("booked"));
        assert!(d.covers("DOC005", "review-due-soon", Some(3)));
        assert!(!d.covers("DOC005", "review-due-soon", Some(4)));
        assert!(!d.covers("DOC004", "review-overdue", Some(3)));
    }

    #[test]
    fn blocks_end_at_the_matching_enable() {
        let text = "# T\n\n<!-- itsmlint-disable DOC -->\n\na\n\n<!-- itsmlint-enable DOC -->\n\nb\n";
        let d = directives_of(text);
        let [d] = d.as_slice() else {
            panic!("one directive")
        };
        assert!(d.covers("DOC004", "review-overdue", Some(4)));
        assert!(!d.covers("DOC004", "review-overdue", Some(8)));
        assert!(d.reason.is_none());
    }

    #[test]
    fn selectors_match_codes_names_and_prefixes() {
        assert!(selector_matches("DOC", "DOC004", "review-overdue"));
        assert!(selector_matches("review-overdue", "DOC004", "review-overdue"));
        assert!(selector_matches("doc004", "DOC004", "review-overdue"));
        assert!(!selector_matches("SEC", "DOC004", "review-overdue"));
        assert!(!selector_matches("DOC0045", "DOC004", "review-overdue"));
    }

    #[test]
    fn a_reason_can_set_an_expiry_date() {
        let d = directives_of("<!-- itsmlint-disable-file DOC004 -- review booked, until 2026-07-01. -->\n");
        assert_eq!(
            d.first().and_then(|d| d.until),
            Some(jiff::civil::date(2026, 7, 1))
        );
        let d = directives_of("<!-- itsmlint-disable-file DOC004 -- until 2026-13-45 -->\n");
        assert_eq!(
            d.first().and_then(|d| d.bad_until.clone()).as_deref(),
            Some("2026-13-45")
        );
    }

    #[test]
    fn other_comments_are_not_directives() {
        assert!(directives_of("<!-- TODO: itsmlint-disable -->\n<!-- itsmlint-disabled -->\n").is_empty());
    }
}
