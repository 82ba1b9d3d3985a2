//! A migration the old version already has (so databases already ran it) whose text changed.

use crate::core::{Finding, RuleId, Span};

pub const ID: RuleId = RuleId::SqlAppliedMigrationEdited;

/// `new` and `old` are the first lines where the two texts differ.
pub fn finding(id: &str, new: Span, old: Span) -> Finding {
    Finding::new(
        ID,
        format!(
            "migration `{id}` was already applied by the old version, but its text changed; \
             databases that ran it keep the old schema and never run the change"
        ),
    )
    .at_new(new, "changed here")
    .at_old(old, "as applied")
}
