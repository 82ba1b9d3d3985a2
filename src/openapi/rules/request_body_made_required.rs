//! A request body that becomes required (or is added as required): old clients send none.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::RequestBody;

pub const ID: RuleId = RuleId::OpenapiRequestBodyMadeRequired;

/// A request body the new version requires and the old one did not (or did not declare).
pub fn check(pair: &OperationPair<'_>, change: &Change<&RequestBody>, out: &mut Out) {
    let (Some(new), true) = (change.new(), pair.server()) else {
        return;
    };
    let (op, old) = (pair.new, change.old().copied());
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
    out.push(finding, op);
}
