//! The terminal format: one miette diagnostic per finding, the new side as the primary frame and the
//! old side as a second frame with its own source, then a summary line.
//!
//! Suppressed findings get one line each after the diagnostics rather than a frame: a reviewed
//! exception should stay visible in the log without drowning the findings that still need work.

use std::fmt::{self, Write as _};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, Severity, SourceCode,
};
use rayon::prelude::*;

use super::Style;
use super::concise;
use super::frame::FrameSource;
use super::shared::{self, Location};
use crate::Error;
use crate::core::{Class, InputError, Label, Side, SourceFile};
use crate::report::{Report, Reported};

pub(super) fn render(report: &Report, style: &Style) -> String {
    let handler = handler(style);
    let (suppressed, shown): (Vec<&Reported>, Vec<&Reported>) =
        report.findings.iter().partition(|r| r.suppressed.is_some());
    let (framed, folded) = fold(&shown, style);
    // Findings are drawn independently and miette's layout work (wrapping, widths) dominates, so
    // large reports are drawn in parallel; `collect` keeps their order.
    let blocks: Vec<String> = framed
        .par_iter()
        .with_min_len(64)
        .map(|reported| block(&handler, report, reported, style))
        .collect();
    let mut out = String::with_capacity(blocks.iter().map(String::len).sum::<usize>() + 256);
    for block in blocks {
        out.push_str(&block);
    }
    if !folded.is_empty() {
        let header = format!(
            "{} more finding{} of the rules above, one line each (--full draws every frame):",
            folded.len(),
            if folded.len() == 1 { "" } else { "s" }
        );
        out.push_str(&paint(style, &header, BOLD));
        out.push('\n');
        for reported in &folded {
            out.push_str(&format!("  {}\n", concise::line(report, reported)));
        }
        out.push('\n');
    }
    for reported in &suppressed {
        out.push_str(&suppressed_line(report, reported));
    }
    if !suppressed.is_empty() {
        out.push('\n');
    }
    for error in &report.errors {
        draw(&handler, &mut out, &input_error(report, error));
        out.push('\n');
    }
    if !style.quiet {
        if !folded.is_empty() {
            out.push_str(&by_rule(&shown));
        }
        out.push_str(&paint(style, &summary(report), BOLD));
        out.push('\n');
    }
    out
}

/// How many findings of one rule get a code frame before the rest get a line each: enough to
/// show the pattern, few enough that a release of hundreds of findings stays readable.
const FRAMES_PER_RULE: usize = 2;

/// The findings drawn with frames, and those folded to a line (a rule's findings past
/// [`FRAMES_PER_RULE`]), each in report order.
fn fold<'r>(shown: &[&'r Reported], style: &Style) -> (Vec<&'r Reported>, Vec<&'r Reported>) {
    if style.full {
        return (shown.to_vec(), Vec::new());
    }
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    shown.iter().partition(|reported| {
        let count = seen.entry(reported.rule.id.as_str()).or_default();
        *count += 1;
        *count <= FRAMES_PER_RULE
    })
}

