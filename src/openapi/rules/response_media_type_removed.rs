//! A response media type the new server no longer produces: old clients ask for it.

use super::Out;
use crate::core::{Finding, RuleId};
use crate::openapi::model::{Media, Operation, Response};

pub const ID: RuleId = RuleId::OpenapiResponseMediaTypeRemoved;

pub fn check(op: &Operation, new_response: &Response, old: &Media, out: &mut Out) {
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
    out.push(finding, op.label());
}
