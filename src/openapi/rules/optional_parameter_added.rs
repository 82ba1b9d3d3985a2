//! An optional parameter added to an operation. Reported for changelogs.

use super::Out;
use crate::core::{Finding, RuleId};
use crate::openapi::model::{Operation, Parameter};

pub const ID: RuleId = RuleId::OpenapiOptionalParameterAdded;

pub fn check(op: &Operation, new: &Parameter, out: &mut Out) {
    if new.required {
        return;
    }
    let finding = Finding::new(
        ID,
        format!("{} of {} is added as optional", new.describe(), op.label()),
    )
    .at_new(new.span, "new parameter")
    .with_note("old servers ignore it: a new client relying on it should expect old behaviour until the rollout completes");
    out.push(finding, op.label());
}
