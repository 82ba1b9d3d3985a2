//! An optional parameter made required: old clients that leave it out are rejected.

use super::Out;
use crate::core::{Finding, RuleId};
use crate::openapi::model::{Operation, Parameter};

pub const ID: RuleId = RuleId::OpenapiParameterMadeRequired;

pub fn check(op: &Operation, old: &Parameter, new: &Parameter, out: &mut Out) {
    if old.required || !new.required {
        return;
    }
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
    out.push(finding, op.label());
}
