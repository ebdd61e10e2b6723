//! Hard inputs: each gives a defined diagnostic and exit code, within the time and memory bound
//! its test name states, and never a panic. The bounds are generous ceilings that catch
//! runaway behaviour (a hang, a quadratic blow-up, an alias bomb), not performance targets:
//! those live in `benches/check.rs`. Memory is capped with `ulimit -v` where a shell has it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code fails loudly

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{TODAY, exited, fixtures, git, ran};

/// Runs `itsmlint check --format json ARGS` in `dir` under a wall-clock and address-space limit.
fn run_bounded(dir: &Path, args: &[&str], seconds: u64, mib: u64) -> (Output, serde_json::Value) {
    let out = run_bounded_as(dir, "json", args, seconds, mib);
    let report = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out, report)
}

/// Runs `itsmlint check --format FORMAT ARGS` in `dir` under a wall-clock and address-space
/// limit.
fn run_bounded_as(dir: &Path, format: &str, args: &[&str], seconds: u64, mib: u64) -> Output {
    let bin = env!("CARGO_BIN_EXE_itsmlint");
    let mut cmd = if cfg!(target_os = "linux") {
        let mut c = Command::new("bash");
        c.arg("-c")
            .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", mib * 1024))
            .arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.current_dir(dir)
        .args(["check", "--today", TODAY, "--format", format])
        .args(args);
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let took = start.elapsed();
    assert!(
        took < Duration::from_secs(seconds),
        "took {took:?}, bound {seconds}s"
    );
    assert_ne!(
        out.status.code(),
        Some(101),
        "panicked: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.code().is_some(),
        "killed (memory bound {mib} MiB?): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn codes_of(report: &serde_json::Value, path: &str) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .map(|d| {
            d.iter()
                .filter(|d| d["path"] == path)
                .map(|d| d["code"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn temp_repo(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

#[test]
fn committed_bad_inputs_each_get_their_diagnostic_within_10s_and_512mib() {
    let (out, report) = run_bounded(
        &fixtures().join("bad-input"),
        &["--select", "DOC,IO,TXT", "."],
        10,
        512,
    );
    exited(&out, 1, "");
    for (file, code) in [
        ("latin1.md", "IO001"),
        ("utf16-bom.md", "IO001"),
        ("binary.md", "IO001"),
        ("empty.md", "DOC008"),
        ("broken-yaml.md", "DOC008"),
        ("unterminated.md", "DOC008"),
        ("alias-bomb.md", "DOC008"),
        ("bad-dates.md", "DOC003"),
        ("utf8-bom-crlf.md", "TXT001"),
        ("lone-cr.md", "TXT001"),
    ] {
        assert!(
            codes_of(&report, file).iter().any(|c| c == code),
            "{file}: no {code} in {:?}",
            codes_of(&report, file)
        );
    }
    assert_eq!(
        codes_of(&report, "bad-dates.md")
            .iter()
            .filter(|c| *c == "DOC003")
            .count(),
        2,
        "0000-00-00 and 2026-02-30"
    );
    // Positions in the BOM/CRLF and lone-CR files point at the `TBD` on line 4, column 8.
    for file in ["utf8-bom-crlf.md", "lone-cr.md"] {
        let tbd = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"] == file && d["code"] == "TXT001")
            .unwrap();
        assert_eq!(
            (tbd["line"].as_u64(), tbd["column"].as_u64()),
            (Some(4), Some(8)),
            "{file}"
        );
    }
}

#[test]
fn pathological_regex_in_a_pack_is_a_config_error_within_10s() {
    let dir = temp_repo(&[
        ("itsmlint.toml", b"packs = [\"pack.toml\"]\n".to_vec()),
        (
            "pack.toml",
            std::fs::read(fixtures().join("bad-input/pathological-pack.toml")).unwrap(),
        ),
        ("a.md", b"# A\n".to_vec()),
    ]);
    let (out, _) = run_bounded(dir.path(), &["."], 10, 512);
    let err = exited(&out, 2, "");
    assert!(
        err.contains("invalid regular expression") && err.contains("pack.toml:10"),
        "{err}"
    );
}

#[test]
fn fifty_megabyte_document_within_60s_and_1gib() {
    let mut text = String::from(
        "---\nid: BIG-1\ntitle: Big\ntype: service-report\nowner: A\napprover: B\nversion: 1.0\nstatus: approved\nlast_reviewed: 2026-01-01\nnext_review: 2026-12-01\n---\n\n# Big\n\n",
    );
    let para = "Service availability was measured against the agreed targets and reported to the customer each month. ";
    let mut n = 0;
    while text.len() < 50 * 1024 * 1024 {
        if n % 200 == 0 {
            text.push_str(&format!("\n## Section {n}\n\n"));
        }
        text.push_str(para);
        text.push_str("\n\n");
        n += 1;
    }
    let dir = temp_repo(&[("reports/service-report.md", text.into_bytes())]);
    let (out, report) = run_bounded(dir.path(), &["--select", "DOC,TXT,LNK", "."], 60, 1024);
    exited(&out, 0, &report.to_string());
}

#[test]
fn thirty_thousand_findings_in_one_document_print_within_20s_and_512mib() {
    // The printers that show or hash a finding's line once read the file from its top for
    // every finding (30,000 findings took minutes), and SARIF built a tree of JSON values
    // (400 MiB for them).
    let mut text = String::from("---\nid: D-1\ntitle: D\n---\n\n# D\n\n## Scope\n\n");
    for i in 0..30_000 {
        text.push_str(&format!("Line {i}: TBD.\n"));
    }
    let dir = temp_repo(&[("a.md", text.into_bytes())]);
    for format in ["human", "gitlab", "sarif"] {
        let out = run_bounded_as(dir.path(), format, &["--select", "TXT001", "."], 20, 512);
        exited(&out, 1, format);
        let printed = String::from_utf8_lossy(&out.stdout);
        assert!(printed.matches("TBD").count() >= 30_000, "{format}");
    }
}

#[test]
fn two_thousand_copies_of_one_template_within_20s_and_512mib() {
    // Each ID001 message named every other copy: output that grew with the square of the
    // copies: 28 KB a message and 56 MB in all, here.
    let template = "---\nid: POL-001\ntitle: Copy\n---\n\n# Copy\n\n## Scope\n\nText.\n";
    let names: Vec<String> = (0..2000).map(|i| format!("copy-{i:04}.md")).collect();
    let files: Vec<(&str, Vec<u8>)> = names
        .iter()
        .map(|name| (name.as_str(), template.as_bytes().to_vec()))
        .collect();
    let dir = temp_repo(&files);
    let (out, report) = run_bounded(dir.path(), &["--select", "ID001", "."], 20, 512);
    exited(&out, 1, "");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 2000);
    let first = diagnostics[0]["message"].as_str().unwrap();
    assert!(first.ends_with("and 1994 more"), "{first}");
    assert!(out.stdout.len() < 2000 * 1024, "{} bytes", out.stdout.len());
}

#[test]
fn ten_thousand_headings_within_20s_and_512mib() {
    let mut text = String::from("# Headings\n\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "## Heading {i}\n\nText with a [link](#heading-{}).\n\n",
            (i + 1) % 10_000
        ));
    }
    let dir = temp_repo(&[("a.md", text.into_bytes())]);
    let (_, report) = run_bounded(dir.path(), &["--select", "LNK,SEC", "."], 20, 512);
    assert_eq!(
        report["diagnostics"],
        serde_json::json!([]),
        "every anchor resolves"
    );
}

#[test]
fn lists_and_quotes_nested_ten_thousand_deep_within_20s_and_512mib() {
    let lists = format!("# Lists\n\n{}x\n", "- ".repeat(10_000));
    let quotes = format!("# Quotes\n\n{} TBD\n", ">".repeat(10_000));
    let brackets = format!(
        "# Brackets\n\n{}\n{}\n{}\n",
        "[".repeat(100_000),
        "*_".repeat(50_000),
        "<".repeat(100_000)
    );
    let dir = temp_repo(&[
        ("lists.md", lists.into_bytes()),
        ("quotes.md", quotes.into_bytes()),
        ("brackets.md", brackets.into_bytes()),
    ]);
    let (_, report) = run_bounded(dir.path(), &["--select", "TXT", "."], 20, 512);
    assert_eq!(codes_of(&report, "quotes.md"), vec!["TXT001".to_owned()]);
}

#[test]
fn one_megabyte_of_front_matter_is_refused_within_10s() {
    let text = format!(
        "---\nid: FM-1\nnotes: \"{}\"\n---\n# Big front matter\n",
        "x".repeat(1024 * 1024)
    );
    let dir = temp_repo(&[("a.md", text.into_bytes())]);
    let (_, report) = run_bounded(dir.path(), &["--select", "DOC008", "."], 10, 512);
    let message = report["diagnostics"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains("the limit is 64 KiB"), "{report}");
}

#[cfg(unix)]
#[test]
fn symlinks_never_lead_outside_the_repository_within_10s() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "# Outside\n\nTBD\n").unwrap();
    let dir = temp_repo(&[(
        "a.md",
        b"# A\n\n[secret](escape/secret.md) [loop](loop/loop/a.md)\n".to_vec(),
    )]);
    // A checkout of its own: named files are relative to the checkout's top, which would
    // otherwise be whatever checkout the temporary folder is in (TMPDIR inside one), and
    // `outside` inside it.
    assert!(git(dir.path(), &["init", "-q"]).status.success());
    symlink(outside.path(), dir.path().join("escape")).unwrap();
    symlink(dir.path(), dir.path().join("loop")).unwrap();
    symlink(dir.path().join("self.md"), dir.path().join("self.md")).unwrap_or(());
    let (out, report) = run_bounded(dir.path(), &["--select", "TXT,LNK", "."], 10, 512);
    ran(&out);
    let all: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap_or("").to_owned())
        .collect();
    assert!(
        !all.iter().any(|p| p.contains("secret") || p.starts_with("loop/")),
        "read outside or looped: {all:?}"
    );
    assert_eq!(report["summary"]["files"], 1, "only a.md is a document");
    // A symlink named on the command line that resolves outside the root is refused.
    let (out, _) = run_bounded(dir.path(), &["escape/secret.md", "a.md"], 10, 512);
    exited(&out, 2, "");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_io001_within_10s() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_repo(&[
        ("locked.md", b"# Locked\n".to_vec()),
        ("open.md", b"# Open\n\nTBD\n".to_vec()),
    ]);
    let locked = dir.path().join("locked.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        eprintln!("skipped: running with privileges that read any file (root)");
        return;
    }
    let (_, report) = run_bounded(dir.path(), &["--select", "IO,TXT", "."], 10, 512);
    assert_eq!(codes_of(&report, "locked.md"), vec!["IO001".to_owned()]);
    assert_eq!(
        codes_of(&report, "open.md"),
        vec!["TXT001".to_owned()],
        "the run went on"
    );
}
