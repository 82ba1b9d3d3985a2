//! One function per rule. Each looks at one statement of a migration the release adds, with the
//! schema as it stands just before that statement, and words what it finds. The rule's class,
//! windows and effect are on its page in `rules/sql/`.

use sqlparser::ast;

use std::collections::BTreeMap;

use super::model::{Column, Origin, Schema, Table, object_key};
use super::parse::Statement;
use super::session::Session;
use super::version::ServerVersion;
use crate::core::{Finding, RuleId, Span};
use crate::input::config::Dialect;

pub mod add_check_without_not_valid;
pub mod add_column_default_rewrite;
pub mod add_constraint;
pub mod add_foreign_key_without_not_valid;
pub mod add_identity_column;
pub mod add_not_null_column;
pub mod add_nullable_column;
pub mod add_stored_generated_column;
pub mod add_unique_without_index;
pub mod applied_migration_deleted;
pub mod applied_migration_edited;
pub mod change_column_type;
pub mod cluster;
pub mod column_type_rewrite;
pub mod concurrently_in_transaction;
pub mod create_index_blocking;
pub mod detach_partition_blocking;
pub mod down_drops_release_data;
pub mod down_migration_incomplete;
pub mod drop_column;
pub mod drop_default;
pub mod drop_index_blocking;
pub mod drop_not_null;
pub mod drop_object;
pub mod drop_table;
pub mod duplicate_migration_version;
pub mod enum_value_added;
pub mod enum_value_removed;
pub mod enum_value_renamed;
pub mod lock_without_timeout;
pub mod migration_out_of_order;
pub mod missing_down_migration;
pub mod mysql_copy_alter;
pub mod primary_key_changed;
pub mod reindex_blocking;
pub mod rename_column;
pub mod rename_object;
pub mod rename_table;
pub mod set_not_null;
pub mod set_not_null_scans_table;
pub mod set_schema;
pub mod sqlite_table_rebuild;
pub mod statements_after_exclusive_lock;
pub mod truncate;
pub mod types;
pub mod unparsed_statement;
pub mod vacuum_full;
pub mod validate_in_same_transaction;
pub mod widen_column_type;

/// A statement of the release, and the schema it applies to.
pub struct Context<'a> {
    /// The old history replayed, plus the release's statements before this one.
    pub schema: &'a Schema,
    /// The old history replayed: what exists before the release.
    pub base: &'a Schema,
    pub statement: &'a Statement,
    /// Where the statement is, in the new version.
    pub span: Span,
    pub dialect: Dialect,
    pub version: ServerVersion,
    /// What the earlier statements of the same script left in effect.
    pub script: &'a Session,
    /// The statements after this one in the same script.
    pub rest: &'a [Statement],
    /// The key of the table this statement alters, when it is an `ALTER TABLE` (computed once
    /// for every rule).
    pub altered: Option<String>,
}

