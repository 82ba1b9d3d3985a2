//! The new schema admits a value that old consumers do not know.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaEnumValueAdded;
