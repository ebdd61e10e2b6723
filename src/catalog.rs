//! What the loaded packs contain, for people and tools: `itsmlint rules` (the list) and
//! `itsmlint explain` (the full page of a rule, a document type or a clause).

use std::fmt::Write;

use serde::Serialize;

use crate::pack::{Clause, DocType, Pack, Rule};

/// The kind of thing `explain` was asked about.
pub enum Topic<'p> {
    Rule(&'p Rule),
    DocType(&'p DocType),
    Clause(&'p Clause),
}

/// Finds what `query` names: a rule code or name, a document type id, or a clause number.
pub fn lookup<'p>(pack: &'p Pack, query: &str) -> Option<Topic<'p>> {
    let query = query.trim();
    let clause = query
        .trim_start_matches(['§', ' '])
        .trim_start_matches("clause")
        .trim();
    pack.rule(query)
        .map(Topic::Rule)
        .or_else(|| pack.document(query).map(Topic::DocType))
        .or_else(|| pack.clause(clause).map(Topic::Clause))
}

/// The rule codes and names, document types and clauses `query` was most likely meant to be.
pub fn topics_like<'a>(pack: &'a Pack, query: &str) -> Vec<&'a str> {
    let names = pack
        .rules()
        .iter()
        .flat_map(|r| [r.code.as_str(), r.name.as_str()])
        .chain(pack.documents().iter().map(|d| d.id.as_str()))
        .chain(pack.clauses.iter().map(|c| c.id.as_str()));
    crate::suggest::closest(query, names)
}

fn clause_list(pack: &Pack, clauses: &[String]) -> String {
    clauses
        .iter()
        .map(|c| match pack.clause(c) {
            Some(clause) => format!("{} {}", clause.id, clause.title),
            None => c.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The help template with its `{placeholders}` shown as the reader will see them.
fn generic(template: &str) -> String {
    crate::checks::fill(
        template,
        &[
            ("field", "<field>".into()),
            ("label", "<Field>".into()),
            ("section", "<section>".into()),
            ("after", "<previous section>".into()),
            ("doctype", "<document-type>".into()),
            ("due", "<due date>".into()),
            ("latest", "<latest date>".into()),
            ("replacement", "<2018 clause>".into()),
        ],
    )
}

pub fn explain_rule(pack: &Pack, rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} ({}): {}\n", rule.code, rule.name, rule.summary);
    let clauses = if rule.clauses.is_empty() {
        "the clauses of the document type concerned".to_owned()
    } else {
        clause_list(pack, &rule.clauses)
    };
    let _ = writeln!(out, "Severity: {}", rule.severity.as_str());
    let _ = writeln!(out, "Clauses: {} ({})", clauses, pack.standard);
    let _ = writeln!(out, "Check: {} (from pack {})\n", rule.check.name(), rule.pack);
    out.push_str(rule.check.doc());
    out.push_str("\n\n## How to fix\n");
    let help = rule.help.as_deref().map_or_else(|| rule.summary.clone(), generic);
    let _ = writeln!(out, "{help}");
    let _ = write!(
        out,
        "\n## How to suppress\nIn the document, with the reason an auditor will read:\n\n    <!-- itsmlint-disable-next-line {code} -- why this is acceptable -->\n\n\
         or for the whole file `<!-- itsmlint-disable-file {code} -- why -->`. In `itsmlint.toml`:\n\
         `ignore = [\"{code}\"]`, or `[per-file-ignores]` `\"archive/**\" = [\"{code}\"]`.\n",
        code = rule.code
    );
    out
}

pub fn explain_doc_type(pack: &Pack, doc: &DocType) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} (`{}`)\n", doc.title, doc.id);
    let _ = writeln!(out, "Kind: {}", doc.kind);
    let _ = writeln!(
        out,
        "Clauses: {} ({})",
        clause_list(pack, &doc.clauses),
        pack.standard
    );
    let need = match doc.basis.as_str() {
        "explicit" => "the standard requires this documented information",
        "implied" => "the standard requires its content without naming a document; auditors expect one",
        _ => "not required by the standard; a common audit expectation",
    };
    let _ = writeln!(
        out,
        "Required in every repository: {} ({need})",
        if doc.required {
            "yes, REQ001 when missing"
        } else {
            "no"
        }
    );
    if !doc.itil.is_empty() {
        let _ = writeln!(out, "ITIL 4 practices: {}", doc.itil.join(", "));
    }
    if let Some(description) = &doc.description {
        let _ = writeln!(out, "\n{description}");
    }
    out.push_str("\n## How a document is recognised\n");
    let _ = writeln!(
        out,
        "- front matter `type: {}`",
        doc.match_types.join("` or `type: ")
    );
    if !doc.match_path_patterns.is_empty() {
        let _ = writeln!(
            out,
            "- or its path matches {}",
            doc.match_path_patterns.join(", ")
        );
    }
    if !doc.match_titles.is_empty() {
        let titles: Vec<String> = doc
            .match_titles
            .iter()
            .map(|r| format!("/{}/", r.as_str()))
            .collect();
        let _ = writeln!(out, "- or its title matches {}", titles.join(", "));
    }
    let sections: Vec<_> = doc.sections.iter().filter(|s| !s.column).collect();
    let columns: Vec<_> = doc.sections.iter().filter(|s| s.column).collect();
    if !sections.is_empty() {
        let order = if doc.ordered {
            ", in this order (SEC003)"
        } else {
            ""
        };
        let _ = writeln!(out, "\n## Required sections (SEC001, SEC002{order})");
        for s in &sections {
            let alternatives: Vec<&str> = s.names.iter().skip(1).map(String::as_str).collect();
            if alternatives.is_empty() {
                let _ = writeln!(out, "- {}", s.display);
            } else {
                let _ = writeln!(
                    out,
                    "- {} (also accepted: {})",
                    s.display,
                    alternatives.join("; ")
                );
            }
        }
    }
    if !columns.is_empty() {
        out.push_str("\n## Required register columns (a table column or a heading of that name)\n");
        for c in &columns {
            let _ = writeln!(out, "- {}", c.display);
        }
    }
    if doc.external_ok {
        out.push_str(
            "\nThese records normally live in an ITSM tool. A page of this type with\n\
             `records_location: <system, URL or path>` in its front matter stands for them: its\n\
             sections are then not required.\n",
        );
    }
    let first = sections
        .first()
        .or(columns.first())
        .map_or("Purpose", |s| s.display.as_str());
    let _ = write!(
        out,
        "\n## Example\nFails: a `type: {id}` document without a `## {first}` heading (SEC001).\n\
         Passes: the skeleton from `itsmlint new {id}`, once its fields and TODO prompts are filled in.\n\
         \n## How to suppress\nA section that does not apply is better kept with one line saying why; otherwise\n\
         `<!-- itsmlint-disable-file SEC001 -- why the section does not apply -->` in the document.\n",
        id = doc.id
    );
    out
}

