//! Column type changes: which ones only widen what a column accepts, and which ones PostgreSQL
//! applies without rewriting the table.

use sqlparser::ast::{AlterColumnOperation, AlterTableOperation, Ident};

use super::Context;
use crate::sql::statements::model::Column;
use crate::sql::statements::normal::{SqlType, same_type};

/// A column of an existing table given a new type by this statement.
pub struct TypeChange<'a> {
    pub table: String,
    pub column: &'a Ident,
    pub new_type: String,
    /// The column as the history defines it, when known.
    pub known: Option<&'a Column>,
    /// `USING expr`: PostgreSQL computes every value again.
    pub using: bool,
}

impl TypeChange<'_> {
    /// The old type, when the history knows it.
    pub fn old_type(&self) -> Option<&str> {
        self.known.map(|c| c.data_type.as_str())
    }
}

/// Every type change of this `ALTER TABLE` on a column that predates the release, whose type
/// really changes (a MySQL `MODIFY` restating the same type is not a change).
pub fn type_changes<'a>(cx: &Context<'a>) -> Vec<TypeChange<'a>> {
    let Some((key, alter)) = cx.alter_table() else {
        return Vec::new();
    };
    let mut changes = Vec::new();
    for operation in &alter.operations {
        let (column, new_type, using) = match operation {
            AlterTableOperation::AlterColumn {
                column_name,
                op:
                    AlterColumnOperation::SetDataType {
                        data_type, using, ..
                    },
            } => (column_name, data_type.to_string(), using.is_some()),
            AlterTableOperation::ModifyColumn {
                col_name,
                data_type,
                ..
            } => (col_name, data_type.to_string(), false),
            AlterTableOperation::ChangeColumn {
                old_name,
                data_type,
                ..
            } => (old_name, data_type.to_string(), false),
            _ => continue,
        };
        let Some(known) = cx.existing_column(key, column) else {
            continue;
        };
        if known.is_some_and(|c| same_type(&c.data_type, &new_type)) {
            continue;
        }
        // A restated MySQL column is only a type change when the history knows the old type.
        if known.is_none() && !matches!(operation, AlterTableOperation::AlterColumn { .. }) {
            continue;
        }
        changes.push(TypeChange {
            table: alter.name.to_string(),
            column,
            new_type,
            known,
            using,
        });
    }
    changes
}

/// Whether every value of `old` is a value of `new` with the same meaning: a longer or unbounded
/// string, more digits before the point, a larger integer.
pub fn widens(old: &str, new: &str) -> bool {
    let (old, new) = (SqlType::parse(old), SqlType::parse(new));
    let int_rank = |base: &str| match base {
        "smallint" => Some(1),
        "int" => Some(2),
        "bigint" => Some(3),
        _ => None,
    };
    if old.array != new.array {
        return false;
    }
    match (old.base.as_str(), new.base.as_str()) {
        ("varchar", "varchar") => match (old.params.first(), new.params.first()) {
            (Some(a), Some(b)) => b >= a,
            (_, None) => true,
            (None, Some(_)) => false,
        },
        ("varchar" | "char", "text") => true,
        ("numeric", "numeric") => match (old.params.as_slice(), new.params.as_slice()) {
            (_, []) => true,
            ([p], [q]) => q >= p,
            ([p, s], [q, t]) => t == s && q >= p,
            ([p], [q, 0]) => q >= p,
            _ => false,
        },
        (a, b) => match (int_rank(a), int_rank(b)) {
            (Some(x), Some(y)) => y >= x,
            _ => false,
        },
    }
}

/// Whether PostgreSQL changes `old` to `new` in the catalog only, without rewriting the table or
/// its indexes: longer or unbounded varchar, varchar to text, numeric precision raised at the same
/// scale.
pub fn changes_without_rewrite(old: &str, new: &str) -> bool {
    let (o, n) = (SqlType::parse(old), SqlType::parse(new));
    if o == n {
        return true;
    }
    match (o.base.as_str(), n.base.as_str()) {
        ("varchar", "varchar") | ("numeric", "numeric") => widens(old, new),
        ("varchar", "text") | ("text", "varchar") => n.params.is_empty() || o.base == "varchar",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widenings_are_told_from_other_changes() {
        assert!(widens("VARCHAR(20)", "character varying(50)"));
        assert!(widens("varchar(20)", "TEXT"));
        assert!(!widens("TEXT", "varchar(20)"));
        assert!(!widens("varchar(50)", "varchar(20)"));
        assert!(widens("NUMERIC(10,2)", "numeric(12, 2)"));
        assert!(!widens("numeric(10,2)", "numeric(12,3)"));
        assert!(widens("INT", "BIGINT"));
        assert!(!widens("BIGINT", "INT"));
        assert!(!widens("text", "int"));
    }

    #[test]
    fn rewrites_follow_postgresql() {
        assert!(changes_without_rewrite("varchar(20)", "varchar(50)"));
        assert!(changes_without_rewrite("varchar(20)", "text"));
        assert!(changes_without_rewrite("numeric(10,2)", "numeric(12,2)"));
        assert!(!changes_without_rewrite("int", "bigint"));
        assert!(!changes_without_rewrite("varchar(50)", "varchar(20)"));
        assert!(!changes_without_rewrite("timestamp", "timestamptz"));
    }
}
