//! A response value beyond a bound, pattern or closed object of old clients' schema, or a response that no longer declares its schema.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiResponseConstraintLoosened;
