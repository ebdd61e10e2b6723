//! TXT003: citations of clause numbers from the withdrawn 2011 edition, reported with the 2018
//! clause that replaced them.

use super::{DocContext, Hit};
use crate::document::FieldValue;
use crate::pack::ClauseMove;

pub const LEGACY_CLAUSE_DOC: &str = "\
## What it does
Reports a clause number of ISO/IEC 20000-1:2011 where a document cites it: a `clauses:` item
that only exists in the 2011 numbering (`4.5.2`), or a `clause 6.6` in the text on a line that
mentions the 2011 edition or a number the 2018 edition does not have. The message names the
2018 clause (the pack's `[[clause-move]]` table).

## Why
Templates bought before 2018 still cite 2011 numbers. The 2011 edition's certificates ended in
September 2021; an auditor reads `clause 6.6` as the 2018 clause 6.6 (which does not exist) and
the cross-reference is lost (clause 7.5.2: identification of documented information).

## Example
`clauses: [\"6.6\"]` in an information security policy fails: in the 2018 edition information
security management is 8.7.3. `clauses: [\"8.7.3.1\"]` passes.";

/// A citation: "clause 6.6", "Section 8.1", "cl. 4.5.2", "§ 9.3", as the two patterns of one
/// search (see [`super::scan`]). The keyword's usual spellings rather than `(?i)`: a
/// case-insensitive "clause" begins with any of 64 spellings of its first four letters, more
/// than the shared literal search takes. ASCII word boundaries keep the search on the lazy
/// DFA in non-ASCII text, and ASCII digits are the only ones a clause number of the table
/// has (`\d`, every script's digits, was two thirds of compiling the patterns).
pub const CITATIONS: [&str; 2] = [
    r"(?-u:\b)(?:[Cc]lause|CLAUSE|[Ss]ection|SECTION)\s*[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}(?-u:\b)",
    r"(?:(?-u:\b)(?:[Cc]l\.|CL\.)|§)\s*[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}(?-u:\b)",
];

fn successor(moved: &ClauseMove, standard: &str) -> String {
    format!("{standard} {} ({})", moved.to.join(" and "), moved.topic)
}

fn hit(moved: &ClauseMove, standard: &str, span: std::ops::Range<usize>) -> Hit {
    let replacement = successor(moved, standard);
    Hit::new(
        Some(span),
        format!(
            "clause {} is the 2011 edition's number; in {replacement}",
            moved.from
        ),
    )
    .label(format!("now {}", moved.to.join(" and ")))
    .var("replacement", replacement)
}

pub fn legacy_clauses(ctx: &DocContext<'_>) -> Vec<Hit> {
    let moves = &ctx.pack.clause_moves;
    if moves.is_empty() {
        return Vec::new();
    }
    let find = |id: &str| moves.iter().find(|m| m.from == id);
    let mut hits = Vec::new();
    if let Some(raw) = ctx.fields.get("clauses") {
        // Borrowed: the items are only read.
        let items: Vec<(&str, &std::ops::Range<usize>)> = match &raw.value {
            FieldValue::List(items) => items.iter().map(|(item, span)| (item.as_str(), span)).collect(),
            FieldValue::Text(t) => vec![(t.as_str(), &raw.value_span)],
            _ => Vec::new(),
        };
        for (item, span) in items {
            let id = item.trim();
            // In the field a number the 2018 edition also has means the 2018 clause.
            if ctx.pack.clause(id).is_none()
                && let Some(moved) = find(id)
            {
                hits.push(hit(moved, &ctx.pack.standard, span.clone()));
            }
        }
    }
    let text = ctx.doc.text();
    let body_start = ctx.doc.body_start.min(text.len());
    // The citations in the body; the line is looked at only around one. (The search is there:
    // this check runs only when its rule is enabled.)
    let Some(search) = ctx.pack.text_scan().citation_search() else {
        return hits;
    };
    for citation in ctx.text_matches(search) {
        let Some(written) = text.get(citation.clone()) else {
            continue;
        };
        let Some(digit) = written.find(|c: char| c.is_ascii_digit()) else {
            continue;
        };
        let span = citation.start + digit..citation.end;
        let Some(number) = text.get(span.clone()) else {
            continue;
        };
        let Some(moved) = find(number) else {
            continue;
        };
        if ctx.doc.is_masked(&span) {
            continue;
        }
        // The line, within the body.
        let line_start = text
            .get(body_start..span.start)
            .and_then(|before| before.rfind('\n'))
            .map_or(body_start, |i| body_start + i + 1);
        let line_end = text
            .get(span.end..)
            .and_then(|after| after.find('\n'))
            .map_or(text.len(), |i| span.end + i);
        let mentions_2011 = text.get(line_start..line_end).is_some_and(|l| l.contains("2011"));
        if mentions_2011 || ctx.pack.clause(number).is_none() {
            hits.push(hit(moved, &ctx.pack.standard, span));
        }
    }
    hits
}
