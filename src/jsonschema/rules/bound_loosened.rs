//! The new schema loosens a constraint that old consumers still enforce.

use super::{Direction, incompatibility};
use crate::core::{Finding, RuleId};
use crate::schema::containment::{Constraint, Incompatibility};

pub const ID: RuleId = RuleId::JsonschemaBoundLoosened;

/// A bound old consumers enforce that new payloads may not meet.
pub fn check(found: &Incompatibility, direction: Direction) -> Option<Finding> {
    (found.constraint() == Constraint::Bound && direction == Direction::Forward)
        .then(|| incompatibility(ID, found, direction))
}
