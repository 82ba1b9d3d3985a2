//! The new schema no longer accepts a value the old schema admitted.

use super::{Direction, incompatibility};
use crate::core::{Finding, RuleId};
use crate::schema::containment::{Constraint, Incompatibility};

pub const ID: RuleId = RuleId::JsonschemaEnumValueRemoved;

/// A value old producers sent that the new consumer rejects.
pub fn check(found: &Incompatibility, direction: Direction) -> Option<Finding> {
    (found.constraint() == Constraint::Value && direction == Direction::Backward)
        .then(|| incompatibility(ID, found, direction))
}
