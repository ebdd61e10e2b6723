//! The fixture repositories under test: the compliant one is clean, and each defect folder
//! yields exactly the findings `fixtures/defects/EXPECTED.md` lists, at the lines it lists.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code fails loudly

mod common;

use std::collections::BTreeMap;

use common::{check_in, exited, fixtures, json, stdout};

const FOLDERS: &[&str] = &["doc", "sec", "req", "lnk", "txt", "id", "sup", "io"];

/// (path, line, code) → count, from one folder's table in EXPECTED.md.
type Expected = BTreeMap<(Option<String>, Option<u64>, String), usize>;

fn expected() -> BTreeMap<String, Expected> {
    let text = std::fs::read_to_string(fixtures().join("defects/EXPECTED.md")).expect("EXPECTED.md");
    let mut out: BTreeMap<String, Expected> = BTreeMap::new();
    let mut folder = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("## ") {
            folder = rest.split_once("/ ").map(|(f, _)| f.to_owned());
            continue;
        }
        let Some(folder) = &folder else { continue };
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | file | line | CODE | note |
        if cells.len() < 5
            || !cells[3].chars().next().is_some_and(|c| c.is_ascii_uppercase())
            || cells[3] == "Code"
        {
            continue;
        }
        let path = (cells[1] != "—").then(|| cells[1].to_owned());
        // io/ findings are about whole files: the table's line is informative only.
        let line = if folder == "io" {
            None
        } else {
            cells[2].parse().ok()
        };
        *out.entry(folder.clone())
            .or_default()
            .entry((path, line, cells[3].to_owned()))
            .or_default() += 1;
    }
    out
}

fn actual(folder: &str) -> (Expected, i32) {
    let output = check_in(&fixtures().join("defects").join(folder), &["--format", "json"]);
    let report = json(&output);
    let mut found = Expected::new();
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        let path = d["path"].as_str().map(str::to_owned);
        let line = if folder == "io" { None } else { d["line"].as_u64() };
        *found
            .entry((path, line, d["code"].as_str().unwrap_or("").to_owned()))
            .or_default() += 1;
    }
    (found, output.status.code().unwrap_or(-1))
}

#[test]
fn compliant_repository_has_no_findings() {
    let output = check_in(&fixtures().join("compliant"), &["--format", "json"]);
    let report = json(&output);
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report:#}");
    assert_eq!(report["summary"]["files"], 5);
    exited(&output, 0, "");
}

#[test]
fn compliant_repository_is_clean_with_every_format() {
    for format in ["human", "concise"] {
        let output = check_in(&fixtures().join("compliant"), &["--format", format]);
        exited(&output, 0, "");
        assert_eq!(
            stdout(&output),
            "0 errors, 0 warnings in 5 files; review dates checked as of 2026-06-01\n"
        );
    }
}

#[test]
fn every_defect_folder_yields_exactly_its_expected_findings() {
    let expected = expected();
    assert_eq!(
        expected.keys().map(String::as_str).collect::<Vec<_>>().len(),
        FOLDERS.len()
    );
    for folder in FOLDERS {
        let want = expected
            .get(*folder)
            .unwrap_or_else(|| panic!("no table for {folder}"));
        let (got, code) = actual(folder);
        assert_eq!(&got, want, "findings of fixtures/defects/{folder}");
        let errors = want.keys().any(|(_, _, c)| !c.starts_with("SUP"));
        assert_eq!(code, if errors { 1 } else { 0 }, "exit code of {folder}");
    }
}

#[test]
fn concise_output_of_each_defect_folder() {
    for folder in FOLDERS {
        let output = check_in(&fixtures().join("defects").join(folder), &["--format", "concise"]);
        insta::assert_snapshot!(format!("concise_{folder}"), stdout(&output));
    }
}

#[test]
fn human_output_shows_source_clause_and_help() {
    for folder in ["sec", "lnk", "req", "io"] {
        let output = check_in(
            &fixtures().join("defects").join(folder),
            &["--format", "human", "--no-color"],
        );
        insta::assert_snapshot!(format!("human_{folder}"), stdout(&output));
    }
}

#[test]
fn json_output_shape() {
    let output = check_in(&fixtures().join("defects/req"), &["--format", "json"]);
    let report = json(&output);
    insta::assert_json_snapshot!("json_req", report);
    let missing = report["diagnostics"]
        .as_array()
        .and_then(|d| d.first())
        .cloned()
        .unwrap_or_default();
    assert_eq!(missing["code"], "REQ001");
    assert!(missing["path"].is_null() && missing["line"].is_null());
}

/// (path, line, code, clauses) rows of `fixtures/sms-gaps.expected.md`.
fn sms_gaps_expected() -> Vec<(Option<String>, Option<u64>, String, String)> {
    let text = std::fs::read_to_string(fixtures().join("sms-gaps.expected.md")).expect("EXPECTED.md");
    let mut rows: Vec<_> = text
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let code = *cells.get(3)?;
            if cells.len() < 6
                || code == "Code"
                || !code.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            {
                return None;
            }
            Some((
                (cells[1] != "—").then(|| cells[1].to_owned()),
                cells[2].parse().ok(),
                code.to_owned(),
                cells[4].to_owned(),
            ))
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn the_example_sms_is_clean_with_no_configuration() {
    let output = check_in(&fixtures().join("sms-compliant"), &["--format", "json"]);
    let report = json(&output);
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report:#}");
    assert!(report["summary"]["files"].as_u64().unwrap_or(0) >= 40);
    exited(&output, 0, "");
}

#[test]
fn every_planted_gap_is_reported_with_its_clause() {
    let output = check_in(&fixtures().join("sms-gaps"), &["--format", "json"]);
    let report = json(&output);
    let mut found: Vec<_> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let clauses: Vec<&str> = d["clauses"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_str())
                .collect();
            (
                d["path"].as_str().map(str::to_owned),
                d["line"].as_u64(),
                d["code"].as_str().unwrap_or("").to_owned(),
                clauses.join(", "),
            )
        })
        .collect();
    found.sort();
    let expected = sms_gaps_expected();
    assert!(expected.len() >= 20, "EXPECTED.md lists {} gaps", expected.len());
    assert_eq!(found, expected);
    exited(&output, 1, "");
}
