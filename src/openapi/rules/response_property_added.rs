//! A response property the new version declares and old servers never sent.

use super::AssumptionRule;
use crate::core::{Finding, RuleId};
use crate::openapi::found::{Assumed, Pairing, Writer};

pub const ID: RuleId = RuleId::OpenapiResponsePropertyAdded;

pub const RULE: AssumptionRule = AssumptionRule {
    id: ID,
    names: |writer, pairing, closed| {
        !closed && writer == Writer::Server && pairing == Pairing::Reverse
    },
    finding,
};

fn finding(a: &Assumed<'_>) -> Finding {
    let (context, name) = (a.context, a.property);
    Finding::new(
        ID,
        format!("{context}: the optional property `{name}` is added"),
    )
    .at_new(a.reader_span, "added here")
    .at_old(a.writer_span, "this object did not declare it")
    .with_note(format!(
        "assumes old servers never sent an undeclared `{name}`: the old schema allowed any value there"
    ))
}
