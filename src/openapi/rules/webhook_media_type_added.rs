//! A media type the new server may send a webhook or callback body in, which old subscribers
//! never received.

use super::Out;
use crate::core::{Finding, RuleId};
use crate::openapi::model::{Media, Operation};

pub const ID: RuleId = RuleId::OpenapiWebhookMediaTypeAdded;

pub fn check(op: &Operation, added: &Media, out: &mut Out) {
    let finding = Finding::new(
        ID,
        format!(
            "the request body of {} may now be sent as `{}`: old subscribers parse only the media types they knew",
            op.label(),
            added.name
        ),
    )
    .at_new(added.span, "the new server may send this");
    out.push(finding, op.label());
}
