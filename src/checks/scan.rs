//! One pass over a document for several regex searches at once: the placeholder patterns and
//! the two clause-citation patterns.
//!
//! Each of those searches used to run over the whole text on its own, and each spent most of
//! its time in its regex's literal search (the SIMD search for the text every match begins
//! with), finding the same few candidates. Here the literals every match must begin with, as
//! `regex-syntax` extracts them, are pooled into at most four literal searches shared by all
//! the patterns, grouped so that each stays selective: literals that begin with punctuation
//! or a non-ASCII byte by that byte (`[`, `<`, `{`, `§`), the others by their first three or
//! four bytes (`TBD`, `cl.`, `Clau`, `sect`: a lower-case word's first three letters, `sec`
//! or `cla`, are in every other English word). A pattern's regex then runs only where one of
//! its own literals begins, anchored there. A search whose pattern has no such literal (one
//! that can begin with any word, or match the empty string) runs as its own regex instead.
//!
//! The matches are those the regex crate's `find_iter` gives for the alternation of a
//! search's patterns: leftmost first, the earlier pattern on a tie, never overlapping. The
//! unit tests and the `scan` fuzz target hold it to that.

use std::ops::Range;

use aho_corasick::packed;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::{Anchored, Input, MatchKind, Span, meta};
use regex_syntax::hir::literal::Extractor;

/// Teddy, the literal search, handles this many literals; beyond it the search falls back to
/// a slower automaton, so a search whose literals would not fit runs on its own.
const MAX_LITERALS_PER_CLASS: usize = 64;

/// How a literal joins the shared searches: which search (see the module docs) and how many
/// of its bytes that search looks for.
fn class_of(literal: &[u8]) -> (usize, usize) {
    match literal {
        [first, ..] if !first.is_ascii_alphanumeric() => (0, 1),
        [_] | [_, _] => (1, literal.len()),
        [_, _, _] => (2, 3),
        _ => (3, 4),
    }
}

/// A set of bytes as a bitmap.
#[derive(Debug, Clone)]
struct Bits(Box<[u64]>);

impl Bits {
    fn new(len: usize) -> Self {
        Self(vec![0; len.div_ceil(64)].into_boxed_slice())
    }

    fn insert(&mut self, i: usize) {
        if let Some(word) = self.0.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }

    fn contains(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|word| word >> (i % 64) & 1 == 1)
    }
}

/// One pattern of a search, and the first two bytes its matches can begin with: tested before
/// its regex runs, as most candidates belong to other patterns.
#[derive(Debug, Clone)]
struct Pattern {
    source: String,
    /// Compiled when a document first has a candidate for it: most documents have none for
    /// most patterns, and compiling them all was a third of start-up.
    regex: std::sync::OnceLock<Option<meta::Regex>>,
    /// First bytes of its literals.
    first: Bits,
    /// First bytes that are a whole literal, so that any second byte may follow.
    alone: Bits,
    /// First two bytes of its longer literals, as `first << 8 | second`, sorted: a few
    /// dozen at most, where a bitmap of every pair was 8 KiB zeroed per pattern at start-up.
    pairs: Vec<u16>,
}

impl Pattern {
    /// The compiled pattern; `None` if it does not compile (it then matches nothing, as a
    /// pattern that failed to compile was left out before).
    fn regex(&self) -> Option<&meta::Regex> {
        self.regex.get_or_init(|| build(&self.source)).as_ref()
    }

    fn may_begin_at(&self, haystack: &[u8], at: usize) -> bool {
        let Some(&first) = haystack.get(at) else {
            return false;
        };
        if !self.first.contains(usize::from(first)) {
            return false;
        }
        self.alone.contains(usize::from(first))
            || haystack
                .get(at + 1)
                .is_some_and(|&second| self.pairs.binary_search(&pair(first, second)).is_ok())
    }
}

