//! Making an existing column NOT NULL (`ALTER COLUMN ... SET NOT NULL`, MySQL's `MODIFY` or
//! `CHANGE` restating a nullable column as NOT NULL).

use sqlparser::ast::{AlterColumnOperation, AlterTableOperation, ColumnOption, Ident};

use super::{Context, column_changed, with_origin};
use crate::core::{Change, Finding, RuleId};
use crate::sql::statements::model::{Column, Table, ident_key};

pub const ID: RuleId = RuleId::SqlSetNotNull;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some((table, alter)) = cx.alter_existing_table() else {
        return;
    };
    for operation in &alter.operations {
        let column: &Ident = match operation {
            AlterTableOperation::AlterColumn {
                column_name,
                op: AlterColumnOperation::SetNotNull,
            } => column_name,
            AlterTableOperation::ModifyColumn {
                col_name, options, ..
            } if options.contains(&ColumnOption::NotNull) => col_name,
            AlterTableOperation::ChangeColumn {
                old_name, options, ..
            } if options.contains(&ColumnOption::NotNull) => old_name,
            _ => continue,
        };
        let known = table.and_then(|t| t.column(&ident_key(column)));
        match known {
            Some(c) if c.origin.in_release || !c.nullable => continue,
            // A restated MySQL column is only a change when the history knows it was nullable.
            None if !matches!(operation, AlterTableOperation::AlterColumn { .. }) => continue,
            _ => {}
        }
        let finding = Finding::new(
            ID,
            format!(
                "column `{}.{column}` becomes NOT NULL; writes from the old version that leave \
                 it empty fail",
                alter.name
            ),
        )
        .at_new(cx.span, "NOT NULL set here");
        let (since, label) = known.map(Column::nullable_since).unzip();
        findings.push(with_origin(finding, since, label.unwrap_or_default()));
    }
}

/// A column of a schema dump that becomes NOT NULL.
pub fn check_dump(table: &Table, change: &Change<&Column>, findings: &mut Vec<Finding>) {
    let Change::Kept { old, new } = change else {
        return;
    };
    if old.nullable && !new.nullable {
        let what = "becomes NOT NULL; writes from the old version that leave it empty fail";
        findings.push(column_changed(ID, table, old, new, what, "NOT NULL here"));
    }
}
