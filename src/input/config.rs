//! `compat.toml`: which artifacts to compare and how, per-rule settings and ignored paths.
//!
//! Every table refuses unknown keys, and every error points into the file with a code frame.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::catalog::Catalog;
use crate::core::{Class, RuleId, RuleSetting};
use crate::{Error, FileDiagnostic};

pub const FILE_NAME: &str = "compat.toml";

/// The kinds of artifact compat compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Sql,
    Jsonschema,
    Proto,
    Openapi,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Sql, Kind::Jsonschema, Kind::Proto, Kind::Openapi];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Sql => "sql",
            Kind::Jsonschema => "jsonschema",
            Kind::Proto => "proto",
            Kind::Openapi => "openapi",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!("unknown kind `{s}`: expected sql, jsonschema, proto or openapi")
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    #[default]
    Postgres,
    Mysql,
    Sqlite,
}

impl Dialect {
    /// The name compat.toml uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
            Dialect::Sqlite => "sqlite",
        }
    }
}

impl Layout {
    /// The name compat.toml uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Flyway => "flyway",
            Layout::GolangMigrate => "golang-migrate",
            Layout::Diesel => "diesel",
            Layout::Sqlx => "sqlx",
            Layout::Dbmate => "dbmate",
            Layout::Prisma => "prisma",
            Layout::Atlas => "atlas",
            Layout::Goose => "goose",
            Layout::SqlMigrate => "sql-migrate",
            Layout::Liquibase => "liquibase",
            Layout::Versioned => "versioned",
            Layout::Plain => "plain",
            Layout::SchemaFile => "schema-file",
        }
    }
}

/// When migrations are applied relative to the code deploy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MigrationTiming {
    /// The usual order: the schema changes while the old code still runs.
    #[default]
    BeforeDeploy,
    /// The schema changes once the new code runs everywhere.
    AfterDeploy,
}

/// A migration layout, when it is not auto-detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    Flyway,
    GolangMigrate,
    Diesel,
    Sqlx,
    Dbmate,
    Prisma,
    Atlas,
    /// goose: `-- +goose Up` and `-- +goose Down` sections in one file.
    Goose,
    /// rubenv/sql-migrate: `-- +migrate Up` and `-- +migrate Down` sections in one file.
    SqlMigrate,
    /// Liquibase's formatted SQL: `--changeset author:id` blocks with `--rollback` lines.
    Liquibase,
    /// Directories of versions (`v1.0/`, `v1.1/`) with a `manifest.json` each, as temporal's
    /// schema tool reads them.
    Versioned,
    Plain,
    /// One file per version that holds the whole schema: an append-only script (the release is
    /// what the new version appends) or a dump (the release is the difference of the schemas).
    /// What `compat diff old.sql new.sql` uses.
    SchemaFile,
}

/// A directory of SQL migrations.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqlSet {
    pub name: Option<String>,
    /// The migration directory, relative to the repository root.
    pub path: String,
    #[serde(default)]
    pub dialect: Dialect,
    /// The server version, `"16"` or `"8.0.32"`: decides which operations lock or rewrite.
    /// PostgreSQL 16 and MySQL 8.4 when absent.
    pub version: Option<String>,
    pub layout: Option<Layout>,
    #[serde(default)]
    pub run: MigrationTiming,
    /// Whether the migration tool wraps each file in a transaction; when absent, what the layout's
    /// tool does (see `sql::layout::transaction_default`).
    pub transaction_per_file: Option<bool>,
    /// The lock_timeout the tool or the migration role sets for every migration session
    /// (`"5s"`), so that scripts need not set it themselves; `"0"` or absent when none.
    pub lock_timeout: Option<String>,
    /// Values of the placeholders the tool replaces before running a script: Flyway's
    /// `${name}` by name, or a literal marker (`{{ .Schema }}`) by its text.
    #[serde(default)]
    pub placeholders: BTreeMap<String, String>,
}

/// Schema-registry compatibility modes; they mean exactly what they mean in schema registries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The new schema reads data written with the old one.
    Backward,
    BackwardTransitive,
    /// The old schema reads data written with the new one.
    Forward,
    ForwardTransitive,
    /// Both: the default for payloads, since either side may deploy first.
    #[default]
    Full,
    FullTransitive,
}

