//! One line per finding, as other linters print them: `path:line:col: class rule: message`.
//! Suppressed findings are marked with their reason; input errors follow, then the counts.

use super::shared::{self, Location};
use crate::report::{Report, Reported};

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for reported in &report.findings {
        out.push_str(&line(report, reported));
        out.push('\n');
    }
    for error in &report.errors {
        let at = match error.span {
            Some(span) => {
                let at = Location::of(report, span);
                format!("{}:{}:{}", at.path, at.start.line, at.start.column)
            }
            None => shared::error_path(report, error)
                .unwrap_or("compat")
                .to_owned(),
        };
        out.push_str(&format!("{at}: error: {}\n", error.message));
    }
    out.push_str(&shared::counts(report));
    out.push('\n');
    out
}

/// `db/migrations/0002.sql:3:1: breaking sql/drop-column: column ...`.
pub(super) fn line(report: &Report, reported: &Reported) -> String {
    let at = match reported.finding.primary_span() {
        Some(span) => {
            let at = Location::of(report, span);
            format!("{}:{}:{}", at.path, at.start.line, at.start.column)
        }
        None => "(no location)".to_owned(),
    };
    let mut line = format!(
        "{at}: {} {}: {}",
        reported.class, reported.rule.id, reported.finding.message
    );
    if let Some(reason) = &reported.suppressed {
        line.push_str(&format!(" (suppressed: {reason})"));
    }
    line
}
