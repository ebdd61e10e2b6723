//! One document through everything a file meets: decoding, front matter (YAML and TOML), the
//! Markdown outline, body document control, every document check and suppressions.
#![no_main]

use std::sync::LazyLock;

use itsmlint::config::{self, Overrides, Settings};
use libfuzzer_sys::fuzz_target;

static SETTINGS: LazyLock<Settings> = LazyLock::new(|| {
    config::from_text(None, ".".into(), &Overrides::default()).expect("built-in settings")
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = itsmlint::engine::decode(data.to_vec()) else { return };
    let paths: itsmlint::discover::PathSet = ["policies/a.md", "policies", "b.md"].iter().map(|s| s.to_string()).collect();
    let today = jiff::civil::date(2026, 6, 1);
    for finding in itsmlint::engine::lint_text(&SETTINGS, &paths, today, "policies/a.md", text.clone()) {
        // Every span must lie on character boundaries inside the text.
        if let Some(span) = finding.span {
            assert!(span.start <= span.end && span.end <= text.len(), "{span:?} in {} bytes", text.len());
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
});
