//! Runs a comparison: finds the artifact sets, hands each to the analyzer of its kind, applies
//! the inline suppressions and compat.toml's `[[allow]]` entries (`allow`) and builds the report;
//! when no SQL set was found, the report names the directories of `.sql` files that detection
//! could not place.

mod allow;

use std::collections::BTreeSet;

use crate::analyzer::{Analyzer, Input, Output};
use crate::catalog::catalog;
use crate::core::{InputError, Side, Sources};
use crate::input::Tree;
use crate::input::config::{Config, Kind};
use crate::input::discover::{
    ArtifactSet, discover, is_under, unplaced_sql_dirs, unread_dialect_dirs,
};
use crate::report::{Artifact, RawFinding, Report};
use crate::suppress::{self, Suppression};

#[cfg(test)]
pub(crate) mod testing;

/// The analyzers of this build, one per kind at most.
fn analyzers() -> Vec<&'static dyn Analyzer> {
    vec![
        &crate::sql::SqlAnalyzer,
        &crate::proto::ProtoAnalyzer,
        &crate::jsonschema::JsonSchemaAnalyzer,
        &crate::openapi::OpenApiAnalyzer,
    ]
}

/// What part of the trees to compare.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Only sets of this kind.
    pub kind: Option<Kind>,
    /// Only sets with a file under one of these paths (relative to the root); all when empty.
    pub paths: Vec<String>,
}

impl Scope {
    fn includes(&self, set: &ArtifactSet) -> bool {
        self.kind.is_none_or(|kind| set.kind() == kind)
            && (self.paths.is_empty()
                || set.files.iter().any(|file| {
                    self.paths.iter().any(|p| {
                        p.is_empty()
                            || file == p
                            || file.starts_with(&format!("{}/", p.trim_end_matches('/')))
                    })
                }))
    }
}

/// Compares two versions.
pub fn compare(old: &dyn Tree, new: &dyn Tree, config: &Config, scope: &Scope) -> Report {
    let input = Input::new(old, new);
    let sets: Vec<ArtifactSet> = discover(config, old, new)
        .into_iter()
        .filter(|set| scope.includes(set))
        .collect();

    let mut sources = Sources::new();
    let mut raw = Vec::new();
    let mut errors = Vec::new();
    let mut suppressions = Vec::new();
    let registered = analyzers();
    let mut read_as = Vec::with_capacity(sets.len());
    for (index, set) in sets.iter().enumerate() {
        let mut out = Output::new(&mut sources);
        if set.files.is_empty() {
            // Only a declared set can match nothing: a wrong path must not pass as "no findings".
            out.errors.push(
                InputError::new(
                    config.path.as_ref().map(|p| p.display().to_string()),
                    format!(
                        "the {} set `{}` in compat.toml matches no file in either version",
                        set.kind(),
                        set.name
                    ),
                )
                .with_help(
                    "check its path or globs; they are relative to the directory of compat.toml",
                ),
            );
        } else if let Some(analyzer) = registered.iter().find(|a| a.kind() == set.kind()) {
            analyzer.analyze(set, &input, &mut out);
        }
        out.finish();
        scan_changed_files(set, &input, &mut out);
        raw.extend(out.findings.into_iter().map(|finding| RawFinding {
            finding,
            artifact: Some(index),
            suppressed: None,
        }));
        raw.extend(out.waived.into_iter().map(|(finding, reason)| RawFinding {
            finding,
            artifact: Some(index),
            suppressed: Some(reason),
        }));
        errors.append(&mut out.errors);
        suppressions.append(&mut out.suppressions);
        read_as.push(out.read_as.take());
    }

    suppressions.extend(allow::suppressions(config, &input, &mut sources));
    let meta = suppress::apply(&mut raw, &suppressions, catalog());
    raw.extend(meta.into_iter().map(|finding| RawFinding {
        finding,
        artifact: None,
        suppressed: None,
    }));
    let artifacts = sets
        .iter()
        .zip(read_as)
        .map(|(set, read_as)| Artifact {
            name: set.name.clone(),
            kind: set.kind().to_string(),
            analyzed: registered.iter().any(|a| a.kind() == set.kind()),
            read_as,
            files: set.files.len(),
        })
        .collect();
    let mut report = Report::build(sources, artifacts, raw, errors, catalog(), &config.rules);
    let sql_wanted = scope.kind.is_none_or(|kind| kind == Kind::Sql);
    if sql_wanted {
        report.left_out = unread_dialect_dirs(config, old, new);
    }
    if sql_wanted && !config.declares_artifacts() && !sets.iter().any(|s| s.kind() == Kind::Sql) {
        let in_scope = |dir: &String| {
            scope.paths.is_empty()
                || scope.paths.iter().any(|p| {
                    let p = p.trim_end_matches('/');
                    p.is_empty() || is_under(dir, p) || is_under(p, dir)
                })
        };
        report.unplaced = unplaced_sql_dirs(config, old, new, &sets)
            .into_iter()
            .filter(in_scope)
            .collect();
    }
    report
}

/// Collects the allow comments of the set's changed files on the new side. Comments in files the
/// release does not touch suppressed something in an earlier release and are not re-checked.
fn scan_changed_files(set: &ArtifactSet, input: &Input<'_>, out: &mut Output<'_>) {
    let mut seen = BTreeSet::new();
    for path in set
        .files
        .iter()
        .filter(|p| input.new.contains(p) && input.changed(p))
    {
        let Some(prefix) = suppress::comment_prefix(path) else {
            continue;
        };
        if !seen.insert(path) {
            continue;
        }
        let Some((id, _)) = out.load(input, Side::New, path) else {
            continue;
        };
        let old_text = input.old.read_text(path).ok();
        let old_lines: BTreeSet<&str> = old_text
            .as_deref()
            .map_or_else(BTreeSet::new, |old| old.lines().map(str::trim).collect());
        let file = out.sources().get(id);
        let found = suppress::scan_comments(file, id, prefix);
        // An allow comment carried over unchanged from the old file is not part of this release.
        let added = |s: &Suppression| {
            let line = &file.text()[file.line_range(file.line_of(s.span.start()))];
            !old_lines.contains(line.trim())
        };
        let found: Vec<Suppression> = found.into_iter().filter(added).collect();
        out.suppressions.extend(found);
    }
}
