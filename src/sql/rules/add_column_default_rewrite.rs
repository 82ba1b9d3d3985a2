//! `ADD COLUMN` with a default PostgreSQL must compute per row, which rewrites the table: a
//! volatile default, or any default before PostgreSQL 11.

use sqlparser::ast::{AlterTableOperation, ColumnOption};

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};

pub const ID: RuleId = RuleId::SqlAddColumnDefaultRewrite;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !cx.is_postgres() {
        return;
    }
    let Some((table, alter)) = cx.alter_existing_table() else {
        return;
    };
    let before_11 = !cx.version.at_least(11, 0, 0);
    for operation in &alter.operations {
        let AlterTableOperation::AddColumn { column_def, .. } = operation else {
            continue;
        };
        // serial columns are the identity rule's.
        if column_def
            .data_type
            .to_string()
            .to_lowercase()
            .contains("serial")
        {
            continue;
        }
        let Some(default) = column_def.options.iter().find_map(|o| match &o.option {
            ColumnOption::Default(expr) => Some(expr),
            _ => None,
        }) else {
            continue;
        };
        let volatile = crate::sql::statements::replay::is_volatile(default);
        if !volatile && !before_11 {
            continue;
        }
        let why = if volatile {
            format!("`{default}` is computed for every existing row")
        } else {
            format!(
                "PostgreSQL {} writes the default into every existing row",
                cx.version
            )
        };
        let finding = Finding::new(
            ID,
            format!(
                "adding `{}.{}` rewrites the table under an ACCESS EXCLUSIVE lock: {why}",
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
