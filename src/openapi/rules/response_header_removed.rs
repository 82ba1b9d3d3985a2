//! A required response header the new server no longer sends.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::{Both, OperationPair};
use crate::openapi::model::{Header, Response};

pub const ID: RuleId = RuleId::OpenapiResponseHeaderRemoved;

/// A required header a response no longer declares.
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
    if !old.required {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "the required header `{}` of the {status} response of {} is removed: old clients rely on it",
            old.name,
            op.label()
        ),
    )
    .at_new(response.new.span, "response without it")
    .at_old(old.span, "required before");
    out.push(finding, op);
}
