//! Protobuf payloads and gRPC services: compile both versions with protox, pair their elements
//! and classify each change by the encodings (binary, ProtoJSON) that cross the version boundary.
//!
//! - `editions`: files in protobuf editions, lowered to proto2 for protox.
//! - `header`: imports and package of a file, found lexically, before compiling.
//! - `buf`: buf.yaml and buf.work.yaml: module roots, excludes, and the `breaking` policy.
//! - `names`: import roots, and which file each import means.
//! - `load`: reading through the side's tree, parallel parsing, linking.
//! - `spans`: element spans from `SourceCodeInfo`.
//! - `model`: one compiled side, with who reaches each type and over which encoding.
//! - `diff`: pairs types (renames and moves included), fields, values, services and methods.
//! - `types`: wire and JSON compatibility of field types, structural through messages.
//! - `rules`: one file per rule.
//!
//! Only files the release changed are compared. They are compiled with what they import and,
//! when the encodings are decided per type, with the files that import them (their services
//! decide which encodings reach a changed message). A side with a file that cannot be read or
//! compiled is not compared at all: its input errors are the whole answer, since a half-loaded
//! side would make its elements look removed.

pub mod buf;
pub mod diff;
pub mod editions;
pub mod header;
pub mod load;
pub mod model;
pub mod names;
pub mod rules;
pub mod spans;
pub mod types;

use std::collections::{BTreeSet, HashMap, HashSet};

use foldhash::fast::FixedState;

use crate::analyzer::{Analyzer, Input, Output, drop_in_background};
use crate::core::{Change, Side};
use crate::input::Tree;
use crate::input::config::{Encoding, Kind};
use crate::input::discover::{ArtifactSet, SetOptions};
use buf::BufLayout;
use buf::policy::{Policy, SidePolicy, binary_only};
use load::{Prepared, SideFile, compile, prepare, read_side};
use model::Schema;
use names::{ImportNames, Resolved};
use rules::Cx;

/// The protobuf analyzer.
pub struct ProtoAnalyzer;

impl Analyzer for ProtoAnalyzer {
    fn kind(&self) -> Kind {
        Kind::Proto
    }

    fn analyze(&self, set: &ArtifactSet, input: &Input<'_>, out: &mut Output<'_>) {
        let SetOptions::Proto(options) = &set.options else {
            return;
        };
        // When the old side is a git revision, what changed is known from content ids without
        // reading a file (a working tree names only its changed files as such, and those are
        // read); otherwise the texts read below decide.
        let ids_known = set
            .files
            .iter()
            .all(|p| !input.old.contains(p) || input.old.content_id(p).is_some());
        let known_changed: Option<HashSet<String>> = ids_known.then(|| {
            set.files
                .iter()
                .filter(|p| input.changed(p))
                .cloned()
                .collect()
        });
        if known_changed.as_ref().is_some_and(HashSet::is_empty) {
            return;
        }

        let (old_buf, old_buf_errors) = BufLayout::read(input, Side::Old, out, &set.files);
        let (new_buf, new_buf_errors) = BufLayout::read(input, Side::New, out, &set.files);
        // A configuration broken on both sides is reported once, on the new side.
        let new_configs: HashSet<Option<String>> =
            new_buf_errors.iter().map(|e| e.file.clone()).collect();
        out.errors.extend(
            old_buf_errors
                .into_iter()
                .filter(|e| !new_configs.contains(&e.file)),
        );
        out.errors.extend(new_buf_errors);
        let encoding = options
            .encoding
            .or_else(|| binary_only(&new_buf).then_some(Encoding::Binary));
        let with_importers = encoding.is_none();

        // What to read up front: without content ids, every file of both sides; with them, the
        // changed files, and on the new side every file when the importers of a changed file
        // are needed (only their imports find them). The old side's importers are the new
        // side's, since unchanged files import the same. Other files are read when imported.
        let (old_paths, new_paths) = match &known_changed {
            None => (set.files.clone(), set.files.clone()),
            Some(changed) => {
                let changed: Vec<String> = set
                    .files
                    .iter()
                    .filter(|p| changed.contains(*p))
                    .cloned()
                    .collect();
                let new = if with_importers {
                    set.files.clone()
                } else {
                    changed.clone()
                };
                (changed, new)
            }
        };
        let (old_files, old_errors) = read_side(input, Side::Old, &old_paths);
        let (new_files, new_errors) = read_side(input, Side::New, &new_paths);
        if !old_errors.is_empty() || !new_errors.is_empty() {
            // Without every file, the unreadable ones' elements would look removed.
            out.errors.extend(old_errors);
            out.errors.extend(new_errors);
            return;
        }
        let changed = known_changed.unwrap_or_else(|| changed_paths(&old_files, &new_files));
        if changed.is_empty() {
            return;
        }
        let policy = Policy {
            old: SidePolicy::new(&old_buf, &old_files),
            new: SidePolicy::new(&new_buf, &new_files),
            ignore_unstable: options.ignore_unstable_packages,
        };

        // Roots in the ecosystem's order: compat.toml, buf's modules, the compared directory.
        let names = |side: Side, buf: &BufLayout| {
            let roots = if options.roots.is_empty() {
                buf.roots()
            } else {
                options.roots.clone()
            };
            ImportNames::new(&roots, input.tree(side))
        };
        let old_names = names(Side::Old, &old_buf);
        let new_names = names(Side::New, &new_buf);
        let importers = with_importers
            .then(|| Importers::new(&[(&old_files, &old_names), (&new_files, &new_names)]));
        let mut prepare_side = |side: Side, files: &[SideFile], names: &ImportNames| {
            let tree = input.tree(side);
            let targets = targets(tree, &changed, importers.as_ref());
            prepare(input, side, out, files, names, &targets, &changed)
        };
        let old_prepared = prepare_side(Side::Old, &old_files, &old_names);
        let new_prepared = prepare_side(Side::New, &new_files, &new_names);
        let schema = |side: Side, prepared: Prepared| {
            compile(prepared).map(|compiled| Schema::new(side, compiled))
        };
        let (old, new) = rayon::join(
            || schema(Side::Old, old_prepared),
            || schema(Side::New, new_prepared),
        );
        // A side that does not compile is not compared: its elements would look removed.
        let (old, new) = match (old, new) {
            (Ok(old), Ok(new)) => (old, new),
            (old, new) => {
                for schema in [old, new] {
                    if let Err(errors) = schema {
                        out.errors.extend(errors);
                    }
                }
                return;
            }
        };

        let diff = diff::diff(&old, &new);
        let cx = Cx {
            old: &old,
            new: &new,
            diff: &diff,
            sources: out.sources(),
            encoding,
        };
        let findings = run_rules(&cx);
        if policy.is_empty() {
            out.findings.extend(findings);
        } else {
            let (kept, waived) = policy.apply(findings, out.sources());
            out.findings.extend(kept);
            out.waived.extend(waived);
            out.findings.extend(policy.unmapped());
        }
        // Freeing two descriptor pools of a large tree takes a good part of a second.
        drop_in_background((diff, old, new));
    }
}

