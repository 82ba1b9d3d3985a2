//! A bound, pattern, closed object or new schema of the new server that old clients' requests may not meet.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiRequestConstraintTightened;