/// `by rule: 84 sql/create-index-blocking (breaking), ...`, most findings first.
fn by_rule(shown: &[&Reported]) -> String {
    let mut counts: Vec<(&str, Class, usize)> = Vec::new();
    for reported in shown {
        let id = reported.rule.id.as_str();
        match counts.iter_mut().find(|(rule, _, _)| *rule == id) {
            Some((_, _, count)) => *count += 1,
            None => counts.push((id, reported.class, 1)),
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    let parts: Vec<String> = counts
        .iter()
        .map(|(rule, class, count)| format!("{count} {rule} ({class})"))
        .collect();
    format!("by rule: {}\n", parts.join(", "))
}

/// Renders an error for stderr: a code frame for a bad compat.toml, two lines otherwise.
pub(super) fn error(error: &Error, style: &Style) -> String {
    let Error::Config(diagnostic) = error else {
        let mut text = format!("{}: {error}\n", paint(style, "error", RED));
        if let Some(help) = error.help() {
            text.push_str(&format!("{}: {help}\n", paint(style, "help", CYAN)));
        }
        return text;
    };
    let file = SourceFile::new(&diagnostic.path, Side::New, diagnostic.text.clone());
    let source = FrameSource::new(&file);
    let span = source.span(diagnostic.span.clone());
    let label = LabeledSpan::new_primary_with_span(Some(diagnostic.label.clone()), span);
    let mut out = String::new();
    draw(
        &handler(style),
        &mut out,
        &Diag {
            code: None,
            message: diagnostic.message.clone(),
            severity: Severity::Error,
            frame: Some(Frame { source, label }),
            help: diagnostic.help.as_deref(),
        },
    );
    out
}

/// One unsuppressed finding: its diagnostic, its notes and a blank line.
fn block(
    handler: &GraphicalReportHandler,
    report: &Report,
    reported: &Reported,
    style: &Style,
) -> String {
    let mut out = String::new();
    let (new, old) = finding(report, reported);
    draw(handler, &mut out, &new);
    // Drawn as a diagnostic of its own rather than through miette's `related`, which prefixes
    // it with a severity word ("Advice:") that reads as a second finding.
    if let Some(old) = old {
        draw(handler, &mut out, &old);
    }
    for note in &reported.finding.notes {
        let _ = writeln!(out, "  {}: {note}", paint(style, "note", BOLD));
    }
    out.push('\n');
    out
}

fn handler(style: &Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .without_syntax_highlighting()
}

fn draw(handler: &GraphicalReportHandler, out: &mut String, diagnostic: &Diag<'_>) {
    // Writing into a String only fails when a frame cannot be read, and our frames are clamped
    // to their file; whatever was drawn before stays.
    let _ = handler.render_report(out, diagnostic);
}

/// The finding's diagnostic on the new side, and the frame of the old side when it has one.
fn finding<'a>(report: &'a Report, reported: &'a Reported) -> (Diag<'a>, Option<Diag<'a>>) {
    let rule = reported.rule;
    let finding = &reported.finding;
    let old = finding.old.as_ref().map(|old| Diag {
        code: None,
        message: "in the old version".into(),
        severity: Severity::Advice,
        frame: Some(frame(report, old)),
        help: None,
    });
    let new = Diag {
        code: Some(format!(
            "{} [{}: {}; {}]",
            rule.id,
            reported.class,
            shared::windows(reported.windows()),
            rule.effect
        )),
        message: finding.message.clone(),
        severity: severity(reported.class),
        frame: finding.new.as_ref().map(|new| frame(report, new)),
        help: Some(reported.help()),
    };
    (new, old)
}

fn input_error<'a>(report: &'a Report, error: &'a InputError) -> Diag<'a> {
    let message = match (&error.span, &error.file) {
        // Messages that already start with their file are not prefixed again.
        (None, Some(file)) if !error.message.starts_with(file.as_str()) => {
            format!("{file}: {}", error.message)
        }
        _ => error.message.clone(),
    };
    Diag {
        code: None,
        message,
        severity: Severity::Error,
        frame: error.span.map(|span| frame(report, &Label::new(span))),
        help: error.help.as_deref(),
    }
}

fn frame<'a>(report: &'a Report, label: &Label) -> Frame<'a> {
    let source = FrameSource::new(report.sources.get(label.span.file));
    let span = source.span(label.span.range());
    Frame {
        source,
        label: LabeledSpan::new_primary_with_span(label.text.clone(), span),
    }
}

fn severity(class: Class) -> Severity {
    match class {
        Class::Breaking => Severity::Error,
        Class::Tolerant => Severity::Warning,
        Class::Additive => Severity::Advice,
    }
}

fn suppressed_line(report: &Report, reported: &Reported) -> String {
    let reason = reported.suppressed.as_deref().unwrap_or_default();
    match reported.finding.primary_span() {
        Some(span) => {
            let at = Location::of(report, span);
            format!(
                "suppressed: {} at {}:{} — {reason}\n",
                reported.rule.id, at.path, at.start.line
            )
        }
        None => format!("suppressed: {} — {reason}\n", reported.rule.id),
    }
}

