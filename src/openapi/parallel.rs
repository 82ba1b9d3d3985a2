//! Loading the two versions at once. Each version's documents are parsed and its schema graphs
//! built independently, so the old one can load on a second thread while this one loads the new.
//! That is only done when no document refers to another file: the files read are then the
//! set's own, indexed beforehand in the order a sequential load would read them, so file ids
//! (and with them every span) are the same either way.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::load::Version;
use crate::analyzer::{Input, Output};
use crate::core::{FileId, Side};
use crate::input::discover::ArtifactSet;
use crate::schema::containment::STACK_SIZE;
use crate::schema::resolve::DocSource;
use crate::schema::source::{TreeSource, has_external_refs};

/// The old and the new version of a set.
pub fn load_versions(
    set: &ArtifactSet,
    input: &Input<'_>,
    out: &mut Output<'_>,
) -> (Version, Version) {
    let (mut old, mut new) = match load_at_once(set, input, out) {
        Some(versions) => versions,
        None => load_one_by_one(set, input, out),
    };
    old.finish_loading();
    new.finish_loading();
    (old, new)
}

/// Both versions loaded on this thread, file by file.
fn load_one_by_one(
    set: &ArtifactSet,
    input: &Input<'_>,
    out: &mut Output<'_>,
) -> (Version, Version) {
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
    (old, new)
}

/// Both versions loaded in parallel, or `None` when a document may refer to another file (or
/// one cannot be read: the sequential load reports it).
fn load_at_once(
    set: &ArtifactSet,
    input: &Input<'_>,
    out: &mut Output<'_>,
) -> Option<(Version, Version)> {
    let mut texts = Vec::new();
    for path in &set.files {
        for side in [Side::Old, Side::New] {
            let tree = input.tree(side);
            if tree.contains(path) {
                let text = tree.read_text(path).ok()?;
                if has_external_refs(&text) {
                    return None;
                }
                texts.push((side, path, text));
            }
        }
    }
    let mut files = [Preloaded::default(), Preloaded::default()];
    for (side, path, text) in texts {
        let id = out.add_source(input, side, path, Arc::clone(&text));
        files[usize::from(side == Side::New)]
            .files
            .insert(path.clone(), (id, text));
    }
    let [mut old_files, mut new_files] = files;
    let load = |side: Side, source: &mut Preloaded| {
        let mut version = Version::new(side);
        for path in &set.files {
            if source.files.contains_key(path) {
                version.load_root(source, path);
            }
        }
        version
    };
    let (old, new) = std::thread::scope(|scope| {
        let old = std::thread::Builder::new()
            .name("openapi-load-old".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || load(Side::Old, &mut old_files))
            .ok()?;
        let new = load(Side::New, &mut new_files);
        let old = old
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Some((old, new))
    })?;
    // A reference the text check missed: load again, the way that can read any file.
    (!old_files.missed.get() && !new_files.missed.get()).then_some((old, new))
}

/// The set's files of one version, read and indexed.
#[derive(Default)]
struct Preloaded {
    files: BTreeMap<String, (FileId, Arc<str>)>,
    /// Whether a file outside the set was asked for.
    missed: Cell<bool>,
}

impl DocSource for Preloaded {
    fn read(&mut self, path: &str) -> Option<(FileId, Arc<str>)> {
        let found = self.files.get(path).cloned();
        self.missed.set(self.missed.get() || found.is_none());
        found
    }

    fn exists(&self, path: &str) -> bool {
        let found = self.files.contains_key(path);
        self.missed.set(self.missed.get() || !found);
        found
    }
}
