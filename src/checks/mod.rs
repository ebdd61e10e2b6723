//! Checks are the Rust primitives that rules instantiate. A rule in a pack names a check
//! kind, gives it parameters (`with = { ... }`), a code and a severity; one kind can back
//! many rules. Each family lives in its own module with its parameter structs and docs.

pub mod fields;
pub mod legacy;
pub mod links;
pub mod repository;
pub mod review;
pub mod scan;
pub mod sections;
pub mod text;

use std::ops::Range;

use regex::Regex;
use serde::Deserialize;

use crate::error::{SpannedError, TomlSource};

/// Every check kind a rule can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckKind {
    FieldPresent,
    FieldValid,
    DateValid,
    ReviewOverdue,
    ReviewDueSoon,
    ReviewInterval,
    DatesConsistent,
    FrontMatter,
    SectionPresent,
    SectionNotEmpty,
    SectionOrder,
    DocumentRequired,
    DocumentClassified,
    LinkTargetExists,
    LinkAnchorExists,
    LinkInsideRoot,
    Placeholder,
    ForbiddenPattern,
    LegacyClause,
    IdUnique,
    SuppressionReason,
    SuppressionUsed,
    FileReadable,
}

impl CheckKind {
    pub const ALL: &'static [Self] = &[
        Self::FieldPresent,
        Self::FieldValid,
        Self::DateValid,
        Self::ReviewOverdue,
        Self::ReviewDueSoon,
        Self::ReviewInterval,
        Self::DatesConsistent,
        Self::FrontMatter,
        Self::SectionPresent,
        Self::SectionNotEmpty,
        Self::SectionOrder,
        Self::DocumentRequired,
        Self::DocumentClassified,
        Self::LinkTargetExists,
        Self::LinkAnchorExists,
        Self::LinkInsideRoot,
        Self::Placeholder,
        Self::ForbiddenPattern,
        Self::LegacyClause,
        Self::IdUnique,
        Self::SuppressionReason,
        Self::SuppressionUsed,
        Self::FileReadable,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::FieldPresent => "field-present",
            Self::FieldValid => "field-valid",
            Self::DateValid => "date-valid",
            Self::ReviewOverdue => "review-overdue",
            Self::ReviewDueSoon => "review-due-soon",
            Self::ReviewInterval => "review-interval",
            Self::DatesConsistent => "dates-consistent",
            Self::FrontMatter => "front-matter",
            Self::SectionPresent => "section-present",
            Self::SectionNotEmpty => "section-not-empty",
            Self::SectionOrder => "section-order",
            Self::DocumentRequired => "document-required",
            Self::DocumentClassified => "document-classified",
            Self::LinkTargetExists => "link-target-exists",
            Self::LinkAnchorExists => "link-anchor-exists",
            Self::LinkInsideRoot => "link-inside-root",
            Self::Placeholder => "placeholder",
            Self::ForbiddenPattern => "forbidden-pattern",
            Self::LegacyClause => "legacy-clause",
            Self::IdUnique => "id-unique",
            Self::SuppressionReason => "suppression-reason",
            Self::SuppressionUsed => "suppression-used",
            Self::FileReadable => "file-readable",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// What the check does and why, for `itsmlint explain`.
    pub fn doc(self) -> &'static str {
        match self {
            Self::FieldPresent => fields::FIELD_PRESENT_DOC,
            Self::FieldValid => fields::FIELD_VALID_DOC,
            Self::DateValid => fields::DATE_VALID_DOC,
            Self::FrontMatter => fields::FRONT_MATTER_DOC,
            Self::ReviewOverdue => review::OVERDUE_DOC,
            Self::ReviewDueSoon => review::DUE_SOON_DOC,
            Self::ReviewInterval => review::INTERVAL_DOC,
            Self::DatesConsistent => review::CONSISTENT_DOC,
            Self::SectionPresent => sections::PRESENT_DOC,
            Self::SectionNotEmpty => sections::NOT_EMPTY_DOC,
            Self::SectionOrder => sections::ORDER_DOC,
            Self::DocumentRequired => repository::REQUIRED_DOC,
            Self::DocumentClassified => repository::CLASSIFIED_DOC,
            Self::IdUnique => repository::ID_UNIQUE_DOC,
            Self::LinkTargetExists => links::TARGET_DOC,
            Self::LinkAnchorExists => links::ANCHOR_DOC,
            Self::LinkInsideRoot => links::INSIDE_ROOT_DOC,
            Self::Placeholder => text::PLACEHOLDER_DOC,
            Self::ForbiddenPattern => text::FORBIDDEN_DOC,
            Self::LegacyClause => legacy::LEGACY_CLAUSE_DOC,
            Self::SuppressionReason => SUPPRESSION_REASON_DOC,
            Self::SuppressionUsed => SUPPRESSION_USED_DOC,
            Self::FileReadable => FILE_READABLE_DOC,
        }
    }
}

