//! Runs a lint: parses and checks documents in parallel, then runs the repository checks over
//! per-document summaries, applies suppressions, and returns findings in one stable order.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use compact_str::CompactString;
use jiff::civil::Date;
use rayon::prelude::*;

use crate::checks::links::{self, CrossLink};
use crate::checks::repository::{self, IdUse};
use crate::checks::{self, CheckKind, DocContext, Fields, Hit, Params, fill, sections, text};
use crate::config::Settings;
use crate::discover::{Inventory, PathSet};
use crate::document::{self, Document, RawField, normalize};
use crate::finding::Finding;
use crate::pack::{DocType, Pack, Rule};
use crate::read::{Reader, Root};
use crate::source::{Excerpts, LineIndex, Position, SourceFile};
use crate::suppress::{self, Directive};

/// How much a run keeps of what each document says about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Path and type (`check`): the title and the document-control values are a dozen strings
    /// per document, held to the end of the run for nothing.
    Findings,
    /// The title and the document-control values too (`report`).
    DocumentControl,
}

/// What a document says about itself: its type and its document-control values, for reports.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DocInfo {
    pub path: String,
    pub doc_type: Option<String>,
    /// The `title` field, else the `#` heading ([`Keep::DocumentControl`] only).
    pub title: Option<String>,
    /// Document-control fields with a plain value, by the pack's field name ([`Keep`]).
    pub control: BTreeMap<String, String>,
    pub readable: bool,
}

impl DocInfo {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.control.get(name).map(String::as_str)
    }
}

/// The result of a run.
#[derive(Debug)]
pub struct Report {
    /// Sorted by path (repository findings first), line, column, code.
    pub findings: Vec<Finding>,
    /// What each checked document (readable or not) says about itself, sorted by path.
    pub infos: Vec<DocInfo>,
    /// The configuration file, relative to the root when inside it: where repository
    /// findings point in formats that need a file.
    pub config: Option<String>,
    /// The lines around each finding of each document with findings, for renderers that show
    /// source: the documents' whole text is not held to the end of a run.
    pub sources: BTreeMap<String, Arc<Excerpts>>,
    pub today: Date,
    pub root: PathBuf,
    /// Findings a baseline left out of `findings` (`baseline::Baseline::apply`).
    pub baselined: usize,
    /// Each finding's fingerprint, in step with `findings`, where a baseline worked them out
    /// before it left some out: numbered among all of the run's findings, as the baseline's
    /// entries were, so that a finding keeps its fingerprint whichever others the baseline
    /// holds. Empty otherwise; [`crate::render::fingerprints`] reads them.
    pub fingerprints: Vec<String>,
    /// Whether the run covered the whole repository, so that repository findings (REQ001)
    /// could be reported.
    pub whole_repository: bool,
}

impl Report {
    /// A report of `findings` over the whole repository, checked on 2026-06-01, with nothing
    /// else: the start of the reports the renderers' and the baseline's tests build.
    #[cfg(test)]
    pub(crate) fn of(findings: Vec<Finding>) -> Self {
        Self {
            findings,
            infos: Vec::new(),
            config: None,
            sources: BTreeMap::new(),
            today: jiff::civil::date(2026, 6, 1),
            root: PathBuf::new(),
            baselined: 0,
            fingerprints: Vec::new(),
            whole_repository: true,
        }
    }

    pub fn files(&self) -> usize {
        self.infos.len()
    }

    /// The checked documents' repository-relative paths, sorted.
    pub fn documents(&self) -> impl Iterator<Item = &str> {
        self.infos.iter().map(|info| info.path.as_str())
    }

    pub fn count(&self, severity: crate::finding::Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }
}

/// What the repository checks need from one document, plus its own findings.
#[derive(Default)]
struct Summary {
    /// The lines around the document's findings and suppression comments, cut while the text
    /// was at hand: a run over 20,000 documents must not hold their text.
    excerpts: Option<Excerpts>,
    /// Positions of the spans later steps may report (ids and links into other documents for
    /// repository checks, suppression comments), worked out while the text was at hand;
    /// sorted by offset.
    known: Vec<(usize, Position)>,
    findings: Vec<Finding>,
    info: DocInfo,
    /// (rule code, id, span) for each id-unique rule; small strings, as they live to the end
    /// of the run (one per document) and a code and an id are nearly always inline.
    ids: Vec<(CompactString, CompactString, Range<usize>)>,
    /// (rule code, link) for each link into another document's heading.
    cross_links: Vec<(String, CrossLink)>,
    directives: Vec<Directive>,
}

