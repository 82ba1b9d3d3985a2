//! Job and message payloads described in JSON Schema (drafts 4, 6, 7, 2019-09 and 2020-12, in
//! JSON or YAML).
//!
//! - [`doc`]: documents with the byte range of every node.
//! - [`resolve`]: documents to a resolved [`model::Graph`] (`$ref`, `$id`, anchors, files of the
//!   same tree; never the network).
//! - [`compare`]: the containment checker, "does reader R admit everything writer W admits?",
//!   independent of files, shared with the OpenAPI analyzer.
//! - [`rules`]: incompatibilities named by kind and direction.
//! - `samples`: captured payloads validated across versions with the `jsonschema` crate.
//! - `allow`: `x-compat-allow` keys.
//!
//! The set's `mode` decides the directions: `backward` checks that the new schema reads what the
//! old one admitted, `forward` the reverse, `full` both. The `_transitive` modes are checked
//! against the base version only: the trees carry no history of earlier versions.

pub mod allow;
pub mod compare;
mod cycles;
pub mod doc;
pub mod model;
pub mod resolve;
pub mod rules;
mod samples;
#[cfg(test)]
mod testing;
pub mod uri;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use crate::analyze::{Analyzer, Input, Output};
use crate::core::{FileId, Finding, Side, Span};
use crate::input::config::{Kind, Mode};
use crate::input::discover::{ArtifactSet, SetOptions};
use compare::{Options, check};
use model::{Draft, SchemaId};
use resolve::{Builder, DocSource};
use rules::Direction;

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
        for path in &schemas {
            match (input.old.contains(path), input.new.contains(path)) {
                (true, true) if needs_comparison(input, path) => {
                    let (Some(old_root), Some(new_root)) =
                        (old.root(input, out, path), new.root(input, out, path))
                    else {
                        continue;
                    };
                    for direction in directions(options.mode) {
                        compare(&old, old_root, &new, new_root, *direction, &mut findings);
                    }
                }
                (true, false) => {
                    if let Some(root) = old.root(input, out, path) {
                        findings.push(removed(path, old.builder.graph.get(root).head));
                    }
                }
                _ => {}
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
        out.findings.extend(findings.list);
        out.errors.append(&mut old.builder.errors);
        out.errors.append(&mut new.builder.errors);
    }
}

/// Findings without duplicates (both directions may name the same change).
#[derive(Default)]
struct Findings {
    list: Vec<Finding>,
    seen: HashSet<(&'static str, Option<Span>, Option<Span>, String)>,
}

impl Findings {
    fn push(&mut self, finding: Finding) {
        // A rule that is the same in both directions reports a change once.
        let symmetric = [
            rules::PATTERN_CHANGED,
            rules::FORMAT_CHANGED,
            rules::CONTAINMENT_NOT_PROVEN,
        ]
        .contains(&finding.rule);
        let key = (
            finding.rule,
            finding.new.as_ref().map(|l| l.span),
            finding.old.as_ref().map(|l| l.span),
            if symmetric {
                String::new()
            } else {
                finding.message.clone()
            },
        );
        if self.seen.insert(key) {
            self.list.push(finding);
        }
    }
}

fn directions(mode: Mode) -> &'static [Direction] {
    match mode {
        Mode::Backward | Mode::BackwardTransitive => &[Direction::Backward],
        Mode::Forward | Mode::ForwardTransitive => &[Direction::Forward],
        Mode::Full | Mode::FullTransitive => &[Direction::Backward, Direction::Forward],
    }
}

fn compare(
    old: &Version,
    old_root: SchemaId,
    new: &Version,
    new_root: SchemaId,
    direction: Direction,
    findings: &mut Findings,
) {
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
    for incompatibility in &outcome.incompatibilities {
        findings.push(rules::incompatibility(incompatibility, direction));
    }
    for assumption in &outcome.assumptions {
        findings.push(rules::assumption(assumption, direction));
    }
}

fn removed(path: &str, span: Span) -> Finding {
    Finding::new(
        rules::SCHEMA_REMOVED,
        format!("the payload schema {path} is removed while jobs of this type may still be queued"),
    )
    .at_old(span, "removed schema")
}

/// Unchanged files are compared only when they reference other files, which may have changed.
fn needs_comparison(input: &Input<'_>, path: &str) -> bool {
    input.changed(path)
        || input
            .new
            .read_text(path)
            .map_or(true, |text| has_external_refs(&text))
}

/// Whether a schema text may reference another file: a `$ref` whose value does not start with `#`.
fn has_external_refs(text: &str) -> bool {
    text.match_indices("$ref").any(|(at, _)| {
        let rest = text[at + 4..].trim_start_matches(['"', '\'', ':', ' ', '\t']);
        !rest.starts_with('#')
    })
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
mod tests {
    use super::*;

    #[test]
    fn external_references_are_spotted_in_json_and_yaml() {
        assert!(!has_external_refs(r##"{"$ref": "#/$defs/a"}"##));
        assert!(has_external_refs(r#"{"$ref": "common.json"}"#));
        assert!(has_external_refs("items:\n  $ref: ./item.yaml\n"));
        assert!(!has_external_refs("items:\n  $ref: '#/$defs/item'\n"));
    }
}
