//! Helpers shared by the end-to-end tests: run the built binary on a fixture folder.

#![allow(dead_code, clippy::expect_used, clippy::panic)] // shared test helpers fail loudly

use std::path::{Path, PathBuf};
use std::process::Output;

pub const TODAY: &str = "2026-06-01";

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

pub fn itsmlint() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("itsmlint").expect("binary");
    cmd.env_remove("ITSMLINT_OUTPUT_FORMAT").env_remove("NO_COLOR");
    cmd
}

/// `itsmlint check --today 2026-06-01 <args> .` run inside `dir`.
pub fn check_in(dir: &Path, args: &[&str]) -> Output {
    itsmlint()
        .current_dir(dir)
        .args(["check", "--today", TODAY])
        .args(args)
        .arg(".")
        .output()
        .expect("run itsmlint")
}

/// The stderr of `out`, after asserting that it exited with `code`. A failure shows
/// `context` and the stderr, which says why the exit was what it was.
#[track_caller]
pub fn exited(out: &Output, code: i32, context: &str) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{context}\nstderr:\n{err}");
    err
}

/// The stderr of `out`, after asserting that the run reached a verdict (exit 0 or 1), not a
/// usage or configuration error (2) nor a crash.
#[track_caller]
pub fn ran(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}\nstderr:\n{err}",
        out.status.code()
    );
    err
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 stdout")
}

pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            stdout(output),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// (path, code) of each diagnostic in a JSON report; repository findings have path "-".
pub fn codes(report: &serde_json::Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or("-").to_owned(),
                d["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// `git ARGS` in `dir`, with an identity and no signing, for throw-away repositories.
pub fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=CI",
            "-c",
            "user.email=ci@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap()
}
