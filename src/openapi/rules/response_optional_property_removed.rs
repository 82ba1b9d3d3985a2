//! An optional response property old clients declare that the new server no longer declares.

use super::AssumptionRule;
use crate::core::{Finding, RuleId};
use crate::openapi::found::{Assumed, Pairing, Writer};

pub const ID: RuleId = RuleId::OpenapiResponseOptionalPropertyRemoved;

pub const RULE: AssumptionRule = AssumptionRule {
    id: ID,
    names: |writer, pairing, closed| {
        !closed && writer == Writer::Server && pairing == Pairing::Breaking
    },
    finding,
};

fn finding(a: &Assumed<'_>) -> Finding {
    let (context, name, client) = (a.context, a.property, a.client);
    Finding::new(
        ID,
        format!(
            "{context}: the optional property `{name}` is no longer declared, so old {client}s stop receiving it"
        ),
    )
    .at_new(a.writer_span, "this object no longer declares it")
    .at_old(a.reader_span, "declared here")
    .with_note(format!(
        "assumes old {client}s handle its absence, as its being optional already required"
    ))
}
