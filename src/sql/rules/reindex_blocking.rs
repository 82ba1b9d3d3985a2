//! `REINDEX` without `CONCURRENTLY` (PostgreSQL).

use super::Context;
use crate::core::{Finding, RuleId};
use crate::sql::parse::{Recognized, StatementKind};

pub const ID: RuleId = RuleId::SqlReindexBlocking;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !cx.is_postgres() {
        return;
    }
    let StatementKind::Recognized(Recognized::Reindex {
        concurrently: false,
    }) = &cx.statement.kind
    else {
        return;
    };
    let mut finding = Finding::new(
        ID,
        "REINDEX without CONCURRENTLY blocks writes to the table and reads that use the index \
         until the rebuild ends",
    )
    .at_new(cx.span, "index rebuilt in place");
    if !cx.version.at_least(12, 0, 0) {
        finding = finding.with_help(format!(
            "PostgreSQL {} has no REINDEX CONCURRENTLY: build a new index concurrently, then drop \
             the old one concurrently",
            cx.version
        ));
    }
    findings.push(finding);
}
