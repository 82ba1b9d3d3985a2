//! A property is added to an object that old consumers keep closed.

use super::{Direction, incompatibility};
use crate::core::{Finding, RuleId};
use crate::schema::containment::{Constraint, Incompatibility};

pub const ID: RuleId = RuleId::JsonschemaPropertyAddedToClosedObject;

/// A property new producers may send that old consumers reject.
pub fn check(found: &Incompatibility, direction: Direction) -> Option<Finding> {
    (found.constraint() == Constraint::PropertyRejected && direction == Direction::Forward)
        .then(|| incompatibility(ID, found, direction))
}
