//! A new CHECK, UNIQUE or FOREIGN KEY constraint (or unique index) on a table the running version
//! writes: old writers may write what it rejects.

use sqlparser::ast::{AlterTableOperation, Statement, TableConstraint};

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};
use crate::sql::statements::model::object_key;

pub const ID: RuleId = RuleId::SqlAddConstraint;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let (table_name, kinds): (String, Vec<&str>) = match cx.parsed() {
        Some(Statement::AlterTable(alter)) => (
            alter.name.to_string(),
            alter
                .operations
                .iter()
                .filter_map(|operation| match operation {
                    AlterTableOperation::AddConstraint { constraint, .. } => match constraint {
                        TableConstraint::Check(_) => Some("check constraint"),
                        // `USING INDEX` adopts a unique index that already restricts writes.
                        TableConstraint::Unique(_) => Some("unique constraint"),
                        TableConstraint::ForeignKey(_) => Some("foreign key"),
                        _ => None,
                    },
                    _ => None,
                })
                .collect(),
        ),
        Some(Statement::CreateIndex(create)) if create.unique => {
            (create.table_name.to_string(), vec!["unique index"])
        }
        _ => return,
    };
    let key = match cx.parsed() {
        Some(Statement::AlterTable(alter)) => object_key(&alter.name),
        Some(Statement::CreateIndex(create)) => object_key(&create.table_name),
        _ => return,
    };
    // Only a materialized view can be indexed among views, and nobody writes into one.
    if cx.schema.views.contains_key(&key) {
        return;
    }
    let Some(table) = cx.predating_table(&key) else {
        return;
    };
    for kind in kinds {
        let finding = Finding::new(
            ID,
            format!("a new {kind} on `{table_name}` rejects writes the old version may still make"),
        )
        .at_new(cx.span, format!("{kind} added here"))
        .with_note("assumed safe: the old version never writes rows the constraint rejects");
        findings.push(with_origin(
            finding,
            table.map(|t| &t.origin),
            "table created here",
        ));
    }
}
