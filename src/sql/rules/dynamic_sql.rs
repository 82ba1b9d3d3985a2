//! An `EXECUTE` in a `DO` block of the release: SQL built at run time, which no rule checked.

use super::Context;
use crate::core::{Finding, RuleId};
use crate::sql::parse::StatementKind;

pub const ID: RuleId = RuleId::SqlDynamicSql;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !matches!(cx.statement.kind, StatementKind::Dynamic) {
        return;
    }
    findings.push(
        Finding::new(
            ID,
            "this DO block runs SQL it builds as a string, so no rule checked what it runs",
        )
        .at_new(cx.span, "built at run time")
        .with_note("assumed safe: a person reviewed the SQL this builds for the release window"),
    );
}