pub fn explain_clause(pack: &Pack, clause: &Clause) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} {} ({})\n", clause.id, clause.title, pack.standard);
    let parents: Vec<String> = pack
        .clauses
        .iter()
        .filter(|c| clause.id.starts_with(&format!("{}.", c.id)))
        .map(|c| format!("{} {}", c.id, c.title))
        .collect();
    if !parents.is_empty() {
        let _ = writeln!(out, "Part of: {}", parents.join(" > "));
    }
    let children: Vec<String> = pack
        .clauses
        .iter()
        .filter(|c| {
            c.id.strip_prefix(&format!("{}.", clause.id))
                .is_some_and(|rest| !rest.contains('.'))
        })
        .map(|c| format!("{} {}", c.id, c.title))
        .collect();
    if !children.is_empty() {
        let _ = writeln!(out, "Sub-clauses: {}", children.join("; "));
    }
    if !clause.itil.is_empty() {
        let _ = writeln!(out, "ITIL 4 practices: {}", clause.itil.join(", "));
    }
    let earlier: Vec<String> = pack
        .clause_moves
        .iter()
        .filter(|m| m.to.contains(&clause.id))
        .map(|m| format!("{} ({})", m.from, m.topic))
        .collect();
    if !earlier.is_empty() {
        let _ = writeln!(out, "In the 2011 edition: {}", earlier.join("; "));
    }
    let within = |c: &String| *c == clause.id || c.starts_with(&format!("{}.", clause.id));
    let docs: Vec<&DocType> = pack
        .documents()
        .iter()
        .filter(|d| d.clauses.iter().any(within))
        .collect();
    out.push_str("\n## Document types\n");
    if docs.is_empty() {
        out.push_str("None: the clause asks for no document of its own.\n");
    }
    for d in docs {
        let required = if d.required { ", required" } else { "" };
        let _ = writeln!(out, "- `{}`: {} ({}{required})", d.id, d.title, d.kind);
    }
    let rules: Vec<&Rule> = pack
        .rules()
        .iter()
        .filter(|r| r.clauses.iter().any(within))
        .collect();
    if !rules.is_empty() {
        out.push_str("\n## Rules\n");
        for r in rules {
            let _ = writeln!(out, "- {} ({}): {}", r.code, r.name, r.summary);
        }
    }
    out
}

