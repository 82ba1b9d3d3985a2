//! GitHub Actions workflow commands: one annotation per unsuppressed finding, on the new side
//! (else the old), and one per input error. Suppressed findings are left out: an annotation cannot
//! say "reviewed", and the check already passed them.

use std::fmt::Write as _;

use super::shared::Location;
use crate::core::{Class, Span};
use crate::report::{Report, Reported};

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for reported in report.findings.iter().filter(|r| r.suppressed.is_none()) {
        out.push_str(&finding(report, reported));
    }
    for error in &report.errors {
        let mut properties = match (error.span, &error.file) {
            (Some(span), _) => position(report, span),
            (None, Some(file)) => vec![("file", file.clone())],
            (None, None) => Vec::new(),
        };
        properties.push(("title", "compat: input error".into()));
        let mut message = error.message.clone();
        if let Some(help) = &error.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        out.push_str(&command("error", &properties, &message));
    }
    out
}

fn finding(report: &Report, reported: &Reported) -> String {
    let finding = &reported.finding;
    let mut properties = finding
        .primary_span()
        .map_or_else(Vec::new, |span| position(report, span));
    properties.push((
        "title",
        format!("{} ({})", reported.rule.id, reported.class),
    ));
    let message = format!("{}\nhelp: {}", finding.message, reported.help());
    command(level(reported.class), &properties, &message)
}

/// `file`, `line`, `col`, `endLine` and `endColumn`, the end inclusive as GitHub draws it.
fn position(report: &Report, span: Span) -> Vec<(&'static str, String)> {
    let at = Location::of(report, span);
    let file = report.sources.get(span.file);
    let last = if span.end() > span.start() {
        let text = file.text();
        let mut last = span.end().min(text.len()).saturating_sub(1);
        while !text.is_char_boundary(last) {
            last -= 1;
        }
        file.position(last.max(span.start()))
    } else {
        at.start
    };
    vec![
        ("file", at.path.to_owned()),
        ("line", at.start.line.to_string()),
        ("col", at.start.column.to_string()),
        ("endLine", last.line.to_string()),
        ("endColumn", last.column.to_string()),
    ]
}

fn level(class: Class) -> &'static str {
    match class {
        Class::Breaking => "error",
        Class::Tolerant => "warning",
        Class::Additive => "notice",
    }
}

fn command(name: &str, properties: &[(&str, String)], message: &str) -> String {
    let mut line = format!("::{name}");
    for (i, (key, value)) in properties.iter().enumerate() {
        let separator = if i == 0 { ' ' } else { ',' };
        let _ = write!(line, "{separator}{key}={}", escape_property(value));
    }
    let _ = writeln!(line, "::{}", escape_data(message));
    line
}

/// The message: `%`, `\r` and `\n` are the characters the runner decodes.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which would end it.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::shared::sample;

    #[test]
    fn one_command_per_unsuppressed_finding_and_error() {
        let text = render(&sample::report());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5, "{text}");
        assert!(lines[0].starts_with("::notice file=db/0001_init.sql,line=1,col=1,endLine=1,endColumn=12,title=core/unused-suppression (additive)::"));
        assert!(
            lines[1]
                .starts_with("::warning file=db/0002_add.sql,line=1,col=1,endLine=1,endColumn=15,")
        );
        assert_eq!(
            lines[2],
            "::error file=db/0002_add.sql,line=3,col=21,endLine=3,endColumn=24,\
             title=core/suppression-without-reason (breaking)::\
             Column `flag` | added%0Ahelp: Write why the change is safe after `reason:`"
        );
        assert!(!text.contains("Silenced"));
        assert_eq!(
            lines[3],
            "::error file=db/0002_add.sql,line=3,col=2,endLine=3,endColumn=4,title=compat%3A input error::expected `;`%0Ahelp: end the statement"
        );
        assert_eq!(
            lines[4],
            "::error file=db/broken.sql,title=compat%3A input error::cannot read: bad, \"encoding\""
        );
    }

    #[test]
    fn escapes_properties_and_messages() {
        let properties = [("file", "a:b,c%d\ne".to_owned())];
        assert_eq!(
            command("error", &properties, "50% done:\r\nyes, ok"),
            "::error file=a%3Ab%2Cc%25d%0Ae::50%25 done:%0D%0Ayes, ok\n"
        );
    }
}
