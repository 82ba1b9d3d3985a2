//! A response property old clients require that the new server no longer declares.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiResponsePropertyRemoved;
