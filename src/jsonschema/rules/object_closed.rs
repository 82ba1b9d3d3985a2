//! An object the old schema left open is restricted: only safe if no producer sent a property
//! it did not declare.

use super::{Direction, at};
use crate::core::{Finding, RuleId};
use crate::schema::containment::Assumption;

pub const ID: RuleId = RuleId::JsonschemaObjectClosed;

/// The consumer's schema restricts the properties the producer's open object leaves
/// undeclared (`additionalProperties`, `unevaluatedProperties`, `propertyNames` or
/// `patternProperties`): safe if
/// producers send only what they declare, as the checker assumes.
pub fn check(assumption: &Assumption, direction: Direction) -> Option<Finding> {
    if assumption.property.is_some() {
        return None;
    }
    let (what, open, producers) = match direction {
        Direction::Backward => ("the new schema restricts", "old", "old producers"),
        Direction::Forward => ("the old schema restricted", "new", "new producers"),
    };
    let message = format!(
        "{}: {what} the properties it does not declare, which the {open} schema left open",
        at(&assumption.path)
    );
    let (new, old) = direction.sides(assumption.writer, assumption.reader);
    let finding = Finding::new(ID, message)
        .at_new(new, label(direction, true))
        .at_old(old, label(direction, false))
        .with_note(format!(
            "assumes {producers} never sent a property the schema does not declare: the open object allowed any"
        ));
    Some(finding)
}

fn label(direction: Direction, new: bool) -> &'static str {
    match (direction, new) {
        (Direction::Backward, true) | (Direction::Forward, false) => "restricted here",
        (Direction::Backward, false) | (Direction::Forward, true) => "open here",
    }
}
