//! A request body that becomes required (or is added as required): old clients send none.

use super::Out;
use crate::core::{Finding, RuleId};
use crate::openapi::model::{Operation, RequestBody};

pub const ID: RuleId = RuleId::OpenapiRequestBodyMadeRequired;

pub fn check(op: &Operation, old: Option<&RequestBody>, new: &RequestBody, out: &mut Out) {
    if !new.required || old.is_some_and(|o| o.required) {
        return;
    }
    let what = if old.is_some() {
        "becomes required"
    } else {
        "is added as required"
    };
    let finding = Finding::new(
        ID,
        format!(
            "the request body of {} {what}: the new server rejects requests of old clients that send none",
            op.label()
        ),
    )
    .at_new(new.required_span.unwrap_or(new.span), "required here");
    let finding = match old {
        Some(old) => finding.at_old(old.required_span.unwrap_or(old.span), "optional before"),
        None => finding,
    };
    out.push(finding, op.label());
}
