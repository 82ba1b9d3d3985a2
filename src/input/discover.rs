//! Which files of a tree are artifacts: from compat.toml when it declares them, else detected by
//! layout, extension and content; and which directories of `.sql` files no SQL set covers.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::config::{
    Config, DEFAULT_VENDORED, Dialect, JsonSchemaSet, Kind, OpenApiSet, ProtoSet, SqlSet,
};
use super::fs::MAX_FILE_BYTES;
use super::tree::Tree;

/// How a set is configured; the analyzer of its kind reads the options it needs.
#[derive(Debug, Clone, PartialEq)]
pub enum SetOptions {
    Sql(SqlSet),
    Jsonschema(JsonSchemaSet),
    Proto(ProtoSet),
    Openapi(OpenApiSet),
}

impl SetOptions {
    pub fn kind(&self) -> Kind {
        match self {
            SetOptions::Sql(_) => Kind::Sql,
            SetOptions::Jsonschema(_) => Kind::Jsonschema,
            SetOptions::Proto(_) => Kind::Proto,
            SetOptions::Openapi(_) => Kind::Openapi,
        }
    }

    fn declared_name(&self) -> Option<&str> {
        match self {
            SetOptions::Sql(s) => s.name.as_deref(),
            SetOptions::Jsonschema(s) => s.name.as_deref(),
            SetOptions::Proto(s) => s.name.as_deref(),
            SetOptions::Openapi(s) => s.name.as_deref(),
        }
    }
}

/// One artifact set and the files it covers in either version.
#[derive(Debug, Clone, PartialEq)]
pub struct ArtifactSet {
    pub name: String,
    pub options: SetOptions,
    /// Paths present in the old or the new tree (or both), sorted.
    pub files: Vec<String>,
}

impl ArtifactSet {
    pub fn kind(&self) -> Kind {
        self.options.kind()
    }
}

/// The paths of both trees, sorted, without the ignored ones.
fn all_paths<'t>(config: &Config, old: &'t dyn Tree, new: &'t dyn Tree) -> Vec<&'t str> {
    let ignore = globs(&config.file.ignore);
    let vendored = vendored(config, old, new);
    old.paths()
        .iter()
        .chain(new.paths())
        .map(String::as_str)
        .filter(|p| !ignore.is_match(p) && !vendored.is_match(p))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The artifact sets of a comparison, found in the union of both trees.
pub fn discover(config: &Config, old: &dyn Tree, new: &dyn Tree) -> Vec<ArtifactSet> {
    let paths = all_paths(config, old, new);
    let sets = if config.declares_artifacts() {
        declared(config)
    } else {
        detected(&paths, old, new)
    };
    let sql_roots: Vec<String> = sets
        .iter()
        .filter_map(|o| match o {
            SetOptions::Sql(s) => Some(s.path.trim_end_matches('/').to_owned()),
            _ => None,
        })
        .collect();
    sets.into_iter()
        .map(|options| {
            let mut files = files_of(&options, &paths);
            if let SetOptions::Sql(set) = &options {
                // A file belongs to the most specific migration directory that contains it.
                let own = set.path.trim_end_matches('/');
                files.retain(|file| {
                    !sql_roots.iter().any(|other| {
                        other.len() > own.len() && is_under(file, other) && is_under(other, own)
                    })
                });
            }
            let name = options
                .declared_name()
                .map_or_else(|| default_name(&options), str::to_owned);
            ArtifactSet {
                name,
                options,
                files,
            }
        })
        .collect()
}

/// The vendored trees: compat.toml's `vendored` (or the defaults) and what `.gitattributes`
/// marks `linguist-vendored` on either side.
fn vendored(config: &Config, old: &dyn Tree, new: &dyn Tree) -> GlobSet {
    let mut patterns: Vec<String> = match &config.file.vendored {
        Some(patterns) => patterns.clone(),
        None => DEFAULT_VENDORED.iter().map(|p| (*p).to_owned()).collect(),
    };
    for tree in [old, new] {
        if let Ok(text) = tree.read_text(".gitattributes") {
            patterns.extend(linguist_vendored(&text));
        }
    }
    globs(&patterns)
}

/// The globs of the paths a `.gitattributes` marks `linguist-vendored` (GitHub's own marker).
/// A pattern without a `/` matches at any depth, as in `.gitignore`; one with a leading `/` is
/// anchored at the root.
fn linguist_vendored(text: &str) -> Vec<String> {
    let mut globs = Vec::new();
    for line in text.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        let Some(pattern) = words.next().filter(|p| !p.starts_with('#')) else {
            continue;
        };
        if !words.any(|w| matches!(w, "linguist-vendored" | "linguist-vendored=true")) {
            continue;
        }
        let pattern = pattern.trim_end_matches('/');
        let anchored = match pattern.strip_prefix('/') {
            Some(rooted) => rooted.to_owned(),
            None if pattern.contains('/') => pattern.to_owned(),
            None => format!("**/{pattern}"),
        };
        globs.push(format!("{anchored}/**"));
        globs.push(anchored);
    }
    globs
}

/// Migration directories detection leaves out because their folder names a database compat does
/// not read (`h2`, `oracle`, ...): named by a run, never passed over in silence.
pub fn unread_dialect_dirs(config: &Config, old: &dyn Tree, new: &dyn Tree) -> Vec<String> {
    if config.declares_artifacts() {
        return Vec::new();
    }
    migration_roots(&all_paths(config, old, new))
        .into_iter()
        .filter(|root| folder_dialect(root) == Some(FolderDialect::Unread))
        .collect()
}

/// The directories that hold `.sql` files no SQL set of `sets` covers, sorted: what compat could
/// not place as migration directories, for a run to name instead of passing them over in silence.
pub fn unplaced_sql_dirs(
    config: &Config,
    old: &dyn Tree,
    new: &dyn Tree,
    sets: &[ArtifactSet],
) -> Vec<String> {
    let placed: BTreeSet<&str> = sets
        .iter()
        .filter(|set| set.kind() == Kind::Sql)
        .flat_map(|set| set.files.iter().map(String::as_str))
        .collect();
    all_paths(config, old, new)
        .into_iter()
        .filter(|p| p.ends_with(".sql") && !placed.contains(p))
        .map(|p| p.rsplit_once('/').map_or(".", |(dir, _)| dir).to_owned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Whether `path` is `dir` or inside it; everything is inside `.` and the empty root.
pub fn is_under(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    matches!(dir, "" | ".")
        || path == dir
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn declared(config: &Config) -> Vec<SetOptions> {
    let f = &config.file;
    let mut sets: Vec<SetOptions> = f.sql.iter().cloned().map(SetOptions::Sql).collect();
    sets.extend(f.jsonschema.iter().cloned().map(SetOptions::Jsonschema));
    sets.extend(f.proto.iter().cloned().map(SetOptions::Proto));
    sets.extend(f.openapi.iter().cloned().map(SetOptions::Openapi));
    sets
}

fn default_name(options: &SetOptions) -> String {
    match options {
        SetOptions::Sql(s) => s.path.clone(),
        SetOptions::Jsonschema(s) => format!("payloads ({})", s.paths.join(", ")),
        SetOptions::Proto(s) if s.roots.is_empty() => "protobuf".into(),
        SetOptions::Proto(s) => format!("protobuf ({})", s.roots.join(", ")),
        SetOptions::Openapi(s) => format!("api ({})", s.paths.join(", ")),
    }
}

fn files_of(options: &SetOptions, paths: &[&str]) -> Vec<String> {
    let select = |set: &GlobSet| {
        paths
            .iter()
            .filter(|p| set.is_match(p))
            .map(|p| (*p).to_owned())
            .collect()
    };
    match options {
        SetOptions::Sql(s) => {
            let root = s.path.trim_end_matches('/');
            let prefix = format!("{root}/");
            paths
                .iter()
                .filter(|p| matches!(root, "." | "") || **p == root || p.starts_with(&prefix))
                .filter(|p| p.ends_with(".sql") || p.ends_with("atlas.sum"))
                .map(|p| (*p).to_owned())
                .collect()
        }
        SetOptions::Jsonschema(s) => select(&globs(&s.paths)),
        SetOptions::Openapi(s) => select(&globs(&s.paths)),
        SetOptions::Proto(s) => {
            let in_roots = |p: &&&str| {
                s.roots.is_empty()
                    || s.roots
                        .iter()
                        .any(|r| is_under(p, r.trim_start_matches("./")))
            };
            let chosen = globs(&s.paths);
            paths
                .iter()
                .filter(|p| p.ends_with(".proto"))
                .filter(in_roots)
                .filter(|p| s.paths.is_empty() || chosen.is_match(p))
                .map(|p| (*p).to_owned())
                .collect()
        }
    }
}

/// Builds a glob set; patterns were validated when the configuration was loaded.
fn globs(patterns: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        if let Ok(glob) = Glob::new(pattern) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

fn detected(paths: &[&str], old: &dyn Tree, new: &dyn Tree) -> Vec<SetOptions> {
    let mut sets: Vec<SetOptions> = migration_roots(paths)
        .into_iter()
        .filter_map(|path| {
            // A folder of a database compat does not read (H2, Oracle, ...) is not a set.
            let dialect = match folder_dialect(&path) {
                Some(FolderDialect::Read(dialect)) => dialect,
                Some(FolderDialect::Unread) => return None,
                None => Dialect::default(),
            };
            Some(SetOptions::Sql(SqlSet {
                name: None,
                path,
                dialect,
                version: None,
                layout: None,
                run: Default::default(),
                transaction_per_file: None,
                lock_timeout: None,
                placeholders: Default::default(),
            }))
        })
        .collect();

    let protos = paths.iter().any(|p| p.ends_with(".proto"));
    if protos {
        sets.push(SetOptions::Proto(ProtoSet {
            name: None,
            roots: Vec::new(),
            paths: Vec::new(),
            encoding: None,
            ignore_unstable_packages: None,
        }));
    }

    let mut openapi = Vec::new();
    let mut schemas = Vec::new();
    for path in paths.iter().filter(|p| is_json_or_yaml(p)) {
        let tree = if new.contains(path) { new } else { old };
        // Mostly the start is read: detection must stay cheap in a large tree. A file that
        // cannot be read is left to the analyzer that claims it, which reports the error.
        let head = tree.read_prefix(path, HEAD_BYTES).ok().unwrap_or_default();
        let whole = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
        if is_openapi(&head, || tree.read_prefix(path, whole).ok()) {
            openapi.push((*path).to_owned());
        } else if path.ends_with(".schema.json")
            || path.ends_with(".schema.yaml")
            || declares_schema(&head_text(&head))
        {
            schemas.push((*path).to_owned());
        }
    }
    if !schemas.is_empty() {
        sets.push(SetOptions::Jsonschema(JsonSchemaSet {
            name: Some("payloads".into()),
            paths: schemas,
            mode: Default::default(),
            transitive_depth: 10,
            samples: Vec::new(),
        }));
    }
    if !openapi.is_empty() {
        sets.push(SetOptions::Openapi(OpenApiSet {
            name: Some("api".into()),
            paths: openapi,
            honor_sunset: true,
            ignore_unstable_operations: true,
        }));
    }
    sets
}

/// Directories of SQL migrations. A `.sql` file belongs to the directory it is in, or, for the
/// layouts with one directory per migration (diesel, Prisma) or per version (temporal's
/// `versioned/v1.0/`), to that directory's parent. A directory counts when its name says
/// migrations or its files are versioned.
fn migration_roots(paths: &[&str]) -> Vec<String> {
    let manifests: BTreeSet<&str> = paths
        .iter()
        .filter_map(|p| p.strip_suffix("/manifest.json"))
        .collect();
    let mut roots: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for path in paths.iter().filter(|p| p.ends_with(".sql")) {
        let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
        let (root, versioned) = match dir
            .rsplit_once('/')
            .map_or(("", dir), |(parent, last)| (parent, last))
        {
            (parent, last)
                if is_versioned(last)
                    && matches!(file, "up.sql" | "down.sql" | "migration.sql") =>
            {
                (parent.to_owned(), true)
            }
            (parent, last) if is_version_dir(last, manifests.contains(dir)) => {
                (parent.to_owned(), true)
            }
            _ => (dir.to_owned(), is_versioned(file)),
        };
        let entry = roots.entry(root).or_default();
        entry.0 += 1;
        entry.1 += usize::from(versioned);
    }
    let has_atlas_sum = |root: &str| {
        paths
            .iter()
            .any(|p| *p == format!("{root}/atlas.sum") || (root.is_empty() && *p == "atlas.sum"))
    };
    roots
        .into_iter()
        .filter(|(root, (files, versioned))| {
            root.split('/').any(is_migrations_dir_name)
                || has_atlas_sum(root)
                || *versioned * 2 > *files
        })
        .map(|(root, _)| {
            if root.is_empty() {
                ".".to_owned()
            } else {
                root
            }
        })
        .collect()
}

/// What a migration directory's path says about its database: projects that support several
/// keep a folder per database (`migrations/postgresql`, `jdbc-mysql/.../mysql`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FolderDialect {
    Read(Dialect),
    /// A database compat has no dialect for.
    Unread,
}

/// The dialect the deepest folder of `root` that names a database says, if any does.
fn folder_dialect(root: &str) -> Option<FolderDialect> {
    root.rsplit('/').find_map(|folder| {
        let folder = folder.to_ascii_lowercase();
        let name = folder.strip_prefix("jdbc-").unwrap_or(&folder);
        match name {
            "postgres" | "postgresql" | "pg" | "pgsql" => {
                Some(FolderDialect::Read(Dialect::Postgres))
            }
            "mysql" | "mariadb" => Some(FolderDialect::Read(Dialect::Mysql)),
            "sqlite" | "sqlite3" => Some(FolderDialect::Read(Dialect::Sqlite)),
            "h2" | "hsqldb" | "derby" | "oracle" | "mssql" | "sqlserver" | "db2" => {
                Some(FolderDialect::Unread)
            }
            _ => None,
        }
    })
}

/// `migrations`, `db_migrations`, `sql-migrations`, `migrate` (Rails' `db/migrate`), not
/// `migration-guide`.
fn is_migrations_dir_name(name: &str) -> bool {
    matches!(name, "migrate" | "migration") || name.ends_with("migrations")
}

/// `0001_x`, `20240101120000_x`, `V1__x`, `U1__x`, `R__x`: names migration tools order by.
fn is_versioned(name: &str) -> bool {
    let rest = name.strip_prefix(['V', 'U', 'v']).unwrap_or(name);
    rest.starts_with(|c: char| c.is_ascii_digit()) || name.starts_with("R__")
}

/// `v1.0`, `v1.10`, or `v2` beside a `manifest.json`: a directory of one schema version
/// (temporal's `versioned/`). The number alone (`api/v1/`) says an API version, not a schema's.
fn is_version_dir(name: &str, has_manifest: bool) -> bool {
    let Some(number) = name.strip_prefix('v') else {
        return false;
    };
    let numeric = !number.is_empty()
        && number
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    numeric && (number.contains('.') || has_manifest)
}

fn is_json_or_yaml(path: &str) -> bool {
    [".json", ".yaml", ".yml"]
        .iter()
        .any(|ext| path.ends_with(ext))
        && !path.rsplit('/').next().is_some_and(|name| {
            matches!(
                name,
                "package.json" | "package-lock.json" | "tsconfig.json" | "composer.json"
            )
        })
}

pub(crate) const HEAD_BYTES: usize = 4096;

/// The start of a file, where the `openapi` and `$schema` keys are by convention.
fn head_text(bytes: &[u8]) -> String {
    let end = bytes.len().min(HEAD_BYTES);
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// Whether a JSON or YAML document is an OpenAPI or Swagger document: an `openapi` or `swagger`
/// key among its top-level keys. `head` is the file's first [`HEAD_BYTES`] (all of it, if
/// shorter), which decide for most files; `whole` reads the rest where its top-level keys there
/// are all OpenAPI or Swagger root fields, since a spec written with sorted keys starts with
/// `components` or `definitions` and holds its version key megabytes in.
pub(crate) fn is_openapi(head: &[u8], whole: impl FnOnce() -> Option<Arc<[u8]>>) -> bool {
    let text = head_text(head);
    if looks_like_openapi(&text) {
        return true;
    }
    if head.len() < HEAD_BYTES || !starts_like_api(&text) {
        return false;
    }
    whole().is_some_and(|all| looks_like_openapi(&String::from_utf8_lossy(&all)))
}

/// Root fields of OpenAPI 3 and Swagger 2 documents.
const API_ROOT_FIELDS: &[&str] = &[
    "openapi",
    "swagger",
    "info",
    "servers",
    "paths",
    "webhooks",
    "components",
    "security",
    "tags",
    "externalDocs",
    "jsonSchemaDialect",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
];

/// Whether the top-level keys in the start of a document are all OpenAPI or Swagger root fields
/// (or `x-` extensions), and there is at least one.
fn starts_like_api(head: &str) -> bool {
    let head = head.trim_start_matches('\u{feff}');
    let keys: Vec<String> = if head.trim_start().starts_with('{') {
        json_top_level_keys(head)
    } else {
        head.lines()
            .filter(|line| !line.starts_with([' ', '\t', '#', '-']) && !line.is_empty())
            .filter_map(|line| line.split_once(':'))
            .map(|(key, _)| key.trim_matches(['"', '\'']).to_owned())
            .collect()
    };
    !keys.is_empty()
        && keys
            .iter()
            .all(|key| API_ROOT_FIELDS.contains(&key.as_str()) || key.starts_with("x-"))
}

/// An `openapi` (or Swagger 2's `swagger`) key at the top level of a YAML or JSON document.
fn looks_like_openapi(head: &str) -> bool {
    let head = head.trim_start_matches('\u{feff}');
    let is_version_key = |key: &str| matches!(key, "openapi" | "swagger");
    if head.trim_start().starts_with('{') {
        return json_top_level_keys(head)
            .iter()
            .any(|key| is_version_key(key));
    }
    head.lines().any(|line| {
        line.split_once(':')
            .is_some_and(|(key, _)| is_version_key(key.trim_matches(['"', '\''])))
    })
}

/// The keys of the outermost object in (the start of) a JSON text. A hand-written scan because
/// the text is cut at 4 KB and no JSON parser reads a truncated document.
fn json_top_level_keys(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            '"' => {
                let mut string = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        c => string.push(c),
                    }
                }
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if depth == 1 && chars.peek() == Some(&':') {
                    keys.push(string);
                }
            }
            _ => {}
        }
    }
    keys
}

