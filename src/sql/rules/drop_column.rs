//! `ALTER TABLE ... DROP COLUMN` on a column the running version uses.

use sqlparser::ast::AlterTableOperation;

use super::{Context, Existing, with_origin};
use crate::core::Finding;
use crate::sql::model::ident_key;

pub const ID: &str = "sql/drop-column";

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some((key, alter)) = cx.alter_table() else {
        return;
    };
    let table = match cx.existing_table(key) {
        Existing::No => return,
        Existing::Known(table) => Some(table),
        Existing::Unknown => None,
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
