//! A required parameter added to an operation: requests of old clients lack it.

use super::Out;
use crate::core::{Finding, RuleId};
use crate::openapi::model::{Operation, Parameter};

pub const ID: RuleId = RuleId::OpenapiRequiredParameterAdded;

pub fn check(op: &Operation, new: &Parameter, out: &mut Out) {
    if !new.required {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "{} of {} is added as required: the new server rejects requests of old clients, which do not send it",
            new.describe(),
            op.label()
        ),
    )
    .at_new(new.required_or_name(), "required here");
    out.push(finding, op.label());
}
