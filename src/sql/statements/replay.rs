//! Applies statements, in order, to a [`Schema`]. Statements about objects the model does not know
//! (created before the history starts, or by a statement that was not understood) change nothing.

use sqlparser::ast::{
    self, AlterColumnOperation, AlterFunctionOperation, AlterIndexOperation, AlterSchemaOperation,
    AlterTableOperation, AlterTypeOperation, AlterViewOperation, ColumnDef, ColumnOption, Expr,
    IndexColumn, ObjectType, RenameTableNameKind, SchemaName, TableConstraint,
    UserDefinedTypeRepresentation,
};

use super::model::{
    Column, Constraint, ConstraintKind, EnumType, Index, Origin, Schema, Table, ident_key,
    object_key, sibling_key,
};
use super::normal::{SqlType, default_key, implicit_name, mentions};
use crate::core::{FileId, Span};
use crate::sql::parse::opaque::{Object, Touch};
use crate::sql::parse::{Recognized, Statement, StatementKind};

/// Where the statements being applied come from.
#[derive(Debug, Clone, Copy)]
pub struct Provenance {
    pub file: FileId,
    /// Whether the statement belongs to a migration the release adds.
    pub in_release: bool,
}

impl Provenance {
    fn origin(self, range: std::ops::Range<usize>) -> Origin {
        Origin {
            span: Span::new(self.file, range),
            in_release: self.in_release,
        }
    }
}

pub fn apply(schema: &mut Schema, statement: &Statement, place: Provenance) {
    match &statement.kind {
        StatementKind::Parsed(parsed) => apply_parsed(schema, statement, parsed, place),
        StatementKind::Unparsed {
            touches: Some(touch),
            ..
        }
        | StatementKind::Recognized(Recognized::Object(touch)) => {
            apply_touch(schema, touch, place.origin(statement.span.clone()), place)
        }
        StatementKind::Recognized(Recognized::DropIndexConcurrently { names }) => {
            for name in names {
                schema.indexes.remove(&loose_key(name));
            }
        }
        StatementKind::Recognized(Recognized::SetSchema {
            object,
            name,
            schema: target,
        }) => {
            let key = loose_key(name);
            let last = key.rsplit('.').next().unwrap_or(&key);
            let moved = format!("{}.{last}", loose_key(target));
            move_object(schema, object, &key, moved);
        }
        StatementKind::Recognized(Recognized::Rename { object, name, to }) => {
            let key = loose_key(name);
            let moved = sibling_key(&key, &loose_key(to));
            move_object(schema, object, &key, moved);
        }
        StatementKind::Recognized(
            Recognized::Reindex { .. }
            | Recognized::Cluster { .. }
            | Recognized::AlterSequence
            | Recognized::Comment
            | Recognized::AlterConstraint
            | Recognized::Statistics,
        )
        | StatementKind::Unparsed { touches: None, .. }
        | StatementKind::Dynamic
        | StatementKind::TooDeep { .. }
        | StatementKind::NotParsed => {}
    }
}

/// What an unparsed statement was read to create or drop: the object by name, without its
/// definition (a table without columns).
fn apply_touch(schema: &mut Schema, touch: &Touch, whole: Origin, place: Provenance) {
    let keys = touch.names.iter().map(|name| loose_key(name));
    if !touch.creates {
        for key in keys {
            let object_type = match touch.object {
                Object::Table => ObjectType::Table,
                Object::Index => ObjectType::Index,
                Object::View => ObjectType::View,
                Object::Type => ObjectType::Type,
                Object::Sequence => ObjectType::Sequence,
                Object::Schema => ObjectType::Schema,
                Object::Function => {
                    schema.functions.remove(&key);
                    continue;
                }
            };
            drop_object(schema, object_type, &key, place.file);
        }
        return;
    }
    if let (Object::Index, Some(table)) = (touch.object, &touch.on) {
        let table = loose_key(table);
        let key = match touch.names.first() {
            Some(name) => sibling_key(&table, &loose_key(name)),
            None => format!("{table}_idx"),
        };
        let index = Index {
            table,
            columns: Vec::new(),
            unique: false,
            origin: whole,
        };
        schema.indexes.entry(key).or_insert(index);
        return;
    }
    for (key, name) in keys.zip(&touch.names) {
        match touch.object {
            Object::Table => {
                let table = Table {
                    name: name.clone(),
                    columns: Vec::new(),
                    constraints: Vec::new(),
                    origin: whole,
                    columns_known: false,
                };
                schema.tables.entry(key).or_insert(table);
            }
            Object::View => {
                schema.views.entry(key).or_insert(whole);
            }
            Object::Type => {
                schema.types.entry(key).or_insert(whole);
            }
            Object::Sequence => {
                schema.sequences.entry(key).or_insert(whole);
            }
            Object::Schema => {
                schema.schemas.entry(key).or_insert(whole);
            }
            Object::Function => {
                schema.functions.insert(key, whole);
            }
            // Without its table (`ON` not found), an index has no place in the model.
            Object::Index => {}
        }
    }
}

/// Re-keys an object renamed or moved to another schema; `object` is the keyword after ALTER.
fn move_object(schema: &mut Schema, object: &str, from: &str, to: String) {
    match object {
        "TABLE" => rename_table(schema, from, to, None),
        "SEQUENCE" => rekey(&mut schema.sequences, from, to),
        "VIEW" | "MATERIALIZED" => rekey(&mut schema.views, from, to),
        "FUNCTION" | "PROCEDURE" => rekey(&mut schema.functions, from, to),
        "TYPE" | "DOMAIN" => {
            if schema.enums.contains_key(from) {
                rekey(&mut schema.enums, from, to);
            } else {
                rekey(&mut schema.types, from, to);
            }
        }
        _ => {}
    }
}

fn rekey<T>(map: &mut std::collections::BTreeMap<String, T>, from: &str, to: String) {
    if let Some(value) = map.remove(from) {
        map.insert(to, value);
    }
}

/// The key of a name taken from tokens (`"A".b`): unquoted parts fold to lower case.
pub fn loose_key(name: &str) -> String {
    let key: Vec<String> = name
        .split('.')
        .map(
            |part| match part.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
                Some(quoted) => quoted.to_owned(),
                None => part.to_lowercase(),
            },
        )
        .collect();
    match key.as_slice() {
        [schema, rest @ ..] if schema == "public" && !rest.is_empty() => rest.join("."),
        _ => key.join("."),
    }
}

