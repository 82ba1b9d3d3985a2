//! A required parameter added to an operation: requests of old clients lack it.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::Parameter;

pub const ID: RuleId = RuleId::OpenapiRequiredParameterAdded;

/// A request parameter the new version adds as required.
pub fn check(pair: &OperationPair<'_>, change: &Change<&Parameter>, out: &mut Out) {
    let (Change::Added { new }, true) = (change, pair.server()) else {
        return;
    };
    if !new.required {
        return;
    }
    let op = pair.new;
    let finding = Finding::new(
        ID,
        format!(
            "{} of {} is added as required: the new server rejects requests of old clients, which do not send it",
            new.describe(),
            op.label()
        ),
    )
    .at_new(new.required_or_name(), "required here");
    out.push(finding, op);
}
