//! `ALTER TABLE ... DROP COLUMN` on a column the running version uses.

use sqlparser::ast::{AlterTableOperation, ObjectType, Statement};

use super::sqlite_table_rebuild::rebuilt_from;
use super::{Context, Existing, with_origin};
use crate::core::{Change, Finding, RuleId};
use crate::input::config::Dialect;
use crate::sql::statements::model::{Column, Table, ident_key, object_key};

pub const ID: RuleId = RuleId::SqlDropColumn;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    rebuilt_without(cx, findings);
    let Some((table, alter)) = cx.alter_existing_table() else {
        return;
    };
    for operation in &alter.operations {
        let AlterTableOperation::DropColumn { column_names, .. } = operation else {
            continue;
        };
        for name in column_names {
            let column = table.and_then(|t| t.column(&ident_key(name)));
            if column.is_some_and(|c| c.origin.in_release) {
                continue;
            }
            let finding = Finding::new(
                ID,
                format!(
                    "column `{}.{name}` is dropped while the old version still reads and writes it",
                    alter.name
                ),
            )
            .at_new(cx.span, "column dropped here");
            findings.push(with_origin(
                finding,
                column.map(|c| &c.origin),
                "defined here",
            ));
        }
    }
}

/// A SQLite rebuild (copy into a new table, drop the original, rename the copy into its place)
/// whose copy lacks columns of the original: each is dropped as surely as by `DROP COLUMN`.
/// Reported at the copy's `CREATE TABLE`, the definition that leaves the column out.
fn rebuilt_without(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if cx.dialect != Dialect::Sqlite {
        return;
    }
    let Some(Statement::Drop {
        object_type: ObjectType::Table,
        names,
        ..
    }) = cx.parsed()
    else {
        return;
    };
    for name in names {
        let key = object_key(name);
        let Existing::Known(original) = cx.existing_table(&key) else {
            continue;
        };
        let Some(copy) = rebuilt_from(cx.rest, &key).and_then(|from| cx.schema.tables.get(&from))
        else {
            continue;
        };
        let at = if copy.origin.in_release && copy.origin.span.file == cx.span.file {
            copy.origin.span
        } else {
            cx.span
        };
        for column in &original.columns {
            if column.origin.in_release || copy.column(&column.key).is_some() {
                continue;
            }
            let finding = Finding::new(
                ID,
                format!(
                    "column `{}.{}` is dropped: `{}`, the copy that replaces the table, leaves it \
                     out while the old version still reads and writes it",
                    original.name, column.name, copy.name
                ),
            )
            .at_new(at, "rebuilt without this column");
            findings.push(with_origin(finding, Some(&column.origin), "defined here"));
        }
    }
}

/// A column a table of a schema dump no longer has.
pub fn check_dump(table: &Table, change: &Change<&Column>, findings: &mut Vec<Finding>) {
    let Change::Removed { old: column } = change else {
        return;
    };
    findings.push(
        Finding::new(
            ID,
            format!(
                "column `{}.{}` is gone from the new schema while the old version still reads and writes it",
                table.name, column.name
            ),
        )
        .at_old(column.origin.span, "defined here"),
    );
}
