//! A response value whose type old clients reject.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiResponseTypeChanged;
