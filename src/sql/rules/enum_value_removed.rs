//! An enum type recreated without values it had before the release (PostgreSQL cannot drop an
//! enum value, so removing one means creating the type again).

use sqlparser::ast::{Statement, UserDefinedTypeRepresentation};

use super::Context;
use crate::core::{Change, Finding, RuleId};
use crate::sql::statements::model::{EnumType, object_key};

pub const ID: RuleId = RuleId::SqlEnumValueRemoved;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(Statement::CreateType {
        name,
        representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
    }) = cx.parsed()
    else {
        return;
    };
    let Some(before) = cx.base.enums.get(&object_key(name)) else {
        return;
    };
    let missing: Vec<String> = before
        .values
        .iter()
        .filter(|v| !labels.iter().any(|l| &l.value == *v))
        .map(|v| format!("'{v}'"))
        .collect();
    if missing.is_empty() {
        return;
    }
    findings.push(
        Finding::new(
            ID,
            format!(
                "enum `{name}` is created again without {}; the old version still writes them, \
                 and rows holding them cannot be converted",
                missing.join(", ")
            ),
        )
        .at_new(cx.span, "values left out here")
        .at_old(before.origin.span, "enum defined here"),
    );
}

/// An enum of a schema dump that lost values.
pub fn check_dump(change: &Change<&EnumType>, findings: &mut Vec<Finding>) {
    let Change::Kept { old, new } = change else {
        return;
    };
    let removed: Vec<String> = old
        .values
        .iter()
        .filter(|v| !new.values.contains(v))
        .map(|v| format!("'{v}'"))
        .collect();
    if removed.is_empty() {
        return;
    }
    findings.push(
        Finding::new(
            ID,
            format!(
                "enum `{}` loses {}; the old version still writes them",
                new.name,
                removed.join(", ")
            ),
        )
        .at_new(new.origin.span, "values left out here")
        .at_old(old.origin.span, "enum defined here"),
    );
}
