//! A rule pack and an itsmlint.toml from arbitrary text: every problem must be a diagnostic.
#![no_main]

use itsmlint::config::{self, Overrides};
use itsmlint::error::TomlSource;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut sources = itsmlint::pack::load::builtin_sources();
    sources.push(TomlSource::new("fuzz.toml", text));
    let _ = itsmlint::pack::load_packs(&sources);
    let _ = config::from_text(
        Some(("itsmlint.toml".into(), text.to_owned())),
        ".".into(),
        &Overrides::default(),
    );
});