fn apply_parsed(
    schema: &mut Schema,
    statement: &Statement,
    parsed: &ast::Statement,
    place: Provenance,
) {
    let whole = place.origin(statement.span.clone());
    match parsed {
        ast::Statement::CreateTable(create) => {
            let key = object_key(&create.name);
            if create.if_not_exists && schema.tables.contains_key(&key) {
                return;
            }
            let mut table = Table {
                name: create.name.to_string(),
                columns: Vec::new(),
                constraints: Vec::new(),
                origin: whole,
                columns_known: create.query.is_none()
                    && create.like.is_none()
                    && create.clone.is_none(),
            };
            for column in &create.columns {
                add_column(&mut table, column, statement, place);
            }
            for constraint in &create.constraints {
                add_constraint(&mut table, constraint, true, whole);
            }
            schema.tables.insert(key, table);
        }
        ast::Statement::AlterTable(alter) => {
            let key = object_key(&alter.name);
            for operation in &alter.operations {
                alter_table(schema, &key, operation, statement, place);
            }
        }
        ast::Statement::RenameTable(renames) => {
            for rename in renames {
                rename_table(
                    schema,
                    &object_key(&rename.old_name),
                    object_key(&rename.new_name),
                    Some(place.file),
                );
            }
        }
        ast::Statement::Drop {
            object_type, names, ..
        } => {
            for name in names {
                drop_object(schema, *object_type, &object_key(name), place.file);
            }
        }
        ast::Statement::CreateIndex(create) => {
            let table = object_key(&create.table_name);
            let key = match &create.name {
                Some(name) => sibling_key(&table, &object_key(name)),
                None => default_index_name(&table, &create.columns),
            };
            if !(create.if_not_exists && schema.indexes.contains_key(&key)) {
                schema.indexes.insert(
                    key,
                    Index {
                        columns: create.columns.iter().map(index_column_key).collect(),
                        table,
                        unique: create.unique,
                        origin: whole,
                    },
                );
            }
        }
        ast::Statement::AlterIndex {
            name,
            operation: AlterIndexOperation::RenameIndex { index_name },
        } => {
            let key = object_key(name);
            if let Some(index) = schema.indexes.remove(&key) {
                schema
                    .indexes
                    .insert(sibling_key(&key, &object_key(index_name)), index);
            }
        }
        ast::Statement::CreateType {
            name,
            representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
        } => {
            schema.types.remove(&object_key(name));
            schema.enums.insert(
                object_key(name),
                EnumType {
                    name: name.to_string(),
                    values: labels.iter().map(|l| l.value.clone()).collect(),
                    origin: whole,
                },
            );
        }
        ast::Statement::CreateType { name, .. } => {
            schema.types.insert(object_key(name), whole);
        }
        ast::Statement::AlterType(alter) => alter_type(schema, alter),
        ast::Statement::CreateView(view) => {
            schema.views.insert(object_key(&view.name), whole);
        }
        ast::Statement::AlterView(alter) => {
            let key = object_key(&alter.name);
            match &alter.operation {
                AlterViewOperation::RenameTo { new_name } => {
                    let to = sibling_key(&key, &object_key(new_name));
                    rekey(&mut schema.views, &key, to);
                }
                AlterViewOperation::SetSchema { schema_name } => {
                    let last = key.rsplit('.').next().unwrap_or(&key).to_owned();
                    let to = format!("{}.{last}", object_key(schema_name));
                    rekey(&mut schema.views, &key, to);
                }
                _ => {}
            }
        }
        ast::Statement::CreateFunction(create) => {
            schema.functions.insert(object_key(&create.name), whole);
        }
        ast::Statement::CreateProcedure { name, .. } => {
            schema.functions.insert(object_key(name), whole);
        }
        ast::Statement::DropFunction(drop) => {
            for function in &drop.func_desc {
                schema.functions.remove(&object_key(&function.name));
            }
        }
        ast::Statement::DropProcedure { proc_desc, .. } => {
            for function in proc_desc {
                schema.functions.remove(&object_key(&function.name));
            }
        }
        ast::Statement::AlterFunction(alter) => {
            let key = object_key(&alter.function.name);
            match &alter.operation {
                AlterFunctionOperation::RenameTo { new_name } => {
                    rekey(
                        &mut schema.functions,
                        &key,
                        sibling_key(&key, &ident_key(new_name)),
                    );
                }
                AlterFunctionOperation::SetSchema { schema_name } => {
                    let last = key.rsplit('.').next().unwrap_or(&key).to_owned();
                    let to = format!("{}.{last}", object_key(schema_name));
                    rekey(&mut schema.functions, &key, to);
                }
                _ => {}
            }
        }
        ast::Statement::AlterSchema(alter) => {
            for operation in &alter.operations {
                if let AlterSchemaOperation::Rename { name } = operation {
                    rekey(
                        &mut schema.schemas,
                        &object_key(&alter.name),
                        object_key(name),
                    );
                }
            }
        }
        ast::Statement::CreateSequence { name, .. } => {
            schema.sequences.insert(object_key(name), whole);
        }
        ast::Statement::CreateSchema { schema_name, .. } => {
            let name = match schema_name {
                SchemaName::Simple(name) | SchemaName::NamedAuthorization(name, _) => {
                    object_key(name)
                }
                SchemaName::UnnamedAuthorization(user) => ident_key(user),
            };
            schema.schemas.insert(name, whole);
        }
        _ => {}
    }
}

