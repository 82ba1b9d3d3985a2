//! An optional parameter added to an operation. Reported for changelogs.

use crate::core::{Change, Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::diff::OperationPair;
use crate::openapi::model::Parameter;

pub const ID: RuleId = RuleId::OpenapiOptionalParameterAdded;

/// A request parameter the new version adds as optional.
pub fn check(pair: &OperationPair<'_>, change: &Change<&Parameter>, out: &mut Out) {
    let (Change::Added { new }, true) = (change, pair.server()) else {
        return;
    };
    if new.required {
        return;
    }
    let op = pair.new;
    let finding = Finding::new(
        ID,
        format!("{} of {} is added as optional", new.describe(), op.label()),
    )
    .at_new(new.span, "new parameter")
    .with_note("old servers ignore it: a new client relying on it should expect old behaviour until the rollout completes");
    out.push(finding, op);
}
