//! A request value whose type the new server rejects (old clients send it), found by the containment check of request schemas.

use super::SchemaRule;
use crate::core::RuleId;
use crate::openapi::found::Found;
use crate::schema::containment::Constraint;

pub const ID: RuleId = RuleId::OpenapiRequestTypeChanged;

pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names,
    words: None,
    note: None,
};

fn names(found: &Found<'_>) -> bool {
    found.client_breaking() && found.constraint() == Constraint::Type
}
