//! Compatibility of the two schemas could not be proven either way.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaContainmentNotProven;
