//! A response property the new version declares and old servers never sent.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiResponsePropertyAdded;
