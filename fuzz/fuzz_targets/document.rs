//! One document through everything a file meets: decoding, front matter (YAML and TOML), the
//! Markdown outline, body document control, every document check and suppressions; then the
//! findings' snippets cut from excerpts, which must be the snippets cut from the whole text.
#![no_main]

use std::sync::LazyLock;

use itsmlint::config::{self, Overrides, Settings};
use itsmlint::render::human::SNIPPET_CONTEXT_LINES;
use itsmlint::source::{Excerpts, LineIndex};
use libfuzzer_sys::fuzz_target;
use miette::{SourceCode, SourceSpan, SpanContents};

/// What a renderer sees of a snippet.
fn view(
    contents: Result<Box<dyn SpanContents<'_> + '_>, miette::MietteError>,
) -> Option<(Vec<u8>, SourceSpan, usize, usize, usize)> {
    contents
        .ok()
        .map(|c| (c.data().to_vec(), *c.span(), c.line(), c.column(), c.line_count()))
}

static SETTINGS: LazyLock<Settings> =
    LazyLock::new(|| config::from_text(None, ".".into(), &Overrides::default()).expect("built-in settings"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = itsmlint::engine::decode(data).map(std::borrow::Cow::into_owned) else {
        return;
    };
    let paths: itsmlint::discover::PathSet = ["policies/a.md", "policies", "b.md"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let today = jiff::civil::date(2026, 6, 1);
    let findings = itsmlint::engine::lint_text(&SETTINGS, &paths, today, "policies/a.md", text.clone());
    let spans: Vec<_> = findings.iter().filter_map(|f| f.span.clone()).collect();
    for span in &spans {
        // Every span must lie on character boundaries inside the text.
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{span:?} in {} bytes",
            text.len()
        );
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
    let excerpts = Excerpts::new(&text, &LineIndex::new(&text), spans.iter().cloned());
    for span in &spans {
        let at = SourceSpan::new(span.start.into(), span.end - span.start);
        for context in [0, SNIPPET_CONTEXT_LINES] {
            let whole = view(text.as_str().read_span(&at, context, context));
            let cut = view(excerpts.read_span(&at, context, context));
            assert_eq!(whole, cut, "{span:?} with {context} lines of context");
        }
    }
});
