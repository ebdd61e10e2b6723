//! The machine formats read by the real clients: SARIF validated against the official schema
//! and loaded by `sarif-tools`, JUnit parsed as XML, and the pre-commit hook run by `pre-commit`.
//! `.ci/run` installs the Python clients and names their interpreter in `ITSMLINT_CI_PYTHON`;
//! without it these tests print why they skip.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code fails loudly

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TODAY, check_in, fixtures, git, itsmlint, json, ran, stdout};

const FOLDERS: &[&str] = &["doc", "sec", "req", "lnk", "txt", "id", "sup", "io"];

fn python() -> Option<PathBuf> {
    match std::env::var_os("ITSMLINT_CI_PYTHON") {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            eprintln!(
                "skipped: ITSMLINT_CI_PYTHON is not set (.ci/run installs jsonschema, sarif-tools and pre-commit)"
            );
            None
        }
    }
}

fn schema() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-2.1.0.json");
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

const VALIDATE: &str = r#"
import json, sys, jsonschema
from sarif import loader
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(doc))
for e in errors[:5]:
    print("schema:", e.message, list(e.path))
print("results", loader.load_sarif_file(sys.argv[2]).get_result_count())
sys.exit(1 if errors else 0)
"#;

#[test]
fn sarif_validates_and_sarif_tools_reads_every_result() {
    let (Some(python), Some(schema)) = (python(), schema()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for folder in FOLDERS
        .iter()
        .map(|f| format!("defects/{f}"))
        .chain(["compliant".to_owned()])
    {
        let root = fixtures().join(&folder);
        let expected = json(&check_in(&root, &["--format", "json"]))["diagnostics"]
            .as_array()
            .unwrap()
            .len();
        let sarif = dir.path().join(format!("{}.sarif", folder.replace('/', "-")));
        let out = check_in(&root, &["--format", "sarif", "--output", sarif.to_str().unwrap()]);
        ran(&out);
        let read = Command::new(&python)
            .arg("-c")
            .arg(VALIDATE)
            .arg(&schema)
            .arg(&sarif)
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&read.stdout);
        assert!(
            read.status.success(),
            "{folder}: {printed}{}",
            String::from_utf8_lossy(&read.stderr)
        );
        assert!(
            printed.contains(&format!("results {expected}\n")),
            "{folder}: {printed} (JSON has {expected})"
        );
    }
}

#[test]
fn sarif_fingerprints_survive_unrelated_edits() {
    let dir = tempfile::tempdir().unwrap();
    let doc = "---\nid: A-1\ntitle: Change management policy\ntype: change-management-policy\napprover: Board\nversion: 1.0\nstatus: approved\nlast_reviewed: 2026-01-01\nnext_review: 2026-12-01\n---\n\n# Change management policy\n\nTBD\n";
    std::fs::write(dir.path().join("change-management-policy.md"), doc).unwrap();
    let prints = || {
        let out = check_in(dir.path(), &["--format", "sarif", "--select", "TXT001,DOC001"]);
        let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut prints: Vec<(String, String)> = sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_owned(),
                    r["partialFingerprints"]["itsmlint/v1"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                )
            })
            .collect();
        prints.sort();
        prints
    };
    let before = prints();
    assert_eq!(before.len(), 2, "{before:?}");
    // Lines inserted above move the findings but do not change what they are.
    std::fs::write(
        dir.path().join("change-management-policy.md"),
        doc.replace("\n\nTBD", "\n\nIntro.\n\nMore.\n\nTBD"),
    )
    .unwrap();
    let after = prints();
    assert_eq!(
        before.iter().find(|(c, _)| c == "TXT001"),
        after.iter().find(|(c, _)| c == "TXT001")
    );
}

