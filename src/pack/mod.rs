//! Rule packs: the resolved, validated model the engine runs on. `load` turns TOML into it.

pub mod load;
mod raw;

use globset::GlobSet;

use crate::checks::{CheckKind, Params};
use crate::document::{FieldKeys, normalize};
use crate::finding::Severity;

pub use load::{BUILTIN_PACKS, load_packs};

#[derive(Debug, Clone)]
pub struct Clause {
    pub id: String,
    pub title: String,
    pub itil: Vec<String>,
}

/// A clause number of the 2011 edition and the 2018 clauses that replaced it.
#[derive(Debug, Clone)]
pub struct ClauseMove {
    pub from: String,
    pub to: Vec<String>,
    pub topic: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    Person,
    Version,
    Date,
    Enum,
    ClauseList,
    DocumentType,
    List,
}

impl FieldType {
    pub const NAMES: &'static [&'static str] = &[
        "string",
        "person",
        "version",
        "date",
        "enum",
        "clause-list",
        "document-type",
        "list",
    ];

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "string" => Self::String,
            "person" => Self::Person,
            "version" => Self::Version,
            "date" => Self::Date,
            "enum" => Self::Enum,
            "clause-list" => Self::ClauseList,
            "document-type" => Self::DocumentType,
            "list" => Self::List,
            _ => return None,
        })
    }
}

/// A document-control field (clause 7.5.2).
#[derive(Debug, Clone)]
pub struct FieldSpec {
    pub name: String,
    pub kind: FieldType,
    pub required: bool,
    /// Normalised keys that mean this field, the name itself first.
    pub keys: Vec<String>,
    pub values: Vec<String>,
    pub description: String,
}

/// One section a document type requires, with every name that satisfies it.
#[derive(Debug, Clone)]
pub struct SectionSpec {
    pub display: String,
    /// Normalised accepted names, the display name first.
    pub names: Vec<String>,
    /// A register column: a table header cell of that name satisfies it as well as a heading.
    pub column: bool,
}

#[derive(Debug, Clone)]
pub struct DocType {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub clauses: Vec<String>,
    pub required: bool,
    pub ordered: bool,
    /// explicit | implied | recommended.
    pub basis: String,
    pub external_ok: bool,
    pub itil: Vec<String>,
    pub description: Option<String>,
    pub match_types: Vec<String>,
    pub match_path_patterns: Vec<String>,
    pub match_titles: Vec<crate::checks::LazyRegex>,
    pub sections: Vec<SectionSpec>,
    pub pack: String,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub code: String,
    pub name: String,
    pub check: CheckKind,
    pub params: Params,
    pub clauses: Vec<String>,
    pub severity: Severity,
    pub summary: String,
    pub message: Option<String>,
    pub help: Option<String>,
    pub applies_to: Option<GlobSet>,
    pub pack: String,
    /// Whether the rule runs: the configuration's `select`/`ignore` decide (every rule of a
    /// freshly loaded pack does). Kept on the rule because every document asks it of every
    /// rule: a search through the enabled codes was a twentieth of a run.
    pub enabled: bool,
}

/// Every document type's path patterns as one regex set.
#[derive(Debug, Clone)]
struct PathIndex {
    set: regex::bytes::RegexSet,
    /// For each pattern of `set`, the index of its document type.
    owner: Vec<usize>,
}

/// Every loaded pack merged into one catalogue.
#[derive(Debug, Clone, Default)]
pub struct Pack {
    /// `id@version` of each pack, in load order.
    pub sources: Vec<String>,
    pub standard: String,
    pub clauses: Vec<Clause>,
    pub fields: Vec<FieldSpec>,
    /// Private, as `rules` is, because the matchers below are derived from them: changing
    /// either goes through [`Pack::documents_mut`] or [`Pack::rules_mut`], which drop what
    /// was derived, so that no change made after a first document can be missed.
    documents: Vec<DocType>,
    rules: Vec<Rule>,
    pub clause_moves: Vec<ClauseMove>,
    /// Looked up for every key of every document; pack keys, so a fast hash is safe.
    field_by_key: rustc_hash::FxHashMap<String, usize>,
    /// Every document type's path patterns as one regex set, one match per document. (A
    /// `GlobSet`, per type or shared, compiles a regex per `*.md` pattern: two fifths of
    /// start-up.) Built by [`Pack::index_paths`], or for the built-in packs alone, whose
    /// patterns the tests compile, when a document is first classified by its path: a run
    /// over documents that all name their `type` never needs it, and the build was a third
    /// of start-up.
    path_matcher: std::sync::OnceLock<Option<PathIndex>>,
    /// The most compiled automaton `path_matcher` may take.
    path_set_limit: usize,
    /// Clause ids, looked up for every clause a document cites.
    clause_by_id: rustc_hash::FxHashMap<String, usize>,
    /// The text checks' searches as one pass, built when the first document needs them: the
    /// rules are final by then.
    text_scan: std::sync::OnceLock<crate::checks::scan::TextScan>,
    /// Every document type's title patterns as one regex, built when a document is first
    /// classified by its title; `None` if they do not compile together.
    title_matcher: std::sync::OnceLock<Option<TitleMatcher>>,
    /// Each `type` value a document may name (ids and `match.types`), to the first document
    /// type that takes it: built when a document first names one, after the packs are final.
    /// Most documents name their type, and comparing it with every type's names in turn was
    /// half a percent of a run.
    type_index: std::sync::OnceLock<rustc_hash::FxHashMap<String, usize>>,
}

