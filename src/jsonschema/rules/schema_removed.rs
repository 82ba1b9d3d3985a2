//! A payload schema is removed while jobs of its type may still be queued.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaSchemaRemoved;
