//! The new schema stops requiring a property that old consumers require.

use super::{Direction, incompatibility};
use crate::core::{Finding, RuleId};
use crate::schema::containment::{Constraint, Incompatibility};

pub const ID: RuleId = RuleId::JsonschemaRequiredPropertyRemoved;

/// A property old consumers require that new producers may leave out.
pub fn check(found: &Incompatibility, direction: Direction) -> Option<Finding> {
    (found.constraint() == Constraint::Required && direction == Direction::Forward)
        .then(|| incompatibility(ID, found, direction))
}
