//! A captured payload of the base is rejected by the new schema.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaSampleRejectedByNewSchema;
