//! A success status an operation no longer returns: old clients wait for it.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::Response;

pub const ID: RuleId = RuleId::OpenapiSuccessStatusRemoved;

/// A success status the operation no longer returns.
pub fn check(pair: &OperationPair<'_>, change: &Change<&Response>, out: &mut Out) {
    let (Change::Removed { old }, true) = (change, pair.server()) else {
        return;
    };
    let op = pair.new;
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
    .at_new(op.span, "operation without it")
    .at_old(old.span, "returned before");
    out.push(finding, op);
}
