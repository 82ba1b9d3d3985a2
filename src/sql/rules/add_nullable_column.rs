//! A column added to an existing table that old inserts can leave out: nullable, or with a
//! default. Reported for changelogs.

use sqlparser::ast::{self, AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption};

use super::add_not_null_column::required_without_default;
use super::{Context, Existing};
use crate::core::{Change, Finding, RuleId};
use crate::sql::parse::StatementKind;
use crate::sql::statements::model::{Column, Table, ident_key, object_key};

pub const ID: RuleId = RuleId::SqlAddNullableColumn;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some((key, alter)) = cx.alter_table() else {
        return;
    };
    if matches!(cx.existing_table(key), Existing::No) {
        return;
    }
    for operation in &alter.operations {
        let AlterTableOperation::AddColumn { column_def, .. } = operation else {
            continue;
        };
        if required_without_default(column_def)
            || (!has_default(column_def)
                && made_required_later(cx, key, &ident_key(&column_def.name)))
        {
            continue;
        }
        findings.push(
            Finding::new(
                ID,
                format!(
                    "column `{}.{}` is added; the old version does not name it and its inserts \
                     leave it {}",
                    alter.name,
                    column_def.name,
                    if has_default(column_def) {
                        "to its default"
                    } else {
                        "NULL"
                    }
                ),
            )
            .at_new(cx.span, "column added here"),
        );
    }
}

/// Whether a later statement of the same script makes the column NOT NULL before giving it a
/// default: the release adds a required column, which `add-not-null-column` reports there.
fn made_required_later(cx: &Context<'_>, table: &str, column: &str) -> bool {
    for statement in cx.rest {
        let StatementKind::Parsed(parsed) = &statement.kind else {
            continue;
        };
        let ast::Statement::AlterTable(alter) = parsed.as_ref() else {
            continue;
        };
        if object_key(&alter.name) != table {
            continue;
        }
        for operation in &alter.operations {
            let AlterTableOperation::AlterColumn { column_name, op } = operation else {
                continue;
            };
            if ident_key(column_name) != column {
                continue;
            }
            match op {
                AlterColumnOperation::SetDefault { .. } => return false,
                AlterColumnOperation::SetNotNull => return true,
                _ => {}
            }
        }
    }
    false
}

fn has_default(column: &ColumnDef) -> bool {
    column
        .data_type
        .to_string()
        .to_lowercase()
        .contains("serial")
        || column.options.iter().any(|o| {
            matches!(
                o.option,
                ColumnOption::Default(_)
                    | ColumnOption::Identity(_)
                    | ColumnOption::Generated { .. }
            )
        })
}

/// A column a schema dump adds nullable or with a default.
pub fn check_dump(table: &Table, change: &Change<&Column>, findings: &mut Vec<Finding>) {
    let Change::Added { new: column } = change else {
        return;
    };
    if !column.nullable && column.default.is_none() {
        return;
    }
    findings.push(
        Finding::new(
            ID,
            format!(
                "column `{}.{}` is added; the old version does not name it",
                table.name, column.name
            ),
        )
        .at_new(column.origin.span, "column added here"),
    );
}
