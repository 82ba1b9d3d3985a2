//! `DROP TABLE` on a table the running version uses.

use sqlparser::ast::{ObjectType, Statement};

use super::{Context, Existing, with_origin};
use crate::core::Finding;
use crate::sql::model::object_key;

pub const ID: &str = "sql/drop-table";

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(Statement::Drop {
        object_type: ObjectType::Table,
        names,
        ..
    }) = cx.parsed()
    else {
        return;
    };
    for name in names {
        let table = match cx.existing_table(&object_key(name)) {
            Existing::No => continue,
            Existing::Known(table) => Some(table),
            Existing::Unknown => None,
        };
        let finding = Finding::new(
            ID,
            format!("table `{name}` is dropped while the old version still reads and writes it"),
        )
        .at_new(cx.span, "table dropped here");
        findings.push(with_origin(
            finding,
            table.map(|t| &t.origin),
            "created here",
        ));
    }
}