fn alter_table(
    schema: &mut Schema,
    key: &str,
    operation: &AlterTableOperation,
    statement: &Statement,
    place: Provenance,
) {
    if let AlterTableOperation::RenameTable { table_name } = operation {
        let (RenameTableNameKind::As(name) | RenameTableNameKind::To(name)) = table_name;
        let renamed = object_key(name);
        let renamed = if renamed.contains('.') {
            renamed
        } else {
            sibling_key(key, &renamed)
        };
        rename_table(schema, key, renamed, Some(place.file));
        return;
    }
    let Some(table) = schema.tables.get_mut(key) else {
        return;
    };
    let whole = place.origin(statement.span.clone());
    match operation {
        AlterTableOperation::AddColumn {
            if_not_exists,
            column_def,
            ..
        } if !(*if_not_exists && table.column(&ident_key(&column_def.name)).is_some()) => {
            add_column(table, column_def, statement, place);
        }
        AlterTableOperation::DropColumn { column_names, .. } => {
            for name in column_names {
                let name = ident_key(name);
                table.columns.retain(|c| c.key != name);
                // PostgreSQL drops the constraints that involve the column, checks included.
                table.constraints.retain(|c| {
                    !c.columns.contains(&name)
                        && !c.expression.as_deref().is_some_and(|e| mentions(e, &name))
                });
                // PostgreSQL drops the indexes on a dropped column with it.
                schema
                    .indexes
                    .retain(|_, index| index.table != key || !index.columns.contains(&name));
            }
        }
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => rename_column(table, &ident_key(old_column_name), new_column_name),
        AlterTableOperation::ChangeColumn {
            old_name,
            new_name,
            data_type,
            options,
            ..
        } => {
            rename_column(table, &ident_key(old_name), new_name);
            redefine_column(table, &ident_key(new_name), data_type, options, whole);
        }
        AlterTableOperation::ModifyColumn {
            col_name,
            data_type,
            options,
            ..
        } => redefine_column(table, &ident_key(col_name), data_type, options, whole),
        AlterTableOperation::AlterColumn { column_name, op } => {
            if let Some(column) = table.column_mut(&ident_key(column_name)) {
                alter_column(column, op, whole);
            }
        }
        AlterTableOperation::AddConstraint {
            constraint,
            not_valid,
        } => add_constraint(table, constraint, !not_valid, whole),
        AlterTableOperation::DropConstraint { name, .. }
        | AlterTableOperation::DropForeignKey { name, .. } => {
            let name = ident_key(name);
            table
                .constraints
                .retain(|c| c.name.as_deref() != Some(name.as_str()));
        }
        AlterTableOperation::DropPrimaryKey { .. } => table
            .constraints
            .retain(|c| c.kind != ConstraintKind::PrimaryKey),
        AlterTableOperation::ValidateConstraint { name } => {
            let name = ident_key(name);
            for constraint in &mut table.constraints {
                if constraint.name.as_deref() == Some(name.as_str()) {
                    constraint.validated = true;
                }
            }
        }
        AlterTableOperation::RenameConstraint { old_name, new_name } => {
            let old = ident_key(old_name);
            for constraint in &mut table.constraints {
                if constraint.name.as_deref() == Some(old.as_str()) {
                    constraint.name = Some(ident_key(new_name));
                }
            }
        }
        _ => {}
    }
}

fn add_column(table: &mut Table, column: &ColumnDef, statement: &Statement, place: Provenance) {
    let range = statement
        .clause_at(column.name.span.start)
        .unwrap_or_else(|| statement.span.clone());
    let origin = place.origin(range);
    let data_type = column.data_type.to_string();
    let mut added = Column {
        name: column.name.value.clone(),
        key: ident_key(&column.name),
        nullable: true,
        // serial types are integers with a sequence default.
        default: data_type
            .to_lowercase()
            .contains("serial")
            .then(|| "nextval(...)".to_owned()),
        volatile_default: false,
        stored_generated: false,
        data_type,
        origin,
        nullability: origin,
    };
    let options: Vec<ColumnOption> = column.options.iter().map(|o| o.option.clone()).collect();
    apply_column_options(&mut added, &options);
    let key = added.key.clone();
    // In the table before its constraints: a check is named after the columns it reads.
    table.columns.push(added);
    for definition in &column.options {
        let constraint = match &definition.option {
            ColumnOption::PrimaryKey(pk) => Some((ConstraintKind::PrimaryKey, pk.name.as_ref())),
            ColumnOption::Unique(unique) => Some((ConstraintKind::Unique, unique.name.as_ref())),
            ColumnOption::Check(check) => Some((ConstraintKind::Check, check.name.as_ref())),
            ColumnOption::ForeignKey(fk) => Some((ConstraintKind::ForeignKey, fk.name.as_ref())),
            _ => None,
        };
        if let Some((kind, name)) = constraint {
            let references = match &definition.option {
                ColumnOption::ForeignKey(fk) => Some(object_key(&fk.foreign_table)),
                _ => None,
            };
            let expression = match &definition.option {
                ColumnOption::Check(check) => Some(check.expr.to_string()),
                _ => None,
            };
            let mut constraint = Constraint {
                name: definition.name.as_ref().or(name).map(ident_key),
                kind,
                columns: vec![key.clone()],
                references,
                expression,
                validated: true,
                origin,
            };
            if constraint.name.is_none() {
                // PostgreSQL names a column's check like a table's: by the columns it reads.
                let named_by = if kind == ConstraintKind::Check {
                    checked_columns(table, &constraint)
                } else {
                    vec![key.clone()]
                };
                name_implicitly(table, &mut constraint, &named_by);
            }
            table.constraints.push(constraint);
        }
    }
}

