//! `itsmlint.toml`: finding it, reading it with spans, and turning it plus the CLI flags into
//! the settings a run uses (which packs, which files, which rules, at what severity).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::checks::text::{Forbidden, RawForbidden};
use crate::checks::{Interval, Params};
use crate::document::normalize;
use crate::error::{Error, Result, SpannedError, TomlSource};
use crate::finding::Severity;
use crate::pack::{Pack, Rule, load::builtin_sources, load_packs};
use crate::suppress::selector_matches;
use crate::toml_read;

pub const CONFIG_NAMES: &[&str] = &["itsmlint.toml", ".itsmlint.toml"];

/// Files every policy repository has that are not SMS documents.
pub const DEFAULT_EXCLUDE: &[&str] = &[
    "README.md",
    "**/README.md",
    "CHANGELOG.md",
    "CONTRIBUTING.md",
    "CODE_OF_CONDUCT.md",
    "SECURITY.md",
    "LICENSE*",
    ".github/**",
    "node_modules/**",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    packs: Vec<Spanned<String>>,
    builtin: Option<bool>,
    #[serde(default)]
    include: Vec<Spanned<String>>,
    exclude: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_exclude: Vec<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    per_file_ignores: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    fields: BTreeMap<String, Spanned<RawFieldConfig>>,
    review: Option<RawReview>,
    #[serde(default)]
    forbidden: Vec<RawForbidden>,
    /// More names for required sections: `"Purpose" = ["Why this exists"]`.
    #[serde(default)]
    section_aliases: BTreeMap<String, Spanned<Vec<String>>>,
    /// The baseline `check` applies unless told otherwise.
    baseline: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFieldConfig {
    #[serde(default)]
    aliases: Vec<String>,
    required: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawReview {
    max_interval: Option<Spanned<String>>,
    warning_window: Option<Spanned<String>>,
}

/// What the command line adds to or overrides in the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub isolated: bool,
}

/// Everything a run needs, resolved and validated.
#[derive(Debug)]
pub struct Settings {
    /// The config file used, if any.
    pub config_path: Option<PathBuf>,
    /// The pack files read from disk (`packs = [...]`), as joined to the root.
    pub pack_paths: Vec<PathBuf>,
    /// The configuration's `baseline`, joined to the root; not read yet (the first
    /// `--write-baseline` creates it).
    pub baseline: Option<PathBuf>,
    /// Repository root: the config's folder, else the folder checked.
    pub root: PathBuf,
    pub pack: Pack,
    pub include: Option<GlobSet>,
    pub exclude: GlobSet,
    pub per_file_ignores: Vec<(GlobSet, Vec<String>)>,
}

impl Settings {
    pub fn is_enabled(&self, code: &str) -> bool {
        self.pack.rules().iter().any(|r| r.enabled && r.code == code)
    }

    /// The codes of the rules that run, in pack order.
    pub fn enabled_codes(&self) -> Vec<&str> {
        self.pack
            .rules()
            .iter()
            .filter(|r| r.enabled)
            .map(|r| r.code.as_str())
            .collect()
    }

    /// Whether `rule` runs for the file at `path` (repository-relative).
    pub fn applies(&self, rule: &Rule, path: &str) -> bool {
        rule.enabled
            && rule.applies_to.as_ref().is_none_or(|g| g.is_match(path))
            && !self.per_file_ignores.iter().any(|(glob, selectors)| {
                glob.is_match(path)
                    && selectors
                        .iter()
                        .any(|s| selector_matches(s, &rule.code, &rule.name))
            })
    }
}

/// The nearest `itsmlint.toml` or `.itsmlint.toml` from `start` upward. The search stops at
/// the top of a git checkout so a config outside the repository never applies by surprise.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = as_named(start)?;
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        for name in CONFIG_NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if d.join(".git").exists() {
            return None;
        }
        dir = d.parent();
    }
    None
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })
}

