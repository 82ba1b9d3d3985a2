//! An answer to a webhook or callback that old subscribers give and the new server no longer
//! accepts: a status or media type removed, a header it now requires.

use super::Out;
use crate::core::{Finding, RuleId, Span};
use crate::openapi::model::{Header, Media, Operation, Response};

pub const ID: RuleId = RuleId::OpenapiWebhookResponseRejected;

/// A status the new server no longer declares; `place` is where the new version shows the
/// responses without it.
pub fn status_removed(op: &Operation, old: &Response, place: Span, out: &mut Out) {
    let what = format!("no longer declares the {} response", old.status);
    push(
        op,
        what,
        (place, "responses without it"),
        (old.span, "accepted before"),
        out,
    );
}

pub fn media_type_removed(op: &Operation, response: &Response, old: &Media, out: &mut Out) {
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

/// A response header the new server requires: `old` is `None` when it is new.
pub fn header_required(
    op: &Operation,
    response: &Response,
    old: Option<&Header>,
    new: &Header,
    out: &mut Out,
) {
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
    out.push(finding, op.label());
}