#[test]
fn github_annotations_and_junit_xml() {
    let lnk = fixtures().join("defects/lnk");
    let github = stdout(&check_in(&lnk, &["--format", "github"]));
    let first = github.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=scope/sms-scope.md,line=17,col=43,endLine=17,endColumn="),
        "{first}"
    );
    assert!(
        first.contains(",title=LNK001 (broken-link)::link target"),
        "{first}"
    );
    assert_eq!(github.lines().count(), 8);
    assert!(
        !github.contains("\n\n"),
        "messages are one line each (newlines escaped)"
    );

    let out = itsmlint()
        .current_dir(&lnk)
        .args(["check", "--today", TODAY, "--format", "gitlab", "."])
        .output()
        .unwrap();
    let gitlab: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(gitlab.as_array().unwrap().len(), 8);
    assert_eq!(gitlab[0]["location"]["lines"]["begin"], 17);

    let Some(python) = python() else { return };
    let junit = stdout(&check_in(&lnk, &["--format", "junit"]));
    let parse = "import sys, xml.etree.ElementTree as ET\nroot = ET.fromstring(sys.stdin.read())\nprint(len(root.findall('.//testcase')), len(root.findall('.//failure')))";
    let mut child = Command::new(python)
        .arg("-c")
        .arg(parse)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(junit.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "6 8", "{junit}");
}

#[test]
fn output_file_and_terminal_serve_both() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    let out = check_in(
        &fixtures().join("defects/sup"),
        &[
            "--format",
            "json",
            "--output",
            file.to_str().unwrap(),
            "--no-color",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 3);
    let terminal = stdout(&out);
    assert!(
        terminal.contains("SUP001(suppression-without-reason)") && terminal.contains("0 errors, 3 warnings"),
        "{terminal}"
    );
}

#[test]
fn pre_commit_refuses_a_defect_and_accepts_a_fix() {
    let Some(python) = python() else { return };
    let pre_commit = python.with_file_name("pre-commit");
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    assert!(git(repo, &["init", "-q"]).status.success());
    let clean =
        std::fs::read_to_string(fixtures().join("compliant/policies/change-management-policy.md")).unwrap();
    let broken = clean.replace("owner: Marta Kowalczyk (Change Manager)\n", "");
    // The document comes from the engine fixtures: check it with their pack, links aside (the
    // documents it links to are not in this throw-away repository).
    let pack = fixtures().join("packs/core.toml");
    let config = format!(
        "builtin = false\npacks = [{:?}]\nselect = [\"DOC\", \"SEC\", \"TXT\"]\n",
        pack.to_str().unwrap()
    );
    std::fs::write(repo.join("itsmlint.toml"), config).unwrap();
    std::fs::create_dir_all(repo.join("policies")).unwrap();
    std::fs::write(repo.join("policies/change-management-policy.md"), &broken).unwrap();
    git(repo, &["add", "."]);
    let this_repo = env!("CARGO_MANIFEST_DIR");
    let run = || {
        Command::new(&pre_commit)
            .current_dir(repo)
            .env("ITSMLINT_TODAY", TODAY)
            .env("PRE_COMMIT_HOME", dir.path().join(".pre-commit-cache"))
            .env("NO_COLOR", "1")
            // pre-commit builds the hook with `cargo install`: reuse one build folder, skip
            // LTO and build in parallel, so the test costs one ordinary release build.
            .env(
                "CARGO_TARGET_DIR",
                Path::new(this_repo).join("target/pre-commit-build"),
            )
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .args(["try-repo", this_repo, "itsmlint", "--verbose"])
            .output()
            .unwrap()
    };
    let refused = run();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&refused.stdout),
        String::from_utf8_lossy(&refused.stderr)
    );
    eprintln!("pre-commit printed:\n{printed}");
    assert!(!refused.status.success(), "{printed}");
    assert!(
        printed.contains("DOC001") && printed.contains("required field `owner` is missing"),
        "{printed}"
    );
    std::fs::write(repo.join("policies/change-management-policy.md"), &clean).unwrap();
    git(repo, &["add", "."]);
    let accepted = run();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&accepted.stdout),
        String::from_utf8_lossy(&accepted.stderr)
    );
    eprintln!("pre-commit printed:\n{printed}");
    assert!(accepted.status.success(), "{printed}");
}
