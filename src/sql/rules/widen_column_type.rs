//! A column type change that only widens what the column accepts (longer strings, more digits,
//! larger integers).

use super::types::{type_changes, widens};
use super::{Context, with_origin};
use crate::core::{Finding, RuleId};

pub const ID: RuleId = RuleId::SqlWidenColumnType;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    for change in type_changes(cx) {
        let Some(old) = change.old_type() else {
            continue;
        };
        if !widens(old, &change.new_type) {
            continue;
        }
        let finding = Finding::new(
            ID,
            format!(
                "column `{}.{}` widens from `{old}` to `{}`; the old version may read values \
                 wider than it expects",
                change.table, change.column, change.new_type
            ),
        )
        .at_new(cx.span, "type widened here");
        findings.push(with_origin(
            finding,
            change.known.map(|c| &c.origin),
            "defined here",
        ));
    }
}
