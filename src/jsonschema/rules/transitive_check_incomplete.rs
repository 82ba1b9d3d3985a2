//! A transitive mode could not compare the schema with every earlier version.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaTransitiveCheckIncomplete;
