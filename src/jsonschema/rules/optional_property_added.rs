//! An optional property is added to an open object.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaOptionalPropertyAdded;
