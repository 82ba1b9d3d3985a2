//! `DETACH PARTITION` without `CONCURRENTLY` (PostgreSQL 14+ has it).

use sqlparser::ast::{AlterTableOperation, DetachPartitionMode};

use super::{Context, Existing};
use crate::core::{Finding, RuleId};

pub const ID: RuleId = RuleId::SqlDetachPartitionBlocking;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !cx.is_postgres() {
        return;
    }
    let Some((key, alter)) = cx.alter_table() else {
        return;
    };
    if matches!(cx.existing_table(key), Existing::No) {
        return;
    }
    for operation in &alter.operations {
        let AlterTableOperation::DetachPartitionOf { partition, mode } = operation else {
            continue;
        };
        if matches!(
            mode,
            Some(DetachPartitionMode::Concurrently | DetachPartitionMode::Finalize)
        ) {
            continue;
        }
        let mut finding = Finding::new(
            ID,
            format!(
                "detaching `{partition}` takes an ACCESS EXCLUSIVE lock on `{}`: every query on \
                 the partitioned table waits",
                alter.name
            ),
        )
        .at_new(cx.span, "detached without CONCURRENTLY");
        if !cx.version.at_least(14, 0, 0) {
            finding = finding.with_help(format!(
                "PostgreSQL {} has no DETACH PARTITION CONCURRENTLY: detach at a quiet time with \
                 a short lock_timeout and retry",
                cx.version
            ));
        }
        findings.push(finding);
    }
}
