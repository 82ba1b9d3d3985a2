//! Renaming a table the running version uses (`ALTER TABLE ... RENAME TO`, MySQL's
//! `RENAME TABLE`).

use sqlparser::ast::{AlterTableOperation, ObjectName, RenameTableNameKind, Statement};

use super::{Context, Existing, with_origin};
use crate::core::{Finding, RuleId};
use crate::sql::statements::model::object_key;

pub const ID: RuleId = RuleId::SqlRenameTable;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let renames: Vec<(&ObjectName, &ObjectName)> = match cx.parsed() {
        Some(Statement::AlterTable(alter)) => alter
            .operations
            .iter()
            .filter_map(|operation| match operation {
                AlterTableOperation::RenameTable {
                    table_name: RenameTableNameKind::As(to) | RenameTableNameKind::To(to),
                } => Some((&alter.name, to)),
                _ => None,
            })
            .collect(),
        Some(Statement::RenameTable(renames)) => {
            renames.iter().map(|r| (&r.old_name, &r.new_name)).collect()
        }
        _ => return,
    };
    for (from, to) in renames {
        let table = match cx.existing_table(&object_key(from)) {
            Existing::No => continue,
            Existing::Known(table) => Some(table),
            Existing::Unknown => None,
        };
        let finding = Finding::new(
            ID,
            format!("table `{from}` is renamed to `{to}`; the old version still uses the old name"),
        )
        .at_new(cx.span, "table renamed here");
        findings.push(with_origin(
            finding,
            table.map(|t| &t.origin),
            "created here",
        ));
    }
}
