//! A media type added to a response: the new server may answer in it, and old clients parse only
//! the media types they know.

use super::Out;
use crate::core::{Finding, RuleId};
use crate::openapi::model::{Media, Operation, Response};

pub const ID: RuleId = RuleId::OpenapiResponseMediaTypeAdded;

pub fn check(op: &Operation, response: &Response, added: &Media, out: &mut Out) {
    let finding = Finding::new(
        ID,
        format!(
            "the {} response of {} may now be `{}`, which old clients never received",
            response.status,
            op.label(),
            added.name
        ),
    )
    .at_new(added.span, "new media type")
    .with_note(
        "assumes the server picks it only for clients that ask for it in `Accept`, and old clients send `Accept` without it",
    );
    out.push(finding, op.label());
}
