//! A bound, pattern, closed object or new schema of the new server that old clients' requests may not meet.

use super::SchemaRule;
use crate::core::{Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::found::{Found, SchemaPair, Writer};
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

/// A schema of a client-written message that the new version declares and the old one did not
/// (any content).
pub fn check_declaration(place: &SchemaPair<'_>, writer: Writer, out: &mut Out) {
    if writer != Writer::Client || place.old.is_some() || place.new.is_none() {
        return;
    }
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
    out.push(finding, place.op);
}
