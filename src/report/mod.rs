//! The gap-analysis and audit-readiness model behind `itsmlint report`: clause coverage, the
//! review calendar and the owners view, computed from one engine run. Renderers turn it into
//! HTML or Markdown; JSON is the model itself (schema: `src/report/report.schema.json`).

pub mod html;
pub mod markdown;

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::checks::fields::parse_date;
use crate::checks::{Interval, IntervalUnit};
use crate::engine::{DocInfo, Report};
use crate::finding::Severity;
use crate::pack::Pack;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClauseStatus {
    /// Documents of the clause's types exist and none has a finding.
    Covered,
    CoveredWithFindings,
    /// A required document type of the clause is absent.
    Missing,
    /// The clause's document types are optional and none is present.
    NotDocumented,
    /// No document type answers this clause on its own.
    NoDocumentRequired,
}

impl ClauseStatus {
    pub fn text(self) -> &'static str {
        match self {
            Self::Covered => "Covered",
            Self::CoveredWithFindings => "Covered, with findings",
            Self::Missing => "Missing",
            Self::NotDocumented => "Not documented (optional)",
            Self::NoDocumentRequired => "No document of its own",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewState {
    Overdue,
    Due30,
    Due60,
    Due90,
    Current,
    Unknown,
}

impl ReviewState {
    pub fn text(self) -> &'static str {
        match self {
            Self::Overdue => "Overdue",
            Self::Due30 => "Due within 30 days",
            Self::Due60 => "Due within 60 days",
            Self::Due90 => "Due within 90 days",
            Self::Current => "Current",
            Self::Unknown => "No review date",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Totals {
    /// Clauses that some document type answers.
    pub clauses_with_documents: usize,
    /// Of those, clauses with at least one document present.
    pub clauses_covered: usize,
    pub required_types: usize,
    pub required_types_present: usize,
    pub documents: usize,
    /// Documents without any finding.
    pub documents_clean: usize,
    /// Documents without errors.
    pub documents_without_errors: usize,
    pub errors: usize,
    pub warnings: usize,
    /// 0 to 100.
    pub readiness: u32,
    pub readiness_method: &'static str,
}

#[derive(Debug, Serialize)]
pub struct TypeRef {
    pub id: String,
    pub title: String,
    pub required: bool,
}

#[derive(Debug, Serialize)]
pub struct ClauseRow {
    pub id: String,
    pub title: String,
    /// 0 for a top-level clause.
    pub depth: usize,
    pub itil: Vec<String>,
    pub document_types: Vec<TypeRef>,
    /// Paths of the documents of those types.
    pub documents: Vec<String>,
    pub status: ClauseStatus,
    pub status_text: &'static str,
}

#[derive(Debug, Serialize)]
pub struct FindingRow {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub line: Option<usize>,
    pub message: String,
    pub clauses: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct DocRow {
    pub path: String,
    pub title: Option<String>,
    pub doc_type: Option<String>,
    pub type_title: Option<String>,
    pub owner: Option<String>,
    pub version: Option<String>,
    pub status: Option<String>,
    pub last_reviewed: Option<String>,
    pub next_review: Option<String>,
    pub review: ReviewState,
    pub review_text: &'static str,
    /// Days until the review is due (negative when overdue).
    pub review_in_days: Option<i64>,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<FindingRow>,
}

#[derive(Debug, Serialize)]
pub struct MissingType {
    pub id: String,
    pub title: String,
    pub clauses: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct CalendarEntry {
    pub path: String,
    pub title: Option<String>,
    pub owner: String,
    pub due: String,
    pub in_days: i64,
}

#[derive(Debug, Default, Serialize)]
pub struct Calendar {
    pub overdue: Vec<CalendarEntry>,
    pub due_30: Vec<CalendarEntry>,
    pub due_60: Vec<CalendarEntry>,
    pub due_90: Vec<CalendarEntry>,
}

#[derive(Debug, Serialize)]
pub struct OwnerRow {
    pub owner: String,
    pub documents: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
    pub overdue: usize,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

/// Everything the report shows.
#[derive(Debug, Serialize)]
pub struct Coverage {
    pub version: u32,
    pub tool: Tool,
    pub today: String,
    pub standard: String,
    pub packs: Vec<String>,
    /// The repository's folder name, for titles.
    pub repository: String,
    pub summary: Totals,
    pub clauses: Vec<ClauseRow>,
    pub missing: Vec<MissingType>,
    pub documents: Vec<DocRow>,
    pub calendar: Calendar,
    pub owners: Vec<OwnerRow>,
    pub unclassified: Vec<String>,
    /// Findings about the repository as a whole (REQ001), as messages.
    pub repository_findings: Vec<FindingRow>,
}

const READINESS_METHOD: &str =
    "60% × share of required document types present + 40% × share of documents without errors";
const NO_OWNER: &str = "(no owner)";

fn review(info: &DocInfo, today: Date) -> (ReviewState, Option<Date>) {
    let next = info.field("next_review").and_then(|d| parse_date(d).ok());
    let due = next.or_else(|| {
        let last = info.field("last_reviewed").and_then(|d| parse_date(d).ok())?;
        Some(
            Interval {
                amount: 12,
                unit: IntervalUnit::Months,
            }
            .after(last),
        )
    });
    let Some(due) = due else {
        return (ReviewState::Unknown, None);
    };
    let days = days_until(today, due);
    let state = match days {
        d if d < 0 => ReviewState::Overdue,
        d if d <= 30 => ReviewState::Due30,
        d if d <= 60 => ReviewState::Due60,
        d if d <= 90 => ReviewState::Due90,
        _ => ReviewState::Current,
    };
    (state, Some(due))
}

fn days_until(today: Date, due: Date) -> i64 {
    today.until(due).map_or(0, |span| i64::from(span.get_days()))
}

fn finding_row(f: &crate::finding::Finding) -> FindingRow {
    FindingRow {
        code: f.code.clone(),
        name: f.name.clone(),
        severity: f.severity,
        line: f.start.map(|p| p.line),
        message: f.message.clone(),
        clauses: f.clauses.clone(),
    }
}

/// Builds the coverage model from a run's report.
pub fn build(report: &Report, pack: &Pack) -> Coverage {
    let today = report.today;
    let mut documents: Vec<DocRow> = report
        .infos
        .iter()
        .map(|info| {
            let findings: Vec<FindingRow> = report
                .findings
                .iter()
                .filter(|f| f.path.as_deref() == Some(info.path.as_str()))
                .map(finding_row)
                .collect();
            let (state, due) = review(info, today);
            let type_title = info
                .doc_type
                .as_deref()
                .and_then(|t| pack.document(t))
                .map(|t| t.title.clone());
            DocRow {
                path: info.path.clone(),
                title: info.title.clone(),
                doc_type: info.doc_type.clone(),
                type_title,
                owner: info.field("owner").map(str::to_owned),
                version: info.field("version").map(str::to_owned),
                status: info.field("status").map(str::to_owned),
                last_reviewed: info.field("last_reviewed").map(str::to_owned),
                next_review: info.field("next_review").map(str::to_owned),
                review: state,
                review_text: state.text(),
                review_in_days: due.map(|d| days_until(today, d)),
                errors: findings.iter().filter(|f| f.severity == Severity::Error).count(),
                warnings: findings
                    .iter()
                    .filter(|f| f.severity == Severity::Warning)
                    .count(),
                findings,
            }
        })
        .collect();
    documents.sort_by(|a, b| a.path.cmp(&b.path));

    let docs_of = |type_id: &str| -> Vec<&DocRow> {
        documents
            .iter()
            .filter(|d| d.doc_type.as_deref() == Some(type_id))
            .collect()
    };
    let clauses: Vec<ClauseRow> = pack
        .clauses
        .iter()
        .map(|clause| {
            let types: Vec<_> = pack
                .documents()
                .iter()
                .filter(|d| d.clauses.contains(&clause.id))
                .collect();
            let present: Vec<&DocRow> = types.iter().flat_map(|t| docs_of(&t.id)).collect();
            let status = if types.is_empty() {
                ClauseStatus::NoDocumentRequired
            } else if types.iter().any(|t| t.required && docs_of(&t.id).is_empty()) {
                ClauseStatus::Missing
            } else if present.is_empty() {
                ClauseStatus::NotDocumented
            } else if present.iter().any(|d| !d.findings.is_empty()) {
                ClauseStatus::CoveredWithFindings
            } else {
                ClauseStatus::Covered
            };
            ClauseRow {
                id: clause.id.clone(),
                title: clause.title.clone(),
                depth: clause.id.matches('.').count(),
                itil: clause.itil.clone(),
                document_types: types
                    .iter()
                    .map(|t| TypeRef {
                        id: t.id.clone(),
                        title: t.title.clone(),
                        required: t.required,
                    })
                    .collect(),
                documents: present.iter().map(|d| d.path.clone()).collect(),
                status,
                status_text: status.text(),
            }
        })
        .collect();

    let missing: Vec<MissingType> = pack
        .documents()
        .iter()
        .filter(|t| t.required && docs_of(&t.id).is_empty())
        .map(|t| MissingType {
            id: t.id.clone(),
            title: t.title.clone(),
            clauses: t.clauses.clone(),
        })
        .collect();

    let mut calendar = Calendar::default();
    for d in &documents {
        let (Some(days), Some(due)) = (
            d.review_in_days,
            d.next_review.clone().or_else(|| d.last_reviewed.clone()),
        ) else {
            continue;
        };
        let entry = CalendarEntry {
            path: d.path.clone(),
            title: d.title.clone(),
            owner: d.owner.clone().unwrap_or_else(|| NO_OWNER.to_owned()),
            due: if d.next_review.is_some() {
                due
            } else {
                format!("{due} + 12 months")
            },
            in_days: days,
        };
        match d.review {
            ReviewState::Overdue => calendar.overdue.push(entry),
            ReviewState::Due30 => calendar.due_30.push(entry),
            ReviewState::Due60 => calendar.due_60.push(entry),
            ReviewState::Due90 => calendar.due_90.push(entry),
            ReviewState::Current | ReviewState::Unknown => {}
        }
    }
    for list in [
        &mut calendar.overdue,
        &mut calendar.due_30,
        &mut calendar.due_60,
        &mut calendar.due_90,
    ] {
        list.sort_by(|a, b| (&a.owner, a.in_days, &a.path).cmp(&(&b.owner, b.in_days, &b.path)));
    }

    let mut by_owner: BTreeMap<String, OwnerRow> = BTreeMap::new();
    for d in &documents {
        let owner = d.owner.clone().unwrap_or_else(|| NO_OWNER.to_owned());
        let row = by_owner.entry(owner.clone()).or_insert_with(|| OwnerRow {
            owner,
            documents: Vec::new(),
            errors: 0,
            warnings: 0,
            overdue: 0,
        });
        row.documents.push(d.path.clone());
        row.errors += d.errors;
        row.warnings += d.warnings;
        row.overdue += usize::from(d.review == ReviewState::Overdue);
    }

    let required_types = pack.documents().iter().filter(|t| t.required).count();
    let required_types_present = required_types - missing.len();
    let documents_without_errors = documents.iter().filter(|d| d.errors == 0).count();
    let with_documents: Vec<&ClauseRow> = clauses
        .iter()
        .filter(|c| c.status != ClauseStatus::NoDocumentRequired)
        .collect();
    let ratio = |part: usize, whole: usize| {
        if whole == 0 {
            1.0
        } else {
            part as f64 / whole as f64
        }
    };
    let readiness = if documents.is_empty() {
        0.0
    } else {
        100.0
            * (0.6 * ratio(required_types_present, required_types)
                + 0.4 * ratio(documents_without_errors, documents.len()))
    };
    let summary = Totals {
        clauses_with_documents: with_documents.len(),
        clauses_covered: with_documents.iter().filter(|c| !c.documents.is_empty()).count(),
        required_types,
        required_types_present,
        documents: documents.len(),
        documents_clean: documents.iter().filter(|d| d.findings.is_empty()).count(),
        documents_without_errors,
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
        // The value lies in 0..=100 by construction.
        readiness: readiness.round().clamp(0.0, 100.0) as u32,
        readiness_method: READINESS_METHOD,
    };
    let repository = std::fs::canonicalize(&report.root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "repository".to_owned());
    Coverage {
        version: 1,
        tool: Tool {
            name: "itsmlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        today: today.to_string(),
        standard: pack.standard.clone(),
        packs: pack.sources.clone(),
        repository,
        summary,
        clauses,
        missing,
        unclassified: documents
            .iter()
            .filter(|d| d.doc_type.is_none())
            .map(|d| d.path.clone())
            .collect(),
        calendar,
        owners: by_owner.into_values().collect(),
        repository_findings: report
            .findings
            .iter()
            .filter(|f| f.path.is_none())
            .map(finding_row)
            .collect(),
        documents,
    }
}

pub fn json(coverage: &Coverage) -> String {
    let mut text =
        serde_json::to_string_pretty(coverage).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    text.push('\n');
    text
}
