//! Trees read from git: a revision or the index, through the `git` command.
//!
//! git is called as a program, not linked: `ls-tree -r -z` lists a revision's files and one
//! long-running `cat-file --batch` reads their contents. [`GitBackend`] is the seam that keeps
//! the rest of the crate unaware of how.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};

use super::fs::MAX_FILE_BYTES;
use super::tree::{History, Tree};
use crate::Error;
use crate::core::InputError;
use history::CommitHistory;

mod history;

pub use history::short as short_commit;

/// A `git` child process that never reaches a remote: in a partial clone git would otherwise
/// fetch missing objects on demand.
fn git_command() -> Command {
    let mut command = Command::new("git");
    // Nor does it take optional locks (`git diff` refreshing the index): compat writes nothing.
    command
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0");
    command
}

/// The git operations compat needs.
pub trait GitBackend: Send + Sync {
    /// Runs git with `args` in the repository and returns its standard output.
    fn run(&self, args: &[&str]) -> Result<Vec<u8>, Error>;
    /// Reads one blob by object id.
    fn read_blob(&self, oid: &str) -> Result<Vec<u8>, Error>;
}

/// The `git` program, run in a repository's top-level directory.
pub struct GitCommand {
    top: PathBuf,
    batch: Mutex<Option<CatFile>>,
}

struct CatFile {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Drop for CatFile {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl GitCommand {
    /// Opens the repository containing `dir`.
    pub fn open(dir: &Path) -> Result<GitCommand, Error> {
        let output = git_command()
            .args(["rev-parse", "--show-toplevel"])
            .current_dir(dir)
            .output()
            .map_err(|e| Error::git(format!("cannot run git: {e}")))?;
        if !output.status.success() {
            return Err(Error::Git {
                message: format!("{} is not inside a git repository", dir.display()),
                help: Some("run `compat check` inside a repository, or compare two directories with `compat diff OLD NEW`".into()),
            });
        }
        let top = String::from_utf8_lossy(&output.stdout)
            .trim_end_matches(['\n', '\r'])
            .to_owned();
        Ok(GitCommand {
            top: PathBuf::from(top),
            batch: Mutex::new(None),
        })
    }

    /// The repository's top-level directory.
    pub fn top(&self) -> &Path {
        &self.top
    }

    fn start_batch(&self) -> Result<CatFile, Error> {
        let mut child = git_command()
            .args(["cat-file", "--batch"])
            .current_dir(&self.top)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Error::git(format!("cannot run git cat-file: {e}")))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(Error::git("git cat-file has no pipes"));
        };
        Ok(CatFile {
            child,
            stdin,
            stdout: BufReader::new(stdout),
        })
    }
}

impl GitBackend for GitCommand {
    fn run(&self, args: &[&str]) -> Result<Vec<u8>, Error> {
        let output = git_command()
            .args(args)
            .current_dir(&self.top)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| Error::git(format!("cannot run git: {e}")))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(Error::git(format!(
                "`git {}` failed: {}",
                args.join(" "),
                stderr.trim()
            )));
        }
        Ok(output.stdout)
    }

    fn read_blob(&self, oid: &str) -> Result<Vec<u8>, Error> {
        let mut guard = self
            .batch
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if guard.is_none() {
            *guard = Some(self.start_batch()?);
        }
        let Some(batch) = guard.as_mut() else {
            unreachable!("started above")
        };
        let broken = |e: std::io::Error| Error::git(format!("git cat-file: {e}"));
        writeln!(batch.stdin, "{oid}")
            .and_then(|()| batch.stdin.flush())
            .map_err(broken)?;
        let mut header = String::new();
        batch.stdout.read_line(&mut header).map_err(broken)?;
        // `<oid> <type> <size>` or `<oid> missing`.
        let mut fields = header.split_whitespace();
        let (Some(_), Some(kind), Some(size)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(Error::git(format!(
                "object {oid} is missing from the repository"
            )));
        };
        let size: u64 = size
            .parse()
            .map_err(|_| Error::git(format!("git cat-file: bad header `{}`", header.trim())))?;
        if kind != "blob" {
            return Err(Error::git(format!("object {oid} is a {kind}, not a file")));
        }
        if size > MAX_FILE_BYTES {
            // Drain the object so the next answer of the batch process lines up.
            std::io::copy(
                &mut (&mut batch.stdout).take(size + 1),
                &mut std::io::sink(),
            )
            .map_err(broken)?;
            return Err(Error::git(format!(
                "the file is {} MiB, over the {} MiB limit for one artifact file",
                size >> 20,
                MAX_FILE_BYTES >> 20
            )));
        }
        let mut content = vec![0; usize::try_from(size).unwrap_or(usize::MAX)];
        batch.stdout.read_exact(&mut content).map_err(broken)?;
        let mut newline = [0u8; 1];
        batch.stdout.read_exact(&mut newline).map_err(broken)?;
        Ok(content)
    }
}

