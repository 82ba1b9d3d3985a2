//! A response value outside old clients' `enum`.

use super::SchemaRule;
use crate::core::RuleId;
use crate::openapi::found::Found;
use crate::schema::containment::Constraint;

pub const ID: RuleId = RuleId::OpenapiResponseEnumValueAdded;

pub const RULE: SchemaRule = SchemaRule {
    id: ID,
    names,
    words: None,
    note: None,
};

fn names(found: &Found<'_>) -> bool {
    found.server_breaking()
        && found.constraint() == Constraint::Value
        && !found.value_replaced()
        && !found.extensible()
}