fn pair(first: u8, second: u8) -> u16 {
    u16::from(first) << 8 | u16::from(second)
}

#[derive(Debug, Clone)]
enum Search {
    /// Patterns whose matches the shared literal searches find.
    Gated(Vec<Pattern>),
    /// The alternation of the patterns, run over the text on its own; `None` when no pattern
    /// compiled.
    Alone(Option<meta::Regex>),
}

/// One of the shared literal searches.
#[derive(Debug, Clone)]
enum LiteralSearch {
    /// Teddy, the SIMD search for a few dozen literals, built directly: regex-automata's
    /// prefilter would pick the same searcher but also build an anchored Aho-Corasick DFA
    /// beside it, which only a regex engine asks for and which was two fifths of building
    /// the scan, paid by every run.
    Teddy(packed::Searcher),
    /// Whatever regex-automata picks where Teddy is not the search it would pick: one to
    /// three single bytes (memchr), one literal (memmem), or a CPU without the vector
    /// instructions Teddy needs.
    Other(Prefilter),
}

impl LiteralSearch {
    fn new(literals: &[Vec<u8>]) -> Option<Self> {
        // regex-automata tries these before Teddy (`Choice::new`).
        let memchr_or_memmem =
            literals.len() == 1 || (literals.len() <= 3 && literals.iter().all(|l| l.len() == 1));
        if !memchr_or_memmem
            && !literals.iter().any(Vec::is_empty)
            && let Some(teddy) = packed::Config::new()
                .match_kind(packed::MatchKind::LeftmostFirst)
                .builder()
                .extend(literals)
                .build()
        {
            return Some(Self::Teddy(teddy));
        }
        Prefilter::new(MatchKind::LeftmostFirst, literals).map(Self::Other)
    }

    /// Where the first literal found in `haystack[span]` begins.
    fn find(&self, haystack: &[u8], span: Range<usize>) -> Option<usize> {
        match self {
            Self::Teddy(teddy) => teddy
                .find_in(haystack, aho_corasick::Span::from(span))
                .map(|m| m.start()),
            Self::Other(prefilter) => prefilter.find(haystack, Span::from(span)).map(|m| m.start),
        }
    }
}

/// Several searches, each an ordered list of patterns, run in one pass.
#[derive(Debug, Clone)]
pub struct MultiScan {
    searches: Vec<Search>,
    literal_searches: Vec<LiteralSearch>,
}

/// A pattern's literal prefixes, when every match begins with one of a finite set of them and
/// none is empty.
fn literal_prefixes(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::parse(pattern).ok()?;
    // The shared searches look for at most a literal's first four bytes (`class_of`):
    // longer ones only multiply, as case variants of `(?i)lorem ipsum` do, at start-up.
    let seq = Extractor::new().limit_literal_len(4).extract(&hir);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

fn build(pattern: &str) -> Option<meta::Regex> {
    meta::Regex::builder()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(super::REGEX_SIZE_LIMIT))
                .hybrid_cache_capacity(1 << 22)
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::Implicit)
                .onepass(false)
                .backtrack(false),
        )
        .build(pattern)
        .ok()
}

impl MultiScan {
    /// The searches, each a list of patterns. A pattern that does not compile matches
    /// nothing, as it did when each pattern was its own regex (patterns are checked when
    /// their pack loads).
    pub fn new(searches: &[Vec<&str>]) -> Self {
        let mut classes: [Vec<Vec<u8>>; 4] = Default::default();
        let mut built = Vec::with_capacity(searches.len());
        for patterns in searches {
            built.push(
                Self::gated(patterns, &mut classes).unwrap_or_else(|| Search::Alone(Self::alone(patterns))),
            );
        }
        let literal_searches = classes
            .iter()
            .filter(|literals| !literals.is_empty())
            .filter_map(|literals| LiteralSearch::new(literals))
            .collect();
        Self {
            searches: built,
            literal_searches,
        }
    }

