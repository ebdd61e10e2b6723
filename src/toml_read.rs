//! Reading a TOML value into one of the file formats' types with every mistake reported in one
//! run, not only the first.
//!
//! serde stops at the first unknown key or wrong value, so an `itsmlint.toml` with three
//! misspelt keys took three runs to put right (cargo-deny and ruff report them all). Here,
//! after a mistake, the key, value or table it points at is left out and the value is read
//! again, until it reads or a mistake cannot be placed.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::error::{SpannedError, TomlSource};

/// A file with more mistakes than this is not worth reading further: the list is already
/// more than anyone fixes before running again, and each retry reads the value once more.
const MAX_MISTAKES: usize = 50;

/// `value` read as `T`, or every mistake in it in the order serde met them (`Error::toml`
/// puts them in the order of the file); `context` begins each message ("invalid
/// configuration").
pub fn read<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
    source: &TomlSource,
    context: &str,
) -> Result<T, Vec<SpannedError>> {
    let whole = value.span();
    let whole_is_array = matches!(value.get_ref(), DeValue::Array(_));
    // The first reading takes the value rather than a copy of it (copies were a sixth of
    // loading the built-in pack, which every run does); a retry reads the source again.
    let mut mistake = match T::deserialize(ValueDeserializer::from(value)) {
        Ok(read) => return Ok(read),
        Err(mistake) => mistake,
    };
    let (root, _) = DeTable::parse_recoverable(&source.text);
    let root = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
    let mut value = subtree(root, &whole, whole_is_array);
    let mut errors = Vec::new();
    // Tables a part was left out of: serde's "missing field" for one of them is most likely
    // the key the left-out part was meant to be, already reported.
    let mut trimmed: Vec<Range<usize>> = Vec::new();
    loop {
        let span = mistake.span();
        if !span.as_ref().is_some_and(|span| trimmed.contains(span)) {
            let mut error = source.toml_error(context, &mistake);
            if error.span.is_none() {
                error = source.error(error.message.clone(), Some(whole.clone()));
            }
            errors.push(error);
        }
        let Some(parent) = value
            .as_mut()
            .zip(span)
            .and_then(|(value, span)| leave_out(value, &span))
        else {
            return Err(errors);
        };
        if errors.len() >= MAX_MISTAKES {
            return Err(errors);
        }
        trimmed.push(parent);
        let Some(value) = &value else {
            return Err(errors);
        };
        match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(_) => return Err(errors),
            Err(next) => mistake = next,
        }
    }
}

/// The value at `span` in `root`, found the way the first reading's value was: the root
/// itself or a table's value or an array's item.
///
/// The span alone is not enough: toml gives an array of tables (`[[rule]]`) the span of its
/// first table's header, so the array and that table are told apart by `is_array`.
fn subtree<'a>(
    root: Spanned<DeValue<'a>>,
    span: &Range<usize>,
    is_array: bool,
) -> Option<Spanned<DeValue<'a>>> {
    if root.span() == *span && matches!(root.get_ref(), DeValue::Array(_)) == is_array {
        return Some(root);
    }
    match root.into_inner() {
        DeValue::Table(table) => table
            .into_iter()
            .find_map(|(_, value)| subtree(value, span, is_array)),
        DeValue::Array(items) => items.into_iter().find_map(|item| subtree(item, span, is_array)),
        _ => None,
    }
}

