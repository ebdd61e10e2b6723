//! Errors that stop a run (exit code 2): bad configuration, bad packs, bad arguments, I/O.
//! Each carries the file it came from and a span into it, so miette can show the line.

use std::ops::Range;
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};

/// One problem in a TOML file (a pack or `itsmlint.toml`).
#[derive(Debug, Clone, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(itsmlint::config))]
pub struct SpannedError {
    pub message: String,
    #[source_code]
    pub source_code: NamedSource<Arc<str>>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

/// A named TOML text that errors can point into.
#[derive(Debug, Clone)]
pub struct TomlSource {
    pub name: String,
    pub text: Arc<str>,
    /// A pack compiled into the binary: its patterns were checked by the test suite, so
    /// loading it skips the checks that guard against a user's pathological regex.
    pub built_in: bool,
}

impl TomlSource {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            built_in: false,
        }
    }

    pub fn built_in(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Self {
            built_in: true,
            ..Self::new(name, text)
        }
    }

    pub fn error(&self, message: impl Into<String>, span: Option<Range<usize>>) -> SpannedError {
        let span = span.map(|s| {
            let start = s.start.min(self.text.len());
            let end = s.end.clamp(start, self.text.len());
            SourceSpan::from(start..end)
        });
        SpannedError {
            message: message.into(),
            source_code: NamedSource::new(&self.name, Arc::clone(&self.text)),
            span,
            label: "here".into(),
            help: None,
        }
    }

    pub fn toml_error(&self, context: &str, err: &toml::de::Error) -> SpannedError {
        let message = err.message().trim().to_owned();
        let error = self.error(format!("{context}: {message}"), err.span());
        match closest_expected(&message) {
            Some(name) => error.with_help(format!("did you mean `{name}`?")),
            None => error,
        }
    }
}

/// For serde's "unknown field `selct`, expected one of `packs`, `select`, ..." (and "unknown
/// variant"), the expected name the unknown one was most likely meant to be.
fn closest_expected(message: &str) -> Option<&str> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (unknown, expected) = rest.split_once('`')?;
    // serde lists the names as "`a`, `b`" or "`a` or `b`": the names are what the back
    // quotes hold, whatever joins them.
    let names = expected.split('`').skip(1).step_by(2);
    crate::suggest::closest(unknown, names).first().copied()
}

impl SpannedError {
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }
}

/// Everything that can stop a run before or while linting.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    #[error("{} in {name}", crate::render::plural(errors.len(), "problem"))]
    #[diagnostic(code(itsmlint::config))]
    Toml {
        name: String,
        #[related]
        errors: Vec<SpannedError>,
    },
    #[error("{message}")]
    #[diagnostic(code(itsmlint::usage))]
    Usage {
        message: String,
        #[help]
        help: Option<String>,
    },
    /// The cause is the source error, which the report prints beneath: not in the message too.
    #[error("cannot read {path}")]
    #[diagnostic(code(itsmlint::io))]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}; nothing was written")]
    #[diagnostic(code(itsmlint::io))]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Self::Usage {
            message: message.into(),
            help: None,
        }
    }

    /// The problems are listed in the order of the files they are in, as findings are: the
    /// order the loader met them in (each stage over every rule in turn) jumps about the file.
    pub fn toml(name: impl Into<String>, mut errors: Vec<SpannedError>) -> Self {
        errors.sort_by(|a, b| {
            let place = |e: &SpannedError| e.span.map(|span| span.offset());
            a.source_code
                .name()
                .cmp(b.source_code.name())
                .then_with(|| place(a).cmp(&place(b)))
        });
        Self::Toml {
            name: name.into(),
            errors,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::closest_expected;

    #[test]
    fn unknown_keys_get_the_expected_name_they_were_meant_to_be() {
        let expected =
            "expected one of `packs`, `builtin`, `select`, `extend-select`, `per-file-ignores`, `severity`";
        let suggest = |unknown: &str| {
            closest_expected(&format!("unknown field `{unknown}`, {expected}")).map(str::to_owned)
        };
        assert_eq!(suggest("per_file_ignores"), Some("per-file-ignores".into()));
        assert_eq!(suggest("selct"), Some("select".into()));
        assert_eq!(suggest("Severity"), Some("severity".into()));
        assert_eq!(suggest("extend_select"), Some("extend-select".into()));
        assert_eq!(suggest("colour"), None);
        assert_eq!(
            closest_expected("unknown variant `eror`, expected one of `error`, `warning`, `info`"),
            Some("error")
        );
        assert_eq!(closest_expected("unknown field `x`, expected `packs`"), None);
        assert_eq!(
            closest_expected("unknown field `max-intervall`, expected `max-interval` or `warning-window`"),
            Some("max-interval")
        );
        assert_eq!(
            closest_expected("invalid type: integer `1`, expected a string"),
            None
        );
    }
}
