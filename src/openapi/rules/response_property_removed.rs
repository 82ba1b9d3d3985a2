//! A response property old clients require that the new server no longer declares.

use super::SchemaRule;
use crate::core::RuleId;
use crate::openapi::found::Found;
use crate::schema::containment::{Constraint, Fact};

pub const ID: RuleId = RuleId::OpenapiResponsePropertyRemoved;

pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names,
    words: Some(words),
    note: None,
};

fn names(found: &Found<'_>) -> bool {
    found.server_breaking() && found.constraint() == Constraint::Required && !found.still_declared()
}

fn words(found: &Found<'_>, writer: &str, reader: &str) -> String {
    let fact = &found.incompatibility.fact;
    let name = fact.required_property().unwrap_or("?");
    let when = match fact {
        Fact::DependentRequired { key, .. } => format!("when `{key}` is present "),
        _ => String::new(),
    };
    format!("{when}{reader} requires `{name}`, which {writer} no longer declares")
}
