//! Job and message payloads described in JSON Schema (drafts 4, 6, 7, 2019-09 and 2020-12, in
//! JSON or YAML).
//!
//! Documents, references and the containment checker are the schema layer's ([`crate::schema`]);
//! this kind decides which schemas to compare, in which directions, and names what it finds.
//!
//! - [`rules`]: one file per rule; the checker's answers named by constraint and direction.
//! - `samples`: captured payloads validated across versions with the `jsonschema` crate; a
//!   rejection (`rejection`) is what the sample rules word.
//! - `transitive`: the `_transitive` modes, against earlier versions from git's history.
//! - `findings`: the set's findings without repeats.
//!
//! The set's `mode` decides the directions: `backward` checks that the new schema reads what the
//! old one admitted, `forward` the reverse, `full` both. The `_transitive` modes check the same
//! directions against the earlier versions of each changed schema as well. A property's changed
//! `default`, which no validator sees, is found apart from the checker ([`crate::schema::defaults`])
//! and reported in every mode.

mod findings;
mod rejection;
pub mod rules;
mod samples;
mod transitive;

use std::collections::BTreeMap;

use crate::analyzer::{Analyzer, Input, Output};
use crate::core::{Change, Side};
use crate::input::config::{Kind, Mode};
use crate::input::discover::{ArtifactSet, SetOptions};
use crate::schema::containment::{Options, check, path_string};
use crate::schema::model::{Draft, SchemaId};
use crate::schema::resolve::Builder;
use crate::schema::source::{TreeSource, needs_comparison};
use crate::schema::{allow, defaults};
use findings::{Findings, FoundAt};
use rules::{Direction, SchemaFile};

/// The JSON Schema analyzer.
pub struct JsonSchemaAnalyzer;

impl Analyzer for JsonSchemaAnalyzer {
    fn kind(&self) -> Kind {
        Kind::Jsonschema
    }

    fn analyze(&self, set: &ArtifactSet, input: &Input<'_>, out: &mut Output<'_>) {
        let SetOptions::Jsonschema(options) = &set.options else {
            return;
        };
        let sample_dirs: Vec<String> = options
            .samples
            .iter()
            .map(|d| format!("{}/", d.trim_end_matches('/')))
            .collect();
        let schemas: Vec<&String> = set
            .files
            .iter()
            .filter(|p| !sample_dirs.iter().any(|d| p.starts_with(d.as_str())))
            .collect();
        let mut old = Version::new(Side::Old);
        let mut new = Version::new(Side::New);
        let mut findings = Findings::default();
        let mut histories = transitive::Histories::prefetch(
            options.mode,
            options.transitive_depth,
            &schemas,
            input,
        );
        let mut one_sided = Vec::new();
        for path in &schemas {
            match (input.old.contains(path), input.new.contains(path)) {
                (true, true) if needs_comparison(input, path) => {
                    let (Some(old_root), Some(new_root)) =
                        (old.root(input, out, path), new.root(input, out, path))
                    else {
                        continue;
                    };
                    for direction in directions(options.mode) {
                        let base = Against::Base;
                        for found in compare(&old, old_root, &new, new_root, *direction, base) {
                            findings.push_compared(found, path);
                        }
                    }
                    let (old_graph, new_graph) = (&old.builder.graph, &new.builder.graph);
                    for change in defaults::changed(old_graph, old_root, new_graph, new_root, false)
                    {
                        let (finding, words) = rules::default_changed::check(&change);
                        let place = path_string(&change.path);
                        let found = FoundAt {
                            finding,
                            path: place,
                            words,
                        };
                        findings.push_compared(found, path);
                    }
                    if options.mode.is_transitive() && schema_changed(input, &new, path) {
                        let at = transitive::Compared {
                            path,
                            new: &new,
                            new_root,
                        };
                        transitive::check(&at, options, &mut histories, input, out, &mut findings);
                    }
                }
                (true, true) | (false, false) => {}
                (in_old, _) => one_sided.push((*path, in_old)),
            }
        }
        // Schemas one version has, loaded on that side only once the others were compared: a
        // schema the release adds is read (one that does not parse is an input error), but it
        // takes no part in deciding whether the compared schemas' references changed.
        for (path, in_old) in one_sided {
            let version = if in_old { &mut old } else { &mut new };
            let Some(root) = version.root(input, out, path) else {
                continue;
            };
            let file = SchemaFile {
                path,
                head: version.builder.graph.get(root).head,
            };
            let change = if in_old {
                Change::Removed { old: file }
            } else {
                Change::Added { new: file }
            };
            for finding in rules::FILE_RULES.iter().filter_map(|rule| rule(&change)) {
                findings.push(finding);
            }
        }
        samples::check(
            &options.samples,
            &schemas,
            input,
            out,
            [&mut old, &mut new],
            &mut findings,
        );
        for document in new.builder.documents() {
            if input.changed(&document.path) {
                out.suppressions
                    .extend(allow::suppressions(&document.root, document.file));
            }
        }
        out.findings.extend(findings.finish());
        let old_errors = std::mem::take(&mut old.builder.errors);
        let new_errors = std::mem::take(&mut new.builder.errors);
        out.report_both(old_errors, new_errors);
    }
}

