//! The new schema tightens a constraint that old payloads may not meet.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaBoundTightened;
