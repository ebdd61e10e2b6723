//! The findings a repository already had when it adopted itsmlint, written once and left out
//! of later runs until they are fixed, so that a policy repository with a backlog can turn the
//! linter on for what changes next.
//!
//! Entries are the findings' fingerprints (`render::fingerprints`: the rule, the file, the
//! text of the line the finding points at and which occurrence of those it is), not line
//! numbers: an edit above a baselined finding does not bring it back, an edit of its own line
//! does (ruff #1149 is the request, in that tool's tracker, for exactly this).

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::engine::Report;
use crate::error::{Error, Result};
use crate::render::fingerprints;

/// The file's format version; a file of another version is refused, not misread.
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// One finding left out. Only the fingerprint is matched; the rest is for the people who
/// review the file's diff.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    message: String,
}

/// The entries of a baseline file.
#[derive(Debug, Default)]
pub struct Baseline {
    entries: Vec<Entry>,
}

/// What applying a baseline did to a report.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Findings left out because the baseline holds them.
    pub left_out: usize,
    /// Entries no finding matched although the run checked where they are: fixed since, or
    /// their line changed. (An entry for a file the run did not check, as when pre-commit
    /// names the staged files, is not counted.)
    pub unmatched: usize,
}

/// Whether `report`'s run looked where an entry for `path` is: the file was checked, or, for a
/// repository finding (`None`), the whole repository was.
fn looked_at(report: &Report, path: Option<&str>) -> bool {
    match path {
        Some(path) => report
            .infos
            .binary_search_by(|info| info.path.as_str().cmp(path))
            .is_ok(),
        None => report.whole_repository,
    }
}

/// Entries in the order of findings: repository findings first, then by path and line.
fn order(entry: &Entry) -> (bool, Option<&str>, Option<usize>, &str, &str) {
    (
        entry.path.is_some(),
        entry.path.as_deref(),
        entry.line,
        &entry.code,
        &entry.fingerprint,
    )
}

/// A baseline file to write.
#[derive(Debug)]
pub struct Written {
    pub text: String,
    /// Entries for the run's findings.
    pub recorded: usize,
    /// Entries of the file it replaces, kept because the run did not look where they are (a
    /// run over a few named files replaces only those files' entries).
    pub kept: usize,
}

