//! SQL migrations: order the files of a migration directory, replay the old history into a
//! schema model, and check each statement the release adds against what already exists.
//!
//! - `load`: which files are migrations, in which order, and which file undoes which.
//! - `parse`: a script to statements with byte spans and transaction state.
//! - `model` and `replay`: the schema a history builds, with where each object was defined.
//! - `rules`: one file per rule.

pub mod load;
pub mod model;
pub mod parse;
pub mod replay;
pub mod rules;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::analyze::{Analyzer, Input, Output};
use crate::core::{FileId, InputError, Side, Span};
use crate::input::config::{Kind, Layout, SqlSet};
use crate::input::discover::{ArtifactSet, SetOptions};
use load::{Migration, Script, dbmate_sections, detect_layout, migrations};
use model::Schema;
use parse::{Statement, sql_dialect, statements};
use replay::{Place, apply};
use rules::{Context, STATEMENT_RULES, missing_down_migration};

/// The SQL analyzer.
pub struct SqlAnalyzer;

impl Analyzer for SqlAnalyzer {
    fn kind(&self) -> Kind {
        Kind::Sql
    }

    fn analyze(&self, set: &ArtifactSet, input: &Input<'_>, out: &mut Output<'_>) {
        let SetOptions::Sql(options) = &set.options else {
            return;
        };
        let layout = options
            .layout
            .unwrap_or_else(|| detect_layout(&options.path, &set.files));
        let history = |side: Side| -> Vec<Migration> {
            let tree = input.tree(side);
            let files: Vec<String> = set
                .files
                .iter()
                .filter(|p| tree.contains(p))
                .cloned()
                .collect();
            migrations(&options.path, &files, layout)
        };
        let mut old = history(Side::Old);
        let mut new = history(Side::New);
        // Migrations whose up script the old version does not have: what this release applies.
        new.retain(|m| {
            m.up.as_ref()
                .is_some_and(|up| !input.old.contains(&up.path))
        });

        let old_texts = load_texts(input, out, Side::Old, &old);
        let new_texts = load_texts(input, out, Side::New, &new);
        split_dbmate_sections(&mut old, &old_texts);
        split_dbmate_sections(&mut new, &new_texts);

        let mut schema = Schema::default();
        let old_scripts = parse_scripts(options, out, &old, &old_texts);
        for parsed in old_scripts.iter().flatten() {
            let place = Place {
                file: parsed.file,
                in_release: false,
            };
            for statement in &parsed.statements {
                apply(&mut schema, statement, place);
            }
        }

        let expects_down = matches!(layout, Layout::GolangMigrate | Layout::Diesel)
            || old.iter().chain(&new).any(|m| m.down.is_some());
        let new_scripts = parse_scripts(options, out, &new, &new_texts);
        for (migration, parsed) in new.iter().zip(&new_scripts) {
            let Some(parsed) = parsed else {
                continue;
            };
            let place = Place {
                file: parsed.file,
                in_release: true,
            };
            for statement in &parsed.statements {
                let cx = Context {
                    schema: &schema,
                    statement,
                    span: Span::new(parsed.file, statement.span.clone()),
                    dialect: options.dialect,
                };
                for (_, check) in STATEMENT_RULES {
                    check(&cx, &mut out.findings);
                }
                apply(&mut schema, statement, place);
            }
            if expects_down && migration.down.is_none() {
                let first = parsed.statements.first().map_or(0..0, |s| s.span.clone());
                missing_down_migration::check(
                    &migration.id,
                    Span::new(parsed.file, first),
                    &mut out.findings,
                );
            }
        }
    }
}

/// A file's id in the report's sources and its text.
type Loaded = (FileId, Arc<str>);

/// Loaded files by path.
type Texts = BTreeMap<String, Loaded>;

