//! The SQL loader: splitting a script into statements and parsing each, in every dialect, plus
//! the layout helpers that read a file's text (dbmate, goose and sql-migrate sections, Liquibase
//! changesets, transaction opt-outs).

#![no_main]

use compat::input::config::{Dialect, Layout};
use compat::sql::layout::liquibase;
use compat::sql::layout::sections::{Markers, sections};
use compat::sql::parse::{Wrap, sql_dialect, statements, statements_to_replay};
use compat::sql::script_config::transaction_marker;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for dialect in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        let parser = sql_dialect(dialect);
        if let Ok(parsed) = statements(text, None, parser.as_ref(), Wrap::File) {
            for statement in parsed {
                assert!(
                    text.get(statement.span.clone()).is_some(),
                    "statement span {:?} is not a character range of the text",
                    statement.span
                );
            }
        }
        let _ = statements_to_replay(text, None, parser.as_ref(), Wrap::Batch);
    }
    for layout in [Layout::Dbmate, Layout::Goose, Layout::SqlMigrate] {
        let Some(found) = sections(text, Markers::of(layout)) else {
            continue;
        };
        for range in std::iter::once(found.up).chain(found.down) {
            assert!(text.get(range.clone()).is_some(), "section {range:?}");
            let _ = statements(
                text,
                Some(range),
                sql_dialect(Dialect::Postgres).as_ref(),
                Wrap::None,
            );
        }
    }
    let _ = liquibase::changesets(text, Dialect::Postgres);
    for layout in [Layout::Sqlx, Layout::Flyway] {
        let _ = transaction_marker(text, layout);
    }
});
