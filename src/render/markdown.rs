//! A pull-request comment: the counts as a title, one table per class from breaking down, the
//! suppressed findings folded away, then input errors.

use std::fmt::Write as _;

use super::shared::{self, CLASSES, Location};
use crate::core::Class;
use crate::report::{Report, Reported};

pub(super) fn render(report: &Report, fail_on: Option<Class>) -> String {
    let mut out = String::new();
    let unplaced = shared::unplaced(report);
    if report.artifacts.is_empty() && report.errors.is_empty() {
        let what = unplaced.clone().unwrap_or_else(|| {
            "no migration directory, JSON Schema, `.proto` file or OpenAPI document was found. \
             Declare them in `compat.toml`, or run `compat init`"
                .to_owned()
        });
        let _ = writeln!(out, "**compat**: nothing compared: {what}.");
    } else if report.findings.is_empty() {
        let _ = writeln!(
            out,
            "**compat**: no findings in {}.",
            cell(&shared::compared(report))
        );
    } else {
        let _ = writeln!(out, "### compat: {}\n", shared::counts(report));
        let _ = writeln!(out, "Checked: {}.\n", cell(&shared::compared(report)));
        if let Some(threshold) = fail_on {
            let verdict = if report.fails(fail_on) {
                "**Fails the check**: findings at or above"
            } else {
                "Passes the check: nothing at or above"
            };
            let _ = writeln!(out, "{verdict} `{threshold}`.\n");
        }
        let mut budget = ROWS_BUDGET;
        for class in CLASSES {
            class_section(&mut out, report, class, &mut budget);
        }
        suppressed_section(&mut out, report);
    }
    if let Some(unplaced) = unplaced.filter(|_| !report.artifacts.is_empty()) {
        let _ = writeln!(out, "\nNot placed: {unplaced}.");
    }
    if let Some(left_out) = shared::left_out(report) {
        let _ = writeln!(out, "\nLeft out: {left_out}.");
    }
    errors_section(&mut out, report);
    out
}

/// Characters the finding tables may take: a pull-request comment holds 65,536, and the
/// summary, the sections' headers and the input errors need the rest.
const ROWS_BUDGET: usize = 56_000;

/// One class's findings as a table, folded unless they are breaking; rows past what `budget`
/// has left are counted instead of written.
fn class_section(out: &mut String, report: &Report, class: Class, budget: &mut usize) {
    let findings: Vec<&Reported> = report
        .findings
        .iter()
        .filter(|r| r.suppressed.is_none() && r.class == class)
        .collect();
    if findings.is_empty() {
        return;
    }
    let title = capitalized(class.as_str());
    let folded = class != Class::Breaking;
    if folded {
        let _ = writeln!(
            out,
            "<details>\n<summary>{title} ({})</summary>\n",
            findings.len()
        );
    } else {
        let _ = writeln!(out, "#### {title} ({})\n", findings.len());
    }
    out.push_str("| Rule | Location | Message | Help |\n| --- | --- | --- | --- |\n");
    let mut left_out = 0;
    for reported in &findings {
        let row = row(report, reported);
        if row.len() > *budget {
            left_out += 1;
            continue;
        }
        *budget -= row.len();
        out.push_str(&row);
    }
    if left_out > 0 {
        let _ = writeln!(
            out,
            "\n_{left_out} more left out to fit a comment: `compat check --format concise` lists \
             every finding._"
        );
    }
    out.push_str(if folded { "\n</details>\n\n" } else { "\n" });
}

/// A finding's table row.
fn row(report: &Report, reported: &Reported) -> String {
    let rule = reported.rule;
    let mut message = reported.finding.message.clone();
    for note in &reported.finding.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    format!(
        "| `{}`<br><sub>{} · {}</sub> | {} | {} | {} |\n",
        cell(rule.id.as_str()),
        shared::windows(reported.windows()),
        rule.effect,
        location(report, reported),
        cell(&message),
        cell(reported.help())
    )
}

fn suppressed_section(out: &mut String, report: &Report) {
    let suppressed: Vec<&Reported> = report
        .findings
        .iter()
        .filter(|r| r.suppressed.is_some())
        .collect();
    if suppressed.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<details>\n<summary>{} suppressed</summary>\n",
        suppressed.len()
    );
    out.push_str("| Rule | Location | Message | Reason |\n| --- | --- | --- | --- |\n");
    for reported in suppressed {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            cell(reported.rule.id.as_str()),
            location(report, reported),
            cell(&reported.finding.message),
            cell(reported.suppressed.as_deref().unwrap_or_default())
        );
    }
    out.push_str("\n</details>\n\n");
}

