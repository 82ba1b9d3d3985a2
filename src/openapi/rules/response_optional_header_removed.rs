//! An optional response header the new server no longer sends.

use super::Out;
use crate::core::{Finding, RuleId, Span};
use crate::openapi::model::{Header, Operation};

pub const ID: RuleId = RuleId::OpenapiResponseOptionalHeaderRemoved;

pub fn check(op: &Operation, status: &str, response_span: Span, old: &Header, out: &mut Out) {
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
    .at_new(response_span, "response without it")
    .at_old(old.span, "declared before")
    .with_note("assumes old clients handle its absence, as its being optional already required");
    out.push(finding, op.label());
}
