//! SQL migrations: order the files of a migration directory, replay the old history into a
//! schema model, and check each statement the release adds against what already exists.
//!
//! - `load`: which files are migrations, in which order, and which file undoes which.
//! - `parse`: a script to statements with byte spans and transaction state.
//! - `model` and `replay`: the schema a history builds, with where each object was defined.
//! - `rules`: one file per rule.

pub mod chunk;
pub mod diff;
pub mod history;
pub mod load;
pub mod model;
pub mod parse;
pub mod replay;
pub mod rollback;
pub mod rules;
pub mod schema_file;
pub mod script_config;
pub mod session;
pub mod version;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::analyzer::{Analyzer, Input, Output};
use crate::core::{FileId, Finding, InputError, RuleId, Side, Span};
use crate::input::config::{Dialect, Kind, Layout, SqlSet};
use crate::input::discover::{ArtifactSet, SetOptions};
use load::{
    Migration, Script, dbmate_sections, detect_layout, is_repeatable, migrations,
    transaction_default, transaction_marker,
};
use model::Schema;
use parse::{
    MAX_NESTING, Statement, StatementKind, Wrap, sql_dialect, statements, statements_to_replay,
};
use replay::{Place, apply};
use rules::{Check, Context, STATEMENT_RULES, missing_down_migration};
use session::Session;
use version::ServerVersion;

/// The SQL analyzer.
pub struct SqlAnalyzer;

/// A set's options resolved: what every step needs to know about the database and the tool.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub dialect: Dialect,
    pub version: ServerVersion,
    pub layout: Layout,
    /// The configured transaction handling; the layout's default when `None`.
    pub transaction_per_file: Option<bool>,
    /// The tool or the migration role sets a lock_timeout for every migration session.
    pub lock_timeout: bool,
}

impl Settings {
    fn new(options: &SqlSet, layout: Layout) -> Self {
        Settings {
            dialect: options.dialect,
            version: ServerVersion::resolve(options.version.as_deref(), options.dialect),
            layout,
            transaction_per_file: options.transaction_per_file,
            lock_timeout: options
                .lock_timeout
                .as_deref()
                .is_some_and(|value| !session::is_zero(value)),
        }
    }

