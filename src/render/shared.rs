//! What several formats need: where a span is in words, the counts line, the rule's windows,
//! the directories of `.sql` files compat could not place.

use crate::core::{Class, InputError, Position, Span, Window};
use crate::report::{Artifact, Report};

/// Classes from the most to the least dangerous, the order reports list them in.
pub(crate) const CLASSES: [Class; 3] = [Class::Breaking, Class::Tolerant, Class::Additive];

/// A span resolved to its file's path and to line/column positions.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Location<'a> {
    pub path: &'a str,
    pub start: Position,
    /// The position just past the span.
    pub end: Position,
}

impl<'a> Location<'a> {
    pub fn of(report: &'a Report, span: Span) -> Self {
        let file = report.sources.get(span.file);
        Location {
            path: file.path(),
            start: file.position(span.start()),
            end: file.position(span.end().max(span.start())),
        }
    }
}

/// `rollout, rollback`.
pub(crate) fn windows(windows: &[Window]) -> String {
    let windows: Vec<&str> = windows.iter().map(|w| w.as_str()).collect();
    windows.join(", ")
}

/// `2 breaking, 1 tolerant, 0 additive (1 suppressed)`, from unsuppressed findings.
pub(crate) fn counts(report: &Report) -> String {
    let summary = report.summary();
    let counts: Vec<String> = CLASSES
        .iter()
        .map(|&class| format!("{} {class}", summary.count(class)))
        .collect();
    let mut text = counts.join(", ");
    let suppressed = suppressed(report);
    if suppressed > 0 {
        text.push_str(&format!(" ({suppressed} suppressed)"));
    }
    text
}

pub(crate) fn suppressed(report: &Report) -> usize {
    report
        .findings
        .iter()
        .filter(|r| r.suppressed.is_some())
        .count()
}

/// `users (sql), events (jsonschema)`, or `nothing` when no artifact was compared.
pub(crate) fn compared(report: &Report) -> String {
    if report.artifacts.is_empty() {
        return "nothing".into();
    }
    let names: Vec<String> = report.artifacts.iter().map(described).collect();
    names.join(", ")
}

/// `db/migrations (sql: golang-migrate, postgres, 12 files)`: what a set is and how it was read.
pub(crate) fn described(artifact: &Artifact) -> String {
    let files = format!(
        "{} file{}",
        artifact.files,
        if artifact.files == 1 { "" } else { "s" }
    );
    match &artifact.read_as {
        Some(read_as) => format!("{} ({}: {read_as}, {files})", artifact.name, artifact.kind),
        None => format!("{} ({}, {files})", artifact.name, artifact.kind),
    }
}

/// What a run says about the directories of `.sql` files it could not place: which (the first
/// few), and how to declare one. `None` when there are none.
pub(crate) fn unplaced(report: &Report) -> Option<String> {
    const SHOWN: usize = 5;
    let first = report.unplaced.first()?;
    let dirs: Vec<String> = report
        .unplaced
        .iter()
        .take(SHOWN)
        .map(|dir| format!("`{dir}`"))
        .collect();
    let more = match report.unplaced.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    Some(format!(
        "compat could not place the .sql files in {}{more} as a migration directory.\nIf one \
         holds migrations, declare it in compat.toml: `[[sql]] path = \"{first}\"` with its \
         `layout` ({LAYOUTS})",
        dirs.join(", ")
    ))
}

/// What a run says about the migration directories it left out for their database.
pub(crate) fn left_out(report: &Report) -> Option<String> {
    let dirs: Vec<String> = report.left_out.iter().map(|d| format!("`{d}`")).collect();
    (!dirs.is_empty()).then(|| {
        format!(
            "{}: the folder names a database compat does not read (it reads PostgreSQL, MySQL \
             and SQLite)",
            dirs.join(", ")
        )
    })
}

/// The values of `layout` in compat.toml.
pub(crate) const LAYOUTS: &str = "golang-migrate, flyway, diesel, sqlx, dbmate, goose, \
     sql-migrate, liquibase, prisma, atlas, versioned or plain";

/// `1 input error`, `2 input errors`.
pub(crate) fn input_errors(count: usize) -> String {
    format!("{count} input error{}", if count == 1 { "" } else { "s" })
}

/// The file an input error is about: the span's file, else the one it names.
pub(crate) fn error_path<'a>(report: &'a Report, error: &'a InputError) -> Option<&'a str> {
    match error.span {
        Some(span) => Some(report.sources.get(span.file).path()),
        None => error.file.as_deref(),
    }
}