impl<'a> Context<'a> {
    pub fn parsed(&self) -> Option<&'a ast::Statement> {
        match &self.statement.kind {
            super::parse::StatementKind::Parsed(statement) => Some(statement),
            _ => None,
        }
    }

    /// The `ALTER TABLE` this statement is, with the table's key.
    pub fn alter_table(&self) -> Option<(&str, &'a ast::AlterTable)> {
        match (self.parsed()?, &self.altered) {
            (ast::Statement::AlterTable(alter), Some(key)) => Some((key.as_str(), alter)),
            _ => None,
        }
    }

    /// The `ALTER TABLE` this statement is, when the table predates the release (the release's
    /// own tables have no old code or rows to protect): with the table's definition when the
    /// history knows it.
    pub fn alter_existing_table(&self) -> Option<(Option<&'a Table>, &'a ast::AlterTable)> {
        let (key, alter) = self.alter_table()?;
        Some((self.predating_table(key)?, alter))
    }

    /// A table that predates the release: `None` when the release created it, `Some(None)` when
    /// the history does not know it (see [`Context::existing_table`]).
    pub fn predating_table(&self, key: &str) -> Option<Option<&'a Table>> {
        match self.existing_table(key) {
            Existing::No => None,
            Existing::Known(table) => Some(Some(table)),
            Existing::Unknown => Some(None),
        }
    }

    /// The key [`Context::altered`] holds for a statement.
    pub fn altered_key(statement: &Statement) -> Option<String> {
        match &statement.kind {
            super::parse::StatementKind::Parsed(parsed) => match parsed.as_ref() {
                ast::Statement::AlterTable(alter) => Some(object_key(&alter.name)),
                _ => None,
            },
            _ => None,
        }
    }

    /// A table that exists before the release, so old code and existing rows depend on it.
    /// Tables the history does not know count as existing: the history may start from a
    /// baseline, and silence would be the unsafe answer.
    /// A materialized view the release created counts as a table the release created: indexes
    /// on it wait for nobody.
    pub fn existing_table(&self, key: &str) -> Existing<'a> {
        match self.schema.tables.get(key) {
            Some(table) if table.origin.in_release => Existing::No,
            Some(table) => Existing::Known(table),
            None if self.schema.views.get(key).is_some_and(|v| v.in_release) => Existing::No,
            None => Existing::Unknown,
        }
    }

    /// A column of a table that exists before the release: `None` when the table or the column
    /// was created by the release (nothing old depends on it), `Some(None)` when the history
    /// does not know it.
    pub fn existing_column(&self, table: &str, column: &ast::Ident) -> Option<Option<&'a Column>> {
        match self.existing_table(table) {
            Existing::No => None,
            Existing::Unknown => Some(None),
            Existing::Known(table) => match table.column(&super::model::ident_key(column)) {
                Some(c) if c.origin.in_release => None,
                known => Some(known),
            },
        }
    }

    /// The origin of a named object (view, sequence, function, type, schema) in the schema as
    /// it stands: `None` when the release created it.
    pub fn existing_object(
        &self,
        map: &'a BTreeMap<String, Origin>,
        key: &str,
    ) -> Option<Option<&'a Origin>> {
        match map.get(key) {
            Some(origin) if origin.in_release => None,
            known => Some(known),
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.dialect == Dialect::Postgres
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

/// Adds the old-side frame when the object's definition is known and in the old version (a
/// down script meets objects its own release defined).
pub fn with_origin(finding: Finding, origin: Option<&Origin>, label: &str) -> Finding {
    match origin {
        Some(origin) if !origin.in_release => finding.at_old(origin.span, label),
        _ => finding,
    }
}

/// A statement rule.
pub type Check = fn(&Context<'_>, &mut Vec<Finding>);

/// Every statement rule, with its id.
pub const STATEMENT_RULES: &[(RuleId, Check)] = &[
    (drop_table::ID, drop_table::check),
    (drop_column::ID, drop_column::check),
    (drop_object::ID, drop_object::check),
    (rename_table::ID, rename_table::check),
    (rename_column::ID, rename_column::check),
    (rename_object::ID, rename_object::check),
    (set_schema::ID, set_schema::check),
    (add_not_null_column::ID, add_not_null_column::check),
    (add_nullable_column::ID, add_nullable_column::check),
    (set_not_null::ID, set_not_null::check),
    (drop_not_null::ID, drop_not_null::check),
    (drop_default::ID, drop_default::check),
    (widen_column_type::ID, widen_column_type::check),
    (change_column_type::ID, change_column_type::check),
    (add_constraint::ID, add_constraint::check),
    (primary_key_changed::ID, primary_key_changed::check),
    (enum_value_added::ID, enum_value_added::check),
    (enum_value_renamed::ID, enum_value_renamed::check),
    (enum_value_removed::ID, enum_value_removed::check),
    (truncate::ID, truncate::check),
    (create_index_blocking::ID, create_index_blocking::check),
    (drop_index_blocking::ID, drop_index_blocking::check),
    (reindex_blocking::ID, reindex_blocking::check),
    (
        concurrently_in_transaction::ID,
        concurrently_in_transaction::check,
    ),
    (
        add_foreign_key_without_not_valid::ID,
        add_foreign_key_without_not_valid::check,
    ),
    (
        add_check_without_not_valid::ID,
        add_check_without_not_valid::check,
    ),
    (
        validate_in_same_transaction::ID,
        validate_in_same_transaction::check,
    ),
    (
        add_unique_without_index::ID,
        add_unique_without_index::check,
    ),
    (
        set_not_null_scans_table::ID,
        set_not_null_scans_table::check,
    ),
    (column_type_rewrite::ID, column_type_rewrite::check),
    (
        add_column_default_rewrite::ID,
        add_column_default_rewrite::check,
    ),
    (
        add_stored_generated_column::ID,
        add_stored_generated_column::check,
    ),
    (add_identity_column::ID, add_identity_column::check),
    (vacuum_full::ID, vacuum_full::check),
    (cluster::ID, cluster::check),
    (
        detach_partition_blocking::ID,
        detach_partition_blocking::check,
    ),
    (lock_without_timeout::ID, lock_without_timeout::check),
    (
        statements_after_exclusive_lock::ID,
        statements_after_exclusive_lock::check,
    ),
    (mysql_copy_alter::ID, mysql_copy_alter::check),
    (sqlite_table_rebuild::ID, sqlite_table_rebuild::check),
    (unparsed_statement::ID, unparsed_statement::check),
];

#[cfg(test)]
mod tests;
