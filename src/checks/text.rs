//! Text checks: template placeholders left in (TXT001) and patterns a pack or the
//! configuration forbids (TXT002). Code, HTML comments and link destinations are skipped.

use std::ops::Range;

use regex::Regex;
use serde::Deserialize;

use super::{DocContext, Hit, LazyRegex};
use crate::error::{SpannedError, TomlSource};
use crate::finding::Severity;

pub const PLACEHOLDER_DOC: &str = "\
## What it does
Reports template placeholder text anywhere in the document, front-matter values included:
`TBD`, `TBC`, `TODO`, `FIXME`, `XXX`, lorem ipsum, `{{ variable }}`, `[Organisation Name]`,
`[insert ...]`, `<insert ...>`. Text in code spans, code blocks and HTML comments is not
reported. The patterns are the rule's `with = { patterns = [...] }`.

## Why
A placeholder in an approved document shows it was not reviewed before approval
(clause 7.5.2), and leaves a gap exactly where the content should be.

## Example
`Incidents are escalated to [Organisation Name] management` fails; naming the organisation
passes.";

pub const FORBIDDEN_DOC: &str = "\
## What it does
Reports text matching a pattern the pack or `itsmlint.toml` forbids (`[[forbidden]]`), each
pattern with its own message and, optionally, severity and paths. Code, HTML comments and
link destinations are not scanned.

## Why
Organisations have words that must not appear in controlled documents: the name of a
retired tool, a withdrawn edition of the standard, \"DRAFT\" in an approved policy.

## Example
With `[[forbidden]] pattern = \"(?i)service ?now classic\"`, a procedure naming the retired
tool fails.";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlaceholderParams {
    #[serde(default)]
    patterns: Vec<toml::Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct PlaceholderParams {
    /// Each pattern, checked when the pack loads; the pack's [`super::scan::TextScan`] runs
    /// them, as one search with the other text checks'.
    pub patterns: Vec<LazyRegex>,
}

impl RawPlaceholderParams {
    pub fn resolve(self, source: &TomlSource) -> Result<PlaceholderParams, Vec<SpannedError>> {
        let mut errors = Vec::new();
        let patterns: Vec<LazyRegex> = self
            .patterns
            .iter()
            .filter_map(|p| LazyRegex::new(p, source).map_err(|e| errors.push(e)).ok())
            .collect();
        if errors.is_empty() {
            Ok(PlaceholderParams { patterns })
        } else {
            Err(errors)
        }
    }
}

/// One forbidden pattern as written in a pack or config.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawForbidden {
    pub pattern: toml::Spanned<String>,
    pub message: String,
    #[serde(default)]
    pub severity: Option<toml::Spanned<String>>,
    #[serde(default)]
    pub paths: Vec<toml::Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawForbiddenParams {
    #[serde(default)]
    patterns: Vec<RawForbidden>,
}

#[derive(Debug, Clone)]
pub struct Forbidden {
    /// Compiled when a document first has the pattern's literal: nearly none does.
    pub regex: LazyRegex,
    pub message: String,
    pub severity: Option<Severity>,
    /// Limits the pattern to these files; `None` means every file.
    pub paths: Option<globset::GlobSet>,
    /// A literal every match contains (see [`required_literal`]).
    pub required: Option<memchr::memmem::Finder<'static>>,
}

#[derive(Debug, Clone, Default)]
pub struct ForbiddenParams {
    pub patterns: Vec<Forbidden>,
}

impl RawForbidden {
    pub fn resolve(&self, source: &TomlSource, errors: &mut Vec<SpannedError>) -> Option<Forbidden> {
        let regex = LazyRegex::new(&self.pattern, source)
            .map_err(|e| errors.push(e))
            .ok()?;
        let severity = match &self.severity {
            None => None,
            Some(s) => match Severity::parse(s.get_ref()) {
                Some(sev) => Some(sev),
                None => {
                    errors.push(
                        source
                            .error(format!("unknown severity `{}`", s.get_ref()), Some(s.span()))
                            .with_help("use \"error\", \"warning\" or \"info\""),
                    );
                    return None;
                }
            },
        };
        let paths = if self.paths.is_empty() {
            None
        } else {
            let mut builder = globset::GlobSetBuilder::new();
            for p in &self.paths {
                match globset::Glob::new(p.get_ref()) {
                    Ok(g) => {
                        builder.add(g);
                    }
                    Err(e) => {
                        errors.push(source.error(format!("invalid glob: {}", e.kind()), Some(p.span())));
                        return None;
                    }
                }
            }
            builder.build().ok()
        };
        Some(Forbidden {
            required: required_literal(self.pattern.get_ref()),
            regex,
            message: self.message.clone(),
            severity,
            paths,
        })
    }
}

