//! A request property old servers declare and the new version no longer does: old clients keep sending it.

use super::AssumptionRule;
use crate::core::{Finding, RuleId};
use crate::openapi::found::{Assumed, Pairing, Writer};

pub const ID: RuleId = RuleId::OpenapiRequestPropertyRemoved;

pub const RULE: AssumptionRule = AssumptionRule {
    id: ID,
    names: |writer, pairing, closed| {
        !closed && writer == Writer::Client && pairing == Pairing::Reverse
    },
    finding,
};

fn finding(a: &Assumed<'_>) -> Finding {
    let (context, name) = (a.context, a.property);
    Finding::new(
        ID,
        format!(
            "{context}: the property `{name}` is no longer declared, but old {}s keep sending it",
            a.client
        ),
    )
    .at_new(a.writer_span, "this object no longer declares it")
    .at_old(a.reader_span, "declared here")
}