impl Mode {
    /// The name compat.toml spells it with.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Backward => "backward",
            Mode::BackwardTransitive => "backward_transitive",
            Mode::Forward => "forward",
            Mode::ForwardTransitive => "forward_transitive",
            Mode::Full => "full",
            Mode::FullTransitive => "full_transitive",
        }
    }

    /// The mode that checks the same directions against the direct predecessor only.
    pub fn direct(self) -> Mode {
        match self {
            Mode::Backward | Mode::BackwardTransitive => Mode::Backward,
            Mode::Forward | Mode::ForwardTransitive => Mode::Forward,
            Mode::Full | Mode::FullTransitive => Mode::Full,
        }
    }

    /// Whether it checks every earlier version in the history, not only the direct predecessor.
    pub fn is_transitive(self) -> bool {
        self.direct() != self
    }
}

/// Job or message payloads described in JSON Schema.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSchemaSet {
    pub name: Option<String>,
    /// Files or globs.
    pub paths: Vec<String>,
    #[serde(default)]
    pub mode: Mode,
    /// How many earlier versions a transitive mode checks against.
    #[serde(default = "default_depth")]
    pub transitive_depth: usize,
    /// Directories of sample messages (captured jobs) to validate across versions.
    #[serde(default)]
    pub samples: Vec<String>,
}

fn default_depth() -> usize {
    10
}

/// Which protobuf encodings cross the version boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    Binary,
    Json,
    #[default]
    Both,
}

/// Protobuf payloads and gRPC services. There is no compatibility `mode`: every protobuf rule
/// names the windows it threatens (rollout: old readers of new messages; rollback: new readers
/// of old ones), and `[rules]` turns off or reclassifies what a release does not care about.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtoSet {
    pub name: Option<String>,
    /// Import roots; auto-detected from the import statements when empty.
    #[serde(default)]
    pub roots: Vec<String>,
    /// Files or globs; every `.proto` under the roots when empty.
    #[serde(default)]
    pub paths: Vec<String>,
    pub encoding: Option<Encoding>,
    /// Findings in `alpha`, `beta` and `test` packages (`acme.v1beta1`) are kept but suppressed,
    /// as buf's `ignore_unstable_packages`; when unset, buf.yaml decides.
    pub ignore_unstable_packages: Option<bool>,
}

/// OpenAPI documents.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenApiSet {
    pub name: Option<String>,
    pub paths: Vec<String>,
    /// Whether `deprecated: true` plus a past `x-sunset` makes a removal acceptable.
    #[serde(default = "yes")]
    pub honor_sunset: bool,
    /// Findings on operations marked `x-stability-level: draft`, `alpha` or `beta` are kept but
    /// suppressed, as oasdiff leaves such operations out; `false` makes them count.
    #[serde(default = "yes")]
    pub ignore_unstable_operations: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSection {
    /// The default `--base`.
    pub base: Option<String>,
    /// The default `--fail-on`.
    pub fail_on: Option<Spanned<String>>,
}

/// Trees that hold other people's code or fixtures, at any depth.
pub const DEFAULT_VENDORED: &[&str] = &[
    "**/vendor/**",
    "**/third_party/**",
    "**/node_modules/**",
    "**/testdata/**",
];

/// compat.toml as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default)]
    pub sql: Vec<SqlSet>,
    #[serde(default)]
    pub jsonschema: Vec<JsonSchemaSet>,
    #[serde(default)]
    pub proto: Vec<ProtoSet>,
    #[serde(default)]
    pub openapi: Vec<OpenApiSet>,
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Globs of paths that are never artifacts.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Globs of vendored and test-data trees: never artifacts of their own, but still read where
    /// an artifact imports from them. `None` means [`DEFAULT_VENDORED`]; paths marked
    /// `linguist-vendored` in `.gitattributes` are added either way.
    pub vendored: Option<Vec<String>>,
    /// Suppressions kept here rather than in the files: for generated specs and migrations,
    /// where an inline comment or key would be lost when the file is generated again.
    #[serde(default)]
    pub allow: Vec<Spanned<AllowEntry>>,
    #[serde(default)]
    pub check: CheckSection,
    /// A named set of `[rules]` settings (`confluent`); `[rules]` entries win over it.
    pub preset: Option<Spanned<String>>,
}

/// `[[allow]]`: one rule suppressed in the files a glob matches, optionally only on some lines
/// or under a JSON pointer, for a reason. The same suppressed state as an inline suppression.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowEntry {
    pub rule: Spanned<String>,
    /// A glob of paths, relative to compat.toml's directory.
    pub path: Spanned<String>,
    /// First and last line (1-based, inclusive) whose findings it covers.
    pub lines: Option<Spanned<(usize, usize)>>,
    /// A JSON pointer into a JSON or YAML file: the findings inside that value.
    pub pointer: Option<Spanned<String>>,
    /// Why the change is safe; an entry without one suppresses nothing and is reported.
    pub reason: Option<String>,
}

