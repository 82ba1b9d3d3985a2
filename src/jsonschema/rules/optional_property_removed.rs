//! An optional property is no longer declared on an open object.

use super::{Direction, at};
use crate::core::{Finding, RuleId};
use crate::schema::containment::Assumption;

pub const ID: RuleId = RuleId::JsonschemaOptionalPropertyRemoved;

/// A property old consumers declare that new producers no longer do: safe if new producers stop
/// sending it, as the checker assumes.
pub fn check(assumption: &Assumption, direction: Direction) -> Option<Finding> {
    if direction != Direction::Forward {
        return None;
    }
    let name = assumption.property.as_ref()?;
    let finding = Finding::new(
        ID,
        format!(
            "{}: the optional property `{name}` is no longer declared",
            at(&assumption.path)
        ),
    )
    .at_new(assumption.writer, "this object no longer declares it")
    .at_old(assumption.reader, "declared here")
    .with_note(format!(
        "assumes new producers stop sending `{name}`: the new schema allows any value there"
    ));
    Some(finding)
}
