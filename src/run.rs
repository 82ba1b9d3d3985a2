//! The commands as library calls: each builds the two trees and the configuration, then compares.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::Error;
use crate::catalog::catalog;
use crate::engine::{Scope, compare};
use crate::input::config::{Config, Kind, Mode};
use crate::input::{
    DirTree, FileTree, GitBackend, GitCommand, GitTree, Tree, WorkTree, default_base,
    resolve_commit, short_commit, slash_path,
};
use crate::report::Report;

/// Which version `compat check` releases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Head {
    WorkingTree,
    Revision(String),
    /// The index, compared against HEAD.
    Staged,
}

#[derive(Debug, Clone)]
pub struct CheckRequest {
    /// Where compat runs; the repository and compat.toml are found from here.
    pub cwd: PathBuf,
    pub base: Option<String>,
    pub head: Head,
    /// Only artifacts with files under these paths (relative to `cwd`).
    pub paths: Vec<PathBuf>,
    pub config: Option<PathBuf>,
}

/// `compat check`: the head against a git base.
pub fn check(request: &CheckRequest) -> Result<(Report, Config), Error> {
    let git = Arc::new(GitCommand::open(&request.cwd)?);
    let top = git.top().to_path_buf();
    let mut config = load_config(request.config.as_deref(), &request.cwd)?;
    if let Some(dir) = config.base_dir() {
        let dir = request.cwd.join(dir);
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        let top = std::fs::canonicalize(&top).unwrap_or_else(|_| top.clone());
        if let Ok(relative) = dir.strip_prefix(&top) {
            config.rebase(&slash_path(relative));
        }
    }
    let backend: Arc<dyn GitBackend> = git.clone();

    // `--staged` is a pre-commit check: what this commit adds, so its base is HEAD unless
    // `--base` says otherwise; compat.toml's base is for branch checks.
    let base = match (&request.head, &request.base) {
        (_, Some(base)) => Some(base.clone()),
        (Head::Staged, None) => Some("HEAD".to_owned()),
        (_, None) => config.file.check.base.clone(),
    };
    let has_commits = resolve_commit(backend.as_ref(), "HEAD").is_ok();
    let (old, base_commit) = match base {
        // A repository without commits: everything is new.
        _ if !has_commits && request.base.is_none() => (
            GitTree::empty(Arc::clone(&backend), "the empty tree (no commits yet)"),
            None,
        ),
        Some(base) => {
            let commit = resolve_commit(backend.as_ref(), &base)?;
            let label = format!("{base} ({})", short_commit(&commit));
            (
                GitTree::at_revision(Arc::clone(&backend), &commit, label)?,
                Some(commit),
            )
        }
        None => {
            let (name, commit) = default_base(backend.as_ref())?;
            let label = format!("merge-base with {name} ({})", short_commit(&commit));
            (
                GitTree::at_revision(Arc::clone(&backend), &commit, label)?,
                Some(commit),
            )
        }
    };
    let new: Box<dyn Tree> = match &request.head {
        Head::WorkingTree => Box::new(WorkTree::open(
            &top,
            backend.as_ref(),
            &old,
            base_commit.as_deref(),
        )?),
        Head::Staged => Box::new(GitTree::at_index(Arc::clone(&backend))?),
        Head::Revision(rev) => {
            let commit = resolve_commit(backend.as_ref(), rev)?;
            let label = format!("{rev} ({})", short_commit(&commit));
            Box::new(GitTree::at_revision(Arc::clone(&backend), &commit, label)?)
        }
    };
    let cwd = std::fs::canonicalize(&request.cwd)
        .map_err(|e| Error::io(request.cwd.display().to_string(), &e))?;
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    let mut paths = Vec::new();
    for path in &request.paths {
        let absolute = cwd.join(path);
        let absolute = std::fs::canonicalize(&absolute).unwrap_or(absolute);
        let Ok(relative) = absolute.strip_prefix(&top) else {
            return Err(Error::usage(format!(
                "{} is outside the repository at {}",
                path.display(),
                top.display()
            )));
        };
        let relative = slash_path(relative);
        let known = |tree: &dyn Tree| {
            let prefix = format!("{relative}/");
            relative.is_empty()
                || tree
                    .paths()
                    .iter()
                    .any(|p| *p == relative || p.starts_with(&prefix))
        };
        if !known(&old) && !known(new.as_ref()) {
            return Err(Error::usage(format!(
                "{} matches no file of either version",
                path.display()
            )));
        }
        paths.push(relative);
    }
    let scope = Scope { kind: None, paths };
    Ok((compare(&old, new.as_ref(), &config, &scope), config))
}

/// `compat diff`: two files or two directories.
pub fn diff(
    old: &Path,
    new: &Path,
    kind: Option<Kind>,
    mode: Option<Mode>,
    config: Option<&Path>,
    cwd: &Path,
) -> Result<(Report, Config), Error> {
    let config = load_config(config, cwd)?;
    let scope = Scope {
        kind,
        paths: Vec::new(),
    };
    match (old.is_dir(), new.is_dir()) {
        (true, true) if mode.is_some() => Err(Error::usage_with_help(
            "--mode applies to a diff of two files",
            "for directories, set `mode` on the [[jsonschema]] sets in compat.toml",
        )),
        (true, true) => {
            let old_tree = DirTree::open(old, slash_path(old))?;
            let new_tree = DirTree::open(new, slash_path(new))?;
            Ok((compare(&old_tree, &new_tree, &config, &scope), config))
        }
        (false, false) => {
            // Both files are compared under the new file's name, so they pair.
            let name = new
                .file_name()
                .map_or_else(|| "file".to_owned(), |n| n.to_string_lossy().into_owned());
            let old_tree = FileTree::open(old, name.clone())?;
            let new_tree = FileTree::open(new, name)?;
            // Two files are one artifact of their own; the sets of a compat.toml describe a
            // repository, not these files (its rule settings still apply).
            let mut config = config;
            config.file.sql.clear();
            config.file.jsonschema.clear();
            config.file.proto.clear();
            config.file.openapi.clear();
            let config = single_file_config(config, new, kind)?;
            let config = with_mode(config, mode, new)?;
            Ok((compare(&old_tree, &new_tree, &config, &scope), config))
        }
        _ => Err(Error::usage_with_help(
            format!(
                "cannot compare {} with {}: one is a directory and the other is not",
                old.display(),
                new.display()
            ),
            "pass two files or two directories",
        )),
    }
}

/// Declares the one file of a file-to-file diff as an artifact of the kind its name (or `--kind`)
/// says, since a lone file has no layout to detect.
fn single_file_config(
    mut config: Config,
    file: &Path,
    kind: Option<Kind>,
) -> Result<Config, Error> {
    use crate::input::config::{JsonSchemaSet, OpenApiSet, ProtoSet, SqlSet};
    let name = file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let kind = match kind {
        Some(kind) => same_kind(file, kind)?,
        None if name.ends_with(".sql") => Kind::Sql,
        None if name.ends_with(".proto") => Kind::Proto,
        None => {
            if is_openapi_file(file)? {
                Kind::Openapi
            } else if name.ends_with(".json") || name.ends_with(".yaml") || name.ends_with(".yml") {
                Kind::Jsonschema
            } else {
                return Err(Error::usage_with_help(
                    format!("cannot tell what kind of artifact {} is", file.display()),
                    "pass --kind sql|jsonschema|proto|openapi",
                ));
            }
        }
    };
    let file = &mut config.file;
    match kind {
        Kind::Sql => file.sql.push(SqlSet {
            name: None,
            path: ".".into(),
            dialect: Default::default(),
            version: None,
            // A lone file is the whole schema of its version, not a migration directory.
            layout: Some(crate::input::config::Layout::SchemaFile),
            run: Default::default(),
            transaction_per_file: None,
            lock_timeout: None,
            placeholders: Default::default(),
        }),
        Kind::Jsonschema => file.jsonschema.push(JsonSchemaSet {
            name: None,
            paths: vec![name],
            mode: Default::default(),
            transitive_depth: 10,
            samples: Vec::new(),
        }),
        Kind::Proto => file.proto.push(ProtoSet {
            name: None,
            roots: Vec::new(),
            paths: vec![name],
            encoding: None,
            ignore_unstable_packages: None,
        }),
        Kind::Openapi => file.openapi.push(OpenApiSet {
            name: None,
            paths: vec![name],
            honor_sunset: true,
            ignore_unstable_operations: true,
        }),
    }
    Ok(config)
}

