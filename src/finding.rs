//! The one result type every check produces: plain data, rendered by `render`.

use std::ops::Range;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "error" => Some(Self::Error),
            "warning" | "warn" => Some(Self::Warning),
            "info" | "note" => Some(Self::Info),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// One diagnostic. `path` is `None` for repository-level findings (a missing document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub clauses: Vec<String>,
    pub path: Option<String>,
    /// Byte range into the file's text; empty ranges mark a point.
    pub span: Option<Range<usize>>,
    pub message: String,
    pub help: Option<String>,
    /// Short text shown under the source snippet in human output.
    pub label: Option<String>,
    /// The document type the finding is about (the file's type, or the missing one for REQ001).
    pub doc_type: Option<String>,
    /// Resolved from `span` once the file's text is known; `None` for whole-file findings.
    pub start: Option<crate::source::Position>,
    pub end: Option<crate::source::Position>,
}

impl Finding {
    /// The order every output format uses: path (repository findings first), position, code.
    pub fn sort_key(&self) -> (bool, &str, usize, &str, usize, &str) {
        let start = self.span.as_ref().map_or(0, |s| s.start);
        let end = self.span.as_ref().map_or(0, |s| s.end);
        (
            self.path.is_some(),
            self.path.as_deref().unwrap_or(""),
            start,
            &self.code,
            end,
            &self.message,
        )
    }
}
