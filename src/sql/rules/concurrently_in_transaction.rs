//! A `CONCURRENTLY` operation inside a transaction: PostgreSQL refuses it, so the migration
//! fails.

use sqlparser::ast::{AlterTableOperation, DetachPartitionMode, Statement};

use super::Context;
use crate::core::{Finding, RuleId};
use crate::sql::parse::{Recognized, StatementKind};

pub const ID: RuleId = RuleId::SqlConcurrentlyInTransaction;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !cx.is_postgres() || !cx.statement.in_transaction() {
        return;
    }
    let what = match (&cx.statement.kind, cx.parsed()) {
        (_, Some(Statement::CreateIndex(create))) if create.concurrently => {
            "CREATE INDEX CONCURRENTLY"
        }
        (_, Some(Statement::AlterTable(alter)))
            if alter.operations.iter().any(|o| {
                matches!(
                    o,
                    AlterTableOperation::DetachPartitionOf {
                        mode: Some(DetachPartitionMode::Concurrently),
                        ..
                    }
                )
            }) =>
        {
            "DETACH PARTITION ... CONCURRENTLY"
        }
        (StatementKind::Recognized(Recognized::DropIndexConcurrently { .. }), _) => {
            "DROP INDEX CONCURRENTLY"
        }
        (StatementKind::Recognized(Recognized::Reindex { concurrently: true }), _) => {
            "REINDEX CONCURRENTLY"
        }
        _ => return,
    };
    findings.push(
        Finding::new(
            ID,
            format!(
                "{what} cannot run inside a transaction block; this statement runs in one, so \
                 the migration fails"
            ),
        )
        .at_new(cx.span, "runs inside a transaction")
        .with_note(
            "the transaction is the migration tool's (it wraps each file, or sends a file of \
             several statements as one batch) or an explicit BEGIN",
        ),
    );
}