fn summary(report: &Report) -> String {
    let unplaced = shared::unplaced(report);
    let mut line = if report.artifacts.is_empty() && report.errors.is_empty() {
        // Not "no findings": a repository whose contracts compat cannot place is not safe by it.
        match &unplaced {
            Some(unplaced) => format!("nothing compared: {unplaced}."),
            None => NOTHING_FOUND.to_owned(),
        }
    } else if report.findings.is_empty() {
        format!("no findings in {}", shared::compared(report))
    } else {
        shared::counts(report)
    };
    if !report.errors.is_empty() {
        line.push_str(&format!("; {}", shared::input_errors(report.errors.len())));
    }
    if !report.findings.is_empty() && !report.artifacts.is_empty() {
        line.push_str(&format!("\nchecked: {}", shared::compared(report)));
    }
    if let Some(unplaced) = unplaced.filter(|_| !report.artifacts.is_empty()) {
        line.push_str(&format!("\nnot placed: {unplaced}"));
    }
    if let Some(left_out) = shared::left_out(report) {
        line.push_str(&format!("\nleft out: {left_out}"));
    }
    for artifact in report.artifacts.iter().filter(|a| !a.analyzed) {
        line.push_str(&format!(
            "\nnot compared: {} ({}): this version of compat has no {} analyzer",
            artifact.name, artifact.kind, artifact.kind
        ));
    }
    line
}

/// What a run that found nothing to compare says.
const NOTHING_FOUND: &str = "nothing compared: compat found no migration directory, JSON Schema, \
     .proto file or OpenAPI document here.\nDeclare what to check in compat.toml (`[[sql]] path = \
     \"db/migrations\"`, `[[jsonschema]]`, `[[proto]]`, `[[openapi]] paths = [...]`), or run \
     `compat init` to write one from what it detects.";

const BOLD: &str = "1";
const RED: &str = "1;31";
const CYAN: &str = "36";

fn paint(style: &Style, text: &str, sgr: &str) -> String {
    if style.color {
        format!("\u{1b}[{sgr}m{text}\u{1b}[0m")
    } else {
        text.to_owned()
    }
}

/// A code frame: a file and one labelled span in it.
#[derive(Debug)]
struct Frame<'a> {
    source: FrameSource<'a>,
    label: LabeledSpan,
}

/// The miette diagnostic of a finding, the old side of one, or an input error.
#[derive(Debug)]
struct Diag<'a> {
    code: Option<String>,
    message: String,
    severity: Severity,
    frame: Option<Frame<'a>>,
    help: Option<&'a str>,
}

impl fmt::Display for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag<'_> {}

