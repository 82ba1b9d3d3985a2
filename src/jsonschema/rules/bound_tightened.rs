//! The new schema tightens a constraint that old payloads may not meet.

use super::{Direction, incompatibility};
use crate::core::{Finding, RuleId};
use crate::schema::containment::{Constraint, Incompatibility};

pub const ID: RuleId = RuleId::JsonschemaBoundTightened;

/// A bound the new consumer enforces that old payloads may not meet.
pub fn check(found: &Incompatibility, direction: Direction) -> Option<Finding> {
    (found.constraint() == Constraint::Bound && direction == Direction::Backward)
        .then(|| incompatibility(ID, found, direction))
}
