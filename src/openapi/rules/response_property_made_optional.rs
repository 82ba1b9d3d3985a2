//! A response property old clients require that the new server declares but may omit.

use super::SchemaRule;
use crate::core::RuleId;
use crate::openapi::found::Found;
use crate::schema::containment::Constraint;

pub const ID: RuleId = RuleId::OpenapiResponsePropertyMadeOptional;

pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names,
    words: None,
    note: None,
};

fn names(found: &Found<'_>) -> bool {
    found.server_breaking() && found.constraint() == Constraint::Required && found.still_declared()
}
