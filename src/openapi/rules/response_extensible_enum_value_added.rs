//! A response value added to an enum declared extensible (`x-extensible-enum`).

use super::SchemaRule;
use crate::core::RuleId;
use crate::openapi::found::Found;
use crate::schema::containment::{Constraint, Fact};

pub const ID: RuleId = RuleId::OpenapiResponseExtensibleEnumValueAdded;

pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names,
    words: Some(words),
    note: None,
};

fn names(found: &Found<'_>) -> bool {
    found.server_breaking()
        && found.constraint() == Constraint::Value
        && !found.value_replaced()
        && found.extensible()
}

/// Why the old client's enum rejects the value is what being extensible rules out.
fn words(found: &Found<'_>, writer: &str, reader: &str) -> String {
    let value = match &found.incompatibility.fact {
        Fact::ValueRejected { values, .. } => crate::schema::containment::values_in_words(values),
        _ => "a value".to_owned(),
    };
    format!(
        "{writer} may send {value}, which {reader} does not know and, as the enum is declared extensible, must accept"
    )
}
