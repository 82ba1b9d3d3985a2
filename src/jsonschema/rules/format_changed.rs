//! A string format was added, removed or changed.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaFormatChanged;
