//! Renaming a column the running version uses (`RENAME COLUMN`, MySQL's `CHANGE` with a new
//! name).

use sqlparser::ast::{AlterTableOperation, Ident};

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};
use crate::sql::statements::model::ident_key;

pub const ID: RuleId = RuleId::SqlRenameColumn;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some((table, alter)) = cx.alter_existing_table() else {
        return;
    };
    for operation in &alter.operations {
        let (from, to): (&Ident, &Ident) = match operation {
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => (old_column_name, new_column_name),
            AlterTableOperation::ChangeColumn {
                old_name, new_name, ..
            } if ident_key(old_name) != ident_key(new_name) => (old_name, new_name),
            _ => continue,
        };
        let column = table.and_then(|t| t.column(&ident_key(from)));
        if column.is_some_and(|c| c.origin.in_release) {
            continue;
        }
        let finding = Finding::new(
            ID,
            format!(
                "column `{}.{from}` is renamed to `{to}`; the old version still uses the old name",
                alter.name
            ),
        )
        .at_new(cx.span, "column renamed here");
        findings.push(with_origin(
            finding,
            column.map(|c| &c.origin),
            "defined here",
        ));
    }
}