/// `kind`, when `--kind` names what the file is: an OpenAPI document compared as a JSON Schema,
/// or a JSON Schema as an API, would be compared as nothing and pass.
fn same_kind(file: &Path, kind: Kind) -> Result<Kind, Error> {
    if !matches!(kind, Kind::Openapi | Kind::Jsonschema) {
        return Ok(kind);
    }
    // A file that cannot be read is the analyzer's to report.
    let Ok(is_api) = is_openapi_file(file) else {
        return Ok(kind);
    };
    match (kind, is_api) {
        (Kind::Openapi, false) => Err(Error::usage_with_help(
            format!(
                "{} is not an OpenAPI document: it has no top-level `openapi` or `swagger` key",
                file.display()
            ),
            "leave --kind out to compare it as what it is, or pass --kind jsonschema",
        )),
        (Kind::Jsonschema, true) => Err(Error::usage_with_help(
            format!(
                "{} is an OpenAPI document, not a JSON Schema",
                file.display()
            ),
            "leave --kind out, or pass --kind openapi",
        )),
        _ => Ok(kind),
    }
}

/// Whether a file is an OpenAPI or Swagger document; an error names the file when it cannot be
/// read.
fn is_openapi_file(file: &Path) -> Result<bool, Error> {
    let head = read_head(file)?;
    let whole = || {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::fs::File::open(file)
            .ok()?
            .take(crate::input::MAX_FILE_BYTES)
            .read_to_end(&mut bytes)
            .ok()?;
        Some(bytes.into())
    };
    Ok(crate::input::discover::is_openapi(&head, whole))
}

/// The start of a file, enough to tell its kind without reading all of it.
fn read_head(file: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let error = |e: std::io::Error| Error::io(file.display().to_string(), &e);
    let mut head = Vec::new();
    std::fs::File::open(file)
        .map_err(error)?
        .take(crate::input::discover::HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(error)?;
    Ok(head)
}

/// Applies `--mode` to the one set of a file-to-file diff, refusing it where it means nothing.
fn with_mode(mut config: Config, mode: Option<Mode>, file: &Path) -> Result<Config, Error> {
    let Some(mode) = mode else {
        return Ok(config);
    };
    let Some(set) = config.file.jsonschema.first_mut() else {
        let kind = [
            (Kind::Sql, config.file.sql.is_empty()),
            (Kind::Proto, config.file.proto.is_empty()),
            (Kind::Openapi, config.file.openapi.is_empty()),
        ]
        .into_iter()
        .find_map(|(kind, empty)| (!empty).then_some(kind));
        let compared = kind.map_or_else(String::new, |k| format!(" is compared as {k} and"));
        return Err(Error::usage_with_help(
            format!(
                "--mode applies to JSON Schema payloads; {}{compared} has no compatibility modes",
                file.display()
            ),
            "drop --mode, or pass --kind jsonschema if the files are JSON Schemas",
        ));
    };
    if mode.is_transitive() {
        return Err(Error::usage_with_help(
            format!(
                "--mode {} compares with every earlier version in git's history, and a diff of two files has none",
                mode.name()
            ),
            format!(
                "pass --mode {}, or declare the mode in compat.toml and run `compat check` in the repository",
                mode.direct().name()
            ),
        ));
    }
    set.mode = mode;
    Ok(config)
}

/// The configuration named on the command line, else the nearest compat.toml, else defaults.
pub fn load_config(explicit: Option<&Path>, cwd: &Path) -> Result<Config, Error> {
    match explicit {
        Some(path) => Config::load(path, catalog()),
        None => Config::discover(cwd, catalog()),
    }
}

/// `compat init`: the detected setup as a commented compat.toml, and where it belongs (the
/// repository's top level when in one).
pub fn init(cwd: &Path) -> Result<(String, Option<PathBuf>), Error> {
    let (root, target) = match GitCommand::open(cwd) {
        Ok(git) => (
            git.top().to_path_buf(),
            Some(git.top().join(crate::input::config::FILE_NAME)),
        ),
        Err(_) => (cwd.to_path_buf(), None),
    };
    let tree = DirTree::open(&root, "working tree")?;
    let sets = crate::input::discover::discover(&Config::default(), &tree, &tree);
    Ok((crate::input::init::render(&sets), target))
}
