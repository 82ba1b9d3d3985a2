//! `ALTER TYPE ... ADD VALUE` on an enum the running version reads.

use sqlparser::ast::{AlterTypeOperation, Statement};

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};
use crate::sql::model::object_key;

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
