//! An optional property is added to an open object.

use super::{Direction, at};
use crate::core::{Finding, RuleId};
use crate::schema::containment::Assumption;

pub const ID: RuleId = RuleId::JsonschemaOptionalPropertyAdded;

/// A property the new consumer declares on an object whose old producers did not: safe if old
/// producers never sent one of that name, as the checker assumes.
pub fn check(assumption: &Assumption, direction: Direction) -> Option<Finding> {
    if direction != Direction::Backward {
        return None;
    }
    let name = assumption.property.as_ref()?;
    let finding = Finding::new(
        ID,
        format!("{}: the optional property `{name}` is added", at(&assumption.path)),
    )
    .at_new(assumption.reader, "added here")
    .at_old(assumption.writer, "this object did not declare it")
    .with_note(format!(
        "assumes old producers never sent an undeclared `{name}`: the old schema allowed any value there"
    ));
    Some(finding)
}
