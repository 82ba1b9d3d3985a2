//! A column type change that narrows the column or changes what its values mean.

use super::types::{type_changes, widens};
use super::{Context, column_changed, with_origin};
use crate::core::{Change, Finding, RuleId};
use crate::sql::statements::model::{Column, Table};
use crate::sql::statements::normal::same_type;

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

/// A column of a schema dump whose type changes other than by widening.
pub fn check_dump(table: &Table, change: &Change<&Column>, findings: &mut Vec<Finding>) {
    let Change::Kept { old, new } = change else {
        return;
    };
    if !same_type(&old.data_type, &new.data_type) && !widens(&old.data_type, &new.data_type) {
        let what = format!(
            "changes type from `{}` to `{}`; the old version reads and writes values of the old type",
            old.data_type, new.data_type
        );
        findings.push(column_changed(
            ID,
            table,
            old,
            new,
            &what,
            "type changed here",
        ));
    }
}
