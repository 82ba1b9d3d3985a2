//! API schemas in OpenAPI 3.0 and 3.1 (JSON or YAML): operations, parameters, bodies, responses,
//! headers and security, compared by who writes and who reads each message.
//!
//! - `load`: which files are API documents, in which dialect; Swagger 2.0 is refused.
//! - `read`: documents to a [`model::Api`], OpenAPI `$ref`s followed; schemas go to the
//!   JSON Schema [`crate::jsonschema::resolve::Builder`] of the version.
//! - `diff`: pairs operations, parameters, media types, statuses and headers.
//! - `schemas`: bodies, parameters and headers through the JSON Schema containment checker, in
//!   both pairings of old and new.
//! - `rules`: one file per rule.
//!
//! Requests are written by clients and read by the server: the new server must accept every
//! old request (breaking otherwise), and new clients meet old servers only during a partial
//! rollout or after a rollback (tolerant at most). Responses are written by the server: old
//! clients must accept every new response, and new clients meet old servers' responses only
//! during a partial rollout or after a rollback. Webhooks and callbacks swap the roles.

pub mod diff;
pub mod load;
pub mod model;
pub mod read;
pub mod rules;
pub mod schemas;
pub mod sunset;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::analyze::{Analyzer, Input, Output};
use crate::core::{Change, FileId, Side};
use crate::input::config::Kind;
use crate::input::discover::{ArtifactSet, SetOptions};
use crate::jsonschema::allow;
use crate::jsonschema::resolve::DocSource;
use load::Version;
use model::{Api, Operation, Origin, Role};
use rules::{Cx, Out};
use schemas::{Message, Place, State};
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
        let mut old = Version::new(Side::Old);
        let mut new = Version::new(Side::New);
        for path in &set.files {
            for (version, tree) in [(&mut old, input.old), (&mut new, input.new)] {
                if tree.contains(path) {
                    let mut source = TreeSource {
                        input,
                        out,
                        side: version.side,
                    };
                    version.load_root(&mut source, path);
                }
            }
        }
        let pairs = pair_apis(std::mem::take(&mut old.apis), std::mem::take(&mut new.apis));
        let cx = Cx {
            old: &old,
            new: &new,
            honor_sunset: options.honor_sunset,
            today: Day::today(),
        };
        out.findings.extend(compare_on_large_stack(&cx, &pairs));
        for document in new.documents() {
            if input.changed(&document.path) {
                out.suppressions
                    .extend(allow::suppressions(&document.root, document.file));
            }
        }
        out.errors.extend(old.take_errors());
        out.errors.extend(new.take_errors());
    }
}

/// The stack reserved for comparisons: the containment checker recurses along reference chains,
/// which in large APIs run through thousands of schemas. Only the pages touched are committed.
const COMPARE_STACK: usize = 1 << 30;

/// [`compare`] on a thread with [`COMPARE_STACK`], or on this one if no thread can be started.
fn compare_on_large_stack(cx: &Cx<'_>, pairs: &[(Api, Api)]) -> Vec<crate::core::Finding> {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("openapi-compare".into())
            .stack_size(COMPARE_STACK)
            .spawn_scoped(scope, || compare(cx, pairs));
        match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => compare(cx, pairs),
        }
    })
}