/// A small report with a finding of each class, one with both sides, a suppressed one and input
/// errors, for the tests of every format.
#[cfg(test)]
pub(crate) mod sample {
    use std::collections::BTreeMap;

    use crate::core::{Class, Finding, InputError, RuleId, Side, Sources, Span};
    use crate::report::{Artifact, RawFinding, Report};

    pub const NEW: &str = "-- compat:allow\nalter table users\n\tadd naïve int, add flag int;\n";
    pub const OLD: &str = "create table users (\n\tid int\n);\n";
    /// `flag` on line 3, after a tab and a two-byte character: column 21, byte 55.
    pub const FLAG: std::ops::Range<usize> = 55..59;

    pub fn report() -> Report {
        assert_eq!(&NEW[FLAG], "flag");
        let mut sources = Sources::new();
        let new = sources.add("db/0002_add.sql", Side::New, NEW);
        let old = sources.add("db/0001_init.sql", Side::Old, OLD);
        let users = OLD.find("users").unwrap();
        let raw = vec![
            RawFinding {
                finding: Finding::new(
                    RuleId::CoreSuppressionWithoutReason,
                    "Column `flag` | added",
                )
                .at_new(Span::new(new, FLAG), "added here")
                .at_old(Span::new(old, users..users + 5), "table before")
                .with_note("assumes readers ignore <unknown> columns"),
                artifact: Some(0),
                suppressed: None,
            },
            RawFinding {
                finding: Finding::new(
                    RuleId::CoreUnusedSuppression,
                    "`compat:allow` suppresses nothing",
                )
                .at_new(Span::new(new, 0..15), "this suppression"),
                artifact: Some(0),
                suppressed: None,
            },
            RawFinding {
                finding: Finding::new(RuleId::CoreUnusedSuppression, "Old table noted")
                    .at_old(Span::new(old, 0..12), "was here")
                    .with_help("Nothing to do"),
                artifact: None,
                suppressed: None,
            },
            RawFinding {
                finding: Finding::new(RuleId::CoreUnusedSuppression, "Silenced")
                    .at_new(Span::new(new, 16..21), "here"),
                artifact: Some(0),
                suppressed: Some("reviewed, | safe".into()),
            },
        ];
        let errors = vec![
            InputError::new(
                Some("db/broken.sql".into()),
                "cannot read: bad, \"encoding\"",
            ),
            InputError::new(None, "expected `;`")
                .at(Span::new(new, 35..38))
                .with_help("end the statement"),
        ];
        let artifacts = vec![Artifact {
            analyzed: true,
            name: "db".into(),
            kind: "sql".into(),
            read_as: Some("golang-migrate, postgres".into()),
            files: 2,
        }];
        let mut report = Report::build(
            sources,
            artifacts,
            raw,
            errors,
            crate::catalog::catalog(),
            &BTreeMap::new(),
        );
        for reported in &mut report.findings {
            reported.class = match reported.finding.message.as_str() {
                "Column `flag` | added" => Class::Breaking,
                "Old table noted" => Class::Additive,
                _ => Class::Tolerant,
            };
        }
        report
    }

    /// A report that compared nothing, with directories of `.sql` files it could not place.
    pub fn unplaced() -> Report {
        Report {
            unplaced: vec!["schema/postgres/versioned/v1.0".into(), "scripts".into()],
            ..Report::default()
        }
    }

    /// [`report`] with its first finding repeated `count` times and no other.
    pub fn repeated(count: usize) -> Report {
        let mut report = report();
        let one = report.findings.swap_remove(0);
        report.findings = (0..count)
            .map(|_| crate::report::Reported {
                finding: one.finding.clone(),
                rule: one.rule,
                class: one.class,
                suppressed: None,
                artifact: one.artifact,
            })
            .collect();
        report
    }

    /// A report that compared one artifact and found nothing.
    pub fn empty() -> Report {
        let artifacts = vec![Artifact {
            analyzed: true,
            name: "db".into(),
            kind: "sql".into(),
            read_as: Some("golang-migrate, postgres".into()),
            files: 2,
        }];
        Report::build(
            Sources::new(),
            artifacts,
            Vec::new(),
            Vec::new(),
            crate::catalog::catalog(),
            &BTreeMap::new(),
        )
    }
}