/// Nullability and default from a column's options (`NOT NULL`, `DEFAULT`, identity, ...).
fn apply_column_options(column: &mut Column, options: &[ColumnOption]) {
    for option in options {
        match option {
            ColumnOption::NotNull | ColumnOption::PrimaryKey(_) => column.nullable = false,
            ColumnOption::Null => column.nullable = true,
            ColumnOption::Default(expr) => {
                column.default = Some(expr.to_string());
                column.volatile_default = is_volatile(expr);
            }
            ColumnOption::Identity(_) => column.default = Some(option.to_string()),
            ColumnOption::Generated {
                generation_expr,
                generation_expr_mode,
                ..
            } => {
                column.default = Some(option.to_string());
                column.stored_generated = generation_expr.is_some()
                    && !matches!(
                        generation_expr_mode,
                        Some(ast::GeneratedExpressionMode::Virtual)
                    );
            }
            ColumnOption::DialectSpecific(tokens)
                if tokens.iter().any(|t| {
                    t.to_string().eq_ignore_ascii_case("AUTO_INCREMENT")
                        || t.to_string().eq_ignore_ascii_case("AUTOINCREMENT")
                }) =>
            {
                column.default = Some("auto_increment".to_owned());
            }
            _ => {}
        }
    }
}

fn redefine_column(
    table: &mut Table,
    key: &str,
    data_type: &ast::DataType,
    options: &[ColumnOption],
    whole: Origin,
) {
    if let Some(column) = table.column_mut(key) {
        column.data_type = data_type.to_string();
        column.nullability = whole;
        // MySQL's MODIFY and CHANGE restate the whole column: what is not written is gone.
        column.nullable = true;
        column.default = None;
        column.volatile_default = false;
        apply_column_options(column, options);
    }
}

fn rename_column(table: &mut Table, old: &str, new: &ast::Ident) {
    let new_key = ident_key(new);
    for constraint in &mut table.constraints {
        for column in &mut constraint.columns {
            if column == old {
                column.clone_from(&new_key);
            }
        }
    }
    if let Some(column) = table.column_mut(old) {
        column.name = new.value.clone();
        column.key = new_key;
    }
}

fn alter_column(column: &mut Column, operation: &AlterColumnOperation, whole: Origin) {
    match operation {
        AlterColumnOperation::SetNotNull => {
            column.nullable = false;
            column.nullability = whole;
        }
        AlterColumnOperation::DropNotNull => {
            column.nullable = true;
            column.nullability = whole;
        }
        AlterColumnOperation::SetDefault { value } => {
            column.default = Some(value.to_string());
            column.volatile_default = is_volatile(value);
        }
        AlterColumnOperation::DropDefault => {
            column.default = None;
            column.volatile_default = false;
        }
        AlterColumnOperation::SetDataType { data_type, .. } => {
            column.data_type = data_type.to_string();
        }
        AlterColumnOperation::AddGenerated { .. } => {
            column.default = Some("generated identity".to_owned());
        }
        _ => {}
    }
}

