//! TXT003: citations of clause numbers from the withdrawn 2011 edition, reported with the 2018
//! clause that replaced them.

use std::sync::LazyLock;

use regex::Regex;

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

/// A citation: "clause 6.6", "Section 8.1", "cl. 4.5.2", "§ 9.3". The keyword's usual spellings
/// rather than `(?i)`, and two patterns rather than one: a case-insensitive "clause" leaves the
/// search only a short prefix ("cla", "sec") that every "classified" and "security" matches,
/// and a two-byte "§" next to "cl." makes it look for "cl", which matches far more. ASCII word
/// boundaries keep the search on the lazy DFA in non-ASCII text.
#[allow(clippy::expect_used)] // constant patterns
static CITATIONS: LazyLock<[Regex; 2]> = LazyLock::new(|| {
    let number = r"\s*\d{1,2}(?:\.\d{1,2}){0,3}(?-u:\b)";
    [
        Regex::new(&format!(
            r"(?-u:\b)(?:[Cc]lause|CLAUSE|[Ss]ection|SECTION){number}"
        ))
        .expect("citation pattern"),
        Regex::new(&format!(r"(?:(?-u:\b)(?:[Cc]l\.|CL\.)|§){number}")).expect("citation pattern"),
    ]
});

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
        let items: Vec<(String, std::ops::Range<usize>)> = match &raw.value {
            FieldValue::List(items) => items.clone(),
            FieldValue::Text(t) => vec![(t.clone(), raw.value_span.clone())],
            _ => Vec::new(),
        };
        for (item, span) in items {
            let id = item.trim();
            // In the field a number the 2018 edition also has means the 2018 clause.
            if ctx.pack.clause(id).is_none()
                && let Some(moved) = find(id)
            {
                hits.push(hit(moved, &ctx.pack.standard, span));
            }
        }
    }
    let text = ctx.doc.text();
    let body_start = ctx.doc.body_start;
    let body = text.get(body_start..).unwrap_or("");
    // One pass over the body; the line is looked at only around a citation.
    // `find_iter`, not captures: the number is the citation's tail from its first digit, and a
    // capture search per citation costs several times the match itself.
    for citation in CITATIONS.iter().flat_map(|re| re.find_iter(body)) {
        let Some(digit) = citation.as_str().find(|c: char| c.is_ascii_digit()) else {
            continue;
        };
        let number_start = citation.start() + digit;
        let Some(number) = body.get(number_start..citation.end()) else {
            continue;
        };
        let span = body_start + number_start..body_start + citation.end();
        let Some(moved) = find(number) else {
            continue;
        };
        if ctx.doc.is_masked(&span) {
            continue;
        }
        let line_start = body
            .get(..number_start)
            .and_then(|b| b.rfind('\n'))
            .map_or(0, |i| i + 1);
        let line_end = body
            .get(citation.end()..)
            .and_then(|a| a.find('\n'))
            .map_or(body.len(), |i| citation.end() + i);
        let mentions_2011 = body.get(line_start..line_end).is_some_and(|l| l.contains("2011"));
        if mentions_2011 || ctx.pack.clause(number).is_none() {
            hits.push(hit(moved, &ctx.pack.standard, span));
        }
    }
    hits
}
