//! The SQLite table rebuild: drop a table and rename a copy into its place. The copy holds the
//! database's write lock for as long as it takes.

use sqlparser::ast::{AlterTableOperation, ObjectType, RenameTableNameKind, Statement as Ast};

use super::{Context, Existing, with_origin};
use crate::core::{Finding, RuleId};
use crate::input::config::Dialect;
use crate::sql::parse::{Statement, StatementKind};
use crate::sql::statements::model::object_key;

pub const ID: RuleId = RuleId::SqlSqliteTableRebuild;

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
        if rebuilt_from(cx.rest, &key).is_none() {
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

/// The table a later statement renames to `key`, the rebuild's last step: the copy that takes
/// the dropped table's place. The drop-table rule stays quiet on such drops, since the table
/// comes back; the drop-column rule compares the two.
pub fn rebuilt_from(rest: &[Statement], key: &str) -> Option<String> {
    rest.iter().find_map(|statement| {
        let StatementKind::Parsed(parsed) = &statement.kind else {
            return None;
        };
        match parsed.as_ref() {
            Ast::AlterTable(alter) => alter.operations.iter().find_map(|o| match o {
                AlterTableOperation::RenameTable {
                    table_name: RenameTableNameKind::To(to) | RenameTableNameKind::As(to),
                } if object_key(to) == key => Some(object_key(&alter.name)),
                _ => None,
            }),
            Ast::RenameTable(renames) => renames
                .iter()
                .find(|r| object_key(&r.new_name) == key)
                .map(|r| object_key(&r.old_name)),
            _ => None,
        }
    })
}