const SUPPRESSION_REASON_DOC: &str = "\
## What it does
Reports an `<!-- itsmlint-disable... CODE -->` comment that gives no reason after `--`.

## Why
A waiver is an auditable decision (clause 7.5.3 asks that documented information stays under
control). The reason is the evidence an auditor asks for when they see the waiver.

## Example
`<!-- itsmlint-disable-next-line DOC005 -->` is reported;
`<!-- itsmlint-disable-next-line DOC005 -- review booked for 2026-06-20 -->` passes.";

const SUPPRESSION_USED_DOC: &str = "\
## What it does
Reports an `itsmlint-disable` comment that suppressed no finding, or names an unknown code.

## Why
A waiver left behind after the problem was fixed hides the next real finding of that code.

## Example
A `<!-- itsmlint-disable-next-line SEC001 -- ... -->` above a line where no SEC001 is reported.";

const FILE_READABLE_DOC: &str = "\
## What it does
Reports a Markdown file that cannot be read, contains NUL bytes (a binary file named `.md`), or
is not UTF-8 (for example a Word export saved as Latin-1 or UTF-16).

## Why
A document the linter cannot read is a document nobody has checked: it is reported rather than
skipped, and the rest of the run goes on.

## Example
A file saved as UTF-16 is reported; the same text saved as UTF-8 passes.";

/// A length of time in a pack or config: "30 days", "12 months", "1 year", "6 weeks".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub amount: i64,
    pub unit: IntervalUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntervalUnit {
    Days,
    Weeks,
    Months,
    Years,
}

impl Interval {
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let split = text.find(|c: char| !c.is_ascii_digit())?;
        let amount: i64 = text.get(..split)?.parse().ok()?;
        let unit = match text.get(split..)?.trim() {
            "day" | "days" | "d" => IntervalUnit::Days,
            "week" | "weeks" | "w" => IntervalUnit::Weeks,
            "month" | "months" => IntervalUnit::Months,
            "year" | "years" | "y" => IntervalUnit::Years,
            _ => return None,
        };
        (amount <= 10_000).then_some(Self { amount, unit })
    }

    pub fn span(self) -> jiff::Span {
        let span = jiff::Span::new();
        match self.unit {
            IntervalUnit::Days => span.days(self.amount),
            IntervalUnit::Weeks => span.weeks(self.amount),
            IntervalUnit::Months => span.months(self.amount),
            IntervalUnit::Years => span.years(self.amount),
        }
    }

    /// `date` moved forward by this interval, saturating at the calendar's end.
    pub fn after(self, date: jiff::civil::Date) -> jiff::civil::Date {
        date.checked_add(self.span()).unwrap_or(jiff::civil::Date::MAX)
    }
}

impl std::fmt::Display for Interval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            IntervalUnit::Days => "day",
            IntervalUnit::Weeks => "week",
            IntervalUnit::Months => "month",
            IntervalUnit::Years => "year",
        };
        let plural = if self.amount == 1 { "" } else { "s" };
        write!(f, "{} {unit}{plural}", self.amount)
    }
}