fn add_constraint(
    table: &mut Table,
    constraint: &TableConstraint,
    validated: bool,
    origin: Origin,
) {
    let names = |columns: &[IndexColumn]| columns.iter().map(index_column_key).collect();
    let (kind, name, columns, references, expression) = match constraint {
        TableConstraint::PrimaryKey(pk) => (
            ConstraintKind::PrimaryKey,
            pk.name.as_ref(),
            names(&pk.columns),
            None,
            None,
        ),
        TableConstraint::Unique(unique) => (
            ConstraintKind::Unique,
            unique.name.as_ref(),
            names(&unique.columns),
            None,
            None,
        ),
        TableConstraint::ForeignKey(fk) => (
            ConstraintKind::ForeignKey,
            fk.name.as_ref(),
            fk.columns.iter().map(ident_key).collect(),
            Some(object_key(&fk.foreign_table)),
            None,
        ),
        TableConstraint::Check(check) => (
            ConstraintKind::Check,
            check.name.as_ref(),
            Vec::new(),
            None,
            Some(check.expr.to_string()),
        ),
        _ => return,
    };
    if kind == ConstraintKind::PrimaryKey {
        for column in &mut table.columns {
            if columns.contains(&column.key) {
                column.nullable = false;
            }
        }
    }
    let mut constraint = Constraint {
        name: name.map(ident_key),
        kind,
        columns,
        references,
        expression,
        validated,
        origin,
    };
    if constraint.name.is_none() {
        let checked = checked_columns(table, &constraint);
        name_implicitly(table, &mut constraint, &checked);
    }
    table.constraints.push(constraint);
}

/// The columns a constraint's name is made of: its own, or for a check, the one column its
/// expression reads (PostgreSQL names a check on several columns after the table alone).
fn checked_columns(table: &Table, constraint: &Constraint) -> Vec<String> {
    let Some(expression) = &constraint.expression else {
        return constraint.columns.clone();
    };
    let read = table.columns_read_by(expression);
    if read.len() == 1 { read } else { Vec::new() }
}

/// Gives an unnamed constraint the name PostgreSQL would (`orders_pkey`, `orders_email_key`,
/// `orders_user_id_fkey`, `orders_check`), numbered past the names the table already uses, so
/// that a later `DROP CONSTRAINT orders_email_key` finds it.
fn name_implicitly(table: &Table, constraint: &mut Constraint, columns: &[String]) {
    if constraint.name.is_some() {
        return;
    }
    let label = match constraint.kind {
        ConstraintKind::PrimaryKey => "pkey",
        ConstraintKind::Unique => "key",
        ConstraintKind::ForeignKey => "fkey",
        ConstraintKind::Check => "check",
    };
    let relation = loose_key(&table.name);
    let columns = if constraint.kind == ConstraintKind::PrimaryKey {
        &[][..]
    } else {
        columns
    };
    let taken = |name: &str| {
        table
            .constraints
            .iter()
            .any(|c| c.name.as_deref() == Some(name))
    };
    let mut name = implicit_name(&relation, columns, label);
    let mut pass = 0;
    while taken(&name) {
        pass += 1;
        name = implicit_name(&relation, columns, &format!("{label}{pass}"));
    }
    constraint.name = Some(name);
}

fn index_column_key(column: &IndexColumn) -> String {
    match &column.column.expr {
        Expr::Identifier(ident) => ident_key(ident),
        other => other.to_string(),
    }
}

/// PostgreSQL's name for an unnamed index: `<table>_<columns>_idx`.
fn default_index_name(table: &str, columns: &[IndexColumn]) -> String {
    let columns: Vec<String> = columns.iter().map(index_column_key).collect();
    format!("{table}_{}_idx", columns.join("_"))
}

/// Renames a table. When `file` dropped a table of the new name earlier (a SQLite rebuild:
/// copy, drop the original, rename the copy into its place), the renamed table is the original
/// with a new definition: it keeps the original's origin, and so do the columns it kept.
fn rename_table(schema: &mut Schema, old: &str, new: String, file: Option<FileId>) {
    let Some(mut table) = schema.tables.remove(old) else {
        return;
    };
    table.name.clone_from(&new);
    for index in schema.indexes.values_mut() {
        if index.table == old {
            index.table.clone_from(&new);
        }
    }
    // Foreign keys refer to the table itself, whatever it is called.
    for constraint in schema
        .tables
        .values_mut()
        .chain(std::iter::once(&mut table))
        .flat_map(|t| t.constraints.iter_mut())
    {
        if constraint.references.as_deref() == Some(old) {
            constraint.references = Some(new.clone());
        }
    }
    if let Some((dropped_in, original)) = schema.dropped.remove(&new)
        && Some(dropped_in) == file
    {
        table.origin = original.origin;
        for column in &mut table.columns {
            if let Some(kept) = original.column(&column.key) {
                column.origin = kept.origin;
            }
        }
    }
    schema.tables.insert(new, table);
}

