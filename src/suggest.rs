//! Which known names an unknown one was most likely meant to be: the "did you mean" of every
//! message about a name that matches nothing (a config key, a rule selector, a document type).
//!
//! One ranking for all of them, so that `explain incident` and `--select DCO004` and
//! `selcet = [...]` are helped the same way: a name spelt the same but for case and `_`/`-`
//! (ruff's `per_file_ignores`) is the answer on its own; then the names that contain the
//! query or that it contains (`incident` for every incident type), then those a typo away
//! (Jaro-Winkler, as clap suggests flags).

/// How alike two names must be to count as a typo of one another: clap's threshold.
const TYPO_SIMILARITY: f64 = 0.8;

/// More than this many is a list to read, not a suggestion.
const MAX_SUGGESTIONS: usize = 5;

fn normal(name: &str) -> String {
    name.to_lowercase().replace('_', "-")
}

/// The names of `known` that `unknown` was most likely meant to be, best first, at most five,
/// each once.
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let query = normal(unknown);
    if query.is_empty() {
        return Vec::new();
    }
    let mut ranked: Vec<(bool, f64, &str)> = Vec::new();
    for name in known {
        let candidate = normal(name);
        if candidate == query {
            return vec![name];
        }
        // Two letters are in too many names to say which was meant.
        let contains = query.len() > 2 && candidate.contains(&query)
            || candidate.len() > 2 && query.contains(&candidate);
        let similarity = strsim::jaro_winkler(&candidate, &query);
        if (contains || similarity > TYPO_SIMILARITY) && !ranked.iter().any(|(_, _, n)| *n == name) {
            ranked.push((contains, similarity, name));
        }
    }
    // Containment first, then the closer spelling; the sort is stable, so ties keep the
    // order the names were given in (pack order).
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.total_cmp(&a.1)));
    // Of the typos only the closest: `DOC04` is `DOC004`, not any of five DOC codes.
    let closest_typo = ranked
        .iter()
        .find(|(contains, _, _)| !contains)
        .map_or(f64::MAX, |(_, similarity, _)| *similarity);
    ranked
        .into_iter()
        .filter(|(contains, similarity, _)| *contains || *similarity >= closest_typo)
        .take(MAX_SUGGESTIONS)
        .map(|(_, _, name)| name)
        .collect()
}

/// `did you mean `a`, `b`?`, or `None` when nothing is close.
pub fn did_you_mean(names: &[&str]) -> Option<String> {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: [&str; 6] = [
        "packs",
        "builtin",
        "select",
        "extend-select",
        "per-file-ignores",
        "severity",
    ];

    #[test]
    fn the_same_name_but_for_case_and_underscores_is_the_only_answer() {
        assert_eq!(closest("per_file_ignores", KEYS), ["per-file-ignores"]);
        assert_eq!(closest("Severity", KEYS), ["severity"]);
        assert_eq!(closest("extend_select", KEYS), ["extend-select"]);
    }

    #[test]
    fn names_that_contain_the_query_come_before_typos() {
        assert_eq!(
            closest("select", ["selekt", "extend-select", "selected"]),
            ["selected", "extend-select", "selekt"]
        );
        assert_eq!(
            closest(
                "incident",
                ["change-policy", "incident-procedure", "major-incident-plan"]
            ),
            ["incident-procedure", "major-incident-plan"]
        );
    }

    #[test]
    fn a_typo_is_found_and_nothing_alike_is_not() {
        assert_eq!(closest("selct", KEYS), ["select"]);
        assert_eq!(closest("DCO004", ["DOC004", "SEC001", "LNK001"]), ["DOC004"]);
        assert_eq!(closest("DOC04", ["DOC001", "DOC004", "DOC005"]), ["DOC004"]);
        assert!(closest("colour", KEYS).is_empty());
        assert!(closest("", KEYS).is_empty());
        assert!(closest("x", ["extend-exclude"]).is_empty());
    }

    #[test]
    fn the_list_is_short_and_each_name_is_in_it_once() {
        let codes: Vec<String> = (1..=9).map(|i| format!("DOC00{i}")).collect();
        let found = closest("DOC", codes.iter().map(String::as_str).chain(["DOC001"]));
        assert_eq!(found, ["DOC001", "DOC002", "DOC003", "DOC004", "DOC005"]);
    }

    #[test]
    fn the_help_reads_as_a_sentence() {
        assert_eq!(did_you_mean(&[]), None);
        assert_eq!(
            did_you_mean(&["select"]).as_deref(),
            Some("did you mean `select`?")
        );
        assert_eq!(
            did_you_mean(&["a", "b", "c"]).as_deref(),
            Some("did you mean `a`, `b` or `c`?")
        );
    }
}