/// A check's parameters after validation (regexes compiled, intervals parsed).
#[derive(Debug, Clone)]
pub enum Params {
    None,
    Review(review::ReviewParams),
    Placeholder(text::PlaceholderParams),
    Forbidden(text::ForbiddenParams),
    IdUnique(repository::IdParams),
}

/// Parameters that no check kind accepts: `with` must be absent or empty.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoParams {}

impl Params {
    /// Reads `with = { ... }` for `kind`. Errors point into the pack's TOML.
    pub fn from_toml(
        kind: CheckKind,
        with: Option<&toml::Spanned<toml::de::DeValue<'_>>>,
        source: &TomlSource,
    ) -> Result<Self, Vec<SpannedError>> {
        fn read<T: serde::de::DeserializeOwned + Default>(
            with: Option<&toml::Spanned<toml::de::DeValue<'_>>>,
            source: &TomlSource,
        ) -> Result<T, Vec<SpannedError>> {
            match with {
                None => Ok(T::default()),
                Some(value) => crate::toml_read::read(value.clone(), source, "invalid `with` parameters"),
            }
        }
        let span = with.map(toml::Spanned::span);
        match kind {
            CheckKind::ReviewOverdue
            | CheckKind::ReviewDueSoon
            | CheckKind::ReviewInterval
            | CheckKind::DatesConsistent => {
                let raw: review::RawReviewParams = read(with, source)?;
                raw.resolve(source, span).map(Params::Review)
            }
            CheckKind::Placeholder => {
                let raw: text::RawPlaceholderParams = read(with, source)?;
                raw.resolve(source).map(Params::Placeholder)
            }
            CheckKind::ForbiddenPattern => {
                let raw: text::RawForbiddenParams = read(with, source)?;
                raw.resolve(source, span).map(Params::Forbidden)
            }
            CheckKind::IdUnique => {
                let raw: repository::IdParams = read(with, source)?;
                Ok(Params::IdUnique(raw))
            }
            _ => read::<NoParams>(with, source).map(|_| Params::None),
        }
    }
}

/// The size bound on a user-written regex's compiled program.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

fn regex_error(pattern: &toml::Spanned<String>, source: &TomlSource, error: &str) -> SpannedError {
    source
        .error(
            format!("invalid regular expression: {}", first_line(error)),
            Some(pattern.span()),
        )
        .with_help("patterns use Rust regex syntax: https://docs.rs/regex/latest/regex/#syntax")
}

/// Compiles a user-written regex, bounding its size so a pathological pattern is an error
/// rather than a slow run (the regex crate never backtracks, so matching stays linear).
pub(crate) fn build_regex(pattern: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(1 << 22)
        .build()
}

/// A user-written regex that is checked when the pack loads but compiled only when a document
/// first needs it: compiling the built-in pack's patterns up front was most of the start-up
/// time, which every pre-commit run pays. Title patterns are matched together by the pack
/// (`Pack::document_for_titles`), and through this one by one only when they do not compile
/// together; forbidden patterns when a document has their literal.
#[derive(Debug, Clone)]
pub struct LazyRegex {
    pattern: String,
    compiled: std::sync::OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// Checks the pattern the way [`build_regex`] would, from its syntax and the size of its
    /// automaton (a fifth of the cost of the full compilation); a built-in pack's patterns are
    /// checked by the test suite instead.
    pub fn new(pattern: &toml::Spanned<String>, source: &TomlSource) -> Result<Self, SpannedError> {
        use regex_automata::nfa::thompson;
        if !source.built_in {
            thompson::Compiler::new()
                .configure(
                    thompson::Config::new()
                        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                        .shrink(false),
                )
                .build(pattern.get_ref())
                .map_err(|e| regex_error(pattern, source, &e.to_string()))?;
        }
        Ok(Self {
            pattern: pattern.get_ref().clone(),
            compiled: std::sync::OnceLock::new(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the pattern matches `text`. A pattern that passed [`LazyRegex::new`] but still
    /// fails to compile (a bound of the full engine the check does not model) matches nothing.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex().is_some_and(|re| re.is_match(text))
    }

    /// The compiled pattern, compiled now if this is its first use; `None` as for `is_match`.
    pub fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| build_regex(&self.pattern).ok())
            .as_ref()
    }
}

fn first_line(s: &str) -> String {
    s.lines().last().unwrap_or(s).trim().to_owned()
}

/// A hit a check reports, before the rule turns it into a [`crate::finding::Finding`].
#[derive(Debug, Clone, Default)]
pub struct Hit {
    pub span: Option<Range<usize>>,
    pub message: String,
    pub label: Option<String>,
    /// Values for `{name}` placeholders in the rule's message and help.
    pub vars: Vec<(&'static str, String)>,
    /// Clauses that replace the rule's own (a section is asked for by its type's clause).
    pub clauses: Option<Vec<String>>,
    /// Overrides the rule's severity (a forbidden pattern with its own).
    pub severity: Option<crate::finding::Severity>,
}

impl Hit {
    pub fn new(span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
            ..Self::default()
        }
    }

