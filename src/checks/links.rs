//! Link checks: relative links resolve to a file in the repository, stay inside it, and point
//! at a heading that exists. Links to other documents' headings are checked after every file
//! is parsed, from the anchors each document summary carries.

use std::collections::HashSet;
use std::ops::Range;

use percent_encoding::percent_decode_str;

use super::{DocContext, Hit};
use crate::document::Document;
use crate::document::normalize::Slugger;

pub const TARGET_DOC: &str = "\
## What it does
Reports a relative link (`[policy](../policies/change.md)`) whose file or folder does not
exist in the repository. Links with a scheme (`https:`, `mailto:`) are not checked; links
inside code are not links.

## Why
Clause 7.5.3 asks that documented information is available where and when it is needed. A
procedure that points to a renamed policy sends its reader nowhere.

## Example
`[plan](../plans/continuity.md)` after the plan was renamed fails; fixing the path passes.";

pub const ANCHOR_DOC: &str = "\
## What it does
Reports a link to a heading anchor (`#escalation`, `other.md#scope`) that no heading or HTML
`id` in the target document produces. Anchors are computed the way GitHub does: lower case,
punctuation dropped, spaces become hyphens, repeated headings get `-1`, `-2`.

## Why
Cross-references between the SMS documents are how an auditor follows a requirement from
policy to procedure (clause 7.5.3); a renamed heading silently breaks them.

## Example
`[escalation](incident.md#escalation-matrix)` when the heading is `## Escalation` fails.";

pub const INSIDE_ROOT_DOC: &str = "\
## What it does
Reports a relative link whose path climbs above the repository root (`../../etc/passwd`,
`../other-repo/policy.md`).

## Why
The repository is the controlled set of documented information (clause 7.5.3). A link out of
it points at something nobody controls, and breaks as soon as the repository is cloned
elsewhere.

## Example
`[handbook](../../shared/handbook.md)` fails; linking a document inside the repository or a
full `https://` address passes.";

/// Where a link leads, resolved against the linking document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A URL with a scheme, or a protocol-relative `//host` link: not checked.
    External,
    /// `#fragment` within the same document.
    SameDocument { fragment: String },
    /// A path inside the repository, with its fragment (possibly empty).
    File { path: String, fragment: String },
    /// A path that climbs above the repository root.
    Outside,
}

/// `text` split at the first `byte` (an ASCII character), the byte left out; the whole text
/// and nothing when it has none. A memchr: `split_once` with a `char` went through the
/// standard library's generic searcher, three times a link.
fn split_at_byte(text: &str, byte: u8) -> (&str, Option<&str>) {
    match memchr::memchr(byte, text.as_bytes()) {
        Some(at) => (text.get(..at).unwrap_or(text), text.get(at + 1..)),
        None => (text, None),
    }
}

fn has_scheme(destination: &str) -> bool {
    let (scheme, Some(_)) = split_at_byte(destination, b':') else {
        return false;
    };
    scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn decode(text: &str) -> std::borrow::Cow<'_, str> {
    // Most paths have no escape: one memchr instead of the decoder's byte-by-byte look.
    if memchr::memchr(b'%', text.as_bytes()).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    percent_decode_str(text).decode_utf8_lossy()
}

/// Resolves `destination` written in the document at `from` (repository-relative, `/`).
pub fn resolve(from: &str, destination: &str) -> Target {
    let destination = crate::trim::trim(destination);
    if destination.is_empty() || destination.starts_with("//") || has_scheme(destination) {
        return Target::External;
    }
    let (path, fragment) = split_at_byte(destination, b'#');
    let fragment = fragment.unwrap_or("");
    let (path, _query) = split_at_byte(path, b'?');
    let fragment = decode(fragment).into_owned();
    if path.is_empty() {
        return Target::SameDocument { fragment };
    }
    let path = decode(path);
    // Built in place, a segment at a time (`from` is already plain: no empty, `.` or `..`
    // segments): a list of segments joined at the end was most of resolving a link.
    let mut resolved = String::with_capacity(from.len() + path.len());
    if !path.starts_with('/')
        && let Some((folder, _)) = from.rsplit_once('/')
    {
        resolved.push_str(folder);
    }
    // Segments between `/` or `\`, found by memchr: `split` with a pattern of two `char`s
    // decoded every character of every link's path.
    let bytes = path.as_bytes();
    let ends = memchr::memchr2_iter(b'/', b'\\', bytes).chain(std::iter::once(bytes.len()));
    let mut start = 0;
    for end in ends {
        let part = path.get(start..end).unwrap_or("");
        start = end + 1;
        match part {
            "" | "." => {}
            ".." => {
                if resolved.is_empty() {
                    return Target::Outside;
                }
                resolved.truncate(resolved.rfind('/').unwrap_or(0));
            }
            part => {
                if !resolved.is_empty() {
                    resolved.push('/');
                }
                resolved.push_str(part);
            }
        }
    }
    Target::File {
        path: resolved,
        fragment,
    }
}

/// The anchors a document's links may target, lower-cased. Worked out only for documents a
/// link with a fragment points at: most documents are never the target of one.
pub fn anchors(doc: &Document) -> HashSet<String> {
    let mut slugger = Slugger::default();
    doc.headings
        .iter()
        .map(|h| slugger.next(&h.text))
        .chain(doc.html_anchors.iter().map(|a| a.to_lowercase()))
        .collect()
}

