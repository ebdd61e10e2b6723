//! Document-control checks (clause 7.5.2): front matter parses, required fields are present
//! and filled in, and each value fits its field type.

use std::sync::LazyLock;

use regex::Regex;

use super::{DocContext, Hit};
use crate::document::FieldValue;
use crate::pack::FieldType;

pub const FRONT_MATTER_DOC: &str = "\
## What it does
Reports a document whose front matter does not parse (invalid YAML or TOML, an unclosed
`---` block, a block over 64 KiB, YAML aliases expanding past a safe budget) and a document
with no document control at all: neither front matter nor `**Key:** value` lines or a
\"Document control\" table near the top.

## Why
Clause 7.5.2 asks that documented information carries identification and description and is
reviewed and approved. Without readable document control none of that can be shown.

## Example
```markdown
---
id: NW-PRO-004
owner: \"Priya Raman
---
```
fails (the quote is never closed); closing the quote passes.";

pub const FIELD_PRESENT_DOC: &str = "\
## What it does
Reports each required document-control field (by default id, title, type, owner, approver,
version, status, last_reviewed, next_review) that is missing, or present with no value or a
placeholder such as `TBD` or `{{ owner }}`. Fields are found in front matter or in the body
(`**Document Owner:** ...` lines, a Document control table) under any of their aliases.

## Why
Clause 7.5.2 asks for identification (title, reference), review and approval of documented
information; clause 7.5.3 asks that it is controlled. Owner, approver, version and review
dates are how an auditor sees that control.

## Example
Front matter without `owner:` fails; adding `owner: Service Delivery Manager` passes.";

pub const FIELD_VALID_DOC: &str = "\
## What it does
Reports a document-control value that does not fit its field type: a version that is not a
dotted number (`1`, `1.2`, `2.0.1`), a status or classification outside the pack's list, a
`type` that is not a document type of the pack, a person given as a malformed e-mail address,
or a clause reference the pack does not know.

## Why
Clause 7.5.2 asks for identification that people and tools can rely on. A status of
`published` where the process knows `approved` hides whether the document was approved.

## Example
`version: latest` fails; `version: 1.4` passes.";

pub const DATE_VALID_DOC: &str = "\
## What it does
Reports a date field that is not a real calendar date in ISO 8601 form (YYYY-MM-DD):
`2026-02-30`, `31/12/2026`, `next year`.

## Why
Review and approval dates are evidence under clauses 7.5.2 and 7.5.3; a date that cannot be
read cannot show that a review happened or is due.

## Example
`next_review: 2026-02-30` fails; `next_review: 2026-02-28` passes.";

#[allow(clippy::expect_used)] // constant patterns
static VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[vV]?\d+(?:\.\d+){0,3}(?:[-+][0-9A-Za-z.-]+)?$").expect("version pattern")
});
#[allow(clippy::expect_used)]
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$").expect("email pattern"));
#[allow(clippy::expect_used)]
static ISO_DATE_SHAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4}-\d{2}-\d{2}$").expect("date pattern"));
#[allow(clippy::expect_used)]
static PLACEHOLDER_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:tbd|tbc|todo|fixme|x{3,}|n/?a|none|unknown|-+|\?+|\{\{.*\}\}|\[.*\]|<.*>)$")
        .expect("placeholder value pattern")
});

/// Whether `text` is a version number ([`VERSION`]). ASCII text is checked without the regex:
/// its Unicode `\d` classes made compiling it a twelfth of a run over one document, and only
/// a version in another script's digits needs it.
fn is_version(text: &str) -> bool {
    is_ascii_version(text) || (!text.is_ascii() && VERSION.is_match(text))
}

