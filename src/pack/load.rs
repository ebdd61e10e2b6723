//! Reads pack TOML into the resolved [`Pack`], collecting every problem with its span rather
//! than stopping at the first (cargo-deny's way: a user fixes all of them in one go).

use std::collections::{BTreeMap, HashMap, HashSet};

use globset::{Glob, GlobSetBuilder};
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::raw::{
    RawClause, RawClauseMove, RawDocument, RawExtendDocument, RawExtendRule, RawField, RawMeta, RawRule,
    RawSection, RawSectionAliases,
};
use super::{Clause, ClauseMove, DocType, FieldSpec, FieldType, Pack, Rule, SectionSpec};
use crate::checks::{CheckKind, LazyRegex, Params};
use crate::document::normalize;
use crate::error::{SpannedError, TomlSource};
use crate::finding::Severity;
use crate::toml_read;

/// Packs compiled into the binary: (file name, text).
pub const BUILTIN_PACKS: &[(&str, &str)] = &[(
    "rules/iso20000-1-2018.toml",
    include_str!("../../rules/iso20000-1-2018.toml"),
)];

const TOP_LEVEL_KEYS: &[&str] = &[
    "pack",
    "clause",
    "clause-move",
    "fields",
    "section-aliases",
    "document",
    "extend-document",
    "rule",
    "extend-rule",
];

const BASES: &[&str] = &["explicit", "implied", "recommended"];

/// One pack's items, read but not yet checked against the other packs.
struct Parsed<'a> {
    source: &'a TomlSource,
    meta: Option<RawMeta>,
    clauses: Vec<RawClause>,
    fields: Vec<(Spanned<String>, RawField)>,
    section_aliases: RawSectionAliases,
    documents: Vec<RawDocument>,
    rules: Vec<(RawRule, Option<Spanned<DeValue<'a>>>)>,
    moves: Vec<RawClauseMove>,
    extend_documents: Vec<RawExtendDocument>,
    extend_rules: Vec<RawExtendRule>,
}

/// Reads `value` into `T`, with every mistake in it added to `errors`.
fn deserialize<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
    source: &TomlSource,
    what: &str,
    errors: &mut Vec<SpannedError>,
) -> Option<T> {
    toml_read::read(value, source, &format!("invalid {what}"))
        .map_err(|mistakes| errors.extend(mistakes))
        .ok()
}

fn array_items<'a>(
    value: Spanned<DeValue<'a>>,
    source: &TomlSource,
    key: &str,
    errors: &mut Vec<SpannedError>,
) -> Vec<Spanned<DeValue<'a>>> {
    let span = value.span();
    if let DeValue::Array(items) = value.into_inner() {
        items.into_iter().collect()
    } else {
        errors.push(source.error(
            format!("`{key}` must be an array of tables (`[[{key}]]`)"),
            Some(span),
        ));
        Vec::new()
    }
}

/// Every `[[key]]` table of an array, read into `T`; problems are collected, not fatal.
fn tables<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
    source: &TomlSource,
    key: &str,
    errors: &mut Vec<SpannedError>,
) -> Vec<T> {
    let what = format!("[[{key}]]");
    array_items(value, source, key, errors)
        .into_iter()
        .filter_map(|item| deserialize(item, source, &what, errors))
        .collect()
}

