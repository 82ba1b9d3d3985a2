//! A migration the old version already has (so databases already ran it) whose text changed.

use crate::core::{Finding, RuleId, Span};

pub const ID: RuleId = RuleId::SqlAppliedMigrationEdited;

/// `new` and `old` are the first lines where the two texts differ; `checksums` whether the tool
/// records a checksum of applied migrations and refuses to run when one no longer matches.
pub fn finding(id: &str, new: Span, old: Span, checksums: bool) -> Finding {
    let consequence = if checksums {
        "its checksum no longer matches the one recorded, so the tool refuses to migrate every \
         database that ran it"
    } else {
        "databases that ran it keep the old schema and never run the change"
    };
    Finding::new(
        ID,
        format!(
            "migration `{id}` was already applied by the old version, but its text changed; \
             {consequence}"
        ),
    )
    .at_new(new, "changed here")
    .at_old(old, "as applied")
}