    /// How a script runs: as the tool's settings file beside it (`beside`) or its own marker
    /// says, else as configured, else as the tool does by default.
    fn wrap(&self, text: &str, script: &Script, beside: Option<bool>) -> Wrap {
        if self.dialect == Dialect::Mysql {
            return Wrap::None;
        }
        let layout = if script.range.is_some() {
            Layout::Dbmate
        } else {
            self.layout
        };
        let marker = beside.or_else(|| transaction_marker(text, script.range.as_ref(), layout));
        match marker.or(self.transaction_per_file) {
            Some(true) => Wrap::File,
            Some(false) => Wrap::None,
            None => transaction_default(layout, self.dialect),
        }
    }
}

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
        let settings = Settings::new(options, layout);
        if layout == Layout::SchemaFile {
            schema_file::analyze(&settings, set, input, out);
            return;
        }
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
        let mut all_new = history(Side::New);

        let old_texts = load_texts(
            input,
            out,
            Side::Old,
            old.iter().filter_map(|m| m.up.as_ref()),
        );
        split_dbmate_sections(&mut old, &old_texts);
        // The new version's texts: only of files that differ from the old version, since the
        // others were replayed from the old side already.
        let changed: Vec<&Script> = all_new
            .iter()
            .filter_map(|m| m.up.as_ref())
            .filter(|up| input.changed(&up.path))
            .collect();
        let new_texts = load_texts(input, out, Side::New, changed.into_iter());
        split_dbmate_sections(&mut all_new, &new_texts);

        let old_scripts = parse_scripts(&settings, out, &old, &old_texts, &BTreeMap::new(), true);
        let mut schema = Schema::default();
        for parsed in old_scripts.iter().flatten() {
            let place = Place {
                file: parsed.file,
                in_release: false,
            };
            for statement in &parsed.statements {
                apply(&mut schema, statement, place);
            }
        }
        let base = schema.clone();

        let release: Vec<Migration> = all_new
            .iter()
            .filter(|m| is_in_release(m, layout, input, &old, &old_texts, &new_texts))
            .cloned()
            .collect();
        let sides = history::Sides {
            layout,
            old: &old,
            old_texts: &old_texts,
            new: &all_new,
            new_texts: &new_texts,
            release: &release,
        };
        sides.check(&mut out.findings);

        let expects_down = matches!(layout, Layout::GolangMigrate | Layout::Diesel)
            || old.iter().chain(&all_new).any(|m| m.down.is_some());
        let beside = script_config::read_settings(
            layout,
            input,
            out,
            release.iter().flat_map(|m| m.up.iter().chain(&m.down)),
        );
        let new_scripts = parse_scripts(&settings, out, &release, &new_texts, &beside, false);
        let mut before_each = Vec::with_capacity(release.len());
        let mut up_lock_reported = Vec::with_capacity(release.len());
        for (migration, parsed) in release.iter().zip(&new_scripts) {
            if expects_down {
                before_each.push(schema.clone());
            }
            let Some(parsed) = parsed else {
                up_lock_reported.push(false);
                continue;
            };
            let first = out.findings.len();
            check_script(&settings, &base, &mut schema, parsed, &mut out.findings);
            up_lock_reported.push(
                out.findings[first..]
                    .iter()
                    .any(|f| f.rule == rules::lock_without_timeout::ID),
            );
            if expects_down && migration.down.is_none() && !is_repeatable(&migration.id, layout) {
                let first = parsed.statements.first().map_or(0..0, |s| s.span.clone());
                missing_down_migration::check(
                    &migration.id,
                    Span::new(parsed.file, first),
                    &mut out.findings,
                );
            }
        }
        if expects_down {
            let downs: Vec<Migration> = release
                .iter()
                .map(|m| Migration {
                    id: m.id.clone(),
                    up: m.down.clone(),
                    down: None,
                })
                .collect();
            let down_texts = load_texts(
                input,
                out,
                Side::New,
                downs.iter().filter_map(|m| m.up.as_ref()),
            );
            let down_scripts = parse_scripts(&settings, out, &downs, &down_texts, &beside, false);
            let mut found = Vec::new();
            let replayed = rollback::Replayed {
                migrations: &release,
                downs: &down_scripts,
                before_each: &before_each,
                after_all: &schema,
                up_lock_reported: &up_lock_reported,
            };
            rollback::check(&settings, &replayed, out.sources(), &mut found);
            out.findings.extend(found);
            drop_elsewhere(down_scripts);
        }
        drop_elsewhere((old_scripts, new_scripts, before_each, schema, base));
    }
}

/// Frees the syntax trees and schemas of a large history on a worker thread: on one core it
/// takes about as long as rendering the report, which need not wait for it.
fn drop_elsewhere<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

/// Whether the release applies a migration of the new version: its up script is new, or it is a
/// repeatable migration whose text changed (the tool re-applies those).
fn is_in_release(
    migration: &Migration,
    layout: Layout,
    input: &Input<'_>,
    old: &[Migration],
    old_texts: &Texts,
    new_texts: &Texts,
) -> bool {
    let Some(up) = &migration.up else {
        return false;
    };
    if !input.old.contains(&up.path) {
        return true;
    }
    is_repeatable(&migration.id, layout)
        && history::script_text(up, new_texts).is_some()
        && old
            .iter()
            .find(|m| m.id == migration.id)
            .and_then(|m| m.up.as_ref())
            .and_then(|s| history::script_text(s, old_texts))
            != history::script_text(up, new_texts)
}

/// Runs every statement rule on each statement of a release script, then applies it.
pub fn check_script(
    settings: &Settings,
    base: &Schema,
    schema: &mut Schema,
    parsed: &ParsedScript,
    findings: &mut Vec<Finding>,
) {
    let first = findings.len();
    check_statements(settings, base, schema, parsed, STATEMENT_RULES, findings);
    // Availability rules run on down scripts too, where they threaten the rollback; on an up
    // script they threaten the rollout only.
    for finding in &mut findings[first..] {
        let availability = crate::catalog::catalog().rule(finding.rule).effect
            == crate::core::Effect::Availability;
        if availability {
            finding.window = Some(crate::core::Window::Rollout);
        }
    }
}

