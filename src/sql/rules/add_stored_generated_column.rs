//! `ADD COLUMN ... GENERATED ALWAYS AS (...) STORED` on a table with rows: PostgreSQL computes
//! and writes the value for every row, rewriting the table.

use sqlparser::ast::{AlterTableOperation, ColumnOption, GeneratedExpressionMode};

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};

pub const ID: RuleId = RuleId::SqlAddStoredGeneratedColumn;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !cx.is_postgres() {
        return;
    }
    let Some((table, alter)) = cx.alter_existing_table() else {
        return;
    };
    for operation in &alter.operations {
        let AlterTableOperation::AddColumn { column_def, .. } = operation else {
            continue;
        };
        let stored = column_def.options.iter().any(|o| {
            matches!(
                &o.option,
                ColumnOption::Generated {
                    generation_expr: Some(_),
                    generation_expr_mode,
                    ..
                } if !matches!(generation_expr_mode, Some(GeneratedExpressionMode::Virtual))
            )
        });
        if !stored {
            continue;
        }
        let finding = Finding::new(
            ID,
            format!(
                "adding the stored generated column `{}.{}` rewrites the table under an ACCESS \
                 EXCLUSIVE lock",
                alter.name, column_def.name
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
