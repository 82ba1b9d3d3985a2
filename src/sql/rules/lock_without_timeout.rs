//! An ACCESS EXCLUSIVE lock requested with no `lock_timeout` set: while it waits behind a long
//! query, every other query on the table queues behind it.

use super::Context;
use crate::core::{Finding, RuleId};
use crate::sql::statements::state::waits_without_timeout;

pub const ID: RuleId = RuleId::SqlLockWithoutTimeout;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(table) = waits_without_timeout(cx) else {
        return;
    };
    findings.push(
        Finding::new(
            ID,
            format!(
                "this statement queues for an ACCESS EXCLUSIVE lock on `{table}` with no \
                 lock_timeout; while it waits, every query on `{table}` waits behind it"
            ),
        )
        .at_new(cx.span, "no lock_timeout set before this")
        .with_note(
            "assumed safe: no long query or transaction holds a lock on the table when the \
             migration runs (reported once per migration file)",
        ),
    );
}