/// The files of one revision, or of the index.
pub struct GitTree {
    label: String,
    git: Arc<dyn GitBackend>,
    /// The history behind a revision; `None` for the index and the empty tree.
    history: Option<CommitHistory>,
    /// `(path, object id)`, sorted by path.
    entries: Vec<(String, String)>,
    paths: Vec<String>,
}

impl GitTree {
    /// The files of a commit. `rev` must already be resolved (see [`resolve_commit`]).
    pub fn at_revision(
        git: Arc<dyn GitBackend>,
        rev: &str,
        label: impl Into<String>,
    ) -> Result<GitTree, Error> {
        let listing = git.run(&["ls-tree", "-r", "-z", "--full-tree", rev])?;
        // `<mode> SP <type> SP <oid> TAB <path> NUL`
        let mut entries = Vec::new();
        for record in listing.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            let record = String::from_utf8_lossy(record);
            let Some((meta, path)) = record.split_once('\t') else {
                continue;
            };
            let mut fields = meta.split_whitespace();
            let (Some(mode), Some(kind), Some(oid)) = (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            if kind == "blob" && is_regular_file(mode) {
                entries.push((path.to_owned(), oid.to_owned()));
            }
        }
        let history = CommitHistory::new(Arc::clone(&git), rev);
        let mut tree = GitTree::from_entries(git, label.into(), entries);
        tree.history = Some(history);
        Ok(tree)
    }

    /// The files of a repository without commits: none.
    pub fn empty(git: Arc<dyn GitBackend>, label: impl Into<String>) -> GitTree {
        GitTree::from_entries(git, label.into(), Vec::new())
    }

    /// The files staged in the index.
    pub fn at_index(git: Arc<dyn GitBackend>) -> Result<GitTree, Error> {
        let listing = git.run(&["ls-files", "--stage", "-z"])?;
        // `<mode> SP <oid> SP <stage> TAB <path> NUL`
        let mut entries = Vec::new();
        for record in listing.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            let record = String::from_utf8_lossy(record);
            let Some((meta, path)) = record.split_once('\t') else {
                continue;
            };
            let mut fields = meta.split_whitespace();
            let (Some(mode), Some(oid)) = (fields.next(), fields.next()) else {
                continue;
            };
            if is_regular_file(mode) {
                entries.push((path.to_owned(), oid.to_owned()));
            }
        }
        entries.dedup_by(|a, b| a.0 == b.0);
        Ok(GitTree::from_entries(git, "the index".into(), entries))
    }

    fn from_entries(
        git: Arc<dyn GitBackend>,
        label: String,
        mut entries: Vec<(String, String)>,
    ) -> GitTree {
        entries.sort();
        let paths = entries.iter().map(|(path, _)| path.clone()).collect();
        GitTree {
            label,
            git,
            history: None,
            entries,
            paths,
        }
    }

    fn entry(&self, path: &str) -> Option<&(String, String)> {
        self.entries
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| &self.entries[i])
    }
}

impl Tree for GitTree {
    fn label(&self) -> &str {
        &self.label
    }

    fn paths(&self) -> &[String] {
        &self.paths
    }

    fn read(&self, path: &str) -> Result<Arc<[u8]>, InputError> {
        let Some((_, oid)) = self.entry(path) else {
            return Err(InputError::new(
                Some(path.to_owned()),
                format!("{path} does not exist in {}", self.label),
            ));
        };
        self.git.read_blob(oid).map(Arc::from).map_err(|e| {
            InputError::new(
                Some(path.to_owned()),
                format!("cannot read {path} from {}: {e}", self.label),
            )
        })
    }

    fn content_id(&self, path: &str) -> Option<&str> {
        self.entry(path).map(|(_, oid)| oid.as_str())
    }