/// The up scripts' texts of a list of migrations, indexed in the report's sources.
fn load_texts(
    input: &Input<'_>,
    out: &mut Output<'_>,
    side: Side,
    migrations: &[Migration],
) -> Texts {
    let mut texts = BTreeMap::new();
    for script in migrations.iter().filter_map(|m| m.up.as_ref()) {
        if texts.contains_key(&script.path) {
            continue;
        }
        if let Some(loaded) = out.load(input, side, &script.path) {
            texts.insert(script.path.clone(), loaded);
        }
    }
    texts
}

/// A dbmate file holds both directions: its up script is the `-- migrate:up` section and its
/// down script the `-- migrate:down` section, when that has any SQL.
fn split_dbmate_sections(migrations: &mut [Migration], texts: &Texts) {
    for migration in migrations.iter_mut() {
        let Some(up) = migration.up.as_mut() else {
            continue;
        };
        let Some((_, text)) = texts.get(&up.path) else {
            continue;
        };
        let Some((up_range, down_range)) = dbmate_sections(text) else {
            continue;
        };
        let path = up.path.clone();
        up.range = Some(up_range);
        if let Some(down) = down_range.filter(|r| has_sql(&text[r.clone()])) {
            migration.down = Some(Script {
                path,
                range: Some(down),
            });
        }
    }
}

fn has_sql(section: &str) -> bool {
    section
        .lines()
        .map(str::trim)
        .any(|line| !line.is_empty() && !line.starts_with("--"))
}

/// The statements of one up script.
struct ParsedScript {
    file: FileId,
    statements: Vec<Statement>,
}

/// Parses the up scripts in parallel, one entry per migration (`None` where the text could not
/// be read, which was reported). A script that cannot be tokenized becomes an input error and
/// an empty script, so the others are still checked.
fn parse_scripts(
    options: &SqlSet,
    out: &mut Output<'_>,
    migrations: &[Migration],
    texts: &Texts,
) -> Vec<Option<ParsedScript>> {
    let jobs: Vec<(Option<&Script>, Option<&Loaded>)> = migrations
        .iter()
        .map(|m| {
            (
                m.up.as_ref(),
                m.up.as_ref().and_then(|s| texts.get(&s.path)),
            )
        })
        .collect();
    let results: Vec<_> = jobs
        .par_iter()
        .map(|(script, loaded)| {
            let (Some(script), Some((file, text))) = (script, loaded) else {
                return (None, Ok(Vec::new()));
            };
            let dialect = sql_dialect(options.dialect);
            let parsed = statements(
                text,
                script.range.clone(),
                dialect.as_ref(),
                options.transaction_per_file,
            );
            (Some(*file), parsed)
        })
        .collect();
    let mut scripts = Vec::with_capacity(results.len());
    for (file, parsed) in results {
        let Some(file) = file else {
            scripts.push(None);
            continue;
        };
        let statements = match parsed {
            Ok(statements) => statements,
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
                    .at(Span::new(file, error.offset..error.offset))
                    .with_help("close the string, quoted name or comment that starts here"),
                );
                Vec::new()
            }
        };
        scripts.push(Some(ParsedScript { file, statements }));
    }
    scripts
}

/// Findings of one statement rule on a statement, for the rules' unit tests.
#[cfg(test)]
pub(crate) fn findings_of(old: &[(&str, &str)], new: &[(&str, &str)]) -> Vec<crate::core::Finding> {
    use crate::analyze::{Scope, compare};
    use crate::input::config::Config;

    let dir = tempfile::tempdir().expect("temp dir");
    let write = |side: &str, files: &[(&str, &str)]| {
        let root = dir.path().join(side);
        std::fs::create_dir_all(&root).expect("side dir");
        for (path, text) in files {
            let path = root.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("parent dir");
            }
            std::fs::write(path, text).expect("write fixture");
        }
        crate::input::DirTree::open(&root, side).expect("tree")
    };
    let old_tree = write("old", old);
    let new_tree = write("new", new);
    let report = compare(&old_tree, &new_tree, &Config::default(), &Scope::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report.findings.into_iter().map(|r| r.finding).collect()
}
