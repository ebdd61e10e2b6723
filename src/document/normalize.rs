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

/// The length of the run of ASCII digits `bytes` starts with.
fn digits(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// Strips `(?:\.\d+)*` from the front of `bytes`: how many groups, and what follows them.
fn dotted_groups(mut bytes: &[u8]) -> (usize, &[u8]) {
    let mut groups = 0;
    while let [b'.', tail @ ..] = bytes
        && digits(tail) > 0
    {
        bytes = tail.get(digits(tail)..).unwrap_or_default();
        groups += 1;
    }
    (groups, bytes)
}

/// `bytes` without a leading `byte`, if it has one (a regex's `byte?`).
fn optional(bytes: &[u8], byte: u8) -> &[u8] {
    bytes.strip_prefix(&[byte]).unwrap_or(bytes)
}

/// Whether an ASCII word is numbering in one of [`NUMBERING`]'s forms, matched by hand: the
/// regex, even only searched for, was two thirds of normalising a numbered heading, and most
/// headings are numbered. Each piece of a form stops where the next begins, so taking each as
/// far as it goes finds the match if there is one.
fn is_ascii_numbering(word: &[u8]) -> bool {
    // `\d{1,3}(?:\.\d+)*\.?\)?`
    let lead = digits(word);
    if (1..=3).contains(&lead) {
        let (_, rest) = dotted_groups(word.get(lead..).unwrap_or_default());
        if optional(optional(rest, b'.'), b')').is_empty() {
            return true;
        }
    }
    match word {
        // `\(\d+\)`
        [b'(', inner @ .., b')'] => !inner.is_empty() && digits(inner) == inner.len(),
        // `[A-Z][.)]`
        [letter, b'.' | b')'] if letter.is_ascii_uppercase() => true,
        // `[A-Za-z](?:\.\d+)+\.?`
        [letter, rest @ ..]
            if letter.is_ascii_alphabetic() && {
                let (groups, rest) = dotted_groups(rest);
                groups > 0 && optional(rest, b'.').is_empty()
            } =>
        {
            true
        }
        // `[IVXivx]+\.`
        [numeral @ .., b'.'] => !numeral.is_empty() && numeral.iter().all(|b| b"IVXivx".contains(b)),
        _ => false,
    }
}

/// Where numbering such as "3.1", "A.2", "(4)", "B)" or "IV." ends, when `text` starts with
/// it: every form is one word, so it is the whole first word or nothing.
fn numbering_end(text: &str) -> Option<usize> {
    let end = text.find(char::is_whitespace)?;
    let word = text.get(..end)?;
    let numbered = if word.is_ascii() {
        is_ascii_numbering(word.as_bytes())
    } else {
        // Other scripts' digits (`\d` is Unicode): rare enough for the regex.
        NUMBERING.is_match(text)
    };
    numbered.then_some(end)
}

/// Canonical form of a heading or a required-section name: "## 3.1 🎯 **Roles & Responsibilities:**"
/// and "Roles and responsibilities" both give "roles and responsibilities".
pub fn heading(text: &str) -> String {
    let mut out = String::new();
    heading_into(text, &mut out);
    out
}

/// [`heading`] written into `out`, which is cleared first: the outline normalises every
/// heading of a document through one buffer.
pub fn heading_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        ascii_heading(text.as_bytes(), out);
    } else {
        out.push_str(&any_heading(text));
    }
}

/// Each byte's lower-case form if it is an ASCII letter or digit, else 0: one load where the
/// class test and the case mapping were a dozen instructions a byte of every heading.
#[allow(clippy::indexing_slicing)] // evaluated at compile time, where an index out of range fails the build
static WORD_BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] = byte.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

fn word_byte(b: u8) -> u8 {
    WORD_BYTES.get(usize::from(b)).copied().unwrap_or(0)
}

