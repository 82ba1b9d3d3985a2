//! A request value whose type the new server rejects (old clients send it), found by the containment check of request schemas.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiRequestTypeChanged;
