//! A request body the new server no longer declares: old clients still send it.

use super::Out;
use crate::core::{Finding, RuleId, Span};
use crate::openapi::model::{Operation, RequestBody};

pub const ID: RuleId = RuleId::OpenapiRequestBodyRemoved;

/// `place`: where the new version shows the operation without a body.
pub fn check(op: &Operation, place: Span, old: &RequestBody, out: &mut Out) {
    let finding = Finding::new(
        ID,
        format!(
            "the request body of {} is removed: old clients still send it, and the new server ignores or rejects it",
            op.label()
        ),
    )
    .at_new(place, "operation without a request body")
    .at_old(old.span, "request body before");
    out.push(finding, op.label());
}
