//! The command line: parses arguments with clap, runs the linter, prints, and picks the exit
//! code (0 clean, 1 findings at or above the threshold, 2 usage, configuration or I/O failure).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{self, Overrides};
use crate::error::{Error, Result};
use crate::finding::Severity;
use crate::{discover, engine, render};

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source snippets with labels and help, like rustc.
    Human,
    /// One line per finding: `path:line:col: CODE [severity] message (clause)`.
    Concise,
    /// Machine-readable report, `version` 1.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Exit 1 on warnings as well as errors.
    Warnings,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check [default: .]
    pub paths: Vec<PathBuf>,
    /// Use this configuration file instead of searching for itsmlint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Output format.
    #[arg(
        long,
        alias = "output-format",
        value_enum,
        env = "ITSMLINT_OUTPUT_FORMAT",
        default_value = "human"
    )]
    pub format: Format,
    /// The date review checks compare against (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
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
    /// Fail (exit 1) on warnings too.
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// Print findings only: no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// No colours (also when NO_COLOR is set or output is not a terminal).
    #[arg(long)]
    pub no_color: bool,
    /// Always exit 0 when the run completes, whatever it finds.
    #[arg(long)]
    pub exit_zero: bool,
    /// Apply the config's exclude globs to files named on the command line (for pre-commit).
    #[arg(long)]
    pub force_exclude: bool,
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

/// Runs `check` and returns the process exit code.
pub fn check(args: &CheckArgs) -> Result<i32> {
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
    let settings = config::load(&start, &overrides)?;
    let inventory = discover::discover(&settings, &paths, args.force_exclude)?;
    if inventory.selected.is_empty() && !args.quiet {
        eprintln!(
            "warning: no Markdown documents in scope under {} (check `include`/`exclude` in itsmlint.toml)",
            settings.root.display()
        );
    }
    let report = engine::run(&settings, &inventory, today);
    let standard = settings.pack.standard.clone();
    let color = !args.no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
    let text = match args.format {
        Format::Human => render::human::render(&report, &standard, color, args.quiet),
        Format::Concise => {
            let mut text = render::concise::render(&report, &standard);
            if !args.quiet {
                text.push_str(&render::summary_line(&report));
                text.push('\n');
            }
            text
        }
        Format::Json => render::json::render(&report),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not a failure of the lint.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let failed = errors > 0 || (args.deny == Some(Deny::Warnings) && warnings > 0);
    Ok(if failed && !args.exit_zero { 1 } else { 0 })
}

/// Parses the command line, runs it, prints any fatal error with miette, returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => check(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{:?}", miette::Report::new(err));
            2
        }
    }
}