impl Diagnostic for Diag<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code
            .as_ref()
            .map(|code| Box::new(code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.frame.as_ref().map(|f| &f.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = self.frame.as_ref()?.label.clone();
        Some(Box::new(std::iter::once(label)))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::FileDiagnostic;
    use crate::render::shared::sample;

    const PLAIN: Style = Style {
        color: false,
        width: 100,
        quiet: false,
        full: true,
    };

    #[test]
    fn shows_both_sides_the_help_and_the_summary() {
        let text = render(&sample::report(), &PLAIN);
        let breaking = text
            .find("core/suppression-without-reason [breaking: rollout, rollback; contract]\n")
            .unwrap();
        let new_frame = text.find("[db/0002_add.sql:3:21]").unwrap();
        let help = text
            .find("help: Write why the change is safe after `reason:`")
            .unwrap();
        let old_frame = text.find("[db/0001_init.sql:1:14]").unwrap();
        let note = text
            .find("note: assumes readers ignore <unknown> columns")
            .unwrap();
        assert!(
            [breaking, new_frame, help, old_frame, note].is_sorted(),
            "{text}"
        );
        assert!(text.contains("╰── added here") && text.contains("╰── table before"));
        assert!(text.contains(
            "suppressed: core/unused-suppression at db/0002_add.sql:2 — reviewed, | safe\n"
        ));
        assert!(!text.contains("Silenced"));
        assert!(text.ends_with(
            "\n1 breaking, 1 tolerant, 1 additive (1 suppressed); 2 input errors\n\
             checked: db (sql: golang-migrate, postgres, 2 files)\n"
        ));
        insta::assert_snapshot!(text);
    }

    #[test]
    fn quiet_leaves_the_summary_out() {
        let quiet = Style {
            quiet: true,
            ..PLAIN
        };
        let text = render(&sample::report(), &quiet);
        assert!(!text.contains("1 breaking"));
        assert!(text.contains("core/suppression-without-reason [breaking"));
    }

    #[test]
    fn no_findings_says_what_was_compared() {
        assert_eq!(
            render(&sample::empty(), &PLAIN),
            "no findings in db (sql: golang-migrate, postgres, 2 files)\n"
        );
    }

    #[test]
    fn a_run_that_found_nothing_says_how_to_declare_sets() {
        let text = render(&Report::default(), &PLAIN);
        assert!(text.starts_with("nothing compared: "), "{text}");
        assert!(
            text.contains("compat.toml") && text.contains("compat init"),
            "{text}"
        );
        assert!(!text.contains("no findings"), "{text}");
    }

    #[test]
    fn a_run_that_placed_no_sql_names_the_directories() {
        let text = render(&sample::unplaced(), &PLAIN);
        assert!(text.starts_with("nothing compared: "), "{text}");
        assert!(
            text.contains("`schema/postgres/versioned/v1.0`, `scripts`")
                && text.contains("[[sql]] path = \"schema/postgres/versioned/v1.0\""),
            "{text}"
        );
        let markdown = crate::render::markdown::render(&sample::unplaced(), None);
        assert!(markdown.contains("`scripts`"), "{markdown}");

        // Another kind was compared: the directories still get their line.
        let compared = Report {
            unplaced: vec!["scripts".into()],
            ..sample::empty()
        };
        let text = render(&compared, &PLAIN);
        assert!(
            text.starts_with(
                "no findings in db (sql: golang-migrate, postgres, 2 files)\nnot placed: compat could not place"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_rules_later_findings_fold_to_a_line_each() {
        let report = sample::repeated(5);
        let rule = report.findings[0].rule.id.as_str();
        let framed = format!("{rule} [");
        let folded = render(
            &report,
            &Style {
                full: false,
                ..PLAIN
            },
        );
        assert_eq!(folded.matches(&framed).count(), FRAMES_PER_RULE, "{folded}");
        assert!(
            folded.contains("3 more findings of the rules above, one line each"),
            "{folded}"
        );
        assert_eq!(
            folded.matches(&format!(": additive {rule}: ")).count(),
            3,
            "{folded}"
        );
        assert!(
            folded.contains(&format!("by rule: 5 {rule} (additive)")),
            "{folded}"
        );
        let full = render(&report, &PLAIN);
        assert_eq!(full.matches(&framed).count(), 5, "{full}");
    }

    #[test]
    fn color_is_optional() {
        let colored = render(
            &sample::report(),
            &Style {
                color: true,
                ..PLAIN
            },
        );
        assert!(colored.contains("\u{1b}["));
        assert!(!render(&sample::report(), &PLAIN).contains('\u{1b}'));
    }

    #[test]
    fn a_config_error_is_a_frame_into_the_file() {
        let text = "[rules]\n\"sql/drop-colum\" = \"off\"\n";
        let start = text.find('"').unwrap();
        let error = Error::Config(Box::new(FileDiagnostic {
            path: "compat.toml".into(),
            text: Arc::from(text),
            span: start..start + 16,
            message: "unknown rule `sql/drop-colum`".into(),
            label: "not a rule".into(),
            help: Some("did you mean `sql/drop-column`?".into()),
        }));
        let out = super::error(&error, &PLAIN);
        assert!(out.contains("× unknown rule `sql/drop-colum`"), "{out}");
        assert!(out.contains("╭─[compat.toml:2:1]"), "{out}");
        assert!(out.contains("╰── not a rule"), "{out}");
        assert!(
            out.contains("help: did you mean `sql/drop-column`?"),
            "{out}"
        );
    }

    #[test]
    fn other_errors_are_two_lines() {
        let error = Error::usage_with_help("unknown rule `x`", "`compat rules` lists every rule");
        assert_eq!(
            super::error(&error, &PLAIN),
            "error: unknown rule `x`\nhelp: `compat rules` lists every rule\n"
        );
        let colored = super::error(
            &error,
            &Style {
                color: true,
                ..PLAIN
            },
        );
        assert!(colored.starts_with("\u{1b}[1;31merror\u{1b}[0m: unknown rule"));
    }
}