fn glob_set(
    patterns: &[Spanned<String>],
    source: Option<&TomlSource>,
    errors: &mut Vec<SpannedError>,
) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        // `docs/` means everything under docs.
        let pattern = p.get_ref().trim_start_matches("./");
        let pattern = if pattern.ends_with('/') {
            format!("{pattern}**")
        } else {
            pattern.to_owned()
        };
        match Glob::new(&pattern) {
            Ok(g) => {
                builder.add(g);
                // A bare folder name also excludes what is inside it.
                if !pattern.contains('*')
                    && let Ok(g) = Glob::new(&format!("{pattern}/**"))
                {
                    builder.add(g);
                }
            }
            Err(e) => {
                if let Some(source) = source {
                    errors.push(source.error(
                        format!("invalid glob `{}`: {}", p.get_ref(), e.kind()),
                        Some(p.span()),
                    ));
                }
            }
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// (id, version, file) of each built-in pack, read from its `[pack]` table.
static BUILTIN_IDS: std::sync::LazyLock<Vec<(String, String, String)>> = std::sync::LazyLock::new(|| {
    builtin_sources()
        .iter()
        .filter_map(|s| {
            let table: toml::Table = toml::from_str(&s.text).ok()?;
            let meta = table.get("pack")?.as_table()?;
            let id = meta.get("id")?.as_str()?.to_owned();
            let version = meta.get("version")?.as_str()?.to_owned();
            Some((id, version, s.name.clone()))
        })
        .collect()
});

/// `iso20000-1:2018@1.0` → (`iso20000-1:2018`, Some(`1.0`)); a path (with `/` or `.toml`) → None.
fn builtin_reference(entry: &str) -> Option<(&str, Option<&str>)> {
    if entry.contains('/') || entry.contains('\\') || entry.ends_with(".toml") {
        return None;
    }
    Some(match entry.split_once('@') {
        Some((id, version)) => (id, Some(version)),
        None => (entry, None),
    })
}

/// `1` and `1.0` match `1.0.3`; `1.0.3` matches only itself.
fn version_matches(actual: &str, wanted: &str) -> bool {
    let actual: Vec<&str> = actual.split('.').collect();
    let wanted: Vec<&str> = wanted.trim_start_matches(['=', 'v']).split('.').collect();
    wanted.len() <= actual.len() && wanted.iter().zip(&actual).all(|(w, a)| w == a)
}

fn plain(items: &[&str]) -> Vec<Spanned<String>> {
    items
        .iter()
        .map(|s| Spanned::new(0..0, (*s).to_owned()))
        .collect()
}

fn check_selector(pack: &Pack, selector: &str) -> bool {
    pack.rules()
        .iter()
        .any(|r| selector_matches(selector, &r.code, &r.name))
}

/// The help for a selector that matches no rule: the codes, families or names it was most
/// likely meant to be, and how a selector is written.
fn selector_help(pack: &Pack, selector: &str) -> String {
    let families: BTreeSet<&str> = pack
        .rules()
        .iter()
        .map(|r| r.code.trim_end_matches(|c: char| c.is_ascii_digit()))
        .collect();
    let names = pack
        .rules()
        .iter()
        .flat_map(|r| [r.code.as_str(), r.name.as_str()])
        .chain(families)
        .chain(["ALL"]);
    let how = "a selector is a rule code (DOC004), a family (DOC), a rule name (review-overdue) or ALL; `itsmlint rules` lists them";
    match crate::suggest::did_you_mean(&crate::suggest::closest(selector, names)) {
        Some(close) => format!("{close} ({how})"),
        None => how.to_owned(),
    }
}

/// `path` made absolute as it was named: joined to the current folder, `.` dropped and `..`
/// taken back by name, symlinks not followed. The configuration and the checkout of a file
/// named through a link (`escape/secret.md`) are those of the folders the user named, not of
/// wherever the link points, which would make the first path named decide where the
/// repository is.
fn as_named(path: &Path) -> Option<PathBuf> {
    let mut absolute = std::env::current_dir().ok()?;
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                absolute.pop();
            }
            // A root or prefix replaces what is there: an absolute path stays itself.
            other => absolute.push(other),
        }
    }
    Some(absolute)
}