/// A loaded configuration: the file's content plus what was checked of it.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where it was read from; `None` for the built-in default.
    pub path: Option<PathBuf>,
    /// The file as written, for frames of findings about it (an `[[allow]]` that matches
    /// nothing).
    pub text: Option<Arc<str>>,
    pub file: ConfigFile,
    pub rules: BTreeMap<RuleId, RuleSetting>,
    pub fail_on: Option<FailOn>,
}

/// The class at which a run fails, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Class(Class),
    Never,
}

impl std::str::FromStr for FailOn {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "never" => Ok(FailOn::Never),
            other => other.parse::<Class>().map(FailOn::Class).map_err(|_| {
                format!("expected `breaking`, `tolerant`, `additive` or `never`, found `{s}`")
            }),
        }
    }
}

impl FailOn {
    pub fn threshold(self) -> Option<Class> {
        match self {
            FailOn::Class(class) => Some(class),
            FailOn::Never => None,
        }
    }
}

impl Config {
    /// Finds compat.toml in `dir` or the nearest parent that has one.
    pub fn discover(dir: &Path, catalog: &Catalog) -> Result<Config, Error> {
        for candidate in dir.ancestors() {
            let path = candidate.join(FILE_NAME);
            if path.is_file() {
                return Config::load(&path, catalog);
            }
        }
        Ok(Config::default())
    }

    pub fn load(path: &Path, catalog: &Catalog) -> Result<Config, Error> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(&display, &e))?;
        let mut config = Config::parse(&display, &text, catalog)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses and checks a configuration; `display` names the file in errors.
    pub fn parse(display: &str, text: &str, catalog: &Catalog) -> Result<Config, Error> {
        let text: Arc<str> = Arc::from(text);
        let frame =
            |span: std::ops::Range<usize>, message: String, label: &str, help: Option<String>| {
                Error::Config(Box::new(FileDiagnostic {
                    path: display.to_owned(),
                    text: Arc::clone(&text),
                    span,
                    message,
                    label: label.to_owned(),
                    help,
                }))
            };
        let file: ConfigFile = toml::from_str(&text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            frame(
                span,
                format!("invalid {FILE_NAME}: {}", e.message().trim_end()),
                "here",
                None,
            )
        })?;

        let mut rules = BTreeMap::new();
        for (id, setting) in &file.rules {
            let Some(rule) = catalog.get(id.get_ref()) else {
                let close = catalog.closest(id.get_ref());
                let help = (!close.is_empty()).then(|| format!("did you mean {}?", quoted(&close)));
                return Err(frame(
                    id.span(),
                    format!("unknown rule `{}`", id.get_ref()),
                    "not a rule id",
                    help,
                ));
            };
            let value = match setting.get_ref().as_str() {
                "off" => RuleSetting::Off,
                other => other
                    .parse::<Class>()
                    .map(RuleSetting::Class)
                    .map_err(|_| {
                        frame(
                            setting.span(),
                            format!("invalid setting `{other}` for rule `{}`", id.get_ref()),
                            "expected a class or `off`",
                            Some("use \"off\", \"additive\", \"tolerant\" or \"breaking\"".into()),
                        )
                    })?,
            };
            rules.insert(rule.id, value);
        }

        if let Some(preset) = &file.preset {
            let Some(settings) = super::preset::settings(preset.get_ref(), catalog) else {
                return Err(frame(
                    preset.span(),
                    format!("unknown preset `{}`", preset.get_ref()),
                    "not a preset",
                    Some(format!("the presets are {}", quoted(super::preset::NAMES))),
                ));
            };
            for (id, setting) in settings {
                rules.entry(id).or_insert(setting);
            }
        }

        let fail_on = match &file.check.fail_on {
            None => None,
            Some(value) => Some(value.get_ref().parse::<FailOn>().map_err(|message| {
                frame(
                    value.span(),
                    format!("invalid `fail_on`: {message}"),
                    "here",
                    None,
                )
            })?),
        };
        for (index, set) in file.sql.iter().enumerate() {
            if set.path.trim().is_empty() {
                return Err(frame(
                    0..0,
                    format!("[[sql]] number {} has an empty `path`", index + 1),
                    "here",
                    None,
                ));
            }
        }
        for pattern in file.ignore.iter().chain(all_globs(&file)) {
            if let Err(e) = globset::Glob::new(pattern) {
                let span = text
                    .find(pattern.as_str())
                    .map_or(0..0, |at| at..at + pattern.len());
                return Err(frame(
                    span,
                    format!("invalid glob `{pattern}`: {e}"),
                    "here",
                    None,
                ));
            }
        }
        for entry in &file.allow {
            let entry = entry.get_ref();
            if catalog.get(entry.rule.get_ref()).is_none() {
                let close = catalog.closest(entry.rule.get_ref());
                let help = (!close.is_empty()).then(|| format!("did you mean {}?", quoted(&close)));
                return Err(frame(
                    entry.rule.span(),
                    format!("unknown rule `{}` in [[allow]]", entry.rule.get_ref()),
                    "not a rule id",
                    help,
                ));
            }
            if let Err(e) = globset::Glob::new(entry.path.get_ref()) {
                return Err(frame(
                    entry.path.span(),
                    format!("invalid glob `{}`: {e}", entry.path.get_ref()),
                    "here",
                    None,
                ));
            }
            if let Some(lines) = &entry.lines {
                let (first, last) = *lines.get_ref();
                if first == 0 || last < first {
                    return Err(frame(
                        lines.span(),
                        "`lines` is [first, last], 1-based, with first <= last".to_owned(),
                        "here",
                        None,
                    ));
                }
            }
        }
        Ok(Config {
            path: None,
            text: Some(Arc::clone(&text)),
            file,
            rules,
            fail_on,
        })
    }

    /// The directory paths in the configuration are relative to.
    pub fn base_dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// Makes the paths of a compat.toml that lives in `dir` (relative to the compared root)
    /// relative to the root, as every tree reports paths.
    pub fn rebase(&mut self, dir: &str) {
        let dir = dir.trim_end_matches('/');
        if matches!(dir, "" | ".") {
            return;
        }
        let join = |path: &mut String| *path = format!("{dir}/{}", path.trim_start_matches("./"));
        let f = &mut self.file;
        f.sql.iter_mut().for_each(|set| join(&mut set.path));
        for set in &mut f.jsonschema {
            set.paths.iter_mut().chain(&mut set.samples).for_each(join);
        }
        for set in &mut f.proto {
            set.roots.iter_mut().chain(&mut set.paths).for_each(join);
        }
        f.openapi
            .iter_mut()
            .flat_map(|set| &mut set.paths)
            .for_each(join);
        f.ignore.iter_mut().for_each(join);
    }

    /// Whether the file declares any artifact set (else artifacts are auto-detected).
    pub fn declares_artifacts(&self) -> bool {
        let f = &self.file;
        !(f.sql.is_empty() && f.jsonschema.is_empty() && f.proto.is_empty() && f.openapi.is_empty())
    }
}