fn parse<'a>(source: &'a TomlSource, errors: &mut Vec<SpannedError>) -> Parsed<'a> {
    let (table, parse_errors) = DeTable::parse_recoverable(&source.text);
    errors.extend(
        parse_errors
            .iter()
            .map(|e| source.toml_error("TOML syntax error", e)),
    );
    let mut parsed = Parsed {
        source,
        meta: None,
        clauses: Vec::new(),
        fields: Vec::new(),
        section_aliases: BTreeMap::new(),
        documents: Vec::new(),
        rules: Vec::new(),
        moves: Vec::new(),
        extend_documents: Vec::new(),
        extend_rules: Vec::new(),
    };
    for (key, value) in table.into_inner() {
        match key.get_ref().as_ref() {
            "pack" => parsed.meta = deserialize(value, source, "[pack] table", errors),
            "clause" => parsed.clauses.extend(tables(value, source, "clause", errors)),
            "fields" => {
                let span = value.span();
                let DeValue::Table(fields) = value.into_inner() else {
                    errors
                        .push(source.error("`fields` must be a table of `[fields.NAME]` tables", Some(span)));
                    continue;
                };
                for (name, spec) in fields {
                    let name = Spanned::new(name.span(), name.get_ref().to_string());
                    if let Some(field) = deserialize::<RawField>(spec, source, "field", errors) {
                        parsed.fields.push((name, field));
                    }
                }
                // Keep the order the pack author wrote: skeletons list fields in it.
                parsed.fields.sort_by_key(|(name, _)| name.span().start);
            }
            "section-aliases" => {
                if let Some(aliases) = deserialize(value, source, "[section-aliases]", errors) {
                    parsed.section_aliases = aliases;
                }
            }
            "document" => parsed.documents.extend(tables(value, source, "document", errors)),
            "clause-move" => parsed.moves.extend(tables(value, source, "clause-move", errors)),
            "extend-document" => {
                parsed
                    .extend_documents
                    .extend(tables(value, source, "extend-document", errors))
            }
            "extend-rule" => parsed
                .extend_rules
                .extend(tables(value, source, "extend-rule", errors)),
            "rule" => {
                for item in array_items(value, source, "rule", errors) {
                    // Copied, not taken out: the rule's own table keeps it, so that an unknown
                    // key's error still names `with` among a rule's keys.
                    let with = item.get_ref().as_table().and_then(|t| t.get("with")).cloned();
                    if let Some(rule) = deserialize::<RawRule>(item, source, "[[rule]]", errors) {
                        parsed.rules.push((rule, with));
                    }
                }
            }
            other => errors.push(
                source
                    .error(format!("unknown key `{other}` in rule pack"), Some(key.span()))
                    .with_help(format!("a pack has the keys: {}", TOP_LEVEL_KEYS.join(", "))),
            ),
        }
    }
    if parsed.meta.is_none() && errors.is_empty() {
        errors.push(
            source
                .error("rule pack has no [pack] table", Some(0..0))
                .with_help("start the file with [pack] id = \"...\", version = \"...\", title = \"...\""),
        );
    }
    parsed
}

fn check_clauses(
    clauses: &[Spanned<String>],
    known: &HashSet<String>,
    source: &TomlSource,
    errors: &mut Vec<SpannedError>,
) -> Vec<String> {
    for clause in clauses {
        if !known.contains(clause.get_ref()) {
            errors.push(
                source
                    .error(
                        format!("unknown clause `{}`", clause.get_ref()),
                        Some(clause.span()),
                    )
                    .with_help("declare it in a [[clause]] table of this or another loaded pack"),
            );
        }
    }
    clauses.iter().map(|c| c.get_ref().clone()).collect()
}

fn compile_globs(
    patterns: &[Spanned<String>],
    source: &TomlSource,
    errors: &mut Vec<SpannedError>,
) -> globset::GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        match Glob::new(pattern.get_ref()) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(e) => errors.push(source.error(format!("invalid glob: {e}"), Some(pattern.span()))),
        }
    }
    builder.build().unwrap_or_else(|_| globset::GlobSet::empty())
}

/// Reports the patterns that are not valid globs. Document-type paths are compiled together,
/// once every pack is merged (see [`Pack::index_paths`]).
fn check_globs(patterns: &[Spanned<String>], source: &TomlSource, errors: &mut Vec<SpannedError>) {
    if source.built_in {
        // The tests compile every built-in glob; a run need not again.
        return;
    }
    for pattern in patterns {
        if let Err(e) = Glob::new(pattern.get_ref()) {
            errors.push(source.error(format!("invalid glob: {e}"), Some(pattern.span())));
        }
    }
}

