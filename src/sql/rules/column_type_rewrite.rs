//! A PostgreSQL column type change that rewrites the table under an ACCESS EXCLUSIVE lock.

use super::types::{changes_without_rewrite, type_changes};
use super::{Context, with_origin};
use crate::core::{Finding, RuleId};

pub const ID: RuleId = RuleId::SqlColumnTypeRewrite;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !cx.is_postgres() {
        return;
    }
    for change in type_changes(cx) {
        let in_place = !change.using
            && change
                .old_type()
                .is_some_and(|old| changes_without_rewrite(old, &change.new_type));
        if in_place {
            continue;
        }
        let finding = Finding::new(
            ID,
            format!(
                "changing `{}.{}` to `{}` rewrites `{}` and its indexes while every read and \
                 write of it waits",
                change.table, change.column, change.new_type, change.table
            ),
        )
        .at_new(cx.span, "table rewritten here");
        findings.push(with_origin(
            finding,
            change.known.map(|c| &c.origin),
            "defined here",
        ));
    }
}
