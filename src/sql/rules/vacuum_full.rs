//! `VACUUM FULL`: rewrites the table under an ACCESS EXCLUSIVE lock.

use sqlparser::ast::Statement;

use super::Context;
use crate::core::{Finding, RuleId};

pub const ID: RuleId = RuleId::SqlVacuumFull;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    if !cx.is_postgres() {
        return;
    }
    let Some(Statement::Vacuum(vacuum)) = cx.parsed() else {
        return;
    };
    if !vacuum.full {
        return;
    }
    let target = vacuum.table_name.as_ref().map_or_else(
        || "every table of the database".to_owned(),
        |t| format!("`{t}`"),
    );
    findings.push(
        Finding::new(
            ID,
            format!("VACUUM FULL rewrites {target} under an ACCESS EXCLUSIVE lock: every query on it waits"),
        )
        .at_new(cx.span, "table rewritten here"),
    );
}
