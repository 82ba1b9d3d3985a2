//! A new migration whose version sorts before the newest migration already applied.

use crate::core::{Finding, RuleId, Span};

pub const ID: RuleId = RuleId::SqlMigrationOutOfOrder;

pub fn finding(id: &str, newest: &str, new: Span, old: Span) -> Finding {
    Finding::new(
        ID,
        format!(
            "migration `{id}` is new in this release but sorts before `{newest}`, which databases \
             already ran; the migration tool skips it or refuses to migrate"
        ),
    )
    .at_new(new, "new migration ordered here")
    .at_old(old, "newest applied migration")
}
