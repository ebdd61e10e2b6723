//! Reads document control written in the body rather than in front matter: bold
//! `**Key:** value` pairs near the top (several per line, separated by `|`), and
//! "Document control" tables with key/value columns or a header row of keys.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::sections::{Outline, Table};
use super::{FieldKeys, FieldValue, Origin, RawField, normalize};

#[allow(clippy::expect_used)] // constant pattern
static BOLD_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\*\*|__)([^*_|\r\n]{1,60}?)(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)[ \t]*([^|\r\n]*)")
        .expect("bold pair pattern")
});

/// Headings under which a table is read as document control.
const CONTROL_SECTIONS: &[&str] = &[
    "document control",
    "document information",
    "document details",
    "document metadata",
    "document properties",
    "control information",
    "document control information",
];

/// Whether a table under this (normalised) heading is read as document control.
pub fn is_control_section(heading: &str) -> bool {
    CONTROL_SECTIONS.contains(&heading)
}

pub fn extract(text: &str, outline: &Outline, keys: &dyn FieldKeys) -> Vec<RawField> {
    let mut fields = bold_pairs(text, outline, keys);
    for table in &outline.tables {
        if table.control {
            fields.extend(table_fields(text, table, keys));
        }
    }
    // The first occurrence of a key wins.
    let mut seen = std::collections::HashSet::new();
    fields.retain(|f| seen.insert(normalize::key(&f.key).into_owned()));
    fields
}

fn value_of(text: &str, range: Range<usize>) -> (FieldValue, Range<usize>) {
    let raw = text.get(range.clone()).unwrap_or("");
    let trimmed_start = raw.len() - raw.trim_start().len();
    let mut value = raw.trim();
    // A trailing backslash or emphasis around the whole value is markup, not content.
    value = value.trim_end_matches('\\').trim_end();
    let mut start = range.start + trimmed_start;
    for marker in ["**", "__", "*", "_"] {
        if value.len() > 2 * marker.len() && value.starts_with(marker) && value.ends_with(marker) {
            value = value
                .get(marker.len()..value.len() - marker.len())
                .unwrap_or(value);
            start += marker.len();
            break;
        }
    }
    let span = start..start + value.len();
    if value.is_empty() {
        (FieldValue::Empty, span)
    } else {
        (FieldValue::Text(value.into()), span)
    }
}

