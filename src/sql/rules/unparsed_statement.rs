//! A statement of the release that compat could not parse, so no rule checked it.

use super::Context;
use crate::core::{Finding, RuleId};
use crate::sql::parse::StatementKind;

pub const ID: RuleId = RuleId::SqlUnparsedStatement;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let StatementKind::Unparsed(reason) = &cx.statement.kind else {
        return;
    };
    findings.push(
        Finding::new(
            ID,
            "compat could not parse this statement, so no rule checked it",
        )
        .at_new(cx.span, "not understood")
        .with_note(format!("parser: {reason}"))
        .with_note("assumed safe: a person reviewed this statement for the release window"),
    );
}