/// Builds the finding a rule reports for a hit.
pub fn finding(rule: &Rule, hit: Hit, path: Option<&str>) -> Finding {
    let doc_type = hit
        .vars
        .iter()
        .find(|(k, _)| *k == "doctype")
        .map(|(_, v)| v.clone());
    let mut vars = hit.vars;
    vars.push(("code", rule.code.clone()));
    let message = match &rule.message {
        Some(template) => {
            vars.push(("message", hit.message.clone()));
            fill(template, &vars)
        }
        None => hit.message,
    };
    Finding {
        code: rule.code.clone(),
        name: rule.name.clone(),
        severity: hit.severity.unwrap_or(rule.severity),
        clauses: hit
            .clauses
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| rule.clauses.clone()),
        path: path.map(str::to_owned),
        span: hit.span,
        message,
        help: rule.help.as_ref().map(|h| fill(h, &vars)),
        doc_type,
        label: hit.label,
        start: None,
        end: None,
    }
}

/// The text of a file's bytes, or why it is not Markdown text (IO001's message).
pub fn decode<'b>(bytes: impl Into<Cow<'b, [u8]>>) -> Result<Cow<'b, str>, String> {
    let bytes = bytes.into();
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8".into());
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        let line = memchr::memchr_iter(b'\n', bytes.get(..at).unwrap_or(&[])).count() + 1;
        return Err(format!(
            "the file contains NUL bytes (first on line {line}): it is binary, not Markdown text"
        ));
    }
    let not_utf8 = |bytes: &[u8], e: std::str::Utf8Error| {
        let at = e.valid_up_to();
        let line = bytes.iter().take(at).filter(|&&b| b == b'\n').count() + 1;
        let byte = bytes.get(at).copied().unwrap_or(0);
        format!(
            "the file is not UTF-8: byte 0x{byte:02X} on line {line} is not valid UTF-8 (saved as Latin-1 or Windows-1252?)"
        )
    };
    match bytes {
        Cow::Borrowed(b) => std::str::from_utf8(b)
            .map(Cow::Borrowed)
            .map_err(|e| not_utf8(b, e)),
        Cow::Owned(v) => String::from_utf8(v)
            .map(Cow::Owned)
            .map_err(|e| not_utf8(e.as_bytes(), e.utf8_error())),
    }
}

/// The document type: an explicit `type` field first, then the path globs, then the title.
fn classify<'p>(pack: &'p Pack, doc: &Document, fields: &Fields<'_>) -> Option<&'p DocType> {
    if let Some(RawField {
        value: document::FieldValue::Text(t),
        ..
    }) = fields.get("type")
        && let Some(found) = pack.document_for_type(crate::trim::trim(t))
    {
        return Some(found);
    }
    if let Some(found) = pack.document_for_path(doc.path()) {
        return Some(found);
    }
    let mut titles: Vec<&str> = Vec::new();
    if let Some(RawField {
        value: document::FieldValue::Text(t),
        ..
    }) = fields.get("title")
    {
        titles.push(t);
    }
    if let Some(h) = doc.title_heading() {
        titles.push(&h.text);
    }
    pack.document_for_titles(&titles)
}

fn check_document(
    settings: &Settings,
    inventory: &Inventory,
    today: Date,
    keep: Keep,
    reader: &mut Reader<'_>,
    path: &str,
) -> Summary {
    match reader
        .read(path)
        .map_err(|e| format!("cannot read the file: {e}"))
        .and_then(decode)
    {
        Ok(text) => analyse(settings, &inventory.paths, today, keep, path, text),
        // Unreadable: IO001 and nothing else, no text.
        Err(reason) => Summary {
            info: DocInfo {
                path: path.to_owned(),
                ..DocInfo::default()
            },
            findings: settings
                .pack
                .rules()
                .iter()
                .find(|r| r.check == CheckKind::FileReadable && settings.applies(r, path))
                .map(|rule| finding(rule, Hit::new(None, reason).label("unreadable"), Some(path)))
                .into_iter()
                .collect(),
            ..Summary::default()
        },
    }
}