pub fn explain(pack: &Pack, topic: &Topic<'_>) -> String {
    match topic {
        Topic::Rule(rule) => explain_rule(pack, rule),
        Topic::DocType(doc) => explain_doc_type(pack, doc),
        Topic::Clause(clause) => explain_clause(pack, clause),
    }
}

/// `itsmlint rules` as text: the rules, then the document types.
pub fn rules_text(pack: &Pack, enabled: &dyn Fn(&str) -> bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Rules ({}):", pack.sources.join(", "));
    for r in pack.rules() {
        let clauses = if r.clauses.is_empty() {
            "type's clause".to_owned()
        } else {
            r.clauses.join(",")
        };
        let off = if enabled(&r.code) { "" } else { " [not selected]" };
        let _ = writeln!(
            out,
            "  {:<7} {:<28} {:<8} {:<14} {}{off}",
            r.code,
            r.name,
            r.severity.as_str(),
            clauses,
            r.summary
        );
    }
    out.push_str("\nDocument types (* = required in every repository):\n");
    for d in pack.documents() {
        let mark = if d.required { "*" } else { " " };
        let _ = writeln!(
            out,
            "  {mark} {:<40} {:<10} {:<18} {}",
            d.id,
            d.kind,
            d.clauses.join(","),
            d.title
        );
    }
    out
}

#[derive(Serialize)]
struct JsonRule<'a> {
    code: &'a str,
    name: &'a str,
    check: &'a str,
    severity: &'a str,
    clauses: &'a [String],
    summary: &'a str,
    enabled: bool,
}

#[derive(Serialize)]
struct JsonSection<'a> {
    name: &'a str,
    accepted: &'a [String],
    column: bool,
}

#[derive(Serialize)]
struct JsonDocType<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'a str,
    clauses: &'a [String],
    required: bool,
    basis: &'a str,
    external_ok: bool,
    itil: &'a [String],
    ordered: bool,
    sections: Vec<JsonSection<'a>>,
}

#[derive(Serialize)]
struct JsonClause<'a> {
    id: &'a str,
    title: &'a str,
    itil: &'a [String],
}

#[derive(Serialize)]
struct JsonCatalog<'a> {
    version: u32,
    packs: &'a [String],
    standard: &'a str,
    rules: Vec<JsonRule<'a>>,
    document_types: Vec<JsonDocType<'a>>,
    clauses: Vec<JsonClause<'a>>,
}

/// `itsmlint rules --format json`.
pub fn rules_json(pack: &Pack, enabled: &dyn Fn(&str) -> bool) -> String {
    let catalog = JsonCatalog {
        version: 1,
        packs: &pack.sources,
        standard: &pack.standard,
        rules: pack
            .rules()
            .iter()
            .map(|r| JsonRule {
                code: &r.code,
                name: &r.name,
                check: r.check.name(),
                severity: r.severity.as_str(),
                clauses: &r.clauses,
                summary: &r.summary,
                enabled: enabled(&r.code),
            })
            .collect(),
        document_types: pack
            .documents()
            .iter()
            .map(|d| JsonDocType {
                id: &d.id,
                title: &d.title,
                kind: &d.kind,
                clauses: &d.clauses,
                required: d.required,
                basis: &d.basis,
                external_ok: d.external_ok,
                itil: &d.itil,
                ordered: d.ordered,
                sections: d
                    .sections
                    .iter()
                    .map(|s| JsonSection {
                        name: &s.display,
                        accepted: &s.names,
                        column: s.column,
                    })
                    .collect(),
            })
            .collect(),
        clauses: pack
            .clauses
            .iter()
            .map(|c| JsonClause {
                id: &c.id,
                title: &c.title,
                itil: &c.itil,
            })
            .collect(),
    };
    let mut text =
        serde_json::to_string_pretty(&catalog).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    text.push('\n');
    text
}
