//! TXT002's document gate: whenever a forbidden pattern matches a text, the literal
//! `required_literal` picked for the pattern is in that text (otherwise the gate would skip
//! a document with a finding). The first line is the pattern, the rest the text.
#![no_main]

use itsmlint::checks::text::required_literal;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (pattern, text) = input.split_once('\n').unwrap_or((input, ""));
    let Ok(regex) = regex::RegexBuilder::new(pattern).size_limit(1 << 20).build() else {
        return;
    };
    if let Some(literal) = required_literal(pattern)
        && regex.is_match(text)
    {
        assert!(
            literal.find(text.as_bytes()).is_some(),
            "{pattern:?} matches {text:?}"
        );
    }
});