/// The title patterns of all document types, compiled as one multi-pattern regex: compiled
/// one by one, each with its own literal search for the case variants of its words, the
/// built-in pack's 112 took 19 ms, paid by every run with a document that names no type (a
/// pre-commit run 6 ms without, 23 ms with); together and without literal searches, 2 ms.
#[derive(Debug, Clone)]
struct TitleMatcher {
    regex: regex_automata::meta::Regex,
    /// For each pattern, the index of its document type.
    owner: Vec<usize>,
}

impl TitleMatcher {
    fn new(documents: &[DocType]) -> Option<Self> {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        for (i, doc) in documents.iter().enumerate() {
            for title in &doc.match_titles {
                patterns.push(title.as_str());
                owner.push(i);
            }
        }
        // Titles are a few words: no literal search, one-pass DFA or backtracker is worth
        // building for them.
        let config = regex_automata::meta::Config::new()
            .match_kind(regex_automata::MatchKind::All)
            .auto_prefilter(false)
            .onepass(false)
            .backtrack(false)
            .nfa_size_limit(Some(TITLE_SET_SIZE_LIMIT));
        let regex = regex_automata::meta::Regex::builder()
            .configure(config)
            .build_many(&patterns)
            .ok()?;
        Some(Self { regex, owner })
    }

    /// The lowest document-type index with a pattern that matches one of `titles`.
    fn first_owner(&self, titles: &[&str]) -> Option<usize> {
        let mut matched = regex_automata::PatternSet::new(self.regex.pattern_len());
        for title in titles {
            self.regex
                .which_overlapping_matches(&regex_automata::Input::new(title), &mut matched);
        }
        matched
            .iter()
            .filter_map(|pattern| self.owner.get(pattern.as_usize()))
            .min()
            .copied()
    }
}

/// The bound on the title patterns' combined automaton: each is bounded on its own when its
/// pack loads; past this (a pack with thousands of titles) they are matched one by one.
const TITLE_SET_SIZE_LIMIT: usize = 16 << 20;

impl Pack {
    pub fn documents(&self) -> &[DocType] {
        &self.documents
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The document types to change: the path, title and type matchers are built again
    /// from them when next asked.
    pub fn documents_mut(&mut self) -> &mut Vec<DocType> {
        self.path_matcher = std::sync::OnceLock::new();
        self.title_matcher = std::sync::OnceLock::new();
        self.type_index = std::sync::OnceLock::new();
        &mut self.documents
    }

    /// Every document type's required sections, to change. No matcher is built from them,
    /// so unlike [`Pack::documents_mut`] this keeps the matchers: a user's pack has its path
    /// patterns compiled as it loads, and the config's `section-aliases` made it compile
    /// them all again.
    pub fn sections_mut(&mut self) -> impl Iterator<Item = &mut SectionSpec> {
        self.documents.iter_mut().flat_map(|d| d.sections.iter_mut())
    }

    /// The rules to change (their parameters, `enabled`, new rules): the text scan is built
    /// again from them when next asked.
    pub fn rules_mut(&mut self) -> &mut Vec<Rule> {
        self.text_scan = std::sync::OnceLock::new();
        &mut self.rules
    }

    pub fn text_scan(&self) -> &crate::checks::scan::TextScan {
        self.text_scan
            .get_or_init(|| crate::checks::scan::TextScan::new(&self.rules))
    }

    /// The first document type, in pack order, with a title pattern that matches one of
    /// `titles`.
    pub fn document_for_titles(&self, titles: &[&str]) -> Option<&DocType> {
        match self
            .title_matcher
            .get_or_init(|| TitleMatcher::new(&self.documents))
        {
            Some(matcher) => matcher.first_owner(titles).and_then(|i| self.documents.get(i)),
            None => self.documents.iter().find(|d| {
                d.match_titles
                    .iter()
                    .any(|re| titles.iter().any(|t| re.is_match(t)))
            }),
        }
    }

    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clause_by_id.get(id).and_then(|&i| self.clauses.get(i))
    }

