//! An answer to a webhook or callback that old subscribers give and the new server no longer
//! accepts: a status or media type removed, a header it now requires.

use crate::core::{Change, Finding, RuleId, Span};
use crate::openapi::context::Out;
use crate::openapi::diff::{Both, OperationPair};
use crate::openapi::model::{Header, Media, Operation, Response};

pub const ID: RuleId = RuleId::OpenapiWebhookResponseRejected;

/// A status of a subscriber's answer that the new server no longer declares.
pub fn check_status(pair: &OperationPair<'_>, change: &Change<&Response>, out: &mut Out) {
    let (Change::Removed { old }, false) = (change, pair.server()) else {
        return;
    };
    let op = pair.new;
    let place = op.responses_span.unwrap_or(op.span);
    let what = format!("no longer declares the {} response", old.status);
    push(
        op,
        what,
        (place, "responses without it"),
        (old.span, "accepted before"),
        out,
    );
}

/// A media type of a subscriber's answer that the new server no longer accepts.
pub fn check_media_type(
    pair: &OperationPair<'_>,
    response: &Both<'_, Response>,
    change: &Change<&Media>,
    out: &mut Out,
) {
    let (Change::Removed { old }, false) = (change, pair.server()) else {
        return;
    };
    let (op, response) = (pair.new, response.new);
    let what = format!(
        "no longer accepts the {} response as `{}`",
        response.status, old.name
    );
    let spans = (
        (response.span, "response without it"),
        (old.span, "accepted before"),
    );
    push(op, what, spans.0, spans.1, out);
}

/// A header of a subscriber's answer that the new server requires, and the old one did not (or
/// did not declare).
pub fn check_header(
    pair: &OperationPair<'_>,
    response: &Both<'_, Response>,
    change: &Change<&Header>,
    out: &mut Out,
) {
    let (Some(new), false) = (change.new(), pair.server()) else {
        return;
    };
    let (op, response, old) = (pair.new, response.new, change.old().copied());
    if !new.required || old.is_some_and(|o| o.required) {
        return;
    }
    let what = format!(
        "requires the header `{}` in the {} response",
        new.name, response.status
    );
    let new_place = (new.required_span.unwrap_or(new.span), "required now");
    let old_place = match old {
        Some(old) => (old.required_span.unwrap_or(old.span), "optional before"),
        None => (response.span, "not declared before"),
    };
    push(op, what, new_place, old_place, out);
}

fn push(op: &Operation, what: String, new: (Span, &str), old: (Span, &str), out: &mut Out) {
    let finding = Finding::new(
        ID,
        format!(
            "the new server {what} to {}: old subscribers still answer the old way, and their answers count as failed deliveries",
            op.label()
        ),
    )
    .at_new(new.0, new.1)
    .at_old(old.0, old.1);
    out.push(finding, op);
}
