//! The new schema admits a type the old schema rejected.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaTypeWidened;
