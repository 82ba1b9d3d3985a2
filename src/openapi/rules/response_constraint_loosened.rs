//! A response value beyond a bound or closed object of old clients' schema, or a response that no
//! longer declares its schema. A `pattern` is `response_pattern_loosened`'s.

use super::SchemaRule;
use crate::core::{Finding, RuleId};
use crate::openapi::context::Out;
use crate::openapi::found::{Found, SchemaPair, Writer};
use crate::schema::containment::Constraint;

pub const ID: RuleId = RuleId::OpenapiResponseConstraintLoosened;

pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names,
    words: None,
    note: None,
};

fn names(found: &Found<'_>) -> bool {
    found.server_breaking()
        && matches!(
            found.constraint(),
            Constraint::Bound | Constraint::PropertyRejected
        )
}

/// A schema of a server-written message that the new version no longer declares (any content).
pub fn check_declaration(place: &SchemaPair<'_>, writer: Writer, out: &mut Out) {
    if writer != Writer::Server || place.old.is_none() || place.new.is_some() {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "{} of {}: the new version no longer declares its schema, so old clients may receive anything",
            place.what,
            place.op.label()
        ),
    )
    .at_new(place.new_span, "no schema here")
    .at_old(place.old_span, "the schema old clients read with");
    out.push(finding, place.op);
}
