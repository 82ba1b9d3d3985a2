//! `DROP INDEX` without `CONCURRENTLY` on an index of a table with traffic (PostgreSQL).

use sqlparser::ast::{ObjectType, Statement};

use super::{Context, Existing, with_origin};
use crate::core::{Finding, RuleId};
use crate::sql::statements::model::object_key;

pub const ID: RuleId = RuleId::SqlDropIndexBlocking;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !cx.is_postgres() {
        return;
    }
    let Some(Statement::Drop {
        object_type: ObjectType::Index,
        names,
        ..
    }) = cx.parsed()
    else {
        return;
    };
    for name in names {
        let index = cx.schema.indexes.get(&object_key(name));
        // The lock is on the table: what matters is whether the table has traffic, however
        // young the index (a rollback drops the index its release built on an old table).
        if index.is_some_and(|i| matches!(cx.existing_table(&i.table), Existing::No)) {
            continue;
        }
        let table = index.map_or_else(|| "its table".to_owned(), |i| format!("`{}`", i.table));
        let finding = Finding::new(
            ID,
            format!(
                "dropping index `{name}` without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on \
                 {table}: every query on it waits"
            ),
        )
        .at_new(cx.span, "index dropped without CONCURRENTLY");
        findings.push(with_origin(
            finding,
            index.map(|i| &i.origin),
            "index created here",
        ));
    }
}
