//! Liquibase's formatted SQL: a file whose first line is `--liquibase formatted sql`, cut into
//! changesets. Each `--changeset author:id [attribute:value ...]` line starts one, which runs to
//! the next changeset line; Liquibase records it by its author and id (and the file), runs it
//! once, in the file's order, in a transaction unless `runInTransaction:false`, and again
//! whenever its text changes when `runOnChange:true` (or every time, `runAlways:true`).
//!
//! Its rollback is written in the changeset as comments: `--rollback <sql>` lines, or a block
//! from a `/* liquibase rollback` line to the line that ends with `*/`. compat reads it in the
//! file's own offsets: the pieces after the `--rollback ` prefixes and the lines of the block,
//! the rest of the file blanked out ([`only`]). `--rollback not required` and `--rollback empty`
//! declare a rollback that does nothing; `--rollback changesetId:x changesetAuthor:y` runs
//! another changeset of the file as the rollback.
//!
//! Not read: `splitStatements:false` and `endDelimiter` (statements are cut at `;` as
//! everywhere), `--include` lines, `context`/`labels` filters (every changeset counts), and the
//! master changelog (XML, YAML) that includes the files: files run in the order of their names,
//! as `includeAll` runs them.

use std::ops::Range;

use crate::input::config::Dialect;

/// One changeset of a formatted SQL file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changeset {
    /// `author:id`, as Liquibase names it.
    pub id: String,
    /// From the line after the changeset line to the next changeset line or the end.
    pub body: Range<usize>,
    /// The byte ranges that make the rollback's SQL; empty for `--rollback not required`;
    /// `None` without a rollback.
    pub rollback: Option<Vec<Range<usize>>>,
    /// `runInTransaction:false`; `None` when the line does not say.
    pub transaction: Option<bool>,
    /// `runOnChange:true` or `runAlways:true`: re-run when its text changes.
    pub reruns: bool,
}

/// Whether a file is formatted SQL: its first non-blank line is `--liquibase formatted sql`
/// (spaces and case as Liquibase allows them).
pub fn is_formatted(text: &str) -> bool {
    text.lines()
        .find(|line| !line.trim().is_empty())
        .is_some_and(|line| {
            let words = squeeze(line.trim_start().strip_prefix("--").unwrap_or("x"));
            words.starts_with("liquibase formatted")
        })
}

/// The changesets of a formatted SQL file that run on `dialect`, in file order; `None` when
/// the file is not formatted SQL.
pub fn changesets(text: &str, dialect: Dialect) -> Option<Vec<Changeset>> {
    if !is_formatted(text) {
        return None;
    }
    // (changeset line start, body start, attributes)
    let mut heads: Vec<(usize, usize, Head)> = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let after = line_start + line.len();
        if let Some(head) = changeset_head(line) {
            heads.push((line_start, after, head));
        }
        line_start = after;
    }
    let mut found = Vec::with_capacity(heads.len());
    for (index, (_, start, head)) in heads.iter().enumerate() {
        let end = heads.get(index + 1).map_or(text.len(), |next| next.0);
        if !head.runs_on(dialect) {
            continue;
        }
        found.push(Changeset {
            id: format!("{}:{}", head.author, head.id),
            body: *start..end,
            rollback: rollback(text, *start..end),
            transaction: head.attribute("runInTransaction").map(is_true),
            reruns: ["runOnChange", "runAlways"]
                .iter()
                .any(|name| head.attribute(name).is_some_and(is_true)),
        });
    }
    resolve_references(text, &mut found);
    Some(found)
}

