//! The command line: parses arguments with clap, runs the linter, prints, and picks the exit
//! code (0 clean, 1 findings at or above the threshold, 2 usage, configuration or I/O failure).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{self, Overrides};
use crate::error::{Error, Result};
use crate::finding::Severity;
use crate::{baseline, catalog, discover, engine, render, scaffold, suggest};

#[derive(Debug, Parser)]
#[command(
    name = "itsmlint",
    version,
    about = "Lint ISO/IEC 20000-1:2018 service management documentation"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a policy repository (or some of its files) and report clause-mapped findings.
    Check(CheckArgs),
    /// List every rule and document type of the loaded packs.
    Rules(RulesArgs),
    /// Explain a rule (DOC004, review-overdue), a document type or a clause (8.6.1).
    Explain(ExplainArgs),
    /// The gap-analysis and audit-readiness report (HTML, Markdown or JSON).
    Report(ReportArgs),
    /// Write a commented starter itsmlint.toml into the current folder.
    Init(InitArgs),
    /// Write a new document skeleton of a document type, built from the pack.
    New(NewArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff) to standard output.
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: ListFormat,
    /// Use this configuration file (its packs and selection) instead of searching for one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A rule code or name, a document type id, or a clause number.
    pub topic: String,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Replace an existing itsmlint.toml.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The document type (`itsmlint rules` lists them).
    pub doctype: String,
    /// Where to write it [default: <folder for its kind>/<doctype>.md]
    pub path: Option<PathBuf>,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source snippets with labels and help, like rustc.
    Human,
    /// One line per finding: `path:line:col: CODE [severity] message (clause)`.
    Concise,
    /// Machine-readable report, `version` 1.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab code-quality report.
    Gitlab,
    /// JUnit XML.
    Junit,
    /// A Markdown table (GitHub job summaries, pull-request comments).
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Exit 1 on warnings as well as errors.
    Warnings,
}

/// What to lint and how: shared by `check` and `report`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Files or folders to check [default: .]
    pub paths: Vec<PathBuf>,
    /// Use this configuration file instead of searching for itsmlint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// The date review checks compare against (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", env = "ITSMLINT_TODAY")]
    pub today: Option<String>,
    /// Only these rules: codes, families (DOC), names (review-overdue) or ALL. Replaces the config's `select`.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Also these rules, on top of the selection.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,
    /// Not these rules.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Apply the config's exclude globs to files named on the command line (for pre-commit).
    #[arg(long)]
    pub force_exclude: bool,
    /// Report only files changed since this git revision (a pull request's base); repository
    /// checks still read the whole tree.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Print findings only: no summary line or warnings.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// Output format.
    #[arg(
        long,
        alias = "output-format",
        value_enum,
        env = "ITSMLINT_OUTPUT_FORMAT",
        default_value = "human"
    )]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// No colours (also when NO_COLOR is set or output is not a terminal).
    #[arg(long)]
    pub no_color: bool,
    /// Always exit 0 when the run completes, whatever it finds.
    #[arg(long)]
    pub exit_zero: bool,
    /// Write the chosen format to FILE (replaced if it exists, never a file the run reads); the
    /// terminal gets the human output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Leave out the findings FILE holds (written by --write-baseline): only findings that are
    /// new since are reported and fail the run. Replaces the configuration's `baseline`.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Report every finding, also those the configuration's `baseline` holds.
    #[arg(long, conflicts_with = "baseline")]
    pub no_baseline: bool,
    /// Write every finding of this run to FILE as a baseline, print nothing else, and exit 0.
    /// A baseline already there is replaced, keeping its entries for files this run did not
    /// check; any other file is not.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "output", "statistics"])]
    pub write_baseline: Option<PathBuf>,
    /// Print how many findings each rule has instead of the findings.
    #[arg(long, conflicts_with_all = ["show_files", "show_settings"])]
    pub statistics: bool,
    /// Print the documents that would be checked, and exit.
    #[arg(long, conflicts_with = "show_settings")]
    pub show_files: bool,
    /// Print the settings that apply (config file, root, packs, rules), and exit.
    #[arg(long)]
    pub show_settings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained page, printable to PDF.
    Html,
    /// Compact, for a pull-request comment or job summary.
    Markdown,
    /// The report model (schema: src/report/report.schema.json).
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub run: RunArgs,
    #[arg(long, value_enum, default_value = "html")]
    pub format: ReportFormat,
    /// Write the report to FILE instead of standard output (replaced if it exists, never a file
    /// the run reads).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn parse_today(text: Option<&str>) -> Result<jiff::civil::Date> {
    match text {
        Some(text) => crate::checks::fields::parse_date(text).map_err(|reason| Error::Usage {
            message: format!("--today: {reason}"),
            help: Some("write the date as YYYY-MM-DD, e.g. --today 2026-06-01".into()),
        }),
        None => Ok(jiff::ZonedDateTime::now().date()),
    }
}

fn show_settings(
    settings: &config::Settings,
    inventory: &discover::Inventory,
    today: jiff::civil::Date,
) -> String {
    let config = settings
        .config_path
        .as_ref()
        .map_or_else(|| "(none)".to_owned(), |p| p.display().to_string());
    let baseline = settings
        .baseline
        .as_ref()
        .map_or_else(|| "(none)".to_owned(), |p| p.display().to_string());
    format!(
        "config: {config}\nroot: {}\npacks: {}\nbaseline: {baseline}\ntoday: {today}\ndocuments: {} (of {} Markdown files in the repository)\nrules: {}\n",
        settings.root.display(),
        settings.pack.sources.join(", "),
        inventory.selected().len(),
        inventory.documents.len(),
        settings.enabled_codes().join(" "),
    )
}

/// Findings per rule, most frequent first (ruff's `--statistics`).
fn statistics(report: &engine::Report) -> String {
    let mut counts: std::collections::BTreeMap<(&str, &str, &str), usize> = std::collections::BTreeMap::new();
    for f in &report.findings {
        *counts
            .entry((f.code.as_str(), f.name.as_str(), f.severity.as_str()))
            .or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out: String = rows
        .iter()
        .map(|((code, name, severity), n)| format!("{n:>6}  {code:<7} {name:<28} {severity}\n"))
        .collect();
    out.push_str(&render::summary_line(report));
    out.push('\n');
    out
}

fn exit_code(args: &CheckArgs, report: &engine::Report) -> i32 {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let failed = errors > 0 || (args.deny == Some(Deny::Warnings) && warnings > 0);
    if failed && !args.exit_zero { 1 } else { 0 }
}

/// Loads the settings and finds the documents.
fn prepare(args: &RunArgs) -> Result<(config::Settings, discover::Inventory, jiff::civil::Date)> {
    let today = parse_today(args.today.as_deref())?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let start = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    if !start.exists() {
        return Err(Error::Usage {
            message: format!("{} does not exist", start.display()),
            help: None,
        });
    }
    let overrides = Overrides {
        config: args.config.clone(),
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        isolated: args.isolated,
    };
    let (settings, walked) = discover::load_and_walk(&start, &overrides)?;
    let mut inventory = discover::inventory(&settings, walked, &paths, args.force_exclude)?;
    if let Some(rev) = &args.changed_since {
        let changed = discover::changed_since(&settings.root, rev)?;
        let kept = inventory
            .selected()
            .iter()
            .filter(|d| changed.contains(*d))
            .cloned()
            .collect();
        inventory.subset = Some(kept);
        inventory.whole_repository = false;
    }
    if inventory.selected().is_empty() && !args.quiet {
        match &args.changed_since {
            // Nothing to check because nothing changed: not a scope problem.
            Some(rev) if !inventory.documents.is_empty() => {
                eprintln!("no Markdown document in scope has changed since {rev}");
            }
            _ => eprintln!(
                "warning: no Markdown documents in scope under {} (check `include`/`exclude` in itsmlint.toml)",
                settings.root.display()
            ),
        }
    }
    Ok((settings, inventory, today))
}

/// Loads the settings, finds the documents and runs the engine once, after making sure that
/// none of the files the run will write (each with the flag that names it) is one it reads.
fn lint(
    args: &RunArgs,
    keep: engine::Keep,
    written: &[(&str, &Option<PathBuf>)],
) -> Result<(config::Settings, engine::Report)> {
    let (settings, inventory, today) = prepare(args)?;
    for (flag, path) in written {
        if let Some(path) = path {
            refuse_output_over_input(flag, path, &settings, &inventory)?;
        }
    }
    let report = engine::run(&settings, &inventory, today, keep);
    Ok((settings, report))
}

/// `--output` and `--write-baseline` replace the file they name, as the user named it, except one the run reads: a
/// report written over a policy, the configuration, a rule pack or the baseline (a slip of
/// the shell's completion) would lose it, so that is refused before anything runs.
fn refuse_output_over_input(
    flag: &str,
    output: &Path,
    settings: &config::Settings,
    inventory: &discover::Inventory,
) -> Result<()> {
    // Only a file that exists can be lost; canonical paths see through `./`, `..` and links.
    let Ok(target) = std::fs::canonicalize(output) else {
        return Ok(());
    };
    let is_target = |path: &Path| std::fs::canonicalize(path).is_ok_and(|path| path == target);
    let what = if settings.config_path.as_deref().is_some_and(is_target) {
        "the configuration"
    } else if settings.pack_paths.iter().any(|pack| is_target(pack)) {
        "a rule pack the configuration loads"
    } else if flag != WRITE_BASELINE && settings.baseline.as_deref().is_some_and(is_target) {
        // Even under --no-baseline: the next run reads it again. Replacing the baseline is
        // --write-baseline's job, which refuses a file that is not one.
        "the baseline the configuration names"
    } else if std::fs::canonicalize(&settings.root)
        .ok()
        .and_then(|root| target.strip_prefix(root).ok().map(discover::relative))
        .is_some_and(|relative| inventory.documents.binary_search(&relative).is_ok())
    {
        "one of the documents being checked"
    } else {
        return Ok(());
    };
    Err(output_over_input(flag, output, what))
}

/// The one output flag that may replace a baseline.
const WRITE_BASELINE: &str = "--write-baseline";

/// The refusal of `flag`'s `output`, which names `what` the run reads.
fn output_over_input(flag: &str, output: &Path, what: &str) -> Error {
    Error::Usage {
        message: format!("{flag} names {}, {what}; nothing was written", output.display()),
        help: Some("write the output to a file of its own, e.g. `-o itsmlint-report.html`".into()),
    }
}

/// Whether `a` and `b` name one existing file; canonical paths see through `./`, `..` and links.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Runs `report`: the coverage model from one engine run, rendered.
pub fn report(args: &ReportArgs) -> Result<i32> {
    let (settings, report) = lint(
        &args.run,
        engine::Keep::DocumentControl,
        &[("--output", &args.output)],
    )?;
    let coverage = crate::report::build(&report, &settings.pack);
    let text = match args.format {
        ReportFormat::Html => crate::report::html::render(&coverage),
        ReportFormat::Markdown => crate::report::markdown::render(&coverage),
        ReportFormat::Json => crate::report::json(&coverage),
    };
    match &args.output {
        Some(file) => {
            scaffold::write_replacing(file, &text)?;
            if !args.run.quiet {
                eprintln!(
                    "wrote {} ({}% readiness)",
                    file.display(),
                    coverage.summary.readiness
                );
            }
        }
        None => print(&text),
    }
    Ok(0)
}

/// Runs `check` and returns the process exit code.
pub fn check(args: &CheckArgs) -> Result<i32> {
    if args.show_files || args.show_settings {
        let (settings, inventory, today) = prepare(&args.run)?;
        print(&if args.show_files {
            inventory
                .selected()
                .iter()
                .map(|d| format!("{d}\n"))
                .collect::<String>()
        } else {
            show_settings(&settings, &inventory, today)
        });
        return Ok(0);
    }
    if let (Some(output), Some(baseline)) = (&args.output, &args.baseline)
        && same_file(output, baseline)
    {
        return Err(output_over_input(
            "--output",
            output,
            "the baseline this run reads",
        ));
    }
    let written = [("--output", &args.output), (WRITE_BASELINE, &args.write_baseline)];
    let (settings, mut report) = lint(&args.run, engine::Keep::Findings, &written)?;
    if let Some(file) = &args.write_baseline {
        return write_baseline(file, &report);
    }
    apply_baseline(args, &settings, &mut report)?;
    if args.statistics {
        print(&statistics(&report));
        return Ok(exit_code(args, &report));
    }
    let color = !args.no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
    let text = render_format(args.format, &report, &settings.pack, color, args.run.quiet);
    match &args.output {
        Some(file) => {
            scaffold::write_replacing(file, &text)?;
            print(&render_format(
                Format::Human,
                &report,
                &settings.pack,
                color,
                args.run.quiet,
            ));
        }
        None => print(&text),
    }
    let code = exit_code(args, &report);
    // The process exits next and the system takes the memory back at once; freeing 20,000
    // document summaries one by one first cost 14 ms of a 400 ms run.
    std::mem::forget(report);
    Ok(code)
}

/// `--write-baseline FILE`: every finding of the run recorded, and nothing else printed.
fn write_baseline(file: &Path, report: &engine::Report) -> Result<i32> {
    // A file that is there is replaced only if it is a baseline, whose entries for files this
    // run did not check are kept: anything else would be lost.
    let previous = match baseline::Baseline::read(file) {
        Ok(previous) => Some(previous),
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => None,
        Err(error @ Error::Io { .. }) => return Err(error),
        Err(_) => {
            return Err(Error::Usage {
                message: format!(
                    "{} is not an itsmlint baseline, and --write-baseline replaces only a baseline; nothing was written",
                    file.display()
                ),
                help: Some("name a file of its own, e.g. `--write-baseline itsmlint-baseline.json`".into()),
            });
        }
    };
    let written = baseline::render(report, previous.as_ref());
    scaffold::write_replacing(file, &written.text)?;
    let kept = if written.kept > 0 {
        format!(" and kept {} for files this run did not check", written.kept)
    } else {
        String::new()
    };
    eprintln!(
        "wrote {} to {}{kept}; `itsmlint check --baseline {}` leaves them out",
        render::plural(written.recorded, "finding"),
        file.display(),
        file.display()
    );
    Ok(0)
}

/// Leaves out of `report` the findings of the baseline that applies: `--baseline FILE`, else
/// the configuration's unless `--no-baseline`.
fn apply_baseline(args: &CheckArgs, settings: &config::Settings, report: &mut engine::Report) -> Result<()> {
    let configured = settings.baseline.as_ref().filter(|_| !args.no_baseline);
    let Some(file) = args.baseline.as_ref().or(configured) else {
        return Ok(());
    };
    let baseline = baseline::Baseline::read(file).map_err(|error| match error {
        Error::Io { path, source } if args.baseline.is_none() => Error::Usage {
            message: format!("the configuration's `baseline` cannot be read: {path}: {source}"),
            help: Some(format!(
                "record one with `itsmlint check --write-baseline {path}`, or run with --no-baseline"
            )),
        },
        other => other,
    })?;
    let applied = baseline.apply(report);
    if applied.unmatched > 0 && !args.run.quiet {
        let entries = if applied.unmatched == 1 {
            "1 entry".to_owned()
        } else {
            format!("{} entries", applied.unmatched)
        };
        eprintln!(
            "warning: {entries} of {} no finding matches (fixed, or its line changed); `--write-baseline {}` drops them",
            file.display(),
            file.display()
        );
    }
    Ok(())
}

/// Where the repository root sits below the current folder, for tools that resolve paths
/// from where they run ("" when the root is the current folder or outside it).
fn root_prefix(root: &Path) -> String {
    let (Ok(cwd), Ok(root)) = (std::env::current_dir(), std::fs::canonicalize(root)) else {
        return String::new();
    };
    root.strip_prefix(&cwd)
        .map(|rel| {
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default()
}

fn render_format(
    format: Format,
    report: &engine::Report,
    pack: &crate::pack::Pack,
    color: bool,
    quiet: bool,
) -> String {
    let standard = &pack.standard;
    let prefix = || root_prefix(&report.root);
    match format {
        Format::Human => render::human::render(report, standard, color, quiet),
        Format::Concise => {
            let mut text = render::concise::render(report, standard);
            if !quiet {
                text.push_str(&render::summary_line(report));
                text.push('\n');
            }
            text
        }
        Format::Json => render::json::render(report, pack),
        Format::Sarif => render::sarif::render(report, pack, &prefix()),
        Format::Github => render::github::render(report, standard, &prefix()),
        Format::Gitlab => render::gitlab::render(report, standard, &prefix()),
        Format::Junit => render::junit::render(report, standard),
        Format::Markdown => render::markdown::render(report),
    }
}

fn settings_here(config: Option<&PathBuf>) -> Result<config::Settings> {
    let overrides = Overrides {
        config: config.cloned(),
        ..Overrides::default()
    };
    config::load(Path::new("."), &overrides)
}

fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

fn rules(args: &RulesArgs) -> Result<i32> {
    let settings = settings_here(args.config.as_ref())?;
    let enabled = |code: &str| settings.is_enabled(code);
    print(&match args.format {
        ListFormat::Text => catalog::rules_text(&settings.pack, &enabled),
        ListFormat::Json => catalog::rules_json(&settings.pack, &enabled),
    });
    Ok(0)
}

fn explain(args: &ExplainArgs) -> Result<i32> {
    let settings = settings_here(args.config.as_ref())?;
    let pack = &settings.pack;
    match catalog::lookup(pack, &args.topic) {
        Some(topic) => {
            print(&catalog::explain(pack, &topic));
            Ok(0)
        }
        None => {
            let close = catalog::topics_like(pack, &args.topic);
            Err(Error::Usage {
                message: format!(
                    "`{}` is not a rule, document type or clause of the loaded packs",
                    args.topic
                ),
                help: Some(
                    suggest::did_you_mean(&close)
                        .unwrap_or_else(|| "`itsmlint rules` lists rules and document types".into()),
                ),
            })
        }
    }
}

fn init(args: &InitArgs) -> Result<i32> {
    if !args.force
        && let Some(existing) = config::CONFIG_NAMES.iter().map(Path::new).find(|p| p.exists())
    {
        return Err(Error::Usage {
            message: format!("{} already exists; nothing was written", existing.display()),
            help: Some("pass --force to replace it".into()),
        });
    }
    scaffold::write_new(Path::new("itsmlint.toml"), scaffold::STARTER_CONFIG, args.force)?;
    eprintln!("wrote itsmlint.toml");
    Ok(0)
}

fn new(args: &NewArgs) -> Result<i32> {
    let settings = settings_here(args.config.as_ref())?;
    let pack = &settings.pack;
    let Some(doc) = pack.document(&args.doctype) else {
        let close = suggest::closest(&args.doctype, pack.documents().iter().map(|d| d.id.as_str()));
        return Err(Error::Usage {
            message: format!("`{}` is not a document type of the loaded packs", args.doctype),
            help: Some(
                suggest::did_you_mean(&close)
                    .unwrap_or_else(|| "`itsmlint rules` lists the document types".into()),
            ),
        });
    };
    let path = args
        .path
        .clone()
        .unwrap_or_else(|| Path::new(scaffold::folder_for(&doc.kind)).join(format!("{}.md", doc.id)));
    scaffold::write_new(&path, &scaffold::skeleton(pack, doc), args.force)?;
    eprintln!(
        "wrote {} ({}); fill in the {{{{ placeholders }}}} and TODO prompts",
        path.display(),
        doc.title
    );
    Ok(0)
}

/// Parses the command line, runs it, prints any fatal error with miette, returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => check(args),
        Command::Report(args) => report(args),
        Command::Rules(args) => rules(args),
        Command::Explain(args) => explain(args),
        Command::Init(args) => init(args),
        Command::New(args) => new(args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut command, "itsmlint", &mut out);
            print(&String::from_utf8_lossy(&out));
            Ok(0)
        }
        Command::Man => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut out) {
                Ok(()) => {
                    print(&String::from_utf8_lossy(&out));
                    Ok(0)
                }
                Err(source) => Err(Error::Write {
                    path: "the man page".into(),
                    source,
                }),
            }
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{:?}", miette::Report::new(err));
            2
        }
    }
}