/// The longest literal that every match of `pattern` begins or ends with, when it is long
/// enough to be worth looking for: a document without it has no match, and one literal is
/// found several times faster than the regex's own search. A case-insensitive pattern makes
/// the regex look for every case variant of its first letters (`ISO/IEC 20000-1:2011`),
/// while its digits are one literal (` 20000-1:2011`).
///
/// Public for the `required_literal` fuzz target, which holds it to that promise.
#[doc(hidden)]
pub fn required_literal(pattern: &str) -> Option<memchr::memmem::Finder<'static>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::parse(pattern).ok()?;
    let prefix = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let suffix = Extractor::new().kind(ExtractKind::Suffix).extract(&hir);
    // Both are `None` unless the sequence is finite, that is unless every match has one of
    // its literals at that end.
    let longest = [prefix.longest_common_prefix(), suffix.longest_common_suffix()]
        .into_iter()
        .flatten()
        .max_by_key(|literal| literal.len())?;
    (longest.len() >= 3).then(|| memchr::memmem::Finder::new(longest).into_owned())
}

impl RawForbiddenParams {
    pub fn resolve(
        self,
        source: &TomlSource,
        _span: Option<Range<usize>>,
    ) -> Result<ForbiddenParams, Vec<SpannedError>> {
        let mut errors = Vec::new();
        let patterns = self
            .patterns
            .iter()
            .filter_map(|p| p.resolve(source, &mut errors))
            .collect();
        if errors.is_empty() {
            Ok(ForbiddenParams { patterns })
        } else {
            Err(errors)
        }
    }
}

/// Matches of `regex` in the document text outside code, comments and link destinations.
fn scan<'d>(ctx: &'d DocContext<'_>, regex: &'d Regex) -> impl Iterator<Item = regex::Match<'d>> + 'd {
    regex
        .find_iter(ctx.doc.text())
        .filter(|m| !m.as_str().is_empty() && !ctx.doc.is_masked(&m.range()))
}

/// TXT001 for the placeholder rule `code`. The rule's patterns are one search: a match is
/// the leftmost, the earlier pattern on a tie, so two patterns matching the same text
/// (`[TODO]` and `TODO`) report it once.
pub fn placeholders(ctx: &DocContext<'_>, code: &str) -> Vec<Hit> {
    let Some(search) = ctx.pack.text_scan().placeholder_search(code) else {
        return Vec::new();
    };
    ctx.text_matches(search)
        .filter(|range| !ctx.doc.is_masked(range))
        .map(|range| {
            let text = ctx.doc.text().get(range.clone()).unwrap_or("").to_owned();
            Hit::new(
                Some(range.clone()),
                format!("placeholder `{text}` left in the document"),
            )
            .label("replace with the real content")
            .var("match", text)
        })
        .collect()
}

/// TXT002 for the forbidden-pattern rule `code`.
pub fn forbidden(ctx: &DocContext<'_>, params: &ForbiddenParams, code: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (index, pattern) in params.patterns.iter().enumerate() {
        if pattern
            .paths
            .as_ref()
            .is_some_and(|set| !set.is_match(ctx.doc.path()))
        {
            continue;
        }
        // A document without the literal has no match: found by the shared scan when it
        // takes the literal, else here.
        let lacks_literal = match ctx.pack.text_scan().forbidden_literal_search(code, index) {
            Some(search) => ctx.text_matches(search).next().is_none(),
            None => pattern
                .required
                .as_ref()
                .is_some_and(|literal| literal.find(ctx.doc.text().as_bytes()).is_none()),
        };
        if lacks_literal {
            continue;
        }
        let Some(regex) = pattern.regex.regex() else {
            continue;
        };
        for m in scan(ctx, regex) {
            let vars = [("match", m.as_str().to_owned())];
            let mut hit = Hit::new(Some(m.range()), super::fill(&pattern.message, &vars))
                .label("forbidden text")
                .var("match", m.as_str());
            hit.severity = pattern.severity;
            hits.push(hit);
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::required_literal;

    fn literal(pattern: &str) -> Option<String> {
        required_literal(pattern).map(|f| String::from_utf8_lossy(f.needle()).into_owned())
    }

    #[test]
    fn required_literal_is_a_common_end_of_every_match() {
        assert_eq!(
            literal(r"(?i)\bISO/IEC 20000-1:2011\b").as_deref(),
            Some(" 20000-1:2011")
        );
        assert_eq!(literal(r"retired tool(s)?").as_deref(), Some("retired tool"));
        // An alternation whose ends differ, a class at both ends, a short literal: none.
        assert_eq!(literal(r"(?i)service ?now classic"), None);
        assert_eq!(literal(r"alpha|beta"), None);
        assert_eq!(literal(r"\w+ end \d+"), None);
        assert_eq!(literal(r"ab"), None);
    }
}
