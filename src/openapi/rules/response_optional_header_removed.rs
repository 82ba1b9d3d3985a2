//! An optional response header the new server no longer sends.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::{Both, OperationPair};
use crate::openapi::model::{Header, Response};

pub const ID: RuleId = RuleId::OpenapiResponseOptionalHeaderRemoved;

/// An optional header a response no longer declares.
pub fn check(
    pair: &OperationPair<'_>,
    response: &Both<'_, Response>,
    change: &Change<&Header>,
    out: &mut Out,
) {
    let (Change::Removed { old }, true) = (change, pair.server()) else {
        return;
    };
    let (op, status) = (pair.new, &response.new.status);
    if old.required {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "the optional header `{}` of the {status} response of {} is removed",
            old.name,
            op.label()
        ),
    )
    .at_new(response.new.span, "response without it")
    .at_old(old.span, "declared before")
    .with_note("assumes old clients handle its absence, as its being optional already required");
    out.push(finding, op);
}
