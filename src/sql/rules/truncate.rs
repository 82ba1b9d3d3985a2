//! `TRUNCATE` of a table that existed before the release: its rows are gone for the old and the
//! new version, and no down migration brings them back.

use sqlparser::ast::Statement;

use super::{Context, Existing, with_origin};
use crate::core::{Finding, RuleId};
use crate::sql::statements::model::object_key;

pub const ID: RuleId = RuleId::SqlTruncate;

pub fn check(cx: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(Statement::Truncate(truncate)) = cx.parsed() else {
        return;
    };
    for target in &truncate.table_names {
        let table = match cx.existing_table(&object_key(&target.name)) {
            Existing::No => continue,
            Existing::Known(table) => Some(table),
            Existing::Unknown => None,
        };
        let finding = Finding::new(
            ID,
            format!(
                "TRUNCATE deletes every row of `{}` (under an ACCESS EXCLUSIVE lock); no rollback \
                 brings them back",
                target.name
            ),
        )
        .at_new(cx.span, "rows deleted here");
        findings.push(with_origin(
            finding,
            table.map(|t| &t.origin),
            "table created here",
        ));
    }
}
