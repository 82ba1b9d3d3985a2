//! `ADD COLUMN ... NOT NULL` without a default, on a table the running version writes; and the
//! same reached in steps: a column the release adds nullable and later makes NOT NULL (add,
//! backfill, `SET NOT NULL`) while it still has no default.

use sqlparser::ast::{AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption};

use super::{Context, with_origin};
use crate::core::{Change, Finding, RuleId};
use crate::sql::statements::model::{Column, Table, ident_key};

pub const ID: RuleId = RuleId::SqlAddNotNullColumn;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some((table, alter)) = cx.alter_existing_table() else {
        return;
    };
    for operation in &alter.operations {
        if let AlterTableOperation::AlterColumn {
            column_name,
            op: AlterColumnOperation::SetNotNull,
        } = operation
            && let Some(column) = table.and_then(|t| t.column(&ident_key(column_name)))
        {
            check_made_required(cx, &alter.name.to_string(), column, findings);
            continue;
        }
        let AlterTableOperation::AddColumn { column_def, .. } = operation else {
            continue;
        };
        if !required_without_default(column_def) {
            continue;
        }
        let finding = Finding::new(
            ID,
            format!(
                "column `{}.{}` is added NOT NULL without a default; inserts from the old version, \
                 which do not set it, fail",
                alter.name, column_def.name
            ),
        )
        .at_new(cx.span, "required column added here");
        findings.push(with_origin(
            finding,
            table.map(|t| &t.origin),
            "table created here",
        ));
    }
}

/// `SET NOT NULL` on a column this release added to an existing table, with no default: the
/// release as a whole adds a required column old writers do not fill.
fn check_made_required(
    cx: &Context<'_>,
    table: &str,
    column: &Column,
    findings: &mut Vec<Finding>,
) {
    if !column.origin.in_release || !column.nullable || column.default.is_some() {
        return;
    }
    findings.push(
        Finding::new(
            ID,
            format!(
                "column `{table}.{}`, added by this release, becomes NOT NULL without a default; \
                 inserts from the old version, which do not set it, fail",
                column.name
            ),
        )
        .at_new(cx.span, "required from here")
        .with_note("the column is added earlier in this release, nullable, so no row of the old version sets it"),
    );
}

/// NOT NULL (or a primary key) and nothing that fills the value in.
pub fn required_without_default(column: &ColumnDef) -> bool {
    let mut required = false;
    for option in column.options.iter().map(|o| &o.option) {
        match option {
            ColumnOption::NotNull | ColumnOption::PrimaryKey(_) => required = true,
            ColumnOption::Default(_)
            | ColumnOption::Identity(_)
            | ColumnOption::Generated { .. } => return false,
            ColumnOption::DialectSpecific(tokens)
                if tokens.iter().any(|t| {
                    let text = t.to_string();
                    text.eq_ignore_ascii_case("AUTO_INCREMENT")
                        || text.eq_ignore_ascii_case("AUTOINCREMENT")
                }) =>
            {
                return false;
            }
            _ => {}
        }
    }
    required
        && !column
            .data_type
            .to_string()
            .to_lowercase()
            .contains("serial")
}

/// A column a schema dump adds NOT NULL without a default.
pub fn check_dump(table: &Table, change: &Change<&Column>, findings: &mut Vec<Finding>) {
    let Change::Added { new: column } = change else {
        return;
    };
    if column.nullable || column.default.is_some() {
        return;
    }
    findings.push(
        Finding::new(
            ID,
            format!(
                "column `{}.{}` is added NOT NULL without a default; inserts from the old version, which do not set it, fail",
                table.name, column.name
            ),
        )
        .at_new(column.origin.span, "column added here"),
    );
}
