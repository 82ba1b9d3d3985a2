//! An optional response property old clients declare that the new server no longer declares.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiResponseOptionalPropertyRemoved;
