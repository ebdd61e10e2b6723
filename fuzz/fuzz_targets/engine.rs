//! A small repository on disk (up to four documents split at 0xFF bytes, plus an optional
//! config) through discovery, the parallel engine, repository checks and every printer.
#![no_main]

use itsmlint::config::Overrides;
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "itsmlint.toml",
    "policies/a.md",
    "procedures/b.md",
    "c.md",
    "policies/d.md",
];

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    for (part, name) in data.split(|&b| b == 0xFF).zip(NAMES) {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(path, part);
    }
    // As `itsmlint check` does it: the walk beside the pack loading.
    let Ok((settings, walked)) = itsmlint::discover::load_and_walk(dir.path(), &Overrides::default()) else {
        return;
    };
    let Ok(inventory) = itsmlint::discover::inventory(&settings, walked, &[dir.path().to_path_buf()], false)
    else {
        return;
    };
    let report = itsmlint::engine::run(
        &settings,
        &inventory,
        jiff::civil::date(2026, 6, 1),
        itsmlint::engine::Keep::DocumentControl,
    );
    let _ = itsmlint::render::json::render(&report, &settings.pack);
    let _ = itsmlint::render::human::render(&report, &settings.pack.standard, false, false);
    let _ = itsmlint::render::sarif::render(&report, &settings.pack, "");
    let coverage = itsmlint::report::build(&report, &settings.pack);
    let _ = itsmlint::report::html::render(&coverage);
});