/// Compares paired APIs and returns the findings, grouped.
pub fn compare(cx: &Cx<'_>, pairs: &[(Api, Api)]) -> Vec<crate::core::Finding> {
    let mut state = State::default();
    let mut out = Out::default();
    for (old, new) in pairs {
        for (_, change) in diff::by_key(&old.operations, &new.operations) {
            match change {
                Change::Removed { old: op } => {
                    if op.origin == Origin::Path {
                        rules::operation_removed::check(cx, op, new, &mut out);
                        rules::operation_removed_after_sunset::check(cx, op, new, &mut out);
                    }
                }
                Change::Added { new: op } => rules::operation_added::check(op, &mut out),
                Change::Kept { old, new } => operation(cx, &mut state, old, new, &mut out),
            }
        }
    }
    out.finish()
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

fn operation<'a>(
    cx: &Cx<'a>,
    state: &mut State<'a>,
    old: &Operation,
    new: &Operation,
    out: &mut Out,
) {
    let server = new.role() == Role::Server;
    let place = |what: String, message, schemas: (Option<_>, Option<_>), spans: (_, _)| Place {
        op: new,
        what,
        message,
        old: schemas.0,
        new: schemas.1,
        old_graph: old.graph,
        new_graph: new.graph,
        old_span: spans.0,
        new_span: spans.1,
    };
    for (_, change) in diff::by_key(&old.parameters, &new.parameters) {
        match change {
            Change::Added { new: p } if server => {
                rules::required_parameter_added::check(new, p, out);
                rules::optional_parameter_added::check(new, p, out);
            }
            Change::Removed { old: p } if server => {
                rules::parameter_removed::check(new, new.span, p, out);
            }
            Change::Kept { old: o, new: n } => {
                if server {
                    rules::parameter_made_required::check(new, o, n, out);
                    if o.required && !n.required {
                        rules::request_widened::made_optional(
                            new,
                            &n.describe(),
                            n.required_or_name(),
                            o.required_or_name(),
                            out,
                        );
                    }
                }
                let p = place(
                    n.describe(),
                    Message::Request,
                    (o.schema, n.schema),
                    (o.span, n.span),
                );
                schemas::compare(cx, state, &p, out);
            }
            _ => {}
        }
    }
    match (&old.body, &new.body) {
        (None, Some(n)) if server => rules::request_body_made_required::check(new, None, n, out),
        (Some(o), Some(n)) => {
            if server {
                rules::request_body_made_required::check(new, Some(o), n, out);
                if o.required && !n.required {
                    rules::request_widened::made_optional(
                        new,
                        "the request body",
                        n.required_span.unwrap_or(n.span),
                        o.required_span.unwrap_or(o.span),
                        out,
                    );
                }
            }
            for change in diff::media(&o.content, &n.content) {
                match change {
                    Change::Removed { old: m } if server => {
                        rules::request_media_type_removed::check(new, n.span, m, out);
                    }
                    Change::Kept { old: om, new: nm } => {
                        let what = format!("the request body ({})", nm.name);
                        let p = place(
                            what,
                            Message::Request,
                            (om.schema, nm.schema),
                            (om.span, nm.span),
                        );
                        schemas::compare(cx, state, &p, out);
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    for change in diff::responses(&old.responses, &new.responses) {
        match change {
            Change::Removed { old: r } if server => {
                rules::success_status_removed::check(new, new.span, r, out);
            }
            Change::Kept { old: or, new: nr } => response(cx, state, (old, new), (or, nr), out),
            _ => {}
        }
    }
    if server {
        rules::security_requirement_added::check(old, new, out);
        rules::security_scope_added::check(old, new, out);
    }
}

fn response<'a>(
    cx: &Cx<'a>,
    state: &mut State<'a>,
    (old, new): (&Operation, &Operation),
    (or, nr): (&model::Response, &model::Response),
    out: &mut Out,
) {
    let server = new.role() == Role::Server;
    let place = |what: String, schemas: (Option<_>, Option<_>), spans: (_, _)| Place {
        op: new,
        what,
        message: Message::Response,
        old: schemas.0,
        new: schemas.1,
        old_graph: old.graph,
        new_graph: new.graph,
        old_span: spans.0,
        new_span: spans.1,
    };
    for change in diff::media(&or.content, &nr.content) {
        match change {
            Change::Removed { old: m } if server => {
                rules::response_media_type_removed::check(new, nr, m, out);
            }
            Change::Kept { old: om, new: nm } => {
                let what = format!("the {} response ({})", nr.status, nm.name);
                let p = place(what, (om.schema, nm.schema), (om.span, nm.span));
                schemas::compare(cx, state, &p, out);
            }
            _ => {}
        }
    }
    for (_, change) in diff::by_key(&or.headers, &nr.headers) {
        match change {
            Change::Removed { old: h } if server => {
                rules::response_header_removed::check(new, &nr.status, nr.span, h, out);
                rules::response_optional_header_removed::check(new, &nr.status, nr.span, h, out);
            }
            Change::Kept { old: oh, new: nh } => {
                if server {
                    rules::response_header_made_optional::check(new, &nr.status, oh, nh, out);
                }
                let what = format!("the header `{}` of the {} response", nh.name, nr.status);
                let p = place(what, (oh.schema, nh.schema), (oh.span, nh.span));
                schemas::compare(cx, state, &p, out);
            }
            _ => {}
        }
    }
}

/// Unchanged sets are compared only when a document references other files, which may have
/// changed.
fn needs_comparison(set: &ArtifactSet, input: &Input<'_>) -> bool {
    set.files.iter().any(|path| {
        input.changed(path)
            || input
                .new
                .read_text(path)
                .map_or(true, |text| has_external_refs(&text))
    })
}

/// Whether a document may reference another file: a `$ref` whose value does not start with `#`.
fn has_external_refs(text: &str) -> bool {
    text.match_indices("$ref").any(|(at, _)| {
        let rest = text[at + 4..].trim_start_matches(['"', '\'', ':', ' ', '\t']);
        !rest.starts_with('#')
    })
}

/// Reads a version's files through the report's sources.
struct TreeSource<'i, 'o, 'x> {
    input: &'i Input<'i>,
    out: &'o mut Output<'x>,
    side: Side,
}

impl DocSource for TreeSource<'_, '_, '_> {
    fn read(&mut self, path: &str) -> Option<(FileId, Arc<str>)> {
        self.out.load(self.input, self.side, path)
    }

    fn exists(&self, path: &str) -> bool {
        self.input.tree(self.side).contains(path)
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn external_references_are_spotted() {
        assert!(!has_external_refs("a:\n  $ref: '#/components/schemas/A'\n"));
        assert!(has_external_refs("a:\n  $ref: ./schemas/a.yaml\n"));
    }
}
