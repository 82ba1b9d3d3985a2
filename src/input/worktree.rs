//! The working tree of a git repository, with git's knowledge of which files still equal the base.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::fs::DirTree;
use super::git::GitBackend;
use super::tree::Tree;
use crate::Error;
use crate::core::InputError;

/// A [`DirTree`] at the repository's top that reports the base's object id for every file git
/// says is unchanged, so those files are paired without being read.
pub struct WorkTree {
    dir: DirTree,
    same_as_base: BTreeMap<String, String>,
}

impl WorkTree {
    /// `base` is the tree the working tree is compared with, at commit `base_commit`.
    pub fn open(
        top: &Path,
        git: &dyn GitBackend,
        base: &dyn Tree,
        base_commit: Option<&str>,
    ) -> Result<WorkTree, Error> {
        let dir = DirTree::open(top, "working tree")?;
        let mut same_as_base = BTreeMap::new();
        if let Some(commit) = base_commit {
            let listing = git.run(&["diff", "--name-only", "--no-renames", "-z", commit, "--"])?;
            let changed: std::collections::BTreeSet<&[u8]> = listing
                .split(|&b| b == 0)
                .filter(|p| !p.is_empty())
                .collect();
            for path in base.paths() {
                let differs = changed.contains(path.as_bytes());
                if let (false, true, Some(id)) =
                    (differs, dir.contains(path), base.content_id(path))
                {
                    same_as_base.insert(path.clone(), id.to_owned());
                }
            }
        }
        Ok(WorkTree { dir, same_as_base })
    }
}

impl Tree for WorkTree {
    fn label(&self) -> &str {
        self.dir.label()
    }

    fn paths(&self) -> &[String] {
        self.dir.paths()
    }

    fn read(&self, path: &str) -> Result<Arc<[u8]>, InputError> {
        self.dir.read(path)
    }

    fn read_prefix(&self, path: &str, len: usize) -> Result<Arc<[u8]>, InputError> {
        self.dir.read_prefix(path, len)
    }

    fn content_id(&self, path: &str) -> Option<&str> {
        self.same_as_base.get(path).map(String::as_str)
    }

    fn size(&self, path: &str) -> Option<u64> {
        self.dir.size(path)
    }
}
