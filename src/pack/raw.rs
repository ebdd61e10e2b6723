//! The TOML shape of a pack, as serde reads it. Kept apart from the resolved model so the
//! file format can carry spans and defaults without leaking them into the engine.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub id: Spanned<String>,
    pub version: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub standard: Option<String>,
    #[serde(default)]
    #[expect(dead_code, reason = "documentation for pack authors; not used by the engine")]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClause {
    pub id: Spanned<String>,
    pub title: String,
    /// ITIL 4 practices that cover the clause.
    #[serde(default)]
    pub itil: Vec<String>,
}

/// A clause number of an earlier edition and where its content lives now.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClauseMove {
    pub from: Spanned<String>,
    pub to: Spanned<Vec<Spanned<String>>>,
    pub topic: String,
}

/// Additions to a document type another pack declared.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExtendDocument {
    pub id: Spanned<String>,
    #[serde(default)]
    pub sections: Vec<RawSection>,
    #[serde(default)]
    pub columns: Vec<String>,
    #[serde(default)]
    pub clauses: Vec<Spanned<String>>,
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default)]
    pub itil: Vec<String>,
    #[serde(default, rename = "match")]
    pub matcher: Option<RawMatch>,
}

/// Changes to a rule another pack declared.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExtendRule {
    pub code: Spanned<String>,
    #[serde(default)]
    pub severity: Option<Spanned<String>>,
    #[serde(default)]
    pub help: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawField {
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub description: String,
}

/// A section entry: one name, or a list of names where any one will do.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawSection {
    One(String),
    AnyOf(Vec<String>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMatch {
    #[serde(default, rename = "type")]
    pub types: Vec<String>,
    #[serde(default)]
    pub path: Vec<Spanned<String>>,
    #[serde(default)]
    pub title: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    pub id: Spanned<String>,
    pub title: String,
    pub kind: String,
    pub clauses: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub ordered: bool,
    /// explicit | implied | recommended: how the standard asks for this document.
    #[serde(default)]
    pub basis: Option<Spanned<String>>,
    /// Records normally kept in an ITSM tool: a page with `records_location` stands for them.
    #[serde(default)]
    pub external_ok: bool,
    #[serde(default)]
    pub itil: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, rename = "match")]
    pub matcher: RawMatch,
    #[serde(default)]
    pub sections: Vec<RawSection>,
    /// Register columns: a table column or a heading of that name satisfies each.
    #[serde(default)]
    pub columns: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRule {
    pub code: Spanned<String>,
    pub name: Spanned<String>,
    pub check: Spanned<String>,
    /// Read separately, into the check's own parameter struct, so its errors keep spans; here
    /// so that a misspelt key's error lists `with` among the keys a rule has.
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "read from the raw table with its spans by `Params::from_toml`"
    )]
    pub with: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    pub clauses: Vec<Spanned<String>>,
    pub severity: Spanned<String>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub applies_to: Vec<Spanned<String>>,
}

pub type RawSectionAliases = BTreeMap<String, Vec<String>>;
