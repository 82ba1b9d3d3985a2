//! `ADD CONSTRAINT ... CHECK` without `NOT VALID` on a PostgreSQL table with rows.

use sqlparser::ast::{AlterTableOperation, TableConstraint};

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};

pub const ID: RuleId = RuleId::SqlAddCheckWithoutNotValid;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !cx.is_postgres() {
        return;
    }
    let Some((table, alter)) = cx.alter_existing_table() else {
        return;
    };
    for operation in &alter.operations {
        let AlterTableOperation::AddConstraint {
            constraint: TableConstraint::Check(_),
            not_valid: false,
        } = operation
        else {
            continue;
        };
        let finding = Finding::new(
            ID,
            format!(
                "adding this check scans all of `{}` under an ACCESS EXCLUSIVE lock: every \
                 query on it waits",
                alter.name
            ),
        )
        .at_new(cx.span, "check validated immediately");
        findings.push(with_origin(
            finding,
            table.map(|t| &t.origin),
            "table created here",
        ));
    }
}
