//! A parameter the old server always sent in a webhook or callback request, which the new server
//! may leave out: removed, or no longer required.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::Parameter;

pub const ID: RuleId = RuleId::OpenapiWebhookParameterNoLongerSent;

/// A parameter of a webhook or callback request that the new server may leave out.
pub fn check(pair: &OperationPair<'_>, change: &Change<&Parameter>, out: &mut Out) {
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
            new.required_or_name(),
            "optional now",
        ),
        None => ("is removed", op.span, "request without it"),
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
    out.push(finding, op);
}