/// Whether `fragment` names an anchor in `anchors`. An empty fragment and GitHub's `top`
/// always exist.
pub fn anchor_exists(anchors: &HashSet<String>, fragment: &str) -> bool {
    let fragment = fragment.to_lowercase();
    fragment.is_empty() || fragment == "top" || anchors.contains(&fragment)
}

pub fn target_exists(ctx: &DocContext<'_>) -> Vec<Hit> {
    ctx.doc
        .links
        .iter()
        .zip(ctx.link_targets())
        .filter_map(|(link, target)| match target {
            // An empty path is the repository root itself (`[home](/)`).
            Target::File { path, .. } if !path.is_empty() && !ctx.inventory.contains(path) => Some(
                Hit::new(
                    Some(link.span.clone()),
                    format!(
                        "link target `{path}` does not exist (written `{}`)",
                        link.destination
                    ),
                )
                .label("no such file in the repository")
                .var("target", path.clone()),
            ),
            _ => None,
        })
        .collect()
}

pub fn inside_root(ctx: &DocContext<'_>) -> Vec<Hit> {
    ctx.doc
        .links
        .iter()
        .zip(ctx.link_targets())
        .filter(|(_, target)| **target == Target::Outside)
        .map(|(link, _)| {
            Hit::new(
                Some(link.span.clone()),
                format!("link `{}` leaves the repository root", link.destination),
            )
            .label("outside the repository")
        })
        .collect()
}

/// A link into another Markdown document with a fragment, checked once all anchors are known.
#[derive(Debug, Clone)]
pub struct CrossLink {
    pub target: String,
    pub fragment: String,
    pub destination: String,
    pub span: Range<usize>,
}

/// LNK002 for links within the document, and the links into other documents to check later.
pub fn same_document_anchors(ctx: &DocContext<'_>) -> (Vec<Hit>, Vec<CrossLink>) {
    let mut own: Option<HashSet<String>> = None;
    let mut hits = Vec::new();
    let mut cross = Vec::new();
    for (link, target) in ctx.doc.links.iter().zip(ctx.link_targets()) {
        let fragment = match target {
            Target::SameDocument { fragment } => fragment,
            Target::File { path, fragment }
                if !fragment.is_empty() && is_markdown(path) && ctx.inventory.contains(path) =>
            {
                if path != ctx.doc.path() {
                    cross.push(CrossLink {
                        target: path.clone(),
                        fragment: fragment.clone(),
                        destination: link.destination.clone(),
                        span: link.span.clone(),
                    });
                    continue;
                }
                fragment
            }
            _ => continue,
        };
        let own = own.get_or_insert_with(|| anchors(ctx.doc));
        if !anchor_exists(own, fragment) {
            hits.push(missing_anchor(
                &link.destination,
                fragment,
                "this document",
                link.span.clone(),
            ));
        }
    }
    (hits, cross)
}

pub fn is_markdown(path: &str) -> bool {
    let ends_with = |suffix: &str| {
        path.len()
            .checked_sub(suffix.len())
            .and_then(|at| path.as_bytes().get(at..))
            .is_some_and(|end| end.eq_ignore_ascii_case(suffix.as_bytes()))
    };
    ends_with(".md") || ends_with(".markdown")
}

pub fn missing_anchor(destination: &str, fragment: &str, target: &str, span: Range<usize>) -> Hit {
    Hit::new(
        Some(span),
        format!("link `{destination}`: no heading with anchor `#{fragment}` in {target}"),
    )
    .label("no such heading")
    .var("anchor", fragment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_by_extension_in_any_case() {
        for path in ["a.md", "docs/B.MD", "c.Markdown", ".md"] {
            assert!(is_markdown(path), "{path}");
        }
        for path in ["md", "a.mdx", "a.m", "", "é.txt", "notes.markdown.bak"] {
            assert!(!is_markdown(path), "{path}");
        }
    }

    fn file(path: &str, fragment: &str) -> Target {
        Target::File {
            path: path.into(),
            fragment: fragment.into(),
        }
    }

    #[test]
    fn resolves_relative_to_the_linking_document() {
        assert_eq!(resolve("a/b.md", "../c.md#x"), file("c.md", "x"));
        assert_eq!(resolve("a/b.md", "./d%20e.md"), file("a/d e.md", ""));
        assert_eq!(resolve("a/b.md", "/top.md?plain=1"), file("top.md", ""));
        assert_eq!(
            resolve("a/b.md", "#scope"),
            Target::SameDocument {
                fragment: "scope".into()
            }
        );
        assert_eq!(resolve("a/b.md", "../../x.md"), Target::Outside);
        assert_eq!(resolve("a/b/c.md", "../../x/./y/../z.md"), file("x/z.md", ""));
        assert_eq!(resolve("a/b/c.md", "..\\d.md"), file("a/d.md", ""));
        assert_eq!(resolve("c.md", "x/../../y.md"), Target::Outside);
        assert_eq!(resolve("a/c.md", "../"), file("", ""));
        assert_eq!(resolve("b.md", "https://example.com/x.md"), Target::External);
        assert_eq!(resolve("b.md", "mailto:sm@example.com"), Target::External);
        assert_eq!(resolve("b.md", "//cdn.example.com/x"), Target::External);
    }

    #[test]
    fn anchors_compare_without_case() {
        let set: HashSet<String> = ["escalation".to_owned()].into_iter().collect();
        assert!(anchor_exists(&set, "Escalation"));
        assert!(anchor_exists(&set, ""));
        assert!(!anchor_exists(&set, "escalation-matrix"));
    }
}
