//! A statement of the release that compat could not parse, so no rule checked it.

use super::Context;
use crate::core::{Finding, RuleId};
use crate::sql::parse::StatementKind;

pub const ID: RuleId = RuleId::SqlUnparsedStatement;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let StatementKind::Unparsed { reason, touches } = &cx.statement.kind else {
        return;
    };
    let finding = Finding::new(
        ID,
        "compat could not parse this statement, so no rule checked it",
    )
    .at_new(cx.span, "not understood")
    .with_note(format!("parser: {reason}"));
    let finding = match touches {
        Some(touch) => finding.with_note(format!(
            "read from its first words: it {}; later checks know the name, not the definition",
            touch.describe()
        )),
        None => finding,
    };
    findings.push(
        finding.with_note("assumed safe: a person reviewed this statement for the release window"),
    );
}