/// A `$schema` keyword naming a JSON Schema dialect; config files (`renovate.json`, editor
/// settings) also carry `$schema`, but pointing at their own schema, not at the metaschema.
fn declares_schema(head: &str) -> bool {
    head.lines().any(|line| {
        let line = line.trim_start();
        (line.starts_with("\"$schema\"") || line.starts_with("$schema:"))
            && line.contains("json-schema.org")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_directories_are_found_by_layout() {
        let paths = [
            "db/migrations/0001_init.up.sql",
            "db/migrations/0001_init.down.sql",
            "diesel/2024-01-01-000000_init/up.sql",
            "diesel/2024-01-01-000000_init/down.sql",
            "prisma/migrations/20240101_init/migration.sql",
            "sql/V1__init.sql",
            "scripts/report.sql",
            "scripts/cleanup.sql",
            "schema/versioned/v1.0/schema.sql",
            "schema/versioned/v1.1/queue.sql",
            "api/v1/queries.sql",
        ];
        assert_eq!(
            migration_roots(&paths),
            [
                "db/migrations",
                "diesel",
                "prisma/migrations",
                "schema/versioned",
                "sql"
            ]
        );
    }

    /// A tree of empty files.
    struct Paths(Vec<String>);

    impl Tree for Paths {
        fn label(&self) -> &str {
            "paths"
        }
        fn paths(&self) -> &[String] {
            &self.0
        }
        fn read(&self, _: &str) -> Result<std::sync::Arc<[u8]>, crate::core::InputError> {
            Ok(std::sync::Arc::from(&b""[..]))
        }
    }

    #[test]
    fn each_sql_file_belongs_to_its_deepest_migration_directory() {
        let tree = Paths(vec![
            "V1__root.sql".into(),
            "db/migrations/0001_a.sql".into(),
            "db/migrations/0002_b.sql".into(),
        ]);
        let sets = discover(&Config::default(), &tree, &tree);
        let files: Vec<(&str, &[String])> = sets
            .iter()
            .map(|s| (s.name.as_str(), s.files.as_slice()))
            .collect();
        assert_eq!(
            files,
            [
                (".", &["V1__root.sql".to_owned()][..]),
                (
                    "db/migrations",
                    &[
                        "db/migrations/0001_a.sql".to_owned(),
                        "db/migrations/0002_b.sql".to_owned()
                    ][..]
                )
            ]
        );
    }

    #[test]
    fn versioned_names() {
        assert!(is_versioned("V2__add.sql"));
        assert!(is_versioned("20240101_add.sql"));
        assert!(is_versioned("R__views.sql"));
        assert!(!is_versioned("views.sql"));
    }

    #[test]
    fn openapi_is_recognised_by_its_top_level_key() {
        assert!(looks_like_openapi("openapi: 3.1.0\ninfo: {}\n"));
        assert!(looks_like_openapi("# API\n'openapi': 3.1.0\n"));
        assert!(looks_like_openapi("{\n  \"openapi\": \"3.0.3\"\n}"));
        assert!(looks_like_openapi(
            "{\"info\":{\"title\":\"a\\\"b\"},\"openapi\":\"3.1.0\""
        ));
        assert!(!looks_like_openapi("components:\n  openapi: no\n"));
        assert!(!looks_like_openapi("{\"x\": {\"openapi\": \"3.0.0\"}}"));
    }

    #[test]
    fn the_version_key_is_found_wherever_the_top_level_keys_put_it() {
        let filler = "x".repeat(3 * HEAD_BYTES);
        let api = |text: String| {
            let bytes: Arc<[u8]> = text.into_bytes().into();
            is_openapi(&bytes[..HEAD_BYTES.min(bytes.len())], || {
                Some(bytes.clone())
            })
        };
        // Sorted keys: Stripe's `components` first, Kubernetes' Swagger `definitions` first.
        let sorted = format!(
            "{{\"components\":{{\"schemas\":{{\"a\":{{\"description\":\"{filler}\"}}}}}},\"info\":{{}},\"openapi\":\"3.0.0\"}}"
        );
        assert!(api(sorted));
        let swagger = format!("definitions:\n  a:\n    description: {filler}\nswagger: '2.0'\n");
        assert!(api(swagger));
        // Any other first key decides at once, however large the file.
        let package = format!("{{\"name\":\"app\",\"description\":\"{filler}\",\"openapi\":1}}");
        assert!(!api(package));
        let nested = format!("components:\n  a:\n    description: {filler}\n    openapi: 3\n");
        assert!(!api(nested));
    }

    #[test]
    fn only_metaschema_references_make_a_json_schema() {
        assert!(declares_schema(
            "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\","
        ));
        assert!(declares_schema(
            "$schema: http://json-schema.org/draft-07/schema#\n"
        ));
        assert!(!declares_schema(
            "{\n  \"$schema\": \"https://docs.renovatebot.com/renovate-schema.json\""
        ));
    }

    #[test]
    fn migration_directory_names() {
        assert!(is_migrations_dir_name("migrations"));
        assert!(is_migrations_dir_name("sql-migrations"));
        assert!(is_migrations_dir_name("migrate"));
        assert!(!is_migrations_dir_name("migration-guide"));
    }

    #[test]
    fn a_folder_named_after_a_database_sets_the_dialect() {
        let read = |d| Some(FolderDialect::Read(d));
        assert_eq!(
            folder_dialect("migrations/postgresql"),
            read(Dialect::Postgres)
        );
        assert_eq!(folder_dialect("migrations/mysql"), read(Dialect::Mysql));
        assert_eq!(
            folder_dialect("db/sqlite/migrations"),
            read(Dialect::Sqlite)
        );
        assert_eq!(
            folder_dialect("jdbc-mysql/src/main/resources/migrations/mysql"),
            read(Dialect::Mysql)
        );
        assert_eq!(
            folder_dialect("jdbc-h2/src/main/resources/migrations/h2"),
            Some(FolderDialect::Unread)
        );
        assert_eq!(folder_dialect("db/migrations"), None);
    }

    #[test]
    fn gitattributes_marks_vendored_trees() {
        let text = "# generated\n*.pb.go linguist-generated\nthird/ linguist-vendored\n\
                    /api/legacy linguist-vendored=true\ndocs/x.md -linguist-vendored\n";
        assert_eq!(
            linguist_vendored(text),
            ["**/third/**", "**/third", "api/legacy/**", "api/legacy"]
        );
    }
}