fn drop_object(schema: &mut Schema, object_type: ObjectType, key: &str, file: FileId) {
    match object_type {
        ObjectType::Table => {
            schema
                .dropped
                .retain(|_, (dropped_in, _)| *dropped_in == file);
            if let Some(table) = schema.tables.remove(key) {
                schema.dropped.insert(key.to_owned(), (file, table));
            }
            schema.indexes.retain(|_, index| index.table != key);
        }
        ObjectType::View | ObjectType::MaterializedView => {
            schema.views.remove(key);
            // A materialized view's indexes go with it.
            schema.indexes.retain(|_, index| index.table != key);
        }
        ObjectType::Index => {
            schema.indexes.remove(key);
        }
        ObjectType::Sequence => {
            schema.sequences.remove(key);
        }
        ObjectType::Type => {
            schema.enums.remove(key);
            schema.types.remove(key);
        }
        ObjectType::Schema => {
            schema.schemas.remove(key);
        }
        _ => {}
    }
}

fn alter_type(schema: &mut Schema, alter: &ast::AlterType) {
    let key = object_key(&alter.name);
    match &alter.operation {
        AlterTypeOperation::AddValue(add) => {
            if let Some(values) = schema.enums.get_mut(&key).map(|e| &mut e.values)
                && !values.contains(&add.value.value)
            {
                values.push(add.value.value.clone());
            }
        }
        AlterTypeOperation::RenameValue(rename) => {
            if let Some(enum_type) = schema.enums.get_mut(&key) {
                for value in &mut enum_type.values {
                    if *value == rename.from.value {
                        value.clone_from(&rename.to.value);
                    }
                }
            }
            // A default stores the value, not its label: it shows the new label.
            let from = default_key(Some(&format!(
                "'{}'",
                rename.from.value.replace('\'', "''")
            )));
            let to = format!("'{}'", rename.to.value.replace('\'', "''"));
            for column in columns_of_type(schema, &key) {
                if default_key(column.default.as_deref()) == from {
                    column.default = Some(to.clone());
                }
            }
        }
        AlterTypeOperation::Rename(rename) => {
            let renamed = sibling_key(&key, &ident_key(&rename.new_name));
            // Columns refer to the type itself, whatever it is called.
            // The new name keeps the type's schema (`app.mood` renamed to `feeling` is
            // `app.feeling`).
            let written = match key.rsplit_once('.') {
                Some((schema, _)) => format!("{schema}.{}", rename.new_name),
                None => rename.new_name.to_string(),
            };
            for column in columns_of_type(schema, &key) {
                let array = SqlType::parse(&column.data_type).array;
                column.data_type = format!("{written}{}", if array { "[]" } else { "" });
            }
            if let Some(mut enum_type) = schema.enums.remove(&key) {
                enum_type.name = rename.new_name.to_string();
                schema.enums.insert(renamed, enum_type);
            }
        }
    }
}

/// The columns of every table whose type (or element type) is the user type `key`.
fn columns_of_type<'s>(schema: &'s mut Schema, key: &str) -> impl Iterator<Item = &'s mut Column> {
    let key = key.to_owned();
    schema
        .tables
        .values_mut()
        .flat_map(|table| table.columns.iter_mut())
        .filter(move |column| loose_key(&SqlType::parse(&column.data_type).base) == key)
}

