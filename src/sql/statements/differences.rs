//! Compares two schema models: what one has that the other lacks or defines differently. Used to
//! check that a down migration restores the schema its up migration started from.

use std::collections::BTreeMap;

use super::model::{Column, Constraint, ConstraintKind, Origin, Schema, Table};
use super::normal::{default_key, expression_key, same_type};

/// One way in which `actual` is not `expected`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// What differs, worded about `actual`: "table `orders` is missing".
    pub message: String,
    /// Where `expected` defines the object, when it has it.
    pub expected: Option<Origin>,
    /// Where `actual` got the object, when it has it.
    pub actual: Option<Origin>,
    /// An object `actual` has beyond `expected` that code written for `expected` does not
    /// notice: a table, a nullable or defaulted column, a non-unique index, a view, a type.
    pub harmless: bool,
}

impl Difference {
    fn missing(what: String, origin: Origin) -> Self {
        Difference {
            message: format!("{what} is missing"),
            expected: Some(origin),
            actual: None,
            harmless: false,
        }
    }

    fn left_over(what: String, origin: Origin, harmless: bool) -> Self {
        Difference {
            message: format!("{what} is still there"),
            expected: None,
            actual: Some(origin),
            harmless,
        }
    }
}

/// Every difference, in a stable order. Enum values `actual` has beyond `expected` are left out:
/// PostgreSQL cannot drop an enum value, so no down migration can remove one.
pub fn differences(expected: &Schema, actual: &Schema) -> Vec<Difference> {
    let mut found = Vec::new();
    for (key, table) in &expected.tables {
        match actual.tables.get(key) {
            None => found.push(Difference::missing(
                format!("table `{}`", table.name),
                table.origin,
            )),
            Some(now) => compare_tables(table, now, &mut found),
        }
    }
    for (key, table) in &actual.tables {
        if !expected.tables.contains_key(key) {
            found.push(Difference::left_over(
                format!("table `{}`", table.name),
                table.origin,
                true,
            ));
        }
    }
    for (key, index) in &expected.indexes {
        if !actual.indexes.contains_key(key) {
            found.push(Difference::missing(format!("index `{key}`"), index.origin));
        }
    }
    for (key, index) in &actual.indexes {
        if !expected.indexes.contains_key(key) {
            found.push(Difference::left_over(
                format!("index `{key}`"),
                index.origin,
                !index.unique,
            ));
        }
    }
    for (key, enum_type) in &expected.enums {
        match actual.enums.get(key) {
            None => found.push(Difference::missing(
                format!("enum type `{}`", enum_type.name),
                enum_type.origin,
            )),
            Some(now) => {
                for value in enum_type.values.iter().filter(|v| !now.values.contains(v)) {
                    found.push(Difference {
                        message: format!(
                            "enum type `{}` lacks the value '{value}'",
                            enum_type.name
                        ),
                        expected: Some(enum_type.origin),
                        actual: Some(now.origin),
                        harmless: false,
                    });
                }
            }
        }
    }
    for (key, enum_type) in &actual.enums {
        if !expected.enums.contains_key(key) {
            found.push(Difference::left_over(
                format!("enum type `{}`", enum_type.name),
                enum_type.origin,
                true,
            ));
        }
    }
    let named = [
        ("view", &expected.views, &actual.views),
        ("sequence", &expected.sequences, &actual.sequences),
        ("function", &expected.functions, &actual.functions),
        ("type", &expected.types, &actual.types),
        ("schema", &expected.schemas, &actual.schemas),
    ];
    for (kind, expected, actual) in named {
        compare_named(kind, expected, actual, &mut found);
    }
    found
}

fn compare_named(
    kind: &str,
    expected: &BTreeMap<String, Origin>,
    actual: &BTreeMap<String, Origin>,
    found: &mut Vec<Difference>,
) {
    for (key, origin) in expected {
        if !actual.contains_key(key) {
            found.push(Difference::missing(format!("{kind} `{key}`"), *origin));
        }
    }
    for (key, origin) in actual {
        if !expected.contains_key(key) {
            found.push(Difference::left_over(
                format!("{kind} `{key}`"),
                *origin,
                true,
            ));
        }
    }
}

fn compare_tables(expected: &Table, actual: &Table, found: &mut Vec<Difference>) {
    if !(expected.columns_known && actual.columns_known) {
        // A table created from a query: what it holds is not known, so not compared.
        return;
    }
    for column in &expected.columns {
        let what = format!("column `{}.{}`", expected.name, column.name);
        match actual.column(&column.key) {
            None => found.push(Difference::missing(what, column.origin)),
            Some(now) => {
                for change in column_changes(column, now) {
                    found.push(Difference {
                        message: format!("{what} {change}"),
                        expected: Some(column.origin),
                        actual: Some(now.origin),
                        harmless: false,
                    });
                }
            }
        }
    }
    for column in &actual.columns {
        if expected.column(&column.key).is_none() {
            found.push(Difference::left_over(
                format!("column `{}.{}`", actual.name, column.name),
                column.origin,
                column.nullable || column.default.is_some(),
            ));
        }
    }
    for constraint in &expected.constraints {
        if !has_constraint(actual, constraint) {
            found.push(Difference::missing(
                describe(&expected.name, constraint),
                constraint.origin,
            ));
        }
    }
    for constraint in &actual.constraints {
        if !has_constraint(expected, constraint) {
            found.push(Difference::left_over(
                describe(&actual.name, constraint),
                constraint.origin,
                false,
            ));
        }
    }
}