fn errors_section(out: &mut String, report: &Report) {
    if report.errors.is_empty() {
        return;
    }
    let _ = writeln!(out, "#### Input errors ({})\n", report.errors.len());
    for error in &report.errors {
        let place = match (error.span, shared::error_path(report, error)) {
            (Some(span), _) => {
                let at = Location::of(report, span);
                format!("`{}:{}`: ", cell(at.path), at.start.line)
            }
            (None, Some(path)) => format!("`{}`: ", cell(path)),
            (None, None) => String::new(),
        };
        let help = error
            .help
            .as_ref()
            .map_or_else(String::new, |help| format!(" (help: {})", cell(help)));
        let _ = writeln!(out, "- {place}{}{help}", cell(&error.message));
    }
    out.push('\n');
}

/// `` `path:line` `` of the new side, else of the old side, marked so.
fn location(report: &Report, reported: &Reported) -> String {
    let finding = &reported.finding;
    let (label, side) = match (&finding.new, &finding.old) {
        (Some(new), _) => (new, ""),
        (None, Some(old)) => (old, " (old)"),
        (None, None) => return String::new(),
    };
    let at = Location::of(report, label.span);
    format!("`{}:{}`{side}", cell(at.path), at.start.line)
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Text for a table cell or list item: `|` escaped (GitHub splits cells on it even inside code),
/// line breaks as `<br>`, and `<`/`>` outside code spans as entities so they are not taken for HTML.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '|' => out.push_str("\\|"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            '<' if !in_code => out.push_str("&lt;"),
            '>' if !in_code => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::shared::sample;

    #[test]
    fn groups_findings_by_class_from_breaking_down() {
        let text = render(&sample::report(), Some(Class::Breaking));
        assert!(
            text.starts_with("### compat: 1 breaking, 1 tolerant, 1 additive (1 suppressed)\n")
        );
        assert!(text.contains("**Fails the check**: findings at or above `breaking`."));
        let sections: Vec<usize> = [
            "#### Breaking (1)",
            "<summary>Tolerant (1)</summary>",
            "<summary>Additive (1)</summary>",
            "<summary>1 suppressed</summary>",
            "#### Input errors (2)",
        ]
        .iter()
        .map(|s| text.find(s).unwrap())
        .collect();
        assert!(sections.is_sorted(), "{text}");
        let breaking = &text[sections[0]..sections[1]];
        assert!(breaking.contains(
            "| `core/suppression-without-reason`<br><sub>rollout, rollback · contract</sub> | `db/0002_add.sql:3` \
             | Column `flag` \\| added<br>note: assumes readers ignore &lt;unknown&gt; columns \
             | Write why the change is safe after `reason:` |"
        ));
        let additive = &text[sections[2]..sections[3]];
        assert!(additive.contains("`db/0001_init.sql:1` (old)"));
    }

    #[test]
    fn folds_suppressed_findings_and_lists_errors() {
        let text = render(&sample::report(), None);
        let start = text.find("<summary>1 suppressed</summary>").unwrap();
        let details = &text[start..start + text[start..].find("</details>").unwrap()];
        assert!(details.contains(
            "| `core/unused-suppression` | `db/0002_add.sql:2` | Silenced | reviewed, \\| safe |"
        ));
        assert!(!text.contains("the check"));
        assert!(text.contains("- `db/0002_add.sql:3`: expected `;` (help: end the statement)\n"));
        assert!(text.contains("- `db/broken.sql`: cannot read: bad, \"encoding\"\n"));
    }

    #[test]
    fn a_large_report_fits_a_comment_and_counts_what_it_left_out() {
        let report = sample::repeated(2_000);
        let text = render(&report, Some(Class::Breaking));
        assert!(text.len() < 65_536, "{}", text.len());
        assert!(text.contains("more left out to fit a comment"), "{text}");
    }

    #[test]
    fn a_clean_run_is_one_line() {
        assert_eq!(
            render(&sample::empty(), Some(Class::Breaking)),
            "**compat**: no findings in db (sql: golang-migrate, postgres, 2 files).\n"
        );
    }

    #[test]
    fn cells_escape_pipes_breaks_and_tags_outside_code() {
        assert_eq!(cell("a|b\n<T> `Vec<T>|`"), "a\\|b<br>&lt;T&gt; `Vec<T>\\|`");
    }
}
