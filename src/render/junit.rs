//! JUnit XML for CI test reports: one test case per compared artifact set, a `<failure>` per finding
//! at or above `--fail-on`, an `<error>` per input error. Findings below the threshold and suppressed
//! ones are listed in the case's `<system-out>`, so the report still shows them.
//!
//! Findings of no artifact set, and input errors, belong to a case named `compat`. The suite's
//! `failures` and `errors` count test cases, as JUnit's do, not findings.

use std::fmt::Write as _;

use super::shared::Location;
use crate::core::Class;
use crate::report::{Report, Reported};

const NAME: &str = "compat";

/// One `<testcase>` being filled.
#[derive(Default)]
struct Case<'a> {
    name: &'a str,
    kind: &'a str,
    failures: Vec<&'a Reported>,
    passed: Vec<&'a Reported>,
    errors: Vec<String>,
}

pub(super) fn render(report: &Report, fail_on: Option<Class>) -> String {
    let mut cases: Vec<Case> = report
        .artifacts
        .iter()
        .map(|a| Case {
            name: &a.name,
            kind: &a.kind,
            ..Case::default()
        })
        .collect();
    let mut own = Case {
        name: NAME,
        kind: NAME,
        ..Case::default()
    };
    for reported in &report.findings {
        let case = match reported.artifact.and_then(|i| cases.get_mut(i)) {
            Some(case) => case,
            None => &mut own,
        };
        let fails = reported.suppressed.is_none() && fail_on.is_some_and(|t| reported.class >= t);
        if fails {
            case.failures.push(reported);
        } else {
            case.passed.push(reported);
        }
    }
    own.errors = report
        .errors
        .iter()
        .map(|e| error_text(report, e))
        .collect();
    let has_own = !own.failures.is_empty() || !own.passed.is_empty() || !own.errors.is_empty();
    if has_own || cases.is_empty() {
        cases.push(own);
    }

    let failures = cases.iter().filter(|c| !c.failures.is_empty()).count();
    let errors = cases.iter().filter(|c| !c.errors.is_empty()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let totals = format!(
        "tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\"",
        cases.len()
    );
    let _ = writeln!(out, "<testsuites name=\"{NAME}\" {totals}>");
    let _ = writeln!(out, "  <testsuite name=\"{NAME}\" {totals} skipped=\"0\">");
    for case in &cases {
        write_case(&mut out, report, case);
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn write_case(out: &mut String, report: &Report, case: &Case) {
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{NAME}.{}\"",
        escape_attr(case.name),
        escape_attr(case.kind)
    );
    if case.failures.is_empty() && case.passed.is_empty() && case.errors.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    for reported in &case.failures {
        let finding = &reported.finding;
        let _ = writeln!(
            out,
            "      <failure message=\"{}\" type=\"{}\">{}</failure>",
            escape_attr(&format!("{}: {}", reported.rule.id, finding.message)),
            reported.class,
            escape(&details(report, reported))
        );
    }
    for error in &case.errors {
        let _ = writeln!(
            out,
            "      <error message=\"{}\" type=\"input\">{}</error>",
            escape_attr(error.lines().next().unwrap_or_default()),
            escape(error)
        );
    }
    if !case.passed.is_empty() {
        let lines: Vec<String> = case.passed.iter().map(|r| passed_line(report, r)).collect();
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            escape(&lines.join("\n"))
        );
    }
    out.push_str("    </testcase>\n");
}

/// The failure's body: where, then what to do.
fn details(report: &Report, reported: &Reported) -> String {
    let mut text = String::new();
    if let Some(span) = reported.finding.new.as_ref().map(|l| l.span) {
        let at = Location::of(report, span);
        let _ = writeln!(text, "{}:{}:{}", at.path, at.start.line, at.start.column);
    }
    if let Some(span) = reported.finding.old.as_ref().map(|l| l.span) {
        let at = Location::of(report, span);
        let _ = writeln!(
            text,
            "old: {}:{}:{}",
            at.path, at.start.line, at.start.column
        );
    }
    for note in &reported.finding.notes {
        let _ = writeln!(text, "note: {note}");
    }
    let _ = write!(text, "help: {}", reported.help());
    text
}

fn passed_line(report: &Report, reported: &Reported) -> String {
    let at = reported
        .finding
        .primary_span()
        .map_or_else(String::new, |span| {
            let at = Location::of(report, span);
            format!(" at {}:{}", at.path, at.start.line)
        });
    match &reported.suppressed {
        Some(reason) => format!("suppressed {}{at}: {reason}", reported.rule.id),
        None => format!(
            "{} {}{at}: {}",
            reported.class, reported.rule.id, reported.finding.message
        ),
    }
}

fn error_text(report: &Report, error: &crate::core::InputError) -> String {
    let place = match (error.span, &error.file) {
        (Some(span), _) => {
            let at = Location::of(report, span);
            format!("{}:{}:{}: ", at.path, at.start.line, at.start.column)
        }
        (None, Some(file)) => format!("{file}: "),
        (None, None) => String::new(),
    };
    let mut text = format!("{place}{}", error.message);
    if let Some(help) = &error.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    text
}

/// Text for an XML attribute or element. Characters XML 1.0 cannot carry at all (most controls)
/// become U+FFFD.
/// An attribute value: parsers normalise a raw line break in one to a space, so breaks are
/// written as character references.
fn escape_attr(text: &str) -> String {
    escape(text)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::shared::sample;

    fn count(text: &str, what: &str) -> usize {
        text.matches(what).count()
    }

    #[test]
    fn failures_respect_fail_on() {
        let report = sample::report();
        let breaking = render(&report, Some(Class::Breaking));
        assert_eq!(count(&breaking, "<failure "), 1);
        let tolerant = render(&report, Some(Class::Tolerant));
        assert_eq!(count(&tolerant, "<failure "), 2);
        // The suppressed finding never fails.
        let additive = render(&report, Some(Class::Additive));
        assert_eq!(count(&additive, "<failure "), 3);
        assert_eq!(count(&render(&report, None), "<failure "), 0);
        assert!(
            breaking.contains(
                "suppressed core/unused-suppression at db/0002_add.sql:2: reviewed, | safe"
            )
        );
    }

    #[test]
    fn one_case_per_artifact_plus_one_for_the_rest() {
        let text = render(&sample::report(), Some(Class::Additive));
        assert_eq!(count(&text, "<testcase "), 2);
        assert!(text.contains("<testcase name=\"db\" classname=\"compat.sql\">"));
        assert!(text.contains("<testcase name=\"compat\" classname=\"compat.compat\">"));
        assert!(text.contains(
            "<testsuite name=\"compat\" tests=\"2\" failures=\"2\" errors=\"1\" skipped=\"0\">"
        ));
        assert_eq!(count(&text, "<error "), 2);
        assert!(text.contains(
            "<failure message=\"core/suppression-without-reason: Column `flag` | added\" type=\"breaking\">\
             db/0002_add.sql:3:21\nold: db/0001_init.sql:1:14\nnote: assumes readers ignore &lt;unknown&gt; columns\n\
             help: Write why the change is safe after `reason:`</failure>"
        ));
        assert!(text.contains("<error message=\"db/broken.sql: cannot read: bad, &quot;encoding&quot;\" type=\"input\">"));
    }

    #[test]
    fn a_clean_run_is_one_passing_case_per_artifact() {
        let text = render(&sample::empty(), Some(Class::Breaking));
        assert!(text.contains("<testcase name=\"db\" classname=\"compat.sql\"/>"));
        assert!(text.contains("tests=\"1\" failures=\"0\" errors=\"0\""));
    }

    #[test]
    fn attributes_keep_line_breaks_as_references() {
        assert_eq!(escape_attr("a\nb\t<"), "a&#10;b&#9;&lt;");
    }

    #[test]
    fn escapes_xml() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{fffd}"
        );
    }
}