/// How `now` differs from `was`, one phrase per attribute.
fn column_changes(was: &Column, now: &Column) -> Vec<String> {
    let mut changes = Vec::new();
    if !same_type(&was.data_type, &now.data_type) {
        changes.push(format!(
            "has type `{}` instead of `{}`",
            now.data_type, was.data_type
        ));
    }
    match (was.nullable, now.nullable) {
        (true, false) => changes.push("is NOT NULL, but was nullable".to_owned()),
        (false, true) => changes.push("is nullable, but was NOT NULL".to_owned()),
        _ => {}
    }
    if default_key(was.default.as_deref()) != default_key(now.default.as_deref()) {
        changes.push(match (&was.default, &now.default) {
            (Some(d), None) => format!("has no default, but had `{d}`"),
            (None, Some(d)) => format!("has the default `{d}`, but had none"),
            (Some(a), Some(b)) => format!("has the default `{b}` instead of `{a}`"),
            (None, None) => String::new(),
        });
    }
    changes
}

/// Constraints are the same when they constrain the same thing, whatever their names.
fn same_constraint(a: &Constraint, b: &Constraint) -> bool {
    a.kind == b.kind
        && a.columns == b.columns
        && a.references == b.references
        && a.expression.as_deref().map(expression_key)
            == b.expression.as_deref().map(expression_key)
}

/// Whether `table` has `constraint` or something that enforces it: a unique constraint on the
/// columns of the primary key adds nothing to it.
fn has_constraint(table: &Table, constraint: &Constraint) -> bool {
    table.constraints.iter().any(|c| {
        same_constraint(c, constraint)
            || (constraint.kind == ConstraintKind::Unique
                && c.kind == ConstraintKind::PrimaryKey
                && c.columns == constraint.columns)
    })
}

fn describe(table: &str, constraint: &Constraint) -> String {
    let kind = match constraint.kind {
        ConstraintKind::PrimaryKey => "primary key",
        ConstraintKind::Unique => "unique constraint",
        ConstraintKind::Check => "check constraint",
        ConstraintKind::ForeignKey => "foreign key",
    };
    let what = match (&constraint.name, &constraint.expression) {
        (Some(name), _) => format!("`{name}`"),
        (None, Some(expression)) => format!("({expression})"),
        (None, None) => format!("({})", constraint.columns.join(", ")),
    };
    format!("{kind} {what} on `{table}`")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Side, Sources};
    use crate::sql::parse::{Wrap, statements};
    use crate::sql::statements::replay::{Provenance, apply};
    use sqlparser::dialect::PostgreSqlDialect;

    fn build(sources: &mut Sources, text: &str) -> Schema {
        let file = sources.add(format!("{}.sql", sources.len()), Side::Old, text);
        let mut schema = Schema::default();
        let place = Provenance {
            file,
            in_release: false,
        };
        for statement in
            statements(text, None, &PostgreSqlDialect {}, Wrap::None).expect("tokenizes")
        {
            apply(&mut schema, &statement, place);
        }
        schema
    }

    fn messages(expected: &str, actual: &str) -> Vec<String> {
        let mut sources = Sources::new();
        let expected = build(&mut sources, expected);
        let actual = build(&mut sources, actual);
        differences(&expected, &actual)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn equal_schemas_have_no_differences() {
        let text = "CREATE TABLE t (a int NOT NULL, b text DEFAULT 'x', CHECK (a > 0));\n\
                    CREATE INDEX t_a ON t (a);\nCREATE TYPE e AS ENUM ('x');";
        assert_eq!(messages(text, text), Vec::<String>::new());
    }

    #[test]
    fn every_kind_of_difference_is_worded() {
        let found = messages(
            "CREATE TABLE t (a int NOT NULL, b text, c text);\nCREATE TYPE e AS ENUM ('x', 'y');\n\
             CREATE VIEW v AS SELECT 1;",
            "CREATE TABLE t (a bigint, b text DEFAULT 'z', d text);\nCREATE TABLE u (x int);\n\
             CREATE TYPE e AS ENUM ('x', 'z');",
        );
        assert_eq!(
            found,
            [
                "column `t.a` has type `BIGINT` instead of `INT`",
                "column `t.a` is nullable, but was NOT NULL",
                "column `t.b` has the default `'z'`, but had none",
                "column `t.c` is missing",
                "column `t.d` is still there",
                "table `u` is still there",
                "enum type `e` lacks the value 'y'",
                "view `v` is missing",
            ]
        );
    }

    #[test]
    fn spellings_postgresql_stores_alike_are_equal() {
        let found = messages(
            "CREATE TABLE t (a int NOT NULL UNIQUE, b varchar(20) DEFAULT 'x', c text DEFAULT NULL,\n\
             d timestamptz, CHECK (a > 0));",
            "CREATE TABLE t (a integer NOT NULL, b character varying(20) DEFAULT \
             'x'::character varying, c text, d timestamp with time zone);\n\
             ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a), ADD CONSTRAINT t_a_check CHECK ((a > 0));",
        );
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn unnamed_constraints_are_dropped_by_the_names_postgresql_gives_them() {
        let found = messages(
            "CREATE TABLE t (a int UNIQUE, b int CHECK (b > 0), c int REFERENCES u);",
            "CREATE TABLE t (a int UNIQUE, b int CHECK (b > 0), c int REFERENCES u);\n\
             ALTER TABLE t DROP CONSTRAINT t_a_key, DROP CONSTRAINT t_b_check, \
             DROP CONSTRAINT t_c_fkey;",
        );
        assert_eq!(
            found,
            [
                "unique constraint `t_a_key` on `t` is missing",
                "check constraint `t_b_check` on `t` is missing",
                "foreign key `t_c_fkey` on `t` is missing",
            ]
        );
    }
}
