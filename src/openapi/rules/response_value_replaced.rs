//! A response value old clients' `enum`/`const` lists, replaced by values they do not know: every
//! response now carries an unknown value.

use super::SchemaRule;
use crate::core::RuleId;
use crate::openapi::found::Found;
use crate::schema::containment::{Constraint, Fact};

pub const ID: RuleId = RuleId::OpenapiResponseValueReplaced;

pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names,
    words: Some(words),
    note: Some(
        "none of the values old clients know is sent any more: a client that ignores unknown values still loses the one it acts on",
    ),
};

fn names(found: &Found<'_>) -> bool {
    found.server_breaking() && found.constraint() == Constraint::Value && found.value_replaced()
}

/// The value is not merely unknown: it takes the place of every value the reader knows.
fn words(found: &Found<'_>, writer: &str, reader: &str) -> String {
    let value = match &found.incompatibility.fact {
        Fact::ValueRejected { values, .. } => crate::schema::containment::values_in_words(values),
        _ => "a value".to_owned(),
    };
    format!("{writer} may send {value} and none of the values {reader} lists in its `enum`/`const`")
}
