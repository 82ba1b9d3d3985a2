//! One file per version that holds the whole schema: what `compat diff old.sql new.sql` compares.
//!
//! When the new file starts with the old file's statements (the same code, whatever the layout
//! and comments), the file is an append-only script: the statements after them are the release,
//! checked like the statements of new migrations. Otherwise the file is a schema dump, rewritten
//! as a whole: both files are replayed and the two schemas compared, object by object.

use std::sync::Arc;

use super::diff::same_type;
use super::load::Script;
use super::model::{Column, Origin, Schema, Table};
use super::parse::{Statement, sql_dialect, statements};
use super::replay::{Place, apply};
use super::rules::{
    add_not_null_column, add_nullable_column, change_column_type, drop_column, drop_default,
    drop_not_null, drop_object, drop_table, enum_value_added, enum_value_removed, set_not_null,
    types::widens, widen_column_type,
};
use super::{ParsedScript, Settings, check_script};
use crate::analyzer::{Input, Output};
use crate::core::{FileId, Finding, InputError, RuleId, Side, Span};
use crate::input::discover::ArtifactSet;

pub fn analyze(settings: &Settings, set: &ArtifactSet, input: &Input<'_>, out: &mut Output<'_>) {
    for path in &set.files {
        if !path.ends_with(".sql") || !input.changed(path) {
            continue;
        }
        let old = parse_side(settings, input, out, Side::Old, path);
        let Some(new) = parse_side(settings, input, out, Side::New, path) else {
            continue;
        };
        let old = old.unwrap_or_else(|| ParsedScript {
            file: new.file,
            text: Arc::from(""),
            statements: Vec::new(),
        });
        let common = old
            .statements
            .iter()
            .zip(&new.statements)
            .take_while(|(a, b)| a.fingerprint(&old.text) == b.fingerprint(&new.text))
            .count();
        if common == old.statements.len() {
            append_only(settings, &old, new, common, &mut out.findings);
        } else {
            let before = replay(&old.statements, old.file);
            let after = replay(&new.statements, new.file);
            compare(&before, &after, &mut out.findings);
        }
    }
}

fn parse_side(
    settings: &Settings,
    input: &Input<'_>,
    out: &mut Output<'_>,
    side: Side,
    path: &str,
) -> Option<ParsedScript> {
    if !input.tree(side).contains(path) {
        return None;
    }
    let (file, text) = out.load(input, side, path)?;
    let script = Script {
        path: path.to_owned(),
        range: None,
    };
    let dialect = sql_dialect(settings.dialect);
    match statements(
        &text,
        None,
        dialect.as_ref(),
        settings.wrap(&text, &script, None),
    ) {
        Ok(statements) => {
            super::report_too_deep(out, file, &statements);
            Some(ParsedScript {
                file,
                text,
                statements,
            })
        }
        Err(error) => {
            let display = out.sources().get(file).path().to_owned();
            out.errors.push(
                InputError::new(
                    Some(display),
                    format!(
                        "cannot split this SQL file into statements: {}",
                        error.message
                    ),
                )
                .at(Span::new(file, error.offset..error.offset)),
            );
            None
        }
    }
}

/// The old statements replayed, then the appended ones checked as the release.
fn append_only(
    settings: &Settings,
    old: &ParsedScript,
    mut new: ParsedScript,
    common: usize,
    findings: &mut Vec<Finding>,
) {
    let base = replay(&old.statements, old.file);
    let mut schema = base.clone();
    new.statements.drain(..common);
    check_script(settings, &base, &mut schema, &new, findings);
}

fn replay(statements: &[Statement], file: FileId) -> Schema {
    let mut schema = Schema::default();
    let place = Place {
        file,
        in_release: false,
    };
    for statement in statements {
        apply(&mut schema, statement, place);
    }
    schema
}

