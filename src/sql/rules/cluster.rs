//! `CLUSTER`: rewrites the table in index order under an ACCESS EXCLUSIVE lock.

use super::Context;
use crate::core::{Finding, RuleId};
use crate::sql::parse::{Recognized, StatementKind};

pub const ID: RuleId = RuleId::SqlCluster;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !cx.is_postgres() {
        return;
    }
    let StatementKind::Recognized(Recognized::Cluster { table }) = &cx.statement.kind else {
        return;
    };
    let target = table
        .as_ref()
        .map_or_else(|| "every clustered table".to_owned(), |t| format!("`{t}`"));
    findings.push(
        Finding::new(
            ID,
            format!(
                "CLUSTER rewrites {target} under an ACCESS EXCLUSIVE lock: every query on it waits"
            ),
        )
        .at_new(cx.span, "table rewritten here"),
    );
}