    #[must_use]
    pub fn var(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.vars.push((name, value.into()));
        self
    }

    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    #[must_use]
    pub fn clauses(mut self, clauses: Vec<String>) -> Self {
        self.clauses = Some(clauses);
        self
    }
}

/// Fills `{name}` placeholders from `vars`; unknown names stay as written.
pub fn fill(template: &str, vars: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let Some(close) = after.find('}') else {
            out.push_str(after);
            return out;
        };
        let name = after.get(1..close).unwrap_or("");
        match vars.iter().find(|(k, _)| *k == name) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(after.get(..=close).unwrap_or("")),
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// A document's document-control fields by the pack's field name, the first occurrence of
/// each (front matter before the body). A document has a dozen at most, probed some forty
/// times: a short vector searched in order costs less than a hash table built afresh for
/// each document and hashing every probe (626.3 M instructions against 628.1 M on the
/// 2,000-document bench corpus).
#[derive(Debug, Default)]
pub struct Fields<'a>(Vec<(&'a str, &'a crate::document::RawField)>);

impl<'a> Fields<'a> {
    pub fn with_capacity(capacity: usize) -> Self {
        Self(Vec::with_capacity(capacity))
    }

    pub fn get(&self, name: &str) -> Option<&'a crate::document::RawField> {
        self.0.iter().find(|(n, _)| *n == name).map(|&(_, field)| field)
    }

    /// Adds `field` under `name` unless the name already has one.
    pub fn insert_first(&mut self, name: &'a str, field: &'a crate::document::RawField) {
        if self.get(name).is_none() {
            self.0.push((name, field));
        }
    }

    /// The names present, in the order they were first found.
    pub fn names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.0.iter().map(|&(name, _)| name)
    }
}

/// What a document check sees: the parsed document and what the pack makes of it.
pub struct DocContext<'a> {
    pub doc: &'a crate::document::Document<'a>,
    pub pack: &'a crate::pack::Pack,
    /// The document type this document was recognised as.
    pub doc_type: Option<&'a crate::pack::DocType>,
    /// Document-control fields by pack field name; the first occurrence of a field wins.
    pub fields: Fields<'a>,
    pub today: jiff::civil::Date,
    /// Paths (files and folders) in the repository, for link checks.
    pub inventory: &'a crate::discover::PathSet,
    /// Where each of the document's links leads, resolved once for the three link rules.
    pub link_targets: std::cell::OnceCell<Vec<links::Target>>,
    /// The matches of the pack's text searches (see [`scan::TextScan`]), found once for
    /// TXT001 and TXT003.
    pub text_matches: std::cell::OnceCell<Vec<(usize, Range<usize>)>>,
    /// The review dates (see `review::dates`), with the two field names they were read from.
    pub review_dates: std::cell::OnceCell<(&'a str, &'a str, Option<review::Dates>)>,
}

