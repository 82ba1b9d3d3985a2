//! A request body the new server no longer declares: old clients still send it.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::RequestBody;

pub const ID: RuleId = RuleId::OpenapiRequestBodyRemoved;

/// A request body the new version no longer declares.
pub fn check(pair: &OperationPair<'_>, change: &Change<&RequestBody>, out: &mut Out) {
    let (Change::Removed { old }, true) = (change, pair.server()) else {
        return;
    };
    let op = pair.new;
    let finding = Finding::new(
        ID,
        format!(
            "the request body of {} is removed: old clients still send it, and the new server ignores or rejects it",
            op.label()
        ),
    )
    .at_new(op.span, "operation without a request body")
    .at_old(old.span, "request body before");
    out.push(finding, op);
}
