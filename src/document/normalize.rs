//! How headings, field keys and anchors are compared: the same text written with emoji,
//! emphasis, numbering or other punctuation compares equal.

use std::sync::LazyLock;

use regex::Regex;

#[allow(clippy::expect_used)] // a constant pattern, checked by the tests below
static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}(?:\.\d+)*\.?\)?|\(\d+\)|[A-Za-z](?:\.\d+)+\.?|[A-Z][.)]|[IVXivx]+\.)\s+")
        .expect("numbering pattern")
});

/// Replaces emoji, symbols and other non-text characters with spaces.
fn strip_symbols(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() || c.is_ascii_punctuation() {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// Lower-case words joined by one space: punctuation dropped, `&` read as "and".
fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .replace('&', " and ")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Canonical form of a heading or a required-section name: "## 3.1 🎯 **Roles & Responsibilities:**"
/// and "Roles and responsibilities" both give "roles and responsibilities".
pub fn heading(text: &str) -> String {
    let cleaned = strip_symbols(text);
    let trimmed = cleaned.trim().trim_start_matches(['*', '_']).trim_start();
    let unnumbered = NUMBERING.replace(trimmed, "");
    words(&unnumbered)
}

/// Canonical form of a field key: "**📅 Next Review:**", "next-review" and "next_review" give
/// "next_review".
pub fn key(text: &str) -> String {
    words(&strip_symbols(text)).replace(' ', "_")
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
        let count = self.seen.entry(base.clone()).or_insert(0);
        let anchor = if *count == 0 {
            base.clone()
        } else {
            format!("{base}-{count}")
        };
        *count += 1;
        anchor
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
