//! API schemas in OpenAPI 3.0 and 3.1, and Swagger 2.0 (JSON or YAML): operations, parameters,
//! bodies, responses, headers and security, compared by who writes and who reads each message.
//!
//! - `load`: which files are API documents, in which dialect.
//! - `swagger`: a Swagger 2.0 document read as the OpenAPI 3.0 document it describes, from its
//!   own nodes, so findings frame the 2.0 file.
//! - `read`: documents to a [`model::Api`], OpenAPI `$ref`s followed; schemas go to the
//!   JSON Schema [`crate::schema::resolve::Builder`] of the version.
//! - `diff`: pairs operations, parameters, media types, statuses and headers.
//! - `walk`: walks an operation both versions have, handing each change to the rules of its
//!   element.
//! - `schemas`: bodies, parameters and headers through the JSON Schema containment checker, in
//!   both pairings of old and new; `found` is what the schema rules judge.
//! - `context`: what the rules see, and the findings they make, one per change.
//! - `reach`: the operations and messages each finding reaches, interned while a pass runs.
//! - `rules`: one file per rule, registered by element.
//!
//! Requests are written by clients and read by the server: the new server must accept every
//! old request (breaking otherwise), and new clients meet old servers only during a partial
//! rollout or after a rollback (tolerant at most). Responses are written by the server: old
//! clients must accept every new response, and new clients meet old servers' responses only
//! during a partial rollout or after a rollback. Webhooks and callbacks swap the roles.

pub mod context;
pub mod diff;
pub mod found;
pub mod load;
mod location;
pub mod model;
mod parallel;
mod reach;
pub mod read;
pub mod rules;
pub mod schemas;
mod security;
pub mod sorted;
pub mod sunset;
mod swagger;
mod walk;

use std::collections::BTreeMap;

use crate::analyzer::{Analyzer, Input, Output, drop_in_background};
use crate::core::Change;
use crate::input::config::Kind;
use crate::input::discover::{ArtifactSet, SetOptions};
use crate::schema::allow;
use crate::schema::containment::{join_on_checker_stack, on_checker_stack};
use context::{Compared, Cx, Out};
use diff::{Apis, OperationPair};
use model::{Api, Operation};
use rules::{API_RULES, OPERATION_RULES};
use schemas::{Indexes, Sessions};
use sunset::Day;

/// The OpenAPI analyzer.
pub struct OpenApiAnalyzer;

impl Analyzer for OpenApiAnalyzer {
    fn kind(&self) -> Kind {
        Kind::Openapi
    }

    fn analyze(&self, set: &ArtifactSet, input: &Input<'_>, out: &mut Output<'_>) {
        let SetOptions::Openapi(options) = &set.options else {
            return;
        };
        if !needs_comparison(set, input) {
            return;
        }
        let errors_before = out.errors.len();
        let (mut old, mut new) = parallel::load_versions(set, input, out);
        let written_in: Vec<&str> = new.written_in.union(&old.written_in).copied().collect();
        out.read_as = (!written_in.is_empty()).then(|| written_in.join(", "));
        // A side that did not load completely (a file unreadable or unparseable, a reference to
        // a path item or parameter that leads nowhere) would show what it failed to read as
        // removed: report only the errors. An error inside a schema (an invalid keyword, a
        // schema reference that leads nowhere) leaves that schema unknown and the rest compared.
        let old_errors = old.take_document_errors();
        let new_errors = new.take_document_errors();
        let complete =
            out.errors.len() == errors_before && old_errors.is_empty() && new_errors.is_empty();
        out.errors.extend(old_errors);
        out.errors.extend(new_errors);
        // An invalid keyword both versions have is reported once, in the new version.
        let (old_schema_errors, new_schema_errors) =
            (old.take_schema_errors(), new.take_schema_errors());
        out.report_both(old_schema_errors, new_schema_errors);
        if !complete {
            return;
        }
        // The trees are freed before comparing rather than in the background, so that the
        // comparison reuses their memory; the old ones beside the scan of the new ones.
        let old_trees = old.take_trees();
        std::thread::scope(|scope| {
            // Should no thread start, the closure drops the trees right here.
            let _ = std::thread::Builder::new()
                .name("drop".into())
                .spawn_scoped(scope, move || drop(old_trees));
            for document in new.documents() {
                if input.changed(&document.path) {
                    out.suppressions
                        .extend(allow::suppressions(&document.root, document.file));
                }
            }
            drop(new.take_trees());
        });
        out.findings.extend(
            new.bounds_read_as_flags()
                .into_iter()
                .map(rules::exclusive_bound_read_as_flag::finding),
        );
        let pairs = pair_apis(std::mem::take(&mut old.apis), std::mem::take(&mut new.apis));
        let cx = Cx {
            old: &old,
            new: &new,
            honor_sunset: options.honor_sunset,
            today: Day::today(),
        };
        // The checker recurses along reference chains, as deep as its bound allows.
        let found = on_checker_stack(|| compare(&cx, &pairs));
        out.findings.extend(found.findings);
        if options.ignore_unstable_operations {
            out.waived.extend(found.unstable);
        } else {
            out.findings
                .extend(found.unstable.into_iter().map(|(finding, _)| finding));
        }
        drop_in_background((old, new, pairs));
    }
}

