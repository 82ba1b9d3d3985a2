//! A request that new clients may send and old servers reject: what the partial rollout and a rollback expose.

use super::Out;
use crate::core::{Finding, RuleId, Span};
use crate::openapi::model::{Media, Operation};

pub const ID: RuleId = RuleId::OpenapiRequestWidened;

/// A parameter or request body that is no longer required: new clients may leave it out, and old
/// servers still require it.
pub fn made_optional(op: &Operation, what: &str, new: Span, old: Span, out: &mut Out) {
    let finding = Finding::new(
        ID,
        format!(
            "{what} of {} is no longer required: new clients may leave it out, and old servers reject requests without it",
            op.label()
        ),
    )
    .at_new(new, "optional now")
    .at_old(old, "old servers require it")
    .with_note("assumes new clients keep sending it until every server runs the new version and no rollback is planned");
    out.push(finding, op.label());
}

/// A media type the request body accepts now and did not before: new clients may send it, and old
/// servers answer 415.
pub fn media_type_added(op: &Operation, added: &Media, out: &mut Out) {
    let finding = Finding::new(
        ID,
        format!(
            "the request body of {} now accepts `{}`: new clients may send it, and old servers reject it",
            op.label(),
            added.name
        ),
    )
    .at_new(added.span, "accepted now")
    .with_note("assumes new clients send it only once every server runs the new version and no rollback is planned");
    out.push(finding, op.label());
}
