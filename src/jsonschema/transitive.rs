//! The `_transitive` modes: a changed schema is compared, in the mode's directions, with every
//! earlier version of its file in git's history (as far back as the set's `transitive_depth`),
//! not only with the version deployed now. Jobs written with an older version may still be
//! queued, and consumers of an older version may still run.
//!
//! Each earlier version is loaded as its commit had it, `$ref`s resolved in that commit, and
//! shown as `path@commit`. A break that a newer version already shows (the same rule, the same
//! place in the new schema and in the payload) is not repeated: the newest finding gets a note
//! naming the earlier versions (see `findings`). What could not be checked (no history,
//! a shallow clone, an earlier version that does not parse) is a finding of its own, never a
//! silent pass.

use std::collections::HashMap;

use rayon::prelude::*;

use super::rules::transitive_check_incomplete as incomplete;
use super::rules::{self, Direction};
use super::{Against, Findings, Version, compare, directions};
use crate::analyzer::{Input, Output};
use crate::core::{Finding, InputError, Side};
use crate::input::History;
use crate::input::Revision;
use crate::input::config::{JsonSchemaSet, Mode};
use crate::schema::model::SchemaId;

/// The histories of the schemas a release changed, asked of git in parallel (one `git log` each).
pub(super) struct Histories(HashMap<String, Result<Option<History>, InputError>>);

impl Histories {
    pub fn prefetch(mode: Mode, depth: usize, schemas: &[&String], input: &Input<'_>) -> Self {
        if !mode.is_transitive() {
            return Histories(HashMap::new());
        }
        let changed: Vec<&String> = schemas
            .iter()
            .copied()
            .filter(|p| input.old.contains(p) && input.changed(p))
            .collect();
        let old = input.old;
        Histories(
            changed
                .par_iter()
                .map(|path| ((*path).clone(), old.history(path, depth)))
                .collect(),
        )
    }

    /// The history of `path`, prefetched or asked now.
    fn take(
        &mut self,
        path: &str,
        depth: usize,
        input: &Input<'_>,
    ) -> Result<Option<History>, InputError> {
        self.0
            .remove(path)
            .unwrap_or_else(|| input.old.history(path, depth))
    }
}

/// A changed schema, already compared with the base version.
pub(super) struct Compared<'a> {
    pub path: &'a str,
    pub new: &'a Version,
    pub new_root: SchemaId,
}

pub(super) fn check(
    at: &Compared<'_>,
    options: &JsonSchemaSet,
    histories: &mut Histories,
    input: &Input<'_>,
    out: &mut Output<'_>,
    findings: &mut Findings,
) {
    let depth = options.transitive_depth;
    let schema = at.new.builder.graph.get(at.new_root).head;
    let history = match histories.take(at.path, depth, input) {
        Ok(Some(history)) => history,
        Ok(None) => {
            let finding = incomplete::no_history(schema, options.mode, input.old.label());
            findings.push(finding);
            return;
        }
        Err(error) => {
            findings.push(incomplete::history_unreadable(schema, &error));
            return;
        }
    };
    let mut unreadable: Vec<(String, InputError)> = Vec::new();
    for revision in &history.revisions {
        let display = revision.tree.display_path(&revision.path);
        let (old, old_root) = match load(revision, input, out) {
            Ok(loaded) => loaded,
            Err(error) => {
                unreadable.push((display, error));
                continue;
            }
        };
        for &direction in directions(options.mode) {
            // What an earlier release added safely was reported with that release.
            let earlier = Against::Earlier;
            let found = compare(&old, old_root, at.new, at.new_root, direction, earlier);
            for mut found in found {
                found.finding = with_version_note(found.finding, &display, direction);
                findings.push_earlier(found, &display);
            }
        }
    }
    if history.shallow {
        findings.push(incomplete::shallow_clone(schema, depth, at.path));
    }
    if let Some((display, error)) = unreadable.first() {
        let finding = incomplete::version_unreadable(schema, display, unreadable.len(), error);
        findings.push(finding);
    }
}

/// An earlier version's schema graph, its `$ref`s resolved in its own commit. One that does not
/// load is the caller's to report, not an input error: no commit of this release can fix history.
fn load(
    revision: &Revision,
    input: &Input<'_>,
    out: &mut Output<'_>,
) -> Result<(Version, SchemaId), InputError> {
    let at_revision = Input::new(revision.tree.as_ref(), input.new);
    let mut old = Version::new(Side::Old);
    let mark = out.errors.len();
    let root = old.root(&at_revision, out, &revision.path);
    let mut errors: Vec<InputError> = out.errors.drain(mark..).collect();
    errors.append(&mut old.builder.errors);
    match (root, errors.into_iter().next()) {
        (Some(root), None) => Ok((old, root)),
        (_, Some(error)) => Err(error),
        (None, None) => Err(InputError::new(None, "it cannot be read")),
    }
}

/// Says which version a finding was found against, since the base version passed.
fn with_version_note(mut finding: Finding, display: &str, direction: Direction) -> Finding {
    if let Some(label) = finding.old.as_mut() {
        label.text = Some(rules::labels(direction, "this earlier version").1);
    }
    let who = match direction {
        Direction::Backward => "jobs written with that version may still be queued",
        Direction::Forward => "consumers of that version may still run",
    };
    finding.with_note(format!(
        "found against the earlier version {display}, older than the base: {who}"
    ))
}
