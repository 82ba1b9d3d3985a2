//! A string format was added, removed or changed.

use super::{Direction, incompatibility};
use crate::core::{Finding, RuleId};
use crate::schema::containment::{Constraint, Incompatibility};

pub const ID: RuleId = RuleId::JsonschemaFormatChanged;

/// A format of one version the other does not declare, in either direction.
pub fn check(found: &Incompatibility, direction: Direction) -> Option<Finding> {
    (found.constraint() == Constraint::Format).then(|| incompatibility(ID, found, direction))
}
