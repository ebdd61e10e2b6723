//! The flat front matter reader against the YAML parser: on any block the flat reader
//! accepts, both must give the same fields with the same spans (or the same error).
#![no_main]

use itsmlint::document::front_matter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(content) = std::str::from_utf8(data) else {
        return;
    };
    let text = format!("---\n{content}\n---\n");
    let Some(block) = front_matter::split(&text).block else {
        return;
    };
    let flat = front_matter::parse(&text, &block).map_err(|e| e.message);
    let parser = front_matter::parse_with_yaml_parser(&text, &block).map_err(|e| e.message);
    assert_eq!(flat, parser, "{content:?}");
});
