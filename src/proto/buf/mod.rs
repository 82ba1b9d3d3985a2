//! buf's configuration, read from each compared tree: the module directories that are import
//! roots, their excludes, and the `breaking` policy of each module.
//!
//! - `buf.yaml` v1beta1: `build.roots` (default `.`) and `build.excludes`; `breaking.ignore` paths
//!   are relative to a root.
//! - `buf.yaml` v1: the module is its directory; `build.excludes`; paths relative to it.
//! - `buf.yaml` v2: `modules[].path` (default one module at `.`) with `excludes` and an optional
//!   `breaking` of its own that replaces the top-level one; paths relative to the buf.yaml.
//! - `buf.work.yaml` v1: `directories`, each a module whose own buf.yaml (v1) holds its policy.
//!
//! How the policy applies is `policy`; buf's rule and category ids are `ids`.

mod ids;
pub mod policy;

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use crate::analyzer::{Input, Output};
use crate::core::{FileId, InputError, Side, Span};
use crate::input::discover::is_under;
use crate::proto::names::{file_name, normalize_root};
use crate::schema::doc::{self, Node, Syntax};

/// One side's buf modules.
#[derive(Debug, Default)]
pub struct BufLayout {
    pub modules: Vec<Module>,
}

/// A directory that buf compiles as a module.
#[derive(Debug)]
pub struct Module {
    /// The module's directory in the tree (`""` for the compared directory).
    pub root: String,
    /// Directories left out of the module, as tree paths.
    pub excludes: Vec<String>,
    /// `None` for a buf.work.yaml directory without a buf.yaml of its own: buf's defaults.
    pub breaking: Option<Arc<Breaking>>,
}

/// A `breaking` section, its paths made relative to the module root (import names).
#[derive(Debug)]
pub struct Breaking {
    /// The buf.yaml it was read from.
    pub file: FileId,
    pub uses: Vec<Entry>,
    pub except: Vec<Entry>,
    pub ignore: Vec<String>,
    pub ignore_only: Vec<(Entry, Vec<String>)>,
    pub ignore_unstable_packages: bool,
    /// The buf rules in use: `use` (FILE when unset) less `except`.
    pub used: BTreeSet<&'static str>,
}

/// A rule or category id as written, with where it is written.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub span: Range<usize>,
}

impl BufLayout {
    /// Reads the buf.yaml and buf.work.yaml files of the side's tree whose directory holds a
    /// file of the set (`files`). A file that does not parse, or declares a version buf does not
    /// have, is an input error, returned for the caller to report.
    pub fn read(
        input: &Input<'_>,
        side: Side,
        out: &mut Output<'_>,
        files: &[String],
    ) -> (BufLayout, Vec<InputError>) {
        let tree = input.tree(side);
        let configs: Vec<&String> = tree
            .paths()
            .iter()
            .filter(|p| matches!(file_name(p), "buf.yaml" | "buf.work.yaml"))
            .filter(|p| {
                let dir = p.rsplit_once('/').map_or("", |(dir, _)| dir);
                files.iter().any(|f| is_under(f, dir))
            })
            .collect();
        let errors_before = out.errors.len();
        let mut layout = BufLayout::default();
        let mut workspace_dirs: Vec<String> = Vec::new();
        // buf.work.yaml first: the v1 buf.yaml files of its directories are its modules.
        let (works, yamls): (Vec<&String>, Vec<&String>) = configs
            .into_iter()
            .partition(|p| file_name(p) == "buf.work.yaml");
        for path in works {
            let Some(config) = Config::load(input, side, out, path) else {
                continue;
            };
            for dir in config.strings(&["directories"]) {
                workspace_dirs.push(join(config.dir(), &dir.id));
            }
        }
        for path in yamls {
            let Some(config) = Config::load(input, side, out, path) else {
                continue;
            };
            match config.version() {
                Some("v2") => layout.read_v2(&config),
                Some("v1") => layout.read_v1(&config),
                Some("v1beta1") => layout.read_v1beta1(&config),
                other => out.errors.push(config.error(
                    config.node.get("version").map(Node::span),
                    format!(
                        "{} declares {}, which buf does not have",
                        config.path,
                        other.map_or("no version".to_owned(), |v| format!("version `{v}`"))
                    ),
                    "buf.yaml declares `version: v1beta1`, `v1` or `v2`",
                )),
            }
        }
        // A workspace directory without a buf.yaml of its own is a module with no policy.
        for dir in workspace_dirs {
            if !layout.modules.iter().any(|m| m.root == dir) {
                layout.modules.push(Module {
                    root: dir,
                    excludes: Vec::new(),
                    breaking: None,
                });
            }
        }
        layout
            .modules
            .sort_by_key(|m| std::cmp::Reverse(m.root.len()));
        let errors = out.errors.split_off(errors_before);
        (layout, errors)
    }

