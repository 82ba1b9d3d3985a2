//! The new schema rejects a property that old payloads may carry.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaAdditionalPropertiesClosed;
