//! The new schema no longer accepts a value the old schema admitted.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaEnumValueRemoved;
