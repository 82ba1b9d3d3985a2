//! A string pattern changed and containment of the two patterns cannot be proven.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaPatternChanged;
