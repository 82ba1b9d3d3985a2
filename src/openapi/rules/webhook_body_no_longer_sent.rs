//! A request body the old server always sent in a webhook or callback, which the new server may
//! leave out: removed, or no longer required.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::RequestBody;

pub const ID: RuleId = RuleId::OpenapiWebhookBodyNoLongerSent;

/// The body of a webhook or callback request that the new server may leave out.
pub fn check(pair: &OperationPair<'_>, change: &Change<&RequestBody>, out: &mut Out) {
    let (Some(old), false) = (change.old(), pair.server()) else {
        return;
    };
    let (op, new) = (pair.new, change.new());
    if !old.required || new.is_some_and(|n| n.required) {
        return;
    }
    let (what, new_span, label) = match new {
        Some(new) => (
            "is no longer required",
            new.required_span.unwrap_or(new.span),
            "optional now",
        ),
        None => ("is removed", op.span, "request without a body"),
    };
    let finding = Finding::new(
        ID,
        format!(
            "the request body of {} {what}: the new server may send the request without it, and old subscribers rely on it",
            op.label()
        ),
    )
    .at_new(new_span, label)
    .at_old(old.required_span.unwrap_or(old.span), "always sent before");
    out.push(finding, op);
}
