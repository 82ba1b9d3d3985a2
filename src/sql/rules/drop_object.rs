//! Dropping a view, type, function, schema or sequence the running version may use.

use sqlparser::ast::{ObjectName, ObjectType, Statement};

use super::{Context, drop_if_exists_unknown, with_origin};
use crate::core::{Change, Finding, RuleId};
use crate::sql::parse::StatementKind;
use crate::sql::statements::model::{EnumType, Origin, object_key};

pub const ID: RuleId = RuleId::SqlDropObject;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let (if_exists, dropped): (bool, Vec<(&str, &ObjectName)>) = match cx.parsed() {
        Some(Statement::Drop {
            object_type,
            names,
            if_exists: guarded,
            ..
        }) => {
            let kind = match object_type {
                ObjectType::View => "view",
                ObjectType::MaterializedView => "materialized view",
                ObjectType::Type => "type",
                ObjectType::Schema => "schema",
                ObjectType::Sequence => "sequence",
                _ => return,
            };
            (*guarded, names.iter().map(|n| (kind, n)).collect())
        }
        Some(Statement::DropFunction(drop)) => (
            drop.if_exists,
            drop.func_desc
                .iter()
                .map(|f| ("function", &f.name))
                .collect(),
        ),
        Some(Statement::DropProcedure {
            proc_desc,
            if_exists: guarded,
            ..
        }) => (
            *guarded,
            proc_desc.iter().map(|f| ("procedure", &f.name)).collect(),
        ),
        _ => return,
    };
    for (kind, name) in dropped {
        let key = object_key(name);
        if recreated_in_transaction(cx, kind, &key) {
            continue;
        }
        let Some(origin) = existing(cx, kind, &key) else {
            continue;
        };
        if origin.is_none() && if_exists {
            findings.push(drop_if_exists_unknown::finding(
                kind,
                &name.to_string(),
                cx.span,
            ));
            continue;
        }
        let finding = Finding::new(
            ID,
            format!("{kind} `{name}` is dropped while the old version may still use it"),
        )
        .at_new(cx.span, format!("{kind} dropped here"));
        findings.push(with_origin(finding, origin, "defined here"));
    }
}

/// Where the object was defined before the release; `None` when the release created it.
fn existing<'a>(cx: &Context<'a>, kind: &str, key: &str) -> Option<Option<&'a Origin>> {
    let schema = cx.schema;
    match kind {
        "view" | "materialized view" => cx.existing_object(&schema.views, key),
        "sequence" => cx.existing_object(&schema.sequences, key),
        "schema" => cx.existing_object(&schema.schemas, key),
        "function" | "procedure" => cx.existing_object(&schema.functions, key),
        _ => match schema.enums.get(key) {
            Some(e) if e.origin.in_release => None,
            Some(e) => Some(Some(&e.origin)),
            None => cx.existing_object(&schema.types, key),
        },
    }
}

/// Whether a later statement of the same transaction creates a view or function of the same
/// name again: the usual way to change a view's query or a function's signature. Other
/// sessions never see it missing. (What the new definition returns is not compared.)
fn recreated_in_transaction(cx: &Context<'_>, kind: &str, key: &str) -> bool {
    if !cx.statement.in_transaction() {
        return false;
    }
    cx.rest
        .iter()
        .take_while(|s| s.transaction == cx.statement.transaction)
        .filter_map(|s| match &s.kind {
            StatementKind::Parsed(parsed) => Some(parsed.as_ref()),
            _ => None,
        })
        .any(|statement| match (kind, statement) {
            ("view" | "materialized view", Statement::CreateView(view)) => {
                object_key(&view.name) == key
            }
            ("function", Statement::CreateFunction(function)) => object_key(&function.name) == key,
            _ => false,
        })
}

/// A view, sequence, function, type or schema (`kind`) a schema dump no longer has.
pub fn check_dump(kind: &str, name: &str, change: &Change<&Origin>, findings: &mut Vec<Finding>) {
    if let Change::Removed { old } = change {
        findings.push(dropped(kind, name, **old));
    }
}

/// An enum type a schema dump no longer has.
pub fn check_dump_enum(change: &Change<&EnumType>, findings: &mut Vec<Finding>) {
    if let Change::Removed { old } = change {
        findings.push(dropped("type", &old.name, old.origin));
    }
}

fn dropped(kind: &str, name: &str, origin: Origin) -> Finding {
    Finding::new(
        ID,
        format!(
            "{kind} `{name}` is gone from the new schema while the old version may still use it"
        ),
    )
    .at_old(origin.span, "defined here")
}
