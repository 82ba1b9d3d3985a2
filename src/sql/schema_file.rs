//! One file per version that holds the whole schema: what `compat diff old.sql new.sql` compares.
//!
//! When the new file starts with the old file's statements (the same code, whatever the layout
//! and comments), the file is an append-only script: the statements after them are the release,
//! checked like the statements of new migrations. Otherwise the file is a schema dump, rewritten
//! as a whole: both files are replayed, and the two schemas paired object by object, each change
//! handed to the rules registered for its element (`TABLE_RULES`, `COLUMN_RULES`, ...).

use std::sync::Arc;

use super::layout::Script;
use super::parse::{Statement, sql_dialect, statements};
use super::release::check_script;
use super::rules::{COLUMN_RULES, ENUM_RULES, OBJECT_RULES, TABLE_RULES};
use super::scripts::{load_text, read_statements, wrap};
use super::statements::model::{Schema, Table};
use super::statements::replay::{Provenance, apply};
use super::statements::{ParsedScript, Settings};
use crate::analyzer::{Input, Output};
use crate::core::{Change, FileId, Finding, Side};
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
    let (file, text) = load_text(settings, input, out, side, path)?;
    let script = Script::whole(path);
    let dialect = sql_dialect(settings.dialect);
    let wrap = wrap(settings, &text, &script, None);
    let parsed = statements(&text, None, dialect.as_ref(), wrap);
    let failed = parsed.is_err();
    let script = read_statements(out, file, text, parsed);
    (!failed).then_some(script)
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
    let place = Provenance {
        file,
        in_release: false,
    };
    for statement in statements {
        apply(&mut schema, statement, place);
    }
    schema
}

/// Pairs the two schemas of a dump rewritten as a whole, element by element, and runs the rules
/// of each element on its changes. Tables and enums the new schema adds are not changes any old
/// code meets; their columns and values are.
fn compare(old: &Schema, new: &Schema, findings: &mut Vec<Finding>) {
    for (key, table) in &old.tables {
        let change = match new.tables.get(key) {
            Some(now) => Change::Kept {
                old: table,
                new: now,
            },
            None => Change::Removed { old: table },
        };
        for rule in TABLE_RULES {
            rule(&change, findings);
        }
        if let Change::Kept { old, new } = change {
            compare_columns(old, new, findings);
        }
    }
    for (key, enum_type) in &old.enums {
        let change = match new.enums.get(key) {
            Some(now) => Change::Kept {
                old: enum_type,
                new: now,
            },
            None => Change::Removed { old: enum_type },
        };
        for rule in ENUM_RULES {
            rule(&change, findings);
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
        for (key, origin) in before {
            let change = match after.get(key) {
                Some(now) => Change::Kept {
                    old: origin,
                    new: now,
                },
                None => Change::Removed { old: origin },
            };
            for rule in OBJECT_RULES {
                rule(kind, key, &change, findings);
            }
        }
    }
}

fn compare_columns(old: &Table, new: &Table, findings: &mut Vec<Finding>) {
    let kept_or_removed = old
        .columns
        .iter()
        .map(|column| match new.column(&column.key) {
            Some(now) => Change::Kept {
                old: column,
                new: now,
            },
            None => Change::Removed { old: column },
        });
    let added = new
        .columns
        .iter()
        .filter(|c| old.column(&c.key).is_none())
        .map(|column| Change::Added { new: column });
    for change in kept_or_removed.chain(added) {
        for rule in COLUMN_RULES {
            rule(new, &change, findings);
        }
    }
}