fn bold_pairs(text: &str, outline: &Outline, keys: &dyn FieldKeys) -> Vec<RawField> {
    let preamble = text.get(outline.preamble.clone()).unwrap_or("");
    let base = outline.preamble.start;
    let mut fields = Vec::new();
    // Every pair opens with `**` or `__`. Most documents keep their control in front matter,
    // and the pattern's bounded key (sixty of a Unicode class) took 0.7 ms to compile: a
    // sixth of what checking a one-file repository costs.
    if memchr::memmem::find(preamble.as_bytes(), b"**").is_none()
        && memchr::memmem::find(preamble.as_bytes(), b"__").is_none()
    {
        return fields;
    }
    for caps in BOLD_PAIR.captures_iter(preamble) {
        let (Some(key), Some(value)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let key_span = base + key.start()..base + key.end();
        if outline
            .masked
            .iter()
            .any(|m| m.start < key_span.end && key_span.start < m.end)
        {
            continue;
        }
        if !keys.is_field_key(&normalize::key(key.as_str())) {
            continue;
        }
        let (value, value_span) = value_of(text, base + value.start()..base + value.end());
        fields.push(RawField {
            key: key.as_str().trim().into(),
            key_span,
            value,
            value_span,
            origin: Origin::Body,
        });
    }
    fields
}

fn cell_key(text: &str, cell: &Range<usize>) -> String {
    normalize::key(text.get(cell.clone()).unwrap_or("")).into_owned()
}

fn table_fields(text: &str, table: &Table, keys: &dyn FieldKeys) -> Vec<RawField> {
    let Some(header) = table.rows.first() else {
        return Vec::new();
    };
    let known = |cell: &Range<usize>| keys.is_field_key(&cell_key(text, cell));
    let pair = |key: &Range<usize>, value: &Range<usize>| {
        let (value, value_span) = value_of(text, value.clone());
        RawField {
            key: text
                .get(key.clone())
                .unwrap_or("")
                .trim_matches(['*', '_', ' '])
                .into(),
            key_span: key.clone(),
            value,
            value_span,
            origin: Origin::Body,
        }
    };
    let header_keys = header.iter().filter(|c| known(c)).count();
    if header.len() > 2 && header_keys >= 2 {
        // A header row of keys over one row of values.
        let Some(values) = table.rows.get(1) else {
            return Vec::new();
        };
        return header
            .iter()
            .zip(values)
            .filter(|(k, _)| known(k))
            .map(|(k, v)| pair(k, v))
            .collect();
    }
    if header.len() == 2 {
        // Key/value rows; the header row is data too when its first cell is a field key.
        let skip = usize::from(!header.first().is_some_and(&known));
        return table
            .rows
            .iter()
            .skip(skip)
            .filter_map(|row| match (row.first(), row.get(1)) {
                (Some(k), Some(v)) if known(k) => Some(pair(k, v)),
                _ => None,
            })
            .collect();
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::sections::outline;
    use super::*;

    struct Keys;
    impl FieldKeys for Keys {
        fn is_field_key(&self, k: &str) -> bool {
            [
                "document_owner",
                "version",
                "next_review",
                "owner",
                "document_id",
                "status",
            ]
            .contains(&k)
        }
    }

    fn pairs(text: &str) -> Vec<(String, FieldValue, String)> {
        extract(text, &outline(text, 0), &Keys)
            .into_iter()
            .map(|f| (f.key.into_string(), f.value, text[f.value_span].to_owned()))
            .collect()
    }

    #[test]
    fn bold_pairs_on_one_line() {
        let text = "# P\n\n**Document Owner:** CEO | **Version:** 3.1 | **Next Review**: 2027-01-25\n\n## Purpose\n\n**Owner:** ignored after the preamble\n";
        let got = pairs(text);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, "Document Owner");
        assert_eq!(got[0].2, "CEO");
        assert_eq!(got[1].2, "3.1");
        assert_eq!(got[2].2, "2027-01-25");
    }

    #[test]
    fn underscore_pairs_without_any_asterisks() {
        // The pairs are searched for only where `**` or `__` occurs: `__` alone must do.
        let got = pairs("# P\n\n__Owner:__ CEO | __Version__: 2.0\n");
        assert_eq!(
            got.iter().map(|g| g.2.as_str()).collect::<Vec<_>>(),
            ["CEO", "2.0"]
        );
    }

    #[test]
    fn empty_and_unknown_keys() {
        let got = pairs("**Version:**\n**Note:** something\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, FieldValue::Empty);
    }

    #[test]
    fn key_value_table_under_document_control() {
        let text = "# P\n\n## Document control\n\n| Field | Value |\n|---|---|\n| Owner | Jane Doe |\n| Version | **1.2** |\n| Colour | blue |\n";
        let got = pairs(text);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].2, "1.2");
    }

    #[test]
    fn header_row_of_keys() {
        let text = "# P\n\n| Document ID | Version | Status |\n|---|---|---|\n| X-1 | 2.0 | approved |\n";
        let got = pairs(text);
        assert_eq!(
            got.iter().map(|g| g.2.as_str()).collect::<Vec<_>>(),
            ["X-1", "2.0", "approved"]
        );
    }

    #[test]
    fn tables_elsewhere_are_not_document_control() {
        let text = "# P\n\n## Roles\n\n| Owner | Version |\n|---|---|\n| a | b |\n";
        assert!(pairs(text).is_empty());
    }
}
