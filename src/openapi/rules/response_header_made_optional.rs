//! A required response header that becomes optional: old clients rely on it.

use super::Out;
use crate::core::{Finding, RuleId};
use crate::openapi::model::{Header, Operation};

pub const ID: RuleId = RuleId::OpenapiResponseHeaderMadeOptional;

pub fn check(op: &Operation, status: &str, old: &Header, new: &Header, out: &mut Out) {
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
    out.push(finding, op.label());
}
