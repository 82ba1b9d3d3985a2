//! Runs a comparison: finds the artifact sets, hands each to the analyzer of its kind, applies
//! the inline suppressions and builds the report.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use crate::catalog::catalog;
use crate::core::{FileId, Finding, InputError, Side, Sources};
use crate::input::Tree;
use crate::input::config::{Config, Kind};
use crate::input::discover::{ArtifactSet, discover};
use crate::report::{Artifact, RawFinding, Report};
use crate::suppress::{self, Suppression};

/// The analyzer of one kind of artifact.
pub trait Analyzer: Sync {
    fn kind(&self) -> Kind;

    /// Compares one artifact set. Files it loads go through [`Output::load`], so they are indexed
    /// once and their spans are valid in the report.
    fn analyze(&self, set: &ArtifactSet, input: &Input<'_>, out: &mut Output<'_>);
}

// Every page of `rules/` has its rule file, which declares the page's id.
include!(concat!(env!("OUT_DIR"), "/rule_files.rs"));

/// The analyzers of this build, one per kind at most.
fn analyzers() -> Vec<&'static dyn Analyzer> {
    vec![
        &crate::sql::SqlAnalyzer,
        &crate::proto::ProtoAnalyzer,
        &crate::jsonschema::JsonSchemaAnalyzer,
        &crate::openapi::OpenApiAnalyzer,
    ]
}

/// The two versions being compared.
pub struct Input<'a> {
    pub old: &'a dyn Tree,
    pub new: &'a dyn Tree,
    /// [`Input::changed`]'s answers by path: where a tree knows no content ids (a directory),
    /// an answer reads both files, and several steps of a comparison ask about the same file.
    changed: Mutex<HashMap<String, bool>>,
}

impl<'a> Input<'a> {
    pub fn new(old: &'a dyn Tree, new: &'a dyn Tree) -> Self {
        Input {
            old,
            new,
            changed: Mutex::default(),
        }
    }

    pub fn tree(&self, side: Side) -> &dyn Tree {
        match side {
            Side::Old => self.old,
            Side::New => self.new,
        }
    }

    /// Whether a file differs between the versions (or exists in only one of them).
    pub fn changed(&self, path: &str) -> bool {
        let memo = || self.changed.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&changed) = memo().get(path) {
            return changed;
        }
        let changed = self.compare_file(path);
        memo().insert(path.to_owned(), changed);
        changed
    }

    fn compare_file(&self, path: &str) -> bool {
        match (self.old.contains(path), self.new.contains(path)) {
            (false, false) => false,
            (true, true) => {
                if let (Some(a), Some(b)) = (self.old.content_id(path), self.new.content_id(path)) {
                    return a != b;
                }
                if let (Some(a), Some(b)) = (self.old.size(path), self.new.size(path))
                    && a != b
                {
                    return true;
                }
                match (self.old.read(path), self.new.read(path)) {
                    (Ok(a), Ok(b)) => a != b,
                    _ => true,
                }
            }
            _ => true,
        }
    }
}

/// What an analyzer produces for one set.
pub struct Output<'a> {
    sources: &'a mut Sources,
    pub findings: Vec<Finding>,
    pub errors: Vec<InputError>,
    /// Suppressions found by the kind's own loader (JSON `x-compat-allow` keys); comment-based
    /// ones are found for every changed file by the engine.
    pub suppressions: Vec<Suppression>,
}

impl Output<'_> {
    /// Reads a file of one side as text and indexes it; a file that cannot be read becomes an
    /// input error and `None`.
    pub fn load(
        &mut self,
        input: &Input<'_>,
        side: Side,
        path: &str,
    ) -> Option<(FileId, Arc<str>)> {
        let tree = input.tree(side);
        let display = tree.display_path(path);
        if let Some(id) = self.sources.find(&display, side) {
            return Some((id, self.sources.get(id).shared_text()));
        }
        match tree.read_text(path) {
            Ok(text) => {
                let id = self.sources.add(display, side, Arc::clone(&text));
                Some((id, text))
            }
            Err(error) => {
                self.errors.push(error);
                None
            }
        }
    }

    /// Indexes text that the analyzer already has (read in parallel, say).
    pub fn add_source(
        &mut self,
        input: &Input<'_>,
        side: Side,
        path: &str,
        text: Arc<str>,
    ) -> FileId {
        let display = input.tree(side).display_path(path);
        self.sources.add(display, side, text)
    }

    pub fn sources(&self) -> &Sources {
        self.sources
    }
}

/// Frees what an analyzer built (parse trees, schema graphs, descriptor pools) on a thread of
/// its own: for large inputs that takes a tenth of the comparison, and nothing waits for it. The
/// process may exit first, which frees it as well.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    // If no thread can be started the closure, and the value with it, is dropped right here.
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
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
    for (index, set) in sets.iter().enumerate() {
        let mut out = Output {
            sources: &mut sources,
            findings: Vec::new(),
            errors: Vec::new(),
            suppressions: Vec::new(),
        };
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
        scan_changed_files(set, &input, &mut out);
        raw.extend(out.findings.into_iter().map(|finding| RawFinding {
            finding,
            artifact: Some(index),
            suppressed: None,
        }));
        errors.append(&mut out.errors);
        suppressions.append(&mut out.suppressions);
    }

    let meta = suppress::apply(&mut raw, &suppressions, catalog());
    raw.extend(meta.into_iter().map(|finding| RawFinding {
        finding,
        artifact: None,
        suppressed: None,
    }));
    let artifacts = sets
        .iter()
        .map(|set| Artifact {
            name: set.name.clone(),
            kind: set.kind().to_string(),
            analyzed: registered.iter().any(|a| a.kind() == set.kind()),
        })
        .collect();
    Report::build(sources, artifacts, raw, errors, catalog(), &config.rules)
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
        let file = out.sources.get(id);
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

#[cfg(test)]
mod tests {
    use super::Input;
    use crate::input::DirTree;

    #[test]
    fn a_file_is_changed_when_its_bytes_differ_whatever_its_size() {
        let dirs = [
            [
                ("same", "abc"),
                ("resized", "abc"),
                ("edited", "abc"),
                ("gone", "x"),
            ],
            [
                ("same", "abc"),
                ("resized", "abcd"),
                ("edited", "abd"),
                ("new", "y"),
            ],
        ]
        .map(|files| {
            let dir = tempfile::tempdir().expect("temp dir");
            for (path, text) in files {
                std::fs::write(dir.path().join(path), text).expect("write");
            }
            dir
        });
        let old = DirTree::open(dirs[0].path(), "old").expect("old tree");
        let new = DirTree::open(dirs[1].path(), "new").expect("new tree");
        let input = Input::new(&old, &new);
        for _asked_again in 0..2 {
            assert!(!input.changed("same"));
            assert!(input.changed("resized"));
            assert!(input.changed("edited"));
            assert!(input.changed("gone"));
            assert!(input.changed("new"));
            assert!(!input.changed("absent"));
        }
    }
}
