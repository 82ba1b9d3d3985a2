//! The new schema requires a property that old payloads may lack.

use super::{Direction, incompatibility};
use crate::core::{Finding, RuleId};
use crate::schema::containment::{Constraint, Incompatibility};

pub const ID: RuleId = RuleId::JsonschemaRequiredPropertyAdded;

/// A property the new consumer requires that old producers may leave out.
pub fn check(found: &Incompatibility, direction: Direction) -> Option<Finding> {
    (found.constraint() == Constraint::Required && direction == Direction::Backward)
        .then(|| incompatibility(ID, found, direction))
}
