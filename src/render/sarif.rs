//! SARIF 2.1.0 for GitHub code scanning and other static-analysis dashboards.

use serde_json::{Value, json};

use super::{citation, fingerprint, location_path};
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

pub fn render(report: &Report, pack: &Pack, prefix: &str) -> String {
    let rules: Vec<Value> = pack
        .rules
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
    let index = |code: &str| pack.rules.iter().position(|r| r.code == code);
    let mut seen = std::collections::HashMap::new();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let (uri, region) = match (&f.path, f.start, f.end) {
                (Some(path), Some(start), end) => {
                    let end = end.unwrap_or(start);
                    (
                        location_path(prefix, path),
                        json!({
                            "startLine": start.line,
                            "startColumn": start.utf16_column,
                            "endLine": end.line,
                            "endColumn": end.utf16_column.max(if end.line == start.line { start.utf16_column + 1 } else { 1 }),
                        }),
                    )
                }
                (Some(path), None, _) => (location_path(prefix, path), json!({ "startLine": 1 })),
                // Repository findings point at the configuration, else the repository root.
                (None, _, _) => (
                    location_path(prefix, report.config.as_deref().unwrap_or(".")),
                    json!({ "startLine": 1 }),
                ),
            };
            let print = fingerprint(report, f, &mut seen);
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": { "text": format!("{}{}", f.message, citation(&pack.standard, &f.clauses)) },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
                    "region": region,
                } }],
                "partialFingerprints": { "itsmlint/v1": print },
            });
            if let (Some(i), Some(obj)) = (index(&f.code), result.as_object_mut()) {
                obj.insert("ruleIndex".into(), json!(i));
            }
            result
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "itsmlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules,
            } },
            "columnKind": "utf16CodeUnits",
            "invocations": [{
                "executionSuccessful": true,
                "properties": { "today": report.today.to_string(), "packs": pack.sources },
            }],
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&sarif).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    text.push('\n');
    text
}
