//! How headings, field keys and anchors are compared: the same text written with emoji,
//! emphasis, numbering or other punctuation compares equal.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

#[allow(clippy::expect_used)] // a constant pattern, checked by the tests below
static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}(?:\.\d+)*\.?\)?|\(\d+\)|[A-Za-z](?:\.\d+)+\.?|[A-Z][.)]|[IVXivx]+\.)\s+")
        .expect("numbering pattern")
});

fn is_symbol(c: char) -> bool {
    !(c.is_alphanumeric() || c.is_whitespace() || c.is_ascii_punctuation())
}

/// Replaces emoji, symbols and other non-text characters with spaces.
fn strip_symbols(text: &str) -> Cow<'_, str> {
    // Most headings are ASCII, where only control characters are symbols: a byte test.
    let clean = if text.is_ascii() {
        !text
            .bytes()
            .any(|b| b.is_ascii_control() && !char::from(b).is_whitespace())
    } else {
        !text.chars().any(is_symbol)
    };
    if clean {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if is_symbol(c) { ' ' } else { c }).collect())
}

/// Lower-case words joined by `separator`: punctuation dropped, `&` read as "and".
fn words(text: &str, separator: char) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if !in_word && !out.is_empty() {
                out.push(separator);
            }
            in_word = true;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            in_word = false;
            if c == '&' {
                if !out.is_empty() {
                    out.push(separator);
                }
                out.push_str("and");
            }
        }
    }
    out
}

/// Whether `text` may start with numbering such as "3.1", "A.2", "(4)", "B)" or "IV.": every
/// form [`NUMBERING`] takes holds a digit or ends in `.` or `)` before the first space, so most
/// headings skip the regex.
fn may_be_numbered(text: &str) -> bool {
    let first = text.split(char::is_whitespace).next().unwrap_or("");
    first.len() < text.len() && (first.bytes().any(|b| b.is_ascii_digit()) || first.ends_with(['.', ')']))
}

/// Canonical form of a heading or a required-section name: "## 3.1 🎯 **Roles & Responsibilities:**"
/// and "Roles and responsibilities" both give "roles and responsibilities".
pub fn heading(text: &str) -> String {
    let cleaned = strip_symbols(text);
    let trimmed = cleaned.trim().trim_start_matches(['*', '_']).trim_start();
    if may_be_numbered(trimmed) {
        words(&NUMBERING.replace(trimmed, ""), ' ')
    } else {
        words(trimmed, ' ')
    }
}

/// Canonical form of a field key: "**📅 Next Review:**", "next-review" and "next_review" give
/// "next_review".
pub fn key(text: &str) -> Cow<'_, str> {
    // Front-matter keys are nearly always written in the canonical form already.
    let canonical = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !text.starts_with('_')
        && !text.ends_with('_')
        && !text.contains("__");
    if canonical {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(words(&strip_symbols(text), '_'))
    }
}

/// GitHub's heading anchor: lower case, punctuation other than `-` and `_` removed, spaces
/// become hyphens. Duplicates get `-1`, `-2` suffixes (see [`Slugger`]).
pub fn slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| {
            if c == ' ' {
                Some('-')
            } else if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c)
            } else {
                None
            }
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Hands out unique anchors in document order, the way GitHub numbers repeated headings.
#[derive(Default)]
pub struct Slugger {
    seen: std::collections::HashMap<String, usize>,
}

impl Slugger {
    pub fn next(&mut self, text: &str) -> String {
        let base = slug(text);
        if let Some(count) = self.seen.get_mut(&base) {
            let anchor = format!("{base}-{count}");
            *count += 1;
            return anchor;
        }
        self.seen.insert(base.clone(), 1);
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_ignore_case_numbering_emoji_emphasis_and_colons() {
        for text in [
            "Roles and responsibilities",
            "  roles AND responsibilities:  ",
            "3. Roles and Responsibilities",
            "3.1 Roles & responsibilities",
            "A.2 Roles and responsibilities",
            "🎯 **Roles and Responsibilities**",
            "1) Roles and responsibilities",
            "IV. Roles and responsibilities",
        ] {
            assert_eq!(heading(text), "roles and responsibilities", "{text}");
        }
    }

    #[test]
    fn control_characters_count_as_symbols() {
        assert_eq!(heading("\u{1} 3. Roles"), "roles");
    }

    #[test]
    fn words_that_look_like_numbering_are_kept() {
        assert_eq!(heading("A guide to escalation"), "a guide to escalation");
        assert_eq!(heading("2026 objectives"), "2026 objectives");
        assert_eq!(
            heading("Service level targets (SLAs)"),
            "service level targets slas"
        );
    }

    #[test]
    fn keys() {
        assert_eq!(key("**📅 Next Review:**"), "next_review");
        assert_eq!(key("Document Owner"), "document_owner");
        assert_eq!(key("last_reviewed"), "last_reviewed");
        assert_eq!(key("next-review"), "next_review");
        assert_eq!(key("_next__review_"), "next_review");
        assert_eq!(key("version2"), "version2");
    }

    #[test]
    fn github_slugs() {
        assert_eq!(slug("6. Escalation"), "6-escalation");
        assert_eq!(slug("Roles & Responsibilities"), "roles--responsibilities");
        assert_eq!(slug("🎯 Purpose"), "-purpose");
        let mut s = Slugger::default();
        assert_eq!(s.next("Notes"), "notes");
        assert_eq!(s.next("Notes"), "notes-1");
    }
}
