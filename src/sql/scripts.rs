//! Reading and parsing the scripts of one version: their texts, indexed in the report's sources,
//! cut into the migrations they hold (sections, changesets), split into statements under the
//! transaction handling of the tool that runs them.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::layout::{Migration, Script, cuts_files, split_file, transaction_default};
use super::parse::{
    MAX_NESTING, ScriptError, Statement, StatementKind, Wrap, sql_dialect, statements,
    statements_to_replay,
};
use super::placeholders::Unresolved;
use super::rules::unresolved_placeholder;
use super::script_config::transaction_marker;
use super::statements::{ParsedScript, Settings};
use crate::analyzer::{Input, Output};
use crate::core::{FileId, Finding, InputError, Side, Span};
use crate::input::config::{Dialect, Layout};

/// How a script runs: as the tool's settings file beside it (`beside`) or its own marker
/// says, else as configured, else as the tool does by default.
pub fn wrap(settings: &Settings, text: &str, script: &Script, beside: Option<bool>) -> Wrap {
    if settings.dialect == Dialect::Mysql {
        return Wrap::None;
    }
    // A part of a file in a layout that keeps files whole is a dbmate section: dbmate runs it.
    let layout = if script.range.is_some() && !cuts_files(settings.layout) {
        Layout::Dbmate
    } else {
        settings.layout
    };
    let marker = beside
        .or(script.transaction)
        .or_else(|| transaction_marker(text, layout));
    match marker.or(settings.transaction_per_file) {
        Some(true) => Wrap::File,
        Some(false) => Wrap::None,
        None => transaction_default(layout, settings.dialect),
    }
}

/// A file's id in the report's sources and its text.
pub type Loaded = (FileId, Arc<str>);

/// Loaded files by path.
pub type Texts = BTreeMap<String, Loaded>;

/// The up scripts' texts of a list of migrations, indexed in the report's sources.
pub fn load_texts<'s>(
    settings: &Settings,
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
        if let Some(loaded) = load_text(settings, input, out, side, &script.path) {
            texts.insert(script.path.clone(), loaded);
        }
    }
    texts
}

/// A script's text as its tool runs it: indexed in the report's sources as written, returned with
/// its placeholders replaced. A script of the new version with placeholders that have no value
/// gets its finding here, once.
pub fn load_text(
    settings: &Settings,
    input: &Input<'_>,
    out: &mut Output<'_>,
    side: Side,
    path: &str,
) -> Option<Loaded> {
    let (file, text) = out.load(input, side, path)?;
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some(replaced) = settings.placeholders.replace(&text, name, settings.dialect) else {
        return Some((file, text));
    };
    let reported = |f: &Finding| {
        f.rule == unresolved_placeholder::ID && f.new.as_ref().is_some_and(|l| l.span.file == file)
    };
    if side == Side::New && !out.findings.iter().any(reported) {
        // In the rewritten text's offsets, like every other finding in this file.
        let unresolved: Vec<_> = replaced
            .unresolved
            .iter()
            .map(|u| Unresolved {
                range: replaced.rewrite.rewritten_range(u.range.clone()),
                ..u.clone()
            })
            .collect();
        unresolved_placeholder::check(file, &unresolved, &mut out.findings);
    }
    let rewritten: Arc<str> = Arc::from(replaced.rewrite.text.as_str());
    out.record_rewrite(file, Arc::new(replaced.rewrite));
    Some((file, rewritten))
}

/// The migrations of a version as their tool cuts its files ([`split_file`]): sections,
/// changesets. A file whose text was not loaded stays as it is.
pub fn split_files(
    migrations: Vec<Migration>,
    texts: &Texts,
    settings: &Settings,
) -> Vec<Migration> {
    let mut split = Vec::with_capacity(migrations.len());
    for migration in migrations {
        let text = migration
            .up
            .as_ref()
            .and_then(|up| texts.get(&up.path))
            .map(|(_, text)| Arc::clone(text));
        match text {
            Some(text) => split.extend(split_file(
                migration,
                &text,
                settings.layout,
                settings.dialect,
            )),
            None => split.push(migration),
        }
    }
    split
}

/// Parses the up scripts in parallel, one entry per migration (`None` where the text could not
/// be read, which was reported). A script that cannot be tokenized becomes an input error and
/// an empty script, so the others are still checked.
pub fn parse_scripts(
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
            let wrap = wrap(settings, text, script, beside.get(&script.path).copied());
            let split = if replay_only {
                statements_to_replay
            } else {
                statements
            };
            // A Liquibase rollback is the file with all but its pieces blanked.
            let text = script.text(text);
            let parsed = split(&text, script.range.clone(), dialect.as_ref(), wrap);
            (Some((*file, text)), parsed)
        })
        .collect();
    results
        .into_iter()
        .map(|(loaded, parsed)| {
            let (file, text) = loaded?;
            Some(read_statements(out, file, text, parsed))
        })
        .collect()
}

/// A script's statements as the parser split them; a script that cannot be tokenized is an
/// input error and an empty script, so the others are still checked.
pub fn read_statements(
    out: &mut Output<'_>,
    file: FileId,
    text: Arc<str>,
    parsed: Result<Vec<Statement>, ScriptError>,
) -> ParsedScript {
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
    ParsedScript {
        file,
        text,
        statements,
    }
}

/// Statements nested deeper than the parser goes are bad input (a generated or hostile file),
/// not a statement for a person to review: an input error each, with a code frame.
fn report_too_deep(out: &mut Output<'_>, file: FileId, statements: &[Statement]) {
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
