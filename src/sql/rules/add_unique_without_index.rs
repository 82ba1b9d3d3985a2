//! `ADD CONSTRAINT ... UNIQUE` or `PRIMARY KEY` that builds its index under the table lock,
//! instead of `USING INDEX` on an index built concurrently (PostgreSQL).

use sqlparser::ast::{AlterTableOperation, TableConstraint};

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};

pub const ID: RuleId = RuleId::SqlAddUniqueWithoutIndex;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !cx.is_postgres() {
        return;
    }
    let Some((table, alter)) = cx.alter_existing_table() else {
        return;
    };
    for operation in &alter.operations {
        let kind = match operation {
            AlterTableOperation::AddConstraint {
                constraint: TableConstraint::Unique(_),
                ..
            } => "unique constraint",
            AlterTableOperation::AddConstraint {
                constraint: TableConstraint::PrimaryKey(_),
                ..
            } => "primary key",
            _ => continue,
        };
        let finding = Finding::new(
            ID,
            format!(
                "this {kind} builds its index on `{}` under an ACCESS EXCLUSIVE lock: every \
                 query on it waits until the index is built",
                alter.name
            ),
        )
        .at_new(cx.span, "index built under the table lock");
        findings.push(with_origin(
            finding,
            table.map(|t| &t.origin),
            "table created here",
        ));
    }
}
