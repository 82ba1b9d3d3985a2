//! The new schema admits a value that old consumers do not know.

use super::{Direction, incompatibility};
use crate::core::{Finding, RuleId};
use crate::schema::containment::{Constraint, Incompatibility};

pub const ID: RuleId = RuleId::JsonschemaEnumValueAdded;

/// A value new producers may send that old consumers reject.
pub fn check(found: &Incompatibility, direction: Direction) -> Option<Finding> {
    (found.constraint() == Constraint::Value && direction == Direction::Forward)
        .then(|| incompatibility(ID, found, direction))
}
