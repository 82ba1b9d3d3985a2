//! One function per rule. Statement rules look at one statement of a migration the release adds,
//! with the schema as it stands just before that statement ([`Context`]), and word what they
//! find; [`STATEMENT_RULES`] lists them. Migration rules (`applied-migration-*`,
//! `migration-out-of-order`, `missing-down-migration`, the down-migration rules) are called by
//! the migration pipeline where their case arises; the rules a schema dump can show also
//! compare its tables, columns, enums and objects ([`TABLE_RULES`] and the others below).
//! The rule's class, windows and effect are on its page in `rules/sql/`.

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
pub mod drop_if_exists_unknown;
pub mod drop_index_blocking;
pub mod drop_not_null;
pub mod drop_object;
pub mod drop_table;
pub mod duplicate_migration_version;
pub mod dynamic_sql;
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
pub mod unparsed_statement;
pub mod unresolved_placeholder;
pub mod vacuum_full;
pub mod validate_in_same_transaction;
pub mod widen_column_type;

// Each rule declares the id of its page.
include!(concat!(env!("OUT_DIR"), "/rules_sql.rs"));
pub mod types;

use crate::core::{Change, Finding, RuleId};
pub use crate::sql::statements::context::{Check, Context, Existing, with_origin};
use crate::sql::statements::model::{Column, EnumType, Origin, Table};

/// Compares a table of two schema dumps (a file that holds the whole schema, rewritten).
pub type TableRule = fn(&Change<&Table>, &mut Vec<Finding>);
/// Compares a column of a table both dumps have (the new table given).
pub type ColumnRule = fn(&Table, &Change<&Column>, &mut Vec<Finding>);
pub type EnumRule = fn(&Change<&EnumType>, &mut Vec<Finding>);
/// Compares a named object of a kind (`view`, `sequence`, `function`, `type`, `schema`).
pub type ObjectRule = fn(&str, &str, &Change<&Origin>, &mut Vec<Finding>);

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
    (dynamic_sql::ID, dynamic_sql::check),
];

pub const TABLE_RULES: &[TableRule] = &[drop_table::check_dump];

pub const COLUMN_RULES: &[ColumnRule] = &[
    drop_column::check_dump,
    widen_column_type::check_dump,
    change_column_type::check_dump,
    set_not_null::check_dump,
    drop_not_null::check_dump,
    drop_default::check_dump,
    add_not_null_column::check_dump,
    add_nullable_column::check_dump,
];

pub const ENUM_RULES: &[EnumRule] = &[
    drop_object::check_dump_enum,
    enum_value_removed::check_dump,
    enum_value_added::check_dump,
];

pub const OBJECT_RULES: &[ObjectRule] = &[drop_object::check_dump];

/// A column both dumps have, changed as `what` says, framed at both definitions.
pub fn column_changed(
    rule: RuleId,
    table: &Table,
    old: &Column,
    new: &Column,
    what: &str,
    label: &str,
) -> Finding {
    Finding::new(rule, format!("column `{}.{}` {what}", table.name, new.name))
        .at_new(new.origin.span, label)
        .at_old(old.origin.span, "defined here")
}

#[cfg(test)]
mod tests;