/// Every document check, and the summary repository checks need, for one document's text.
fn analyse(
    settings: &Settings,
    paths: &PathSet,
    today: Date,
    keep: Keep,
    path: &str,
    text: Cow<'_, str>,
) -> Summary {
    let pack = &settings.pack;
    let source = SourceFile::new(path, text);
    let doc = document::parse(source, pack);
    let fields = fields_by_name(pack, &doc);
    let doc_type = classify(pack, &doc, &fields);
    let ctx = DocContext {
        doc: &doc,
        pack,
        doc_type,
        fields,
        today,
        inventory: paths,
        link_targets: std::cell::OnceCell::new(),
        text_matches: std::cell::OnceCell::new(),
        review_dates: std::cell::OnceCell::new(),
    };
    let mut findings = Vec::new();
    let mut ids = Vec::new();
    let mut cross_links = Vec::new();
    for rule in pack.rules().iter().filter(|r| settings.applies(r, path)) {
        let hits = match (&rule.check, &rule.params) {
            (CheckKind::FrontMatter, _) => checks::fields::front_matter(&ctx),
            (CheckKind::FieldPresent, _) => checks::fields::field_present(&ctx),
            (CheckKind::FieldValid, _) => checks::fields::field_valid(&ctx),
            (CheckKind::DateValid, _) => checks::fields::date_valid(&ctx),
            (CheckKind::ReviewOverdue, Params::Review(p)) => checks::review::overdue(&ctx, p),
            (CheckKind::ReviewDueSoon, Params::Review(p)) => checks::review::due_soon(&ctx, p),
            (CheckKind::ReviewInterval, Params::Review(p)) => checks::review::interval_too_long(&ctx, p),
            (CheckKind::DatesConsistent, Params::Review(p)) => checks::review::consistent(&ctx, p),
            (CheckKind::SectionPresent, _) => sections::present(&ctx),
            (CheckKind::SectionNotEmpty, _) => sections::not_empty(&ctx),
            (CheckKind::SectionOrder, _) => sections::order(&ctx),
            (CheckKind::DocumentClassified, _) => repository::classified(&ctx),
            (CheckKind::LinkTargetExists, _) => links::target_exists(&ctx),
            (CheckKind::LinkInsideRoot, _) => links::inside_root(&ctx),
            (CheckKind::LinkAnchorExists, _) => {
                let (hits, cross) = links::same_document_anchors(&ctx);
                cross_links.extend(cross.into_iter().map(|c| (rule.code.clone(), c)));
                hits
            }
            (CheckKind::Placeholder, Params::Placeholder(_)) => text::placeholders(&ctx, &rule.code),
            (CheckKind::ForbiddenPattern, Params::Forbidden(p)) => text::forbidden(&ctx, p, &rule.code),
            (CheckKind::LegacyClause, _) => checks::legacy::legacy_clauses(&ctx),
            (CheckKind::IdUnique, Params::IdUnique(p)) => {
                // A placeholder id is DOC001's finding, not a clash between skeletons.
                if let Some((id, span)) = ctx.text(&p.field)
                    && !checks::fields::is_placeholder_value(id)
                {
                    ids.push((rule.code.as_str().into(), id.into(), span));
                }
                Vec::new()
            }
            // Repository-level, suppression and I/O rules run elsewhere.
            _ => Vec::new(),
        };
        findings.extend(hits.into_iter().map(|hit| finding(rule, hit, Some(path))));
    }
    for f in &mut findings {
        if f.doc_type.is_none() {
            f.doc_type = doc_type.map(|t| t.id.clone());
        }
    }
    let control = match keep {
        Keep::Findings => BTreeMap::new(),
        Keep::DocumentControl => ctx
            .fields
            .names()
            .filter_map(|name| {
                ctx.text(name)
                    .map(|(value, _)| (name.to_owned(), value.to_owned()))
            })
            // `owner: TBD` names nobody: reports show such a document as having no owner.
            .filter(|(_, value)| !checks::fields::is_placeholder_value(value))
            .collect(),
    };
    let info = DocInfo {
        path: path.to_owned(),
        doc_type: doc_type.map(|t| t.id.clone()),
        title: match keep {
            Keep::Findings => None,
            Keep::DocumentControl => ctx
                .text("title")
                .map(|(t, _)| t.to_owned())
                .or_else(|| doc.title_heading().map(|h| h.text.as_str().to_owned())),
        },
        control,
        readable: true,
    };
    let directives = suppress::directives(&doc);
    let source = &doc.source;
    let excerpts = if findings.is_empty() && directives.is_empty() {
        None
    } else {
        // Many positions to find: one line index rather than a scan for each.
        let lines = source.lines();
        let spans = findings.iter().filter_map(|f| f.span.clone());
        let suppressions = directives.iter().map(|d| d.span.clone());
        Some(Excerpts::new(&source.text, lines, spans.chain(suppressions)))
    };
    for f in &mut findings {
        if let Some(span) = &f.span {
            f.start = Some(source.position(span.start));
            f.end = Some(source.position(span.end));
        }
    }
    let mut known: Vec<(usize, Position)> = ids
        .iter()
        .map(|(_, _, span)| span)
        .chain(cross_links.iter().map(|(_, link)| &link.span))
        .chain(directives.iter().map(|d| &d.span))
        .flat_map(|span| [span.start, span.end])
        .map(|offset| (offset, source.position(offset)))
        .collect();
    known.sort_unstable_by_key(|(offset, _)| *offset);
    known.dedup_by_key(|(offset, _)| *offset);
    // A summary lives to the end of the run, 20,000 of them in a large repository: what a
    // vector's growth left spare would be held as long.
    known.shrink_to_fit();
    ids.shrink_to_fit();
    cross_links.shrink_to_fit();
    Summary {
        info,
        directives,
        findings,
        ids,
        cross_links,
        known,
        excerpts,
    }
}

