//! Migration files that hold both directions, cut at their marker lines: dbmate's
//! `-- migrate:up` / `-- migrate:down`, goose's `-- +goose Up` / `-- +goose Down` and
//! sql-migrate's `-- +migrate Up` / `-- +migrate Down`. Each section runs from the line after its
//! marker to the next section marker or the end of the file, so spans stay the file's offsets.
//!
//! What the markers say about transactions is read here too: dbmate's `transaction:false` and
//! sql-migrate's `notransaction` options of a section's marker, goose's `-- +goose NO TRANSACTION`
//! anywhere in the file (it covers both directions).
//!
//! goose and sql-migrate also mark `StatementBegin` / `StatementEnd` blocks, inside which they do
//! not cut at `;`. They matter to those tools because both cut statements at a line that ends
//! with `;` and know nothing of quoting; compat's splitter cuts at `;` tokens, so a body in
//! dollar quotes (`$$ ... $$`, the usual PL/pgSQL function or trigger) is one statement without
//! the markers, and the marker lines are comments to it. A compound body without quotes (MySQL's
//! `BEGIN ... END` in a trigger, PostgreSQL's `BEGIN ATOMIC`) is still cut at its inner `;`, as it
//! is in every layout; the several statements goose's template puts in one block are cut apart,
//! which is what the server runs them as.

use std::ops::Range;

use crate::input::config::Layout;

/// Which tool's marker lines cut a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markers {
    Dbmate,
    Goose,
    SqlMigrate,
}

impl Markers {
    /// The markers a layout's files carry. Outside goose and sql-migrate, dbmate's markers are
    /// honoured whatever the layout: a file that has them is one dbmate wrote.
    pub fn of(layout: Layout) -> Markers {
        match layout {
            Layout::Goose => Markers::Goose,
            Layout::SqlMigrate => Markers::SqlMigrate,
            _ => Markers::Dbmate,
        }
    }

    fn read(self, line: &str) -> Marker {
        match self {
            Markers::Dbmate => dbmate_marker(line),
            Markers::Goose => goose_marker(line),
            Markers::SqlMigrate => sql_migrate_marker(line),
        }
    }
}

/// A file's two directions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sections {
    pub up: Range<usize>,
    /// `None` without a down marker.
    pub down: Option<Range<usize>>,
    /// What the markers say about running each direction in a transaction; `None` when they say
    /// nothing.
    pub up_transaction: Option<bool>,
    pub down_transaction: Option<bool>,
}

/// What one line of a file is to the tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// A section starts after this line; the marker's own transaction option, if any.
    Up(Option<bool>),
    Down(Option<bool>),
    /// goose's `NO TRANSACTION`: the whole file runs outside a transaction.
    NoTransaction,
    Other,
}

/// The sections of a file; `None` without an up marker (the tool would refuse the file; compat
/// reads it whole).
pub fn sections(text: &str, markers: Markers) -> Option<Sections> {
    // (marker line start, section start, marker)
    let mut found: Vec<(usize, usize, Marker)> = Vec::new();
    let mut file_transaction = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let after = line_start + line.len();
        match markers.read(line) {
            Marker::Other => {}
            Marker::NoTransaction => file_transaction = Some(false),
            marker => found.push((line_start, after, marker)),
        }
        line_start = after;
    }
    let section = |index: usize| {
        let (_, start, _) = found[index];
        let end = found.get(index + 1).map_or(text.len(), |next| next.0);
        start..end
    };
    let is_up = |m: &(usize, usize, Marker)| matches!(m.2, Marker::Up(_));
    let up_at = found.iter().position(is_up)?;
    let down_at = found.iter().position(|m| matches!(m.2, Marker::Down(_)));
    let option = |at: usize| match found[at].2 {
        Marker::Up(option) | Marker::Down(option) => option,
        _ => None,
    };
    Some(Sections {
        up: section(up_at),
        down: down_at.map(section),
        up_transaction: file_transaction.or(option(up_at)),
        down_transaction: file_transaction.or(down_at.and_then(option)),
    })
}

/// Whether a down section is written: it holds SQL, or a comment saying why it does nothing
/// (`-- intentionally blank`), which is a down migration on purpose, as a `.down.sql` holding
/// only a comment is. A section of blank lines and the tool's own annotations (dbmate writes
/// both markers into every new file) is none.
pub fn is_written(section: &str, markers: Markers) -> bool {
    section.lines().any(|line| {
        let line = line.trim();
        !line.is_empty() && !is_annotation(line, markers)
    })
}

/// A line the tool reads as its own: `-- +goose StatementBegin`, `-- +migrate StatementEnd`,
/// `-- migrate:down`.
fn is_annotation(line: &str, markers: Markers) -> bool {
    let Some(rest) = line.strip_prefix("--") else {
        return false;
    };
    let rest = rest.trim_start();
    match markers {
        Markers::Dbmate => rest.starts_with("migrate:"),
        Markers::Goose => rest
            .get(..6)
            .is_some_and(|w| w.eq_ignore_ascii_case("+goose")),
        Markers::SqlMigrate => rest.starts_with("+migrate "),
    }
}

/// Which tool's markers a file's first lines carry, for detecting the layout of a directory
/// whose file names say nothing (goose, sql-migrate and dbmate all name files `<number>_x.sql`).
pub fn markers_in(head: &str) -> Option<Markers> {
    [Markers::Goose, Markers::SqlMigrate, Markers::Dbmate]
        .into_iter()
        .find(|markers| {
            head.lines()
                .any(|line| matches!(markers.read(line), Marker::Up(_)))
        })
}

