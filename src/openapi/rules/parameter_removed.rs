//! A parameter the new version no longer declares: old clients keep sending it and the new
//! server ignores (or rejects) it.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::Parameter;

pub const ID: RuleId = RuleId::OpenapiParameterRemoved;

/// A request parameter the new version no longer declares.
pub fn check(pair: &OperationPair<'_>, change: &Change<&Parameter>, out: &mut Out) {
    let (Change::Removed { old }, true) = (change, pair.server()) else {
        return;
    };
    let op = pair.new;
    let required = if old.required {
        "; new clients no longer send it, and old servers require it"
    } else {
        ""
    };
    let finding = Finding::new(
        ID,
        format!(
            "{} of {} is no longer declared: old clients keep sending it{required}",
            old.describe(),
            op.label()
        ),
    )
    .at_new(op.span, "operation without the parameter")
    .at_old(old.span, "declared here")
    .with_note("assumes the new server can do without what old clients put in it");
    out.push(finding, op);
}
