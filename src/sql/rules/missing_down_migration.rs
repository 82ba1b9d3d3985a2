//! A migration without a down migration, in a directory whose layout has them.

use crate::core::{Finding, RuleId, Span};

pub const ID: RuleId = RuleId::SqlMissingDownMigration;

/// `up` is where the migration starts in the new version; `id` its name.
pub fn check(id: &str, up: Span, findings: &mut Vec<Finding>) {
    findings.push(
        Finding::new(
            ID,
            format!("migration `{id}` has no down migration, so a rollback cannot revert it"),
        )
        .at_new(up, "no down migration for this file"),
    );
}