/// [`heading`] for ASCII text in one pass over its bytes, the same steps as [`any_heading`]:
/// nearly every heading is ASCII, and symbol stripping, trimming, the numbering's word and the
/// words each decoded every character of it, ten headings a document.
fn ascii_heading(bytes: &[u8], out: &mut String) {
    // After `strip_symbols`, whitespace is a space or any control character: those that are
    // not whitespace became spaces.
    let space = |b: &u8| *b == b' ' || b.is_ascii_control();
    let trimmed_end = bytes.iter().rposition(|b| !space(b)).map_or(0, |i| i + 1);
    let text = bytes.get(..trimmed_end).unwrap_or_default();
    let text = text
        .get(text.iter().take_while(|b| space(b)).count()..)
        .unwrap_or_default();
    let text = text
        .get(text.iter().take_while(|b| matches!(b, b'*' | b'_')).count()..)
        .unwrap_or_default();
    let text = text
        .get(text.iter().take_while(|b| space(b)).count()..)
        .unwrap_or_default();
    let rest = match text.iter().position(space) {
        Some(end) if is_ascii_numbering(text.get(..end).unwrap_or_default()) => {
            text.get(end..).unwrap_or_default()
        }
        _ => text,
    };
    out.reserve(rest.len());
    let mut in_word = false;
    for &b in rest {
        let lower = word_byte(b);
        if lower != 0 {
            if !in_word && !out.is_empty() {
                out.push(' ');
            }
            in_word = true;
            out.push(char::from(lower));
        } else {
            in_word = false;
            if b == b'&' {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str("and");
            }
        }
    }
}

/// [`heading`] by the general path, for any text. Public for the `scan` fuzz target, which
/// holds the ASCII path to it.
#[doc(hidden)]
pub fn any_heading(text: &str) -> String {
    let cleaned = strip_symbols(text);
    let trimmed = cleaned.trim().trim_start_matches(['*', '_']).trim_start();
    // `words` drops the whitespace after the numbering.
    let rest = numbering_end(trimmed).map_or(trimmed, |end| trimmed.get(end..).unwrap_or(""));
    words(rest, ' ')
}

/// Canonical form of a field key: "**📅 Next Review:**", "next-review" and "next_review" give
/// "next_review".
pub fn key(text: &str) -> Cow<'_, str> {
    // Front-matter keys are nearly always written in the canonical form already.
    // Byte tests only: a substring search for `__` cost more than the rest of the function.
    let bytes = text.as_bytes();
    let canonical = bytes.first().is_some_and(|&b| b != b'_')
        && bytes.last() != Some(&b'_')
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !bytes.windows(2).any(|pair| pair == b"__");
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
    fn numbering_by_hand_agrees_with_the_pattern() {
        // Every word of up to four bytes from the bytes numbering is made of, then a few
        // longer ones, each followed by a space and a word.
        let alphabet = b"01.()AIVxa9";
        let mut words: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..4 {
            let longer: Vec<Vec<u8>> = words
                .iter()
                .filter(|w| w.len() == words.last().map_or(0, Vec::len))
                .flat_map(|w| alphabet.iter().map(move |b| [w.as_slice(), &[*b]].concat()))
                .collect();
            words.extend(longer);
        }
        for long in [
            "1.2.3.4", "10.20.", "1234", "123.4)", "(12345)", "A.1.2.", "IVX.", "B.1)",
        ] {
            words.push(long.as_bytes().to_vec());
        }
        for word in words {
            let word = String::from_utf8(word).unwrap_or_default();
            let text = format!("{word}\tRoles");
            let by_regex = NUMBERING.find(&text).map(|m| m.end() - "\t".len());
            assert_eq!(numbering_end(&text), by_regex, "{text:?}");
        }
    }

    /// ASCII headings take a path of their own; on every text made of the bytes that matter
    /// to it, it gives what the general one gives.
    #[test]
    fn the_ascii_path_agrees_with_the_general_one() {
        const PIECES: [&str; 22] = [
            " ", "\t", "\u{b}", "\u{1}", "\u{7f}", "*", "_", "&", "1", "3.1", "A.2", "(4)", "B)", "IV.",
            "12345", ".", ")", "Roles", "and", "x", "-", ":",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 7) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            state = state.wrapping_add(1);
            let mut ascii = String::new();
            ascii_heading(text.as_bytes(), &mut ascii);
            assert_eq!(ascii, any_heading(&text), "{text:?}");
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