/// The differences between two schema dumps, under the rule each one is a case of.
fn compare(old: &Schema, new: &Schema, findings: &mut Vec<Finding>) {
    for (key, table) in &old.tables {
        let Some(now) = new.tables.get(key) else {
            findings.push(
                Finding::new(
                    drop_table::ID,
                    format!("table `{}` is gone from the new schema while the old version still uses it", table.name),
                )
                .at_old(table.origin.span, "defined here"),
            );
            continue;
        };
        compare_columns(table, now, findings);
    }
    for (key, enum_type) in &old.enums {
        match new.enums.get(key) {
            None => findings.push(dropped(
                drop_object::ID,
                "type",
                &enum_type.name,
                enum_type.origin,
            )),
            Some(now) => {
                let removed: Vec<String> = enum_type
                    .values
                    .iter()
                    .filter(|v| !now.values.contains(v))
                    .map(|v| format!("'{v}'"))
                    .collect();
                if !removed.is_empty() {
                    findings.push(
                        Finding::new(
                            enum_value_removed::ID,
                            format!(
                                "enum `{}` loses {}; the old version still writes them",
                                now.name,
                                removed.join(", ")
                            ),
                        )
                        .at_new(now.origin.span, "values left out here")
                        .at_old(enum_type.origin.span, "enum defined here"),
                    );
                }
                for value in now.values.iter().filter(|v| !enum_type.values.contains(v)) {
                    findings.push(
                        Finding::new(
                            enum_value_added::ID,
                            format!("enum `{}` gains the value '{value}'; the old version may read rows holding it", now.name),
                        )
                        .at_new(now.origin.span, "value added here")
                        .at_old(enum_type.origin.span, "enum defined here"),
                    );
                }
            }
        }
    }
    let named = [
        ("view", &old.views, &new.views),
        ("sequence", &old.sequences, &new.sequences),
        ("function", &old.functions, &new.functions),
        ("type", &old.types, &new.types),
        ("schema", &old.schemas, &new.schemas),
    ];
    for (kind, before, after) in named {
        for (key, origin) in before.iter().filter(|(k, _)| !after.contains_key(*k)) {
            findings.push(dropped(drop_object::ID, kind, key, *origin));
        }
    }
}

fn dropped(rule: RuleId, kind: &str, name: &str, origin: Origin) -> Finding {
    Finding::new(
        rule,
        format!(
            "{kind} `{name}` is gone from the new schema while the old version may still use it"
        ),
    )
    .at_old(origin.span, "defined here")
}

fn compare_columns(old: &Table, new: &Table, findings: &mut Vec<Finding>) {
    let name = &new.name;
    for column in &old.columns {
        let Some(now) = new.column(&column.key) else {
            findings.push(
                Finding::new(
                    drop_column::ID,
                    format!("column `{name}.{}` is gone from the new schema while the old version still reads and writes it", column.name),
                )
                .at_old(column.origin.span, "defined here"),
            );
            continue;
        };
        compare_column(name, column, now, findings);
    }
    for column in new.columns.iter().filter(|c| old.column(&c.key).is_none()) {
        let (rule, text) = if !column.nullable && column.default.is_none() {
            (
                add_not_null_column::ID,
                format!(
                    "column `{name}.{}` is added NOT NULL without a default; inserts from the old version, which do not set it, fail",
                    column.name
                ),
            )
        } else {
            (
                add_nullable_column::ID,
                format!(
                    "column `{name}.{}` is added; the old version does not name it",
                    column.name
                ),
            )
        };
        findings.push(Finding::new(rule, text).at_new(column.origin.span, "column added here"));
    }
}

fn compare_column(table: &str, old: &Column, new: &Column, findings: &mut Vec<Finding>) {
    let what = format!("column `{table}.{}`", new.name);
    let mut push = |rule: RuleId, text: String, label: &str| {
        findings.push(
            Finding::new(rule, text)
                .at_new(new.origin.span, label)
                .at_old(old.origin.span, "defined here"),
        );
    };
    if !same_type(&old.data_type, &new.data_type) {
        if widens(&old.data_type, &new.data_type) {
            push(
                widen_column_type::ID,
                format!(
                    "{what} widens from `{}` to `{}`; the old version may read values wider than it expects",
                    old.data_type, new.data_type
                ),
                "type widened here",
            );
        } else {
            push(
                change_column_type::ID,
                format!(
                    "{what} changes type from `{}` to `{}`; the old version reads and writes values of the old type",
                    old.data_type, new.data_type
                ),
                "type changed here",
            );
        }
    }
    match (old.nullable, new.nullable) {
        (true, false) => push(
            set_not_null::ID,
            format!(
                "{what} becomes NOT NULL; writes from the old version that leave it empty fail"
            ),
            "NOT NULL here",
        ),
        (false, true) => push(
            drop_not_null::ID,
            format!("{what} may now hold NULL; the old version reads it assuming it never does"),
            "nullable here",
        ),
        _ => {}
    }
    if old.default.is_some() && new.default.is_none() {
        push(
            drop_default::ID,
            format!(
                "{what} loses its default; inserts from the old version that leave it out no longer get it"
            ),
            "no default here",
        );
    }
}