impl Summary {
    fn position(&self, offset: usize) -> Option<Position> {
        let at = self
            .known
            .binary_search_by_key(&offset, |(known, _)| *known)
            .ok()?;
        self.known.get(at).map(|(_, position)| *position)
    }

    /// Excerpts for every finding: the ones cut while the text was at hand when they cover
    /// them, else from the file read again (rare: a clean document with a duplicate id or a
    /// broken anchor into another document, found by the repository checks).
    fn excerpts_for_findings(&mut self, root: &Root) -> Option<Excerpts> {
        let spans = || self.findings.iter().filter_map(|f| f.span.clone());
        if let Some(excerpts) = &self.excerpts
            && spans().all(|span| excerpts.covers(&span))
        {
            return self.excerpts.take();
        }
        let text = decode(root.read(&self.info.path).ok()?).ok()?;
        Some(Excerpts::new(&text, &LineIndex::new(&text), spans()))
    }

    /// Fills in positions the findings do not have yet (repository and suppression findings).
    fn resolve_positions(&mut self) {
        let mut findings = std::mem::take(&mut self.findings);
        for f in &mut findings {
            if let (None, Some(span)) = (f.start, &f.span) {
                f.start = self.position(span.start);
                f.end = self.position(span.end);
            }
        }
        self.findings = findings;
    }
}

/// Document-control fields by the pack's field name; the first occurrence wins, so front
/// matter beats the body.
fn fields_by_name<'d>(pack: &'d Pack, doc: &'d Document) -> Fields<'d> {
    let mut fields = Fields::with_capacity(doc.fields.len());
    for raw in &doc.fields {
        if let Some(spec) = pack.field_for_key(&normalize::key(&raw.key)) {
            fields.insert_first(spec.name.as_str(), raw);
        }
    }
    fields
}

/// Anchors of a Markdown file a link with a fragment points at.
fn anchors_of(settings: &Settings, root: &Root, path: &str) -> Option<HashSet<String>> {
    let text = decode(root.read(path).ok()?).ok()?;
    let doc = document::parse(SourceFile::new(path, text), &settings.pack);
    Some(links::anchors(&doc))
}

