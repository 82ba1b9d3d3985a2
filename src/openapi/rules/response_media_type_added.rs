//! A media type added to a response: the new server may answer in it, and old clients parse only
//! the media types they know.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::{Both, OperationPair};
use crate::openapi::model::{Media, Response};

pub const ID: RuleId = RuleId::OpenapiResponseMediaTypeAdded;

/// A media type a response may have now and did not before.
pub fn check(
    pair: &OperationPair<'_>,
    response: &Both<'_, Response>,
    change: &Change<&Media>,
    out: &mut Out,
) {
    let (Change::Added { new: added }, true) = (change, pair.server()) else {
        return;
    };
    let (op, response) = (pair.new, response.new);
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
    out.push(finding, op);
}
