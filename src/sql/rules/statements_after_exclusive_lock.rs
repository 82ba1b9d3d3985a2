//! More statements in a transaction that already holds an ACCESS EXCLUSIVE lock: the lock is held
//! until they all finish.

use super::Context;
use crate::core::{Finding, RuleId};
use crate::sql::statements::state::runs_under_lock;

pub const ID: RuleId = RuleId::SqlStatementsAfterExclusiveLock;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !runs_under_lock(cx) {
        return;
    }
    let Some(lock) = &cx.state.exclusive_lock else {
        return;
    };
    findings.push(
        Finding::new(
            ID,
            format!(
                "this statement runs in the transaction that holds an ACCESS EXCLUSIVE lock on \
                 `{}`; every query on `{}` waits until the transaction commits",
                lock.table, lock.table
            ),
        )
        .at_new(cx.span, "runs while the lock is held")
        .with_note(format!(
            "the lock was taken on line {}; assumed safe: the statements after it finish \
             quickly (reported once per transaction)",
            lock.line
        )),
    );
}
