//! Dropping or replacing the primary key of a table the running version uses.

use sqlparser::ast::AlterTableOperation;

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};
use crate::sql::statements::model::{ConstraintKind, ident_key};

pub const ID: RuleId = RuleId::SqlPrimaryKeyChanged;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some((table, alter)) = cx.alter_existing_table() else {
        return;
    };
    for operation in &alter.operations {
        let dropped = match operation {
            AlterTableOperation::DropPrimaryKey { .. } => true,
            AlterTableOperation::DropConstraint { name, .. } => {
                let name = ident_key(name);
                match table {
                    Some(t) => {
                        t.constraints.iter().any(|c| {
                            c.kind == ConstraintKind::PrimaryKey && c.name.as_deref() == Some(&name)
                        }) || (name.ends_with("_pkey")
                            && !t
                                .constraints
                                .iter()
                                .any(|c| c.name.as_deref() == Some(&name)))
                    }
                    None => name.ends_with("_pkey"),
                }
            }
            _ => false,
        };
        if !dropped {
            continue;
        }
        let pk = table.and_then(|t| {
            t.constraints
                .iter()
                .find(|c| c.kind == ConstraintKind::PrimaryKey)
        });
        let finding = Finding::new(
            ID,
            format!(
                "the primary key of `{}` is dropped; the old version identifies, updates and \
                 upserts rows by it",
                alter.name
            ),
        )
        .at_new(cx.span, "primary key dropped here");
        findings.push(with_origin(
            finding,
            pk.map(|c| &c.origin),
            "primary key defined here",
        ));
    }
}
