//! What a statement rule sees: one statement of a script the release adds, the schema as it
//! stands just before it, and what the script's earlier statements left in effect.

use std::collections::BTreeMap;

use sqlparser::ast;

use super::model::{Column, Origin, Schema, Table, object_key};
use super::state::ScriptState;
use super::version::ServerVersion;
use crate::core::{Finding, Span};
use crate::input::config::Dialect;
use crate::sql::parse::{Statement, StatementKind};

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
    pub state: &'a ScriptState,
    /// The statements after this one in the same script.
    pub rest: &'a [Statement],
    /// The key of the table this statement alters, when it is an `ALTER TABLE` (computed once
    /// for every rule).
    pub altered: Option<String>,
}

impl<'a> Context<'a> {
    pub fn parsed(&self) -> Option<&'a ast::Statement> {
        match &self.statement.kind {
            StatementKind::Parsed(statement) => Some(statement),
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
            StatementKind::Parsed(parsed) => match parsed.as_ref() {
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
