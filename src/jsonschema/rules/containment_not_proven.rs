//! Compatibility of the two schemas could not be proven either way.

use super::{Direction, incompatibility, not_proven};
use crate::core::{Finding, RuleId};
use crate::schema::containment::{Constraint, Incompatibility};

pub const ID: RuleId = RuleId::JsonschemaContainmentNotProven;

/// What the checker could neither prove nor refute, in either direction: a keyword it does not
/// model, a combinator it cannot decompose, or (in the strict mode) an undeclared property.
pub fn check(found: &Incompatibility, direction: Direction) -> Option<Finding> {
    matches!(
        found.constraint(),
        Constraint::Unproven | Constraint::UndeclaredProperty
    )
    .then(|| not_proven(incompatibility(ID, found, direction)))
}