    /// The module roots, to resolve imports under.
    pub fn roots(&self) -> Vec<String> {
        self.modules.iter().map(|m| m.root.clone()).collect()
    }

    /// The module a path belongs to: the innermost one whose root contains it.
    pub fn module_of(&self, path: &str) -> Option<&Module> {
        self.modules.iter().find(|m| is_under(path, &m.root))
    }

    fn read_v2(&mut self, config: &Config) {
        let top = config.breaking(config.node.get("breaking"), "");
        let modules = config.node.get("modules").and_then(Node::items);
        let Some(modules) = modules.filter(|m| !m.is_empty()) else {
            self.modules.push(Module {
                root: normalize_root(config.dir()),
                excludes: Vec::new(),
                breaking: Some(Arc::new(top)),
            });
            return;
        };
        for module in modules {
            let path = module.get("path").and_then(Node::as_str).unwrap_or(".");
            let root = normalize_root(&join(config.dir(), path));
            let relative = normalize_root(path);
            let excludes = strings_of(module.get("excludes"))
                .into_iter()
                .map(|e| normalize_root(&join(config.dir(), &e.id)))
                .collect();
            // A module's own non-empty section replaces the top-level one.
            let breaking = match module.get("breaking").filter(|b| !b.members().is_empty()) {
                Some(own) => config.breaking(Some(own), &relative),
                None => top.within(&relative),
            };
            self.modules.push(Module {
                root,
                excludes,
                breaking: Some(Arc::new(breaking)),
            });
        }
    }

    fn read_v1(&mut self, config: &Config) {
        let root = normalize_root(config.dir());
        let excludes = config
            .strings(&["build", "excludes"])
            .into_iter()
            .map(|e| normalize_root(&join(config.dir(), &e.id)))
            .collect();
        let breaking = config.breaking(config.node.get("breaking"), "");
        // A buf.work.yaml directory may have been registered without a policy already.
        self.modules.retain(|m| m.root != root);
        self.modules.push(Module {
            root,
            excludes,
            breaking: Some(Arc::new(breaking)),
        });
    }

    fn read_v1beta1(&mut self, config: &Config) {
        let mut roots = config.strings(&["build", "roots"]);
        if roots.is_empty() {
            roots.push(Entry {
                id: ".".into(),
                span: 0..0,
            });
        }
        let excludes: Vec<String> = config
            .strings(&["build", "excludes"])
            .into_iter()
            .map(|e| normalize_root(&join(config.dir(), &e.id)))
            .collect();
        let breaking = Arc::new(config.breaking(config.node.get("breaking"), ""));
        for root in roots {
            let root = normalize_root(&join(config.dir(), &root.id));
            self.modules.push(Module {
                excludes: excludes
                    .iter()
                    .filter(|e| is_under(e, &root))
                    .cloned()
                    .collect(),
                root,
                breaking: Some(Arc::clone(&breaking)),
            });
        }
    }
}

impl Breaking {
    /// The same section for a module at `module` (relative to the buf.yaml): paths outside the
    /// module are dropped, the others made relative to it, as buf does for a v2 top-level
    /// section.
    fn within(&self, module: &str) -> Breaking {
        let relative = |paths: &[String]| -> Vec<String> {
            paths
                .iter()
                .filter_map(|p| relative_to(p, module))
                .collect()
        };
        Breaking {
            file: self.file,
            uses: self.uses.clone(),
            except: self.except.clone(),
            ignore: relative(&self.ignore),
            ignore_only: self
                .ignore_only
                .iter()
                .map(|(entry, paths)| (entry.clone(), relative(paths)))
                .collect(),
            ignore_unstable_packages: self.ignore_unstable_packages,
            used: self.used.clone(),
        }
    }
}

