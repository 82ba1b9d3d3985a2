//! `DROP ... IF EXISTS` of an object the history never created: a no-op, unless the database has
//! objects from before its history.

use crate::core::{Finding, RuleId, Span};

pub const ID: RuleId = RuleId::SqlDropIfExistsUnknown;

/// The finding for a `kind` (`table`, `view`, ...) named `name` that no migration created,
/// dropped `IF EXISTS` by the statement at `at`.
pub fn finding(kind: &str, name: &str, at: Span) -> Finding {
    Finding::new(
        ID,
        format!(
            "{kind} `{name}` is dropped IF EXISTS, but no migration of the history created it: \
             nothing changes unless the database has it from before the history"
        ),
    )
    .at_new(at, format!("{kind} dropped here"))
    .with_note("assumed safe: the migration history holds every object the database has")
}
