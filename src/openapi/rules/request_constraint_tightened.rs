//! A bound, pattern, closed object or new schema of the new server that old clients' requests may not meet.

use super::SchemaRule;
use crate::core::Finding;
use crate::core::RuleId;
use crate::openapi::context::Out;
use crate::openapi::found::Found;
use crate::openapi::found::Place;
use crate::schema::containment::Constraint;

pub const ID: RuleId = RuleId::OpenapiRequestConstraintTightened;

pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names,
    words: None,
    note: None,
};

fn names(found: &Found<'_>) -> bool {
    found.client_breaking()
        && matches!(
            found.constraint(),
            Constraint::Bound | Constraint::Pattern | Constraint::PropertyRejected
        )
}

/// A request schema the new version declares where the old one declared none (any content).
pub fn schema_added(place: &Place<'_>, out: &mut Out) {
    let finding = Finding::new(
        ID,
        format!(
            "{} of {}: the old version declared no schema (any content), the new one constrains it",
            place.what,
            place.op.label()
        ),
    )
    .at_new(place.new_span, "a schema is declared here")
    .at_old(place.old_span, "no schema: anything was accepted");
    out.push(finding, place.op.label());
}
