//! An optional request property the new server declares: old clients never sent it.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiRequestPropertyAdded;
