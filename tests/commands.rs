//! `rules`, `explain`, `init`, `new` and `--output`: the pack is fully documented, skeletons
//! lint with only the fill-in findings, nothing is ever overwritten without `--force`, and an
//! output file never replaces what the run reads.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code fails loudly

mod common;

use common::{TODAY, codes, exited, itsmlint, json, ran};

fn catalog() -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let out = itsmlint()
        .current_dir(dir.path())
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    exited(&out, 0, "");
    json(&out)
}

fn strings(value: &serde_json::Value, key: &str) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v[key].as_str().unwrap().to_owned())
        .collect()
}

fn explain(topic: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = itsmlint()
        .current_dir(dir.path())
        .args(["explain", topic])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_catalogue_lists_rules_types_and_clauses() {
    let catalog = catalog();
    let rules = strings(&catalog["rules"], "code");
    for code in [
        "DOC001", "SEC001", "REQ001", "LNK001", "TXT001", "TXT002", "TXT003", "ID001", "SUP001", "IO001",
    ] {
        assert!(rules.contains(&code.to_owned()), "{code}");
    }
    let types = catalog["document_types"].as_array().unwrap();
    assert_eq!(types.len(), 49);
    let incident = types
        .iter()
        .find(|t| t["id"] == "incident-management-procedure")
        .unwrap();
    assert_eq!(incident["itil"][0], "Incident management");
    assert!(strings(&catalog["clauses"], "id").contains(&"8.7.3.3".to_owned()));
    let text = itsmlint().args(["rules"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("DOC004") && text.contains("* service-continuity-plan"),
        "{text}"
    );
}

#[test]
fn every_rule_type_and_clause_has_an_explain_page() {
    let catalog = catalog();
    for code in strings(&catalog["rules"], "code") {
        let (status, page, _) = explain(&code);
        assert_eq!(status, 0, "{code}");
        for part in [
            "## What it does",
            "## Why",
            "## Example",
            "## How to fix",
            "## How to suppress",
        ] {
            assert!(page.contains(part), "{code} lacks {part}:\n{page}");
        }
    }
    for t in catalog["document_types"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        let (status, page, _) = explain(id);
        assert_eq!(status, 0, "{id}");
        assert!(
            page.contains(t["title"].as_str().unwrap()) && page.contains("## Example"),
            "{page}"
        );
        for section in t["sections"].as_array().unwrap() {
            assert!(
                page.contains(section["name"].as_str().unwrap()),
                "{id}: {section}"
            );
        }
    }
    for clause in strings(&catalog["clauses"], "id") {
        let (status, page, _) = explain(&clause);
        assert_eq!(status, 0, "{clause}");
        assert!(page.starts_with(&format!("# {clause} ")), "{page}");
    }
    let (_, page, _) = explain("8.6.1");
    assert!(
        page.contains("ITIL 4 practices: Incident management") && page.contains("In the 2011 edition: 8.1"),
        "{page}"
    );
    let (_, page, _) = explain("review-overdue");
    assert!(page.starts_with("# DOC004 (review-overdue)"), "{page}");
}

#[test]
fn explain_suggests_on_a_miss() {
    let (status, _, err) = explain("incident");
    assert_eq!(status, 2);
    assert!(
        err.contains("did you mean") && err.contains("incident-management-procedure"),
        "{err}"
    );
}

#[test]
fn init_writes_a_config_once() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| itsmlint().current_dir(dir.path()).args(args).output().unwrap();
    exited(&run(&["init"]), 0, "");
    let path = dir.path().join("itsmlint.toml");
    let first = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, "# mine\n").unwrap();
    let again = run(&["init"]);
    let err = exited(&again, 2, "");
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# mine\n",
        "nothing lost"
    );
    exited(&run(&["init", "--force"]), 0, "");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
    // The starter config is valid: a check runs (exit 0 or 1, not 2).
    let check = run(&["check", "--today", TODAY, "."]);
    ran(&check);
}

/// `--output` replaces the file it names (a report regenerated on every run), but never a
/// document being checked or the configuration, however the path is spelt.
#[test]
fn output_replaces_its_own_file_but_never_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    std::fs::create_dir(repo.join("policies")).unwrap();
    let policy = "---\nid: POL-1\ntitle: Service management policy\n---\n# Service management policy\n";
    std::fs::write(repo.join("policies/policy.md"), policy).unwrap();
    let config = "packs = [\"rules/ours.toml\"]\nselect = [\"DOC\"]\n";
    std::fs::write(repo.join("itsmlint.toml"), config).unwrap();
    let pack = "[pack]\nid = \"ours\"\nversion = \"1\"\ntitle = \"Ours\"\n";
    std::fs::create_dir(repo.join("rules")).unwrap();
    std::fs::write(repo.join("rules/ours.toml"), pack).unwrap();
    let run = |command: &str, output: &str| {
        itsmlint()
            .current_dir(repo)
            .args([command, "--today", TODAY, "--format", "json", "-o", output, "."])
            .output()
            .unwrap()
    };
    for (command, output) in [
        ("check", "policies/policy.md"),
        ("report", "./policies/../policies/policy.md"),
        ("check", "itsmlint.toml"),
        ("report", "rules/ours.toml"),
    ] {
        let out = run(command, output);
        let err = exited(&out, 2, &format!("{command} -o {output}"));
        assert!(err.contains("nothing was written"), "{err}");
    }
    assert_eq!(
        std::fs::read_to_string(repo.join("policies/policy.md")).unwrap(),
        policy
    );
    assert_eq!(
        std::fs::read_to_string(repo.join("itsmlint.toml")).unwrap(),
        config
    );
    assert_eq!(
        std::fs::read_to_string(repo.join("rules/ours.toml")).unwrap(),
        pack
    );

    std::fs::write(repo.join("report.json"), "old").unwrap();
    exited(&run("report", "report.json"), 0, "");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["today"], TODAY);
}

