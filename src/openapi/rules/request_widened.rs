//! A request that new clients may send and old servers reject: what the partial rollout and a rollback expose.

use super::Out;
use crate::core::{Finding, Span};
use crate::openapi::model::Operation;

pub const ID: &str = "openapi/request-widened";

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
