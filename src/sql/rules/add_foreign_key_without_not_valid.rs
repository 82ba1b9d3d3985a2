//! `ADD FOREIGN KEY` without `NOT VALID` on a PostgreSQL table that already has rows.

use sqlparser::ast::{AlterTableOperation, TableConstraint};

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};
use crate::input::config::Dialect;

pub const ID: RuleId = RuleId::SqlAddForeignKeyWithoutNotValid;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if cx.dialect != Dialect::Postgres {
        return;
    }
    let Some((table, alter)) = cx.alter_existing_table() else {
        return;
    };
    for operation in &alter.operations {
        let AlterTableOperation::AddConstraint {
            constraint: TableConstraint::ForeignKey(fk),
            not_valid: false,
        } = operation
        else {
            continue;
        };
        let finding = Finding::new(
            ID,
            format!(
                "adding this foreign key scans all of `{}` while writes to it and to `{}` wait",
                alter.name, fk.foreign_table
            ),
        )
        .at_new(cx.span, "foreign key validated immediately");
        findings.push(with_origin(
            finding,
            table.map(|t| &t.origin),
            "table created here",
        ));
    }
}
