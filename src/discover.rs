//! Finds the files of a run: every path in the repository (for link checks) and the Markdown
//! documents in scope, honouring `.gitignore`, `.itsmlintignore` and the config's globs.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use ignore::WalkBuilder;

use crate::config::Settings;
use crate::error::{Error, Result};

pub const IGNORE_FILE: &str = ".itsmlintignore";

/// Repository-relative paths, looked up for every link: Fx rather than SipHash, since the
/// keys are the repository's own file names, not input chosen to collide.
pub type PathSet = rustc_hash::FxHashSet<String>;

#[derive(Debug, Default)]
pub struct Inventory {
    /// Every file and folder under the root, repository-relative with `/`.
    pub paths: PathSet,
    /// Markdown documents the repository checks run over, sorted.
    pub documents: Vec<String>,
    /// The documents whose findings are reported, sorted, when not all of `documents` are
    /// (see [`Inventory::selected`]): a run over the whole repository holds no copy of them.
    pub subset: Option<Vec<String>>,
    /// Whether the run covers the whole repository, so repository findings (REQ001) apply.
    pub whole_repository: bool,
}

impl Inventory {
    /// The documents whose findings are reported, sorted.
    pub fn selected(&self) -> &[String] {
        self.subset.as_deref().unwrap_or(&self.documents)
    }

    /// Whether the findings of `document` are reported: a binary search, the subset being
    /// sorted.
    pub fn is_selected(&self, document: &str) -> bool {
        self.subset
            .as_ref()
            .is_none_or(|subset| subset.binary_search_by(|s| s.as_str().cmp(document)).is_ok())
    }
}

pub fn is_markdown(path: &str) -> bool {
    crate::checks::links::is_markdown(path)
}

/// `path`, relative to the root, as the inventory writes its documents: `/`-separated.
pub(crate) fn relative(path: &Path) -> String {
    // What the walk yields under a canonical root is already plain on Unix.
    if std::path::MAIN_SEPARATOR == '/'
        && let Some(text) = path.to_str()
        && !text.starts_with('/')
        && text.split('/').all(|part| !matches!(part, "" | "." | ".."))
    {
        return text.to_owned();
    }
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `path` relative to `root` with `/` separators; `root_text` is the root as text with a
/// trailing separator, which makes the common case a string prefix (a component-wise
/// comparison was an eighth of the walk).
fn relative_to(path: &Path, root: &Path, root_text: Option<&str>) -> Option<String> {
    if let (Some(root_text), Some(text)) = (root_text, path.to_str())
        && let Some(rest) = text.strip_prefix(root_text)
    {
        return Some(relative(Path::new(rest)));
    }
    path.strip_prefix(root).ok().map(relative)
}

fn in_scope(settings: &Settings, rel: &str) -> bool {
    is_markdown(rel)
        && !settings.exclude.is_match(rel)
        && settings.include.as_ref().is_none_or(|inc| inc.is_match(rel))
}

/// Files changed since git revision `rev` (committed or not), relative to `root`.
pub fn changed_since(root: &Path, rev: &str) -> Result<HashSet<String>> {
    if rev.starts_with('-') {
        return Err(Error::usage(format!(
            "--changed-since: `{rev}` is not a revision"
        )));
    }
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .current_dir(root)
            .args(args)
            .output()
            .map_err(|source| Error::Io {
                path: "git".into(),
                source,
            })
    };
    let output = git(&[
        "diff",
        "--name-only",
        "--relative",
        "--no-renames",
        "-z",
        rev,
        "--",
    ])?;
    if !output.status.success() {
        // Outside a checkout `git diff` compares two paths instead and fails with its whole
        // usage text; of a revision it lacks it says "ambiguous argument". Asking git whether
        // this is a checkout tells the two apart (after the failure, so that ranges such as
        // `origin/main...HEAD`, which `git diff` takes, cost nothing more).
        let checkout = git(&["rev-parse", "--git-dir"])?;
        return Err(if checkout.status.success() {
            Error::Usage {
                message: format!(
                    "--changed-since {rev}: git diff cannot compare with `{rev}`: {}",
                    first_line(&output.stderr)
                ),
                help: Some(
                    "name a branch, tag or commit this checkout has; in CI, fetch the base branch \
                     first (actions/checkout with `fetch-depth: 0`)"
                        .into(),
                ),
            }
        } else {
            Error::Usage {
                message: format!(
                    "--changed-since {rev}: git cannot use {} as a checkout: {}",
                    root.display(),
                    first_line(&checkout.stderr)
                ),
                help: Some(
                    "run itsmlint in a clone of the repository, or leave --changed-since out (git's \
                     \"dubious ownership\" is answered by `git config --global --add safe.directory PATH`)"
                        .into(),
                ),
            }
        });
    }
    Ok(output
        .stdout
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).replace('\\', "/"))
        .collect())
}

/// The first line of what git printed on failure: it says what failed, and any lines after it
/// are usage text.
fn first_line(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("no reason given")
        .to_owned()
}

/// What the walk of a repository found, before the configuration's globs pick the documents.
#[derive(Debug)]
pub struct Walk {
    /// The root, canonical.
    root: PathBuf,
    /// Every file and folder under the root, repository-relative with `/`, and whether it is
    /// a file.
    entries: Vec<(String, bool)>,
}

