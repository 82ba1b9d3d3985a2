//! A request media type the new server no longer accepts: old clients still send it.

use super::Out;
use crate::core::{Finding, RuleId, Span};
use crate::openapi::model::{Media, Operation};

pub const ID: RuleId = RuleId::OpenapiRequestMediaTypeRemoved;

pub fn check(op: &Operation, body_span: Span, old: &Media, out: &mut Out) {
    let finding = Finding::new(
        ID,
        format!(
            "the request body of {} no longer accepts `{}`: old clients still send it",
            op.label(),
            old.name
        ),
    )
    .at_new(body_span, "request body without it")
    .at_old(old.span, "accepted before");
    out.push(finding, op.label());
}