/// The baseline file for every finding of `report`, with the entries of `previous` (the file
/// it replaces) that the run did not look at, sorted as findings are.
pub fn render(report: &Report, previous: Option<&Baseline>) -> Written {
    let mut findings: Vec<Entry> = report
        .findings
        .iter()
        .zip(fingerprints(report).iter())
        .map(|(f, print)| Entry {
            fingerprint: print.clone(),
            code: f.code.clone(),
            path: f.path.clone(),
            line: f.start.map(|start| start.line),
            message: f.message.clone(),
        })
        .collect();
    let recorded = findings.len();
    findings.extend(
        previous
            .into_iter()
            .flat_map(|previous| &previous.entries)
            .filter(|entry| !looked_at(report, entry.path.as_deref()))
            .cloned(),
    );
    let kept = findings.len() - recorded;
    findings.sort_by(|a, b| order(a).cmp(&order(b)));
    let file = File {
        version: VERSION,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    Written { text, recorded, kept }
}

impl Baseline {
    /// The baseline in `text`, read from `path` (named in messages).
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let invalid = |detail: String| Error::Usage {
            message: format!("{} is not an itsmlint baseline: {detail}", path.display()),
            help: Some(format!(
                "record it again: remove it, then run `itsmlint check --write-baseline {}`",
                path.display()
            )),
        };
        let file: File = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if file.version != VERSION {
            return Err(invalid(format!(
                "it is version {}, this itsmlint reads version {VERSION}",
                file.version
            )));
        }
        Ok(Self {
            entries: file.findings,
        })
    }

    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(path, &text)
    }

    /// Leaves out of `report` the findings this baseline holds.
    pub fn apply(&self, report: &mut Report) -> Applied {
        let known: BTreeSet<&str> = self
            .entries
            .iter()
            .map(|entry| entry.fingerprint.as_str())
            .collect();
        let prints = fingerprints(report).into_owned();
        let before = report.findings.len();
        let mut matched = BTreeSet::new();
        let mut kept = Vec::with_capacity(prints.len());
        let mut prints = prints.into_iter();
        report.findings.retain(|_| {
            let print = prints.next().unwrap_or_default();
            let held = known.contains(print.as_str());
            if held {
                matched.insert(print);
            } else {
                kept.push(print);
            }
            !held
        });
        report.fingerprints = kept;
        let left_out = before - report.findings.len();
        report.baselined += left_out;
        let unmatched = self
            .entries
            .iter()
            .filter(|entry| !matched.contains(&entry.fingerprint) && looked_at(report, entry.path.as_deref()))
            .map(|entry| &entry.fingerprint)
            .collect::<BTreeSet<_>>()
            .len();
        Applied { left_out, unmatched }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, Severity};

    /// Repository findings (no line): their fingerprint is their rule and message.
    fn report(messages: &[&str]) -> Report {
        let findings = messages
            .iter()
            .map(|message| Finding {
                code: "REQ001".into(),
                name: "required-document-missing".into(),
                severity: Severity::Error,
                clauses: Vec::new(),
                path: None,
                span: None,
                message: (*message).into(),
                help: None,
                label: None,
                doc_type: None,
                start: None,
                end: None,
            })
            .collect();
        Report::of(findings)
    }

    fn parse(text: &str) -> Result<Baseline> {
        Baseline::parse(Path::new("baseline.json"), text)
    }

    #[test]
    fn what_was_written_is_left_out_and_only_that() {
        let baseline = parse(&render(&report(&["a", "b", "b"]), None).text).unwrap_or_else(|e| panic!("{e}"));
        let mut later = report(&["b", "c", "b", "b"]);
        let applied = baseline.apply(&mut later);
        // The third `b` is an occurrence the baseline never had; `a` was fixed.
        let left: Vec<&str> = later.findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(left, ["c", "b"]);
        assert_eq!(
            applied,
            Applied {
                left_out: 2,
                unmatched: 1
            }
        );
        assert_eq!(later.baselined, 2);

        // A run that did not cover the whole repository could not have found `a` again.
        let mut named_files_only = report(&["b"]);
        named_files_only.whole_repository = false;
        let applied = baseline.apply(&mut named_files_only);
        assert_eq!(
            applied,
            Applied {
                left_out: 1,
                unmatched: 0
            }
        );
    }

    /// A finding the baseline did not hold keeps the fingerprint it has in a run without the
    /// baseline: the SARIF and GitLab outputs, which carry it, must not give a new second
    /// occurrence the fingerprint of the first, which the baseline left out.
    #[test]
    fn what_is_left_keeps_the_fingerprint_numbered_among_all_findings() {
        let baseline = parse(&render(&report(&["b"]), None).text).unwrap_or_else(|e| panic!("{e}"));
        let without = report(&["b", "b"]);
        let unfiltered = fingerprints(&without).into_owned();
        let mut later = report(&["b", "b"]);
        baseline.apply(&mut later);
        assert_eq!(later.findings.len(), 1);
        assert_eq!(
            fingerprints(&later).into_owned(),
            unfiltered.get(1..).unwrap_or_default()
        );
    }

    #[test]
    fn writing_again_replaces_only_what_the_run_looked_at() {
        let mut first = report(&["a"]);
        first.findings[0].path = Some("policies/x.md".into());
        let mut second = report(&["gone"]);
        second.findings[0].path = Some("policies/y.md".into());
        let previous = parse(&render(&first, None).text).unwrap_or_else(|e| panic!("{e}"));
        let mut both = previous;
        both.entries.extend(
            parse(&render(&second, None).text)
                .unwrap_or_else(|e| panic!("{e}"))
                .entries,
        );

        // A run that checked y.md only (its finding fixed) and found a new repository finding.
        let mut run = report(&["new"]);
        run.infos = vec![crate::engine::DocInfo {
            path: "policies/y.md".into(),
            ..crate::engine::DocInfo::default()
        }];
        let written = render(&run, Some(&both));
        assert_eq!((written.recorded, written.kept), (1, 1));
        let paths: Vec<Option<String>> = parse(&written.text)
            .unwrap_or_else(|e| panic!("{e}"))
            .entries
            .into_iter()
            .map(|entry| entry.path)
            .collect();
        assert_eq!(paths, [None, Some("policies/x.md".to_owned())]);
    }

    #[test]
    fn a_file_that_is_not_a_baseline_of_this_version_is_refused() {
        for (text, says) in [
            ("", "is not an itsmlint baseline"),
            ("[]", "is not an itsmlint baseline"),
            (r#"{"version": 2, "findings": []}"#, "it is version 2"),
            (
                r#"{"version": 1, "findings": [], "extra": 1}"#,
                "unknown field `extra`",
            ),
            (r#"{"version": 1, "findings": [{"code": "X"}]}"#, "missing field"),
        ] {
            let error = parse(text).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(error.contains(says), "{text}: {error}");
        }
        assert!(parse(r#"{"version": 1, "findings": []}"#).is_ok());
    }
}
