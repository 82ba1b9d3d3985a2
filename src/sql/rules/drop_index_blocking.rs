//! `DROP INDEX` without `CONCURRENTLY` on an index of a table with traffic (PostgreSQL).

use sqlparser::ast::{ObjectType, Statement};

use super::{Context, with_origin};
use crate::core::Finding;
use crate::sql::model::object_key;

pub const ID: &str = "sql/drop-index-blocking";

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
        let created_in_release = index.is_some_and(|i| {
            i.origin.in_release
                || cx
                    .schema
                    .tables
                    .get(&i.table)
                    .is_some_and(|t| t.origin.in_release)
        });
        if created_in_release {
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
