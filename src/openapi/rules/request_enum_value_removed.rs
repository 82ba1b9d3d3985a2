//! A request value outside the new server's `enum` that old clients may send: a value removed, or an `enum` added.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiRequestEnumValueRemoved;
