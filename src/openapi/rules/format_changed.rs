//! A `format` that one side declares and the other does not guarantee.

use super::SchemaRule;
use crate::core::RuleId;
use crate::openapi::found::{Found, Pairing};
use crate::schema::containment::Constraint;

pub const ID: RuleId = RuleId::OpenapiFormatChanged;

pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names,
    words: None,
    note: None,
};

fn names(found: &Found<'_>) -> bool {
    found.pairing == Pairing::Breaking && found.constraint() == Constraint::Format
}
