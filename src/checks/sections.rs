//! Section checks: the headings a document type requires are present, filled in and, where
//! the type asks for it, in the declared order.

use super::{DocContext, Hit};
use crate::document::Heading;
use crate::pack::SectionSpec;

pub const PRESENT_DOC: &str = "\
## What it does
Reports each section the document's type requires that has no heading. Headings match
ignoring case, emoji, emphasis, trailing colons and leading numbering (`## 3.1 **Scope:**`
matches \"Scope\"), and any alternative name the pack lists (\"Logging and categorisation\"
for \"Recording and classification\").

## Why
Each required section carries something the clause asks the document to cover: an incident
procedure without escalation does not show how clause 8.6.1's escalation is met.

## Example
An incident management procedure without an `## Escalation` heading fails; adding the
section passes.";

pub const NOT_EMPTY_DOC: &str = "\
## What it does
Reports a required section whose heading is followed directly by the next heading of the
same or a higher level, or by the end of the file. A subsection with text counts as content;
comments do not.

## Why
An empty heading looks like coverage in a table of contents and is none.

## Example
`## Escalation` followed straight by `## Resolution` fails.";

pub const ORDER_DOC: &str = "\
## What it does
For document types declared with `ordered = true`, reports a required section that appears
out of the declared order. Only the sections that moved are reported, not every section they
moved past.

## Why
Procedures are read top to bottom: roles before the steps that name them, recording before
escalation. An auditor sampling a procedure follows that order.

## Example
An incident procedure with `## Escalation` before `## Roles and responsibilities` fails.";

/// The first heading that satisfies `spec`, skipping the title.
fn find<'d>(headings: &'d [Heading], spec: &SectionSpec, title: Option<&Heading>) -> Option<&'d Heading> {
    headings
        .iter()
        .filter(|h| title.is_none_or(|t| t.span != h.span))
        .find(|h| spec.names.iter().any(|name| *name == h.normalized))
}

fn type_clauses(ctx: &DocContext<'_>) -> Vec<String> {
    ctx.doc_type.map(|t| t.clauses.clone()).unwrap_or_default()
}

/// The document type whose sections apply: none for a pointer page that stands for records
/// kept in an ITSM tool (`external_ok` types with `records_location`).
fn sectioned<'a>(ctx: &DocContext<'a>) -> Option<&'a crate::pack::DocType> {
    ctx.doc_type
        .filter(|t| !(t.external_ok && ctx.text("records_location").is_some()))
}

fn is_column(ctx: &DocContext<'_>, spec: &SectionSpec) -> bool {
    spec.column && ctx.doc.table_headers().iter().any(|h| spec.names.contains(h))
}

pub fn present(ctx: &DocContext<'_>) -> Vec<Hit> {
    let Some(doc_type) = sectioned(ctx) else {
        return Vec::new();
    };
    let title = ctx.doc.title_heading();
    doc_type
        .sections
        .iter()
        .filter(|spec| find(&ctx.doc.headings, spec, title).is_none() && !is_column(ctx, spec))
        .map(|spec| {
            let also = if spec.names.len() > 1 {
                format!(" (or one of its alternative names: {})", alternatives(spec))
            } else {
                String::new()
            };
            Hit::new(
                Some(ctx.doc.anchor_span()),
                format!(
                    "required {} \"{}\" is missing from this {}{also}",
                    if spec.column { "column" } else { "section" },
                    spec.display,
                    doc_type.title.to_lowercase()
                ),
            )
            .label(if spec.column {
                format!("no \"{}\" table column or heading in this document", spec.display)
            } else {
                format!("no \"{}\" heading in this document", spec.display)
            })
            .var("section", spec.display.clone())
            .var("doctype", doc_type.id.clone())
            .clauses(type_clauses(ctx))
        })
        .collect()
}

