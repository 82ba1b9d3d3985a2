//! The new schema rejects a property that old payloads may carry.

use super::{Direction, incompatibility};
use crate::core::{Finding, RuleId};
use crate::schema::containment::{Constraint, Incompatibility};

pub const ID: RuleId = RuleId::JsonschemaAdditionalPropertiesClosed;

/// A property old producers may send that the new consumer rejects.
pub fn check(found: &Incompatibility, direction: Direction) -> Option<Finding> {
    (found.constraint() == Constraint::PropertyRejected && direction == Direction::Backward)
        .then(|| incompatibility(ID, found, direction))
}
