//! The new schema rejects a type the old schema admitted.

use super::{Direction, incompatibility};
use crate::core::{Finding, RuleId};
use crate::schema::containment::{Constraint, Incompatibility};

pub const ID: RuleId = RuleId::JsonschemaTypeNarrowed;

/// A value type old producers sent that the new consumer rejects.
pub fn check(found: &Incompatibility, direction: Direction) -> Option<Finding> {
    (found.constraint() == Constraint::Type && direction == Direction::Backward)
        .then(|| incompatibility(ID, found, direction))
}