/// The text Liquibase keeps a changeset's checksum of: its lines but those that hold the
/// rollback, the changeset's comment or its accepted checksums, with runs of whitespace read
/// as one space (Liquibase normalises them before it sums). An edit there, or a blank line
/// after the changeset, changes no checksum and fails no validation.
pub fn checksummed(body: &str) -> String {
    let mut kept = String::with_capacity(body.len());
    let mut in_block = false;
    for line in body.split_inclusive('\n') {
        if in_block {
            in_block = !line.trim_end().ends_with("*/");
            continue;
        }
        if is_rollback_block_start(line) {
            in_block = !line.trim_end().ends_with("*/");
            continue;
        }
        let directive = line
            .trim_start()
            .strip_prefix("--")
            .map(|rest| rest.trim_start().to_ascii_lowercase());
        let skipped = directive.is_some_and(|d| {
            ["rollback ", "comment", "validchecksum", "precondition"]
                .iter()
                .any(|prefix| d.starts_with(prefix))
        });
        if !skipped {
            kept.push_str(line);
        }
    }
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a changeset lists the checksums Liquibase accepts (`--validCheckSum: ...`): its
/// authors changed it on purpose and told Liquibase so.
pub fn accepts_edits(body: &str) -> bool {
    body.lines().any(|line| {
        line.trim_start().strip_prefix("--").is_some_and(|rest| {
            rest.trim_start()
                .to_ascii_lowercase()
                .starts_with("validchecksum")
        })
    })
}

/// `text` with every byte outside `pieces` blanked (line breaks kept), so that a parser of the
/// result reports offsets of the file.
pub fn only(text: &str, pieces: &[Range<usize>]) -> String {
    let mut kept = vec![false; text.len()];
    for piece in pieces {
        for flag in kept.get_mut(piece.clone()).into_iter().flatten() {
            *flag = true;
        }
    }
    let mut shown = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if kept[at] || c == '\n' || c == '\r' {
            shown.push(c);
        } else {
            shown.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    shown
}

/// What a changeset line says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Head {
    author: String,
    id: String,
    /// `name:value` words after the id.
    attributes: Vec<(String, String)>,
}

impl Head {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `dbms:postgresql,mysql`, `dbms:!mysql`, `dbms:all`: whether the changeset runs on the
    /// dialect compared.
    fn runs_on(&self, dialect: Dialect) -> bool {
        let Some(list) = self.attribute("dbms") else {
            return true;
        };
        let ours = match dialect {
            Dialect::Postgres => "postgresql",
            Dialect::Mysql => "mysql",
            Dialect::Sqlite => "sqlite",
        };
        let names: Vec<String> = list.split(',').map(|n| n.trim().to_lowercase()).collect();
        if names.iter().any(|n| n.strip_prefix('!') == Some(ours)) {
            return false;
        }
        let listed = names.iter().filter(|n| !n.starts_with('!')).count();
        listed == 0 || names.iter().any(|n| n == ours || n == "all")
    }
}

/// `--changeset author:id attr:value ...`, with `"quoted author"` and `"quoted id"` allowed.
fn changeset_head(line: &str) -> Option<Head> {
    let rest = line.trim().strip_prefix("--")?.trim_start();
    let keyword = rest.get(..9)?;
    if !keyword.eq_ignore_ascii_case("changeset") {
        return None;
    }
    let rest = rest[9..].strip_prefix(char::is_whitespace)?.trim_start();
    let (author, rest) = quoted_or_until(rest, |c| c == ':')?;
    let rest = rest.strip_prefix(':')?.trim_start();
    let (id, rest) = quoted_or_until(rest, char::is_whitespace)?;
    let attributes = rest
        .split_whitespace()
        .filter_map(|word| word.split_once(':'))
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    Some(Head {
        author: author.trim().to_owned(),
        id: id.to_owned(),
        attributes,
    })
}

/// A `"quoted"` word, or the text up to `end`; and what follows.
fn quoted_or_until(text: &str, end: impl Fn(char) -> bool) -> Option<(&str, &str)> {
    if let Some(inner) = text.strip_prefix('"') {
        let close = inner.find('"')?;
        return Some((&inner[..close], &inner[close + 1..]));
    }
    let at = text.find(end).unwrap_or(text.len());
    (at > 0).then(|| (&text[..at], &text[at..]))
}

/// The rollback of the changeset whose body is `body`.
fn rollback(text: &str, body: Range<usize>) -> Option<Vec<Range<usize>>> {
    let mut pieces = Vec::new();
    let mut line_start = body.start;
    let mut block = false;
    let mut any = false;
    for line in text[body].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let start = line_start;
        line_start += line.len();
        if block {
            match content
                .rfind("*/")
                .filter(|_| content.trim_end().ends_with("*/"))
            {
                Some(close) => {
                    pieces.push(start..start + close);
                    block = false;
                }
                None => pieces.push(start..start + content.len()),
            }
            continue;
        }
        if is_rollback_block_start(line) {
            any = true;
            block = true;
            continue;
        }
        if let Some(offset) = rollback_line_sql(content) {
            any = true;
            pieces.push(start + offset..start + content.len());
        }
    }
    if !any {
        return None;
    }
    let sql: String = pieces.iter().map(|r| &text[r.clone()]).collect();
    let declared = sql.trim().to_ascii_lowercase();
    if declared.starts_with("not required") || declared.starts_with("empty") {
        return Some(Vec::new());
    }
    Some(pieces)
}

/// Where the SQL starts in a `--rollback <sql>` line (Liquibase requires the space after the
/// keyword).
fn rollback_line_sql(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let rest = trimmed.strip_prefix("--")?;
    let after_dashes = rest.trim_start();
    let keyword = after_dashes.get(..9)?;
    if !keyword.eq_ignore_ascii_case("rollback ") {
        return None;
    }
    Some(line.len() - after_dashes.len() + 9)
}

/// `/* liquibase rollback`, alone on its line.
fn is_rollback_block_start(line: &str) -> bool {
    line.trim()
        .strip_prefix("/*")
        .is_some_and(|rest| squeeze(rest) == "liquibase rollback")
}

