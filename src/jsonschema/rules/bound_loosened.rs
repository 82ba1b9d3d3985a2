//! The new schema loosens a constraint that old consumers still enforce.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaBoundLoosened;