/// Paths whose text differs between the sides, or that exist on one side only.
fn changed_paths(old: &[SideFile], new: &[SideFile]) -> HashSet<String> {
    let old_texts: HashMap<&str, &str> = old.iter().map(|f| (f.path.as_str(), &*f.text)).collect();
    let new_paths: HashSet<&str> = new.iter().map(|f| f.path.as_str()).collect();
    let mut changed: HashSet<String> = new
        .iter()
        .filter(|f| old_texts.get(f.path.as_str()) != Some(&&*f.text))
        .map(|f| f.path.clone())
        .collect();
    changed.extend(
        old.iter()
            .filter(|f| !new_paths.contains(f.path.as_str()))
            .map(|f| f.path.clone()),
    );
    changed
}

/// Who imports each file, from the imports of the files read on either side.
struct Importers<'a>(HashMap<&'a str, Vec<&'a str>, FixedState>);

impl<'a> Importers<'a> {
    fn new(sides: &[(&'a [SideFile], &ImportNames<'a>)]) -> Self {
        let mut importers: HashMap<&str, Vec<&str>, FixedState> = HashMap::default();
        for (files, names) in sides {
            for file in files.iter() {
                for import in &file.header.imports {
                    if let Resolved::Path(dep) = names.resolve(import) {
                        importers.entry(dep).or_default().push(&file.path);
                    }
                }
            }
        }
        Importers(importers)
    }
}

/// The changed files present on this side, plus (when encodings are decided per type) every
/// file of it that imports one of them, directly or not. Paths, not names.
fn targets(
    tree: &dyn Tree,
    changed: &HashSet<String>,
    importers: Option<&Importers<'_>>,
) -> BTreeSet<String> {
    let mut targets: BTreeSet<String> = changed
        .iter()
        .filter(|p| tree.contains(p))
        .cloned()
        .collect();
    let Some(Importers(importers)) = importers else {
        return targets;
    };
    let mut stack: Vec<&str> = changed.iter().map(String::as_str).collect();
    while let Some(path) = stack.pop() {
        for importer in importers.get(path).into_iter().flatten() {
            if tree.contains(importer) && targets.insert((*importer).to_owned()) {
                stack.push(importer);
            }
        }
    }
    targets
}

fn run_rules(cx: &Cx<'_>) -> Vec<crate::core::Finding> {
    let mut findings = Vec::new();
    for pair in &cx.diff.messages {
        for rule in rules::MESSAGE_RULES {
            rule(cx, pair, &mut findings);
        }
        for change in diff::fields(pair) {
            for rule in rules::FIELD_RULES {
                rule(cx, pair, &change, &mut findings);
            }
        }
    }
    for pair in &cx.diff.enums {
        for rule in rules::ENUM_RULES {
            rule(cx, pair, &mut findings);
        }
        for change in diff::values(pair) {
            for rule in rules::VALUE_RULES {
                rule(cx, pair, &change, &mut findings);
            }
        }
    }
    for change in &cx.diff.services {
        for rule in rules::SERVICE_RULES {
            rule(cx, change, &mut findings);
        }
        if let Change::Kept { old, new } = change {
            for method in diff::methods(old, new) {
                for rule in rules::METHOD_RULES {
                    rule(cx, new, &method, &mut findings);
                }
            }
        }
    }
    for change in &cx.diff.extensions {
        for rule in rules::EXTENSION_RULES {
            rule(cx, change, &mut findings);
        }
    }
    for rule in rules::DIFF_RULES {
        rule(cx, &mut findings);
    }
    findings
}
