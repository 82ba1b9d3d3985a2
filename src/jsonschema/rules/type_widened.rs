//! The new schema admits a type the old schema rejected.

use super::{Direction, incompatibility};
use crate::core::{Finding, RuleId};
use crate::schema::containment::{Constraint, Incompatibility};

pub const ID: RuleId = RuleId::JsonschemaTypeWidened;

/// A value type new producers may send that old consumers reject.
pub fn check(found: &Incompatibility, direction: Direction) -> Option<Finding> {
    (found.constraint() == Constraint::Type && direction == Direction::Forward)
        .then(|| incompatibility(ID, found, direction))
}
