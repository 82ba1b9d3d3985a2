//! A request property the new server requires and old clients may omit.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiRequestPropertyMadeRequired;
