//! `ALTER COLUMN ... DROP NOT NULL` on a column the running version reads.

use sqlparser::ast::{AlterColumnOperation, AlterTableOperation};

use super::{Context, column_changed, with_origin};
use crate::core::{Change, Finding, RuleId};
use crate::sql::statements::model::{Column, Table};

pub const ID: RuleId = RuleId::SqlDropNotNull;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some((key, alter)) = cx.alter_table() else {
        return;
    };
    for operation in &alter.operations {
        let AlterTableOperation::AlterColumn {
            column_name,
            op: AlterColumnOperation::DropNotNull,
        } = operation
        else {
            continue;
        };
        let Some(known) = cx.existing_column(key, column_name) else {
            continue;
        };
        if known.is_some_and(|c| c.nullable) {
            continue;
        }
        let finding = Finding::new(
            ID,
            format!(
                "column `{}.{column_name}` may now hold NULL; the old version reads it assuming \
                 it never does",
                alter.name
            ),
        )
        .at_new(cx.span, "NOT NULL dropped here")
        .with_note("assumed safe: old readers handle NULL in this column");
        findings.push(with_origin(
            finding,
            known.map(|c| &c.origin),
            "NOT NULL column defined here",
        ));
    }
}

/// A column of a schema dump that may now hold NULL.
pub fn check_dump(table: &Table, change: &Change<&Column>, findings: &mut Vec<Finding>) {
    let Change::Kept { old, new } = change else {
        return;
    };
    if !old.nullable && new.nullable {
        let what = "may now hold NULL; the old version reads it assuming it never does";
        findings.push(column_changed(ID, table, old, new, what, "nullable here"));
    }
}
