//! Repository checks: every required document type is present, every document is recognised,
//! and document ids are unique. They run over per-document summaries after all files parse.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;

use serde::Deserialize;

use super::{DocContext, Hit};
use crate::pack::Pack;

pub const REQUIRED_DOC: &str = "\
## What it does
Reports each document type the pack marks `required = true` that no document in the
repository is recognised as (by its `type` field, its path or its title).

## Why
Clause 7.5.4 lists the documented information the service management system must include;
a missing policy or plan is a major nonconformity at a Stage 1 audit. This is the gap
analysis. It runs only when the whole repository is checked, not on a list of files.

## Example
A repository without a change management policy fails; adding
`policies/change-management-policy.md` with `type: change-management-policy` passes.";

pub const CLASSIFIED_DOC: &str = "\
## What it does
Reports a Markdown document that matches no document type of the pack: no known `type`
field, no matching path glob, no matching title.

## Why
An unrecognised document is not checked for its sections, and cannot count towards a
required document type. Either it is something the SMS needs, and should say what it is,
or it is not part of the SMS and belongs in `exclude`.

## Example
`notes/meeting-notes.md` titled \"Team meeting notes\" fails; setting
`type: service-management-plan` or excluding `notes/**` passes.";

pub const ID_UNIQUE_DOC: &str = "\
## What it does
Reports every document whose `id` (or the field named by `with = { field = \"...\" }`) is also
used by another document. Each document in the clash gets a finding naming the others.

## Why
Clause 7.5.2 asks for identification of documented information. Two documents with one
reference make every citation of that reference ambiguous, typically after a copy-and-edit.

## Example
`policies/sms-policy.md` and `policies/sms-policy-2025.md` both with `id: POL-001` fail.";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdParams {
    pub field: String,
}

impl Default for IdParams {
    fn default() -> Self {
        Self { field: "id".into() }
    }
}

pub fn classified(ctx: &DocContext<'_>) -> Vec<Hit> {
    if ctx.doc_type.is_some() {
        return Vec::new();
    }
    let title = ctx
        .text("title")
        .map(|(t, _)| t.to_owned())
        .or_else(|| ctx.doc.title_heading().map(|h| h.text.as_str().to_owned()))
        .unwrap_or_default();
    let what = if title.is_empty() {
        String::new()
    } else {
        format!(" (\"{title}\")")
    };
    vec![
        Hit::new(
            Some(ctx.doc.anchor_span()),
            format!("document{what} matches no document type: no known `type`, and neither its path nor its title is recognised"),
        )
        .label("unrecognised document"),
    ]
}

/// REQ001: one hit per required type absent from `found`, in pack order.
pub fn required(pack: &Pack, found: &BTreeSet<&str>) -> Vec<Hit> {
    pack.documents()
        .iter()
        .filter(|d| d.required && !found.contains(d.id.as_str()))
        .map(|d| {
            Hit::new(
                None,
                format!(
                    "required document missing: no {} (`{}`) in the repository",
                    d.title.to_lowercase(),
                    d.id
                ),
            )
            .var("doctype", d.id.clone())
            .clauses(d.clauses.clone())
        })
        .collect()
}

/// One document's id as written: path, value and the value's span.
pub struct IdUse<'a> {
    pub path: &'a str,
    pub id: &'a str,
    pub span: Range<usize>,
}

/// An id as compared: trimmed and lower-cased, borrowed when it already is.
fn folded(id: &str) -> Cow<'_, str> {
    let id = crate::trim::trim(id);
    if id.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(id)
    } else {
        Cow::Owned(id.to_lowercase())
    }
}

/// How many of the other documents with the same id an ID001 message names. A template
/// copied a thousand times without a new id made each of the thousand messages name the
/// other 999: output and memory that grew with the square of the copies (340 MB of JSON for
/// 5,000 copies), where the first few say what to fix.
const LISTED_CLASHES: usize = 5;

