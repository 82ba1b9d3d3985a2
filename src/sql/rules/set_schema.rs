//! Moving a table, view, type, sequence or function the running version uses to another schema.

use sqlparser::ast::{AlterFunctionOperation, AlterViewOperation, Statement};

use super::{Context, Existing, with_origin};
use crate::core::{Finding, RuleId};
use crate::sql::parse::{Recognized, StatementKind};
use crate::sql::statements::model::{Origin, object_key};
use crate::sql::statements::replay::loose_key;

pub const ID: RuleId = RuleId::SqlSetSchema;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let schema = cx.schema;
    let (kind, name, target, origin): (String, String, String, Option<Option<&Origin>>) =
        match (&cx.statement.kind, cx.parsed()) {
            (
                StatementKind::Recognized(Recognized::SetSchema {
                    object,
                    name,
                    schema: to,
                }),
                _,
            ) => {
                let key = loose_key(name);
                let origin = match object.as_str() {
                    "TABLE" => match cx.existing_table(&key) {
                        Existing::No => None,
                        Existing::Known(t) => Some(Some(&t.origin)),
                        Existing::Unknown => Some(None),
                    },
                    "SEQUENCE" => cx.existing_object(&schema.sequences, &key),
                    "VIEW" | "MATERIALIZED" => cx.existing_object(&schema.views, &key),
                    "FUNCTION" | "PROCEDURE" => cx.existing_object(&schema.functions, &key),
                    "TYPE" => match schema.enums.get(&key) {
                        Some(e) if e.origin.in_release => None,
                        Some(e) => Some(Some(&e.origin)),
                        None => cx.existing_object(&schema.types, &key),
                    },
                    _ => Some(None),
                };
                (object.to_lowercase(), name.clone(), to.clone(), origin)
            }
            (_, Some(Statement::AlterView(alter))) => match &alter.operation {
                AlterViewOperation::SetSchema { schema_name } => (
                    "view".into(),
                    alter.name.to_string(),
                    schema_name.to_string(),
                    cx.existing_object(&schema.views, &object_key(&alter.name)),
                ),
                _ => return,
            },
            (_, Some(Statement::AlterFunction(alter))) => match &alter.operation {
                AlterFunctionOperation::SetSchema { schema_name } => (
                    "function".into(),
                    alter.function.name.to_string(),
                    schema_name.to_string(),
                    cx.existing_object(&schema.functions, &object_key(&alter.function.name)),
                ),
                _ => return,
            },
            _ => return,
        };
    let Some(origin) = origin else {
        return;
    };
    let finding = Finding::new(
        ID,
        format!(
            "{kind} `{name}` moves to schema `{target}`; the old version still looks it up \
             where it was"
        ),
    )
    .at_new(cx.span, "moved here");
    findings.push(with_origin(finding, origin, "defined here"));
}