/// The top of the git checkout holding `start`, as a path relative to the current folder when
/// it contains it (so reported paths stay short).
fn git_toplevel(start: &Path) -> Option<PathBuf> {
    let named = as_named(start)?;
    let top = named.ancestors().find(|d| d.join(".git").exists())?;
    let cwd = std::env::current_dir().ok();
    match cwd.as_deref().and_then(|c| top.strip_prefix(c).ok()) {
        Some(rel) if rel.as_os_str().is_empty() => Some(PathBuf::from(".")),
        Some(rel) => Some(rel.to_path_buf()),
        None => Some(top.to_path_buf()),
    }
}

/// Where a run's configuration file and repository root are.
#[derive(Debug, Clone)]
pub struct Location {
    pub config: Option<PathBuf>,
    pub root: PathBuf,
}

/// Loads the config (found from `start` unless `--config` names one) and the packs it asks
/// for, and applies the command line on top.
pub fn load(start: &Path, overrides: &Overrides) -> Result<Settings> {
    load_at(&locate(start, overrides), overrides)
}

/// [`load`] for a configuration already located.
pub fn load_at(location: &Location, overrides: &Overrides) -> Result<Settings> {
    let text = match &location.config {
        Some(path) => Some(read_text(path)?),
        None => None,
    };
    let config = location.config.clone().zip(text);
    from_text(config, location.root.clone(), overrides)
}

/// Finds the configuration from `start` (unless `--config` names one) and the repository
/// root it implies, without reading it.
pub fn locate(start: &Path, overrides: &Overrides) -> Location {
    let config_path = match &overrides.config {
        Some(path) => Some(path.clone()),
        None if overrides.isolated => None,
        None => discover(start),
    };
    let root = match &config_path {
        Some(path) => path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        None if start.is_dir() => start.to_path_buf(),
        // Files named without a config: their git checkout is the repository (so links
        // between folders resolve and other files may be named too), else their folder.
        None => git_toplevel(start).unwrap_or_else(|| {
            start
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        }),
    };
    let root = if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    };
    Location {
        config: config_path,
        root,
    }
}