/// `-- migrate:up transaction:false`
fn dbmate_marker(line: &str) -> Marker {
    let Some(rest) = line.trim().strip_prefix("-- migrate:") else {
        return Marker::Other;
    };
    let mut words = rest.split_whitespace();
    let direction = words.next();
    let transaction = words.find_map(|option| match option {
        "transaction:false" => Some(false),
        "transaction:true" => Some(true),
        _ => None,
    });
    match direction {
        Some("up") => Marker::Up(transaction),
        Some("down") => Marker::Down(transaction),
        _ => Marker::Other,
    }
}

/// `-- +goose Up`; goose compares the annotation without case since v3.18, and older versions
/// wrote it as documented, so both read the same.
fn goose_marker(line: &str) -> Marker {
    let Some(rest) = line.trim().strip_prefix("--") else {
        return Marker::Other;
    };
    let annotation = rest.trim().to_ascii_lowercase();
    let words: Vec<&str> = annotation.split_whitespace().collect();
    match words.as_slice() {
        ["+goose", "up"] => Marker::Up(None),
        ["+goose", "down"] => Marker::Down(None),
        ["+goose", "no", "transaction"] => Marker::NoTransaction,
        _ => Marker::Other,
    }
}

/// `-- +migrate Up notransaction`; sql-migrate matches the prefix and the command exactly.
fn sql_migrate_marker(line: &str) -> Marker {
    let Some(rest) = line.trim_end().strip_prefix("-- +migrate ") else {
        return Marker::Other;
    };
    let mut words = rest.split_whitespace();
    let direction = words.next();
    let transaction = words.any(|o| o == "notransaction").then_some(false);
    match direction {
        Some("Up") => Marker::Up(transaction),
        Some("Down") => Marker::Down(transaction),
        _ => Marker::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, markers: Markers) -> (String, Option<String>, Sections) {
        let found = sections(text, markers).expect("sections");
        let up = text[found.up.clone()].to_owned();
        let down = found.down.clone().map(|r| text[r].to_owned());
        (up, down, found)
    }

    #[test]
    fn dbmate_sections_split_at_the_markers() {
        let text = "-- migrate:up\nCREATE TABLE t (a int);\n\n-- migrate:down\nDROP TABLE t;\n";
        let (up, down, _) = cut(text, Markers::Dbmate);
        assert_eq!(up, "CREATE TABLE t (a int);\n\n");
        assert_eq!(down.as_deref(), Some("DROP TABLE t;\n"));
        assert_eq!(sections("CREATE TABLE t (a int);", Markers::Dbmate), None);

        let only_up = "-- migrate:up transaction:false\nSELECT 1;";
        let (up, down, found) = cut(only_up, Markers::Dbmate);
        assert_eq!(up, "SELECT 1;");
        assert_eq!(down, None);
        assert_eq!(found.up_transaction, Some(false));
        assert_eq!(found.down_transaction, None);
    }

    #[test]
    fn goose_sections_and_a_file_wide_no_transaction() {
        let text = "-- +goose NO TRANSACTION\n-- +goose Up\n-- +goose StatementBegin\n\
                    CREATE INDEX CONCURRENTLY i ON t (a);\n-- +goose StatementEnd\n\n\
                    -- +goose Down\nDROP INDEX CONCURRENTLY i;\n";
        let (up, down, found) = cut(text, Markers::Goose);
        assert!(
            up.starts_with("-- +goose StatementBegin\nCREATE INDEX"),
            "{up}"
        );
        assert!(up.ends_with("-- +goose StatementEnd\n\n"), "{up}");
        assert_eq!(down.as_deref(), Some("DROP INDEX CONCURRENTLY i;\n"));
        assert_eq!(found.up_transaction, Some(false));
        assert_eq!(found.down_transaction, Some(false));

        // Any case, as goose reads it; no down marker, no down.
        let (up, down, found) = cut("--+goose up\nSELECT 1;\n", Markers::Goose);
        assert_eq!(up, "SELECT 1;\n");
        assert_eq!(down, None);
        assert_eq!(found.up_transaction, None);
        // dbmate's markers are not goose's.
        assert_eq!(sections("-- migrate:up\nSELECT 1;\n", Markers::Goose), None);
    }

    #[test]
    fn sql_migrate_reads_notransaction_per_direction() {
        let text = "-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY i ON t (a);\n\
                    -- +migrate Down\nDROP INDEX i;\n";
        let (up, down, found) = cut(text, Markers::SqlMigrate);
        assert_eq!(up, "CREATE INDEX CONCURRENTLY i ON t (a);\n");
        assert_eq!(down.as_deref(), Some("DROP INDEX i;\n"));
        assert_eq!(found.up_transaction, Some(false));
        assert_eq!(found.down_transaction, None);
    }

    #[test]
    fn a_down_is_written_when_it_says_anything() {
        assert!(!is_written("\n\n", Markers::Dbmate));
        assert!(!is_written(
            "-- +goose StatementBegin\n-- +goose StatementEnd\n",
            Markers::Goose
        ));
        assert!(is_written("-- intentionally blank\n", Markers::Goose));
        assert!(is_written("SELECT 1;\n", Markers::SqlMigrate));
    }

    #[test]
    fn markers_name_the_tool() {
        assert_eq!(markers_in("-- +goose Up\nSELECT 1;"), Some(Markers::Goose));
        assert_eq!(
            markers_in("-- +migrate Up\nSELECT 1;"),
            Some(Markers::SqlMigrate)
        );
        assert_eq!(
            markers_in("-- migrate:up\nSELECT 1;"),
            Some(Markers::Dbmate)
        );
        assert_eq!(markers_in("CREATE TABLE t (a int);"), None);
    }
}
