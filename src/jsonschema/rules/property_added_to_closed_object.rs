//! A property is added to an object that old consumers keep closed.

use crate::core::RuleId;

pub const ID: RuleId = RuleId::JsonschemaPropertyAddedToClosedObject;
