//! Allow comments and keys: what they name, why, and which part of a file they cover.

use crate::core::{FileId, SourceFile, Span};

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
    /// The places whose findings it covers (findings are matched by their new-side span): the
    /// next statement for a comment, the object that holds an `x-compat-allow` key, the files or
    /// lines a compat.toml `[[allow]]` names.
    pub covers: Vec<Span>,
    /// Whether matching nothing is worth a finding: not for an `[[allow]]` whose files the
    /// release left alone, which suppressed something in an earlier release.
    pub report_unused: bool,
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
            covers: vec![Span::new(id, range.start..covers_end)],
            report_unused: true,
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
