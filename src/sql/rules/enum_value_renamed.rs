//! `ALTER TYPE ... RENAME VALUE` on an enum the running version reads and writes.

use sqlparser::ast::{AlterTypeOperation, Statement};

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};
use crate::sql::statements::model::object_key;

pub const ID: RuleId = RuleId::SqlEnumValueRenamed;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(Statement::AlterType(alter)) = cx.parsed() else {
        return;
    };
    let AlterTypeOperation::RenameValue(rename) = &alter.operation else {
        return;
    };
    let known = cx.schema.enums.get(&object_key(&alter.name));
    if known.is_some_and(|e| e.origin.in_release) {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "enum `{}` renames '{}' to '{}'; the old version still writes and expects '{}'",
            alter.name, rename.from.value, rename.to.value, rename.from.value
        ),
    )
    .at_new(cx.span, "value renamed here");
    findings.push(with_origin(
        finding,
        known.map(|e| &e.origin),
        "enum defined here",
    ));
}
