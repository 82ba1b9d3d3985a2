//! A response value that may now be `null`, which old clients do not accept.

use super::SchemaRule;
use crate::core::RuleId;
use crate::openapi::found::Found;
use crate::schema::containment::Constraint;

pub const ID: RuleId = RuleId::OpenapiResponsePropertyMadeNullable;

pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names,
    words: None,
    note: None,
};

fn names(found: &Found<'_>) -> bool {
    found.server_breaking() && found.constraint() == Constraint::Type && found.only_null_added()
}