/// A parsed buf configuration file.
struct Config {
    path: String,
    id: FileId,
    node: Node,
}

impl Config {
    fn load(input: &Input<'_>, side: Side, out: &mut Output<'_>, path: &str) -> Option<Config> {
        let (id, text) = out.load(input, side, path)?;
        match doc::parse(&text, Syntax::Yaml) {
            Ok(node) if node.is_object() => Some(Config {
                path: path.to_owned(),
                id,
                node,
            }),
            Ok(node) => {
                out.errors.push(
                    InputError::new(Some(path.to_owned()), format!("{path} is not a mapping"))
                        .at(Span::new(id, node.span())),
                );
                None
            }
            Err(error) => {
                out.errors.push(
                    InputError::new(
                        Some(path.to_owned()),
                        format!("{path} does not parse: {}", error.message),
                    )
                    .at(Span::new(id, error.span)),
                );
                None
            }
        }
    }

    fn dir(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    fn version(&self) -> Option<&str> {
        self.node.get("version").and_then(Node::as_str)
    }

    fn strings(&self, at: &[&str]) -> Vec<Entry> {
        strings_of(self.node.at(at.iter().copied()))
    }

    /// A `breaking` section (buf's defaults when there is none) whose paths are relative to the
    /// buf.yaml (v2) or to the module (v1, v1beta1: `module` empty), made relative to the module.
    fn breaking(&self, node: Option<&Node>, module: &str) -> Breaking {
        let paths = |entries: Vec<Entry>| -> Vec<String> {
            entries
                .into_iter()
                .filter_map(|e| relative_to(&normalize_root(&e.id), module))
                .collect()
        };
        let ignore_only = node
            .and_then(|n| n.get("ignore_only"))
            .map(|n| n.members())
            .unwrap_or_default()
            .iter()
            .map(|member| {
                let entry = Entry {
                    id: member.key.to_string(),
                    span: member.key_span(),
                };
                (entry, paths(strings_of(Some(&member.value))))
            })
            .collect();
        let get = |key: &str| node.and_then(|n| n.get(key));
        let mut breaking = Breaking {
            file: self.id,
            uses: strings_of(get("use")),
            except: strings_of(get("except")),
            ignore: paths(strings_of(get("ignore"))),
            ignore_only,
            ignore_unstable_packages: get("ignore_unstable_packages")
                .and_then(Node::as_bool)
                .unwrap_or(false),
            used: BTreeSet::new(),
        };
        breaking.used = policy::effective(&breaking);
        breaking
    }

    fn error(&self, span: Option<Range<usize>>, message: String, help: &str) -> InputError {
        let error = InputError::new(Some(self.path.clone()), message).with_help(help);
        match span {
            Some(span) => error.at(Span::new(self.id, span)),
            None => error,
        }
    }
}

fn strings_of(node: Option<&Node>) -> Vec<Entry> {
    node.and_then(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|item| {
            Some(Entry {
                id: item.as_str()?.to_owned(),
                span: item.span(),
            })
        })
        .collect()
}

/// `path` relative to `dir`, or `None` when it is outside; the empty dir contains everything.
fn relative_to(path: &str, dir: &str) -> Option<String> {
    if dir.is_empty() {
        return Some(path.to_owned());
    }
    if path == dir {
        return Some(String::new());
    }
    path.strip_prefix(dir)?.strip_prefix('/').map(str::to_owned)
}

fn join(dir: &str, path: &str) -> String {
    let path = path.trim_start_matches("./");
    if dir.is_empty() || path.is_empty() || path == "." {
        if dir.is_empty() {
            path.to_owned()
        } else {
            dir.to_owned()
        }
    } else {
        format!("{dir}/{path}")
    }
}
