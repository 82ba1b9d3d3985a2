//! The SQL loader: splitting a script into statements and parsing each, in every dialect, plus
//! the layout helpers that read a file's text (dbmate sections, transaction opt-outs).

#![no_main]

use compat::input::config::{Dialect, Layout};
use compat::sql::layout::{dbmate_sections, transaction_marker};
use compat::sql::parse::{Wrap, sql_dialect, statements, statements_to_replay};
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
    if let Some((up, down)) = dbmate_sections(text) {
        let _ = statements(
            text,
            Some(up),
            sql_dialect(Dialect::Postgres).as_ref(),
            Wrap::None,
        );
        if let Some(down) = down {
            let _ = statements(
                text,
                Some(down),
                sql_dialect(Dialect::Postgres).as_ref(),
                Wrap::None,
            );
        }
    }
    for layout in [Layout::Dbmate, Layout::Sqlx, Layout::Flyway] {
        let _ = transaction_marker(text, None, layout);
    }
});