/// Functions PostgreSQL evaluates once per row: a column default calling one of them makes
/// `ADD COLUMN` rewrite the table. `now()` and `CURRENT_TIMESTAMP` are stable, not volatile.
pub fn is_volatile(expr: &Expr) -> bool {
    const VOLATILE: &[&str] = &[
        "random(",
        "gen_random_uuid(",
        "uuid_generate_v1(",
        "uuid_generate_v4(",
        "uuidv7(",
        "clock_timestamp(",
        "timeofday(",
        "nextval(",
        "txid_current(",
    ];
    let text = expr.to_string().to_lowercase();
    VOLATILE.iter().any(|f| text.contains(f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Side, Sources};
    use crate::sql::parse::statements;
    use sqlparser::dialect::PostgreSqlDialect;

    fn replay(text: &str) -> (Schema, FileId) {
        let mut sources = Sources::new();
        let file = sources.add("m.sql", Side::Old, text);
        let mut schema = Schema::default();
        let place = Provenance {
            file,
            in_release: false,
        };
        for statement in statements(
            text,
            None,
            &PostgreSqlDialect {},
            crate::sql::parse::Wrap::None,
        )
        .expect("tokenizes")
        {
            apply(&mut schema, &statement, place);
        }
        (schema, file)
    }

    #[test]
    fn tables_columns_and_constraints_are_built() {
        let text = "CREATE TABLE Users (\n  id bigserial PRIMARY KEY,\n  email text NOT NULL UNIQUE,\n  token uuid DEFAULT gen_random_uuid(),\n  made timestamptz DEFAULT now()\n);\n\
                    ALTER TABLE users ADD COLUMN team_id int REFERENCES teams (id);\n\
                    ALTER TABLE users ADD CONSTRAINT c CHECK (email <> '') NOT VALID;";
        let (schema, _) = replay(text);
        let users = &schema.tables["users"];
        let keys: Vec<&str> = users.columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["id", "email", "token", "made", "team_id"]);
        assert!(!users.columns[0].nullable);
        assert!(users.columns[0].default.is_some());
        assert!(!users.columns[1].nullable);
        assert!(users.columns[2].volatile_default);
        assert!(!users.columns[3].volatile_default);
        let email = users.column("email").expect("email");
        assert_eq!(
            &text[email.origin.span.range()],
            "email text NOT NULL UNIQUE"
        );
        let kinds: Vec<(ConstraintKind, bool)> = users
            .constraints
            .iter()
            .map(|c| (c.kind, c.validated))
            .collect();
        assert_eq!(
            kinds,
            [
                (ConstraintKind::PrimaryKey, true),
                (ConstraintKind::Unique, true),
                (ConstraintKind::ForeignKey, true),
                (ConstraintKind::Check, false),
            ]
        );
    }

    #[test]
    fn renames_and_drops_move_objects() {
        let text = "CREATE TABLE a (x int, y int);\nCREATE INDEX ON a (x);\n\
                    ALTER TABLE a RENAME COLUMN x TO z;\nALTER TABLE a DROP COLUMN y;\n\
                    ALTER TABLE a RENAME TO b;\nCREATE TYPE mood AS ENUM ('sad');\n\
                    ALTER TYPE mood ADD VALUE 'happy';\nCREATE TABLE gone (x int);\nDROP TABLE gone;\n\
                    CREATE INDEX CONCURRENTLY named ON b (z);\nDROP INDEX CONCURRENTLY named;";
        let (schema, _) = replay(text);
        assert_eq!(schema.tables.keys().collect::<Vec<_>>(), ["b"]);
        let keys: Vec<&str> = schema.tables["b"]
            .columns
            .iter()
            .map(|c| c.key.as_str())
            .collect();
        assert_eq!(keys, ["z"]);
        assert_eq!(schema.indexes["a_x_idx"].table, "b");
        assert!(!schema.indexes.contains_key("named"));
        assert_eq!(schema.enums["mood"].values, ["sad", "happy"]);
    }

    #[test]
    fn a_check_mentions_columns_outside_its_string_literals() {
        assert!(mentions(
            "kind IN ('email', 'sms') AND sms_opt_in",
            "sms_opt_in"
        ));
        assert!(!mentions("kind IN ('email', 'sms')", "sms"));
        assert!(mentions("(Total >= 0)", "total"));
        assert!(!mentions("note <> 'it''s total'", "total"));
    }

    #[test]
    fn not_null_and_validation_follow_alters() {
        let text = "CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;\n\
                    ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id) NOT VALID;\n\
                    ALTER TABLE t VALIDATE CONSTRAINT f;";
        let (schema, _) = replay(text);
        let t = &schema.tables["t"];
        assert!(!t.columns[0].nullable);
        assert!(t.constraints[0].validated);
        assert_eq!(t.constraints[0].references.as_deref(), Some("u"));
    }
}
