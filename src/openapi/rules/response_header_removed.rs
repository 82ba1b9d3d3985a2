//! A required response header the new server no longer sends.

use super::Out;
use crate::core::{Finding, RuleId, Span};
use crate::openapi::model::{Header, Operation};

pub const ID: RuleId = RuleId::OpenapiResponseHeaderRemoved;

pub fn check(op: &Operation, status: &str, response_span: Span, old: &Header, out: &mut Out) {
    if !old.required {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "the required header `{}` of the {status} response of {} is removed: old clients rely on it",
            old.name,
            op.label()
        ),
    )
    .at_new(response_span, "response without it")
    .at_old(old.span, "required before");
    out.push(finding, op.label());
}
