//! `CREATE INDEX` without `CONCURRENTLY` on a PostgreSQL table that already has rows and traffic.

use sqlparser::ast::Statement;

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};
use crate::input::config::Dialect;
use crate::sql::statements::model::object_key;

pub const ID: RuleId = RuleId::SqlCreateIndexBlocking;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    // MySQL (InnoDB) builds secondary indexes online; SQLite locks the whole file for any write.
    if cx.dialect != Dialect::Postgres {
        return;
    }
    let Some(Statement::CreateIndex(create)) = cx.parsed() else {
        return;
    };
    if create.concurrently {
        return;
    }
    let Some(table) = cx.predating_table(&object_key(&create.table_name)) else {
        return;
    };
    let finding = Finding::new(
        ID,
        format!(
            "building this index blocks every write to `{}` until it finishes",
            create.table_name
        ),
    )
    .at_new(cx.span, "index built without CONCURRENTLY");
    findings.push(with_origin(
        finding,
        table.map(|t| &t.origin),
        "table created here",
    ));
}
