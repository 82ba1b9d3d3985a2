//! The SQLite table rebuild: drop a table and rename a copy into its place. The copy holds the
//! database's write lock for as long as it takes.

use sqlparser::ast::{AlterTableOperation, ObjectType, RenameTableNameKind, Statement as Ast};

use super::{Context, Existing, with_origin};
use crate::core::Finding;
use crate::input::config::Dialect;
use crate::sql::model::object_key;
use crate::sql::parse::{Statement, StatementKind};

pub const ID: &str = "sql/sqlite-table-rebuild";

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if cx.dialect != Dialect::Sqlite {
        return;
    }
    let Some(Ast::Drop {
        object_type: ObjectType::Table,
        names,
        ..
    }) = cx.parsed()
    else {
        return;
    };
    for name in names {
        let key = object_key(name);
        if !renamed_into_place(cx.rest, &key) {
            continue;
        }
        let table = match cx.existing_table(&key) {
            Existing::No => continue,
            Existing::Known(table) => Some(table),
            Existing::Unknown => None,
        };
        let finding = Finding::new(
            ID,
            format!(
                "this migration rebuilds `{name}`: the copy of every row runs in one write \
                 transaction, and every other write to the database waits for it"
            ),
        )
        .at_new(cx.span, "table rebuilt from here");
        findings.push(with_origin(
            finding,
            table.map(|t| &t.origin),
            "table created here",
        ));
    }
}

/// Whether a later statement renames another table to `key`: the rebuild's last step. The
/// drop-table rule stays quiet on such drops, since the table comes back.
pub fn renamed_into_place(rest: &[Statement], key: &str) -> bool {
    rest.iter().any(|statement| {
        let StatementKind::Parsed(parsed) = &statement.kind else {
            return false;
        };
        match parsed.as_ref() {
            Ast::AlterTable(alter) => alter.operations.iter().any(|o| match o {
                AlterTableOperation::RenameTable {
                    table_name: RenameTableNameKind::To(to) | RenameTableNameKind::As(to),
                } => object_key(to) == key,
                _ => false,
            }),
            Ast::RenameTable(renames) => renames.iter().any(|r| object_key(&r.new_name) == key),
            _ => false,
        }
    })
}
