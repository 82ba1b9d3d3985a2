//! Renaming a view, type, function, schema or sequence the running version uses by name.

use sqlparser::ast::{
    AlterFunctionOperation, AlterSchemaOperation, AlterTypeOperation, AlterViewOperation, Statement,
};

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};
use crate::sql::parse::{Recognized, StatementKind};
use crate::sql::statements::model::{Origin, object_key};
use crate::sql::statements::replay::loose_key;

pub const ID: RuleId = RuleId::SqlRenameObject;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let schema = cx.schema;
    let (kind, from, to, origin): (&str, String, String, Option<Option<&Origin>>) =
        match (&cx.statement.kind, cx.parsed()) {
            (_, Some(Statement::AlterView(alter))) => match &alter.operation {
                AlterViewOperation::RenameTo { new_name } => (
                    "view",
                    alter.name.to_string(),
                    new_name.to_string(),
                    cx.existing_object(&schema.views, &object_key(&alter.name)),
                ),
                _ => return,
            },
            (_, Some(Statement::AlterType(alter))) => match &alter.operation {
                AlterTypeOperation::Rename(rename) => {
                    let key = object_key(&alter.name);
                    let origin = match schema.enums.get(&key) {
                        Some(e) if e.origin.in_release => None,
                        Some(e) => Some(Some(&e.origin)),
                        None => cx.existing_object(&schema.types, &key),
                    };
                    (
                        "type",
                        alter.name.to_string(),
                        rename.new_name.to_string(),
                        origin,
                    )
                }
                _ => return,
            },
            (_, Some(Statement::AlterFunction(alter))) => match &alter.operation {
                AlterFunctionOperation::RenameTo { new_name } => (
                    "function",
                    alter.function.name.to_string(),
                    new_name.to_string(),
                    cx.existing_object(&schema.functions, &object_key(&alter.function.name)),
                ),
                _ => return,
            },
            (_, Some(Statement::AlterSchema(alter))) => {
                let Some(to) = alter.operations.iter().find_map(|o| match o {
                    AlterSchemaOperation::Rename { name } => Some(name.to_string()),
                    _ => None,
                }) else {
                    return;
                };
                (
                    "schema",
                    alter.name.to_string(),
                    to,
                    cx.existing_object(&schema.schemas, &object_key(&alter.name)),
                )
            }
            (StatementKind::Recognized(Recognized::Rename { object, name, to }), _) => {
                let key = loose_key(name);
                let origin = match object.as_str() {
                    "SEQUENCE" => cx.existing_object(&schema.sequences, &key),
                    "VIEW" | "MATERIALIZED" => cx.existing_object(&schema.views, &key),
                    _ => Some(None),
                };
                (object_kind(object), name.clone(), to.clone(), origin)
            }
            _ => return,
        };
    let Some(origin) = origin else {
        return;
    };
    let finding = Finding::new(
        ID,
        format!("{kind} `{from}` is renamed to `{to}`; the old version still uses the old name"),
    )
    .at_new(cx.span, format!("{kind} renamed here"));
    findings.push(with_origin(finding, origin, "defined here"));
}

fn object_kind(keyword: &str) -> &'static str {
    match keyword {
        "SEQUENCE" => "sequence",
        "VIEW" | "MATERIALIZED" => "view",
        "FUNCTION" => "function",
        "PROCEDURE" => "procedure",
        "DOMAIN" => "domain",
        _ => "object",
    }
}
