//! Where a long script can be cut into pieces that tokenize on their own, so that one huge
//! migration file is tokenized on every core. A light scan finds semicolons outside strings,
//! quoted names, comments and dollar-quoted bodies; the caller still checks that each piece
//! tokenizes cleanly and ends with its `;`, and tokenizes the whole script at once when a
//! piece does not (a scan that disagrees with the tokenizer costs time, never correctness).

use std::ops::Range;

use crate::input::config::Dialect;

/// Consecutive ranges covering `script`, each but the last ending just after a top-level `;`,
/// each at least `target` bytes long but the last.
pub fn pieces(script: &str, dialect: Dialect, target: usize) -> Vec<Range<usize>> {
    let bytes = script.as_bytes();
    let mysql = dialect == Dialect::Mysql;
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        let next = bytes.get(at + 1).copied();
        at = match (bytes[at], next) {
            (b';', _) => {
                if at + 1 - start >= target {
                    ranges.push(start..at + 1);
                    start = at + 1;
                }
                at + 1
            }
            (b'\'', _) => {
                let escapes = mysql || is_escape_string_prefix(bytes, at);
                past_quoted(bytes, at, b'\'', escapes)
            }
            (b'"', _) => past_quoted(bytes, at, b'"', mysql),
            (b'`', _) if mysql => past_quoted(bytes, at, b'`', false),
            (b'-', Some(b'-')) => past_line(bytes, at),
            (b'#', _) if mysql => past_line(bytes, at),
            (b'/', Some(b'*')) => past_block_comment(bytes, at, !mysql),
            (b'$', _) if dialect == Dialect::Postgres => past_dollar_quoted(bytes, at),
            _ => at + 1,
        };
    }
    if start < bytes.len() || ranges.is_empty() {
        ranges.push(start..bytes.len());
    }
    ranges
}

/// The ranges of string literals and comments in `script`: text that no tool reads as code.
/// A dollar-quoted body (a function's, a `DO` block's) is scanned as code of its own, since its
/// quotes cannot reach past it.
pub fn prose_ranges(script: &str, dialect: Dialect) -> Vec<Range<usize>> {
    let mut prose = Vec::new();
    prose_in(script.as_bytes(), 0..script.len(), dialect, &mut prose);
    prose
}

fn prose_in(bytes: &[u8], range: Range<usize>, dialect: Dialect, prose: &mut Vec<Range<usize>>) {
    let mysql = dialect == Dialect::Mysql;
    let bytes = &bytes[..range.end];
    let mut at = range.start;
    while at < bytes.len() {
        let next = bytes.get(at + 1).copied();
        if bytes[at] == b'$' && dialect == Dialect::Postgres {
            at = match dollar_quoted(bytes, at) {
                Some((body, end)) => {
                    prose_in(bytes, body, dialect, prose);
                    end
                }
                None => at + 1,
            };
            continue;
        }
        let (end, is_prose) = match (bytes[at], next) {
            (b'\'', _) => {
                let escapes = mysql || is_escape_string_prefix(bytes, at);
                (past_quoted(bytes, at, b'\'', escapes), true)
            }
            (b'"', _) => (past_quoted(bytes, at, b'"', mysql), false),
            (b'`', _) if mysql => (past_quoted(bytes, at, b'`', false), false),
            (b'-', Some(b'-')) => (past_line(bytes, at), true),
            (b'#', _) if mysql => (past_line(bytes, at), true),
            (b'/', Some(b'*')) => (past_block_comment(bytes, at, !mysql), true),
            _ => (at + 1, false),
        };
        if is_prose {
            prose.push(at..end);
        }
        at = end;
    }
}

/// `E'...'` (PostgreSQL's escape string): backslashes escape.
fn is_escape_string_prefix(bytes: &[u8], quote: usize) -> bool {
    quote >= 1
        && matches!(bytes[quote - 1], b'E' | b'e')
        && (quote < 2 || !is_identifier_byte(bytes[quote - 2]))
}

fn is_identifier_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$' || byte >= 0x80
}

/// Past a quoted string or name starting at `open`: the quote doubled is the quote itself.
fn past_quoted(bytes: &[u8], open: usize, quote: u8, backslash_escapes: bool) -> usize {
    let mut at = open + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if backslash_escapes => at += 2,
            byte if byte == quote => {
                if bytes.get(at + 1) == Some(&quote) {
                    at += 2;
                } else {
                    return at + 1;
                }
            }
            _ => at += 1,
        }
    }
    bytes.len()
}

fn past_line(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |newline| start + newline + 1)
}

/// Past `/* ... */`; PostgreSQL nests them.
fn past_block_comment(bytes: &[u8], open: usize, nested: bool) -> usize {
    let mut depth = 0usize;
    let mut at = open;
    while at + 1 < bytes.len() {
        match (bytes[at], bytes[at + 1]) {
            (b'/', b'*') if nested || depth == 0 => {
                depth += 1;
                at += 2;
            }
            (b'*', b'/') => {
                depth = depth.saturating_sub(1);
                at += 2;
                if depth == 0 {
                    return at;
                }
            }
            _ => at += 1,
        }
    }
    bytes.len()
}

/// Past `$tag$ ... $tag$` starting at `dollar`; a `$` that opens no such body (`$1`, a `$`
/// inside a name) is one byte.
fn past_dollar_quoted(bytes: &[u8], dollar: usize) -> usize {
    dollar_quoted(bytes, dollar).map_or(dollar + 1, |(_, end)| end)
}

/// The body of `$tag$ ... $tag$` starting at `dollar` and the offset just past the closing
/// delimiter (the end of the text when it is never closed); `None` when this `$` opens no body.
fn dollar_quoted(bytes: &[u8], dollar: usize) -> Option<(Range<usize>, usize)> {
    if dollar > 0 && is_identifier_byte(bytes[dollar - 1]) {
        return None;
    }
    let tag_end = bytes[dollar + 1..]
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .map_or(bytes.len(), |i| dollar + 1 + i);
    let tag_starts_well = bytes
        .get(dollar + 1)
        .is_none_or(|b| !b.is_ascii_digit() || tag_end == dollar + 1);
    if bytes.get(tag_end) != Some(&b'$') || !tag_starts_well {
        return None;
    }
    let delimiter = &bytes[dollar..=tag_end];
    let body = tag_end + 1;
    Some(
        match bytes[body..]
            .windows(delimiter.len())
            .position(|window| window == delimiter)
        {
            Some(i) => (body..body + i, body + i + delimiter.len()),
            None => (body..bytes.len(), bytes.len()),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(script: &str, dialect: Dialect) -> Vec<&str> {
        pieces(script, dialect, 1)
            .into_iter()
            .map(|r| &script[r])
            .collect()
    }

    #[test]
    fn cuts_only_after_top_level_semicolons() {
        let script = "SELECT ';';\nCREATE FUNCTION f() AS $body$ SELECT 1; $body$;\n\
                      -- a; b\nSELECT \"a;b\" /* x; /* y; */ z; */;\nSELECT E'\\';';SELECT $1;";
        assert_eq!(
            cut(script, Dialect::Postgres),
            [
                "SELECT ';';",
                "\nCREATE FUNCTION f() AS $body$ SELECT 1; $body$;",
                "\n-- a; b\nSELECT \"a;b\" /* x; /* y; */ z; */;",
                "\nSELECT E'\\';';",
                "SELECT $1;",
            ]
        );
        assert_eq!(
            cut("SELECT 'a\\';';SELECT `;`; # ;\nSELECT 1", Dialect::Mysql),
            ["SELECT 'a\\';';", "SELECT `;`;", " # ;\nSELECT 1"]
        );
    }

    #[test]
    fn pieces_cover_the_script_and_honour_the_target() {
        let script = "SELECT 1;SELECT 2;SELECT 3;SELECT 4";
        let found = pieces(script, Dialect::Sqlite, 18);
        assert_eq!(found, [0..18, 18..35]);
        assert_eq!(pieces("", Dialect::Postgres, 8), vec![0..0]);
        // An unterminated body swallows the rest: one piece, which the tokenizer reports.
        assert_eq!(pieces("SELECT $$;;", Dialect::Postgres, 1), vec![0..11]);
    }
}