/// Leaves out of `node` the key whose name or value is at `span`, or the array item there;
/// returns the span of the table or array it was in, or `None` if nothing is there.
fn leave_out(node: &mut Spanned<DeValue<'_>>, span: &Range<usize>) -> Option<Range<usize>> {
    let parent = node.span();
    match node.get_mut() {
        DeValue::Table(table) => {
            let key = table
                .iter()
                .find(|(key, value)| key.span() == *span || value.span() == *span)
                .map(|(key, _)| key.clone());
            if let Some(key) = key {
                table.remove(&key);
                return Some(parent);
            }
            table.iter_mut().find_map(|(_, value)| leave_out(value, span))
        }
        DeValue::Array(items) => {
            if let Some(at) = items.iter().position(|item| item.span() == *span) {
                *items = std::mem::replace(items, toml::de::DeArray::new())
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, item)| (i != at).then_some(item))
                    .collect();
                return Some(parent);
            }
            items.iter_mut().find_map(|item| leave_out(item, span))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct Config {
        select: Option<Vec<String>>,
        review: Option<Review>,
        #[serde(default)]
        forbidden: Vec<Forbidden>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct Review {
        max_interval: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Forbidden {
        #[expect(dead_code, reason = "read only to be checked")]
        pattern: String,
        #[expect(dead_code, reason = "read only to be checked")]
        message: String,
    }

    /// Each mistake's message and the text it points at, in the order of the text.
    fn placed(text: &str, mut errors: Vec<SpannedError>) -> Vec<(String, String)> {
        errors.sort_by_key(|e| e.span.map(|span| span.offset()));
        errors
            .iter()
            .map(|e| {
                let span = e.span.map_or(0..0, |s| s.offset()..s.offset() + s.len());
                (e.message.clone(), text.get(span).unwrap_or_default().to_owned())
            })
            .collect()
    }

    fn mistakes(text: &str) -> Vec<(String, String)> {
        let source = TomlSource::new("itsmlint.toml", text);
        let (root, syntax) = DeTable::parse_recoverable(text);
        assert!(syntax.is_empty(), "{syntax:?}");
        let root = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
        match read::<Config>(root, &source, "invalid configuration") {
            Ok(config) => panic!("read {config:?}"),
            Err(errors) => placed(text, errors),
        }
    }

    #[test]
    fn every_mistake_is_reported_where_it_is() {
        let found = mistakes(
            "selct = []\nselect = 5\n[review]\nmax-intervall = '1 year'\n\
             [[forbidden]]\npattern = 'x'\nmessage = 'm'\n[[forbidden]]\npattern = 1\nmessage = 'm'\n",
        );
        let places: Vec<&str> = found.iter().map(|(_, place)| place.as_str()).collect();
        assert_eq!(places, ["selct", "5", "max-intervall", "1"], "{found:#?}");
        assert!(
            found[2]
                .0
                .starts_with("invalid configuration: unknown field `max-intervall`")
        );
    }

    #[test]
    fn a_key_left_out_is_not_reported_again_as_missing() {
        let found = mistakes("[[forbidden]]\npatern = 'x'\nmessage = 'm'\n");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].0.contains("unknown field `patern`"), "{found:#?}");
    }

    #[test]
    fn a_missing_key_nothing_was_left_out_of_is_reported() {
        let found = mistakes("[[forbidden]]\npattern = 'x'\n");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].0.contains("missing field `message`"), "{found:#?}");
        assert_eq!(found[0].1, "[[forbidden]]");
    }

    #[test]
    fn a_table_of_an_array_of_tables_is_read_again_not_the_array() {
        // The array has the span of its first table's header: the retry must not take one
        // for the other.
        let text = "[[forbidden]]\npatern = 'x'\nmessage = 1\n[[forbidden]]\npattern = 'y'\nmessage = 'm'\n";
        let source = TomlSource::new("pack.toml", text);
        let root = DeTable::parse(text).unwrap_or_else(|e| panic!("{e}"));
        let first = root
            .into_inner()
            .into_iter()
            .find_map(|(_, value)| match value.into_inner() {
                DeValue::Array(items) => items.into_iter().next(),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no [[forbidden]] table"));
        let errors = read::<Forbidden>(first, &source, "invalid [[forbidden]]")
            .err()
            .unwrap_or_default();
        let found = placed(text, errors);
        let places: Vec<&str> = found.iter().map(|(_, place)| place.as_str()).collect();
        assert_eq!(places, ["patern", "1"], "{found:#?}");
    }

    #[test]
    fn the_list_stops_at_a_bound() {
        let text: String = (0..200).map(|i| format!("unknown{i} = 1\n")).collect();
        assert_eq!(mistakes(&text).len(), MAX_MISTAKES);
    }

    #[test]
    fn a_value_that_reads_is_read_without_a_retry() {
        let text = "select = ['DOC']\n[review]\nmax-interval = '1 year'\n\
                    [[forbidden]]\npattern = 'x'\nmessage = 'm'\n";
        let source = TomlSource::new("itsmlint.toml", text);
        let root = DeTable::parse(text).unwrap_or_else(|e| panic!("{e}"));
        let root = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
        let config: Config = read(root, &source, "invalid configuration").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(config.select, Some(vec!["DOC".to_owned()]));
        assert_eq!(
            config.review.and_then(|r| r.max_interval).as_deref(),
            Some("1 year")
        );
        assert_eq!(config.forbidden.len(), 1);
    }
}