#[test]
fn every_skeleton_lints_with_only_fill_in_findings() {
    let dir = tempfile::tempdir().unwrap();
    for id in strings(&catalog()["document_types"], "id") {
        let out = itsmlint()
            .current_dir(dir.path())
            .args(["new", &id])
            .output()
            .unwrap();
        exited(&out, 0, &id);
    }
    let out = itsmlint()
        .current_dir(dir.path())
        .args(["check", "--today", TODAY, "--format", "json", "."])
        .output()
        .unwrap();
    let report = json(&out);
    let found = codes(&report);
    let unexpected: Vec<_> = found
        .iter()
        .filter(|(path, code)| path != "-" && code != "DOC001" && code != "TXT001")
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
    // The id placeholders repeat on purpose; every file still asks for its owner.
    let files = report["summary"]["files"].as_u64().unwrap();
    assert_eq!(files, 49);
    let owners = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "DOC001" && d["message"].as_str().unwrap().contains("`owner`"))
        .count();
    assert_eq!(owners as u64, files);
    // Every required type is now present: no REQ001.
    assert!(!found.iter().any(|(_, c)| c == "REQ001"), "{found:?}");
}

#[test]
fn new_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| itsmlint().current_dir(dir.path()).args(args).output().unwrap();
    exited(&run(&["new", "sms-scope", "scope.md"]), 0, "");
    std::fs::write(dir.path().join("scope.md"), "mine").unwrap();
    exited(&run(&["new", "sms-scope", "scope.md"]), 2, "");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("scope.md")).unwrap(),
        "mine"
    );
    exited(&run(&["new", "no-such-type"]), 2, "");
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = itsmlint().args(["completions", shell]).output().unwrap();
        exited(&out, 0, shell);
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("explain"),
            "{shell}"
        );
    }
    let man = itsmlint().arg("man").output().unwrap();
    let man = String::from_utf8(man.stdout).unwrap();
    assert!(man.starts_with(".ie") && man.contains(".TH itsmlint 1"), "{man}");
}

#[test]
fn every_config_we_show_follows_the_config_schema_and_a_misspelt_one_does_not() {
    let Some(python) = std::env::var_os("ITSMLINT_CI_PYTHON") else {
        eprintln!("skipped: ITSMLINT_CI_PYTHON is not set");
        return;
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let init = itsmlint().current_dir(dir.path()).arg("init").output().unwrap();
    assert!(init.status.success());
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let example = readme
        .split("## Configuration: `itsmlint.toml`")
        .nth(1)
        .and_then(|section| section.split("```toml\n").nth(1))
        .and_then(|block| block.split("```").next())
        .expect("the README's configuration example");
    std::fs::write(dir.path().join("readme.toml"), example).unwrap();
    std::fs::write(
        dir.path().join("misspelt.toml"),
        "selcet = [\"ALL\"]\n[review]\nmax-interval = \"often\"\n",
    )
    .unwrap();
    fn configs_under(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                configs_under(&path, found);
            } else if path.file_name().is_some_and(|name| name == "itsmlint.toml") {
                found.push(path);
            }
        }
    }
    let mut valid = vec![dir.path().join("itsmlint.toml"), dir.path().join("readme.toml")];
    configs_under(&root.join("fixtures"), &mut valid);
    assert!(valid.len() > 5, "{valid:?}");
    // Each file's problems, one line each; the run's status says whether the valid ones were
    // valid and the misspelt one was not.
    let check = "import json,sys,tomllib,jsonschema\n\
        v=jsonschema.Draft7Validator(json.load(open(sys.argv[1])))\n\
        bad=0\n\
        for f in sys.argv[2:]:\n\
        \x20   want=not f.endswith('misspelt.toml')\n\
        \x20   errs=list(v.iter_errors(tomllib.load(open(f,'rb'))))\n\
        \x20   [print(f, e.message) for e in errs]\n\
        \x20   bad+=(not errs)!=want\n\
        sys.exit(1 if bad else 0)";
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(check)
        .arg(root.join("src/config.schema.json"))
        .args(&valid)
        .arg(dir.path().join("misspelt.toml"))
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        printed.contains("'selcet' was unexpected") && printed.contains("'often' does not match"),
        "{printed}"
    );
}