/// Applies the document's suppression comments and reports SUP001/SUP002.
fn apply_suppressions(settings: &Settings, today: Date, summary: &mut Summary) {
    if summary.directives.is_empty() {
        return;
    }
    let pack = &settings.pack;
    let path = summary.info.path.clone();
    let directives = &mut summary.directives;
    summary.findings.retain(|f| {
        if f.code.starts_with("SUP") {
            return true;
        }
        let line = f.start.map(|p| p.line - 1);
        let active = directives
            .iter_mut()
            .filter(|d| d.until.is_none_or(|u| u >= today));
        for d in active {
            if d.covers(&f.code, &f.name, line) {
                d.used = true;
                return false;
            }
        }
        true
    });
    let rule_for = |kind: CheckKind| {
        pack.rules()
            .iter()
            .find(|r| r.check == kind && settings.applies(r, &path))
    };
    let reason_rule = rule_for(CheckKind::SuppressionReason);
    let used_rule = rule_for(CheckKind::SuppressionUsed);
    let mut extra = Vec::new();
    for d in directives.iter() {
        let code_hint = d.selectors.first().cloned().unwrap_or_else(|| "CODE".into());
        if let Some(rule) = reason_rule
            && d.reason.is_none()
        {
            let hit = Hit::new(
                Some(d.span.clone()),
                format!("`{}` gives no reason after `--`", d.kind.keyword()),
            )
            .label("add `-- reason`")
            .var("code", code_hint.clone());
            extra.push(finding(rule, hit, Some(&path)));
        }
        let Some(rule) = used_rule else { continue };
        // A blanket `ALL` would hide findings nobody has looked at: a waiver names its codes.
        let unknown: Vec<&str> = d
            .selectors
            .iter()
            .filter(|s| {
                s.eq_ignore_ascii_case("ALL")
                    || !pack
                        .rules()
                        .iter()
                        .any(|r| suppress::selector_matches(s, &r.code, &r.name))
            })
            .map(String::as_str)
            .collect();
        // A waiver for a rule that does not run here may still be needed when it does.
        let maybe_used = d.selectors.iter().any(|s| {
            pack.rules()
                .iter()
                .any(|r| suppress::selector_matches(s, &r.code, &r.name) && !settings.applies(r, &path))
        });
        let problem = if d.selectors.is_empty() {
            Some(format!(
                "`{}` names no rule code, so it suppresses nothing",
                d.kind.keyword()
            ))
        } else if !unknown.is_empty() {
            Some(format!(
                "`{}` names unknown rule code(s): {}",
                d.kind.keyword(),
                unknown.join(", ")
            ))
        } else if let Some(text) = &d.bad_until {
            Some(format!(
                "`until {text}` is not a valid YYYY-MM-DD date, so the suppression never expires"
            ))
        } else if let Some(until) = d.until.filter(|u| *u < today) {
            Some(format!(
                "suppression of {} expired on {until}",
                d.selectors.join(", ")
            ))
        } else if !d.used && !maybe_used {
            Some(format!(
                "`{} {}` suppresses nothing: no such finding here",
                d.kind.keyword(),
                d.selectors.join(" ")
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            let hit = Hit::new(Some(d.span.clone()), message)
                .label("unused suppression")
                .var("code", code_hint);
            extra.push(finding(rule, hit, Some(&path)));
        }
    }
    summary.findings.extend(extra);
}

/// Lints one document held in memory, as if it were the only file of a repository whose
/// paths are `paths`: every document check and its suppressions, no repository checks.
/// The fuzzers drive the parser and checks through this.
pub fn lint_text(
    settings: &Settings,
    paths: &PathSet,
    today: Date,
    path: &str,
    text: String,
) -> Vec<Finding> {
    let mut summary = analyse(settings, paths, today, Keep::Findings, path, text.into());
    apply_suppressions(settings, today, &mut summary);
    summary.resolve_positions();
    summary.findings
}

/// Lints the documents in `inventory` with `settings`, as of `today`.
pub fn run(settings: &Settings, inventory: &Inventory, today: Date, keep: Keep) -> Report {
    // In path order, as `inventory.documents` is: repository checks find a document by a
    // binary search.
    let root = Root::open(&settings.root);
    let mut summaries: Vec<Summary> = inventory
        .documents
        .par_iter()
        .map_init(
            || Reader::new(&root),
            |reader, path| check_document(settings, inventory, today, keep, reader, path),
        )
        .collect();

    let mut findings: Vec<Finding> = Vec::new();
    repository_checks(settings, inventory, &root, &mut summaries, &mut findings);
    // The repository checks saw every document; only the selected ones are reported.
    summaries.retain(|s| inventory.is_selected(&s.info.path));

    // Suppressions, positions and excerpts per document, in parallel and in place: a second
    // vector of 20,000 entries would be memory the run touches for nothing.
    summaries.par_iter_mut().for_each(|summary| {
        summary.resolve_positions();
        apply_suppressions(settings, today, summary);
        summary.resolve_positions();
        summary.excerpts = if summary.findings.is_empty() || !summary.info.readable {
            None
        } else {
            summary.excerpts_for_findings(&root)
        };
        // Each document's findings in report order here, as the documents are in path order:
        // sorting them all together moved every finding (350 bytes) a dozen times, on one
        // thread, through a scratch copy of half of them.
        sort_findings(&mut summary.findings);
    });
    let mut sources = BTreeMap::new();
    let mut infos: Vec<DocInfo> = Vec::with_capacity(inventory.selected().len());
    // The repository's own findings (no path) sort first, then each document's, sorted
    // above, in path order; the vector is sized once rather than doubled as it fills.
    sort_findings(&mut findings);
    findings.reserve_exact(summaries.iter().map(|s| s.findings.len()).sum());
    // Every selected document has a summary, in path order.
    for summary in summaries {
        if let Some(excerpts) = summary.excerpts {
            sources.insert(summary.info.path.clone(), Arc::new(excerpts));
        }
        infos.push(summary.info);
        findings.extend(summary.findings);
    }
    debug_assert!(
        findings.is_sorted_by(|a, b| a.sort_key() <= b.sort_key()),
        "documents' findings concatenated out of report order"
    );
    Report {
        findings,
        infos,
        config: settings.config_path.as_ref().map(|p| {
            p.file_name()
                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
        }),
        sources,
        today,
        root: settings.root.clone(),
        baselined: 0,
        fingerprints: Vec::new(),
        whole_repository: inventory.whole_repository,
    }
}

/// The order every output shows (see [`Finding::sort_key`]), equal findings once.
fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
}

fn repository_checks(
    settings: &Settings,
    inventory: &Inventory,
    root: &Root,
    summaries: &mut [Summary],
    findings: &mut Vec<Finding>,
) {
    // `summaries` is in path order.
    fn find<'s>(summaries: &'s mut [Summary], path: &str) -> Option<&'s mut Summary> {
        let at = summaries
            .binary_search_by(|s| s.info.path.as_str().cmp(path))
            .ok()?;
        summaries.get_mut(at)
    }
    let pack = &settings.pack;
    // REQ001: only a run over the whole repository can say a document is missing.
    if inventory.whole_repository
        && let Some(rule) = pack
            .rules()
            .iter()
            .find(|r| r.check == CheckKind::DocumentRequired && settings.is_enabled(&r.code))
    {
        // Inserted one by one: collecting would first gather a vector of every document's
        // type (20,000 entries) to sort, for the few dozen types there are.
        let mut found: BTreeSet<&str> = BTreeSet::new();
        for doc_type in summaries.iter().filter_map(|s| s.info.doc_type.as_deref()) {
            found.insert(doc_type);
        }
        findings.extend(
            repository::required(pack, &found)
                .into_iter()
                .map(|hit| finding(rule, hit, None)),
        );
    }

    // ID001 and LNK002 hits, as (rule code, document path, hit), for the documents' findings.
    let mut hits: Vec<(String, String, Hit)> = Vec::new();

    // ID001, per id-unique rule.
    for rule in pack.rules().iter().filter(|r| r.check == CheckKind::IdUnique) {
        let uses: Vec<IdUse<'_>> = summaries
            .iter()
            .flat_map(|s| {
                s.ids
                    .iter()
                    .filter(|(code, _, _)| *code == rule.code)
                    .map(move |(_, id, span)| IdUse {
                        path: &s.info.path,
                        id,
                        span: span.clone(),
                    })
            })
            .collect();
        for (path, hit) in repository::id_unique(&uses) {
            hits.push((rule.code.clone(), path.to_owned(), hit));
        }
    }

    // LNK002 into other documents. Anchors are worked out only for the documents such links
    // point at, from the file again: keeping every document's anchors would cost every run
    // what only cross-document fragment links need.
    let targets: BTreeSet<&str> = summaries
        .iter()
        .flat_map(|s| s.cross_links.iter().map(|(_, link)| link.target.as_str()))
        .collect();
    let anchors: HashMap<&str, Option<HashSet<String>>> = targets
        .into_par_iter()
        .map(|target| (target, anchors_of(settings, root, target)))
        .collect();
    for summary in summaries.iter() {
        let path = &summary.info.path;
        for (code, link) in &summary.cross_links {
            // A target that cannot be read has IO001; its anchors are not checked.
            let exists = anchors
                .get(link.target.as_str())
                .and_then(Option::as_ref)
                .is_none_or(|a| links::anchor_exists(a, &link.fragment));
            if !exists {
                let hit = links::missing_anchor(
                    &link.destination,
                    &link.fragment,
                    &format!("`{}`", link.target),
                    link.span.clone(),
                );
                hits.push((code.clone(), path.clone(), hit));
            }
        }
    }
    for (code, path, hit) in hits {
        if let (Some(rule), Some(summary)) = (pack.rule(&code), find(summaries, &path)) {
            summary.findings.push(finding(rule, hit, Some(&path)));
        }
    }
}
