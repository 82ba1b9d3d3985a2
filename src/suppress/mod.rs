//! Inline suppressions: `compat:allow <rule>[, <rule>...] reason: <why>` next to the change.
//!
//! The comment syntax is the kind's (`--` in SQL, `//` in proto, `#` in YAML); JSON documents use
//! an `x-compat-allow` key, which their loaders turn into [`Suppression`]s. Matching and the
//! findings about suppressions themselves are the same for every kind and live here.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::catalog::Catalog;
use crate::core::{FileId, Finding, RuleId, SourceFile, Span};
use crate::report::RawFinding;

pub mod rules;

/// What starts an allow comment.
pub const MARKER: &str = "compat:allow";

/// One allow comment or key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub rules: Vec<String>,
    /// `None` or empty: the suppression is void and reported.
    pub reason: Option<String>,
    /// The comment or key itself.
    pub span: Span,
    /// The byte range whose findings it covers (findings are matched by their new-side start).
    pub covers: Range<usize>,
}

/// The comment prefix of a file's format, by extension, where the format has line comments.
pub fn comment_prefix(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.').map(|(_, ext)| ext)?;
    match ext {
        "sql" => Some("--"),
        "proto" => Some("//"),
        "yaml" | "yml" | "toml" => Some("#"),
        _ => None,
    }
}

/// Finds the allow comments of a file. A comment on a line of its own covers that line and the
/// next line that is neither blank nor a comment; a comment after code covers its own line.
pub fn scan_comments(file: &SourceFile, id: FileId, prefix: &str) -> Vec<Suppression> {
    let text = file.text();
    let mut found = Vec::new();
    for (at, _) in text.match_indices(MARKER) {
        let line = file.line_of(at);
        let range = file.line_range(line);
        let before = &text[range.start..at];
        // A line comment, or a block comment where the language has them (`/* compat:allow */`).
        let opens_comment = |marker: &str| {
            before
                .rfind(marker)
                .filter(|&at| before[at + marker.len()..].trim().is_empty())
        };
        let block = if prefix == "#" {
            None
        } else {
            opens_comment("/*")
        };
        let Some(comment_at) = opens_comment(prefix).max(block) else {
            continue;
        };
        let own_line = before[..comment_at].trim().is_empty();
        let covers_end = if own_line {
            next_code_line_end(file, line, prefix)
        } else {
            range.end
        };
        let (rules, reason) = parse_directive(&text[at + MARKER.len()..range.end]);
        found.push(Suppression {
            rules,
            reason,
            span: Span::new(id, range.start + comment_at..range.end),
            covers: range.start..covers_end,
        });
    }
    found
}

fn next_code_line_end(file: &SourceFile, line: usize, prefix: &str) -> usize {
    let mut last = file.line_range(line).end;
    for next in line + 1..file.line_count() {
        let range = file.line_range(next);
        let content = file.text()[range.clone()].trim();
        last = range.end;
        if !content.is_empty() && !content.starts_with(prefix) {
            break;
        }
    }
    last
}

/// `sql/a, sql/b reason: why` -> (["sql/a", "sql/b"], Some("why")).
fn parse_directive(rest: &str) -> (Vec<String>, Option<String>) {
    let (ids, reason) = match rest.find("reason:") {
        Some(at) => (&rest[..at], Some(rest[at + "reason:".len()..].trim())),
        None => (rest, None),
    };
    let rules = ids
        .split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect();
    let reason = reason
        .filter(|r| !r.is_empty())
        .map(|r| r.trim_end_matches("*/").trim().to_owned());
    (rules, reason)
}

