//! A version of the repository to compare: a directory on disk, a git revision or the index.

use std::sync::Arc;

use crate::core::InputError;

/// Files of one version, addressed by paths relative to the compared root with `/` separators.
pub trait Tree: Sync {
    /// What the user would call this version: `working tree`, `origin/main (3f2a9c1)`, `old/`.
    fn label(&self) -> &str;

    /// Every file, sorted.
    fn paths(&self) -> &[String];

    /// The bytes of one file.
    fn read(&self, path: &str) -> Result<Arc<[u8]>, InputError>;

    /// The first `len` bytes of a file (fewer when it is shorter), for sniffing its format.
    fn read_prefix(&self, path: &str, len: usize) -> Result<Arc<[u8]>, InputError> {
        let bytes = self.read(path)?;
        Ok(if bytes.len() <= len {
            bytes
        } else {
            Arc::from(&bytes[..len])
        })
    }

    /// A content id (a git object id) when one is known without reading the file, so identical
    /// files on both sides can be skipped cheaply.
    fn content_id(&self, _path: &str) -> Option<&str> {
        None
    }

    /// A file's size in bytes when it is known without reading the file: files of different
    /// sizes differ, whatever they hold.
    fn size(&self, _path: &str) -> Option<u64> {
        None
    }

    /// The path to show for a file; the same as `path` except where a tree maps a file given on
    /// the command line to a shared name.
    fn display_path(&self, path: &str) -> String {
        path.to_owned()
    }

    /// The earlier versions of a file, for the `_transitive` compatibility modes: the distinct
    /// contents it had in the last `depth` changes to it (this tree's own content left out),
    /// newest first. `Ok(None)` when this tree has no history (a directory, a file given on the
    /// command line, the index).
    fn history(&self, _path: &str, _depth: usize) -> Result<Option<History>, InputError> {
        Ok(None)
    }

    fn contains(&self, path: &str) -> bool {
        self.paths()
            .binary_search_by(|p| p.as_str().cmp(path))
            .is_ok()
    }

    /// The text of one file: UTF-8, a leading byte order mark removed.
    fn read_text(&self, path: &str) -> Result<Arc<str>, InputError> {
        let bytes = self.read(path)?;
        decode_text(&self.display_path(path), &bytes)
    }
}

/// The earlier versions of one file, as a tree with history (a git revision) lists them.
pub struct History {
    /// Distinct versions, newest first; the version of the tree that was asked is not among them.
    pub revisions: Vec<Revision>,
    /// Whether the history stopped before the requested depth because older versions are not
    /// available (a shallow clone), so older versions may exist that are not listed.
    pub shallow: bool,
}

/// A file as one earlier version of the tree had it.
pub struct Revision {
    /// What identifies that version (a commit id).
    pub id: String,
    /// The file's path in that version (another path when it was renamed since).
    pub path: String,
    /// The files of that version, for the references of this one.
    pub tree: Box<dyn Tree + Send>,
}

/// Decodes a file as UTF-8 text, with an error that says what the file is instead.
pub fn decode_text(display_path: &str, bytes: &[u8]) -> Result<Arc<str>, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(nul) = memchr::memchr(0, bytes) {
        return Err(InputError::new(
            Some(display_path.to_owned()),
            format!("{display_path} is a binary file, not text (NUL byte at offset {nul})"),
        )
        .with_help("exclude it with `ignore` in compat.toml if it is not an artifact"));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Arc::from(text)),
        Err(e) => Err(InputError::new(
            Some(display_path.to_owned()),
            format!(
                "{display_path} is not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
        .with_help("save the file as UTF-8")),
    }
}