/// Runs `rules` on each statement of a script, then applies it to `schema` as the release's.
pub fn check_statements(
    settings: &Settings,
    base: &Schema,
    schema: &mut Schema,
    parsed: &ParsedScript,
    rules: &[(RuleId, Check)],
    findings: &mut Vec<Finding>,
) {
    let place = Place {
        file: parsed.file,
        in_release: true,
    };
    let mut session = Session::new(settings.lock_timeout);
    for (index, statement) in parsed.statements.iter().enumerate() {
        session.before(statement.in_transaction);
        let cx = Context {
            schema,
            base,
            statement,
            span: Span::new(parsed.file, statement.span.clone()),
            dialect: settings.dialect,
            version: settings.version,
            script: &session,
            rest: &parsed.statements[index + 1..],
            altered: Context::altered_key(statement),
        };
        for (_, check) in rules {
            check(&cx, findings);
        }
        let effects = session::effects(&cx);
        let line = || parsed.text[..statement.span.start].matches('\n').count() + 1;
        session.record(effects, cx.span, line, statement.in_transaction);
        apply(schema, statement, place);
    }
}

/// A file's id in the report's sources and its text.
pub type Loaded = (FileId, Arc<str>);

/// Loaded files by path.
pub type Texts = BTreeMap<String, Loaded>;

/// The up scripts' texts of a list of migrations, indexed in the report's sources.
fn load_texts<'s>(
    input: &Input<'_>,
    out: &mut Output<'_>,
    side: Side,
    scripts: impl Iterator<Item = &'s Script>,
) -> Texts {
    let mut texts = BTreeMap::new();
    for script in scripts {
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

/// The statements of one script.
pub struct ParsedScript {
    pub file: FileId,
    pub text: Arc<str>,
    pub statements: Vec<Statement>,
}

/// Parses the up scripts in parallel, one entry per migration (`None` where the text could not
/// be read, which was reported). A script that cannot be tokenized becomes an input error and
/// an empty script, so the others are still checked.
fn parse_scripts(
    settings: &Settings,
    out: &mut Output<'_>,
    migrations: &[Migration],
    texts: &Texts,
    beside: &BTreeMap<String, bool>,
    replay_only: bool,
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
            let dialect = sql_dialect(settings.dialect);
            let wrap = settings.wrap(text, script, beside.get(&script.path).copied());
            let split = if replay_only {
                statements_to_replay
            } else {
                statements
            };
            let parsed = split(text, script.range.clone(), dialect.as_ref(), wrap);
            (Some((*file, Arc::clone(text))), parsed)
        })
        .collect();
    let mut scripts = Vec::with_capacity(results.len());
    for (loaded, parsed) in results {
        let Some((file, text)) = loaded else {
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
        report_too_deep(out, file, &statements);
        scripts.push(Some(ParsedScript {
            file,
            text,
            statements,
        }));
    }
    scripts
}

/// Statements nested deeper than the parser goes are bad input (a generated or hostile file),
/// not a statement for a person to review: an input error each, with a code frame.
pub fn report_too_deep(out: &mut Output<'_>, file: FileId, statements: &[Statement]) {
    for statement in statements {
        let StatementKind::TooDeep { at } = statement.kind else {
            continue;
        };
        let display = out.sources().get(file).path().to_owned();
        out.errors.push(
            InputError::new(
                Some(display.clone()),
                format!(
                    "cannot parse {display}: this statement nests expressions or queries more \
                     than {MAX_NESTING} levels deep"
                ),
            )
            .at(Span::new(file, at..at))
            .with_help("split the expression, or generate it with less nesting"),
        );
    }
}

/// The findings of comparing two trees of files, for the rules' unit tests.
#[cfg(test)]
pub(crate) fn findings_of(old: &[(&str, &str)], new: &[(&str, &str)]) -> Vec<crate::core::Finding> {
    findings_with("", old, new)
}

/// The same, with a compat.toml.
#[cfg(test)]
pub(crate) fn findings_with(
    config: &str,
    old: &[(&str, &str)],
    new: &[(&str, &str)],
) -> Vec<crate::core::Finding> {
    use crate::engine::{Scope, compare};
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
    let config = Config::parse("compat.toml", config, crate::catalog::catalog()).expect("config");
    let report = compare(&old_tree, &new_tree, &config, &Scope::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report.findings.into_iter().map(|r| r.finding).collect()
}
