//! A media type the new server may send a webhook or callback body in, which old subscribers
//! never received.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::{Both, OperationPair};
use crate::openapi::model::{Media, RequestBody};

pub const ID: RuleId = RuleId::OpenapiWebhookMediaTypeAdded;

/// A media type the new server may send a webhook or callback request as.
pub fn check(
    pair: &OperationPair<'_>,
    _: &Both<'_, RequestBody>,
    change: &Change<&Media>,
    out: &mut Out,
) {
    let (Change::Added { new: added }, false) = (change, pair.server()) else {
        return;
    };
    let op = pair.new;
    let finding = Finding::new(
        ID,
        format!(
            "the request body of {} may now be sent as `{}`: old subscribers parse only the media types they knew",
            op.label(),
            added.name
        ),
    )
    .at_new(added.span, "the new server may send this");
    out.push(finding, op);
}