/// Marks the findings each suppression covers and reports the suppressions that are void (no
/// reason) or match nothing. A void suppression suppresses nothing.
pub fn apply(
    findings: &mut [RawFinding],
    suppressions: &[Suppression],
    catalog: &Catalog,
) -> Vec<Finding> {
    // Findings by new-side file and rule, so each suppression looks only at its candidates.
    let mut candidates: BTreeMap<(FileId, RuleId), Vec<usize>> = BTreeMap::new();
    for (index, raw) in findings.iter().enumerate() {
        if let Some(label) = &raw.finding.new {
            candidates
                .entry((label.span.file, raw.finding.rule))
                .or_default()
                .push(index);
        }
    }
    let mut reported = Vec::new();
    for suppression in suppressions {
        let Some(reason) = &suppression.reason else {
            reported.push(rules::suppression_without_reason::finding(suppression));
            continue;
        };
        if suppression.rules.is_empty() {
            reported.push(rules::unused_suppression::names_no_rule(suppression));
            continue;
        }
        for name in &suppression.rules {
            let Some(rule) = RuleId::parse(name) else {
                let closest = catalog.closest(name);
                let finding = rules::unused_suppression::names_no_known_rule(
                    suppression,
                    name,
                    closest.first().copied(),
                );
                reported.push(finding);
                continue;
            };
            let mut used = false;
            let key = (suppression.span.file, rule);
            for &index in candidates.get(&key).map_or(&[][..], Vec::as_slice) {
                let raw = &mut findings[index];
                if covers(suppression, &raw.finding) {
                    raw.suppressed.get_or_insert_with(|| reason.clone());
                    used = true;
                }
            }
            if !used {
                reported.push(rules::unused_suppression::matches_nothing(
                    suppression,
                    rule,
                ));
            }
        }
    }
    reported
}

/// Whether the finding's new-side span touches the covered lines: a trailing comment on the last
/// line of a long statement covers the statement's finding too.
fn covers(suppression: &Suppression, finding: &Finding) -> bool {
    finding.new.as_ref().is_some_and(|label| {
        let span = label.span;
        span.file == suppression.span.file
            && span.start() <= suppression.covers.end
            && span.end().max(span.start() + 1) > suppression.covers.start
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Side, Sources};

    fn scan(text: &str) -> (Sources, Vec<Suppression>) {
        let mut sources = Sources::new();
        let id = sources.add("m.sql", Side::New, text);
        let found = scan_comments(sources.get(id), id, "--");
        (sources, found)
    }

    #[test]
    fn a_comment_line_covers_the_next_statement() {
        let text = "-- compat:allow sql/drop-column reason: unused since 2.14\n\n-- other comment\nALTER TABLE t\n  DROP COLUMN c;\n";
        let (_, found) = scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rules, ["sql/drop-column"]);
        assert_eq!(found[0].reason.as_deref(), Some("unused since 2.14"));
        assert_eq!(
            &text[found[0].covers.clone()],
            &text[..text.find(";\n").unwrap() - "  DROP COLUMN c".len() - 1]
        );
    }

    #[test]
    fn a_trailing_comment_covers_its_line_only() {
        let text =
            "DROP TABLE a; -- compat:allow sql/drop-table, sql/x reason: gone\nDROP TABLE b;\n";
        let (_, found) = scan(text);
        assert_eq!(found[0].rules, ["sql/drop-table", "sql/x"]);
        assert_eq!(found[0].covers, 0..text.find('\n').unwrap());
    }

    #[test]
    fn block_comments_carry_suppressions_too() {
        let (_, found) = scan("/* compat:allow sql/drop-table reason: gone */\nDROP TABLE a;\n");
        assert_eq!(found[0].rules, ["sql/drop-table"]);
        assert_eq!(found[0].reason.as_deref(), Some("gone"));
    }

    #[test]
    fn a_trailing_comment_on_the_last_line_covers_a_long_statement() {
        let text =
            "ALTER TABLE t\n  DROP COLUMN c; -- compat:allow sql/drop-column reason: unused\n";
        let (sources, found) = scan(text);
        let file = sources.find("m.sql", Side::New).unwrap();
        let finding = Finding::new(RuleId::SqlDropColumn, "dropped")
            .at_new(Span::new(file, 0..text.find(';').unwrap()), "here");
        let mut raw = [RawFinding {
            finding,
            artifact: None,
            suppressed: None,
        }];
        let reported = apply(&mut raw, &found, crate::catalog::catalog());
        assert!(reported.is_empty(), "{reported:?}");
        assert_eq!(raw[0].suppressed.as_deref(), Some("unused"));
    }

    #[test]
    fn markers_outside_comments_are_not_suppressions() {
        let (_, found) = scan("SELECT 'compat:allow sql/drop-table reason: no';\n");
        assert!(found.is_empty());
    }

    #[test]
    fn a_missing_reason_is_none() {
        let (_, found) = scan("-- compat:allow sql/drop-table\nDROP TABLE a;\n");
        assert_eq!(found[0].reason, None);
        let (_, found) = scan("-- compat:allow sql/drop-table reason:   \nDROP TABLE a;\n");
        assert_eq!(found[0].reason, None);
    }
}
