//! An optional request property the new server declares: old clients never sent it.

use super::AssumptionRule;
use crate::core::{Finding, RuleId};
use crate::openapi::found::{Assumed, Pairing, Writer};

pub const ID: RuleId = RuleId::OpenapiRequestPropertyAdded;

pub const RULE: AssumptionRule = AssumptionRule {
    id: ID,
    names: |writer, pairing, closed| {
        !closed && writer == Writer::Client && pairing == Pairing::Breaking
    },
    finding,
};

fn finding(a: &Assumed<'_>) -> Finding {
    let (context, name, client) = (a.context, a.property, a.client);
    Finding::new(
        ID,
        format!("{context}: the optional property `{name}` is added"),
    )
    .at_new(a.reader_span, "added here")
    .at_old(a.writer_span, "this object did not declare it")
    .with_note(format!(
        "assumes old {client}s never sent an undeclared `{name}`: the old schema allowed any value there"
    ))
}
