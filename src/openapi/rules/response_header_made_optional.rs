//! A required response header that becomes optional: old clients rely on it.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::{Both, OperationPair};
use crate::openapi::model::{Header, Response};

pub const ID: RuleId = RuleId::OpenapiResponseHeaderMadeOptional;

/// A response header both versions declare that only the old one requires.
pub fn check(
    pair: &OperationPair<'_>,
    response: &Both<'_, Response>,
    change: &Change<&Header>,
    out: &mut Out,
) {
    let (Change::Kept { old, new }, true) = (change, pair.server()) else {
        return;
    };
    let (op, status) = (pair.new, &response.new.status);
    if !old.required || new.required {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "the header `{}` of the {status} response of {} is no longer required: old clients rely on it",
            new.name,
            op.label()
        ),
    )
    .at_new(new.required_span.unwrap_or(new.span), "optional now")
    .at_old(old.required_span.unwrap_or(old.span), "required before");
    out.push(finding, op);
}
