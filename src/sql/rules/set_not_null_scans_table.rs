//! `SET NOT NULL` that scans the whole table under an ACCESS EXCLUSIVE lock, because no validated
//! `CHECK (column IS NOT NULL)` proves it (PostgreSQL 12+ uses one; older versions always scan).

use sqlparser::ast::{AlterColumnOperation, AlterTableOperation};

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};
use crate::sql::statements::model::{Column, ConstraintKind, Table, ident_key};

pub const ID: RuleId = RuleId::SqlSetNotNullScansTable;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !cx.is_postgres() {
        return;
    }
    let Some((table, alter)) = cx.alter_existing_table() else {
        return;
    };
    for operation in &alter.operations {
        let AlterTableOperation::AlterColumn {
            column_name,
            op: AlterColumnOperation::SetNotNull,
        } = operation
        else {
            continue;
        };
        let column = ident_key(column_name);
        let known = table.and_then(|t| t.column(&column));
        // A column this release added is scanned all the same: the table's rows predate it.
        if known.is_some_and(|c| !c.nullable) {
            continue;
        }
        let proven = table.is_some_and(|t| has_validated_not_null_check(t, &column));
        if proven && cx.version.at_least(12, 0, 0) {
            continue;
        }
        let mut finding = Finding::new(
            ID,
            format!(
                "SET NOT NULL on `{}.{column_name}` scans the whole table under an ACCESS \
                 EXCLUSIVE lock: every query on it waits",
                alter.name
            ),
        )
        .at_new(cx.span, "table scanned here");
        if !cx.version.at_least(12, 0, 0) {
            finding = finding.with_help(format!(
                "PostgreSQL {} always scans: add a NOT VALID CHECK ({column_name} IS NOT NULL), \
                 validate it, and keep it instead of SET NOT NULL until you run 12 or later",
                cx.version
            ));
        }
        let (since, label) = known.map(Column::nullable_since).unzip();
        findings.push(with_origin(finding, since, label.unwrap_or_default()));
    }
}

/// A validated `CHECK (column IS NOT NULL)` on the table.
fn has_validated_not_null_check(table: &Table, column: &str) -> bool {
    let wanted = format!("{column} is not null");
    table.constraints.iter().any(|c| {
        c.kind == ConstraintKind::Check
            && c.validated
            && c.expression.as_ref().is_some_and(|e| {
                let e = e.to_lowercase().replace('"', "");
                e.trim_matches(['(', ')']).trim() == wanted
            })
    })
}
