//! A response value that may now be `null`, which old clients do not accept.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiResponsePropertyMadeNullable;
