//! A response media type the new server no longer produces: old clients ask for it.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::{Both, OperationPair};
use crate::openapi::model::{Media, Response};

pub const ID: RuleId = RuleId::OpenapiResponseMediaTypeRemoved;

/// A media type a response no longer has.
pub fn check(
    pair: &OperationPair<'_>,
    response: &Both<'_, Response>,
    change: &Change<&Media>,
    out: &mut Out,
) {
    let (Change::Removed { old }, true) = (change, pair.server()) else {
        return;
    };
    let (op, new_response) = (pair.new, response.new);
    let finding = Finding::new(
        ID,
        format!(
            "the {} response of {} no longer has `{}`: old clients that ask for it or parse it get something else",
            new_response.status,
            op.label(),
            old.name
        ),
    )
    .at_new(new_response.span, "response without it")
    .at_old(old.span, "produced before");
    out.push(finding, op);
}