fn resolve_field(
    name: &Spanned<String>,
    raw: &RawField,
    source: &TomlSource,
    errors: &mut Vec<SpannedError>,
) -> Option<FieldSpec> {
    let Some(kind) = FieldType::parse(raw.kind.get_ref()) else {
        errors.push(
            source
                .error(
                    format!("unknown field type `{}`", raw.kind.get_ref()),
                    Some(raw.kind.span()),
                )
                .with_help(format!("field types: {}", FieldType::NAMES.join(", "))),
        );
        return None;
    };
    if kind == FieldType::Enum && raw.values.is_empty() {
        errors.push(source.error("an `enum` field needs `values = [...]`", Some(name.span())));
    }
    let mut keys = vec![normalize::key(name.get_ref()).into_owned()];
    for alias in &raw.aliases {
        let key = normalize::key(alias).into_owned();
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    Some(FieldSpec {
        name: name.get_ref().clone(),
        kind,
        required: raw.required,
        keys,
        values: raw.values.clone(),
        description: raw.description.clone(),
    })
}

/// Required sections (and register columns) with every accepted name, normalised.
fn section_specs(
    sections: &[RawSection],
    columns: &[String],
    aliases: &HashMap<String, Vec<String>>,
) -> Vec<SectionSpec> {
    let entries = sections
        .iter()
        .map(|s| match s {
            RawSection::One(name) => (vec![name], false),
            RawSection::AnyOf(names) => (names.iter().collect(), false),
        })
        .chain(columns.iter().map(|c| (vec![c], true)));
    entries
        .filter_map(|(names, column)| {
            let display = (*names.first()?).clone();
            let mut normalized: Vec<String> = Vec::new();
            for name in names {
                let key = normalize::heading(name);
                for alt in std::iter::once(&key).chain(aliases.get(&key).into_iter().flatten()) {
                    if !normalized.contains(alt) {
                        normalized.push(alt.clone());
                    }
                }
            }
            Some(SectionSpec {
                display,
                names: normalized,
                column,
            })
        })
        .collect()
}

fn resolve_document(
    raw: &RawDocument,
    pack_id: &str,
    known_clauses: &HashSet<String>,
    aliases: &HashMap<String, Vec<String>>,
    source: &TomlSource,
    errors: &mut Vec<SpannedError>,
) -> DocType {
    let clauses = check_clauses(raw.clauses.get_ref(), known_clauses, source, errors);
    if clauses.is_empty() {
        errors.push(source.error(
            format!("document type `{}` names no clause", raw.id.get_ref()),
            Some(raw.clauses.span()),
        ));
    }
    let match_titles = raw
        .matcher
        .title
        .iter()
        .filter_map(|p| LazyRegex::new(p, source).map_err(|e| errors.push(e)).ok())
        .collect();
    let sections = section_specs(&raw.sections, &raw.columns, aliases);
    let basis = match &raw.basis {
        None => "recommended".to_owned(),
        Some(b) if BASES.contains(&b.get_ref().as_str()) => b.get_ref().clone(),
        Some(b) => {
            errors.push(
                source
                    .error(format!("unknown basis `{}`", b.get_ref()), Some(b.span()))
                    .with_help(format!("use one of: {}", BASES.join(", "))),
            );
            "recommended".to_owned()
        }
    };
    let mut match_types = raw.matcher.types.clone();
    if !match_types.contains(raw.id.get_ref()) {
        match_types.insert(0, raw.id.get_ref().clone());
    }
    check_globs(&raw.matcher.path, source, errors);
    DocType {
        id: raw.id.get_ref().clone(),
        title: raw.title.clone(),
        kind: raw.kind.clone(),
        clauses,
        required: raw.required,
        ordered: raw.ordered,
        basis,
        external_ok: raw.external_ok,
        itil: raw.itil.clone(),
        description: raw.description.clone(),
        match_types,
        match_path_patterns: raw.matcher.path.iter().map(|p| p.get_ref().clone()).collect(),
        match_titles,
        sections,
        pack: pack_id.to_owned(),
    }
}

fn resolve_rule(
    raw: &RawRule,
    with: Option<&Spanned<DeValue<'_>>>,
    pack_id: &str,
    known_clauses: &HashSet<String>,
    source: &TomlSource,
    errors: &mut Vec<SpannedError>,
) -> Option<Rule> {
    let code = raw.code.get_ref();
    let code_ok = code.len() <= 16
        && code.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && code.chars().any(|c| c.is_ascii_digit());
    if !code_ok {
        errors.push(
            source
                .error(format!("invalid rule code `{code}`"), Some(raw.code.span()))
                .with_help("a code is upper-case letters then digits, like DOC001 or ACME001"),
        );
    }
    let severity = Severity::parse(raw.severity.get_ref());
    if severity.is_none() {
        errors.push(
            source
                .error(
                    format!("unknown severity `{}`", raw.severity.get_ref()),
                    Some(raw.severity.span()),
                )
                .with_help("severity is one of: error, warning, info"),
        );
    }
    let Some(check) = CheckKind::parse(raw.check.get_ref()) else {
        let names: Vec<_> = CheckKind::ALL.iter().map(|k| k.name()).collect();
        errors.push(
            source
                .error(
                    format!("unknown check `{}`", raw.check.get_ref()),
                    Some(raw.check.span()),
                )
                .with_help(format!("checks: {}", names.join(", "))),
        );
        return None;
    };
    let params = Params::from_toml(check, with, source)
        .map_err(|e| errors.extend(e))
        .ok();
    // Check the clauses even when the parameters failed, so every problem shows in one run.
    let clauses = check_clauses(&raw.clauses, known_clauses, source, errors);
    let params = params?;
    let applies_to = (!raw.applies_to.is_empty()).then(|| compile_globs(&raw.applies_to, source, errors));
    Some(Rule {
        code: code.clone(),
        name: raw.name.get_ref().clone(),
        check,
        params,
        clauses,
        severity: severity?,
        summary: raw.summary.clone(),
        message: raw.message.clone(),
        help: raw.help.clone(),
        applies_to,
        pack: pack_id.to_owned(),
        enabled: true,
    })
}

/// Loads and merges packs in order. All problems of all packs are returned together.
pub fn load_packs(sources: &[TomlSource]) -> Result<Pack, Vec<SpannedError>> {
    let mut errors = Vec::new();
    let parsed: Vec<Parsed<'_>> = sources.iter().map(|s| parse(s, &mut errors)).collect();

    let mut pack = Pack::default();
    let mut known_clauses = HashSet::new();
    for p in &parsed {
        if let Some(meta) = &p.meta {
            pack.sources
                .push(format!("{}@{}", meta.id.get_ref(), meta.version.get_ref()));
            if pack.standard.is_empty() {
                pack.standard = meta.standard.clone().unwrap_or_else(|| meta.title.clone());
            }
        }
        for clause in &p.clauses {
            if !known_clauses.insert(clause.id.get_ref().clone()) {
                errors.push(p.source.error(
                    format!("clause `{}` is declared twice", clause.id.get_ref()),
                    Some(clause.id.span()),
                ));
                continue;
            }
            pack.clauses.push(Clause {
                id: clause.id.get_ref().clone(),
                title: clause.title.clone(),
                itil: clause.itil.clone(),
            });
        }
    }

    let mut section_aliases: HashMap<String, Vec<String>> = HashMap::new();
    for p in &parsed {
        for (canonical, alternatives) in &p.section_aliases {
            section_aliases
                .entry(normalize::heading(canonical))
                .or_default()
                .extend(alternatives.iter().map(|a| normalize::heading(a)));
        }
    }

    let mut codes: HashMap<String, String> = HashMap::new();
    let mut names: HashSet<String> = HashSet::new();
    for p in &parsed {
        let pack_id = p
            .meta
            .as_ref()
            .map_or_else(String::new, |m| m.id.get_ref().clone());
        for (name, raw) in &p.fields {
            if pack.fields.iter().any(|f| &f.name == name.get_ref()) {
                errors.push(p.source.error(
                    format!("field `{}` is declared twice", name.get_ref()),
                    Some(name.span()),
                ));
            } else if let Some(field) = resolve_field(name, raw, p.source, &mut errors) {
                pack.fields.push(field);
            }
        }
        for raw in &p.documents {
            if pack.document(raw.id.get_ref()).is_some() {
                errors.push(p.source.error(
                    format!("document type `{}` is declared twice", raw.id.get_ref()),
                    Some(raw.id.span()),
                ));
                continue;
            }
            let doc = resolve_document(
                raw,
                &pack_id,
                &known_clauses,
                &section_aliases,
                p.source,
                &mut errors,
            );
            pack.documents_mut().push(doc);
        }
        for (raw, with) in &p.rules {
            if let Some(first) = codes.get(raw.code.get_ref()) {
                errors.push(
                    p.source
                        .error(
                            format!("duplicate rule code `{}`", raw.code.get_ref()),
                            Some(raw.code.span()),
                        )
                        .with_help(format!(
                            "`{}` is already defined by pack `{first}`",
                            raw.code.get_ref()
                        )),
                );
                continue;
            }
            if !names.insert(raw.name.get_ref().clone()) {
                errors.push(p.source.error(
                    format!("duplicate rule name `{}`", raw.name.get_ref()),
                    Some(raw.name.span()),
                ));
                continue;
            }
            codes.insert(raw.code.get_ref().clone(), pack_id.clone());
            if let Some(rule) = resolve_rule(
                raw,
                with.as_ref(),
                &pack_id,
                &known_clauses,
                p.source,
                &mut errors,
            ) {
                pack.rules_mut().push(rule);
            }
        }
    }
    // Earlier-edition numbers and extensions of other packs' items, once everything is declared.
    for p in &parsed {
        for raw in &p.moves {
            let to = check_clauses(raw.to.get_ref(), &known_clauses, p.source, &mut errors);
            pack.clause_moves.push(ClauseMove {
                from: raw.from.get_ref().clone(),
                to,
                topic: raw.topic.clone(),
            });
        }
        for ext in &p.extend_documents {
            let clauses = check_clauses(&ext.clauses, &known_clauses, p.source, &mut errors);
            let titles: Vec<_> = ext
                .matcher
                .iter()
                .flat_map(|m| &m.title)
                .filter_map(|t| LazyRegex::new(t, p.source).map_err(|e| errors.push(e)).ok())
                .collect();
            let paths = ext.matcher.as_ref().map(|m| m.path.clone()).unwrap_or_default();
            let Some(doc) = pack
                .documents_mut()
                .iter_mut()
                .find(|d| &d.id == ext.id.get_ref())
            else {
                errors.push(
                    p.source
                        .error(format!("`[[extend-document]]` names unknown document type `{}`", ext.id.get_ref()), Some(ext.id.span()))
                        .with_help("extend a type declared by a pack loaded before this one (the built-in pack comes first)"),
                );
                continue;
            };
            for spec in section_specs(&ext.sections, &ext.columns, &section_aliases) {
                if !doc.sections.iter().any(|s| s.names == spec.names) {
                    doc.sections.push(spec);
                }
            }
            for c in clauses {
                if !doc.clauses.contains(&c) {
                    doc.clauses.push(c);
                }
            }
            if let Some(required) = ext.required {
                doc.required = required;
            }
            doc.itil.extend(
                ext.itil
                    .iter()
                    .filter(|i| !doc.itil.contains(i))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
            doc.match_titles.extend(titles);
            check_globs(&paths, p.source, &mut errors);
            doc.match_path_patterns
                .extend(paths.iter().map(|p| p.get_ref().clone()));
            if let Some(m) = &ext.matcher {
                doc.match_types.extend(m.types.iter().cloned());
            }
        }
        for ext in &p.extend_rules {
            let Some(rule) = pack
                .rules_mut()
                .iter_mut()
                .find(|r| &r.code == ext.code.get_ref())
            else {
                errors.push(p.source.error(
                    format!("`[[extend-rule]]` names unknown rule `{}`", ext.code.get_ref()),
                    Some(ext.code.span()),
                ));
                continue;
            };
            if let Some(severity) = &ext.severity {
                match Severity::parse(severity.get_ref()) {
                    Some(level) => rule.severity = level,
                    None => errors.push(
                        p.source
                            .error(
                                format!("unknown severity `{}`", severity.get_ref()),
                                Some(severity.span()),
                            )
                            .with_help("use \"error\", \"warning\" or \"info\""),
                    ),
                }
            }
            if let Some(help) = &ext.help {
                rule.help = Some(help.clone());
            }
        }
    }
    pack.index_fields();
    if sources.iter().all(|s| s.built_in) {
        // No source, no patterns; built-in patterns are compiled together by the tests.
        pack.defer_path_index(PATH_SET_SIZE_LIMIT);
    } else if let (Err(reason), Some(source)) = (pack.index_paths(PATH_SET_SIZE_LIMIT), sources.last()) {
        errors.push(
            source
                .error(
                    format!("the document types' `paths` patterns are too many to match together: {reason}"),
                    None,
                )
                .with_help("use fewer `paths` patterns, for example one `**` pattern per folder"),
        );
    }
    pack.index_clauses();
    if errors.is_empty() { Ok(pack) } else { Err(errors) }
}

/// The most compiled automaton every document type's path patterns may make together: far
/// beyond any real pack (the built-in one's hundred patterns take well under 1 MiB), and a
/// bound on what a runaway generated pack costs at start-up.
const PATH_SET_SIZE_LIMIT: usize = 64 << 20;

/// The built-in packs as sources.
pub fn builtin_sources() -> Vec<TomlSource> {
    BUILTIN_PACKS
        .iter()
        .map(|(name, text)| TomlSource::built_in(*name, *text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The title patterns as one regex classify a title as the patterns one by one do: the
    /// first document type, in pack order, with a pattern that matches.
    #[test]
    fn titles_are_classified_as_by_each_pattern() {
        let pack = load_packs(&builtin_sources()).unwrap_or_else(|e| panic!("{e:?}"));
        let one_by_one = |titles: &[&str]| {
            pack.documents
                .iter()
                .find(|d| {
                    d.match_titles
                        .iter()
                        .any(|re| titles.iter().any(|t| re.is_match(t)))
                })
                .map(|d| d.id.as_str())
        };
        let mut titles: Vec<String> = pack.documents.iter().map(|d| d.title.clone()).collect();
        titles.extend(pack.documents.iter().map(|d| d.title.to_uppercase()));
        titles.extend(
            [
                "Weekly notes",
                "",
                "RACI",
                "Our risk register and SMS scope",
                "Ünïcödé",
            ]
            .map(String::from),
        );
        let mut matched = 0;
        for title in &titles {
            let expected = one_by_one(&[title]);
            matched += usize::from(expected.is_some());
            assert_eq!(
                pack.document_for_titles(&[title]).map(|d| d.id.as_str()),
                expected,
                "{title:?}"
            );
        }
        assert!(
            matched > pack.documents.len(),
            "only {matched} titles matched a pattern"
        );
        // Two titles (front matter and heading): the type of either, the first in pack order.
        for pair in titles.windows(2) {
            let pair = [pair[0].as_str(), pair[1].as_str()];
            assert_eq!(
                pack.document_for_titles(&pair).map(|d| d.id.as_str()),
                one_by_one(&pair),
                "{pair:?}"
            );
        }
    }

    /// The type, title and path matchers and the text scan are built on first use; a change
    /// made after that (a configuration applied late, a test) must still be seen.
    #[test]
    fn matchers_follow_changes_made_after_their_first_use() {
        let mut pack = load_packs(&builtin_sources()).unwrap_or_else(|e| panic!("{e:?}"));
        let first = pack.documents().first().map(|d| d.id.clone()).unwrap_or_default();
        // A later type's title pattern, and a title it takes.
        let (later_pattern, later_title) = pack
            .documents()
            .iter()
            .skip(1)
            .find_map(|d| {
                let pattern = d.match_titles.iter().find(|p| p.is_match(&d.title))?;
                Some((pattern.clone(), d.title.clone()))
            })
            .unwrap_or_else(|| panic!("a later document type with a title pattern"));
        let txt002 = pack.rule("TXT002").map(|r| r.code.clone()).unwrap_or_default();
        // The index the copied TXT002 pattern will take.
        let added = pack
            .rule("TXT002")
            .and_then(|r| match &r.params {
                crate::checks::Params::Forbidden(p) => Some(p.patterns.len()),
                _ => None,
            })
            .unwrap_or_default();

        // Each matcher built, then asked about what only the change adds.
        assert!(pack.document_for_type("x-late-type").is_none());
        assert!(pack.document_for_path("x-late/charter.md").is_none());
        let before = pack
            .document_for_titles(&[later_title.as_str()])
            .map(|d| d.id.clone());
        assert!(
            before.is_some_and(|id| id != first),
            "{later_title} is taken by a later type"
        );
        assert!(
            pack.text_scan()
                .forbidden_literal_search(&txt002, added)
                .is_none()
        );

        if let Some(doc) = pack.documents_mut().first_mut() {
            doc.match_types.push("x-late-type".into());
            doc.match_path_patterns.push("x-late/*.md".into());
            doc.match_titles.push(later_pattern);
        }
        for rule in pack.rules_mut().iter_mut().filter(|r| r.code == txt002) {
            if let crate::checks::Params::Forbidden(p) = &mut rule.params
                && let Some(copy) = p.patterns.first().cloned()
            {
                p.patterns.push(copy);
            }
        }

        let id = |doc: Option<&DocType>| doc.map(|d| d.id.clone());
        assert_eq!(id(pack.document_for_type("x-late-type")), Some(first.clone()));
        assert_eq!(
            id(pack.document_for_path("x-late/charter.md")),
            Some(first.clone())
        );
        assert_eq!(id(pack.document_for_titles(&[later_title.as_str()])), Some(first));
        assert!(
            pack.text_scan()
                .forbidden_literal_search(&txt002, added)
                .is_some()
        );
    }

    /// A text rule the configuration turns off adds no search to the text scan, which every
    /// document would pay for: with the text rules off, there is nothing left to scan.
    #[test]
    fn turned_off_text_rules_are_not_scanned_for() {
        let mut pack = load_packs(&builtin_sources()).unwrap_or_else(|e| panic!("{e:?}"));
        let text_rules: Vec<String> = pack
            .rules
            .iter()
            .filter(|r| r.code.starts_with("TXT"))
            .map(|r| r.code.clone())
            .collect();
        assert!(pack.text_scan().citation_search().is_some());
        for rule in pack.rules_mut().iter_mut().filter(|r| r.code.starts_with("TXT")) {
            rule.enabled = false;
        }
        let scan = pack.text_scan();
        assert_eq!(scan.citation_search(), None);
        for code in &text_rules {
            assert_eq!(scan.placeholder_search(code), None, "{code}");
            assert_eq!(scan.forbidden_literal_search(code, 0), None, "{code}");
        }
        assert!(
            scan.scan("TBD: see clause 4.1 and ISO/IEC 20000-1:2011", 0)
                .is_empty()
        );
    }

    /// A `type` value finds the document type the first in pack order to take it, by id or
    /// by `match.types`, as a search through the types in turn does.
    #[test]
    fn types_are_classified_as_by_each_type_in_turn() {
        let mut pack = load_packs(&builtin_sources()).unwrap_or_else(|e| panic!("{e:?}"));
        // A name two types share: the first of them wins.
        let shared = pack.documents.get(3).map(|d| d.id.clone()).unwrap_or_default();
        if let Some(later) = pack.documents_mut().get_mut(7) {
            later.match_types.push(shared.clone());
        }
        let one_by_one = |name: &str| {
            pack.documents
                .iter()
                .find(|d| d.id == name || d.match_types.iter().any(|m| m == name))
                .map(|d| d.id.as_str())
        };
        let mut names: Vec<String> = pack
            .documents
            .iter()
            .flat_map(|d| std::iter::once(d.id.clone()).chain(d.match_types.iter().cloned()))
            .collect();
        names.extend(["", "policy", "Policy", "no-such-type"].map(String::from));
        assert_eq!(one_by_one(&shared), Some(shared.as_str()));
        for name in &names {
            assert_eq!(
                pack.document_for_type(name).map(|d| d.id.as_str()),
                one_by_one(name),
                "{name:?}"
            );
        }
    }

    #[test]
    fn builtin_pack_loads() {
        let pack = load_packs(&builtin_sources()).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(pack.rule("DOC004").is_some());
        assert!(pack.rule("review-overdue").is_some());
        assert!(pack.field_for_key("document_owner").is_some());
        // Loading the built-in pack does not check its title, placeholder and forbidden
        // patterns, nor that the text searches take the fast path: this does.
        let mut patterns: Vec<(&str, &str)> = Vec::new();
        let scan = pack.text_scan();
        for rule in &pack.rules {
            if let crate::checks::Params::Placeholder(params) = &rule.params {
                let search = scan.placeholder_search(&rule.code);
                assert!(
                    search.is_some_and(|s| scan.is_gated(s)),
                    "{}: placeholders are not found through the shared literal search",
                    rule.code
                );
                patterns.extend(params.patterns.iter().map(|p| (p.as_str(), rule.code.as_str())));
            }
            if let crate::checks::Params::Forbidden(params) = &rule.params {
                patterns.extend(
                    params
                        .patterns
                        .iter()
                        .map(|p| (p.regex.as_str(), rule.code.as_str())),
                );
            }
        }
        assert!(scan.citation_search().is_some_and(|s| scan.is_gated(s)));
        let txt002 = pack.rule("TXT002").map(|r| r.code.as_str()).unwrap_or_default();
        assert!(scan.forbidden_literal_search(txt002, 0).is_some());
        for doc in &pack.documents {
            patterns.extend(doc.match_titles.iter().map(|t| (t.as_str(), doc.id.as_str())));
        }
        for (pattern, owner) in patterns {
            assert!(
                crate::checks::build_regex(pattern).is_ok(),
                "pattern `{pattern}` of {owner} does not compile"
            );
        }
        // Nor its globs, which only a user's pack has checked while it loads.
        for doc in &pack.documents {
            for glob in &doc.match_path_patterns {
                assert!(
                    Glob::new(glob).is_ok(),
                    "glob `{glob}` of {} is not valid",
                    doc.id
                );
            }
        }
        let mut indexed = pack.clone();
        assert!(indexed.index_paths(PATH_SET_SIZE_LIMIT).is_ok());
        for kind in CheckKind::ALL {
            assert!(
                pack.rules.iter().any(|r| r.check == *kind),
                "no built-in rule uses {}",
                kind.name()
            );
        }
    }

    /// A pack declaring one document type, `id`, matched by the path pattern `path`.
    fn pack_with_document(id: &str, path: &str) -> String {
        format!(
            "[pack]\nid = \"{id}-pack\"\nversion = \"1\"\ntitle = \"{id}\"\n\n[[document]]\nid = \"{id}\"\n\
             title = \"{id}\"\nkind = \"record\"\nclauses = [\"7.5.2\"]\nbasis = \"recommended\"\n\
             match = {{ path = [\"{path}\"] }}\n"
        )
    }

    #[test]
    fn a_path_takes_the_first_document_type_whose_pattern_matches() {
        let catch_all = TomlSource::new("catch-all.toml", pack_with_document("any-note", "**/*.md"));
        let mut sources = builtin_sources();
        sources.push(catch_all);
        let pack = load_packs(&sources).unwrap_or_else(|e| panic!("{e:?}"));
        let type_of = |path: &str| pack.document_for_path(path).map(|d| d.id.as_str());
        // The built-in type is declared first, so it wins over the later catch-all.
        assert_eq!(type_of("plans/sms-scope.md"), Some("sms-scope"));
        assert_eq!(type_of("notes/minutes.md"), Some("any-note"));
        let builtin = load_packs(&builtin_sources()).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(builtin.document_for_path("notes/minutes.md").is_none());
    }

    #[test]
    fn changing_sections_keeps_the_path_index_built() {
        let catch_all = TomlSource::new("catch-all.toml", pack_with_document("any-note", "**/*.md"));
        let mut sources = builtin_sources();
        sources.push(catch_all);
        let mut pack = load_packs(&sources).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(
            pack.path_matcher.get().is_some(),
            "a user's pack is indexed as it loads"
        );
        for spec in pack.sections_mut() {
            spec.names.push("another name".to_owned());
        }
        assert!(pack.path_matcher.get().is_some(), "built again for nothing");
        assert!(pack.documents_mut().iter().any(|d| d.id == "any-note"));
        assert!(
            pack.path_matcher.get().is_none(),
            "document types changed: built again"
        );
    }

    #[test]
    fn path_patterns_too_large_to_match_together_are_an_error_not_a_silent_gap() {
        let mut pack = load_packs(&builtin_sources()).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(pack.document_for_path("plans/sms-scope.md").is_some());
        let failure = pack.index_paths(64);
        assert!(
            matches!(failure, Err(regex::Error::CompiledTooBig(64))),
            "{failure:?}"
        );
        assert!(pack.document_for_path("plans/sms-scope.md").is_none());
        assert_eq!(pack.index_paths(PATH_SET_SIZE_LIMIT), Ok(()));
        assert!(pack.document_for_path("plans/sms-scope.md").is_some());
    }

    fn errors_of(text: &str) -> Vec<(String, Option<std::ops::Range<usize>>)> {
        let source = TomlSource::new("test.toml", text);
        let mut sources = builtin_sources();
        sources.push(source);
        match load_packs(&sources) {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .into_iter()
                .map(|e| (e.message, e.span.map(|s| s.offset()..s.offset() + s.len())))
                .collect(),
        }
    }

    #[test]
    fn an_invalid_document_path_glob_is_reported_at_its_pattern() {
        let text = pack_with_document("acme-note", "notes/[unclosed.md");
        let text = text.as_str();
        let errors = errors_of(text);
        let at = text.find("\"notes/[").unwrap_or(0);
        assert!(
            errors.iter().any(
                |(m, span)| m.starts_with("invalid glob") && span.as_ref().is_some_and(|s| s.start == at)
            ),
            "{errors:?}"
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_span() {
        let text = r#"
[pack]
id = "acme"
version = "1"
title = "Acme"

[[rule]]
code = "DOC001"
name = "acme-dup"
check = "field-present"
severity = "error"

[[rule]]
code = "ACME001"
name = "acme-bad-regex"
check = "forbidden-pattern"
with = { patterns = [{ pattern = "(unclosed", message = "m" }] }
severity = "error"

[[rule]]
code = "ACME002"
name = "acme-bad-clause"
check = "placeholder"
clauses = ["99.9"]
severity = "fatal"
bogus = 1
"#;
        let errors = errors_of(text);
        let messages: Vec<&str> = errors.iter().map(|(m, _)| m.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("duplicate rule code `DOC001`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("invalid regular expression")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("unknown field `bogus`")),
            "{messages:?}"
        );
        for (message, span) in &errors {
            let span = span.clone().unwrap_or_else(|| panic!("no span for {message}"));
            assert!(span.end <= text.len());
        }
        let dup = errors
            .iter()
            .find(|(m, _)| m.contains("DOC001"))
            .and_then(|(_, s)| s.clone());
        assert_eq!(dup.map(|s| &text[s]), Some("\"DOC001\""));
    }

    #[test]
    fn a_misspelt_rule_key_is_told_every_key_a_rule_has() {
        let text = "[pack]\nid = \"a\"\nversion = \"1\"\ntitle = \"A\"\n[[rule]]\ncode = \"A1\"\nname = \"a-one\"\ncheck = \"placeholder\"\nwiht = { patterns = [\"X\"] }\nseverity = \"error\"\n";
        let errors = errors_of(text);
        assert!(
            errors
                .iter()
                .any(|(m, _)| m.contains("unknown field `wiht`") && m.contains("`with`")),
            "{errors:?}"
        );
    }

    #[test]
    fn unknown_clause_and_severity() {
        let text = "[pack]\nid = \"a\"\nversion = \"1\"\ntitle = \"A\"\n[[rule]]\ncode = \"A1\"\nname = \"a-one\"\ncheck = \"placeholder\"\nclauses = [\"99.9\"]\nseverity = \"fatal\"\n";
        let errors = errors_of(text);
        let messages: Vec<&str> = errors.iter().map(|(m, _)| m.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("unknown severity `fatal`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("unknown clause `99.9`")),
            "{messages:?}"
        );
    }
}
