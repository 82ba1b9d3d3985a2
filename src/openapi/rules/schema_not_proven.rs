//! A schema change the containment check can neither prove safe nor name.

use super::SchemaRule;
use crate::core::RuleId;
use crate::openapi::found::{Found, Pairing};
use crate::schema::containment::Constraint;

pub const ID: RuleId = RuleId::OpenapiSchemaNotProven;

pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names,
    words: None,
    note: Some(
        "compat reports what it cannot prove safe as breaking; if the change is safe, say why with an `x-compat-allow` entry",
    ),
};

fn names(found: &Found<'_>) -> bool {
    found.pairing == Pairing::Breaking
        && matches!(
            found.constraint(),
            Constraint::UndeclaredProperty | Constraint::Unproven
        )
}
