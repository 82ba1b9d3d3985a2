//! Output formats. The only module that knows how miette draws a code frame.

use crate::Error;
use crate::catalog::Catalog;
use crate::core::{Class, Report};

/// The report formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Junit,
    Markdown,
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
}

/// Renders a report. `fail_on` decides which findings count as failures (junit, markdown).
pub fn report(report: &Report, format: Format, style: &Style, fail_on: Option<Class>) -> String {
    let _ = (report, format, style, fail_on);
    String::new()
}

/// Renders an error for stderr, with a code frame when it points into a file.
pub fn error(error: &Error, style: &Style) -> String {
    let _ = style;
    let mut text = format!("error: {error}\n");
    if let Some(help) = error.help() {
        text.push_str(&format!("help: {help}\n"));
    }
    text
}

/// Renders the rule catalog for `compat rules`.
pub fn catalog(catalog: &Catalog, format: CatalogFormat) -> String {
    let _ = format;
    catalog
        .iter()
        .map(|rule| format!("{}\n", rule.id))
        .collect()
}
