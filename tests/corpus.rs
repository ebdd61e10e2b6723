//! Recall and precision of the built-in pack on a synthetic policy repository from
//! `../shared/gen_corpus.py`: every planted defect is reported at its file, and nothing else is.
//! Skips (with the reason) where the generator or python3 is absent.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code fails loudly

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use common::{codes, itsmlint, json};

/// A 300-document corpus from the generator in a temporary folder, or why there is none.
fn generated_corpus() -> Result<(tempfile::TempDir, std::path::PathBuf), String> {
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/gen_corpus.py");
    if !generator.exists() {
        return Err(format!("{} is absent", generator.display()));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("corpus");
    let generated = Command::new("python3")
        .arg(&generator)
        .args(["--docs", "300", "--out"])
        .arg(&out)
        .output();
    match generated {
        Ok(o) if o.status.success() => Ok((dir, out)),
        Ok(o) => panic!("gen_corpus.py failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => Err(format!("cannot run python3 ({e})")),
    }
}

#[test]
fn planted_defects_are_found() {
    let (_dir, out) = match generated_corpus() {
        Ok(corpus) => corpus,
        Err(reason) => {
            eprintln!("skipped: {reason}");
            return;
        }
    };
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest"))
            .expect("manifest json");
    let today = manifest["today"].as_str().expect("today");
    let run = |threads: &str| {
        itsmlint()
            .env("RAYON_NUM_THREADS", threads)
            .args(["check", "--today", today, "--format", "json"])
            .arg(&out)
            .output()
            .expect("run")
    };
    let output = run("1");
    assert_eq!(output.stdout, run("2").stdout, "same output with 1 and 2 threads");
    let report = json(&output);
    let found: HashSet<(String, String)> = codes(&report).into_iter().collect();
    let mut planted: HashSet<(String, String)> = HashSet::new();
    let mut missed = Vec::new();
    for defect in manifest["defects"].as_array().expect("defects") {
        let code = defect["code"].as_str().unwrap_or("").to_owned();
        for key in ["path", "partner"] {
            let Some(path) = defect[key].as_str() else {
                continue;
            };
            let finding = (path.to_owned(), code.clone());
            if !found.contains(&finding) {
                missed.push(format!("{code} {path} ({})", defect["defect"]));
            }
            planted.insert(finding);
        }
    }
    assert!(
        planted.len() > 10,
        "the corpus planted too few defects to measure: {}",
        planted.len()
    );
    assert!(
        missed.is_empty(),
        "missed {} of {} planted defects:\n{}",
        missed.len(),
        planted.len(),
        missed.join("\n")
    );
    // Precision: clean documents give nothing, defective ones only their planted code.
    let mut unexpected: Vec<String> = found
        .difference(&planted)
        .map(|(path, code)| format!("{code} {path}"))
        .collect();
    unexpected.sort();
    assert!(
        unexpected.is_empty(),
        "{} findings nobody planted:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
}

/// The flat front matter reader must read every document exactly as the YAML parser does: the
/// fixtures, and a generated corpus where the generator is present.
#[test]
fn flat_front_matter_reader_agrees_with_the_yaml_parser() {
    use itsmlint::document::front_matter;
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    let mut collect = |dir: &Path| {
        for entry in ignore::WalkBuilder::new(dir).hidden(false).build().flatten() {
            if entry.path().extension().is_some_and(|e| e == "md") {
                files.push(entry.into_path());
            }
        }
    };
    collect(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"));
    let corpus = generated_corpus();
    match &corpus {
        Ok((_, out)) => collect(out),
        Err(reason) => eprintln!("generated corpus skipped: {reason}"),
    }
    let mut blocks = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Some(block) = front_matter::split(&text).block else {
            continue;
        };
        blocks += 1;
        let flat = front_matter::parse(&text, &block).map_err(|e| e.message);
        let parser = front_matter::parse_with_yaml_parser(&text, &block).map_err(|e| e.message);
        assert_eq!(flat, parser, "{}", path.display());
    }
    assert!(blocks > 40, "only {blocks} documents with front matter");
}
