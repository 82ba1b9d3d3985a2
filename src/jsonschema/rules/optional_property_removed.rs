//! An optional property is no longer declared on an open object.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaOptionalPropertyRemoved;
