//! A payload sample of the release is rejected by the old schema.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaSampleRejectedByOldSchema;
