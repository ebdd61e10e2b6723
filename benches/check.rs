//! `cargo bench --bench check`: time `itsmlint check` (library path: config, discovery, parse,
//! checks, sort) on a 2,000-document corpus from `../shared/gen_corpus.py`, and report the
//! peak resident memory. Run under `cargo test` it does nothing: timings are not tests.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a benchmark fails loudly

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use itsmlint::config::{self, Overrides};
use itsmlint::{discover, engine};

fn corpus(docs: usize) -> Option<PathBuf> {
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/gen_corpus.py");
    if !generator.exists() {
        eprintln!("skipped: {} is absent", generator.display());
        return None;
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-corpus-{docs}"));
    if !out.join("manifest.json").exists() {
        let status = Command::new("python3")
            .arg(&generator)
            .args(["--docs", &docs.to_string(), "--out"])
            .arg(&out)
            .status()
            .expect("run python3");
        assert!(status.success(), "gen_corpus.py failed");
    }
    Some(out)
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("check bench: run with `cargo bench --bench check`");
        return;
    }
    let docs = std::env::var("ITSMLINT_BENCH_DOCS")
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(2000);
    let Some(root) = corpus(docs) else { return };
    let today = jiff::civil::date(2026, 6, 1);
    let mut times: Vec<Duration> = Vec::new();
    let mut findings = 0;
    for _ in 0..10 {
        let start = Instant::now();
        let settings = config::load(&root, &Overrides::default()).expect("settings");
        let inventory = discover::discover(&settings, std::slice::from_ref(&root), false).expect("discover");
        let report = engine::run(&settings, &inventory, today);
        times.push(start.elapsed());
        findings = report.findings.len();
        assert_eq!(report.files(), docs);
    }
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let min = times.first().copied().unwrap_or_default();
    println!(
        "check {docs} documents: median {:.1} ms, min {:.1} ms over {} runs, {findings} findings, {} threads, peak RSS {} MiB",
        median.as_secs_f64() * 1000.0,
        min.as_secs_f64() * 1000.0,
        times.len(),
        rayon::current_num_threads(),
        peak_rss_kib().map_or_else(|| "?".to_owned(), |k| (k / 1024).to_string()),
    );
}