fn all_globs(file: &ConfigFile) -> impl Iterator<Item = &String> {
    file.jsonschema
        .iter()
        .flat_map(|s| &s.paths)
        .chain(file.proto.iter().flat_map(|s| &s.paths))
        .chain(file.openapi.iter().flat_map(|s| &s.paths))
}

fn quoted(ids: &[&str]) -> String {
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    fn parse(text: &str) -> Result<Config, Error> {
        Config::parse("compat.toml", text, catalog())
    }

    fn diagnostic(text: &str) -> FileDiagnostic {
        match parse(text) {
            Err(Error::Config(d)) => *d,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn a_full_configuration_parses() {
        let config = parse(
            r#"
            ignore = ["vendor/**"]
            [check]
            base = "origin/main"
            fail_on = "tolerant"
            [[sql]]
            path = "db/migrations"
            dialect = "postgres"
            version = "16"
            [[jsonschema]]
            paths = ["schemas/jobs/*.json"]
            mode = "backward_transitive"
            [rules]
            "core/unused-suppression" = "off"
            "core/suppression-without-reason" = "tolerant"
            "#,
        )
        .expect("valid config");
        assert_eq!(config.file.sql[0].dialect, Dialect::Postgres);
        assert_eq!(config.file.jsonschema[0].mode, Mode::BackwardTransitive);
        assert_eq!(config.file.jsonschema[0].transitive_depth, 10);
        assert_eq!(config.fail_on, Some(FailOn::Class(Class::Tolerant)));
        assert_eq!(
            config.rules[&RuleId::CoreUnusedSuppression],
            RuleSetting::Off
        );
        assert_eq!(
            config.rules[&RuleId::CoreSuppressionWithoutReason],
            RuleSetting::Class(Class::Tolerant)
        );
    }

    #[test]
    fn proto_sets_take_encodings_and_no_mode() {
        let config = parse("[[proto]]\nroots = [\"proto\"]\nencoding = \"json\"\n").expect("valid");
        assert_eq!(config.file.proto[0].encoding, Some(Encoding::Json));
        assert_eq!(config.file.proto[0].roots, ["proto"]);
        let text = "[[proto]]\nmode = \"backward\"\n";
        let d = diagnostic(text);
        assert_eq!(&text[d.span.clone()], "mode");
    }

    #[test]
    fn sql_transactions_default_to_the_layout() {
        let config = parse("[[sql]]\npath = \"db\"\nlayout = \"schema-file\"\n").expect("valid");
        assert_eq!(config.file.sql[0].transaction_per_file, None);
        assert_eq!(config.file.sql[0].layout, Some(Layout::SchemaFile));
        let config =
            parse("[[sql]]\npath = \"db\"\ntransaction_per_file = false\n").expect("valid");
        assert_eq!(config.file.sql[0].transaction_per_file, Some(false));
    }

    #[test]
    fn sql_lock_timeout_is_the_tools() {
        let config = parse("[[sql]]\npath = \"db\"\n").expect("valid");
        assert_eq!(config.file.sql[0].lock_timeout, None);
        let config = parse("[[sql]]\npath = \"db\"\nlock_timeout = \"5s\"\n").expect("valid");
        assert_eq!(config.file.sql[0].lock_timeout.as_deref(), Some("5s"));
        assert!(parse("[[sql]]\npath = \"db\"\nlock_timeout = 5\n").is_err());
    }

    #[test]
    fn a_config_in_a_subdirectory_is_rebased_onto_the_root() {
        let mut config = parse("ignore = [\"tmp/**\"]\n[[sql]]\npath = \"./db\"\n[[openapi]]\npaths = [\"api/*.yaml\"]\n").expect("valid");
        config.rebase("services/billing");
        assert_eq!(config.file.sql[0].path, "services/billing/db");
        assert_eq!(
            config.file.openapi[0].paths,
            ["services/billing/api/*.yaml"]
        );
        assert_eq!(config.file.ignore, ["services/billing/tmp/**"]);
    }

    #[test]
    fn unknown_keys_point_at_the_key() {
        let text = "[[sql]]\npath = \"db\"\ndialekt = \"mysql\"\n";
        let d = diagnostic(text);
        assert_eq!(&text[d.span.clone()], "dialekt");
        assert!(
            d.message.contains("unknown field `dialekt`"),
            "{}",
            d.message
        );
    }

    #[test]
    fn unknown_rules_suggest_the_closest_id() {
        let text = "[rules]\n\"core/unused-supression\" = \"off\"\n";
        let d = diagnostic(text);
        assert_eq!(&text[d.span.clone()], "\"core/unused-supression\"");
        assert_eq!(
            d.help.as_deref(),
            Some("did you mean `core/unused-suppression`?")
        );
    }

    #[test]
    fn a_preset_sets_rules_that_rules_entries_override() {
        let id = |name: &str| catalog().get(name).expect("rule").id;
        let config = parse("preset = \"confluent\"\n").expect("valid");
        assert_eq!(
            config.rules.get(&id("jsonschema/optional-property-added")),
            Some(&RuleSetting::Class(Class::Breaking))
        );
        let text =
            "preset = \"confluent\"\n[rules]\n\"jsonschema/optional-property-added\" = \"off\"\n";
        let config = parse(text).expect("valid");
        assert_eq!(
            config.rules.get(&id("jsonschema/optional-property-added")),
            Some(&RuleSetting::Off)
        );
        let text = "preset = \"confluence\"\n";
        let d = diagnostic(text);
        assert_eq!(&text[d.span.clone()], "\"confluence\"");
        assert_eq!(d.help.as_deref(), Some("the presets are `confluent`"));
    }

    #[test]
    fn bad_values_point_at_the_value() {
        let text = "[rules]\n\"core/unused-suppression\" = \"fatal\"\n";
        let d = diagnostic(text);
        assert_eq!(&text[d.span.clone()], "\"fatal\"");
        let text = "[[sql]]\npath = \"db\"\ndialect = \"oracle\"\n";
        let d = diagnostic(text);
        assert_eq!(&text[d.span.clone()], "\"oracle\"");
    }

    #[test]
    fn modes_name_themselves_as_compat_toml_does() {
        for mode in [
            Mode::Backward,
            Mode::BackwardTransitive,
            Mode::Forward,
            Mode::ForwardTransitive,
            Mode::Full,
            Mode::FullTransitive,
        ] {
            let parsed: JsonSchemaSet =
                toml::from_str(&format!("paths = []\nmode = \"{}\"", mode.name()))
                    .expect("the name parses");
            assert_eq!(parsed.mode, mode);
            assert_eq!(mode.is_transitive(), mode.name().ends_with("_transitive"));
            assert_eq!(
                mode.direct().name(),
                mode.name().trim_end_matches("_transitive")
            );
        }
    }
}
