//! The front door for the kinds' unit tests: two trees of files compared as `compat diff`
//! compares two directories.

use super::{Scope, compare};
use crate::catalog::catalog;
use crate::core::Finding;
use crate::input::DirTree;
use crate::input::config::Config;
use crate::report::Report;

/// The findings of comparing two trees of files, as `compat diff` does.
pub fn findings_of(old: &[(&str, &str)], new: &[(&str, &str)]) -> Vec<Finding> {
    findings_with("", old, new)
}

/// The same, with a compat.toml; the input must be free of errors.
pub fn findings_with(config: &str, old: &[(&str, &str)], new: &[(&str, &str)]) -> Vec<Finding> {
    let report = report_of(config, old, new);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report.findings.into_iter().map(|r| r.finding).collect()
}

/// The whole report, input errors included.
pub fn report_of(config: &str, old: &[(&str, &str)], new: &[(&str, &str)]) -> Report {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |side: &str, files: &[(&str, &str)]| {
        let root = dir.path().join(side);
        std::fs::create_dir_all(&root).expect("side dir");
        for (path, text) in files {
            let path = root.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("parent dir");
            }
            std::fs::write(path, text).expect("write fixture");
        }
        DirTree::open(&root, side).expect("tree")
    };
    let old_tree = write("old", old);
    let new_tree = write("new", new);
    let config = Config::parse("compat.toml", config, catalog()).expect("config");
    compare(&old_tree, &new_tree, &config, &Scope::default())
}
