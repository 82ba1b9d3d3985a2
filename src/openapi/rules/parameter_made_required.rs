//! An optional parameter made required: old clients that leave it out are rejected.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::Parameter;

pub const ID: RuleId = RuleId::OpenapiParameterMadeRequired;

/// A request parameter both versions declare that only the new one requires.
pub fn check(pair: &OperationPair<'_>, change: &Change<&Parameter>, out: &mut Out) {
    let (Change::Kept { old, new }, true) = (change, pair.server()) else {
        return;
    };
    if old.required || !new.required {
        return;
    }
    let op = pair.new;
    let finding = Finding::new(
        ID,
        format!(
            "{} of {} becomes required: the new server rejects requests of old clients that leave it out",
            new.describe(),
            op.label()
        ),
    )
    .at_new(new.required_or_name(), "required now")
    .at_old(old.required_or_name(), "optional before");
    out.push(finding, op);
}
