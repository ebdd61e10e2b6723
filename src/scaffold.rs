//! Files itsmlint writes on request: the starter `itsmlint.toml` (`init`) and a document
//! skeleton built from the pack (`new`). Writes are atomic and never replace a file unless told.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, Result};
use crate::pack::{DocType, FieldType, Pack};

/// Writes `contents` to `path` through a temporary file in the same folder, so a reader never
/// sees half a file. An existing file is replaced only with `force`.
pub fn write_new(path: &Path, contents: &str, force: bool) -> Result<()> {
    if path.exists() && !force {
        return Err(Error::Usage {
            message: format!("{} already exists; nothing was written", path.display()),
            help: Some("pass --force to replace it".into()),
        });
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let io = |source: std::io::Error| Error::Write {
        path: path.display().to_string(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let mut file = tempfile::NamedTempFile::new_in(&dir).map_err(io)?;
    file.write_all(contents.as_bytes()).map_err(io)?;
    file.as_file().sync_all().map_err(io)?;
    if force {
        file.persist(path).map_err(|e| io(e.error))?;
    } else {
        // `persist_noclobber` refuses if the file appeared since the check above.
        file.persist_noclobber(path).map_err(|e| io(e.error))?;
    }
    Ok(())
}

/// Writes an output file the user named (`--output`): replaced atomically if it exists (the
/// CLI has refused a file the run reads before this).
pub fn write_replacing(path: &Path, contents: &str) -> Result<()> {
    write_new(path, contents, true)
}

pub const STARTER_CONFIG: &str = r#"# itsmlint configuration: https://github.com/itsmlint/itsmlint#configuration-itsmlinttoml
# Every key is optional; the values shown are the defaults unless marked "example".

# Rule packs after the built-in ISO/IEC 20000-1:2018 pack (paths relative to this file).
# packs = ["rules/our-additions.toml"]

# Which Markdown files are SMS documents.
# include = ["**/*.md"]
# extend-exclude = ["archive/", "templates/**"]          # example

# Which rules run: codes (DOC004), families (DOC), names (review-overdue) or ALL.
# select = ["ALL"]
# ignore = ["REQ002"]                                    # example

# Findings recorded with `itsmlint check --write-baseline FILE`, left out of every check.
# baseline = "itsmlint-baseline.json"                    # example

# [per-file-ignores]                                     # example
# "legacy/**" = ["DOC004", "SEC"]

# [severity]                                             # example
# DOC005 = "error"

# Your names for the document-control fields.
# [fields.owner]                                         # example
# aliases = ["Process Owner", "Accountable"]

# [review]
# max-interval = "12 months"
# warning-window = "30 days"

# Words that must not appear in controlled documents (TXT002).
# [[forbidden]]                                          # example
# pattern = "(?i)\\bdraft\\b"
# message = "`{match}` in an approved document"
# paths = ["policies/**"]
"#;

/// Kind of document → the folder `new` puts it in.
pub fn folder_for(kind: &str) -> &'static str {
    match kind {
        "policy" => "policies",
        "plan" => "plans",
        "procedure" => "procedures",
        "record" => "records",
        "register" => "registers",
        "agreement" => "agreements",
        "report" => "reports",
        "statement" => "sms",
        _ => "documents",
    }
}

fn yaml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// A document skeleton for `doc`: every required field (what only the author can know left as
/// a `{{ placeholder }}`) and every required section with a one-line prompt.
pub fn skeleton(pack: &Pack, doc: &DocType) -> String {
    let mut out = String::from("---\n");
    for field in pack.fields.iter().filter(|f| f.required) {
        let value = match (field.name.as_str(), field.kind) {
            ("title", _) => format!("\"{}\"", doc.title),
            ("type", _) | (_, FieldType::DocumentType) => doc.id.clone(),
            ("version", _) | (_, FieldType::Version) => "0.1".to_owned(),
            (_, FieldType::Enum) => field
                .values
                .first()
                .cloned()
                .unwrap_or_else(|| "\"{{ value }}\"".into()),
            (_, FieldType::Date) => "\"{{ YYYY-MM-DD }}\"".to_owned(),
            (_, FieldType::Person) => format!("\"{{{{ {} }}}}\"", field.name.replace('_', " ")),
            (_, FieldType::ClauseList) => yaml_list(&doc.clauses),
            (name, _) => format!("\"{{{{ {} }}}}\"", name.replace('_', " ")),
        };
        let _ = writeln!(out, "{}: {value}", field.name);
    }
    if pack.field("clauses").is_some_and(|f| !f.required) {
        let _ = writeln!(out, "clauses: {}", yaml_list(&doc.clauses));
    }
    if doc.external_ok {
        out.push_str("# records_location: \"where these records are kept (tool, URL)\"\n");
    }
    out.push_str("---\n\n");
    let _ = writeln!(out, "# {}\n", doc.title);
    let _ = writeln!(
        out,
        "<!-- From `itsmlint new {id}`; `itsmlint explain {id}` describes each section. -->\n",
        id = doc.id
    );
    let what = doc.title.to_lowercase();
    for section in doc.sections.iter().filter(|s| !s.column) {
        let _ = writeln!(out, "## {}\n", section.display);
        let _ = writeln!(
            out,
            "TODO: describe {} for this {what}.\n",
            section.display.to_lowercase()
        );
    }
    let columns: Vec<&str> = doc
        .sections
        .iter()
        .filter(|s| s.column)
        .map(|s| s.display.as_str())
        .collect();
    if !columns.is_empty() {
        out.push_str("## Register\n\n");
        let _ = writeln!(out, "| {} |", columns.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(columns.len()));
        let _ = writeln!(out, "|{}", " TODO |".repeat(columns.len()));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/itsmlint.toml");
        write_new(&path, "one", false).unwrap();
        assert!(write_new(&path, "two", false).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one");
        write_new(&path, "three", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "three");
    }

    #[test]
    fn starter_config_parses() {
        let value: toml::Table = toml::from_str(STARTER_CONFIG).unwrap();
        assert!(value.is_empty(), "every key is commented out");
    }
}
