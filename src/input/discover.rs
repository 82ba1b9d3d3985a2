//! Which files of a tree are artifacts: from compat.toml when it declares them, else detected by
//! layout, extension and content.

use std::collections::{BTreeMap, BTreeSet};

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::config::{Config, JsonSchemaSet, Kind, OpenApiSet, ProtoSet, SqlSet};
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

/// The artifact sets of a comparison, found in the union of both trees.
pub fn discover(config: &Config, old: &dyn Tree, new: &dyn Tree) -> Vec<ArtifactSet> {
    let ignore = globs(&config.file.ignore);
    let paths: Vec<&str> = old
        .paths()
        .iter()
        .chain(new.paths())
        .map(String::as_str)
        .filter(|p| !ignore.is_match(p))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let sets = if config.declares_artifacts() {
        declared(config)
    } else {
        detected(&paths, old, new)
    };
    sets.into_iter()
        .map(|options| {
            let files = files_of(&options, &paths);
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
                        .any(|r| p.starts_with(&format!("{}/", r.trim_end_matches('/'))))
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
        .map(|path| {
            SetOptions::Sql(SqlSet {
                name: None,
                path,
                dialect: Default::default(),
                version: None,
                layout: None,
                run: Default::default(),
                transaction_per_file: false,
            })
        })
        .collect();

    let protos = paths.iter().any(|p| p.ends_with(".proto"));
    if protos {
        sets.push(SetOptions::Proto(ProtoSet {
            name: None,
            roots: Vec::new(),
            paths: Vec::new(),
            encoding: None,
            mode: Default::default(),
        }));
    }

    let mut openapi = Vec::new();
    let mut schemas = Vec::new();
    for path in paths.iter().filter(|p| is_json_or_yaml(p)) {
        let tree = if new.contains(path) { new } else { old };
        let head = tree
            .read(path)
            .map(|bytes| head_text(&bytes))
            .unwrap_or_default();
        if looks_like_openapi(&head) {
            openapi.push((*path).to_owned());
        } else if path.ends_with(".schema.json")
            || path.ends_with(".schema.yaml")
            || declares_schema(&head)
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
        }));
    }
    sets
}

/// Directories of SQL migrations. A `.sql` file belongs to the directory it is in, or, for the
/// layouts with one directory per migration (diesel, Prisma), to that directory's parent. A
/// directory counts when its name says migrations or its files are versioned.
fn migration_roots(paths: &[&str]) -> Vec<String> {
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
            root.split('/').any(|part| part.contains("migration"))
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

/// `0001_x`, `20240101120000_x`, `V1__x`, `U1__x`, `R__x`: names migration tools order by.
fn is_versioned(name: &str) -> bool {
    let rest = name.strip_prefix(['V', 'U', 'v']).unwrap_or(name);
    rest.starts_with(|c: char| c.is_ascii_digit()) || name.starts_with("R__")
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

/// The start of a file, where the `openapi` and `$schema` keys are by convention.
fn head_text(bytes: &[u8]) -> String {
    let end = bytes.len().min(4096);
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

fn looks_like_openapi(head: &str) -> bool {
    head.lines().any(|line| {
        let line = line.trim_start_matches('\u{feff}');
        ["openapi:", "swagger:", "\"openapi\"", "\"swagger\""]
            .iter()
            .any(|key| line.trim_start().starts_with(key))
            && (line.starts_with("openapi:")
                || line.starts_with("swagger:")
                || line.trim_start().starts_with('"'))
    })
}

fn declares_schema(head: &str) -> bool {
    head.contains("\"$schema\"") || head.lines().any(|l| l.starts_with("$schema:"))
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
        ];
        assert_eq!(
            migration_roots(&paths),
            ["db/migrations", "diesel", "prisma/migrations", "sql"]
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
        assert!(looks_like_openapi("{\n  \"openapi\": \"3.0.3\"\n}"));
        assert!(!looks_like_openapi("components:\n  openapi: no\n"));
    }
}
