//! A string pattern changed and containment of the two patterns cannot be proven.

use super::{Direction, incompatibility, not_proven};
use crate::core::{Finding, RuleId};
use crate::schema::containment::{Constraint, Incompatibility};

pub const ID: RuleId = RuleId::JsonschemaPatternChanged;

/// A pattern of one version the other does not guarantee, in either direction.
pub fn check(found: &Incompatibility, direction: Direction) -> Option<Finding> {
    (found.constraint() == Constraint::Pattern)
        .then(|| not_proven(incompatibility(ID, found, direction)))
}
