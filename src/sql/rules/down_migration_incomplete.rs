//! A down migration that does not bring the schema back to what its up migration started from.

use crate::core::{Finding, RuleId, Span};

pub const ID: RuleId = RuleId::SqlDownMigrationIncomplete;

/// `difference` is worded about the schema after the down ran ("column `t.c` is missing");
/// `down` is where the down script defines the object differently, else its first statement; `old` where the old version defines what is
/// missing; `created` where the release created what is left over (`path:line`).
pub fn finding(
    id: &str,
    difference: &str,
    down: Span,
    old: Option<Span>,
    created: Option<String>,
) -> Finding {
    let mut finding = Finding::new(
        ID,
        format!("after the down migration of `{id}`, {difference}"),
    )
    .at_new(down, "does not restore the schema");
    if let Some(old) = old {
        finding = finding.at_old(old, "as the old version defines it");
    }
    if let Some(created) = created {
        finding = finding.with_note(format!("created by the up migration at {created}"));
    }
    finding
}
