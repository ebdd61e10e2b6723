//! The shared text scan (`checks::scan`) against the regexes it stands for: on any text, its
//! matches for the built-in pack's placeholder patterns and the clause citations are those
//! the regex crate's `find_iter` gives for each search's alternation; and with the input's
//! first line as one more pattern, gated or not, the same holds. The ASCII heading path is
//! held to the general one on the first line.
#![no_main]

use std::sync::LazyLock;

use itsmlint::checks::scan::{self, MultiScan, alternation_matches as expected};
use itsmlint::config::{self, Overrides, Settings};
use libfuzzer_sys::fuzz_target;
use regex_automata::meta;

static SETTINGS: LazyLock<Settings> =
    LazyLock::new(|| config::from_text(None, ".".into(), &Overrides::default()).expect("built-in settings"));

/// The built-in searches: each placeholder rule's patterns, then the citations.
static SEARCHES: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    let mut searches: Vec<Vec<String>> = SETTINGS
        .pack
        .rules()
        .iter()
        .filter_map(|rule| match &rule.params {
            itsmlint::checks::Params::Placeholder(p) => {
                Some(p.patterns.iter().map(|p| p.as_str().to_owned()).collect())
            }
            _ => None,
        })
        .collect();
    searches.push(
        itsmlint::checks::legacy::CITATIONS
            .iter()
            .map(|p| (*p).to_owned())
            .collect(),
    );
    searches
});

fn alternation(patterns: &[String]) -> Option<meta::Regex> {
    let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
    scan::alternation(&patterns)
}

static BUILTIN: LazyLock<(MultiScan, Vec<meta::Regex>)> = LazyLock::new(|| {
    let searches: Vec<Vec<&str>> = SEARCHES
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let regexes = SEARCHES
        .iter()
        .map(|s| alternation(s).expect("built-in patterns compile"))
        .collect();
    (MultiScan::new(&searches), regexes)
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (first_line, _) = text.split_once('\n').unwrap_or((text, ""));
    // A start inside the text for the citations, as the body start is.
    let body = text.find("\n\n").map_or(0, |i| i + 2);
    let (scan, regexes) = &*BUILTIN;
    let starts: Vec<usize> = (0..regexes.len())
        .map(|i| if i + 1 == regexes.len() { body } else { 0 })
        .collect();
    assert_eq!(
        scan.scan(text, &starts),
        expected(regexes, text, &starts),
        "{text:?}"
    );

    // The first line as a pattern of its own search, next to a built-in one.
    let extra = vec![first_line.to_owned()];
    if let Some(regex) = alternation(&extra) {
        let searches = vec![vec![first_line], SEARCHES[0].iter().map(String::as_str).collect()];
        let scan = MultiScan::new(&searches);
        let regexes = vec![regex, regexes[0].clone()];
        let rest = text.get(first_line.len()..).unwrap_or("");
        assert_eq!(
            scan.scan(rest, &[0, 0]),
            expected(&regexes, rest, &[0, 0]),
            "{first_line:?} on {rest:?}"
        );
    }

    if first_line.is_ascii() {
        assert_eq!(
            itsmlint::document::normalize::heading(first_line),
            itsmlint::document::normalize::any_heading(first_line),
            "{first_line:?}"
        );
    }
});
