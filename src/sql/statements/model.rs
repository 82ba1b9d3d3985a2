//! The schema a migration history builds, with where each object was defined and whether the
//! release being checked created it.

use std::collections::BTreeMap;

use sqlparser::ast::{ObjectName, ObjectNamePart};

use crate::analyzer::Output;
use crate::core::{FileId, Span};

/// Where an object was defined, and whether that happened in this release. Rules about existing
/// rows and old code skip objects created in the release: no old code uses them yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub span: Span,
    pub in_release: bool,
}

impl Origin {
    /// `path:line` of where the object was defined, for notes.
    pub fn located(&self, out: &Output<'_>) -> String {
        let file = out.sources().get(self.span.file);
        let line = file.position(out.original(self.span).start()).line;
        format!("{}:{line}", file.path())
    }
}

#[derive(Debug, Clone, Default)]
pub struct Schema {
    pub schemas: BTreeMap<String, Origin>,
    pub tables: BTreeMap<String, Table>,
    pub indexes: BTreeMap<String, Index>,
    pub enums: BTreeMap<String, EnumType>,
    pub views: BTreeMap<String, Origin>,
    pub sequences: BTreeMap<String, Origin>,
    /// Functions and procedures by name (overloads share one entry).
    pub functions: BTreeMap<String, Origin>,
    /// Types other than enums: composite, range, domain.
    pub types: BTreeMap<String, Origin>,
    /// Tables the script being applied dropped, with that script's file: a table renamed into
    /// the place of one of them (a SQLite rebuild) is the old table with a new definition.
    pub dropped: BTreeMap<String, (FileId, Table)>,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// The name as written where it was created or last renamed.
    pub name: String,
    pub columns: Vec<Column>,
    pub constraints: Vec<Constraint>,
    pub origin: Origin,
    /// Whether the model knows every column: not for a table created from a query
    /// (`CREATE TABLE ... AS SELECT`) or by a statement compat could not read.
    pub columns_known: bool,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.key == name)
    }

    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.key == name)
    }

    /// The keys of the columns an expression (a check's) reads.
    pub fn columns_read_by(&self, expression: &str) -> Vec<String> {
        self.columns
            .iter()
            .filter(|c| super::normal::mentions(expression, &c.key))
            .map(|c| c.key.clone())
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    /// The name as written.
    pub name: String,
    /// The name as the database compares it (see [`ident_key`]).
    pub key: String,
    pub data_type: String,
    pub nullable: bool,
    pub default: Option<String>,
    /// A default evaluated per row (`random()`, `gen_random_uuid()`, `nextval(...)`): adding
    /// such a column rewrites the table.
    pub volatile_default: bool,
    /// `GENERATED ALWAYS AS (...) STORED`: computed and written for every row.
    pub stored_generated: bool,
    pub origin: Origin,
    /// The statement that gave the column its current nullability: its definition, or the last
    /// `DROP NOT NULL` / `SET NOT NULL` / restatement.
    pub nullability: Origin,
}

impl Column {
    /// Where a nullable column became nullable, and how to say it: rules that tighten it frame
    /// that place.
    pub fn nullable_since(&self) -> (&Origin, &'static str) {
        if self.nullability == self.origin {
            (&self.origin, "nullable column defined here")
        } else {
            (&self.nullability, "made nullable here")
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    PrimaryKey,
    Unique,
    Check,
    ForeignKey,
}

#[derive(Debug, Clone)]
pub struct Constraint {
    /// The constraint's key, when it has a name.
    pub name: Option<String>,
    pub kind: ConstraintKind,
    pub columns: Vec<String>,
    /// Key of the referenced table, for a foreign key.
    pub references: Option<String>,
    /// The check expression as written, for a check.
    pub expression: Option<String>,
    /// `false` while a constraint added `NOT VALID` has not been validated.
    pub validated: bool,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Index {
    /// Key of the table it indexes.
    pub table: String,
    /// Keys of the plain columns it covers; dropping one of them drops the index.
    pub columns: Vec<String>,
    pub unique: bool,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct EnumType {
    pub name: String,
    pub values: Vec<String>,
    pub origin: Origin,
}

pub use crate::sql::parse::ident_key;

/// How an object name is looked up: its parts' keys joined by `.`, without the default `public`
/// schema, so `public.users`, `users` and `"users"` are one table.
pub fn object_key(name: &ObjectName) -> String {
    let parts: Vec<String> = name
        .0
        .iter()
        .map(|part| match part {
            ObjectNamePart::Identifier(ident) => ident_key(ident),
            other => other.to_string(),
        })
        .collect();
    match parts.as_slice() {
        [schema, rest @ ..] if schema == "public" && !rest.is_empty() => rest.join("."),
        _ => parts.join("."),
    }
}

/// The key of `name` with its last part replaced, keeping the schema (`s.a` renamed to `b` is
/// `s.b`).
pub fn sibling_key(of: &str, last: &str) -> String {
    match of.rsplit_once('.') {
        Some((schema, _)) => format!("{schema}.{last}"),
        None => last.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::ast::Ident;

    fn name(parts: &[(&str, bool)]) -> ObjectName {
        ObjectName::from(
            parts
                .iter()
                .map(|(value, quoted)| {
                    if *quoted {
                        Ident::with_quote('"', *value)
                    } else {
                        Ident::new(*value)
                    }
                })
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn names_fold_like_the_database() {
        assert_eq!(object_key(&name(&[("Users", false)])), "users");
        assert_eq!(object_key(&name(&[("Users", true)])), "Users");
        assert_eq!(
            object_key(&name(&[("PUBLIC", false), ("users", false)])),
            "users"
        );
        assert_eq!(
            object_key(&name(&[("billing", false), ("Users", false)])),
            "billing.users"
        );
        assert_eq!(sibling_key("billing.a", "b"), "billing.b");
        assert_eq!(sibling_key("a", "b"), "b");
    }
}
