//! The GitHub Action's shell, run with the environment GitHub gives it: annotations, exit code
//! per `fail-on`, SARIF and job-summary files, and inputs that cannot inject commands.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code fails loudly

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{TODAY, exited, fixtures};

fn run_action(workspace: &Path, inputs: &[(&str, &str)], scratch: &Path) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = Command::new("bash");
    cmd.arg(root.join(".github/action/run.sh"))
        .current_dir(workspace)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("ITSMLINT_BIN", env!("CARGO_BIN_EXE_itsmlint"))
        .env("ACTION_PATH", root)
        .env("GITHUB_STEP_SUMMARY", scratch.join("summary.md"))
        .env("GITHUB_OUTPUT", scratch.join("output.txt"))
        .env("INPUT_PATHS", ".")
        .env("INPUT_CONFIG", "")
        .env("INPUT_FAIL_ON", "error")
        .env("INPUT_SARIF_FILE", "")
        .env("INPUT_SUMMARY", "true")
        .env("INPUT_TODAY", TODAY)
        .env("INPUT_BASELINE", "");
    for (key, value) in inputs {
        cmd.env(key, value);
    }
    cmd.output().unwrap()
}

#[test]
fn the_action_leaves_out_what_its_baseline_holds() {
    let scratch = tempfile::tempdir().unwrap();
    let workspace = fixtures().join("defects/lnk");
    let baseline = scratch.path().join("baseline.json");
    let written = std::process::Command::new(env!("CARGO_BIN_EXE_itsmlint"))
        .current_dir(&workspace)
        .args(["check", "--today", TODAY, "--write-baseline"])
        .arg(&baseline)
        .arg(".")
        .output()
        .unwrap();
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let out = run_action(
        &workspace,
        &[("INPUT_BASELINE", baseline.to_str().unwrap())],
        scratch.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    exited(&out, 0, &stdout);
    assert!(
        !stdout.contains("::error ") && !stdout.contains("::warning "),
        "{stdout}"
    );
    let summary = std::fs::read_to_string(scratch.path().join("summary.md")).unwrap();
    assert!(summary.contains("0 errors, 0 warnings"), "{summary}");
}

#[test]
fn the_action_annotates_fails_and_writes_its_files() {
    let scratch = tempfile::tempdir().unwrap();
    let workspace = fixtures().join("defects/lnk");
    let sarif = scratch.path().join("itsmlint.sarif");
    let out = run_action(
        &workspace,
        &[("INPUT_SARIF_FILE", sarif.to_str().unwrap())],
        scratch.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    exited(&out, 1, &stdout);
    assert!(
        stdout
            .lines()
            .filter(|l| l.starts_with("::error ") || l.starts_with("::warning "))
            .count()
            == 8,
        "{stdout}"
    );
    let sarif: serde_json::Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 8);
    let summary = std::fs::read_to_string(scratch.path().join("summary.md")).unwrap();
    assert!(
        summary.starts_with("### ❌ itsmlint: 5 errors, 3 warnings in 5 files"),
        "{summary}"
    );
    assert_eq!(
        std::fs::read_to_string(scratch.path().join("output.txt")).unwrap(),
        "exit-code=1\n"
    );
}

#[test]
fn fail_on_decides_the_exit_code() {
    let scratch = tempfile::tempdir().unwrap();
    let sup = fixtures().join("defects/sup");
    let code = |fail_on: &str| {
        run_action(&sup, &[("INPUT_FAIL_ON", fail_on)], scratch.path())
            .status
            .code()
    };
    assert_eq!(code("error"), Some(0), "warnings only");
    assert_eq!(code("warning"), Some(1));
    assert_eq!(code("never"), Some(0));
    assert_eq!(code("sometimes"), Some(2));
    let lnk = fixtures().join("defects/lnk");
    assert_eq!(
        run_action(&lnk, &[("INPUT_FAIL_ON", "never")], scratch.path())
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn inputs_cannot_inject_commands() {
    let scratch = tempfile::tempdir().unwrap();
    let marker = scratch.path().join("pwned");
    let evil = format!(
        "$(touch {}) `touch {}`; touch {}",
        marker.display(),
        marker.display(),
        marker.display()
    );
    let out = run_action(
        &fixtures().join("compliant"),
        &[("INPUT_PATHS", &evil), ("INPUT_CONFIG", &evil)],
        scratch.path(),
    );
    assert!(!marker.exists(), "an input ran a command");
    exited(&out, 2, "a nonexistent path is a usage error");
    // The action's own YAML never splices an input into a script.
    let action = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    for line in action.lines().filter(|l| l.trim_start().starts_with("run:")) {
        assert!(!line.contains("${{"), "{line}");
    }
}

#[test]
fn several_paths_are_separate_arguments() {
    let scratch = tempfile::tempdir().unwrap();
    let doc = fixtures().join("defects/doc");
    let out = run_action(
        &doc,
        &[
            ("INPUT_PATHS", "review-overdue.md\n  missing-owner.md"),
            ("INPUT_SUMMARY", "false"),
        ],
        scratch.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(
        stdout.contains("file=missing-owner.md") && stdout.contains("file=review-overdue.md"),
        "{stdout}"
    );
    assert!(!scratch.path().join("summary.md").exists());
}
