//! A response that old servers may send and new clients reject: what the partial rollout and a rollback expose.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::OpenapiResponseNarrowed;