    /// Rebuilds the clause index after clauses change; the first declaration of an id wins.
    pub fn index_clauses(&mut self) {
        self.clause_by_id.clear();
        for (i, clause) in self.clauses.iter().enumerate() {
            self.clause_by_id.entry(clause.id.clone()).or_insert(i);
        }
    }

    /// The first document type, in pack order, whose id or `match.types` is `type_name`.
    pub fn document_for_type(&self, type_name: &str) -> Option<&DocType> {
        self.type_index
            .get_or_init(|| {
                let mut index = rustc_hash::FxHashMap::default();
                for (i, doc) in self.documents.iter().enumerate() {
                    for name in std::iter::once(&doc.id).chain(&doc.match_types) {
                        index.entry(name.clone()).or_insert(i);
                    }
                }
                index
            })
            .get(type_name)
            .and_then(|&i| self.documents.get(i))
    }

    pub fn document(&self, id: &str) -> Option<&DocType> {
        self.documents.iter().find(|d| d.id == id)
    }

    pub fn rule(&self, code_or_name: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
    }

    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The field a normalised key stands for.
    pub fn field_for_key(&self, normalized: &str) -> Option<&FieldSpec> {
        self.field_by_key
            .get(normalized)
            .and_then(|&i| self.fields.get(i))
    }

    /// Rebuilds the key index after fields or aliases change.
    pub fn index_fields(&mut self) {
        self.field_by_key.clear();
        for (i, field) in self.fields.iter().enumerate() {
            for key in &field.keys {
                self.field_by_key.entry(key.clone()).or_insert(i);
            }
        }
    }

    /// The first document type, in pack order, with a path pattern that matches `path`.
    pub fn document_for_path(&self, path: &str) -> Option<&DocType> {
        let index = self
            .path_matcher
            .get_or_init(|| self.build_path_index().ok())
            .as_ref()?;
        // Patterns are added in document order, so the lowest matching pattern is the
        // first type's.
        let first = index.set.matches(path.as_bytes()).into_iter().next()?;
        index.owner.get(first).and_then(|&i| self.documents.get(i))
    }

    /// Rebuilds the path index after document types or their patterns change. Patterns were
    /// checked when their pack was read; one that still fails is left out. Fails only when
    /// the patterns together exceed `size_limit` bytes of compiled automaton: the pack then
    /// cannot classify documents by path at all.
    pub fn index_paths(&mut self, size_limit: usize) -> Result<(), regex::Error> {
        self.path_set_limit = size_limit;
        // Built now either way: a set that failed is not tried again on first use.
        let (index, result) = match self.build_path_index() {
            Ok(index) => (Some(index), Ok(())),
            Err(e) => (None, Err(e)),
        };
        self.path_matcher = std::sync::OnceLock::from(index);
        result
    }

    /// [`Pack::index_paths`] left to the first document classified by its path: even the
    /// globs' translation was a twentieth of checking a one-file repository.
    pub fn defer_path_index(&mut self, size_limit: usize) {
        self.path_set_limit = size_limit;
        self.path_matcher = std::sync::OnceLock::new();
    }

    fn build_path_index(&self) -> Result<PathIndex, regex::Error> {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        for (i, doc) in self.documents.iter().enumerate() {
            for glob in doc
                .match_path_patterns
                .iter()
                .filter_map(|p| globset::Glob::new(p).ok())
            {
                // The glob's own translation, as a `GlobSet` of it would match.
                patterns.push(glob.regex().to_owned());
                owner.push(i);
            }
        }
        let set = regex::bytes::RegexSetBuilder::new(&patterns)
            .size_limit(self.path_set_limit)
            .build()?;
        Ok(PathIndex { set, owner })
    }

    /// "ISO/IEC 20000-1:2018 8.6.1" for messages.
    pub fn cite(&self, clauses: &[String]) -> String {
        if clauses.is_empty() {
            return String::new();
        }
        format!("{} {}", self.standard, clauses.join(", "))
    }

    pub fn add_field_alias(&mut self, field: &str, alias: &str) {
        if let Some(spec) = self.fields.iter_mut().find(|f| f.name == field) {
            let key = normalize::key(alias).into_owned();
            if !spec.keys.contains(&key) {
                spec.keys.push(key);
            }
        }
        self.index_fields();
    }
}

impl FieldKeys for Pack {
    fn is_field_key(&self, normalized: &str) -> bool {
        self.field_by_key.contains_key(normalized) || normalized == "title"
    }
}
