//! Where the compared versions come from, and what in them is an artifact.

pub mod config;
pub mod discover;
mod fs;
mod git;
pub mod init;
pub mod preset;
mod tree;
mod worktree;

pub use fs::{DirTree, FileTree, MAX_FILE_BYTES, slash_path};
pub use git::{GitBackend, GitCommand, GitTree, default_base, resolve_commit, short_commit};
pub use tree::{History, Revision, Tree, decode_text};
pub use worktree::WorkTree;
