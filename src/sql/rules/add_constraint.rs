//! A new CHECK, UNIQUE or FOREIGN KEY constraint (or unique index) on a table the running version
//! writes: old writers may write what it rejects.

use sqlparser::ast::{AlterTableOperation, Expr, Statement, TableConstraint};

use super::{Context, with_origin};
use crate::core::{Finding, RuleId};
use crate::sql::statements::model::{ConstraintKind, ident_key, object_key};
use crate::sql::statements::normal::expression_key;

pub const ID: RuleId = RuleId::SqlAddConstraint;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let key = match cx.parsed() {
        Some(Statement::AlterTable(alter)) => object_key(&alter.name),
        Some(Statement::CreateIndex(create)) if create.unique => object_key(&create.table_name),
        _ => return,
    };
    // Only a materialized view can be indexed among views, and nobody writes into one.
    if cx.schema.views.contains_key(&key) {
        return;
    }
    let Some(table) = cx.predating_table(&key) else {
        return;
    };
    let (table_name, kinds): (String, Vec<&str>) = match cx.parsed() {
        Some(Statement::AlterTable(alter)) => (
            alter.name.to_string(),
            alter
                .operations
                .iter()
                .filter_map(|operation| match operation {
                    AlterTableOperation::AddConstraint { constraint, .. }
                        if rejects_nothing_old(cx, &key, constraint) =>
                    {
                        None
                    }
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
        Some(Statement::CreateIndex(create)) => {
            (create.table_name.to_string(), vec!["unique index"])
        }
        _ => return,
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

/// Whether a constraint can reject nothing the old version writes: it is on columns this release
/// added, which old writers leave NULL (a foreign key or unique constraint passes NULL; a check
/// may not, so one that mentions NULL counts), or the table had the same constraint before the
/// release (dropped and re-created, say with another `ON DELETE`).
fn rejects_nothing_old(cx: &Context<'_>, key: &str, constraint: &TableConstraint) -> bool {
    let Some(table) = cx.schema.tables.get(key) else {
        return false;
    };
    let (kind, columns, references, expression) = match constraint {
        TableConstraint::ForeignKey(fk) => (
            ConstraintKind::ForeignKey,
            fk.columns.iter().map(ident_key).collect(),
            Some(object_key(&fk.foreign_table)),
            None,
        ),
        TableConstraint::Unique(unique) => (
            ConstraintKind::Unique,
            unique
                .columns
                .iter()
                .filter_map(|c| match &c.column.expr {
                    Expr::Identifier(ident) => Some(ident_key(ident)),
                    _ => None,
                })
                .collect(),
            None,
            None,
        ),
        TableConstraint::Check(check) => {
            let expression = check.expr.to_string();
            (
                ConstraintKind::Check,
                table.columns_read_by(&expression),
                None,
                Some(expression),
            )
        }
        _ => return false,
    };
    let added_by_release = !columns.is_empty()
        && columns.iter().all(|name: &String| {
            table
                .column(name)
                .is_some_and(|column| column.origin.in_release)
        })
        && !expression
            .as_deref()
            .is_some_and(|e| e.to_lowercase().contains("null"));
    let had_it = cx.base.tables.get(key).is_some_and(|before| {
        before.constraints.iter().any(|c| {
            c.kind == kind
                && c.validated
                && c.references == references
                && match &expression {
                    Some(expression) => c
                        .expression
                        .as_deref()
                        .is_some_and(|e| expression_key(e) == expression_key(expression)),
                    None => c.columns == columns,
                }
        })
    });
    added_by_release || had_it
}
