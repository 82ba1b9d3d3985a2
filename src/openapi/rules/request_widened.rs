//! A request that new clients may send and old servers reject: what the partial rollout and a rollback expose.

use super::SchemaRule;
use crate::core::{Change, Finding, RuleId, Span};
use crate::openapi::context::Out;
use crate::openapi::diff::{Both, OperationPair};
use crate::openapi::found::{Found, Pairing, Writer};
use crate::openapi::model::{Media, Operation, Parameter, RequestBody};

pub const ID: RuleId = RuleId::OpenapiRequestWidened;

/// A request old servers reject, found by the containment checker: what a client-written message
/// admits in the reverse pairing (new clients, old servers).
pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names: |found: &Found<'_>| found.writer == Writer::Client && found.pairing == Pairing::Reverse,
    words: None,
    note: None,
};

/// A request parameter that is no longer required.
pub fn check_parameter(pair: &OperationPair<'_>, change: &Change<&Parameter>, out: &mut Out) {
    let (Change::Kept { old, new }, true) = (change, pair.server()) else {
        return;
    };
    if old.required && !new.required {
        let (new_span, old_span) = (new.required_or_name(), old.required_or_name());
        made_optional(pair.new, &new.describe(), new_span, old_span, out);
    }
}

/// A request body that is no longer required.
pub fn check_body(pair: &OperationPair<'_>, change: &Change<&RequestBody>, out: &mut Out) {
    let (Change::Kept { old, new }, true) = (change, pair.server()) else {
        return;
    };
    if old.required && !new.required {
        let new_span = new.required_span.unwrap_or(new.span);
        let old_span = old.required_span.unwrap_or(old.span);
        made_optional(pair.new, "the request body", new_span, old_span, out);
    }
}

/// A media type the request body accepts now and did not before.
pub fn check_media_type(
    pair: &OperationPair<'_>,
    _: &Both<'_, RequestBody>,
    change: &Change<&Media>,
    out: &mut Out,
) {
    if let (Change::Added { new }, true) = (change, pair.server()) {
        media_type_added(pair.new, new, out);
    }
}

/// A parameter or request body that is no longer required: new clients may leave it out, and old
/// servers still require it.
fn made_optional(op: &Operation, what: &str, new: Span, old: Span, out: &mut Out) {
    let finding = Finding::new(
        ID,
        format!(
            "{what} of {} is no longer required: new clients may leave it out, and old servers reject requests without it",
            op.label()
        ),
    )
    .at_new(new, "optional now")
    .at_old(old, "old servers require it")
    .with_note("assumes new clients keep sending it until every server runs the new version and no rollback is planned");
    out.push(finding, op);
}

/// A media type the request body accepts now and did not before: new clients may send it, and old
/// servers answer 415.
fn media_type_added(op: &Operation, added: &Media, out: &mut Out) {
    let finding = Finding::new(
        ID,
        format!(
            "the request body of {} now accepts `{}`: new clients may send it, and old servers reject it",
            op.label(),
            added.name
        ),
    )
    .at_new(added.span, "accepted now")
    .with_note("assumes new clients send it only once every server runs the new version and no rollback is planned");
    out.push(finding, op);
}
