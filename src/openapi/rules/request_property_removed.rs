//! A request property old servers declare and the new version no longer does: old clients keep sending it.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiRequestPropertyRemoved;
