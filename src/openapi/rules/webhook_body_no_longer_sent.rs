//! A request body the old server always sent in a webhook or callback, which the new server may
//! leave out: removed, or no longer required.

use super::Out;
use crate::core::{Finding, RuleId, Span};
use crate::openapi::model::{Operation, RequestBody};

pub const ID: RuleId = RuleId::OpenapiWebhookBodyNoLongerSent;

/// `new`: the body in the new version, `None` when it is removed; `place` is where the new
/// version shows the operation without it.
pub fn check(
    op: &Operation,
    old: &RequestBody,
    new: Option<&RequestBody>,
    place: Span,
    out: &mut Out,
) {
    if !old.required || new.is_some_and(|n| n.required) {
        return;
    }
    let (what, new_span, label) = match new {
        Some(new) => (
            "is no longer required",
            new.required_span.unwrap_or(new.span),
            "optional now",
        ),
        None => ("is removed", place, "request without a body"),
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
    out.push(finding, op.label());
}
