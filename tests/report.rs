//! `itsmlint report`: the HTML page rendered by headless Chromium (asserting on its DOM and
//! keeping a screenshot in target/test-artifacts/), and the same numbers in Markdown and JSON.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code fails loudly

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TODAY, exited, fixtures, itsmlint};

fn report(format: &str) -> String {
    let out = itsmlint()
        .args(["report", "--today", TODAY, "--format", format])
        .arg(fixtures().join("sms-gaps"))
        .output()
        .unwrap();
    exited(&out, 0, "");
    String::from_utf8(out.stdout).unwrap()
}

fn chromium() -> Option<PathBuf> {
    let candidates = [
        std::env::var("ITSMLINT_CHROMIUM").unwrap_or_default(),
        "chromium".into(),
        "chromium-browser".into(),
    ];
    for c in candidates.iter().filter(|c| !c.is_empty()) {
        if Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(PathBuf::from(c));
        }
    }
    eprintln!("skipped: no chromium on PATH (.ci/run installs the Debian package `chromium`)");
    None
}

fn headless(chromium: &Path) -> Command {
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
    ]);
    cmd
}

#[test]
fn markdown_and_json_carry_the_numbers_of_the_html() {
    let json: serde_json::Value = serde_json::from_str(&report("json")).unwrap();
    let s = &json["summary"];
    let html = report("html");
    let markdown = report("markdown");
    let pairs = [
        (format!("{}%", s["readiness"]), "Readiness"),
        (
            format!("{} / {}", s["clauses_covered"], s["clauses_with_documents"]),
            "Clauses covered",
        ),
        (
            format!("{} / {}", s["required_types_present"], s["required_types"]),
            "Required documents present",
        ),
        (
            format!("{} / {}", s["documents_clean"], s["documents"]),
            "Documents without findings",
        ),
    ];
    for (value, label) in &pairs {
        assert!(
            html.contains(&format!(
                "<div class=\"value\">{value}</div><div class=\"label\">{label}</div>"
            )),
            "{label} {value}"
        );
        assert!(
            markdown.contains(value.as_str()),
            "markdown lacks {label} {value}"
        );
    }
    assert_eq!(s["required_types"], 32);
    assert_eq!(s["required_types_present"], 29);
    assert_eq!(json["missing"].as_array().unwrap().len(), 3);
    assert_eq!(json["calendar"]["overdue"].as_array().unwrap().len(), 2);
    assert_eq!(json["calendar"]["due_30"].as_array().unwrap().len(), 1);
    let errors = s["errors"].as_u64().unwrap();
    assert!(
        markdown.contains(&format!("| {errors} | {} |", s["warnings"])),
        "{markdown}"
    );
    // Every clause of the pack has a row in the HTML and in JSON.
    let clauses = json["clauses"].as_array().unwrap();
    assert_eq!(clauses.len(), 77);
    for c in clauses {
        assert!(html.contains(&format!("data-clause=\"{}\"", c["id"].as_str().unwrap())));
    }
}

#[test]
fn the_report_json_follows_its_schema() {
    let Some(python) = std::env::var_os("ITSMLINT_CI_PYTHON") else {
        eprintln!("skipped: ITSMLINT_CI_PYTHON is not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    std::fs::write(&file, report("json")).unwrap();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/report/report.schema.json");
    let check = "import json,sys,jsonschema\ns=json.load(open(sys.argv[1]));d=json.load(open(sys.argv[2]))\nerrs=list(jsonschema.Draft202012Validator(s).iter_errors(d))\n[print(e.message, list(e.path)) for e in errs[:5]]\nsys.exit(1 if errs else 0)";
    let out = Command::new(python)
        .arg("-c")
        .arg(check)
        .arg(&schema)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn chromium_renders_the_clause_matrix_statuses_and_calendar() {
    let Some(chromium) = chromium() else { return };
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let page = artifacts.join("report-sms-gaps.html");
    std::fs::write(&page, report("html")).unwrap();
    let url = format!("file://{}", page.display());

    let dom = headless(&chromium).arg("--dump-dom").arg(&url).output().unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("<h1>ISO/IEC 20000-1:2018 gap analysis: sms-gaps</h1>"),
        "{dom}"
    );
    // Clause rows with their statuses, by colour class and by text.
    for (clause, status, text) in [
        ("9.2", "bad", "Missing"),
        ("9.3", "bad", "Missing"),
        ("8.6.1", "warn", "Covered, with findings"),
        ("4.3", "ok", "Covered"),
        ("8.2.5", "muted", "Not documented (optional)"),
    ] {
        let row = format!("data-clause=\"{clause}\" data-status=\"{status}\"");
        let at = dom.find(&row).unwrap_or_else(|| panic!("no row {row}"));
        let end = dom[at..].find("</tr>").unwrap() + at;
        assert!(
            dom[at..end].contains(&format!(">{text}</span>")),
            "{clause}: {}",
            &dom[at..end]
        );
    }
    // The calendar: two overdue reviews, one due within 30 days.
    let calendar = &dom[dom.find("id=\"calendar\"").unwrap()..dom.find("id=\"owners\"").unwrap()];
    assert!(calendar.contains("Overdue</span> 2</h3>"), "{calendar}");
    assert!(
        calendar.contains("Due within 30 days</span> 1</h3>"),
        "{calendar}"
    );
    assert!(
        calendar.contains("plans/service-continuity-plan.md") && calendar.contains("111 days ago"),
        "{calendar}"
    );
    // No script and no remote resource: the page is self-contained.
    assert!(!dom.contains("<script") && !dom.contains("http://") && !dom.contains("src=\"http"));

    let shot = artifacts.join("report-sms-gaps.png");
    let _ = std::fs::remove_file(&shot);
    let out = headless(&chromium)
        .arg("--window-size=1280,4000")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("screenshot: {}", shot.display());
}
