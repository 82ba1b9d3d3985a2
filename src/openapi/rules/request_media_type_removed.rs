//! A request media type the new server no longer accepts: old clients still send it.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::{Both, OperationPair};
use crate::openapi::model::{Media, RequestBody};

pub const ID: RuleId = RuleId::OpenapiRequestMediaTypeRemoved;

/// A media type the request body no longer accepts.
pub fn check(
    pair: &OperationPair<'_>,
    body: &Both<'_, RequestBody>,
    change: &Change<&Media>,
    out: &mut Out,
) {
    let (Change::Removed { old }, true) = (change, pair.server()) else {
        return;
    };
    let op = pair.new;
    let finding = Finding::new(
        ID,
        format!(
            "the request body of {} no longer accepts `{}`: old clients still send it",
            op.label(),
            old.name
        ),
    )
    .at_new(body.new.span, "request body without it")
    .at_old(old.span, "accepted before");
    out.push(finding, op);
}