fn alternatives(spec: &SectionSpec) -> String {
    spec.names
        .iter()
        .skip(1)
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn not_empty(ctx: &DocContext<'_>) -> Vec<Hit> {
    let Some(doc_type) = sectioned(ctx) else {
        return Vec::new();
    };
    let title = ctx.doc.title_heading();
    doc_type
        .sections
        .iter()
        .filter_map(|spec| find(&ctx.doc.headings, spec, title).map(|h| (spec, h)))
        .filter(|(_, h)| !h.has_content)
        .map(|(spec, h)| {
            Hit::new(
                Some(h.span.clone()),
                format!(
                    "required section \"{}\" has a heading but no content",
                    spec.display
                ),
            )
            .label("nothing under this heading")
            .var("section", spec.display.clone())
            .var("doctype", doc_type.id.clone())
            .clauses(type_clauses(ctx))
        })
        .collect()
}

pub fn order(ctx: &DocContext<'_>) -> Vec<Hit> {
    let Some(doc_type) = sectioned(ctx).filter(|t| t.ordered) else {
        return Vec::new();
    };
    let title = ctx.doc.title_heading();
    // (declared index, heading) for each required section found, in document order.
    let mut found: Vec<(usize, &Heading)> = doc_type
        .sections
        .iter()
        .enumerate()
        .filter_map(|(i, spec)| find(&ctx.doc.headings, spec, title).map(|h| (i, h)))
        .collect();
    found.sort_by_key(|(_, h)| h.span.start);
    let keep = longest_increasing(&found.iter().map(|(i, _)| *i).collect::<Vec<_>>());
    let mut hits = Vec::new();
    for (pos, (declared, heading)) in found.iter().enumerate() {
        if keep.contains(&pos) {
            continue;
        }
        let spec_name = |i: usize| doc_type.sections.get(i).map_or("", |s| s.display.as_str());
        // The closest earlier declared section that is present tells the reader where to move it.
        let after = found
            .iter()
            .map(|(i, _)| *i)
            .filter(|i| i < declared)
            .max()
            .map(spec_name)
            .unwrap_or("the title");
        let name = spec_name(*declared);
        hits.push(
            Hit::new(
                Some(heading.span.clone()),
                format!(
                    "section \"{name}\" is out of order: the {} declares it after \"{after}\"",
                    doc_type.title.to_lowercase()
                ),
            )
            .label(format!("expected after \"{after}\""))
            .var("section", name)
            .var("after", after)
            .var("doctype", doc_type.id.clone())
            .clauses(type_clauses(ctx)),
        );
    }
    hits
}

/// Positions of one longest strictly increasing subsequence of `values` (earliest on ties).
fn longest_increasing(values: &[usize]) -> Vec<usize> {
    let n = values.len();
    let mut length = vec![1usize; n];
    let mut previous: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        for j in 0..i {
            if let (Some(vj), Some(vi), Some(&lj), Some(&li)) =
                (values.get(j), values.get(i), length.get(j), length.get(i))
                && vj < vi
                && lj + 1 > li
            {
                if let Some(slot) = length.get_mut(i) {
                    *slot = lj + 1;
                }
                if let Some(slot) = previous.get_mut(i) {
                    *slot = Some(j);
                }
            }
        }
    }
    let best = (0..n).max_by_key(|&i| (length.get(i).copied().unwrap_or(0), std::cmp::Reverse(i)));
    let mut keep = Vec::new();
    let mut cursor = best;
    while let Some(i) = cursor {
        keep.push(i);
        cursor = previous.get(i).copied().flatten();
    }
    keep.reverse();
    keep
}

#[cfg(test)]
mod tests {
    use super::longest_increasing;

    #[test]
    fn one_moved_section_is_the_only_one_outside_the_sequence() {
        assert_eq!(
            longest_increasing(&[0, 1, 5, 2, 3, 4, 6, 7]),
            vec![0, 1, 3, 4, 5, 6, 7]
        );
        assert_eq!(longest_increasing(&[]), Vec::<usize>::new());
        assert_eq!(longest_increasing(&[2, 1]).len(), 1);
    }
}
