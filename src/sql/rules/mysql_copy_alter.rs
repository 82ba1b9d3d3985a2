//! A MySQL `ALTER TABLE` that copies the table (ALGORITHM=COPY), blocking writes for the copy,
//! because no INSTANT or INPLACE algorithm applies to it.

use sqlparser::ast::{AlterTableAlgorithm, AlterTableLock, AlterTableOperation};

use super::types::type_changes;
use super::{Context, with_origin};
use crate::core::{Finding, RuleId};
use crate::input::config::Dialect;

pub const ID: RuleId = RuleId::SqlMysqlCopyAlter;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if cx.dialect != Dialect::Mysql {
        return;
    }
    let Some((table, alter)) = cx.alter_existing_table() else {
        return;
    };
    // With an explicit online algorithm MySQL refuses the statement rather than copy.
    let algorithm = alter.operations.iter().find_map(|o| match o {
        AlterTableOperation::Algorithm { algorithm, .. } => Some(*algorithm),
        _ => None,
    });
    let lock_none = alter.operations.iter().any(|o| {
        matches!(
            o,
            AlterTableOperation::Lock {
                lock: AlterTableLock::None,
                ..
            }
        )
    });
    if algorithm == Some(AlterTableAlgorithm::Instant)
        || (algorithm == Some(AlterTableAlgorithm::Inplace) && lock_none)
    {
        return;
    }
    let mut reasons: Vec<String> = type_changes(cx)
        .iter()
        .map(|c| format!("`{}` changes type to `{}`", c.column, c.new_type))
        .collect();
    let adds_primary_key = alter.operations.iter().any(|o| {
        matches!(
            o,
            AlterTableOperation::AddConstraint {
                constraint: sqlparser::ast::TableConstraint::PrimaryKey(_),
                ..
            }
        )
    });
    if !adds_primary_key
        && alter
            .operations
            .iter()
            .any(|o| matches!(o, AlterTableOperation::DropPrimaryKey { .. }))
    {
        reasons.push("the primary key is dropped without a replacement".to_owned());
    }
    if algorithm == Some(AlterTableAlgorithm::Copy) {
        reasons.push("ALGORITHM=COPY is requested".to_owned());
    }
    if reasons.is_empty() {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "MySQL {} copies `{}` to apply this ALTER TABLE ({}); writes to it wait until the \
             copy ends",
            cx.version,
            alter.name,
            reasons.join("; ")
        ),
    )
    .at_new(cx.span, "table copied here");
    findings.push(with_origin(
        finding,
        table.map(|t| &t.origin),
        "table created here",
    ));
}
