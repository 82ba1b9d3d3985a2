//! `ALTER TYPE ... ADD VALUE` on an enum the running version reads.

use sqlparser::ast::{AlterTypeOperation, Statement};

use super::{Context, with_origin};
use crate::core::{Change, Finding, RuleId};
use crate::sql::statements::model::{EnumType, object_key};

pub const ID: RuleId = RuleId::SqlEnumValueAdded;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(Statement::AlterType(alter)) = cx.parsed() else {
        return;
    };
    let AlterTypeOperation::AddValue(add) = &alter.operation else {
        return;
    };
    let known = cx.schema.enums.get(&object_key(&alter.name));
    if known.is_some_and(|e| e.origin.in_release) {
        return;
    }
    let finding = Finding::new(
        ID,
        format!(
            "enum `{}` gains the value '{}'; the old version may read rows holding it",
            alter.name, add.value.value
        ),
    )
    .at_new(cx.span, "value added here");
    findings.push(with_origin(
        finding,
        known.map(|e| &e.origin),
        "enum defined here",
    ));
}

/// An enum of a schema dump that gained values.
pub fn check_dump(change: &Change<&EnumType>, findings: &mut Vec<Finding>) {
    let Change::Kept { old, new } = change else {
        return;
    };
    for value in new.values.iter().filter(|v| !old.values.contains(v)) {
        findings.push(
            Finding::new(
                ID,
                format!(
                    "enum `{}` gains the value '{value}'; the old version may read rows holding it",
                    new.name
                ),
            )
            .at_new(new.origin.span, "value added here")
            .at_old(old.origin.span, "enum defined here"),
        );
    }
}
