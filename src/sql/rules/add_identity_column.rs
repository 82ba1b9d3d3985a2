//! A serial or identity column added to (or an identity set on) a table with rows: every row
//! gets a value from the sequence, rewriting the table.

use sqlparser::ast::{AlterColumnOperation, AlterTableOperation, ColumnOption, Ident};

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};

pub const ID: RuleId = RuleId::SqlAddIdentityColumn;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !cx.is_postgres() {
        return;
    }
    let Some((table, alter)) = cx.alter_existing_table() else {
        return;
    };
    for operation in &alter.operations {
        let column: &Ident = match operation {
            AlterTableOperation::AddColumn { column_def, .. }
                if column_def
                    .data_type
                    .to_string()
                    .to_lowercase()
                    .contains("serial")
                    || column_def.options.iter().any(|o| {
                        matches!(o.option, ColumnOption::Identity(_)) || is_identity(&o.option)
                    }) =>
            {
                &column_def.name
            }
            AlterTableOperation::AlterColumn {
                column_name,
                op: AlterColumnOperation::AddGenerated { .. },
            } => column_name,
            _ => continue,
        };
        let finding = Finding::new(
            ID,
            format!(
                "giving `{}.{column}` values from a sequence fills every existing row, rewriting \
                 the table under an ACCESS EXCLUSIVE lock",
                alter.name
            ),
        )
        .at_new(cx.span, "table rewritten here");
        findings.push(with_origin(
            finding,
            table.map(|t| &t.origin),
            "table created here",
        ));
    }
}

/// `GENERATED ... AS IDENTITY` (parsed as a generated column without an expression).
fn is_identity(option: &ColumnOption) -> bool {
    matches!(
        option,
        ColumnOption::Generated {
            generation_expr: None,
            ..
        }
    )
}