/// ID001: a hit for every document whose id another document also uses, keyed by path.
pub fn id_unique<'a>(uses: &[IdUse<'a>]) -> Vec<(&'a str, Hit)> {
    // (id, position): a clash lists the other documents in the order they were given.
    let mut keyed: Vec<(Cow<'a, str>, usize)> =
        uses.iter().enumerate().map(|(i, u)| (folded(u.id), i)).collect();
    keyed.sort_unstable();
    let mut hits = Vec::new();
    let clashes = keyed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|group| group.len() > 1)
        .map(|group| group.iter().filter_map(|(_, i)| uses.get(*i)).collect::<Vec<_>>());
    for group in clashes {
        for u in &group {
            let mut others: Vec<&str> = group
                .iter()
                .filter(|o| o.path != u.path)
                .map(|o| o.path)
                .collect();
            // A document with the id twice is one other document.
            others.dedup();
            let others = match others.len() {
                0 => "another entry in this file".to_owned(),
                n if n > LISTED_CLASHES => format!(
                    "{} and {} more",
                    others.get(..LISTED_CLASHES).unwrap_or_default().join(", "),
                    n - LISTED_CLASHES
                ),
                _ => others.join(", "),
            };
            hits.push((
                u.path,
                Hit::new(
                    Some(u.span.clone()),
                    format!("document id `{}` is also used by {others}", u.id.trim()),
                )
                .label("duplicate id")
                .var("id", u.id.trim()),
            ));
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_in_a_clash_is_reported() {
        let uses = [
            IdUse {
                path: "a.md",
                id: "POL-1",
                span: 0..5,
            },
            IdUse {
                path: "b.md",
                id: "pol-1 ",
                span: 3..8,
            },
            IdUse {
                path: "c.md",
                id: "POL-2",
                span: 0..5,
            },
        ];
        let hits = id_unique(&uses);
        assert_eq!(hits.len(), 2);
        assert!(hits.iter().all(|(p, _)| *p != "c.md"));
        assert!(
            hits.iter()
                .any(|(p, h)| *p == "a.md" && h.message.contains("b.md"))
        );
    }

    #[test]
    fn a_clash_of_many_names_the_first_few_and_counts_the_rest() {
        let paths: Vec<String> = (0..LISTED_CLASHES + 3).map(|i| format!("d{i}.md")).collect();
        let mut uses: Vec<IdUse<'_>> = paths
            .iter()
            .map(|path| IdUse {
                path,
                id: "POL-1",
                span: 0..5,
            })
            .collect();
        // The last document has the id twice: it is counted once.
        uses.push(IdUse {
            path: paths.last().map_or("", String::as_str),
            id: "POL-1",
            span: 9..14,
        });
        let hits = id_unique(&uses);
        assert_eq!(hits.len(), uses.len());
        let first = hits.first().map(|(_, h)| h.message.as_str()).unwrap_or_default();
        assert_eq!(
            first,
            "document id `POL-1` is also used by d1.md, d2.md, d3.md, d4.md, d5.md and 2 more"
        );
        let last = hits.last().map(|(_, h)| h.message.as_str()).unwrap_or_default();
        assert!(last.ends_with("d4.md and 2 more"), "{last}");
        // Exactly as many as are listed: no "and 0 more".
        let few = id_unique(uses.get(..=LISTED_CLASHES).unwrap_or_default());
        let message = few.first().map(|(_, h)| h.message.as_str()).unwrap_or_default();
        assert!(message.ends_with("d4.md, d5.md"), "{message}");
    }

    #[test]
    fn ids_compare_case_insensitively_beyond_ascii() {
        let uses = [
            IdUse {
                path: "a.md",
                id: "ÄNDERUNG-1",
                span: 0..5,
            },
            IdUse {
                path: "b.md",
                id: "POL-1",
                span: 0..5,
            },
            IdUse {
                path: "c.md",
                id: "änderung-1",
                span: 0..5,
            },
        ];
        let paths: Vec<&str> = id_unique(&uses).into_iter().map(|(p, _)| p).collect();
        assert_eq!(paths, ["a.md", "c.md"]);
    }
}
