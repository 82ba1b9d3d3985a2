//! `DROP TABLE` on a table the running version uses.

use sqlparser::ast::{ObjectType, Statement};

use super::sqlite_table_rebuild::rebuilt_from;
use super::{Context, Existing, drop_if_exists_unknown, with_origin};
use crate::core::{Change, Finding, RuleId};
use crate::input::config::Dialect;
use crate::sql::statements::model::{Table, object_key};

pub const ID: RuleId = RuleId::SqlDropTable;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(Statement::Drop {
        object_type: ObjectType::Table,
        names,
        if_exists,
        ..
    }) = cx.parsed()
    else {
        return;
    };
    for name in names {
        let key = object_key(name);
        // A SQLite rebuild renames a copy into the dropped table's place: the table stays.
        if cx.dialect == Dialect::Sqlite && rebuilt_from(cx.rest, &key).is_some() {
            continue;
        }
        let table = match cx.existing_table(&key) {
            Existing::No => continue,
            Existing::Known(table) => Some(table),
            Existing::Unknown if *if_exists => {
                findings.push(drop_if_exists_unknown::finding(
                    "table",
                    &name.to_string(),
                    cx.span,
                ));
                continue;
            }
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

/// A table a schema dump no longer has.
pub fn check_dump(change: &Change<&Table>, findings: &mut Vec<Finding>) {
    let Change::Removed { old: table } = change else {
        return;
    };
    findings.push(
        Finding::new(
            ID,
            format!(
                "table `{}` is gone from the new schema while the old version still uses it",
                table.name
            ),
        )
        .at_old(table.origin.span, "defined here"),
    );
}