/// `[vV]?[0-9]+(\.[0-9]+){0,3}([-+][0-9A-Za-z.-]+)?`, the ASCII-digit part of [`VERSION`].
fn is_ascii_version(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut rest = bytes
        .strip_prefix(b"v")
        .or_else(|| bytes.strip_prefix(b"V"))
        .unwrap_or(bytes);
    for part in 0..4 {
        if part > 0 {
            match rest.strip_prefix(b".") {
                Some(after) if after.first().is_some_and(u8::is_ascii_digit) => rest = after,
                _ => break,
            }
        }
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        rest = rest.get(digits..).unwrap_or_default();
    }
    match rest {
        [] => true,
        [b'-' | b'+', suffix @ ..] => {
            !suffix.is_empty()
                && suffix
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        }
        _ => false,
    }
}

/// Whether a value is only a stand-in for one (`TBD`, `{{ owner }}`, `[Name]`, `<insert>`).
pub fn is_placeholder_value(value: &str) -> bool {
    let value = crate::trim::trim(value);
    // Every form starts with one of these bytes, so most values (names, dates, versions) are
    // ruled out without the regex: it ran several times for every field of every document.
    value
        .bytes()
        .next()
        .is_some_and(|b| PLACEHOLDER_VALUE_STARTS.contains(&b))
        && PLACEHOLDER_VALUE.is_match(value)
}

/// The bytes a [`PLACEHOLDER_VALUE`] match can start with (no other character folds to these
/// letters' cases).
const PLACEHOLDER_VALUE_STARTS: &[u8] = b"tTfFxXnNuU-?{[<";

/// Parses a strict ISO 8601 calendar date; the error says what is wrong.
pub fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    let text = crate::trim::trim(text);
    // The ASCII form is read without the regex, which also takes other scripts' digits: for
    // ASCII text that reading is the whole answer, and compiling the regex's eight Unicode `\d`
    // classes (1.4 M instructions) was paid by every run with a date such as `31/12/2026`.
    let numbers = ascii_date_numbers(text.as_bytes());
    if numbers.is_none() && (text.is_ascii() || !ISO_DATE_SHAPE.is_match(text)) {
        return Err(format!("`{text}` is not a date in YYYY-MM-DD form"));
    }
    // A real date of that shape is built from its numbers: jiff's parser, which reads every
    // ISO 8601 and Temporal form, took 800 instructions a date, two dates a document. It still
    // reads whatever this does not take, so that its error says what is wrong.
    if let Some(date) = numbers.and_then(|(year, month, day)| jiff::civil::Date::new(year, month, day).ok()) {
        return Ok(date);
    }
    text.parse::<jiff::civil::Date>().map_err(|e| {
        let reason = e.to_string();
        let reason = reason.rsplit(": ").next().unwrap_or(&reason).to_owned();
        format!("`{text}` is not a valid calendar date ({reason})")
    })
}

/// Year, month and day of an ASCII `YYYY-MM-DD`; `None` for any other shape.
fn ascii_date_numbers(bytes: &[u8]) -> Option<(i16, i8, i8)> {
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        bytes.get(range)?.iter().try_fold(0i16, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + i16::from(b - b'0'))
        })
    };
    let month = i8::try_from(number(5..7)?).ok()?;
    let day = i8::try_from(number(8..10)?).ok()?;
    Some((number(0..4)?, month, day))
}

/// Whether the document shows any document control at all.
fn has_document_control(ctx: &DocContext<'_>) -> bool {
    ctx.doc.front_matter.is_some() || !ctx.doc.fields.is_empty()
}

pub fn front_matter(ctx: &DocContext<'_>) -> Vec<Hit> {
    if let Some(err) = &ctx.doc.front_matter_error {
        return vec![Hit::new(Some(err.span.clone()), err.message.clone()).label("here")];
    }
    let any_required = ctx.pack.fields.iter().any(|f| f.required);
    if !has_document_control(ctx) && any_required {
        return vec![
            Hit::new(
                Some(ctx.doc.anchor_span()),
                "no document control found: the file has no front matter and no `**Key:** value` lines or Document control table",
            )
            .label("document starts here")
            .var("field", "id"),
        ];
    }
    Vec::new()
}

