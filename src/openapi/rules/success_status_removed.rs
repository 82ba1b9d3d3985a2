//! A success status an operation no longer returns: old clients wait for it.

use super::Out;
use crate::core::{Finding, RuleId, Span};
use crate::openapi::model::{Operation, Response};

pub const ID: RuleId = RuleId::OpenapiSuccessStatusRemoved;

pub fn check(op: &Operation, op_span: Span, old: &Response, out: &mut Out) {
    if !old.is_success() {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "{} no longer returns {}: old clients treat the status that replaces it as unexpected",
            op.label(),
            old.status
        ),
    )
    .at_new(op_span, "operation without it")
    .at_old(old.span, "returned before");
    out.push(finding, op.label());
}