/// Settings from a configuration's text (`None`: no configuration) for the repository at
/// `root`. Pack paths in the configuration are relative to `root`.
pub fn from_text(
    config: Option<(PathBuf, String)>,
    root: PathBuf,
    overrides: &Overrides,
) -> Result<Settings> {
    let (raw, source, config_path) = match config {
        Some((path, text)) => {
            let source = TomlSource::new(path.display().to_string(), text);
            let (root, syntax) = toml::de::DeTable::parse_recoverable(&source.text);
            if !syntax.is_empty() {
                let errors = syntax
                    .iter()
                    .map(|e| source.toml_error("TOML syntax error", e))
                    .collect();
                return Err(Error::toml(source.name.clone(), errors));
            }
            let root = Spanned::new(root.span(), toml::de::DeValue::Table(root.into_inner()));
            let raw: RawConfig = toml_read::read(root, &source, "invalid configuration")
                .map_err(|errors| Error::toml(source.name.clone(), errors))?;
            (raw, Some(source), Some(path))
        }
        None => (RawConfig::default(), None, None),
    };

    let mut errors = Vec::new();
    let mut pack_paths = Vec::new();
    let mut sources = if raw.builtin.unwrap_or(true) {
        builtin_sources()
    } else {
        Vec::new()
    };
    for pack_path in &raw.packs {
        // `id@version` (or just `id`) names a built-in pack; anything else is a file.
        if let Some((id, wanted)) = builtin_reference(pack_path.get_ref()) {
            match BUILTIN_IDS.iter().find(|(builtin_id, _, _)| *builtin_id == id) {
                Some((_, version, file)) if wanted.is_none_or(|w| version_matches(version, w)) => {
                    if !sources.iter().any(|s| s.name == *file) {
                        sources.extend(builtin_sources().into_iter().filter(|s| s.name == *file));
                    }
                }
                Some((_, version, _)) => {
                    if let Some(source) = &source {
                        errors.push(
                            source
                                .error(
                                    format!("built-in pack `{id}` is version {version}, not {}", wanted.unwrap_or("")),
                                    Some(pack_path.span()),
                                )
                                .with_help("name the version this itsmlint has, or install the itsmlint release that ships the one you want"),
                        );
                    }
                }
                None => {
                    if let Some(source) = &source {
                        let known: Vec<String> =
                            BUILTIN_IDS.iter().map(|(i, v, _)| format!("{i}@{v}")).collect();
                        errors.push(
                            source
                                .error(format!("no built-in pack `{id}`"), Some(pack_path.span()))
                                .with_help(format!(
                                    "built-in packs: {}; files are named by path (`rules/ours.toml`)",
                                    known.join(", ")
                                )),
                        );
                    }
                }
            }
            continue;
        }
        let path = root.join(pack_path.get_ref());
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                sources.push(TomlSource::new(path.display().to_string(), text));
                pack_paths.push(path);
            }
            Err(e) => {
                if let Some(source) = &source {
                    errors.push(source.error(
                        format!("cannot read pack `{}`: {e}", pack_path.get_ref()),
                        Some(pack_path.span()),
                    ));
                }
            }
        }
    }
    let config_name = source
        .as_ref()
        .map_or_else(|| "configuration".to_owned(), |s| s.name.clone());
    if !errors.is_empty() {
        return Err(Error::toml(config_name, errors));
    }
    if sources.is_empty() {
        return Err(Error::usage(
            "no rule packs: `builtin = false` and no `packs` in the configuration",
        ));
    }
    let mut pack = load_packs(&sources).map_err(|errors| Error::toml("rule packs", errors))?;

    let source_ref = source.as_ref();
    let err_at =
        |errors: &mut Vec<SpannedError>, message: String, span: std::ops::Range<usize>, help: &str| {
            if let Some(s) = source_ref {
                errors.push(s.error(message, Some(span)).with_help(help.to_owned()));
            }
        };

    // Field aliases and requirement.
    for (name, spec) in &raw.fields {
        if pack.field(name).is_none() {
            let known: Vec<&str> = pack.fields.iter().map(|f| f.name.as_str()).collect();
            err_at(
                &mut errors,
                format!("unknown field `{name}`"),
                spec.span(),
                &format!("the packs define: {}", known.join(", ")),
            );
            continue;
        }
        for alias in &spec.get_ref().aliases {
            pack.add_field_alias(name, alias);
        }
        if let Some(required) = spec.get_ref().required
            && let Some(field) = pack.fields.iter_mut().find(|f| &f.name == name)
        {
            field.required = required;
        }
    }

    // Section alternatives apply to every document type that requires the section.
    for (section, alternatives) in &raw.section_aliases {
        let wanted = normalize::heading(section);
        let mut matched = false;
        for spec in pack.sections_mut() {
            if spec.names.contains(&wanted) {
                matched = true;
                for alt in alternatives.get_ref() {
                    let alt = normalize::heading(alt);
                    if !spec.names.contains(&alt) {
                        spec.names.push(alt);
                    }
                }
            }
        }
        if !matched {
            err_at(
                &mut errors,
                format!("`{section}` is not a section any document type requires"),
                alternatives.span(),
                "use the section name as the pack writes it (`itsmlint rules` lists them)",
            );
        }
    }

    // Review window and interval apply to every review rule.
    if let Some(review) = &raw.review {
        let parse = |value: &Option<Spanned<String>>, errors: &mut Vec<SpannedError>| -> Option<Interval> {
            let value = value.as_ref()?;
            let parsed = Interval::parse(value.get_ref());
            if parsed.is_none() {
                err_at(
                    errors,
                    format!("`{}` is not a length of time", value.get_ref()),
                    value.span(),
                    "write a number and a unit: \"30 days\", \"6 weeks\", \"12 months\", \"1 year\"",
                );
            }
            parsed
        };
        let max = parse(&review.max_interval, &mut errors);
        let window = parse(&review.warning_window, &mut errors);
        for rule in pack.rules_mut() {
            if let Params::Review(params) = &mut rule.params {
                if let Some(max) = max {
                    params.max_interval = max;
                }
                if let Some(window) = window {
                    params.window = window;
                }
            }
        }
    }

    // Forbidden patterns from the config join the first forbidden-pattern rule.
    if !raw.forbidden.is_empty()
        && let Some(source) = source_ref
    {
        let extra: Vec<Forbidden> = raw
            .forbidden
            .iter()
            .filter_map(|f| f.resolve(source, &mut errors))
            .collect();
        match pack.rules_mut().iter_mut().find(|r| r.check == crate::checks::CheckKind::ForbiddenPattern) {
            Some(rule) => {
                if let Params::Forbidden(params) = &mut rule.params {
                    params.patterns.extend(extra);
                }
            }
            None => errors.push(
                source
                    .error("`[[forbidden]]` needs a rule with `check = \"forbidden-pattern\"` in a pack", None)
                    .with_help("the built-in pack has one (TXT002); keep `builtin = true` or add such a rule to your pack"),
            ),
        }
    }

    // Severity overrides.
    for (selector, severity) in &raw.severity {
        let Some(level) = Severity::parse(severity.get_ref()) else {
            err_at(
                &mut errors,
                format!("unknown severity `{}`", severity.get_ref()),
                severity.span(),
                "use \"error\", \"warning\" or \"info\"",
            );
            continue;
        };
        if !check_selector(&pack, selector) {
            err_at(
                &mut errors,
                format!("`{selector}` matches no rule"),
                severity.span(),
                &selector_help(&pack, selector),
            );
            continue;
        }
        for rule in pack
            .rules_mut()
            .iter_mut()
            .filter(|r| selector_matches(selector, &r.code, &r.name))
        {
            rule.severity = level;
        }
    }

    // Selection: the file's lists, with the command line's on top.
    let check_list = |list: &[Spanned<String>], errors: &mut Vec<SpannedError>| {
        for s in list {
            if !check_selector(&pack, s.get_ref()) {
                err_at(
                    errors,
                    format!("`{}` matches no rule", s.get_ref()),
                    s.span(),
                    &selector_help(&pack, s.get_ref()),
                );
            }
        }
    };
    if let Some(select) = &raw.select {
        check_list(select, &mut errors);
    }
    check_list(&raw.extend_select, &mut errors);
    check_list(&raw.ignore, &mut errors);
    let mut per_file_ignores = Vec::new();
    for (glob, codes) in &raw.per_file_ignores {
        check_list(codes.get_ref(), &mut errors);
        let set = glob_set(
            &[Spanned::new(codes.span(), glob.clone())],
            source_ref,
            &mut errors,
        );
        per_file_ignores.push((set, codes.get_ref().iter().map(|c| c.get_ref().clone()).collect()));
    }

    let include = if raw.include.is_empty() {
        None
    } else {
        Some(glob_set(&raw.include, source_ref, &mut errors))
    };
    let mut exclude_list = raw.exclude.clone().unwrap_or_else(|| plain(DEFAULT_EXCLUDE));
    exclude_list.extend(raw.extend_exclude.iter().cloned());
    let exclude = glob_set(&exclude_list, source_ref, &mut errors);

    if !errors.is_empty() {
        return Err(Error::toml(config_name, errors));
    }

    for selector in overrides
        .select
        .iter()
        .flatten()
        .chain(&overrides.extend_select)
        .chain(&overrides.ignore)
    {
        if !check_selector(&pack, selector) {
            return Err(Error::Usage {
                message: format!("`{selector}` matches no rule"),
                help: Some(selector_help(&pack, selector)),
            });
        }
    }
    let select: Vec<String> = match &overrides.select {
        Some(list) => list.clone(),
        None => raw.select.as_ref().map_or_else(
            || vec!["ALL".to_owned()],
            |l| l.iter().map(|s| s.get_ref().clone()).collect(),
        ),
    };
    let extend: Vec<String> = raw
        .extend_select
        .iter()
        .map(|s| s.get_ref().clone())
        .chain(overrides.extend_select.iter().cloned())
        .collect();
    let ignore: Vec<String> = raw
        .ignore
        .iter()
        .map(|s| s.get_ref().clone())
        .chain(overrides.ignore.iter().cloned())
        .collect();
    for rule in pack.rules_mut() {
        let selected = select
            .iter()
            .chain(&extend)
            .any(|s| selector_matches(s, &rule.code, &rule.name));
        rule.enabled = selected && !ignore.iter().any(|s| selector_matches(s, &rule.code, &rule.name));
    }

    let baseline = raw.baseline.as_ref().map(|path| root.join(path));
    Ok(Settings {
        config_path,
        pack_paths,
        baseline,
        root,
        pack,
        include,
        exclude,
        per_file_ignores,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    /// The keys serde accepts where `table` is, as its "unknown field" message lists them.
    fn accepted_keys(table: &str) -> Vec<String> {
        let text = format!("{table}\nnot-a-key = 1\n");
        let message = toml::from_str::<RawConfig>(&text)
            .unwrap_err()
            .message()
            .to_owned();
        let (_, expected) = message.split_once("expected").unwrap();
        let mut keys: Vec<String> = expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect();
        keys.sort();
        keys
    }

    #[test]
    fn the_json_schema_has_exactly_the_keys_the_configuration_takes() {
        let schema: serde_json::Value = serde_json::from_str(include_str!("config.schema.json")).unwrap();
        let keys = |at: &serde_json::Value| {
            let mut keys: Vec<String> = at["properties"].as_object().unwrap().keys().cloned().collect();
            keys.sort();
            keys
        };
        let top = &schema;
        let properties = &schema["properties"];
        assert_eq!(keys(top), accepted_keys(""));
        assert_eq!(keys(&properties["review"]), accepted_keys("[review]"));
        assert_eq!(
            keys(&properties["fields"]["additionalProperties"]),
            accepted_keys("[fields.owner]")
        );
        assert_eq!(
            keys(&properties["forbidden"]["items"]),
            accepted_keys("[[forbidden]]")
        );
    }

    #[test]
    fn a_named_path_is_made_absolute_without_following_links() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(as_named(Path::new("a/./b/../c.md")), Some(cwd.join("a/c.md")));
        assert_eq!(as_named(Path::new(".")), Some(cwd.clone()));
        assert_eq!(
            as_named(Path::new("/srv/policies/../x.md")),
            Some(PathBuf::from("/srv/x.md"))
        );
        let dir = tempfile::tempdir().unwrap();
        let target = tempfile::tempdir().unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(target.path(), dir.path().join("link")).unwrap();
        assert_eq!(
            as_named(&dir.path().join("link/x.md")),
            Some(dir.path().join("link/x.md"))
        );
    }

    #[test]
    fn defaults_enable_every_rule_and_exclude_readmes() {
        let dir = tempfile::tempdir().unwrap();
        let s = load(
            dir.path(),
            &Overrides {
                isolated: true,
                ..Overrides::default()
            },
        )
        .unwrap();
        assert_eq!(s.enabled_codes().len(), s.pack.rules().len());
        assert!(s.exclude.is_match("README.md"));
        assert!(s.exclude.is_match("policies/README.md"));
        assert!(!s.exclude.is_match("policies/change.md"));
    }

    #[test]
    fn select_ignore_and_severity_apply() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "itsmlint.toml",
            "select = [\"DOC\"]\nignore = [\"review-due-soon\"]\n[severity]\nDOC006 = \"error\"\n",
        );
        let s = load(dir.path(), &Overrides::default()).unwrap();
        assert!(s.is_enabled("DOC004"));
        assert!(!s.is_enabled("DOC005"));
        assert!(!s.is_enabled("SEC001"));
        assert_eq!(s.pack.rule("DOC006").map(|r| r.severity), Some(Severity::Error));
    }

    #[test]
    fn mistakes_point_into_the_file() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "itsmlint.toml",
            "select = [\"DOC\", \"NOPE9\"]\n[review]\nmax-interval = \"soon\"\n",
        );
        let Err(Error::Toml { errors, .. }) = load(dir.path(), &Overrides::default()) else {
            panic!("expected errors")
        };
        assert_eq!(errors.len(), 2);
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("NOPE9") && e.span.is_some())
        );
    }

    #[test]
    fn section_aliases_extend_every_type_that_requires_the_section() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "itsmlint.toml",
            "[section-aliases]\n\"Purpose\" = [\"Why this policy exists\"]\n",
        );
        let s = load(dir.path(), &Overrides::default()).unwrap();
        let purpose = s
            .pack
            .document("service-management-policy")
            .and_then(|d| d.sections.first())
            .unwrap();
        assert!(
            purpose.names.contains(&"why this policy exists".to_owned()),
            "{:?}",
            purpose.names
        );
        write(
            dir.path(),
            "itsmlint.toml",
            "[section-aliases]\n\"Nonsense\" = [\"x\"]\n",
        );
        assert!(matches!(
            load(dir.path(), &Overrides::default()),
            Err(Error::Toml { .. })
        ));
    }

    #[test]
    fn packs_are_named_by_id_and_version() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "itsmlint.toml",
            "builtin = false\npacks = [\"iso20000-1:2018@1\"]\n",
        );
        let s = load(dir.path(), &Overrides::default()).unwrap();
        assert_eq!(s.pack.sources, vec!["iso20000-1:2018@1.0.0".to_owned()]);
        write(
            dir.path(),
            "itsmlint.toml",
            "packs = [\"iso20000-1:2018@2.0\", \"nope@1\"]\n",
        );
        let Err(Error::Toml { errors, .. }) = load(dir.path(), &Overrides::default()) else {
            panic!("expected errors")
        };
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            version_matches("1.0.3", "1.0")
                && !version_matches("1.0.3", "1.1")
                && !version_matches("1.0", "1.0.3")
        );
    }

    #[test]
    fn a_pack_extends_the_builtin_one_without_copying_it() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "ours.toml",
            "[pack]\nid = \"ours\"\nversion = \"1\"\ntitle = \"Ours\"\n\n[[extend-document]]\nid = \"incident-management-procedure\"\nsections = [\"On-call rota\"]\nrequired = true\n\n[[extend-rule]]\ncode = \"DOC005\"\nseverity = \"error\"\n\n[[document]]\nid = \"acme-runbook\"\ntitle = \"Runbook\"\nkind = \"procedure\"\nclauses = [\"8.1\"]\nsections = [\"Steps\"]\n",
        );
        write(dir.path(), "itsmlint.toml", "packs = [\"ours.toml\"]\n");
        let s = load(dir.path(), &Overrides::default()).unwrap();
        let incident = s.pack.document("incident-management-procedure").unwrap();
        assert!(incident.required);
        assert_eq!(
            incident.sections.last().map(|x| x.display.as_str()),
            Some("On-call rota")
        );
        assert_eq!(s.pack.rule("DOC005").map(|r| r.severity), Some(Severity::Error));
        assert!(s.pack.document("acme-runbook").is_some());
        write(
            dir.path(),
            "ours.toml",
            "[pack]\nid = \"ours\"\nversion = \"1\"\ntitle = \"Ours\"\n[[extend-document]]\nid = \"nope\"\n",
        );
        assert!(matches!(
            load(dir.path(), &Overrides::default()),
            Err(Error::Toml { .. })
        ));
    }

    #[test]
    fn unknown_keys_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), ".itsmlint.toml", "selct = [\"DOC\"]\n");
        let err = load(dir.path(), &Overrides::default()).unwrap_err();
        let Error::Toml { errors, .. } = err else {
            panic!("not a TOML error: {err:?}")
        };
        let help: Vec<_> = errors.iter().filter_map(|e| e.help.as_deref()).collect();
        assert_eq!(help, ["did you mean `select`?"]);
    }
}