pub fn field_present(ctx: &DocContext<'_>) -> Vec<Hit> {
    // A broken or absent block is one DOC008, not a DOC001 for every field.
    if ctx.doc.front_matter_error.is_some() || !has_document_control(ctx) {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for spec in ctx.pack.fields.iter().filter(|f| f.required) {
        let label = || title_case(&spec.name);
        match ctx.fields.get(spec.name.as_str()) {
            None => {
                // `title` may come from the `#` heading.
                if spec.name == "title" && ctx.doc.title_heading().is_some() {
                    continue;
                }
                hits.push(
                    Hit::new(
                        Some(ctx.doc.anchor_span()),
                        format!("required field `{}` is missing", spec.name),
                    )
                    .label(format!("add `{}` to this document's control block", spec.name))
                    .var("field", spec.name.clone())
                    .var("label", label()),
                );
            }
            Some(raw) => {
                let empty = match &raw.value {
                    FieldValue::Empty => true,
                    FieldValue::Text(t) => crate::trim::trim(t).is_empty() || is_placeholder_value(t),
                    FieldValue::List(items) => items.is_empty(),
                    FieldValue::Nested => false,
                };
                if empty {
                    hits.push(
                        Hit::new(
                            Some(raw.value_span.clone()),
                            format!("required field `{}` has no value", spec.name),
                        )
                        .label("fill in this value")
                        .var("field", spec.name.clone())
                        .var("label", label()),
                    );
                }
            }
        }
    }
    hits
}

fn title_case(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub fn field_valid(ctx: &DocContext<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for spec in &ctx.pack.fields {
        let Some(raw) = ctx.fields.get(spec.name.as_str()) else {
            continue;
        };
        let name = &spec.name;
        let invalid = |span: std::ops::Range<usize>, message: String, label: &str| {
            Hit::new(Some(span), message)
                .label(label)
                .var("field", name.clone())
        };
        match (&raw.value, spec.kind) {
            (FieldValue::Empty, _) => {}
            // Blank or placeholder values are DOC001's to report.
            (FieldValue::Text(t), _) if crate::trim::trim(t).is_empty() || is_placeholder_value(t) => {}
            (FieldValue::Nested, _) => hits.push(invalid(
                raw.value_span.clone(),
                format!("field `{name}` must be a plain value, not a nested structure"),
                "nested value",
            )),
            (FieldValue::List(items), FieldType::ClauseList | FieldType::List) => {
                if spec.kind == FieldType::ClauseList {
                    for (item, span) in items {
                        hits.extend(check_clause(ctx, name, item, span.clone()));
                    }
                }
            }
            (FieldValue::List(_), _) => hits.push(invalid(
                raw.value_span.clone(),
                format!("field `{name}` must be a single value, not a list"),
                "a list",
            )),
            // Not blank and not a placeholder: the arm above took those.
            (FieldValue::Text(text), kind) => {
                let text = crate::trim::trim(text);
                let span = raw.value_span.clone();
                match kind {
                    FieldType::Version if !is_version(text) => hits.push(
                        invalid(
                            span,
                            format!("version `{text}` is not a version number"),
                            "not a version",
                        )
                        .var("value", text),
                    ),
                    FieldType::Enum if !spec.values.iter().any(|v| v.eq_ignore_ascii_case(text)) => hits
                        .push(
                            invalid(
                                span,
                                format!("{name} `{text}` is not one of: {}", spec.values.join(", ")),
                                "unknown value",
                            )
                            .var("value", text),
                        ),
                    FieldType::DocumentType if ctx.pack.document(text).is_none() => hits.push(
                        invalid(
                            span,
                            format!("`{text}` is not a document type of the pack"),
                            "unknown type",
                        )
                        .var("value", text),
                    ),
                    FieldType::Person => {
                        if let Some(problem) = person_problem(text) {
                            hits.push(invalid(
                                span,
                                format!("{name} `{text}` {problem}"),
                                "not a person or role",
                            ));
                        }
                    }
                    FieldType::ClauseList => {
                        let written = ctx.doc.text().get(span.clone()).unwrap_or("");
                        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                            let at = written
                                .find(part)
                                .map_or(span.clone(), |i| span.start + i..span.start + i + part.len());
                            hits.extend(check_clause(ctx, name, part, at));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    hits
}

fn person_problem(text: &str) -> Option<&'static str> {
    if !text.chars().any(char::is_alphabetic) {
        return Some("names no person or role");
    }
    if text.contains('@') {
        let address = text
            .rsplit_once('<')
            .and_then(|(_, rest)| rest.strip_suffix('>'))
            .unwrap_or(text)
            .trim();
        if !EMAIL.is_match(address) {
            return Some("has a malformed e-mail address");
        }
    }
    None
}

/// `text.trim_start_matches(prefix)` by `strip_prefix`: with a `&str` pattern,
/// `trim_start_matches` first builds a substring searcher, about 500 instructions a call.
fn strip_repeated<'t>(mut text: &'t str, prefix: &str) -> &'t str {
    if prefix.is_empty() {
        return text;
    }
    while let Some(rest) = text.strip_prefix(prefix) {
        text = rest;
    }
    text
}

fn check_clause(ctx: &DocContext<'_>, field: &str, item: &str, span: std::ops::Range<usize>) -> Option<Hit> {
    let id = strip_repeated(crate::trim::trim(item), "ISO/IEC 20000-1:2018");
    let id = strip_repeated(crate::trim::trim(id).trim_start_matches(['§', ' ']), "clause ");
    let id = crate::trim::trim(id);
    // A 2011 number that no longer exists is TXT003's to report, with its 2018 successor.
    if id.is_empty() || ctx.pack.clause(id).is_some() || ctx.pack.clause_moves.iter().any(|m| m.from == id) {
        return None;
    }
    Some(
        Hit::new(
            Some(span),
            format!("clause `{id}` is not a clause of {}", ctx.pack.standard),
        )
        .label("unknown clause")
        .var("field", field)
        .var("value", id),
    )
}

pub fn date_valid(ctx: &DocContext<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for spec in ctx.pack.fields.iter().filter(|f| f.kind == FieldType::Date) {
        let Some((text, span)) = ctx.text(&spec.name) else {
            continue;
        };
        if is_placeholder_value(text) {
            continue;
        }
        if let Err(reason) = parse_date(text) {
            hits.push(
                Hit::new(Some(span), format!("{}: {reason}", spec.name))
                    .label("not a YYYY-MM-DD date")
                    .var("field", spec.name.clone())
                    .var("value", text),
            );
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_repeated_is_trim_start_matches() {
        for text in [
            "",
            "clause ",
            "clause clause 6.1",
            "clause6.1",
            " clause 6.1",
            "6.1 clause ",
        ] {
            assert_eq!(
                strip_repeated(text, "clause "),
                text.trim_start_matches("clause "),
                "{text:?}"
            );
        }
        assert_eq!(strip_repeated("6.1", ""), "6.1");
    }

    #[test]
    fn dates() {
        assert!(parse_date("2026-02-28").is_ok());
        assert!(parse_date(" 2028-02-29 ").is_ok());
        for bad in [
            "2026-02-30",
            "0000-00-00",
            "2026-13-01",
            "31/12/2026",
            "next year",
            "2026-1-2",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        let err = parse_date("2026-02-30").err().unwrap_or_default();
        assert!(err.contains("2026-02-30"), "{err}");
    }

    #[test]
    fn a_date_built_from_its_numbers_is_the_one_jiff_reads() {
        for text in [
            "2026-02-28",
            "2028-02-29",
            "2026-02-29",
            "2026-02-30",
            "0000-01-01",
            "0000-00-00",
            "9999-12-31",
            "2026-13-01",
            "2026-12-32",
            "2026-04-31",
            "1970-01-01",
        ] {
            assert_eq!(
                parse_date(text).ok(),
                text.parse::<jiff::civil::Date>().ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn the_date_shape_is_the_patterns_though_ascii_text_skips_it() {
        for text in [
            "2026-02-30",
            "2026-01-01",
            "31/12/2026",
            "2026-1-2",
            "2026-01-01x",
            "",
            "next year",
            "\u{ff12}\u{ff10}\u{ff12}\u{ff16}-01-01",
            "\u{662}\u{660}\u{662}\u{666}-\u{660}\u{661}-\u{660}\u{661}",
            "2026-01-0\u{661}",
            "2026-01-\u{e9}1",
        ] {
            let shape_error = parse_date(text)
                .err()
                .is_some_and(|e| e.ends_with("is not a date in YYYY-MM-DD form"));
            assert_eq!(
                shape_error,
                !ISO_DATE_SHAPE.is_match(crate::trim::trim(text)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn placeholders_and_people() {
        assert!(is_placeholder_value("TBD"));
        assert!(is_placeholder_value("{{ owner }}"));
        assert!(is_placeholder_value("[Name]"));
        assert!(!is_placeholder_value("Service Manager"));
        for value in [
            "tbd",
            " TBC ",
            "ToDo",
            "fixme",
            "XXXX",
            "n/a",
            "NA",
            "None",
            "unknown",
            "---",
            "??",
            "{{x}}",
            "[Owner]",
            "<insert name>",
            "2026-01-01",
            "3.5",
            "Jane",
            "Ñ/A",
            "",
        ] {
            assert_eq!(
                is_placeholder_value(value),
                PLACEHOLDER_VALUE.is_match(value.trim()),
                "{value:?}"
            );
        }
        assert_eq!(person_problem("Jane <jane@example.com>"), None);
        assert_eq!(
            person_problem("jane@example"),
            Some("has a malformed e-mail address")
        );
        assert_eq!(person_problem("42"), Some("names no person or role"));
    }

    #[test]
    fn versions() {
        for ok in ["1", "1.2", "2.0.1", "v3.1", "1.0-rc1"] {
            assert!(VERSION.is_match(ok), "{ok}");
        }
        for bad in ["latest", "1.2.3.4.5", "one"] {
            assert!(!VERSION.is_match(bad), "{bad}");
        }
    }

    #[test]
    fn the_ascii_version_check_agrees_with_the_pattern() {
        let samples = [
            "1",
            "1.2",
            "2.0.1",
            "1.2.3.4",
            "1.2.3.4.5",
            "v3.1",
            "V3",
            "vv3",
            "v",
            "",
            "1.",
            "1..2",
            ".1",
            "1.0-rc1",
            "1.0+build.5",
            "1.0-",
            "1.0+",
            "1.0-rc_1",
            "1.0 ",
            " 1.0",
            "1.2.3.4-rc.1",
            "1.2.3.4.5-rc",
            "1-2",
            "1.a",
            "01.002",
            "1.0-rc1-2",
            "1.0-+",
            "١.٢",
            "v١",
            "1.٢",
            "1.0-é",
            "latest",
            "one",
            "1,0",
            "1.0.0.0.0.0",
        ];
        for text in samples {
            // The ASCII check never accepts what the pattern rejects, and the two together
            // decide as the pattern alone does.
            if is_ascii_version(text) {
                assert!(VERSION.is_match(text), "{text:?}");
            }
            assert_eq!(is_version(text), VERSION.is_match(text), "{text:?}");
        }
        // Each ASCII form the pattern takes, the check takes too (so the regex is not
        // compiled for them).
        for text in samples.iter().filter(|t| t.is_ascii() && VERSION.is_match(t)) {
            assert!(is_ascii_version(text), "{text:?}");
        }
    }
}