/// The settings and the walk of their repository, side by side: the walk needs only the
/// root, and loading the packs (compiling their patterns) takes about as long as walking a
/// few thousand files.
pub fn load_and_walk(start: &Path, overrides: &crate::config::Overrides) -> Result<(Settings, Walk)> {
    let location = crate::config::locate(start, overrides);
    let (settings, walked) = rayon::join(
        || crate::config::load_at(&location, overrides),
        || walk(&location.root),
    );
    Ok((settings?, walked?))
}

/// Every path under `root`, honouring `.gitignore` and `.itsmlintignore`.
pub fn walk(root: &Path) -> Result<Walk> {
    let root = std::fs::canonicalize(root).map_err(|source| Error::Io {
        path: root.display().to_string(),
        source,
    })?;
    let walker = WalkBuilder::new(&root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .parents(false)
        .add_custom_ignore_filename(IGNORE_FILE)
        .build();
    let root_text = root.to_str().map(|r| {
        format!(
            "{}{}",
            r.trim_end_matches(std::path::MAIN_SEPARATOR),
            std::path::MAIN_SEPARATOR
        )
    });
    let mut entries = Vec::new();
    for entry in walker {
        let Ok(entry) = entry else { continue };
        let rel = match relative_to(entry.path(), &root, root_text.as_deref()) {
            Some(rel) if !rel.is_empty() => rel,
            _ => continue,
        };
        entries.push((rel, entry.file_type().is_some_and(|t| t.is_file())));
    }
    Ok(Walk { root, entries })
}

/// The documents in scope of `walked` and the paths named on the command line.
pub fn inventory(
    settings: &Settings,
    walked: Walk,
    paths: &[PathBuf],
    force_exclude: bool,
) -> Result<Inventory> {
    let Walk { root, entries } = walked;
    let mut inventory = Inventory::default();
    inventory.paths.reserve(entries.len());
    for (rel, is_file) in entries {
        if is_file && in_scope(settings, &rel) {
            inventory.documents.push(rel.clone());
        }
        inventory.paths.insert(rel);
    }

    let mut selected = Vec::new();
    // Files named on the command line that the walk did not yield (ignored, or outside its
    // folders): the only paths whose folders may be missing from `paths`.
    let mut unwalked = Vec::new();
    let mut whole = paths.is_empty();
    for path in paths {
        let canonical = std::fs::canonicalize(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        let Ok(rel) = canonical.strip_prefix(&root) else {
            return Err(Error::Usage {
                message: format!(
                    "{} is outside the repository root {}",
                    path.display(),
                    root.display()
                ),
                help: Some("check paths inside the folder that holds itsmlint.toml, or pass --config".into()),
            });
        };
        let rel = relative(rel);
        if canonical.is_dir() {
            if rel.is_empty() {
                // Every document, taken below.
                whole = true;
            } else {
                let prefix = format!("{rel}/");
                selected.extend(
                    inventory
                        .documents
                        .iter()
                        .filter(|d| d.starts_with(&prefix))
                        .cloned(),
                );
            }
        } else if !force_exclude || in_scope(settings, &rel) {
            // A file named on the command line is checked even if the globs would skip it,
            // unless --force-exclude (what pre-commit passes) asks otherwise.
            if !inventory.documents.contains(&rel) {
                inventory.documents.push(rel.clone());
            }
            if inventory.paths.insert(rel.clone()) {
                unwalked.push(rel.clone());
            }
            selected.push(rel);
        }
    }
    inventory.documents.sort();
    inventory.documents.dedup();
    if !whole {
        selected.sort();
        selected.dedup();
        inventory.subset = Some(selected);
    }
    inventory.whole_repository = whole;
    // Folders are link targets too. The walk yielded every folder it entered; only the
    // parents of files named on the command line may be missing (looking up the parent of
    // every path was 20,000 lookups for nothing).
    let mut folders: Vec<String> = Vec::new();
    for p in &unwalked {
        let mut rest = p.as_str();
        while let Some((parent, _)) = rest.rsplit_once('/') {
            if inventory.paths.contains(parent) {
                break;
            }
            folders.push(parent.to_owned());
            rest = parent;
        }
    }
    inventory.paths.extend(folders);
    Ok(inventory)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_named_in_an_ignored_folder_brings_its_folders_as_link_targets() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let root = dir.path();
        std::fs::create_dir_all(root.join("drafts/old")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir(root.join("policies")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(root.join(".itsmlintignore"), "drafts/\n").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(root.join("drafts/old/a.md"), "# A\n").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(root.join("policies/b.md"), "# B\n").unwrap_or_else(|e| panic!("{e}"));
        let overrides = crate::config::Overrides::default();
        let (settings, walked) = load_and_walk(root, &overrides).unwrap_or_else(|e| panic!("{e:?}"));
        let named = root.join("drafts/old/a.md");
        let inventory = inventory(&settings, walked, &[named], false).unwrap_or_else(|e| panic!("{e:?}"));
        for path in [
            "drafts",
            "drafts/old",
            "drafts/old/a.md",
            "policies",
            "policies/b.md",
        ] {
            assert!(inventory.paths.contains(path), "{path}: {:?}", inventory.paths);
        }
        assert_eq!(inventory.selected(), ["drafts/old/a.md"]);
    }
}
