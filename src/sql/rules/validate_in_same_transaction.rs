//! `VALIDATE CONSTRAINT` in the transaction that added the constraint `NOT VALID`.

use sqlparser::ast::AlterTableOperation;

use super::Context;
use crate::core::{Finding, RuleId};
use crate::sql::statements::model::ident_key;

pub const ID: RuleId = RuleId::SqlValidateInSameTransaction;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !cx.is_postgres() {
        return;
    }
    let Some((key, alter)) = cx.alter_table() else {
        return;
    };
    for operation in &alter.operations {
        let AlterTableOperation::ValidateConstraint { name } = operation else {
            continue;
        };
        let name_key = ident_key(name);
        if !cx
            .state
            .not_valid
            .iter()
            .any(|(table, constraint)| *table == key && *constraint == name_key)
        {
            continue;
        }
        findings.push(
            Finding::new(
                ID,
                format!(
                    "constraint `{name}` is validated in the transaction that added it NOT \
                     VALID, so the lock the add took is held while all of `{}` is scanned",
                    alter.name
                ),
            )
            .at_new(cx.span, "validated in the same transaction"),
        );
    }
}
