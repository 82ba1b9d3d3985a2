//! Earlier versions of a file from git's history ([`History`]), for checks against more than the
//! version that is deployed now (the `_transitive` compatibility modes).
//!
//! One `git log --follow` per file lists the commits that changed it, newest first, with the
//! file's path in each (renames are followed: git finds them by content similarity, so a file
//! rewritten while it was renamed starts a new history). The file and whatever it references
//! are then read per commit through the `cat-file --batch` process, without listing the
//! commit's tree.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::{GitBackend, GitTree};
use crate::core::InputError;
use crate::input::tree::{History, Revision, Tree};

/// The files of one commit, read on demand (`<commit>:<path>`) rather than listed up front:
/// an earlier version usually needs one file and the few it references.
pub struct RevisionTree {
    git: Arc<dyn GitBackend>,
    commit: String,
    label: String,
    /// What was read so far; `None` for a path that is not a file in this commit.
    files: Mutex<BTreeMap<String, Option<Arc<[u8]>>>>,
    listing: OnceLock<Vec<String>>,
}

impl RevisionTree {
    pub fn new(git: Arc<dyn GitBackend>, commit: &str) -> RevisionTree {
        RevisionTree {
            git,
            commit: commit.to_owned(),
            label: format!("commit {}", short(commit)),
            files: Mutex::new(BTreeMap::new()),
            listing: OnceLock::new(),
        }
    }

    fn file(&self, path: &str) -> Option<Arc<[u8]>> {
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(known) = files.get(path) {
            return known.clone();
        }
        // `cat-file --batch` reads one name per line.
        let content = (!path.contains('\n'))
            .then(|| self.git.read_blob(&format!("{}:{path}", self.commit)).ok())
            .flatten()
            .map(Arc::from);
        files.insert(path.to_owned(), content.clone());
        content
    }
}

impl Tree for RevisionTree {
    fn label(&self) -> &str {
        &self.label
    }

    /// Listed only when asked for: checks of earlier versions read files by path.
    fn paths(&self) -> &[String] {
        self.listing.get_or_init(|| {
            GitTree::at_revision(Arc::clone(&self.git), &self.commit, self.label.clone())
                .map(|tree| tree.paths().to_vec())
                .unwrap_or_default()
        })
    }

    fn read(&self, path: &str) -> Result<Arc<[u8]>, InputError> {
        self.file(path).ok_or_else(|| {
            InputError::new(
                Some(self.display_path(path)),
                format!("{path} does not exist in {}", self.label),
            )
        })
    }

    fn contains(&self, path: &str) -> bool {
        self.file(path).is_some()
    }

    /// `schemas/order.json@3f2a9c1e4d`: the report shows files of several versions at once.
    fn display_path(&self, path: &str) -> String {
        format!("{path}@{}", short(&self.commit))
    }
}

/// The history reachable from one commit.
pub(super) struct CommitHistory {
    git: Arc<dyn GitBackend>,
    commit: String,
    /// Asked once per run, and only when a file's history is shorter than the depth.
    shallow: OnceLock<bool>,
}

impl CommitHistory {
    pub fn new(git: Arc<dyn GitBackend>, commit: &str) -> CommitHistory {
        CommitHistory {
            git,
            commit: commit.to_owned(),
            shallow: OnceLock::new(),
        }
    }

    /// The distinct versions `path` had in the last `depth` commits that changed it, newest
    /// first, leaving out the content `current` (the version already compared).
    pub fn of_file(
        &self,
        path: &str,
        depth: usize,
        current: Option<&[u8]>,
    ) -> Result<History, InputError> {
        if depth == 0 {
            return Ok(History {
                revisions: Vec::new(),
                shallow: false,
            });
        }
        let limit = format!("--max-count={depth}");
        let listing = self
            .git
            .run(&[
                "--literal-pathspecs",
                "log",
                "--follow",
                "--format=%x01%H",
                "--name-only",
                "-z",
                &limit,
                &self.commit,
                "--",
                path,
            ])
            .map_err(|e| {
                InputError::new(
                    Some(path.to_owned()),
                    format!("cannot read the history of {path}: {e}"),
                )
            })?;
        let commits = parse_log(&listing, path);
        let shallow =
            commits.len() < depth && *self.shallow.get_or_init(|| is_shallow(self.git.as_ref()));
        let mut seen: Vec<Arc<[u8]>> = Vec::new();
        let mut revisions = Vec::new();
        for (id, at) in commits {
            let tree = RevisionTree::new(Arc::clone(&self.git), &id);
            // A commit that deleted the file lists it too; it has no version there.
            let Some(content) = tree.file(&at) else {
                continue;
            };
            if current.is_some_and(|c| *c == *content) || seen.contains(&content) {
                continue;
            }
            seen.push(content);
            revisions.push(Revision {
                id,
                path: at,
                tree: Box::new(tree),
            });
        }
        Ok(History { revisions, shallow })
    }
}

/// `\x01<commit>\0\n<path>\0` per commit, as `--format=%x01%H --name-only -z` writes it. A merge
/// lists no path: the file keeps the path of the commit after it.
fn parse_log(listing: &[u8], path: &str) -> Vec<(String, String)> {
    let mut current = path.to_owned();
    let mut commits = Vec::new();
    for record in listing.split(|&b| b == 1).filter(|r| !r.is_empty()) {
        let mut fields = record
            .split(|&b| b == 0)
            .map(|f| String::from_utf8_lossy(f).trim_matches('\n').to_owned())
            .filter(|f| !f.is_empty());
        let Some(id) = fields.next() else {
            continue;
        };
        if let Some(name) = fields.next() {
            current = name;
        }
        commits.push((id, current.clone()));
    }
    commits
}

fn is_shallow(git: &dyn GitBackend) -> bool {
    git.run(&["rev-parse", "--is-shallow-repository"])
        .is_ok_and(|out| out.starts_with(b"true"))
}

/// The first ten digits of a commit id, as reports show it.
pub fn short(commit: &str) -> &str {
    &commit[..commit.len().min(10)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::input::git::{GitCommand, resolve_commit};

    /// Answers `log` with a canned listing and `<commit>:<path>` reads from a table.
    struct FakeGit {
        log: &'static [u8],
        shallow: bool,
        blobs: &'static [(&'static str, &'static str)],
    }

    impl GitBackend for FakeGit {
        fn run(&self, args: &[&str]) -> Result<Vec<u8>, Error> {
            match args {
                ["rev-parse", "--is-shallow-repository"] => {
                    Ok(if self.shallow { "true\n" } else { "false\n" }.into())
                }
                ["--literal-pathspecs", "log", ..] => Ok(self.log.to_vec()),
                _ => Err(Error::git(format!("unexpected git {args:?}"))),
            }
        }

        fn read_blob(&self, name: &str) -> Result<Vec<u8>, Error> {
            self.blobs
                .iter()
                .find(|(id, _)| *id == name)
                .map(|(_, text)| text.as_bytes().to_vec())
                .ok_or_else(|| Error::git(format!("object {name} is missing")))
        }
    }

    fn git(fake: FakeGit) -> Arc<dyn GitBackend> {
        Arc::new(fake)
    }

    /// base: v3 (commit c3); c2 deleted the file; c1 renamed it from a.json with v2; c0 had v1;
    /// cm is a merge that lists no path.
    const LOG: &[u8] =
        b"\x01c3\0\nb.json\0\x01cm\0\x01c2\0\nb.json\0\x01c1\0\nb.json\0\x01c0\0\na.json\0";
    const BLOBS: &[(&str, &str)] = &[
        ("c3:b.json", "v3"),
        ("cm:b.json", "v2"),
        ("c1:b.json", "v2"),
        ("c0:a.json", "v1"),
        ("c0:common.json", "common"),
    ];

    #[test]
    fn history_lists_distinct_earlier_versions_newest_first_across_a_rename() {
        let git = git(FakeGit {
            log: LOG,
            shallow: false,
            blobs: BLOBS,
        });
        let history = CommitHistory::new(git, "c3")
            .of_file("b.json", 10, Some(b"v3"))
            .expect("history");
        let found: Vec<(&str, &str)> = history
            .revisions
            .iter()
            .map(|r| (r.id.as_str(), r.path.as_str()))
            .collect();
        assert_eq!(found, [("cm", "b.json"), ("c0", "a.json")]);
        assert!(!history.shallow);
    }

    #[test]
    fn a_revision_reads_the_files_of_its_commit_under_a_versioned_name() {
        let git = git(FakeGit {
            log: LOG,
            shallow: false,
            blobs: BLOBS,
        });
        let history = CommitHistory::new(git, "c3")
            .of_file("b.json", 10, None)
            .expect("history");
        let oldest = history.revisions.last().expect("a revision");
        assert_eq!(
            &*oldest.tree.read_text("common.json").expect("read"),
            "common"
        );
        assert!(oldest.tree.contains("a.json"));
        assert!(!oldest.tree.contains("b.json"));
        assert_eq!(oldest.tree.display_path("a.json"), "a.json@c0");
        let missing = oldest.tree.read("b.json").expect_err("not in c0");
        assert!(missing.message.contains("does not exist in commit c0"));
    }

    #[test]
    fn a_short_history_in_a_shallow_clone_says_so() {
        let git = git(FakeGit {
            log: b"\x01c3\0\nb.json\0",
            shallow: true,
            blobs: BLOBS,
        });
        let history = CommitHistory::new(git, "c3");
        let short = history.of_file("b.json", 5, Some(b"v3")).expect("history");
        assert!(short.revisions.is_empty());
        assert!(short.shallow);
        // When the depth is reached, older history does not matter.
        let history = history.of_file("b.json", 1, Some(b"v3")).expect("history");
        assert!(!history.shallow);
    }

    /// Runs git in `dir` with a fixed identity.
    fn run_git(dir: &std::path::Path, args: &[&str]) {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(dir)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .output()
            .expect("git runs");
        assert!(status.status.success(), "git {args:?}");
    }

    #[test]
    fn a_git_revision_has_the_history_of_its_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        run_git(root, &["init", "-q"]);
        for (file, text) in [
            ("a.json", "1"),
            ("a.json", "2"),
            ("a.json", "2"),
            ("a.json", "3"),
        ] {
            std::fs::write(root.join(file), text).expect("write");
            run_git(root, &["add", "."]);
            run_git(root, &["commit", "-qm", text, "--allow-empty"]);
        }
        run_git(root, &["mv", "a.json", "b.json"]);
        run_git(root, &["commit", "-qm", "rename"]);
        std::fs::write(root.join("b.json"), "4").expect("write");
        run_git(root, &["commit", "-qam", "4"]);

        let git: Arc<dyn GitBackend> = Arc::new(GitCommand::open(root).expect("a repository"));
        let head = resolve_commit(git.as_ref(), "HEAD").expect("HEAD");
        let tree = GitTree::at_revision(Arc::clone(&git), &head, "HEAD").expect("tree");
        let history = tree
            .history("b.json", 10)
            .expect("history")
            .expect("git has one");
        let versions: Vec<(String, String)> = history
            .revisions
            .iter()
            .map(|r| {
                let text = r.tree.read_text(&r.path).expect("readable");
                (r.path.clone(), text.to_string())
            })
            .collect();
        // The renamed version equals the last one before the rename; empty commits change nothing.
        assert_eq!(
            versions,
            [
                ("b.json".to_owned(), "3".to_owned()),
                ("a.json".to_owned(), "2".to_owned()),
                ("a.json".to_owned(), "1".to_owned()),
            ]
        );
        assert!(!history.shallow);
        // The depth counts commits that changed the file, the one of HEAD's version included.
        let two = tree.history("b.json", 2).expect("history").expect("git");
        assert_eq!(two.revisions.len(), 1);
    }

    #[test]
    fn depth_zero_asks_git_nothing() {
        let git = git(FakeGit {
            log: b"not a listing",
            shallow: true,
            blobs: &[],
        });
        let history = CommitHistory::new(git, "c3")
            .of_file("b.json", 0, None)
            .expect("history");
        assert!(history.revisions.is_empty() && !history.shallow);
    }
}
