//! A response property old clients require that the new server declares but may omit.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiResponsePropertyMadeOptional;
