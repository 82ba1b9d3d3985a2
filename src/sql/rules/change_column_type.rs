//! A column type change that narrows the column or changes what its values mean.

use super::types::{type_changes, widens};
use super::{Context, with_origin};
use crate::core::{Finding, RuleId};

pub const ID: RuleId = RuleId::SqlChangeColumnType;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    for change in type_changes(cx) {
        if change
            .old_type()
            .is_some_and(|old| widens(old, &change.new_type))
        {
            continue;
        }
        let from = change
            .old_type()
            .map_or_else(String::new, |old| format!(" from `{old}`"));
        let finding = Finding::new(
            ID,
            format!(
                "column `{}.{}` changes type{from} to `{}`; the old version reads and writes \
                 values of the old type",
                change.table, change.column, change.new_type
            ),
        )
        .at_new(cx.span, "type changed here");
        findings.push(with_origin(
            finding,
            change.known.map(|c| &c.origin),
            "defined here",
        ));
    }
}
