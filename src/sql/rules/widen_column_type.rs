//! A column type change that only widens what the column accepts (longer strings, more digits,
//! larger integers).

use super::types::{type_changes, widens};
use super::{Context, column_changed, with_origin};
use crate::core::{Change, Finding, RuleId};
use crate::sql::statements::model::{Column, Table};
use crate::sql::statements::normal::same_type;

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

/// A column of a schema dump whose type only widens.
pub fn check_dump(table: &Table, change: &Change<&Column>, findings: &mut Vec<Finding>) {
    let Change::Kept { old, new } = change else {
        return;
    };
    if !same_type(&old.data_type, &new.data_type) && widens(&old.data_type, &new.data_type) {
        let what = format!(
            "widens from `{}` to `{}`; the old version may read values wider than it expects",
            old.data_type, new.data_type
        );
        findings.push(column_changed(
            ID,
            table,
            old,
            new,
            &what,
            "type widened here",
        ));
    }
}
