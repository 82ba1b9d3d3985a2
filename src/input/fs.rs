//! Trees read from disk: a directory (respecting .gitignore) or a single file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::tree::Tree;
use crate::Error;
use crate::core::InputError;

/// Files larger than this are refused with a clear error instead of being parsed: no schema or
/// migration is this large, and reading one would only make a run slow or run out of memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A directory on disk. Files ignored by .gitignore (and `.git/` itself) are not part of it.
#[derive(Debug)]
pub struct DirTree {
    label: String,
    root: PathBuf,
    paths: Vec<String>,
}

impl DirTree {
    pub fn open(root: &Path, label: impl Into<String>) -> Result<DirTree, Error> {
        let display = root.display().to_string();
        let metadata = std::fs::metadata(root).map_err(|e| Error::io(&display, &e))?;
        if !metadata.is_dir() {
            return Err(Error::Io {
                path: display,
                message: "not a directory".into(),
            });
        }
        let mut paths = Vec::new();
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .require_git(false)
            .follow_links(false)
            // Nested repositories (submodules) are not part of this one, as in git's own trees.
            .filter_entry(|entry| {
                entry.file_name() != ".git"
                    && !(entry.depth() > 0
                        && entry.file_type().is_some_and(|t| t.is_dir())
                        && entry.path().join(".git").exists())
            })
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| Error::Io {
                path: display.clone(),
                message: e.to_string(),
            })?;
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
            paths.push(slash_path(relative));
        }
        paths.sort();
        Ok(DirTree {
            label: label.into(),
            root: root.to_path_buf(),
            paths,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Tree for DirTree {
    fn label(&self) -> &str {
        &self.label
    }

    fn paths(&self) -> &[String] {
        &self.paths
    }

    fn read(&self, path: &str) -> Result<Arc<[u8]>, InputError> {
        read_file(&self.root.join(path), path)
    }

    fn size(&self, path: &str) -> Option<u64> {
        Some(std::fs::metadata(self.root.join(path)).ok()?.len())
    }

    fn read_prefix(&self, path: &str, len: usize) -> Result<Arc<[u8]>, InputError> {
        use std::io::Read;
        let error = |e: std::io::Error| {
            InputError::new(Some(path.to_owned()), format!("cannot read {path}: {e}"))
        };
        let file = std::fs::File::open(self.root.join(path)).map_err(error)?;
        let mut head = Vec::with_capacity(len);
        file.take(len as u64)
            .read_to_end(&mut head)
            .map_err(error)?;
        Ok(Arc::from(head))
    }
}

/// One file given on the command line, known to the comparison under a shared name so that two
/// differently named files can be paired.
#[derive(Debug)]
pub struct FileTree {
    label: String,
    file: PathBuf,
    paths: Vec<String>,
}

impl FileTree {
    /// `name` is the path both sides share; the file is shown under its own path.
    pub fn open(file: &Path, name: impl Into<String>) -> Result<FileTree, Error> {
        let display = file.display().to_string();
        let metadata = std::fs::metadata(file).map_err(|e| Error::io(&display, &e))?;
        if !metadata.is_file() {
            return Err(Error::Io {
                path: display,
                message: "not a file".into(),
            });
        }
        Ok(FileTree {
            label: display,
            file: file.to_path_buf(),
            paths: vec![name.into()],
        })
    }
}

impl Tree for FileTree {
    fn label(&self) -> &str {
        &self.label
    }

    fn paths(&self) -> &[String] {
        &self.paths
    }

    fn read(&self, path: &str) -> Result<Arc<[u8]>, InputError> {
        if path != self.paths[0] {
            return Err(InputError::new(
                Some(path.to_owned()),
                format!("{path} is not part of {}", self.label),
            ));
        }
        read_file(&self.file, &self.label)
    }

    fn size(&self, path: &str) -> Option<u64> {
        if path != self.paths[0] {
            return None;
        }
        Some(std::fs::metadata(&self.file).ok()?.len())
    }

    fn display_path(&self, _path: &str) -> String {
        slash_path(&self.file)
    }
}

fn read_file(file: &Path, display: &str) -> Result<Arc<[u8]>, InputError> {
    let error = |message: String| InputError::new(Some(display.to_owned()), message);
    let metadata =
        std::fs::metadata(file).map_err(|e| error(format!("cannot read {display}: {e}")))?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(error(format!(
            "{display} is {} MiB, over the {} MiB limit for one artifact file",
            metadata.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ))
        .with_help("exclude it with `ignore` in compat.toml if it is not an artifact"));
    }
    std::fs::read(file)
        .map(Arc::from)
        .map_err(|e| error(format!("cannot read {display}: {e}")))
}

/// A path with `/` separators, as every tree reports paths.
pub fn slash_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}
