//! One function per rule. Each looks at one statement of a migration the release adds, with the
//! schema as it stands just before that statement, and words what it finds. The rule's class,
//! windows and effect are on its page in `rules/sql/`.

use sqlparser::ast;

use super::model::{Origin, Schema, Table, object_key};
use super::parse::Statement;
use crate::core::{Finding, Span};
use crate::input::config::Dialect;

pub mod add_foreign_key_without_not_valid;
pub mod add_not_null_column;
pub mod create_index_blocking;
pub mod drop_column;
pub mod drop_table;
pub mod enum_value_added;
pub mod missing_down_migration;
pub mod rename_column;
pub mod rename_table;
pub mod set_not_null;
pub mod unparsed_statement;

/// A statement of the release, and the schema it applies to.
pub struct Context<'a> {
    /// The old history replayed, plus the release's statements before this one.
    pub schema: &'a Schema,
    pub statement: &'a Statement,
    /// Where the statement is, in the new version.
    pub span: Span,
    pub dialect: Dialect,
}

impl<'a> Context<'a> {
    pub fn parsed(&self) -> Option<&'a ast::Statement> {
        match &self.statement.kind {
            super::parse::StatementKind::Parsed(statement) => Some(statement),
            _ => None,
        }
    }

    /// The `ALTER TABLE` this statement is, with the table's key.
    pub fn alter_table(&self) -> Option<(String, &'a ast::AlterTable)> {
        match self.parsed()? {
            ast::Statement::AlterTable(alter) => Some((object_key(&alter.name), alter)),
            _ => None,
        }
    }

    /// A table that exists before the release, so old code and existing rows depend on it.
    /// Tables the history does not know count as existing: the history may start from a
    /// baseline, and silence would be the unsafe answer.
    pub fn existing_table(&self, key: &str) -> Existing<'a> {
        match self.schema.tables.get(key) {
            Some(table) if table.origin.in_release => Existing::No,
            Some(table) => Existing::Known(table),
            None => Existing::Unknown,
        }
    }
}

/// Whether an object predates the release.
pub enum Existing<'a> {
    /// Created by the release: no old code or existing rows depend on it.
    No,
    /// Defined in the old history, here.
    Known(&'a Table),
    /// Not in the replayed history.
    Unknown,
}

/// Adds the old-side frame when the object's definition is known.
pub fn with_origin(finding: Finding, origin: Option<&Origin>, label: &str) -> Finding {
    match origin {
        Some(origin) => finding.at_old(origin.span, label),
        None => finding,
    }
}

/// A statement rule.
pub type Check = fn(&Context<'_>, &mut Vec<Finding>);

/// Every statement rule, with its id.
pub const STATEMENT_RULES: &[(&str, Check)] = &[
    (drop_table::ID, drop_table::check),
    (drop_column::ID, drop_column::check),
    (rename_table::ID, rename_table::check),
    (rename_column::ID, rename_column::check),
    (add_not_null_column::ID, add_not_null_column::check),
    (set_not_null::ID, set_not_null::check),
    (create_index_blocking::ID, create_index_blocking::check),
    (
        add_foreign_key_without_not_valid::ID,
        add_foreign_key_without_not_valid::check,
    ),
    (enum_value_added::ID, enum_value_added::check),
    (unparsed_statement::ID, unparsed_statement::check),
];

/// Ids of every rule of the kind, statement rules and migration rules alike.
pub fn ids() -> impl Iterator<Item = &'static str> {
    STATEMENT_RULES
        .iter()
        .map(|(id, _)| *id)
        .chain([missing_down_migration::ID])
}

#[cfg(test)]
mod catalog_tests {
    use crate::catalog::catalog;

    #[test]
    fn every_rule_has_a_page() {
        for id in super::ids() {
            let rule = catalog().get(id);
            assert!(rule.is_some(), "{id} has no page in rules/");
        }
    }
}

#[cfg(test)]
mod tests;
