//! `DROP INDEX` without `CONCURRENTLY` on an index of a table with traffic (PostgreSQL).

use sqlparser::ast::{ObjectType, Statement};

use super::{Context, Existing, with_origin};
use crate::core::{Finding, RuleId, and_list};
use crate::sql::statements::model::{Origin, object_key};

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
    // One statement, one finding per table it locks: `DROP INDEX a, b, c` waits once.
    let mut by_table: Vec<(Option<String>, Vec<String>, Option<Origin>)> = Vec::new();
    for name in names {
        let index = cx.schema.indexes.get(&object_key(name));
        // The lock is on the table: what matters is whether the table has traffic, however
        // young the index (a rollback drops the index its release built on an old table).
        if index.is_some_and(|i| matches!(cx.existing_table(&i.table), Existing::No)) {
            continue;
        }
        let table = index.map(|i| i.table.clone());
        match by_table.iter_mut().find(|(t, _, _)| *t == table) {
            Some((_, dropped, _)) => dropped.push(name.to_string()),
            None => by_table.push((table, vec![name.to_string()], index.map(|i| i.origin))),
        }
    }
    for (table, dropped, origin) in by_table {
        let table = table.map_or_else(|| "its table".to_owned(), |t| format!("`{t}`"));
        let what = match dropped.as_slice() {
            [one] => format!("index `{one}`"),
            many => format!("indexes {}", and_list(many)),
        };
        let finding = Finding::new(
            ID,
            format!(
                "dropping {what} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on {table}: \
                 every query on it waits"
            ),
        )
        .at_new(cx.span, "index dropped without CONCURRENTLY");
        findings.push(with_origin(finding, origin.as_ref(), "index created here"));
    }
}
