//! The new schema stops requiring a property that old consumers require.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaRequiredPropertyRemoved;
