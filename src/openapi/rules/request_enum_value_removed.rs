//! A request value outside the new server's `enum` that old clients may send: a value removed, or an `enum` added.

use super::SchemaRule;
use crate::core::RuleId;
use crate::openapi::found::Found;
use crate::schema::containment::Constraint;

pub const ID: RuleId = RuleId::OpenapiRequestEnumValueRemoved;

pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names,
    words: None,
    note: None,
};

fn names(found: &Found<'_>) -> bool {
    found.client_breaking() && found.constraint() == Constraint::Value
}