    fn history(&self, path: &str, depth: usize) -> Result<Option<History>, InputError> {
        let Some(history) = &self.history else {
            return Ok(None);
        };
        let current = self.read(path).ok();
        history.of_file(path, depth, current.as_deref()).map(Some)
    }
}

/// Resolves a revision to a commit id, with a helpful error for a ref that does not exist.
pub fn resolve_commit(git: &dyn GitBackend, rev: &str) -> Result<String, Error> {
    let spec = format!("{rev}^{{commit}}");
    match git.run(&["rev-parse", "--verify", "--quiet", &spec]) {
        Ok(out) => Ok(String::from_utf8_lossy(&out).trim().to_owned()),
        Err(_) => Err(Error::Git {
            message: format!("unknown revision `{rev}`"),
            help: Some("pass a branch, tag or commit that exists here, e.g. `--base origin/main` (after `git fetch`)".into()),
        }),
    }
}

/// The default base: the merge-base of HEAD with its upstream, else with `main` or `master`
/// (local or on `origin`).
pub fn default_base(git: &dyn GitBackend) -> Result<(String, String), Error> {
    let mut candidates = Vec::new();
    if let Ok(upstream) = git.run(&[
        "rev-parse",
        "--abbrev-ref",
        "--symbolic-full-name",
        "@{upstream}",
    ]) {
        candidates.push(String::from_utf8_lossy(&upstream).trim().to_owned());
    }
    // The remote's branch first: a stale local `main` would pull changes merged by others since
    // into the comparison.
    candidates.extend(
        [
            "origin/HEAD",
            "origin/main",
            "origin/master",
            "main",
            "master",
        ]
        .map(String::from),
    );
    for candidate in candidates {
        let Ok(commit) = resolve_commit(git, &candidate) else {
            continue;
        };
        if let Ok(base) = git.run(&["merge-base", "HEAD", &commit]) {
            return Ok((candidate, String::from_utf8_lossy(&base).trim().to_owned()));
        }
    }
    Err(Error::Git {
        message: "cannot find a base to compare against: HEAD has no upstream and there is no `main` or `master` branch".into(),
        help: Some("pass one with `--base REF`, e.g. `compat check --base origin/main`".into()),
    })
}

/// Regular files (100644, 100755); symlinks (120000) and submodules (160000) have no content of
/// their own, and the working tree does not follow them either.
fn is_regular_file(mode: &str) -> bool {
    mode.starts_with("100")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers `ls-tree` and `ls-files` with canned listings and blobs from a table.
    struct FakeGit {
        listing: &'static [u8],
        blobs: &'static [(&'static str, &'static str)],
    }

    impl GitBackend for FakeGit {
        fn run(&self, _args: &[&str]) -> Result<Vec<u8>, Error> {
            Ok(self.listing.to_vec())
        }

        fn read_blob(&self, oid: &str) -> Result<Vec<u8>, Error> {
            self.blobs
                .iter()
                .find(|(id, _)| *id == oid)
                .map(|(_, text)| text.as_bytes().to_vec())
                .ok_or_else(|| Error::git(format!("object {oid} is missing")))
        }
    }

    #[test]
    fn ls_tree_listings_become_sorted_paths_with_content() {
        let git = Arc::new(FakeGit {
            listing: b"100644 blob bbb\tdb/with space.sql\x00160000 commit ccc\tvendor/sub\x00100644 blob aaa\tapi/a.yaml\x00",
            blobs: &[("aaa", "a: 1"), ("bbb", "SELECT 1;")],
        });
        let tree = GitTree::at_revision(git, "HEAD", "HEAD").expect("listing parses");
        assert_eq!(tree.paths(), ["api/a.yaml", "db/with space.sql"]);
        assert_eq!(tree.content_id("api/a.yaml"), Some("aaa"));
        assert_eq!(
            &*tree.read_text("db/with space.sql").expect("readable"),
            "SELECT 1;"
        );
        assert!(tree.read("vendor/sub").is_err());
    }

    #[test]
    fn index_listings_skip_submodules_and_conflict_stages() {
        let git = Arc::new(FakeGit {
            listing: b"100644 aaa 1\tx.sql\x00100644 bbb 2\tx.sql\x00160000 ccc 0\tsub\x00",
            blobs: &[],
        });
        let tree = GitTree::at_index(git).expect("listing parses");
        assert_eq!(tree.paths(), ["x.sql"]);
    }
}
