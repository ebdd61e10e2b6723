//! itsmlint: a compliance-as-code linter for ISO/IEC 20000-1:2018 service management
//! documentation kept as Markdown. The library parses documents, loads rule packs and runs
//! checks; `cli` wires it to the command line.

pub mod baseline;
pub mod catalog;
pub mod checks;
pub mod cli;
pub mod config;
pub mod discover;
pub mod document;
pub mod engine;
pub mod error;
pub mod finding;
pub mod pack;
pub mod read;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod toml_read;
pub mod trim;