impl DocContext<'_> {
    /// Where each link of `doc.links` leads, in the same order.
    pub fn link_targets(&self) -> &[links::Target] {
        self.link_targets.get_or_init(|| {
            self.doc
                .links
                .iter()
                .map(|link| links::resolve(self.doc.path(), &link.destination))
                .collect()
        })
    }

    /// The matches of text search `search` (see [`scan::TextScan`]), in order.
    pub fn text_matches(&self, search: usize) -> impl Iterator<Item = &Range<usize>> {
        self.text_matches
            .get_or_init(|| self.pack.text_scan().scan(self.doc.text(), self.doc.body_start))
            .iter()
            .filter(move |(i, _)| *i == search)
            .map(|(_, range)| range)
    }

    /// The field's text, if it is present with a single non-empty value.
    pub fn text(&self, field: &str) -> Option<(&str, Range<usize>)> {
        let raw = self.fields.get(field)?;
        match &raw.value {
            crate::document::FieldValue::Text(t) => {
                let t = crate::trim::trim(t);
                (!t.is_empty()).then(|| (t, raw.value_span.clone()))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_keeps_its_first_occurrence_and_names_keep_their_order() {
        let field = |key: &str, value: &str, at: usize| crate::document::RawField {
            key: key.into(),
            key_span: at..at + key.len(),
            value: crate::document::FieldValue::Text(value.into()),
            value_span: at..at + value.len(),
            origin: crate::document::Origin::FrontMatter,
        };
        let (owner, version, body_owner) = (
            field("owner", "Jane", 0),
            field("version", "1.0", 10),
            field("owner", "Bob", 90),
        );
        let mut fields = Fields::default();
        fields.insert_first("owner", &owner);
        fields.insert_first("version", &version);
        fields.insert_first("owner", &body_owner);
        assert_eq!(fields.get("owner").map(|f| f.value_span.clone()), Some(0..4));
        assert_eq!(fields.names().collect::<Vec<_>>(), ["owner", "version"]);
        assert!(fields.get("approver").is_none());
    }

    #[test]
    fn intervals() {
        let i = Interval::parse("12 months");
        assert_eq!(
            i,
            Some(Interval {
                amount: 12,
                unit: IntervalUnit::Months
            })
        );
        assert_eq!(
            Interval::parse("30 days").map(|i| i.to_string()),
            Some("30 days".into())
        );
        assert!(Interval::parse("soon").is_none());
        assert!(Interval::parse("12 fortnights").is_none());
        let d = jiff::civil::date(2026, 1, 31);
        assert_eq!(
            Interval::parse("1 month").map(|i| i.after(d)),
            Some(jiff::civil::date(2026, 2, 28))
        );
    }

    #[test]
    fn lazy_regexes_are_checked_at_load_and_compiled_on_use() {
        let source = TomlSource::new("pack.toml", "title = \"x\"");
        let spanned = |p: &str| toml::Spanned::new(0..1, p.to_owned());
        let title = LazyRegex::new(&spanned("(?i)incident management"), &source);
        assert!(
            title
                .as_ref()
                .is_ok_and(|t| t.is_match("The Incident Management procedure"))
        );
        assert!(LazyRegex::new(&spanned("(?i)unclosed ("), &source).is_err());
        // Parses, but its automaton is far over the size bound: refused when the pack loads.
        let huge = LazyRegex::new(&spanned("(((a{100}){100}){100}){100}"), &source);
        assert!(huge.is_err_and(|e| e.to_string().contains("invalid regular expression")));
    }

    #[test]
    fn templates() {
        let vars = vec![("field", "owner".to_owned())];
        assert_eq!(fill("add `{field}` {other}", &vars), "add `owner` {other}");
        assert_eq!(fill("unclosed {field", &vars), "unclosed {field");
    }

    #[test]
    fn every_kind_round_trips_and_has_docs() {
        for kind in CheckKind::ALL {
            assert_eq!(CheckKind::parse(kind.name()), Some(*kind));
            assert!(kind.doc().contains("## What it does"), "{}", kind.name());
        }
    }
}
