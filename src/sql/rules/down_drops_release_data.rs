//! A down migration that drops a column the release added to an existing table: running it in a
//! rollback deletes what the new version wrote there.

use sqlparser::ast::{AlterTableOperation, Statement as Ast};

use crate::analyzer::Output;
use crate::core::{Finding, RuleId, Span};
use crate::sql::parse::{Statement, StatementKind};
use crate::sql::statements::model::{Schema, ident_key, object_key};

pub const ID: RuleId = RuleId::SqlDownDropsReleaseData;

/// `schema` is the state the down script runs on: objects whose origin is in the release were
/// created by the release's up scripts.
pub fn check(
    schema: &Schema,
    statement: &Statement,
    span: Span,
    out: &Output<'_>,
    findings: &mut Vec<Finding>,
) {
    let StatementKind::Parsed(parsed) = &statement.kind else {
        return;
    };
    let Ast::AlterTable(alter) = parsed.as_ref() else {
        return;
    };
    // Columns the release added to tables that existed before it: new data about old rows.
    // A table the release created holds only the new feature's data, which a rollback that
    // runs the down removes along with the feature.
    let Some(table) = schema
        .tables
        .get(&object_key(&alter.name))
        .filter(|t| !t.origin.in_release)
    else {
        return;
    };
    let mut dropped = Vec::new();
    for operation in &alter.operations {
        let AlterTableOperation::DropColumn { column_names, .. } = operation else {
            continue;
        };
        for name in column_names {
            if let Some(column) = table.column(&ident_key(name))
                && column.origin.in_release
            {
                dropped.push((format!("column `{}.{name}`", alter.name), column.origin));
            }
        }
    }
    for (what, origin) in dropped {
        findings.push(
            Finding::new(
                ID,
                format!(
                    "this down migration drops {what}, which the release added: a rollback that \
                     runs it deletes everything the new version wrote there"
                ),
            )
            .at_new(span, "drops data the new version wrote")
            .with_note(format!("added at {}", origin.located(out))),
        );
    }
}
