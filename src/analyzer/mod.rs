//! What every kind's analyzer receives and returns: the two versions to compare ([`Input`]) and
//! what it found ([`Output`]). The engine above hands each artifact set to the analyzer of its
//! kind; the kinds below implement [`Analyzer`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::core::{FileId, Finding, InputError, Rewrite, Side, Sources, Span};
use crate::input::Tree;
use crate::input::config::Kind;
use crate::input::discover::ArtifactSet;
use crate::suppress::Suppression;

/// The analyzer of one kind of artifact.
pub trait Analyzer: Sync {
    fn kind(&self) -> Kind;

    /// Compares one artifact set. Files it loads go through [`Output::load`], so they are indexed
    /// once and their spans are valid in the report.
    fn analyze(&self, set: &ArtifactSet, input: &Input<'_>, out: &mut Output<'_>);
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
    /// Findings a policy the kind reads (buf.yaml's) suppresses, with its reason: reported as
    /// suppressed, like a finding under an allow comment.
    pub waived: Vec<(Finding, String)>,
    /// How the analyzer read the set, for the run's list of what it checked: a migration
    /// directory's layout and dialect, say.
    pub read_as: Option<String>,
    /// Files the analyzer parsed in a rewritten form (SQL placeholders replaced by their
    /// values): what it reports in them is in the rewritten text's offsets until
    /// [`Output::finish`] moves it back onto the original.
    rewrites: HashMap<FileId, Arc<Rewrite>>,
}

impl<'a> Output<'a> {
    /// Nothing found yet; files go into `sources`.
    pub fn new(sources: &'a mut Sources) -> Self {
        Output {
            sources,
            findings: Vec::new(),
            errors: Vec::new(),
            suppressions: Vec::new(),
            waived: Vec::new(),
            read_as: None,
            rewrites: HashMap::new(),
        }
    }

    /// Reports the input errors of both versions, an error the new version repeats only once:
    /// the same message on a line that reads the same in the same file (an invalid keyword
    /// the release did not touch).
    pub fn report_both(&mut self, old: Vec<InputError>, new: Vec<InputError>) {
        let line_of = |error: &InputError| {
            error.span.map(|span| {
                let file = self.sources.get(span.file);
                let line = file.line_range(file.line_of(span.start()));
                file.text()[line].trim().to_owned()
            })
        };
        let repeated: Vec<_> = new
            .iter()
            .map(|e| (e.message.clone(), e.file.clone(), line_of(e)))
            .collect();
        let old: Vec<InputError> = old
            .into_iter()
            .filter(|e| {
                e.span.is_none()
                    || !repeated.contains(&(e.message.clone(), e.file.clone(), line_of(e)))
            })
            .collect();
        self.errors.extend(old);
        self.errors.extend(new);
    }

    /// Records that `file` was parsed as `rewrite`'s text.
    pub fn record_rewrite(&mut self, file: FileId, rewrite: Arc<Rewrite>) {
        self.rewrites.insert(file, rewrite);
    }

    /// Where a span of a file as parsed is in the text the user wrote.
    pub fn original(&self, span: Span) -> Span {
        original_span(self.sources, &self.rewrites, span)
    }

    /// Moves every span in a rewritten file back onto the text the user wrote.
    pub fn finish(&mut self) {
        if self.rewrites.is_empty() {
            return;
        }
        let (sources, rewrites) = (&*self.sources, &self.rewrites);
        let findings = self
            .findings
            .iter_mut()
            .chain(self.waived.iter_mut().map(|(finding, _)| finding));
        for finding in findings {
            for label in [&mut finding.new, &mut finding.old].into_iter().flatten() {
                label.span = original_span(sources, rewrites, label.span);
            }
        }
        for error in &mut self.errors {
            if let Some(span) = &mut error.span {
                *span = original_span(sources, rewrites, *span);
            }
        }
    }

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

/// `span` of a file as parsed, moved onto the file as written; an end inside a replaced
/// multi-byte character is moved back to the character's start.
fn original_span(sources: &Sources, rewrites: &HashMap<FileId, Arc<Rewrite>>, span: Span) -> Span {
    let Some(rewrite) = rewrites.get(&span.file) else {
        return span;
    };
    let text = sources.get(span.file).text();
    let boundary = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let range = rewrite.original_range(span.range());
    Span::new(span.file, boundary(range.start)..boundary(range.end))
}

/// Frees what an analyzer built (parse trees, schema graphs, descriptor pools) on a worker of
/// the thread pool: for large inputs that takes a tenth of the comparison, and nothing waits for
/// it. The process may exit first, which frees it as well. A pool worker rather than a thread of
/// its own: much of what the kinds build was allocated by the pool's workers while they parsed,
/// and the allocator frees a block faster on the thread that allocated it (measured on the proto
/// benchmark: 2.5% fewer instructions than on a new thread).
///
/// Under a fuzzer (`cfg(fuzzing)`, which cargo-fuzz sets) the value is dropped at once: its leak
/// check runs when a comparison returns, before a queued drop would.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    if cfg!(fuzzing) {
        drop(value);
    } else {
        rayon::spawn(move || drop(value));
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
