//! A parameter the old server always sent in a webhook or callback request, which the new server
//! may leave out: removed, or no longer required.

use super::Out;
use crate::core::{Finding, RuleId, Span};
use crate::openapi::model::{Operation, Parameter};

pub const ID: RuleId = RuleId::OpenapiWebhookParameterNoLongerSent;

/// `new`: the parameter in the new version, `None` when it is removed; `place` is where the new
/// version shows the operation without it.
pub fn check(op: &Operation, old: &Parameter, new: Option<&Parameter>, place: Span, out: &mut Out) {
    if !old.required || new.is_some_and(|n| n.required) {
        return;
    }
    let (what, new_span, label) = match new {
        Some(new) => (
            "is no longer required",
            new.required_or_name(),
            "optional now",
        ),
        None => ("is removed", place, "request without it"),
    };
    let finding = Finding::new(
        ID,
        format!(
            "{} of {} {what}: the new server may send the request without it, and old subscribers rely on it",
            old.describe(),
            op.label()
        ),
    )
    .at_new(new_span, label)
    .at_old(old.required_or_name(), "always sent before");
    out.push(finding, op.label());
}
