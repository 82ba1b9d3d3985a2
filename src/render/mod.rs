//! Output formats. The only module that knows how miette draws a code frame.
//!
//! One file per format; `frame` is the miette source that cuts code frames out of a file through
//! its line index, `shared` the few helpers several formats need (locations, counts, escapes).

mod catalog;
mod concise;
mod frame;
mod github;
mod human;
mod json;
mod junit;
mod markdown;
mod sarif;
mod shared;

use crate::Error;
use crate::catalog::Catalog;
use crate::core::Class;
use crate::report::Report;

/// The report formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Junit,
    Markdown,
    /// One line per finding: `path:line:col: class rule: message`.
    Concise,
}

/// The formats of `compat rules --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogFormat {
    Table,
    Json,
    Markdown,
}

/// How the human format looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    /// Terminal width for wrapping code frames.
    pub width: usize,
    /// Leave out the summary line.
    pub quiet: bool,
    /// Draw a code frame for every finding; by default a rule's first findings get frames and
    /// the rest a line each.
    pub full: bool,
}

/// Renders a report. `fail_on` decides which findings count as failures (junit, markdown).
pub fn report(report: &Report, format: Format, style: &Style, fail_on: Option<Class>) -> String {
    match format {
        Format::Human => human::render(report, style),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Junit => junit::render(report, fail_on),
        Format::Markdown => markdown::render(report, fail_on),
        Format::Concise => concise::render(report),
    }
}

/// Renders an error for stderr, with a code frame when it points into a file.
pub fn error(error: &Error, style: &Style) -> String {
    human::error(error, style)
}

/// Renders the rule catalog for `compat rules`.
pub fn catalog(catalog: &Catalog, format: CatalogFormat) -> String {
    match format {
        CatalogFormat::Table => catalog::table(catalog),
        CatalogFormat::Json => catalog::json(catalog),
        CatalogFormat::Markdown => catalog::markdown(catalog),
    }
}
