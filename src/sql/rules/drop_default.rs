//! `ALTER COLUMN ... DROP DEFAULT` on a column the running version inserts without.

use sqlparser::ast::{AlterColumnOperation, AlterTableOperation};

use super::{Context, column_changed, with_origin};
use crate::core::{Change, Finding, RuleId};
use crate::sql::statements::model::{Column, Table};

pub const ID: RuleId = RuleId::SqlDropDefault;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some((key, alter)) = cx.alter_table() else {
        return;
    };
    for operation in &alter.operations {
        let AlterTableOperation::AlterColumn {
            column_name,
            op: AlterColumnOperation::DropDefault,
        } = operation
        else {
            continue;
        };
        let Some(known) = cx.existing_column(key, column_name) else {
            continue;
        };
        if known.is_some_and(|c| c.default.is_none()) {
            continue;
        }
        let outcome = match known {
            Some(c) if !c.nullable => "fail, since the column is NOT NULL",
            Some(_) => "store NULL instead of the default",
            None => "store NULL, or fail if the column is NOT NULL",
        };
        let finding = Finding::new(
            ID,
            format!(
                "column `{}.{column_name}` loses its default; inserts from the old version that \
                 leave it out now {outcome}",
                alter.name
            ),
        )
        .at_new(cx.span, "default dropped here")
        .with_note("assumed safe: the old version sets this column on every insert");
        findings.push(with_origin(
            finding,
            known.map(|c| &c.origin),
            "default defined here",
        ));
    }
}

/// A column of a schema dump that loses its default.
pub fn check_dump(table: &Table, change: &Change<&Column>, findings: &mut Vec<Finding>) {
    let Change::Kept { old, new } = change else {
        return;
    };
    if old.default.is_some() && new.default.is_none() {
        let what =
            "loses its default; inserts from the old version that leave it out no longer get it";
        findings.push(column_changed(ID, table, old, new, what, "no default here"));
    }
}