/// Compares paired APIs and returns the findings, grouped.
///
/// A large API is compared in two halves on two threads, each half with its own memo of schema
/// comparisons (a component both reach is compared twice, which costs less than the second core
/// gains). The halves are contiguous runs of the one-pass order and their findings are merged
/// in that order, so the result is the one-pass result.
pub fn compare(cx: &Cx<'_>, pairs: &[(Api, Api)]) -> Compared {
    let tasks = tasks(pairs);
    let ix = Indexes::default();
    let parallel = tasks.len() >= PARALLEL_FROM
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    if !parallel {
        return run(cx, &ix, &tasks).finish();
    }
    let (first, second) = tasks.split_at(tasks.len() / 2);
    let (rest, mut out) = join_on_checker_stack(|| run(cx, &ix, second), || run(cx, &ix, first));
    out.append(rest);
    out.finish()
}

/// Below this many tasks a second thread costs more than it saves.
const PARALLEL_FROM: usize = 256;

/// One unit of comparison, in the order one pass takes them.
enum Task<'a> {
    Discriminators {
        old: &'a Api,
        new: &'a Api,
    },
    Operation {
        old_api: &'a Api,
        new_api: &'a Api,
        change: Change<&'a Operation>,
    },
}

fn tasks(pairs: &[(Api, Api)]) -> Vec<Task<'_>> {
    let mut tasks = Vec::new();
    for (old, new) in pairs {
        tasks.push(Task::Discriminators { old, new });
        tasks.extend(
            diff::by_key(&old.operations, &new.operations)
                .into_iter()
                .map(|(_, change)| Task::Operation {
                    old_api: old,
                    new_api: new,
                    change,
                }),
        );
    }
    tasks
}

fn run<'a>(cx: &Cx<'a>, ix: &'a Indexes, tasks: &[Task<'_>]) -> Out {
    let mut state = Sessions::new(ix);
    let mut out = Out::default();
    for task in tasks {
        match task {
            Task::Discriminators { old, new } => {
                let apis = Apis { old, new };
                for rule in API_RULES {
                    rule(&apis, &mut out);
                }
            }
            Task::Operation {
                old_api,
                new_api,
                change,
            } => {
                let apis = Apis {
                    old: old_api,
                    new: new_api,
                };
                mark_unstable(change, &mut out);
                match *change {
                    Change::Kept { old, new } => {
                        let pair = OperationPair { old, new, apis };
                        walk::compare(cx, &mut state, &pair, &mut out);
                    }
                    _ => {
                        for rule in OPERATION_RULES {
                            rule(cx, &apis, change, &mut out);
                        }
                    }
                }
            }
        }
    }
    out
}

/// Marks an operation whose clients accept breaking changes: by the level of the old version
/// (the one its clients rely on), or of the new one for an operation the release adds.
fn mark_unstable(change: &Change<&Operation>, out: &mut Out) {
    let (marked, other, side) = match *change {
        Change::Kept { old, new } => (old, Some(new), "old"),
        Change::Removed { old } => (old, None, "old"),
        Change::Added { new } => (new, None, "new"),
    };
    let Some(level) = marked.unstable_level() else {
        return;
    };
    let reason = format!(
        "{} is marked `x-stability-level: {level}` in the {side} version, so its clients \
         accept breaking changes; `ignore_unstable_operations = false` in compat.toml counts them",
        marked.label()
    );
    for op in std::iter::once(marked).chain(other) {
        out.unstable(op, reason.clone());
    }
}

/// Pairs the APIs of the two versions by document path; documents found on one side only are
/// merged into one API per side (a renamed or split document keeps its operations).
fn pair_apis(mut old: BTreeMap<String, Api>, mut new: BTreeMap<String, Api>) -> Vec<(Api, Api)> {
    let shared: Vec<String> = old
        .keys()
        .filter(|k| new.contains_key(*k))
        .cloned()
        .collect();
    let mut pairs: Vec<(Api, Api)> = shared
        .iter()
        .filter_map(|path| Some((old.remove(path)?, new.remove(path)?)))
        .collect();
    if !old.is_empty() || !new.is_empty() {
        let merge = |apis: BTreeMap<String, Api>| {
            apis.into_values().fold(Api::default(), |mut all, api| {
                all.merge(api);
                all
            })
        };
        pairs.push((merge(old), merge(new)));
    }
    pairs
}

/// Unchanged sets are compared only when a document references other files, which may have
/// changed.
fn needs_comparison(set: &ArtifactSet, input: &Input<'_>) -> bool {
    set.files
        .iter()
        .any(|path| crate::schema::source::needs_comparison(input, path))
}

#[cfg(test)]
mod tests;
