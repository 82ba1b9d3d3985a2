//! A parameter the new version no longer declares: old clients keep sending it and the new
//! server ignores (or rejects) it.

use super::Out;
use crate::core::{Finding, RuleId, Span};
use crate::openapi::model::{Operation, Parameter};

pub const ID: RuleId = RuleId::OpenapiParameterRemoved;

pub fn check(op: &Operation, op_span: Span, old: &Parameter, out: &mut Out) {
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
    .at_new(op_span, "operation without the parameter")
    .at_old(old.span, "declared here")
    .with_note("assumes the new server can do without what old clients put in it");
    out.push(finding, op.label());
}
