//! A schema change the containment check can neither prove safe nor name.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiSchemaNotProven;