fn directions(mode: Mode) -> &'static [Direction] {
    match mode {
        Mode::Backward | Mode::BackwardTransitive => &[Direction::Backward],
        Mode::Forward | Mode::ForwardTransitive => &[Direction::Forward],
        Mode::Full | Mode::FullTransitive => &[Direction::Backward, Direction::Forward],
    }
}

/// Which old version a comparison is against.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Against {
    /// The deployed version: everything is reported, the checker's assumptions (an optional
    /// property added or no longer declared) included.
    Base,
    /// An earlier version (a `_transitive` mode): only incompatibilities, since what an earlier
    /// release added safely was reported with it; each keeps its words for the notes that name
    /// the versions showing it.
    Earlier,
}

/// The findings of one direction between two versions, each named by the one rule that applies.
fn compare(
    old: &Version,
    old_root: SchemaId,
    new: &Version,
    new_root: SchemaId,
    direction: Direction,
    against: Against,
) -> Vec<FoundAt> {
    let (old_graph, new_graph) = (&old.builder.graph, &new.builder.graph);
    let outcome = match direction {
        Direction::Backward => check(
            old_graph,
            old_root,
            new_graph,
            new_root,
            &Options::default(),
        ),
        Direction::Forward => check(
            new_graph,
            new_root,
            old_graph,
            old_root,
            &Options::default(),
        ),
    };
    let incompatibilities = outcome.incompatibilities.iter().map(|i| {
        let finding = rules::CHECKER_RULES
            .iter()
            .find_map(|rule| rule(i, direction))
            .unwrap_or_else(|| unreachable!("a checker rule names every incompatibility (tested)"));
        let path = i.path.clone();
        let words = i.fact.describe(direction.writer(), direction.reader());
        FoundAt {
            finding,
            path,
            words,
        }
    });
    let assumptions = outcome
        .assumptions
        .iter()
        .filter(|_| against == Against::Base)
        .map(|a| {
            let finding = rules::ASSUMPTION_RULES
                .iter()
                .find_map(|rule| rule(a, direction))
                .unwrap_or_else(|| unreachable!("an assumption rule names every direction"));
            let path = a.path.clone();
            let words = a.property.clone().unwrap_or_default();
            FoundAt {
                finding,
                path,
                words,
            }
        });
    incompatibilities.chain(assumptions).collect()
}

/// Whether the schema or a file loaded with it differs from the base. A schema equal to the base
/// was compared with its earlier versions when it changed. (The files loaded so far by any schema
/// of the version are considered: more than this schema's, never fewer.)
fn schema_changed(input: &Input<'_>, new: &Version, path: &str) -> bool {
    input.changed(path)
        || new
            .builder
            .documents()
            .iter()
            .any(|document| input.changed(&document.path))
}

/// One version's schemas, built on demand.
struct Version {
    side: Side,
    builder: Builder,
    roots: BTreeMap<String, Option<SchemaId>>,
}

impl Version {
    fn new(side: Side) -> Self {
        Version {
            side,
            builder: Builder::new(Draft::Draft202012),
            roots: BTreeMap::new(),
        }
    }

    fn root(&mut self, input: &Input<'_>, out: &mut Output<'_>, path: &str) -> Option<SchemaId> {
        if let Some(root) = self.roots.get(path) {
            return *root;
        }
        let mut source = TreeSource {
            input,
            out,
            side: self.side,
        };
        let root = self
            .builder
            .load(&mut source, path)
            .and_then(|doc| self.builder.schema(&mut source, doc, ""));
        self.roots.insert(path.to_owned(), root);
        root
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::report_of;

    #[test]
    fn a_schema_the_release_adds_is_read_and_a_broken_one_is_an_input_error() {
        let good =
            r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}"#;
        let broken = r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "#;
        let report = report_of("", &[], &[("job.schema.json", good)]);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let report = report_of("", &[], &[("job.schema.json", broken)]);
        assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    }
}