    /// The alternation of `patterns` as one regex, leaving out a pattern that does not
    /// compile on its own (only tried when the alternation does not compile).
    fn alone(patterns: &[&str]) -> Option<meta::Regex> {
        build(&alternation_source(patterns)).or_else(|| {
            let compiling: Vec<&str> = patterns.iter().copied().filter(|p| build(p).is_some()).collect();
            if compiling.is_empty() {
                None
            } else {
                build(&alternation_source(&compiling))
            }
        })
    }

    /// The search as gated patterns, its literals added to `classes`, if every pattern has
    /// literal prefixes and they fit.
    fn gated(patterns: &[&str], classes: &mut [Vec<Vec<u8>>; 4]) -> Option<Search> {
        let mut added = classes.clone();
        let mut gated = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            let literals = literal_prefixes(pattern)?;
            let mut compiled = Pattern {
                source: (*pattern).to_owned(),
                regex: std::sync::OnceLock::new(),
                first: Bits::new(256),
                alone: Bits::new(256),
                pairs: Vec::new(),
            };
            for literal in &literals {
                let (class, len) = class_of(literal);
                let key = literal.get(..len)?.to_vec();
                let list = added.get_mut(class)?;
                if !list.contains(&key) {
                    list.push(key);
                }
                match literal.as_slice() {
                    [first] => {
                        compiled.first.insert(usize::from(*first));
                        compiled.alone.insert(usize::from(*first));
                    }
                    [first, second, ..] => {
                        compiled.first.insert(usize::from(*first));
                        compiled.pairs.push(pair(*first, *second));
                    }
                    [] => return None,
                }
            }
            compiled.pairs.sort_unstable();
            compiled.pairs.dedup();
            gated.push(compiled);
        }
        if added.iter().any(|list| list.len() > MAX_LITERALS_PER_CLASS) {
            return None;
        }
        *classes = added;
        Some(Search::Gated(gated))
    }

    /// Whether search `index` is found through the shared literal searches (the fast path).
    pub fn is_gated(&self, index: usize) -> bool {
        matches!(self.searches.get(index), Some(Search::Gated(_)))
    }

    /// The matches of every search in `text`, as (search index, byte range), each search from
    /// its offset in `starts` (0 if absent); sorted by start, then search.
    pub fn scan(&self, text: &str, starts: &[usize]) -> Vec<(usize, Range<usize>)> {
        let haystack = text.as_bytes();
        let start_of = |i: usize| starts.get(i).copied().unwrap_or(0).min(haystack.len());
        let mut found = Vec::new();
        let lowest = (0..self.searches.len()).map(start_of).min().unwrap_or(0);
        let mut candidates = Vec::new();
        for literal_search in &self.literal_searches {
            let mut at = lowest;
            while let Some(start) = literal_search.find(haystack, at..haystack.len()) {
                candidates.push(start);
                at = start + 1;
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        // Where each search's next match may begin: past the end of its last one.
        let mut resume: Vec<usize> = (0..self.searches.len()).map(start_of).collect();
        for &at in &candidates {
            for (i, search) in self.searches.iter().enumerate() {
                let (Search::Gated(patterns), Some(from)) = (search, resume.get_mut(i)) else {
                    continue;
                };
                if at < *from {
                    continue;
                }
                let input = Input::new(haystack).range(at..).anchored(Anchored::Yes);
                let matched = patterns
                    .iter()
                    .filter(|p| p.may_begin_at(haystack, at))
                    .find_map(|p| p.regex()?.find(input.clone()));
                if let Some(m) = matched {
                    // Never empty: a match begins with one of its pattern's non-empty literals.
                    *from = m.end().max(at + 1);
                    found.push((i, m.range()));
                }
            }
        }
        for (i, search) in self.searches.iter().enumerate() {
            if let Search::Alone(Some(regex)) = search {
                let input = Input::new(haystack).range(start_of(i)..);
                found.extend(
                    regex
                        .find_iter(input)
                        .filter(|m| !m.is_empty())
                        .map(|m| (i, m.range())),
                );
            }
        }
        found.sort_unstable_by_key(|(i, range)| (range.start, *i));
        found
    }
}

/// The searches of a pack's enabled text checks: each placeholder rule's patterns, the clause
/// citations TXT003 looks for in the body, and the literal each forbidden pattern's matches
/// contain (TXT002 runs a pattern only on a document that has it). A rule the configuration
/// turns off adds none: every document pays for each search the scan makes (with TXT001
/// off, looking for placeholders was 17 M of 625 M instructions on 2,000 documents).
#[derive(Debug, Clone)]
pub struct TextScan {
    scan: MultiScan,
    /// The search of each placeholder rule, by rule code.
    placeholders: Vec<(String, usize)>,
    /// The citations' search, when a legacy-clause rule is enabled.
    citations: Option<usize>,
    /// The search for a forbidden pattern's literal, by rule code and pattern index.
    forbidden: Vec<(String, usize, usize)>,
}

/// A forbidden pattern's required literal as a pattern of the scan: from its first letter
/// or digit (a shorter literal every match still contains), when four bytes or more are
/// left, so that the shared search finds it by its first four bytes.
fn literal_pattern(literal: &[u8]) -> Option<String> {
    let from = literal.iter().position(u8::is_ascii_alphanumeric)?;
    let rest = std::str::from_utf8(literal.get(from..)?).ok()?;
    (rest.len() >= 4).then(|| regex_syntax::escape(rest))
}

impl TextScan {
    pub fn new(rules: &[crate::pack::Rule]) -> Self {
        let enabled = || rules.iter().filter(|rule| rule.enabled);
        let literals: Vec<(&str, usize, String)> = enabled()
            .filter_map(|rule| match &rule.params {
                super::Params::Forbidden(params) => Some((rule, params)),
                _ => None,
            })
            .flat_map(|(rule, params)| {
                params.patterns.iter().enumerate().filter_map(|(i, p)| {
                    let pattern = literal_pattern(p.required.as_ref()?.needle())?;
                    Some((rule.code.as_str(), i, pattern))
                })
            })
            .collect();
        let mut searches: Vec<Vec<&str>> = Vec::new();
        let mut placeholders = Vec::new();
        for rule in enabled() {
            if let super::Params::Placeholder(params) = &rule.params {
                placeholders.push((rule.code.clone(), searches.len()));
                searches.push(params.patterns.iter().map(super::LazyRegex::as_str).collect());
            }
        }
        let citations = enabled()
            .any(|rule| rule.check == super::CheckKind::LegacyClause)
            .then(|| {
                searches.push(super::legacy::CITATIONS.to_vec());
                searches.len() - 1
            });
        let mut forbidden = Vec::new();
        for (code, i, pattern) in &literals {
            forbidden.push(((*code).to_owned(), *i, searches.len()));
            searches.push(vec![pattern.as_str()]);
        }
        let scan = MultiScan::new(&searches);
        // A literal the shared search cannot take is looked for by the check itself.
        forbidden.retain(|(_, _, search)| scan.is_gated(*search));
        Self {
            scan,
            placeholders,
            citations,
            forbidden,
        }
    }

    /// The matches in `text`, whose Markdown body starts at `body_start`.
    pub fn scan(&self, text: &str, body_start: usize) -> Vec<(usize, Range<usize>)> {
        // Searches past the citations' start at 0, as `MultiScan::scan` takes them.
        let mut starts = vec![0; self.citations.map_or(0, |citations| citations + 1)];
        if let Some(start) = self.citations.and_then(|citations| starts.get_mut(citations)) {
            *start = body_start;
        }
        self.scan.scan(text, &starts)
    }

    /// The search for the literal of pattern `index` of the forbidden-pattern rule `code`,
    /// when the scan looks for it.
    pub fn forbidden_literal_search(&self, code: &str, index: usize) -> Option<usize> {
        self.forbidden
            .iter()
            .find(|(c, i, _)| c == code && *i == index)
            .map(|&(_, _, search)| search)
    }

    /// The search of the placeholder rule `code`.
    pub fn placeholder_search(&self, code: &str) -> Option<usize> {
        self.placeholders.iter().find(|(c, _)| c == code).map(|&(_, i)| i)
    }

    /// The search for clause citations, when a legacy-clause rule is enabled.
    pub fn citation_search(&self) -> Option<usize> {
        self.citations
    }

    /// Whether search `index` takes the shared literal searches (see [`MultiScan::is_gated`]).
    pub fn is_gated(&self, index: usize) -> bool {
        self.scan.is_gated(index)
    }
}

/// Each search's alternation as one regex, as the regex crate runs it: what
/// [`MultiScan::scan`] stands for. For the unit tests and the `scan` fuzz target.
#[doc(hidden)]
pub fn alternation(patterns: &[&str]) -> Option<meta::Regex> {
    // The regex crate's own configuration, not the scan's.
    meta::Regex::builder()
        .configure(meta::Config::new().nfa_size_limit(Some(super::REGEX_SIZE_LIMIT)))
        .build(&alternation_source(patterns))
        .ok()
}

/// `(?:a)|(?:b)|...`: the patterns as one alternation, each kept whole.
fn alternation_source(patterns: &[&str]) -> String {
    let parts: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
    parts.join("|")
}

/// The matches of `regexes` (see [`alternation`]) in `text`, each from its offset in
/// `starts`, in the order [`MultiScan::scan`] gives them.
#[doc(hidden)]
pub fn alternation_matches(
    regexes: &[meta::Regex],
    text: &str,
    starts: &[usize],
) -> Vec<(usize, Range<usize>)> {
    let mut all = Vec::new();
    for (i, regex) in regexes.iter().enumerate() {
        let start = starts.get(i).copied().unwrap_or(0).min(text.len());
        all.extend(
            regex
                .find_iter(Input::new(text).range(start..))
                .filter(|m| !m.is_empty())
                .map(|m| (i, m.range())),
        );
    }
    all.sort_unstable_by_key(|(i, range)| (range.start, *i));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLACEHOLDERS: [&str; 9] = [
        r"\bTBD\b",
        r"\bTBC\b",
        r"\bTODO\b",
        r"\bFIXME\b",
        r"\bXXX+\b",
        r"(?i)\blorem ipsum\b",
        r"\{\{[^{}\n]{0,80}\}\}",
        r"(?i)\[(?:todo|tbd|insert[^\]\n]*|enter[^\]\n]*|organi[sz]ation(?: name)?|company(?: name)?|client(?: name)?|name|date)\]",
        r"(?i)<(?:insert|enter|add)\b[^>\n]{0,80}>",
    ];

    fn alternations(searches: &[Vec<&str>]) -> Vec<meta::Regex> {
        searches
            .iter()
            .map(|patterns| alternation(patterns).unwrap_or_else(|| panic!("{patterns:?}")))
            .collect()
    }

    fn expected(regexes: &[meta::Regex], text: &str, starts: &[usize]) -> Vec<(usize, Range<usize>)> {
        alternation_matches(regexes, text, starts)
    }

    fn searches() -> Vec<Vec<&'static str>> {
        vec![PLACEHOLDERS.to_vec(), super::super::legacy::CITATIONS.to_vec()]
    }

    const TEXTS: [&str; 12] = [
        "",
        "TBD",
        "xTBD TBD TBDx [TODO] TODO [tbd] [Insert name here] <insert the date> {{ var }} {{x}}}",
        "See clause 6.6 and Clause 4.5.2, section 5, cl. 8.1, CL.9, §  7.5.2 and §7.",
        "classified security sections: clauses 12.1.1.1.1 clause5 declause 6 sectional 7",
        "TBDTBD XXXX XXX XX [todo [todo] [[todo]] <add>< add> <ADD x>",
        "lorem ipsum LOREM IPSUM Lorem  ipsum LoReM IpSuM lorem ipsumx",
        "é TBD ü [Organisation] [organization name] [Client Name] [date] §5 ©5",
        "{{{{ a }}}} {{\n}} {{ unclosed",
        "cl.\n6.6 section\t\t9.3 clause\u{a0}8 §\u{2003}4.1 clause ٦.٦ section ٦x",
        "[TODO]TODO\n[TBD](link) [insert\n] <enter\n>",
        "\u{feff}TBD",
    ];

    #[test]
    fn matches_what_each_alternation_matches() {
        let searches = searches();
        let scan = MultiScan::new(&searches);
        for i in 0..searches.len() {
            assert!(scan.is_gated(i), "search {i} is not gated");
        }
        let regexes = alternations(&searches);
        for text in TEXTS {
            for starts in [vec![0, 0], vec![0, 3], vec![5, 40]] {
                assert_eq!(
                    scan.scan(text, &starts),
                    expected(&regexes, text, &starts),
                    "{text:?} from {starts:?}"
                );
            }
        }
    }

    /// Texts stitched from the pieces the patterns care about, in a fixed pseudo-random order.
    #[test]
    fn matches_what_each_alternation_matches_on_stitched_texts() {
        const PIECES: [&str; 24] = [
            "TBD", "TB", "D", " ", "\n", "[", "]", "todo", "insert", "{{", "}}", "<", ">", "add", "clause",
            "Section", "cl.", "§", "6", ".", "5", "lorem", " ipsum", "é",
        ];
        let searches = searches();
        let scan = MultiScan::new(&searches);
        let regexes = alternations(&searches);
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..12 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            assert_eq!(
                scan.scan(&text, &[0, 2, 2]),
                expected(&regexes, &text, &[0, 2, 2]),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_required_literal_is_looked_for_from_its_first_letter_or_digit() {
        let pattern = literal_pattern(b" 20000-1:2011").unwrap_or_default();
        let regex = meta::Regex::new(&pattern).unwrap_or_else(|e| panic!("{e}"));
        assert!(regex.is_match("ISO/IEC 20000-1:2011"));
        assert!(!regex.is_match("ISO/IEC 20000-1:2018"));
        // Too short once trimmed, or no letter or digit at all: the check looks for it.
        assert_eq!(literal_pattern(b"  ab"), None);
        assert_eq!(literal_pattern(b" ::: "), None);
    }

    #[test]
    fn a_pattern_without_literal_prefixes_runs_alone() {
        let searches = vec![vec![r"\w+ TBD", r"\bTODO\b"], vec![r"\bFIXME\b"], vec![r"x*"]];
        let scan = MultiScan::new(&searches);
        assert!(!scan.is_gated(0));
        assert!(scan.is_gated(1));
        assert!(!scan.is_gated(2));
        let regexes = alternations(&searches);
        for text in ["a TBD TODO FIXME", "FIXME TODOx TODO", "xx yy x"] {
            assert_eq!(scan.scan(text, &[]), expected(&regexes, text, &[]), "{text:?}");
        }
    }

    #[test]
    fn a_pattern_that_does_not_compile_is_left_out() {
        let searches = vec![vec![r"\bTODO\b", r"(unclosed"], vec![r"[z-a]", r"\w+ TBD"]];
        let scan = MultiScan::new(&searches);
        let found = scan.scan("a TBD TODO", &[]);
        assert_eq!(found, vec![(1, 0..5), (0, 6..10)]);
        // Nothing that compiles: no matches, no panic.
        let scan = MultiScan::new(&[vec![r"(unclosed"]]);
        assert!(scan.scan("(unclosed", &[]).is_empty());
    }
}
