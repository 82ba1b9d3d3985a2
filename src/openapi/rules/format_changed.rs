//! A `format` that one side declares and the other does not guarantee.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiFormatChanged;
