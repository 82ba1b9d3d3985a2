//! The new schema requires a property that old payloads may lack.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaRequiredPropertyAdded;