/// `--rollback changesetId:x changesetAuthor:y`: the rollback is that changeset's SQL, found in
/// the same file (Liquibase's default `changesetPath`). One in another file stays a rollback
/// compat cannot read, taken as one that does nothing.
fn resolve_references(text: &str, changesets: &mut [Changeset]) {
    let bodies: Vec<(String, Range<usize>)> = changesets
        .iter()
        .map(|c| (c.id.clone(), c.body.clone()))
        .collect();
    for changeset in changesets.iter_mut() {
        let Some(pieces) = &changeset.rollback else {
            continue;
        };
        let sql: String = pieces
            .iter()
            .map(|r| &text[r.clone()])
            .collect::<Vec<_>>()
            .join(" ");
        let value = |name: &str| {
            sql.split_whitespace().find_map(|word| {
                let (n, v) = word.split_once(':')?;
                n.eq_ignore_ascii_case(name).then(|| v.to_owned())
            })
        };
        let Some(id) = value("changesetId") else {
            continue;
        };
        let author = value("changesetAuthor").unwrap_or_default();
        let target = format!("{author}:{id}");
        changeset.rollback = Some(
            bodies
                .iter()
                .find(|(name, _)| *name == target)
                .map(|(_, body)| vec![body.clone()])
                .unwrap_or_default(),
        );
    }
}

fn is_true(value: &str) -> bool {
    value.eq_ignore_ascii_case("true")
}

/// Lowercase words joined by one space.
fn squeeze(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "--liquibase formatted sql\n\n\
        --changeset ana:1\nCREATE TABLE t (a int);\n--rollback DROP TABLE t;\n\n\
        --changeset ana:2 runInTransaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n\
        --rollback DROP INDEX CONCURRENTLY i;\n\n\
        --changeset \"Ana B\":views runOnChange:true\nCREATE VIEW v AS SELECT a FROM t;\n\
        /* liquibase rollback\nDROP VIEW v;\n*/\n\n\
        --changeset ana:3 dbms:mysql\nALTER TABLE t ADD COLUMN b int;\n\n\
        --changeset ana:4\nINSERT INTO t VALUES (1);\n--rollback not required\n";

    fn rollback_sql(text: &str, changeset: &Changeset) -> Option<String> {
        let pieces = changeset.rollback.as_ref()?;
        Some(
            pieces
                .iter()
                .map(|r| &text[r.clone()])
                .collect::<Vec<_>>()
                .join("|"),
        )
    }

    #[test]
    fn changesets_run_to_the_next_changeset_line() {
        let found = changesets(FILE, Dialect::Postgres).expect("formatted");
        let ids: Vec<&str> = found.iter().map(|c| c.id.as_str()).collect();
        // `ana:3` runs on MySQL only.
        assert_eq!(ids, ["ana:1", "ana:2", "Ana B:views", "ana:4"]);
        assert_eq!(
            &FILE[found[0].body.clone()],
            "CREATE TABLE t (a int);\n--rollback DROP TABLE t;\n\n"
        );
        assert_eq!(found[0].transaction, None);
        assert_eq!(found[1].transaction, Some(false));
        assert!(found[2].reruns && !found[0].reruns);
        let mysql = changesets(FILE, Dialect::Mysql).expect("formatted");
        assert!(mysql.iter().any(|c| c.id == "ana:3"));
        assert_eq!(
            changesets("CREATE TABLE t (a int);", Dialect::Postgres),
            None
        );
    }

    #[test]
    fn rollbacks_are_pieces_of_the_file() {
        let found = changesets(FILE, Dialect::Postgres).expect("formatted");
        assert_eq!(
            rollback_sql(FILE, &found[0]).as_deref(),
            Some("DROP TABLE t;")
        );
        assert_eq!(
            rollback_sql(FILE, &found[1]).as_deref(),
            Some("DROP INDEX CONCURRENTLY i;")
        );
        assert_eq!(
            rollback_sql(FILE, &found[2]).as_deref(),
            Some("DROP VIEW v;|")
        );
        assert_eq!(rollback_sql(FILE, &found[3]).as_deref(), Some(""));

        let shown = only(FILE, found[0].rollback.as_deref().unwrap_or_default());
        assert_eq!(shown.len(), FILE.len());
        let at = FILE.find("DROP TABLE t;").expect("rollback");
        assert_eq!(&shown[at..at + 13], "DROP TABLE t;");
        assert_eq!(shown.trim(), "DROP TABLE t;");
    }

    #[test]
    fn a_rollback_may_name_another_changeset() {
        let text = "--liquibase formatted sql\n--changeset a:drop\nDROP TABLE t;\n\
                    --changeset a:create\nCREATE TABLE t (a int);\n\
                    --rollback changesetId:drop changesetAuthor:a\n";
        let found = changesets(text, Dialect::Postgres).expect("formatted");
        assert_eq!(
            rollback_sql(text, &found[1]).as_deref(),
            Some("DROP TABLE t;\n")
        );
    }

    #[test]
    fn the_checksum_leaves_out_rollbacks_and_comments() {
        let body = "--comment: adds t\nCREATE TABLE t (a int);\n--rollback DROP TABLE t;\n\
                    /* liquibase rollback\nDROP TABLE t;\n*/\n";
        assert_eq!(checksummed(body), "CREATE TABLE t (a int);");
        assert_eq!(checksummed("SELECT  1;\n\n"), checksummed("SELECT 1;"));
        assert!(accepts_edits("--validCheckSum: ANY\nSELECT 1;"));
        assert!(!accepts_edits("SELECT 1;"));
        assert!(is_formatted("\n-- Liquibase Formatted SQL\n"));
        assert!(!is_formatted("-- a script\n--liquibase formatted sql\n"));
    }
}
