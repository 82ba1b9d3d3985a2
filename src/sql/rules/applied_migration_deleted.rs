//! A migration the old version has (so databases already ran it) that the new version removed.

use crate::core::{Finding, RuleId, Span};

pub const ID: RuleId = RuleId::SqlAppliedMigrationDeleted;

/// `old` is the first line of the deleted script.
pub fn finding(id: &str, old: Span) -> Finding {
    Finding::new(
        ID,
        format!(
            "migration `{id}` was already applied by the old version, but the new version \
             deletes it; databases that ran it keep its changes, new databases never get them"
        ),
    )
    .at_old(old, "deleted migration")
}
