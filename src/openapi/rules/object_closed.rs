//! An object the writer leaves open is restricted by the reader: only safe if writers never sent
//! a property it does not declare.

use super::AssumptionRule;
use crate::core::{Finding, RuleId};
use crate::openapi::found::Assumed;

pub const ID: RuleId = RuleId::OpenapiObjectClosed;

pub const RULE: AssumptionRule = AssumptionRule {
    id: ID,
    names: |_, _, closed| closed,
    finding,
};

fn finding(a: &Assumed<'_>) -> Finding {
    let (writer, reader) = (a.writer, a.reader);
    let finding = Finding::new(
        ID,
        format!(
            "{}: {reader} restricts the properties the object does not declare, which {writer}'s schema leaves open",
            a.context
        ),
    )
    .with_note(format!(
        "assumes {writer} never sends a property its schema does not declare: the open object allowed any"
    ));
    if a.reader_is_new {
        finding
            .at_new(a.reader_span, "restricted here")
            .at_old(a.writer_span, "open here")
    } else {
        finding
            .at_new(a.writer_span, "open here")
            .at_old(a.reader_span, "restricted here")
    }
}
