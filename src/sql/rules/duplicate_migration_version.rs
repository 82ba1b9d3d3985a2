//! A new migration whose version another migration already uses.

use crate::core::{Finding, RuleId, Span};

pub const ID: RuleId = RuleId::SqlDuplicateMigrationVersion;

/// `others` are the migrations sharing `version`; `other_old` the first line of one of them in
/// the old version, when it has one.
pub fn finding(
    id: &str,
    version: &str,
    others: &[&str],
    new: Span,
    other_old: Option<Span>,
) -> Finding {
    let others = others
        .iter()
        .map(|o| format!("`{o}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let finding = Finding::new(
        ID,
        format!(
            "migration `{id}` has version {version}, like {others}; the migration tool records \
             one of them and skips or rejects the other"
        ),
    )
    .at_new(new, "version used twice");
    match other_old {
        Some(span) => finding.at_old(span, "same version, already applied"),
        None => finding,
    }
}
