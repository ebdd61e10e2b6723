//! SARIF 2.1.0 for GitHub code scanning and other static-analysis dashboards.

use serde::Serialize;
use serde_json::{Value, json};

use super::{citation, fingerprints, location_path};
use crate::catalog;
use crate::engine::Report;
use crate::finding::Severity;
use crate::pack::Pack;

const INFORMATION_URI: &str = "https://github.com/itsmlint/itsmlint";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The log, serialised straight to the output: a tree of JSON values took about 13 KiB per
/// finding (400 MiB for one document with 30,000). Every struct lists its fields in
/// alphabetical order, the order serde_json prints a map's keys in, which the small constant
/// parts still are.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [LogRun<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
struct LogRun<'a> {
    #[serde(rename = "columnKind")]
    column_kind: &'static str,
    invocations: Value,
    results: Vec<SarifResult<'a>>,
    tool: Value,
}

#[derive(Serialize)]
struct SarifResult<'a> {
    level: &'static str,
    locations: [Location; 1],
    message: Text,
    #[serde(rename = "partialFingerprints")]
    partial_fingerprints: Fingerprints,
    #[serde(rename = "ruleId")]
    rule_id: &'a str,
    #[serde(rename = "ruleIndex", skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
}

#[derive(Serialize)]
struct Location {
    #[serde(rename = "physicalLocation")]
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
struct PhysicalLocation {
    #[serde(rename = "artifactLocation")]
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
    #[serde(rename = "uriBaseId")]
    uri_base_id: &'static str,
}

/// A span's region, or only its first line for a finding about the whole file.
#[derive(Serialize)]
struct Region {
    #[serde(rename = "endColumn", skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
    #[serde(rename = "endLine", skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(rename = "startColumn", skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(rename = "startLine")]
    start_line: usize,
}

impl Region {
    fn first_line() -> Self {
        Self {
            end_column: None,
            end_line: None,
            start_column: None,
            start_line: 1,
        }
    }
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "itsmlint/v1")]
    v1: String,
}

pub fn render(report: &Report, pack: &Pack, prefix: &str) -> String {
    let rules: Vec<Value> = pack
        .rules()
        .iter()
        .map(|r| {
            let page = catalog::explain_rule(pack, r);
            let clauses = citation(&pack.standard, &r.clauses);
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": format!("{}{clauses}", r.summary) },
                "help": { "text": page, "markdown": page },
                "helpUri": format!("{INFORMATION_URI}/blob/main/README.md#rules"),
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "tags": r.clauses.iter().map(|c| format!("{} {c}", pack.standard)).collect::<Vec<_>>() },
            })
        })
        .collect();
    let index = |code: &str| pack.rules().iter().position(|r| r.code == code);
    let prints = fingerprints(report);
    let results: Vec<SarifResult<'_>> = report
        .findings
        .iter()
        .zip(prints.iter())
        .map(|(f, print)| {
            let (uri, region) = match (&f.path, f.start, f.end) {
                (Some(path), Some(start), end) => {
                    let end = end.unwrap_or(start);
                    let least_end = if end.line == start.line {
                        start.utf16_column + 1
                    } else {
                        1
                    };
                    (
                        location_path(prefix, path),
                        Region {
                            end_column: Some(end.utf16_column.max(least_end)),
                            end_line: Some(end.line),
                            start_column: Some(start.utf16_column),
                            start_line: start.line,
                        },
                    )
                }
                (Some(path), None, _) => (location_path(prefix, path), Region::first_line()),
                // Repository findings point at the configuration, else the repository root.
                (None, _, _) => (
                    location_path(prefix, report.config.as_deref().unwrap_or(".")),
                    Region::first_line(),
                ),
            };
            SarifResult {
                level: level(f.severity),
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri,
                            uri_base_id: "%SRCROOT%",
                        },
                        region,
                    },
                }],
                message: Text {
                    text: format!("{}{}", f.message, citation(&pack.standard, &f.clauses)),
                },
                partial_fingerprints: Fingerprints { v1: print.clone() },
                rule_id: &f.code,
                rule_index: index(&f.code),
            }
        })
        .collect();
    let sarif = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [LogRun {
            column_kind: "utf16CodeUnits",
            invocations: json!([{
                "executionSuccessful": true,
                "properties": { "today": report.today.to_string(), "packs": pack.sources },
            }]),
            results,
            tool: json!({ "driver": {
                "name": "itsmlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules,
            } }),
        }],
        version: "2.1.0",
    };
    let mut text = serde_json::to_string_pretty(&sarif).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    text.push('\n');
    text
}
