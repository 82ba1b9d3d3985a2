//! The new schema rejects a type the old schema admitted.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaTypeNarrowed;
