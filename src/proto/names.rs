//! Which file an `import` means, and the one name each file is compiled under.
//!
//! Import roots are set, never guessed: compat.toml's `roots`, buf's module directories, or the
//! compared directory itself (as `protoc -I .` and buf do). A file's name is its path relative to
//! the longest root that contains it. An import that resolves under no root but under exactly
//! one subdirectory (`acme/v1/a.proto` when the tree has only `proto/acme/v1/a.proto`) means that
//! file, for that import alone: the importer's dependency is rewritten to the file's own name, so
//! no file is ever compiled under two names and no package renames other files.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use crate::input::Tree;

/// How an import resolved on one side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved<'t> {
    /// The path of the file it means, as the tree lists it.
    Path(&'t str),
    /// Under no root, and under several subdirectories: no file is chosen.
    Ambiguous(Vec<&'t str>),
    /// Nowhere in the tree (a well-known type, a built-in copy, or a missing file).
    Missing,
}

/// The import roots of one side and every `.proto` file of its tree by file name.
pub struct ImportNames<'t> {
    tree: &'t dyn Tree,
    /// Roots without a trailing `/`, longest first; the compared directory (`""`) is always last.
    roots: Vec<String>,
    /// Every `.proto` path of the tree by its last component, for the per-import fallback.
    by_file_name: HashMap<&'t str, Vec<&'t str>, FixedState>,
}

impl<'t> ImportNames<'t> {
    pub fn new(roots: &[String], tree: &'t dyn Tree) -> Self {
        let mut roots: Vec<String> = roots
            .iter()
            .map(|r| normalize_root(r))
            .filter(|r| !r.is_empty())
            .collect();
        roots.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        roots.dedup();
        roots.push(String::new());
        let mut by_file_name: HashMap<&str, Vec<&str>, FixedState> = HashMap::default();
        for path in tree.paths().iter().filter(|p| p.ends_with(".proto")) {
            by_file_name.entry(file_name(path)).or_default().push(path);
        }
        ImportNames {
            tree,
            roots,
            by_file_name,
        }
    }

    /// The name a file is compiled under: its path relative to the longest root containing it.
    pub fn name_of<'p>(&self, path: &'p str) -> &'p str {
        self.roots
            .iter()
            .filter(|r| !r.is_empty())
            .find_map(|r| path.strip_prefix(r.as_str())?.strip_prefix('/'))
            .unwrap_or(path)
    }

    /// The file an import means: under a root (longest first), else the one file whose path
    /// ends with it.
    pub fn resolve(&self, import: &str) -> Resolved<'t> {
        let paths = self.tree.paths();
        let listed = |path: &str| -> Option<&'t str> {
            let at = paths.binary_search_by(|p| p.as_str().cmp(path)).ok()?;
            Some(paths[at].as_str())
        };
        for root in &self.roots {
            let found = if root.is_empty() {
                listed(import)
            } else {
                listed(&format!("{root}/{import}"))
            };
            if let Some(path) = found {
                return Resolved::Path(path);
            }
        }
        let candidates: Vec<&'t str> = self
            .by_file_name
            .get(file_name(import))
            .into_iter()
            .flatten()
            .copied()
            .filter(|p| p.strip_suffix(import).is_some_and(|dir| dir.ends_with('/')))
            .collect();
        match candidates.as_slice() {
            [] => Resolved::Missing,
            [one] => Resolved::Path(one),
            _ => Resolved::Ambiguous(candidates),
        }
    }
}

/// `./proto/` and `proto` are the same root; `.` is the compared directory.
pub fn normalize_root(root: &str) -> String {
    let root = root.trim_start_matches("./").trim_end_matches('/');
    if root == "." {
        String::new()
    } else {
        root.to_owned()
    }
}

pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::core::InputError;

    /// A tree that only lists paths: resolution never reads a file.
    struct Listing(Vec<String>);

    impl Tree for Listing {
        fn label(&self) -> &str {
            "listing"
        }
        fn paths(&self) -> &[String] {
            &self.0
        }
        fn read(&self, path: &str) -> Result<Arc<[u8]>, InputError> {
            Err(InputError::new(Some(path.into()), "not readable"))
        }
    }

    fn tree(paths: &[&str]) -> Listing {
        let mut paths: Vec<String> = paths.iter().map(|p| (*p).to_owned()).collect();
        paths.sort();
        Listing(paths)
    }

    #[test]
    fn names_are_relative_to_the_longest_root() {
        let tree = tree(&["proto/acme/v1/a.proto", "proto/vendor/x/b.proto"]);
        let names = ImportNames::new(&["proto".into(), "proto/vendor/".into()], &tree);
        assert_eq!(names.name_of("proto/acme/v1/a.proto"), "acme/v1/a.proto");
        assert_eq!(names.name_of("proto/vendor/x/b.proto"), "x/b.proto");
        assert_eq!(names.name_of("other/c.proto"), "other/c.proto");
    }

    #[test]
    fn an_import_under_no_root_falls_back_to_the_one_file_that_ends_with_it() {
        let tree = tree(&[
            "proto/acme/v1/a.proto",
            "proto/acme/common/v1/money.proto",
            "x/dup.proto",
            "y/dup.proto",
        ]);
        let names = ImportNames::new(&[], &tree);
        // The compared directory is the root: names are paths, packages rename nothing.
        assert_eq!(
            names.name_of("proto/acme/v1/a.proto"),
            "proto/acme/v1/a.proto"
        );
        assert_eq!(
            names.resolve("acme/common/v1/money.proto"),
            Resolved::Path("proto/acme/common/v1/money.proto")
        );
        assert_eq!(
            names.resolve("proto/acme/v1/a.proto"),
            Resolved::Path("proto/acme/v1/a.proto")
        );
        assert_eq!(
            names.resolve("dup.proto"),
            Resolved::Ambiguous(vec!["x/dup.proto", "y/dup.proto"])
        );
        assert_eq!(
            names.resolve("google/protobuf/timestamp.proto"),
            Resolved::Missing
        );
        // A suffix must end at a directory boundary.
        assert_eq!(
            names.resolve("v1/money.proto"),
            Resolved::Path("proto/acme/common/v1/money.proto")
        );
        assert_eq!(names.resolve("oney.proto"), Resolved::Missing);
    }
}
